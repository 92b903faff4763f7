"""Apply amendment instructions to a print: the proof that they say what they mean.

:func:`apply` reads only the old print (its units' text, sub-provisions and the
word positions of :mod:`billdiff.amend.positions`) and the instructions,
never the print they were drawn from. Every instruction is located in the old
print as a clerk reads it: "page 2, line 22, leave out “may”" means the first
"may" that begins on that printed line; without page and line, the first in
the sub-provision's own words. An instruction that cannot be located (the
words are not there, the line is not in that clause, the subsection does not
start on that line) or that overlaps another is not applied, with the reason.

Words are left out and inserted at token boundaries and joined with one space,
except before ``, ; : . ) ] ” ’ —`` and after ``( [ “ ‘``; nothing else in the
text is touched. A reprint renumbers clauses (and each schedule's paragraphs)
in order; :func:`apply` does the same when ``renumber`` is set, and otherwise
gives a new unit its amendment's number ("NC1").
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import pairwise

from billdiff.amend.instructions import (
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
    group_of,
)
from billdiff.amend.positions import PrintPositions, UnitPositions, none_for
from billdiff.model import CONTAINER_KINDS, Bill, Kind, Provision, TextLine, Unit

_NO_SPACE_BEFORE = frozenset(",;:.)]”’—")
_NO_SPACE_AFTER = frozenset("([“‘")


class NotFound(Exception):
    """An instruction cannot be located in the old print (the message says why)."""


@dataclass(frozen=True, slots=True)
class AppliedUnit:
    """A unit of the amended Bill: an old unit (``old_index``) or a new one (``origin``)."""

    kind: Kind
    number: str | None
    schedule: str | None
    heading: str | None
    text: str
    old_index: int | None
    origin: str | None = None
    changed: bool = False
    #: The number it had in the old print (None for a new unit).
    old_number: str | None = None


@dataclass(frozen=True, slots=True)
class NotApplied:
    """An instruction the applier could not apply, and why."""

    instruction: Instruction
    reason: str


@dataclass(frozen=True, slots=True)
class Applied:
    """The amended units in their new order, what was applied and what was not."""

    units: tuple[AppliedUnit, ...]
    applied: tuple[Instruction, ...]
    not_applied: tuple[NotApplied, ...]

    def by_old(self) -> dict[int, AppliedUnit]:
        """The amended version of each old unit that is still there, by old index."""
        return {u.old_index: u for u in self.units if u.old_index is not None}

    def by_origin(self) -> dict[str, AppliedUnit]:
        """Each new unit, by the number of the instruction that inserted it."""
        return {u.origin: u for u in self.units if u.origin is not None}


@dataclass(slots=True)
class _Edit:
    start: int
    end: int
    text: str
    order: int
    instruction: Instruction


@dataclass(slots=True)
class _State:
    """One old unit while instructions are applied to it."""

    index: int
    unit: Unit
    positions: UnitPositions | None
    edits: list[_Edit] = field(default_factory=list)
    heading: str | None = None
    removed: bool = False
    substitute: tuple[str | None, str] | None = None
    moved_after: tuple[Target | None, int, str | None] | None = None

    @property
    def text(self) -> str:
        """The unit's words (as the comparison has them)."""
        return _text_of(self.unit.provision)[0]

    @property
    def lines(self) -> list[tuple[TextLine, int]]:
        """Its lines, each with its offset in :attr:`text`."""
        return _text_of(self.unit.provision)[1]


_TEXTS: dict[int, tuple[Provision, str, list[tuple[TextLine, int]]]] = {}


def _text_of(p: Provision) -> tuple[str, list[tuple[TextLine, int]]]:
    """A provision's text and lines, worked out once (provisions are immutable)."""
    hit = _TEXTS.get(id(p))
    if hit is None or hit[0] is not p:
        lines = text_lines(p)
        text = " ".join(line.text for line, _ in lines)
        if len(_TEXTS) > 20000:
            _TEXTS.clear()
        hit = _TEXTS[id(p)] = (p, text, lines)
    return hit[1], hit[2]


def unit_key(kind: Kind, number: str | None, schedule: str | None) -> tuple[str, str, str]:
    """How units are looked up: (a paragraph's schedule or "", the unit's group, number)."""
    group, within = group_of(kind, number, schedule)
    return (within if group == "paragraph" else "", group, number or "")


def target_of(unit: Unit) -> Target:
    """The :class:`Target` naming an old unit."""
    p = unit.provision
    sched = unit.schedule
    return Target(
        kind=p.kind,
        number=p.number,
        schedule=(sched.number or "") if sched is not None and sched is not p else None,
        guid=p.guid,
        eid=p.eid,
    )


def text_lines(p: Provision) -> list[tuple[TextLine, int]]:
    """A unit's lines with each one's offset in its text (as the comparison numbers them)."""
    out = []
    start = 0
    for line in p.text_lines():
        out.append((line, start))
        start += len(line.text) + 1
    return out


def join(left: str, right: str) -> str:
    """``left`` and ``right`` joined as the applier joins words (see the module docstring)."""
    a, b = left.rstrip(" "), right.lstrip(" ")
    if not a or not b:
        return a + b
    if b[0] in _NO_SPACE_BEFORE or a[-1] in _NO_SPACE_AFTER:
        return a + b
    return a + " " + b


def splice(text: str, edits: Sequence[tuple[int, int, str]]) -> str:
    """``text`` with each (start, end, replacement) made, in order, joined by :func:`join`."""
    if not edits:
        return text
    out = ""
    cur = 0
    seam = False
    for start, end, new in edits:
        piece = text[cur:start]
        out = join(out, piece) if seam else out + piece
        if new:
            out = join(out, new)
        seam = True
        cur = end
    return join(out, text[cur:])


# Quotes and dashes a reader lets vary: each class is read as one character.
_LOOSE = str.maketrans(
    {
        **dict.fromkeys('“”"„‟″', '"'),
        **dict.fromkeys("‘’'‚‛′", "'"),
        **dict.fromkeys("‐‑‒–—―−-", "-"),
    }
)
_SPACES = re.compile(r"\s+")
_LONG_SPACES = re.compile(r"\s{2,}")


class _Loose:
    """A text as :func:`find` compares it — quotes and dashes of a class alike, every run of
    whitespace one space — and the way back to offsets in the text. Built in linear time
    and searched with ``str.find``, so the cost of a search does not grow with the words
    sought beyond reading them once (a regular expression of the words cost 30 µs a
    character to compile)."""

    def __init__(self, text: str) -> None:
        loose = text.translate(_LOOSE)
        self.form = _SPACES.sub(" ", loose)
        # Only runs of two or more characters move the offsets: for each, where it starts
        # in the text and in the form, and how many characters the form has lost by its end.
        self.starts, self.form_starts, self.lost = array("q"), array("q"), array("q")
        lost = 0
        for m in _LONG_SPACES.finditer(loose):
            self.starts.append(m.start())
            self.form_starts.append(m.start() - lost)
            lost += m.end() - m.start() - 1
            self.lost.append(lost)

    def original(self, k: int) -> int:
        """The offset in the text of the form's character ``k``."""
        i = bisect_right(self.form_starts, k) - 1
        if i < 0:
            return k
        if k == self.form_starts[i]:
            return self.starts[i]
        return k + self.lost[i]

    def before(self, k: int) -> int:
        """An offset in the form at or before the text's offset ``k``."""
        i = bisect_right(self.starts, k) - 1
        return k if i < 0 else max(0, k - self.lost[i])


@lru_cache(maxsize=8)
def _loose(text: str) -> _Loose:
    return _Loose(text)


def find(text: str, words: str, lo: int, hi: int, after: int = 0) -> tuple[int, int] | None:
    """The first ``words`` in ``text`` that begins in [lo, hi) at or after ``after``, as
    (start, end); exact first, then letting quotes, dashes and spaces vary."""
    words = words.strip(" ")
    if not words:
        return None
    start = max(lo, after)
    # Only as far as a match that begins before hi can reach: the search stays local.
    k = text.find(words, start, hi - 1 + len(words))
    if k != -1:
        return k, k + len(words)
    sought = _SPACES.sub(" ", words.translate(_LOOSE))
    if len(sought) > len(text) - start:
        return None
    loose = _loose(text)
    end = hi - 1 + len(sought)  # the form is never longer than the text
    k = loose.form.find(sought, loose.before(start), end)
    while k != -1 and loose.original(k) < start:
        k = loose.form.find(sought, k + 1, end)
    if k == -1 or loose.original(k) >= hi:
        return None
    return loose.original(k), loose.original(k + len(sought) - 1) + 1


def _where(place: Place | None) -> str:
    if place is None:
        return "the clause"
    if place.has_line:
        return f"page {place.page}, line {place.line}"
    return f"{_path_name(place.path)}" if place.path else "its own words"


def _path_name(path: str) -> str:
    return f"sub-provision {path}" if path else "the unit's own words"


class _Unit:
    """Locating things in one old unit."""

    def __init__(self, state: _State) -> None:
        self.s = state

    def _subtree(self, path: str) -> tuple[int, int] | None:
        """The offsets of sub-provision ``path`` and everything in it."""
        found = [
            (off, off + len(line.text))
            for line, off in self.s.lines
            if line.path == path or line.path.startswith(path + "(")
        ]
        if not path or not found:
            return None
        return found[0][0], found[-1][1]

    def _own(self, path: str) -> list[tuple[int, int]]:
        return [(off, off + len(line.text)) for line, off in self.s.lines if line.path == path]

    def scopes(self, place: Place | None) -> list[tuple[int, int]]:
        """Where words cited at ``place`` may begin: its printed line, else its own words."""
        place = place or Place()
        pos = self.s.positions
        if place.has_line and pos is not None and pos.exact:
            assert place.page is not None and place.line is not None
            r = pos.line_range(place.page, place.line)
            if r is None:
                raise NotFound(
                    f"page {place.page}, line {place.line} is not a line of "
                    f"{self.s.unit.provision.label}"
                )
            return [r]
        own = self._own(place.path)
        if not own:
            if place.has_line:
                raise NotFound("the print has no line positions for this unit")
            raise NotFound(f"no {_path_name(place.path)} in this unit")
        return own

    def find(self, words: str, place: Place | None, after: int = 0) -> tuple[int, int]:
        """The words as cited, or :class:`NotFound`."""
        for lo, hi in self.scopes(place):
            hit = find(self.s.text, words, lo, hi, after)
            if hit is not None:
                return hit
        raise NotFound(f"“{_short(words)}” is not in {_where(place)}")

    def end_of(self, place: Place | None) -> int:
        """The end of the line (or of the sub-provision and everything in it)."""
        place = place or Place()
        pos = self.s.positions
        if place.has_line and pos is not None and pos.exact:
            return self.scopes(place)[-1][1]
        if place.path:
            sub = self._subtree(place.path)
            if sub is None:
                raise NotFound(f"no {_path_name(place.path)} in this unit")
            return sub[1]
        return len(self.s.text)

    def start_of(self, place: Place | None) -> int:
        """The start of the line (or of the sub-provision)."""
        place = place or Place()
        pos = self.s.positions
        if place.has_line and pos is not None and pos.exact:
            return self.scopes(place)[0][0]
        if place.path:
            sub = self._subtree(place.path)
            if sub is None:
                raise NotFound(f"no {_path_name(place.path)} in this unit")
            return sub[0]
        return 0

    def _resolve(self, paths: Sequence[str], place: Place | None) -> Sequence[str]:
        """``paths`` as full paths in the unit: "paragraphs (a) and (b)" cited on a line are
        those of the provision whose paragraph (a) begins on that line."""
        pos = self.s.positions
        if (
            not paths
            or self._subtree(paths[0]) is not None
            or place is None
            or not place.has_line
            or pos is None
            or not pos.exact
        ):
            return paths
        for line, off in self.s.lines:
            if line.path.endswith(paths[0]) and pos.at(off) == (place.page, place.line):
                parent = line.path[: len(line.path) - len(paths[0])]
                return [parent + path for path in paths]
        return paths

    def provisions(self, paths: Sequence[str], place: Place | None) -> tuple[int, int]:
        """The span of consecutive whole sub-provisions ``paths``."""
        paths = self._resolve(paths, place)
        spans = []
        for path in paths:
            sub = self._subtree(path)
            if sub is None:
                raise NotFound(f"no {_path_name(path)} in this unit")
            spans.append(sub)
        for (_, end), (start, _) in pairwise(spans):
            if start <= end:
                raise NotFound("the sub-provisions to leave out are not in order")
        if len(paths) > 1 and {_parent(x) for x in paths} != {_parent(paths[0])}:
            raise NotFound("the sub-provisions to leave out are not of one provision")
        pos = self.s.positions
        if (
            place is not None
            and place.has_line
            and pos is not None
            and pos.exact
            and pos.at(spans[0][0]) != (place.page, place.line)
        ):
            raise NotFound(
                f"{_path_name(paths[0])} does not begin on page {place.page}, line {place.line}"
            )
        return spans[0][0], spans[-1][1]

    def insertion_point(self, action: InsertProvisions, place: Place | None) -> int:
        """Where new sub-provisions go."""
        place = place or Place()
        if action.anchor is not None and not place.has_line:
            sub = self._subtree(action.anchor)
            if sub is None:
                raise NotFound(f"no {_path_name(action.anchor)} in this unit")
            return sub[1] if action.at == "after" else sub[0]
        if action.at in ("at beginning", "before"):
            return self.start_of(place)
        return self.end_of(place)


def _parent(path: str) -> str:
    cut = path.rfind("(")
    return path[:cut] if cut > 0 else ""


def _short(words: str, limit: int = 40) -> str:
    return words if len(words) <= limit else words[: limit - 1] + "…"


def _with_block(words: str, block: Sequence[str]) -> str:
    """Inserted words and the lines of a quoted block after them, as one run of text."""
    return join(words, " ".join(block)) if block else words


def _edit(u: _Unit, i: Instruction) -> tuple[int, int, str]:
    """Where instruction ``i`` changes the unit's text: (start, end, replacement)."""
    a = i.action
    if isinstance(a, LeaveOut):
        start, end = u.find(a.words, i.place)
        return start, end, ""
    if isinstance(a, LeaveOutAndInsert):
        start, end = u.find(a.words, i.place)
        return start, end, _with_block(a.insert, a.block)
    if isinstance(a, Insert):
        if a.at == "at end":
            p = u.end_of(i.place)
        elif a.at == "at beginning":
            p = u.start_of(i.place)
        elif a.anchor is None:
            raise NotFound("the words to insert before or after are not given")
        elif a.at == "after":
            p = u.find(a.anchor, i.place)[1]
        else:
            p = u.find(a.anchor, i.place)[0]
        return p, p, _with_block(a.words, a.block)
    if isinstance(a, LeaveOutFrom):
        start = u.find(a.start, i.place)[1] if a.start else u.start_of(i.place)
        end = u.end_of(a.end_place) if a.end is None else u.find(a.end, a.end_place, after=start)[1]
        if end < start:
            raise NotFound("the words to leave out end before they begin")
        return start, end, _with_block(a.insert or "", a.block)
    if isinstance(a, LeaveOutLines):
        if i.place is None or not i.place.has_line or not a.last.has_line:
            raise NotFound("lines are cited by page and line")
        start, end = u.start_of(i.place), u.end_of(a.last)
        if end < start:
            raise NotFound("the lines to leave out end before they begin")
        return start, end, " ".join(a.insert or ())
    if isinstance(a, LeaveOutProvisions):
        start, end = u.provisions(a.paths, i.place)
        return start, end, " ".join(a.insert or ())
    if isinstance(a, InsertProvisions):
        p = u.insertion_point(a, i.place)
        return p, p, " ".join(a.lines)
    raise NotFound(f"{a.TYPE} does not change words")


def _overlaps(a: _Edit, b: _Edit) -> bool:
    """Whether two edits touch the same words (insertions at one point do not)."""
    if a.start == a.end or b.start == b.end:
        return a.start < b.start < a.end or b.start < a.start < b.end
    return a.start < b.end and b.start < a.end


def apply(
    old: Bill,
    instructions: Iterable[Instruction],
    positions: PrintPositions | None = None,
    renumber: bool = True,
) -> Applied:
    """Apply ``instructions`` to the ``old`` print (see the module docstring)."""
    units = list(old.units())
    pos = positions or none_for(old)
    states = [_State(n, u, pos.of(n)) for n, u in enumerate(units)]
    index = {
        unit_key(u.provision.kind, u.provision.number, target_of(u).schedule): n
        for n, u in enumerate(units)
    }
    applied: list[Instruction] = []
    failed: list[NotApplied] = []
    new_units: list[tuple[Instruction, NewUnit, int]] = []

    def state_of(t: Target | None, place: Place | None = None) -> _State:
        if t is not None and t.in_schedule and t.number is None:
            # "Schedule 1, after “…” insert …": a schedule whose words are not in
            # paragraphs is the unit, whatever line is cited.
            whole = index.get(unit_key(Kind.SCHEDULE, t.schedule, None))
            if whole is not None:
                t = replace(t, kind=Kind.SCHEDULE, number=t.schedule, schedule=None)
        if t is None or t.number is None:
            # "Page 2, line 22, …" (Lords) or "Schedule 2, page 40, line 3, …": the unit
            # is the one printed on that line.
            n = _by_line(units, pos, t, place)
            if n is None:
                raise NotFound(_no_unit_on(t, place))
            return states[n]
        n = index.get(unit_key(t.kind, t.number, t.schedule))
        if n is None:
            raise NotFound(f"there is no {t.full_name} in the print")
        s = states[n]
        if s.removed:
            raise NotFound(f"{t.full_name} is left out by another amendment")
        return s

    for order, i in enumerate(instructions):
        a = i.action
        try:
            if isinstance(a, NewUnit):
                if a.after is not None and a.after.number is None:
                    # "Schedule 2, page 41, line 12, at end insert— “5 …”": after the
                    # paragraph printed on that line.
                    a = replace(a, after=target_of(units[state_of(a.after, i.place).index]))
                if a.after is not None:
                    state_of(a.after)
                new_units.append((i, a, order))
            elif isinstance(a, LeaveOutUnit):
                s = state_of(i.target, i.place)
                _check_start(s, i)
                run = [s]
                if a.through is not None:
                    assert i.target is not None
                    last = state_of(replace(i.target, number=a.through, guid=None, eid=None))
                    run = states[s.index : last.index + 1]
                    if not run or any(_group(x.unit) != _group(s.unit) for x in run):
                        raise NotFound(f"{a.through} does not come after {i.target.number}")
                for x in run:
                    x.removed = True
            elif isinstance(a, SubstituteUnit):
                s = state_of(i.target, i.place)
                s.substitute = (a.heading, " ".join(a.lines))
            elif isinstance(a, Transpose):
                s = state_of(i.target)
                if a.after is not None:
                    state_of(a.after)
                s.moved_after = (a.after, order, a.after_new)
            elif isinstance(a, Heading):
                state_of(i.target, i.place).heading = a.heading
            else:
                s = state_of(i.target, i.place)
                start, end, text = _edit(_Unit(s), i)
                edit = _Edit(start, end, text, order, i)
                clash = next((e for e in s.edits if _overlaps(e, edit)), None)
                if clash is not None:
                    raise NotFound(
                        f"it overlaps {_label(clash.instruction)}, which changes the same words"
                    )
                s.edits.append(edit)
            applied.append(i)
        except NotFound as e:
            failed.append(NotApplied(i, str(e)))
    out = _number(_order(states, new_units, index), renumber, _sequential(units))
    return Applied(tuple(out), tuple(applied), tuple(failed))


def _by_line(
    units: list[Unit], pos: PrintPositions, t: Target | None, place: Place | None
) -> int | None:
    """The unit (of ``t``'s schedule, if it names one) with words on ``place``'s line.
    "The Schedule" (a Bill's only one, unnumbered) is whichever is printed there."""
    if place is None or not place.has_line:
        return None
    for n, u in enumerate(units):
        if t is not None and t.in_schedule:
            sched = u.schedule
            if sched is None or (t.schedule and (sched.number or "") != t.schedule):
                continue
        p = pos.of(n)
        if p is not None and p.exact and p.line_range(place.page or 0, place.line or 0):
            return n
    return None


def _no_unit_on(t: Target | None, place: Place | None) -> str:
    if place is None or not place.has_line:
        return "the instruction names no clause or schedule paragraph, and no page and line"
    where = f"page {place.page}, line {place.line}"
    if t is not None and t.in_schedule:
        return f"no paragraph of {t.heading} is printed on {where}"
    return f"no clause or schedule paragraph is printed on {where}"


def _label(i: Instruction) -> str:
    if i.number:
        return f"amendment {i.number}" if i.tabled else f"printing change {i.number}"
    return "another instruction"


def _check_start(s: _State, i: Instruction) -> None:
    """A unit left out is cited by the line where it begins."""
    p = s.unit.provision
    place = i.place
    if place is None or not place.has_line or p.page is None:
        return
    if (p.page, p.line) != (place.page, place.line):
        raise NotFound(
            f"{s.unit.provision.label} begins on page {p.page}, line {p.line}, "
            f"not page {place.page}, line {place.line}"
        )


# -- order and numbering ---------------------------------------------------------------------


@dataclass(slots=True)
class _Slot:
    state: _State | None
    new: tuple[Instruction, NewUnit] | None = None

    @property
    def group(self) -> tuple[str, str]:
        if self.state is not None:
            return _group(self.state.unit)
        assert self.new is not None
        return _new_group(self.new[1])


def _group(u: Unit) -> tuple[str, str]:
    t = target_of(u)
    return group_of(t.kind, t.number, t.schedule)


def _new_group(a: NewUnit) -> tuple[str, str]:
    return group_of(a.kind, a.number, a.schedule)


def _order(
    states: list[_State],
    new_units: list[tuple[Instruction, NewUnit, int]],
    index: dict[tuple[str, str, str], int],
) -> list[tuple[tuple[str, str], AppliedUnit]]:
    """Every unit of the amended Bill in order, with its numbering group.

    A moved or new unit goes after the unit its instruction names (an old unit, or for a
    transposed unit perhaps a new one), after anything an earlier instruction put there,
    or before the first unit of its group. A unit whose anchor is itself still to be
    placed waits for it.
    """
    slots: list[_Slot] = [_Slot(s) for s in states if s.moved_after is None]
    placed_old = {slot.state.index: slot for slot in slots if slot.state is not None}
    placed_new: dict[str, _Slot] = {}
    pending: list[tuple[int, object, _Slot]] = []
    for s in states:
        if s.moved_after is not None:
            after, order, after_new = s.moved_after
            slot = _Slot(s)
            anchor: object = ("new", after_new) if after_new else _anchor_of(after, index)
            pending.append((order, anchor if anchor is not None else ("start", slot.group), slot))
    for i, a, order in new_units:
        slot = _Slot(None, (i, a))
        anchor = _anchor_of(a.after, index)
        pending.append((order, anchor if anchor is not None else ("start", slot.group), slot))
    pending.sort(key=lambda p: p[0])
    last: dict[object, _Slot] = {}
    while pending:
        progress = False
        for item in list(pending):
            _, anchor, slot = item
            prev: _Slot | None
            if isinstance(anchor, tuple) and anchor[0] == "start":
                prev = last.get(anchor)
                if prev is None:
                    group = anchor[1]
                    pos = next((k for k, x in enumerate(slots) if x.group == group), len(slots))
                    slots.insert(pos, slot)
                    _record(slot, anchor, last, placed_old, placed_new)
                    pending.remove(item)
                    progress = True
                    continue
            elif isinstance(anchor, tuple) and anchor[0] == "new":
                prev = last.get(anchor) or placed_new.get(anchor[1])
            else:
                prev = last.get(anchor) or placed_old.get(anchor)  # type: ignore[call-overload]
            if prev is None:
                continue
            slots.insert(_find(slots, prev) + 1, slot)
            _record(slot, anchor, last, placed_old, placed_new)
            pending.remove(item)
            progress = True
        if not progress:
            # Anchors that never come (a cycle, or a new unit not applied): at the end.
            for _, anchor, slot in pending:
                slots.append(slot)
                _record(slot, anchor, last, placed_old, placed_new)
            break
    out: list[tuple[tuple[str, str], AppliedUnit]] = []
    for slot in slots:
        if slot.state is not None:
            if not slot.state.removed:
                out.append((slot.group, _amended(slot.state)))
            continue
        assert slot.new is not None
        i, a = slot.new
        unit = AppliedUnit(
            kind=a.kind,
            number=a.number,
            schedule=a.schedule,
            heading=a.heading,
            text=" ".join(a.lines),
            old_index=None,
            origin=i.number or "",
            changed=True,
        )
        out.append((slot.group, unit))
    return out


def _anchor_of(after: Target | None, index: dict[tuple[str, str, str], int]) -> object:
    if after is None:
        return None
    return index[unit_key(after.kind, after.number, after.schedule)]


def _record(
    slot: _Slot,
    anchor: object,
    last: dict[object, _Slot],
    placed_old: dict[int, _Slot],
    placed_new: dict[str, _Slot],
) -> None:
    last[anchor] = slot
    if slot.state is not None:
        placed_old[slot.state.index] = slot
    elif slot.new is not None and slot.new[0].number:
        placed_new[slot.new[0].number] = slot


def _find(slots: list[_Slot], slot: _Slot) -> int:
    for k, s in enumerate(slots):
        if s is slot:
            return k
    return -1


def _amended(s: _State) -> AppliedUnit:
    p = s.unit.provision
    heading = p.heading
    text = s.text
    changed = False
    if s.substitute is not None:
        heading, text = s.substitute
        changed = True
    if s.edits:
        edits = sorted(s.edits, key=lambda e: (e.start, e.end, e.order))
        text = splice(text, [(e.start, e.end, e.text) for e in edits])
        changed = True
    if s.heading is not None:
        heading = s.heading
        changed = True
    sched = s.unit.schedule
    return AppliedUnit(
        kind=p.kind,
        number=p.number,
        schedule=(sched.number or "") if sched is not None else None,
        heading=heading,
        text=text,
        old_index=s.index,
        changed=changed or s.moved_after is not None,
        old_number=p.number,
    )


def _sequential(units: list[Unit]) -> set[tuple[str, str]]:
    """The groups (the clauses; each schedule's paragraphs) the print numbers 1, 2, 3…"""
    numbers: dict[tuple[str, str], list[str | None]] = {}
    for u in units:
        numbers.setdefault(_group(u), []).append(u.provision.number)
    return {
        g
        for g, ns in numbers.items()
        if g[0] != "schedule" and ns == [str(k) for k in range(1, len(ns) + 1)]
    }


def _number(
    ordered: list[tuple[tuple[str, str], AppliedUnit]],
    renumber: bool,
    sequential: set[tuple[str, str]],
) -> list[AppliedUnit]:
    """Number the units as a reprint does: 1, 2, 3… in each group the old print numbered
    1, 2, 3… (not an extract of an Act, nor "5A"-style numbers, which a reprint keeps)."""
    groups: dict[tuple[str, str], list[int]] = {}
    for k, (group, _) in enumerate(ordered):
        groups.setdefault(group, []).append(k)
    out = [u for _, u in ordered]
    if not renumber:
        return [u if u.old_index is not None else replace(u, number=u.origin) for u in out]
    for group, members in groups.items():
        if group not in sequential:
            continue
        for seq, k in enumerate(members, start=1):
            out[k] = replace(out[k], number=str(seq))
    return out


# -- the amended Bill, for a comparison -------------------------------------------------------


def amended_bill(old: Bill, result: Applied) -> Bill:
    """``old`` with ``result`` applied, as a Bill ``compare`` can read (an amended unit's
    words become one line; a new or moved unit stands after the unit that precedes it in
    its group, in that unit's container)."""
    units = list(old.units())
    ids = {id(u.provision): n for n, u in enumerate(units)}
    stays: set[int] = set()
    follows: dict[tuple[tuple[str, str], int | None], list[AppliedUnit]] = {}
    previous: dict[tuple[str, str], int | None] = {}
    in_order = _in_place(result)
    for u in result.units:
        group = _applied_group(u)
        if u.old_index is not None and u.old_index in in_order:
            stays.add(u.old_index)
            previous[group] = u.old_index
            continue
        follows.setdefault((group, previous.get(group)), []).append(u)
        if u.old_index is not None:
            previous[group] = u.old_index

    def provision(u: AppliedUnit) -> Provision:
        like = units[u.old_index].provision if u.old_index is not None else None
        if like is not None and not u.changed:
            return replace(like, number=u.number)
        return Provision(
            kind=u.kind,
            number=u.number,
            heading=u.heading,
            text=u.text,
            guid=like.guid if like is not None else None,
            eid=like.eid if like is not None else None,
            page=like.page if like is not None else None,
            line=like.line if like is not None else None,
        )

    by_old = result.by_old()
    started: set[tuple[str, str]] = set()

    def rebuild(provisions: tuple[Provision, ...]) -> tuple[Provision, ...]:
        out: list[Provision] = []
        for p in provisions:
            n = ids.get(id(p))  # before containers: a schedule can be a unit itself
            if n is None and p.kind in CONTAINER_KINDS:
                out.append(replace(p, children=rebuild(p.children)))
                continue
            if n is None:
                out.append(p)
                continue
            group = _group(units[n])
            if group not in started:
                started.add(group)
                out.extend(provision(u) for u in follows.get((group, None), ()))
            if n in stays:
                out.append(provision(by_old[n]))
                out.extend(provision(u) for u in follows.get((group, n), ()))
        return tuple(out)

    return replace(old, provisions=rebuild(old.provisions), sha256=None)


def _applied_group(u: AppliedUnit) -> tuple[str, str]:
    return group_of(u.kind, u.old_number or u.number, u.schedule)


def _in_place(result: Applied) -> set[int]:
    """Old units not moved by a Transpose (they keep their place in the tree)."""
    moved = {
        unit_key(i.target.kind, i.target.number, i.target.schedule)
        for i in result.applied
        if isinstance(i.action, Transpose) and i.target is not None
    }
    return {
        u.old_index
        for u in result.units
        if u.old_index is not None
        and unit_key(u.kind, u.old_number or u.number, u.schedule) not in moved
    }


def unit_words(
    unit: Unit, index: int, positions: UnitPositions | None, instructions: Sequence[Instruction]
) -> tuple[str, list[NotApplied]]:
    """One old unit's text with the word-level ``instructions`` applied to it (for checking
    a draft instruction by instruction); those that cannot be applied come back with why."""
    state = _State(index, unit, positions)
    failed: list[NotApplied] = []
    for order, i in enumerate(instructions):
        try:
            start, end, text = _edit(_Unit(state), i)
        except NotFound as e:
            failed.append(NotApplied(i, str(e)))
            continue
        edit = _Edit(start, end, text, order, i)
        if any(_overlaps(e, edit) for e in state.edits):
            failed.append(NotApplied(i, "it overlaps another instruction"))
            continue
        state.edits.append(edit)
    edits = sorted(state.edits, key=lambda e: (e.start, e.end, e.order))
    return splice(state.text, [(e.start, e.end, e.text) for e in edits]), failed


def quoted_spans(
    unit: Unit, index: int, positions: UnitPositions | None, i: Instruction
) -> list[tuple[int, int]]:
    """The [start, end) offsets in the unit's text of every run of words instruction ``i``
    quotes ("leave out “x”", "after “x”", "from “x” to “y”"), found as the applier finds
    them; raises :class:`NotFound` as :func:`apply` would."""
    u = _Unit(_State(index, unit, positions))
    a = i.action
    if isinstance(a, LeaveOut | LeaveOutAndInsert):
        return [u.find(a.words, i.place)]
    if isinstance(a, Insert) and a.anchor is not None and a.at in ("after", "before"):
        return [u.find(a.anchor, i.place)]
    if isinstance(a, LeaveOutFrom):
        spans = [u.find(a.start, i.place)] if a.start else []
        if a.end is not None:
            after = spans[0][1] if spans else u.start_of(i.place)
            spans.append(u.find(a.end, a.end_place, after=after))
        return spans
    return []
