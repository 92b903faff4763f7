"""The compare engine on real bills, checked against the truth their GUIDs give.

Lawmaker GUIDs are stable across prints, so for each pair of real prints the
truth is computed straight from the parsed units, independently of the
aligner: a GUID only in the new print is an added unit, only in the old a
removed one, in both with different numbers a renumbered one, and in both
with different words a text change. Then every id is stripped from the XML
and the aligner must find (nearly) the same pairs by number, heading and text.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from billdiff import compare, load
from billdiff.comparison import Comparison, Status
from billdiff.model import Bill
from billdiff.textdiff import HunkClass
from tests.conftest import corpus_file

PAIRS = [
    ("uk-akn/social-housing-bill-1-hl-committee.xml", "uk-akn/social-housing-bill-2-hl-report.xml"),
    (
        "uk-akn/social-housing-bill-2-hl-report.xml",
        "uk-akn/social-housing-bill-3-hc-brought-from-lords.xml",
    ),
    (
        "uk-akn/social-housing-bill-3-hc-brought-from-lords.xml",
        "uk-akn/social-housing-bill-4-hc-pbc.xml",
    ),
    ("uk-akn/dpdi-bill-1-hc-introduced.xml", "uk-akn/dpdi-bill-2-hc-committee.xml"),
]
IDS = ["social-housing-1-2", "social-housing-2-3", "social-housing-3-4", "dpdi-1-2"]

_cache: dict[str, tuple[Bill, Bill, Comparison]] = {}


def loaded(old_name: str, new_name: str) -> tuple[Bill, Bill, Comparison]:
    key = old_name + new_name
    if key not in _cache:
        old, new = load(corpus_file(old_name)), load(corpus_file(new_name))
        _cache[key] = (old, new, compare(old, new))
    return _cache[key]


def _ref(unit) -> str:
    sched = unit.schedule
    return (
        f"{sched.number if sched else ''}/{unit.provision.number}"
        if sched
        else unit.provision.number
    )


def guid_truth(old: Bill, new: Bill) -> dict[str, set]:
    old_by = {u.provision.guid: u for u in old.units()}
    new_by = {u.provision.guid: u for u in new.units()}
    both = old_by.keys() & new_by.keys()
    return {
        "added": {_ref(new_by[g]) for g in new_by.keys() - old_by.keys()},
        "removed": {_ref(old_by[g]) for g in old_by.keys() - new_by.keys()},
        "renumbered": {
            (_ref(old_by[g]), _ref(new_by[g]))
            for g in both
            if old_by[g].provision.number != new_by[g].provision.number
        },
        "text": {
            (_ref(old_by[g]), _ref(new_by[g]))
            for g in both
            if (old_by[g].provision.full_text(), old_by[g].provision.heading)
            != (new_by[g].provision.full_text(), new_by[g].provision.heading)
        },
    }


def _side_ref(v) -> str:
    return f"{v.schedule}/{v.number}" if v.kind.value == "schedule-paragraph" else v.number


def engine_result(c: Comparison) -> dict[str, set]:
    # A substituted unit is one entry for two provisions (different GUIDs): by the
    # GUID truth, one was removed and the other added.
    paired = [u for u in c.units if u.old and u.new and u.status is not Status.SUBSTITUTED]
    substituted = [u for u in c.units if u.status is Status.SUBSTITUTED]
    return {
        "added": {_side_ref(u.new) for u in c.units if u.old is None}
        | {_side_ref(u.new) for u in substituted},
        "removed": {_side_ref(u.old) for u in c.units if u.new is None}
        | {_side_ref(u.old) for u in substituted},
        "renumbered": {
            (_side_ref(u.old), _side_ref(u.new)) for u in paired if u.old.number != u.new.number
        },
        "text": {(_side_ref(u.old), _side_ref(u.new)) for u in paired if u.text_changed},
    }


@pytest.mark.parametrize(("old_name", "new_name"), PAIRS, ids=IDS)
def test_added_removed_renumbered_and_text_changes_equal_the_guid_truth(
    old_name: str, new_name: str
) -> None:
    old, new, c = loaded(old_name, new_name)
    assert engine_result(c) == guid_truth(old, new)


def test_real_bill_against_itself_has_no_changes() -> None:
    bill = load(corpus_file("uk-akn/dpdi-bill-2-hc-committee.xml"))
    c = compare(bill, bill)
    assert not c.has_changes()


def test_deleted_clause_and_renumbering_in_commons_committee() -> None:
    # Social Housing, HC PBC: clause 24 "Standards relating to energy demand" was
    # left out and clauses 25-44 renumbered down by one (FORMATS-REPORT, IDs).
    _, _, c = loaded(PAIRS[2][0], PAIRS[2][1])
    removed = [u for u in c.units if u.status in (Status.REMOVED, Status.MERGED)]
    assert [(u.old.number, u.old.heading) for u in removed if u.old] == [
        ("24", "Standards relating to energy demand")
    ]
    renumbered = {
        (u.old.number, u.new.number)
        for u in c.units
        if u.old and u.new and u.old.schedule is None and u.old.number != u.new.number
    }
    assert renumbered == {(str(n), str(n - 1)) for n in range(25, 45)}


def strip_ids(source: Path, target: Path) -> None:
    """Write ``source`` with no GUID or eId on any provision (metadata keys stay)."""
    tree = etree.parse(str(source))
    body = tree.find(".//{http://docs.oasis-open.org/legaldocml/ns/akn/3.0}body")
    assert body is not None
    for el in body.iter():
        if isinstance(el.tag, str):
            for attr in ("GUID", "eId"):
                el.attrib.pop(attr, None)
    tree.write(str(target), xml_declaration=True, encoding="UTF-8")


def _pairs(c: Comparison) -> set[tuple[str, str]]:
    return {(_side_ref(u.old), _side_ref(u.new)) for u in c.units if u.old and u.new}


@pytest.mark.parametrize(
    ("old_name", "new_name"), [PAIRS[0], PAIRS[2], PAIRS[3]], ids=[IDS[0], IDS[2], IDS[3]]
)
def test_alignment_without_ids_matches_the_guid_pairing(
    old_name: str, new_name: str, tmp_path: Path
) -> None:
    _, _, with_ids = loaded(old_name, new_name)
    strip_ids(corpus_file(old_name), tmp_path / "old.xml")
    strip_ids(corpus_file(new_name), tmp_path / "new.xml")
    stripped_old, stripped_new = load(tmp_path / "old.xml"), load(tmp_path / "new.xml")
    assert not any(p.guid or p.eid for p in stripped_old.walk())
    truth = _pairs(with_ids)
    found = _pairs(compare(stripped_old, stripped_new))
    precision = len(found & truth) / len(found)
    recall = len(found & truth) / len(truth)
    assert precision >= 0.98, sorted(found - truth)
    assert recall >= 0.98, sorted(truth - found)


def test_same_act_in_clml_and_legislation_gov_uk_akn_reads_alike() -> None:
    """FSMA 2023 as CLML and as legislation.gov.uk's AKN (generated from it) are one text.

    Every unit and container pairs up; besides typographic differences of the
    conversion (e.g. "section 131U (1)" in the AKN for "131U(1)"), three units
    still differ: list numbering of retained EU text ("(A1)" / "A1") and one
    quoted section heading.
    """
    clml = load(corpus_file("clml/fsma-2023-2024-11-01.xml"))
    akn = load(corpus_file("uk-akn/lgu-fsma-2023-2024-11-01.akn.xml"))
    c = compare(clml, akn)
    assert c.counts()["unchanged"] + c.counts()["amended"] == len(c.units) == 482
    assert not any(k.changed for k in c.containers)
    assert len(c.changed_units(ignore={HunkClass.TYPOGRAPHIC})) <= 3


def test_privilege_amendment_rewraps_short_title_as_two_new_subsections() -> None:
    # HL report -> HC: clause 44 gains the privilege subsection (2), printed bold and
    # wrapped in <b> in the XML, and its former content becomes subsection (1) with
    # new GUIDs (FORMATS-REPORT, IDs).
    _, _, c = loaded(PAIRS[1][0], PAIRS[1][1])
    (u,) = [u for u in c.units if u.status is not Status.UNCHANGED]
    assert u.label == "clause 44"
    assert u.structure == ("subsection (1) added", "subsection (2) added")
    assert u.new is not None
    assert u.new.lines[-1].startswith("(2) Nothing in this Act shall impose any charge")
