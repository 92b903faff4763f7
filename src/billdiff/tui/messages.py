"""The messages the app posts as things happen, so tests (and the app) can follow them.

Each says what happened in domain terms, never in pixels: a comparison was
opened, the current change moved, a note was saved (and whether the file had
to be merged), a unit was marked reviewed, a filter or the mode changed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from billdiff.comparison import UnitChange
    from billdiff.tui.layout import Stop
    from billdiff.tui.loading import Session


class Opened(Message):
    """The comparison, notes and marks are loaded and the first screen is drawn."""

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session


class OpenFailed(Message):
    """The prints or the notes could not be opened."""

    def __init__(self, error: str) -> None:
        super().__init__()
        self.error = error


class CurrentChanged(Message):
    """The current change (a stop of the diff pane) moved."""

    def __init__(self, index: int, current: Stop | None, unit: UnitChange | None) -> None:
        super().__init__()
        self.index = index
        #: The stop now current (``Message.stop`` is Textual's, hence the name).
        self.current = current
        #: The unit the change is of (the long title or heading, for theirs).
        self.unit = unit


class NotesSaved(Message):
    """The notes file was written: ``merged`` when it had changed on disk and was merged,
    ``noteworthy`` when that merge did something the reader must hear about (a conflict
    copy, an edit kept over a delete, a note the other writer deleted)."""

    def __init__(
        self, action: str, note_id: str | None, summary: str, merged: bool, noteworthy: bool
    ) -> None:
        super().__init__()
        self.action = action
        self.note_id = note_id
        self.summary = summary
        self.merged = merged
        self.noteworthy = noteworthy


class NotesFailed(Message):
    """A note could not be saved; nothing was lost, the app says why."""

    def __init__(self, action: str, error: str) -> None:
        super().__init__()
        self.action = action
        self.error = error


class ReviewedChanged(Message):
    """A unit was marked reviewed, or the mark was taken off."""

    def __init__(self, unit: UnitChange, reviewed: bool, saved: bool) -> None:
        super().__init__()
        self.unit = unit
        self.reviewed = reviewed
        self.saved = saved


class ViewChanged(Message):
    """The filters, the mode (inline or side by side) or the folding changed."""

    def __init__(self, what: str, shown_units: int) -> None:
        super().__init__()
        self.what = what
        self.shown_units = shown_units


class SearchDone(Message):
    """A search ran: how many places the words were found."""

    def __init__(self, words: str, hits: int) -> None:
        super().__init__()
        self.words = words
        self.hits = hits


class Exported(Message):
    """The HTML report was written (``path``), or could not be (``error``)."""

    def __init__(self, path: str | None, error: str | None) -> None:
        super().__init__()
        self.path = path
        self.error = error
