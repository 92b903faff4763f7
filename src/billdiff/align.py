"""Pair the units (clauses, sections, schedule paragraphs) of two prints.

GUIDs first, then everything else decided on the evidence together:

1. **GUID** — Lawmaker's stable identifier. Authoritative: two units that
   both carry GUIDs and differ are never paired, by any step.
2. **Evidence.** For every unit still unpaired, candidate partners are found
   through the rare word pairs they share (an inverted index, so no step
   compares every unit with every other), plus any unit with the same number,
   eId or heading. Each candidate is scored by its words — the Dice
   similarity of their word bigrams, always required (at least
   :data:`MIN_SIMILARITY`) — plus small bonuses for the same heading, the same
   Part or Chapter, the same cross-heading, and the same number or eId. A
   number or an eId that follows the numbering (Lawmaker's ``sec_16``,
   legislation.gov.uk's ``section-16``) is evidence of *position*, never of
   identity: it only breaks ties between units whose words agree.
3. **Identical words** — two units with the same words (typography aside), each the
   only one with them on its side, are paired wherever they are: identical words
   beat a shared number. Then **anchors** — unique strong matches: each is the
   other's best candidate, similar by at least :data:`ANCHOR_SIMILARITY`, and
   clearly ahead of the second best on both sides. Anchors are paired wherever
   they are.
4. **In order** — the heaviest order-preserving chain of GUID pairs and
   anchors is the skeleton of the print; between two consecutive skeleton
   pairs, what is unpaired is aligned by the heaviest order-preserving chain
   of acceptable candidates. An insertion therefore shifts every later
   number without breaking a pair, and a heading repeated elsewhere in the
   Bill is only a bonus, never a reason. Between anchors a candidate needs
   :data:`MOVE_SIMILARITY`, or :data:`MIN_SIMILARITY` and the same number or
   heading (or to be the only unit on either side), and must not be clearly
   worse than its best unpaired alternative. Two units alone between the same
   pairs are paired in place if neither has any words (". . ." for a repealed
   section), or, for schedules, if they have the same number.
5. **Moved** — what is still unpaired, by similarity of at least
   :data:`MOVE_SIMILARITY` wherever it is, best pairs first; then step 4
   once more around the new pairs.

Units without words are candidates for each other only with the same heading
or number. Whatever is left unpaired is added or removed; the engine then
joins a removed and an added unit with the same number between the same
in-place pairs into one *substituted* entry (never a pair).

Units of the body are only paired with units of the body, and schedule
paragraphs with paragraphs of the schedule their schedule was paired with
(schedules are aligned first, by the same steps), except by GUID. Every
pair carries its reason ("GUID", "unique match: similar 0.97 + same
heading") and a score in [0, 1] (its similarity; 1.0 for a GUID).

:func:`cascade` is the simpler step-by-step matcher the engine uses for
Parts, Chapters, cross-headings and schedule containers, whose evidence is
their heading and the units they hold.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from billdiff.model import Kind, Provision, Unit
from billdiff.normalise import typographic_key

#: Two units are never paired on words that agree less than this.
MIN_SIMILARITY = 0.3
#: Similarity that pairs two units out of order (a move), or in order with no other support.
MOVE_SIMILARITY = 0.5
#: Similarity of a unique strong match (an anchor).
ANCHOR_SIMILARITY = 0.6
#: How far an anchor must be ahead of the second best candidate, on both sides.
ANCHOR_MARGIN = 0.1
#: A candidate between anchors may be at most this much worse than its best free alternative.
DOMINANCE_MARGIN = 0.15
#: Kept for callers of the container cascade: text similarity that pairs on its own.
SIMILARITY_THRESHOLD = MOVE_SIMILARITY
#: Kept for callers of the container cascade: similarity that confirms a heading match.
CONFIRM_THRESHOLD = MIN_SIMILARITY

_HEADING_BONUS = 0.1
_PLACE_BONUS = 0.05
_NUMBER_BONUS = 0.02
_GUID_WEIGHT = 2.0
# Candidates looked at per unit, found by the rare word pairs they share.
_MAX_CANDIDATES = 8
# A word pair found in more units than this is too common to find candidates by.
_COMMON = 16

_WORD = re.compile(r"[^\W_]+")
_INVISIBLE = "\u00ad\u200b\u2060\ufeff"
_NO_INVISIBLE = dict.fromkeys(map(ord, _INVISIBLE))


@dataclass(frozen=True, slots=True)
class Pair:
    """Two aligned items by index (None on the side where it is absent) and why."""

    old: int | None
    new: int | None
    reason: str
    score: float


def shingles(text: str) -> frozenset[str]:
    """Word bigrams of the typographic key of ``text``: the basis of similarity.

    Of the typographic key's rules only NFC and the removal of invisible characters
    can change which words a text has (quotes, dashes and spaces are never part of a
    word), so only those are applied.
    """
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
        if any(c in text for c in _INVISIBLE):
            text = text.translate(_NO_INVISIBLE)
    words = _WORD.findall(text.lower())
    if len(words) < 2:
        return frozenset(words)
    return frozenset(map(" ".join, itertools.pairwise(words)))


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """Dice coefficient of two shingle sets (1.0 for two empty texts)."""
    if not a and not b:
        return 1.0
    if not a or not b:
        return 0.0
    return 2 * len(a & b) / (len(a) + len(b))


@dataclass(slots=True)
class Item:
    """What the aligner needs to know about one unit, schedule or container."""

    guid: str | None
    eid: str | None
    number: str | None
    heading: str
    group: object  # items are only paired within equal groups (after GUID)
    part: str
    #: The item's words, asked for only when a step needs them (GUID pairs never do).
    text_of: Callable[[], str]
    _shingles: frozenset[str] | None = None
    #: The heading of its innermost cross-heading ("" if none), normalised.
    crossheading: str = ""

    _words: str | None = None

    @property
    def shingles(self) -> frozenset[str]:
        """Word bigrams of the text, computed when first needed (GUID pairs never need them)."""
        if self._shingles is None:
            self._shingles = shingles(self.text_of())
        return self._shingles

    @property
    def words(self) -> str:
        """The text's words, typography aside: equal for two units that say the same."""
        if self._words is None:
            self._words = " ".join(typographic_key(self.text_of()).split())
        return self._words


def _heading_key(heading: str | None) -> str:
    return typographic_key(heading or "").lower()


def _part_of(unit: Unit) -> str:
    for c in reversed(unit.context):
        if c.kind in (Kind.PART, Kind.CHAPTER):
            return _heading_key(c.heading)
    return ""


def _crossheading_of(unit: Unit) -> str:
    for c in reversed(unit.context):
        if c.kind is Kind.CROSSHEADING:
            return _heading_key(c.heading)
        if c.kind in (Kind.PART, Kind.CHAPTER, Kind.SCHEDULE):
            return ""
    return ""


# --- the aligner ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Candidate:
    weight: float  # similarity plus context bonuses: what the chains maximise
    sim: float
    old: int
    new: int


class _Aligner:
    def __init__(self, old: Sequence[Item], new: Sequence[Item], by_place: bool = False) -> None:
        self.old, self.new = old, new
        self.by_place = by_place
        self.old_to_new: dict[int, int] = {}
        self.new_to_old: dict[int, int] = {}
        self.reasons: dict[int, tuple[str, float]] = {}

    def pair(self, i: int, j: int, reason: str, score: float) -> None:
        self.old_to_new[i] = j
        self.new_to_old[j] = i
        self.reasons[i] = (reason, score)

    def run(self) -> list[Pair]:
        self._by_guid()
        free_old = [i for i in range(len(self.old)) if i not in self.old_to_new]
        free_new = [j for j in range(len(self.new)) if j not in self.new_to_old]
        # Two units with GUIDs that differ never pair: when every unpaired unit on
        # one side has a GUID and so does every one on the other, nothing is left to do.
        if any(self.old[i].guid is None for i in free_old) or any(
            self.new[j].guid is None for j in free_new
        ):
            old_groups: dict[object, list[int]] = {}
            new_groups: dict[object, list[int]] = {}
            for i in free_old:
                old_groups.setdefault(self.old[i].group, []).append(i)
            for j in free_new:
                new_groups.setdefault(self.new[j].group, []).append(j)
            for group, olds in old_groups.items():
                news = new_groups.get(group)
                if news:
                    self._align_group(group, olds, news)
        return self._pairs()

    def _by_guid(self) -> None:
        by_guid = {it.guid: j for j, it in enumerate(self.new) if it.guid}
        for i, it in enumerate(self.old):
            j = by_guid.get(it.guid) if it.guid else None
            if j is not None and j not in self.new_to_old:
                self.pair(i, j, "GUID", 1.0)

    # candidates --------------------------------------------------------------------------

    def _candidates(self, olds: list[int], news: list[int]) -> list[_Candidate]:
        """Every acceptable (old, new) pair of the group, found without comparing all pairs."""
        new = self.new
        index: dict[str, list[int]] = {}
        by_number: dict[str, list[int]] = {}
        by_heading: dict[str, list[int]] = {}
        by_eid: dict[str, list[int]] = {}
        for j in news:
            b = new[j]
            for sh in b.shingles:
                index.setdefault(sh, []).append(j)
            if b.number:
                by_number.setdefault(b.number, []).append(j)
            if b.heading:
                by_heading.setdefault(b.heading, []).append(j)
            if b.eid:
                by_eid.setdefault(b.eid, []).append(j)
        # A word pair in many units ("is amended", "of the") says nothing about which;
        # a fixed cap keeps the work per unit the same however long the Bill.
        cap = _COMMON
        out: list[_Candidate] = []
        for i in olds:
            a = self.old[i]
            postings = [p for p in map(index.get, a.shingles) if p is not None and len(p) <= cap]
            counts = Counter(itertools.chain.from_iterable(postings))
            seen = [j for j, _ in counts.most_common(_MAX_CANDIDATES)]
            for hints, key in ((by_number, a.number), (by_heading, a.heading), (by_eid, a.eid)):
                if key:
                    seen.extend(hints.get(key, ())[:_MAX_CANDIDATES])
            la = len(a.shingles)
            for j in dict.fromkeys(seen):
                b = new[j]
                if a.guid and b.guid:
                    continue
                lb = len(b.shingles)
                # Dice can be no higher than this bound: skip hopeless pairs cheaply.
                if la + lb and 2 * min(la, lb) < MIN_SIMILARITY * (la + lb):
                    continue
                if not a.shingles and not b.shingles and not _same_place_hint(a, b):
                    continue  # two units without words (". . .") are alike only in name
                sim = similarity(a.shingles, b.shingles)
                if sim >= MIN_SIMILARITY:
                    out.append(_Candidate(sim + _context_bonus(a, b), sim, i, j))
        return out

    # one group -------------------------------------------------------------------------------

    def _identical(self, olds: list[int], news: list[int]) -> None:
        """Pair units whose words are identical, each the only one with those words on its
        side: identical words beat a shared number (two swapped paragraphs of a schedule,
        each 0.9 similar to the other's number, are each other's, not their numbers')."""
        old_by_words: dict[str, list[int]] = {}
        new_by_words: dict[str, list[int]] = {}
        for indices, by_words, items in (
            (olds, old_by_words, self.old),
            (news, new_by_words, self.new),
        ):
            for k in indices:
                if items[k].shingles:
                    by_words.setdefault(items[k].words, []).append(k)
        for words, found in old_by_words.items():
            partners = new_by_words.get(words, ())
            if len(found) == 1 and len(partners) == 1:
                i, j = found[0], partners[0]
                a, b = self.old[i], self.new[j]
                if not (a.guid and b.guid):
                    self.pair(i, j, _reason("identical words", None, a, b), 1.0)

    def _align_group(self, group: object, olds: list[int], news: list[int]) -> None:
        self._identical(olds, news)
        olds = [i for i in olds if i not in self.old_to_new]
        news = [j for j in news if j not in self.new_to_old]
        candidates = self._candidates(olds, news)
        if not candidates and not self.by_place:
            return
        by_old: dict[int, list[_Candidate]] = {}
        by_new: dict[int, list[_Candidate]] = {}
        for c in candidates:
            by_old.setdefault(c.old, []).append(c)
            by_new.setdefault(c.new, []).append(c)
        for cs in (*by_old.values(), *by_new.values()):
            cs.sort(key=_best_first)

        # 3. anchors: unique strong matches, paired wherever they are.
        anchors = []
        for cs in by_old.values():
            best = cs[0]
            if best.sim < ANCHOR_SIMILARITY or by_new[best.new][0] is not best:
                continue
            if len(cs) > 1 and cs[1].weight > best.weight - ANCHOR_MARGIN:
                continue
            others = by_new[best.new]
            if len(others) > 1 and others[1].weight > best.weight - ANCHOR_MARGIN:
                continue
            anchors.append(best)
        for c in anchors:
            self.pair(
                c.old,
                c.new,
                _reason("unique match", c.sim, self.old[c.old], self.new[c.new]),
                c.sim,
            )

        # 4. in order between the skeleton's pairs.
        free_old = [i for i in olds if i not in self.old_to_new]
        free_new = [j for j in news if j not in self.new_to_old]
        self._between(group, free_old, free_new, by_old, by_new)

        # 5. moves, best first; then in order once more around them.
        rest = [
            c
            for c in candidates
            if c.old not in self.old_to_new
            and c.new not in self.new_to_old
            and c.sim >= MOVE_SIMILARITY
        ]
        if not rest:
            return
        for c in sorted(rest, key=_best_first):
            if c.old not in self.old_to_new and c.new not in self.new_to_old:
                self.pair(
                    c.old, c.new, _reason("by text", c.sim, self.old[c.old], self.new[c.new]), c.sim
                )
        free_old = [i for i in olds if i not in self.old_to_new]
        free_new = [j for j in news if j not in self.new_to_old]
        self._between(group, free_old, free_new, by_old, by_new)

    def _between(
        self,
        group: object,
        free_old: list[int],
        free_new: list[int],
        by_old: dict[int, list[_Candidate]],
        by_new: dict[int, list[_Candidate]],
    ) -> None:
        """Pair, in order, what lies unpaired between consecutive pairs of the skeleton."""
        if not free_old or not free_new:
            return
        skeleton = self._skeleton(group)
        free_new_set = set(free_new)
        # Best weight each unit could still get from an unpaired partner.
        best_old = {
            i: next((c.weight for c in cs if c.new in free_new_set), 0.0)
            for i, cs in by_old.items()
        }
        free_old_set = set(free_old)
        best_new = {
            j: next((c.weight for c in cs if c.old in free_old_set), 0.0)
            for j, cs in by_new.items()
        }
        bounds = [(-1, -1), *skeleton, (len(self.old), len(self.new))]
        for (i0, j0), (i1, j1) in itertools.pairwise(bounds):
            olds = free_old[bisect_right(free_old, i0) : bisect_left(free_old, i1)]
            if not olds:
                continue
            news = free_new[bisect_right(free_new, j0) : bisect_left(free_new, j1)]
            if not news:
                continue
            alone = len(olds) == 1 and len(news) == 1
            gap: list[_Candidate] = []
            for i in olds:
                for c in by_old.get(i, ()):
                    if not j0 < c.new < j1 or c.new in self.new_to_old:
                        continue
                    a, b = self.old[i], self.new[c.new]
                    supported = (a.number and a.number == b.number) or (
                        a.heading and a.heading == b.heading
                    )
                    if c.sim < MOVE_SIMILARITY and not (supported or alone):
                        continue
                    worst = max(best_old[i], best_new.get(c.new, 0.0)) - DOMINANCE_MARGIN
                    if c.weight < worst:
                        continue
                    gap.append(c)
            chain = _heaviest_chain(gap)
            for c in chain:
                self.pair(
                    c.old,
                    c.new,
                    _reason("in order", c.sim, self.old[c.old], self.new[c.new]),
                    c.sim,
                )
            if alone and not chain:
                self._in_place(olds[0], news[0])

    def _in_place(self, i: int, j: int) -> None:
        """Two units alone between the same pairs: a schedule with the same number (with
        ``by_place``), or two units with no words at all (". . ." for a repealed one)."""
        a, b = self.old[i], self.new[j]
        if a.guid and b.guid:
            return
        if self.by_place and a.number == b.number:
            sim = similarity(a.shingles, b.shingles)
            self.pair(i, j, f"in place: same number, similar {sim:.2f}", sim)
        elif not a.shingles and not b.shingles and _no_words(a) == _no_words(b):
            self.pair(i, j, "in place: no words", 1.0)

    def _skeleton(self, group: object) -> list[tuple[int, int]]:
        """The heaviest order-preserving chain of the group's pairs so far."""
        pairs = []
        for i, j in self.old_to_new.items():
            if self.old[i].group != group or self.new[j].group != group:
                continue
            reason, score = self.reasons[i]
            weight = _GUID_WEIGHT if reason == "GUID" else score
            pairs.append(_Candidate(weight, score, i, j))
        return [(c.old, c.new) for c in _heaviest_chain(pairs)]

    def _pairs(self) -> list[Pair]:
        out = [
            Pair(i, self.old_to_new.get(i), *self.reasons.get(i, ("", 0.0)))
            for i in range(len(self.old))
        ]
        out.extend(Pair(None, j, "", 0.0) for j in range(len(self.new)) if j not in self.new_to_old)
        return out


def _no_words(it: Item) -> str:
    return "".join(typographic_key(it.text_of()).split())


def _same_place_hint(a: Item, b: Item) -> bool:
    return bool((a.heading and a.heading == b.heading) or (a.number and a.number == b.number))


def _best_first(c: _Candidate) -> tuple[float, int, int]:
    return (-c.weight, c.old, c.new)


def _context_bonus(a: Item, b: Item) -> float:
    bonus = 0.0
    if a.heading and a.heading == b.heading:
        bonus += _HEADING_BONUS
    if a.part == b.part:
        bonus += _PLACE_BONUS
    if a.crossheading == b.crossheading:
        bonus += _PLACE_BONUS
    if (a.number and a.number == b.number) or (a.eid and a.eid == b.eid):
        bonus += _NUMBER_BONUS
    return bonus


def _reason(step: str, sim: float | None, a: Item, b: Item) -> str:
    """ "in order: similar 0.62 + same number"; ``sim`` None for identical words."""
    context = [f"similar {sim:.2f}"] if sim is not None else []
    if a.heading and a.heading == b.heading:
        context.append("same heading")
    if a.number and a.number == b.number:
        context.append("same number")
    if a.part and a.part == b.part:
        context.append("same Part")
    return f"{step}: " + " + ".join(context) if context else step


def _heaviest_chain(candidates: Iterable[_Candidate]) -> list[_Candidate]:
    """The strictly increasing (in old and new) chain of candidates of greatest total weight.

    O(n log n): candidates sorted by old index (new index descending within one
    old index, so two with the same old index never chain), and a Fenwick tree
    over new indices holding the best chain ending below each.
    """
    cs = sorted(candidates, key=lambda c: (c.old, -c.new, -c.weight))
    if not cs:
        return []
    columns = sorted({c.new for c in cs})
    rank = {j: k + 1 for k, j in enumerate(columns)}
    size = len(columns)
    tree_value = [0.0] * (size + 1)
    tree_index = [-1] * (size + 1)
    best = [0.0] * len(cs)
    prev = [-1] * len(cs)
    for n, c in enumerate(cs):
        # Best chain ending at a new index below this one.
        k = rank[c.new] - 1
        value, at = 0.0, -1
        while k > 0:
            if tree_value[k] > value:
                value, at = tree_value[k], tree_index[k]
            k -= k & -k
        best[n] = value + c.weight
        prev[n] = at
        k = rank[c.new]
        while k <= size:
            if best[n] > tree_value[k]:
                tree_value[k], tree_index[k] = best[n], n
            k += k & -k
    end = max(range(len(cs)), key=lambda n: (best[n], -n))
    chain = []
    while end != -1:
        chain.append(cs[end])
        end = prev[end]
    chain.reverse()
    return chain


def _guid_only(old: Sequence[str | None], new: Sequence[str | None]) -> list[Pair] | None:
    """The pairs when GUIDs decide everything (every unit left unpaired by GUID on both
    sides has one, so nothing else can pair), else None: no other evidence is looked at."""
    by_guid = {g: j for j, g in enumerate(new) if g}
    old_to_new: dict[int, int] = {}
    taken: set[int] = set()
    for i, g in enumerate(old):
        if g is None:
            return None
        j = by_guid.get(g)
        if j is not None and j not in taken:
            old_to_new[i] = j
            taken.add(j)
    paired = taken
    if any(g is None for j, g in enumerate(new) if j not in paired):
        return None
    out = [
        Pair(i, old_to_new[i], "GUID", 1.0) if i in old_to_new else Pair(i, None, "", 0.0)
        for i in range(len(old))
    ]
    out.extend(Pair(None, j, "", 0.0) for j in range(len(new)) if j not in paired)
    return out


def align(old: Sequence[Item], new: Sequence[Item], by_place: bool = False) -> list[Pair]:
    """Pair two lists of items (see the module docstring); every item appears in one Pair.

    With ``by_place``, an unpaired item alone between two pairs on both sides, with the
    same number as its counterpart, is paired whatever its words (schedules: a schedule
    whose paragraphs were rewritten is still that schedule).
    """
    return _Aligner(old, new, by_place).run()


# --- the container cascade -----------------------------------------------------------------


#: A word pair in more new items than this names no candidate for the container cascade's
#: similarity step ("relating to" in every cross-heading of a hostile file).
_COMMON = 32


class Matcher:
    """Runs the container cascade over two lists of items and collects pairs."""

    def __init__(self, old: Sequence[Item], new: Sequence[Item]) -> None:
        self.old = old
        self.new = new
        self.old_to_new: dict[int, int] = {}
        self.new_to_old: dict[int, int] = {}
        self.reasons: dict[int, tuple[str, float]] = {}

    def pair(self, i: int, j: int, reason: str, score: float) -> None:
        self.old_to_new[i] = j
        self.new_to_old[j] = i
        self.reasons[i] = (reason, score)

    def free_old(self) -> list[int]:
        return [i for i in range(len(self.old)) if i not in self.old_to_new]

    def free_new(self) -> list[int]:
        return [j for j in range(len(self.new)) if j not in self.new_to_old]

    def may_pair(self, i: int, j: int) -> bool:
        a, b = self.old[i], self.new[j]
        if a.guid and b.guid:
            return False  # differing GUIDs are different provisions
        return a.group == b.group

    def by_key(
        self,
        key: Callable[[Item], object],
        reason: str,
        confirm: Callable[[Item, Item], bool] | None = None,
        unique: bool = False,
    ) -> None:
        """Pair free items whose ``key`` is equal (and not None), optionally only unique keys."""
        free_old, free_new = self.free_old(), self.free_new()
        old_keys = Counter(key(self.old[i]) for i in free_old)
        new_index: dict[object, list[int]] = {}
        for j in free_new:
            new_index.setdefault(key(self.new[j]), []).append(j)
        for i in free_old:
            k = key(self.old[i])
            if k is None or k == "" or k not in new_index:
                continue
            candidates = [j for j in new_index[k] if j not in self.new_to_old]
            if unique and (old_keys[k] != 1 or len(new_index[k]) != 1):
                continue
            for j in candidates:
                if reason != "GUID" and not self.may_pair(i, j):
                    continue
                a, b = self.old[i], self.new[j]
                if confirm is not None and not confirm(a, b):
                    continue
                score = 1.0 if reason == "GUID" else similarity(a.shingles, b.shingles)
                self.pair(i, j, reason, score)
                break

    def by_similarity(self) -> None:
        """Pair the rest by text similarity, most similar first.

        Candidates are the pairs that share a word pair found in at most
        :data:`_COMMON` items of either side (an inverted index), so the work grows
        with the Bill, not with its square; the similarity itself is then computed
        on all the words.
        """
        free_new = self.free_new()
        postings: dict[str, list[int]] = {}
        for j in free_new:
            for shingle in self.new[j].shingles:
                postings.setdefault(shingle, []).append(j)
        scored = []
        for i in self.free_old():
            a = self.old[i]
            candidates: set[int] = set()
            for shingle in a.shingles:
                found = postings.get(shingle, ())
                if len(found) <= _COMMON:
                    candidates.update(found)
            for j in sorted(candidates):
                if self.may_pair(i, j):
                    sim = similarity(a.shingles, self.new[j].shingles)
                    if sim >= SIMILARITY_THRESHOLD:
                        scored.append((sim, i, j))
        for sim, i, j in sorted(scored, key=lambda s: (-s[0], s[1], s[2])):
            if i not in self.old_to_new and j not in self.new_to_old:
                self.pair(i, j, f"similar {sim:.2f}", sim)

    def pairs(self) -> list[Pair]:
        """Every old item (paired or removed) and every added new item."""
        out = [
            Pair(i, self.old_to_new.get(i), *self.reasons.get(i, ("", 0.0)))
            for i in range(len(self.old))
        ]
        out.extend(Pair(None, j, "", 0.0) for j in self.free_new())
        return out


def _similar(a: Item, b: Item) -> bool:
    return similarity(a.shingles, b.shingles) >= CONFIRM_THRESHOLD


def cascade(
    old: Sequence[Item],
    new: Sequence[Item],
    extra: Callable[[Matcher], None] | None = None,
) -> list[Pair]:
    """The container cascade: GUID, number + heading, a unique heading, then ``extra`` (the
    caller's step: the units they hold), then similar headings, then the same number."""
    m = Matcher(old, new)
    m.by_key(lambda it: it.guid, "GUID")
    m.by_key(
        lambda it: (it.number, it.heading) if it.number and it.heading else None,
        "number + heading",
    )
    m.by_key(lambda it: it.heading or None, "heading", unique=True)
    if extra is not None:
        extra(m)
    m.by_similarity()
    m.by_key(lambda it: it.number, "number", confirm=_similar)
    return m.pairs()


# --- schedules and units -------------------------------------------------------------------


def _schedule_item(s: Provision) -> Item:
    return Item(
        guid=s.guid,
        eid=s.eid,
        number=s.number,
        heading=_heading_key(s.heading),
        group=None,
        part="",
        text_of=s.full_text,
    )


def align_schedules(old: Sequence[Provision], new: Sequence[Provision]) -> list[Pair]:
    """Pair the schedules of two prints (a lone "Schedule" may become "Schedule 1")."""
    return align([_schedule_item(s) for s in old], [_schedule_item(s) for s in new], by_place=True)


def _unit_item(unit: Unit, schedule_group: dict[int, int]) -> Item:
    p = unit.provision
    sched = unit.schedule
    group: object = "body" if sched is None else schedule_group.get(id(sched), ("alone", id(sched)))
    return Item(
        guid=p.guid,
        eid=p.eid,
        number=p.number,
        heading=_heading_key(p.heading),
        group=group,
        part=_part_of(unit),
        text_of=p.full_text,
        crossheading=_crossheading_of(unit),
    )


def align_units(
    old: Sequence[Unit],
    new: Sequence[Unit],
    old_schedules: Sequence[Provision],
    new_schedules: Sequence[Provision],
    schedule_pairs: Sequence[Pair],
) -> list[Pair]:
    """Pair the units of two prints; schedule paragraphs stay within paired schedules."""
    guid_only = _guid_only([u.provision.guid for u in old], [u.provision.guid for u in new])
    if guid_only is not None:
        return guid_only
    old_group: dict[int, int] = {}
    new_group: dict[int, int] = {}
    for n, pair in enumerate(schedule_pairs):
        if pair.old is not None:
            old_group[id(old_schedules[pair.old])] = n
        if pair.new is not None:
            new_group[id(new_schedules[pair.new])] = n
    return align([_unit_item(u, old_group) for u in old], [_unit_item(u, new_group) for u in new])
