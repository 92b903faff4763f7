"""Pair the units (clauses, sections, schedule paragraphs) of two prints.

A cascade, each step only among units the earlier steps left unpaired:

1. **GUID** — Lawmaker's stable identifier. Authoritative: two units that
   both carry GUIDs and differ are never paired by a later step.
2. **eId** — the same eId, confirmed by the same heading or similar text
   (Lawmaker eIds follow the numbering, so on their own they would pair
   clause 16 with whatever clause is 16 now).
3. **number + heading** — same number and same (non-empty) heading.
4. **heading** — the same heading, unique among the unpaired on both sides,
   confirmed by similar text.
5. **similar text** — word-bigram similarity of at least 0.5, helped by
   context (same Part, neighbours already paired), best pairs first.
6. **number** — what is left with the same number, confirmed by some
   similarity (a heading-less schedule paragraph rewritten in place).

Schedule paragraphs are only paired with paragraphs of the schedule they were
paired with (schedules are aligned first, by the same cascade), except by
GUID. Every pair carries its reason and a score in [0, 1].
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from billdiff.model import Kind, Provision, Unit
from billdiff.normalise import typographic_key

#: Below this similarity two unpaired units are never paired on text alone.
SIMILARITY_THRESHOLD = 0.5
#: Similarity needed to confirm an eId or heading match.
CONFIRM_THRESHOLD = 0.3

_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True, slots=True)
class Pair:
    """Two aligned items by index (None on the side where it is absent) and why."""

    old: int | None
    new: int | None
    reason: str
    score: float


def shingles(text: str) -> frozenset[str]:
    """Word bigrams of the typographic key of ``text``: the basis of similarity."""
    words = _WORD.findall(typographic_key(text).lower())
    if len(words) < 2:
        return frozenset(words)
    return frozenset(f"{a} {b}" for a, b in itertools.pairwise(words))


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """Dice coefficient of two shingle sets (1.0 for two empty texts)."""
    if not a and not b:
        return 1.0
    if not a or not b:
        return 0.0
    return 2 * len(a & b) / (len(a) + len(b))


@dataclass(slots=True)
class Item:
    """What the cascade needs to know about one unit or schedule."""

    guid: str | None
    eid: str | None
    number: str | None
    heading: str
    group: object  # items are only paired within equal groups (after GUID)
    part: str
    #: The item's words, asked for only when a step needs them (GUID pairs never do).
    text_of: Callable[[], str]
    _shingles: frozenset[str] | None = None

    @property
    def shingles(self) -> frozenset[str]:
        """Word bigrams of the text, computed when first needed (GUID pairs never need them)."""
        if self._shingles is None:
            self._shingles = shingles(self.text_of())
        return self._shingles


def _heading_key(heading: str | None) -> str:
    return typographic_key(heading or "").lower()


def _part_of(unit: Unit) -> str:
    for c in reversed(unit.context):
        if c.kind in (Kind.PART, Kind.CHAPTER):
            return _heading_key(c.heading)
    return ""


class Matcher:
    """Runs the cascade over two lists of items and collects pairs."""

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
                # An identifier match is certain; other keys are as good as the text agrees.
                score = 1.0 if reason in ("GUID", "eId") else similarity(a.shingles, b.shingles)
                self.pair(i, j, reason, score)
                break

    def by_similarity(self) -> None:
        """Pair the rest by text similarity with context, most similar first."""
        free_old, free_new = self.free_old(), self.free_new()
        if not free_old or not free_new:
            return
        candidates: list[tuple[float, float, int, int]] = []
        for i in free_old:
            a = self.old[i]
            la = len(a.shingles)
            for j in free_new:
                b = self.new[j]
                if not self.may_pair(i, j):
                    continue
                lb = len(b.shingles)
                # Dice can be no higher than this bound: skip hopeless pairs cheaply.
                if la + lb and 2 * min(la, lb) / (la + lb) < SIMILARITY_THRESHOLD:
                    continue
                sim = similarity(a.shingles, b.shingles)
                if sim < SIMILARITY_THRESHOLD:
                    continue
                bonus = 0.05 * (a.part == b.part) + 0.05 * (a.heading == b.heading)
                bonus += 0.05 * self._neighbours_paired(i, j)
                candidates.append((sim + bonus, sim, i, j))
        candidates.sort(key=lambda c: (-c[0], c[2], c[3]))
        for _, sim, i, j in candidates:
            if i in self.old_to_new or j in self.new_to_old:
                continue
            context = []
            if self.old[i].part == self.new[j].part:
                context.append("same Part")
            if self._neighbours_paired(i, j):
                context.append("same neighbours")
            reason = " + ".join([f"similar {sim:.2f}", *context])
            self.pair(i, j, reason, sim)

    def _neighbours_paired(self, i: int, j: int) -> bool:
        return self.old_to_new.get(i - 1) == j - 1 or self.old_to_new.get(i + 1) == j + 1

    def pairs(self) -> list[Pair]:
        """Every old item (paired or removed) and every added new item."""
        out = [
            Pair(i, self.old_to_new.get(i), *self.reasons.get(i, ("", 0.0)))
            for i in range(len(self.old))
        ]
        out.extend(Pair(None, j, "", 0.0) for j in self.free_new())
        return out


def _confirmed(a: Item, b: Item) -> bool:
    return a.heading == b.heading or similarity(a.shingles, b.shingles) >= CONFIRM_THRESHOLD


def _similar(a: Item, b: Item) -> bool:
    return similarity(a.shingles, b.shingles) >= CONFIRM_THRESHOLD


def cascade(
    old: Sequence[Item],
    new: Sequence[Item],
    extra: Callable[[Matcher], None] | None = None,
) -> list[Pair]:
    """Run the cascade; ``extra`` is a step of the caller's, run before text similarity."""
    m = Matcher(old, new)
    m.by_key(lambda it: it.guid, "GUID")
    m.by_key(lambda it: it.eid, "eId", confirm=_confirmed)
    # Without a heading, a number alone says little (a paragraph inserted before it
    # shifts every later number), so heading-less items wait for the text step.
    m.by_key(
        lambda it: (it.number, it.heading) if it.number and it.heading else None,
        "number + heading",
    )
    m.by_key(lambda it: it.heading or None, "heading", confirm=_similar, unique=True)
    if extra is not None:
        extra(m)
    m.by_similarity()
    # Last, what is left in the same place with the same number and some words in common.
    m.by_key(lambda it: it.number, "number", confirm=_similar)
    return m.pairs()


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
    return cascade([_schedule_item(s) for s in old], [_schedule_item(s) for s in new])


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
    )


def align_units(
    old: Sequence[Unit],
    new: Sequence[Unit],
    old_schedules: Sequence[Provision],
    new_schedules: Sequence[Provision],
    schedule_pairs: Sequence[Pair],
) -> list[Pair]:
    """Pair the units of two prints; schedule paragraphs stay within paired schedules."""
    old_group: dict[int, int] = {}
    new_group: dict[int, int] = {}
    for n, pair in enumerate(schedule_pairs):
        if pair.old is not None:
            old_group[id(old_schedules[pair.old])] = n
        if pair.new is not None:
            new_group[id(new_schedules[pair.new])] = n
    return cascade([_unit_item(u, old_group) for u in old], [_unit_item(u, new_group) for u in new])
