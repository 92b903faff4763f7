"""Keeling schedules end to end: the bundled example against its hand-written ground truth,
the Employment Rights Bill against Lawmaker's own table of amendments, and the command."""

from __future__ import annotations

import copy
import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from billdiff.engine import compare
from billdiff.formats import load
from billdiff.formats.xmlsafe import load_xml
from billdiff.keeling.schedule import Keeling, keeling, read_amending_bill
from tests.conftest import FIXTURES, corpus_file

Run = Callable[..., tuple[int, str, str]]
EXAMPLE = FIXTURES
ACT = EXAMPLE / "asbcpa-2014-extract.xml"
EXPECTED = json.loads((EXAMPLE / "keeling-expected.json").read_text(encoding="utf-8"))
PRINTS = [p["file"] for p in EXPECTED["prints"]]


def _keeling(bill: Path, act: Path) -> Keeling:
    return keeling(read_amending_bill(load_xml(bill)), load(act))


def _rows(k: Keeling) -> set[tuple[str | None, str | None, str]]:
    account = k.comparison.account
    assert account is not None
    return {(a.eid, x, a.type_of_amendment) for a in account.amendments for x in a.affected}


# -- the bundled example ----------------------------------------------------------------------


@pytest.mark.parametrize("print_", EXPECTED["prints"], ids=PRINTS)
def test_the_example_table_of_amendments_is_the_hand_written_one(print_: dict) -> None:
    k = _keeling(EXAMPLE / print_["file"], ACT)
    expected = {
        (r["source_eid"], r["affected_provision"], r["type_of_amendment"])
        for r in print_["amendments"]
    }
    assert _rows(k) == expected
    account = k.comparison.account
    assert account is not None
    assert account.applied == account.total == len({r["source_eid"] for r in print_["amendments"]})


@pytest.mark.parametrize("print_", EXPECTED["prints"], ids=PRINTS)
def test_the_example_act_as_amended_reads_as_written_by_hand(print_: dict) -> None:
    k = _keeling(EXAMPLE / print_["file"], ACT)
    by_eid = {p.eid: p for p in k.amended.walk()}
    for eid, text in print_["expected_text"].items():
        if eid.endswith("__hdg"):
            assert by_eid[eid.removesuffix("__hdg")].heading == text, eid
        elif text is None:
            assert eid not in by_eid, eid
        else:
            assert by_eid[eid].full_text() == text, eid


def test_every_change_of_the_example_says_where_it_came_from() -> None:
    k = _keeling(EXAMPLE / PRINTS[-1], ACT)
    for u in k.comparison.changed_units():
        hunks = [h for d in (u.heading_diff, u.text_diff) if d for h in d.hunks]
        assert u.sources or hunks, u.label
        assert all(h.sources for h in hunks), u.label


def test_the_example_provisions_that_only_mention_the_act_are_not_applied() -> None:
    k = _keeling(EXAMPLE / PRINTS[1], ACT)
    account = k.comparison.account
    assert account is not None
    applied_from = {a.eid for a in account.amendments}
    for p in EXPECTED["prints"][1]["not_amendments"]:
        assert p["source_eid"] not in applied_from, p


# -- the Employment Rights Bill against Lawmaker's own table ---------------------------------


@pytest.fixture(scope="module")
def employment_rights() -> Keeling:
    return _keeling(
        corpus_file("uk-akn/employment-rights-bill-hc-introduced.xml"),
        corpus_file("uk-akn/lawmaker-import-employment-rights-act-1996.xml"),
    )


def _truth() -> set[tuple[str, str, str]]:
    rows = json.loads(
        corpus_file("../keeling/employment-rights-act-1996.table.json").read_text(encoding="utf-8")
    )
    return {
        (r["source_eid"], target.strip(), r["type_of_amendment"])
        for r in rows
        for target in r["affected_provision"].split(",")
    }


def test_the_employment_rights_table_scores_at_least_095(employment_rights: Keeling) -> None:
    truth, mine = _truth(), _rows(employment_rights)
    hits = truth & mine
    assert len(hits) / len(mine) >= 0.95
    assert len(hits) / len(truth) >= 0.95


def test_the_employment_rights_misses_are_the_known_ones(employment_rights: Keeling) -> None:
    """Every miss was read against the XML: the table's known defects (s. 19(a) is a
    signpost; eIds taken from the Bill's hrefs rather than the Act: pt_8 for pt_VIII,
    para_8 for subpara_8), and two rows where the table is inconsistent with itself (a
    definition named by "after the definition of" is the definition in s. 14(11)(a) but its
    subsection in s. 18(3); "the words before paragraph (a)" is the paragraph in
    s. 6(4)(a) but its subsection in Sch. 1 para 14(b)); billdiff answers both alike."""
    missed = {row[:2] for row in _truth() - _rows(employment_rights)}
    assert missed == {
        ("sec_19__para_a", "sec_108"),
        ("sec_14__subsec_2", "pt_8__chp_4__hdg"),
        ("sched_2__para_5__subpara_10", "sched_1__para_56__para_8"),
        ("sec_18__subsec_3", "sec_43L__subsec_1"),
        ("sched_1__para_14__para_b", "sec_235__subsec_2B"),
    }


def test_employment_rights_applies_all_but_the_provisions_the_import_lacks(
    employment_rights: Keeling,
) -> None:
    account = employment_rights.comparison.account
    assert account is not None
    assert account.summary == "applied 99 of 105 amendments to the Employment Rights Act 1996"
    missed = account.not_applied()
    assert [c for c, *_ in missed] == [
        "s. 12(1)(b)",
        "s. 12(2)(b)",
        "s. 13(1)(b)",
        "s. 13(2)(b)",
        "s. 21(5)(a)",
        "s. 21(5)(b)",
    ]
    # This import of the Act predates the subsections these amend (80A(6A), 80B(6C), 80D(1A)
    # and (3)): each is reported, none applied elsewhere by guess.
    assert all(reason.startswith("target not in this Act") for *_, reason in missed)
    assert [p.citation for p in account.not_amendments] == ["s. 19(a)", "s. 19(b)"]


def test_employment_rights_every_change_has_its_source(employment_rights: Keeling) -> None:
    untraced = [
        u.label
        for u in employment_rights.comparison.changed_units()
        for d in (u.heading_diff, u.text_diff)
        if d
        for h in d.hunks
        if not h.sources
    ]
    assert untraced == []


def test_shared_provisions_compare_as_copies_would(employment_rights: Keeling) -> None:
    """The Act as amended shares every provision no amendment touches with the Act, and the
    engine draws such a provision once; the comparison is the one distinct copies give."""
    shared = compare(employment_rights.act, employment_rights.amended)
    copied = compare(employment_rights.act, copy.deepcopy(employment_rights.amended))
    act = {id(p) for p in employment_rights.act.walk()}
    assert any(id(p) in act for p in employment_rights.amended.walk())
    assert shared.units == copied.units and shared.containers == copied.containers


def test_the_bills_inserted_provisions_get_the_acts_eids(employment_rights: Keeling) -> None:
    eids = {p.eid for p in employment_rights.amended.walk()}
    assert {"sec_27BA", "sec_27BA__subsec_1__para_a", "sec_80G__subsec_1ZA", "sec_104I"} <= eids


# -- the command ---------------------------------------------------------------------------------


def test_keeling_on_the_example_exits_0_and_labels_changes(bd: Run) -> None:
    code, out, err = bd("keeling", str(EXAMPLE / PRINTS[1]), str(ACT), "--colour", "never")
    assert code == 0, err
    assert (
        "applied 9 of 9 amendments to the Anti-social Behaviour, Crime and Policing Act 2014" in out
    )
    assert (
        "aged #2[-10 or over-]{+at least 10 but under 18+}«words substituted by s. 5(2)(a)»" in out
    )


def test_keeling_exits_1_when_an_amendment_is_not_applied(bd: Run, tmp_path: Path) -> None:
    act = tmp_path / "act.xml"
    act.write_text(ACT.read_text(encoding="utf-8").replace("aged 10 or over", "aged ten or over"))
    code, out, _err = bd("keeling", str(EXAMPLE / PRINTS[1]), str(act))
    assert code == 1
    assert "words not found: “aged 10 or over” is not in subsection (1)" in out


def test_the_table_of_amendments_as_csv(bd: Run) -> None:
    _code, out, _err = bd("keeling", str(EXAMPLE / PRINTS[1]), str(ACT), "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0]) == [
        "source",
        "source_eid",
        "type_of_amendment",
        "affected_provision",
        "location",
        "whole_provision",
        "status",
        "reason",
    ]
    assert rows[0]["source"] == "s. 5(2)(a)" and rows[0]["affected_provision"] == "sec_1__subsec_1"
    assert {row["status"] for row in rows} == {"applied"}


def test_the_json_document(bd: Run) -> None:
    _code, out, _err = bd("keeling", str(EXAMPLE / PRINTS[1]), str(ACT), "--format", "json")
    data = json.loads(out)
    assert (data["schema"], data["version"]) == ("billdiff.keeling", 1)
    first = data["amendments"][0]
    assert first["effect"] == "words substituted"
    assert first["affected_provisions"] == ["sec_1__subsec_1"]
    hunks = [h for u in data["comparison"]["units"] for h in u["hunks"] if h["sources"]]
    assert hunks[0]["sources"][0]["label"] == "words substituted by s. 5(2)(a)"


def test_the_act_as_amended_as_xml_reads_back_to_the_same_changes(bd: Run, tmp_path: Path) -> None:
    out = tmp_path / "act-as-amended.xml"
    code, _, err = bd("keeling", str(EXAMPLE / PRINTS[2]), str(ACT), "-o", str(out))
    assert code == 0, err
    k = _keeling(EXAMPLE / PRINTS[2], ACT)
    back = load(out)
    assert [u.provision.full_text() for u in back.units()] == [
        u.provision.full_text() for u in k.amended.units()
    ]
    assert "Inserted by Sch. 1 para 6 of the Crime and Policing Bill." in out.read_text("utf-8")
    _, diff, _ = bd("diff", str(ACT), str(out), "--format", "json")
    counts = k.comparison.counts()
    assert {key: json.loads(diff)["summary"][key] for key in counts} == counts
    assert counts["added"] == 1 and counts["amended"] == 7


def test_keeling_without_an_act_lists_the_acts_amended(bd: Run) -> None:
    code, out, err = bd("keeling", str(EXAMPLE / PRINTS[1]))
    assert code == 0, err
    assert "Anti-social Behaviour, Crime and Policing Act 2014" in out
    data = json.loads(bd("keeling", str(EXAMPLE / PRINTS[1]), "--format", "json")[1])
    asb = next(a for a in data["acts"] if a["name"].startswith("Anti-social"))
    assert asb["key"] == "ukpga/2014/12" and asb["amendments"] == 9


def test_an_act_the_bill_does_not_amend_is_one_line_and_exit_2(bd: Run) -> None:
    other = EXAMPLE / PRINTS[0]
    code, _out, err = bd("keeling", str(EXAMPLE / PRINTS[1]), str(other))
    assert code == 2
    assert err.count("\n") == 1 and "makes no textual amendment to" in err


def test_an_act_given_as_the_bill_is_refused(bd: Run) -> None:
    code, _out, err = bd("keeling", str(ACT), str(ACT))
    assert code == 2 and "billdiff:" in err and err.count("\n") == 1


def test_keeling_never_writes_onto_its_inputs(bd: Run, tmp_path: Path) -> None:
    act = tmp_path / "act.xml"
    act.write_bytes(ACT.read_bytes())
    code, _out, _err = bd("keeling", str(EXAMPLE / PRINTS[1]), str(act), "-o", str(act))
    assert code == 2
    assert act.read_bytes() == ACT.read_bytes()


def test_keeling_as_a_word_document_labels_each_tracked_change_with_its_source(
    bd: Run, tmp_path: Path
) -> None:
    from tests.docx_support import read

    out = tmp_path / "keeling.docx"
    code, _, err = bd("keeling", str(EXAMPLE / PRINTS[1]), str(ACT), "--format", "docx", "-o", out)
    assert code == 0, err
    package = read(out.read_bytes())
    assert "[#2 substantive; words substituted by s. 5(2)(a)] " in package.labels()
    summary = "applied 9 of 9 amendments to the Anti-social Behaviour, Crime and Policing Act 2014"
    text = package.view("accept")
    assert summary in text and "Section by section" in text
    words = " ".join(text)
    assert "Accept All gives the Act as the Bill would amend it" in words
    assert "old print" not in words


def test_a_keeling_schedule_calls_its_units_sections(bd: Run, tmp_path: Path) -> None:
    """The Act's units are sections: the report goes "Section by section", not clause."""
    out = tmp_path / "k.html"
    code, _, err = bd("export", "--keeling", str(EXAMPLE / PRINTS[1]), str(ACT), "-o", str(out))
    assert code == 0, err
    page = out.read_text(encoding="utf-8")
    assert ">Section by section<" in page and "Clause by clause" not in page
    # How to read it speaks of the Act and the Bill, not of an old and a new print.
    assert "are words of the Act the Bill omits or replaces" in page
    assert "old print" not in page and '<a href="#amendments">The amendments</a>' in page
