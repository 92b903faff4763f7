"""The compare engine on real bills, checked against the truth their GUIDs give.

Lawmaker GUIDs are stable across prints, so for each pair of real prints the
truth is computed straight from the parsed units, independently of the
aligner: a GUID only in the new print is an added unit, only in the old a
removed one, in both with different numbers a renumbered one, and in both
with different words a text change. Then every id is stripped from the XML
and the aligner must find (nearly) the same pairs by number, heading and text.
"""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from lxml import etree

from billdiff import compare, load
from billdiff.comparison import Comparison, Status, UnitChange
from billdiff.model import Bill, Kind
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
AKN = "{http://docs.oasis-open.org/legaldocml/ns/akn/3.0}"
IDS = ["social-housing-1-2", "social-housing-2-3", "social-housing-3-4", "dpdi-1-2"]

_cache: dict[str, tuple[Bill, Bill, Comparison]] = {}


def loaded(old_name: str, new_name: str) -> tuple[Bill, Bill, Comparison]:
    key = old_name + new_name
    if key not in _cache:
        old, new = load(corpus_file(old_name)), load(corpus_file(new_name))
        _cache[key] = (old, new, compare(old, new))
    return _cache[key]


def _ref(unit) -> str:
    if unit.provision.kind is Kind.SCHEDULE:  # a schedule without paragraphs
        return f"Schedule {unit.provision.number}"
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
    if v.kind.value == "schedule":
        return f"Schedule {v.number}"
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


def strip_ids(source: Path, target: Path, attrs: tuple[str, ...] = ("GUID", "eId")) -> None:
    """Write ``source`` with no GUID or eId (or only ``attrs``) on any provision (metadata
    keys stay)."""
    tree = etree.parse(str(source))
    body = tree.find(".//{http://docs.oasis-open.org/legaldocml/ns/akn/3.0}body")
    assert body is not None
    for el in body.iter():
        if isinstance(el.tag, str):
            for attr in attrs:
                el.attrib.pop(attr, None)
    tree.write(str(target), xml_declaration=True, encoding="UTF-8")


def _pairs(c: Comparison) -> set[tuple[str, str]]:
    return {(_side_ref(u.old), _side_ref(u.new)) for u in c.units if u.old and u.new}


@pytest.mark.parametrize(
    ("old_name", "new_name"), [PAIRS[0], PAIRS[2], PAIRS[3]], ids=[IDS[0], IDS[2], IDS[3]]
)
@pytest.mark.parametrize("stripped", [("GUID", "eId"), ("GUID",)], ids=["no-ids", "eids"])
def test_alignment_without_guids_matches_the_guid_pairing(
    old_name: str, new_name: str, stripped: tuple[str, ...], tmp_path: Path
) -> None:
    # Lawmaker's eIds follow the numbering (sec_16 is whatever clause is 16 now), so
    # with GUIDs gone they are no better than numbers; without any ids, only words,
    # headings and places are left. Either way the pairs are the GUIDs' pairs.
    _, _, with_ids = loaded(old_name, new_name)
    strip_ids(corpus_file(old_name), tmp_path / "old.xml", stripped)
    strip_ids(corpus_file(new_name), tmp_path / "new.xml", stripped)
    stripped_old, stripped_new = load(tmp_path / "old.xml"), load(tmp_path / "new.xml")
    assert not any(p.guid for p in stripped_old.walk())
    truth = _pairs(with_ids)
    found = _pairs(compare(stripped_old, stripped_new))
    assert found - truth == set(), "paired wrongly"
    assert truth - found == set(), "not paired"


def test_same_act_in_clml_and_legislation_gov_uk_akn_reads_alike() -> None:
    """FSMA 2023 as CLML and as legislation.gov.uk's AKN (generated from it) are one text.

    Every unit and container pairs up (482 sections and paragraphs, and Schedules 1
    and 3, whose words are not in paragraphs); besides typographic differences of the
    conversion (e.g. "section 131U (1)" in the AKN for "131U(1)"), three units
    still differ: list numbering of retained EU text ("(A1)" / "A1") and one
    quoted section heading.
    """
    clml = load(corpus_file("clml/fsma-2023-2024-11-01.xml"))
    akn = load(corpus_file("uk-akn/lgu-fsma-2023-2024-11-01.akn.xml"))
    c = compare(clml, akn)
    assert c.counts()["unchanged"] + c.counts()["amended"] == len(c.units) == 484
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


# Substitutions, relettering and sub-provisions on the real prints.


def _unit(c: Comparison, label: str) -> UnitChange:
    (u,) = [u for u in c.units if u.label == label]
    return u


def test_schedule_paragraph_substituted_with_a_new_guid_is_one_entry() -> None:
    # DPDI 1 -> 2: Schedule 3 paragraph 10 (Article 83(5)(b)) was replaced in place
    # by a paragraph with a new GUID; it used to read as one removal and one addition.
    _, _, c = loaded(*PAIRS[3])
    (u,) = [u for u in c.units if u.status is Status.SUBSTITUTED]
    assert u.label == "Schedule 3 paragraph 10"
    assert u.old is not None and u.new is not None and u.old.guid != u.new.guid
    assert u.reason == "substituted: same number and place, new GUID"
    assert u.text_diff is not None and u.text_diff.old == u.old.text
    assert u.changed


def test_bill_clause_rewritten_in_the_act_is_substituted() -> None:
    # Sentencing Bill clause 22 and Sentencing Act 2026 s. 22: same number, heading and
    # words rewritten (FORMATS-REPORT), no ids in common.
    bill = load(corpus_file("uk-akn/sentencing-bill-hl-report.xml"))
    act = load(corpus_file("clml/sentencing-act-2026-s22.xml"))
    (u,) = [u for u in compare(bill, act).units if u.new is not None]
    assert u.status is Status.SUBSTITUTED
    assert u.reason.startswith("substituted: same number and place, rewritten (similarity")
    assert u.old is not None and u.old.heading == "Court transcripts of sentencing remarks"


def _relettered(u: UnitChange) -> list[tuple[str, str]]:
    assert u.text_diff is not None
    return [(h.old, h.new) for h in u.text_diff.hunks if h.cls is HunkClass.RELETTERING]


def test_paragraphs_relettered_after_four_inserted_are_relettering() -> None:
    # DPDI clause 32 -> 34, subsection (2): four paragraphs inserted before (c).
    _, _, c = loaded(*PAIRS[3])
    u = _unit(c, "clause 32 → 34")
    assert _relettered(u) == [("c", "e"), ("d", "f"), ("e", "g"), ("f", "h")]
    assert HunkClass.SUBSTANTIVE in u.hunk_classes  # the inserted paragraphs are


def test_subsections_renumbered_inside_quoted_text_are_relettering() -> None:
    # Social Housing, HC PBC: a subsection inserted into quoted sections 199A and 225B
    # renumbers the later ones.
    _, _, c = loaded(*PAIRS[2])
    for label in ("clause 28 → 27", "clause 31 → 30"):
        assert _relettered(_unit(c, label)) == [("7", "8"), ("8", "9"), ("9", "10"), ("10", "11")]


def test_schedule_paragraph_with_a_paragraph_inserted_first_reletters_the_rest() -> None:
    _, _, c = loaded(*PAIRS[0])
    u = _unit(c, "Schedule 5 paragraph 16")
    assert _relettered(u) == [("a", "b"), ("b", "c")]
    assert u.structure == ("paragraph (a) added",)


def test_a_full_stop_after_a_quoted_paragraph_number_is_relettering() -> None:
    _, _, c = loaded(*PAIRS[3])
    u = _unit(c, "clause 9 → 10")
    assert _relettered(u) == [("", ".")]
    assert u.hunk_classes == {HunkClass.RELETTERING}


def test_reference_numbers_the_renumbering_does_not_explain_stay_substantive() -> None:
    _, _, c = loaded(*PAIRS[3])
    for label, old, new in (("clause 22 → 24", "1", "3"), ("clause 37 → 39", "B1", "A2")):
        diff = _unit(c, label).text_diff
        assert diff is not None
        (h,) = [h for h in diff.hunks if (h.old, h.new) == (old, new)][:1]
        assert h.cls is HunkClass.SUBSTANTIVE


def test_relettering_on_the_corpus_pairs_is_no_longer_substantive() -> None:
    counts = []
    for pair in PAIRS:
        _, _, c = loaded(*pair)
        counts.append(sum(len(_relettered(u)) for u in c.units if u.text_diff is not None))
    assert counts == [6, 0, 8, 12]


def test_a_sub_provision_whose_words_are_all_still_there_is_not_removed() -> None:
    # DPDI clause 106 -> 113: quoted "(a)", "(b)" were marked up as paragraphs of the
    # clause in print 1 and are plain text in print 2; the words are the same.
    _, _, c = loaded(*PAIRS[3])
    u = _unit(c, "clause 106 → 113")
    assert u.structure == ()
    assert u.hunk_classes == {HunkClass.TYPOGRAPHIC}


def test_a_sub_provision_replaced_under_the_same_number_is_named_once_as_replaced() -> None:
    _, _, c = loaded(*PAIRS[3])
    assert _unit(c, "Schedule 3 paragraph 14").structure == (
        "sub-paragraph (2) replaced",
        "sub-paragraph (3) replaced",
    )
    # Its new paragraphs (a) and (b) are part of the replacement, not listed again.
    assert _unit(c, "Schedule 3 paragraph 2").structure == ("sub-paragraph (3) replaced",)
    assert _unit(c, "clause 32 → 34").structure == (
        "subsection (2)(a) replaced",
        "subsection (2)(b) replaced",
        "subsection (2)(c) added",
        "subsection (2)(d) added",
        "subsection (2)(f)(i) added",
        "subsection (2)(f)(ii) added",
    )


@pytest.mark.parametrize(("old_name", "new_name"), PAIRS, ids=IDS)
def test_structure_changes_are_in_the_prints_words_and_never_both_added_and_removed(
    old_name: str, new_name: str
) -> None:
    _, _, c = loaded(old_name, new_name)
    for u in c.units:
        labels = [s.rsplit(" ", 1)[0] for s in u.structure]
        assert len(labels) == len(set(labels)), u.structure
        for s in u.structure:
            assert s.split(" ", 1)[0] in ("subsection", "paragraph", "sub-paragraph"), s
            assert s.rsplit(" ", 1)[1] in ("added", "removed", "replaced"), s


def _swap_schedule_paragraphs(source: Path, target: Path, schedule: str, a: str, b: str) -> None:
    """Write ``source`` with no ids, paragraphs ``a`` and ``b`` of ``schedule`` swapped
    (each keeping the number of the place it moves to)."""
    from tests import next_print

    tree = next_print.parse(source)
    body = next_print.body_of(tree)
    (sched,) = [s for s in next_print.schedules(body) if next_print.schedule_number(s) == schedule]
    by_number = {next_print.number_of(p): p for p in next_print.schedule_paragraphs(sched)}
    pa, pb = by_number[a], by_number[b]
    na, nb = pa[[c.tag for c in pa].index(f"{AKN}num")], pb[[c.tag for c in pb].index(f"{AKN}num")]
    pa.replace(na, copy.deepcopy(nb))
    pb.replace(nb, copy.deepcopy(na))
    mark = etree.Element("mark")
    pa.getparent().replace(pa, mark)
    pb.getparent().replace(pb, pa)
    mark.getparent().replace(mark, pb)
    target.write_bytes(next_print.forms(tree)["no-ids"])


@pytest.mark.parametrize(
    ("name", "schedule", "a", "b"),
    [
        ("uk-akn/dpdi-bill-2-hc-committee.xml", "7", "2", "3"),  # similar 0.91
        ("uk-akn/social-housing-bill-1-hl-committee.xml", "4", "7", "8"),  # similar 0.88
    ],
    ids=["dpdi-sch7", "social-housing-sch4"],
)
def test_swapped_schedule_paragraphs_without_ids_go_with_their_identical_words(
    name: str, schedule: str, a: str, b: str, tmp_path: Path
) -> None:
    from tests import next_print

    source = corpus_file(name)
    (tmp_path / "old.xml").write_bytes(next_print.forms(next_print.parse(source))["no-ids"])
    _swap_schedule_paragraphs(source, tmp_path / "new.xml", schedule, a, b)
    c = compare(load(tmp_path / "old.xml"), load(tmp_path / "new.xml"))
    swapped = {
        (u.old.number, u.new.number)
        for u in c.units
        if u.old and u.new and u.old.schedule == schedule and u.old.number in (a, b)
    }
    assert swapped == {(a, b), (b, a)}
    assert not any(u.text_diff and u.text_diff.hunks for u in c.units), "invented word changes"


@pytest.mark.parametrize(("old_name", "new_name"), PAIRS, ids=IDS)
def test_no_real_pair_reaches_the_bound_on_word_diff_work(old_name: str, new_name: str) -> None:
    _, _, c = loaded(old_name, new_name)
    assert not any(u.text_diff is not None and u.text_diff.coarse for u in c.units)
    assert not any("too many changes" in w for w in c.warnings)
