"""Which units a report shows, and how: the rules the HTML report and the Word document
share, so that both fold, hide and show exactly the same units."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from billdiff.comparison import Status, UnitChange
from billdiff.textdiff import HunkClass

if TYPE_CHECKING:
    from billdiff.annotations.review import PlacedNote, Review


def class_names(classes: Iterable[HunkClass]) -> str:
    """Change classes in their usual order, comma-separated: "xref, typographic"."""
    order = {c: n for n, c in enumerate(HunkClass)}
    return ", ".join(c.value for c in sorted(classes, key=order.__getitem__))


@dataclass
class Selection:
    """A report's choice of units: the notes it carries, the classes of change it sets
    aside (``ignore``) or folds (``hide``), and whether unchanged units are left out."""

    review: Review | None
    ignore: frozenset[HunkClass]
    hide: frozenset[HunkClass]
    only_changed: bool

    def notes_of(self, unit: UnitChange) -> tuple[PlacedNote, ...]:
        """The notes placed on ``unit``."""
        return self.review.for_unit(unit) if self.review is not None else ()

    def changed(self, unit: UnitChange) -> bool:
        """Whether ``unit`` changed once the ignored classes are set aside."""
        return unit.changed_after(self.ignore)

    def folded(self, unit: UnitChange) -> bool:
        """A changed unit folded by ``hide``: its only counted changes are hidden classes
        (never one with a note)."""
        if not self.hide or self.notes_of(unit) or not self.changed(unit):
            return False
        if unit.status not in (Status.AMENDED, Status.RENUMBERED):
            return False
        classes = unit.hunk_classes - self.ignore
        return bool(classes) and classes <= self.hide

    def shown(self, unit: UnitChange) -> bool:
        """Whether ``unit`` is in the report at all."""
        return not self.only_changed or self.changed(unit) or bool(self.notes_of(unit))

    def option_words(self) -> list[str]:
        """How the classes of change were set aside or folded, as a report states it."""
        parts = []
        if self.ignore:
            parts.append(f"not counting {class_names(self.ignore)} changes")
        if self.hide:
            parts.append(f"folding units with only {class_names(self.hide)} changes")
        return parts
