"""Find what a reader names: "12", "cl 12", "clause 12(3)", "2/5", "Part 3", "long title"…

A reference names a unit of either print of a comparison by how it is printed
(a number, "clause 12", "cl 12", "s. 5", "section 5", "Schedule 1 paragraph 3",
"the Schedule paragraph 4"), by ``SCHEDULE/PARAGRAPH`` ("1/3"; "S/4" in a lone
unnumbered Schedule), or by its GUID or eId. A sub-provision after it
("12(3)", "clause 12(3)(a)", "2/5(1)", or a subsection's own GUID or eId)
names the unit it is in, and where in it. It may also name one of the
headings a comparison reports besides its units: "long title", "Part 3",
"Part 3 Chapter 2" (or "Chapter 2" when only one Part has one), "Schedule 2
Part 1", "Schedule 2", "cross-heading Grooming", or a container's GUID or eId.

**One rule for a number that names different units in the two prints** (once
clauses are renumbered, "7" may be old clause 7, now 8, and new clause 7,
which was 6): where one unit is wanted — ``notes add``, the terminal UI's
``g`` — it is the **new print's** clause 7, and the reader is told what the
old print's 7 is; ``old:7`` names that one, ``new:7`` says so outright. Where
a reference selects what to show (``diff --clause``), it selects every unit it
names, in either print, and a Part or Chapter selects its own heading and
every unit in it.

>>> parse("Schedule 2 paragraph 5")
Reference(side=None, key='2/5', path=None)
>>> parse("new:cl 17(3)(a)")
Reference(side='new', key='17', path='(3)(a)')
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from billdiff.comparison import Comparison, UnitChange, UnitVersion
from billdiff.errors import UsageError
from billdiff.model import Kind

_SIDE = re.compile(r"(?i)(old|new)\s*:\s*(.+)")
_NUMBERED = re.compile(
    r"(?i)(?:(?:clauses?|sections?|regulations?|articles?|rules?)\s+|"
    r"(?:cls?|ss?|regs?|arts?)(?:\.\s*|\s+))(\S+)"
)
_SCHEDULE = r"(?:the\s+)?(?:schedule|sch\.?)(?:\s+(\d+[A-Za-z]*))?"
_PARAGRAPH = r"(?:paragraph|para\.?)\s*(\S+)"
_SCHEDULE_FIRST = re.compile(rf"(?i){_SCHEDULE}\s*,?\s+{_PARAGRAPH}")
_PARAGRAPH_FIRST = re.compile(rf"(?i){_PARAGRAPH}\s+of\s+{_SCHEDULE}")
# A sub-provision after a unit's number: "12(3)", "12 (3)(a)", "2/5(1)".
_PATH = re.compile(r"(?P<key>.*?[^\s(])\s*(?P<path>(?:\([0-9A-Za-z]+\))+)")
_QUOTES = str.maketrans("", "", "“”\"'‘’")
# Abbreviations readers use for the headings' first word.
_ABBREVIATED = {
    "pt": "part",
    "pt.": "part",
    "ch": "chapter",
    "ch.": "chapter",
    "chap": "chapter",
    "chap.": "chapter",
    "sch": "schedule",
    "sch.": "schedule",
    "crossheading": "cross-heading",
}


class NoSuchUnit(UsageError):
    """No unit of the comparison has that reference."""

    def __init__(self, ref: str, side: str | None) -> None:
        self.ref, self.side = ref, side
        where = f"the {side} print" if side else "either print"
        super().__init__(
            f"no clause or schedule paragraph {ref!r} in {where} (give a number like 12, "
            "a schedule paragraph like 2/5 or “Schedule 2 paragraph 5”, a Part like “Part 3”, "
            "“long title”, a GUID or an eId)"
        )


class NoSuchProvision(UsageError):
    """The unit is there, but not the sub-provision the reference names in it."""

    def __init__(self, ref: str, unit: UnitChange, path: str) -> None:
        self.ref, self.unit, self.path = ref, unit, path
        super().__init__(f"{unit.label} has no {path} in either print ({ref!r})")


class AmbiguousUnit(UsageError):
    """A reference that names several units and no rule picks one."""

    def __init__(self, ref: str, candidates: list[tuple[UnitChange, list[str]]]) -> None:
        self.ref, self.candidates = ref, candidates
        listed = "; ".join(f"{u.label} ({' and '.join(s)} {ref})" for u, s in candidates)
        refs = list(dict.fromkeys(u.side.ref for u, _ in candidates))
        if len(refs) < len(candidates):  # the same name twice: only ids tell them apart
            refs = [u.side.eid or u.side.guid or u.side.ref for u, _ in candidates]
        super().__init__(
            f"{ref} names {len(candidates)} different units: {listed}; say which: "
            + ", ".join(refs)
        )


@dataclass(frozen=True, slots=True)
class Reference:
    """A parsed reference: the side it is of (None: either), the key to match, and the
    sub-provision it names within that unit ("(3)(a)"; None for the whole unit)."""

    side: str | None
    key: str
    path: str | None = None


@dataclass(frozen=True, slots=True)
class Found:
    """The one unit (or heading) a reference names, and where in it."""

    unit: UnitChange
    #: The sub-provision named ("(3)(a)"), or None for the whole unit.
    path: str | None = None
    #: Other units the same reference names in the old print, when the new print's was
    #: taken (see the module docstring); a front end says so.
    others: tuple[UnitChange, ...] = ()


def parse(ref: str) -> Reference:
    """Read a reference as a reader writes it (see the module docstring)."""
    text = " ".join(ref.split())
    side = None
    m = _SIDE.fullmatch(text)
    if m:
        side, text = m.group(1).lower(), m.group(2).strip()
    path = None
    m = _PATH.fullmatch(text)
    if m:
        text, path = m.group("key"), m.group("path")
    m = _SCHEDULE_FIRST.fullmatch(text)
    if m:
        return Reference(side, f"{m.group(1) or 'S'}/{m.group(2)}", path)
    m = _PARAGRAPH_FIRST.fullmatch(text)
    if m:
        return Reference(side, f"{m.group(2) or 'S'}/{m.group(1)}", path)
    m = _NUMBERED.fullmatch(text)
    if m:
        return Reference(side, m.group(1), path)
    return Reference(side, text, path)


def _norm(text: str) -> str:
    """A heading reference compared loosely: case, quote marks, spacing, "the", "Pt." and
    other abbreviations."""
    words = text.translate(_QUOTES).casefold().split()
    if words[:1] == ["the"]:
        words = words[1:]
    return " ".join(_ABBREVIATED.get(w, w) for w in words)


def _keys_match(key: str, own: tuple[str | None, ...]) -> bool:
    if key in own:
        return True
    folded = key.casefold()
    return any(k is not None and k.casefold() == folded for k in own)


def _heading_matches(key: str, v: UnitVersion) -> bool:
    if _keys_match(key, (v.guid, v.eid)):
        return True
    mine, wanted = _norm(v.ref), _norm(key)
    if mine == wanted:
        return True
    if v.kind is Kind.CHAPTER:  # "Chapter 2" for "Part 3 Chapter 2"
        return mine.endswith(" " + wanted) and wanted.startswith("chapter ")
    if v.kind is Kind.CROSSHEADING:  # "cross-heading Grooming", or the heading itself
        heading = _norm(v.heading or "")
        return wanted in (heading, f"cross-heading {heading}")
    return False


def _sub_provision(key: str, v: UnitVersion) -> str | None:
    """The path of the sub-provision of ``v`` whose own GUID or eId is ``key``, if any."""
    for info in v.line_info:
        if info.number and _keys_match(key, (info.guid, info.eid)):
            return info.number
    return None


def _sides(unit: UnitChange) -> Iterator[tuple[str, UnitVersion]]:
    for name, v in (("old", unit.old), ("new", unit.new)):
        if v is not None:
            yield name, v


def _matches(
    comparison: Comparison, wanted: Reference
) -> list[tuple[UnitChange, list[str], str | None]]:
    """Every unit or heading ``wanted`` names, with the sides where it has that name and
    the sub-provision it names in it."""
    out = []
    for unit in comparison.units:
        sides, path = [], wanted.path
        for name, v in _sides(unit):
            if _keys_match(wanted.key, (v.ref, v.guid, v.eid)):
                sides.append(name)
            elif wanted.path is None and (found := _sub_provision(wanted.key, v)) is not None:
                sides.append(name)
                path = found
        if sides and (wanted.side is None or wanted.side in sides):
            out.append((unit, sides, path))
    if wanted.path is None:
        for heading in comparison.headings:
            sides = [name for name, v in _sides(heading) if _heading_matches(wanted.key, v)]
            if sides and (wanted.side is None or wanted.side in sides):
                out.append((heading, sides, None))
    return out


def matches(comparison: Comparison, ref: str) -> list[tuple[UnitChange, list[str]]]:
    """Every unit (or heading) ``ref`` names, each with the sides ("old", "new") where it
    has that name."""
    return [(unit, sides) for unit, sides, _ in _matches(comparison, parse(ref))]


def _has_path(unit: UnitChange, path: str) -> bool:
    return any(info.number == path for _, v in _sides(unit) for info in v.line_info)


def resolve(comparison: Comparison, ref: str) -> Found:
    """The one unit (or heading) ``ref`` names, by the rule in the module docstring.

    Raises :class:`NoSuchUnit`, :class:`NoSuchProvision`, or :class:`AmbiguousUnit` when
    even the new print's numbering leaves more than one.
    """
    wanted = parse(ref)
    found = _matches(comparison, wanted)
    if not found:
        raise NoSuchUnit(ref, wanted.side)
    chosen = found
    if len(found) > 1:
        chosen = [f for f in found if "new" in f[1]]
    if len(chosen) != 1:
        raise AmbiguousUnit(ref, [(u, s) for u, s, _ in found])
    unit, _, path = chosen[0]
    if path is not None and not _has_path(unit, path):
        raise NoSuchProvision(ref, unit, path)
    others = tuple(u for u, _, _ in found if u is not unit)
    return Found(unit, path, others)


def find_one(comparison: Comparison, ref: str) -> UnitChange:
    """The one unit ``ref`` names (see :func:`resolve`)."""
    return resolve(comparison, ref).unit


def _inside(heading: UnitChange, unit: UnitChange) -> bool:
    """Whether ``unit`` sits in the Part, Chapter or schedule ``heading`` stands for, in
    either print."""
    for name, h in _sides(heading):
        v = unit.old if name == "old" else unit.new
        if v is None or h.kind not in (Kind.PART, Kind.CHAPTER, Kind.SCHEDULE):
            continue
        if h.kind is Kind.SCHEDULE:
            if v.schedule is not None and v.schedule == (h.number or ""):
                return True
            continue
        path = (*h.within, f"{h.kind.value.capitalize()} {h.number or ''}".strip())
        if v.schedule == h.schedule and v.within[: len(path)] == path:
            return True
    return False


def find(comparison: Comparison, ref: str) -> list[UnitChange]:
    """Every unit ``ref`` names in either print (a number may name one unit in each), and
    for a Part, Chapter or schedule its own heading and every unit in it."""
    found = _matches(comparison, parse(ref))
    if not found:
        raise NoSuchUnit(ref, parse(ref).side)
    out = []
    for unit, _, path in found:
        if path is not None and not _has_path(unit, path):
            raise NoSuchProvision(ref, unit, path)
        out.append(unit)
        if unit.side.kind in (Kind.PART, Kind.CHAPTER, Kind.SCHEDULE) and any(
            h is unit for h in comparison.headings
        ):
            out += [u for u in comparison.units if _inside(unit, u)]
    return out


def restrict(comparison: Comparison, refs: Iterable[str]) -> Comparison:
    """The comparison of only what ``refs`` name: units (each may name one unit per print),
    and the long title, Parts, Chapters and other headings they name (with their units)."""
    keep: set[int] = set()
    for ref in refs:
        keep.update(id(u) for u in find(comparison, ref))
    units = tuple(u for u in comparison.units if id(u) in keep)
    long_title = comparison.long_title
    kept_title = long_title is not None and id(long_title) in keep
    containers = tuple(c for c in comparison.containers if id(comparison.heading_of(c)) in keep)
    headings = tuple(
        h for h in comparison.headings if id(h) in keep and (h is not long_title or kept_title)
    )
    return dataclasses.replace(
        comparison,
        units=units,
        containers=containers,
        long_title_diff=comparison.long_title_diff if kept_title else None,
        headings=headings,
    )
