"""What the app opens, and reading it: the prints, the comparison, the notes, the marks.

:class:`Source` names the two prints and the notes file. Before Textual is even
imported, ``billdiff view`` starts reading both prints in forked children
(:class:`billdiff.parallel.Pending`), so the app starts up while the other cores
read; :func:`open_session` (run in a worker thread) then compares the prints,
opens the notes and the reviewed marks, and places the notes. Nothing here
imports Textual.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from billdiff import parallel
from billdiff.annotations.notes import resolve_author
from billdiff.annotations.review import Review
from billdiff.annotations.reviewed import ReviewedMarks, reviewed_path
from billdiff.annotations.store import NoteStore
from billdiff.comparison import Comparison
from billdiff.errors import AnnotationError
from billdiff.model import Bill


@dataclass
class Source:
    """Two prints to compare and the notes file to use."""

    old: str
    new: str
    notes: Path
    #: Said once the comparison is open (e.g. where the example's notes are kept).
    notice: str | None = None
    #: Where files the app writes (the HTML report) go by default; None: beside NEW.
    #: The bundled example's prints sit inside the package, which is never written to.
    output_dir: Path | None = None
    #: The prints being read already, if the caller started them early.
    pending: tuple[parallel.Pending, parallel.Pending] | None = field(default=None, repr=False)

    def start_reading(self) -> None:
        """Start reading both prints in child processes (only from a one-thread process)."""
        if self.pending is None and parallel.enabled and hasattr(os, "fork"):
            # Niced: on a busy machine the app's own start-up (drawing its first screen,
            # taking keys) comes first, and the children have the rest of the cores.
            self.pending = (parallel.Pending(self.old, 5), parallel.Pending(self.new, 5))

    def bills(self) -> tuple[Bill, Bill]:
        """Both prints, read now or collected from the children reading them."""
        if self.pending is not None:
            old, new = self.pending
            try:
                return old.result(), new.result()
            finally:
                old.cancel()
                new.cancel()
        from billdiff.formats import load

        return load(self.old), load(self.new)


@dataclass
class Session:
    """Everything the app shows: the comparison, the notes and where they land, the marks."""

    source: Source
    comparison: Comparison
    store: NoteStore
    review: Review
    marks: ReviewedMarks
    author: str
    #: A problem with the marks file (the app then keeps marks in memory only).
    marks_problem: str | None = None


def open_session(source: Source) -> Session:
    """Compare the prints and open their notes and reviewed marks (slow: call in a worker)."""
    from billdiff.engine import compare

    old, new = source.bills()
    comparison = compare(old, new)
    store = NoteStore.open(source.notes)
    review = Review(comparison, store.notes)
    problem = None
    try:
        marks = ReviewedMarks.open(reviewed_path(source.notes))
    except AnnotationError as e:
        marks, problem = ReviewedMarks(reviewed_path(source.notes)), str(e)
    return Session(source, comparison, store, review, marks, resolve_author(), problem)
