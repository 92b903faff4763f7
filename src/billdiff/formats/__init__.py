"""Readers for each input format, and detection of which one a file is.

The format is chosen from the root element and namespace URIs, never from the
file name or a prefix.

>>> from billdiff.formats import load  # doctest: +SKIP
>>> load("fixtures/crime-and-policing/1-commons-introduced.xml").stage  # doctest: +SKIP
'As Introduced'
"""

from __future__ import annotations

import dataclasses
import hashlib
import os

from lxml import etree

from billdiff.errors import FormatError
from billdiff.formats import akn
from billdiff.formats.common import CLML_NS, UKL_NS, UKM_NS
from billdiff.formats.xmlsafe import XMLDocument, document_of, read_bytes
from billdiff.model import Bill
from billdiff.sanitise import visible

USLM_NS = "http://schemas.gpo.gov/xml/uslm"


def detect(root: etree._Element) -> str:
    """The format name of a parsed document: ``lawmaker-akn``, ``lgu-akn`` or ``clml``."""
    if not isinstance(root.tag, str):
        raise FormatError("the document has no root element")
    q = etree.QName(root)
    if q.namespace == CLML_NS and q.localname == "Legislation":
        return "clml"
    if q.namespace in akn.AKN_NAMESPACES and q.localname == "akomaNtoso":
        doc = next((c for c in root if isinstance(c.tag, str)), None)
        if doc is None:
            raise FormatError("Akoma Ntoso document has no document element")
        name = etree.QName(doc).localname
        if name == "amendmentList":
            raise FormatError(
                "an amendment paper, not a print: 'billdiff outline' lists its amendments and "
                "'billdiff amendments apply PRINT PAPER' applies them"
            )
        if name == "act" and _has_clml_metadata(doc):
            return "lgu-akn"
        if name in ("bill", "act") and (
            UKL_NS in root.nsmap.values() or _has_lawmaker_references(doc)
        ):
            return "lawmaker-akn"
        raise FormatError(
            f"Akoma Ntoso <{visible(name)}> that is neither a UK Lawmaker bill nor "
            "legislation.gov.uk data (other Akoma Ntoso dialects are not supported yet)"
        )
    if q.namespace == USLM_NS:
        raise FormatError("US USLM bills are not supported yet")
    ns = f"{{{visible(q.namespace)}}}" if q.namespace else "no namespace"
    raise FormatError(
        f"not legislation XML billdiff reads (root element <{visible(q.localname)}> in {ns})"
    )


# -- amendment papers (read by billdiff.amend.papers, not by load) --------------------------


def is_amendment_paper(root: etree._Element) -> bool:
    """Whether a parsed document is a Lawmaker amendment paper (``akomaNtoso/amendmentList``)."""
    if not isinstance(root.tag, str):
        return False
    q = etree.QName(root)
    if q.namespace not in akn.AKN_NAMESPACES or q.localname != "akomaNtoso":
        return False
    doc = next((c for c in root if isinstance(c.tag, str)), None)
    return doc is not None and etree.QName(doc).localname == "amendmentList"


def _has_lawmaker_references(doc: etree._Element) -> bool:
    for el in doc.iter():
        if isinstance(el.tag, str):
            name = etree.QName(el).localname
            if name.startswith("TLC") and el.get("eId") == "varProjectId":
                return True
            if name == "body":
                return False
    return False


def _has_clml_metadata(doc: etree._Element) -> bool:
    return any(isinstance(el.tag, str) and etree.QName(el).namespace == UKM_NS for el in doc.iter())


def _read_clml(root: etree._Element, path: str, sha256: str) -> Bill:
    from billdiff.formats import clml  # most runs read Lawmaker prints only

    return clml.read_clml(root, path, sha256)


_READERS = {
    "lawmaker-akn": akn.read_lawmaker,
    "lgu-akn": akn.read_lgu_akn,
    "clml": _read_clml,
}


def load(path: str | os.PathLike[str]) -> Bill:
    """Read a Bill (or Act, or SI) from ``path``; ``-`` reads stdin.

    Raises :class:`~billdiff.errors.InputError` (or its subclasses
    :class:`~billdiff.errors.XMLError`, :class:`~billdiff.errors.FormatError`)
    with one line that starts with the file's name. ``Bill.warnings`` holds what
    a front end should pass on, one line each to follow the file's name (a legacy
    encoding, invisible control characters). The ``billdiff`` command reads a print it
    has read before from the model cache (:mod:`billdiff.formats.cache`).
    """
    bill = _load(path, papers=False)
    assert isinstance(bill, Bill)
    return bill


def load_print_or_paper(path: str | os.PathLike[str]) -> Bill | XMLDocument:
    """As :func:`load`, but an amendment paper comes back as the parsed document (for
    :func:`billdiff.amend.papers.paper_of`), not as an error."""
    return _load(path, papers=True)


def _load(path: str | os.PathLike[str], papers: bool) -> Bill | XMLDocument:
    name = os.fspath(path)
    data = read_bytes(name)
    digest = hashlib.sha256(data).hexdigest()
    from billdiff.formats import cache  # its JSON is for the command line's runs only

    cached = cache.active()
    if cached:
        bill = cache.lookup(digest, name)
        if bill is not None:
            return bill
    doc = document_of(data, name, digest)
    if papers and is_amendment_paper(doc.root):
        return doc
    bill = bill_of(doc)
    if cached:
        cache.store(bill)
    return bill


def bill_of(doc: XMLDocument) -> Bill:
    """The Bill a document read with :func:`~billdiff.formats.xmlsafe.load_xml` holds."""
    shown = "stdin" if doc.path == "-" else visible(doc.path)
    try:
        fmt = detect(doc.root)
        bill = _READERS[fmt](doc.root, doc.path, doc.sha256)
    except FormatError as e:
        raise FormatError(f"{shown}: {e}") from None
    if doc.warnings:
        bill = dataclasses.replace(bill, warnings=(*doc.warnings, *bill.warnings))
    return bill
