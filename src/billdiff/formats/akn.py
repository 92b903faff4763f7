"""Akoma Ntoso readers: UK Parliament's Lawmaker dialect and legislation.gov.uk's ``data.akn``.

Both share the AKN 3.0 element set, so one walker builds the provision tree;
only metadata and a few names differ. Namespaces are matched by URI, never by
prefix (the two dialects bind ``ukl`` to different URIs).

Text rules (see README "Text extraction"):

* inline markup (``ref``, ``def``, ``term``, ``i``...) is concatenated without
  added spaces; block elements (``p``, ``num``, table cells...) are separated by
  one space; runs of ASCII whitespace collapse to one space; other spaces
  (no-break, figure space) are kept as they are;
* quoted structures stay in the text of the provision that quotes them, with
  the quote marks held in ``startQuote``/``endQuote`` attributes, and are never
  units of their own; ``def`` quote marks come from ``ukl:startQuote``;
* ``authorialNote``, ``noteRef`` and processing instructions are left out of
  the text (their tails are kept); ``<?L page-line?>`` instructions give the
  printed page and line where a provision starts.
"""

from __future__ import annotations

import copy
import dataclasses
import re
from collections.abc import Callable, Iterator

from lxml import etree

from billdiff.errors import FormatError
from billdiff.formats.common import (
    DC_NS,
    DCT_NS,
    GLUE_AFTER,
    GLUE_BEFORE,
    UKL_NS,
    Budget,
    citation_number,
    clean,
    container_number,
    lgu_stage,
    version_from_uri,
)
from billdiff.model import UNIT_KINDS, Bill, Kind, Provision

AKN_NAMESPACES = frozenset(
    {
        "http://docs.oasis-open.org/legaldocml/ns/akn/3.0",
        "http://docs.oasis-open.org/legaldocml/ns/akn/3.0/WD17",
    }
)


# Element local names that start a new block of text (one space around them).
# Everything else in a paragraph is inline and joins its neighbours directly.
_BLOCK = frozenset(
    (
        *("p", "num", "heading", "subheading", "intro", "content", "wrapUp", "blockContainer"),
        *("blockList", "item", "listIntroduction", "listWrapUp", "tblock", "table", "tr"),
        *("td", "th", "thead", "tbody", "tfoot", "caption", "foreign", "section", "subsection"),
        *("level", "paragraph", "subparagraph", "article", "part", "chapter", "hcontainer"),
        *("crossHeading", "point", "list", "alinea", "indent", "clause", "subclause"),
        *("division", "title", "rule", "proviso", "formula", "longTitle", "block"),
        *("container", "br"),
    )
)
# Editorial matter that is not part of the legislative text.
_SKIP = frozenset({"authorialNote", "noteRef", "eol", "eop"})
_XHTML = "http://www.w3.org/1999/xhtml"


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _tags(names: frozenset[str], namespaces: frozenset[str]) -> list[str]:
    return [f"{{{ns}}}{n}" for ns in namespaces for n in names]


def _prepare(el: etree._Element, namespace: str) -> None:
    """Make a text serialisation of any element give its reading text.

    Done once per document (or per quoted structure of an amendment paper).
    Removes editorial notes (keeping their tails), writes the quote marks held
    in attributes into the text, and puts a space around every block element
    (``clean`` collapses it where the file has whitespace already), so a file
    that runs blocks together reads like a pretty-printed one.
    """
    ns = f"{{{namespace}}}"
    qs_tag, inline_tag = ns + "quotedStructure", ns + "inline"
    start_q, end_q = f"{{{UKL_NS}}}startQuote", f"{{{UKL_NS}}}endQuote"
    notes = []
    # One walk over the tree for every element that needs touching.
    for node in el.iter(
        *_tags(_SKIP, frozenset({namespace})), qs_tag, ns + "def", ns + "quotedText", inline_tag
    ):
        tag = node.tag
        if tag == qs_tag:
            node.text = f" {node.get('startQuote') or ''}{GLUE_AFTER}{node.text or ''}"
            node.tail = f"{GLUE_BEFORE}{node.get('endQuote') or ''}{node.tail or ''}"
        elif tag == inline_tag:
            # Punctuation after a closing quote belongs to it, whatever whitespace
            # the file puts between them.
            if node.get("name") in ("AppendText", "appendText") and node.text:
                node.text = GLUE_BEFORE + node.text
        elif tag[len(ns) :] in _SKIP:
            notes.append(node)
        else:
            # Quote marks held in attributes: Lawmaker's def (ukl:), quotedText (plain).
            start = node.get(start_q) or node.get("startQuote")
            end = node.get(end_q) or node.get("endQuote")
            if start or end:
                node.text = f"{start or ''}{node.text or ''}"
                node.tail = f"{end or ''}{node.tail or ''}"
    for note in notes:
        _remove_keeping_tail(note)
    # Visiting the blocks costs about what a scan of the raw file for blocks run together
    # did (and that scan, run for each quoted structure of a paper, made papers quadratic).
    for b in el.iter(*_tags(_BLOCK, frozenset({namespace, _XHTML}))):
        tail = b.tail
        if not tail or not tail[0].isspace():
            b.tail = " " + (tail or "")
        text = b.text
        if text and not text[0].isspace():
            b.text = " " + text


def _remove_keeping_tail(el: etree._Element) -> None:
    parent = el.getparent()
    if parent is None:
        return
    if el.tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def _text(el: etree._Element) -> str:
    return etree.tostring(el, method="text", encoding=str, with_tail=False)


def _position(el: etree._Element) -> tuple[int, int] | None:
    """The ``<?L page-line?>`` that opens ``el``'s first line, if the element starts a line."""
    node = el
    while True:
        if node.text and not node.text.isspace():
            return None
        first = next(iter(node), None)
        if first is None:
            return None
        if isinstance(first, etree._ProcessingInstruction):
            if first.target == "L":
                return _parse_pi(first)
            if first.tail and not first.tail.isspace():
                return None
            sibling = first.getnext()
            if sibling is None:
                return None
            first = sibling
        if not isinstance(first.tag, str):
            return None
        node = first


def _parse_pi(pi: etree._Element) -> tuple[int, int] | None:
    page, _, line = (pi.text or "").strip().partition("-")
    if page.isdigit() and line.isdigit():
        return int(page), int(line)
    return None


class _Markers:
    """The last ``<?L?>`` before an element in document order: XPath's
    ``preceding::processing-instruction('L')[1]``, found by walking back from the element.

    Each walk remembers what it passed (the answer for every node on its way, and whether
    each subtree it looked into holds a marker), so a print with markers on every line
    costs a step or two a provision, and one with a single marker at its start no more
    than one pass over the document, where asking XPath element by element costs a walk
    back over the whole document each time.
    """

    def __init__(self) -> None:
        self.before: dict[etree._Element, etree._Element | None] = {}
        self.inside: dict[etree._Element, etree._Element | None] = {}

    def last_before(self, el: etree._Element) -> etree._Element | None:
        """The marker, or None if there is none before ``el``."""
        passed = []
        node: etree._Element | None = el
        found = None
        while node is not None:
            if node in self.before:
                found = self.before[node]
                break
            passed.append(node)
            previous = node.getprevious()
            if previous is None:
                node = node.getparent()  # nothing before it in its parent: as for the parent
                continue
            found = self._last_in(previous)
            if found is not None:
                break
            node = previous
        for n in passed:
            self.before[n] = found
        return found

    def _last_in(self, node: etree._Element) -> etree._Element | None:
        if isinstance(node, etree._ProcessingInstruction):
            return node if node.target == "L" else None
        if not isinstance(node.tag, str):
            return None  # a comment
        if node not in self.inside:
            last = None
            for pi in node.iter(etree.ProcessingInstruction):
                if isinstance(pi, etree._ProcessingInstruction) and pi.target == "L":
                    last = pi
            self.inside[node] = last
        return self.inside[node]


def _has_l_markers(el: etree._Element) -> bool:
    return any(
        isinstance(pi, etree._ProcessingInstruction) and pi.target == "L"
        for pi in el.iter(etree.ProcessingInstruction)
    )


class _Walker:
    """Builds the provision tree of one AKN document."""

    def __init__(self, sections_are_clauses: bool, has_positions: bool) -> None:
        self.sections_are_clauses = sections_are_clauses
        self.has_positions = has_positions
        self.budget = Budget()
        # Tag → _NUM, _HEADING, _TEXT or the local name, filled in as tags are met.
        self.roles: dict[object, str] = {}
        self.markers = _Markers()

    def position(self, el: etree._Element) -> tuple[int, int] | None:
        """Printed page and line where ``el`` starts; None in prints without ``<?L?>``."""
        if not self.has_positions:
            return None
        pos = _position(el)
        if pos is None:
            # The provision starts part-way along the line the last marker opened.
            marker = self.markers.last_before(el)
            pos = _parse_pi(marker) if marker is not None else None
        return pos

    def classify(
        self, el: etree._Element, in_schedule: bool, in_unit: bool, name: str | None = None
    ) -> Kind | None:
        """The provision kind of ``el``, or None when it is text, not structure."""
        if name is None:
            name = _local(el.tag)
        if name == "hcontainer":
            return _HCONTAINERS.get(el.get("name") or "")
        kind = _STRUCTURE.get(name, _not_structure)(el, in_schedule, in_unit)
        if kind is Kind.SECTION and self.sections_are_clauses:
            return Kind.CLAUSE
        return kind

    def children(
        self, parent: etree._Element, in_schedule: bool, in_unit: bool
    ) -> tuple[Provision, ...]:
        """Provisions directly under a container that holds only structure (body, schedules)."""
        out: list[Provision] = []
        for child in parent:
            if not isinstance(child.tag, str):
                continue
            kind = self.classify(child, in_schedule, in_unit)
            if kind is not None:
                out.append(self.build(child, kind, in_schedule, in_unit))
            elif _local(child.tag) == "hcontainer":
                # Transparent wrappers: the "schedules" block, Lawmaker's wrapper1/2.
                out.extend(self.children(child, in_schedule, in_unit))
        return tuple(out)

    def build(self, el: etree._Element, kind: Kind, in_schedule: bool, in_unit: bool) -> Provision:
        """One provision: number, heading, own text, children, in document order."""
        self.budget.take(kind)
        if kind is Kind.SCHEDULE:
            in_schedule = True
        if kind in UNIT_KINDS:
            in_unit = True
        number: str | None = None
        heading: str | None = None
        mark: tuple[int, int] | None = None
        before: list[str] = []
        after: list[str] = []
        kids: list[Provision] = []
        roles = self.roles
        tostring = etree.tostring
        # Lawmaker's wrappers (hcontainer name="wrapper2" around a subsection's introduction
        # and paragraphs, in imported Acts) are opened up: what they hold is read in their
        # place. A stack of iterators rather than a generator: this loop runs for every child
        # of every provision.
        children: Iterator[etree._Element] = iter(el)
        opened: list[Iterator[etree._Element]] = []
        while True:
            child = next(children, None)
            if child is None:
                if not opened:
                    break
                children = opened.pop()
                continue
            tag = child.tag
            role = roles.get(tag)
            if role is None:
                if not isinstance(tag, str):
                    continue  # processing instructions and comments
                role = roles[tag] = _role(tag)
            if role is _OPENED:
                if (child.get("name") or "") not in _HCONTAINERS:
                    opened.append(children)
                    children = iter(child)
                    continue
                role = "hcontainer"
            if role is _WRAPPER:
                # The Lords' privilege amendment comes wrapped in <b> (it is printed
                # bold): its subsection is still a subsection of the clause.
                if any(
                    isinstance(c.tag, str) and self.classify(c, in_schedule, in_unit) is not None
                    for c in child
                ):
                    kids.extend(self.children(child, in_schedule, in_unit))
                    continue
                role = _TEXT
            if role is _TEXT:
                (after if kids else before).append(
                    tostring(child, method="text", encoding=str, with_tail=False)
                )
            elif role is _NUM and number is None:
                number = clean(tostring(child, method="text", encoding=str, with_tail=False))
                number = number or None
                if self.has_positions:
                    mark = _leading_pi(child)
            elif role is _HEADING and heading is None:
                heading = clean(tostring(child, method="text", encoding=str, with_tail=False))
                heading = heading or None
                if number is None and self.has_positions:
                    mark = _leading_pi(child)
            else:
                child_kind = self.classify(child, in_schedule, in_unit, role)
                if child_kind is not None:
                    kids.append(self.build(child, child_kind, in_schedule, in_unit))
                else:
                    (after if kids else before).append(_text(child))
        if kind in (Kind.PART, Kind.CHAPTER, Kind.SCHEDULE):
            number = container_number(number)
        elif number and kind in UNIT_KINDS:
            # "1." in SIs and some imported Acts: the point is typography, not numbering.
            number = number.rstrip(".")
        if mark is None and self.has_positions:
            mark = self.position(el)
        return Provision(
            kind=kind,
            number=number,
            heading=heading,
            text=clean(" ".join(before)) if before else "",
            children=tuple(kids),
            wrap_up=clean(" ".join(after)) if after else "",
            guid=el.get("GUID"),
            eid=el.get("eId"),
            page=mark[0] if mark else None,
            line=mark[1] if mark else None,
        )


# What a child element of a provision is, by its tag (a local name for structure).
_TEXT = "#text"
_NUM = "#num"
_HEADING = "#heading"
_WRAPPER = "#wrapper"
_OPENED = "#opened"  # an hcontainer in a namespace: a wrapper, unless its name is a provision's


def _role(tag: str) -> str:
    name = _local(tag)
    if name == "hcontainer" and tag.startswith("{"):
        return _OPENED
    if name in ("b", "i", "u", "span"):
        return _WRAPPER
    if name == "num":
        return _NUM
    if name == "heading":
        return _HEADING
    if name in _TEXT_ONLY:
        return _TEXT
    return name


def _leading_pi(el: etree._Element) -> tuple[int, int] | None:
    """The position of an ``<?L?>`` that is the very first thing in ``el``, the common case."""
    if (el.text is None or el.text.isspace()) and len(el):
        first = el[0]
        if isinstance(first, etree._ProcessingInstruction) and first.target == "L":
            return _parse_pi(first)
    return None


# Children of a provision that are always its own text, never structure.
_TEXT_ONLY = frozenset(
    {"intro", "content", "wrapUp", "p", "blockContainer", "tblock", "subheading", "crossHeading"}
)

_HCONTAINERS = {
    "crossheading": Kind.CROSSHEADING,
    "schedule": Kind.SCHEDULE,
    "definition": Kind.DEFINITION,
    "regulation": Kind.REGULATION,
    "article": Kind.ARTICLE,
    "rule": Kind.RULE,
}

_Classifier = Callable[[etree._Element, bool, bool], "Kind | None"]


def _not_structure(el: etree._Element, in_schedule: bool, in_unit: bool) -> Kind | None:
    return None


def _level(el: etree._Element, in_schedule: bool, in_unit: bool) -> Kind:
    cls = el.get("class") or ""
    if cls == "para2":
        return Kind.SUBPARAGRAPH
    if cls == "para3":
        return Kind.SUBSUBPARAGRAPH
    if cls == "unnumberedParagraph":
        return Kind.UNNUMBERED
    return Kind.PARAGRAPH


def _paragraph(el: etree._Element, in_schedule: bool, in_unit: bool) -> Kind:
    if in_schedule and not in_unit:
        return Kind.SCHEDULE_PARAGRAPH
    return Kind.PARAGRAPH


def _subparagraph(el: etree._Element, in_schedule: bool, in_unit: bool) -> Kind:
    return Kind.SCHEDULE_SUBPARAGRAPH if in_schedule else Kind.SUBPARAGRAPH


_STRUCTURE: dict[str, _Classifier] = {
    "part": lambda el, s, u: Kind.PART,
    "chapter": lambda el, s, u: Kind.CHAPTER,
    "section": lambda el, s, u: Kind.SECTION,
    "article": lambda el, s, u: Kind.ARTICLE,
    "rule": lambda el, s, u: Kind.RULE,
    "subsection": lambda el, s, u: Kind.SUBSECTION,
    "level": _level,
    "paragraph": _paragraph,
    "subparagraph": _subparagraph,
}


def _find(el: etree._Element, local: str) -> etree._Element | None:
    for child in el:
        if isinstance(child.tag, str) and _local(child.tag) == local:
            return child
    return None


def _document(root: etree._Element) -> etree._Element:
    for child in root:
        if isinstance(child.tag, str):
            return child
    raise FormatError("Akoma Ntoso document has no document element")


def _long_title(doc: etree._Element) -> str | None:
    preface = _find(doc, "preface")
    if preface is None:
        return None
    for el in preface.iter():
        if isinstance(el.tag, str) and _local(el.tag) == "longTitle":
            _prepare(el, etree.QName(el).namespace or "")
            return clean(_text(el)) or None
    return None


def _body(doc: etree._Element) -> etree._Element:
    body = _find(doc, "body")
    if body is None:
        raise FormatError("Akoma Ntoso document has no body; nothing to compare")
    return body


def _body_provisions(body: etree._Element, walker: _Walker) -> tuple[Provision, ...]:
    _prepare(body, etree.QName(body).namespace or "")
    provisions = walker.children(body, in_schedule=False, in_unit=False)
    if not walker.budget.units:
        raise FormatError(
            "has no clauses, sections or schedule paragraphs in its body; nothing to compare"
        )
    return provisions


# A value that names another reference ("SP Bill #varBillNoComp", "… Bill #varActYear"):
# Lawmaker fills these in when it prints; a file saved before that still holds them.
_PLACEHOLDER = re.compile(r"#(var[A-Za-z0-9]+)")


def _fill_placeholders(value: str, refs: dict[str, str]) -> str:
    """``value`` with each ``#varName`` replaced by that reference's value, or left out when
    the file has no value for it (a raw placeholder is never shown as metadata)."""
    if "#var" not in value:
        return value

    def fill(m: re.Match[str]) -> str:
        named = refs.get(m.group(1), "")
        return "" if "#var" in named else named  # one level only: no loops

    return " ".join(_PLACEHOLDER.sub(fill, value).split())


def read_lawmaker(root: etree._Element, path: str, sha256: str) -> Bill:
    """A Lawmaker UK-AKN bill (UK Parliament, Scottish Parliament, imported Acts)."""
    bill = lawmaker_metadata(root, path, sha256)
    body = _body(_document(root))
    walker = _Walker(sections_are_clauses=True, has_positions=_has_l_markers(body))
    return dataclasses.replace(bill, provisions=_body_provisions(body, walker))


def lawmaker_metadata(root: etree._Element, path: str, sha256: str) -> Bill:
    """A Lawmaker bill's metadata (title, stage, House...), without reading its provisions."""
    doc = _document(root)
    refs: dict[str, str] = {}
    version = published = None
    for el in doc.iter():
        if not isinstance(el.tag, str):
            continue
        name = _local(el.tag)
        if name.startswith("TLC") and el.get("eId"):
            refs[el.get("eId", "")] = (el.get("showAs") or "").strip()
        elif name == "FRBRExpression":
            for sub in el:
                if not isinstance(sub.tag, str):
                    continue
                sub_name = _local(sub.tag)
                if sub_name == "FRBRversionNumber":
                    version = sub.get("value")
                elif sub_name == "FRBRdate" and sub.get("name") == "published":
                    published = sub.get("date")
        elif name == "body":
            break
    refs = {key: _fill_placeholders(value, refs) for key, value in refs.items()}
    return Bill(
        title=refs.get("varBillTitle") or "Untitled bill",
        format="lawmaker-akn",
        document_type=_local(doc.tag),
        stage=refs.get("varStageVersion") or None,
        version=version,
        # A Bill of the Scottish Parliament names no House; its author is the Parliament.
        house=refs.get("varHouse") or refs.get("varAuthor") or None,
        bill_number=refs.get("varBillNo") or None,
        session=refs.get("varSession") or refs.get("varSessionNo") or None,
        project_id=refs.get("varProjectId") or None,
        published=refs.get("varPublicationDate") or (published or "")[:10] or None,
        long_title=_long_title(doc),
        source_path=path,
        sha256=sha256,
    )


def read_lgu_akn(root: etree._Element, path: str, sha256: str) -> Bill:
    """legislation.gov.uk's own AKN (``data.akn``): Acts and SIs."""
    doc = _document(root)
    meta = _find(doc, "meta")
    title = valid = doc_uri = id_uri = None
    if meta is not None:
        for el in meta.iter():
            if not isinstance(el.tag, str):
                continue
            q = etree.QName(el)
            if q.namespace == DC_NS and q.localname == "title" and title is None:
                title = clean(el.text or "")
            elif q.namespace == DCT_NS and q.localname == "valid" and valid is None:
                valid = (el.text or "").strip() or None
            elif q.localname == "FRBRExpression":
                this = _find(el, "FRBRthis")
                doc_uri = this.get("value") if this is not None else None
            elif q.localname == "FRBRWork":
                this = _find(el, "FRBRthis")
                id_uri = this.get("value") if this is not None else None
    walker = _Walker(sections_are_clauses=False, has_positions=False)
    provisions = _body_provisions(_body(doc), walker)
    return Bill(
        title=title or "Untitled",
        format="lgu-akn",
        document_type=doc.get("name") or _local(doc.tag),
        version=version_from_uri(doc_uri),
        stage=lgu_stage(version_from_uri(doc_uri), valid),
        bill_number=citation_number(meta),
        project_id=id_uri,
        valid_from=valid,
        long_title=_long_title(doc),
        source_path=path,
        sha256=sha256,
        provisions=provisions,
    )


def quoted_provisions(
    structure: etree._Element, sections_are_clauses: bool
) -> tuple[Provision, ...]:
    """The provisions a ``quotedStructure`` holds (a section, subsections, a Chapter…), read
    as the reader reads a print's own, for an applier that inserts them into an Act; empty
    when it holds words only. ``structure`` itself is left as it is (a copy is prepared
    for reading: its editorial notes go, quote marks held in attributes are written out)."""
    structure = copy.deepcopy(structure)  # the Bill's own stays as it was read
    namespace = etree.QName(structure).namespace or ""
    _prepare(structure, namespace)
    in_schedule = structure.get(f"{{{UKL_NS}}}context") == "schedule"
    walker = _Walker(sections_are_clauses=sections_are_clauses, has_positions=False)
    return walker.children(structure, in_schedule=in_schedule, in_unit=False)
