"""The applier's rules on small hand-made clauses: where cited words are found, how words are
joined, and what it refuses (with the reason)."""

from __future__ import annotations

from billdiff.amend.apply import apply, find, join, splice
from billdiff.amend.instructions import (
    Insert,
    InsertProvisions,
    Instruction,
    LeaveOut,
    LeaveOutAndInsert,
    LeaveOutFrom,
    LeaveOutProvisions,
    LeaveOutUnit,
    NewUnit,
    Place,
    Target,
    Transpose,
)
from billdiff.model import Bill, Kind, Provision


def _bill() -> Bill:
    def sub(n: str, text: str, *kids: Provision) -> Provision:
        return Provision(Kind.SUBSECTION, n, text=text, children=kids)

    para = lambda n, t: Provision(Kind.PARAGRAPH, n, text=t)  # noqa: E731
    c1 = Provision(
        Kind.CLAUSE,
        "1",
        "Duty",
        children=(
            sub("(1)", "The court may make an order if the court thinks fit."),
            sub(
                "(2)",
                "The order may—",
                para("(a)", "require P to do a thing;"),
                para("(b)", "forbid it."),
            ),
            sub("(3)", "This section applies to England."),
        ),
    )
    c2 = Provision(Kind.CLAUSE, "2", "Short title", text="This Act may be cited as the Test Act.")
    return Bill(title="Test Bill", format="test", provisions=(c1, c2))


C1 = Target(Kind.CLAUSE, "1")


def _text(*instructions: Instruction) -> tuple[str, list[str]]:
    r = apply(_bill(), instructions)
    return r.units[0].text, [f"{n.instruction.number}: {n.reason}" for n in r.not_applied]


def test_join_puts_one_space_except_around_punctuation() -> None:
    assert join("the court", "may") == "the court may"
    assert join("well-managed", ", safe") == "well-managed, safe"
    assert join("paragraph (", "b)") == "paragraph (b)"
    assert join("liable", "—") == "liable—"
    assert join("the ", " court") == "the court"
    assert splice("a b c", [(2, 3, "")]) == "a c"
    assert splice("a b c", [(2, 3, "x"), (4, 5, "")]) == "a x"


def test_find_takes_the_first_on_the_line_and_lets_quotes_vary() -> None:
    text = "the court may; the court must"
    assert find(text, "court", 0, len(text)) == (4, 9)
    assert find(text, "court", 10, len(text)) == (19, 24)
    assert find("after \u201cx\u201d insert", '"x"', 0, 20) == (6, 9)
    assert find(text, "judge", 0, len(text)) is None


def test_loosely_found_words_are_given_by_the_texts_own_offsets() -> None:
    text = "to  the \u201ccourt\u201d\n\n\u2014 or   the \u2018judge\u2019 (a)"
    # Runs of spaces, quotes and dashes vary; the offsets are the text's, whole runs and all.
    assert find(text, 'the "court" - or the', 0, len(text)) == (4, 27)
    assert text[4:27] == "the \u201ccourt\u201d\n\n\u2014 or   the"
    assert find(text, "the 'judge'", 5, len(text)) == (24, 35)
    assert text[24:35] == "the \u2018judge\u2019"
    assert find(text, "the 'judge'", 5, 24) is None  # must begin before hi
    assert find(text, "the 'judge'", 5, 25) == (24, 35)
    assert find(text, "the 'judge'", 0, len(text), after=25) is None


def test_words_in_a_sub_provision() -> None:
    text, failed = _text(
        Instruction(LeaveOutAndInsert("may", "must"), C1, Place(path="(1)"), number="1"),
        Instruction(Insert("after", "P", "not"), C1, Place(path="(2)(a)"), number="2"),
        Instruction(LeaveOut("England"), C1, Place(path="(3)"), number="3"),
    )
    assert failed == []
    assert "The court must make an order" in text
    assert text.endswith("(3) This section applies to.")
    assert "require P not to do a thing;" in text


def test_leave_out_from_to_and_whole_sub_provisions() -> None:
    text, failed = _text(
        Instruction(LeaveOutFrom("order", "fit", Place(path="(1)")), C1, Place(path="(1)")),
        Instruction(LeaveOutProvisions("paragraph", ("(2)(b)",)), C1, Place(path="(2)")),
    )
    assert failed == []
    assert text.startswith("(1) The court may make an order. (2) The order may— (a) require")
    assert "(b)" not in text


def test_insert_provisions_after_a_sub_provision() -> None:
    text, failed = _text(
        Instruction(
            InsertProvisions("after", ("(2A) The order lapses.",), "(2)"), C1, Place(path="")
        )
    )
    assert failed == []
    assert "(b) forbid it. (2A) The order lapses. (3) This section" in text


def test_what_cannot_be_applied_says_why() -> None:
    r = apply(
        _bill(),
        [
            Instruction(LeaveOut("judge"), C1, Place(path="(1)"), number="1"),
            Instruction(LeaveOut("court"), Target(Kind.CLAUSE, "9"), Place(path="(1)"), number="2"),
            Instruction(LeaveOut("may make"), C1, Place(path="(1)"), number="3"),
            Instruction(LeaveOutAndInsert("make", "give"), C1, Place(path="(1)"), number="4"),
            Instruction(LeaveOut("x"), C1, Place(2, 5), number="5"),
        ],
    )
    reasons = {n.instruction.number: n.reason for n in r.not_applied}
    assert reasons["1"] == "“judge” is not in sub-provision (1)"
    assert reasons["2"] == "there is no Clause 9 in the print"
    assert reasons["4"] == "it overlaps amendment 3, which changes the same words"
    assert reasons["5"] == "the print has no line positions for this unit"
    assert [i.number for i in r.applied] == ["3"]


def test_units_left_out_moved_and_new_are_renumbered_like_a_reprint() -> None:
    new = NewUnit(Kind.CLAUSE, "Review", ("The Secretary of State must review it.",), after=C1)
    r = apply(
        _bill(),
        [
            Instruction(new, number="NC1"),
            Instruction(Transpose(None), Target(Kind.CLAUSE, "2"), number="1"),
        ],
    )
    assert [(u.number, u.heading) for u in r.units] == [
        ("1", "Short title"),
        ("2", "Duty"),
        ("3", "Review"),
    ]
    kept = apply(_bill(), [Instruction(new, number="NC1")], renumber=False)
    assert [u.number for u in kept.units] == ["1", "NC1", "2"]
    gone = apply(_bill(), [Instruction(LeaveOutUnit(), C1, number="1")])
    assert [(u.number, u.heading) for u in gone.units] == [("1", "Short title")]
