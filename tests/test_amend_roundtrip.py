"""The proof: the amendments drawn from two prints, applied to the older one, give the newer.

For every changed unit of the fixtures and of Social Housing 1→2, 3→4 and DPDI
1→2, the applier (which reads only the old print and the instructions, here
read back from the JSON a clerk would save) must give the new print's words,
heading and number exactly. The figures are printed with ``-s``.
"""

from __future__ import annotations

import json
import re

import pytest

from billdiff.amend.apply import apply
from billdiff.amend.instructions import from_data
from billdiff.amend.verify import score
from billdiff.comparison import Status
from billdiff.normalise import typographic_key
from billdiff.render.amendments import draft_data
from tests.amend_cases import CORPUS_PAIRS, FIXTURE_PAIRS, Case, case
from tests.conftest import ROOT, corpus_file

ALL = list(FIXTURE_PAIRS) + list(CORPUS_PAIRS)


def get(name: str) -> Case:
    if name in FIXTURE_PAIRS:
        return case(*FIXTURE_PAIRS[name])
    old, new = CORPUS_PAIRS[name]
    return case(corpus_file(old), corpus_file(new))


@pytest.mark.parametrize("name", ALL)
def test_every_changed_unit_round_trips_exactly(name: str) -> None:
    c = get(name)
    result = c.check
    print(
        f"\n{name}: {result.changed} changed units; exact {result.exact} "
        f"({result.exact / result.changed:.0%}), typographic {result.typographic}; "
        f"by the amendments alone {result.amendments_only}; "
        f"{len(c.draft.amendments)} amendments, {len(c.draft.printing)} changes on reprinting"
    )
    assert result.failures == ()
    assert result.not_applied == ()
    assert result.exact == result.changed > 0
    assert result.typographic == result.changed


@pytest.mark.parametrize("name", ALL)
def test_the_json_a_clerk_saves_is_enough_to_apply(name: str) -> None:
    """Round trip through ``billdiff.amendments`` JSON: the records carry everything."""
    c = get(name)
    data = json.loads(json.dumps(draft_data(c.draft)))
    instructions = [from_data(x) for x in data["amendments"] + data["printing"]]
    assert instructions == list(c.draft.instructions)
    result = apply(c.old, instructions, c.positions)
    s = score(result, c.draft, c.comparison)
    assert (s.exact, s.failures) == (s.changed, [])


#: Units left out and inserted whole though the comparison pairs them. Only in a print
#: without page and line (DPDI 1, cited by clause and subsection, where words are found in a
#: whole subsection's text): text quoted into another Act restructured so that no words
#: without a provision number in them are the first such in the subsection.
WHOLE = {"DPDI 1→2": {"22", "79", "106"}}


@pytest.mark.parametrize("name", ALL)
def test_no_unit_is_left_out_and_inserted_whole(name: str) -> None:
    """The last resort (leave out the clause and insert it again) is not needed where the
    print has page and line: only a unit the comparison calls substituted (a new provision
    in the same place) is; the notes name any other."""
    c = get(name)
    substituted = {
        (u.old.guid, u.old.eid) for u in c.comparison.units if u.status is Status.SUBSTITUTED
    }
    whole = [i for i in c.draft.amendments if i.action.TYPE == "substitute_unit"]
    others = {i.target.number for i in whole if (i.target.guid, i.target.eid) not in substituted}
    assert others == WHOLE.get(name, set())
    assert any("inserted again whole" in n for n in c.draft.notes) == bool(others)


def test_the_applier_reads_only_the_old_print() -> None:
    """Given no instructions it changes nothing; given the draft, it gives the new text."""
    c = get("fixtures 1→2")
    nothing = apply(c.old, [], c.positions)
    assert [u.text for u in nothing.units] == [u.provision.full_text() for u in c.old.units()]
    news = {u.new.text for u in c.comparison.units if u.new is not None}
    got = {u.text for u in apply(c.old, c.draft.instructions, c.positions).units}
    assert got == news


def test_amendments_alone_leave_only_reprinting_changes() -> None:
    """Without the changes made on reprinting, what differs is only those changes."""
    c = get("fixtures 1→2")
    alone = apply(c.old, c.draft.amendments, c.positions).by_old()
    for u in c.comparison.units:
        if u.old is None or u.new is None or u.old.index not in alone:
            continue
        if alone[u.old.index].text != u.new.text:
            assert u.text_diff is not None
            assert {h.cls.value for h in u.text_diff.hunks} <= {"xref", "typographic"}
    assert c.check.amendments_only == 19


def test_typographic_equality_is_the_looser_figure() -> None:
    c = get("fixtures 1→2")
    assert typographic_key("In\u2007this") == typographic_key("In this")
    assert c.check.typographic >= c.check.exact


def _readme_round_trips() -> dict[str, tuple[int, int, int]]:
    """The README's round-trip table: pair name -> (changed, exact, amendments alone)."""
    rows = re.findall(
        r"^\| ([^|]+?) \| (\d+) \| (\d+) \| (\d+) \|", (ROOT / "README.md").read_text(), re.M
    )
    return {name.split(" (")[0]: (int(a), int(b), int(c)) for name, a, b, c in rows}


@pytest.mark.parametrize("name", ALL)
def test_the_readme_round_trip_table_gives_todays_figures(name: str) -> None:
    c = get(name)
    figures = (c.check.changed, c.check.exact, c.check.amendments_only)
    assert _readme_round_trips()[name] == figures
