"""Draw up the amendments that turn one print into the next, in House style.

For every changed unit of a :class:`~billdiff.comparison.Comparison`:

* a unit only in the new print is a new Clause ("To move the following
  Clause—") or a new schedule paragraph ("Schedule 2, page 41, line 12, at end
  insert—"); a unit only in the old print is left out ("Page 6, line 14, leave
  out Clause 9"); a unit out of order is transposed ("Transpose Clause 15 to
  after Clause 21");
* within a unit, the sub-provisions of the two prints are paired by GUID.
  A run of whole sub-provisions that is new, gone or replaced is one amendment
  ("leave out subsection (3)", "at end insert—", "leave out paragraphs (a) and
  (b) and insert—"); a sub-provision renumbered because another was inserted
  before it, and references in the clause to it, are changes made on
  reprinting; the words of each paired sub-provision are diffed and each
  change, with changes a few words apart on one line joined up, is the
  smallest amendment that says it: "leave out “may” and insert “must”",
  "after “person” insert “or body”", "at end insert “or”", "leave out
  “possess”", and, past twelve words, "leave out from “x” to “y” in line 25"
  or "to end of line 25";
* in text quoted into another Act, its provisions are paired by their words
  (:func:`_align`): a new one is inserted whole after the line the one before
  it ends ("at end insert—"), one gone or rewritten is left out by its lines
  ("leave out lines 31 to 38") or its words, and one whose number alone
  changed is renumbered on reprinting;
* no amendment quotes or cuts a provision number, nor inserts one as words
  (:mod:`billdiff.amend.numbers`): new provisions follow the words as a quoted
  block, and a relettering the comparison finds is a change on reprinting;
* quoted words are lengthened, a word at a time, until they are the first such
  words on their line; the line cited is where they begin (for "at end
  insert", the line whose end it is);
* changes the Public Bill Office makes on reprinting (Erskine May 30.83) are
  listed apart, in the same form: cross-references that follow the
  renumbering, renumbered sub-provisions, typographic changes, headings.

Every instruction is applied to the old print as it is drawn up
(:func:`billdiff.amend.apply.unit_words`), as a record and as its printed
words read back (:func:`billdiff.amend.wording.read_back`), and must give
exactly the words it stands for; if no form does, the next larger one is tried,
and, last, the whole unit is left out and inserted again (counted in
:attr:`Draft.notes`).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace

from billdiff.amend import numbers as numbers_module
from billdiff.amend import wording
from billdiff.amend.apply import NotFound, quoted_spans, unit_words
from billdiff.amend.instructions import (
    PRINTING_REASONS,
    Action,
    Heading,
    Insert,
    InsertProvisions,
    Instruction,
    LeaveOut,
    LeaveOutAndInsert,
    LeaveOutFrom,
    LeaveOutLines,
    LeaveOutProvisions,
    LeaveOutUnit,
    NewUnit,
    Place,
    SubstituteUnit,
    Target,
    Transpose,
    Where,
    group_of,
)
from billdiff.amend.positions import PrintPositions, UnitPositions, none_for
from billdiff.comparison import Comparison, LineInfo, PrintInfo, Status, UnitChange, UnitVersion
from billdiff.model import Bill, Kind, Unit
from billdiff.textdiff import HunkClass, Renumbering, diff_words

Maker = Callable[[Action, Place], Instruction]

#: Quoted words longer than this become "leave out from “x” to “y”".
MAX_QUOTED_WORDS = 12
#: Word changes at most this many words apart on one line are one amendment.
JOIN_GAP_WORDS = 3
_NUMBERED = frozenset(
    {
        Kind.SUBSECTION,
        Kind.PARAGRAPH,
        Kind.SUBPARAGRAPH,
        Kind.SUBSUBPARAGRAPH,
        Kind.SCHEDULE_SUBPARAGRAPH,
    }
)


@dataclass(frozen=True, slots=True)
class Draft:
    """A draft amendment paper: the amendments to table, the changes made on reprinting,
    and what the clerk should know about them."""

    old: PrintInfo
    new: PrintInfo
    house: str
    amendments: tuple[Instruction, ...]
    printing: tuple[Instruction, ...]
    #: "page and line", "clause and subsection" (the old print has no markers), or "mixed".
    references: str
    notes: tuple[str, ...] = ()
    #: For checking only (the applier never reads it): the new print's unit each new unit
    #: instruction makes, as (instruction number, unit key).
    produces: tuple[tuple[str, str], ...] = ()
    #: For checking only: the changed units, as (old unit index or None, new unit key or None).
    units: tuple[tuple[int | None, str | None], ...] = ()

    @property
    def instructions(self) -> tuple[Instruction, ...]:
        """Everything to apply to the old print to get the new one, in order."""
        return self.amendments + self.printing

    def counts(self) -> dict[str, int]:
        """How many amendments of each action, and changes on reprinting of each reason."""
        out: dict[str, int] = {}
        for i in self.amendments:
            out[i.action.TYPE] = out.get(i.action.TYPE, 0) + 1
        for i in self.printing:
            key = f"printing: {i.printing}"
            out[key] = out.get(key, 0) + 1
        return out


@dataclass(slots=True)
class _Region:
    """A change of words: old text [start, end) becomes ``new``; ``exact`` is what the old
    unit's text must read with this one change made."""

    start: int
    end: int
    new: str
    printing: str | None
    #: Extra lines of context for a block of whole sub-provisions.
    provisions: tuple[str, ...] | None = None
    insert_lines: tuple[str, ...] | None = None
    kind: str = "words"  # words | leave-provisions | insert-provisions
    anchor: str | None = None
    at: Where = "at end"
    parent: str = ""
    #: Where the first sub-provision left out begins.
    first: int = 0


@dataclass(slots=True)
class _Line:
    info: LineInfo
    text: str
    start: int

    @property
    def end(self) -> int:
        return self.start + len(self.text)

    @property
    def path(self) -> str:
        return self.info.number

    @property
    def key(self) -> tuple[str | None, bool]:
        return (self.info.guid, self.info.wrap_up)

    def number(self) -> str | None:
        """The sub-provision's own number as printed at the start of the line."""
        if self.info.wrap_up or self.info.kind not in _NUMBERED:
            return None
        comps = wording.components(self.path)
        if not comps:
            return None
        n = comps[-1]
        return n if self.text == n or self.text.startswith(n + " ") else None


def _lines(v: UnitVersion) -> list[_Line]:
    return [_Line(info, text, info.start) for info, text in zip(v.line_info, v.lines, strict=True)]


def _target(v: UnitVersion) -> Target:
    schedule = None if v.kind is Kind.SCHEDULE else v.schedule
    return Target(v.kind, v.number, schedule, v.guid, v.eid)


class _UnitDrafter:
    """Draws up the instructions for one paired unit."""

    def __init__(
        self,
        u: UnitChange,
        unit: Unit,
        index: int,
        positions: UnitPositions | None,
        numbers: Renumbering,
        has_markers: bool,
        house: str,
    ) -> None:
        assert u.old is not None and u.new is not None
        self.u = u
        self.old: UnitVersion = u.old
        self.new: UnitVersion = u.new
        self.unit = unit
        self.index = index
        self.pos = positions if positions is not None and positions.exact else None
        self.numbers = numbers
        self.has_markers = has_markers
        self.house = house
        self.target = _target(self.old)
        self.text = self.old.text
        self.old_lines = _lines(self.old)
        self.new_lines = _lines(self.new)
        self.fallback = False
        # Provision numbers an amendment must not quote, and the number changes the
        # comparison calls relettering (made on reprinting, like renumbered subsections).
        self.numbers_at = numbers_module.number_spans(
            self.text, [(x.start, n) for x in self.old_lines if (n := x.number())]
        )
        self.relettered = {
            (h.old_start, h.old_end): h.new
            for h in (u.text_diff.hunks if u.text_diff is not None else ())
            if h.cls is HunkClass.RELETTERING
        }

    # -- places -----------------------------------------------------------------------------

    def line_of(self, offset: int) -> tuple[int, int] | None:
        if self.pos is None:
            return None
        return self.pos.at(offset)

    def path_at(self, offset: int) -> str:
        found = ""
        for line in self.old_lines:
            if line.start > offset:
                break
            found = line.path
        return found

    def place(self, offset: int) -> Place:
        at = self.line_of(offset)
        path = self.path_at(offset)
        return Place(at[0], at[1], path) if at else Place(path=path)

    def provision_place(self, offset: int, parent: str) -> Place:
        """Where a sub-provision begins: its line (exact whenever the print has markers)."""
        at = self.line_of(offset)
        if at is None and self.has_markers:
            for line in self.old_lines:
                if line.start == offset and line.info.page is not None:
                    at = (line.info.page, line.info.line or 0)
        return Place(at[0], at[1], parent) if at else Place(path=parent)

    def printed_line(self, offset: int) -> tuple[int, int] | None:
        """[start, end) of the printed line holding ``offset`` (or the sub-provision's own
        words without positions)."""
        if self.pos is not None:
            at = self.pos.at(offset)
            if at is not None:
                return self.pos.line_range(*at)
        for line in reversed(self.old_lines):
            if line.start <= offset:
                return line.start, line.end
        return None

    # -- regions ----------------------------------------------------------------------------

    def regions(self) -> list[_Region]:
        if not all(line.info.guid for line in self.old_lines + self.new_lines):
            return self.flat(0, len(self.text), self.new.text)
        okeys = [line.key for line in self.old_lines]
        nkeys = [line.key for line in self.new_lines]
        if len(set(okeys)) != len(okeys) or len(set(nkeys)) != len(nkeys):
            return self.flat(0, len(self.text), self.new.text)
        renumbered = self._renumbered_subprovisions(okeys, nkeys)
        out: list[_Region] = []
        sm = difflib.SequenceMatcher(None, okeys, nkeys, autojunk=False)
        for tag, i1, i2, j1, j2 in sm.get_opcodes():
            if tag == "equal":
                for o, n in zip(self.old_lines[i1:i2], self.new_lines[j1:j2], strict=True):
                    out.extend(self.paired(o, n, renumbered))
            else:
                out.extend(self.block(i1, i2, j1, j2))
        return out

    def _renumbered_subprovisions(
        self, okeys: list[tuple[str | None, bool]], nkeys: list[tuple[str | None, bool]]
    ) -> dict[str, str]:
        """Sub-provision numbers that changed, "(4)" → "(5)", by GUID."""
        new_by_key = {line.key: line for line in self.new_lines}
        out = {}
        for line in self.old_lines:
            other = new_by_key.get(line.key)
            if other is None:
                continue
            a, b = line.number(), other.number()
            if a and b and a != b:
                out[a] = b
        return out

    def paired(self, o: _Line, n: _Line, renumbered: dict[str, str]) -> Iterator[_Region]:
        """Changes within one sub-provision's words."""
        if o.text == n.text:
            return
        on, nn = o.number(), n.number()
        ob, nb = o.start, 0
        if on is not None and nn is not None:
            if on != nn:
                yield _Region(o.start, o.start + len(on), nn, "renumbering")
            ob = o.start + len(on) + 1
            nb = len(nn) + 1
        elif on is not None and n.info.guid == o.info.guid and n.info.kind is o.info.kind:
            # The one subsection left loses its number on reprinting (and one joined by a
            # sibling gains one).
            yield _Region(o.start, o.start + len(on) + 1, "", "renumbering")
            ob = o.start + len(on) + 1
        elif nn is not None and n.info.guid == o.info.guid and n.info.kind is o.info.kind:
            yield _Region(o.start, o.start, f"{nn} ", "renumbering")
            nb = len(nn) + 1
        old_body = self.text[ob : o.end] if ob <= o.end else ""
        new_body = n.text[nb:] if nb <= len(n.text) else ""
        if old_body == new_body:
            return
        olds, news = _segments(old_body), _segments(new_body)
        if len(olds) == 1 and len(news) == 1:
            yield from self._words(ob, old_body, new_body, renumbered)
            return
        yield from self._segment_regions(ob, old_body, olds, new_body, news, renumbered)

    def _words(self, at: int, old: str, new: str, renumbered: dict[str, str]) -> Iterator[_Region]:
        """The word changes that make ``old`` (at offset ``at`` of the unit) ``new``."""
        if old == new:
            return
        d = diff_words(old, new, self.numbers)
        for h in d.hunks:
            start, end = at + h.old_start, at + h.old_end
            why = self._printing(h.cls, start, end, h.new, renumbered)
            if why is None:
                for a, b, w, why2 in _slide(self.text, start, end, h.new):
                    yield _Region(a, b, w, why2)
            else:
                yield _Region(start, end, h.new, why)

    def _segment_regions(
        self,
        ob: int,
        old_body: str,
        olds: list[_Seg],
        new_body: str,
        news: list[_Seg],
        renumbered: dict[str, str],
    ) -> Iterator[_Region]:
        """Changes within words that hold provisions of their own (text quoted into another
        Act): the provisions are paired by their words, and a pair's words diffed, a new
        one inserted whole after the one before it, a gone one left out whole, and one whose
        number alone changed renumbered on reprinting."""
        dropped: list[_Seg] = []
        added: list[_Seg] = []
        previous_end = ob

        def flush() -> Iterator[_Region]:
            lines = tuple(new_body[x.start : x.end] for x in added)
            if dropped:
                start, end = ob + dropped[0].start, ob + dropped[-1].end
                if not added and start > ob:
                    start -= 1  # the space before the provisions goes with them
                yield _Region(start, end, " ".join(lines), None)
            elif added:
                at = previous_end
                text = f" {' '.join(lines)}" if at > ob else f"{' '.join(lines)} "
                yield _Region(at, at, text, None, insert_lines=lines, kind="insert-inline")
            dropped.clear()
            added.clear()

        for i, j in _align(olds, old_body, news, new_body):
            if i is not None and j is not None:
                yield from flush()
                o, n = olds[i], news[j]
                if o.label != n.label and o.label is not None and n.label is not None:
                    yield from self._relabel(ob, o, n.label)
                yield from self._words(
                    ob + o.body, old_body[o.body : o.end], new_body[n.body : n.end], renumbered
                )
                previous_end = ob + o.end
            elif i is not None:
                dropped.append(olds[i])
                previous_end = ob + olds[i].end
            elif j is not None:
                added.append(news[j])
        yield from flush()

    def _relabel(self, ob: int, o: _Seg, label: str) -> Iterator[_Region]:
        """A provision's number changed: "(7)" to "(8)" is renumbering on reprinting (the
        bare number, as :mod:`billdiff.textdiff` classes it); a section or paragraph quoted
        into another Act, "194A" to "194B", is renumbered by amendment unless the comparison
        calls it relettering."""
        assert o.label is not None
        start = ob + o.number
        old, new = o.label, label
        if old.startswith("(") and new.startswith("(") and old.endswith(")") and new.endswith(")"):
            yield _Region(start + 1, start + len(old) - 1, new[1:-1], "renumbering")
        elif new == f"{old}." or old == f"{new}.":
            # "“3 For" → "“3. For": a full stop after the number is the printer's.
            end = start + len(old)
            yield (
                _Region(end, end, ".", "renumbering")
                if len(new) > len(old)
                else _Region(end - 1, end, "", "renumbering")
            )
        else:
            end = start + len(old)
            why = "renumbering" if self.relettered.get((start, end)) == new else None
            yield _Region(start, end, new, why)

    def _printing(
        self, cls: HunkClass, start: int, end: int, new: str, renumbered: dict[str, str]
    ) -> str | None:
        if cls is HunkClass.XREF:
            return "cross-reference"
        if cls is HunkClass.TYPOGRAPHIC:
            return "typographic"
        if self.relettered.get((start, end)) == new:
            # A reference that follows the relettering ("subsection (4)" → "(5)") is one.
            lead = self.text[max(0, start - 40) : start].rstrip("(")
            return "cross-reference" if _REFERS.search(lead) else "renumbering"
        old = self.text[start:end]
        # "subsections (2) to (4)" → "(2) to (5)" after a subsection was inserted.
        if (
            renumbered.get(f"({old})") == f"({new})"
            and self.text[start - 1 : start] == "("
            and self.text[end : end + 1] == ")"
        ):
            before = self.text[max(0, start - 60) : start].lower()
            if "subsection" in before or "paragraph" in before:
                return "cross-reference"
        return None

    def _subtrees(self, lines: Sequence[_Line], all_lines: Sequence[_Line]) -> list[str] | None:
        """The paths of the whole consecutive sub-provisions ``lines`` make up, or None."""
        if not lines:
            return None
        first = lines[0]
        if first.number() is None or first.info.wrap_up:
            return None
        depth = len(wording.components(first.path))
        tops: list[str] = []
        for line in lines:
            comps = wording.components(line.path)
            if len(comps) < depth:
                return None
            top = "".join(comps[:depth])
            if top != (tops[-1] if tops else None):
                if line.path != top or line.number() is None or top in tops:
                    return None
                tops.append(top)
        inside = {id(x) for x in lines}
        for line in all_lines:
            comps = wording.components(line.path)
            if id(line) not in inside and "".join(comps[:depth]) in tops and len(comps) >= depth:
                return None
        return tops

    def block(self, i1: int, i2: int, j1: int, j2: int) -> list[_Region]:
        olds, news = self.old_lines[i1:i2], self.new_lines[j1:j2]
        old_tops = self._subtrees(olds, self.old_lines) if olds else []
        new_tops = self._subtrees(news, self.new_lines) if news else []
        start = olds[0].start if olds else (self.old_lines[i1 - 1].end if i1 > 0 else 0)
        end = olds[-1].end if olds else start
        new_text = " ".join(x.text for x in news)
        # Whole sub-provisions left out are named, whatever replaces them ("leave out
        # subsections (1) and (2) and insert— “In the 2018 Act, …”"); new ones are inserted
        # whole where they are whole.
        if old_tops is not None and (olds or new_tops is not None):
            parent = self._parent(olds[0].path if olds else news[0].path)
            if olds:
                if not news:
                    # The space that separated the sub-provisions goes with them.
                    if start > 0:
                        start -= 1
                    elif end < len(self.text):
                        end += 1
                return [
                    _Region(
                        start,
                        end,
                        new_text,
                        None,
                        provisions=tuple(old_tops),
                        insert_lines=tuple(x.text for x in news) or None,
                        kind="leave-provisions",
                        parent=parent,
                        first=olds[0].start,
                    )
                ]
            region = _Region(
                start,
                start,
                f" {new_text}" if start > 0 else f"{new_text} ",
                None,
                insert_lines=tuple(x.text for x in news),
                kind="insert-provisions",
                parent=parent,
            )
            self._anchor(region, i1, news)
            return [region]
        # Not whole sub-provisions: diff the words, with the space that separates the lines.
        if start > 0 and (not olds or self.text[start - 1] == " "):
            return self.flat(start - 1 if olds else start, end, f" {new_text}" if news else "")
        return self.flat(start, end, f"{new_text} " if news and not olds else new_text)

    def _parent(self, path: str) -> str:
        return "".join(wording.components(path)[:-1])

    def _anchor(self, region: _Region, i1: int, news: Sequence[_Line]) -> None:
        """Where inserted sub-provisions go, for a print without page and line."""
        depth = len(wording.components(news[0].path))
        if i1 > 0:
            prev = wording.components(self.old_lines[i1 - 1].path)
            if len(prev) >= depth:
                region.at, region.anchor = "after", "".join(prev[:depth])
                return
        if i1 < len(self.old_lines):
            nxt = wording.components(self.old_lines[i1].path)
            if len(nxt) >= depth:
                region.at, region.anchor = "before", "".join(nxt[:depth])
                return
        region.at, region.anchor = ("at end", None) if i1 > 0 else ("at beginning", None)

    def flat(self, start: int, end: int, new: str) -> list[_Region]:
        """Word changes between old [start, end) and ``new``, without structure."""
        old = self.text[start:end]
        if old == new:
            return []
        d = diff_words(old, new, self.numbers)
        out: list[_Region] = []
        numbers = {line.start: line.number() for line in self.old_lines}
        for h in d.hunks:
            a, b = start + h.old_start, start + h.old_end
            why = self._printing(h.cls, a, b, h.new, {})
            number = numbers.get(a)
            if why is None and not h.new and number and self.text[a:b].strip(" ") == number:
                why = "renumbering"  # a subsection left alone loses its number
            if why is None:
                out.extend(_Region(*r) for r in _slide(self.text, a, b, h.new))
            else:
                out.append(_Region(a, b, h.new, why))
        return out

    # -- instructions -----------------------------------------------------------------------

    def draft(self) -> tuple[list[Instruction], list[Instruction]]:
        """(amendments, printing changes) for this unit's words and heading."""
        amendments: list[Instruction] = []
        printing: list[Instruction] = []
        if self.old.heading != self.new.heading and self.new.heading:
            place = self.unit_place()
            printing.append(
                Instruction(Heading(self.new.heading), self.target, place, printing="heading")
            )
        if self.old.text == self.new.text:
            return amendments, printing
        regions = _join_regions(self.regions(), self)
        drafted: list[Instruction] = []
        for r in regions:
            i = self.instruction(r)
            if i is None:
                return self.substitute(), printing
            drafted.append(i)
        got, failed = unit_words(self.unit, self.index, self.pos, drafted)
        if failed or got != self.new.text:
            return self.substitute(), printing
        for i in drafted:
            (printing if i.printing else amendments).append(i)
        return amendments, printing

    def unit_place(self) -> Place | None:
        if self.old.page is not None and self.has_markers:
            return Place(self.old.page, self.old.line)
        return None

    def substitute(self) -> list[Instruction]:
        self.fallback = True
        return [
            Instruction(
                SubstituteUnit(self.new.heading, tuple(self.new.lines)),
                self.target,
                self.unit_place(),
            )
        ]

    def expected(self, r: _Region) -> str:
        return self.text[: r.start] + r.new + self.text[r.end :]

    def works(self, i: Instruction, r: _Region) -> bool:
        """Whether ``i`` gives exactly the words ``r`` stands for, both as a record and as a
        clerk reads its printed words back."""
        got, failed = unit_words(self.unit, self.index, self.pos, [i])
        if failed or got != self.expected(r):
            return False
        if i.tabled and not self.quotes_no_number(i):
            return False
        heading = self.target.heading if self.house == wording.LORDS and i.tabled else None
        try:
            back = wording.read_back(i, self.house, heading)
        except wording.Unreadable:
            return False
        got, failed = unit_words(self.unit, self.index, self.pos, [back])
        return not failed and got == self.expected(r)

    def quotes_no_number(self, i: Instruction) -> bool:
        """Whether ``i`` neither quotes nor cuts a provision number (it names provisions,
        or cites lines, instead), nor inserts a new one in words rather than a block."""
        try:
            spans = quoted_spans(self.unit, self.index, self.pos, i)
        except NotFound:
            return False
        for start, end in spans:
            if numbers_module.touches(self.numbers_at, start, end):
                return False
            if numbers_module.cuts_reference(self.text, start, end):
                return False
        a = i.action
        inserted = (
            a.words
            if isinstance(a, Insert)
            else a.insert
            if isinstance(a, LeaveOutAndInsert | LeaveOutFrom)
            else None
        )
        return not inserted or not numbers_module.provision_spans(inserted)

    def instruction(self, r: _Region) -> Instruction | None:
        for i in self.candidates(r):
            if self.works(i, r):
                return i
        return None

    def candidates(self, r: _Region) -> Iterator[Instruction]:
        mk = self._make(r)
        if r.kind == "leave-provisions":
            assert r.provisions is not None
            place = self.provision_place(r.first, r.parent)
            kind = wording.provision_word(self.target, r.provisions[0])
            yield mk(LeaveOutProvisions(kind, r.provisions, r.insert_lines), place)
        elif r.kind == "insert-provisions":
            assert r.insert_lines is not None
            lines = r.insert_lines
            if self.pos is not None:
                if r.start > 0:
                    yield mk(InsertProvisions("at end", lines), self.place(r.start - 1))
                else:
                    yield mk(InsertProvisions("at beginning", lines), self.place(0))
            else:
                # "Clause 42, subsection (2), after paragraph (b) insert—": the prefix names
                # the parent, the anchor the sibling (its whole path, for the applier).
                yield mk(InsertProvisions(r.at, lines, r.anchor), Place(path=r.parent))
        elif r.kind == "insert-inline" and self.pos is not None and r.start > 0:
            # Provisions of quoted text begin on a line of their own: after the line the one
            # before them ends.
            assert r.insert_lines is not None
            yield mk(InsertProvisions("at end", r.insert_lines), self.place(r.start - 1))
        yield from self.lines_candidates(r, mk)
        yield from self.word_candidates(r, mk)

    def lines_candidates(self, r: _Region, mk: Maker) -> Iterator[Instruction]:
        """ "Page 22, leave out lines 31 to 38 [and insert—]": the words changed are whole
        printed lines, and what replaces them (if anything) is whole provisions."""
        if self.pos is None or r.end <= r.start:
            return
        a, b = r.start, r.end
        while a < b and self.text[a] == " ":
            a += 1
        while b > a and self.text[b - 1] == " ":
            b -= 1
        first, last = self.printed_line(a), self.printed_line(b - 1)
        if first is None or last is None or first[0] != a or last[1] != b:
            return
        words, block = numbers_module.split_block(r.new.strip(" "))
        if words:
            return
        start, end = self.place(a), self.place(b - 1)
        if start.page != end.page:
            return
        yield mk(LeaveOutLines(Place(end.page, end.line), block or None), start)

    def _make(self, r: _Region) -> Maker:
        def mk(action: Action, place: Place) -> Instruction:
            return Instruction(action, self.target, place, printing=r.printing)

        return mk

    def word_candidates(self, r: _Region, mk: Maker) -> Iterator[Instruction]:
        text = self.text
        a, b = r.start, r.end
        while a < b and text[a] == " ":
            a += 1
        while b > a and text[b - 1] == " ":
            b -= 1
        # New provisions in the words inserted are set out as a quoted block after them.
        new, block = numbers_module.split_block(r.new.strip(" "))
        if a == b:
            yield from self._insertions(a, new, block, mk)
            return
        words = text[a:b]
        short = len(words.split()) <= MAX_QUOTED_WORDS
        if short or a == 0:
            for wa, wb in self._widened(a, b, right_first=r.printing == "renumbering"):
                quoted = text[wa:wb]
                extra_left, extra_right = text[wa:a], text[b:wb]
                if not new and not block and wa == a and wb == b:
                    yield mk(LeaveOut(quoted), self.place(wa))
                elif not block or wb == b:
                    inserted = f"{extra_left}{new}{extra_right}".strip(" ")
                    yield mk(LeaveOutAndInsert(quoted, inserted, block), self.place(wa))
        start = self._anchor_before(a)
        line_start = self.printed_line(a)
        if start is None and line_start is not None and line_start[0] == a:
            # "leave out from beginning to “x”": the words from the start of the line.
            start = (a, "")
        if start is not None:
            s_at, s_words = start
            line = self.printed_line(b - 1)
            end_place = self.place(b - 1)
            replaced = new if new or block else None
            if line is not None and line[1] == b:
                yield mk(LeaveOutFrom(s_words, None, end_place, replaced, block), self.place(s_at))
            for e_at in self._word_starts(b, back=4):
                if e_at < a:
                    break
                yield mk(
                    LeaveOutFrom(s_words, text[e_at:b], self.place(e_at), replaced, block),
                    self.place(s_at),
                )
        if not short and a > 0:
            yield mk(
                LeaveOutAndInsert(words, new, block) if new or block else LeaveOut(words),
                self.place(a),
            )

    def _insertions(
        self, p: int, new: str, block: tuple[str, ...], mk: Maker
    ) -> Iterator[Instruction]:
        text = self.text
        line = self.printed_line(max(p - 1, 0))
        own_end = next(
            (x.end for x in self.old_lines if x.start <= max(p - 1, 0) < x.end + 1), None
        )
        if p > 0 and line is not None and line[1] == p and own_end == p:
            yield mk(Insert("at end", None, new, block), self.place(p - 1))
        anchor = self._anchor_before(p)
        if anchor is not None:
            at, words = anchor
            yield mk(Insert("after", words, new, block), self.place(at))
        q = p
        while q < len(text) and text[q] == " ":
            q += 1
        for k, e in enumerate(self._word_ends(q, 4) if q < len(text) else ()):
            yield mk(Insert("before", text[q:e], new, block), self.place(q))
            if k >= 3:
                break
        if p > 0 and line is not None and line[1] == p:
            yield mk(Insert("at end", None, new, block), self.place(p - 1))

    def _word_starts(self, end: int, back: int) -> Iterator[int]:
        """Starts of the last 1, 2, … ``back`` words before ``end``."""
        text = self.text
        k = end
        for _ in range(back):
            k = text.rfind(" ", 0, k - 1 if k > 0 else 0)
            if k < 0:
                yield 0
                return
            yield k + 1
            k = k + 1

    def _word_ends(self, start: int, ahead: int) -> Iterator[int]:
        text = self.text
        k = start
        for _ in range(ahead):
            nxt = text.find(" ", k + 1)
            if nxt < 0:
                yield len(text)
                return
            yield nxt
            k = nxt

    def _anchor_before(self, p: int) -> tuple[int, str] | None:
        """Short words ending at ``p`` that are the first such on their line."""
        text = self.text
        if p == 0:
            return None
        end = p
        while end > 0 and text[end - 1] == " ":
            end -= 1
        if end == 0:
            return None
        for s in self._word_starts(end, back=6):
            words = text[s:end]
            scope = self.printed_line(s)
            if scope is None:
                continue
            hit = text.find(words, scope[0])
            if hit == s:
                return s, words
        return None

    def _widened(self, a: int, b: int, right_first: bool = False) -> Iterator[tuple[int, int]]:
        """[a, b), then widened by whole words (left first, then right, then both) until the
        quoted words are the first such where they are cited; the caller checks each. A
        renumbered sub-provision's number is quoted whole, with what follows it first."""
        if right_first and self.text[a - 1 : a] == "(" and self.text[b : b + 1] == ")":
            a, b = a - 1, b + 1
        yield a, b
        lefts = [s for s in self._word_starts(a - 1, back=20) if s < a] if a > 0 else []
        rights = [e for e in self._word_ends(b, 12) if e > b] if b < len(self.text) else []
        sides = [(s, b) for s in lefts] + [(a, e) for e in rights]
        if right_first:
            sides = sides[len(lefts) :] + sides[: len(lefts)]
        for s, e in sides:
            if self._first_where_cited(s, e):
                yield s, e
        for s in lefts[:6]:
            for e in rights[:6]:
                if self._first_where_cited(s, e):
                    yield s, e

    def _first_where_cited(self, a: int, b: int) -> bool:
        """Whether text[a:b] is the first such words beginning on its line (or in its
        sub-provision's own words)."""
        words = self.text[a:b]
        scope = self.printed_line(a)
        return scope is not None and self.text.find(words, scope[0]) == a


# "subsection (", "subsections (2) to (": words that refer to sub-provisions.
_REFERS = re.compile(
    r"(?i)\b(?:sub-?)?(?:section|paragraph)s?\s*(?:\([^()]*\)\s*(?:,|and|or|to)?\s*)*$"
)


@dataclass(frozen=True, slots=True)
class _Seg:
    """A provision printed within a line's words: [start, end) of its text, where its own
    words begin, its number ("(a)"; None for the words before the first) and where that
    is (after the quote that opens a quotation, which starts the provision's text)."""

    start: int
    body: int
    end: int
    label: str | None
    number: int = 0


def _segments(text: str) -> list[_Seg]:
    """``text`` cut before each provision number it prints (:mod:`billdiff.amend.numbers`)."""
    spans = numbers_module.provision_spans(text)
    # A quotation's opening mark goes with the provision it opens ("insert— “(aa) …").
    starts = [s - 1 if s > 0 and text[s - 1] in "“‘" else s for s, _ in spans]
    out: list[_Seg] = []
    if not spans or starts[0] > 0:
        head_end = starts[0] if spans else len(text)
        out.append(_Seg(0, 0, len(text[:head_end].rstrip(" ")), None))
    for k, (s, e) in enumerate(spans):
        end = starts[k + 1] if k + 1 < len(spans) else len(text)
        end = starts[k] + len(text[starts[k] : end].rstrip(" "))
        body = e
        while body < end and text[body] == " ":
            body += 1
        out.append(_Seg(starts[k], min(body, end), end, text[s:e], s))
    return out


def _align(
    olds: list[_Seg], old_text: str, news: list[_Seg], new_text: str
) -> list[tuple[int | None, int | None]]:
    """Pair the provisions of two versions of some words by what they say: the same words,
    else (in order) words alike enough; the words before the first number pair up."""
    okeys = [old_text[x.body : x.end] for x in olds]
    nkeys = [new_text[x.body : x.end] for x in news]
    out: list[tuple[int | None, int | None]] = []
    first = 0
    if olds and news and olds[0].label is None and news[0].label is None:
        out.append((0, 0))
        first = 1
    sm = difflib.SequenceMatcher(None, okeys[first:], nkeys[first:], autojunk=False)
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        i1, i2, j1, j2 = i1 + first, i2 + first, j1 + first, j2 + first
        if tag == "equal":
            out.extend(zip(range(i1, i2), range(j1, j2), strict=True))
            continue
        j = j1
        for i in range(i1, i2):
            best = next((jj for jj in range(j, j2) if _alike(okeys[i], nkeys[jj])), None)
            if best is None:
                out.append((i, None))
                continue
            out.extend((None, jj) for jj in range(j, best))
            out.append((i, best))
            j = best + 1
        out.extend((None, jj) for jj in range(j, j2))
    return out


def _alike(a: str, b: str) -> bool:
    """Whether two provisions' words are one provision amended: most of the words of the
    shorter are in the other, in order."""
    wa, wb = a.split(), b.split()
    if not wa or not wb:
        return not wa and not wb
    sm = difflib.SequenceMatcher(None, wa, wb, autojunk=False)
    kept = sum(block.size for block in sm.get_matching_blocks())
    return kept >= min(2, len(wa), len(wb)) and kept >= 0.6 * min(len(wa), len(wb))


_Slid = tuple[int, int, str, str | None]


def _slide(text: str, a: int, b: int, new: str) -> list[_Slid]:
    """A replacement that is really an insertion next to the old words, as a word diff of
    renumbered text finds it, as that insertion: "7" → "6) An authorised person… (7"
    inside "(7)" is the insertion of "(6) An authorised person… " before "(7)"; and
    "7" → "6) … (8" is that insertion and "(7)" renumbered "(8)"."""
    if a == b or not new:
        return [(a, b, new, None)]
    for k in range(4):
        s = a - k
        if s < 0:
            break
        tail = text[s:b]
        q = text[s:a] + new[: len(new) - len(tail)]
        if (
            new.endswith(tail)
            and len(new) > len(tail)
            and (s == 0 or text[s - 1] == " ")
            and q.endswith(" ")
        ):
            return [(s, s, q, None)]
    for k in range(4):
        e = b + k
        if e > len(text):
            break
        head = text[a:e]
        q = new[len(head) :] + text[b:e]
        if (
            new.startswith(head)
            and len(new) > len(head)
            and (e == len(text) or text[e] == " ")
            and q.startswith(" ")
        ):
            return [(e, e, q, None)]
    # "(7)" → "(6) … (8)": a sub-provision inserted before one that is renumbered.
    old = text[a:b]
    if (
        a >= 2
        and text[a - 1] == "("
        and text[a - 2] == " "
        and text[b : b + 1] == ")"
        and old.isalnum()
    ):
        cut = new.rfind("(")
        number = new[cut + 1 :] if cut > 0 else ""
        q = "(" + new[:cut]
        if number.isalnum() and q.endswith(" ") and new[:cut].strip():
            return [(a - 1, a - 1, q, None), (a, b, number, "renumbering")]
    return [(a, b, new, None)]


def _join_regions(regions: list[_Region], d: _UnitDrafter) -> list[_Region]:
    """Word changes a few words apart on one line, both tabled or both for the same
    printing reason, become one."""
    out: list[_Region] = []
    for r in sorted(regions, key=lambda r: (r.start, r.end)):
        if out:
            prev = out[-1]
            gap = d.text[prev.end : r.start]
            same_line = d.printed_line(prev.start) == d.printed_line(r.start)
            if (
                prev.kind == r.kind == "words"
                and prev.printing == r.printing
                and prev.printing not in ("renumbering",)
                and r.start >= prev.end
                and len(gap.split()) <= JOIN_GAP_WORDS
                and same_line
            ):
                prev.new = prev.new + gap + r.new
                prev.end = r.end
                continue
        out.append(r)
    return out


# -- whole units -------------------------------------------------------------------------------


def _group(v: UnitVersion) -> tuple[str, str]:
    return group_of(v.kind, v.number, v.schedule)


@dataclass(slots=True)
class _Builder:
    c: Comparison
    old_bill: Bill
    positions: PrintPositions
    house: str
    old_units: list[Unit] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def schedule_numbers(self, u: UnitChange) -> Renumbering:
        if u.new is None or u.new.kind is not Kind.SCHEDULE_PARAGRAPH:
            return self.c.renumbering
        paragraphs = {
            x.old.number: x.new.number
            for x in self.c.units
            if x.old is not None
            and x.new is not None
            and x.new.kind is Kind.SCHEDULE_PARAGRAPH
            and x.new.schedule == u.new.schedule
            and x.old.number
            and x.new.number
        }
        r = self.c.renumbering
        return Renumbering(r.clauses, r.schedules, paragraphs)

    def build(self) -> Draft:
        self.old_units = list(self.old_bill.units())
        c = self.c
        has_markers = self.positions.has_markers
        # (sort key, instruction) for amendments; printing changes likewise.
        amendments: list[tuple[tuple[float, ...], Instruction]] = []
        printing: list[tuple[tuple[float, ...], Instruction]] = []
        produces: list[tuple[int, str]] = []  # (position in amendments, new key)
        checked: list[tuple[int | None, str | None]] = []
        fallbacks: list[str] = []
        transposed = self._transposed()
        new_order = sorted(
            (u for u in c.units if u.new is not None),
            key=lambda u: u.new.index,  # type: ignore[union-attr]
        )
        anchors, after_new = self._anchors(new_order, transposed)
        for u in c.units:
            if not u.changed:
                continue
            old, new = u.old, u.new
            checked.append(
                (old.index if old is not None else None, u.key if new is not None else None)
            )
            if old is not None and new is None:
                place = Place(old.page, old.line) if has_markers and old.page is not None else None
                amendments.append(
                    ((old.index, -1.0), Instruction(LeaveOutUnit(), _target(old), place))
                )
                continue
            if old is None and new is not None:
                i, key = self._new_unit(u, anchors)
                if i is None:
                    continue
                produces.append((len(amendments), u.key))
                amendments.append((key, i))
                continue
            assert old is not None and new is not None
            unit = self.old_units[old.index]
            if u.status is Status.SUBSTITUTED:
                amendments.append(
                    (
                        (old.index, -1.0),
                        Instruction(
                            SubstituteUnit(new.heading, tuple(new.lines)),
                            _target(old),
                            Place(old.page, old.line) if has_markers and old.page else None,
                        ),
                    )
                )
                continue
            if u.key in transposed:
                after = anchors.get(u.key)
                amendments.append(
                    (
                        (float(self._anchor_index(after)), 1e9, float(new.index)),
                        Instruction(Transpose(after, after_new.get(u.key)), _target(old)),
                    )
                )
            drafter = _UnitDrafter(
                u,
                unit,
                old.index,
                self.positions.of(old.index),
                self.schedule_numbers(u),
                has_markers,
                self.house,
            )
            mine, reprint = drafter.draft()
            if drafter.fallback:
                fallbacks.append(old.label)
            for k, i in enumerate(mine):
                amendments.append(((old.index, float(k)), i))
            for k, i in enumerate(reprint):
                printing.append(((old.index, float(k)), i))
        if fallbacks:
            self.notes.append(
                f"{len(fallbacks)} unit(s) could not be amended word by word and are left out and "
                f"inserted again whole: {', '.join(fallbacks)}"
            )
        containers = [_container_text(ch) for ch in c.containers if ch.changed]
        if containers:
            self.notes.append(
                "Parts, Chapters and cross-headings are placed and named with the Clauses they "
                "hold, so no amendment is drawn up for these: " + "; ".join(containers)
            )
        if c.long_title_diff is not None and c.long_title_diff.changed:
            self.notes.append(
                "the long title changed; amendments to the title are not drawn up yet"
            )
        return self._number(amendments, printing, produces, checked)

    def _anchor_index(self, t: Target | None) -> int:
        if t is None:
            return -1
        for n, u in enumerate(self.old_units):
            if u.provision.guid and u.provision.guid == t.guid:
                return n
        return -1

    def _transposed(self) -> set[str]:
        """Paired units out of order in the new print (by key), as the comparison says."""
        return {u.key for u in self.c.units if "order" in u.movement}

    def _anchors(
        self, new_order: list[UnitChange], transposed: set[str]
    ) -> tuple[dict[str, Target | None], dict[str, str]]:
        """For each new or transposed unit, the old unit it is to stand after; and for a
        transposed unit straight after a new one, that new unit's key."""
        out: dict[str, Target | None] = {}
        after_new: dict[str, str] = {}
        last: dict[tuple[str, str], Target | None] = {}
        previous: dict[tuple[str, str], UnitChange] = {}
        for u in new_order:
            assert u.new is not None
            group = _group(u.new)
            if u.old is None or u.key in transposed:
                out[u.key] = last.get(group)
                before = previous.get(group)
                if u.old is not None and before is not None and before.old is None:
                    after_new[u.key] = before.key
            if u.old is not None:
                last[group] = _target(u.old)
            previous[group] = u
        return out, after_new

    def _new_unit(
        self, u: UnitChange, anchors: dict[str, Target | None]
    ) -> tuple[Instruction | None, tuple[float, ...]]:
        new = u.new
        assert new is not None
        after = anchors.get(u.key)
        if new.kind is Kind.SCHEDULE:
            self.notes.append(f"{new.label} is a new Schedule; new Schedules are not drawn up yet")
            return None, ()
        if new.kind is Kind.SCHEDULE_PARAGRAPH:
            sched = after.schedule if after is not None else self._old_schedule(new.schedule)
            if sched is None:
                self.notes.append(
                    f"{new.label} is in a new Schedule; new Schedules are not drawn up yet"
                )
                return None, ()
            place = self._paragraph_place(after, sched)
            action = NewUnit(
                new.kind, new.heading, tuple(new.lines), after, schedule=sched, number=new.number
            )
            target = Target(Kind.SCHEDULE_PARAGRAPH, after.number if after else None, sched)
            key = (float(self._anchor_index(after)), 1e9, float(new.index))
            return Instruction(action, target, place), key
        action = NewUnit(new.kind, new.heading, tuple(new.lines), after, number=new.number)
        if self.house != wording.COMMONS:
            # The Lords and Holyrood marshal a new clause where it would stand.
            key = (float(self._anchor_index(after)), 1e9, float(new.index))
        else:
            key = (1e12, float(new.index), 0.0)
        return Instruction(action, None, None), key

    def _old_schedule(self, new_schedule: str | None) -> str | None:
        for x in self.c.units:
            if (
                x.old is not None
                and x.new is not None
                and x.new.kind is Kind.SCHEDULE_PARAGRAPH
                and x.new.schedule == new_schedule
            ):
                return x.old.schedule
        return None

    def _paragraph_place(self, after: Target | None, sched: str) -> Place | None:
        """Where a new schedule paragraph is inserted: the line the one before it ends on
        (or where the first paragraph begins)."""
        if not self.positions.has_markers:
            return None
        if after is not None:
            n = self._anchor_index(after)
            pos = self.positions.of(n)
            if pos is not None and pos.exact:
                lines = list(pos.lines())
                if lines:
                    return Place(lines[-1][0], lines[-1][1])
            return None
        for u in self.old_units:
            s = u.schedule
            if (
                u.provision.kind is Kind.SCHEDULE_PARAGRAPH
                and s is not None
                and (s.number or "") == sched
            ):
                if u.provision.page is not None:
                    return Place(u.provision.page, u.provision.line)
                return None
        return None

    def _number(
        self,
        amendments: list[tuple[tuple[float, ...], Instruction]],
        printing: list[tuple[tuple[float, ...], Instruction]],
        produces: list[tuple[int, str]],
        checked: list[tuple[int | None, str | None]],
    ) -> Draft:
        order = sorted(range(len(amendments)), key=lambda k: amendments[k][0])
        numbered: list[Instruction] = []
        made: list[tuple[str, str]] = []
        made_by = dict(produces)
        n_amend = n_clause = 0
        for k in order:
            i = amendments[k][1]
            if (
                isinstance(i.action, NewUnit)
                and i.action.kind is not Kind.SCHEDULE_PARAGRAPH
                and self.house == wording.COMMONS
            ):
                n_clause += 1
                number = f"NC{n_clause}"
            else:
                n_amend += 1
                number = str(n_amend)
            i = replace(i, number=number)
            if (
                isinstance(i.action, NewUnit)
                and self.house == wording.COMMONS
                and i.action.kind is not Kind.SCHEDULE_PARAGRAPH
            ):
                i = replace(i, statement=_placement_statement(i))
            numbered.append(i)
            if k in made_by:
                made.append((number, made_by[k]))
        # A transposed unit that follows a new one names it by its amendment's number.
        by_key = {key: number for number, key in made}
        for k, i in enumerate(numbered):
            a = i.action
            if isinstance(a, Transpose) and a.after_new is not None:
                numbered[k] = replace(i, action=replace(a, after_new=by_key.get(a.after_new)))
        # Changes on reprinting are listed by reason, each in Bill order, and numbered so.
        reasons = {r: k for k, r in enumerate(PRINTING_REASONS)}
        listed = sorted(printing, key=lambda p: (reasons.get(p[1].printing or "", 99), p[0]))
        reprint = [replace(i, number=f"P{n}") for n, (_, i) in enumerate(listed, start=1)]
        references = self._references()
        return Draft(
            old=self.c.old,
            new=self.c.new,
            house=self.house,
            amendments=tuple(numbered),
            printing=tuple(reprint),
            references=references,
            notes=tuple(self.notes),
            produces=tuple(made),
            units=tuple(checked),
        )

    def _references(self) -> str:
        if not self.positions.has_markers:
            return "clause and subsection"
        if self.positions.reconciled == len(self.positions.units):
            return "page and line"
        return "mixed"


def _placement_statement(i: Instruction) -> str | None:
    where = wording.placement(i)
    return f"This new clause would stand {where}." if where else None


def _container_text(ch: object) -> str:
    from billdiff.comparison import ContainerChange

    assert isinstance(ch, ContainerChange)
    if ch.old is None and ch.new is not None:
        return f"{ch.new.label} added"
    if ch.new is None and ch.old is not None:
        return f"{ch.old.label} removed"
    assert ch.old is not None and ch.new is not None
    return f"{ch.old.label} → {ch.new.label} ({ch.status.value})"


def draft(
    c: Comparison, old: Bill, positions: PrintPositions | None = None, house: str | None = None
) -> Draft:
    """The amendments that turn ``old`` (the comparison's old print) into its new print.

    ``positions`` are the old print's word positions (:func:`read_positions`); without
    them every instruction cites clause and subsection. ``house`` is ``commons`` or
    ``lords``; by default the House of the old print.
    """
    pos = positions or none_for(old)
    chosen = house or wording.house_of(c.old.house)
    return _Builder(c, old, pos, chosen).build()
