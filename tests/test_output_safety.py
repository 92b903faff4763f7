"""No bill and no note can drive the terminal or forge a line of output.

XML cannot hold C0 control characters, but it can hold C1 controls (U+009B
is a one-character CSI on many terminals), bidi overrides (U+202E makes a
redline display other words than it holds) and, in attributes, line breaks.
A notes file (JSON) can hold anything, ESC and BEL included. Every
line-oriented output must show them as ``⟨U+XXXX⟩``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import PRINTS

P1 = str(PRINTS[0])
# Anything a terminal would act on, or that would reorder or break a line.
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# Our own colour codes are the only escape sequences allowed.
SGR = re.compile(r"\x1b\[[0-9;]*m")

FORGED = "clause 99  amended (substantive)"


@pytest.fixture(scope="module")
def hostile_print(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Print 1 with control and bidi characters in the title, a heading and a clause."""
    text = Path(P1).read_text(encoding="utf-8")
    text = text.replace(
        'showAs="Crime and Policing Bill"', f'showAs="Crime and Policing Bill&#10;{FORGED}"', 1
    )
    text = text.replace(
        '<heading GUID="_dca20308-1682-5240-8152-4ec74760d1eb" eId="sec_1__hdg">Respect orders',
        '<heading GUID="_dca20308-1682-5240-8152-4ec74760d1eb" eId="sec_1__hdg">'
        "Respect\u009b2J orders\u202edesrever",
        1,
    )
    text = text.replace("considers it just", "considers it\u009d52;c;aGVsbG8=\u009c just", 1)
    path = tmp_path_factory.mktemp("hostile") / "hostile.xml"
    path.write_text(text, encoding="utf-8")
    return path


def assert_safe(text: str) -> None:
    assert UNSAFE.search(SGR.sub("", text)) is None, UNSAFE.findall(SGR.sub("", text))
    assert not any(line.startswith(FORGED) for line in text.splitlines())


@pytest.mark.parametrize(
    "options",
    [
        ["--format", "text"],
        ["--format", "text", "--colour", "always"],
        ["--format", "markdown"],
        ["--format", "unified"],
    ],
    ids=["text", "colour", "markdown", "unified"],
)
def test_diff_outputs_show_control_and_bidi_characters(
    bd: Callable[..., tuple[int, str, str]], hostile_print: Path, options: list[str]
) -> None:
    code, out, err = bd("diff", P1, hostile_print, *options)
    assert code == 1
    (warning,) = err.splitlines()  # the print holds invisible characters: said on stderr too
    assert warning.startswith("billdiff: warning: ") and "invisible control characters" in warning
    assert_safe(out)
    assert_safe(err)
    assert "⟨U+202E⟩" in out and "⟨U+009B⟩" in out and "⟨U+009D⟩" in out
    assert f"Crime and Policing Bill⟨U+000A⟩{FORGED}" in out


def test_outline_shows_them_too(
    bd: Callable[..., tuple[int, str, str]], hostile_print: Path
) -> None:
    code, out, _ = bd("outline", hostile_print)
    assert code == 0
    assert_safe(out)
    assert "Respect⟨U+009B⟩2J orders⟨U+202E⟩desrever" in out


def test_json_keeps_the_text_exactly(
    bd: Callable[..., tuple[int, str, str]], hostile_print: Path
) -> None:
    _, out, _ = bd("diff", P1, hostile_print, "--format", "json")
    data = json.loads(out)
    assert data["new"]["title"] == f"Crime and Policing Bill\n{FORGED}"
    (clause,) = [u for u in data["units"] if u["label"] == "clause 1"]
    assert clause["new"]["heading"] == "Respect\u009b2J orders\u202edesrever"


@pytest.fixture
def hostile_notes(tmp_path: Path, bd: Callable[..., tuple[int, str, str]]) -> Path:
    notes = tmp_path / "n.json"
    code, _, err = bd(
        "notes", "add", P1, PRINTS[1], "--clause", "1", "--change", "1",
        "--text", "Clears the screen\x1b[2J and rings\x07 and\x1b]52;c;cGF3bmVk\x07 copies",
        "--tag", "evil\x1b[31m", "--author", "Mallory\x1b]8;;http://x\x1b\\link", "--notes", notes,
    )  # fmt: skip
    assert code == 0, err
    return notes


@pytest.mark.parametrize(
    "argv",
    [
        ["notes", "list", P1, PRINTS[1]],
        ["notes", "list", P1, PRINTS[1], "--full"],
        ["notes", "reanchor", PRINTS[1], PRINTS[2]],
        ["check", PRINTS[1], PRINTS[2]],
        ["check", PRINTS[1], PRINTS[2], "--format", "markdown"],
    ],
    ids=["list", "list-full", "reanchor", "check", "check-markdown"],
)
def test_notes_cannot_send_escape_sequences(
    bd: Callable[..., tuple[int, str, str]], hostile_notes: Path, argv: list[object]
) -> None:
    code, out, err = bd(*argv, "--notes", hostile_notes)
    assert code in (0, 1), err
    assert "\x1b" not in out + err and "\x07" not in out + err
    assert_safe(out + err)


def test_a_file_name_with_a_newline_cannot_forge_a_second_error_line(
    bd: Callable[..., tuple[int, str, str]], tmp_path: Path
) -> None:
    name = tmp_path / "x\nbilldiff: all is well.xml"
    code, out, err = bd("outline", name)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "⟨U+000A⟩billdiff: all is well" in err


def test_a_nul_byte_in_a_print_gives_one_clean_error_line(
    bd: Callable[..., tuple[int, str, str]], tmp_path: Path
) -> None:
    path = tmp_path / "nul.xml"
    path.write_bytes(Path(P1).read_bytes().replace(b"Respect orders", b"Respect\x00orders", 1))
    code, out, err = bd("outline", path)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "not well-formed XML" in err and "⟨U+000A⟩" not in err


# --- mentions and issue references in Markdown meant for a pull-request comment -------------


def _github_text_nodes(markdown: str) -> tuple[list[str], str]:
    """Render Markdown as CommonMark does (raw HTML kept, as GitHub keeps it) and return the
    text nodes a mention filter would scan, one by one, and the text a reader copies."""
    from lxml import html as lxml_html
    from markdown_it import MarkdownIt

    page = lxml_html.fromstring(f"<div>{MarkdownIt('commonmark').render(markdown)}</div>")
    nodes = [s for el in page.iter() for s in (el.text, el.tail) if s]
    return nodes, "".join(page.itertext())  # itertext leaves out the comments' own text


@pytest.fixture(scope="module")
def mentioning_print(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Print 2 with "@octocat" and "#12" in a heading and in a clause's words."""
    text = PRINTS[1].read_text(encoding="utf-8")
    for old, new in (
        ("works at retail premises", "works at @octocat premises (see #12)"),
        ("Assault of retail worker</heading>", "Assault of @retail-workers #3</heading>"),
    ):
        assert old in text
        text = text.replace(old, new, 1)
    path = tmp_path_factory.mktemp("mentions") / "mentions.xml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "argv",
    [
        ["diff", "{old}", "{new}", "--format", "markdown"],
        ["history", "{old}", "{new}", "--format", "markdown", "--clause", "12"],
        ["amendments", "{old}", "{new}", "--format", "markdown"],
    ],
    ids=["diff", "history", "amendments"],
)
def test_markdown_mentions_no_one_and_links_no_issue_yet_reads_the_same(
    bd: Callable[..., tuple[int, str, str]], mentioning_print: Path, argv: list[str]
) -> None:
    args = [a.format(old=PRINTS[0], new=mentioning_print) for a in argv]
    code, out, err = bd(*args)
    assert code in (0, 1), err
    nodes, copied = _github_text_nodes(out)
    assert [n for n in nodes if re.search(r"@\w|#\d", n)] == []
    # The redline cuts the words at its changes; each inserted piece reads as it was written.
    assert all(words in copied for words in ("@octocat", "(see #12)", "@retail-workers #3"))
