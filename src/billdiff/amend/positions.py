"""The printed page and line of any word of a unit, from a print's ``<?L page-line?>`` markers.

The reader (:mod:`billdiff.formats.akn`) records a marker only where each
provision starts. An amendment must cite the line where its words actually
are, so this module reads the print again: it prepares the body exactly as the
reader does, puts an invisible character after every ``<?L?>`` marker (one
private-use code point per marker), runs the reader's own walker over it, and
finds those characters in each unit's text. The text it gets, once they are
taken out, must equal the text the reader gave the unit, character for
character; a unit whose text does not reconcile gets no word positions
(:attr:`UnitPositions.exact` is False) and is cited by clause and subsection
instead. Only ``billdiff amendments`` pays for this second read.

>>> p = UnitPositions("(1) The court may (2) must", ((0, 3, 1), (18, 3, 2)), (3, 1), True)
>>> p.at(20), p.line_range(3, 2)
((3, 2), (18, 26))
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from lxml import etree

from billdiff.formats import akn, detect
from billdiff.formats.common import container_number
from billdiff.formats.xmlsafe import load_xml
from billdiff.model import Bill, Kind, Provision, Unit

# Markers: one code point per <?L?> marker, from the supplementary private use areas.
_BASE = 0xF0000
_LIMIT = 0x10FFFD - _BASE
_MARK = re.compile("[\U000f0000-\U0010fffd]")
_OPENING_QUOTES = "“‘\"'"


@dataclass(frozen=True, slots=True)
class UnitPositions:
    """Where each printed line of one unit's text starts.

    ``marks`` are (offset in :attr:`text`, page, line), in order; text before the
    first mark is on the line where the unit starts (``start``).
    """

    text: str
    marks: tuple[tuple[int, int, int], ...]
    start: tuple[int, int] | None
    exact: bool

    def at(self, offset: int) -> tuple[int, int] | None:
        """The (page, line) the character at ``offset`` is printed on."""
        if not self.exact:
            return None
        k = bisect_right([m[0] for m in self.marks], offset) - 1
        if k < 0:
            return self.start
        return self.marks[k][1], self.marks[k][2]

    def lines(self) -> Iterator[tuple[int, int, int, int]]:
        """Every printed line of the text: (page, line, start, end), ``end`` after its last word."""
        if not self.exact:
            return
        starts: list[tuple[int, int, int]] = []
        if self.start is not None and (not self.marks or self.marks[0][0] > 0):
            starts.append((0, *self.start))
        starts.extend(self.marks)
        for k, (offset, page, line) in enumerate(starts):
            end = starts[k + 1][0] if k + 1 < len(starts) else len(self.text)
            while end > offset and self.text[end - 1] == " ":
                end -= 1
            yield page, line, offset, end

    def line_range(self, page: int, line: int) -> tuple[int, int] | None:
        """The offsets of the words printed on ``page``, ``line`` (None if none of this unit's)."""
        for p, n, start, end in self.lines():
            if (p, n) == (page, line):
                return start, end
        return None


@dataclass(frozen=True, slots=True)
class PrintPositions:
    """Word positions for every unit of one print, by the unit's index in ``Bill.units()``."""

    units: tuple[UnitPositions | None, ...]
    has_markers: bool

    def of(self, index: int) -> UnitPositions | None:
        """The positions of unit ``index`` (None if it has none)."""
        return self.units[index] if 0 <= index < len(self.units) else None

    @property
    def reconciled(self) -> int:
        """How many units have exact word positions."""
        return sum(1 for u in self.units if u is not None and u.exact)


def none_for(bill: Bill) -> PrintPositions:
    """No word positions at all (a print without markers, or read from stdin)."""
    return PrintPositions(tuple(None for _ in bill.units()), has_markers=False)


def read_positions(bill: Bill, path: str | None = None) -> PrintPositions:
    """Word positions of ``bill``'s units, read from its file (``path`` or ``bill.source_path``).

    A print that is not Lawmaker Akoma Ntoso, has no markers, was read from
    stdin or has changed on disk since it was loaded gets no positions.
    """
    source = path or bill.source_path
    units = list(bill.units())
    if not source or source == "-" or bill.format != "lawmaker-akn":
        return none_for(bill)
    doc = load_xml(source)
    if bill.sha256 and doc.sha256 != bill.sha256:
        return none_for(bill)
    if detect(doc.root) != "lawmaker-akn":
        return none_for(bill)
    body = akn._body(akn._document(doc.root))
    akn._prepare(body, etree.QName(body).namespace or "")
    markers = [
        pi
        for pi in body.iter(etree.ProcessingInstruction)
        if isinstance(pi, etree._ProcessingInstruction) and pi.target == "L"
    ]
    if not markers or len(markers) > _LIMIT:
        return none_for(bill)
    places: list[tuple[int, int] | None] = []
    for n, pi in enumerate(markers):
        places.append(akn._parse_pi(pi))
        _mark(pi, chr(_BASE + n))
    walker = akn._Walker(sections_are_clauses=True, has_positions=True)
    marked = list(Bill(title="", format="", provisions=walker.children(body, False, False)).units())
    if len(marked) != len(units):
        return PrintPositions(tuple(None for _ in units), has_markers=True)
    return PrintPositions(
        tuple(_unit(m, u, places) for m, u in zip(marked, units, strict=True)), has_markers=True
    )


def _mark(pi: etree._Element, char: str) -> None:
    """Put ``char`` before the first character the marker's line prints."""
    tail = pi.tail or ""
    stripped = tail.lstrip()
    if stripped:
        pi.tail = tail[: len(tail) - len(stripped)] + char + stripped
        return
    # The marker is followed by an element: mark the first text inside it.
    node = pi.getnext()
    while node is not None and not isinstance(node.tag, str):
        node = node.getnext()
    while node is not None:
        text = node.text or ""
        if text.strip():
            lead = len(text) - len(text.lstrip())
            node.text = text[:lead] + char + text[lead:]
            return
        first = next((c for c in node if isinstance(c.tag, str)), None)
        if first is None:
            break
        node = first
    pi.tail = tail + char


def _unit(marked: Unit, unit: Unit, places: Sequence[tuple[int, int] | None]) -> UnitPositions:
    p = unit.provision
    start = (p.page, p.line) if p.page is not None and p.line is not None else None
    expected = p.full_text()
    number = _strip(marked.provision.number or "")
    if p.kind is Kind.SCHEDULE:
        # A marker before "Schedule 1" kept the reader from taking the word off.
        number = container_number(number) or ""
    if marked.provision.kind is not p.kind or number != (p.number or ""):
        return UnitPositions(expected, (), start, exact=False)
    text, found = _unmark(_full_text(marked.provision))
    if text != expected:
        return UnitPositions(expected, (), start, exact=False)
    marks = []
    for offset, n in found:
        place = places[n]
        if place is None:
            continue
        # A quote mark the reader writes in from an attribute is printed on the marker's line.
        if (
            offset > 0
            and text[offset - 1] in _OPENING_QUOTES
            and (offset == 1 or text[offset - 2] == " ")
        ):
            offset -= 1
        marks.append((offset, place[0], place[1]))
    # Markers on the same offset (an empty line): the last one wins.
    dedup: dict[int, tuple[int, int, int]] = {}
    for m in marks:
        dedup[m[0]] = m
    return UnitPositions(text, tuple(sorted(dedup.values())), start, exact=True)


def _full_text(p: Provision) -> str:
    return " ".join(p.lines())


def _strip(text: str) -> str:
    return _MARK.sub("", text)


def _unmark(text: str) -> tuple[str, list[tuple[int, int]]]:
    """``text`` without markers (and without the doubled spaces they leave), with each
    marker's offset in the result and its index."""
    out: list[str] = []
    found: list[tuple[int, int]] = []
    length = 0
    pos = 0
    for m in _MARK.finditer(text):
        piece = text[pos : m.start()]
        out.append(piece)
        length += len(piece)
        found.append((length, ord(m.group()) - _BASE))
        pos = m.end()
    out.append(text[pos:])
    joined = "".join(out)
    if "  " not in joined and not joined.startswith(" ") and not joined.endswith(" "):
        return joined, found
    # A marker between two spaces: drop the extra space and move later offsets back.
    chars: list[str] = []
    removed: list[int] = []
    for k, ch in enumerate(joined):
        if ch == " " and (not chars or chars[-1] == " "):
            removed.append(k)
            continue
        chars.append(ch)
    if chars and chars[-1] == " ":
        removed.append(len(joined) - 1)
        chars.pop()
    result = "".join(chars)
    moved = [(offset - bisect_right(removed, offset - 1), n) for offset, n in found]
    return result, [(min(o, len(result)), n) for o, n in moved]
