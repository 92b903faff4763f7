"""A schedule whose words are not in numbered paragraphs is compared as one unit.

Some schedules hold their words directly: one that inserts a whole Schedule or Annex
into another enactment ("In the UK GDPR, at the end insert— “ANNEX 1 …”", DPDI
Schedules 1, 2 and 10), a table of repeals, a list of revocations. They used to be
read as containers with no units in them, so nothing in them was ever compared: the
Committee's change to DPDI Schedule 1 ("the fourth day" became "the period of 30
days beginning with the day") was reported by no command.

Without the corpus, the fixtures are rewritten the way such schedules are printed:
the paragraphs of Schedule 2 become the text quoted into the Police Act 1996.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from lxml import etree

from billdiff.amend.apply import apply
from billdiff.amend.instructions import (
    Heading,
    Instruction,
    LeaveOutUnit,
    NewUnit,
    Place,
    SubstituteUnit,
    Target,
)
from billdiff.amend.verify import score
from billdiff.amend.wording import COMMONS, parse, words
from billdiff.comparison import Status
from billdiff.model import Kind
from billdiff.textdiff import Op
from tests.amend_cases import case
from tests.conftest import FIXTURES, corpus_file

AKN = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
UKL = "https://www.legislation.gov.uk/namespaces/UK-AKN"
A = f"{{{AKN}}}"
NS = {"a": AKN}


def _inserted_whole(source: Path, out: Path, schedule: str = "sched_2") -> Path:
    """``source`` with ``schedule``'s paragraphs moved into a quoted Schedule, as a Bill
    prints a Schedule to be inserted into an Act; GUIDs and page-line markers kept."""
    tree = etree.parse(str(source))
    (sched,) = tree.xpath(f"//a:hcontainer[@eId='{schedule}']", namespaces=NS)
    body = [
        c
        for c in sched
        if isinstance(c.tag, str) and etree.QName(c).localname not in ("num", "heading")
    ]
    content = etree.SubElement(sched, f"{A}content")
    p = etree.SubElement(content, f"{A}p")
    mod = etree.SubElement(p, f"{A}mod")
    mod.text = "This is the Schedule to be inserted in the Police Act 1996 after Schedule 4—"
    quoted = etree.SubElement(
        mod,
        f"{A}quotedStructure",
        {
            "GUID": sched.get("GUID", "")[:-4] + "0q0q",
            "eId": f"{schedule}__qstr",
            "startQuote": "“",
            "endQuote": "”",
            f"{{{UKL}}}context": "schedule",
            f"{{{UKL}}}docName": "ukpga",
        },
    )
    inner = etree.SubElement(
        quoted, f"{A}hcontainer", {"class": "sch", "name": "schedule", "eId": "qsch_4A"}
    )
    etree.SubElement(inner, f"{A}num").text = "Schedule 4A"
    for c in body:
        inner.append(c)  # moves it
    out.write_bytes(etree.tostring(tree, xml_declaration=True, encoding="UTF-8"))
    return out


@pytest.fixture(scope="module")
def prints(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("whole")
    return (
        _inserted_whole(FIXTURES / "1-commons-introduced.xml", folder / "1.xml"),
        _inserted_whole(FIXTURES / "2-commons-public-bill-committee.xml", folder / "2.xml"),
    )


def test_a_schedule_without_paragraphs_is_one_unit_with_all_its_words(
    prints: tuple[Path, Path],
) -> None:
    from billdiff import load

    plain = load(FIXTURES / "1-commons-introduced.xml")
    whole = load(prints[0])
    (unit,) = [u for u in whole.units() if u.provision.kind is Kind.SCHEDULE]
    assert unit.provision.number == "2"
    paragraphs = [
        u.provision.full_text()
        for u in plain.units()
        if u.schedule is not None and u.schedule.number == "2"
    ]
    assert len(paragraphs) == 9
    text = unit.provision.full_text()
    assert text.startswith("This is the Schedule to be inserted in the Police Act 1996")
    for words_of_paragraph in paragraphs:
        # Every paragraph's words are in the one unit (after its number, in quotes).
        assert " ".join(words_of_paragraph.split()[:8]) in text
    others = [u for u in whole.units() if u.provision.kind is Kind.SCHEDULE_PARAGRAPH]
    assert all(u.schedule is not None and u.schedule.number != "2" for u in others)


def test_the_words_changed_in_it_are_reported(prints: tuple[Path, Path]) -> None:
    plain = case(
        FIXTURES / "1-commons-introduced.xml", FIXTURES / "2-commons-public-bill-committee.xml"
    )
    whole = case(*prints)
    (u,) = [u for u in whole.comparison.units if u.label == "Schedule 2"]
    assert u.status is Status.AMENDED and u.text_diff is not None
    got = [(h.old, h.new, h.cls) for h in u.text_diff.hunks]
    # The same changes the paragraph-by-paragraph comparison finds.
    expected = [
        (h.old, h.new, h.cls)
        for p in plain.comparison.units
        if p.new is not None and p.new.kind is Kind.SCHEDULE_PARAGRAPH and p.new.schedule == "2"
        if p.text_diff is not None
        for h in p.text_diff.hunks
    ]
    assert expected and got == expected


def test_the_amendments_drawn_up_reproduce_it(prints: tuple[Path, Path]) -> None:
    c = case(*prints)
    assert c.check.failures == () and c.check.not_applied == ()
    assert c.check.exact == c.check.changed
    mine = [
        i for i in c.draft.instructions if i.target is not None and i.target.kind is Kind.SCHEDULE
    ]
    assert mine
    for i in mine:
        lead = words(i, COMMONS).lead
        assert lead.startswith("Schedule 2, page "), lead
    # Read back from the words a clerk would table, they give the new print again.
    back = []
    for i in c.draft.instructions:
        w = words(i, COMMONS)
        target, place, action = parse(w.lead, w.block)
        if isinstance(action, NewUnit) and isinstance(i.action, NewUnit):
            # The Commons form does not say where a new Clause stands: its statement does.
            action = replace(action, after=i.action.after, number=i.action.number)
        back.append(Instruction(action, target, place, number=i.number, printing=i.printing))
    result = apply(c.old, back, c.positions)
    s = score(result, c.draft, c.comparison)
    assert result.not_applied == () and (s.exact, s.failures) == (s.changed, [])


def test_leaving_out_and_replacing_the_whole_schedule_read_back() -> None:
    for sentence, block, kind in [
        ("Page 16, line 3, leave out Schedule 2", (), LeaveOutUnit),
        (
            "Page 16, line 3, leave out Schedule 2 and insert the following new Schedule—",
            ("“Offences", "This is the Schedule to be inserted”"),
            SubstituteUnit,
        ),
    ]:
        target, place, action = parse(sentence, block)
        assert target is not None and target.kind is Kind.SCHEDULE and target.number == "2"
        assert isinstance(action, kind)
        assert words(Instruction(action, target, place), COMMONS).lead == sentence


def test_the_command_line_finds_it_by_name(
    prints: tuple[Path, Path], bd: Callable[..., tuple[int, str, str]]
) -> None:
    code, out, err = bd("diff", prints[0], prints[1], "--clause", "Schedule 2", "--colour", "never")
    assert code == 1, err  # there are changes
    assert "1 of 1 unit changed" in out and "Schedule 2  amended" in out


def test_dpdi_schedules_inserted_into_other_acts_are_compared() -> None:
    from billdiff import compare, load

    c = compare(
        load(corpus_file("uk-akn/dpdi-bill-1-hc-introduced.xml")),
        load(corpus_file("uk-akn/dpdi-bill-2-hc-committee.xml")),
    )
    by = {u.label: u for u in c.units if u.old is not None and u.old.kind is Kind.SCHEDULE}
    assert sorted(by) == ["Schedule 1", "Schedule 10", "Schedule 2"]
    assert by["Schedule 2"].status is Status.UNCHANGED
    one = by["Schedule 1"].text_diff
    assert one is not None
    changes = [(h.old, h.new) for h in one.hunks]
    # Committee stage, as the two XML files read (checked by hand).
    assert ("fourth", "period of 30 days beginning with the") in changes
    ten = by["Schedule 10"].text_diff
    assert ten is not None
    assert any(
        h.op is Op.INSERT and h.new.startswith("This is the Schedule to be substituted for")
        for h in ten.hunks
    )
    assert by["Schedule 10"].status is Status.AMENDED


def test_a_schedules_heading_changed_on_reprinting_reads_back(prints: tuple[Path, Path]) -> None:
    """ "Schedule 2, page 16, line 4, the heading becomes “…”" names a Schedule that is a
    unit itself: it is that unit, whatever line is cited (it was looked for among the
    Schedule's paragraphs, and not found)."""
    c = case(*prints)
    n, unit = next((n, u) for n, u in enumerate(c.old.units()) if u.provision.kind is Kind.SCHEDULE)
    # The line of the Schedule's heading, which holds none of its words.
    page, line = unit.provision.page, (unit.provision.line or 0) + 1
    positions = c.positions.of(n)
    assert positions is not None
    assert (page, line) not in [(p, k) for p, k, _, _ in positions.lines()]
    i = Instruction(
        Heading("Duty to report: activities"),
        Target(Kind.SCHEDULE, unit.provision.number),
        Place(page, line),
        printing="heading",
    )
    w = words(i, COMMONS)
    assert w.lead.startswith("Schedule 2, page ")
    target, place, action = parse(w.lead, w.block)
    result = apply(c.old, [Instruction(action, target, place, printing="heading")], c.positions)
    assert result.not_applied == ()
    assert result.by_old()[n].heading == "Duty to report: activities"
