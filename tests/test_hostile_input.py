"""Malformed, hostile and wrong input: one clear line on stderr, exit 2, nothing else."""

from __future__ import annotations

import os
import random
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
        (b'<html xmlns="http://www.w3.org/1999/xhtml"><body/></html>', "is an HTML page"),
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


# --- a bill that names other files (issue 7) --------------------------------------------

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "crime-and-policing"


def with_doctype(doctype: str, inject: str = "") -> str:
    """The first fixture print with ``doctype`` before its root and ``inject`` after the
    body's first "Respect orders" heading."""
    text = (FIXTURE / "1-commons-introduced.xml").read_text(encoding="utf-8")
    root = text.index("<akomaNtoso")
    heading = text.index("Respect orders", text.index("<body")) + len("Respect orders")
    return text[:root] + doctype + text[root:heading] + inject + text[heading:]


def test_a_local_dtd_beside_the_bill_is_never_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "ent.dtd").write_text('<!ENTITY inj " INJECTED TEXT">')
    (tmp_path / "bill.xml").write_text(
        with_doctype('<!DOCTYPE akomaNtoso SYSTEM "ent.dtd">', "&inj;"), encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)  # a relative DTD path resolves against the working directory
    code, out, err = run_outline("bill.xml", capsys)
    assert_one_line_error(code, out, err, "bill.xml: its DOCTYPE names an external DTD")
    assert "INJECTED" not in out + err


def test_a_doctype_naming_a_file_gives_the_same_error_whether_it_exists_or_not(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    errors = set()
    for target in ("/etc/shadow", "/etc/passwd", str(tmp_path / "missing.dtd")):
        path = tmp_path / "bill.xml"
        path.write_text(with_doctype(f'<!DOCTYPE akomaNtoso SYSTEM "{target}">'), "utf-8")
        code, out, err = run_outline(str(path), capsys)
        assert_one_line_error(code, out, err, "names an external DTD")
        errors.add(err)
    assert len(errors) == 1


@pytest.mark.parametrize("target", ["fifo", "/dev/stdin"])
def test_a_doctype_naming_a_fifo_or_stdin_does_not_hang(tmp_path: Path, target: str) -> None:
    if target == "fifo":
        target = str(tmp_path / "dtd.fifo")
        os.mkfifo(target)
    path = tmp_path / "bill.xml"
    path.write_text(with_doctype(f'<!DOCTYPE akomaNtoso SYSTEM "{target}">'), encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "billdiff", "outline", str(path)],
        stdin=subprocess.PIPE,  # never written to or closed: reading it would block
        capture_output=True,
        text=True,
        timeout=20,
    )
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and "names an external DTD" in proc.stderr


def test_entities_in_a_utf16_file_are_refused_before_the_parser_opens_anything(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fifo = tmp_path / "pe.fifo"
    os.mkfifo(fifo)
    doc = with_doctype(f'<!DOCTYPE akomaNtoso [<!ENTITY % p SYSTEM "{fifo}"> %p;]>')
    doc = doc.replace('encoding="UTF-8"', 'encoding="UTF-16"', 1)
    path = tmp_path / "bill.xml"
    path.write_bytes(b"\xff\xfe" + doc.encode("utf-16-le"))
    proc = subprocess.run(
        [sys.executable, "-m", "billdiff", "outline", str(path)],
        capture_output=True,
        text=True,
        timeout=20,
    )
    assert proc.returncode == 2
    assert (
        proc.stderr == f"billdiff: {path}: declares entities in a DTD, which billdiff "
        "refuses to process\n"
    )


def test_utf8_print_declaring_iso_8859_1_is_refused_not_read_as_mojibake(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (FIXTURE / "1-commons-introduced.xml").read_text(encoding="utf-8")
    path = tmp_path / "latin.xml"
    path.write_text(text.replace('encoding="UTF-8"', 'encoding="ISO-8859-1"', 1), "utf-8")
    code, out, err = run_outline(str(path), capsys)
    assert_one_line_error(code, out, err, "declares encoding 'ISO-8859-1' but its bytes are UTF-8")


@pytest.mark.parametrize(
    "main_part",
    ["", "<Primary/>", "<Primary><Body/></Primary>"],
    ids=["root-only", "no-body", "empty-body"],
)
def test_clml_with_nothing_to_compare_is_refused_like_akn(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], main_part: str
) -> None:
    path = tmp_path / "act.xml"
    path.write_text(
        '<Legislation xmlns="http://www.legislation.gov.uk/namespaces/legislation">'
        f"{main_part}</Legislation>"
    )
    code, out, err = run_outline(str(path), capsys)
    assert_one_line_error(code, out, err, "nothing to compare")


def test_akn_with_an_empty_body_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bill.xml"
    path.write_text(
        f'{AKN_HEAD}<bill><meta><references><TLCConcept eId="varProjectId" showAs="UK1"/>'
        "</references></meta><body/></bill></akomaNtoso>"
    )
    code, out, err = run_outline(str(path), capsys)
    assert_one_line_error(code, out, err, "has no clauses, sections or schedule paragraphs")


def test_xinclude_is_refused_not_silently_dropped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    include = '<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="/etc/passwd"/>'
    path = tmp_path / "bill.xml"
    path.write_text(with_doctype("", include), encoding="utf-8")
    code, out, err = run_outline(str(path), capsys)
    assert_one_line_error(code, out, err, "contains an XInclude element")


def test_many_tiny_clauses_are_refused_before_they_are_compared(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    clauses = "".join(
        f"<section><num>{n}</num><content><p>w</p></content></section>" for n in range(20_000)
    )
    path = tmp_path / "tiny.xml"
    path.write_text(
        f'{AKN_HEAD}<bill><meta><references><TLCConcept eId="varProjectId" showAs="UK1"/>'
        f"</references></meta><body>{clauses}</body></bill></akomaNtoso>"
    )
    code = main(["diff", str(path), str(path)])
    out, err = capsys.readouterr()
    assert_one_line_error(code, out, err, "clauses, sections and schedule paragraphs")


@pytest.mark.parametrize(
    ("content", "what"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "is a PDF document, not XML"),
        (b"PK\x03\x04\x14\x00\x06\x00", "is a ZIP archive (a Word .docx or an .odt document?)"),
        (b"<!DOCTYPE html>\n<html><body><p>Bill</p></body></html>", "is an HTML page"),
        (b'<html xmlns="http://www.w3.org/1999/xhtml"><body/></html>', "is an HTML page"),
    ],
    ids=["pdf", "docx", "html", "xhtml"],
)
def test_a_document_that_is_not_xml_is_named_and_the_xml_asked_for(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, what: str
) -> None:
    path = tmp_path / "print"
    path.write_bytes(content)
    code, out, err = run_outline(str(path), capsys)
    assert_one_line_error(code, out, err, what)
    assert "billdiff reads a print as XML" in err


def test_units_too_costly_to_diff_word_by_word_are_named_in_a_warning(tmp_path: Path) -> None:
    from billdiff import compare, load

    def bill(words: list[list[str]]) -> str:
        sections = "".join(
            f'<section eId="sec_{n}"><num>{n}</num><heading>H</heading><content><p>'
            f"{' '.join(w)}</p></content></section>"
            for n, w in enumerate(words, start=1)
        )
        return (
            '<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0" '
            'xmlns:ukl="https://www.legislation.gov.uk/namespaces/UK-AKN"><bill name="ukpubb">'
            f"<meta/><body>{sections}</body></bill></akomaNtoso>"
        )

    rnd = random.Random(1)
    # No word found once: nothing to anchor on; every fourth word changed throughout.
    old = [[rnd.choice("abcdefghij") for _ in range(1000)] for _ in range(7)]
    new = [[w if k % 4 else "z" for k, w in enumerate(words)] for words in old]
    (tmp_path / "old.xml").write_text(bill(old))
    (tmp_path / "new.xml").write_text(bill(new))
    c = compare(load(str(tmp_path / "old.xml")), load(str(tmp_path / "new.xml")))
    assert all(u.text_diff is not None and u.text_diff.coarse for u in c.units)
    assert c.warnings == (
        "clause 1, clause 2, clause 3, clause 4, clause 5 and 2 more: too many changes to "
        "compare word by word within billdiff's bounds; each passage changed throughout is "
        "shown replaced whole",
    )
    for u in c.units:  # accept every change: the new words, exactly
        assert u.text_diff is not None
        text = u.text_diff.old
        for h in reversed(u.text_diff.hunks):
            text = text[: h.old_start] + h.new + text[h.old_end :]
        assert text == u.text_diff.new
