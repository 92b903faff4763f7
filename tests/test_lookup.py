"""Unit references as readers write them, and the one rule for a number that names different
units in the two prints (``notes add`` and the terminal UI's ``g`` agree)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from billdiff import compare, load, lookup
from billdiff.comparison import Comparison
from billdiff.model import Bill, Kind, Provision
from tests.conftest import PRINTS

Run = Callable[..., tuple[int, str, str]]
P1, P2 = PRINTS[0], PRINTS[1]


@pytest.fixture(scope="module")
def fixtures_1_2() -> Comparison:
    return compare(load(P1), load(P2))


@pytest.mark.parametrize(
    ("ref", "expected"),
    [
        ("cl 12", ("12", None)),
        ("cl. 12", ("12", None)),
        ("cls 12", ("12", None)),
        ("s 5", ("5", None)),
        ("s. 5", ("5", None)),
        ("reg 3", ("3", None)),
        ("clause 12(3)", ("12", "(3)")),
        ("12(3)(a)", ("12", "(3)(a)")),
        ("cl 12 (3)", ("12", "(3)")),
        ("Schedule 2 paragraph 5(1)", ("2/5", "(1)")),
        ("2/5(1)", ("2/5", "(1)")),
        ("Part 3", ("Part 3", None)),
        ("S/4", ("S/4", None)),
    ],
)
def test_references_are_read_as_readers_write_them(ref: str, expected: tuple) -> None:
    parsed = lookup.parse(ref)
    assert (parsed.key, parsed.path) == expected


def test_cl_without_a_full_stop_finds_the_clause(fixtures_1_2: Comparison) -> None:
    assert lookup.find_one(fixtures_1_2, "cl 12").label == "clause 12"
    assert lookup.find_one(fixtures_1_2, "cl 12") is lookup.find_one(fixtures_1_2, "cl. 12")


def test_a_subsection_names_its_clause_and_where_in_it(fixtures_1_2: Comparison) -> None:
    found = lookup.resolve(fixtures_1_2, "clause 12(3)")
    assert (found.unit.label, found.path) == ("clause 12", "(3)")
    with pytest.raises(lookup.NoSuchProvision, match=r"clause 12 has no \(9\)"):
        lookup.resolve(fixtures_1_2, "clause 12(9)")


def test_a_subsections_own_eid_names_its_clause(fixtures_1_2: Comparison) -> None:
    unit = lookup.find_one(fixtures_1_2, "12")
    info = next(i for i in unit.new.line_info if i.number == "(3)")
    found = lookup.resolve(fixtures_1_2, info.eid)
    assert (found.unit, found.path) == (unit, "(3)")


def test_a_part_selects_its_own_heading_and_its_units(fixtures_1_2: Comparison) -> None:
    found = lookup.find(fixtures_1_2, "Part 3")
    assert found[0].label == "Part 3"
    assert {u.label for u in found[1:]} == {
        u.label
        for u in fixtures_1_2.units
        if any(v and v.within[:1] == ("Part 3",) for v in (u.old, u.new))
    }
    assert "clause 12" in {u.label for u in found}


def test_the_long_title_and_headings_can_be_named(fixtures_1_2: Comparison) -> None:
    assert lookup.find_one(fixtures_1_2, "long title") is fixtures_1_2.long_title
    assert lookup.find_one(fixtures_1_2, "the Long Title") is fixtures_1_2.long_title
    grooming = lookup.find_one(fixtures_1_2, "cross-heading Grooming")
    assert grooming.label == "cross-heading “Grooming” → “Grooming and other aggravating factors”"
    assert lookup.find_one(fixtures_1_2, "Schedule 2 Part 1").label == "Schedule 2 Part 1"


def _bill(*parts: Provision) -> Bill:
    return Bill(title="A Bill", format="lawmaker-akn", provisions=parts)


def _clause(n: int) -> Provision:
    return Provision(Kind.CLAUSE, str(n), f"Heading {n}", f"Words of clause {n} here and there.")


def _chapter(number: str, *clauses: Provision) -> Provision:
    return Provision(Kind.CHAPTER, number, f"Chapter heading {number}", children=clauses)


def test_a_chapter_is_found_in_its_part_and_a_bare_one_only_when_alone() -> None:
    bill = _bill(
        Provision(
            Kind.PART, "1", "First", children=(_chapter("1", _clause(1)), _chapter("2", _clause(2)))
        ),
        Provision(Kind.PART, "2", "Second", children=(_chapter("1", _clause(3)),)),
    )
    c = compare(bill, bill)
    assert [u.label for u in lookup.find(c, "Part 1 Chapter 2")] == ["Part 1 Chapter 2", "clause 2"]
    assert lookup.find_one(c, "Chapter 2").label == "Part 1 Chapter 2"
    with pytest.raises(lookup.AmbiguousUnit, match="say which: Part 1 Chapter 1, Part 2 Chapter 1"):
        lookup.find_one(c, "Chapter 1")
    assert [u.label for u in lookup.find(c, "Chapter 1")] == [
        "Part 1 Chapter 1",
        "clause 1",
        "Part 2 Chapter 1",
        "clause 3",
    ]


def test_a_number_naming_two_units_is_the_new_prints(fixtures_1_2: Comparison) -> None:
    # 16 is clause 17 → 16 in the new print and clause 16 → 15 in the old.
    found = lookup.resolve(fixtures_1_2, "16")
    assert found.unit.label == "clause 17 → 16"
    assert [u.label for u in found.others] == ["clause 16 → 15"]
    assert lookup.find_one(fixtures_1_2, "old:16").label == "clause 16 → 15"


def test_notes_add_takes_the_new_prints_number_as_the_tui_does_and_says_so(
    bd: Run, tmp_path: Path
) -> None:
    notes = tmp_path / "n.notes.json"
    code, out, err = bd("notes", "add", P1, P2, "--clause", "16", "--text", "x", "--notes", notes)
    assert code == 0 and out.startswith("urn:uuid:")
    assert (
        "billdiff: --clause 16 is clause 17 → 16 in the new print; in the old print 16 is "
        "clause 16 → 15 (--clause old:16 for that)"
    ) in err
    (note,) = json.loads(notes.read_text())["notes"]
    assert note["target"]["selector"]["number"] == "16"
    assert note["target"]["source"]["side"] == "new"


def test_notes_add_on_a_subsection_quotes_its_words(bd: Run, tmp_path: Path) -> None:
    notes = tmp_path / "n.notes.json"
    code, _, _ = bd(
        "notes", "add", P1, P2, "--clause", "clause 12(3)", "--text", "x", "--notes", notes
    )
    assert code == 0
    (note,) = json.loads(notes.read_text())["notes"]
    quote = note["target"]["selector"]["refinedBy"][0]["exact"]
    assert quote.startswith("(3) In this section") and "“retail premises” means" in quote


def test_diff_clause_part_shows_the_parts_units(bd: Run) -> None:
    code, out, _ = bd("diff", P1, P2, "--clause", "Part 3", "--format", "json")
    assert code == 1
    labels = [u["label"] for u in json.loads(out)["units"]]
    assert "clause 12" in labels and "clause 15 → 22" in labels
    assert all("Part 3" in (u["old"] or u["new"])["part"] for u in json.loads(out)["units"])


def test_the_help_states_the_rule(bd: Run) -> None:
    code, out, _ = bd("notes", "add", "--help")
    words = " ".join(out.split())
    assert code == 0
    assert "A number that names different units in the two prints is the new print's" in words
