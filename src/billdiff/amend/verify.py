"""Check a draft: apply it to the old print and compare the result with the new print.

The applier (:func:`billdiff.amend.apply.apply`) sees only the old print and
the instructions; this module then holds its result up against the new print,
unit by unit: exactly equal (words, heading and number), equal once quotes,
dashes and spaces are normalised (:func:`~billdiff.normalise.typographic_key`),
or not, with the reason. It also says how much the amendments alone (without
the changes made on reprinting) reproduce.
"""

from __future__ import annotations

from dataclasses import dataclass

from billdiff.amend.apply import Applied, AppliedUnit, NotApplied, apply
from billdiff.amend.generate import Draft
from billdiff.amend.positions import PrintPositions
from billdiff.comparison import Comparison, UnitChange
from billdiff.model import Bill
from billdiff.normalise import typographic_key


@dataclass(frozen=True, slots=True)
class Check:
    """How far a draft, applied to the old print, reproduces the new one."""

    changed: int
    exact: int
    typographic: int
    #: Changed units reproduced exactly by the amendments alone (no reprinting changes).
    amendments_only: int
    failures: tuple[tuple[str, str], ...]
    not_applied: tuple[NotApplied, ...]
    #: Whether numbers were compared (not when only some units were drafted).
    numbers: bool = True

    @property
    def ok(self) -> bool:
        """Whether every changed unit came out exactly as in the new print."""
        return self.exact == self.changed and not self.not_applied


def _same(a: AppliedUnit, u: UnitChange, numbers: bool = True) -> tuple[bool, bool, str]:
    """(exact, typographic, why not) for an applied unit against the new print's unit."""
    new = u.new
    assert new is not None
    if a.text != new.text:
        typo = typographic_key(a.text) == typographic_key(new.text)
        return False, typo, "its words differ"
    typo = True
    if (a.heading or "") != (new.heading or ""):
        return False, typo, "its heading differs"
    if numbers and a.number != new.number:
        return False, typo, f"it is numbered {a.number}, not {new.number}"
    return True, True, ""


def _score(
    result: Applied, draft: Draft, c: Comparison, numbers: bool = True
) -> tuple[int, int, int, list[tuple[str, str]]]:
    by_old = result.by_old()
    by_origin = result.by_origin()
    made = {key: number for number, key in draft.produces}
    changed = exact = typo = 0
    failures: list[tuple[str, str]] = []
    for u in c.units:
        if not u.changed:
            continue
        changed += 1
        if u.new is None:
            assert u.old is not None
            if u.old.index in by_old:
                failures.append((u.label, "it is still there"))
            else:
                exact += 1
                typo += 1
            continue
        if u.old is None:
            origin = made.get(u.key)
            a = by_origin.get(origin) if origin else None
        else:
            a = by_old.get(u.old.index)
        if a is None:
            failures.append((u.label, "the amended Bill has no such unit"))
            continue
        e, t, why = _same(a, u, numbers)
        exact += e
        typo += t
        if not e:
            failures.append((u.label, why))
    return changed, exact, typo, failures


def check(
    draft: Draft,
    old: Bill,
    c: Comparison,
    positions: PrintPositions | None,
    numbers: bool = True,
) -> Check:
    """Apply ``draft`` to ``old`` and compare with the comparison's new print (its units'
    numbers too, unless ``numbers`` is False: a draft of only some units cannot know them)."""
    result = apply(old, draft.instructions, positions)
    changed, exact, typo, failures = _score(result, draft, c, numbers)
    alone = apply(old, draft.amendments, positions)
    _, amendments_only, _, _ = _score(alone, draft, c, numbers)
    return Check(
        changed=changed,
        exact=exact,
        typographic=typo,
        amendments_only=amendments_only,
        failures=tuple(failures),
        not_applied=result.not_applied,
        numbers=numbers,
    )
