"""``billdiff amendments`` as a clerk meets it: formats, exit codes, errors, safe output."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from lxml import html as lxml_html

from tests.conftest import PRINTS, corpus_file

P1, P2, P3 = (str(p) for p in PRINTS)
Run = Callable[..., tuple[int, str, str]]


def test_text_is_an_amendment_paper(bd: Run) -> None:
    code, out, err = bd("amendments", P1, P2)
    assert (code, err) == (0, "")
    assert out.startswith(
        "Crime and Policing Bill\nDraft amendments to the print As Introduced (Bill 166)"
    )
    assert (
        "1     Clause 1, page 1, line 11, leave out “just and convenient” and insert “necessary and"
        in out
    )
    assert "2     Page 6, line 15, leave out Clause 11" in out
    assert "NC1   To move the following Clause—" in out
    assert "      This new clause would stand after Clause 5." in out
    assert "Changes made on reprinting (no amendment is needed)" in out
    assert "P1    Clause 4, page 3, line 22, leave out “6” and insert “7”" in out
    assert "Checked: applied to As Introduced (Bill 166)" in out


def test_clause_and_house_options(bd: Run) -> None:
    code, out, _ = bd("amendments", P2, P3, "--clause", "21", "--house", "lords")
    assert code == 0
    assert "House of Lords style" in out
    assert "      Clause 21\n" in out
    assert "Page 10, line 32, leave out from “State” to “appropriate” in line 34" in out
    assert "Clause 15" not in out.split("Changes made on reprinting")[0]


def test_json_schema(bd: Run, tmp_path: Path) -> None:
    target = tmp_path / "draft.json"
    code, out, _ = bd("amendments", P1, P2, "--format", "json", "-o", target)
    assert (code, out) == (0, "")
    data = json.loads(target.read_text(encoding="utf-8"))
    assert (data["schema"], data["version"], data["house"]) == ("billdiff.amendments", 1, "commons")
    first = data["amendments"][0]
    assert first["number"] == "1" and first["printing"] is None
    assert first["target"]["label"] == "Clause 1"
    assert first["place"] == {"page": 1, "line": 11, "path": "(3)"}
    assert first["action"] == {
        "type": "leave_out_and_insert",
        "words": "just and convenient",
        "insert": "necessary and proportionate",
    }
    assert first["text"] == [
        "Clause 1, page 1, line 11, leave out “just and convenient” and insert "
        "“necessary and proportionate”"
    ]
    assert {p["printing"] for p in data["printing"]} == {"cross-reference", "typographic"}
    assert data["check"]["ok"] is True and data["check"]["exact"] == 29
    # The saved draft applies back through the CLI.
    code, out, err = bd("amendments", "apply", P1, target)
    assert code == 0, err
    assert "Applied: 1, 2, 3, 4, 5, 6, NC1, NC2, P1" in out


def test_markdown_and_html(bd: Run) -> None:
    code, md, _ = bd("amendments", P1, P2, "--format", "markdown")
    assert code == 0
    assert md.startswith("## Crime and Policing Bill")
    assert "**NC1** To move the following Clause—" in md
    assert "> “Seizure of motor vehicles used in anti\\-social manner" not in md  # no over-escaping
    code, page, _ = bd("amendments", P1, P2, "--format", "html")
    assert code == 0
    assert page.startswith("<!DOCTYPE html>")
    tree = lxml_html.fromstring(page)
    csp = tree.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")
    assert csp == ["default-src 'none'; style-src 'unsafe-inline'"]
    assert not tree.xpath("//script | //link | //img | //*[@src] | //*[@href]")
    numbers = tree.xpath("//div[@class='amendment']/span[@class='number']/text()")
    assert numbers[:3] == ["1", "2", "3"] and "NC2" in numbers


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["amendments", P1], "give two prints"),
        (["amendments", P1, P2, P3], "give two prints"),
        (["amendments", "apply", P1], "give the print and at least one amendment paper"),
        (["amendments", "apply", P1, P2, "--format", "html"], "apply --format takes"),
        (["amendments", P1, "/no/such.xml"], "no such file"),
        (["amendments", P1, P2, "--house", "scotland"], "invalid choice"),
        (["amendments", "apply", P1, P2], "not an amendment paper"),
    ],
)
def test_errors_are_one_line_and_exit_2(bd: Run, argv: list[str], message: str) -> None:
    code, out, err = bd(*argv)
    assert code == 2 and out == ""
    assert message in err and err.count("\n") == 1 and err.startswith("billdiff: ")
    assert "Traceback" not in err


def test_help_lists_both_forms(bd: Run) -> None:
    code, out, _ = bd("amendments", "--help")
    assert code == 0
    assert "amendments apply PRINT PAPER" in out and "--house" in out


@pytest.fixture(scope="module")
def hostile_pair(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Prints 1 and 2 with markup and control characters in the words that change."""
    folder = tmp_path_factory.mktemp("hostile")
    old = Path(P1).read_text(encoding="utf-8")
    new = Path(P2).read_text(encoding="utf-8")
    new = new.replace(
        "necessary and proportionate",
        "necessary &lt;script&gt;alert(1)&lt;/script&gt; **bold** [x](http://e.vil) \u009b2J\u202e",
        1,
    )
    (folder / "old.xml").write_text(old, encoding="utf-8")
    (folder / "new.xml").write_text(new, encoding="utf-8")
    return folder / "old.xml", folder / "new.xml"


def test_bill_text_cannot_inject_markup_or_drive_the_terminal(
    bd: Run, hostile_pair: tuple[Path, Path]
) -> None:
    old, new = hostile_pair
    code, text, _ = bd("amendments", old, new)
    assert code == 0
    assert "\u009b" not in text and "\u202e" not in text and "⟨U+009B⟩" in text
    code, md, _ = bd("amendments", old, new, "--format", "markdown")
    assert "<script>" not in md and "&lt;script&gt;" in md and "\\*\\*bold\\*\\*" in md
    assert "\\[x\\]" in md
    code, page, _ = bd("amendments", old, new, "--format", "html")
    tree = lxml_html.fromstring(page)
    assert not tree.xpath("//script")
    assert "<script>alert(1)</script>" in tree.text_content()
    assert not re.search(r"<script", page)


def test_an_act_extract_is_amended_by_section_and_not_renumbered(bd: Run) -> None:
    old = corpus_file("clml/transport-act-2000-s19-2014-04-01.xml")
    new = corpus_file("clml/transport-act-2000-s19-current.xml")
    code, out, _ = bd("amendments", old, new)
    assert code == 0
    assert "1     Section 19, subsection (1), leave out “conditions of a licence” and insert" in out
    assert "give every one of the 1 changed clause or schedule paragraph" in out


# --- hand-edited drafts ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def draft() -> dict:
    """A real saved draft (prints 1 → 2), to edit by hand."""
    from billdiff import cli

    with pytest.MonkeyPatch.context() as m:
        import io

        out = io.StringIO()
        m.setattr("sys.stdout", out)
        assert cli.main(["amendments", P1, P2, "--format", "json"]) == 0
    return json.loads(out.getvalue())


def _edited(draft: dict, edit: Callable[[dict], object]) -> dict:
    copy = json.loads(json.dumps(draft))
    edit(copy)
    return copy


def _new_unit(d: dict) -> dict:
    return next(a for a in d["amendments"] if a["action"]["type"] == "new_unit")


HUGE = 10**5000  # 5,001 digits: more than Python turns into a number from text


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda d: d.update(amendments={}), "amendments: must be an array, not an object"),
        (lambda d: d.update(printing="none"), "printing: must be an array, not a string"),
        (lambda d: d.update(version="1"), "version: '1' is not a schema version"),
        (
            lambda d: _new_unit(d)["action"].update(kind="widget"),
            "amendments[6].action.kind: 'widget' is not a kind of unit (part, chapter",
        ),
        (
            lambda d: d["amendments"][0].update(number=["1"]),
            "amendments[0].number: must be a string, not an array",
        ),
        (
            lambda d: d["amendments"][0]["place"].update(page=0),
            "amendments[0].place.page: must be a whole number from 1 to 100,000",
        ),
        (
            lambda d: d["amendments"][0]["place"].update(line=2.5),
            "amendments[0].place.line: must be a whole number from 1 to 100,000",
        ),
        (
            lambda d: d["amendments"][0]["action"].pop("words"),
            "amendments[0].action.words: must be a string, not null",
        ),
        (
            lambda d: d["amendments"][0]["action"].update(type="repeal"),
            "amendments[0].action.type: 'repeal' is not one of ('leave_out', ",
        ),
        (
            lambda d: d["amendments"][0]["target"].update(kind=None),
            "amendments[0].target.kind: None is not a kind of unit",
        ),
        (
            lambda d: d["amendments"][0].update(sponsors=[1]),
            "amendments[0].sponsors[0]: must be a string, not a number",
        ),
        (
            lambda d: d["printing"][0].update(printing="whim"),
            "printing[0].printing: 'whim' is not one of ('cross-reference', ",
        ),
        (
            lambda d: d["amendments"][0]["action"].update(words="word " * 50_000),
            "amendments[0].action.words: 250,000 characters long; billdiff reads quoted text",
        ),
        (
            lambda d: d.update(amendments=[[]] * 500_001),
            "JSON objects and arrays; billdiff reads an amendments draft with up to 500,000",
        ),
    ],
)
def test_a_hand_edited_draft_is_refused_naming_the_field(
    bd: Run, tmp_path: Path, draft: dict, edit: Callable[[dict], object], message: str
) -> None:
    path = tmp_path / "draft.json"
    path.write_text(json.dumps(_edited(draft, edit)), encoding="utf-8")
    code, out, err = bd("amendments", "apply", P1, path)
    assert (code, out) == (2, "")
    assert err.startswith(f"billdiff: {path}: ") and err.count("\n") == 1, err
    assert message in err


def test_a_number_too_long_to_read_is_refused_in_one_line(bd: Run, tmp_path: Path) -> None:
    path = tmp_path / "draft.json"
    text = '{"schema": "billdiff.amendments", "version": 1, "amendments": [{"place": {"page": '
    path.write_text(text + "9" * 5001 + "}}]}", encoding="utf-8")
    code, out, err = bd("amendments", "apply", P1, path)
    assert (code, out) == (2, "")
    assert err == f"billdiff: {path}: holds a number of more than 4,300 digits\n"
