"""Bills of the Scottish Parliament: drafted and read in Holyrood's style.

A Holyrood amendment names the section in lower case and quotes with angle
brackets ("In section 6, page 4, line 2, leave out <may> and insert <must>"),
leaves a section out with "Leave out section 9" and inserts one with "After
section 5, insert—"; the marshalled list numbers them 1, 2, 3… in the order of
the Bill (new sections among them) under headings "Section 6", "After section
5". A Bill whose metadata names the Scottish Parliament is drafted so.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from billdiff.amend.instructions import (
    InsertProvisions,
    Instruction,
    LeaveOutAndInsert,
    LeaveOutUnit,
    NewUnit,
    Place,
    SubstituteUnit,
    Target,
    Transpose,
)
from billdiff.amend.wording import SCOTTISH, house_of, parse, words
from billdiff.formats import load
from billdiff.model import Kind
from tests import next_print
from tests.conftest import ROOT, corpus_file

Run = Callable[..., tuple[int, str, str]]
NATURE = "uk-akn/scot-natural-environment-bill-introduced.xml"
PAPER = ROOT / "fixtures" / "amendment-papers" / "natural-environment-stage-2.xml"
S6 = Target(Kind.CLAUSE, "6")


@pytest.mark.parametrize(
    ("instruction", "printed"),
    [
        (
            Instruction(LeaveOutAndInsert("may", "must"), S6, Place(4, 2)),
            ["In section 6, page 4, line 2, leave out <may> and insert <must>"],
        ),
        (
            Instruction(LeaveOutAndInsert("for “x”", "for “y”"), S6, Place(4, 2)),
            ["In section 6, page 4, line 2, leave out <for “x”> and insert <for “y”>"],
        ),
        (
            Instruction(InsertProvisions("at end", ("(3A) The court may.",)), S6, Place(4, 2)),
            ["In section 6, page 4, line 2, at end insert—", "<(3A) The court may.>"],
        ),
        (
            Instruction(LeaveOutUnit(), Target(Kind.CLAUSE, "9"), Place(6, 14)),
            ["Leave out section 9"],
        ),
        (
            Instruction(
                SubstituteUnit("Duty", ("(1) The Scottish Ministers must act.",)),
                Target(Kind.CLAUSE, "9"),
                Place(6, 14),
            ),
            ["Leave out section 9 and insert—", "<Duty", "(1) The Scottish Ministers must act.>"],
        ),
        (
            Instruction(
                NewUnit(Kind.CLAUSE, "Duty", ("(1) The Scottish Ministers must “report”.",), S6)
            ),
            ["After section 6, insert—", "<Duty", "(1) The Scottish Ministers must “report”.>"],
        ),
        (
            Instruction(Transpose(Target(Kind.CLAUSE, "8")), S6),
            ["Transpose section 6 to after section 8"],
        ),
        (
            Instruction(
                LeaveOutAndInsert("x", "y"), Target(Kind.SCHEDULE_PARAGRAPH, "5", "2"), Place(30, 5)
            ),
            ["In schedule 2, page 30, line 5, leave out <x> and insert <y>"],
        ),
    ],
)
def test_holyrood_forms_print_and_read_back(instruction: Instruction, printed: list[str]) -> None:
    w = words(instruction, SCOTTISH)
    assert w.lines() == printed
    target, _, action = parse(w.lead, w.block)
    if isinstance(instruction.action, NewUnit):
        assert action == instruction.action
        return
    assert target is not None and instruction.target is not None
    # A schedule paragraph is the one printed on the line cited.
    assert target.number in (instruction.target.number, None)
    assert target.schedule == instruction.target.schedule
    if isinstance(instruction.action, Transpose):
        assert isinstance(action, Transpose) and action.after is not None
        assert action.after.number == "8"
    else:
        assert action == instruction.action


def test_a_bill_of_the_scottish_parliament_says_so(bd: Run) -> None:
    bill = load(corpus_file(NATURE))
    assert bill.house == "Scottish Parliament" and house_of(bill.house) == SCOTTISH
    code, out, _ = bd("outline", corpus_file(NATURE))
    assert code == 0 and "House:      Scottish Parliament" in out


@pytest.fixture(scope="module")
def next_nature_print(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A next print of the Natural Environment (Scotland) Bill with sections inserted,
    left out, moved and amended (``tests/next_print.py``)."""
    made = next_print.make(
        next_print.parse(corpus_file(NATURE)),
        next_print.parse(corpus_file("uk-akn/social-housing-bill-2-hl-report.xml")),
        5,
    )
    folder = tmp_path_factory.mktemp("nature")
    old, new = folder / "old.xml", folder / "new.xml"
    old.write_bytes(next_print.forms(made.old)["guids"])
    new.write_bytes(next_print.forms(made.new)["guids"])
    return old, new


def test_a_scottish_bill_is_drafted_in_holyrood_style(
    bd: Run, next_nature_print: tuple[Path, Path]
) -> None:
    code, out, err = bd("amendments", *next_nature_print)
    assert (code, err) == (0, ""), out
    assert "Scottish Parliament style; places are given by page and line" in out
    assert "new sections or paragraphs" in out
    paper = out.split("Changes made on reprinting")[0]
    numbered = re.findall(r"^(\S+) {2,}(\S.*)$", paper, re.M)
    assert [n for n, _ in numbered] == [str(k) for k in range(1, len(numbered) + 1)]
    sentences = [s for _, s in numbered]
    assert "Leave out section 3" in sentences
    assert "In section 8, page 9, line 17, at end insert—" in sentences
    assert "Transpose section 12 to after section 8" in sentences
    assert "After section 21, insert—" in sentences
    assert not any("Clause" in s or "“" in s.split("<")[0] for s in sentences)
    assert "\n      Section 8\n" in paper and "\n      After section 21\n" in paper
    # Read back from these words, the paper gives the new print exactly.
    assert " exactly (the amendments alone give" in " ".join(out.split())


def test_a_holyrood_paper_reads_and_applies(bd: Run) -> None:
    code, out, err = bd("amendments", "apply", corpus_file(NATURE), PAPER, "--format", "json")
    assert (code, err) == (0, ""), out
    data = json.loads(out)
    assert data["applied"] == ["1", "2", "3", "4", "5"] and data["not_applied"] == []
    assert data["placed"] == []  # "After section 8, insert—" says where it goes
    units = {u["old"]["number"]: u for u in data["comparison"]["units"] if u["old"]}
    assert units["6"]["status"] == "removed"
    assert "promoting responsible tourism" in units["5"]["new_text"]
