"""How units are paired, on small Bills built in memory: each test is one rule.

Clause texts are made of made-up words (one vocabulary per clause, seeded), so
two clauses share words only where a test says they do.
"""

from __future__ import annotations

import random

from billdiff import compare
from billdiff.comparison import Comparison, Status, UnitChange
from billdiff.model import Bill, Kind, Provision
from billdiff.textdiff import HunkClass


def words(seed: int, n: int = 40) -> str:
    rng = random.Random(seed)
    return " ".join(f"w{rng.randrange(100_000)}" for _ in range(n)) + "."


def clause(
    number: int | str,
    seed: int,
    heading: str | None = None,
    guid: str | None = None,
    eid: str | None = None,
    text: str | None = None,
    children: tuple[Provision, ...] = (),
) -> Provision:
    return Provision(
        kind=Kind.CLAUSE,
        number=str(number),
        heading=heading or f"Heading {seed}",
        text=words(seed) if text is None else text,
        children=children,
        guid=guid,
        eid=eid,
    )


def bill(*provisions: Provision) -> Bill:
    return Bill(title="A Bill", format="lawmaker-akn", provisions=provisions)


def renumbered(seeds: list[int], **kwargs: object) -> list[Provision]:
    """Clauses 1, 2, 3… whose words are those of ``seeds`` in that order."""
    return [clause(n, seed, **kwargs) for n, seed in enumerate(seeds, start=1)]  # type: ignore[arg-type]


def pairs(c: Comparison) -> set[tuple[str, str]]:
    return {
        (u.old.number or "", u.new.number or "")
        for u in c.units
        if u.old and u.new and u.status is not Status.SUBSTITUTED
    }


def by_old(c: Comparison, number: str) -> UnitChange:
    (u,) = [u for u in c.units if u.old and u.old.number == number]
    return u


def test_a_repeated_heading_and_number_never_pair_clauses_whose_words_differ() -> None:
    # Clauses 59 and 67 are both "Financial penalties"; eight clauses are inserted
    # before 59, so old 59 is new 67 and old 67 is new 75.
    heading = {59: "Financial penalties", 67: "Financial penalties"}
    old_seeds = list(range(1, 81))
    new_seeds = old_seeds[:58] + list(range(1000, 1008)) + old_seeds[58:]
    old = [clause(n, s, heading=heading.get(n)) for n, s in enumerate(old_seeds, start=1)]
    new = [
        clause(n, s, heading=heading.get(old_seeds.index(s) + 1) if s < 1000 else None)
        for n, s in enumerate(new_seeds, start=1)
    ]
    c = compare(bill(*old), bill(*new))
    assert ("59", "67") in pairs(c) and ("67", "75") in pairs(c)
    assert pairs(c) == {(str(n), str(n if n < 59 else n + 8)) for n in range(1, 81)}
    assert {u.status for u in c.units} == {Status.UNCHANGED, Status.RENUMBERED, Status.ADDED}


def test_an_eid_that_follows_the_numbering_is_position_not_identity() -> None:
    # "Fees for registration" (old 52) is new 54; the new clause 52, "Applications for
    # registration", shares a third of its words with it. eIds are sec_N throughout.
    fees = words(52)
    applications = " ".join(fees.split()[:14]) + " " + words(2052, 26)
    old_seeds = list(range(1, 61))
    old = [clause(n, n, eid=f"sec_{n}") for n in old_seeds]
    old[51] = clause(52, 52, heading="Fees for registration", eid="sec_52", text=fees)
    new = [clause(n, n, eid=f"sec_{n}") for n in range(1, 52)]
    new.append(
        clause(52, 2052, heading="Applications for registration", eid="sec_52", text=applications)
    )
    new.append(clause(53, 2053, eid="sec_53"))
    new.append(clause(54, 52, heading="Fees for registration", eid="sec_54", text=fees))
    new += [clause(n + 2, n, eid=f"sec_{n + 2}") for n in range(53, 61)]
    c = compare(bill(*old), bill(*new))
    fees_unit = by_old(c, "52")
    assert fees_unit.new is not None and fees_unit.new.number == "54"
    assert fees_unit.status is Status.RENUMBERED and fees_unit.text_diff is None
    assert [u.new.number for u in c.units if u.status is Status.ADDED and u.new] == ["52", "53"]


def test_two_units_with_different_guids_are_never_paired_whatever_their_words() -> None:
    old = bill(clause(1, 1, guid="g1"), clause(2, 2, guid="g2"), clause(3, 3, guid="g3"))
    new = bill(clause(1, 1, guid="g1"), clause(2, 3, guid="g9"), clause(3, 3, guid="g3"))
    c = compare(old, new)
    u = by_old(c, "2")
    # Same number, same place, new GUID: one substituted entry, never a pair.
    assert u.status is Status.SUBSTITUTED
    assert u.reason == "substituted: same number and place, new GUID"


def test_a_removed_and_an_added_clause_with_the_same_number_elsewhere_are_not_substituted() -> None:
    old = bill(*renumbered([1, 2, 3, 4, 5, 6]))
    # Clause 3 removed; a new clause inserted after 5 becomes 5 (4, 5 shift down).
    new = bill(*renumbered([1, 2, 4, 5, 99, 6]))
    c = compare(old, new)
    assert by_old(c, "3").status is Status.REMOVED
    assert [u.new.number for u in c.units if u.status is Status.ADDED and u.new] == ["5"]


def test_a_clause_rewritten_in_place_without_ids_is_substituted() -> None:
    old = bill(*renumbered([1, 2, 3]))
    new = bill(clause(1, 1), clause(2, 77, heading="Heading 2"), clause(3, 3))
    u = by_old(compare(old, new), "2")
    assert u.status is Status.SUBSTITUTED
    assert u.reason.startswith("substituted: same number and place, rewritten (similarity 0.0")


def _crossheading(heading: str, *clauses: Provision) -> Provision:
    return Provision(kind=Kind.CROSSHEADING, heading=heading, children=clauses, guid=heading)


def test_a_clause_moved_to_the_next_crossheading_in_its_place_is_moved_naming_both() -> None:
    a = [clause(n, n, guid=f"c{n}") for n in range(1, 7)]
    old = bill(_crossheading("Registration", *a[:3]), _crossheading("Enforcement", *a[3:]))
    new = bill(_crossheading("Registration", *a[:2]), _crossheading("Enforcement", *a[2:]))
    c = compare(old, new)
    u = by_old(c, "3")
    assert u.status is Status.MOVED and u.movement == ("crossheading",)
    assert u.old is not None and u.new is not None
    assert (u.old.crossheading, u.new.crossheading) == ("Registration", "Enforcement")
    assert [x.status for x in c.units if x is not u] == [Status.UNCHANGED] * 5


def test_a_renamed_crossheading_moves_nothing() -> None:
    a = [clause(n, n, guid=f"c{n}") for n in range(1, 4)]
    old = bill(_crossheading("Registration", *a))
    new = bill(
        Provision(
            kind=Kind.CROSSHEADING, heading="Registers", children=tuple(a), guid="Registration"
        )
    )
    assert {u.status for u in compare(old, new).units} == {Status.UNCHANGED}


def _sub(number: str, seed: int, guid: str | None = None) -> Provision:
    return Provision(kind=Kind.SUBSECTION, number=number, text=words(seed, 12), guid=guid)


def test_subsections_renumbered_after_an_inserted_one_are_relettering() -> None:
    old = bill(clause(1, 1, text="", children=(_sub("(1)", 1), _sub("(2)", 2), _sub("(3)", 3))))
    new = bill(
        clause(
            1,
            1,
            text="",
            children=(_sub("(1)", 1), _sub("(2)", 9), _sub("(3)", 2), _sub("(4)", 3)),
        )
    )
    (u,) = compare(old, new).units
    assert u.text_diff is not None
    got = [(h.op.value, h.old, h.new, h.cls) for h in u.text_diff.hunks]
    assert got[1:] == [
        ("replace", "2", "3", HunkClass.RELETTERING),
        ("replace", "3", "4", HunkClass.RELETTERING),
    ]
    assert got[0][0] == "insert" and got[0][3] is HunkClass.SUBSTANTIVE
    assert u.structure == ("subsection (2) added",)


def test_a_print_that_only_renumbers_inserted_a_numbers_differs_only_by_relettering() -> None:
    # (2A), inserted at the last stage, is (3) in this print, and (3) is (4).
    old = bill(
        clause(
            1,
            1,
            text="",
            children=(_sub("(1)", 1), _sub("(2)", 2), _sub("(2A)", 3), _sub("(3)", 4)),
        )
    )
    new = bill(
        clause(
            1, 1, text="", children=(_sub("(1)", 1), _sub("(2)", 2), _sub("(3)", 3), _sub("(4)", 4))
        )
    )
    c = compare(old, new)
    (u,) = c.units
    assert u.status is Status.AMENDED and u.hunk_classes == {HunkClass.RELETTERING}
    assert u.structure == ()
    assert not c.has_changes(ignore={HunkClass.RELETTERING})
    assert c.has_changes()


def test_a_subsection_renumbered_with_nothing_inserted_before_it_is_substantive() -> None:
    old = bill(clause(1, 1, text="", children=(_sub("(1)", 1), _sub("(2)", 2))))
    new = bill(clause(1, 1, text="", children=(_sub("(1)", 1), _sub("(3)", 2))))
    (u,) = compare(old, new).units
    assert u.hunk_classes == {HunkClass.SUBSTANTIVE}


def test_subsections_that_swapped_places_are_not_relettering() -> None:
    old = bill(clause(1, 1, text="", children=(_sub("(1)", 1, "s1"), _sub("(2)", 2, "s2"))))
    new = bill(clause(1, 1, text="", children=(_sub("(1)", 2, "s2"), _sub("(2)", 1, "s1"))))
    (u,) = compare(old, new).units
    assert HunkClass.RELETTERING not in u.hunk_classes


def test_every_pair_says_why_and_how_sure() -> None:
    old = bill(*renumbered([1, 2, 3, 4]), clause(5, 5, guid="g5"))
    new = bill(*renumbered([1, 2, 9, 3, 4]), clause(6, 5, guid="g5"))
    c = compare(old, new)
    reasons = {u.old.number: (u.reason, u.score) for u in c.units if u.old and u.new}
    assert reasons["5"] == ("GUID", 1.0)
    for number in ("1", "2", "3", "4"):  # unchanged: their words are their evidence
        reason, score = reasons[number]
        assert reason.startswith("identical words") and score == 1.0
    old = bill(clause(1, 1), clause(2, 2))
    new = bill(clause(1, 1), clause(2, 2, text=words(2) + " " + words(7, 10)))
    reasons = {u.old.number: (u.reason, u.score) for u in compare(old, new).units if u.old}
    reason, score = reasons["2"]
    assert reason.split(":")[0] in ("unique match", "in order", "by text")
    assert f"similar {score:.2f}" in reason and 0.5 < score < 1


def _paragraph(number: str, text: str) -> Provision:
    return Provision(kind=Kind.SCHEDULE_PARAGRAPH, number=number, text=text)


def _schedule(*paragraphs: Provision) -> Provision:
    return Provision(kind=Kind.SCHEDULE, number="7", heading="Amendments", children=paragraphs)


def test_identical_words_beat_a_shared_number_for_schedule_paragraphs() -> None:
    # DPDI Schedule 7 paragraphs 2 and 3 are 0.91 alike: swapped without ids, each must
    # go with its word-identical partner, not with the paragraph that took its number.
    common = words(1, 60)
    two, three = f"{common} first ending here.", f"{common} second ending there."
    old = bill(_schedule(_paragraph("1", words(5)), _paragraph("2", two), _paragraph("3", three)))
    new = bill(_schedule(_paragraph("1", words(5)), _paragraph("2", three), _paragraph("3", two)))
    c = compare(old, new)
    assert pairs(c) >= {("2", "3"), ("3", "2")}
    assert not any(u.text_diff and u.text_diff.hunks for u in c.units)


def test_identical_words_beat_a_shared_number_for_clauses() -> None:
    common = words(1, 60)
    a, b = f"{common} first ending here.", f"{common} second ending there."
    old = bill(
        clause(1, 9, heading="Same"),
        clause(2, 0, heading="Same", text=a),
        clause(3, 0, heading="Same", text=b),
    )
    new = bill(
        clause(1, 9, heading="Same"),
        clause(2, 0, heading="Same", text=b),
        clause(3, 0, heading="Same", text=a),
    )
    assert pairs(compare(old, new)) >= {("2", "3"), ("3", "2")}


def test_words_shared_by_two_units_pair_nothing_by_themselves() -> None:
    # ". . ." or "Omitted." in two places is no evidence of which is which.
    old = bill(clause(1, 1), clause(2, 2, text="Omitted."), clause(3, 3, text="Omitted."))
    new = bill(clause(1, 1), clause(2, 2, text="Omitted."), clause(3, 3, text="Omitted."))
    assert all(
        u.reason != "identical words"
        for u in compare(old, new).units
        if u.old and u.old.number in ("2", "3")
    )
