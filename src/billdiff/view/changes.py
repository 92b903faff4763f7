"""The changes of a unit, numbered as every front end shows them.

A unit's changes are its heading's word changes, then its text's, in reading
order, numbered from 1. A change of spacing alone (a space added after a
defined term, a figure space for an ordinary one) is shown but not numbered:
nobody annotates it, and numbering it would shift every later number when
typesetting changes. ``billdiff notes add --change N``, the terminal UI and
the HTML report all use these numbers.

>>> [(c.number, c.field.value, c.hunk.old, c.hunk.new) for c in changes(unit)]  # doctest: +SKIP
[(1, 'heading', 'Grooming', 'Grooming and other aggravating factors'), (2, 'text', '6', '7')]
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum

from billdiff.comparison import Comparison, UnitChange
from billdiff.textdiff import Hunk, HunkClass, TextDiff


class Field(StrEnum):
    """Which words of a unit a change is in."""

    HEADING = "heading"
    TEXT = "text"


@dataclass(frozen=True, slots=True)
class Change:
    """One change of a unit: its display number (None for spacing only) and its hunk."""

    number: int | None
    field: Field
    index: int
    hunk: Hunk

    @property
    def cls(self) -> HunkClass:
        """The change's class (substantive, xref, typographic...)."""
        return self.hunk.cls


def spacing_only(hunk: Hunk) -> bool:
    """Whether a change only adds, removes or swaps whitespace."""
    return not hunk.old.strip() and not hunk.new.strip()


def diff_of(unit: UnitChange, field: Field) -> TextDiff | None:
    """The unit's word diff of its heading or of its text."""
    return unit.heading_diff if field is Field.HEADING else unit.text_diff


def changes(unit: UnitChange) -> tuple[Change, ...]:
    """Every change of ``unit``, heading first, numbered as shown to users."""
    return tuple(_changes(unit))


def _changes(unit: UnitChange) -> Iterator[Change]:
    number = 0
    for field in (Field.HEADING, Field.TEXT):
        diff = diff_of(unit, field)
        for index, hunk in enumerate(diff.hunks if diff is not None else ()):
            if spacing_only(hunk):
                yield Change(None, field, index, hunk)
            else:
                number += 1
                yield Change(number, field, index, hunk)


def long_title_numbers(comparison: Comparison) -> list[int | None] | None:
    """The change numbers of the long title's hunks (the ones ``notes add --long-title
    --change N`` takes), or None when it did not change."""
    title = comparison.long_title
    if title is None or title.text_diff is None:
        return None
    return numbers(changes(title), Field.TEXT)


def numbered(unit: UnitChange) -> tuple[Change, ...]:
    """The changes that have a number (spacing-only ones left out)."""
    return tuple(c for c in changes(unit) if c.number is not None)


def numbers(all_changes: Iterable[Change], field: Field) -> list[int | None]:
    """The display numbers of one field's hunks, in hunk order (for drawing a redline)."""
    return [c.number for c in all_changes if c.field is field]


def find(all_changes: Sequence[Change], field: Field, index: int) -> Change | None:
    """The change at ``index`` of ``field``'s hunks."""
    return next((c for c in all_changes if c.field is field and c.index == index), None)
