"""The Akoma Ntoso readers on small documents shaped like the real ones."""

from __future__ import annotations

from pathlib import Path

import pytest

from billdiff import load
from billdiff.errors import FormatError
from billdiff.model import Bill, Kind

HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0" '
    'xmlns:ukl="https://www.legislation.gov.uk/namespaces/UK-AKN">'
    '<bill name="ukpubb"><meta><identification source="#author"><FRBRExpression>'
    '<FRBRdate date="2025-02-25T10:00:00Z" name="published"/>'
    '<FRBRversionNumber value="introd-hc"/></FRBRExpression></identification>'
    '<references source="#author">'
    '<TLCConcept eId="varBillTitle" href="#x" showAs="Example Bill "/>'
    '<TLCProcess eId="varStageVersion" href="#x" showAs="As Introduced"/>'
    '<TLCProcess eId="varProjectId" href="#x" showAs="UK000999"/>'
    '<TLCConcept eId="varPublicationDate" href="#x" showAs="2025-02-25"/>'
    "</references></meta>"
    '<coverPage><toc><tocItem href="#sec_1">1 A heading that must not become a clause</tocItem>'
    "</toc></coverPage><body>"
)
TAIL = "</body></bill></akomaNtoso>"


def bill(tmp_path: Path, body: str) -> Bill:
    path = tmp_path / "bill.xml"
    path.write_text(HEAD + body + TAIL, encoding="utf-8")
    return load(path)


def clause(b: Bill, number: str):
    return next(u.provision for u in b.units() if u.provision.number == number)


def test_metadata_is_read_from_references_and_trimmed(tmp_path: Path) -> None:
    b = bill(tmp_path, '<section eId="sec_1"><num>1</num><content><p>Text.</p></content></section>')
    assert (b.title, b.stage, b.project_id, b.version) == (
        "Example Bill",
        "As Introduced",
        "UK000999",
        "introd-hc",
    )
    assert b.published == "2025-02-25"
    assert [u.provision.number for u in b.units()] == ["1"]  # the TOC entry is not a clause


def test_inline_markup_joins_without_spaces_and_blocks_get_one(tmp_path: Path) -> None:
    b = bill(
        tmp_path,
        '<section eId="sec_1"><num>1</num><heading>Short <i>title</i></heading>'
        "<content><p>See <ref href='#sec_2'>section 2</ref>(3)</p><p>Second paragraph.</p>"
        "</content></section>",
    )
    p = clause(b, "1")
    assert p.heading == "Short title"
    assert p.text == "See section 2(3) Second paragraph."


def test_processing_instructions_never_split_or_swallow_words(tmp_path: Path) -> None:
    b = bill(
        tmp_path,
        '<section eId="sec_1"><num><?L 3-4?>1</num><content><p>fixed penalty '
        "<?L 3-5?>notice is issued<?DMS-Component x?> to P</p></content></section>",
    )
    p = clause(b, "1")
    assert p.text == "fixed penalty notice is issued to P"
    assert (p.page, p.line) == (3, 4)


def test_provision_starting_mid_line_takes_the_line_it_starts_on(tmp_path: Path) -> None:
    b = bill(
        tmp_path,
        '<section eId="sec_1"><num><?L 1-1?>1</num><subsection eId="sec_1__subsec_1"><num>(1)</num>'
        "<content><p>Text on the first line.</p></content></subsection></section>",
    )
    (sub,) = clause(b, "1").children
    assert (sub.page, sub.line) == (1, 1)


def test_quoted_structure_stays_in_its_clause_with_its_quote_marks(tmp_path: Path) -> None:
    b = bill(
        tmp_path,
        '<section eId="sec_1"><num>1</num><content><p><mod>After section 5 insert—'
        '<quotedStructure startQuote="“" endQuote="”" eId="sec_1__qstr">'
        '<section eId="sec_1__qstr__sec_5A"><num ukl:autonumber="no">5A</num>'
        "<heading>Inserted</heading><content><p>New words.</p></content></section>"
        '</quotedStructure><inline name="AppendText">.</inline></mod></p></content></section>',
    )
    assert [u.provision.number for u in b.units()] == ["1"]
    assert clause(b, "1").text == "After section 5 insert— “5A Inserted New words.”."


def test_definition_quote_marks_come_from_attributes(tmp_path: Path) -> None:
    b = bill(
        tmp_path,
        '<section eId="sec_1"><num>1</num><subsection eId="sec_1__subsec_1"><num>(1)</num>'
        '<intro><p>In this section—</p></intro><hcontainer name="definition" eId="d">'
        '<content><p><def ukl:startQuote="“" ukl:endQuote="”">retail worker</def> means a '
        "person.</p></content></hcontainer></subsection></section>",
    )
    (sub,) = clause(b, "1").children
    (definition,) = sub.children
    assert definition.kind is Kind.DEFINITION
    assert definition.text == "“retail worker” means a person."
    assert clause(b, "1").full_text() == "(1) In this section— “retail worker” means a person."


def test_authorial_note_never_reaches_a_schedule_number(tmp_path: Path) -> None:
    b = bill(
        tmp_path,
        '<hcontainer name="schedules" eId="scheds"><heading>Schedules</heading>'
        '<hcontainer name="schedule" eId="sched_1"><num>Schedule 1'
        '<authorialNote class="referenceNote"><p>Section <ref href="#sec_3">3</ref></p>'
        "</authorialNote></num><heading>Respect orders"
        '</heading><paragraph class="schProv1" eId="sched_1__para_1"><num>1</num>'
        "<content><p>Words.</p></content></paragraph></hcontainer></hcontainer>",
    )
    (unit,) = list(b.units())
    assert unit.provision.kind is Kind.SCHEDULE_PARAGRAPH
    assert unit.schedule is not None
    assert (unit.schedule.number, unit.schedule.heading) == ("1", "Respect orders")


def test_lone_schedule_has_no_number(tmp_path: Path) -> None:
    b = bill(
        tmp_path,
        '<hcontainer name="schedule" eId="sched"><num>Schedule</num><heading>H</heading>'
        '<paragraph eId="sched__para_1"><num>1</num><content><p>W.</p></content></paragraph>'
        "</hcontainer>",
    )
    (unit,) = list(b.units())
    assert unit.schedule is not None and unit.schedule.number is None


def test_table_cells_are_read_in_row_order(tmp_path: Path) -> None:
    b = bill(
        tmp_path,
        '<section eId="sec_1"><num>1</num><content><tblock class="table"><foreign>'
        '<table xmlns="http://www.w3.org/1999/xhtml"><tr><td>Offence</td><td>Penalty</td></tr>'
        "<tr><td>Theft</td><td>7 years</td></tr></table></foreign></tblock></content></section>",
    )
    assert clause(b, "1").text == "Offence Penalty Theft 7 years"


def test_wrap_up_follows_the_children(tmp_path: Path) -> None:
    b = bill(
        tmp_path,
        '<section eId="sec_1"><num>1</num><intro><p>The court may—</p></intro>'
        '<level class="para1" eId="a"><num>(a)</num><content><p>fine P, or</p></content></level>'
        '<level class="para1" eId="b"><num>(b)</num><content><p>discharge P,</p></content></level>'
        "<wrapUp><p>as it thinks fit.</p></wrapUp></section>",
    )
    p = clause(b, "1")
    assert [c.kind for c in p.children] == [Kind.PARAGRAPH, Kind.PARAGRAPH]
    assert p.lines() == [
        "The court may—",
        "(a) fine P, or",
        "(b) discharge P,",
        "as it thinks fit.",
    ]


def test_figure_space_is_kept(tmp_path: Path) -> None:
    b = bill(
        tmp_path,
        '<section eId="sec_1"><num>1</num><content><p>In\u2007this</p></content></section>',
    )
    assert clause(b, "1").text == "In\u2007this"


def test_a_no_break_space_inside_a_run_of_whitespace_is_kept_and_the_rest_collapses(
    tmp_path: Path,
) -> None:
    b = bill(
        tmp_path,
        '<section eId="sec_1"><num>1</num><content><p>within\n   \u00a0 14\n  days,\n'
        "    of the\trequest</p></content></section>",
    )
    assert clause(b, "1").text == "within \u00a0 14 days, of the request"


def test_other_akoma_ntoso_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "eu.xml"
    path.write_text(
        '<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0">'
        '<bill name="REG"><meta/><body/></bill></akomaNtoso>'
    )
    with pytest.raises(FormatError, match="not supported yet"):
        load(path)


def test_a_placeholder_inside_a_metadata_value_is_filled_in_or_left_out(tmp_path: Path) -> None:
    # Seen in Scottish Parliament prints: varBillNo "SP Bill #varBillNoComp", and
    # varActTitle "… Bill #varActYear" with an empty year.
    refs = (
        '<TLCConcept eId="varBillNoComp" href="#x" showAs="44"/>'
        '<TLCConcept eId="varBillNo" href="#x" showAs="SP Bill #varBillNoComp"/>'
        '<TLCConcept eId="varSession" href="#x" showAs="Session 6 #varNowhere"/>'
    )
    path = tmp_path / "bill.xml"
    path.write_text(
        HEAD.replace("</references>", refs + "</references>")
        + '<section eId="sec_1"><num>1</num><content><p>Text.</p></content></section>'
        + TAIL,
        encoding="utf-8",
    )
    b = load(path)
    assert (b.bill_number, b.session) == ("SP Bill 44", "Session 6")
