"""Notes on the long title, Parts, Chapters, cross-headings and schedules: placed, carried to
later prints and checked exactly as notes on clauses are (one mechanism)."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from lxml import etree

from billdiff import compare, load
from billdiff.annotations import notes as n
from billdiff.annotations.anchor import AnchorStatus
from billdiff.annotations.review import Require, Review
from billdiff.comparison import Comparison, Status, UnitChange
from billdiff.render.html import render_html
from billdiff.view.changes import changes
from tests.conftest import PRINTS
from tests.htmlcheck import GENERATED, parse
from tests.test_compare_corpus import strip_ids

GROOMING = "cross-heading “Grooming” → “Grooming and other aggravating factors”"


@cache
def comparison(a: int, b: int) -> Comparison:
    return compare(load(PRINTS[a - 1]), load(PRINTS[b - 1]))


def heading(c: Comparison, label: str) -> UnitChange:
    return next(h for h in c.headings if h.label == label)


def note(target: dict[str, Any], text: str = "Why.") -> dict[str, Any]:
    return n.new_note(target, text, author="A. Lawyer")


def test_the_comparison_reports_the_long_title_and_every_container_as_a_heading() -> None:
    c = comparison(1, 2)
    assert c.long_title is c.headings[0] and c.long_title.status is Status.AMENDED
    assert len(c.headings) == 1 + len(c.containers)
    for k in c.containers:
        h = c.heading_of(k)
        assert (
            h is not None
            and (h.old is None) == (k.old is None)
            and (h.new is None) == (k.new is None)
        )
    assert heading(c, GROOMING).status is Status.AMENDED
    assert (
        heading(c, "cross-heading “Recording of ethnicity and nationality”").status is Status.ADDED
    )
    assert heading(comparison(2, 3), "Part 6 → 7").status is Status.RENUMBERED


def test_a_note_on_the_long_titles_change_is_on_that_change_and_explains_it() -> None:
    c = comparison(1, 2)
    title = c.long_title
    (change,) = changes(title)
    review = Review(c, [note(n.change_target(c, title, 1))])
    (p,) = review.notes
    assert p.attached and p.unit is title and p.changes == (change,)
    assert review.for_change(title, change) == (p,)
    assert title not in review.check().unexplained


def test_a_long_title_note_follows_the_bill_to_the_next_print() -> None:
    written = note(n.change_target(comparison(1, 2), comparison(1, 2).long_title, 1))
    later = comparison(2, 3)
    (p,) = Review(later, [written]).notes
    assert p.anchor.status is AnchorStatus.EXACT and p.unit is later.long_title
    assert (
        p.anchor.text
        == ", the recording of ethnicity and nationality in child sexual exploitation cases"
    )


def test_a_note_on_a_part_follows_it_when_it_is_renumbered() -> None:
    c = comparison(2, 3)
    part = heading(c, "Part 6 → 7")
    written = note(n.unit_target(comparison(1, 2), heading(comparison(1, 2), "Part 6")))
    (p,) = Review(c, [written]).notes
    assert p.anchor.status is AnchorStatus.MOVED and p.unit is part
    assert p.anchor.detail == "Part 6 is now Part 7"


def test_without_ids_a_heading_note_is_found_by_its_number_and_heading(tmp_path: Path) -> None:
    for k, p in enumerate(PRINTS[:2]):
        strip_ids(p, tmp_path / f"{k}.xml")
    c = compare(load(tmp_path / "0.xml"), load(tmp_path / "1.xml"))
    written = note(n.unit_target(c, heading(c, "Part 4")))
    (p,) = Review(comparison(1, 2), [written]).notes
    assert p.attached and p.unit is heading(comparison(1, 2), "Part 4")


def test_a_note_on_a_clause_never_lands_on_a_heading() -> None:
    c = comparison(1, 2)
    clause_1 = next(u for u in c.units if u.label == "clause 1")
    (p,) = Review(c, [note(n.unit_target(c, clause_1))]).notes
    assert p.unit is clause_1


def test_check_requires_notes_on_headings_by_the_same_policy() -> None:
    c = comparison(2, 3)
    required = {u.label for u in Review(c, []).check().required if u in c.headings}
    # substantive wording, added: yes; renumbered only: not under the default policy
    assert required == {
        "long title",
        "cross-heading “Sale and delivery of knives” → “Sale and delivery of knives and crossbows”",
        "Part 6",
    }
    assert "Part 6 → 7" in {u.label for u in Review(c, []).check(Require.ANY).required}
    explained = Review(c, [note(n.unit_target(c, heading(c, "Part 6")))]).check()
    assert "Part 6" not in {u.label for u in explained.unexplained}


def test_the_report_puts_heading_notes_beside_the_long_title_and_the_heading_lines() -> None:
    c = comparison(1, 2)
    notes = [
        note(n.change_target(c, c.long_title, 1), "Scope now covers ethnicity data."),
        note(n.unit_target(c, heading(c, GROOMING)), "Aggravating factors move here."),
    ]
    doc = parse(render_html(c, Review(c, notes), generated=GENERATED))
    (title_note,) = doc.xpath("//section[@id='long-title']//aside[contains(@class,'note')]")
    assert "Scope now covers ethnicity data." in etree.tostring(title_note, encoding=str)
    (marker,) = doc.xpath("//section[@id='long-title']//p[@class='excerpt']//sup[@class='noteref']")
    assert marker.xpath("string(.)").strip() == "[note 1]"
    (row,) = doc.xpath(
        "//section[@id='containers']//div[contains(@class,'container-change')][.//aside]"
    )
    assert "Grooming" in row.xpath("string(.//p[@class='container-line'])")
    assert "Aggravating factors move here." in row.xpath("string(.//aside)")
    endnotes = doc.xpath("//section[@id='endnotes']//li")
    assert len(endnotes) == 2


def test_notes_list_says_where_heading_notes_are(bd: Any, tmp_path: Path) -> None:
    path = tmp_path / "n.notes.json"
    assert bd("notes", "add", PRINTS[0], PRINTS[1], "--long-title", "--change", "1",
              "--text", "Scope.", "--notes", path)[0] == 0  # fmt: skip
    assert bd("notes", "add", PRINTS[0], PRINTS[1], "--clause", "Part 4", "--text", "Part.",
              "--notes", path)[0] == 0  # fmt: skip
    code, out, _ = bd("notes", "list", PRINTS[1], PRINTS[2], "--notes", path)
    assert code == 0
    lines = out.splitlines()
    assert any("exact      long title  (" in line for line in lines)
    assert any("exact      Part 4  (" in line for line in lines)
