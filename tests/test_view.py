"""The one view of a change every renderer uses: names, numbers, facts, counts."""

from __future__ import annotations

import dataclasses
from functools import cache

import pytest

from billdiff import compare, load
from billdiff.comparison import Comparison, PrintInfo, Status, UnitChange
from billdiff.textdiff import HunkClass
from billdiff.view import changes as numbering
from billdiff.view import units as describe
from billdiff.view.redline import excerpts
from billdiff.view.summary import summarise
from billdiff.view.words import clip, count, print_name, title, where
from tests.conftest import PRINTS, corpus_file


@cache
def fixtures(a: int, b: int) -> Comparison:
    return compare(load(PRINTS[a - 1]), load(PRINTS[b - 1]))


def unit(c: Comparison, label: str) -> UnitChange:
    (found,) = [u for u in c.units if u.label == label]
    return found


# -- words ----------------------------------------------------------------------------------


def test_count_uses_the_singular_for_one_and_a_given_plural() -> None:
    assert [count(1, "note"), count(0, "note"), count(2, "reply", "replies")] == [
        "1 note",
        "0 notes",
        "2 replies",
    ]


def test_clip_keeps_short_text_and_cuts_long_text_at_a_word() -> None:
    assert clip("short  text", 20) == "short text"
    assert clip("the court considers it just and convenient", 25) == "the court considers it…"


def test_a_print_is_named_by_its_stage_and_bill_number() -> None:
    c = fixtures(1, 2)
    assert print_name(c.old) == "As Introduced (Bill 166)"
    assert print_name(c.new) == "As amended in Public Bill Committee (Bill 235)"


def test_a_print_without_stage_or_number_falls_back_to_its_version_then_title() -> None:
    bare = PrintInfo("Some Act", None, None, None, None, None, None, None, "clml", None, None)
    assert print_name(bare) == "Some Act"
    assert print_name(dataclasses.replace(bare, version="2024-11-01")) == "2024-11-01"


def test_page_and_line_say_which_print_and_show_both_when_both_are_known() -> None:
    c = fixtures(1, 2)
    assert where(unit(c, "clause 12")) == "old p6:25, new p6:28"
    assert where(unit(c, "clause 6")) == "new p4:3"  # added
    assert where(unit(c, "clause 11")) == "old p6:15"  # removed


def test_a_schedule_paragraph_without_heading_is_titled_by_its_first_words() -> None:
    u = unit(fixtures(1, 2), "Schedule 1 paragraph 3")
    assert u.side.heading is None
    assert title(u.side).startswith("An appeal")


# -- numbered changes -----------------------------------------------------------------------


def test_heading_changes_are_numbered_before_the_text_changes() -> None:
    u = unit(fixtures(2, 3), "clause 19 → 21")
    found = numbering.changes(u)
    assert (found[0].number, found[0].field, found[0].hunk.new) == (
        1,
        numbering.Field.HEADING,
        "Offences relating to child",
    )
    assert [c.number for c in found[1:]] == list(range(2, len(found) + 1))
    assert all(c.field is numbering.Field.TEXT for c in found[1:])


def test_a_change_of_spacing_only_is_shown_but_not_numbered() -> None:
    u = unit(fixtures(1, 2), "clause 9 → 10")
    (change,) = numbering.changes(u)
    assert (change.number, change.hunk.old, change.hunk.new) == (None, "\u2007", " ")
    assert numbering.numbered(u) == ()


def test_the_redline_carries_each_changes_number() -> None:
    u = unit(fixtures(1, 2), "clause 17 → 16")
    numbers = numbering.numbers(numbering.changes(u), numbering.Field.TEXT)
    assert u.text_diff is not None
    pieces = [p for e in excerpts(u.text_diff, 12, numbers) for p in e.pieces if p.op != "equal"]
    assert [(p.number, p.old, p.new) for p in pieces] == [(1, "16", "15"), (2, "16", "15")]


def test_no_context_shows_only_the_changes() -> None:
    u = unit(fixtures(1, 2), "clause 1")
    assert u.text_diff is not None
    (excerpt,) = excerpts(u.text_diff, 0)
    assert [p.op for p in excerpt.pieces if p.old.strip() or p.new.strip()] == ["replace"]
    assert excerpt.cut_before and excerpt.cut_after


# -- what is said about a unit --------------------------------------------------------------


def test_status_text_lists_the_classes_most_significant_first() -> None:
    u = unit(fixtures(2, 3), "clause 15 → 17")
    assert describe.status_text(u) == "renumbered (substantive, xref)"


def test_a_moved_unit_says_from_which_part_to_which() -> None:
    u = unit(fixtures(1, 2), "clause 15 → 22")
    assert u.status is Status.MOVED
    assert describe.facts(u) == ["moved from Part 3 Retail crime to Part 5 Police powers"]


# -- summary --------------------------------------------------------------------------------


def test_summary_counts_units_by_status_and_by_class_of_change() -> None:
    s = summarise(fixtures(1, 2))
    assert (s.units, s.changed) == (46, 29)
    assert {k: v for k, v in s.statuses.items() if v} == {
        "added": 2,
        "removed": 1,
        "moved": 1,
        "renumbered": 19,
        "amended": 6,
    }
    assert (s.classes["substantive"], s.classes["xref"], s.classes["typographic"]) == (4, 9, 1)
    assert s.line().startswith("29 of 46 units changed: 2 added, 1 removed, 1 moved")


def test_summary_counts_a_renumbered_unit_with_substantive_edits_as_substantive() -> None:
    c = fixtures(1, 2)
    u = unit(c, "clause 20 → 19")
    assert u.status is Status.RENUMBERED and HunkClass.SUBSTANTIVE in u.hunk_classes
    # clauses 1 and 12, Schedule 1 paragraph 3 (amended) and 20 → 19 (renumbered)
    assert summarise(c).classes["substantive"] == 4


def test_ignored_classes_are_not_counted() -> None:
    s = summarise(fixtures(1, 2), {HunkClass.XREF})
    assert s.classes["xref"] == 0 and s.ignored == ("xref",)
    # Clause 4 and Schedule 2 paragraphs 1 and 8 only had a reference renumbered (CHANGES.md).
    assert s.changed == 29 - 3


@pytest.fixture(scope="module")
def dpdi() -> Comparison:
    return compare(
        load(corpus_file("uk-akn/dpdi-bill-1-hc-introduced.xml")),
        load(corpus_file("uk-akn/dpdi-bill-2-hc-committee.xml")),
    )


def test_dpdi_summary_counts_every_unit_with_substantive_changes(dpdi: Comparison) -> None:
    with_substantive = [u for u in dpdi.units if HunkClass.SUBSTANTIVE in u.hunk_classes]
    assert len(with_substantive) == summarise(dpdi).classes["substantive"]
    renumbered = [u for u in with_substantive if u.status is Status.RENUMBERED]
    assert renumbered, "DPDI 1 → 2 has renumbered clauses with substantive edits"
    assert summarise(dpdi).classes["substantive"] > summarise(dpdi).statuses["amended"]


def test_a_unit_is_grouped_under_its_part_or_its_schedule_and_part() -> None:
    c = fixtures(1, 2)
    assert describe.group(unit(c, "clause 1").side) == "Part 1 Anti-social behaviour"
    schedule = next(u for u in c.units if u.side.schedule == "2")
    assert describe.group(schedule.side).startswith("Schedule 2 — Part 1 ")


def test_a_print_field_shows_a_file_by_its_name_and_nothing_as_a_dash() -> None:
    from billdiff.view.words import PRINT_FIELDS, print_field

    info = dataclasses.replace(fixtures(1, 2).old, source_path="C:\\bills\\old.xml", house=None)
    assert print_field(info, "source_path") == "old.xml"
    assert print_field(info, "house") == "—"
    assert [name for _, name in PRINT_FIELDS][-1] == "sha256"
