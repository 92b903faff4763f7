"""Notes × a comparison: where each note lands, which changes it explains, what still needs one.

The one place every front end asks: the ``notes`` and ``check`` commands, the
terminal UI and the HTML report. A :class:`Review` anchors every note of a
notes file on a comparison (see :mod:`billdiff.annotations.anchor`) and then
answers:

- which notes are on a unit, and on which of its changes (by the numbered
  changes of :mod:`billdiff.view.changes`, hunk indices included);
- which notes are not attached (orphaned, ambiguous), never dropped;
- which notes were written on this very pair of prints, and which on others;
- which units need a note and lack one (:meth:`Review.check`, the CI gate),
  and, more finely, which changes of a unit no note covers.

A note explains a change when it is on the whole unit, when it records that
change (``target.change``, written on this pair of prints), or when the words
it quotes overlap the change's words where it landed.

The long title and every Part, Chapter, cross-heading and schedule are units
here too (:attr:`~billdiff.comparison.Comparison.headings`): notes land on them,
follow them to later prints and explain their changes by the same rules, and
``check`` requires notes on them by the same policy.

>>> review = Review(comparison, store.notes)  # doctest: +SKIP
>>> [p.short_id for p in review.for_unit(unit)]  # doctest: +SKIP
['12fc1426']
>>> review.check().ok  # doctest: +SKIP
False
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from billdiff.annotations.anchor import Anchor, AnchorStatus, reanchor
from billdiff.annotations.notes import (
    Note,
    NoteTarget,
    Side,
    author_of,
    body_text,
    first_line,
    read_target,
    short_id,
    status_of,
    tags_of,
)
from billdiff.annotations.policy import Require
from billdiff.comparison import STRUCTURAL, Comparison, PrintInfo, Status, UnitChange
from billdiff.textdiff import Hunk, HunkClass
from billdiff.view.changes import Change, Field, changes

#: Anchor statuses in the order notes are listed: attached ones, then the two kinds of loose.
ANCHOR_ORDER: tuple[str, ...] = tuple(s.value for s in AnchorStatus)

#: Statuses that need a note under the default policy, whatever the words did
#: (a renumbering alone is what the next print does anyway).
NEEDS_NOTE_STATUSES = STRUCTURAL - {Status.RENUMBERED}


@dataclass(frozen=True, slots=True)
class PlacedNote:
    """A note, where it landed in the comparison, and which of the unit's changes it is on."""

    note: Note
    anchor: Anchor
    target: NoteTarget | None
    #: The changes of :attr:`unit` the note is on (empty for a note on the whole unit).
    changes: tuple[Change, ...]
    #: Whether the note was written on this very pair of prints.
    written_here: bool

    @property
    def id(self) -> str:
        """The note's full id (``urn:uuid:…``)."""
        return str(self.note["id"])

    @property
    def short_id(self) -> str:
        """The first 8 hex digits of the id."""
        return short_id(self.id)

    @property
    def status(self) -> str:
        """ "open" or "resolved"."""
        return status_of(self.note)

    @property
    def resolved(self) -> bool:
        """Whether a lawyer has marked the note resolved."""
        return self.status == "resolved"

    @property
    def author(self) -> str:
        """Who wrote it."""
        return author_of(self.note)

    @property
    def created(self) -> str:
        """When it was written (ISO 8601)."""
        return str(self.note.get("created", ""))

    @property
    def modified(self) -> str:
        """When it was last changed (ISO 8601)."""
        return str(self.note.get("modified", ""))

    @property
    def text(self) -> str:
        """The note's Markdown text."""
        return body_text(self.note)

    @property
    def first_line(self) -> str:
        """The first non-blank line of its text."""
        return first_line(self.note)

    @property
    def tags(self) -> list[str]:
        """Its tags."""
        return tags_of(self.note)

    @property
    def replies(self) -> list[dict[str, Any]]:
        """Its replies, oldest first (each a note-shaped dict)."""
        replies = self.note.get("replies")
        return [r for r in replies if isinstance(r, dict)] if isinstance(replies, list) else []

    @property
    def unit(self) -> UnitChange | None:
        """The unit the note is about (also for an orphan whose unit is known)."""
        return self.anchor.unit

    @property
    def attached(self) -> bool:
        """Whether it sits on a unit of this comparison (exact, moved or fuzzy)."""
        return self.anchor.attached

    @property
    def blocking(self) -> bool:
        """Whether it fails ``check``: not attached, and not resolved."""
        return not self.attached and not self.resolved

    @property
    def noted_on(self) -> str:
        """What the note was written on: "clause 12 of As Introduced"."""
        if self.target is None:
            return "an unreadable target"
        return f"{self.target.label} of {self.target.print_name}"


@dataclass(frozen=True, slots=True)
class CheckResult:
    """What ``check`` found: the units needing a note, which have one, and loose notes."""

    require: Require
    ignore: frozenset[HunkClass]
    earlier_notes: bool
    #: Units that need a note under the policy, in reading order.
    required: tuple[UnitChange, ...]
    #: Each required unit that has a note, with the notes that explain it.
    explained: tuple[tuple[UnitChange, tuple[PlacedNote, ...]], ...]
    #: Required units with no note.
    unexplained: tuple[UnitChange, ...]
    #: Notes not attached to this comparison (orphaned or ambiguous), blocking or not.
    loose: tuple[PlacedNote, ...]
    #: How many notes the review holds.
    note_count: int

    @property
    def blocking(self) -> tuple[PlacedNote, ...]:
        """The loose notes that fail the check (not resolved)."""
        return tuple(p for p in self.loose if p.blocking)

    @property
    def ok(self) -> bool:
        """Whether every required unit has a note and no loose note is unresolved."""
        return not self.unexplained and not self.blocking


class Review:
    """The notes of a notes file placed on one comparison (see the module docstring)."""

    def __init__(self, comparison: Comparison, notes: Iterable[Note]) -> None:
        """Anchor every note in ``notes`` on ``comparison``."""
        self.comparison = comparison
        # Reading order is the outputs': the long title and the headings, then the units.
        self._order = {id(u): n for n, u in enumerate((*comparison.headings, *comparison.units))}
        placed = [self._place(note) for note in notes]
        self.notes: tuple[PlacedNote, ...] = tuple(sorted(placed, key=self._reading_order))
        self._by_unit: dict[int, list[PlacedNote]] = {}
        for p in self.notes:
            if p.attached and p.unit is not None:
                self._by_unit.setdefault(id(p.unit), []).append(p)

    # -- placing --------------------------------------------------------------------------

    def _place(self, note: Note) -> PlacedNote:
        anchor = reanchor(note, self.comparison)
        target = read_target(note)
        here = written_on(note, self.comparison)
        on = _changes_of(anchor, target, here) if anchor.attached else ()
        return PlacedNote(note, anchor, target, on, here)

    def _reading_order(self, p: PlacedNote) -> tuple[int, int, int, str, str]:
        """Attached notes by where they land, then ambiguous, then orphaned ones."""
        if not p.attached:
            rank = ANCHOR_ORDER.index(p.anchor.status.value)
            return (rank, 0, 0, p.created, p.id)
        first = min((c.number or 0 for c in p.changes), default=0)
        return (0, self._order.get(id(p.unit), -1), first, p.created, p.id)

    # -- asking ---------------------------------------------------------------------------

    @property
    def attached(self) -> tuple[PlacedNote, ...]:
        """The notes that sit on a unit, in reading order."""
        return tuple(p for p in self.notes if p.attached)

    @property
    def loose(self) -> tuple[PlacedNote, ...]:
        """The notes not attached here (ambiguous, then orphaned): shown apart, never dropped."""
        return tuple(p for p in self.notes if not p.attached)

    def for_unit(self, unit: UnitChange) -> tuple[PlacedNote, ...]:
        """The notes attached to ``unit`` (on it as a whole or on any of its changes)."""
        return tuple(self._by_unit.get(id(unit), ()))

    def on_whole_unit(self, unit: UnitChange) -> tuple[PlacedNote, ...]:
        """The notes on ``unit`` that are not on any one change."""
        return tuple(p for p in self.for_unit(unit) if not p.changes)

    def for_change(self, unit: UnitChange, change: Change) -> tuple[PlacedNote, ...]:
        """The notes on one change of ``unit``."""
        key = (change.field, change.index)
        return tuple(
            p for p in self.for_unit(unit) if any((c.field, c.index) == key for c in p.changes)
        )

    def get(self, note_id: str) -> PlacedNote | None:
        """The placed note with this full id."""
        return next((p for p in self.notes if p.id == note_id), None)

    def counts(self) -> dict[str, int]:
        """Notes per anchor status (every status present)."""
        counter = Counter(p.anchor.status.value for p in self.notes)
        return {status: counter.get(status, 0) for status in ANCHOR_ORDER}

    def select(self, status: str | None = None, tag: str | None = None) -> Review:
        """A review of only the notes with this open/resolved ``status`` and ``tag``."""
        kept = [
            p.note
            for p in self.notes
            if (status is None or p.status == status) and (tag is None or tag in p.tags)
        ]
        return Review(self.comparison, kept)

    # -- what needs a note ----------------------------------------------------------------

    def explains(self, p: PlacedNote, earlier_notes: bool = False) -> bool:
        """Whether ``p`` counts as explaining its unit's changes in this comparison.

        A note written on another pair of prints explains the changes of that
        pair, not whatever has changed in the unit since; ``earlier_notes`` lets
        it count anyway.
        """
        return p.attached and (earlier_notes or p.written_here)

    def explaining(self, unit: UnitChange, earlier_notes: bool = False) -> tuple[PlacedNote, ...]:
        """The notes that explain ``unit`` here."""
        return tuple(p for p in self.for_unit(unit) if self.explains(p, earlier_notes))

    def unexplained_changes(
        self,
        unit: UnitChange,
        require: Require = Require.SUBSTANTIVE,
        ignore: Iterable[HunkClass] = (),
        earlier_notes: bool = False,
    ) -> tuple[Change, ...]:
        """The changes of ``unit`` that need a note and that no note covers.

        A note on the whole unit covers all of them. (``check`` gates by unit;
        this finer answer is for front ends marking changes.)
        """
        notes = self.explaining(unit, earlier_notes)
        if any(not p.changes for p in notes):
            return ()
        covered = {(c.field, c.index) for p in notes for c in p.changes}
        return tuple(
            c
            for c in changes(unit)
            if c.number is not None
            and change_needs_note(c, require, ignore)
            and (c.field, c.index) not in covered
        )

    def check(
        self,
        require: Require = Require.SUBSTANTIVE,
        ignore: Iterable[HunkClass] = (),
        earlier_notes: bool = False,
    ) -> CheckResult:
        """The CI gate: every unit that needs a note has one, and no note is loose.

        The long title, Parts, Chapters, cross-headings and schedules count as units here:
        one added, removed, or with words changed in substance needs a note as a clause
        does (``Comparison.headings``).
        """
        ignored = frozenset(ignore)
        required = tuple(
            u
            for u in (*self.comparison.headings, *self.comparison.units)
            if needs_note(u, require, ignored)
        )
        explained = []
        unexplained = []
        for unit in required:
            notes = self.explaining(unit, earlier_notes)
            if notes:
                explained.append((unit, notes))
            else:
                unexplained.append(unit)
        return CheckResult(
            require=require,
            ignore=ignored,
            earlier_notes=earlier_notes,
            required=required,
            explained=tuple(explained),
            unexplained=tuple(unexplained),
            loose=self.loose,
            note_count=len(self.notes),
        )


def needs_note(
    unit: UnitChange, require: Require = Require.SUBSTANTIVE, ignore: Iterable[HunkClass] = ()
) -> bool:
    """Whether ``unit`` needs a note under ``require`` (the ``check`` policy)."""
    if require is Require.NONE:
        return False
    if require is Require.ANY:
        return unit.changed_after(ignore)
    return unit.status in NEEDS_NOTE_STATUSES or (
        HunkClass.SUBSTANTIVE in unit.hunk_classes - frozenset(ignore)
    )


def change_needs_note(
    change: Change, require: Require = Require.SUBSTANTIVE, ignore: Iterable[HunkClass] = ()
) -> bool:
    """Whether one change needs a note under ``require``."""
    if require is Require.NONE or change.cls in frozenset(ignore):
        return False
    return require is Require.ANY or change.cls is HunkClass.SUBSTANTIVE


def written_on(note: Note, comparison: Comparison) -> bool:
    """Whether ``note`` was written on this pair of prints (true for notes that do not say).

    ``target.comparison`` records both prints' SHA-256 and version; a side that
    records neither in a usable form does not match.
    """
    target = note.get("target")
    made_on = target.get("comparison") if isinstance(target, dict) else None
    if not isinstance(made_on, dict):
        return True
    return all(
        _same_print(made_on.get(side), info)
        for side, info in (("old", comparison.old), ("new", comparison.new))
    )


def _same_print(recorded: Any, info: PrintInfo) -> bool:
    if not isinstance(recorded, dict):
        return False
    sha = recorded.get("sha256")
    if isinstance(sha, str) and sha and info.sha256:
        return sha == info.sha256
    version = recorded.get("version")
    return isinstance(version, str) and version == info.version


def _changes_of(anchor: Anchor, target: NoteTarget | None, here: bool) -> tuple[Change, ...]:
    """The changes of the anchor's unit that the note is on."""
    unit = anchor.unit
    if unit is None:
        return ()
    all_changes = changes(unit)
    recorded = target.change if target is not None else None
    if here and recorded is not None:
        found = _recorded_change(all_changes, recorded)
        if found is not None:
            return (found,)
    if anchor.start is None or anchor.end is None or anchor.side is None:
        return ()
    return tuple(
        c
        for c in all_changes
        if c.field is Field.TEXT and _overlaps(c.hunk, anchor.side, anchor.start, anchor.end)
    )


def _recorded_change(all_changes: Sequence[Change], recorded: dict[str, Any]) -> Change | None:
    """The change a note recorded when it was written, if it is still that change."""
    name = recorded.get("field", Field.TEXT.value)
    index = recorded.get("index")
    if name not in (Field.HEADING.value, Field.TEXT.value) or type(index) is not int:
        return None
    for c in all_changes:
        if c.field.value == name and c.index == index:
            same = (recorded.get("old"), recorded.get("new")) == (c.hunk.old, c.hunk.new)
            return c if same else None
    return None


def _overlaps(hunk: Hunk, side: Side, start: int, end: int) -> bool:
    """Whether a hunk's words on ``side`` touch the span [start, end) of that side's text."""
    a, b = (hunk.new_start, hunk.new_end) if side is Side.NEW else (hunk.old_start, hunk.old_end)
    if a == b:  # nothing on this side (a pure insertion seen from the old text): a point
        return start < a < end
    return a < end and start < b


__all__ = [
    "ANCHOR_ORDER",
    "NEEDS_NOTE_STATUSES",
    "CheckResult",
    "PlacedNote",
    "Require",
    "Review",
    "change_needs_note",
    "needs_note",
    "written_on",
]
