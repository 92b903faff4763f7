"""A front end needs nothing but the review core and the view.

This small front end lists every change of every unit with its number and the
notes on it, using only :mod:`billdiff.view` and the review core, and must
agree with what ``diff`` and ``notes list`` print: the same labels, the same
change numbers, the notes on the same changes. Every sub-provision line keeps
its number, GUID and page:line for the front ends that need them.
"""

from __future__ import annotations

import json
import re
from functools import cache

import pytest

from billdiff import cli, compare, load
from billdiff.annotations.review import Review
from billdiff.annotations.store import NoteStore
from billdiff.comparison import Comparison
from billdiff.view import changes as numbering
from billdiff.view import units as describe
from tests.conftest import FIXTURES, PRINTS

NOTES = FIXTURES / "notes" / "1-to-2.notes.json"


@cache
def review(a: int, b: int) -> Review:
    c = compare(load(PRINTS[a - 1]), load(PRINTS[b - 1]))
    return Review(c, NoteStore.open(NOTES).notes)


def tiny_front_end(r: Review) -> dict[str, list[tuple[int, list[str]]]]:
    """Per changed unit label: each numbered change with the short ids of its notes."""
    out = {}
    for unit in r.comparison.changed_units():
        out[unit.label] = [
            (c.number, [p.short_id for p in r.for_change(unit, c)])
            for c in numbering.numbered(unit)
        ]
    return out


def _cli(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    cli.main(list(argv))
    return capsys.readouterr().out


@pytest.mark.parametrize(("a", "b"), [(1, 2), (2, 3)])
def test_the_front_end_numbers_changes_as_diff_prints_them(
    capsys: pytest.CaptureFixture[str], a: int, b: int
) -> None:
    r = review(a, b)
    mine = tiny_front_end(r)
    text = _cli(capsys, "diff", str(PRINTS[a - 1]), str(PRINTS[b - 1]), "--context", "-1")
    blocks = {block.split("  ", 1)[0]: block for block in text.split("\n\n")[1:]}
    for label, numbered in mine.items():
        shown = [int(n) for n in re.findall(r"#(\d+)", blocks[label])]
        assert shown == [n for n, _ in numbered], label
    data = json.loads(
        _cli(capsys, "diff", str(PRINTS[a - 1]), str(PRINTS[b - 1]), "--format", "json")
    )
    for record in data["units"]:
        if record["label"] in mine:
            numbers = [h["number"] for h in record["heading_hunks"] + record["hunks"]]
            assert [n for n in numbers if n is not None] == [n for n, _ in mine[record["label"]]]


def test_the_front_end_puts_notes_on_the_changes_notes_list_names(
    capsys: pytest.CaptureFixture[str],
) -> None:
    r = review(2, 3)
    listed = _cli(capsys, "notes", "list", str(PRINTS[1]), str(PRINTS[2]), "--notes", str(NOTES))
    on_changes = {
        (m.group(2), int(m.group(3))): m.group(1)
        for m in re.finditer(r"^(\w{8})  \w+ +\w+ +(.+?), change (\d+)  \(", listed, re.M)
    }
    assert on_changes, "the fixture notes put some notes on changes"
    mine = tiny_front_end(r)
    for (label, number), short in on_changes.items():
        unit = next(
            u for u in r.comparison.units if u.label == label or (u.new and u.new.label == label)
        )
        assert short in dict(mine[unit.label])[number], (label, number)


def test_every_line_keeps_its_sub_provision_number_guid_and_page_line() -> None:
    c: Comparison = review(1, 2).comparison
    (clause,) = [u for u in c.units if u.label == "clause 1"]
    version = clause.new
    assert version is not None and len(version.line_info) == len(version.lines)
    for info, line in zip(version.line_info, version.lines, strict=True):
        assert version.text[info.start : info.start + len(line)] == line
    first, second = version.line_info[:2]
    assert (first.number, first.kind.value, first.page, first.line) == ("(1)", "subsection", 1, 5)
    assert second.number == "(2)" and second.guid and second.guid.startswith("_")
    wrap = [i for i in version.line_info if i.wrap_up]
    assert wrap and all(i.page is None for i in wrap)
    assert version.line_at(first.start + 3) == first
    assert describe.status_text(clause) == "amended (substantive)"
