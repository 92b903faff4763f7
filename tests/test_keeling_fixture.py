"""The bundled Act for Keeling schedules, and its hand-written ground truth.

``fixtures/crime-and-policing/asbcpa-2014-extract.xml`` is an invented extract
of the Anti-social Behaviour, Crime and Policing Act 2014 in the shape of an Act
imported into Lawmaker; ``keeling-expected.json`` (explained in ``KEELING.md``)
says, print by print, which amendments the bundled Bill makes to it and how
each amended provision should then read. These tests check what can be checked
without applying anything: that the Act reads and outlines, and that the ground
truth agrees with the words of the prints and of the Act, so that every
amendment has exactly one place to go.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from collections.abc import Callable
from functools import cache
from typing import Any

import pytest
from lxml import etree

from billdiff import load
from billdiff.formats.common import UKL_NS
from billdiff.formats.xmlsafe import load_xml
from billdiff.model import Bill, Kind, Provision
from tests.conftest import FIXTURES

ACT = FIXTURES / "asbcpa-2014-extract.xml"
EXPECTED = json.loads((FIXTURES / "keeling-expected.json").read_text(encoding="utf-8"))
PRINTS = EXPECTED["prints"]
PRINT_IDS = [p["file"].split("-")[0] for p in PRINTS]
ACT_NAME = "Anti-social Behaviour, Crime and Policing Act 2014"
# The columns of Lawmaker's own table of amendments (../shared/keeling/README.md).
COLUMNS = {
    "source",
    "source_eid",
    "type_of_amendment",
    "affected_provision",
    "location",
    "whole_provision",
}

XSI = "http://www.w3.org/2001/XMLSchema-instance"

Run = Callable[..., tuple[int, str, str]]


@cache
def read(path: str) -> tuple[Bill, dict[str, Provision]]:
    bill = load(path)
    return bill, {p.eid: p for p in bill.walk() if p.eid}


def act() -> tuple[Bill, dict[str, Provision]]:
    return read(str(ACT))


def print_provisions(entry: dict[str, Any]) -> dict[str, Provision]:
    return read(str(FIXTURES / entry["file"]))[1]


def words_of(p: Provision) -> str:
    """A provision's words with its children's (numbers and all), as a reader reads them."""
    parts = [p.text]
    for child in p.children:
        parts.append(" ".join(filter(None, (child.number, words_of(child)))))
    parts.append(p.wrap_up)
    return " ".join(filter(None, parts))


def target_words(eid: str) -> str:
    """The words of the Act's provision ``eid``; ``…__hdg`` is a provision's heading."""
    provisions = act()[1]
    if eid.endswith("__hdg"):
        heading = provisions[eid.removesuffix("__hdg")].heading
        assert heading is not None
        return heading
    return words_of(provisions[eid])


def cited(eid: str) -> str:
    """How a lawyer cites a provision of the Bill: ``s. 5(2)(a)``, ``Sch. 1 para 6``."""
    head, *rest = eid.split("__")
    kind, _, number = head.partition("_")
    if kind == "sched":
        para, *rest = rest
        label = f"Sch. {number} para {para.partition('_')[2]}"
    else:
        assert kind == "sec", eid
        label = f"s. {number}"
    return label + "".join(f"({part.partition('_')[2]})" for part in rest)


def test_the_extract_reads_as_a_lawmaker_import_of_the_act() -> None:
    bill, provisions = act()
    assert (bill.format, bill.document_type) == ("lawmaker-akn", "bill")
    assert bill.title == ACT_NAME
    assert bill.stage == "Invented extract"
    assert bill.long_title is not None and "anti-social behaviour" in bill.long_title
    assert provisions["sec_186"].text == f"This Act may be cited as the {ACT_NAME}."
    # A Lawmaker import has no printed page and line numbers.
    assert b"<?L " not in ACT.read_bytes()
    assert all(p.page is None for p in provisions.values())


def test_the_extracts_ids_are_unique_and_its_ukl_attributes_in_the_uk_akn_namespace() -> None:
    root = load_xml(str(ACT)).root
    elements = [el for el in root.iter() if isinstance(el.tag, str)]
    for attribute in ("eId", "GUID"):
        values = [el.get(attribute) for el in elements if el.get(attribute)]
        assert len(values) == len(set(values)), attribute
    # Like the real imports, <body> binds ``ukl`` to a wrong URI that each Part rebinds.
    assert all(
        etree.QName(name).namespace == UKL_NS
        for el in elements
        for name in el.attrib
        if etree.QName(name).namespace not in (None, XSI)
    )


def test_the_extract_is_labelled_as_invented_in_the_file_itself() -> None:
    head = ACT.read_text(encoding="utf-8")[:1000]
    assert "INVENTED TEXT" in head and "not the text of the Act" in head


def test_outline_shows_the_acts_parts_chapters_cross_headings_and_sections(bd: Run) -> None:
    code, out, err = bd("outline", ACT)
    assert (code, err) == (0, "")
    lines = out.splitlines()
    for line in (
        f"Title:      {ACT_NAME}",
        "Format:     lawmaker-akn",
        "Part 1  Injunctions",
        "  Injunctions",
        "    1     Power to grant injunctions",
        "    14    Requirements to consult etc",
        "  Chapter 3  Closure of premises associated with nuisance or disorder etc",
        "      77    Power to issue closure notices",
        "    104   Review of response to complaints",
        "    176   Low-value shoplifting: mode of trial",
        "  186   Short title",
        "Schedule 2  Breach of injunctions: powers of court in respect of under-18s",
    ):
        assert line in lines
    assert sum(p.kind is Kind.CLAUSE for p in act()[0].walk()) == 21


def test_the_generator_reproduces_the_committed_file_byte_for_byte(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    spec = importlib.util.spec_from_file_location("build_act", FIXTURES / "build_act.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "build_act", module)  # dataclasses look their module up
    spec.loader.exec_module(module)
    assert module.build().encode("utf-8") == ACT.read_bytes()


@pytest.mark.parametrize("entry", PRINTS, ids=PRINT_IDS)
def test_rows_have_lawmakers_columns_and_vocabulary(entry: dict[str, Any]) -> None:
    for row in entry["amendments"]:
        assert set(row) == COLUMNS
        assert row["type_of_amendment"] in ("insertion", "substitution", "deletion")
        assert row["location"] in ("Before", "After", "Replace")
        assert (row["location"] == "Replace") == (row["type_of_amendment"] != "insertion")


@pytest.mark.parametrize("entry", PRINTS, ids=PRINT_IDS)
def test_every_source_is_a_provision_of_its_print_cited_as_a_lawyer_would(
    entry: dict[str, Any],
) -> None:
    bill = read(str(FIXTURES / entry["file"]))[0]
    assert bill.stage == entry["stage"]
    provisions = print_provisions(entry)
    for row in (*entry["amendments"], *entry["not_amendments"]):
        assert row["source_eid"] in provisions, row
        assert row["source"] == cited(row["source_eid"])


@pytest.mark.parametrize("entry", PRINTS, ids=PRINT_IDS)
def test_every_affected_provision_is_in_the_act_or_inserted_by_an_earlier_row(
    entry: dict[str, Any],
) -> None:
    provisions = act()[1]
    inserted = {i["source_eid"]: i["eid"] for i in entry["inserted"]}
    known = set(provisions)
    for row in entry["amendments"]:
        target = row["affected_provision"]
        if target.endswith("__hdg"):
            assert provisions[target.removesuffix("__hdg")].heading, target
        else:
            assert target in known, target
        if row["source_eid"] in inserted:
            known.add(inserted[row["source_eid"]])


@pytest.mark.parametrize("entry", PRINTS, ids=PRINT_IDS)
def test_quoted_words_are_the_prints_and_occur_once_in_their_target(
    entry: dict[str, Any],
) -> None:
    provisions = print_provisions(entry)
    rows = {(r["source_eid"], r["affected_provision"]) for r in entry["amendments"]}
    for w in entry["words"]:
        assert (w["source_eid"], w["affected_provision"]) in rows
        instruction = {
            "for … substitute …": f"for “{w['old']}” substitute “{w['new']}”",
            "after … insert …": f"after “{w['old']}” insert “{w['new']}”",
        }[w["wording"]]
        assert instruction in provisions[w["source_eid"]].text
        assert target_words(w["affected_provision"]).count(w["old"]) == 1, w


@pytest.mark.parametrize("entry", PRINTS, ids=PRINT_IDS)
def test_expected_text_is_the_target_with_the_quoted_words_changed(
    entry: dict[str, Any],
) -> None:
    for w in entry["words"]:
        before = target_words(w["affected_provision"])
        new = w["new"] if w["wording"] == "for … substitute …" else f"{w['old']} {w['new']}"
        assert entry["expected_text"][w["affected_provision"]] == before.replace(w["old"], new)


@pytest.mark.parametrize("entry", PRINTS, ids=PRINT_IDS)
def test_whole_provisions_inserted_are_the_prints_and_omitted_ones_exist(
    entry: dict[str, Any],
) -> None:
    act_provisions = act()[1]
    provisions = print_provisions(entry)
    for i in entry["inserted"]:
        assert i["after"] in act_provisions and i["eid"] not in act_provisions
        quoted = f"“{i['num']} {entry['expected_text'][i['eid']]}”"
        assert quoted in provisions[i["source_eid"]].text
    for row in entry["amendments"]:
        if row["type_of_amendment"] == "deletion" and row["whole_provision"]:
            assert row["affected_provision"] in act_provisions
            assert entry["expected_text"][row["affected_provision"]] is None


@pytest.mark.parametrize("entry", PRINTS, ids=PRINT_IDS)
def test_expected_text_covers_exactly_the_provisions_the_print_changes(
    entry: dict[str, Any],
) -> None:
    changed = {w["affected_provision"] for w in entry["words"]}
    changed |= {i["eid"] for i in entry["inserted"]}
    changed |= {
        r["affected_provision"]
        for r in entry["amendments"]
        if r["type_of_amendment"] == "deletion" and r["whole_provision"]
    }
    assert set(entry["expected_text"]) == changed
    # Every row is accounted for: by its words, by what it inserts, or as a whole omission.
    inserting = {i["source_eid"] for i in entry["inserted"]}
    with_words = {(w["source_eid"], w["affected_provision"]) for w in entry["words"]}
    for row in entry["amendments"]:
        if row["whole_provision"]:
            assert row["type_of_amendment"] == "deletion" or row["source_eid"] in inserting
        else:
            assert (row["source_eid"], row["affected_provision"]) in with_words


@pytest.mark.parametrize("entry", PRINTS, ids=PRINT_IDS)
def test_every_mention_of_the_act_in_a_print_is_accounted_for(entry: dict[str, Any]) -> None:
    provisions = print_provisions(entry)
    listed = {r["source_eid"] for r in (*entry["amendments"], *entry["not_amendments"])}
    mentions = {eid for eid, p in provisions.items() if ACT_NAME in p.text}
    assert mentions <= listed
    for row in entry["not_amendments"]:
        assert row["says"] in provisions[row["source_eid"]].text, row
