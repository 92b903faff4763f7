"""Find the unit a reader names: "12", "clause 12", "2/5", "Schedule 2 paragraph 5", an eId…

A reference names a unit of either print of a comparison by how it is printed
(a number, "clause 12", "section 5", "Schedule 1 paragraph 3", "the Schedule
paragraph 4"), by ``SCHEDULE/PARAGRAPH`` ("1/3"; "S/4" in a lone unnumbered
Schedule), or by its GUID or eId. ``old:`` or ``new:`` in front says which
print the number is of, when a number names different units in the two.

>>> parse("Schedule 2 paragraph 5")
Reference(side=None, key='2/5')
>>> parse("new:clause 17")
Reference(side='new', key='17')
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from dataclasses import dataclass

from billdiff.comparison import Comparison, UnitChange
from billdiff.errors import UsageError

_SIDE = re.compile(r"(?i)(old|new)\s*:\s*(.+)")
_NUMBERED = re.compile(
    r"(?i)(?:(?:clauses?|sections?|regulations?|articles?|rules?)\s+|(?:cl|s|reg|art)\.\s*)(\S+)"
)
_SCHEDULE = r"(?:the\s+)?(?:schedule|sch\.?)(?:\s+(\d+[A-Za-z]*))?"
_PARAGRAPH = r"(?:paragraph|para\.?)\s*(\S+)"
_SCHEDULE_FIRST = re.compile(rf"(?i){_SCHEDULE}\s*,?\s+{_PARAGRAPH}")
_PARAGRAPH_FIRST = re.compile(rf"(?i){_PARAGRAPH}\s+of\s+{_SCHEDULE}")


class NoSuchUnit(UsageError):
    """No unit of the comparison has that reference."""

    def __init__(self, ref: str, side: str | None) -> None:
        self.ref, self.side = ref, side
        where = f"the {side} print" if side else "either print"
        super().__init__(
            f"no clause or schedule paragraph {ref!r} in {where} (give a number like 12, "
            "a schedule paragraph like 2/5 or “Schedule 2 paragraph 5”, a GUID or an eId)"
        )


class AmbiguousUnit(UsageError):
    """A reference that names different units in the two prints."""

    def __init__(self, ref: str, candidates: list[tuple[UnitChange, list[str]]]) -> None:
        self.ref, self.candidates = ref, candidates
        listed = "; ".join(f"{u.label} ({' and '.join(s)} {ref})" for u, s in candidates)
        super().__init__(
            f"{ref} names {len(candidates)} different units: {listed}; say old:{ref} or new:{ref}"
        )


@dataclass(frozen=True, slots=True)
class Reference:
    """A parsed reference: the side it is of (None: either) and the key to match."""

    side: str | None
    key: str


def parse(ref: str) -> Reference:
    """Read a reference as a reader writes it (see the module docstring)."""
    text = " ".join(ref.split())
    side = None
    m = _SIDE.fullmatch(text)
    if m:
        side, text = m.group(1).lower(), m.group(2).strip()
    m = _SCHEDULE_FIRST.fullmatch(text)
    if m:
        return Reference(side, f"{m.group(1) or 'S'}/{m.group(2)}")
    m = _PARAGRAPH_FIRST.fullmatch(text)
    if m:
        return Reference(side, f"{m.group(2) or 'S'}/{m.group(1)}")
    m = _NUMBERED.fullmatch(text)
    if m:
        return Reference(side, m.group(1))
    return Reference(side, text)


def matches(comparison: Comparison, ref: str) -> list[tuple[UnitChange, list[str]]]:
    """Every unit ``ref`` names, each with the sides ("old", "new") where it has that name."""
    wanted = parse(ref)
    out = []
    for unit in comparison.units:
        sides = [
            name
            for name, v in (("old", unit.old), ("new", unit.new))
            if v is not None and _keys_match(wanted.key, (v.ref, v.guid, v.eid))
        ]
        if sides and (wanted.side is None or wanted.side in sides):
            out.append((unit, sides))
    return out


def _keys_match(key: str, own: tuple[str | None, ...]) -> bool:
    if key in own:
        return True
    folded = key.casefold()
    return any(k is not None and k.casefold() == folded for k in own)


def find(comparison: Comparison, ref: str) -> list[UnitChange]:
    """Every unit ``ref`` names (a number may name one unit in each print)."""
    found = [unit for unit, _ in matches(comparison, ref)]
    if not found:
        raise NoSuchUnit(ref, parse(ref).side)
    return found


def find_one(comparison: Comparison, ref: str) -> UnitChange:
    """The one unit ``ref`` names; :class:`AmbiguousUnit` if it names two."""
    found = matches(comparison, ref)
    if not found:
        raise NoSuchUnit(ref, parse(ref).side)
    if len(found) > 1:
        raise AmbiguousUnit(ref, found)
    return found[0][0]


def restrict(comparison: Comparison, refs: Iterable[str]) -> Comparison:
    """The comparison of only the units ``refs`` name (each may name one unit per print)."""
    keep: set[int] = set()
    for ref in refs:
        keep.update(id(u) for u in find(comparison, ref))
    units = tuple(u for u in comparison.units if id(u) in keep)
    return dataclasses.replace(comparison, units=units, containers=(), long_title_diff=None)
