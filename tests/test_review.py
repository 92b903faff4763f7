"""The review core: which notes land on which unit and change, and what still needs a note."""

from __future__ import annotations

import copy
from functools import cache
from typing import Any

from billdiff import compare, load
from billdiff.annotations import notes as n
from billdiff.annotations.review import Require, Review, needs_note, written_on
from billdiff.annotations.store import NoteStore
from billdiff.comparison import Comparison, UnitChange
from billdiff.textdiff import HunkClass
from billdiff.view.changes import Field, changes
from tests.conftest import FIXTURES, PRINTS

FIXTURE_NOTES = FIXTURES / "notes" / "1-to-2.notes.json"


@cache
def comparison(a: int, b: int) -> Comparison:
    return compare(load(PRINTS[a - 1]), load(PRINTS[b - 1]))


@cache
def fixture_notes() -> tuple[dict[str, Any], ...]:
    return NoteStore.open(FIXTURE_NOTES).notes


def unit(c: Comparison, label: str) -> UnitChange:
    (found,) = [u for u in c.units if u.label == label]
    return found


def by_text(review: Review, text: str):  # type: ignore[no-untyped-def]
    (found,) = [p for p in review.notes if p.text == text]
    return found


def note_on(c: Comparison, target: dict[str, Any], text: str = "T.") -> dict[str, Any]:
    return n.new_note(target, text, "A. Lawyer", when="2026-12-01T10:00:00Z")


def test_a_change_note_lands_on_its_change_on_the_prints_it_was_written_on() -> None:
    c = comparison(1, 2)
    review = Review(c, fixture_notes())
    clause_12 = unit(c, "clause 12")
    (first,) = [ch for ch in changes(clause_12) if ch.number == 1]
    on_change = review.for_change(clause_12, first)
    assert [p.text for p in on_change] == [
        "Retail worker now covers security guards and any other role."
    ]
    assert on_change[0].written_here and on_change[0].anchor.status.value == "exact"


def test_a_whole_unit_note_is_on_the_unit_and_on_none_of_its_changes() -> None:
    c = comparison(1, 2)
    review = Review(c, fixture_notes())
    moved = unit(c, "clause 15 → 22")
    (p,) = review.on_whole_unit(moved)
    assert p.text == "Power to enter and search moved to Part 5 (Police powers)."
    assert p.changes == ()


def test_on_a_later_comparison_a_quote_note_is_on_the_changes_its_words_overlap() -> None:
    c = comparison(2, 3)
    review = Review(c, fixture_notes())
    p = by_text(review, "Seven years on indictment: check the tariff.")
    assert p.anchor.status.value == "fuzzy" and not p.written_here
    assert [(ch.field, ch.hunk.old, ch.hunk.new) for ch in p.changes] == [(Field.TEXT, "7", "10")]
    assert review.for_change(p.unit, p.changes[0]) == (p,)


def test_notes_are_in_reading_order_with_the_loose_ones_last() -> None:
    c = comparison(2, 3)
    review = Review(c, fixture_notes())
    statuses = [p.anchor.status.value for p in review.notes]
    assert statuses[-2:] == ["orphaned", "orphaned"]
    places = [c.units.index(p.unit) for p in review.attached]
    assert places == sorted(places)
    assert review.counts() == {"exact": 4, "moved": 7, "fuzzy": 2, "ambiguous": 0, "orphaned": 2}


def test_notes_written_on_another_pair_do_not_explain_this_pairs_changes() -> None:
    c = comparison(2, 3)
    review = Review(c, fixture_notes())
    clause = unit(c, "clause 17 → 19")  # note written on 1 → 2; Report changed it again
    assert review.for_unit(clause) and review.explaining(clause) == ()
    assert review.explaining(clause, earlier_notes=True) == review.for_unit(clause)
    result = review.check()
    assert clause in result.unexplained
    assert clause not in review.check(earlier_notes=True).unexplained


def test_check_on_the_pair_the_notes_were_written_on() -> None:
    c = comparison(1, 2)
    result = Review(c, fixture_notes()).check()
    # The example's notes explain every clause; the long title's change of scope and the
    # renamed and added cross-headings need notes too, and have none.
    assert result.loose == () and len(result.required) == 8 + 3
    assert [u.label for u in result.unexplained] == [
        "long title",
        "cross-heading “Grooming” → “Grooming and other aggravating factors”",
        "cross-heading “Recording of ethnicity and nationality”",
    ]


def test_a_resolved_orphan_is_listed_but_does_not_block() -> None:
    c = comparison(2, 3)
    notes = [
        n.with_status(note, n.NoteStatus.RESOLVED)
        if "dropped in committee" in n.body_text(note)
        else note
        for note in fixture_notes()
    ]
    result = Review(c, notes).check(Require.NONE)
    assert len(result.loose) == 2
    assert [p.text.startswith("Clause 11") for p in result.blocking] == [False]
    assert not result.ok  # the other orphan is still open
    assert Review(c, notes).check(Require.NONE).blocking[0].blocking


def test_needs_note_follows_the_policy() -> None:
    c = comparison(1, 2)
    xref_only = unit(c, "clause 4")
    renumbered = unit(c, "clause 6 → 7")
    added = unit(c, "clause 6")
    assert [needs_note(u) for u in (xref_only, renumbered, added)] == [False, False, True]
    assert needs_note(xref_only, Require.ANY)
    assert not needs_note(xref_only, Require.ANY, {HunkClass.XREF})
    assert not needs_note(added, Require.NONE)


def test_unexplained_changes_are_those_no_note_covers() -> None:
    c = comparison(1, 2)
    clause = unit(c, "clause 17 → 16")  # two renumbered references: changes 1 and 2
    assert [ch.number for ch in changes(clause)] == [1, 2]
    review = Review(c, [note_on(c, n.change_target(c, clause, 1))])
    assert [ch.number for ch in review.unexplained_changes(clause, Require.ANY)] == [2]
    assert review.unexplained_changes(clause) == ()  # neither is substantive
    whole = Review(c, [note_on(c, n.unit_target(c, clause))])
    assert whole.unexplained_changes(clause, Require.ANY) == ()


def test_a_note_on_a_heading_change_is_on_that_change() -> None:
    c = comparison(2, 3)
    clause = unit(c, "clause 19 → 21")
    target = n.change_target(c, clause, 1)
    assert target["change"]["field"] == "heading" and "refinedBy" not in target["selector"]
    review = Review(c, [note_on(c, target)])
    (p,) = review.notes
    assert [(ch.field, ch.number) for ch in p.changes] == [(Field.HEADING, 1)]
    assert p.anchor.status.value == "exact"


def test_written_on_reads_a_malformed_record_as_another_pair_without_failing() -> None:
    c = comparison(1, 2)
    note = copy.deepcopy(fixture_notes()[0])
    assert written_on(note, c)
    note["target"]["comparison"]["old"] = "introd-hc"
    assert not written_on(note, c)
    note["target"]["comparison"] = ["not", "a", "dict"]
    assert written_on(note, c)  # says nothing usable: treated as a note that does not say
    review = Review(c, [note])
    assert review.check().note_count == 1


def test_select_keeps_only_notes_with_that_status_and_tag() -> None:
    c = comparison(1, 2)
    notes = list(fixture_notes())
    notes[0] = n.with_status(notes[0], n.NoteStatus.RESOLVED)
    review = Review(c, notes)
    assert len(review.select(status="resolved").notes) == 1
    assert len(review.select(tag="committee").notes) == len(notes)
    assert review.select(tag="nothing").notes == ()
