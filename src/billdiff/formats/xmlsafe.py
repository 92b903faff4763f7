"""Read an XML file safely: no entities, no DTDs, no network, bounded size.

Every lxml and OS error is translated here into a one-line
:class:`~billdiff.errors.InputError`, so nothing past this module sees them.
"""

from __future__ import annotations

import hashlib
import os
import stat
import sys
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from billdiff.errors import InputError, XMLError

#: The largest file billdiff reads. Real prints are 0.5-4 MB; whole Acts up to ~5 MB.
MAX_BYTES = 64 * 1024 * 1024

STDIN = "-"


@dataclass(frozen=True, slots=True)
class XMLDocument:
    """A parsed XML file and where it came from."""

    root: etree._Element
    path: str
    sha256: str
    source: bytes


def _parser() -> etree.XMLParser:
    # huge_tree=False keeps libxml2's limits on depth (256) and text node size;
    # resolve_entities/load_dtd/no_network keep the parser off the file system
    # and the network whatever the document declares.
    return etree.XMLParser(
        resolve_entities=False,
        load_dtd=False,
        dtd_validation=False,
        no_network=True,
        huge_tree=False,
        collect_ids=False,
        remove_blank_text=False,
    )


def read_bytes(path: str) -> bytes:
    """The bytes of ``path`` (or stdin for ``-``), refusing directories and oversized files."""
    if path == STDIN:
        data = sys.stdin.buffer.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            raise InputError(f"stdin: input is larger than {MAX_BYTES // 2**20} MB")
        return data
    p = Path(path)
    try:
        st = p.stat()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except OSError as e:
        raise InputError(f"{path}: cannot read ({e.strerror})") from None
    if stat.S_ISDIR(st.st_mode):
        raise InputError(f"{path}: is a directory, not an XML file")
    if st.st_size > MAX_BYTES:
        raise InputError(
            f"{path}: file is {st.st_size / 2**20:.0f} MB; billdiff reads files up to "
            f"{MAX_BYTES // 2**20} MB"
        )
    try:
        with p.open("rb") as fh:
            data = fh.read(MAX_BYTES + 1)
    except OSError as e:
        raise InputError(f"{path}: cannot read ({e.strerror})") from None
    if len(data) > MAX_BYTES:
        raise InputError(f"{path}: file is larger than {MAX_BYTES // 2**20} MB")
    return data


def parse_bytes(data: bytes, name: str) -> etree._Element:
    """Parse ``data`` into an element tree, refusing DTDs that declare entities."""
    if not data.strip():
        raise XMLError(f"{name}: file is empty")
    doctype = data.find(b"<!DOCTYPE")
    if doctype != -1 and data.find(b"<!ENTITY", doctype) != -1:
        # Refuse before parsing: the parser would not expand them, but a
        # document that needs entities is not one billdiff can read faithfully.
        raise XMLError(f"{name}: declares entities in a DTD, which billdiff refuses to process")
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as e:
        where = f" at line {e.lineno}, column {e.offset}" if e.lineno else ""
        raise XMLError(f"{name}: not well-formed XML{where}: {_message(e)}") from None
    except (ValueError, MemoryError) as e:
        raise XMLError(f"{name}: cannot parse XML ({_first_line(e)})") from None
    tree = root.getroottree()
    dtd = tree.docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise XMLError(f"{name}: declares entities in a DTD, which billdiff refuses to process")
    return root


def load_xml(path: str | os.PathLike[str]) -> XMLDocument:
    """Read and parse ``path`` (``-`` for stdin) safely."""
    name = os.fspath(path)
    data = read_bytes(name)
    root = parse_bytes(data, "stdin" if name == STDIN else name)
    return XMLDocument(root=root, path=name, sha256=hashlib.sha256(data).hexdigest(), source=data)


def _first_line(e: BaseException) -> str:
    text = str(e).strip().splitlines()
    return text[0] if text else type(e).__name__


def _message(e: etree.XMLSyntaxError) -> str:
    """libxml2's message without its trailing "(<string>, line N)" and with no newlines."""
    msg = (e.msg or _first_line(e)).strip().rstrip(".")
    if msg.startswith("Excessive depth"):
        return "elements are nested more than 256 deep"
    cut = msg.find(", line ")
    return msg[:cut] if cut > 0 else msg
