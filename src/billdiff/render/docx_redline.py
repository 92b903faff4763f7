"""A unit's words as WordprocessingML paragraphs with real tracked changes.

:func:`redline` walks the word diff of two texts (each the lines of a print
joined by spaces, as :class:`~billdiff.comparison.UnitVersion` holds them)
and says, as a list of :class:`Event` s, what a Word document must hold so
that *Accept All* gives exactly the new text, line by line, and *Reject All*
the old: equal words, deleted words (``w:del``/``w:delText``), inserted words
(``w:ins``), a label before each change, where comment ranges start and end,
and paragraph marks — plain where both prints break the line, tracked where
only one does:

* a line break in the new print only is an inserted paragraph mark, with the
  space that joined the two lines in the old print as a deleted space before
  it (rejected, the two lines join again, with their space);
* a line break in the old print only is a deleted paragraph mark, with an
  inserted space before it.

:func:`paragraphs` turns the events into ``w:p`` elements. Every string goes
into a ``w:t`` or ``w:delText`` through :func:`xml_text`, which spells out what
XML 1.0 cannot hold (most C0 controls) and what must never be shown raw (bidi
controls), as every other output does (:mod:`billdiff.sanitise`). Nothing is
built from strings of markup: only lxml elements and attributes.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from lxml import etree

from billdiff.render.note_markdown import safe_text

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

#: The character style of the labels before changes ("[#1 substantive]"): not the Bill's words.
LABEL_STYLE = "ChangeLabel"
#: The character style of the run that holds a comment's reference mark.
COMMENT_REFERENCE_STYLE = "CommentReference"


def w(tag: str) -> str:
    """The Clark name of a WordprocessingML element or attribute: ``w("p")``."""
    return f"{{{W_NS}}}{tag}"


def xml_text(text: str) -> str:
    """Text for a ``w:t``: control, bidi and non-XML characters spelled out (``⟨U+0007⟩``)."""
    return safe_text(text)


Kind = Literal["equal", "del", "ins"]


@dataclass(frozen=True, slots=True)
class Text:
    """Words: unchanged, deleted or inserted."""

    kind: Kind
    text: str


@dataclass(frozen=True, slots=True)
class Label:
    """The label before a change: its number and class."""

    text: str


@dataclass(frozen=True, slots=True)
class Break:
    """The end of a paragraph: a plain paragraph mark, or one deleted or inserted."""

    kind: Kind


@dataclass(frozen=True, slots=True)
class RangeStart:
    """Where a comment's range starts."""

    comment: int


@dataclass(frozen=True, slots=True)
class RangeEnd:
    """Where a comment's range ends (its reference mark follows)."""

    comment: int


Event = Text | Label | Break | RangeStart | RangeEnd


@dataclass(frozen=True, slots=True)
class Edit:
    """One change to draw: ``old[old_start:old_end]`` became ``new[new_start:new_end]``,
    with its label and the comments whose ranges are exactly this change (or start or end
    at it, for a comment on several changes)."""

    old_start: int
    old_end: int
    new_start: int
    new_end: int
    label: str | None = None
    starts: tuple[int, ...] = ()
    ends: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class Span:
    """Comments on quoted words of one print's text: ``[start, end)`` of ``side``."""

    side: Literal["old", "new"]
    start: int
    end: int
    comments: tuple[int, ...]


def line_breaks(starts: Sequence[int]) -> list[int]:
    """Where the spaces that join lines sit in a text whose lines start at ``starts``."""
    return [s - 1 for s in starts[1:]]


@dataclass
class _Side:
    """One side's line breaks and comment points, for fast lookups by offset."""

    breaks: list[int]
    starts: dict[int, list[int]] = field(default_factory=dict)
    ends: dict[int, list[int]] = field(default_factory=dict)

    def points(self, lo: int, hi: int) -> set[int]:
        """Offsets in ``[lo, hi]`` where something happens."""
        found = {b for b in self.breaks[bisect_left(self.breaks, lo) :] if b < hi}
        found.update(x for x in self.starts if lo <= x < hi)
        found.update(x for x in self.ends if lo < x <= hi)
        return found


def redline(
    old: str,
    new: str,
    edits: Sequence[Edit],
    old_breaks: Iterable[int] = (),
    new_breaks: Iterable[int] = (),
    spans: Iterable[Span] = (),
) -> list[Event]:
    """The events that draw ``old`` → ``new`` (see the module docstring).

    ``edits`` are the changes in order, never overlapping; what lies between them is
    equal in both texts. ``old_breaks``/``new_breaks`` are the offsets of the spaces
    where each print starts a new line. ``spans`` put comment ranges on quoted words.
    """
    sides = {"old": _Side(sorted(old_breaks)), "new": _Side(sorted(new_breaks))}
    for span in spans:
        side = sides[span.side]
        side.starts.setdefault(span.start, []).extend(span.comments)
        side.ends.setdefault(span.end, []).extend(span.comments)
    out: list[Event] = []
    o = n = 0
    for e in edits:
        _equal(out, old, o, e.old_start, n, sides)
        out.extend(RangeStart(c) for c in e.starts)
        if e.label:
            out.append(Label(e.label))
        _one_side(out, old, e.old_start, e.old_end, sides["old"], "del")
        _one_side(out, new, e.new_start, e.new_end, sides["new"], "ins")
        out.extend(RangeEnd(c) for c in e.ends)
        o, n = e.old_end, e.new_end
    _equal(out, old, o, len(old), n, sides)
    return out


def _equal(out: list[Event], old: str, o0: int, o1: int, n0: int, sides: dict[str, _Side]) -> None:
    """Unchanged words ``old[o0:o1]`` (``new[n0:…]`` in the new text)."""
    if o1 <= o0:
        return
    old_side, new_side = sides["old"], sides["new"]
    points = {x - o0 for x in old_side.points(o0, o1)}
    points.update(x - n0 for x in new_side.points(n0, n0 + (o1 - o0)))
    at = 0
    for k in sorted(points):
        _text(out, "equal", old[o0 + at : o0 + k])
        at = k
        out.extend(RangeEnd(c) for c in old_side.ends.get(o0 + k, ()))
        out.extend(RangeEnd(c) for c in new_side.ends.get(n0 + k, ()))
        out.extend(RangeStart(c) for c in old_side.starts.get(o0 + k, ()))
        out.extend(RangeStart(c) for c in new_side.starts.get(n0 + k, ()))
        if k >= o1 - o0:
            continue
        in_old = _is_break(old_side, o0 + k)
        in_new = _is_break(new_side, n0 + k)
        if in_old and in_new:
            out.append(Break("equal"))
        elif in_old:  # the new print runs the two lines together
            out += [Text("ins", old[o0 + k]), Break("del")]
        elif in_new:  # the new print starts a new line here
            out += [Text("del", old[o0 + k]), Break("ins")]
        else:
            continue
        at = k + 1
    _text(out, "equal", old[o0 + at : o1])


def _one_side(out: list[Event], text: str, lo: int, hi: int, side: _Side, kind: Kind) -> None:
    """Deleted (``kind="del"``) or inserted words ``text[lo:hi]``, their line breaks tracked."""
    if hi <= lo:
        return
    at = lo
    for x in sorted(side.points(lo, hi)):
        _text(out, kind, text[at:x])
        at = x
        out.extend(RangeEnd(c) for c in side.ends.get(x, ()))
        out.extend(RangeStart(c) for c in side.starts.get(x, ()))
        if x < hi and _is_break(side, x):
            out.append(Break(kind))
            at = x + 1
    _text(out, kind, text[at:hi])


def _is_break(side: _Side, offset: int) -> bool:
    i = bisect_left(side.breaks, offset)
    return i < len(side.breaks) and side.breaks[i] == offset


def _text(out: list[Event], kind: Kind, text: str) -> None:
    if text:
        out.append(Text(kind, text))


# -- events to WordprocessingML ---------------------------------------------------------------


@dataclass
class Revisions:
    """Who made the tracked changes and when, and the ids they have used."""

    author: str
    #: An xsd:dateTime ("2025-04-24T00:00:00Z"), or None to leave the date out.
    date: str | None
    next_id: int = 1

    def mark(self, tag: str) -> etree._Element:
        """A new ``w:ins`` or ``w:del`` with the next id, the author and the date."""
        e = etree.Element(w(tag))
        e.set(w("id"), str(self.next_id))
        self.next_id += 1
        e.set(w("author"), xml_text(self.author))
        if self.date:
            e.set(w("date"), self.date)
        return e


def run(text: str, *, style: str | None = None, deleted: bool = False) -> etree._Element:
    """A ``w:r`` holding ``text`` (in ``w:delText`` when ``deleted``), in a character style."""
    r = etree.Element(w("r"))
    if style:
        props = etree.SubElement(r, w("rPr"))
        etree.SubElement(props, w("rStyle")).set(w("val"), style)
    t = etree.SubElement(r, w("delText" if deleted else "t"))
    t.set(XML_SPACE, "preserve")
    t.text = xml_text(text)
    return r


def paragraph(style: str | None = None) -> etree._Element:
    """An empty ``w:p`` in a paragraph style."""
    p = etree.Element(w("p"))
    if style:
        props = etree.SubElement(p, w("pPr"))
        etree.SubElement(props, w("pStyle")).set(w("val"), style)
    return p


def comment_reference(comment: int) -> etree._Element:
    """The run that shows a comment's mark where its range ends."""
    r = etree.Element(w("r"))
    props = etree.SubElement(r, w("rPr"))
    etree.SubElement(props, w("rStyle")).set(w("val"), COMMENT_REFERENCE_STYLE)
    etree.SubElement(r, w("commentReference")).set(w("id"), str(comment))
    return r


def add_events(p: etree._Element, events: Iterable[Event], revisions: Revisions) -> None:
    """Append ``events`` (no :class:`Break` among them) to the paragraph ``p``."""
    for e in events:
        if isinstance(e, Text):
            if e.kind == "equal":
                p.append(run(e.text))
            else:
                mark = revisions.mark(e.kind)
                mark.append(run(e.text, deleted=e.kind == "del"))
                p.append(mark)
        elif isinstance(e, Label):
            p.append(run(e.text, style=LABEL_STYLE))
        elif isinstance(e, RangeStart):
            etree.SubElement(p, w("commentRangeStart")).set(w("id"), str(e.comment))
        elif isinstance(e, RangeEnd):
            etree.SubElement(p, w("commentRangeEnd")).set(w("id"), str(e.comment))
            p.append(comment_reference(e.comment))
        else:
            raise ValueError("a paragraph mark inside a paragraph")


def paragraphs(events: Sequence[Event], style: str, revisions: Revisions) -> list[etree._Element]:
    """The ``w:p`` elements the events draw, one per paragraph mark, all in ``style``.

    The last paragraph's mark is never tracked (the document goes on after it).
    """
    out: list[etree._Element] = []
    current = paragraph(style)
    pending: list[Event] = []
    for e in events:
        if not isinstance(e, Break):
            pending.append(e)
            continue
        add_events(current, pending, revisions)
        pending = []
        if e.kind != "equal":
            props = current.find(w("pPr"))
            assert props is not None
            etree.SubElement(props, w("rPr")).append(revisions.mark(e.kind))
        out.append(current)
        current = paragraph(style)
    add_events(current, pending, revisions)
    out.append(current)
    return out
