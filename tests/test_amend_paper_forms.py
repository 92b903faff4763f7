"""Every form of instruction real amendment papers print, read and applied.

The forms the House of Commons' Energy Bill marshalled list used that billdiff
refused (issue 18): "leave out lines 20 to 23"; "at end insert “, and”"
followed by a block; "leave out from beginning to …"; "leave out sub-paragraphs
(i) and (ii) and insert—"; "leave out “x” and insert—" followed by a block; a
lone "Schedule, page 12, line 21, at end insert—"; "leave out Clauses 18 and
19". The fixture papers (``fixtures/amendment-papers/``, written for these
tests in Lawmaker's markup) use each on the bundled Crime and Policing Bill.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from lxml import etree

from billdiff.amend.instructions import (
    Action,
    Insert,
    Instruction,
    LeaveOut,
    LeaveOutAndInsert,
    LeaveOutFrom,
    LeaveOutLines,
    LeaveOutProvisions,
    LeaveOutUnit,
    NewUnit,
    Place,
    Target,
)
from billdiff.amend.papers import read_paper
from billdiff.amend.wording import COMMONS, LORDS, parse, words
from billdiff.model import Kind
from tests.conftest import CORPUS, FIXTURES, ROOT

Run = Callable[..., tuple[int, str, str]]
PAPERS = ROOT / "fixtures" / "amendment-papers"
DAY_1 = PAPERS / "crime-and-policing-report-1.xml"
LONE = PAPERS / "crime-and-policing-lone-schedule.xml"
PRINT = FIXTURES / "2-commons-public-bill-committee.xml"
AKN = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"


def _records() -> dict[str, Instruction]:
    paper = read_paper(str(DAY_1))
    assert [a.problem for a in paper.amendments] == [None] * len(paper.amendments)
    return {a.number: a.instruction for a in paper.amendments if a.instruction is not None}


@pytest.mark.parametrize(
    ("number", "target", "place", "action"),
    [
        ("1", "10", Place(5, 33), LeaveOutLines(Place(5, 35))),
        (
            "3",
            "21",
            Place(10, 31),
            Insert(
                "at end",
                None,
                ", and",
                ("(c) the ethnicity and nationality of each person charged with the offence.",),
            ),
        ),
        (
            "4",
            "10",
            Place(5, 26),
            LeaveOutFrom("", "sale", Place(5, 26), "in pursuance of a sale by remote means"),
        ),
        (
            "5",
            "24",
            Place(12, 19),
            LeaveOutProvisions(
                "sub-paragraph",
                ("(i)", "(ii)"),
                (
                    "(i) the chief officer of police for a police area,",
                    "(ii) the Director General of the National Crime Agency, or",
                    "(iii) the Chief Constable of the British Transport Police Force.",
                ),
            ),
        ),
        (
            "6",
            "7",
            Place(4, 18),
            LeaveOutAndInsert(
                "for “£100” substitute “£500”.",
                "",
                (
                    "(a) for “£100” substitute “£500”, and",
                    "(b) in subsection (3), for “£50” substitute “£250”.",
                ),
            ),
        ),
        ("7", "19", Place(9, 27), LeaveOutUnit(through="20")),
    ],
)
def test_each_form_reads_into_its_record(
    number: str, target: str, place: Place, action: Action
) -> None:
    i = _records()[number]
    assert i.target is not None and (i.target.kind, i.target.number) == (Kind.CLAUSE, target)
    assert (i.place, i.action) == (place, action)


def test_the_paper_applies_to_the_print_it_amends(bd: Run) -> None:
    code, out, err = bd("amendments", "apply", PRINT, DAY_1, "--format", "json")
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert data["applied"] == ["NC1", "1", "2", "3", "4", "5", "6", "7"]
    assert data["not_applied"] == []
    units = {u["old"]["number"]: u for u in data["comparison"]["units"] if u["old"]}
    assert units["19"]["status"] == units["20"]["status"] == "removed"
    assert "(4) It is a defence" not in units["10"]["new_text"]
    assert "in pursuance of a sale by remote means must not" in units["10"]["new_text"]
    assert (
        "each victim, and (c) the ethnicity and nationality of each person charged with the "
        "offence. (2)" in units["21"]["new_text"]
    )
    assert units["24"]["new_text"].endswith(
        "(i) the chief officer of police for a police area, (ii) the Director General of the "
        "National Crime Agency, or (iii) the Chief Constable of the British Transport Police Force."
    )
    assert (
        "(a) for “£100” substitute “£500”, and (b) in subsection (3), for “£50” substitute "
        "“£250”. (3)" in units["7"]["new_text"]
    )


def _one_schedule(target: Path) -> Path:
    """The print with Schedule 2 left out and Schedule 1 unnumbered: a Bill with one
    Schedule, "the Schedule", its pages and lines as they were."""
    tree = etree.parse(str(PRINT))
    schedules = [el for el in tree.iter(f"{{{AKN}}}hcontainer") if el.get("name") == "schedule"]
    second = schedules[1]
    parent = second.getparent()
    assert parent is not None
    parent.remove(second)
    num = schedules[0].find(f"{{{AKN}}}num")
    assert num is not None
    for child in list(num):
        num.remove(child)
    num.text = "Schedule"
    tree.write(str(target), xml_declaration=True, encoding="UTF-8")
    return target


def test_a_lone_schedule_is_the_one_printed_on_that_line(bd: Run, tmp_path: Path) -> None:
    printed = _one_schedule(tmp_path / "one-schedule.xml")
    code, out, err = bd("amendments", "apply", printed, LONE)
    assert (code, err) == (0, ""), out
    assert "Applied: 1" in out
    # A new unit is shown by its amendment's number.
    assert "the Schedule paragraph 1  added\n  Paragraph 6 does not apply" in out


def test_quoted_words_may_quote_quotation_marks() -> None:
    """The Energy Bill marshalled list, amendment 86 (as published): the words left out
    are “(“the 2008 Regulations”)”, quotes and all."""
    target, place, action = parse(
        "Clause 295, page 253, line 19, leave out “(“the 2008 Regulations”)”"
    )
    assert (target, place, action) == (
        Target(Kind.CLAUSE, "295"),
        Place(253, 19),
        LeaveOut("(“the 2008 Regulations”)"),
    )


@pytest.mark.parametrize(
    "i",
    [
        Instruction(LeaveOutLines(Place(5, 35)), Target(Kind.CLAUSE, "10"), Place(5, 33)),
        Instruction(
            LeaveOutLines(Place(5, 33), ("(4) New.",)), Target(Kind.CLAUSE, "10"), Place(5, 33)
        ),
        Instruction(
            Insert("at end", None, ", and", ("(c) the court.",)),
            Target(Kind.CLAUSE, "3"),
            Place(2, 4),
        ),
        Instruction(
            Insert("after", "court", "", ("(c) the court.",)), Target(Kind.CLAUSE, "3"), Place(2, 4)
        ),
        Instruction(
            LeaveOutAndInsert("may", "", ("(a) must;", "(b) shall.")),
            Target(Kind.CLAUSE, "3"),
            Place(2, 4),
        ),
        Instruction(
            LeaveOutFrom("", "sale", Place(5, 27), "a sale"),
            Target(Kind.CLAUSE, "10"),
            Place(5, 26),
        ),
        Instruction(LeaveOutUnit(through="21"), Target(Kind.CLAUSE, "18"), Place(9, 6)),
        Instruction(LeaveOutUnit(through="19"), Target(Kind.CLAUSE, "18"), Place(9, 6)),
    ],
)
@pytest.mark.parametrize("house", [COMMONS, LORDS])
def test_new_forms_read_back_as_printed(i: Instruction, house: str) -> None:
    w = words(i, house)
    default = i.target if house == LORDS else None
    target, place, action = parse(w.lead, w.block, default=default)
    assert action == i.action
    assert place is not None and (place.page, place.line) == (i.place.page, i.place.line)  # type: ignore[union-attr]
    assert target is not None and target.number == (i.target.number if i.target else None)


def test_leave_out_clauses_says_and_for_two_and_to_for_more() -> None:
    two = Instruction(LeaveOutUnit(through="19"), Target(Kind.CLAUSE, "18"), Place(9, 6))
    four = Instruction(LeaveOutUnit(through="21"), Target(Kind.CLAUSE, "18"), Place(9, 6))
    assert words(two).lead == "Page 9, line 6, leave out Clauses 18 and 19"
    assert words(four).lead == "Page 9, line 6, leave out Clauses 18 to 21"


def test_every_real_paper_in_the_corpus_reads() -> None:
    papers = sorted((CORPUS / "uk-akn" / "amendments").glob("*.xml"))
    if not papers:
        pytest.skip("corpus not available")
    for path in papers:
        paper = read_paper(str(path))
        assert paper.amendments
        assert [(a.number, a.problem) for a in paper.amendments if a.problem] == []
        assert all(
            a.instruction is not None
            and isinstance(a.instruction.action, NewUnit) == (a.type == "newClause")
            for a in paper.amendments
        )
