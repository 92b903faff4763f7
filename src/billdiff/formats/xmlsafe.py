"""Read an XML file safely: nothing but the file itself is ever opened.

Three layers, each enough on its own:

1. **Before parsing**, the bytes are decoded by the rules of XML (byte-order
   mark, else the pattern of zero bytes, else the XML declaration) and turned
   into one canonical form, UTF-8, whatever the file's encoding (see
   :func:`prepare`). The prologue of that canonical form is then scanned: a
   DOCTYPE with an external identifier (``SYSTEM``/``PUBLIC``) or any entity
   declaration, general or parameter, is refused. A declared encoding the
   bytes contradict (UTF-8 bytes labelled ISO-8859-1, bytes the declared
   encoding cannot decode) is refused too, rather than silently misread.
2. **The parser cannot open anything** (:func:`safe_parser`): no DTD loading,
   no entity substitution, no network, IDs collected (with libxml2 2.14,
   ``collect_ids=False`` makes it load the external subset even with
   ``load_dtd=False``), and a resolver that refuses every file and URL libxml2
   asks for, so nothing reaches libxml2's own loader even if the checks of
   layer 1 were bypassed.
3. **After parsing**, the tree is checked again: no external DTD, no entity
   declarations or entity references, no XInclude elements.

Before any of that, a file over :data:`MAX_BYTES`, :data:`MAX_ELEMENTS` or
:data:`MAX_ATTRIBUTES` is refused, which bounds what libxml2 may allocate.

Every lxml and OS error is translated here into a one-line
:class:`~billdiff.errors.InputError` (or :class:`~billdiff.errors.XMLError`),
and every piece of the file or its name put into a message is passed through
:func:`billdiff.sanitise.visible`, so nothing past this module sees them.
"""

from __future__ import annotations

import codecs
import hashlib
import os
import re
import stat
import sys
from dataclasses import dataclass
from typing import Any

from lxml import etree

from billdiff.errors import FormatError, InputError, XMLError
from billdiff.sanitise import visible

#: The largest file billdiff reads. Real Bills are 0.5-4 MB, the largest whole Act in the
#: corpus (FSMA 2023, CLML) is 3 MB; a realistic file peaks at about 10 times its size in
#: memory while it is read (libxml2's tree alone is 8 times), so 32 MB keeps one print
#: under about 350 MB and leaves room for the longest Acts.
MAX_BYTES = 32 * 1024 * 1024

#: The most elements (with processing instructions and comments) a file may hold,
#: counted on the bytes before parsing. Real files have 10,000-16,000 per MB (DPDI's
#: 1.9 MB committee print 27,600; FSMA 2023, 3 MB, 41,100), so a realistic file at
#: :data:`MAX_BYTES` has about 500,000. A file of nothing but tiny elements costs about
#: 450 bytes of memory per element while it is read (libxml2's nodes and the readers'
#: pass over every block), so this bounds it to about 250 MB.
MAX_ELEMENTS = 500_000

#: The most attributes a file may hold (an upper bound: every ``=`` is counted). Real
#: files have 10,000-12,500 per MB (DPDI: 23,600); each costs libxml2 about 220 bytes,
#: so a file of nothing but attributes costs at most about 110 MB.
MAX_ATTRIBUTES = 500_000

STDIN = "-"

_BOM_UTF8 = b"\xef\xbb\xbf"
# Byte-order marks, the longest first (the UTF-32LE mark starts with the UTF-16LE one).
_BOMS = (
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (_BOM_UTF8, "utf-8"),
    (b"\xfe\xff", "utf-16-be"),
    (b"\xff\xfe", "utf-16-le"),
)
# What libxml2 would print, and the encodings' families, by Python codec name.
_WIDE = {
    "utf-16-be": ("UTF-16BE", "utf-16"),
    "utf-16-le": ("UTF-16LE", "utf-16"),
    "utf-32-be": ("UTF-32BE", "utf-32"),
    "utf-32-le": ("UTF-32LE", "utf-32"),
}
# Names libxml2 accepts for the wide encodings that Python's codec registry lacks.
_WIDE_ALIASES = {
    "ucs-2": "utf-16",
    "ucs2": "utf-16",
    "iso-10646-ucs-2": "utf-16",
    "ucs-4": "utf-32",
    "ucs4": "utf-32",
    "iso-10646-ucs-4": "utf-32",
}
# Encodings read from 8-bit files, by Python codec name: UTF-8, ASCII, ISO 8859, Windows.
_EIGHT_BIT = frozenset(
    {"utf-8", "ascii"}
    | {f"iso8859-{n}" for n in (*range(1, 12), 13, 14, 15, 16)}
    | {f"cp{n}" for n in range(1250, 1259)}
)
_SPACE = rb"[ \t\r\n]"
_XML_DECL = re.compile(
    rb"<\?xml"
    + _SPACE
    + rb"+version"
    + _SPACE
    + rb"*="
    + _SPACE
    + rb"*(?:\"[^\"]*\"|'[^']*')(?:"
    + _SPACE
    + rb"+encoding"
    + _SPACE
    + rb"*="
    + _SPACE
    + rb"*(?:\"(?P<dq>[^\"]*)\"|'(?P<sq>[^']*)'))?"
)
_ENCODING_NAME = re.compile(r"[A-Za-z][A-Za-z0-9._-]*")
_WHITESPACE = re.compile(_SPACE + rb"*")
_NAME = re.compile(rb"[^ \t\r\n\[>]*")
_DOCTYPE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)
_ENTITY_DECL = re.compile(rb"<!ENTITY", re.IGNORECASE)
_C1_BYTE = re.compile(rb"[\x80-\x9f]")
_HIGH_BYTE = re.compile(rb"[\x80-\xff]")
_XINCLUDE = (
    "{http://www.w3.org/2001/XInclude}include",
    "{http://www.w3.org/2003/XInclude}include",
)
_XINCLUDE_URIS = (b"http://www.w3.org/2001/XInclude", b"http://www.w3.org/2003/XInclude")
_CHUNK = 1 << 20
# Invisible characters that change how text reads (bidirectional controls), C1 controls
# and the Unicode line separators, written as UTF-8 or as character references.
_INVISIBLE = re.compile(
    rb"\xd8\x9c|\xe2\x80[\x8e\x8f\xa8-\xae]|\xe2\x81[\xa6-\xa9]|\xc2[\x80-\x9f]"
    rb"|&#(?:[xX]0*(?:61[cC]|200[eEfF]|202[89a-eA-E]|206[6-9]|[89][0-9a-fA-F])"
    rb"|0*(?:1564|820[67]|823[2-8]|829[4-7]|12[89]|1[34][0-9]|15[0-9]));"
)

# The same characters as UTF-8 only, one pattern per leading byte sequence.
_INVISIBLE_UTF8 = tuple(
    re.compile(p)
    for p in (
        rb"\xe2\x80[\x8e\x8f\xa8-\xae]",
        rb"\xe2\x81[\xa6-\xa9]",
        rb"\xc2[\x80-\x9f]",
        rb"\xd8\x9c",
    )
)
# The fewest bytes an element ("<a/>") or an attribute (' a=""') takes.
_SMALLEST_ITEM = 4


@dataclass(frozen=True, slots=True)
class XMLDocument:
    """A parsed XML file and where it came from.

    ``source`` is the file in its canonical form, UTF-8 (the very bytes of the file
    when it is UTF-8 already); ``sha256`` is always that of the file as given.
    ``warnings`` says what a reader should pass on (a file read in a legacy encoding).
    """

    root: etree._Element
    path: str
    sha256: str
    source: bytes
    warnings: tuple[str, ...] = ()


class _Refused(Exception):
    """Raised by :class:`RefusingResolver` inside libxml2; turned into an XMLError."""


class RefusingResolver(etree.Resolver):
    """Answers every request libxml2 makes for a DTD, entity or other URL with a refusal,
    so its own loader (which would open local files, FIFOs and devices) is never reached."""

    # lxml calls resolve(url, public_id, context); its type stubs leave out the context.
    def resolve(  # type: ignore[override]
        self, system_url: str, public_id: str, context: object
    ) -> None:
        raise _Refused(system_url)


def safe_parser() -> etree.XMLParser:
    """A parser that cannot open any file or URL, whatever the document says.

    * ``load_dtd=False``, ``dtd_validation=False``, ``attribute_defaults=False``:
      the external subset is not wanted and DTDs add nothing to the tree;
    * ``collect_ids=True`` (lxml's default): with libxml2 2.14, ``False`` sets
      ``XML_SKIP_IDS``, which makes libxml2 load the external subset anyway;
    * ``resolve_entities=False``: entity references stay references (and are
      refused afterwards) rather than being replaced by their text;
    * ``no_network=True`` and a resolver that refuses every request;
    * ``huge_tree=False``: libxml2's limits on depth (256) and text node size.
    """
    parser = etree.XMLParser(
        resolve_entities=False,
        load_dtd=False,
        dtd_validation=False,
        attribute_defaults=False,
        no_network=True,
        huge_tree=False,
        collect_ids=True,
        remove_blank_text=False,
    )
    parser.resolvers.add(RefusingResolver())
    return parser


def read_bytes(path: str) -> bytes:
    """The bytes of ``path`` (or stdin for ``-``), refusing directories and oversized files."""
    shown = visible(path)
    if path == STDIN:
        data = sys.stdin.buffer.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            raise InputError(f"stdin: input is larger than {MAX_BYTES // 2**20} MB")
        return data
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise InputError(f"{shown}: no such file") from None
    except OSError as e:
        raise InputError(f"{shown}: cannot read ({e.strerror})") from None
    if stat.S_ISDIR(st.st_mode):
        raise InputError(f"{shown}: is a directory, not an XML file")
    if st.st_size > MAX_BYTES:
        raise InputError(
            f"{shown}: file is {st.st_size / 2**20:.0f} MB; billdiff reads files up to "
            f"{MAX_BYTES // 2**20} MB"
        )
    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_BYTES + 1)
    except OSError as e:
        raise InputError(f"{shown}: cannot read ({e.strerror})") from None
    if len(data) > MAX_BYTES:
        raise InputError(f"{shown}: file is larger than {MAX_BYTES // 2**20} MB")
    return data


# --- layer 1: decoding and the prologue ------------------------------------------------


def prepare(data: bytes, name: str) -> tuple[bytes, tuple[str, ...]]:
    """The canonical UTF-8 form of an XML file's bytes, checked, and any warnings.

    The encoding is found as XML says: a byte-order mark; else the pattern of
    zero bytes in the first four (UTF-16 or UTF-32 without a mark); else the
    encoding in the XML declaration; else UTF-8. The bytes must decode under it
    without error, and must not contradict it: UTF-8 bytes labelled as an 8-bit
    encoding, or control characters (0x80-0x9F) in a file labelled ISO-8859-N,
    are refused. Other files are transcoded to UTF-8 with their declaration
    rewritten to say so, and get a warning that says which encoding was read.

    A file holding bidirectional controls, C1 controls or line separators (which
    can make text read differently from what it is) gets a warning too.

    Then the prologue is checked: a DOCTYPE naming an external DTD and any
    entity declaration are refused; and so is a file with more than
    :data:`MAX_ELEMENTS` elements or :data:`MAX_ATTRIBUTES` attributes. Raises
    :class:`XMLError`, one line.
    """
    shown = visible(name)
    if not data.strip():
        raise XMLError(f"{shown}: file is empty")
    _refuse_other_documents(data, shown)
    canonical, warnings = _canonical(data, shown)
    _check_prologue(canonical, shown)
    _check_counts(canonical, shown)
    invisible = _invisible_warning(canonical)
    return canonical, (*warnings, invisible) if invisible else warnings


#: Where to get the XML of a print, for a user who gave something else.
GET_THE_XML = (
    "billdiff reads a print as XML: Lawmaker Akoma Ntoso, or legislation.gov.uk's CLML or "
    "Akoma Ntoso (the data.xml or data.akn of a legislation.gov.uk page)"
)
# The first bytes of documents people mistake for a print, and what each one is.
_OTHER_DOCUMENTS = (
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (a Word .docx or an .odt document?)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old-style Word or Excel document"),
    (b"{\\rtf", "an RTF document"),
)
_HTML_START = re.compile(
    rb"\A(?:\xef\xbb\xbf)?\s*(?:<!--.*?-->\s*)*<(?:!DOCTYPE\s+html|html)[\s>]", re.I | re.S
)


def _refuse_other_documents(data: bytes, shown: str) -> None:
    """Say what a file is when it is plainly not XML at all (a PDF, a Word document, an
    HTML page), rather than report its first bytes as bad XML."""
    head = data[:64].lstrip()
    for magic, what in _OTHER_DOCUMENTS:
        if head.startswith(magic):
            raise FormatError(f"{shown}: is {what}, not XML; {GET_THE_XML}")
    if _HTML_START.match(data[:4096]):
        raise FormatError(f"{shown}: is an HTML page, not a print's XML; {GET_THE_XML}")


def _canonical(data: bytes, shown: str) -> tuple[bytes, tuple[str, ...]]:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            if codec == "utf-8":
                declared = _declared(data, len(bom), shown)
                if declared is not None and _codec(declared, shown) != "utf-8":
                    raise XMLError(
                        f"{shown}: starts with a UTF-8 byte-order mark but declares encoding "
                        f"{visible(declared)!r}; billdiff will not guess which is right"
                    )
                _check_utf8(data, shown, "UTF-8")
                return data, ()
            return _from_wide(data[len(bom) :], codec, shown), ()
    head = data[:4]
    if len(head) == 4 and b"\x00" in head:
        zeros = (head[0] == 0, head[1] == 0, head[2] == 0, head[3] == 0)
        wide = {
            (True, True, True, False): "utf-32-be",
            (False, True, True, True): "utf-32-le",
            (True, False, True, False): "utf-16-be",
            (False, True, False, True): "utf-16-le",
        }.get(zeros)
        if wide is not None:
            return _from_wide(data, wide, shown), ()
    declared = _declared(data, 0, shown)
    codec = "utf-8" if declared is None else _codec(declared, shown)
    label = "UTF-8" if declared is None else visible(declared)
    if codec not in _EIGHT_BIT:
        if codec in ("utf-16", "utf-32") or codec in _WIDE:
            raise XMLError(
                f"{shown}: declares encoding {label!r} but its bytes are 8-bit "
                "(no byte-order mark, no zero bytes)"
            )
        raise XMLError(
            f"{shown}: declares encoding {label!r}, which billdiff does not read "
            "(it reads UTF-8, UTF-16, UTF-32, ASCII, ISO-8859 and Windows code pages)"
        )
    if codec == "utf-8":
        _check_utf8(data, shown, label)
        if declared is None or declared.upper() == "UTF-8":
            return data, ()
        return _relabelled(data), ()
    if data.isascii():
        return _relabelled(data), ()
    if _is_utf8(data):
        first = _HIGH_BYTE.search(data)
        assert first is not None  # not ASCII
        start = first.start()
        end = start + 1
        while end < len(data) and 0x80 <= data[end] < 0xC0:
            end += 1
        raise XMLError(
            f"{shown}: declares encoding {label!r} but its bytes are UTF-8 (at "
            f"{_position(data, start)} they read {visible(data[start:end].decode())!r} as UTF-8, "
            f"{visible(data[start:end].decode(codec, 'replace'))!r} as {label}); billdiff will "
            'not guess: fix the declaration (encoding="UTF-8")'
        )
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as e:
        raise XMLError(
            f"{shown}: is not valid {label} (byte 0x{data[e.start]:02X} at "
            f"{_position(data, e.start)} has no meaning in it)"
        ) from None
    if codec.startswith("iso8859-"):
        c1 = _C1_BYTE.search(data)
        if c1 is not None:
            raise XMLError(
                f"{shown}: declares encoding {label!r} but has byte 0x{data[c1.start()]:02X} at "
                f"{_position(data, c1.start())}, a control character in {label} "
                "(is it windows-1252?); billdiff will not guess"
            )
    canonical = _relabelled(text.encode("utf-8"))
    return canonical, (f"read as {label}, the encoding its XML declaration names",)


def _from_wide(data: bytes, codec: str, shown: str) -> bytes:
    """UTF-16 or UTF-32 bytes (no byte-order mark) as canonical UTF-8."""
    label, family = _WIDE[codec]
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as e:
        raise XMLError(
            f"{shown}: is not valid {label} (bad bytes at offset {e.start}: {e.reason})"
        ) from None
    ascii_head = text[:200].encode("ascii", "replace")
    declared = _declared(ascii_head, 0, shown)
    if declared is not None:
        wanted = _WIDE_ALIASES.get(declared.lower()) or _codec(declared, shown)
        if wanted not in (family, codec):
            raise XMLError(
                f"{shown}: its bytes are {label} but it declares encoding "
                f"{visible(declared)!r}; billdiff will not guess which is right"
            )
    return _relabelled(text.encode("utf-8"))


def _declared(data: bytes, start: int, shown: str) -> str | None:
    """The encoding name in the XML declaration at ``start``, if there is one."""
    match = _XML_DECL.match(data, start)
    if match is None:
        return None
    raw = match.group("dq") if match.group("dq") is not None else match.group("sq")
    if raw is None:
        return None
    name = raw.decode("ascii", "replace")
    if not _ENCODING_NAME.fullmatch(name):
        raise XMLError(f"{shown}: declares an invalid encoding name {visible(name)!r}")
    return name


def _codec(declared: str, shown: str) -> str:
    """The Python codec name of a declared encoding."""
    alias = _WIDE_ALIASES.get(declared.lower())
    if alias is not None:
        return alias
    try:
        return codecs.lookup(declared).name
    except LookupError:
        raise XMLError(
            f"{shown}: declares encoding {visible(declared)!r}, which billdiff does not know"
        ) from None


def _relabelled(data: bytes) -> bytes:
    """UTF-8 bytes whose XML declaration (if any) is made to say ``UTF-8``."""
    start = 3 if data.startswith(_BOM_UTF8) else 0
    match = _XML_DECL.match(data, start)
    if match is None:
        return data
    group = "dq" if match.group("dq") is not None else "sq"
    if match.group(group) is None:
        return data
    return data[: match.start(group)] + b"UTF-8" + data[match.end(group) :]


def _check_utf8(data: bytes, shown: str, label: str) -> None:
    """Refuse bytes that are not UTF-8, saying where and what they look like instead."""
    bad = _first_bad_utf8(data)
    if bad is None:
        return
    hint = ""
    try:
        data.decode("cp1252")
        hint = "; it looks like windows-1252 or ISO-8859-1 text: if so, declare that encoding"
    except UnicodeDecodeError:
        pass
    raise XMLError(
        f"{shown}: is not valid {label} (byte 0x{data[bad]:02X} at {_position(data, bad)}){hint}"
    )


def _first_bad_utf8(data: bytes) -> int | None:
    """The offset of the first byte that is not valid UTF-8, or None.

    Decodes a chunk at a time, so checking a large file never holds more than a
    few megabytes of decoded text.
    """
    decoder = codecs.getincrementaldecoder("utf-8")()
    view = memoryview(data)
    for offset in range(0, len(data), _CHUNK):
        pending = len(decoder.getstate()[0])
        try:
            decoder.decode(view[offset : offset + _CHUNK], final=offset + _CHUNK >= len(data))
        except UnicodeDecodeError as e:
            return offset - pending + e.start
    return None


def _is_utf8(data: bytes) -> bool:
    return _first_bad_utf8(data) is None


def _position(data: bytes, offset: int) -> str:
    """'line L, column C' (both 1-based, the column in bytes) of a byte offset."""
    line = data.count(b"\n", 0, offset) + 1
    column = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
    return f"line {line}, column {column}"


def _check_prologue(data: bytes, shown: str) -> None:
    """Refuse an external DTD or any entity declaration in canonical UTF-8 ``data``.

    Walks what may come before the root element (the XML declaration, processing
    instructions, comments, whitespace) to the DOCTYPE, if there is one.
    """
    pos = 3 if data.startswith(_BOM_UTF8) else 0
    while True:
        match = _WHITESPACE.match(data, pos)
        pos = match.end() if match else pos
        if data.startswith(b"<?", pos):
            end = data.find(b"?>", pos + 2)
        elif data.startswith(b"<!--", pos):
            end = data.find(b"-->", pos + 4)
            end = end + 1 if end != -1 else end
        elif _DOCTYPE.match(data, pos):
            _check_doctype(data, pos + len(b"<!DOCTYPE"), shown)
            return
        else:
            return  # the root element, or something the parser will refuse
        if end == -1:
            return  # unterminated: the parser refuses it
        pos = end + 2


def _check_doctype(data: bytes, pos: int, shown: str) -> None:
    """Check a DOCTYPE from just after ``<!DOCTYPE``: ``S Name S? ('[' subset ']' S?)? '>'``."""
    pos = _skip_space(data, pos)
    match = _NAME.match(data, pos)
    pos = _skip_space(data, match.end() if match else pos)
    after = data[pos : pos + 1]
    if after == b"[":
        if _ENTITY_DECL.search(data, pos):
            raise _entities_refused(shown)
    elif after != b">":
        # SYSTEM "…" or PUBLIC "…" "…" (or something malformed): never opened, never parsed.
        raise _external_refused(shown)


def _invisible_warning(data: bytes) -> str | None:
    """A warning about invisible control characters in canonical ``data``, if it has any."""
    # Each search below starts with literal bytes, which the regex engine skips to
    # directly: together several times faster than the one pattern over every byte.
    if b"&#" not in data and not any(p.search(data) for p in _INVISIBLE_UTF8):
        return None
    first = _INVISIBLE.search(data)
    if first is None:
        return None
    count = sum(1 for _ in _INVISIBLE.finditer(data, first.start()))
    raw = first.group()
    if raw.startswith(b"&#"):
        digits = raw[2:-1]
        code = int(digits[1:], 16) if digits[:1] in (b"x", b"X") else int(digits)
    else:
        code = ord(raw.decode("utf-8"))
    noun = "character" if count == 1 else "characters"
    return (
        f"contains {count} invisible control {noun} (bidirectional or C1 controls, line "
        f"separators; the first, U+{code:04X}, at {_position(data, first.start())}) that can "
        "make text read differently from what it is; they are shown as ⟨U+XXXX⟩"
    )


def _check_counts(data: bytes, shown: str) -> None:
    """Refuse a file with more elements or attributes than billdiff builds a tree for."""
    if len(data) < _SMALLEST_ITEM * min(MAX_ELEMENTS, MAX_ATTRIBUTES):
        return  # too small to hold that many: nothing to count
    elements = data.count(b"<") - data.count(b"</")
    if elements > MAX_ELEMENTS:
        raise XMLError(
            f"{shown}: has about {elements:,} elements; billdiff reads files of up to "
            f"{MAX_ELEMENTS:,} (the 1.9 MB DPDI Bill has about 27,600)"
        )
    attributes = data.count(b"=")
    if attributes > MAX_ATTRIBUTES:
        raise XMLError(
            f"{shown}: has about {attributes:,} attributes; billdiff reads files of up to "
            f"{MAX_ATTRIBUTES:,} (the 1.9 MB DPDI Bill has about 23,600)"
        )


def _skip_space(data: bytes, pos: int) -> int:
    match = _WHITESPACE.match(data, pos)
    return match.end() if match else pos


def _external_refused(shown: str) -> XMLError:
    # One message whatever the DOCTYPE names and whether or not it exists: no probing.
    return XMLError(
        f"{shown}: its DOCTYPE names an external DTD (SYSTEM or PUBLIC), which billdiff "
        "never opens; remove the DOCTYPE"
    )


def _entities_refused(shown: str) -> XMLError:
    return XMLError(f"{shown}: declares entities in a DTD, which billdiff refuses to process")


# --- layers 2 and 3: the parser and the tree -------------------------------------------


def parse_prepared(data: bytes, name: str) -> etree._Element:
    """Parse bytes :func:`prepare` produced, with :func:`safe_parser`, and check the tree.

    Safe on any bytes (nothing is opened even when the prologue check was
    skipped); refuses an external DTD, entity declarations and references,
    XInclude elements.
    """
    shown = visible(name)
    try:
        root = etree.fromstring(data, safe_parser())
    except _Refused:
        raise XMLError(
            f"{shown}: refers to an external DTD or entity, which billdiff never opens"
        ) from None
    except etree.XMLSyntaxError as e:
        where = f" at line {e.lineno}, column {e.offset}" if e.lineno else ""
        raise XMLError(f"{shown}: not well-formed XML{where}: {visible(_message(e))}") from None
    except (ValueError, MemoryError) as e:
        raise XMLError(f"{shown}: cannot parse XML ({visible(_first_line(e))})") from None
    docinfo: Any = root.getroottree().docinfo  # the type stubs lack system_url, iterentities
    if docinfo.system_url is not None or docinfo.public_id is not None:
        raise _external_refused(shown)
    dtd = docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise _entities_refused(shown)
    entity = next(root.iter(etree.Entity), None)
    if entity is not None:
        raise XMLError(
            f"{shown}: uses the undeclared entity {visible(str(entity.text))}, which billdiff "
            "refuses to process"
        )
    if any(uri in data for uri in _XINCLUDE_URIS):
        include = next(root.iter(*_XINCLUDE), None)
        if include is not None:
            raise XMLError(
                f"{shown}: contains an XInclude element (line {include.sourceline}), which "
                "would pull in another file; billdiff refuses it"
            )
    return root


def parse_bytes(data: bytes, name: str) -> etree._Element:
    """Parse ``data`` safely: :func:`prepare`, then :func:`parse_prepared`."""
    canonical, _ = prepare(data, name)
    return parse_prepared(canonical, name)


def load_xml(path: str | os.PathLike[str]) -> XMLDocument:
    """Read and parse ``path`` (``-`` for stdin) safely."""
    name = os.fspath(path)
    data = read_bytes(name)
    return document_of(data, name, hashlib.sha256(data).hexdigest())


def document_of(data: bytes, name: str, sha256: str) -> XMLDocument:
    """Parse the bytes :func:`read_bytes` read from ``name`` safely; ``sha256`` is theirs."""
    shown = "stdin" if name == STDIN else name
    canonical, warnings = prepare(data, shown)
    root = parse_prepared(canonical, shown)
    return XMLDocument(root=root, path=name, sha256=sha256, source=canonical, warnings=warnings)


def _first_line(e: BaseException) -> str:
    text = str(e).strip().splitlines()
    return text[0] if text else type(e).__name__


def _message(e: etree.XMLSyntaxError) -> str:
    """libxml2's message without its trailing "(<string>, line N)" and with no newlines."""
    msg = (e.msg or _first_line(e)).strip().rstrip(".")
    if msg.startswith("Excessive depth"):
        return "elements are nested more than 256 deep"
    cut = msg.find(", line ")
    msg = msg[:cut] if cut > 0 else msg
    return " ".join(msg.split())
