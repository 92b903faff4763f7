"""``billdiff outline``: metadata and the clause tree, as text and JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from billdiff.cli import main
from tests.conftest import PRINTS, corpus_file


def outline(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["outline", *argv]) == 0
    return capsys.readouterr().out


def test_text_outline_lists_parts_crossheadings_clauses_and_pages(
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = outline([str(PRINTS[0])], capsys)
    assert "Stage:      As Introduced" in out
    assert "Project:    UK000712" in out
    lines = out.splitlines()
    assert any(line.startswith("Part 1  Anti-social behaviour") for line in lines)
    assert any(
        line.strip().startswith("1     Respect orders") and line.endswith("1:4") for line in lines
    )
    assert any(line.startswith("Schedule 1  Respect orders: further provision") for line in lines)


def _units(nodes: list[dict]) -> list[dict]:
    out = []
    for n in nodes:
        if "children" in n:
            out += _units(n["children"])
        else:
            out.append(n)
    return out


@pytest.mark.parametrize("index", [0, 1, 2])
def test_json_outline_lists_every_clause_in_order(
    index: int, capsys: pytest.CaptureFixture[str]
) -> None:
    data = json.loads(outline([str(PRINTS[index]), "--format", "json"], capsys))
    assert (data["schema"], data["version"]) == ("billdiff.outline", 1)
    clauses = [u["number"] for u in _units(data["provisions"]) if u["kind"] == "clause"]
    # Every print numbers its clauses 1..N without gaps (CHANGES.md: 29, 30, 34).
    assert clauses == [str(n) for n in range(1, [29, 30, 34][index] + 1)]


def test_outline_of_a_real_bill_matches_its_clauses(capsys: pytest.CaptureFixture[str]) -> None:
    data = json.loads(
        outline(
            [str(corpus_file("uk-akn/sentencing-bill-hl-report.xml")), "--format", "json"], capsys
        )
    )
    units = _units(data["provisions"])
    clauses = [u for u in units if u["kind"] == "clause"]
    assert len(clauses) == 50
    assert clauses[0]["guid"].startswith("_") and clauses[0]["eid"] == "sec_1"
    assert data["bill"]["bill_number"] == "HL Bill 159"


def test_a_legacy_encoding_is_read_with_a_warning_on_stderr(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (
        PRINTS[0]
        .read_text(encoding="utf-8")
        .replace('encoding="UTF-8"', 'encoding="ISO-8859-1"', 1)
    )
    path = tmp_path / "latin.xml"
    path.write_bytes(
        text.replace("Respect orders", "Respect orders é", 1).encode("latin-1", "xmlcharrefreplace")
    )
    assert main(["outline", str(path)]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("Title:      Crime and Policing Bill")
    warning = "read as ISO-8859-1, the encoding its XML declaration names"
    assert err == f"billdiff: {path}: warning: {warning}\n"


def test_a_bill_number_left_as_a_placeholder_is_filled_in(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # The Scottish print's varBillNo is "SP Bill #varBillNoComp": it must read "SP Bill 43".
    from tests.conftest import ROOT

    path = ROOT / "fixtures" / "scottish-same-project" / "bankruptcy-and-diligence-introduced.xml"
    out = outline([str(path)], capsys)
    assert "Number:     SP Bill 43\n" in out
    assert "#var" not in out


def test_quiet_prints_no_warning_either(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = (
        PRINTS[0]
        .read_text(encoding="utf-8")
        .replace('encoding="UTF-8"', 'encoding="ISO-8859-1"', 1)
    )
    path = tmp_path / "latin.xml"
    path.write_bytes(text.encode("latin-1", "xmlcharrefreplace"))
    assert main(["outline", str(path), "-q"]) == 0
    assert capsys.readouterr() == ("", "")
