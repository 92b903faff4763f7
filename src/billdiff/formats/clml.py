"""legislation.gov.uk CLML reader: Acts and SIs, enacted/made or point in time.

Hierarchy: ``Body``/``Schedules`` → ``Part`` → ``Chapter`` → ``Pblock``
(cross-heading) → ``P1group`` (gives the heading) → ``P1`` (section,
regulation, article, or schedule paragraph) → ``P2``... Text in ``BlockAmendment``
(text quoted into another enactment) stays in its host provision, quoted as
its ``Format`` says; its ``P1``s are never units. Editorial matter
(``CommentaryRef``, ``FootnoteRef``, ``MarginNoteRef``, a schedule's
``Reference``) is left out. Revision markup (``Addition``, ``Substitution``,
``Repeal``) is kept as plain text: the words as they stand at that point in time.
"""

from __future__ import annotations

from lxml import etree

from billdiff.errors import FormatError
from billdiff.formats.common import (
    CLML_NS,
    DC_NS,
    DCT_NS,
    GLUE_AFTER,
    GLUE_BEFORE,
    UKM_NS,
    Budget,
    citation_number,
    clean,
    container_number,
    lgu_stage,
    version_from_uri,
)
from billdiff.model import Bill, Kind, Provision

_L = f"{{{CLML_NS}}}"

_QUOTES = {"double": ("“", "”"), "single": ("‘", "’")}

_SKIP = frozenset(
    _L + n for n in ("CommentaryRef", "FootnoteRef", "MarginNoteRef", "Reference", "Footnote")
)
_INLINE = frozenset(
    _L + n
    for n in (
        "Emphasis",
        "Strong",
        "Underline",
        "SmallCaps",
        "Superior",
        "Inferior",
        "Term",
        "Definition",
        "Citation",
        "CitationSubRef",
        "InternalLink",
        "ExternalLink",
        "Addition",
        "Substitution",
        "Repeal",
        "InlineAmendment",
        "AppendText",
        "Abbreviation",
        "Acronym",
        "Span",
        "Character",
        "Uppercase",
        "Expanded",
        "Proviso",
        "Strike",
    )
)
_XHTML_BLOCKS = frozenset(
    f"{{http://www.w3.org/1999/xhtml}}{n}"
    for n in ("table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption", "p", "div")
)
_P_LEVELS = {_L + f"P{i}": i for i in range(2, 8)}
_CONTAINERS = {
    _L + "Part": Kind.PART,
    _L + "Chapter": Kind.CHAPTER,
    _L + "Pblock": Kind.CROSSHEADING,
    _L + "PsubBlock": Kind.CROSSHEADING,
}
_TRANSPARENT = frozenset(_L + n for n in ("Group", "Schedules", "ScheduleBody", "P1group"))


# A container's own number and title, read apart from its words.
_TITLES = frozenset(_L + n for n in ("Number", "Title", "TitleBlock", "Subtitle"))


class _Loose:
    """Words of a container outside its provisions: before the first one and after."""

    __slots__ = ("after", "before", "kids")

    def __init__(self) -> None:
        self.before: list[str] = []
        self.after: list[str] = []
        self.kids = False


class _Reader:
    """Walks one CLML document into provisions."""

    def __init__(self, secondary: bool) -> None:
        self.secondary = secondary
        self.budget = Budget()
        # Where the innermost BlockAmendment's text goes: "main" (sections) or "schedule".
        self.quote_context: list[str] = []

    def text(self, el: etree._Element) -> str:
        out: list[str] = []
        self._flatten(el, out)
        return clean("".join(out))

    def _flatten(self, el: etree._Element, out: list[str]) -> None:
        """Append the text of ``el``'s content (not ``el``'s own tail) to ``out``."""
        if el.text:
            out.append(el.text)
        for child in el:
            self._node(child, out)
            if child.tail:
                out.append(child.tail)

    def _node(self, child: etree._Element, out: list[str]) -> None:
        """Append one element's text, quoted or spaced as its kind says (not its tail)."""
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIP:
            return
        if tag == _L + "Pnumber":
            # A number inside quoted text: bracketed as printed, like structural ones.
            parent = child.getparent()
            level = _P_LEVELS.get(parent.tag, 1) if parent is not None else 1
            out.append(f" {_format_number(self.text(child), child, level, quoted=True) or ''} ")
        elif tag == _L + "P1group":
            self._quoted_group(child, out)
        elif tag == _L + "AppendText":
            out.append(GLUE_BEFORE)
            self._flatten(child, out)
        elif tag == _L + "OrderedList":
            self._ordered_list(child, out)
        elif tag == _L + "BlockAmendment":
            start, end = _QUOTES.get(child.get("Format", ""), ("", ""))
            out.append(f" {start}{GLUE_AFTER}")
            self.quote_context.append(child.get("Context", "main"))
            self._flatten(child, out)
            self.quote_context.pop()
            out.append(f"{GLUE_BEFORE}{end}")
        elif tag in _INLINE or (not tag.startswith(_L) and tag not in _XHTML_BLOCKS):
            self._flatten(child, out)
        else:
            out.append(" ")
            self._flatten(child, out)
            out.append(" ")

    def _quoted_group(self, group: etree._Element, out: list[str]) -> None:
        """A quoted P1group in print order: a section is "71K Designated activities (1) …"
        (CLML stores the title before the number); in a schedule the title is a
        cross-heading over the paragraph, so it comes first."""
        if self.quote_context and self.quote_context[-1] == "schedule":
            out.append(" ")
            self._flatten(group, out)
            out.append(" ")
            return
        title = _find(group, "Title")
        titled = False
        for child in group:
            if child is title or not isinstance(child.tag, str):
                continue
            number = _find(child, "Pnumber") if child.tag == _L + "P1" else None
            if number is not None:
                self._node(number, out)
            if title is not None and not titled:
                self._node(title, out)
                titled = True
            if number is None:
                self._node(child, out)
                continue
            out.append(" ")
            for part in child:
                if part is not number:
                    self._node(part, out)
                    if part.tail:
                        out.append(part.tail)
            out.append(" ")
        if title is not None and not titled:
            self._node(title, out)

    def _ordered_list(self, el: etree._Element, out: list[str]) -> None:
        """An OrderedList, with the item numbers CLML leaves to the stylesheet: "(a) …"."""
        counter = 0
        for item in el:
            if not isinstance(item.tag, str):
                continue
            if item.tag != _L + "ListItem":
                self._node(item, out)
                continue
            counter += 1
            label = item.get("NumberOverride") or _list_label(counter, el.get("Type", "arabic"))
            out.append(f" {_decorate(label, el.get('Decoration', 'none'))} ")
            self._flatten(item, out)
            out.append(" ")

    def structure(
        self,
        parent: etree._Element,
        unit: Kind | None,
        heading: str | None = None,
        loose: _Loose | None = None,
    ) -> tuple[Provision, ...]:
        """The provisions among ``parent``'s children (``unit`` is the kind a P1 becomes).

        Words outside any provision (a schedule's or part's own ``P``, list or table)
        go to ``loose`` when it is given, as the words of the container holding them.
        """
        out: list[Provision] = []
        for child in parent:
            tag = child.tag
            if not isinstance(tag, str):
                continue
            if tag in _CONTAINERS:
                out.append(self.container(child, _CONTAINERS[tag], unit))
            elif tag == _L + "Schedule":
                out.append(self.schedule(child))
            elif tag == _L + "P1group" and unit is Kind.SCHEDULE_PARAGRAPH:
                # In a schedule a P1group titles a run of paragraphs: a cross-heading
                # (legislation.gov.uk's own AKN makes it one too).
                out.append(self.container(child, Kind.CROSSHEADING, unit))
            elif tag == _L + "P1group":
                title = _find(child, "Title")
                out.extend(
                    self.structure(child, unit, self.text(title) if title is not None else None)
                )
            elif tag in _TRANSPARENT:
                out.extend(self.structure(child, unit, heading, loose))
            elif tag == _L + "P1" and unit is not None:
                out.append(self.p(child, self._unit_kind(child, unit), heading, level=1))
            elif loose is not None and tag not in _TITLES:
                self._node(child, loose.after if loose.kids or out else loose.before)
        if loose is not None and out:
            loose.kids = True
        return tuple(out)

    def _unit_kind(self, el: etree._Element, unit: Kind) -> Kind:
        if unit is Kind.SECTION and self.secondary:
            ident = el.get("id") or ""
            for prefix, kind in (
                ("regulation", Kind.REGULATION),
                ("article", Kind.ARTICLE),
                ("rule", Kind.RULE),
            ):
                if ident.startswith(prefix):
                    return kind
            return Kind.REGULATION
        return unit

    def container(self, el: etree._Element, kind: Kind, unit: Kind | None) -> Provision:
        self.budget.take(kind)
        number = _find(el, "Number")
        title = _find(el, "Title")
        num = self.text(number) if number is not None else None
        loose = _Loose()
        children = self.structure(el, unit, loose=loose)
        return Provision(
            kind=kind,
            number=container_number(num),
            heading=self.text(title) if title is not None else None,
            text=clean("".join(loose.before)),
            children=children,
            wrap_up=clean("".join(loose.after)),
            eid=el.get("id"),
        )

    def schedule(self, el: etree._Element) -> Provision:
        self.budget.take(Kind.SCHEDULE)
        number = _find(el, "Number")
        title_block = _find(el, "TitleBlock")
        title = _find(title_block, "Title") if title_block is not None else _find(el, "Title")
        loose = _Loose()
        children = self.structure(el, Kind.SCHEDULE_PARAGRAPH, loose=loose)
        return Provision(
            kind=Kind.SCHEDULE,
            number=container_number(self.text(number)) if number is not None else None,
            heading=self.text(title) if title is not None else None,
            text=clean("".join(loose.before)),
            children=children,
            wrap_up=clean("".join(loose.after)),
            eid=el.get("id"),
        )

    def p(self, el: etree._Element, kind: Kind, heading: str | None, level: int) -> Provision:
        self.budget.take(kind)
        number: str | None = None
        before: list[str] = []
        after: list[str] = []
        kids: list[Provision] = []
        for child in _content(el):
            tag = child.tag
            if tag == _L + "Pnumber":
                number = _format_number(self.text(child), child, level)
            elif tag == _L + "Title" and heading is None:
                heading = self.text(child)
            elif tag in _P_LEVELS:
                kids.append(self.p(child, _sub_kind(kind, _P_LEVELS[tag]), None, _P_LEVELS[tag]))
            elif tag not in _SKIP:
                self._node(child, after if kids else before)
        return Provision(
            kind=kind,
            number=number,
            heading=heading or None,
            text=clean("".join(before)),
            children=tuple(kids),
            wrap_up=clean("".join(after)),
            eid=el.get("id"),
        )


def _content(el: etree._Element) -> list[etree._Element]:
    """Children of a P element, with its ``PnPara`` wrappers opened up."""
    out: list[etree._Element] = []
    for child in el:
        if not isinstance(child.tag, str):
            continue
        local = child.tag.rpartition("}")[2]
        if local.startswith("P") and local.endswith("para") and child.tag.startswith(_L):
            out.extend(c for c in child if isinstance(c.tag, str))
        else:
            out.append(child)
    return out


def _list_label(n: int, kind: str) -> str:
    if kind in ("alpha", "alphaUpper"):
        label = ""
        while n:
            n, r = divmod(n - 1, 26)
            label = chr(ord("a") + r) + label
        return label.upper() if kind == "alphaUpper" else label
    if kind in ("roman", "romanUpper"):
        numerals = (
            (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
            (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
        )  # fmt: skip
        label = ""
        for value, numeral in numerals:
            while n >= value:
                label, n = label + numeral, n - value
        return label.upper() if kind == "romanUpper" else label
    return str(n)


def _decorate(label: str, decoration: str) -> str:
    return {
        "parens": f"({label})",
        "parenRight": f"{label})",
        "brackets": f"[{label}]",
        "bracketRight": f"{label}]",
        "period": f"{label}.",
        "colon": f"{label}:",
    }.get(decoration, label)


def _sub_kind(unit: Kind, level: int) -> Kind:
    if level == 2:
        if unit is Kind.SECTION:
            return Kind.SUBSECTION
        if unit is Kind.SCHEDULE_PARAGRAPH:
            return Kind.SCHEDULE_SUBPARAGRAPH
        return Kind.PARAGRAPH
    if level == 3:
        return Kind.PARAGRAPH if unit is Kind.SECTION else Kind.SUBPARAGRAPH
    if level == 4:
        return Kind.SUBPARAGRAPH if unit is Kind.SECTION else Kind.SUBSUBPARAGRAPH
    return Kind.SUBSUBPARAGRAPH


def _format_number(text: str, el: etree._Element, level: int, quoted: bool = False) -> str | None:
    """The number as printed: CLML holds "1"/"a" and leaves brackets to the stylesheet.

    A unit's own number stays bare ("4", never "4."), as the other readers give it;
    inside quoted text a level-1 number keeps any punctuation the file asks for.
    """
    if not text:
        return None
    if level == 1:
        if quoted:
            return f"{el.get('PuncBefore', '')}{text}{el.get('PuncAfter', '')}"
        return text
    before = el.get("PuncBefore", "(")
    after = el.get("PuncAfter", ")")
    return f"{before}{text}{after}"


def _find(el: etree._Element, local: str) -> etree._Element | None:
    return el.find(_L + local)


def read_clml(root: etree._Element, path: str, sha256: str) -> Bill:
    """A CLML document (``<Legislation>``): an Act or SI, whole or in part."""
    meta = root.find(f"{{{UKM_NS}}}Metadata")
    title = valid = None
    if meta is not None:
        title_el = meta.find(f"{{{DC_NS}}}title")
        title = clean(title_el.text or "") if title_el is not None else None
        valid_el = meta.find(f"{{{DCT_NS}}}valid")
        valid = (valid_el.text or "").strip() or None if valid_el is not None else None
    main = next(
        (c for c in root if c.tag in (_L + "Primary", _L + "Secondary", _L + "EURetained")), None
    )
    secondary = main is not None and main.tag == _L + "Secondary"
    reader = _Reader(secondary=secondary)
    provisions: tuple[Provision, ...] = ()
    long_title = None
    if main is None or not any(part.tag in (_L + "Body", _L + "Schedules") for part in main):
        raise FormatError(
            "CLML document has no body (no Primary, Secondary or EURetained with a Body or "
            "Schedules); nothing to compare"
        )
    for part in main:
        if part.tag == _L + "Body":
            provisions += reader.structure(part, Kind.SECTION)
        elif part.tag == _L + "Schedules":
            provisions += reader.structure(part, None)
        elif part.tag == _L + "PrimaryPrelims":
            lt = part.find(_L + "LongTitle")
            long_title = reader.text(lt) if lt is not None else None
    if not reader.budget.units:
        raise FormatError(
            "has no sections, regulations or schedule paragraphs in its body; nothing to compare"
        )
    return Bill(
        title=title or "Untitled",
        format="clml",
        document_type="si" if secondary else "act",
        version=version_from_uri(root.get("DocumentURI")),
        bill_number=citation_number(meta),
        project_id=root.get("IdURI"),
        valid_from=root.get("RestrictStartDate") or valid,
        published=None,
        long_title=long_title,
        stage=lgu_stage(version_from_uri(root.get("DocumentURI")), valid),
        source_path=path,
        sha256=sha256,
        provisions=provisions,
    )
