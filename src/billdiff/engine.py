"""Build the :class:`~billdiff.comparison.Comparison` of two prints.

``compare(old, new)`` aligns schedules, then units (clauses, sections,
schedule paragraphs), then the containers around them (Parts, Chapters,
cross-headings, schedules), decides a status for each, and diffs the words
of every pair.

After the alignment (:mod:`billdiff.align`):

- a paired unit is MOVED if its Part, Chapter or schedule, or its innermost
  cross-heading, is not the partner of its old one, or if it is out of order
  among the paired units (``UnitChange.movement`` says which);
- splits and merges are found among the added and removed units, then a
  removed and an added unit with the same number between the same units paired
  in place are one SUBSTITUTED unit (the alignment never pairs them: their
  GUIDs differ, or their words are too different);
- the sub-provisions of each changed pair are paired (by GUID, then by their
  words in order within paired parents, then, where a side has no GUIDs, by
  similar words): a number changed only because siblings were inserted or
  removed before it is RELETTERING (see :func:`billdiff.textdiff.reletter`),
  and :func:`structure_changes` names what was added, removed or replaced.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from billdiff.align import (
    Item,
    Matcher,
    Pair,
    align_schedules,
    align_units,
    cascade,
    shingles,
    similarity,
)
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
from billdiff.model import CONTAINER_KINDS, Bill, Kind, Provision, Unit
from billdiff.normalise import typographic_key
from billdiff.prints import different_bills, swapped_warning
from billdiff.sanitise import visible
from billdiff.textdiff import (
    Budget,
    Hunk,
    HunkClass,
    Op,
    Renumbering,
    TextDiff,
    diff_words,
    inline_labels,
    natural_label,
    reletter,
)


def _part_label(unit: Unit) -> str | None:
    for c in reversed(unit.context):
        if c.kind in (Kind.PART, Kind.CHAPTER):
            return f"{c.kind.value.capitalize()} {c.number or ''} {c.heading or ''}".strip()
    return None


def _within(context: Sequence[Provision]) -> tuple[str, ...]:
    """The Parts and Chapters among ``context``, outermost first, as references."""
    return tuple(
        f"{c.kind.value.capitalize()} {c.number or ''}".strip()
        for c in context
        if c.kind in (Kind.PART, Kind.CHAPTER)
    )


def _version(unit: Unit, index: int) -> UnitVersion:
    p = unit.provision
    sched = unit.schedule
    crossheading = _crossheading(unit)
    lines: list[str] = []
    infos: list[LineInfo] = []
    _walk_lines(p, lines, infos, "", own=True)
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
        line_info=tuple(infos),
        crossheading=crossheading.heading if crossheading is not None else None,
        within=_within(unit.context),
    )


def _placed(drawn: UnitVersion, unit: Unit, index: int) -> UnitVersion:
    """``drawn`` (a version of ``unit``'s very provision) where ``unit`` stands."""
    sched = unit.schedule
    crossheading = _crossheading(unit)
    return dataclasses.replace(
        drawn,
        schedule=(sched.number or "") if sched is not None else None,
        part=_part_label(unit),
        index=index,
        crossheading=crossheading.heading if crossheading is not None else None,
    )


def _walk_lines(
    p: Provision, lines: list[str], infos: list[LineInfo], path: str, own: bool, start: int = 0
) -> int:
    """A unit's lines (as :meth:`~billdiff.model.Provision.lines` gives them) and, for each,
    its sub-provision and printed position, in one walk; returns where the next line
    starts in the unit's text."""
    text = p.text if own else " ".join([x for x in (p.number, p.heading, p.text) if x])
    if text:
        infos.append(LineInfo(path, p.kind, p.guid, p.eid, p.page, p.line, start))
        lines.append(text)
        start += len(text) + 1
    for child in p.children:
        start = _walk_lines(child, lines, infos, path + (child.number or ""), False, start)
    if p.wrap_up:
        infos.append(LineInfo(path, p.kind, p.guid, p.eid, None, None, start, True))
        lines.append(p.wrap_up)
        start += len(p.wrap_up) + 1
    return start


def _parts(children: Sequence[Provision], path: str) -> Iterator[tuple[str, str | None]]:
    for c in children:
        if not c.number:
            yield from _parts(c.children, path)
            continue
        here = path + c.number
        yield (f"{c.kind.value} {here}" if not path else here), c.guid
        yield from _parts(c.children, here)


# --- sub-provisions ----------------------------------------------------------------------

#: How the print names a sub-provision of each kind ("subsection (6)", "sub-paragraph (3)").
_PRINTED_KIND = {
    Kind.SUBSECTION: "subsection",
    Kind.PARAGRAPH: "paragraph",
    Kind.SUBPARAGRAPH: "sub-paragraph",
    Kind.SUBSUBPARAGRAPH: "sub-sub-paragraph",
    Kind.SCHEDULE_SUBPARAGRAPH: "sub-paragraph",
    Kind.DEFINITION: "definition",
    Kind.UNNUMBERED: "paragraph",
}
_BRACKETED = re.compile(r"\(([0-9A-Za-z]{1,6})\)")
_A_NUMBER = re.compile(r"\d+[A-Z]+|[a-z]{2,}|[A-Z]{2,}")
# Sub-provisions similar by at least this much are the same one renumbered or amended.
_SUB_SIMILAR = 0.5


@dataclass(slots=True)
class _Sub:
    provision: Provision
    path: tuple[str, ...]  # its number and its numbered ancestors': ("(3)", "(c)")
    top: Kind  # kind of its outermost numbered ancestor (or its own)
    parent: int | None
    line: int  # the line that starts with its number
    children: list[int] = dataclasses.field(default_factory=list)

    @property
    def label(self) -> str:
        """As the print says it: "subsection (3)(c)", "sub-paragraph (2)", "paragraph (b)"."""
        return f"{_PRINTED_KIND.get(self.top, self.top.value)} {''.join(self.path)}"


class _Subs:
    """The numbered sub-provisions of one side of a unit, and the lines they start.

    Mirrors :meth:`Provision.lines`, whose lines the unit's text joins; ``ok``
    is False (and nothing is claimed about sub-provisions) if the two ever differ.
    """

    def __init__(self, p: Provision, lines: Sequence[str]) -> None:
        self.subs: list[_Sub] = []
        self.roots: list[int] = []
        self.lines = lines
        self.root_line: int | None = 0 if p.text else None
        count = self._walk(p, True, None, (), None, 0)
        self.ok = count == len(lines) and all(
            lines[s.line].startswith(s.provision.number or "") for s in self.subs
        )
        self.starts = [0]
        for line in lines:
            self.starts.append(self.starts[-1] + len(line) + 1)

    def _walk(
        self,
        q: Provision,
        own: bool,
        parent: int | None,
        path: tuple[str, ...],
        top: Kind | None,
        line: int,
    ) -> int:
        here = parent
        if not own and q.number:
            path = (*path, q.number)
            top = top or q.kind
            here = len(self.subs)
            self.subs.append(_Sub(q, path, top, parent, line))
            (self.roots if parent is None else self.subs[parent].children).append(here)
        if q.text or (not own and (q.number or q.heading)):
            line += 1
        for child in q.children:
            line = self._walk(child, False, here, path, top, line)
        if q.wrap_up:
            line += 1
        return line

    def children(self, k: int | None) -> list[int]:
        return self.roots if k is None else self.subs[k].children

    def own_words(self, k: int) -> str:
        """Its own line without its number, squashed (the key sub-provisions pair on)."""
        s = self.subs[k]
        return _squash(self.lines[s.line][len(s.provision.number or "") :])


def _squash(text: str) -> str:
    """Typographic key with no whitespace at all: equal when only spacing or markup differ."""
    return "".join(typographic_key(text).split())


def _pair_subs(o: _Subs, n: _Subs) -> dict[int, int]:
    """Pair old and new sub-provisions: by GUID, then within paired parents by the same
    words in order (whatever the GUIDs: only the markup changed), then, where one side has
    no GUID, by similar words in order."""
    pairs: dict[int, int] = {}
    taken: set[int] = set()
    by_guid = {s.provision.guid: k for k, s in enumerate(n.subs) if s.provision.guid}
    for k, s in enumerate(o.subs):
        m = by_guid.get(s.provision.guid) if s.provision.guid else None
        if m is not None:
            pairs[k] = m
            taken.add(m)

    def pair_children(po: int | None, pn: int | None) -> None:
        olds = [k for k in o.children(po) if k not in pairs]
        news = [k for k in n.children(pn) if k not in taken]
        if olds and news:
            _pair_siblings(o, n, olds, news, pairs, taken)

    # Old sub-provisions come parent first, so each is paired before its children are.
    pair_children(None, None)
    for k in range(len(o.subs)):
        if k in pairs:
            pair_children(k, pairs[k])
    return pairs


def _pair_siblings(
    o: _Subs, n: _Subs, olds: list[int], news: list[int], pairs: dict[int, int], taken: set[int]
) -> None:
    keys_o = [o.own_words(k) for k in olds]
    keys_n = [n.own_words(k) for k in news]
    matcher = difflib.SequenceMatcher(None, keys_o, keys_n, autojunk=False)
    last_a = last_b = 0
    for a, b, size in matcher.get_matching_blocks():
        # Between two runs of equal words: similar ones, in order (unless both have GUIDs).
        j = last_b
        for i in range(last_a, a):
            so = o.subs[olds[i]].provision
            text_o: frozenset[str] | None = None
            for jj in range(j, b):
                sn = n.subs[news[jj]].provision
                if so.guid and sn.guid:
                    continue
                if text_o is None:
                    text_o = shingles(so.full_text())
                if similarity(text_o, shingles(sn.full_text())) >= _SUB_SIMILAR:
                    pairs[olds[i]] = news[jj]
                    taken.add(news[jj])
                    j = jj + 1
                    break
        for t in range(size):
            pairs[olds[a + t]] = news[b + t]
            taken.add(news[b + t])
        last_a, last_b = a + size, b + size


def _bare(number: str | None) -> str | None:
    m = _BRACKETED.fullmatch(number or "")
    return m.group(1) if m else None


def _previous_label(subs: _Subs, k: int) -> str | None:
    """The bare number of the sibling before ``k`` (None if it is the first)."""
    siblings = subs.children(subs.subs[k].parent)
    pos = siblings.index(k)
    return _bare(subs.subs[siblings[pos - 1]].provision.number) if pos else None


def _in_order(o: _Subs, n: _Subs, k: int, m: int, pairs: dict[int, int]) -> bool:
    """Whether ``k`` ↔ ``m`` keeps its place among its paired siblings."""
    inverse = {v: u for u, v in pairs.items()}
    sib_o = o.children(o.subs[k].parent)
    sib_n = n.children(n.subs[m].parent)
    pos_o, pos_n = sib_o.index(k), sib_n.index(m)
    for before in reversed(sib_n[:pos_n]):
        if before in inverse and inverse[before] in sib_o:
            if sib_o.index(inverse[before]) > pos_o:
                return False
            break
    for before in reversed(sib_o[:pos_o]):
        if before in pairs and pairs[before] in sib_n:
            return sib_n.index(pairs[before]) < pos_n
    return True


def _relettered(
    o: _Subs, n: _Subs, pairs: dict[int, int], candidates: Sequence[int]
) -> tuple[list[tuple[tuple[int, int, int, int], str, str]], dict[str, str]]:
    """The numbers that changed only because siblings were inserted or removed before
    them: (offsets of the bare number in old and new text, old number, new number); and
    how the numbers of paired sub-provisions changed (for references to them), unless
    one number changed in two ways."""
    out: list[tuple[tuple[int, int, int, int], str, str]] = []
    known: dict[str, str] = {}
    twice: set[str] = set()
    line_pairs: list[tuple[int, int, int, int]] = []  # old line, new line, skip old, skip new
    if o.root_line is not None and n.root_line is not None:
        line_pairs.append((o.root_line, n.root_line, 0, 0))
    for k, m in pairs.items():
        so, sn = o.subs[k], n.subs[m]
        num_o, num_n = so.provision.number or "", sn.provision.number or ""
        line_pairs.append((so.line, sn.line, len(num_o), len(num_n)))
        if num_o == num_n:
            continue
        bare_o, bare_n = _bare(num_o), _bare(num_n)
        if bare_o is None or bare_n is None:
            continue
        parent_o, parent_n = so.parent, sn.parent
        if (parent_o is None) != (parent_n is None) or (
            parent_o is not None and pairs.get(parent_o) != parent_n
        ):
            continue
        if not natural_label(bare_n, _previous_label(n, m)):
            continue
        if not (natural_label(bare_o, _previous_label(o, k)) or _A_NUMBER.fullmatch(bare_o)):
            continue
        if not _in_order(o, n, k, m, pairs):
            continue
        at_o, at_n = o.starts[so.line] + 1, n.starts[sn.line] + 1
        out.append(((at_o, at_o + len(bare_o), at_n, at_n + len(bare_n)), bare_o, bare_n))
        if known.get(bare_o, bare_n) != bare_n:
            twice.add(bare_o)
        known[bare_o] = bare_n
    # Numbers inside a line: text quoted into another Act keeps its provisions there.
    # Only lines where a short hunk starts can hold one.
    lines_with = {bisect_right(o.starts, at) - 1 for at in candidates}
    for line_o, line_n, skip_o, skip_n in line_pairs:
        if line_o not in lines_with:
            continue
        text_o, text_n = o.lines[line_o], n.lines[line_n]
        if text_o == text_n or "(" not in text_o:
            continue
        labels_o = inline_labels(text_o, skip_o)
        labels_n = inline_labels(text_n, skip_n)
        if not labels_o or not labels_n:
            continue
        base_o, base_n = o.starts[line_o], n.starts[line_n]
        for a, b in _pair_segments(text_o, labels_o, text_n, labels_n):
            start_o, end_o, bare_o, natural_o = labels_o[a]
            start_n, end_n, bare_n, natural_n = labels_n[b]
            if bare_o != bare_n and natural_n and (natural_o or _A_NUMBER.fullmatch(bare_o)):
                span = (base_o + start_o, base_o + end_o, base_n + start_n, base_n + end_n)
                out.append((span, bare_o, bare_n))
    for number in twice:
        del known[number]
    return out, known


def _pair_segments(
    text_o: str,
    labels_o: list[tuple[int, int, str, bool]],
    text_n: str,
    labels_n: list[tuple[int, int, str, bool]],
) -> Iterator[tuple[int, int]]:
    """Pair the numbered segments of two lines: equal words in order, and between those,
    similar words in order."""
    keys_o = _segment_keys(text_o, labels_o)
    keys_n = _segment_keys(text_n, labels_n)
    matcher = difflib.SequenceMatcher(None, keys_o, keys_n, autojunk=False)
    last_a = last_b = 0
    for a, b, size in matcher.get_matching_blocks():
        j = last_b
        for i in range(last_a, a):
            mine = shingles(keys_o[i])
            for jj in range(j, b):
                if similarity(mine, shingles(keys_n[jj])) >= _SUB_SIMILAR:
                    yield i, jj
                    j = jj + 1
                    break
        for t in range(size):
            yield a + t, b + t
        last_a, last_b = a + size, b + size


def _segment_keys(text: str, labels: list[tuple[int, int, str, bool]]) -> list[str]:
    """The words after each number up to the next, squashed."""
    ends = [start - 1 for start, _, _, _ in labels[1:]] + [len(text)]
    return [
        _squash(text[end + 1 : stop]) for (_, end, _, _), stop in zip(labels, ends, strict=True)
    ]


def structure_changes(
    o: _Subs, n: _Subs, pairs: dict[int, int], old_text: str, new_text: str
) -> tuple[str, ...]:
    """Sub-provisions replaced, added or removed, in the print's words ("subsection (6)
    replaced", "sub-paragraph (3) added", "paragraph (b) removed").

    A sub-provision whose words are all still there (only its markup changed) is
    neither; one whose parent is listed is not listed again.
    """
    taken = set(pairs.values())
    removed = [k for k in range(len(o.subs)) if k not in pairs]
    added = [m for m in range(len(n.subs)) if m not in taken]
    if not removed and not added:
        return ()
    squashed_o, squashed_n = _squash(old_text), _squash(new_text)

    def still_there(subs: _Subs, k: int, mine: str, other: str) -> bool:
        words = _squash(subs.lines[subs.subs[k].line])
        return bool(words) and other.count(words) >= mine.count(words)

    removed = [k for k in removed if not still_there(o, k, squashed_o, squashed_n)]
    added = [m for m in added if not still_there(n, m, squashed_n, squashed_o)]
    added_labels = {n.subs[m].label: m for m in added}
    replaced = {
        k: added_labels[o.subs[k].label] for k in removed if o.subs[k].label in added_labels
    }
    listed_o = set(removed)
    listed_n = set(added)

    def folded(subs: _Subs, k: int, listed: set[int]) -> bool:
        parent = subs.subs[k].parent
        while parent is not None:
            if parent in listed:
                return True
            parent = subs.subs[parent].parent
        return False

    out = [f"{o.subs[k].label} replaced" for k in replaced if not folded(o, k, listed_o)]
    out += [
        f"{n.subs[m].label} added"
        for m in added
        if m not in replaced.values() and not folded(n, m, listed_n)
    ]
    out += [
        f"{o.subs[k].label} removed"
        for k in removed
        if k not in replaced and not folded(o, k, listed_o)
    ]
    return tuple(out)


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


def _heading_version(p: Provision, ancestors: tuple[Provision, ...], index: int) -> UnitVersion:
    """One side of a container, as a unit whose words are its heading."""
    schedule = next((a for a in ancestors if a.kind is Kind.SCHEDULE), None)
    home = next((a for a in reversed(ancestors) if a.kind in (Kind.PART, Kind.CHAPTER)), None)
    heading = p.heading or ""
    return UnitVersion(
        kind=p.kind,
        number=p.number,
        heading=p.heading,
        schedule=(schedule.number or "") if schedule is not None else None,
        part=f"{home.kind.value.capitalize()} {home.number or ''} {home.heading or ''}".strip()
        if home is not None
        else None,
        guid=p.guid,
        eid=p.eid,
        page=p.page,
        line=p.line,
        index=index,
        lines=(heading,) if heading else (),
        text=heading,
        line_info=(LineInfo("", p.kind, p.guid, p.eid, p.page, p.line, 0),) if heading else (),
        within=_within(ancestors),
    )


def _long_title(old: str, new: str, diff: TextDiff | None) -> UnitChange:
    """The long title as a unit of ``Comparison.headings``."""

    def version(text: str) -> UnitVersion | None:
        if not text:
            return None
        info = LineInfo("", Kind.LONG_TITLE, None, None, None, None, 0)
        return UnitVersion(
            Kind.LONG_TITLE,
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            0,
            (text,),
            text,
            line_info=(info,),
        )

    o, n = version(old), version(new)
    if o is None or n is None:
        status = Status.ADDED if o is None else Status.REMOVED
    else:
        status = Status.AMENDED if diff is not None else Status.UNCHANGED
    return UnitChange(status, o, n, "the Bill's long title" if o and n else "", 1.0, None, diff)


def _container_version(p: Provision) -> ContainerVersion:
    return ContainerVersion(p.kind, p.number, p.heading, p.guid, p.eid, p.page, p.line)


def _same_words(a: str | None, b: str | None) -> bool:
    return (a or "") == (b or "")


#: How many units a warning names before it counts the rest.
_NAMED = 5


class _Builder:
    def __init__(self, old: Bill, new: Bill) -> None:
        self.old_bill, self.new_bill = old, new
        self.old_units = list(old.units())
        self.new_units = list(new.units())
        self.old_schedules = [p for p in old.walk() if p.kind is Kind.SCHEDULE]
        self.new_schedules = [p for p in new.walk() if p.kind is Kind.SCHEDULE]
        # One Renumbering per schedule whose paragraphs need diffing (built on demand).
        self.schedule_numbers: dict[int, Renumbering] = {}
        # Each container's ancestors in the old and the new print (by id), for its heading.
        self.ancestors: tuple[dict[int, tuple[Provision, ...]], ...] = ({}, {})

    def build(self) -> Comparison:
        sched_pairs = align_schedules(self.old_schedules, self.new_schedules)
        unit_pairs = align_units(
            self.old_units, self.new_units, self.old_schedules, self.new_schedules, sched_pairs
        )
        container_pairs, old_containers, new_containers = self._align_containers(unit_pairs)
        renumbering = self._renumbering(unit_pairs, sched_pairs)
        paragraph_maps = self._paragraph_maps(unit_pairs)
        movement = self._movement(unit_pairs, container_pairs, old_containers, new_containers)
        units = [
            self._unit_change(pair, renumbering, paragraph_maps, movement) for pair in unit_pairs
        ]
        units = _detect_splits_and_merges(units)
        units = self._substitutions(
            units, unit_pairs, movement, sched_pairs, renumbering, paragraph_maps
        )
        units.sort(key=_order_key(unit_pairs))
        containers = [
            self._container_change(pair, old_containers, new_containers) for pair in container_pairs
        ]
        old_lt, new_lt = self.old_bill.long_title or "", self.new_bill.long_title or ""
        long_title_diff = diff_words(old_lt, new_lt) if old_lt != new_lt else None
        headings = [
            self._heading(pair, change, old_containers, new_containers)
            for pair, change in zip(container_pairs, containers, strict=True)
        ]
        if old_lt or new_lt:
            headings.insert(0, _long_title(old_lt, new_lt, long_title_diff))
        return Comparison(
            old=PrintInfo.of(self.old_bill),
            new=PrintInfo.of(self.new_bill),
            units=tuple(units),
            containers=tuple(containers),
            renumbering=renumbering,
            long_title_diff=long_title_diff,
            warnings=self._warnings(units),
            headings=tuple(headings),
        )

    def _warnings(self, units: Sequence[UnitChange]) -> tuple[str, ...]:
        o, n = self.old_bill, self.new_bill
        # What the readers noticed in each file, named by the file.
        out = [
            f"{visible(bill.source_path or side)}: {w}"
            for side, bill in (("OLD", o), ("NEW", n))
            for w in bill.warnings
        ]
        different = different_bills(PrintInfo.of(o), PrintInfo.of(n))
        if different:
            out.append(
                f"the prints belong to different bills ({different}); pairs were found by "
                "number, heading and text"
            )
        swapped = swapped_warning(PrintInfo.of(o), PrintInfo.of(n))
        if swapped:
            out.append(swapped)
        coarse = [u.label for u in units if u.text_diff is not None and u.text_diff.coarse]
        if coarse:
            named = ", ".join(coarse[:_NAMED])
            more = f" and {len(coarse) - _NAMED:,} more" if len(coarse) > _NAMED else ""
            out.append(
                f"{named}{more}: too many changes to compare word by word within billdiff's "
                "bounds; each passage changed throughout is shown replaced whole"
            )
        return tuple(out)

    # containers ----------------------------------------------------------------------------

    def _align_containers(
        self, unit_pairs: Sequence[Pair]
    ) -> tuple[list[Pair], list[Provision], list[Provision]]:
        old_c = _containers(self.old_bill)
        new_c = _containers(self.new_bill)
        self.ancestors = (
            {id(p): a for p, a in old_c},
            {id(p): a for p, a in new_c},
        )
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
                text_of=_heading_of(p),
            )

        def by_content(m: Matcher) -> None:
            # A container whose units (mostly) went to one container is that container.
            # Only containers that share a unit are compared: an index from each unit to
            # the free new containers holding it keeps this linear in the Bill's size.
            holders: dict[int, list[int]] = {}
            for j in m.free_new():
                for unit in new_of[j]:
                    holders.setdefault(unit, []).append(j)
            scored = []
            for i in m.free_old():
                shared: Counter[int] = Counter()
                for unit in old_of[i]:
                    shared.update(holders.get(unit, ()))
                for j, count in shared.items():
                    if not m.may_pair(i, j):
                        continue
                    score = count / max(len(old_of[i]), len(new_of[j]))
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

    def _heading(
        self,
        pair: Pair,
        change: ContainerChange,
        old_c: Sequence[Provision],
        new_c: Sequence[Provision],
    ) -> UnitChange:
        """A container as a unit whose words are its heading (see ``Comparison.headings``)."""
        versions: list[UnitVersion | None] = []
        for index, found, ancestors in (
            (pair.old, old_c, self.ancestors[0]),
            (pair.new, new_c, self.ancestors[1]),
        ):
            if index is None:
                versions.append(None)
            else:
                p = found[index]
                versions.append(_heading_version(p, ancestors[id(p)], index))
        old, new = versions
        old_words, new_words = (v.text if v else "" for v in (old, new))
        diff = diff_words(old_words, new_words) if old and new and old_words != new_words else None
        if change.status is ContainerStatus.ADDED:
            status = Status.ADDED
        elif change.status is ContainerStatus.REMOVED:
            status = Status.REMOVED
        elif old is not None and new is not None and old.number != new.number:
            status = Status.RENUMBERED
        else:
            status = Status.AMENDED if diff is not None else Status.UNCHANGED
        return UnitChange(status, old, new, change.reason, pair.score, None, diff)

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
            if (
                o.provision.kind is n.provision.kind is Kind.SCHEDULE_PARAGRAPH
                and o.schedule is not None
                and n.schedule is not None
                and o.provision.number
            ):
                number = n.provision.number or ""
                maps.setdefault(id(n.schedule), {})[o.provision.number] = number
        return maps

    def _movement(
        self,
        unit_pairs: Sequence[Pair],
        container_pairs: Sequence[Pair],
        old_c: Sequence[Provision],
        new_c: Sequence[Provision],
    ) -> dict[int, tuple[str, ...]]:
        """For each paired old unit, how it moved: "part" (its Part, Chapter or schedule is
        not its old one's partner), "crossheading" (likewise its cross-heading) and "order"
        (out of order among the paired units); empty if it stayed in place."""
        new_of_old: dict[int, int] = {}
        old_of_new: dict[int, int] = {}
        for p in container_pairs:
            if p.old is not None and p.new is not None:
                new_of_old[id(old_c[p.old])] = id(new_c[p.new])
                old_of_new[id(new_c[p.new])] = id(old_c[p.old])
        paired = [p for p in unit_pairs if p.old is not None and p.new is not None]
        in_order = _longest_increasing([p.old for p in sorted(paired, key=_new_index)])
        out: dict[int, tuple[str, ...]] = {}
        for p in paired:
            assert p.old is not None and p.new is not None
            o_unit, n_unit = self.old_units[p.old], self.new_units[p.new]
            how = []
            o_home, n_home = _home(o_unit), _home(n_unit)
            same_home = (o_home is None and n_home is None) or (
                o_home is not None
                and n_home is not None
                and new_of_old.get(id(o_home)) == id(n_home)
            )
            if not same_home:
                how.append("part")
            # A cross-heading that is still in the print (paired) but no longer holds
            # the unit, or one that was there before and did not hold it, is a move.
            o_x, n_x = _crossheading(o_unit), _crossheading(n_unit)
            id_o, id_n = id(o_x) if o_x else None, id(n_x) if n_x else None
            if (id_o is not None and id_o in new_of_old and new_of_old[id_o] != id_n) or (
                id_n is not None and id_n in old_of_new and old_of_new[id_n] != id_o
            ):
                how.append("crossheading")
            if p.old not in in_order:
                how.append("order")
            out[p.old] = tuple(how)
        return out

    def _numbers_for(
        self, new_index: int, renumbering: Renumbering, paragraph_maps: dict[int, dict[str, str]]
    ) -> Renumbering:
        sched = self.new_units[new_index].schedule
        if sched is None:
            return renumbering
        if id(sched) not in self.schedule_numbers:
            self.schedule_numbers[id(sched)] = _with_paragraphs(
                renumbering, paragraph_maps.get(id(sched), {})
            )
        return self.schedule_numbers[id(sched)]

    def _diffs(
        self,
        old: UnitVersion,
        new: UnitVersion,
        numbers: Renumbering,
    ) -> tuple[TextDiff | None, TextDiff | None, tuple[str, ...]]:
        """Heading diff, text diff (relettering classified) and structure changes of a pair."""
        heading_diff = (
            diff_words(old.heading or "", new.heading or "", numbers)
            if old.heading != new.heading
            else None
        )
        if old.text == new.text:
            return heading_diff, None, ()
        text_diff = diff_lines(old.lines, new.lines, numbers)
        structure: tuple[str, ...] = ()
        needs_subs = old.parts != new.parts
        candidates = _reletter_candidates(text_diff)
        if needs_subs or candidates:
            o = _Subs(self.old_units[old.index].provision, old.lines)
            n = _Subs(self.new_units[new.index].provision, new.lines)
            if o.ok and n.ok:
                pairs = _pair_subs(o, n)
                if needs_subs:
                    structure = structure_changes(o, n, pairs, old.text, new.text)
                if candidates:
                    text_diff = reletter(text_diff, *_relettered(o, n, pairs, candidates))
            elif candidates:
                text_diff = reletter(text_diff)
        return heading_diff, text_diff, structure

    def _unit_change(
        self,
        pair: Pair,
        renumbering: Renumbering,
        paragraph_maps: dict[int, dict[str, str]],
        movement: dict[int, tuple[str, ...]],
    ) -> UnitChange:
        old = _version(self.old_units[pair.old], pair.old) if pair.old is not None else None
        new = None
        if pair.new is not None:
            unit = self.new_units[pair.new]
            if old is not None and unit.provision is self.old_units[old.index].provision:
                # The same provision on both sides (an Act and its Keeling schedule share
                # every provision no amendment touches): its lines are already drawn.
                new = _placed(old, unit, pair.new)
            else:
                new = _version(unit, pair.new)
        if old is None or new is None:
            status = Status.ADDED if old is None else Status.REMOVED
            return UnitChange(status, old, new, pair.reason, pair.score, None, None)
        assert pair.old is not None and pair.new is not None
        numbers = renumbering
        if old.heading != new.heading or old.text != new.text:
            numbers = self._numbers_for(pair.new, renumbering, paragraph_maps)
        heading_diff, text_diff, structure = self._diffs(old, new, numbers)
        moved = movement.get(pair.old, ())
        if moved:
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
            structure=structure,
            movement=moved,
        )

    def _substitutions(
        self,
        units: list[UnitChange],
        unit_pairs: Sequence[Pair],
        movement: dict[int, tuple[str, ...]],
        sched_pairs: Sequence[Pair],
        renumbering: Renumbering,
        paragraph_maps: dict[int, dict[str, str]],
    ) -> list[UnitChange]:
        """A removed and an added unit with the same number in the same place — the units
        paired in place before and after them are partners — are one substituted unit.

        The alignment never paired them (their GUIDs differ, or their words are too
        different); this only says that one provision took the other's place."""
        removed = [u for u in units if u.status is Status.REMOVED]
        added = [u for u in units if u.status is Status.ADDED]
        if not removed or not added:
            return units
        old_group, new_group = self._groups(sched_pairs)
        # Units paired in place, per group, in order (the same order on both sides).
        anchors: dict[object, list[tuple[int, int]]] = {}
        for p in unit_pairs:
            if p.old is None or p.new is None or movement.get(p.old):
                continue
            group = old_group[p.old]
            if group == new_group[p.new]:
                anchors.setdefault(group, []).append((p.old, p.new))
        added_at: dict[tuple[object, str], UnitChange] = {}
        for u in added:
            assert u.new is not None
            if u.new.number:
                added_at[(new_group[u.new.index], u.new.number)] = u
        joined: dict[int, UnitChange] = {}
        dropped: set[int] = set()
        for u in removed:
            assert u.old is not None
            group = old_group[u.old.index]
            v = added_at.get((group, u.old.number or ""))
            if v is None or id(v) in dropped:
                continue
            assert v.new is not None
            around = anchors.get(group, [])
            olds = [a for a, _ in around]
            news = [b for _, b in around]
            k_old = bisect_left(olds, u.old.index)
            k_new = bisect_left(news, v.new.index)
            if k_old != k_new:
                continue  # another unit paired in place lies between them
            joined[id(u)] = self._substituted(u, v, renumbering, paragraph_maps)
            dropped.add(id(v))
        if not joined:
            return units
        return [joined.get(id(u), u) for u in units if id(u) not in dropped]

    def _substituted(
        self,
        gone: UnitChange,
        came: UnitChange,
        renumbering: Renumbering,
        paragraph_maps: dict[int, dict[str, str]],
    ) -> UnitChange:
        old, new = gone.old, came.new
        assert old is not None and new is not None
        numbers = self._numbers_for(new.index, renumbering, paragraph_maps)
        heading_diff, text_diff, _ = self._diffs(old, new, numbers)
        sim = similarity(shingles(old.text), shingles(new.text))
        if old.guid and new.guid and old.guid != new.guid:
            reason = "substituted: same number and place, new GUID"
        else:
            reason = f"substituted: same number and place, rewritten (similarity {sim:.2f})"
        return UnitChange(Status.SUBSTITUTED, old, new, reason, sim, heading_diff, text_diff)

    def _groups(self, sched_pairs: Sequence[Pair]) -> tuple[list[object], list[object]]:
        """The group of each old and new unit: the body, or its schedule's pair."""
        old_of: dict[int, object] = {}
        new_of: dict[int, object] = {}
        for n, p in enumerate(sched_pairs):
            if p.old is not None:
                old_of[id(self.old_schedules[p.old])] = n
            if p.new is not None:
                new_of[id(self.new_schedules[p.new])] = n

        def group(unit: Unit, of: dict[int, object]) -> object:
            sched = unit.schedule
            return "body" if sched is None else of.get(id(sched), ("alone", id(sched)))

        return [group(u, old_of) for u in self.old_units], [
            group(u, new_of) for u in self.new_units
        ]


def diff_lines(
    old_lines: Sequence[str], new_lines: Sequence[str], renumbering: Renumbering | None = None
) -> TextDiff:
    """Word diff of ``" ".join(old_lines)`` and ``" ".join(new_lines)``, computed block by block.

    Lines equal on both sides (found first, by a fast line-level diff) are
    skipped, and each run of changed lines is diffed word by word, so a long
    clause with two small edits costs two small diffs. The result is the same
    kind of :class:`TextDiff` as :func:`diff_words` of the joined texts; the blocks share
    one :class:`~billdiff.textdiff.Budget`, the bound on the word diff of one pair of units.
    """
    budget = Budget()
    old_text, new_text = " ".join(old_lines), " ".join(new_lines)
    # Text quoted into another Act sits on its host's line; cutting lines before each
    # "(2)", "(b)"... gives the line diff those inner provisions to work with too.
    old_lines = [c for line in old_lines for c in _BEFORE_NUMBER.split(line)]
    new_lines = [c for line in new_lines for c in _BEFORE_NUMBER.split(line)]
    if len(old_lines) < 2 or len(new_lines) < 2:
        return diff_words(old_text, new_text, renumbering, budget)
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
        return diff_words(old_text, new_text, renumbering, budget)
    # Work on the texts with an empty line appended to both: every changed block is
    # then followed by an equal line, so each block's text ends with its separating
    # space on both sides and the text between blocks is the same in old and new.
    old_s, new_s = old_text + " ", new_text + " "
    old_starts, new_starts = _starts(old_lines), _starts(new_lines)
    hunks: list[Hunk] = []
    for _, i1, i2, j1, j2 in blocks:
        o0, n0 = old_starts[i1], new_starts[j1]
        part = diff_words(
            old_s[o0 : old_starts[i2]], new_s[n0 : new_starts[j2]], renumbering, budget
        )
        for h in part.hunks:
            h = _shifted(h, o0, n0)
            if h.old_end > len(old_text) or h.new_end > len(new_text):
                # A run added or dropped at the very end took the appended space:
                # give it the space before it instead.
                h = _shifted(h, -1, -1, old=_rotate(h.old), new=_rotate(h.new))
            hunks.append(h)
    return TextDiff(old_text, new_text, tuple(hunks), coarse=budget.refused > 0)


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


def _heading_of(p: Provision) -> Callable[[], str]:
    """A container's words, for the cascade: its heading."""
    return lambda: p.heading or ""


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


def _new_index(p: Pair) -> int:
    return p.new if p.new is not None else -1


def _crossheading(unit: Unit) -> Provision | None:
    """The innermost cross-heading a unit sits under, if any (within its Part or schedule)."""
    for c in reversed(unit.context):
        if c.kind is Kind.CROSSHEADING:
            return c
        if c.kind in (Kind.PART, Kind.CHAPTER, Kind.SCHEDULE):
            return None
    return None


def _reletter_candidates(diff: TextDiff) -> list[int]:
    """Old offsets of the substantive hunks that could be a relettering: a bracketed number
    for another, or a full stop (a cheap test before pairing any sub-provisions)."""
    out = []
    old, new = diff.old, diff.new
    for h in diff.hunks:
        if h.cls is not HunkClass.SUBSTANTIVE:
            continue
        if h.op is Op.REPLACE:
            if (
                len(h.old) <= 6
                and len(h.new) <= 6
                and old[h.old_start - 1 : h.old_start] == "("
                and new[h.new_start - 1 : h.new_start] == "("
                and old[h.old_end : h.old_end + 1] == ")"
                and new[h.new_end : h.new_end + 1] == ")"
            ):
                out.append(h.old_start)
        elif (h.old or h.new) == ".":
            out.append(h.old_start)
    return out


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
    sources, targets = _Sources(lost), _Sources(gained)
    for u in added:
        assert u.new is not None
        source = sources.best(u.new.text)
        if source is not None and source.old is not None:
            replaced[id(u)] = _with(
                u, Status.SPLIT, f"split from {source.old.label}", source.old.label
            )
            split_into.setdefault(id(source), []).append(u.new.label)
    for u in removed:
        assert u.old is not None
        target = targets.best(u.old.text)
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


class _Sources:
    """Paired units that lost (or gained) words, as candidate sources of a split (or targets
    of a merge), indexed by the word pairs of those words: a unit is weighed only against
    the candidates it shares words with, and each candidate's words are read once."""

    def __init__(self, candidates: Sequence[tuple[UnitChange, str, str]]) -> None:
        self.units = [u for u, _, _ in candidates]
        self.sizes = [len(moved) for _, moved, _ in candidates]
        self.others = [other_side for _, _, other_side in candidates]
        self.index: dict[str, list[int]] = {}
        for k, (_, moved, _) in enumerate(candidates):
            for pair in shingles(moved):
                self.index.setdefault(pair, []).append(k)

    def best(self, text: str) -> UnitChange | None:
        """The candidate whose moved words hold most of ``text`` while its other side
        does not (the first such, in the candidates' order, on a tie)."""
        mine = shingles(text)
        if len(mine) < 8:  # too short to tell a split from a coincidence
            return None
        shared = Counter(k for pair in mine for k in self.index.get(pair, ()))
        best, best_score = None, 0.0
        for k in sorted(shared):
            if self.sizes[k] < 0.5 * len(text):
                continue
            contained = shared[k] / len(mine)
            if contained < 0.6 or contained <= best_score:
                continue
            if len(mine & shingles(self.others[k])) / len(mine) < 0.3:
                best, best_score = self.units[k], contained
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
