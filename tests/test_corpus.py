"""Every real bill and Act in the shared corpus reads into the model faithfully.

The expected counts and first/last numbers below were checked against the XML
independently of billdiff, with XPath over the raw files:
``//body//section[not(ancestor::quotedStructure)]`` (AKN; plus
``hcontainer[@name='regulation']`` for the SI) and
``//Body//P1[not(ancestor::BlockAmendment)]`` (CLML), the number being the
whitespace-normalised text of ``num``/``Pnumber``; schedules are
``hcontainer[@name='schedule']`` / ``Schedules/Schedule`` outside quoted text,
and schedule paragraphs the outermost ``paragraph``/``P1`` inside them.
"""

from __future__ import annotations

import re

import pytest

from billdiff import load
from billdiff.model import CONTAINER_KINDS, Kind
from tests.conftest import corpus_file

# file, format, unit kind, units, first, last, schedules, schedule paragraphs
EXPECTED = [
    ("uk-akn/dpdi-bill-1-hc-introduced.xml", "lawmaker-akn", "clause", 114, "1", "114", 13, 176),
    ("uk-akn/dpdi-bill-2-hc-committee.xml", "lawmaker-akn", "clause", 121, "1", "121", 13, 175),
    (
        "uk-akn/employment-rights-bill-hc-introduced.xml",
        "lawmaker-akn",
        "clause",
        119,
        "1",
        "119",
        7,
        166,
    ),
    (
        "uk-akn/lawmaker-import-employment-rights-act-1996.xml",
        "lawmaker-akn",
        "clause",
        402,
        "1",
        "245",
        3,
        92,
    ),
    (
        "uk-akn/lawmaker-import-housing-act-2004.xml",
        "lawmaker-akn",
        "clause",
        283,
        "1",
        "270",
        17,
        307,
    ),
    ("uk-akn/lgu-fsma-2023-2024-11-01.akn.xml", "lgu-akn", "section", 87, "1", "87", 14, 395),
    ("uk-akn/lgu-sentencing-act-2026-s22.akn.xml", "lgu-akn", "section", 1, "22", "22", 0, 0),
    ("uk-akn/lgu-uksi-2025-3-made.akn.xml", "lgu-akn", "regulation", 7, "1", "7", 0, 0),
    ("uk-akn/scot-bail-and-release-bill-stage2.xml", "lawmaker-akn", "clause", 17, "1", "15", 0, 0),
    (
        "uk-akn/scot-natural-environment-bill-introduced.xml",
        "lawmaker-akn",
        "clause",
        38,
        "1",
        "38",
        0,
        0,
    ),
    ("uk-akn/sentencing-bill-hl-report.xml", "lawmaker-akn", "clause", 50, "1", "50", 5, 42),
    (
        "uk-akn/social-housing-bill-1-hl-committee.xml",
        "lawmaker-akn",
        "clause",
        39,
        "1",
        "39",
        5,
        108,
    ),
    ("uk-akn/social-housing-bill-2-hl-report.xml", "lawmaker-akn", "clause", 44, "1", "44", 5, 112),
    (
        "uk-akn/social-housing-bill-3-hc-brought-from-lords.xml",
        "lawmaker-akn",
        "clause",
        44,
        "1",
        "44",
        5,
        112,
    ),
    ("uk-akn/social-housing-bill-4-hc-pbc.xml", "lawmaker-akn", "clause", 43, "1", "43", 5, 112),
    ("clml/education-scotland-act-2025-2025-08-07.xml", "clml", "section", 67, "1", "67", 4, 57),
    ("clml/fsma-2023-2024-11-01.xml", "clml", "section", 87, "1", "87", 14, 395),
    ("clml/gla-act-1999-part-III-2013-03-27.xml", "clml", "section", 61, "81", "140", 0, 0),
    (
        "clml/local-government-act-1999-s10A-2010-04-01.xml",
        "clml",
        "section",
        1,
        "10A",
        "10A",
        0,
        0,
    ),
    ("clml/police-act-1996-s101.xml", "clml", "section", 1, "101", "101", 0, 0),
    ("clml/police-ni-act-2000-enacted.xml", "clml", "section", 81, "1", "81", 8, 88),
    (
        "clml/senior-courts-act-1981-part-VI-2020-08-03.xml",
        "clml",
        "section",
        27,
        "129",
        "153",
        0,
        0,
    ),
    ("clml/sentencing-act-2026-s22.xml", "clml", "section", 1, "22", "22", 0, 0),
    ("clml/transport-act-2000-s19-2014-04-01.xml", "clml", "section", 1, "19", "19", 0, 0),
    ("clml/transport-act-2000-s19-current.xml", "clml", "section", 1, "19", "19", 0, 0),
    ("clml/uksi-2025-3-made.xml", "clml", "regulation", 7, "1", "7", 0, 0),
    ("clml/wsi-2022-367-made.xml", "clml", "article", 2, "1", "2", 0, 0),
]


# Schedules whose words are not in numbered paragraphs, compared as one unit each: a
# schedule inserted whole into another Act (DPDI 1, 2 and 10; Sentencing 4; FSMA 3),
# a table of repeals (Housing Act 16, Police (NI) Act 8), a list of revocations by
# part (FSMA 1), a repealed schedule shown as dots (Housing Act 12). Read from the XML.
WHOLE_SCHEDULES = {
    "uk-akn/dpdi-bill-1-hc-introduced.xml": ["1", "2", "10"],
    "uk-akn/dpdi-bill-2-hc-committee.xml": ["1", "2", "10"],
    "uk-akn/employment-rights-bill-hc-introduced.xml": ["5"],
    "uk-akn/lawmaker-import-housing-act-2004.xml": ["9", "12", "16"],
    "uk-akn/lgu-fsma-2023-2024-11-01.akn.xml": ["1", "3"],
    "uk-akn/sentencing-bill-hl-report.xml": ["4"],
    "clml/fsma-2023-2024-11-01.xml": ["1", "3"],
    "clml/police-ni-act-2000-enacted.xml": ["8"],
}


@pytest.mark.parametrize(
    ("name", "fmt", "kind", "count", "first", "last", "schedules", "schedule_paragraphs"),
    EXPECTED,
    ids=[row[0] for row in EXPECTED],
)
def test_real_document_has_expected_units(
    name: str,
    fmt: str,
    kind: str,
    count: int,
    first: str,
    last: str,
    schedules: int,
    schedule_paragraphs: int,
) -> None:
    bill = load(corpus_file(name))
    assert bill.format == fmt
    units = [
        u.provision
        for u in bill.units()
        if u.provision.kind not in (Kind.SCHEDULE_PARAGRAPH, Kind.SCHEDULE)
    ]
    assert {u.kind.value for u in units} <= {kind}
    whole = [u.provision.number for u in bill.units() if u.provision.kind is Kind.SCHEDULE]
    assert whole == WHOLE_SCHEDULES.get(name, [])
    assert len(units) == count
    assert (units[0].number, units[-1].number) == (first, last)
    assert sum(1 for p in bill.walk() if p.kind is Kind.SCHEDULE) == schedules
    sched_paras = [u for u in bill.units() if u.provision.kind is Kind.SCHEDULE_PARAGRAPH]
    assert len(sched_paras) == schedule_paragraphs


@pytest.mark.parametrize("name", [row[0] for row in EXPECTED])
def test_numbers_and_headings_are_clean(name: str) -> None:
    """No editorial notes, stray whitespace or page markers leak into numbers and headings."""
    bill = load(corpus_file(name))
    for p in bill.walk():
        for value in (p.number, p.heading):
            if value is None:
                continue
            assert value == value.strip()
            assert "  " not in value and "\n" not in value
        if p.kind is Kind.SCHEDULE and p.number is not None:
            # "Schedule 1" with the authorialNote "Section 13" must give just "1".
            assert re.fullmatch(r"[0-9]+[A-Z]*", p.number), p.number
        if p.kind in (Kind.CLAUSE, Kind.SECTION, Kind.REGULATION, Kind.ARTICLE):
            assert re.fullmatch(r"[A-Z]*[0-9]+[A-Z]*", p.number or ""), p.number


@pytest.mark.parametrize("name", [row[0] for row in EXPECTED])
def test_every_unit_has_words(name: str) -> None:
    """Text or, for a repealed provision shown as dots, at least a heading."""
    bill = load(corpus_file(name))
    for unit in bill.units():
        p = unit.provision
        assert p.full_text().strip() or p.heading, p.eid


def test_lawmaker_metadata_comes_from_references_not_the_cover() -> None:
    bill = load(corpus_file("uk-akn/sentencing-bill-hl-report.xml"))
    assert bill.title == "Sentencing Bill"
    assert bill.stage == "As amended on Report"
    assert bill.house == "House of Lords"
    assert bill.bill_number == "HL Bill 159"
    assert bill.session == "59/1"
    assert bill.published == "2026-01-06"
    assert bill.version == "report-hl"
    assert bill.project_id == "UK000131P"


def test_project_id_is_constant_across_prints() -> None:
    ids = {
        load(corpus_file(f"uk-akn/social-housing-bill-{n}")).project_id
        for n in (
            "1-hl-committee.xml",
            "2-hl-report.xml",
            "3-hc-brought-from-lords.xml",
            "4-hc-pbc.xml",
        )
    }
    assert ids == {"UK000276"}


def test_schedule_number_drops_the_authorial_note() -> None:
    bill = load(corpus_file("uk-akn/social-housing-bill-2-hl-report.xml"))
    schedules = [p for p in bill.walk() if p.kind is Kind.SCHEDULE]
    assert [s.number for s in schedules] == ["1", "2", "3", "4", "5"]
    assert schedules[0].heading == "Limited liability partnerships"
    assert (schedules[0].page, schedules[0].line) == (38, 2)


def test_quoted_structure_stays_inside_its_clause_with_quote_marks() -> None:
    bill = load(corpus_file("uk-akn/social-housing-bill-2-hl-report.xml"))
    clause2 = next(u.provision for u in bill.units() if u.provision.number == "2")
    assert clause2.text.startswith(
        "After section 96 of the Housing and Regeneration Act 2008 insert— “96A Advisory panel "
        "(1) The regulator must establish a panel of persons called “the Advisory Panel”."
    )
    # The closing quote mark comes straight after the inserted words (AppendText is empty here).
    assert clause2.text.endswith("relevant to the regulator’s functions.”")
    # The inserted section 96A is not a clause of the bill.
    assert [u.provision.number for u in bill.units()][:3] == ["1", "2", "3"]


def test_processing_instruction_between_blocks_does_not_glue_words() -> None:
    # In the Sentencing Bill a <p> ends and the next line's <?L?> is followed by text
    # with no whitespace in between: "...imposed</p><?L 33-5?>for the purpose...".
    bill = load(corpus_file("uk-akn/sentencing-bill-hl-report.xml"))
    texts = [p.text for p in bill.walk() if "restriction zone requirement imposed" in p.text]
    assert texts
    assert all("imposed for the purpose" in t for t in texts)
    assert not any("imposedfor" in t for t in texts)


def test_page_and_line_come_from_l_markers() -> None:
    bill = load(corpus_file("uk-akn/social-housing-bill-2-hl-report.xml"))
    clauses = {u.provision.number: u.provision for u in bill.units() if u.schedule is None}
    assert (clauses["1"].page, clauses["1"].line) == (1, 2)
    assert (clauses["2"].page, clauses["2"].line) == (1, 11)


def test_print_without_l_markers_has_no_positions() -> None:
    bill = load(corpus_file("uk-akn/dpdi-bill-1-hc-introduced.xml"))
    assert all(p.page is None and p.line is None for p in bill.walk())


def test_definitions_keep_quote_marks_from_attributes() -> None:
    bill = load(corpus_file("uk-akn/social-housing-bill-2-hl-report.xml"))
    text = " ".join(p.text for p in bill.walk())
    assert "“housing ombudsman” means a housing ombudsman appointed" in text


def test_clml_point_in_time_pair_differs_only_where_expected() -> None:
    old = load(corpus_file("clml/transport-act-2000-s19-2014-04-01.xml"))
    new = load(corpus_file("clml/transport-act-2000-s19-current.xml"))
    assert old.project_id == new.project_id == "http://www.legislation.gov.uk/id/ukpga/2000/38"
    assert (old.version, new.version) == ("2014-04-01", "current")
    (o,) = [u.provision for u in old.units()]
    (n,) = [u.provision for u in new.units()]
    assert "conditions of a licence" in o.full_text()
    assert "licence conditions" in n.full_text()


def test_clml_and_lgu_akn_of_the_same_act_read_alike() -> None:
    clml = load(corpus_file("clml/sentencing-act-2026-s22.xml"))
    akn = load(corpus_file("uk-akn/lgu-sentencing-act-2026-s22.akn.xml"))
    (c,) = [u.provision for u in clml.units()]
    (a,) = [u.provision for u in akn.units()]
    assert c.number == a.number == "22"
    assert c.heading == a.heading == "Provision of transcripts of sentencing remarks to victims"
    assert [s.number for s in c.children] == [s.number for s in a.children]
    assert c.children[0].number == "(1)"


def test_clml_block_amendment_is_text_of_its_section_not_a_unit() -> None:
    bill = load(corpus_file("clml/police-ni-act-2000-enacted.xml"))
    numbers = [u.provision.number for u in bill.units() if u.provision.kind is Kind.SECTION]
    assert numbers == [str(n) for n in range(1, 82)]
    s30 = next(u.provision for u in bill.units() if u.provision.number == "30")
    assert "The inspectors shall" in s30.full_text()


def test_containers_group_units() -> None:
    bill = load(corpus_file("uk-akn/sentencing-bill-hl-report.xml"))
    first = next(bill.units())
    assert [c.kind for c in first.context] == [Kind.PART, Kind.CROSSHEADING]
    assert first.context[0].number == "1"
    assert first.context[0].heading == "Sentencing"
    assert all(c.kind in CONTAINER_KINDS for u in bill.units() for c in u.context)


@pytest.mark.parametrize(
    ("name", "number"),
    [
        ("clml/fsma-2023-2024-11-01.xml", "c. 29"),
        ("uk-akn/lgu-fsma-2023-2024-11-01.akn.xml", "c. 29"),
        ("clml/education-scotland-act-2025-2025-08-07.xml", "asp 11"),
        ("clml/uksi-2025-3-made.xml", "2025 No. 3"),
        ("uk-akn/lgu-uksi-2025-3-made.akn.xml", "2025 No. 3"),
    ],
)
def test_enactments_are_numbered_as_they_are_cited(name: str, number: str) -> None:
    assert load(corpus_file(name)).bill_number == number
