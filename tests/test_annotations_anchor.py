"""Specification of notes on a comparison: what a note targets, and where it lands later.

The Crime and Policing fixture notes (``fixtures/crime-and-policing/notes``)
were written on prints 1 → 2; ``EXPECTED.md`` there says where each must land on
1 → 2 and on 2 → 3, and these tests hold the code to it. The real Social
Housing (Regulation) Bill prints check the same on a bill nobody wrote for us.
"""

from __future__ import annotations

import copy
import json
import re
import subprocess
from dataclasses import dataclass
from typing import Any

import pytest

from billdiff import compare, load
from billdiff.annotations import notes as n
from billdiff.annotations.anchor import (
    FUZZY_THRESHOLD,
    AnchorStatus,
    reanchor,
    retarget,
)
from billdiff.annotations.notes import Side
from billdiff.comparison import Comparison, Status, UnitChange
from billdiff.errors import UsageError
from billdiff.model import Bill, Kind, Provision
from billdiff.textdiff import Op
from tests.conftest import FIXTURES, PRINTS, corpus_file

NOTES_DIR = FIXTURES / "notes"
SOCIAL_HOUSING = (
    "uk-akn/social-housing-bill-1-hl-committee.xml",
    "uk-akn/social-housing-bill-2-hl-report.xml",
    "uk-akn/social-housing-bill-3-hc-brought-from-lords.xml",
    "uk-akn/social-housing-bill-4-hc-pbc.xml",
)

# --- the fixture table ----------------------------------------------------------------------


@dataclass(frozen=True)
class Expected:
    text: str
    on_1_2: str
    on_2_3: str


def expected_rows() -> list[Expected]:
    """The rows of the table in EXPECTED.md."""
    rows = []
    for line in (NOTES_DIR / "EXPECTED.md").read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if (
            line.startswith("|")
            and len(cells) == 4
            and cells[1] in AnchorStatus.__members__.values()
        ):
            rows.append(Expected(cells[0], cells[1], cells[2]))
    return rows


EXPECTED = expected_rows()


@pytest.fixture(scope="module")
def prints() -> tuple[Any, Any, Any]:
    """The three Crime and Policing prints."""
    return tuple(load(p) for p in PRINTS)  # type: ignore[return-value]


@pytest.fixture(scope="module")
def c12(prints: tuple[Any, Any, Any]) -> Comparison:
    """Crime and Policing 1 → 2 (Public Bill Committee)."""
    return compare(prints[0], prints[1])


@pytest.fixture(scope="module")
def c23(prints: tuple[Any, Any, Any]) -> Comparison:
    """Crime and Policing 2 → 3 (Report, as brought from the Commons)."""
    return compare(prints[1], prints[2])


@pytest.fixture(scope="module")
def c13(prints: tuple[Any, Any, Any]) -> Comparison:
    """Crime and Policing 1 → 3: print 2 is neither side."""
    return compare(prints[0], prints[2])


@pytest.fixture(scope="module")
def c22(prints: tuple[Any, Any, Any]) -> Comparison:
    """Print 2 against itself: reading print 2 alone."""
    return compare(prints[1], prints[1])


@pytest.fixture(scope="module")
def c11(prints: tuple[Any, Any, Any]) -> Comparison:
    """Print 1 against itself: reading print 1 alone."""
    return compare(prints[0], prints[0])


@pytest.fixture(scope="module")
def fixture_notes() -> dict[str, dict[str, Any]]:
    """The fixture notes by their text."""
    data = json.loads((NOTES_DIR / "1-to-2.notes.json").read_text(encoding="utf-8"))
    return {n.body_text(note): note for note in data["notes"]}


@pytest.fixture(scope="module")
def housing() -> list[Any]:
    """The four Social Housing (Regulation) Bill prints (skipped without the corpus)."""
    return [load(corpus_file(name)) for name in SOCIAL_HOUSING]


def unit(comparison: Comparison, ref: str, side: str = "new") -> UnitChange:
    """The unit whose ``side`` reference is ``ref``."""
    found = [
        u
        for u in comparison.units
        if (v := (u.new if side == "new" else u.old)) is not None and v.ref == ref
    ]
    assert len(found) == 1, f"{side}:{ref} -> {[u.label for u in found]}"
    return found[0]


def note_on(target: dict[str, Any], text: str = "A note.") -> dict[str, Any]:
    """A note on ``target``."""
    return n.new_note(target, text, author="A. Lawyer")


# --- the fixture notes ----------------------------------------------------------------------


def test_fixture_has_at_least_eight_notes_and_the_table_names_each_once(
    fixture_notes: dict[str, dict[str, Any]],
) -> None:
    assert len(fixture_notes) >= 8
    assert sorted(fixture_notes) == sorted(row.text for row in EXPECTED)


def test_fixture_table_covers_exact_moved_fuzzy_and_orphaned_on_2_to_3() -> None:
    assert {row.on_2_3 for row in EXPECTED} >= {"exact", "moved", "fuzzy", "orphaned"}


@pytest.mark.parametrize("row", EXPECTED, ids=[row.text[:40] for row in EXPECTED])
def test_fixture_note_lands_as_expected_on_1_to_2(
    row: Expected, fixture_notes: dict[str, dict[str, Any]], c12: Comparison
) -> None:
    assert reanchor(fixture_notes[row.text], c12).status == row.on_1_2


@pytest.mark.parametrize("row", EXPECTED, ids=[row.text[:40] for row in EXPECTED])
def test_fixture_note_lands_as_expected_on_2_to_3(
    row: Expected, fixture_notes: dict[str, dict[str, Any]], c23: Comparison
) -> None:
    anchor = reanchor(fixture_notes[row.text], c23)
    assert (anchor.status, anchor.detail) == (row.on_2_3, anchor.detail)


def test_fuzzy_fixture_note_sits_on_the_edited_words(
    fixture_notes: dict[str, dict[str, Any]], c23: Comparison
) -> None:
    anchor = reanchor(fixture_notes["Seven years on indictment: check the tariff."], c23)
    assert (anchor.where, anchor.text) == ("clause 19", "not exceeding 10 years")
    assert FUZZY_THRESHOLD <= anchor.score < 1


def test_orphaned_fixture_note_still_names_the_unit_it_was_on(
    fixture_notes: dict[str, dict[str, Any]], c23: Comparison
) -> None:
    text = "Publication is only a power here, with no duty and no timetable."
    anchor = reanchor(fixture_notes[text], c23)
    assert anchor.unit is not None and anchor.unit.label == "clause 21 → 23"
    assert (anchor.start, anchor.end, anchor.text) == (None, None, None)
    assert "rewritten" in anchor.detail


# --- what a note targets ------------------------------------------------------------------


def test_whole_unit_note_names_the_print_and_the_unit(c12: Comparison) -> None:
    target = n.unit_target(c12, unit(c12, "21"))
    assert target["source"] == {
        "project": "UK000712",
        "version": "public-committee-hc",
        "stage": "As amended in Public Bill Committee",
        "sha256": c12.new.sha256,
        "side": "new",
    }
    selector = target["selector"]
    assert selector["type"] == "FragmentSelector"
    assert selector["conformsTo"] == "billdiff:unit"
    assert (selector["value"], selector["kind"], selector["number"]) == ("sec_21", "clause", "21")
    assert selector["guid"] == unit(c12, "21").new.guid
    assert selector["heading"].startswith("Recording of ethnicity")
    assert "refinedBy" not in selector and "change" not in target


def test_change_note_quotes_the_changes_new_words_and_records_the_change(
    c12: Comparison,
) -> None:
    target = n.change_target(c12, unit(c12, "1"), 1)
    quote, position = target["selector"]["refinedBy"]
    new_words = "necessary and proportionate"
    assert quote["type"] == "TextQuoteSelector" and quote["exact"] == new_words
    text = unit(c12, "1").new.text
    assert text[position["start"] : position["end"]] == new_words
    assert target["change"] == {
        "field": "text",
        "index": 0,
        "number": 1,
        "op": "replace",
        "old": "just and convenient",
        "new": new_words,
        "class": "substantive",
    }


def test_quote_context_is_up_to_32_characters_either_side(c12: Comparison) -> None:
    target = n.quote_target(c12, unit(c12, "17"), "not exceeding 7 years")
    quote, position = target["selector"]["refinedBy"]
    text = unit(c12, "17").new.text
    assert quote["prefix"] == text[position["start"] - 32 : position["start"]]
    assert quote["suffix"] == text[position["end"] : position["end"] + 32]


def test_quote_at_the_start_of_a_unit_has_a_short_prefix(c12: Comparison) -> None:
    target = n.quote_target(c12, unit(c12, "17"), "(1) A person commits")
    assert target["selector"]["refinedBy"][0]["prefix"] == ""


def test_change_number_outside_the_units_changes_is_refused_without_naming_a_flag(
    c12: Comparison,
) -> None:
    with pytest.raises(
        n.NoSuchChange, match="clause 1 has 1 numbered change; there is no change 2"
    ) as e:
        n.change_target(c12, unit(c12, "1"), 2)
    assert (e.value.count, e.value.number) == (1, 2)
    assert "--" not in str(e.value)


def test_change_note_on_an_unchanged_unit_is_refused(c12: Comparison) -> None:
    with pytest.raises(n.NoChanges, match="clause 14 has no changes to attach a note to"):
        n.change_target(c12, unit(c12, "14"), 1)


def test_quote_found_twice_is_refused_with_the_places_unless_an_occurrence_is_given(
    c12: Comparison,
) -> None:
    with pytest.raises(n.AmbiguousQuote, match="occurs 2 times in clause 18 → 17") as e:
        n.quote_target(c12, unit(c12, "17"), "imprisonment for a term not exceeding")
    assert len(e.value.places) == 2 and "--" not in str(e.value)


def test_occurrence_picks_the_kth_place_of_a_repeated_quote(c12: Comparison) -> None:
    words = "imprisonment for a term not exceeding"
    text = unit(c12, "17").new.text
    target = n.quote_target(c12, unit(c12, "17"), words, occurrence=2)
    assert target["selector"]["refinedBy"][1]["start"] == text.index(words, text.index(words) + 1)


def test_occurrence_beyond_the_places_is_refused(c12: Comparison) -> None:
    with pytest.raises(n.NoSuchOccurrence, match=r"occurs 2 times in .*there is no occurrence 3"):
        n.quote_target(c12, unit(c12, "17"), "imprisonment for a term", occurrence=3)


def test_quote_not_in_the_unit_is_refused(c12: Comparison) -> None:
    with pytest.raises(UsageError, match="is not in the text of clause 18 → 17"):
        n.quote_target(c12, unit(c12, "17"), "Secretary of State may by regulations")


def test_quote_typed_with_straight_quotes_keeps_the_printed_curly_ones(c12: Comparison) -> None:
    target = n.quote_target(c12, unit(c12, "15"), 'a person ("R")')
    assert target["selector"]["refinedBy"][0]["exact"] == "a person (“R”)"


def test_quote_of_deleted_words_is_taken_from_the_old_print(c12: Comparison) -> None:
    target = n.quote_target(c12, unit(c12, "1"), "just and convenient")
    assert target["source"]["side"] == "old"
    assert target["source"]["version"] == "introd-hc"


def test_note_on_a_removed_unit_is_on_the_old_print(c12: Comparison) -> None:
    target = n.unit_target(c12, unit(c12, "11", side="old"))
    assert (target["source"]["side"], target["source"]["version"]) == ("old", "introd-hc")


def test_note_on_a_pure_deletion_quotes_the_deleted_words_on_the_old_side(
    housing: list[Any],
) -> None:
    comparison = compare(housing[0], housing[1])
    clause = unit(comparison, "15")
    number = next(i for i, h in enumerate(clause.text_diff.hunks, 1) if h.op is Op.DELETE)
    hunk = clause.text_diff.hunks[number - 1]
    target = n.change_target(comparison, clause, number)
    assert target["source"]["side"] == "old"
    assert target["selector"]["refinedBy"][0]["exact"] == hunk.old
    assert target["change"]["op"] == "delete"


def test_new_note_is_a_w3c_annotation_with_a_urn_uuid_and_utc_times(c12: Comparison) -> None:
    note = n.new_note(n.unit_target(c12, unit(c12, "1")), "Text.", "A. Lawyer", ["x", "x", "y"])
    assert note["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert note["type"] == "Annotation"
    assert re.fullmatch(r"urn:uuid:[0-9a-f-]{36}", note["id"])
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", note["created"])
    assert note["modified"] == note["created"]
    assert note["body"] == {
        "type": "TextualBody",
        "format": "text/markdown",
        "purpose": "commenting",
        "value": "Text.",
    }
    assert (note["status"], note["tags"], note["replies"]) == ("open", ["x", "y"], [])
    assert note["creator"] == {"type": "Person", "name": "A. Lawyer"}


def test_blank_note_text_is_refused(c12: Comparison) -> None:
    with pytest.raises(UsageError, match="empty"):
        n.new_note(n.unit_target(c12, unit(c12, "1")), " \n ", "A. Lawyer")


def test_author_given_explicitly_beats_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BILLDIFF_AUTHOR", "From Env")
    assert n.resolve_author("Given") == "Given"


def test_author_comes_from_billdiff_author_before_git(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BILLDIFF_AUTHOR", "From Env")
    monkeypatch.setattr(n.subprocess, "run", _fail)
    assert n.resolve_author(None) == "From Env"


def test_author_comes_from_git_user_name_without_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("BILLDIFF_AUTHOR", raising=False)
    done = subprocess.CompletedProcess(["git"], 0, stdout="Git Name\n", stderr="")
    monkeypatch.setattr(n.subprocess, "run", lambda *a, **k: done)
    assert n.resolve_author(None) == "Git Name"


def test_author_falls_back_to_the_login_name_without_git(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BILLDIFF_AUTHOR", raising=False)

    def no_git(*args: Any, **kwargs: Any) -> Any:
        raise FileNotFoundError("git")

    monkeypatch.setattr(n.subprocess, "run", no_git)
    monkeypatch.setattr(n.getpass, "getuser", lambda: "login-name")
    assert n.resolve_author(None) == "login-name"


def _fail(*args: Any, **kwargs: Any) -> Any:
    raise AssertionError("git should not be asked")


# --- which print, which unit --------------------------------------------------------------


def test_note_made_on_a_renumbered_clause_is_exact_on_its_own_comparison(
    c12: Comparison,
) -> None:
    anchor = reanchor(note_on(n.unit_target(c12, unit(c12, "17"))), c12)
    assert (anchor.status, anchor.side, anchor.where) == (AnchorStatus.EXACT, Side.NEW, "clause 17")


def test_note_on_a_removed_unit_is_exact_on_the_old_side_of_its_own_comparison(
    c12: Comparison,
) -> None:
    anchor = reanchor(note_on(n.unit_target(c12, unit(c12, "11", side="old"))), c12)
    assert (anchor.status, anchor.side, anchor.where) == (
        AnchorStatus.EXACT,
        Side.OLD,
        "clause 11 (removed)",
    )


def test_note_made_on_2_to_3_is_found_on_the_same_side_of_2_to_3(c23: Comparison) -> None:
    note = note_on(n.quote_target(c23, unit(c23, "19"), "not exceeding 10 years"))
    anchor = reanchor(note, c23)
    assert (anchor.status, anchor.side, anchor.text) == (
        AnchorStatus.EXACT,
        Side.NEW,
        "not exceeding 10 years",
    )


def test_note_on_print_2_lands_on_print_3_version_of_its_unit(
    c12: Comparison, c23: Comparison
) -> None:
    note = note_on(n.quote_target(c12, unit(c12, "21"), "each suspected perpetrator"))
    anchor = reanchor(note, c23)
    assert (anchor.status, anchor.side, anchor.where) == (AnchorStatus.MOVED, Side.NEW, "clause 23")
    assert anchor.text == "each suspected perpetrator"


def test_note_whose_print_is_neither_side_is_found_by_guid_and_says_so(
    c12: Comparison, c13: Comparison
) -> None:
    anchor = reanchor(note_on(n.unit_target(c12, unit(c12, "14"))), c13)
    assert (anchor.status, anchor.where) == (AnchorStatus.MOVED, "clause 16")
    assert "neither print of this comparison; found by GUID" in anchor.detail


def test_neither_side_note_without_guid_is_found_by_heading(
    c12: Comparison, c13: Comparison
) -> None:
    note = note_on(n.unit_target(c12, unit(c12, "14")))
    note["target"]["selector"]["guid"] = None
    anchor = reanchor(note, c13)
    assert (anchor.status, anchor.where) == (AnchorStatus.MOVED, "clause 16")
    assert "found by heading" in anchor.detail


def test_unit_is_found_by_eid_and_number_when_the_note_has_no_guid(
    c12: Comparison, c23: Comparison
) -> None:
    note = note_on(n.quote_target(c12, unit(c12, "17"), "not exceeding 7 years"))
    note["target"]["selector"]["guid"] = None
    anchor = reanchor(note, c23)
    assert (anchor.status, anchor.where, anchor.text) == (
        AnchorStatus.FUZZY,
        "clause 19",
        "not exceeding 10 years",
    )


def test_note_whose_guid_is_nowhere_is_not_matched_by_number_to_another_provision(
    c12: Comparison, c23: Comparison
) -> None:
    note = note_on(n.unit_target(c12, unit(c12, "17")))
    note["target"]["selector"]["guid"] = "_not-a-guid-of-this-bill"
    anchor = reanchor(note, c23)
    assert (anchor.status, anchor.unit) == (AnchorStatus.ORPHANED, None)


def test_note_of_another_bill_is_orphaned(c12: Comparison, c23: Comparison) -> None:
    note = note_on(n.unit_target(c12, unit(c12, "14")))
    note["target"]["source"]["project"] = "UK000999"
    anchor = reanchor(note, c23)
    assert anchor.status is AnchorStatus.ORPHANED and "bill project UK000999" in anchor.detail


def test_note_without_a_readable_target_is_orphaned_not_an_error(c23: Comparison) -> None:
    anchor = reanchor({"id": "urn:uuid:x", "modified": "", "target": "clause 5"}, c23)
    assert (anchor.status, anchor.unit) == (AnchorStatus.ORPHANED, None)


def test_note_on_a_removed_clause_is_orphaned_even_though_its_words_are_elsewhere(
    c11: Comparison, c12: Comparison
) -> None:
    words = "in relation to an offence committed before this section comes into force"
    note = note_on(n.quote_target(c11, unit(c11, "11"), words))
    elsewhere = [u.label for u in c12.units if u.new is not None and words in u.new.text]
    assert elsewhere, "the quote must occur in other clauses for this test to mean anything"
    anchor = reanchor(note, c12)
    assert anchor.status is AnchorStatus.ORPHANED
    assert anchor.unit is unit(c12, "11", side="old")
    assert "removed" in anchor.detail


# --- which words --------------------------------------------------------------------------


def test_only_typographic_change_to_the_quote_stays_exact(c12: Comparison, c23: Comparison) -> None:
    anchor = reanchor(note_on(n.quote_target(c12, unit(c12, "3"), "liable-")), c23)
    assert (anchor.status, anchor.text) == (AnchorStatus.EXACT, "liable—")


def test_repeated_quote_follows_the_diff_to_the_right_place(
    c12: Comparison, c23: Comparison
) -> None:
    words = "imprisonment for a term not exceeding"
    note = note_on(n.quote_target(c12, unit(c12, "17"), words, occurrence=2))
    anchor = reanchor(note, c23)
    text = unit(c23, "19").new.text
    assert (anchor.status, anchor.start) == (
        AnchorStatus.MOVED,
        text.index(words, text.index(words) + 1),
    )


def test_repeated_quote_without_position_or_context_is_ambiguous(c22: Comparison) -> None:
    note = note_on(n.quote_target(c22, unit(c22, "17"), "imprisonment for a term", occurrence=1))
    quote, _ = note["target"]["selector"]["refinedBy"]
    note["target"]["selector"]["refinedBy"] = [{**quote, "prefix": "", "suffix": ""}]
    anchor = reanchor(note, c22)
    assert (anchor.status, anchor.start, anchor.text) == (AnchorStatus.AMBIGUOUS, None, None)
    assert anchor.unit is unit(c22, "17")


def test_repeated_quote_without_position_is_told_apart_by_its_context(c22: Comparison) -> None:
    note = note_on(n.quote_target(c22, unit(c22, "17"), "imprisonment for a term", occurrence=2))
    quote, _ = note["target"]["selector"]["refinedBy"]
    note["target"]["selector"]["refinedBy"] = [quote]
    anchor = reanchor(note, c22)
    assert (anchor.status, anchor.start) == (
        AnchorStatus.EXACT,
        unit(c22, "17").new.text.rindex("imprisonment for a term"),
    )


def test_rewritten_words_are_not_attached_to_similar_words_left_in_the_clause(
    c12: Comparison, c23: Comparison
) -> None:
    # "the Secretary of State" ends the rewritten subsection; "The Secretary of
    # State" still begins it, but it is not the passage the note was on.
    note = note_on(n.quote_target(c12, unit(c12, "21"), "the Secretary of State"))
    anchor = reanchor(note, c23)
    assert anchor.status is AnchorStatus.ORPHANED


def one_clause_bill(version: str, text: str) -> Bill:
    """A bill of one clause (GUID "g1"), for anchoring cases the real prints lack."""
    clause = Provision(Kind.CLAUSE, "1", "Duties", text, guid="g1", eid="sec_1")
    return Bill("Test Bill", "test", version=version, project_id="P1", provisions=(clause,))


def test_words_moved_within_the_unit_are_followed_to_their_new_place() -> None:
    old = one_clause_bill(
        "v1",
        "(1) Alpha applies to every person. (2) The duty to consult the Information "
        "Commissioner applies to every scheme.",
    )
    new = one_clause_bill(
        "v2",
        "(1) The duty to consult the Information Commissioner applies to every scheme. "
        "(2) Alpha applies to every person.",
    )
    alone = compare(old, old)
    words = "The duty to consult the Information Commissioner"
    anchor = reanchor(note_on(n.quote_target(alone, alone.units[0], words)), compare(old, new))
    assert (anchor.status, anchor.start, anchor.text) == (AnchorStatus.FUZZY, 4, words)
    assert "now appear elsewhere" in anchor.detail


def test_rewritten_words_are_not_moved_onto_an_untouched_copy_of_them() -> None:
    words = "notify the Commissioner of the outcome"
    old = one_clause_bill("v1", f"(1) The chief officer must {words}. (2) The panel must {words}.")
    new = one_clause_bill(
        "v2", f"(1) The chief officer must {words}. (2) The panel must publish a report yearly."
    )
    alone = compare(old, old)
    note = note_on(n.quote_target(alone, alone.units[0], words, occurrence=2))
    anchor = reanchor(note, compare(old, new))
    assert (anchor.status, anchor.start) == (AnchorStatus.ORPHANED, None)


def test_repeated_words_the_notes_own_print_cannot_tell_apart_stay_ambiguous() -> None:
    # Once one copy is rewritten, the other is the only one left in the new
    # print; it must not be taken for the note's when nothing said which it was.
    words = "notify the Commissioner"
    old = one_clause_bill("v1", f"(1) The officer must {words}. (2) The panel must {words}.")
    new = one_clause_bill("v2", f"(1) The officer must {words}. (2) The panel must publish.")
    alone = compare(old, old)
    note = note_on(n.quote_target(alone, alone.units[0], words, occurrence=2))
    quote, _ = note["target"]["selector"]["refinedBy"]
    note["target"]["selector"]["refinedBy"] = [{**quote, "prefix": "", "suffix": ""}]
    assert reanchor(note, compare(old, new)).status is AnchorStatus.AMBIGUOUS


def test_clause_moved_to_another_part_keeping_its_number_is_moved() -> None:
    def clause(number: str, guid: str) -> Provision:
        return Provision(Kind.CLAUSE, number, f"Heading {guid}", f"Text {guid}.", guid=guid)

    def bill(version: str, *parts: tuple[Provision, ...]) -> Bill:
        return Bill(
            "Test Bill",
            "test",
            version=version,
            project_id="P1",
            provisions=tuple(
                Provision(Kind.PART, str(k), f"Part {k}", children=units, guid=f"part{k}")
                for k, units in enumerate(parts, 1)
            ),
        )

    one, two, three, four = (clause(str(k), f"g{k}") for k in range(1, 5))
    old = bill("v1", (one, two, three), (four,))
    new = bill("v2", (one, two), (three, four))
    alone = compare(old, old)
    note = note_on(n.unit_target(alone, unit(alone, "3")))
    anchor = reanchor(note, compare(old, new))
    assert (anchor.status, anchor.where) == (AnchorStatus.MOVED, "clause 3")
    assert "moved" in anchor.detail


def test_neither_side_note_is_followed_through_the_diff_from_the_older_print(
    fixture_notes: dict[str, dict[str, Any]], c13: Comparison
) -> None:
    anchor = reanchor(fixture_notes["Seven years on indictment: check the tariff."], c13)
    assert (anchor.status, anchor.text) == (AnchorStatus.FUZZY, "not exceeding 10 years")
    assert "followed from the older print" in anchor.detail


# --- rewriting targets ----------------------------------------------------------------------


def test_retarget_points_the_note_at_where_it_landed_and_keeps_the_old_target(
    fixture_notes: dict[str, dict[str, Any]], c23: Comparison
) -> None:
    note = fixture_notes["Seven years on indictment: check the tariff."]
    moved = retarget(note, reanchor(note, c23), c23, when="2030-01-01T00:00:00Z")
    assert moved is not None
    assert moved["previous_targets"] == [note["target"]]
    assert moved["target"]["source"]["version"] == "introd-hc-hl"
    assert moved["target"]["selector"]["number"] == "19"
    assert moved["target"]["selector"]["refinedBy"][0]["exact"] == "not exceeding 10 years"
    assert moved["modified"] == "2030-01-01T00:00:00Z"


def test_retarget_keeps_the_change_the_note_explains_and_where_it_was_written(
    fixture_notes: dict[str, dict[str, Any]], c23: Comparison
) -> None:
    note = fixture_notes["Cross-reference follows the duty to report, now clause 15."]
    moved = retarget(note, reanchor(note, c23), c23)
    assert moved is not None
    assert moved["target"]["change"] == note["target"]["change"]
    assert moved["target"]["comparison"] == note["target"]["comparison"]
    assert moved["target"]["selector"]["refinedBy"][0]["exact"] == "17"


def test_retargeted_note_is_exact_on_the_same_comparison(
    fixture_notes: dict[str, dict[str, Any]], c23: Comparison
) -> None:
    note = fixture_notes["Clause 14 came through committee untouched."]
    moved = retarget(note, reanchor(note, c23), c23)
    assert moved is not None
    assert reanchor(moved, c23).status is AnchorStatus.EXACT


def test_retarget_leaves_an_orphan_alone(
    fixture_notes: dict[str, dict[str, Any]], c23: Comparison
) -> None:
    note = fixture_notes["Clause 11 (offensive weapons penalties) was dropped in committee."]
    before = copy.deepcopy(note)
    assert retarget(note, reanchor(note, c23), c23) is None
    assert note == before


def test_retarget_of_a_note_already_in_place_changes_nothing(
    fixture_notes: dict[str, dict[str, Any]], c12: Comparison
) -> None:
    note = fixture_notes["Proportionality test replaces convenience."]
    assert retarget(note, reanchor(note, c12), c12) is None


# --- the real Social Housing (Regulation) Bill ------------------------------------------


def housing_note_on_print_1(housing: list[Any], ref: str, words: str | None) -> dict[str, Any]:
    """A note made reading print 1 alone (print 1 against itself)."""
    alone = compare(housing[0], housing[0])
    clause = unit(alone, ref)
    target = n.unit_target(alone, clause) if words is None else n.quote_target(alone, clause, words)
    return note_on(target)


def test_housing_note_on_clause_16_of_print_1_lands_on_clause_18_of_print_2_as_moved(
    housing: list[Any],
) -> None:
    words = "Company: receipt of transfer of engagements from registered society"
    note = housing_note_on_print_1(housing, "16", words)
    anchor = reanchor(note, compare(housing[0], housing[1]))
    assert (anchor.status, anchor.where, anchor.text) == (AnchorStatus.MOVED, "clause 18", words)


def test_housing_whole_clause_16_note_lands_on_clause_18_as_moved(housing: list[Any]) -> None:
    anchor = reanchor(housing_note_on_print_1(housing, "16", None), compare(*housing[:2]))
    assert (anchor.status, anchor.where) == (AnchorStatus.MOVED, "clause 18")


def test_housing_note_on_words_deleted_in_1_to_2_is_orphaned(housing: list[Any]) -> None:
    words = "in subsection (5) omit “and designate it as a non-profit organisation”"
    anchor = reanchor(housing_note_on_print_1(housing, "15", words), compare(*housing[:2]))
    assert anchor.status is AnchorStatus.ORPHANED
    assert "deleted" in anchor.detail


def test_housing_note_on_the_24_hour_notice_deleted_in_1_to_2_is_orphaned(
    housing: list[Any],
) -> None:
    words = "at least 24 hours’ notice of the first exercise of the power"
    anchor = reanchor(housing_note_on_print_1(housing, "24", words), compare(*housing[:2]))
    assert anchor.status is AnchorStatus.ORPHANED
    assert anchor.unit is not None and anchor.unit.label == "clause 24 → 28"


def test_housing_amending_formula_stays_in_clause_15_not_identical_words_in_clause_18(
    housing: list[Any],
) -> None:
    words = "(1) The Housing and Regeneration Act 2008 is amended as follows."
    comparison = compare(housing[0], housing[1])
    assert words in unit(comparison, "18").new.text  # the look-alike is really there
    anchor = reanchor(housing_note_on_print_1(housing, "15", words), comparison)
    assert anchor.unit is unit(comparison, "15")
    assert anchor.status is AnchorStatus.FUZZY


def test_housing_repeated_reference_is_ambiguous_when_the_notes_print_is_neither_side(
    housing: list[Any],
) -> None:
    # Schedule 3 paragraph 19 says "section 193, 194 or 194B" twice with the same
    # 32 characters before it; the note (made on 1 → 2) is opened on 3 → 4.
    made_on = compare(housing[0], housing[1])
    paragraph = unit(made_on, "3/19")
    note = note_on(n.change_target(made_on, paragraph, 2))
    anchor = reanchor(note, compare(housing[2], housing[3]))
    assert (anchor.status, anchor.start) == (AnchorStatus.AMBIGUOUS, None)
    assert anchor.unit is not None and anchor.unit.label == "Schedule 3 paragraph 19"


def test_housing_renumbered_unit_status_is_what_makes_a_note_moved(housing: list[Any]) -> None:
    comparison = compare(housing[0], housing[1])
    assert unit(comparison, "18").status is Status.RENUMBERED
    anchor = reanchor(housing_note_on_print_1(housing, "16", None), comparison)
    assert "clause 16 is now clause 18" in anchor.detail
