"""House style: what an instruction says, and the paper read back into instructions.

The strongest test of the text paper: every sentence billdiff drafts, read back
with :func:`billdiff.amend.wording.parse` (as a clerk would read the paper), gives
records that, applied to the old print, reproduce the new print exactly.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from billdiff.amend.apply import apply
from billdiff.amend.generate import draft
from billdiff.amend.instructions import (
    Heading,
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
from billdiff.amend.verify import score
from billdiff.amend.wording import COMMONS, LORDS, SCOTTISH, Unreadable, parse, read_back_all, words
from billdiff.model import Kind
from tests.test_amend_roundtrip import ALL, get

CLAUSE_3 = Target(Kind.CLAUSE, "3")
SCHED_2_5 = Target(Kind.SCHEDULE_PARAGRAPH, "5", "2")


@pytest.mark.parametrize(
    ("instruction", "commons", "lords"),
    [
        (
            Instruction(LeaveOutAndInsert("may", "must"), CLAUSE_3, Place(2, 22)),
            "Clause 3, page 2, line 22, leave out “may” and insert “must”",
            "Page 2, line 22, leave out “may” and insert “must”",
        ),
        (
            Instruction(Insert("at end", None, "or"), Target(Kind.CLAUSE, "5"), Place(4, 7)),
            "Clause 5, page 4, line 7, at end insert “or”",
            "Page 4, line 7, at end insert “or”",
        ),
        (
            Instruction(Insert("after", "person", "or body"), CLAUSE_3, Place(2, 22)),
            "Clause 3, page 2, line 22, after “person” insert “or body”",
            "Page 2, line 22, after “person” insert “or body”",
        ),
        (
            Instruction(
                LeaveOutProvisions("subsection", ("(3)",)), Target(Kind.CLAUSE, "7"), Place(5, 1)
            ),
            "Clause 7, page 5, line 1, leave out subsection (3)",
            "Page 5, line 1, leave out subsection (3)",
        ),
        (
            Instruction(LeaveOutUnit(), Target(Kind.CLAUSE, "9"), Place(6, 14)),
            "Page 6, line 14, leave out Clause 9",
            "Page 6, line 14, leave out Clause 9",
        ),
        (
            Instruction(LeaveOut("safe"), SCHED_2_5, Place(40, 3)),
            "Schedule 2, page 40, line 3, leave out “safe”",
            "Page 40, line 3, leave out “safe”",
        ),
        (
            Instruction(LeaveOutUnit(), SCHED_2_5, Place(40, 3)),
            "Schedule 2, page 40, line 3, leave out paragraph 5",
            "Schedule 2, page 40, line 3, leave out paragraph 5",
        ),
        (
            Instruction(LeaveOutFrom("person", None, Place(2, 25), "body"), CLAUSE_3, Place(2, 22)),
            "Clause 3, page 2, line 22, leave out from “person” to end of line 25 and insert "
            "“body”",
            "Page 2, line 22, leave out from “person” to end of line 25 and insert “body”",
        ),
        (
            Instruction(LeaveOutFrom("to", "the", Place(5, 2)), CLAUSE_3, Place(4, 38)),
            "Clause 3, page 4, line 38, leave out from “to” to “the” in line 2 on page 5",
            "Page 4, line 38, leave out from “to” to “the” in line 2 on page 5",
        ),
        (
            Instruction(LeaveOutAndInsert("may", "must"), CLAUSE_3, Place(path="(2)(a)")),
            "Clause 3, subsection (2)(a), leave out “may” and insert “must”",
            "Clause 3, subsection (2)(a), leave out “may” and insert “must”",
        ),
        (
            Instruction(LeaveOut("x"), SCHED_2_5, Place(path="(2)")),
            "Schedule 2, paragraph 5(2), leave out “x”",
            "Schedule 2, paragraph 5(2), leave out “x”",
        ),
        (
            Instruction(Transpose(Target(Kind.CLAUSE, "21")), Target(Kind.CLAUSE, "15")),
            "Transpose Clause 15 to after Clause 21",
            "Transpose Clause 15 to after Clause 21",
        ),
        (
            Instruction(
                Transpose(Target(Kind.SCHEDULE_PARAGRAPH, "49", "2")),
                Target(Kind.SCHEDULE_PARAGRAPH, "51", "2"),
            ),
            "Schedule 2, transpose paragraph 51 to after paragraph 49",
            "Schedule 2, transpose paragraph 51 to after paragraph 49",
        ),
        (
            Instruction(Transpose(None, "4"), Target(Kind.SCHEDULE_PARAGRAPH, "3", "")),
            "The Schedule, transpose paragraph 3 to after the paragraph inserted by amendment 4",
            "The Schedule, transpose paragraph 3 to after the paragraph inserted by amendment 4",
        ),
        (
            Instruction(Heading("Offences"), CLAUSE_3, Place(2, 1), printing="heading"),
            "Clause 3, page 2, line 1, the heading becomes “Offences”",
            "Page 2, line 1, the heading becomes “Offences”",
        ),
    ],
)
def test_house_style(instruction: Instruction, commons: str, lords: str) -> None:
    assert words(instruction, COMMONS).lead == commons
    assert words(instruction, LORDS).lead == lords
    _target, place, action = parse(commons)
    assert action == instruction.action
    if place is not None and place.has_line:
        assert (place.page, place.line) == (instruction.place.page, instruction.place.line)  # type: ignore[union-attr]


def test_new_clause_in_each_house() -> None:
    i = Instruction(
        NewUnit(
            Kind.CLAUSE,
            "Duty to review",
            ("(1) The Secretary of State must…",),
            Target(Kind.CLAUSE, "5"),
        )
    )
    commons, lords = words(i, COMMONS), words(i, LORDS)
    assert commons.lead == "To move the following Clause—"
    assert lords.lead == "After Clause 5, insert the following new Clause—"
    assert commons.block == ("“Duty to review", "(1) The Secretary of State must…”")
    _, _, back = parse(lords.lead, lords.block)
    assert back == replace(i.action, number=None)


def test_block_insertions_end_the_quotation_on_the_last_line() -> None:
    i = Instruction(
        InsertProvisions("at end", ("(3A) The court may—", "(a) adjourn;", "(b) refuse.")),
        CLAUSE_3,
        Place(2, 25),
    )
    w = words(i, COMMONS)
    assert w.lead == "Clause 3, page 2, line 25, at end insert—"
    assert w.block == ("“(3A) The court may—", "(a) adjourn;", "(b) refuse.”")


def test_unreadable_forms_are_refused() -> None:
    with pytest.raises(Unreadable):
        parse("Clause 3, page 2, line 22, do something else")


@pytest.mark.parametrize("house", [COMMONS, LORDS, SCOTTISH])
@pytest.mark.parametrize("name", ALL)
def test_the_paper_read_back_reproduces_the_new_print(name: str, house: str) -> None:
    """A draft in either House's style, every sentence read back under the marshalled list's
    headings, gives records that apply to exactly the new print."""
    c = get(name)
    d = draft(c.comparison, c.old, c.positions, house)
    back, unreadable = read_back_all(d.amendments, d.printing, house)
    assert unreadable == []
    result = apply(c.old, back, c.positions)
    s = score(result, d, c.comparison)
    assert result.not_applied == ()
    assert (s.exact, s.failures) == (s.changed, [])
