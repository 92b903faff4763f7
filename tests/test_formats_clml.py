"""The CLML reader (and legislation.gov.uk's AKN) on small documents shaped like the real ones."""

from __future__ import annotations

from pathlib import Path

from billdiff import load
from billdiff.model import Bill, Kind

CLML = "http://www.legislation.gov.uk/namespaces/legislation"
HEAD = (
    f'<Legislation xmlns="{CLML}" xmlns:ukm="http://www.legislation.gov.uk/namespaces/metadata" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dct="http://purl.org/dc/terms/" '
    'DocumentURI="http://www.legislation.gov.uk/ukpga/2000/38/section/19/2014-04-01" '
    'IdURI="http://www.legislation.gov.uk/id/ukpga/2000/38" RestrictStartDate="2014-04-01">'
    "<ukm:Metadata><dc:title>Transport Act 2000</dc:title></ukm:Metadata>"
)


def clml(tmp_path: Path, main: str) -> Bill:
    path = tmp_path / "act.xml"
    path.write_text(HEAD + main + "</Legislation>", encoding="utf-8")
    return load(path)


def test_point_in_time_metadata(tmp_path: Path) -> None:
    b = clml(
        tmp_path, "<Primary><Body><P1 id='section-19'><Pnumber>19</Pnumber></P1></Body></Primary>"
    )
    assert b.format == "clml"
    assert b.title == "Transport Act 2000"
    assert b.version == "2014-04-01"
    assert b.valid_from == "2014-04-01"
    assert b.project_id == "http://www.legislation.gov.uk/id/ukpga/2000/38"
    assert b.stage == "Revised version as at 2014-04-01"


def test_sections_take_their_group_heading_and_subsections_their_brackets(tmp_path: Path) -> None:
    b = clml(
        tmp_path,
        "<Primary><Body><Part><Number>PART I</Number><Title>Roads</Title>"
        "<P1group><Title>Licences</Title><P1 id='section-19'><Pnumber><CommentaryRef Ref='c1'/>19"
        "</Pnumber><P1para><P2 id='section-19-1'><Pnumber>1</Pnumber><P2para><Text>A "
        "<Term>licence</Term> may be granted.</Text></P2para></P2></P1para></P1></P1group>"
        "</Part></Body></Primary>",
    )
    (unit,) = list(b.units())
    p = unit.provision
    assert (p.kind, p.number, p.heading) == (Kind.SECTION, "19", "Licences")
    assert unit.context[0].number == "I" and unit.context[0].heading == "Roads"
    (sub,) = p.children
    assert (sub.kind, sub.number, sub.text) == (Kind.SUBSECTION, "(1)", "A licence may be granted.")


def test_block_amendment_is_quoted_text_of_its_section(tmp_path: Path) -> None:
    b = clml(
        tmp_path,
        "<Primary><Body><P1group><Title>Amendment</Title><P1 id='section-2'><Pnumber>2</Pnumber>"
        "<P1para><Text>In section 1 insert—</Text><BlockAmendment Format='double'>"
        "<P1group><Title>New</Title><P1><Pnumber>1A</Pnumber><P1para><Text>Words.</Text></P1para>"
        "</P1></P1group></BlockAmendment><AppendText>.</AppendText></P1para></P1></P1group>"
        "</Body></Primary>",
    )
    (unit,) = list(b.units())
    assert unit.provision.text == "In section 1 insert— “1A New Words.”."


def test_schedule_paragraphs_and_si_regulations(tmp_path: Path) -> None:
    b = clml(
        tmp_path,
        "<Secondary><Body><P1group><Title>Citation</Title><P1 id='regulation-1'><Pnumber>1"
        "</Pnumber><P1para><Text>These Regulations may be cited.</Text></P1para></P1></P1group>"
        "</Body><Schedules><Schedule id='schedule-1'><Number>SCHEDULE 1</Number><TitleBlock>"
        "<Title>Forms</Title></TitleBlock><Reference>Regulation 1</Reference><ScheduleBody>"
        "<P1 id='schedule-1-paragraph-1'><Pnumber>1</Pnumber><P1para><Text>Form A.</Text>"
        "</P1para></P1></ScheduleBody></Schedule></Schedules></Secondary>",
    )
    units = list(b.units())
    assert [(u.provision.kind, u.provision.number) for u in units] == [
        (Kind.REGULATION, "1"),
        (Kind.SCHEDULE_PARAGRAPH, "1"),
    ]
    sched = units[1].schedule
    assert sched is not None and (sched.number, sched.heading) == ("1", "Forms")
    assert b.document_type == "si"


def test_lgu_akn_is_read_with_its_own_prefixes(tmp_path: Path) -> None:
    path = tmp_path / "act.akn.xml"
    path.write_text(
        '<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0" '
        'xmlns:uk="https://www.legislation.gov.uk/namespaces/UK-AKN" '
        f'xmlns:ukl="{CLML}" xmlns:ukm="http://www.legislation.gov.uk/namespaces/metadata" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/"><act name="uksi"><meta><identification>'
        '<FRBRWork><FRBRthis value="http://www.legislation.gov.uk/id/uksi/2025/3"/></FRBRWork>'
        '<FRBRExpression><FRBRthis value="http://www.legislation.gov.uk/uksi/2025/3/made"/>'
        "</FRBRExpression></identification><proprietary><dc:title>The Example Regulations"
        "</dc:title><ukm:Year Value='2025'/></proprietary></meta><body>"
        '<hcontainer name="regulation" eId="regulation-1"><num>1.</num><heading>Citation</heading>'
        '<paragraph eId="regulation-1-1"><num>(1)</num><content><p>Words<noteRef href="#n"/>.</p>'
        "</content></paragraph></hcontainer></body></act></akomaNtoso>",
        encoding="utf-8",
    )
    b = load(path)
    assert (b.format, b.title, b.version, b.stage) == (
        "lgu-akn",
        "The Example Regulations",
        "made",
        "As made",
    )
    (unit,) = list(b.units())
    assert (unit.provision.kind, unit.provision.number) == (Kind.REGULATION, "1")
    assert unit.provision.full_text() == "(1) Words."
