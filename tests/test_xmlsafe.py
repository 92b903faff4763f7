"""Specification of the safe XML loader: it never opens anything but the file it was given,
reads every encoding XML allows the same way, and refuses what it cannot read faithfully."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from lxml import etree

from billdiff import load
from billdiff.errors import BilldiffError, FormatError, XMLError
from billdiff.formats import common, xmlsafe
from billdiff.formats.xmlsafe import RefusingResolver, parse_prepared, prepare, safe_parser

AKN = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
BODY = (
    f'<akomaNtoso xmlns="{AKN}" xmlns:ukl="https://www.legislation.gov.uk/namespaces/UK-AKN">'
    '<bill name="ukpubb"><meta><references>'
    '<TLCConcept eId="varBillTitle" href="#x" showAs="Example Bill"/>'
    '<TLCProcess eId="varProjectId" href="#x" showAs="UK000999"/></references></meta><body>'
    '<section eId="sec_1"><num>1</num><heading>Respect orders{entity}</heading>'
    "<content><p>Café “quoted” — text.</p></content></section></body></bill></akomaNtoso>\n"
)
INJECTED = "INJECTED TEXT"


def akn(entity: str = "") -> str:
    return BODY.format(entity=entity)


def hostile_forms(target: str) -> dict[str, str]:
    """Every way a document can ask libxml2 to open ``target``."""
    return {
        "SYSTEM DTD": f'<!DOCTYPE akomaNtoso SYSTEM "{target}">\n' + akn("&inj;"),
        "PUBLIC DTD": f'<!DOCTYPE akomaNtoso PUBLIC "-//x//DTD y//EN" "{target}">\n' + akn("&inj;"),
        "parameter entity": (
            f'<!DOCTYPE akomaNtoso [<!ENTITY % p SYSTEM "{target}"> %p;]>\n' + akn("&inj;")
        ),
        "general entity": (
            f'<!DOCTYPE akomaNtoso [<!ENTITY inj SYSTEM "{target}">]>\n' + akn("&inj;")
        ),
    }


@pytest.fixture
def dtd(tmp_path: Path) -> Path:
    """A local DTD declaring an entity whose text must never show up."""
    path = tmp_path / "ent.dtd"
    path.write_text(f'<!ENTITY inj " {INJECTED}">\n')
    return path


# --- layer 2: the parser itself cannot open anything -----------------------------------

# Parses each form with the parser alone (no check before it) in a child process, so
# that a parser which did open the FIFO or /dev/stdin would block and time out.
BYPASS = textwrap.dedent(
    """
    import sys
    from lxml import etree
    from billdiff.errors import BilldiffError
    from billdiff.formats.xmlsafe import parse_prepared, safe_parser
    sys.path.insert(0, sys.argv[2])
    from test_xmlsafe import hostile_forms
    for name, doc in hostile_forms(sys.argv[1]).items():
        root = etree.fromstring(doc.encode(), safe_parser())
        print(name, "|", etree.tostring(root, method="text", encoding=str).strip())
        try:
            parse_prepared(doc.encode(), "bill.xml")
        except BilldiffError as e:
            print(name, "|", e)
    """
)


def run_bypass(target: str) -> list[str]:
    proc = subprocess.run(
        [sys.executable, "-c", BYPASS, target, str(Path(__file__).parent)],
        stdin=subprocess.PIPE,  # open and never written to or closed: reading it would block
        capture_output=True,
        text=True,
        timeout=20,
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.splitlines()


def test_parser_alone_never_opens_a_fifo_named_by_a_doctype_or_entity(tmp_path: Path) -> None:
    fifo = tmp_path / "dtd.fifo"
    os.mkfifo(fifo)
    lines = run_bypass(str(fifo))  # raises TimeoutExpired if any form opened the FIFO
    assert len(lines) == 8
    assert all(INJECTED not in line for line in lines)


def test_parser_alone_never_reads_dev_stdin() -> None:
    lines = run_bypass("/dev/stdin")
    assert len(lines) == 8


def test_parser_alone_never_expands_entities_from_a_local_dtd(dtd: Path) -> None:
    for doc in hostile_forms(str(dtd)).values():
        # base_url as the CLI would see it: "ent.dtd" beside the bill resolves to the DTD.
        root = etree.fromstring(doc.encode(), safe_parser(), base_url=str(dtd.parent / "b.xml"))
        assert INJECTED not in etree.tostring(root, method="text", encoding=str)
    relative = f'<!DOCTYPE akomaNtoso SYSTEM "{dtd.name}">' + akn("&inj;")
    root = etree.fromstring(relative.encode(), safe_parser(), base_url=str(dtd.parent / "b.xml"))
    assert INJECTED not in etree.tostring(root, method="text", encoding=str)


def test_refusing_resolver_stops_even_a_parser_that_loads_the_external_subset(dtd: Path) -> None:
    # collect_ids=False makes libxml2 2.14 load the external subset despite load_dtd=False;
    # the resolver is asked first and refuses, so libxml2's own loader is never reached.
    doc = f'<!DOCTYPE akomaNtoso SYSTEM "{dtd}">' + akn("&inj;")
    leaky = etree.XMLParser(load_dtd=False, resolve_entities=False, collect_ids=False)
    leaky.resolvers.add(RefusingResolver())
    with pytest.raises(Exception, match=r"ent\.dtd") as caught:
        etree.fromstring(doc.encode(), leaky)
    assert not isinstance(caught.value, etree.XMLSyntaxError)


def test_parse_prepared_refuses_every_hostile_form_even_without_the_check_before_it(
    dtd: Path,
) -> None:
    for form, doc in hostile_forms(str(dtd)).items():
        with pytest.raises(XMLError) as caught:
            parse_prepared(doc.encode(), "bill.xml")
        message = str(caught.value)
        assert message.startswith("bill.xml: ") and "\n" not in message, form
        assert INJECTED not in message


def test_parse_prepared_refuses_xinclude() -> None:
    doc = akn().replace(
        "<p>Café",
        '<p><xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="/etc/passwd" '
        'parse="text"/>Café',
    )
    with pytest.raises(XMLError, match=r"XInclude element \(line 1\), which would pull in"):
        parse_prepared(doc.encode(), "bill.xml")


# --- layer 1: checked before parsing, whatever the encoding ----------------------------


def encodings(doc: str) -> dict[str, bytes]:
    """``doc`` in every form XML allows (with a matching declaration where it needs one)."""
    decl16 = '<?xml version="1.0" encoding="UTF-16"?>\n'
    decl32 = '<?xml version="1.0" encoding="UTF-32"?>\n'
    return {
        "UTF-8": doc.encode("utf-8"),
        "UTF-8 BOM": b"\xef\xbb\xbf" + doc.encode("utf-8"),
        "UTF-16LE BOM": b"\xff\xfe" + doc.encode("utf-16-le"),
        "UTF-16BE BOM": b"\xfe\xff" + doc.encode("utf-16-be"),
        "UTF-16LE declared": (decl16 + doc).encode("utf-16-le"),
        "UTF-16BE declared": (decl16 + doc).encode("utf-16-be"),
        "UTF-16BE bare": doc.encode("utf-16-be"),
        "UTF-32LE BOM": b"\xff\xfe\x00\x00" + doc.encode("utf-32-le"),
        "UTF-32BE declared": (decl32 + doc).encode("utf-32-be"),
    }


@pytest.mark.parametrize("encoding", encodings("").keys())
def test_entity_declarations_are_refused_before_parsing_in_every_encoding(
    encoding: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    laughs = '<!DOCTYPE akomaNtoso [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;">]>' + akn("&b;")
    monkeypatch.setattr(xmlsafe.etree, "fromstring", _no_parsing)
    with pytest.raises(XMLError, match="declares entities in a DTD"):
        prepare(encodings(laughs)[encoding], "bill.xml")


@pytest.mark.parametrize("encoding", encodings("").keys())
def test_external_dtd_is_refused_before_parsing_in_every_encoding(
    encoding: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    doc = '<!DOCTYPE akomaNtoso SYSTEM "/etc/shadow">' + akn()
    monkeypatch.setattr(xmlsafe.etree, "fromstring", _no_parsing)
    with pytest.raises(XMLError, match="DOCTYPE names an external DTD"):
        prepare(encodings(doc)[encoding], "bill.xml")


def _no_parsing(*args: object, **kwargs: object) -> None:
    raise AssertionError("the file was parsed before it was checked")


@pytest.mark.parametrize("encoding", encodings("").keys())
def test_every_encoding_reads_as_the_same_bill(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "bill.xml"
    data = encodings(akn())[encoding]
    path.write_bytes(data)
    bill = load(path)
    (unit,) = bill.units()
    assert unit.provision.heading == "Respect orders"
    assert unit.provision.full_text() == "Café “quoted” — text."
    assert bill.sha256 == hashlib.sha256(data).hexdigest()
    assert bill.warnings == ()


def test_same_error_whether_or_not_the_named_dtd_exists(tmp_path: Path, dtd: Path) -> None:
    messages = set()
    for target in (str(dtd), str(tmp_path / "missing.dtd"), "/etc/shadow", "/dev/stdin"):
        with pytest.raises(XMLError) as caught:
            prepare(f'<!DOCTYPE akomaNtoso SYSTEM "{target}">{akn()}'.encode(), "bill.xml")
        messages.add(str(caught.value))
    assert len(messages) == 1
    assert "/etc/shadow" not in messages.pop()


@pytest.mark.parametrize(
    "doc",
    [
        "<!DOCTYPE akomaNtoso>" + akn(),
        '<!DOCTYPE akomaNtoso [<!ELEMENT akomaNtoso ANY><!ATTLIST p x CDATA "1">]>' + akn(),
        '<?xml version="1.0"?><!-- a SYSTEM "x" comment --><?pi?>\n<!DOCTYPE akomaNtoso>' + akn(),
    ],
    ids=["bare", "internal-subset-without-entities", "after-comment-and-pi"],
)
def test_a_doctype_without_external_dtd_or_entities_is_allowed(doc: str) -> None:
    canonical, _ = prepare(doc.encode(), "bill.xml")
    assert parse_prepared(canonical, "bill.xml").tag == f"{{{AKN}}}akomaNtoso"


def test_a_doctype_hidden_behind_a_comment_is_still_found() -> None:
    doc = '<!-- <!DOCTYPE akomaNtoso> --><!DOCTYPE akomaNtoso PUBLIC "a" "b.dtd">' + akn()
    with pytest.raises(XMLError, match="external DTD"):
        prepare(doc.encode(), "bill.xml")


# --- declared encodings the bytes contradict -------------------------------------------


def declared(name: str, doc: str | None = None) -> str:
    return f'<?xml version="1.0" encoding="{name}"?>\n' + (doc or akn())


def test_utf8_bytes_declared_iso_8859_1_are_refused_naming_both_readings(tmp_path: Path) -> None:
    path = tmp_path / "bill.xml"
    path.write_bytes(declared("ISO-8859-1").encode("utf-8"))
    with pytest.raises(XMLError) as caught:
        load(path)
    # "é" is the 400th byte of the second line (the first is the declaration).
    assert akn().encode().index("é".encode()) + 1 == 400
    assert str(caught.value) == (
        f"{path}: declares encoding 'ISO-8859-1' but its bytes are UTF-8 (at line 2, "
        "column 400 they read 'é' as UTF-8, 'Ã©' as ISO-8859-1); billdiff will not guess: "
        'fix the declaration (encoding="UTF-8")'
    )


@pytest.mark.parametrize("name", ["windows-1252", "US-ASCII", "ISO-8859-15", "latin1"])
def test_utf8_bytes_under_any_8_bit_label_are_refused(name: str) -> None:
    with pytest.raises(XMLError, match=f"declares encoding '{name}' but its bytes are UTF-8"):
        prepare(declared(name).encode("utf-8"), "bill.xml")


def test_genuine_iso_8859_1_is_read_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "bill.xml"
    plain = akn().replace("“", '"').replace("”", '"').replace("—", "-")
    path.write_bytes(declared("ISO-8859-1", plain).encode("latin-1"))
    bill = load(path)
    assert next(bill.units()).provision.full_text() == 'Café "quoted" - text.'
    assert bill.warnings == ("read as ISO-8859-1, the encoding its XML declaration names",)


def test_genuine_windows_1252_is_read_with_its_curly_quotes(tmp_path: Path) -> None:
    path = tmp_path / "bill.xml"
    path.write_bytes(declared("windows-1252").encode("cp1252"))
    bill = load(path)
    assert next(bill.units()).provision.full_text() == "Café “quoted” — text."
    assert bill.warnings == ("read as windows-1252, the encoding its XML declaration names",)


def test_windows_1252_bytes_declared_iso_8859_1_are_refused_as_control_characters() -> None:
    with pytest.raises(XMLError, match=r"has byte 0x93 at line 2, column \d+, a control character"):
        prepare(declared("ISO-8859-1").encode("cp1252"), "bill.xml")


def test_bytes_the_declared_encoding_cannot_decode_are_refused() -> None:
    data = declared("windows-1252").encode("cp1252").replace(b"Caf", b"C\x81f")
    with pytest.raises(XMLError, match=r"is not valid windows-1252 \(byte 0x81 at line 2"):
        prepare(data, "bill.xml")


def test_latin_1_bytes_without_a_declaration_are_refused_as_not_utf8() -> None:
    with pytest.raises(XMLError, match=r"is not valid UTF-8 \(byte 0xE9 at line 1.*windows-1252"):
        prepare(akn().replace("“", '"').replace("”", '"').replace("—", "-").encode("latin-1"), "b")


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"\xef\xbb\xbf" + declared("ISO-8859-1").encode(), "UTF-8 byte-order mark but declares"),
        (b"\xff\xfe" + declared("UTF-8").encode("utf-16-le"), "bytes are UTF-16LE but it declares"),
        (declared("UTF-16").encode("utf-8"), "declares encoding 'UTF-16' but its bytes are 8-bit"),
        (declared("unicode_escape").encode(), "which billdiff does not read"),
        (declared("no-such-encoding").encode(), "which billdiff does not know"),
        (declared("a b").encode(), "invalid encoding name"),
        (b"\xff\xfe" + akn().encode("utf-16-le")[:40] + b"\x00\xd8", "is not valid UTF-16LE"),
    ],
    ids=["bom-vs-latin1", "utf16-vs-utf8", "utf16-label-8bit", "codec", "unknown", "name", "surr"],
)
def test_contradictory_or_unreadable_encodings_are_refused_in_one_line(
    data: bytes, expected: str
) -> None:
    with pytest.raises(XMLError) as caught:
        prepare(data, "bill.xml")
    assert expected in str(caught.value)
    assert "\n" not in str(caught.value)


# --- what the readers refuse ------------------------------------------------------------

CLML = (
    '<Legislation xmlns="http://www.legislation.gov.uk/namespaces/legislation" '
    'xmlns:ukm="http://www.legislation.gov.uk/namespaces/metadata">{}</Legislation>'
)
LGU_AKN = (
    f'<akomaNtoso xmlns="{AKN}" xmlns:ukm="http://www.legislation.gov.uk/namespaces/metadata">'
    '<act name="ukpga"><meta><ukm:Year Value="2023"/></meta>{}</act></akomaNtoso>'
)


@pytest.mark.parametrize(
    ("doc", "expected"),
    [
        (CLML.format(""), "CLML document has no body"),
        (CLML.format("<Primary/>"), "CLML document has no body"),
        (CLML.format("<Primary><Body/></Primary>"), "has no sections"),
        (CLML.format("<Primary><Body><Part><Title>T</Title></Part></Body></Primary>"), "no sect"),
        (akn().replace(akn()[akn().index("<body>") : akn().index("</body>") + 7], ""), "no body"),
        (
            akn().replace(akn()[akn().index("<body>") : akn().index("</body>") + 7], "<body/>"),
            "no cl",
        ),
        (LGU_AKN.format("<body/>"), "has no clauses"),
    ],
    ids=[
        "clml-root",
        "clml-no-body",
        "clml-empty",
        "clml-no-units",
        "akn-no-body",
        "akn-empty",
        "lgu",
    ],
)
def test_every_reader_refuses_a_print_with_nothing_to_compare(
    tmp_path: Path, doc: str, expected: str
) -> None:
    path = tmp_path / "empty.xml"
    path.write_text(doc, encoding="utf-8")
    with pytest.raises(FormatError) as caught:
        load(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: ") and expected in message and "\n" not in message


def sections(count: int, levels: int = 0) -> str:
    level = "<level><num>(a)</num><content><p>w</p></content></level>" * levels
    return "".join(
        f"<section><num>{n}</num><content><p>w</p></content>{level}</section>" for n in range(count)
    )


def test_a_print_with_more_units_than_the_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "many.xml"
    body = sections(common.MAX_UNITS + 1)
    path.write_text(akn().replace(akn()[akn().index("<section") : akn().index("</body>")], body))
    with pytest.raises(FormatError, match=f"more than {common.MAX_UNITS:,} clauses"):
        load(path)


def test_a_print_with_more_provisions_than_the_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "deep.xml"
    per_unit = 99
    body = sections(common.MAX_PROVISIONS // (per_unit + 1) + 1, levels=per_unit)
    path.write_text(akn().replace(akn()[akn().index("<section") : akn().index("</body>")], body))
    with pytest.raises(FormatError, match=f"more than {common.MAX_PROVISIONS:,} provisions"):
        load(path)


def test_a_file_of_countless_tiny_elements_is_refused_before_parsing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data = b"<r>" + b"<a/>" * xmlsafe.MAX_ELEMENTS + b"</r>"
    monkeypatch.setattr(xmlsafe.etree, "fromstring", _no_parsing)
    with pytest.raises(XMLError, match=f"has about {xmlsafe.MAX_ELEMENTS + 1:,} elements"):
        prepare(data, "tiny.xml")


def test_a_file_of_countless_attributes_is_refused_before_parsing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data = b"<r>" + b'<a b="" c="" d="" e=""/>' * (xmlsafe.MAX_ATTRIBUTES // 4 + 1) + b"</r>"
    monkeypatch.setattr(xmlsafe.etree, "fromstring", _no_parsing)
    with pytest.raises(XMLError, match="attributes; billdiff reads files of up to"):
        prepare(data, "attrs.xml")


def test_a_file_name_with_control_characters_is_shown_safely(tmp_path: Path) -> None:
    path = tmp_path / "evil\nbilldiff: ok\x1b[2J.xml"
    path.write_text("not xml")
    with pytest.raises(BilldiffError) as caught:
        load(path)
    message = str(caught.value)
    assert "\n" not in message and "\x1b" not in message
    assert "evil⟨U+000A⟩billdiff: ok⟨U+001B⟩[2J.xml: not well-formed XML" in message


def test_invisible_controls_in_the_text_are_reported_in_the_warnings(tmp_path: Path) -> None:
    path = tmp_path / "bill.xml"
    path.write_text(akn().replace("Café", "Ca\u202efé &#x2066;x&#8297; &#133;"), encoding="utf-8")
    bill = load(path)
    assert bill.warnings == (
        "contains 4 invisible control characters (bidirectional or C1 controls, line "
        f"separators; the first, U+202E, at line 1, column {akn().index('Café') + 3}) that can "
        "make text read differently from what it is; they are shown as ⟨U+XXXX⟩",
    )
    assert "\u202e" in next(bill.units()).provision.full_text()  # read as written


def test_legal_characters_near_the_invisible_ones_raise_no_warning() -> None:
    text = "‘’“” — – \u00a0\u2007\u2009\u202f &#x2014; &#8230; &#160; &#x2030;"
    assert prepare(akn().replace("Café", text).encode(), "bill.xml")[1] == ()
