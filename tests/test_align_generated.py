"""Next prints made from real bills with known changes: billdiff finds exactly those.

``tests/next_print.py`` takes a real Lawmaker print and writes a next print:
clauses inserted in runs mid-Part (some headed like the clause whose number
they took), removed singly and in ranges, moved to another Part, to another
cross-heading in order, and out of order, amended, a sub-provision inserted
early in a clause, schedule paragraphs inserted, removed and substituted, and
every later number shifted. Its record of what it did is the truth; each
print is compared in three forms: with GUIDs, with no ids at all, and with
GUIDs stripped but eIds renumbered as Lawmaker renumbers them.

``python tests/next_print.py`` makes more (any bill, any seed); this suite
runs a subset of bills and seeds.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest

from billdiff import compare, load
from billdiff.comparison import Comparison, Status, UnitChange, UnitVersion
from billdiff.textdiff import HunkClass
from billdiff.view.units import moved_text
from tests import next_print
from tests.conftest import corpus_file

# (print, bill whose words new clauses use, seed). The Housing Act 2004 (as imported
# into Lawmaker) repeats headings ("Applications for licences", "Interpretation").
CASES = [
    ("uk-akn/social-housing-bill-2-hl-report.xml", "uk-akn/sentencing-bill-hl-report.xml", 1),
    ("uk-akn/dpdi-bill-2-hc-committee.xml", "uk-akn/employment-rights-bill-hc-introduced.xml", 2),
    ("uk-akn/sentencing-bill-hl-report.xml", "uk-akn/dpdi-bill-1-hc-introduced.xml", 3),
    (
        "uk-akn/employment-rights-bill-hc-introduced.xml",
        "uk-akn/social-housing-bill-1-hl-committee.xml",
        4,
    ),
    (
        "uk-akn/scot-natural-environment-bill-introduced.xml",
        "uk-akn/social-housing-bill-2-hl-report.xml",
        5,
    ),
    ("uk-akn/lawmaker-import-housing-act-2004.xml", "uk-akn/dpdi-bill-2-hc-committee.xml", 1),
]
CASE_IDS = [f"{Path(p).stem.split('-bill')[0].split('-act')[0]}-seed{s}" for p, _, s in CASES]


@dataclass
class Generated:
    result: next_print.NextPrint
    comparisons: dict[str, Comparison]


_cache: dict[int, Generated] = {}


@pytest.fixture(scope="module", params=range(len(CASES)), ids=CASE_IDS)
def case(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Generated:
    n = request.param
    if n not in _cache:
        source, donor, seed = CASES[n]
        result = next_print.make(
            next_print.parse(corpus_file(source)), next_print.parse(corpus_file(donor)), seed
        )
        folder = tmp_path_factory.mktemp(f"case{n}")
        comparisons = {}
        old_forms, new_forms = next_print.forms(result.old), next_print.forms(result.new)
        for form in next_print.FORMS:
            (folder / f"old-{form}.xml").write_bytes(old_forms[form])
            (folder / f"new-{form}.xml").write_bytes(new_forms[form])
            old = load(folder / f"old-{form}.xml")
            new = load(folder / f"new-{form}.xml")
            comparisons[form] = compare(old, new)
        _cache[n] = Generated(result, comparisons)
    return _cache[n]


@pytest.fixture(params=next_print.FORMS)
def form(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def _ref(v: UnitVersion | None) -> str:
    if v is None:
        return ""
    if v.kind.value == "schedule-paragraph":
        return f"{v.schedule or ''}/{v.number or ''}"
    if v.kind.value == "schedule":
        return v.label
    return v.number or ""


def _by_new_ref(c: Comparison) -> dict[str, UnitChange]:
    return {_ref(u.new): u for u in c.units if u.new is not None}


def test_pairing_has_precision_and_recall_1_in_every_form(case: Generated, form: str) -> None:
    c = case.comparisons[form]
    found = Counter(
        (_ref(u.old), _ref(u.new))
        for u in c.units
        if u.old and u.new and u.status is not Status.SUBSTITUTED
    )
    truth = Counter((old, new) for old, new in case.result.truth.pairs)
    assert found - truth == Counter(), "paired wrongly"
    assert truth - found == Counter(), "not paired"


def test_every_status_equals_the_generated_truth(case: Generated, form: str) -> None:
    c = case.comparisons[form]
    got = Counter((_ref(u.old), _ref(u.new), u.status.value) for u in c.units)
    expected = Counter((old, new, status) for old, new, status in case.result.truth.statuses)
    assert got - expected == Counter(), "found, but not so in the truth"
    assert expected - got == Counter(), "in the truth, but not found"


def test_clause_moved_to_another_crossheading_in_order_is_moved_naming_both(
    case: Generated, form: str
) -> None:
    moves = case.result.truth.crossheading_moves
    assert moves, "the generator moved no clause between cross-headings"
    units = _by_new_ref(case.comparisons[form])
    for new_ref, (old_heading, new_heading) in moves.items():
        u = units[new_ref]
        assert u.status is Status.MOVED
        assert "crossheading" in u.movement
        assert u.old is not None and u.new is not None
        assert (u.old.crossheading, u.new.crossheading) == (old_heading, new_heading)
        said = moved_text(u)
        assert said is not None
        assert f"from cross-heading “{old_heading}” to cross-heading “{new_heading}”" in said


def test_numbers_relettered_by_an_insertion_are_relettering_and_the_insertion_substantive(
    case: Generated, form: str
) -> None:
    relettered = case.result.truth.relettered
    assert relettered, "the generator inserted no sub-provision early in a clause"
    units = _by_new_ref(case.comparisons[form])
    for new_ref, relabels in relettered.items():
        u = units[new_ref]
        assert u.text_diff is not None
        hunks = u.text_diff.hunks
        got = sorted((h.old, h.new) for h in hunks if h.cls is HunkClass.RELETTERING)
        assert got == sorted(tuple(r) for r in relabels)
        words = case.result.truth.inserted_subprovisions[new_ref][:40]
        inserted = [h for h in hunks if words in h.new]
        assert len(inserted) == 1 and inserted[0].cls is HunkClass.SUBSTANTIVE
        # Nothing else changed in the clause but references to renumbered clauses.
        others = {h.cls for h in hunks if h is not inserted[0]}
        assert others <= {HunkClass.RELETTERING, HunkClass.XREF}


def test_substituted_schedule_paragraph_is_one_entry_with_both_texts(
    case: Generated, form: str
) -> None:
    keys = [(o, n) for o, n, status in case.result.truth.statuses if status == "substituted"]
    if not keys:
        pytest.skip("this bill has no schedule paragraph to substitute")
    units = {(_ref(u.old), _ref(u.new)): u for u in case.comparisons[form].units}
    for key in keys:
        u = units[key]
        assert u.old is not None and u.new is not None and u.old.number == u.new.number
        assert u.reason.startswith("substituted: same number and place")
        assert u.text_diff is not None and u.text_diff.old == u.old.text


def test_an_added_clause_with_the_number_and_heading_of_another_is_added(
    case: Generated, form: str
) -> None:
    traps = case.result.truth.heading_traps
    assert traps, "the generator set no heading trap"
    c = case.comparisons[form]
    units = _by_new_ref(c)
    old_headings = {u.old.number: u.old.heading for u in c.units if u.old and not u.old.schedule}
    for new_ref in traps:
        u = units[new_ref]
        assert u.new is not None and u.new.heading == old_headings[new_ref]
        assert u.status is Status.ADDED


def test_generated_units_are_the_units_billdiff_reads(case: Generated) -> None:
    c = case.comparisons["guids"]
    new_refs = [_ref(u.new) for u in sorted((u for u in c.units if u.new), key=_new_index)]
    assert new_refs == next_print.unit_refs(case.result.new)


def _new_index(u: UnitChange) -> int:
    assert u.new is not None
    return u.new.index


def test_each_case_makes_every_kind_of_change(case: Generated) -> None:
    ops = case.result.truth.operations
    for op in (
        "clauses inserted",
        "clauses removed",
        "clauses amended",
        "clauses renumbered",
        "moved to another cross-heading in order",
        "sub-provisions inserted early in a clause",
    ):
        assert ops.get(op, 0) > 0, op
    assert ops["clauses inserted"] >= 6
    assert ops.get("moved to another Part", 0) + ops.get("moved to a distant cross-heading", 0)


def test_the_same_seed_makes_the_same_print() -> None:
    source, donor, seed = CASES[0]
    a = next_print.make(
        next_print.parse(corpus_file(source)), next_print.parse(corpus_file(donor)), seed
    )
    b = next_print.make(
        next_print.parse(corpus_file(source)), next_print.parse(corpus_file(donor)), seed
    )
    assert next_print.forms(a.new) == next_print.forms(b.new)
    assert a.truth == b.truth
