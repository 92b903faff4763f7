"""What the app opens, and reading it: the prints, the comparison, the notes, the marks.

:class:`Source` names the two prints and the notes file. Before Textual is even
imported, ``billdiff view`` forks a child that reads both prints (on two cores, as
``billdiff diff`` does) and compares them, and sends the
:class:`~billdiff.comparison.Comparison` back pickled: the comparison is made on the
other core while this process starts Textual and draws its first screen.
:func:`open_session` (run in a worker thread) then takes it, opens the notes and the
reviewed marks, and places the notes. Nothing here imports Textual.
"""

from __future__ import annotations

import contextlib
import copyreg
import os
import pickle
import signal
import types
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from billdiff import errors, parallel

# Only what forking the child needs is imported up front, so it starts at once; the
# rest is imported by the worker (open_session) while the child works.
if TYPE_CHECKING:
    from billdiff.annotations.review import Review
    from billdiff.annotations.reviewed import ReviewedMarks
    from billdiff.annotations.store import NoteStore
    from billdiff.comparison import Comparison

#: How much lower the child runs than the app: on a busy machine the app's own start-up
#: (its first screen, taking keys) comes first.
CHILD_NICENESS = 5


def _mapping_proxy(proxy: types.MappingProxyType[Any, Any]) -> tuple[Any, ...]:
    return (types.MappingProxyType, (dict(proxy),))


# A comparison's renumbering holds read-only mappings, which pickle cannot send as they are.
copyreg.pickle(types.MappingProxyType, _mapping_proxy)


class PendingComparison:
    """Two prints being read and compared in a forked child; :meth:`result` waits for it.

    Only from a process with one thread (``billdiff view`` forks before Textual starts).
    Errors in the child come back as the same :class:`~billdiff.errors.BilldiffError`
    class and message.
    """

    def __init__(self, old: str, new: str) -> None:
        """Start reading and comparing ``old`` and ``new`` in a child process."""
        self.paths = (old, new)
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:
            _compare_in_child(old, new, read_end, write_end)
        os.close(write_end)
        self._pid, self._read_end = pid, read_end
        self._result: tuple[Any, ...] | None = None

    def result(self) -> Comparison:
        """The comparison, or the child's error raised here."""
        if self._result is None:
            try:
                with os.fdopen(self._read_end, "rb") as pipe:
                    self._read_end = -1
                    try:
                        self._result = pickle.load(pipe)
                    except (EOFError, pickle.UnpicklingError):
                        names = " and ".join(self.paths)
                        self._result = (
                            "error",
                            "BilldiffError",
                            f"internal error comparing {names}",
                        )
                os.waitpid(self._pid, 0)
            except BaseException:
                self.cancel()
                raise
        result = self._result
        if result[0] == "ok":
            comparison: Comparison = result[1]
            return comparison
        error_class = getattr(errors, str(result[1]), errors.BilldiffError)
        raise error_class(result[2])

    def cancel(self) -> None:
        """Stop the child if its result is no longer wanted."""
        if self._result is not None:
            return
        self._result = ("error", "BilldiffError", "cancelled")
        if self._read_end >= 0:
            with contextlib.suppress(OSError):
                os.close(self._read_end)
            self._read_end = -1
        with contextlib.suppress(OSError):
            os.kill(self._pid, signal.SIGKILL)
        with contextlib.suppress(OSError):
            os.waitpid(self._pid, 0)


def _compare_in_child(old: str, new: str, read_end: int, write_end: int) -> NoReturn:
    """Read both prints (two cores), compare them, send the result; never return."""
    code = 1
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # an interrupt is the app's to handle
        os.close(read_end)
        with contextlib.suppress(OSError):
            os.nice(CHILD_NICENESS)
        result: tuple[Any, ...]
        try:
            from billdiff.engine import compare

            parallel.enabled = True  # this child has one thread: it may fork again
            result = ("ok", compare(*parallel.load_both(old, new)))
        except errors.BilldiffError as e:
            result = ("error", type(e).__name__, str(e))
        except RecursionError:
            result = ("error", "InputError", "a print is nested too deeply to process")
        except MemoryError:
            result = ("error", "InputError", "out of memory reading the prints")
        except Exception as e:  # said by the app in one line
            result = ("error", "BilldiffError", f"internal error: {type(e).__name__}: {e}")
        with os.fdopen(write_end, "wb") as out:
            pickle.dump(result, out, protocol=pickle.HIGHEST_PROTOCOL)
        code = 0
    except BaseException:  # the app sees a short read and says so
        pass
    finally:
        os._exit(code)


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
    #: The comparison being made already, if the caller started it early.
    pending: PendingComparison | None = field(default=None, repr=False)

    def start_reading(self) -> None:
        """Start reading and comparing the prints in a child (only from a one-thread
        process, and only where :data:`billdiff.parallel.enabled`)."""
        if self.pending is None and parallel.enabled and hasattr(os, "fork"):
            self.pending = PendingComparison(self.old, self.new)

    def comparison(self) -> Comparison:
        """The comparison of the two prints: collected from the child, or made now."""
        if self.pending is not None:
            try:
                return self.pending.result()
            finally:
                self.pending.cancel()
        from billdiff.engine import compare
        from billdiff.formats import load

        return compare(load(self.old), load(self.new))


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
    from billdiff.annotations.notes import resolve_author
    from billdiff.annotations.review import Review
    from billdiff.annotations.reviewed import ReviewedMarks, reviewed_path
    from billdiff.annotations.store import NoteStore

    store = NoteStore.open(source.notes)  # a bad notes file is said before the long wait
    comparison = source.comparison()
    review = Review(comparison, store.notes)
    problem = None
    try:
        marks = ReviewedMarks.open(reviewed_path(source.notes))
    except errors.AnnotationError as e:
        marks, problem = ReviewedMarks(reviewed_path(source.notes)), str(e)
    return Session(source, comparison, store, review, marks, resolve_author(), problem)
