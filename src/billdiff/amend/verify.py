"""Check a draft: read the paper back, apply it to the old print, compare with the new print.

Every instruction is printed in House style and read back with
:func:`billdiff.amend.wording.read_back`, as a clerk reads the paper; what
cannot be read back is a failure, whatever its record says. The applier
(:func:`billdiff.amend.apply.apply`) then sees only the old print and the
instructions read back; this module then holds its result up against the new print,
unit by unit, and says what differs: nothing (words, heading and number all
equal), only the number, only quotes, dashes and spaces
(:func:`~billdiff.normalise.typographic_key`), the heading, or the words, each
with the reason. It also says how much the amendments alone (without the
changes made on reprinting) reproduce.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from billdiff.amend.apply import Applied, AppliedUnit, NotApplied, apply
from billdiff.amend.generate import Draft
from billdiff.amend.positions import PrintPositions
from billdiff.amend.wording import read_back_all
from billdiff.comparison import Comparison, UnitChange
from billdiff.model import Bill
from billdiff.normalise import typographic_key

#: What can differ between an amended unit and the new print's, from least to most.
DIFFERENCES = ("number", "typographic", "heading", "words", "missing")


@dataclass(frozen=True, slots=True)
class Check:
    """How far a draft, applied to the old print, reproduces the new one."""

    changed: int
    exact: int
    #: Changed units equal to the new print's once quotes, dashes and spaces are set aside
    #: (heading and number equal too): :attr:`exact` and the typographic differences.
    typographic: int
    #: Changed units reproduced exactly by the amendments alone (no reprinting changes).
    amendments_only: int
    failures: tuple[tuple[str, str], ...]
    not_applied: tuple[NotApplied, ...]
    #: Whether numbers were compared (not when only some units were drafted).
    numbers: bool = True
    #: How many changed units differ, by what differs first (see :data:`DIFFERENCES`).
    differences: tuple[tuple[str, int], ...] = ()

    #: Instructions whose printed words billdiff cannot read back (so were not applied).
    unreadable: tuple[NotApplied, ...] = ()

    @property
    def ok(self) -> bool:
        """Whether every changed unit came out exactly as in the new print, from the
        paper's printed words."""
        return self.exact == self.changed and not self.not_applied and not self.unreadable


def _same(a: AppliedUnit, u: UnitChange, numbers: bool = True) -> tuple[str | None, str]:
    """(what differs, or None; why) for an applied unit against the new print's unit."""
    new = u.new
    assert new is not None
    if a.text != new.text:
        if typographic_key(a.text) != typographic_key(new.text):
            return "words", "its words differ"
        if (a.heading or "") == (new.heading or "") and (not numbers or a.number == new.number):
            return "typographic", "its quotes, dashes or spaces differ"
        return "words", "its quotes, dashes or spaces differ, and its heading or number"
    if (a.heading or "") != (new.heading or ""):
        return "heading", "its heading differs"
    if numbers and a.number != new.number:
        return "number", f"it is numbered {a.number}, not {new.number}"
    return None, ""


@dataclass(slots=True)
class Score:
    """Changed units, how many came out exactly, and what differs in the others."""

    changed: int = 0
    exact: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)
    differences: dict[str, int] = field(default_factory=dict)

    def differ(self, label: str, what: str, why: str) -> None:
        """Record that the unit ``label`` differs (``what``: one of :data:`DIFFERENCES`)."""
        self.failures.append((label, why))
        self.differences[what] = self.differences.get(what, 0) + 1


def score(result: Applied, draft: Draft, c: Comparison, numbers: bool = True) -> Score:
    """Every changed unit of the comparison against the amended Bill ``result``."""
    by_old = result.by_old()
    by_origin = result.by_origin()
    made = {key: number for number, key in draft.produces}
    out = Score()
    for u in c.units:
        if not u.changed:
            continue
        out.changed += 1
        if u.new is None:
            assert u.old is not None
            if u.old.index in by_old:
                out.differ(u.label, "missing", "it is still there")
            else:
                out.exact += 1
            continue
        if u.old is None:
            origin = made.get(u.key)
            a = by_origin.get(origin) if origin else None
        else:
            a = by_old.get(u.old.index)
        if a is None:
            out.differ(u.label, "missing", "the amended Bill has no such unit")
            continue
        what, why = _same(a, u, numbers)
        if what is None:
            out.exact += 1
        else:
            out.differ(u.label, what, why)
    return out


def check(
    draft: Draft,
    old: Bill,
    c: Comparison,
    positions: PrintPositions | None,
    numbers: bool = True,
) -> Check:
    """Read ``draft`` back from its printed words, apply it to ``old`` and compare with the
    comparison's new print (its units' numbers too, unless ``numbers`` is False: a draft of
    only some units cannot know them)."""
    back, unreadable = read_back_all(draft.amendments, draft.printing, draft.house)
    result = apply(old, back, positions)
    s = score(result, draft, c, numbers)
    alone = apply(old, [i for i in back if i.tabled], positions)
    return Check(
        changed=s.changed,
        exact=s.exact,
        typographic=s.exact + s.differences.get("typographic", 0),
        amendments_only=score(alone, draft, c, numbers).exact,
        failures=tuple(s.failures),
        not_applied=result.not_applied,
        numbers=numbers,
        differences=tuple((k, s.differences[k]) for k in DIFFERENCES if k in s.differences),
        unreadable=tuple(
            NotApplied(i, f"its printed words cannot be read back: “{words}”")
            for i, words in unreadable
        ),
    )
