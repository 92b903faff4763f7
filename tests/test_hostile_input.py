"""Malformed, hostile and wrong input: one clear line on stderr, exit 2, nothing else."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from billdiff.cli import main

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"><bill><body><p>&lol9;</p></body></bill></akomaNtoso>
"""

AKN_HEAD = '<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0">'


def xxe(target: Path) -> str:
    return (
        f'<?xml version="1.0"?>\n<!DOCTYPE akomaNtoso [<!ENTITY xxe SYSTEM "file://{target}">]>\n'
        f"{AKN_HEAD}<bill><body><p>&xxe;</p></body></bill></akomaNtoso>\n"
    )


def run_outline(path: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(["outline", path])
    out, err = capsys.readouterr()
    return code, out, err


def assert_one_line_error(code: int, out: str, err: str, expected: str) -> None:
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("billdiff: ")
    assert "Traceback" not in err
    assert expected in err


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "file is empty"),
        (b"   \n", "file is empty"),
        (b"this is not XML\n", "not well-formed XML"),
        (f"{AKN_HEAD}<bill><body><section>".encode(), "not well-formed XML"),
        (BILLION_LAUGHS.encode(), "declares entities in a DTD"),
        (("<a>" * 10_000 + "</a>" * 10_000).encode(), "nested more than 256 deep"),
        (b'<html xmlns="http://www.w3.org/1999/xhtml"><body/></html>', "not legislation XML"),
        (b"<bill><legis-body/></bill>", "not legislation XML"),
        (
            f'{AKN_HEAD}<act name="x"><meta/><body/></act></akomaNtoso>'.encode(),
            "neither a UK Lawmaker bill nor legislation.gov.uk data",
        ),
    ],
    ids=["empty", "blank", "not-xml", "truncated", "billion-laughs", "deep", "html", "us", "akn"],
)
def test_bad_file_gives_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, expected: str
) -> None:
    path = tmp_path / "input.xml"
    path.write_bytes(content)
    assert_one_line_error(*run_outline(str(path), capsys), expected)


def test_external_entity_is_never_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT")
    path = tmp_path / "xxe.xml"
    path.write_text(xxe(secret))
    code, out, err = run_outline(str(path), capsys)
    assert_one_line_error(code, out, err, "declares entities in a DTD")
    assert "TOP-SECRET" not in out + err


def test_huge_file_is_refused_without_reading_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "big.xml"
    with path.open("wb") as fh:  # sparse: 100 MB on paper, nothing on disk
        fh.truncate(100 * 1024 * 1024)
    assert_one_line_error(*run_outline(str(path), capsys), "file is 100 MB")


def test_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert_one_line_error(*run_outline(str(tmp_path / "nope.xml"), capsys), "no such file")


def test_directory(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert_one_line_error(*run_outline(str(tmp_path), capsys), "is a directory")


def test_usage_error_is_one_line_and_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["outline"])
    out, err = capsys.readouterr()
    assert_one_line_error(code, out, err, "required: FILE")


def test_process_prints_no_traceback_and_never_loads_textual(tmp_path: Path) -> None:
    path = tmp_path / "bad.xml"
    path.write_text("<unclosed>")
    code = (
        "import sys\n"
        "from billdiff.cli import main\n"
        f"rc = main(['outline', {str(path)!r}])\n"
        "assert 'textual' not in sys.modules, 'textual was imported'\n"
        "sys.exit(rc)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr.startswith("billdiff: ") and proc.stderr.count("\n") == 1
