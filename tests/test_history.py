"""A Bill's history over many prints: lineages checked against written and GUID truth.

The fixtures' lineages must be CHANGES.md's 1 → 2 and 2 → 3 tables chained
together; Social Housing's four real prints must keep every GUID in one
lineage, and count exactly what the pairwise comparisons count.
"""

from __future__ import annotations

import dataclasses
import functools
from collections import Counter
from pathlib import Path

import pytest

from billdiff import compare, load
from billdiff.comparison import Status
from billdiff.errors import UsageError
from billdiff.history import (
    AmbiguousLineage,
    DifferentBills,
    History,
    NoSuchLineage,
    OrderMode,
)
from billdiff.model import Bill, Provision
from tests.conftest import PRINTS, corpus_file
from tests.test_compare_fixtures import ground_truth

SOCIAL_HOUSING = (
    "uk-akn/social-housing-bill-1-hl-committee.xml",
    "uk-akn/social-housing-bill-2-hl-report.xml",
    "uk-akn/social-housing-bill-3-hc-brought-from-lords.xml",
    "uk-akn/social-housing-bill-4-hc-pbc.xml",
)


@functools.cache
def bill(path: Path) -> Bill:
    return load(path)


def fixtures() -> list[Bill]:
    return [bill(p) for p in PRINTS]


def social_housing() -> list[Bill]:
    return [bill(corpus_file(p)) for p in SOCIAL_HOUSING]


@pytest.fixture(scope="module")
def crime() -> History:
    return History.build(fixtures())


@pytest.fixture(scope="module")
def housing() -> History:
    return History.build(social_housing())


def refs_of(b: Bill) -> list[str]:
    """Each unit's reference as CHANGES.md writes it: "12", or "SCHEDULE/PARAGRAPH"."""
    out = []
    for unit in b.units():
        sched = unit.schedule
        number = unit.provision.number or ""
        out.append(f"{sched.number or 'S'}/{number}" if sched is not None else number)
    return out


def _step(table: dict[str | None, tuple[str | None, str]], ref: str) -> tuple[str | None, str]:
    """Where a unit goes at one step, by the table; a unit not listed keeps its number."""
    return table.get(ref, (ref, "unchanged"))


def expected_chains() -> set[tuple[tuple[str | None, ...], tuple[str | None, ...]]]:
    """Every lineage of the three fixture prints as (refs, statuses), from CHANGES.md alone."""
    tables = []
    for transition in ("1 → 2", "2 → 3"):
        rows = [r for r in ground_truth(transition)[0] if r.kind != "schedule"]
        tables.append(
            (
                {r.old: (r.new, r.status) for r in rows if r.old is not None},
                [r.new for r in rows if r.old is None],
            )
        )
    (moves12, added12), (moves23, added23) = tables
    out = set()
    for ref1 in refs_of(bill(PRINTS[0])):
        ref2, status12 = _step(moves12, ref1)
        ref3, status23 = _step(moves23, ref2) if ref2 is not None else (None, None)
        out.add(((ref1, ref2, ref3), (status12, status23)))
    for ref2 in added12:
        assert ref2 is not None
        ref3, status23 = _step(moves23, ref2)
        out.add(((None, ref2, ref3), ("added", status23)))
    out.update(((None, None, ref3), (None, "added")) for ref3 in added23)
    return out


# -- the fixtures against CHANGES.md ----------------------------------------------------------


def test_the_fixtures_lineages_are_the_changes_tables_chained(crime: History) -> None:
    got = {
        (lineage.refs(), tuple(s.value if s else None for s in lineage.statuses()))
        for lineage in crime.lineages
    }
    assert got == expected_chains()
    assert len(crime.lineages) == len(expected_chains())


def test_a_clause_amended_then_renumbered_keeps_one_lineage_and_its_guid(crime: History) -> None:
    lineage = crime.find_one("1:12")  # Assault of retail worker: 12 → 12 → 14
    assert lineage.refs() == ("12", "12", "14")
    assert lineage.statuses() == (Status.AMENDED, Status.RENUMBERED)
    guids = {v.guid for v in lineage.versions if v is not None}
    assert guids == {lineage.id}
    assert lineage.chain == "clause 12 → 12 → 14"


def test_a_removed_clause_ends_its_lineage_and_stays_listed_after_its_neighbour(
    crime: History,
) -> None:
    rows = [lineage.refs() for lineage in crime.lineages]
    removed = rows.index(("11", None, None))
    assert rows[removed - 1] == ("10", "11", "13")
    assert crime.lineages[removed].steps[1] is None
    assert crime.lineages[removed].chain == "clause 11 → removed"


def test_every_lineage_id_is_the_guid_all_its_versions_carry(crime: History) -> None:
    for lineage in crime.lineages:
        assert {v.guid for v in lineage.versions if v is not None} == {lineage.id}


def test_prints_are_named_and_put_in_publication_order(crime: History) -> None:
    assert crime.names == (
        "As Introduced (Bill 166)",
        "As amended in Public Bill Committee (Bill 235)",
        "As brought from the Commons (HL Bill 111)",
    )
    assert crime.order.mode is OrderMode.METADATA
    assert crime.order.reason == "by publication date"
    assert not crime.order.reordered


# -- order -------------------------------------------------------------------------------------


def test_shuffled_prints_come_back_in_publication_order() -> None:
    bills = social_housing()
    shuffled = [bills[2], bills[0], bills[3], bills[1]]
    history = History.build(shuffled)
    assert [p.sha256 for p in history.prints] == [b.sha256 for b in bills]
    assert history.order.given == (1, 3, 0, 2)
    assert history.order.reordered


def test_without_dates_the_stages_give_the_order() -> None:
    undated = [dataclasses.replace(b, published=None) for b in fixtures()]
    history = History.build([undated[2], undated[0], undated[1]])
    assert [p.version for p in history.prints] == [
        "introd-hc",
        "public-committee-hc",
        "introd-hc-hl",
    ]
    assert history.order.reason == "by stage"


def test_prints_the_metadata_cannot_order_stay_as_given_and_the_reason_says_why() -> None:
    blank = [dataclasses.replace(b, published=None, version=None) for b in fixtures()]
    history = History.build([blank[1], blank[0], blank[2]])
    assert history.order.mode is OrderMode.GIVEN
    assert history.order.asked is OrderMode.METADATA
    assert history.order.reason.startswith("as given, since ")
    assert "have no publication dates or stages" in history.order.reason
    assert [p.sha256 for p in history.prints] == [b.sha256 for b in (blank[1], blank[0], blank[2])]


def test_order_given_keeps_the_order_given_and_the_steps_warn_of_it() -> None:
    bills = fixtures()
    history = History.build([bills[1], bills[0], bills[2]], order="given")
    assert history.order.mode is OrderMode.GIVEN and history.order.reason == "as given"
    assert [p.version for p in history.prints] == [
        "public-committee-hc",
        "introd-hc",
        "introd-hc-hl",
    ]
    assert any(w.startswith("1 → 2: NEW looks older than OLD") for w in history.warnings)


# -- refusals ----------------------------------------------------------------------------------


def test_prints_of_different_bills_are_refused_naming_both_projects() -> None:
    with pytest.raises(DifferentBills) as e:
        History.build([*fixtures(), social_housing()[0]])
    message = str(e.value)
    assert "UK000712" in message and "UK000276" in message and "\n" not in message


def test_prints_without_project_ids_are_refused_when_their_titles_differ() -> None:
    crime, housing = (
        dataclasses.replace(b, project_id=None) for b in (bill(PRINTS[0]), social_housing()[0])
    )
    with pytest.raises(DifferentBills, match="“Crime and Policing Bill”"):
        History.build([crime, housing])


def test_prints_without_project_ids_but_one_title_make_a_history() -> None:
    bills = [dataclasses.replace(b, project_id=None) for b in fixtures()]
    assert len(History.build(bills).steps) == 2


def test_versions_of_an_act_are_ordered_by_the_date_they_came_into_force() -> None:
    old = bill(corpus_file("clml/transport-act-2000-s19-2014-04-01.xml"))
    new = bill(corpus_file("clml/transport-act-2000-s19-current.xml"))
    history = History.build([new, old])
    assert [p.sha256 for p in history.prints] == [old.sha256, new.sha256]
    assert history.order.reason == "by date in force"


def test_one_print_given_twice_is_refused() -> None:
    p1 = bill(PRINTS[0])
    with pytest.raises(UsageError, match=r"1-commons-introduced\.xml is given twice"):
        History.build([p1, bill(PRINTS[1]), p1])
    copy = dataclasses.replace(p1, source_path="copy.xml")
    with pytest.raises(UsageError, match="are the same print"):
        History.build([p1, copy])


def test_a_history_needs_two_prints() -> None:
    with pytest.raises(UsageError, match="two or more prints"):
        History.build([bill(PRINTS[0])])


# -- finding a lineage -------------------------------------------------------------------------


def test_a_number_naming_different_units_in_different_prints_is_ambiguous(crime: History) -> None:
    found = crime.find("16")  # 14 → 14 → 16, 16 → 15 → 17 and 17 → 16 → 18
    assert [lineage.refs() for lineage in found] == [
        ("14", "14", "16"),
        ("16", "15", "17"),
        ("17", "16", "18"),
    ]
    with pytest.raises(AmbiguousLineage, match="say N:16"):
        crime.find_one("16")


def test_a_print_prefix_reads_the_number_in_that_print(crime: History) -> None:
    assert crime.find_one("2:clause 16").refs() == ("17", "16", "18")
    assert crime.find_one("first:16").refs() == ("16", "15", "17")
    assert crime.find_one("last:Schedule 2 paragraph 5").refs() == (None, None, "2/5")


def test_a_guid_an_eid_or_a_lineage_id_finds_the_lineage(crime: History) -> None:
    lineage = crime.find_one("1:12")
    assert crime.find_one(lineage.id) is lineage
    assert crime.find_one("3:sec_14") is crime.find_one("3:14")
    with pytest.raises(AmbiguousLineage):  # eIds follow each print's numbers
        crime.find_one("sec_14")
    assert crime.lineage(lineage.id) is lineage


def test_an_unknown_reference_is_one_line_naming_the_print(crime: History) -> None:
    with pytest.raises(NoSuchLineage, match="in print 2"):
        crime.find("2:99")
    with pytest.raises(UsageError, match="no print 7"):
        crime.find("7:1")


# -- what the terminal UI and the HTML report use ----------------------------------------------


def test_any_two_prints_compare_once_and_their_units_lead_to_their_lineages(
    crime: History,
) -> None:
    pair = crime.comparison(0, 2)
    assert pair is crime.comparison(0, 2)
    assert crime.comparison(0, 1) is crime.steps[0]
    assert pair == compare(bill(PRINTS[0]), bill(PRINTS[2]))
    for unit in pair.units:
        lineage = crime.lineage_of(unit, 0, 2)
        assert lineage is not None
        if unit.old is not None:
            assert lineage.versions[0] == unit.old or lineage.versions[2] == unit.new
        if unit.new is not None:
            assert lineage.versions[2] == unit.new


# -- lineage ids without GUIDs -----------------------------------------------------------------


def _without_guids(b: Bill) -> Bill:
    def strip(p: Provision) -> Provision:
        return dataclasses.replace(p, guid=None, children=tuple(strip(c) for c in p.children))

    return dataclasses.replace(b, provisions=tuple(strip(p) for p in b.provisions))


def test_units_without_guids_get_ids_from_their_first_print_kept_through_later_ones() -> None:
    bills = [_without_guids(b) for b in fixtures()]
    history = History.build(bills)
    retail = history.find_one("1:12")
    assert retail.id == "clause:12@introd-hc"
    assert retail.refs() == ("12", "12", "14")
    assert history.find_one("3:9").id == "clause:9@introd-hc-hl"  # added in print 3
    assert history.find_one("1:2/1").id == "schedule-paragraph:2/1@introd-hc"
    # A later print added changes none of the ids the first two prints gave.
    for lineage in History.build(bills[:2]).lineages:
        assert history.lineage(lineage.id).refs()[:2] == lineage.refs()


def test_a_unit_that_comes_back_after_removal_is_a_new_lineage_with_a_distinct_id() -> None:
    p1, p2, _ = fixtures()
    again = dataclasses.replace(p1, published="2025-07-01", sha256="reprint")
    history = History.build([p1, p2, again])
    removed = [lin for lin in history.lineages if lin.refs()[0] == "11" and lin.refs()[2] is None]
    back = [lin for lin in history.lineages if lin.refs() == (None, None, "11")]
    assert len(removed) == 1 and len(back) == 1
    guid = removed[0].id
    assert back[0].versions[2] is not None and back[0].versions[2].guid == guid
    assert back[0].id == f"{guid}@p3"  # print 3 shares print 1's version code
    assert len({lin.id for lin in history.lineages}) == len(history.lineages)


# -- Social Housing: four real prints ----------------------------------------------------------


def test_social_housing_lineages_keep_every_guid_in_one_lineage(housing: History) -> None:
    for n, b in enumerate(social_housing()):
        for unit in b.units():
            guid = unit.provision.guid
            assert guid is not None
            version = housing.lineage(guid).versions[n]
            assert version is not None and version.guid == guid, (n, guid)


def test_social_housing_lineage_ids_are_the_guids_and_each_unit_is_in_one_lineage(
    housing: History,
) -> None:
    for n, b in enumerate(social_housing()):
        in_print = [lin.versions[n] for lin in housing.lineages if lin.versions[n] is not None]
        assert len(in_print) == len(list(b.units()))
    for lineage in housing.lineages:
        assert {v.guid for v in lineage.versions if v is not None} == {lineage.id}


def test_social_housing_counts_per_step_are_the_pairwise_comparisons(housing: History) -> None:
    bills = social_housing()
    for n in range(3):
        expected = compare(bills[n], bills[n + 1]).counts()
        expected.pop("containers changed")
        got = Counter(lin.steps[n].status.value for lin in housing.lineages if lin.steps[n])
        assert {s.value: got.get(s.value, 0) for s in Status} == expected


def test_social_housing_is_ordered_by_date_through_both_houses(housing: History) -> None:
    assert [p.version for p in housing.prints] == [
        "committee-hl",
        "report-hl",
        "introd-hl-hc",
        "public-committee-hc",
    ]
    assert housing.order.reason == "by publication date"


@pytest.mark.skipif(not hasattr(__import__("os"), "fork"), reason="needs os.fork")
def test_comparisons_shared_with_a_second_process_give_the_same_history(
    crime: History, monkeypatch: pytest.MonkeyPatch
) -> None:
    from billdiff import history as module
    from billdiff import parallel

    monkeypatch.setattr(parallel, "enabled", True)
    monkeypatch.setattr(module, "PARALLEL_STEPS", 2)
    shared = History.build(fixtures())
    assert shared.steps == crime.steps
    assert [(x.id, x.refs(), x.statuses()) for x in shared.lineages] == [
        (x.id, x.refs(), x.statuses()) for x in crime.lineages
    ]
