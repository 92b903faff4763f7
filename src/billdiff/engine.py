"""Build the :class:`~billdiff.comparison.Comparison` of two prints.

``compare(old, new)`` aligns schedules, then units (clauses, sections,
schedule paragraphs), then the containers around them (Parts, Chapters,
cross-headings, schedules), decides a status for each, and diffs the words
of every pair.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
from collections.abc import Iterator, Sequence

from billdiff.align import Item, Matcher, Pair, align_schedules, align_units, cascade, shingles
from billdiff.comparison import (
    Comparison,
    ContainerChange,
    ContainerStatus,
    ContainerVersion,
    LineInfo,
    PrintInfo,
    Status,
    UnitChange,
    UnitVersion,
)
from billdiff.model import CONTAINER_KINDS, Bill, Kind, Provision, TextLine, Unit
from billdiff.normalise import typographic_key
from billdiff.prints import swapped_warning
from billdiff.textdiff import Hunk, Renumbering, TextDiff, diff_words


def _part_label(unit: Unit) -> str | None:
    for c in reversed(unit.context):
        if c.kind in (Kind.PART, Kind.CHAPTER):
            return f"{c.kind.value.capitalize()} {c.number or ''} {c.heading or ''}".strip()
    return None


def _version(unit: Unit, index: int) -> UnitVersion:
    p = unit.provision
    sched = unit.schedule
    text_lines = p.text_lines()
    lines = [line.text for line in text_lines]
    return UnitVersion(
        kind=p.kind,
        number=p.number,
        heading=p.heading,
        schedule=(sched.number or "") if sched is not None else None,
        part=_part_label(unit),
        guid=p.guid,
        eid=p.eid,
        page=p.page,
        line=p.line,
        index=index,
        lines=tuple(lines),
        text=" ".join(lines),
        parts=tuple(_parts(p.children, "")),
        line_info=tuple(_line_info(text_lines)),
    )


def _line_info(text_lines: Sequence[TextLine]) -> Iterator[LineInfo]:
    start = 0
    for line in text_lines:
        q = line.provision
        yield LineInfo(
            number=line.path,
            kind=q.kind,
            guid=q.guid,
            eid=q.eid,
            page=None if line.wrap_up else q.page,
            line=None if line.wrap_up else q.line,
            start=start,
            wrap_up=line.wrap_up,
        )
        start += len(line.text) + 1


def _parts(children: Sequence[Provision], path: str) -> Iterator[tuple[str, str | None]]:
    for c in children:
        if not c.number:
            yield from _parts(c.children, path)
            continue
        here = path + c.number
        yield (f"{c.kind.value} {here}" if not path else here), c.guid
        yield from _parts(c.children, here)


def structure_changes(old: UnitVersion, new: UnitVersion) -> tuple[str, ...]:
    """Sub-provisions added or removed ("subsection (6) added"), by GUID where every part
    has one on both sides, else by number."""
    old_parts, new_parts = old.parts, new.parts
    if all(g for _, g in old_parts) and all(g for _, g in new_parts):
        old_ids = {g for _, g in old_parts}
        new_ids = {g for _, g in new_parts}
        removed = [label for label, g in old_parts if g not in new_ids]
        added = [label for label, g in new_parts if g not in old_ids]
    else:
        old_labels = {label for label, _ in old_parts}
        new_labels = {label for label, _ in new_parts}
        removed = [label for label, _ in old_parts if label not in new_labels]
        added = [label for label, _ in new_parts if label not in old_labels]
    return tuple([f"{label} added" for label in added] + [f"{label} removed" for label in removed])


def _containers(bill: Bill) -> list[tuple[Provision, tuple[Provision, ...]]]:
    """Every container with its ancestors, in document order."""
    out: list[tuple[Provision, tuple[Provision, ...]]] = []

    def walk(provisions: Sequence[Provision], ancestors: tuple[Provision, ...]) -> None:
        for p in provisions:
            if p.kind in CONTAINER_KINDS:
                out.append((p, ancestors))
                walk(p.children, (*ancestors, p))

    walk(bill.provisions, ())
    return out


def _container_version(p: Provision) -> ContainerVersion:
    return ContainerVersion(p.kind, p.number, p.heading, p.guid, p.eid, p.page, p.line)


def _same_words(a: str | None, b: str | None) -> bool:
    return (a or "") == (b or "")


class _Builder:
    def __init__(self, old: Bill, new: Bill) -> None:
        self.old_bill, self.new_bill = old, new
        self.old_units = list(old.units())
        self.new_units = list(new.units())
        self.old_schedules = [p for p in old.walk() if p.kind is Kind.SCHEDULE]
        self.new_schedules = [p for p in new.walk() if p.kind is Kind.SCHEDULE]
        # One Renumbering per schedule whose paragraphs need diffing (built on demand).
        self.schedule_numbers: dict[int, Renumbering] = {}

    def build(self) -> Comparison:
        sched_pairs = align_schedules(self.old_schedules, self.new_schedules)
        unit_pairs = align_units(
            self.old_units, self.new_units, self.old_schedules, self.new_schedules, sched_pairs
        )
        container_pairs, old_containers, new_containers = self._align_containers(unit_pairs)
        renumbering = self._renumbering(unit_pairs, sched_pairs)
        paragraph_maps = self._paragraph_maps(unit_pairs)
        same_place = self._same_place(unit_pairs, container_pairs, old_containers, new_containers)
        units = [
            self._unit_change(pair, renumbering, paragraph_maps, same_place) for pair in unit_pairs
        ]
        units = _detect_splits_and_merges(units)
        units.sort(key=_order_key(unit_pairs))
        containers = [
            self._container_change(pair, old_containers, new_containers) for pair in container_pairs
        ]
        old_lt, new_lt = self.old_bill.long_title or "", self.new_bill.long_title or ""
        return Comparison(
            old=PrintInfo.of(self.old_bill),
            new=PrintInfo.of(self.new_bill),
            units=tuple(units),
            containers=tuple(containers),
            renumbering=renumbering,
            long_title_diff=diff_words(old_lt, new_lt) if old_lt != new_lt else None,
            warnings=self._warnings(),
        )

    def _warnings(self) -> tuple[str, ...]:
        out = []
        o, n = self.old_bill, self.new_bill
        if o.project_id and n.project_id and o.project_id != n.project_id:
            out.append(
                f"the prints belong to different bills (project {o.project_id} and "
                f"{n.project_id}); pairs were found by number, heading and text"
            )
        swapped = swapped_warning(PrintInfo.of(o), PrintInfo.of(n))
        if swapped:
            out.append(swapped)
        return tuple(out)

    # containers ----------------------------------------------------------------------------

    def _align_containers(
        self, unit_pairs: Sequence[Pair]
    ) -> tuple[list[Pair], list[Provision], list[Provision]]:
        old_c = _containers(self.old_bill)
        new_c = _containers(self.new_bill)
        # Which container each unit sits in (innermost and every ancestor).
        old_of: list[set[int]] = [set() for _ in old_c]
        new_of: list[set[int]] = [set() for _ in new_c]
        old_pos = {id(p): n for n, (p, _) in enumerate(old_c)}
        new_pos = {id(p): n for n, (p, _) in enumerate(new_c)}
        for pair in unit_pairs:
            if pair.old is not None and pair.new is not None:
                for c in self.old_units[pair.old].context:
                    old_of[old_pos[id(c)]].add(pair.new)
                for c in self.new_units[pair.new].context:
                    new_of[new_pos[id(c)]].add(pair.new)

        def item(p: Provision, ancestors: tuple[Provision, ...]) -> Item:
            return Item(
                guid=p.guid,
                eid=None,  # container eIds are built from numbers: no help here
                number=p.number,
                heading=typographic_key(p.heading or "").lower(),
                group=(p.kind, len(ancestors)),
                part="",
                text_of=lambda p=p: p.heading or "",
            )

        def by_content(m: Matcher) -> None:
            # A container whose units (mostly) went to one container is that container.
            scored = []
            for i in m.free_old():
                for j in m.free_new():
                    if not m.may_pair(i, j) or not old_of[i] or not new_of[j]:
                        continue
                    shared = len(old_of[i] & new_of[j])
                    score = shared / max(len(old_of[i]), len(new_of[j]))
                    if score > 0.5:
                        scored.append((score, i, j))
            for score, i, j in sorted(scored, key=lambda s: (-s[0], s[1], s[2])):
                if i not in m.old_to_new and j not in m.new_to_old:
                    m.pair(i, j, f"same clauses {score:.2f}", score)

        pairs = cascade(
            [item(p, a) for p, a in old_c], [item(p, a) for p, a in new_c], extra=by_content
        )
        return pairs, [p for p, _ in old_c], [p for p, _ in new_c]

    def _container_change(
        self, pair: Pair, old_c: Sequence[Provision], new_c: Sequence[Provision]
    ) -> ContainerChange:
        old = _container_version(old_c[pair.old]) if pair.old is not None else None
        new = _container_version(new_c[pair.new]) if pair.new is not None else None
        if old is None:
            status = ContainerStatus.ADDED
        elif new is None:
            status = ContainerStatus.REMOVED
        elif typographic_key(old.heading or "") != typographic_key(new.heading or ""):
            status = ContainerStatus.RENAMED
        elif old.number != new.number:
            status = ContainerStatus.RENUMBERED
        elif not _same_words(old.heading, new.heading):
            status = ContainerStatus.RENAMED
        else:
            status = ContainerStatus.UNCHANGED
        return ContainerChange(status, old, new, pair.reason)

    # units ---------------------------------------------------------------------------------

    def _renumbering(self, unit_pairs: Sequence[Pair], sched_pairs: Sequence[Pair]) -> Renumbering:
        clauses = {}
        for pair in unit_pairs:
            if pair.old is None or pair.new is None:
                continue
            o, n = self.old_units[pair.old], self.new_units[pair.new]
            if o.schedule is None and n.schedule is None and o.provision.number:
                clauses[o.provision.number] = n.provision.number or ""
        schedules = {}
        for pair in sched_pairs:
            if pair.old is not None and pair.new is not None:
                o_num = self.old_schedules[pair.old].number
                n_num = self.new_schedules[pair.new].number
                if o_num and n_num:
                    schedules[o_num] = n_num
        return Renumbering(clauses=clauses, schedules=schedules)

    def _paragraph_maps(self, unit_pairs: Sequence[Pair]) -> dict[int, dict[str, str]]:
        """Per new schedule (by id), how its paragraphs were renumbered."""
        maps: dict[int, dict[str, str]] = {}
        for pair in unit_pairs:
            if pair.old is None or pair.new is None:
                continue
            o, n = self.old_units[pair.old], self.new_units[pair.new]
            if o.schedule is not None and n.schedule is not None and o.provision.number:
                maps.setdefault(id(n.schedule), {})[o.provision.number] = n.provision.number or ""
        return maps

    def _same_place(
        self,
        unit_pairs: Sequence[Pair],
        container_pairs: Sequence[Pair],
        old_c: Sequence[Provision],
        new_c: Sequence[Provision],
    ) -> set[int]:
        """Old indices of paired units that stayed in their Part/Chapter and in order."""
        new_of_old = {
            id(old_c[p.old]): id(new_c[p.new])
            for p in container_pairs
            if p.old is not None and p.new is not None
        }
        paired = [p for p in unit_pairs if p.old is not None and p.new is not None]
        in_order = _longest_increasing([p.old for p in sorted(paired, key=lambda p: p.new)])
        out = set()
        for p in paired:
            assert p.old is not None and p.new is not None
            o_home = _home(self.old_units[p.old])
            n_home = _home(self.new_units[p.new])
            same_home = (o_home is None and n_home is None) or (
                o_home is not None
                and n_home is not None
                and new_of_old.get(id(o_home)) == id(n_home)
            )
            if same_home and p.old in in_order:
                out.add(p.old)
        return out

    def _unit_change(
        self,
        pair: Pair,
        renumbering: Renumbering,
        paragraph_maps: dict[int, dict[str, str]],
        same_place: set[int],
    ) -> UnitChange:
        old = _version(self.old_units[pair.old], pair.old) if pair.old is not None else None
        new = _version(self.new_units[pair.new], pair.new) if pair.new is not None else None
        if old is None or new is None:
            status = Status.ADDED if old is None else Status.REMOVED
            return UnitChange(status, old, new, pair.reason, pair.score, None, None)
        numbers = renumbering
        sched = self.new_units[pair.new].schedule if pair.new is not None else None
        if sched is not None and (old.heading != new.heading or old.text != new.text):
            if id(sched) not in self.schedule_numbers:
                self.schedule_numbers[id(sched)] = _with_paragraphs(
                    renumbering, paragraph_maps.get(id(sched), {})
                )
            numbers = self.schedule_numbers[id(sched)]
        heading_diff = (
            diff_words(old.heading or "", new.heading or "", numbers)
            if old.heading != new.heading
            else None
        )
        text_diff = diff_lines(old.lines, new.lines, numbers) if old.text != new.text else None
        if pair.old not in same_place:
            status = Status.MOVED
        elif old.number != new.number:
            status = Status.RENUMBERED
        elif heading_diff is not None or text_diff is not None:
            status = Status.AMENDED
        else:
            status = Status.UNCHANGED
        return UnitChange(
            status,
            old,
            new,
            pair.reason,
            pair.score,
            heading_diff,
            text_diff,
            structure=structure_changes(old, new) if text_diff is not None else (),
        )


def diff_lines(
    old_lines: Sequence[str], new_lines: Sequence[str], renumbering: Renumbering | None = None
) -> TextDiff:
    """Word diff of ``" ".join(old_lines)`` and ``" ".join(new_lines)``, computed block by block.

    Lines equal on both sides (found first, by a fast line-level diff) are
    skipped, and each run of changed lines is diffed word by word, so a long
    clause with two small edits costs two small diffs. The result is the same
    kind of :class:`TextDiff` as :func:`diff_words` of the joined texts.
    """
    old_text, new_text = " ".join(old_lines), " ".join(new_lines)
    # Text quoted into another Act sits on its host's line; cutting lines before each
    # "(2)", "(b)"... gives the line diff those inner provisions to work with too.
    old_lines = [c for line in old_lines for c in _BEFORE_NUMBER.split(line)]
    new_lines = [c for line in new_lines for c in _BEFORE_NUMBER.split(line)]
    if len(old_lines) < 2 or len(new_lines) < 2:
        return diff_words(old_text, new_text, renumbering)
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    blocks: list[tuple[str, int, int, int, int]] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "replace" and i2 - i1 == j2 - j1:
            # As many lines as were there: each line was edited in place, so diff
            # them pairwise (the cost of a word diff grows with the square of its size).
            blocks.extend((op, i1 + k, i1 + k + 1, j1 + k, j1 + k + 1) for k in range(i2 - i1))
        elif op != "equal":
            blocks.append((op, i1, i2, j1, j2))
    if len(blocks) <= 1:
        return diff_words(old_text, new_text, renumbering)
    # Work on the texts with an empty line appended to both: every changed block is
    # then followed by an equal line, so each block's text ends with its separating
    # space on both sides and the text between blocks is the same in old and new.
    old_s, new_s = old_text + " ", new_text + " "
    old_starts, new_starts = _starts(old_lines), _starts(new_lines)
    hunks: list[Hunk] = []
    for _, i1, i2, j1, j2 in blocks:
        o0, n0 = old_starts[i1], new_starts[j1]
        part = diff_words(old_s[o0 : old_starts[i2]], new_s[n0 : new_starts[j2]], renumbering)
        for h in part.hunks:
            h = _shifted(h, o0, n0)
            if h.old_end > len(old_text) or h.new_end > len(new_text):
                # A run added or dropped at the very end took the appended space:
                # give it the space before it instead.
                h = _shifted(h, -1, -1, old=_rotate(h.old), new=_rotate(h.new))
            hunks.append(h)
    return TextDiff(old_text, new_text, tuple(hunks))


_BEFORE_NUMBER = re.compile(r" (?=\([0-9A-Za-z]{1,5}\) )")


def _shifted(
    h: Hunk, by_old: int, by_new: int, old: str | None = None, new: str | None = None
) -> Hunk:
    """``h`` with its offsets moved (and, optionally, its texts replaced)."""
    return dataclasses.replace(
        h,
        old=h.old if old is None else old,
        new=h.new if new is None else new,
        old_start=h.old_start + by_old,
        old_end=h.old_end + by_old,
        new_start=h.new_start + by_new,
        new_end=h.new_end + by_new,
    )


def _rotate(text: str) -> str:
    """ "words " → " words": move a trailing space to the front."""
    return " " + text[:-1] if text else ""


def _starts(lines: Sequence[str]) -> list[int]:
    """Offset of each line in the space-joined text, then of the appended empty line."""
    out = [0]
    for line in lines:
        out.append(out[-1] + len(line) + 1)
    return out


def _with_paragraphs(renumbering: Renumbering, paragraphs: dict[str, str]) -> Renumbering:
    """``renumbering`` plus how the paragraphs of the unit's own schedule were renumbered."""
    return Renumbering(
        clauses=renumbering.clauses, schedules=renumbering.schedules, paragraphs=paragraphs
    )


def _home(unit: Unit) -> Provision | None:
    """The innermost Part or Chapter (or schedule) a unit belongs to."""
    for c in reversed(unit.context):
        if c.kind in (Kind.PART, Kind.CHAPTER, Kind.SCHEDULE):
            return c
    return None


def _longest_increasing(seq: Sequence[int | None]) -> set[int]:
    """The members of one longest strictly increasing subsequence (patience sorting)."""
    import bisect

    values = [v for v in seq if v is not None]
    tails: list[int] = []
    tail_idx: list[int] = []
    prev: list[int] = [-1] * len(values)
    for n, v in enumerate(values):
        k = bisect.bisect_left(tails, v)
        if k == len(tails):
            tails.append(v)
            tail_idx.append(n)
        else:
            tails[k] = v
            tail_idx[k] = n
        prev[n] = tail_idx[k - 1] if k else -1
    out: set[int] = set()
    n = tail_idx[-1] if tail_idx else -1
    while n != -1:
        out.add(values[n])
        n = prev[n]
    return out


def _detect_splits_and_merges(units: list[UnitChange]) -> list[UnitChange]:
    """An added unit whose words came out of a paired unit was split from it; a removed
    unit whose words went into a paired unit was merged into it."""
    added = [u for u in units if u.status is Status.ADDED]
    removed = [u for u in units if u.status is Status.REMOVED]
    if not added and not removed:
        return units
    # Only a paired unit that lost (or gained) words can be a source (or target).
    lost: list[tuple[UnitChange, str, str]] = []
    gained: list[tuple[UnitChange, str, str]] = []
    for u in units:
        if u.text_diff is None:
            continue
        deleted = " ".join(h.old for h in u.text_diff.hunks if h.old)
        inserted = " ".join(h.new for h in u.text_diff.hunks if h.new)
        if deleted:
            lost.append((u, deleted, u.text_diff.new))
        if inserted:
            gained.append((u, inserted, u.text_diff.old))
    replaced: dict[int, UnitChange] = {}
    # The other side of each split or merge, so that both entries point at each other.
    split_into: dict[int, list[str]] = {}
    merged_from: dict[int, list[str]] = {}
    for u in added:
        assert u.new is not None
        source = _best_source(u.new.text, lost)
        if source is not None and source.old is not None:
            replaced[id(u)] = _with(
                u, Status.SPLIT, f"split from {source.old.label}", source.old.label
            )
            split_into.setdefault(id(source), []).append(u.new.label)
    for u in removed:
        assert u.old is not None
        target = _best_source(u.old.text, gained)
        if target is not None and target.new is not None:
            replaced[id(u)] = _with(
                u, Status.MERGED, f"merged into {target.new.label}", target.new.label
            )
            merged_from.setdefault(id(target), []).append(u.old.label)
    for u in units:
        if id(u) in split_into or id(u) in merged_from:
            replaced[id(u)] = dataclasses.replace(
                u,
                split_into=tuple(split_into.get(id(u), ())),
                merged_from=tuple(merged_from.get(id(u), ())),
            )
    return [replaced.get(id(u), u) for u in units]


def _best_source(text: str, candidates: Sequence[tuple[UnitChange, str, str]]) -> UnitChange | None:
    """The candidate whose moved words hold most of ``text`` while its other side does not."""
    mine = shingles(text)
    if len(mine) < 8:  # too short to tell a split from a coincidence
        return None
    best, best_score = None, 0.0
    for u, moved, other_side in candidates:
        if len(moved) < 0.5 * len(text):
            continue
        contained = len(mine & shingles(moved)) / len(mine)
        if contained < 0.6 or contained <= best_score:
            continue
        if len(mine & shingles(other_side)) / len(mine) < 0.3:
            best, best_score = u, contained
    return best


def _with(u: UnitChange, status: Status, reason: str, related: str) -> UnitChange:
    return dataclasses.replace(u, status=status, reason=reason, related=(related,))


def _order_key(pairs: Sequence[Pair]):
    """Sort in new-print order, each removed unit just after its old predecessor's new place."""
    anchor: dict[int, float] = {}
    last = -1.0
    for p in sorted((p for p in pairs if p.old is not None), key=lambda p: p.old or 0):
        if p.new is not None:
            last = float(p.new)
        assert p.old is not None
        anchor[p.old] = last if p.new is not None else last + 0.5

    def key(u: UnitChange) -> tuple[float, int]:
        if u.new is not None:
            return (float(u.new.index), 0)
        assert u.old is not None
        return (anchor.get(u.old.index, -0.5), u.old.index + 1)

    return key


def compare(old: Bill, new: Bill) -> Comparison:
    """Compare two prints of a Bill (or versions of an Act)."""
    return _Builder(old, new).build()
