"""Real amendment papers: read, shown by ``billdiff outline``, applied to the print they amend.

Every expected value below was read by eye from the paper's XML (the DPDI
report-stage papers of 21 July and 25 August 2023, which amend Bill 314, and the
Victims and Prisoners marshalled lists of 6 and 8 September 2023).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from billdiff.amend.instructions import MAX_QUOTED, InsertProvisions, NewUnit, Place, Target
from billdiff.amend.papers import read_paper, target_page
from billdiff.model import Kind
from tests.conftest import corpus_file

DPDI_0721 = "uk-akn/amendments/dpdi-bill-report-amendments-0721.xml"
DPDI_0825 = "uk-akn/amendments/dpdi-bill-report-amendments-0825.xml"
VP_0906 = "uk-akn/amendments/victims-prisoners-bill-report-amendments-0906.xml"
VP_0908 = "uk-akn/amendments/victims-prisoners-bill-report-amendments-0908.xml"
DPDI_2 = "uk-akn/dpdi-bill-2-hc-committee.xml"


def test_target_page() -> None:
    assert target_page("p_1__ln_16") == (1, 16)
    assert target_page("") is None and target_page(None) is None


def test_dpdi_papers_are_two_new_clauses_for_bill_314() -> None:
    p = read_paper(str(corpus_file(DPDI_0825)))
    assert p.title == "Data Protection and Digital Information (No. 2) Bill"
    assert (p.stage, p.bill_stage, p.bill_number) == (
        "Report Stage",
        "As amended in Committee",
        "Bill 314",
    )
    assert (p.published, p.project_id, p.house) == ("2023-08-25", "UK000589", "House of Commons")
    assert [a.number for a in p.amendments] == ["NC1", "NC2"]
    nc1, nc2 = p.amendments
    assert nc1.proposer == "Jane Hunt"
    assert nc1.supporters == (
        "Peter Aldous",
        "Mrs Flick Drummond",
        "Mr David Jones",
        "Greg Smith",
        "Martin Vickers",
        "Selaine Saxby",
        "Sir Oliver Heald",
        "Sally-Ann Hart",
        "Holly Mumby-Croft",
    )
    assert nc1.printed == "To move the following Clause—"
    assert nc1.type == "newClause" and nc1.target_page is None
    assert nc1.inserted[0].startswith("Processing of data in relation to a case-file prepared")
    assert nc1.inserted[1] == "(1) The 2018 Act is amended in accordance with subsection (2)."
    assert nc1.inserted[2].startswith("(2) In the 2018 Act, after section 40 insert— “40A")
    assert nc1.statement is not None and nc1.statement.startswith(
        "This new clause adjusts Section 40 of the Data Protection Act 2018"
    )
    assert nc2.sponsors == ("John Penrose",)
    assert nc2.inserted[0] == "Common standards and timeline for implementation"
    assert "placed in Part 3 (Customer data and business data)" in (nc2.statement or "")
    assert isinstance(nc2.instruction.action, NewUnit)  # type: ignore[union-attr]
    # The July paper has the same two, NC1 with one supporter.
    july = read_paper(str(corpus_file(DPDI_0721)))
    assert [(a.number, a.sponsors) for a in july.amendments] == [
        ("NC1", ("Jane Hunt", "Peter Aldous")),
        ("NC2", ("John Penrose",)),
    ]


def test_victims_and_prisoners_paper_page_and_line_amendments() -> None:
    p = read_paper(str(corpus_file(VP_0908)))
    assert (p.title, p.bill_number, p.bill_stage) == (
        "Victims and Prisoners Bill",
        "Bill 351",
        "As amended in Public Bill Committee",
    )
    assert [a.number for a in p.amendments] == ["NC1", "NC2", "NC3", "1", "2", "3"]
    nc1 = p.amendments[0]
    assert nc1.proposer == "Sir Robert Neill"
    assert len(nc1.supporters) == 16 and nc1.supporters[0] == "Ms Harriet Harman"
    assert nc1.supporters[-1] == "Mick Whitley"
    a1, a2, a3 = p.amendments[3:]
    assert (a1.proposer, a2.proposer, a3.proposer) == (
        "Dame Maria Miller",
        "Layla Moran",
        "Layla Moran",
    )
    assert a1.printed == "Clause 1, page 1, line 16, at end insert—"
    assert (a1.target_provision, a1.target_page, a1.type) == ("sec_1", (1, 16), "insert")
    assert a1.inserted == (
        "(e) where a person has entered into a non-disclosure agreement that has the effect of "
        "preventing that person from speaking about behaviour that may be criminal misconduct.",
    )
    assert a3.printed == "Clause 2, page 2, line 25, at end insert—"
    assert (a3.target_provision, a3.target_page) == ("sec_2", (2, 25))
    assert a3.inserted[0].startswith("(3A) The victims’ code must make provision")
    # The instruction read into a record agrees with Lawmaker's own attributes.
    record = a3.instruction
    assert record is not None and record.number == "3" and record.sponsors == ("Layla Moran",)
    assert record.target == Target(Kind.CLAUSE, "2")
    assert record.place == Place(2, 25)
    assert isinstance(record.action, InsertProvisions) and record.action.at == "at end"
    assert record.action.lines == a3.inserted
    assert all(a.problem is None for a in p.amendments)
    # 6 September: the same amendments, NC1 with Maria Eagle as first supporter.
    earlier = read_paper(str(corpus_file(VP_0906)))
    assert sorted(a.number for a in earlier.amendments) == ["1", "2", "3", "NC1", "NC2", "NC3"]
    assert earlier.amendments[0].supporters[0] == "Maria Eagle"


def test_outline_shows_a_papers_amendments(bd: Callable[..., tuple[int, str, str]]) -> None:
    code, out, err = bd("outline", corpus_file(VP_0908))
    assert (code, err) == (0, "")
    assert "Amends:     As amended in Public Bill Committee (Bill 351)" in out
    assert "6 amendments" in out
    assert "3     Layla Moran" in out
    assert "      Clause 2, page 2, line 25, at end insert—" in out
    assert "        “(3A) The victims’ code must make provision" in out
    assert "[target sec_2, page 2, line 25, type insert]" in out
    code, out, _ = bd("outline", corpus_file(VP_0908), "--format", "json")
    assert (
        code == 0
        and '"schema": "billdiff.paper"' in out
        and '"proposer": "Dame Maria Miller"' in out
    )


def test_diff_of_a_paper_says_what_it_is(bd: Callable[..., tuple[int, str, str]]) -> None:
    code, out, err = bd("diff", corpus_file(VP_0908), corpus_file(VP_0906))
    assert code == 2 and out == ""
    assert "an amendment paper, not a print" in err and err.count("\n") == 1


def test_apply_the_dpdi_papers_to_the_print_they_amend(
    bd: Callable[..., tuple[int, str, str]],
) -> None:
    code, out, err = bd(
        "amendments", "apply", corpus_file(DPDI_2), corpus_file(DPDI_0721), corpus_file(DPDI_0825)
    )
    assert code == 0, err
    assert "As amended in Committee (Bill 314) → As amended in Committee with amendments" in out
    assert "2 of 301 units changed: 2 added" in out
    assert "clause NC1  added" in out and "clause NC2  added" in out
    assert "Applied: NC1, NC2" in out
    assert "NC2: after Clause 81: its explanatory statement places it in Part 3" in out
    assert "NC1: after Clause 113" in out
    # The July listing is superseded by the August one, not applied twice.
    assert out.count("listed again on the later paper") == 2
    # NC2 stands at the end of Part 3, after Clause 81, before Part 4.
    assert out.index("clause NC2  added") < out.index("clause NC1  added")


def test_a_paper_for_another_bill_is_trouble_said_once(
    bd: Callable[..., tuple[int, str, str]],
) -> None:
    """Not one line per amendment ("?: the paper amends another Bill" 287 times): one line
    on stderr naming both Bills, exit 2, nothing on stdout."""
    code, out, err = bd("amendments", "apply", corpus_file(DPDI_2), corpus_file(VP_0908))
    assert (code, out) == (2, "")
    assert err.count("\n") == 1
    assert "the paper amends another Bill (Victims and Prisoners Bill, project UK000348)" in err
    assert "not Data Protection and Digital Information (No. 2) Bill (project UK000589)" in err
    # With a paper for this Bill first, still trouble: nothing is half-applied.
    code, out, err = bd(
        "amendments", "apply", corpus_file(DPDI_2), corpus_file(DPDI_0825), corpus_file(VP_0908)
    )
    assert (code, out, err.count("\n")) == (2, "", 1)


def test_an_instruction_too_long_to_be_real_is_not_read_and_said_so(
    bd: Callable[..., tuple[int, str, str]], tmp_path: Path
) -> None:
    text = corpus_file(DPDI_0721).read_text(encoding="utf-8")
    start = "<mod>To move the following Clause—"
    assert start in text
    words = "word " * (MAX_QUOTED // 5 + 1)
    path = tmp_path / "long.xml"
    path.write_text(text.replace(start, f"<mod>Clause 1, page 1, line 5, leave out “{words}”", 1))
    code, out, err = bd("outline", path)
    assert (code, err) == (0, "")
    said = " ".join(out.split())
    assert "cannot be read: the instruction is 200,0" in said
    assert "characters long; billdiff reads instructions of up to 200,000" in said
    assert "leave out “word word" in said and len(out) < 20_000  # shown, shortened
    code, out, err = bd("amendments", "apply", corpus_file(DPDI_2), path)
    assert code == 1 and "NC1: the instruction is" in " ".join(out.split())
