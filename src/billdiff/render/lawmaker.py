"""A Bill (or an Act) as Lawmaker Akoma Ntoso: the Act as amended, for other tools.

The document is what billdiff's own reader reads back (``billdiff diff ACT
act-as-amended.xml`` shows the Keeling schedule's changes): the UK-AKN
namespace, ``meta/references`` with the title, stage and project id, a body
of Parts, Chapters, cross-headings and sections (``num``, ``heading``,
``intro``/``content``/``wrapUp``, ``level``\\ s), and schedules. Where a
provision was inserted or its words changed by an amendment, an
``authorialNote`` (class ``keeling``) names the amendments — editorial
matter, which the reader leaves out of the text.

The tree is built with lxml (never by pasting strings), so any text from a
print is escaped by construction; characters XML 1.0 cannot hold are written
as ``⟨U+0001⟩``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import cast

from lxml import etree

from billdiff.formats.akn import AKN_NAMESPACES
from billdiff.formats.common import UKL_NS
from billdiff.model import Bill, Kind, Provision

AKN = next(ns for ns in sorted(AKN_NAMESPACES) if not ns.endswith("WD17"))
_A = f"{{{AKN}}}"
_U = f"{{{UKL_NS}}}"
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

_ELEMENTS: dict[Kind, tuple[str, dict[str, str]]] = {
    Kind.PART: ("part", {}),
    Kind.CHAPTER: ("chapter", {}),
    Kind.CROSSHEADING: ("hcontainer", {"name": "crossheading"}),
    Kind.CLAUSE: ("section", {"class": "prov1"}),
    Kind.SECTION: ("section", {"class": "prov1"}),
    Kind.REGULATION: ("hcontainer", {"name": "regulation"}),
    Kind.ARTICLE: ("hcontainer", {"name": "article"}),
    Kind.RULE: ("hcontainer", {"name": "rule"}),
    Kind.SUBSECTION: ("subsection", {"class": "prov2"}),
    Kind.PARAGRAPH: ("level", {"class": "para1"}),
    Kind.SUBPARAGRAPH: ("level", {"class": "para2"}),
    Kind.SUBSUBPARAGRAPH: ("level", {"class": "para3"}),
    Kind.UNNUMBERED: ("level", {"class": "unnumberedParagraph"}),
    Kind.DEFINITION: ("hcontainer", {"name": "definition", "class": "definition"}),
    Kind.SCHEDULE: ("hcontainer", {"name": "schedule"}),
    Kind.SCHEDULE_PARAGRAPH: ("paragraph", {"class": "schProv1"}),
    Kind.SCHEDULE_SUBPARAGRAPH: ("subparagraph", {"class": "schProv2"}),
}


def _text(s: str) -> str:
    return _NOT_XML.sub(lambda m: f"⟨U+{ord(m.group()):04X}⟩", s)


def render_lawmaker(bill: Bill, notes: Mapping[int, str] | None = None) -> str:
    """``bill`` as a Lawmaker AKN document; ``notes`` maps ``id()`` of a provision to the
    editorial note it carries (which amendments made it what it is)."""
    notes = notes or {}
    # AKN as the default namespace (the stubs do not allow the None key lxml takes for it).
    nsmap = cast("dict[str, str]", {None: AKN, "ukl": UKL_NS})
    root = etree.Element(f"{_A}akomaNtoso", nsmap=nsmap)
    doc = etree.SubElement(root, f"{_A}bill", name="ukpubb")
    doc.append(_meta(bill))
    if bill.long_title:
        preface = etree.SubElement(doc, f"{_A}preface")
        block = etree.SubElement(preface, f"{_A}longTitle")
        etree.SubElement(block, f"{_A}p").text = _text(bill.long_title)
    body = etree.SubElement(doc, f"{_A}body")
    schedules: etree._Element | None = None
    for p in bill.provisions:
        if p.kind is Kind.SCHEDULE:
            if schedules is None:
                schedules = etree.SubElement(body, f"{_A}hcontainer", name="schedules")
            _provision(schedules, p, notes.get)
        else:
            _provision(body, p, notes.get)
    etree.indent(root, space=" ")
    return etree.tostring(root, encoding="unicode", xml_declaration=False) + "\n"


def _meta(bill: Bill) -> etree._Element:
    meta = etree.Element(f"{_A}meta")
    ident = etree.SubElement(meta, f"{_A}identification", source="#billdiff")
    for level in ("FRBRWork", "FRBRExpression", "FRBRManifestation"):
        el = etree.SubElement(ident, f"{_A}{level}")
        etree.SubElement(el, f"{_A}FRBRthis", value=f"#{level}")
        if level == "FRBRExpression":
            etree.SubElement(el, f"{_A}FRBRversionNumber", value=_text(bill.version or ""))
            if bill.published:
                etree.SubElement(el, f"{_A}FRBRdate", date=bill.published, name="published")
    refs = etree.SubElement(meta, f"{_A}references", source="#billdiff")
    for eid, value in (
        ("varBillTitle", bill.title),
        ("varStageVersion", bill.stage),
        ("varHouse", bill.house),
        ("varBillNo", bill.bill_number),
        ("varSession", bill.session),
        ("varProjectId", bill.project_id),
        ("varPublicationDate", bill.published),
    ):
        if value:
            etree.SubElement(
                refs, f"{_A}TLCProcess", eId=eid, href="#varOntologies", showAs=_text(value)
            )
    return meta


def _provision(parent: etree._Element, p: Provision, note: Callable[[int], str | None]) -> None:
    name, attributes = _ELEMENTS.get(p.kind, ("level", {}))
    el = etree.SubElement(parent, f"{_A}{name}", attributes)
    if p.eid:
        el.set("eId", p.eid)
    if p.guid:
        el.set("GUID", p.guid)
    if p.number is not None:
        shown = p.number
        if p.kind in (Kind.PART, Kind.CHAPTER, Kind.SCHEDULE):
            shown = f"{p.kind.value.capitalize()} {p.number}"
        etree.SubElement(el, f"{_A}num").text = _text(shown)
    elif p.kind is Kind.SCHEDULE:
        etree.SubElement(el, f"{_A}num").text = "Schedule"
    if p.heading:
        etree.SubElement(el, f"{_A}heading").text = _text(p.heading)
    said = note(id(p))
    if p.children:
        if p.text:
            _words(el, "intro", p.text, said)
            said = None
        for c in p.children:
            _provision(el, c, note)
        if p.wrap_up:
            _words(el, "wrapUp", p.wrap_up, said)
    elif p.text or p.kind not in (Kind.PART, Kind.CHAPTER, Kind.CROSSHEADING, Kind.SCHEDULE):
        _words(el, "content", p.text, said)


def _words(el: etree._Element, name: str, text: str, note: str | None) -> None:
    block = etree.SubElement(el, f"{_A}{name}")
    para = etree.SubElement(block, f"{_A}p")
    para.text = _text(text)
    if note:
        n = etree.SubElement(para, f"{_A}authorialNote", {"class": "keeling"})
        etree.SubElement(n, f"{_A}p").text = _text(note)
