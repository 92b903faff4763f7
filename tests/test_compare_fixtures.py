"""The compare engine against the Crime and Policing fixtures' written ground truth.

``fixtures/crime-and-policing/CHANGES.md`` lists, for each transition, every
unit whose number, place or words change, and every container that changes;
anything not listed must come out unchanged. These tests read those tables
and check the engine point by point.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest

from billdiff import compare, load
from billdiff.comparison import Comparison, ContainerStatus, Status, UnitChange
from billdiff.textdiff import HunkClass
from tests.conftest import FIXTURES, PRINTS


@dataclass(frozen=True)
class Row:
    kind: str
    old: str | None
    new: str | None
    status: str
    text: str


def _cell(value: str) -> str | None:
    value = value.strip()
    return None if value in ("—", "") else value


def ground_truth(transition: str) -> tuple[list[Row], list[list[str]]]:
    """The two tables under ``## {transition}`` in CHANGES.md: units and containers."""
    text = (FIXTURES / "CHANGES.md").read_text(encoding="utf-8")
    section = text.split(f"## {transition}\n", 1)[1].split("\n## ", 1)[0]
    tables: list[list[list[str]]] = []
    current: list[list[str]] = []
    for line in section.splitlines():
        if line.startswith("|"):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if not set("".join(cells)) <= set("-: "):
                current.append(cells)
        elif current:
            tables.append(current)
            current = []
    if current:
        tables.append(current)
    units, containers = tables
    rows = [Row(r[0], _cell(r[1]), _cell(r[2]), r[3], r[4]) for r in units[1:]]
    return rows, containers[1:]


def _ref(u: UnitChange, side: str) -> str | None:
    version = u.old if side == "old" else u.new
    if version is None:
        return None
    if version.kind.value == "schedule-paragraph":
        return f"{version.schedule}/{version.number}"
    return version.number


def _by_refs(c: Comparison) -> dict[tuple[str | None, str | None], UnitChange]:
    return {(_ref(u, "old"), _ref(u, "new")): u for u in c.units}


TRANSITIONS = {"1 → 2": (0, 1), "2 → 3": (1, 2)}


@pytest.fixture(scope="module", params=list(TRANSITIONS))
def case(request: pytest.FixtureRequest) -> tuple[str, Comparison]:
    i, j = TRANSITIONS[request.param]
    return request.param, compare(load(PRINTS[i]), load(PRINTS[j]))


def _unit_rows(transition: str) -> list[Row]:
    # Schedule rows describe the schedule's "Section N" reference note, an authorial
    # note that billdiff deliberately leaves out of the text (it is editorial and
    # follows the renumbering automatically), so they have no unit to check.
    return [r for r in ground_truth(transition)[0] if r.kind != "schedule"]


def test_every_listed_unit_has_the_listed_status(case: tuple[str, Comparison]) -> None:
    transition, c = case
    units = _by_refs(c)
    for row in _unit_rows(transition):
        u = units.get((row.old, row.new))
        assert u is not None, f"{transition}: no unit {row.old} → {row.new}"
        assert u.status.value == row.status, f"{transition}: {row}"


def test_every_listed_text_change_has_the_listed_class(case: tuple[str, Comparison]) -> None:
    transition, c = case
    units = _by_refs(c)
    for row in _unit_rows(transition):
        if row.status in ("added", "removed"):
            continue
        u = units[(row.old, row.new)]
        classes = u.hunk_classes
        if row.text == "none":
            assert not classes, f"{transition}: {row} but got {classes}"
        elif row.text == "substantive":
            assert HunkClass.SUBSTANTIVE in classes, f"{transition}: {row} but got {classes}"
        else:
            assert classes == {HunkClass(row.text)}, f"{transition}: {row} but got {classes}"


def test_units_not_listed_are_unchanged(case: tuple[str, Comparison]) -> None:
    transition, c = case
    listed = {(r.old, r.new) for r in _unit_rows(transition)}
    for key, u in _by_refs(c).items():
        if key not in listed:
            assert u.status is Status.UNCHANGED and not u.hunk_classes, f"{transition}: {u.label}"


def test_container_changes_match(case: tuple[str, Comparison]) -> None:
    transition, c = case
    expected = set()
    for kind, old, new, status, _ in ground_truth(transition)[1]:
        expected.add((kind, _container_name(_cell(old)), _container_name(_cell(new)), status))
    got = set()
    for k in c.containers:
        if k.status is ContainerStatus.UNCHANGED:
            continue
        side = k.new or k.old
        assert side is not None
        got.add(
            (
                side.kind.value,
                _container_name(_label(k.old)) if k.old else None,
                _container_name(_label(k.new)) if k.new else None,
                k.status.value,
            )
        )
    assert got == expected


def _label(v: object) -> str:
    kind = v.kind.value  # type: ignore[attr-defined]
    if kind == "crossheading":
        return v.heading  # type: ignore[attr-defined]
    return f"{kind.capitalize()} {v.number} {v.heading}"  # type: ignore[attr-defined]


def _container_name(value: str | None) -> str | None:
    return re.sub(r"\s+", " ", value).strip() if value else None


def test_identical_print_has_no_changes() -> None:
    bill = load(PRINTS[1])
    c = compare(bill, bill)
    assert not c.has_changes()
    assert {u.status for u in c.units} == {Status.UNCHANGED}


def test_xref_only_clause_names_the_renumbered_reference() -> None:
    c = compare(load(PRINTS[0]), load(PRINTS[1]))
    u = _by_refs(c)[("4", "4")]
    assert u.text_diff is not None
    assert [(h.old, h.new, h.cls) for h in u.text_diff.hunks] == [("6", "7", HunkClass.XREF)]


def test_replacement_is_one_hunk_with_positions_in_both_texts() -> None:
    c = compare(load(PRINTS[0]), load(PRINTS[1]))
    u = _by_refs(c)[("20", "19")]
    assert u.text_diff is not None
    for h in u.text_diff.hunks:
        assert u.text_diff.old[h.old_start : h.old_end] == h.old
        assert u.text_diff.new[h.new_start : h.new_end] == h.new
    assert any(h.op.value == "replace" and "supply" in h.new for h in u.text_diff.hunks)


def test_added_subsection_shows_as_an_insertion_with_its_number() -> None:
    c = compare(load(PRINTS[1]), load(PRINTS[2]))
    u = _by_refs(c)[("15", "17")]
    assert u.text_diff is not None
    inserted = [h.new for h in u.text_diff.hunks if h.op.value == "insert"]
    assert any(text.lstrip(". ").startswith("(6)") for text in inserted)


def test_moved_clause_reports_both_parts() -> None:
    c = compare(load(PRINTS[0]), load(PRINTS[1]))
    (u,) = [u for u in c.units if u.status is Status.MOVED]
    assert u.old is not None and u.new is not None
    assert (u.old.number, u.new.number) == ("15", "22")
    assert u.old.part == "Part 3 Retail crime"
    assert u.new.part == "Part 5 Police powers"
    assert "part" in u.movement


def test_subsections_added_are_named_as_structure_changes() -> None:
    c = compare(load(PRINTS[1]), load(PRINTS[2]))
    units = _by_refs(c)
    assert units[("15", "17")].structure == ("subsection (6) added",)
    # Extent gains a subsection in the middle: the old (4) became (5), by GUID.
    assert units[("28", "32")].structure == ("subsection (4) added",)
    assert units[("3", "3")].structure == ()
