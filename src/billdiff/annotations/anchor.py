"""Find where a note belongs in a comparison, which may be of later prints than its own.

:func:`reanchor` answers with an :class:`Anchor`: **exact** (the words, or the
whole unit, are where the note says), **moved** (the same words, but the unit
was renumbered or moved), **fuzzy** (the words were edited; ``score`` says how
alike they still are), **ambiguous** (the words occur more than once and
nothing tells the places apart) or **orphaned** (the unit or the words are
gone). Only exact, moved and fuzzy anchors are :attr:`~Anchor.attached`;
front ends must show the other two apart, and never drop them.

How a note is placed:

1. **Which print is the note's.** ``target.source.sha256`` is compared with
   both prints of the comparison, then ``target.source.version`` (with the
   project id). The note's print is the comparison's *new* side, its *old*
   side, or neither. A note of another bill project is orphaned at once.
2. **Which unit.** On the note's print: GUID, then eId with number, then
   number with heading, never taking a unit whose own GUID differs from the
   note's (that is another provision). On neither print: GUID in the newer
   print, then in the older, then the heading in the newer print (a unique
   match, or the one with the note's number); ``detail`` says so. No other
   unit is ever tried, however alike its words: a note is never moved into
   another clause.
3. **Which side it lands on.** The newer text of that unit: a note on print 2
   opened on 2→3 lands on print 3's version; a note on the new side lands
   there. A note about words only its old print had (``side: "old"``: a
   removed unit or a deleted passage), opened on a comparison whose old side
   is that print, stays on the old side, where those words are. A note whose
   unit has no newer version here (removed or merged) is orphaned.
4. **Which words.** A whole-unit note is exact, or moved when the unit's
   number or place changed on the way. A quote is first found in its own
   print, when that is a side of the comparison: at its recorded position,
   else by its words, several occurrences told apart by the quote's prefix
   and suffix (ambiguous if they cannot be). Then it is carried across the
   unit's word diff: words no change touches, or only typographic changes,
   are exact (or moved); edited words are fuzzy when their score (below)
   reaches :data:`FUZZY_THRESHOLD`. Words rewritten below that are orphaned,
   unless the very same words were newly written elsewhere in the unit (not
   an untouched copy of another passage), scoring :data:`SEARCH_THRESHOLD`.
   When the note's print is neither side there is no diff to follow, so the
   words are searched for in the landing text: one occurrence is exact (or
   moved); several are told apart by prefix and suffix, else ambiguous; none
   leads to a search of word windows of about the quote's length, fuzzy at
   :data:`SEARCH_THRESHOLD` or more (stricter, since nothing confirms the
   place), ambiguous when two separate windows score within
   :data:`AMBIGUITY_MARGIN` of each other, else orphaned.

   A passage's score is the mean of two :func:`similarity` values: of its
   words to the quote's, and of the words with as much context either side as
   the note kept (:data:`~billdiff.annotations.notes.CONTEXT_CHARS`).

>>> anchor = reanchor(note, compare(load("2.xml"), load("3.xml")))  # doctest: +SKIP
>>> anchor.status, anchor.where  # doctest: +SKIP
('moved', 'clause 23')
"""

from __future__ import annotations

import dataclasses
import heapq
import re
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher
from enum import StrEnum
from typing import Any

from billdiff.annotations.notes import (
    Note,
    NoteTarget,
    Quote,
    Side,
    find_all,
    fold,
    make_target,
    now,
    quote_at,
    read_target,
    same_words,
)
from billdiff.comparison import Comparison, PrintInfo, Status, UnitChange, UnitVersion
from billdiff.normalise import typographic_key
from billdiff.textdiff import Hunk, HunkClass

#: Lowest score at which words edited in place (the diff says where) are still the note's.
FUZZY_THRESHOLD = 0.65
#: Lowest score for a passage found by searching, with no diff to say where the words went.
SEARCH_THRESHOLD = 0.75
#: Two separate fuzzy places scoring within this of each other are ambiguous.
AMBIGUITY_MARGIN = 0.02
#: Context characters the best occurrence must match beyond the runner-up to be chosen.
CONTEXT_LEAD = 4
# How many of the best rough windows the fuzzy search refines: enough that a
# rival place is seen (for ambiguity), few enough to stay fast on long clauses.
_FUZZY_CANDIDATES = 8

_WORD = re.compile(r"\S+")


class AnchorStatus(StrEnum):
    """How well a note was found in a comparison."""

    EXACT = "exact"
    MOVED = "moved"
    FUZZY = "fuzzy"
    AMBIGUOUS = "ambiguous"
    ORPHANED = "orphaned"


#: Statuses that place a note on words (or a unit) of the comparison.
ATTACHED = frozenset({AnchorStatus.EXACT, AnchorStatus.MOVED, AnchorStatus.FUZZY})


@dataclass(frozen=True, slots=True)
class Anchor:
    """Where a note landed in a comparison.

    ``unit`` is the note's unit whenever it was identified, even for an orphan
    whose words are gone or whose unit was removed (so a front end can say
    where it was); ``side`` says which of its versions ``start``/``end``
    index. Only an :attr:`attached` anchor puts the note on text.
    """

    status: AnchorStatus
    unit: UnitChange | None
    start: int | None
    end: int | None
    score: float
    detail: str
    side: Side | None = None

    @property
    def attached(self) -> bool:
        """Whether the note sits on a unit (exact, moved or fuzzy)."""
        return self.status in ATTACHED

    @property
    def version(self) -> UnitVersion | None:
        """The unit version the note landed on (None for a note not found or removed)."""
        if self.unit is None or self.side is None:
            return None
        return self.unit.new if self.side is Side.NEW else self.unit.old

    @property
    def text(self) -> str | None:
        """The words the note sits on, or None for a whole-unit note or an unplaced one."""
        version = self.version
        if version is None or self.start is None or self.end is None:
            return None
        return version.text[self.start : self.end]

    @property
    def where(self) -> str:
        """ "clause 23", "clause 7 (removed)", "clause 7 (old print)"; "" with no unit here."""
        version = self.version
        if version is None:
            return self.unit.label if self.unit is not None else ""
        if self.side is Side.OLD and self.unit is not None:
            return version.label + (" (old print)" if self.unit.new else " (removed)")
        return version.label


def similarity(a: str, b: str) -> float:
    """How alike two passages are, 0 to 1, typography aside (difflib's ratio)."""
    return SequenceMatcher(None, typographic_key(a), typographic_key(b), autojunk=False).ratio()


def reanchor(note: Note, comparison: Comparison) -> Anchor:
    """Where ``note`` belongs in ``comparison`` (see the module docstring)."""
    target = read_target(note)
    if target is None:
        return _orphan(None, "the note has no target billdiff can read")
    other = _other_project(target, comparison)
    if other:
        return _orphan(None, other)
    print_side = _print_side(target, comparison)
    found = _find_unit(target, comparison, print_side)
    if isinstance(found, str):
        return _orphan(None, found)
    if isinstance(found, list):
        names = ", ".join(u.label for u in found)
        return Anchor(
            AnchorStatus.AMBIGUOUS,
            None,
            None,
            None,
            0.0,
            f"{len(found)} units could be the note's {target.label}: {names}",
        )
    unit, how = found
    notes: list[str] = []
    if print_side is None:
        notes.append(
            f"the note was made on {target.print_name}, which is neither print of this "
            f"comparison; found by {how} in the "
            f"{'newer' if unit.new is not None else 'older'} print"
        )
    landing = (
        print_side
        if print_side is Side.NEW or (print_side is Side.OLD and target.side is Side.OLD)
        else Side.NEW
    )
    version = unit.new if landing is Side.NEW else unit.old
    if version is None:
        why = unit.reason if unit.status is Status.MERGED else "removed"
        notes.append(f"{unit.label} was {why} in this comparison")
        return _orphan(unit, "; ".join(notes))
    moved = _moved(unit, target, print_side, landing, version)
    if moved:
        notes.append(moved)
    if target.quote is None:
        status = AnchorStatus.MOVED if moved else AnchorStatus.EXACT
        return Anchor(status, unit, None, None, 1.0, "; ".join(notes), landing)
    placed = _place(target.quote, unit, print_side, landing, version.text)
    if placed.detail:
        notes.append(placed.detail)
    detail = "; ".join(notes)
    if placed.status is AnchorStatus.EXACT and moved:
        return Anchor(AnchorStatus.MOVED, unit, placed.start, placed.end, 1.0, detail, landing)
    if placed.status in ATTACHED:
        return Anchor(placed.status, unit, placed.start, placed.end, placed.score, detail, landing)
    return Anchor(placed.status, unit, None, None, placed.score, detail, landing)


def retarget(
    note: Note, anchor: Anchor, comparison: Comparison, when: str | None = None
) -> Note | None:
    """``note`` re-pointed to where ``anchor`` is, old target kept; None if unattached or same."""
    version = anchor.version
    target = read_target(note)
    if not anchor.attached or version is None or anchor.side is None or target is None:
        return None
    info: PrintInfo = comparison.new if anchor.side is Side.NEW else comparison.old
    quote = None
    if target.quote is not None and anchor.start is not None and anchor.end is not None:
        quote = quote_at(version.text, anchor.start, anchor.end)
    old_target: dict[str, Any] = note["target"]
    # Other keys (the change the note explains, the comparison it was written on,
    # anything another tool added) still describe the note, so they stay.
    new_target = {**old_target, **make_target(info, anchor.side, version, quote)}
    if new_target == old_target:
        return None
    previous = note.get("previous_targets")
    history = previous if isinstance(previous, list) else []
    return {
        **note,
        "target": new_target,
        "previous_targets": [*history, old_target],
        "modified": when or now(),
    }


# --- which print, which unit --------------------------------------------------------------


def _other_project(target: NoteTarget, comparison: Comparison) -> str | None:
    """Why the note is of another bill, or None."""
    projects = {comparison.old.project_id, comparison.new.project_id} - {None}
    if target.project and projects and target.project not in projects:
        return (
            f"the note is on bill project {target.project}, and this comparison is of "
            f"{', '.join(sorted(p for p in projects if p))}"
        )
    return None


def _print_side(target: NoteTarget, comparison: Comparison) -> Side | None:
    """The side of ``comparison`` that is the note's print, or None."""
    sides = ((Side.OLD, comparison.old), (Side.NEW, comparison.new))
    matches = [side for side, info in sides if target.sha256 and info.sha256 == target.sha256]
    if not matches:
        matches = [
            side
            for side, info in sides
            if target.version
            and info.version == target.version
            and (not target.project or not info.project_id or info.project_id == target.project)
        ]
    if len(matches) > 1:
        # The same print on both sides: the note's own side decides.
        return target.side
    return matches[0] if matches else None


def _side_of(unit: UnitChange, side: Side) -> UnitVersion | None:
    return unit.new if side is Side.NEW else unit.old


def _heading_key(heading: str | None) -> str:
    return typographic_key(heading or "").casefold()


#: Kinds of note target that are headings (see ``Comparison.headings``), not units; a
#: schedule can be either (a unit when its words are not in paragraphs).
_HEADINGS_ONLY = frozenset({"long-title", "part", "chapter", "crossheading"})


def _candidates(target: NoteTarget, comparison: Comparison) -> tuple[UnitChange, ...]:
    """What the note may be on: units, or the headings for a note on a heading."""
    if target.kind in _HEADINGS_ONLY:
        return comparison.headings
    if target.kind == "schedule":
        return (*comparison.units, *comparison.headings)
    return comparison.units


def _find_unit(
    target: NoteTarget, comparison: Comparison, print_side: Side | None
) -> tuple[UnitChange, str] | list[UnitChange] | str:
    """(unit, how it was found), several equally likely units, or why none was found."""
    sides = [print_side] if print_side is not None else [Side.NEW, Side.OLD]
    candidates = _candidates(target, comparison)
    if target.kind == "long-title":  # a Bill has one
        title = comparison.long_title
        if title is not None and any(_side_of(title, side) is not None for side in sides):
            return title, "being the long title"
    if target.guid:
        for side in sides:
            for unit in candidates:
                version = _side_of(unit, side)
                if version is not None and version.guid == target.guid:
                    return unit, "GUID"

    def compatible(side: Side) -> Iterable[tuple[UnitChange, UnitVersion]]:
        for unit in candidates:
            version = _side_of(unit, side)
            # A unit with a GUID of its own that is not the note's is another provision.
            if version is not None and not (target.guid and version.guid):
                yield unit, version

    if print_side is not None:
        if target.eid and target.number:
            for unit, version in compatible(print_side):
                if (version.eid, version.number, version.schedule) == (
                    target.eid,
                    target.number,
                    target.schedule,
                ):
                    return unit, "eId and number"
        if target.number and target.heading:
            for unit, version in compatible(print_side):
                if (version.number, version.schedule) == (target.number, target.schedule) and (
                    _heading_key(version.heading) == _heading_key(target.heading)
                ):
                    return unit, "number and heading"
        if target.kind == "crossheading" and target.heading:
            for unit, version in compatible(print_side):
                if version.kind.value == target.kind and _heading_key(
                    version.heading
                ) == _heading_key(target.heading):
                    return unit, "heading"
    elif target.heading:
        alike = [
            (unit, version)
            for unit, version in compatible(Side.NEW)
            if version.kind.value == target.kind
            and _heading_key(version.heading) == _heading_key(target.heading)
        ]
        if len(alike) > 1:
            alike = [(u, v) for u, v in alike if v.number == target.number] or alike
        if len(alike) == 1:
            return alike[0][0], "heading"
        if alike:
            return [unit for unit, _ in alike]
    where = (
        f"the note's print ({target.print_name})"
        if print_side is not None
        else "either print of this comparison"
    )
    ident = f" (GUID {target.guid})" if target.guid else ""
    return f"{target.label}{ident} is not in {where}"


def _moved(
    unit: UnitChange,
    target: NoteTarget,
    print_side: Side | None,
    landing: Side,
    version: UnitVersion,
) -> str:
    """How the unit moved between the note's print and where it landed ("" if it did not)."""
    if landing == print_side:
        return ""
    if print_side is Side.OLD and unit.old is not None:
        before = unit.old
        if unit.status is Status.MOVED:
            return f"{before.label} moved (now {version.label})"
        if (before.number, before.schedule) != (version.number, version.schedule):
            return f"{before.label} is now {version.label}"
        return ""
    if (target.number, target.schedule) != (version.number, version.schedule):
        return f"{target.label} is now {version.label}"
    return ""


# --- which words --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Placed:
    status: AnchorStatus
    start: int | None = None
    end: int | None = None
    score: float = 0.0
    detail: str = ""


_AMBIGUOUS = "ambiguous"


def _place(
    quote: Quote, unit: UnitChange, print_side: Side | None, landing: Side, text: str
) -> _Placed:
    """Where the quoted words are in the landing ``text`` of ``unit``."""
    own = print_side is not None
    if print_side is not None:
        source = _side_of(unit, print_side)
    elif landing is Side.NEW:
        # Neither print is the note's: if the older one still has the very words,
        # it stands in for the note's print and the diff says where they went.
        source = unit.old
    else:
        source = None
    if source is not None:
        located = _locate(source.text, quote, use_position=own)
        if located == _AMBIGUOUS and own:
            return _Placed(
                AnchorStatus.AMBIGUOUS,
                detail="the quoted words occur several times in the note's own print and "
                "nothing records which was meant",
            )
        if isinstance(located, tuple):
            if landing == print_side:
                return _Placed(AnchorStatus.EXACT, *located, 1.0)
            carried = _carry(unit, located, quote, text)
            if not own:
                carried = dataclasses.replace(
                    carried,
                    detail="; ".join(
                        d for d in ("followed from the older print", carried.detail) if d
                    ),
                )
            if carried.status is not AnchorStatus.ORPHANED:
                return carried
            # The diff says the words were rewritten where they stood; only the
            # same words newly written elsewhere in the unit can still be them.
            return _relocated(unit, source.text, located, quote, text) or carried
    return _search(text, quote, quote.start if landing == print_side else None)


def _relocated(
    unit: UnitChange, source: str, located: tuple[int, int], quote: Quote, text: str
) -> _Placed | None:
    """The quote's words in new text of the unit (not an untouched copy of another place)."""
    hunks = unit.text_diff.hunks if unit.text_diff is not None else ()
    copies = set()
    for span in find_all(source, quote.exact):
        if span != located:
            start, _, touched = _map_span(hunks, *span)
            if all(h.cls is HunkClass.TYPOGRAPHIC for h in touched):
                copies.add(start)
    scored = sorted(
        (
            (_score(text, s, e, quote), s, e)
            for s, e in find_all(text, quote.exact)
            if s not in copies
        ),
        key=lambda r: (-r[0], r[1]),
    )
    if not scored or scored[0][0] < SEARCH_THRESHOLD:
        return None
    score, start, end = scored[0]
    if len(scored) > 1 and scored[1][0] >= score - AMBIGUITY_MARGIN:
        return _Placed(
            AnchorStatus.AMBIGUOUS,
            score=score,
            detail="the quoted words were rewritten where they stood and now appear in "
            f"{len(scored)} new places",
        )
    return _Placed(
        AnchorStatus.FUZZY,
        start,
        end,
        score,
        f"the quoted words were rewritten where they stood and now appear elsewhere in the "
        f"unit; similarity {score:.2f}",
    )


def _locate(text: str, quote: Quote, use_position: bool) -> tuple[int, int] | str | None:
    """(start, end) of the quote in ``text``; ``_AMBIGUOUS``; or None when it is not there.

    ``use_position`` when ``text`` is the print the quote was taken from, so its
    recorded offsets (and, between equal contexts, its recorded start) apply.
    """
    start, end = quote.start, quote.end
    if (
        use_position
        and start is not None
        and end is not None
        and end <= len(text)
        and same_words(quote.exact, text[start:end])
    ):
        return start, end
    found = find_all(text, quote.exact)
    if not found:
        return None
    if len(found) == 1:
        return found[0]
    return _by_context(text, found, quote, start if use_position else None) or _AMBIGUOUS


def _carry(unit: UnitChange, located: tuple[int, int], quote: Quote, text: str) -> _Placed:
    """Carry a quote located in the old text across the unit's word diff to the new ``text``."""
    start, end = located
    hunks = unit.text_diff.hunks if unit.text_diff is not None else ()
    new_start, new_end, touched = _map_span(hunks, start, end)
    if not touched:
        return _Placed(AnchorStatus.EXACT, new_start, new_end, 1.0)
    if all(h.cls is HunkClass.TYPOGRAPHIC for h in touched):
        return _Placed(
            AnchorStatus.EXACT,
            new_start,
            new_end,
            1.0,
            "only quote marks, dashes or spacing changed",
        )
    score = _score(text, new_start, new_end, quote)
    changes = "; ".join(_describe(h) for h in touched)
    if score >= FUZZY_THRESHOLD:
        return _Placed(
            AnchorStatus.FUZZY,
            new_start,
            new_end,
            score,
            f"the quoted words were edited ({changes}); similarity {score:.2f}",
        )
    return _Placed(
        AnchorStatus.ORPHANED,
        score=score,
        detail=f"the quoted words were deleted or rewritten ({changes}); similarity {score:.2f} "
        f"is below {FUZZY_THRESHOLD}",
    )


def _map_span(hunks: Iterable[Hunk], start: int, end: int) -> tuple[int, int, list[Hunk]]:
    """Old-text span [start, end) in new-text offsets, and the hunks that change it."""
    shift = 0
    touched: list[Hunk] = []
    for h in hunks:
        if h.old_end <= start and not touched:
            # Entirely before the span (an insertion at ``start`` goes before it too).
            shift += (h.new_end - h.new_start) - (h.old_end - h.old_start)
        elif h.old_start >= end:
            break
        else:
            touched.append(h)
    new_start = start + shift
    if not touched:
        return new_start, new_start + (end - start), touched
    first, last = touched[0], touched[-1]
    if first.old_start < start:
        new_start = first.new_start
    if last.old_end > end:
        new_end = last.new_end
    else:
        change = sum((h.new_end - h.new_start) - (h.old_end - h.old_start) for h in touched)
        new_end = end + shift + change
    return new_start, new_end, touched


def _search(text: str, quote: Quote, hint: int | None) -> _Placed:
    """Find the quote in ``text`` by its words alone (no diff to follow)."""
    found = find_all(text, quote.exact)
    if len(found) == 1:
        return _Placed(AnchorStatus.EXACT, *found[0], 1.0)
    if found:
        chosen = _by_context(text, found, quote, hint)
        if chosen is None:
            return _Placed(
                AnchorStatus.AMBIGUOUS,
                detail=f"the quoted words occur {len(found)} times and their context does not "
                "tell which is meant",
            )
        return _Placed(AnchorStatus.EXACT, *chosen, 1.0, "told apart from other occurrences")
    best, rival = _fuzzy(text, quote)
    if best is None or best[0] < SEARCH_THRESHOLD:
        score = best[0] if best else 0.0
        return _Placed(
            AnchorStatus.ORPHANED,
            score=score,
            detail=f"the quoted words are not in the text (best similarity {score:.2f})",
        )
    score, start, end = best
    if rival is not None and rival[0] >= score - AMBIGUITY_MARGIN:
        return _Placed(
            AnchorStatus.AMBIGUOUS,
            score=score,
            detail=f"the quoted words were edited and two places match equally well "
            f"(similarity {score:.2f} and {rival[0]:.2f})",
        )
    return _Placed(
        AnchorStatus.FUZZY,
        start,
        end,
        score,
        f"the quoted words were edited; nearest passage has similarity {score:.2f}",
    )


def _by_context(
    text: str, found: list[tuple[int, int]], quote: Quote, hint: int | None
) -> tuple[int, int] | None:
    """The occurrence the quote's prefix and suffix (or, in the same text, position) pick."""
    if hint is not None:
        at_hint = [span for span in found if span[0] == hint]
        if len(at_hint) == 1:
            return at_hint[0]
    ranked = sorted(((_context_match(text, s, e, quote), (s, e)) for s, e in found), reverse=True)
    (best, span), (second, _) = ranked[0], ranked[1]
    if best >= second + CONTEXT_LEAD:
        return span
    return None


def _context_match(text: str, start: int, end: int, quote: Quote) -> int:
    """How many characters of the quote's prefix and suffix agree with ``text`` around a span."""
    before = fold(text[max(0, start - len(quote.prefix)) : start])[::-1]
    after = fold(text[end : end + len(quote.suffix)])
    return _common(before, fold(quote.prefix)[::-1]) + _common(after, fold(quote.suffix))


def _common(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def _score(text: str, start: int, end: int, quote: Quote) -> float:
    """Similarity of a passage to the quote: the mean of its words' and of words-with-context.

    The words alone judge a long quote; the context keeps a short one (a
    renumbered "15" → "17") from scoring as if it were unrelated.
    """
    words = similarity(quote.exact, text[start:end])
    before = text[max(0, start - len(quote.prefix)) : start]
    after = text[end : end + len(quote.suffix)]
    context = similarity(
        quote.prefix + quote.exact + quote.suffix, before + text[start:end] + after
    )
    return round((words + context) / 2, 3)


def _fuzzy(
    text: str, quote: Quote
) -> tuple[tuple[float, int, int] | None, tuple[float, int, int] | None]:
    """The best window of ``text`` for the quote, and the best one not overlapping it."""
    words = [(m.start(), m.end()) for m in _WORD.finditer(text)]
    if not words:
        return None, None
    # Locating compares word lists (fast); only the final few spans are scored by characters.
    tokens = [fold(text[s:e]).casefold() for s, e in words]
    matcher: SequenceMatcher[str] = SequenceMatcher(None, autojunk=False)
    matcher.set_seq2([w.casefold() for w in fold(quote.exact).split()])
    n = max(1, len(quote.exact.split()))
    reach = max(1, n // 4)
    last_word = len(words) - 1

    def ratio(first: int, count: int) -> float:
        matcher.set_seq1(tokens[first : first + count])
        return matcher.ratio()

    # Rough pass: windows of the quote's word count, every few words; keep the best few.
    top: list[tuple[float, int]] = []
    for first in range(0, len(words), max(1, reach // 2)):
        matcher.set_seq1(tokens[first : first + n])
        if len(top) == _FUZZY_CANDIDATES and matcher.quick_ratio() <= top[0][0]:
            continue
        entry = (matcher.ratio(), first)
        if len(top) < _FUZZY_CANDIDATES:
            heapq.heappush(top, entry)
        else:
            heapq.heappushpop(top, entry)
    # Refine each: best start near it, then best length from there.
    spans = set()
    for _, rough_first in top:
        starts = range(max(0, rough_first - reach), min(last_word, rough_first + reach) + 1)
        first = max(starts, key=lambda f: (ratio(f, n), -abs(f - rough_first)))
        count = max(range(max(1, n - reach), n + reach + 1), key=lambda c: (ratio(first, c), -c))
        spans.add((words[first][0], words[min(first + count, len(words)) - 1][1]))
    ranked = sorted(
        ((_score(text, s, e, quote), s, e) for s, e in spans), key=lambda r: (-r[0], r[1])
    )
    best = ranked[0]
    rival = next((r for r in ranked[1:] if r[1] >= best[2] or r[2] <= best[1]), None)
    return best, rival


def _describe(hunk: Hunk) -> str:
    """ "“7” → “10”", "“…” deleted", "“…” inserted"."""
    if not hunk.new:
        return f"“{_short(hunk.old)}” deleted"
    if not hunk.old:
        return f"“{_short(hunk.new)}” inserted"
    return f"“{_short(hunk.old)}” → “{_short(hunk.new)}”"


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _orphan(unit: UnitChange | None, detail: str) -> Anchor:
    return Anchor(AnchorStatus.ORPHANED, unit, None, None, 0.0, detail)
