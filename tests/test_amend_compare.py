"""``billdiff amendments compare OLD_PAPER NEW_PAPER``: the clerk's daily check of a paper.

On the real papers (the Victims and Prisoners Bill's marshalled lists of 6 and 8
September 2023, the DPDI Bill's of 21 July and 25 August 2023) and on two
fixture papers written to hold every finding: amendments added, withdrawn and
reworded, names added and removed and printed twice, wrong stars, a number
printed twice and a place that does not fit the print.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from lxml import etree
from lxml import html as lxml_html

from tests.conftest import FIXTURES, ROOT, corpus_file

Run = Callable[..., tuple[int, str, str]]
PAPERS = ROOT / "fixtures" / "amendment-papers"
DAY_1, DAY_2 = (
    PAPERS / "crime-and-policing-report-1.xml",
    PAPERS / "crime-and-policing-report-2.xml",
)
PRINT = FIXTURES / "2-commons-public-bill-committee.xml"
VP_0906 = "uk-akn/amendments/victims-prisoners-bill-report-amendments-0906.xml"
VP_0908 = "uk-akn/amendments/victims-prisoners-bill-report-amendments-0908.xml"
DPDI_0721 = "uk-akn/amendments/dpdi-bill-report-amendments-0721.xml"
DPDI_0825 = "uk-akn/amendments/dpdi-bill-report-amendments-0825.xml"


def _json(bd: Run, *argv: object) -> tuple[int, dict]:  # type: ignore[type-arg]
    code, out, err = bd("amendments", "compare", *argv, "--format", "json")
    assert err == "", err
    return code, json.loads(out)


def test_victims_and_prisoners_papers_of_6_and_8_september(bd: Run) -> None:
    """Read against the XML: the same six amendments (same GUIDs, same words); on NC1
    Ms Harriet Harman's name replaces Maria Eagle's; 2 and 3, starred ★ on 6 September
    (tabled 5 September), have no star on the 8th, which is right with a sitting day (the
    7th) between."""
    code, data = _json(bd, corpus_file(VP_0906), corpus_file(VP_0908))
    assert code == 1
    assert data["schema"] == "billdiff.paper-comparison" and data["version"] == 1
    assert data["counts"] == {
        "added": 0,
        "withdrawn": 0,
        "changed": 0,
        "statements changed": 0,
        "names changed": 1,
        "duplicate names": 0,
        "wrong stars": 0,
        "duplicate numbers": 0,
        "places that do not fit": 0,
    }
    by = {a["number"]: a for a in data["amendments"]}
    assert by["NC1"]["names"] == {
        "added": ["Ms Harriet Harman"],
        "removed": ["Maria Eagle"],
        "interests": [],
        "twice": [],
    }
    assert (by["2"]["old"]["star"], by["2"]["new"]["star"], by["2"]["star"]["ok"]) == (
        "★",
        None,
        True,
    )
    assert data["stars"]["next_sitting_day"] is False
    # Had the 8 September paper been the next sitting day's, 2 and 3 would want ☆.
    code, data = _json(bd, corpus_file(VP_0906), corpus_file(VP_0908), "--next-day")
    wrong = [
        (a["number"], a["star"]["expected"]) for a in data["amendments"] if not a["star"]["ok"]
    ]
    assert wrong == [("2", "☆"), ("3", "☆")]


def test_dpdi_papers_of_21_july_and_25_august(bd: Run) -> None:
    """NC1 gained eight supporters over the summer; NC2's ★ is rightly gone."""
    code, out, _ = bd("amendments", "compare", corpus_file(DPDI_0721), corpus_file(DPDI_0825))
    assert code == 1
    text = " ".join(out.split())
    assert (
        "NC1 added Mrs Flick Drummond, Mr David Jones, Greg Smith, Martin Vickers, Selaine "
        "Saxby, Sir Oliver Heald, Sally-Ann Hart, Holly Mumby-Croft" in text
    )
    assert "Wrong stars: none" in text and "0 added, 0 withdrawn, 0 reworded" in text


def test_every_finding_on_the_fixture_papers(bd: Run) -> None:
    code, data = _json(bd, DAY_1, DAY_2, "--print", PRINT)
    assert code == 1
    assert data["counts"] == {
        "added": 3,
        "withdrawn": 1,
        "changed": 1,
        "statements changed": 0,
        "names changed": 2,
        "duplicate names": 1,
        "wrong stars": 2,
        "duplicate numbers": 1,
        "places that do not fit": 1,
    }
    assert data["duplicate_numbers"] == ["9"]
    rows = [(a["number"], a["status"]) for a in data["amendments"]]
    assert rows == [
        ("NC1", "unchanged"),
        ("2", "unchanged"),
        ("3", "unchanged"),
        ("4", "changed"),
        ("5", "unchanged"),
        ("6", "unchanged"),
        ("7", "unchanged"),
        ("8", "added"),
        ("9", "added"),
        ("9", "added"),
        ("1", "withdrawn"),
    ]
    by = {a["number"]: a for a in data["amendments"]}
    assert by["4"]["words"] == [
        {"op": "replace", "old": "by remote means", "new": "made at a distance", "old_start": 98}
    ]
    assert by["NC1"]["names"]["added"] == ["Kim Johnson", "Jess Phillips"]
    assert by["NC1"]["names"]["removed"] == ["Sarah Jones"]
    assert by["NC1"]["star"] == {
        "found": "☆",
        "expected": "☆",
        "ok": True,
        "why": "★ on the old paper, the day before",
    }
    assert by["5"]["names"]["twice"] == ["Kim Johnson"]
    assert (by["3"]["star"]["found"], by["3"]["star"]["expected"]) == ("★", None)
    assert (by["4"]["star"]["found"], by["4"]["star"]["expected"]) == (None, "★")
    assert by["8"]["place_problems"] == ["page 12, line 40 is not a line of clause 25"]


def test_text_shows_the_redline_and_the_summary_twice(bd: Run) -> None:
    code, out, err = bd("amendments", "compare", DAY_1, DAY_2, "--print", PRINT)
    assert (code, err) == (1, "")
    lines = out.splitlines()
    assert lines[0] == "Crime and Policing Bill: amendment papers compared"
    summary = (
        "3 added, 1 withdrawn, 1 reworded; 2 with names changed; 1 with a name printed twice; "
        "2 wrong stars; 1 number printed twice; 1 place that does not fit"
    )
    assert (
        " ".join(out.split()).count(summary) == 2
        and lines[-1] == "stars; 1 number printed twice; 1 place that does not fit"
    )
    assert "[-by remote means-]{+made at a distance+}" in out
    assert "  3     ★, should be no star (unchanged and not starred on the old paper)" in out


def test_a_paper_compared_with_itself_is_the_same(bd: Run) -> None:
    code, out, _ = bd("amendments", "compare", DAY_1, DAY_1)
    assert code == 0
    assert "0 added, 0 withdrawn, 0 reworded\n" in out


def test_papers_for_different_bills_are_trouble(bd: Run) -> None:
    code, out, err = bd("amendments", "compare", DAY_1, corpus_file(VP_0908))
    assert (code, out, err.count("\n")) == (2, "", 1)
    assert "the papers are for different Bills" in err
    code, out, err = bd(
        "amendments", "compare", corpus_file(VP_0906), corpus_file(VP_0908), "--print", PRINT
    )
    assert (code, out, err.count("\n")) == (2, "", 1)
    assert "a print of another Bill" in err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["compare", str(DAY_1)], "give two amendment papers"),
        (["compare", str(DAY_1), str(PRINT)], "not an amendment paper"),
        ([str(PRINT), str(PRINT), "--next-day"], "are for 'amendments compare'"),
        (["compare", str(DAY_1), str(DAY_2), "--next-day", "--days-between"], "not allowed with"),
    ],
)
def test_usage_and_input_errors_are_one_line_and_exit_2(
    bd: Run, argv: list[str], message: str
) -> None:
    code, out, err = bd("amendments", *argv)
    assert (code, out) == (2, "")
    assert message in err and err.count("\n") == 1


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    """The second fixture paper with a sponsor called ``<script>…`` and a terminal control
    sequence (a C1 CSI, which XML allows)."""
    tree = etree.parse(str(DAY_2))
    ns = {"a": "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"}
    introducer = tree.xpath("//a:docIntroducer", namespaces=ns)[0]
    introducer.text = "<script>alert(1)</script>\x9b31m Member"
    target = tmp_path / "hostile.xml"
    tree.write(str(target), xml_declaration=True, encoding="UTF-8")
    return target


def test_paper_text_cannot_drive_the_terminal_or_inject_markup(bd: Run, hostile: Path) -> None:
    code, out, _ = bd("amendments", "compare", DAY_1, hostile)
    assert code == 1 and "\x9b" not in out and "<script>alert(1)</script>" in out
    code, out, _ = bd("amendments", "compare", DAY_1, hostile, "--format", "html")
    page = lxml_html.fromstring(out.encode())
    assert page.xpath("//script") == []
    assert "<script>alert(1)</script>" in page.text_content()
    assert "Content-Security-Policy" in out
    code, out, _ = bd("amendments", "compare", DAY_1, hostile, "--format", "markdown")
    assert "<script>" not in out and "&lt;script&gt;" in out


def test_the_report_never_overwrites_a_paper_or_the_print(bd: Run, tmp_path: Path) -> None:
    old, new, printed = tmp_path / "1.xml", tmp_path / "2.xml", tmp_path / "print.xml"
    for source, copy in ((DAY_1, old), (DAY_2, new), (PRINT, printed)):
        copy.write_bytes(source.read_bytes())
    for target in (new, printed):
        before = target.read_bytes()
        code, out, err = bd("amendments", "compare", old, new, "--print", printed, "-o", target)
        assert (code, out) == (2, "") and "will not overwrite an input" in err
        assert target.read_bytes() == before
