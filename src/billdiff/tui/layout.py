"""The lines of the diff pane: every shown unit laid out at one width, and its changes.

:func:`build` turns the units a reader has chosen to see into :class:`Row`\\ s
(one per screen line, already wrapped) made of :class:`Span`\\ s that name a
*role* ("deleted", "inserted", "label"…) rather than a colour, so the same
layout serves every theme and ``NO_COLOR``. It also records every *stop*
(:class:`Stop`): each numbered change, or the whole unit when a unit changed
without word changes (added, removed, moved), in reading order, with the rows
it occupies, which is what next/previous change walks.

Everything shown comes from the view layer: :func:`billdiff.view.changes.changes`
numbers the changes, :func:`billdiff.view.redline.excerpts` cuts the redline
with a few words of context, :mod:`billdiff.view.units` and
:mod:`billdiff.view.words` word the rest. Every string from a print passes
through :func:`billdiff.sanitise.visible`. Nothing here imports Textual.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

from rich.cells import cell_len

from billdiff.comparison import Comparison, ContainerChange, Status, UnitChange, UnitVersion
from billdiff.provenance import labels
from billdiff.sanitise import visible
from billdiff.textdiff import HunkClass, TextDiff
from billdiff.view import units as describe
from billdiff.view.changes import Change, Field, changes, numbers
from billdiff.view.redline import Piece, excerpts, spell_spaces
from billdiff.view.words import title, where

#: Words of unchanged text shown either side of a change while a unit is folded.
CONTEXT_WORDS = 8
#: Indent of a unit's heading and text under its label.
INDENT = 2
#: The narrowest width laid out (narrower panes scroll sideways).
MIN_WIDTH = 24

#: Outline and header markers for unit statuses: a symbol each, so colour is never needed.
STATUS_MARKS = {
    Status.ADDED: "+",
    Status.REMOVED: "−",
    Status.AMENDED: "~",
    Status.RENUMBERED: "#",
    Status.MOVED: "↕",
    Status.SUBSTITUTED: "⇄",
    Status.SPLIT: "<",
    Status.MERGED: ">",
    Status.UNCHANGED: " ",
}
NOTE_MARK = "✎"
REVIEWED_MARK = "✓"


@dataclass(slots=True)
class Span:
    """A run of text in one role; ``stop`` is the index of the change it shows, or -1."""

    text: str
    role: str
    stop: int = -1


@dataclass(slots=True)
class Row:
    """One screen line: ``left`` (the whole line, or the old column side by side) and
    ``right`` (the new column side by side; None for a full-width line)."""

    left: list[Span]
    right: list[Span] | None
    #: The position of its unit in :attr:`Layout.units` (-1 for the long title, containers).
    unit: int

    @property
    def text(self) -> str:
        """The row's plain text (both columns), for finding words in it."""
        words = "".join(s.text for s in self.left)
        if self.right is not None:
            words += " " + "".join(s.text for s in self.right)
        return words


@dataclass(frozen=True, slots=True)
class Stop:
    """A place next/previous change stops: one change of a unit, or a whole unit; or, with
    ``unit`` -1, the long title's change or a changed Part, Chapter, cross-heading or
    schedule, which ``subject`` names (notes go on it as on a unit)."""

    unit: int
    change: Change | None
    first_row: int
    last_row: int
    subject: UnitChange | None = None


@dataclass(frozen=True, slots=True)
class Options:
    """How to lay out: the width, the mode, and what the reader has chosen."""

    width: int
    side_by_side: bool = False
    #: Keys of the units shown whole rather than folded to their changes.
    expanded: frozenset[str] = frozenset()
    #: Draw ``[-…-]`` and ``{+…+}`` around changes (for NO_COLOR and monochrome).
    brackets: bool = False
    #: Change classes that are not stops (the "substantive only" filter).
    skip_classes: frozenset[HunkClass] = frozenset()


@dataclass
class Layout:
    """The diff pane's rows, its stops, and where each unit is."""

    units: list[UnitChange]
    rows: list[Row] = field(default_factory=list)
    stops: list[Stop] = field(default_factory=list)
    #: For each unit, its first and last row.
    unit_rows: list[tuple[int, int]] = field(default_factory=list)
    #: For each unit, the indices of its stops.
    unit_stops: list[list[int]] = field(default_factory=list)
    #: Whether any of each unit's text is folded away.
    folded: list[bool] = field(default_factory=list)

    def unit_at_row(self, row: int) -> int:
        """The unit shown at ``row`` (the nearest one above it for a container line)."""
        lo, hi = 0, len(self.unit_rows) - 1
        found = -1
        while lo <= hi:
            mid = (lo + hi) // 2
            if self.unit_rows[mid][0] <= row:
                found, lo = mid, mid + 1
            else:
                hi = mid - 1
        return max(found, 0) if self.unit_rows else -1

    def stop_at_or_after(self, row: int) -> int:
        """The first stop whose rows end at or after ``row`` (-1 if none)."""
        for n, stop in enumerate(self.stops):
            if stop.last_row >= row:
                return n
        return -1

    def row_of_provision(self, pos: int, path: str) -> int | None:
        """The first row of unit ``pos`` that shows its sub-provision ``path`` ("(3)",
        "(3)(a)"), when the unit is laid out whole; None if no row does."""
        unit = self.units[pos]
        first, last = self.unit_rows[pos]
        for version in (unit.new, unit.old):
            if version is None:
                continue
            for info, line in zip(version.line_info, version.lines, strict=False):
                if info.number != path:
                    continue
                start = " ".join(line.split()[:4])
                for row in range(first, last + 1):
                    if start in " ".join(self.rows[row].text.split()):
                        return row
        return None

    def position_of(self, unit: UnitChange) -> int:
        """The position of ``unit`` among the shown units (-1 if it is not shown)."""
        for n, u in enumerate(self.units):
            if u is unit:
                return n
        return -1


#: What the layout asks about notes and marks (the app answers from the review core).
NotesOf = Callable[[UnitChange], int]
ChangeNoted = Callable[[UnitChange, Change], bool]
Reviewed = Callable[[UnitChange], bool]


def _none(_: UnitChange) -> int:
    return 0


def _never(_: UnitChange, __: Change) -> bool:
    return False


def _not(_: UnitChange) -> bool:
    return False


def build(
    comparison: Comparison,
    units: Sequence[UnitChange],
    options: Options,
    notes_of: NotesOf = _none,
    change_noted: ChangeNoted = _never,
    reviewed: Reviewed = _not,
) -> Layout:
    """Lay out ``units`` (in the order given) at ``options.width``."""
    builder = _Builder(comparison, options, notes_of, change_noted, reviewed)
    return builder.build(list(units))


# -- wrapping ---------------------------------------------------------------------------------

_TOKENS = re.compile(r"\s+|\S+")


def wrap(spans: Sequence[Span], width: int, indent: int = 0, hang: int = 0) -> list[list[Span]]:
    """``spans`` broken into lines of at most ``width`` cells at spaces, the first line
    indented by ``indent`` and the others by ``indent + hang``; a word wider than a
    line is cut."""
    width = max(width, indent + hang + 4)
    lines: list[list[Span]] = []
    current: list[Span] = [Span(" " * indent, "plain")] if indent else []
    used = indent
    rest = indent + hang

    def put(text: str, role: str, stop: int) -> None:
        last = current[-1] if current else None
        if last is not None and last.role == role and last.stop == stop:
            last.text += text
        else:
            current.append(Span(text, role, stop))

    def new_line() -> None:
        nonlocal current, used
        if current and current[-1].text.isspace() and len(current) > 1:
            current.pop()
        lines.append(current)
        current = [Span(" " * rest, "plain")] if rest else []
        used = rest

    for span in spans:
        text = span.text
        if len(text) == cell_len(text):  # one cell a character: cut by slicing
            pos, end = 0, len(text)
            while pos < end:
                if used == rest and lines and text[pos] == " ":
                    while pos < end and text[pos] == " ":
                        pos += 1
                    continue
                room = width - used
                if end - pos <= room:
                    put(text[pos:], span.role, span.stop)
                    used += end - pos
                    break
                cut = text.rfind(" ", pos + 1, pos + room + 1)
                if cut > pos:
                    put(text[pos:cut], span.role, span.stop)
                    used += cut - pos
                    pos = cut
                    new_line()
                elif used > rest or text[pos] == " ":
                    new_line()
                else:  # a word longer than a line
                    put(text[pos : pos + room], span.role, span.stop)
                    pos += room
                    used += room
                    new_line()
            continue
        for match in _TOKENS.finditer(span.text):
            token = match.group()
            size = cell_len(token)
            if token.isspace():
                if used + size > width:
                    new_line()
                elif used > rest or not lines:
                    put(token, span.role, span.stop)
                    used += size
                continue
            if used + size > width and used > rest:
                new_line()
            while used + size > width:
                room = width - used
                cut = _fit(token, room)
                put(token[:cut], span.role, span.stop)
                token = token[cut:]
                size = cell_len(token)
                new_line()
            put(token, span.role, span.stop)
            used += size
    if current or not lines:
        lines.append(current)
    return lines


def _fit(token: str, room: int) -> int:
    """How many characters of ``token`` fit in ``room`` cells (at least one)."""
    total = 0
    for n, ch in enumerate(token):
        total += cell_len(ch)
        if total > room:
            return max(n, 1)
    return len(token)


# -- building ---------------------------------------------------------------------------------


class _Builder:
    def __init__(
        self,
        comparison: Comparison,
        options: Options,
        notes_of: NotesOf,
        change_noted: ChangeNoted,
        reviewed: Reviewed,
    ) -> None:
        self.comparison = comparison
        self.o = options
        self.width = max(options.width, MIN_WIDTH)
        self.column = max((self.width - 3) // 2, 10)
        self.notes_of = notes_of
        self.change_noted = change_noted
        self.reviewed = reviewed
        self.containers = _container_index(comparison.containers)

    def build(self, units: list[UnitChange]) -> Layout:
        layout = Layout(units)
        self.layout = layout
        self._long_title()
        previous: tuple[str | None, str | None, str | None] | None = None
        for pos, unit in enumerate(units):
            place = _place(unit.side)
            if place != previous:
                self._containers(place, previous)
                previous = place
            first = len(layout.rows)
            self.stops: list[int] = []
            folded = self._unit(pos, unit)
            layout.unit_rows.append((first, len(layout.rows) - 1))
            layout.unit_stops.append(self.stops)
            layout.folded.append(folded)
        return layout

    # rows and stops

    def _rows(self, lines: list[list[Span]], unit: int) -> None:
        self.layout.rows.extend(Row(line, None, unit) for line in lines)

    def _para(self, spans: list[Span], unit: int, indent: int = INDENT, hang: int = 0) -> None:
        self._rows(wrap(spans, self.width, indent, hang), unit)

    def _pair(self, left: list[Span], right: list[Span], unit: int) -> None:
        """Old words in the left column, new words in the right, top-aligned."""
        a = wrap(left, self.column, INDENT)
        b = wrap(right, self.column, INDENT)
        for n in range(max(len(a), len(b))):
            self.layout.rows.append(
                Row(a[n] if n < len(a) else [], b[n] if n < len(b) else [], unit)
            )

    def _blank(self, unit: int) -> None:
        self.layout.rows.append(Row([], None, unit))

    def _new_stop(self, unit: int, change: Change | None, subject: UnitChange | None = None) -> int:
        index = len(self.layout.stops)
        self.layout.stops.append(Stop(unit, change, -1, -1, subject))
        if unit >= 0:
            self.stops.append(index)
        return index

    def _close_stops(self, first_stop: int, first_row: int, last_row: int) -> None:
        """Give each stop made since ``first_stop`` the rows that show it."""
        rows = self.layout.rows
        stops = self.layout.stops
        for index in range(first_stop, len(stops)):
            stop = stops[index]
            found = [
                r
                for r in range(first_row, last_row + 1)
                if any(s.stop == index for s in [*rows[r].left, *(rows[r].right or ())])
            ]
            a, b = (found[0], found[-1]) if found else (first_row, last_row)
            stops[index] = Stop(stop.unit, stop.change, a, b, stop.subject)

    # the long title and the containers

    def _long_title(self) -> None:
        """The long title's redline, a stop for each of its numbered changes (notes go on
        them, and on the whole long title, as on a clause's)."""
        title = self.comparison.long_title
        diff = title.text_diff if title is not None else None
        if title is None or diff is None or not diff.hunks:
            return
        first = len(self.layout.rows)
        first_stop = len(self.layout.stops)
        header = [Span("Long title", "label"), Span("  amended", "status")]
        count = self.notes_of(title)
        if count:
            header.append(Span(f"  {NOTE_MARK} {count}", "note-mark"))
        self._para(header, -1, 0)
        all_changes = changes(title)
        by_number = {c.number: c for c in all_changes if c.number is not None}
        stop_ids: dict[int, int] = {}

        def stop_of(piece: Piece) -> int:
            change = by_number.get(piece.number) if piece.number is not None else None
            if change is None:
                return -1
            if change.number not in stop_ids:
                stop_ids[change.number or 0] = self._new_stop(-1, change, title)
            return stop_ids[change.number or 0]

        noted = {n for n, c in by_number.items() if n is not None and self.change_noted(title, c)}
        pieces = [
            p for e in excerpts(diff, None, numbers(all_changes, Field.TEXT)) for p in e.pieces
        ]
        self._para(self._inline(pieces, stop_of, noted), -1)
        self._blank(-1)
        self._close_stops(first_stop, first, len(self.layout.rows) - 1)

    def _containers(
        self,
        place: tuple[str | None, str | None, str | None],
        previous: tuple[str | None, str | None, str | None] | None,
    ) -> None:
        """A line for each container the next unit enters: schedule, Part or Chapter,
        cross-heading (with its status when it was added, removed, renamed...)."""
        start = 0
        if previous is not None:
            start = next(n for n in range(3) if place[n] != previous[n])
        for level in range(start, 3):
            label = place[level]
            if label is None:
                continue
            spans = [Span(visible(label), "container" if level < 2 else "crossheading")]
            change = self.containers.get((level, label))
            subject = self.comparison.heading_of(change) if change is not None else None
            stop = -1
            if change is not None and change.changed:
                stop = self._new_stop(-1, None, subject)
                spans = [Span(s.text, s.role, stop) for s in spans]
                spans.append(Span(f"  {change.status.value}", "status", stop))
            count = self.notes_of(subject) if subject is not None else 0
            if count:
                spans.append(Span(f"  {NOTE_MARK} {count}", "note-mark", stop))
            first = len(self.layout.rows)
            self._para(spans, -1, 0)
            if stop >= 0:
                last = len(self.layout.rows) - 1
                self.layout.stops[stop] = Stop(-1, None, first, last, subject)

    # one unit

    def _unit(self, pos: int, unit: UnitChange) -> bool:
        key = unit.key
        expanded = key in self.o.expanded
        first_row = len(self.layout.rows)
        first_stop = len(self.layout.stops)
        all_changes = changes(unit)
        if not unit.changed and not expanded:
            self._para(self._header(unit, folded=True), pos, 0, INDENT)
            return True
        self._para(self._header(unit), pos, 0, INDENT)
        by_number = {c.number: c for c in all_changes if c.number is not None}
        stop_ids: dict[int, int] = {}

        def stop_of(piece: Piece) -> int:
            if piece.number is None:
                return -1
            change = by_number.get(piece.number)
            if change is None or change.cls in self.o.skip_classes:
                return -1
            if piece.number not in stop_ids:
                stop_ids[piece.number] = self._new_stop(pos, change)
            return stop_ids[piece.number]

        # the unit-level stop for a change without word changes comes first
        structural = unit.changed and not any(
            c.number is not None and c.cls not in self.o.skip_classes for c in all_changes
        )
        whole = self._new_stop(pos, None) if structural else -1
        folded = False
        if unit.heading_diff is not None and unit.heading_diff.hunks:
            self._diff(unit.heading_diff, all_changes, Field.HEADING, None, stop_of, pos, unit)
        else:
            self._para([Span(visible(title(unit.side)), "heading")], pos)
        for fact in describe.facts(unit):
            self._para([Span(visible(fact), "fact")], pos)
        if unit.status in (Status.ADDED, Status.SPLIT) and unit.new is not None:
            self._whole(unit.new, "inserted", pos, whole, left=False)
        elif unit.status in (Status.REMOVED, Status.MERGED) and unit.old is not None:
            self._whole(unit.old, "deleted", pos, whole, left=True)
        elif unit.text_diff is not None and unit.text_diff.hunks:
            context = None if expanded else CONTEXT_WORDS
            folded = self._diff(
                unit.text_diff, all_changes, Field.TEXT, context, stop_of, pos, unit
            )
        elif expanded:
            for line in unit.side.lines:
                self._para([Span(visible(line), "plain")], pos)
        elif unit.side.text:
            words = len(unit.side.text.split())
            self._para([Span(f"⋯ its {words} words are unchanged", "fold")], pos)
            folded = True
        self._blank(pos)
        self._close_stops(first_stop, first_row, len(self.layout.rows) - 1)
        if whole >= 0:  # a whole-unit stop covers the unit, header and all
            self.layout.stops[whole] = Stop(pos, None, first_row, len(self.layout.rows) - 2)
        return folded

    def _header(self, unit: UnitChange, folded: bool = False) -> list[Span]:
        spans = [
            Span(f"{STATUS_MARKS.get(unit.status, ' ')} ", "mark"),
            Span(visible(unit.label), "label"),
        ]
        if folded:
            spans.append(Span(f"  {visible(title(unit.side))}", "heading"))
            spans.append(Span("  unchanged", "dim"))
        else:
            spans.append(Span(f"  {describe.status_text(unit)}", "status"))
            place = where(unit)
            if place:
                spans.append(Span(f"  {place}", "dim"))
        count = self.notes_of(unit)
        if count:
            spans.append(Span(f"  {NOTE_MARK} {count}", "note-mark"))
        if self.reviewed(unit):
            spans.append(Span(f"  {REVIEWED_MARK} reviewed", "reviewed"))
        return spans

    def _whole(self, version: UnitVersion, role: str, pos: int, stop: int, left: bool) -> None:
        for line in version.lines:
            spans = self._marked([Span(visible(line), role, stop)], role)
            if self.o.side_by_side:
                self._pair(spans if left else [], [] if left else spans, pos)
            else:
                self._para(spans, pos)

    def _marked(self, spans: list[Span], role: str) -> list[Span]:
        if not self.o.brackets or not spans:
            return spans
        stop = spans[0].stop
        open_, close = ("[-", "-]") if role == "deleted" else ("{+", "+}")
        return [Span(open_, role, stop), *spans, Span(close, role, stop)]

    def _diff(
        self,
        diff: TextDiff,
        all_changes: Sequence[Change],
        field_: Field,
        context: int | None,
        stop_of: Callable[[Piece], int],
        pos: int,
        unit: UnitChange,
    ) -> bool:
        """Lay out one redline (heading or text); returns whether any text is folded away."""
        cut = False
        found = excerpts(diff, context, numbers(all_changes, field_))
        noted = {
            c.number
            for c in all_changes
            if c.number is not None and c.field is field_ and self.change_noted(unit, c)
        }
        for n, excerpt in enumerate(found):
            if n:
                self._rows([[Span(" " * INDENT + "⋯", "fold")]], pos)
            cut = cut or excerpt.cut_before or excerpt.cut_after
            pieces = list(excerpt.pieces)
            if self.o.side_by_side:
                left, right = self._columns(pieces, stop_of, noted)
                if excerpt.cut_before:
                    left.insert(0, Span("… ", "fold"))
                    right.insert(0, Span("… ", "fold"))
                if excerpt.cut_after:
                    left.append(Span(" …", "fold"))
                    right.append(Span(" …", "fold"))
                self._pair(left, right, pos)
                continue
            spans = self._inline(pieces, stop_of, noted)
            if excerpt.cut_before:
                spans.insert(0, Span("… ", "fold"))
            if excerpt.cut_after:
                spans.append(Span(" …", "fold"))
            if context is None and field_ is Field.TEXT:
                for para in _split_lines(spans, unit):
                    self._para(para, pos)
            else:
                self._para(spans, pos)
        return cut

    def _inline(
        self,
        pieces: Sequence[Piece],
        stop_of: Callable[[Piece], int],
        noted: set[int] | None = None,
    ) -> list[Span]:
        spans: list[Span] = []
        for p in pieces:
            if p.op == "equal":
                spans.append(Span(visible(p.old), "plain"))
                continue
            stop = stop_of(p)
            if p.number is not None:
                spans.append(Span(f"#{p.number} ", "number", stop))
                if noted and p.number in noted:
                    spans.append(Span(NOTE_MARK, "note-mark", stop))
            if p.old:
                spans += self._marked(
                    [Span(visible(spell_spaces(p.old)), "deleted", stop)], "deleted"
                )
            if p.new:
                spans += self._marked(
                    [Span(visible(spell_spaces(p.new)), "inserted", stop)], "inserted"
                )
            if p.last_of_source:
                spans.append(_source(p, stop))
        return spans

    def _columns(
        self, pieces: Sequence[Piece], stop_of: Callable[[Piece], int], noted: set[int]
    ) -> tuple[list[Span], list[Span]]:
        left: list[Span] = []
        right: list[Span] = []
        for p in pieces:
            if p.op == "equal":
                left.append(Span(visible(p.old), "plain"))
                right.append(Span(visible(p.new), "plain"))
                continue
            stop = stop_of(p)
            if p.number is not None:
                mark = f"#{p.number} "
                left.append(Span(mark, "number", stop))
                right.append(Span(mark, "number", stop))
                if p.number in noted:
                    right.append(Span(NOTE_MARK, "note-mark", stop))
            if p.old:
                left += self._marked(
                    [Span(visible(spell_spaces(p.old)), "deleted", stop)], "deleted"
                )
            if p.new:
                right += self._marked(
                    [Span(visible(spell_spaces(p.new)), "inserted", stop)], "inserted"
                )
            if p.last_of_source:
                right.append(_source(p, stop))
        return left, right


def _source(piece: Piece, stop: int) -> Span:
    """Where a run of changes came from, in a Keeling schedule: « words omitted by s. 6(3) »."""
    return Span(f" «{visible(labels(piece.sources))}» ", "source", stop)


def _split_lines(spans: list[Span], unit: UnitChange) -> Iterator[list[Span]]:
    """A whole unit's redline cut into its sub-provisions' lines, at the starts of the new
    text's lines (equal text only, so a change is never cut in two)."""
    version = unit.new or unit.old
    if version is None or len(version.lines) < 2:
        yield spans
        return
    starts: list[int] = []
    offset = 0
    for line in version.lines[:-1]:
        offset += len(line) + 1
        starts.append(offset)
    wanted = iter(starts)
    next_start = next(wanted, None)
    position = 0  # in the new text
    current: list[Span] = []
    for span in spans:
        if span.role in ("number", "note-mark", "fold") or span.text in ("[-", "-]", "{+", "+}"):
            current.append(span)
            continue
        if span.role == "deleted":
            current.append(span)
            continue
        text = span.text
        while span.role == "plain" and next_start is not None and position + len(text) > next_start:
            cut = next_start - position
            head, text = text[:cut], text[cut:]
            if head:
                current.append(Span(head, span.role, span.stop))
            position += cut
            if current:
                yield current
            current = []
            next_start = next(wanted, None)
        if span.role == "inserted":
            while next_start is not None and position + len(text) > next_start:
                next_start = next(wanted, None)
        if text:
            current.append(Span(text, span.role, span.stop))
        position += len(text)
    if current:
        yield current


def _place(version: UnitVersion) -> tuple[str | None, str | None, str | None]:
    """Where a unit sits: its schedule, its Part or Chapter, its cross-heading."""
    schedule = None
    if version.schedule is not None:
        schedule = f"Schedule {version.schedule}".strip() if version.schedule else "Schedule"
    return (schedule, version.part, version.crossheading)


def _container_index(
    containers: Sequence[ContainerChange],
) -> dict[tuple[int, str], ContainerChange]:
    """Containers by (level, label) as :func:`_place` names them, either print's label."""
    out: dict[tuple[int, str], ContainerChange] = {}
    for c in containers:
        for v in (c.new, c.old):
            if v is None:
                continue
            kind = v.kind.value
            if kind == "schedule":
                key = (0, f"Schedule {v.number}".strip() if v.number else "Schedule")
            elif kind in ("part", "chapter"):
                key = (1, v.label)
            elif kind == "crossheading":
                key = (2, v.heading or "")
            else:
                continue
            out.setdefault(key, c)
    return out


def place_of(unit: UnitChange) -> tuple[str | None, str | None, str | None]:
    """Where a unit sits (schedule, Part or Chapter, cross-heading), for the outline."""
    return _place(unit.side)


container_index = _container_index
