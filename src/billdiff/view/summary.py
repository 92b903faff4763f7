"""The counts a reader sees first: how many units changed, how, and what kind of change.

A unit is counted under every class of change it has, wherever it is: a
renumbered clause with a substantive edit counts as renumbered *and* as
having a substantive change. Classes set aside with ``ignore`` are not
counted, and a unit whose only changes were set aside is not changed (unless
its status is structural: added, removed, moved, renumbered...).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from billdiff.comparison import Comparison, Status
from billdiff.textdiff import HunkClass
from billdiff.view.words import count

#: The order statuses are listed in, most telling first.
STATUS_ORDER = (
    "added",
    "removed",
    "substituted",
    "split",
    "merged",
    "moved",
    "renumbered",
    "amended",
)
#: The order classes of change are listed in (HunkClass's own order).
CLASS_ORDER = tuple(c.value for c in HunkClass)


@dataclass(frozen=True, slots=True)
class Summary:
    """How much changed between two prints, once ``ignored`` classes are set aside."""

    #: Units in the comparison (paired, added and removed).
    units: int
    #: Units still changed.
    changed: int
    #: Changed units per status (every status present, 0 where none).
    statuses: dict[str, int]
    #: Changed units with at least one change of each class (every class present).
    classes: dict[str, int]
    #: Parts, Chapters, cross-headings and schedules added, removed, renamed or renumbered.
    containers: int
    #: Whether the long title changed (beyond ignored classes).
    long_title: bool
    ignored: tuple[str, ...]

    @property
    def different(self) -> bool:
        """Whether anything still differs: what the exit code of ``diff`` says."""
        return bool(self.changed or self.containers or self.long_title)

    def line(self) -> str:
        """One line for a reader: "12 of 44 units changed: 2 added, …; wording: 4 substantive, …".

        Under "wording", each count is of units with at least one change of that class.
        """
        text = f"{self.changed} of {count(self.units, 'unit')} changed"
        statuses = [f"{self.statuses[s]} {s}" for s in _ordered(self.statuses, STATUS_ORDER)]
        if statuses:
            text += ": " + ", ".join(statuses)
        classes = [f"{self.classes[c]} {c}" for c in _ordered(self.classes, CLASS_ORDER)]
        if classes:
            text += "; wording: " + ", ".join(classes)
        if self.containers:
            text += f"; {self.containers} Parts/headings changed"
        if self.long_title:
            text += "; long title amended"
        if self.ignored:
            text += f"; ignoring {', '.join(self.ignored)} changes"
        return text


def _ordered(counts: dict[str, int], order: tuple[str, ...]) -> list[str]:
    """The keys of ``counts`` with a count, in ``order`` first, any others after."""
    keys = [k for k in order if counts.get(k)]
    return keys + sorted(k for k, v in counts.items() if v and k not in order)


def summarise(comparison: Comparison, ignore: Iterable[HunkClass] = ()) -> Summary:
    """The :class:`Summary` of ``comparison`` with ``ignore``'d classes set aside."""
    ignored = frozenset(ignore)
    changed = comparison.changed_units(ignored)
    by_status = Counter(u.status.value for u in changed)
    by_class: Counter[str] = Counter()
    for u in changed:
        by_class.update(c.value for c in u.hunk_classes - ignored)
    long_title = comparison.long_title_diff
    return Summary(
        units=len(comparison.units),
        changed=len(changed),
        statuses={s.value: by_status.get(s.value, 0) for s in Status if s is not Status.UNCHANGED},
        classes={c.value: by_class.get(c.value, 0) for c in HunkClass},
        containers=sum(1 for k in comparison.containers if k.changed),
        long_title=bool(long_title and long_title.classes() - ignored),
        ignored=tuple(sorted(i.value for i in ignored)),
    )
