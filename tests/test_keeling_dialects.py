"""Keeling schedules whatever the Act's XML dialect.

``fixtures/keeling/markets-and-air-traffic-bill.xml`` is an invented Lawmaker
Bill (written by ``build_bill.py``) that amends two real Acts of the corpus:
section 19 of the Transport Act 2000 (legislation.gov.uk CLML, at two points in
time) and the Financial Services and Markets Act 2023 (the same Act as CLML and
as legislation.gov.uk Akoma Ntoso). ``expected.json`` (explained in
``EXPECTED.md``) is the hand-written truth for each Act file: the table of
amendments, the words of every provision the Bill changes, the provisions it
inserts and the ids they get, and what is not an amendment. These tests run
``billdiff keeling`` on each file and hold it to that truth; the corpus tests
skip cleanly when the corpus is absent.

Where billdiff disagrees with the truth today, the case is marked ``xfail``
with the reason (strict: once fixed it fails until the mark is removed).
"""

from __future__ import annotations

import contextlib
import csv
import importlib.util
import io
import json
import sys
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from billdiff import cli, load
from billdiff.keeling.schedule import Keeling, keeling_of_files
from billdiff.model import Kind, Provision
from tests.conftest import ROOT, corpus_file

HERE = ROOT / "fixtures" / "keeling"
BILL = HERE / "markets-and-air-traffic-bill.xml"
EXPECTED = json.loads((HERE / "expected.json").read_text(encoding="utf-8"))
FILES = {f["id"]: f for f in EXPECTED["files"]}
COLUMNS = (
    "source",
    "source_eid",
    "type_of_amendment",
    "affected_provision",
    "location",
    "whole_provision",
    "status",
)

# What billdiff gets wrong today, by (file id, what is checked, key). Each reason says
# what the truth is and what billdiff does instead.
KNOWN: dict[tuple[str, str, str], str] = {}


def _marks(file_id: str, what: str, key: str) -> list[pytest.MarkDecorator]:
    """An expected failure where :data:`KNOWN` says billdiff gets this case wrong."""
    reason = KNOWN.get((file_id, what, key))
    return [pytest.mark.xfail(strict=True, reason=reason)] if reason else []


def _case(file_id: str, what: str, key: str, *values: object) -> Any:
    """A parameter for one Act file and one item of its truth."""
    return pytest.param(file_id, *values, id=f"{file_id}-{key}", marks=_marks(file_id, what, key))


def truth(file_id: str) -> dict[str, Any]:
    found: dict[str, Any] = EXPECTED["truths"][FILES[file_id]["truth"]]
    return found


def act_file(file_id: str) -> Path:
    return corpus_file(FILES[file_id]["file"])


@cache
def schedule(file_id: str) -> Keeling:
    """The Keeling schedule of one Act file, through the Python API."""
    return keeling_of_files(str(BILL), str(act_file(file_id)))


@cache
def command(file_id: str, *options: str) -> tuple[int, str, str]:
    """``billdiff keeling BILL ACT OPTIONS…`` run in this process: (exit code, out, err)."""
    act = act_file(file_id)
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(["keeling", str(BILL), str(act), *options])
    return code, out.getvalue(), err.getvalue()


@cache
def table(file_id: str) -> tuple[dict[str, str], ...]:
    """The table of amendments, as ``--format csv`` writes it."""
    code, out, err = command(file_id, "--format", "csv")
    assert code == truth(file_id)["exit_code"], err
    return tuple(csv.DictReader(io.StringIO(out)))


@cache
def original(file_id: str) -> dict[str, Provision]:
    """The Act's provisions by id, as billdiff reads the file (nothing applied)."""
    return {p.eid: p for p in load(str(act_file(file_id))).walk() if p.eid}


@cache
def amended(file_id: str) -> dict[str, Provision]:
    """The Act as amended: its provisions by id."""
    return {p.eid: p for p in schedule(file_id).amended.walk() if p.eid}


ROWS = [
    _case(file_id, "row", row["source_eid"], n, row)
    for file_id in FILES
    for n, row in enumerate(truth(file_id)["amendments"])
]
TEXTS = [
    _case(file_id, "text", eid, eid, text)
    for file_id in FILES
    for eid, text in truth(file_id)["expected_text"].items()
]
HEADINGS = [
    _case(file_id, "heading", eid, eid, heading)
    for file_id in FILES
    for eid, heading in truth(file_id)["expected_heading"].items()
]
NEW = [
    _case(file_id, "new", item["eid"], item)
    for file_id in FILES
    for item in truth(file_id)["inserted"]
]
FSMA_UNITS = [
    pytest.param(eid, id=eid, marks=_marks("fsma", "dialects", eid))
    for eid in EXPECTED["truths"]["fsma"]["changed_units"]
]


# -- the Bill ---------------------------------------------------------------------------------


def test_the_generator_reproduces_the_committed_bill_byte_for_byte(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    spec = importlib.util.spec_from_file_location("build_bill", HERE / "build_bill.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "build_bill", module)  # dataclasses look their module up
    spec.loader.exec_module(module)
    assert module.build().encode("utf-8") == BILL.read_bytes()


def test_the_bill_reads_as_a_lawmaker_print_and_says_it_is_invented() -> None:
    head = BILL.read_text(encoding="utf-8")[:600]
    assert "INVENTED TEXT" in head and "not the text of any Bill" in head
    bill = load(str(BILL))
    assert (bill.format, bill.title, bill.stage) == (
        "lawmaker-akn",
        EXPECTED["bill"]["title"],
        EXPECTED["bill"]["stage"],
    )
    units = [u.provision for u in bill.units()]
    assert [u.number for u in units if u.kind is Kind.CLAUSE] == [str(n) for n in range(1, 9)]
    assert len(units) == 8 + 1 + 8  # sections, Schedule 1, Schedule 2
    # Printed page and line numbers, as in a real print.
    assert all(u.page and u.line for u in units)


def test_the_bill_lists_both_acts_among_those_it_amends(bd: Any) -> None:
    code, out, err = bd("keeling", BILL)
    assert (code, err) == (0, "")
    for name in ("Financial Services and Markets Act 2023", "Transport Act 2000"):
        assert name in out


# -- the ground truth against the Acts (nothing applied) ---------------------------------------


@pytest.mark.parametrize("file_id", FILES)
def test_the_words_each_amendment_quotes_occur_as_the_truth_says(file_id: str) -> None:
    provisions = original(file_id)
    for q in truth(file_id)["quoted"]:
        p = provisions[q["in"]]
        words = (p.heading or "") if q.get("field") == "heading" else p.full_text()
        assert words.count(q["words"]) == q["times"], q


@pytest.mark.parametrize("file_id", FILES)
def test_every_affected_provision_is_in_the_act_or_inserted_by_an_earlier_row(
    file_id: str,
) -> None:
    known = set(original(file_id))
    inserted = {i["source_eid"]: i["eid"] for i in truth(file_id)["inserted"]}
    for row in truth(file_id)["amendments"]:
        assert row["affected_provision"] in known, row
        if row["source_eid"] in inserted:
            known.add(inserted[row["source_eid"]])
    for item in truth(file_id)["inserted"]:
        assert (item["eid"] in original(file_id)) == ("replaces" in item), item


# -- the command -------------------------------------------------------------------------------


@pytest.mark.parametrize("file_id", FILES)
def test_keeling_exits_1_because_an_amendment_is_not_applied_and_says_so(file_id: str) -> None:
    code, out, err = command(file_id)
    assert code == truth(file_id)["exit_code"] == 1, err
    assert out.splitlines().count(truth(file_id)["summary"]) == 2  # it opens and ends the text
    assert "Not applied (" in out


@pytest.mark.parametrize("file_id", FILES)
def test_the_table_has_one_row_per_amendment_in_the_bills_order(file_id: str) -> None:
    rows = table(file_id)
    assert [(r["source_eid"], r["type_of_amendment"]) for r in rows] == [
        (r["source_eid"], r["type_of_amendment"]) for r in truth(file_id)["amendments"]
    ]


@pytest.mark.parametrize(("file_id", "n", "row"), ROWS)
def test_each_row_of_the_table_is_the_hand_written_one(
    file_id: str, n: int, row: dict[str, Any]
) -> None:
    got = table(file_id)[n]
    want = {k: str(row[k]).lower() if k == "whole_provision" else row[k] for k in COLUMNS}
    assert {k: got[k] for k in COLUMNS} == want
    assert bool(got["reason"]) == (row["status"] != "applied")


# -- the Act as amended ------------------------------------------------------------------------


@pytest.mark.parametrize(("file_id", "eid", "text"), TEXTS)
def test_each_amended_provision_reads_as_written_by_hand(
    file_id: str, eid: str, text: str | None
) -> None:
    provisions = amended(file_id)
    if text is None:
        assert eid not in provisions
    else:
        assert eid in provisions
        assert provisions[eid].full_text() == text


@pytest.mark.parametrize(("file_id", "eid", "heading"), HEADINGS)
def test_each_amended_heading_reads_as_written_by_hand(
    file_id: str, eid: str, heading: str
) -> None:
    assert amended(file_id)[eid].heading == heading


@pytest.mark.parametrize(("file_id", "item"), NEW)
def test_a_new_provision_gets_an_id_in_the_acts_own_scheme_in_its_place(
    file_id: str, item: dict[str, str]
) -> None:
    provisions = amended(file_id)
    assert item["eid"] in provisions
    new = provisions[item["eid"]]
    assert new.number == item["num"]
    parent = next(p for p in provisions.values() if any(c is new for c in p.children))
    index = next(i for i, c in enumerate(parent.children) if c is new)
    if "after" in item:
        assert index > 0 and parent.children[index - 1].eid == item["after"]


@pytest.mark.parametrize("file_id", FILES)
def test_nothing_else_in_the_act_changes(file_id: str) -> None:
    changed = {u.side.eid for u in schedule(file_id).comparison.changed_units()}
    assert changed == set(truth(file_id)["changed_units"])


@pytest.mark.parametrize("file_id", FILES)
def test_every_change_says_which_amendment_made_it(file_id: str) -> None:
    units = schedule(file_id).comparison.changed_units()
    assert units
    for u in units:
        hunks = [h for d in (u.heading_diff, u.text_diff) if d for h in d.hunks]
        assert u.sources or hunks, u.label
        assert all(h.sources for h in hunks), u.label


@pytest.mark.parametrize("file_id", FILES)
def test_provisions_that_are_not_amendments_are_recognised_and_not_applied(
    file_id: str,
) -> None:
    account = schedule(file_id).comparison.account
    assert account is not None
    amending = {a.eid for a in account.amendments}
    listed = {p.eid for p in account.not_amendments}
    for item in truth(file_id)["not_amendments"]:
        assert item["source_eid"] not in amending
        assert item["source_eid"] in listed


# -- one Act, two dialects ---------------------------------------------------------------------


@pytest.mark.parametrize("eid", FSMA_UNITS)
def test_clml_and_legislation_gov_uk_akn_give_the_same_amended_words(eid: str) -> None:
    clml, akn = amended("fsma-clml")[eid], amended("fsma-lgu-akn")[eid]
    assert (clml.heading, clml.full_text()) == (akn.heading, akn.full_text())


def test_clml_and_legislation_gov_uk_akn_apply_the_same_amendments() -> None:
    def outcomes(file_id: str) -> list[tuple[str | None, str, bool]]:
        account = schedule(file_id).comparison.account
        assert account is not None
        return [(a.eid, a.effect, a.applied) for a in account.amendments]

    assert outcomes("fsma-clml") == outcomes("fsma-lgu-akn")


@pytest.mark.parametrize("file_id", ["transport-current", "fsma-lgu-akn"])
def test_the_act_as_amended_written_as_xml_shows_the_same_changes(
    file_id: str, tmp_path: Path, bd: Any
) -> None:
    out = tmp_path / "act-as-amended.xml"
    code, _, _ = bd("keeling", BILL, act_file(file_id), "-o", out)
    assert code == 1
    code, text, err = bd("diff", act_file(file_id), out, "--format", "json")
    assert code == 1, err
    units = json.loads(text)["units"]
    changed = {u["old"]["eid"] for u in units if u["status"] != "unchanged" and u["old"]}
    assert changed == set(truth(file_id)["changed_units"])


def test_a_definition_that_would_come_last_among_words_is_not_applied_by_guess(
    tmp_path: Path,
) -> None:
    """In CLML the definitions of section 17(4) are its words, and the last ends the
    subsection with a full stop: a new definition sorting after every term would have to
    rewrite that ending, which the amendment does not say, so it is not applied."""
    bill = tmp_path / "bill.xml"
    bill.write_text(
        BILL.read_text(encoding="utf-8").replace(
            "FMI sandbox regulations</def>", "zone regulations</def>"
        ),
        encoding="utf-8",
    )
    act = act_file("fsma-clml")
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(["keeling", str(bill), str(act)])
    assert code == 1, err.getvalue()
    assert "“zone regulations” would follow the last definition in subsection (4)" in out.getvalue()
