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
from collections.abc import Callable
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
    from billdiff.history import History
    from billdiff.model import Bill

#: Prints up to this many bytes (both together) are compared in the child and the
#: comparison sent back; bigger ones are sent back as prints and compared here.
SEND_COMPARISON_LIMIT = 6_000_000
#: How much lower the child runs than the app: on a busy machine the app's own start-up
#: (its first screen, taking keys) comes first.
CHILD_NICENESS = 5


def _mapping_proxy(proxy: types.MappingProxyType[Any, Any]) -> tuple[Any, ...]:
    return (types.MappingProxyType, (dict(proxy),))


# A comparison's renumbering holds read-only mappings, which pickle cannot send as they are.
copyreg.pickle(types.MappingProxyType, _mapping_proxy)


class _Pending:
    """Work in a forked child; :meth:`result` waits for it.

    Only from a process with one thread (``billdiff view`` forks before Textual starts).
    Errors in the child come back as the same :class:`~billdiff.errors.BilldiffError`
    class and message.
    """

    def __init__(self, child: Callable[[int, int], NoReturn], what: str) -> None:
        """Fork a child that runs ``child(read_end, write_end)`` and sends its result."""
        self._what = what
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:
            child(read_end, write_end)
        os.close(write_end)
        self._pid, self._read_end = pid, read_end
        self._result: tuple[Any, ...] | None = None

    def _wait(self) -> Any:
        if self._result is None:
            self._result = _receive(self._pid, self._read_end, self._what)
            self._read_end = -1
        return _unpack(self._result)

    def failed_already(self) -> errors.BilldiffError | None:
        """The error the child has already stopped with; None while it works, or if it
        succeeded. Never waits: a child that has stopped has sent all it will send (and,
        short of a pipe's buffer, nothing it sent can be waiting to be written)."""
        if self._result is None and not _stopped(self._pid):
            return None
        try:
            self._wait()
        except errors.BilldiffError as e:
            return e
        return None

    def cancel(self) -> None:
        """Stop the child if its result is no longer wanted."""
        if self._result is None:
            self._result = ("error", "BilldiffError", "cancelled")
            parallel.reap(self._pid, self._read_end)
            self._read_end = -1


class PendingComparison(_Pending):
    """Two prints being read and compared in a forked child (or, for a Keeling schedule, a
    Bill read and applied to an Act)."""

    def __init__(self, old: str, new: str, keeling: bool = False) -> None:
        """Start reading and comparing ``old`` and ``new`` in a child process."""
        self.paths = (old, new)
        super().__init__(
            lambda r, w: _compare_in_child(old, new, keeling, r, w),
            f"comparing {old} and {new}",
        )

    def result(self) -> Comparison:
        """The comparison, or the child's error raised here."""
        comparison: Comparison = self._wait()
        return comparison


def _compare_in_child(old: str, new: str, keeling: bool, read_end: int, write_end: int) -> NoReturn:
    """Read both prints (two cores), compare them, send the comparison; never return."""

    def work() -> Any:
        if keeling:
            return keeling_comparison(old, new)
        from billdiff.engine import compare

        parallel.enabled = True  # this child has one thread: it may fork again
        return compare(*parallel.load_both(old, new))

    _child(work, read_end, write_end)


def keeling_comparison(bill: str, act: str) -> Comparison:
    """The Keeling schedule of ``act`` as the Bill ``bill`` would amend it."""
    from billdiff.keeling.files import keeling_of_files

    return keeling_of_files(bill, act).comparison


class PendingPrint(_Pending):
    """One print being read in a forked child (for prints too big to send a comparison
    of back quickly: there the app compares them itself)."""

    def __init__(self, path: str) -> None:
        """Start reading ``path`` in a child process."""
        self.path = path
        super().__init__(lambda r, w: _read_in_child(path, r, w), f"reading {path}")

    def result(self) -> Bill:
        """The print read, or the child's error raised here."""
        bill: Bill = self._wait()
        return bill


def _stopped(pid: int) -> bool:
    """Whether child ``pid`` has ended (it is left to be waited for)."""
    waitid = getattr(os, "waitid", None)  # not on every system: then it is never known early
    if waitid is None:
        return False
    try:
        return waitid(os.P_PID, pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None
    except OSError:
        return False


def _receive(pid: int, read_end: int, doing: str) -> tuple[Any, ...]:
    """What a child sent, once it has finished (a short read is an internal error)."""
    try:
        with os.fdopen(read_end, "rb") as pipe:
            try:
                with parallel.deep_enough():
                    result: tuple[Any, ...] = pickle.load(pipe)
            except (EOFError, pickle.UnpicklingError):
                result = ("error", "BilldiffError", f"internal error {doing}")
        os.waitpid(pid, 0)
    except BaseException:
        parallel.reap(pid, -1)
        raise
    return result


def _unpack(result: tuple[Any, ...]) -> Any:
    if result[0] == "ok":
        return result[1]
    error_class = getattr(errors, str(result[1]), errors.BilldiffError)
    raise error_class(result[2])


def _read_in_child(path: str, read_end: int, write_end: int) -> NoReturn:
    """Read one print in a forked child and send it; never return."""

    def work() -> Any:
        from billdiff.formats import load

        return load(path)

    _child(work, read_end, write_end)


def _child(work: Any, read_end: int, write_end: int) -> NoReturn:
    """Do ``work()`` in a forked child, send ("ok", result) or the error, and leave."""
    code = 1
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # an interrupt is the app's to handle
        os.close(read_end)
        with contextlib.suppress(OSError):
            os.nice(CHILD_NICENESS)
        result: tuple[Any, ...]
        try:
            result = ("ok", work())
        except errors.BilldiffError as e:
            result = ("error", type(e).__name__, str(e))
        except RecursionError:
            result = ("error", "InputError", "a print is nested too deeply to process")
        except MemoryError:
            result = ("error", "InputError", "out of memory reading the prints")
        except Exception as e:  # said by the app in one line
            result = ("error", "BilldiffError", f"internal error: {type(e).__name__}: {e}")
        with os.fdopen(write_end, "wb") as out, parallel.deep_enough():
            pickle.dump(result, out, protocol=pickle.HIGHEST_PROTOCOL)
        code = 0
    except BaseException:  # the app sees a short read and says so
        pass
    finally:
        os._exit(code)


@dataclass
class Source:
    """Two prints to compare and the notes file to use; or a Bill's set of prints, of
    which any two are compared (``prints``, the last two first)."""

    old: str
    new: str
    notes: Path
    #: Said once the comparison is open (e.g. where the example's notes are kept).
    notice: str | None = None
    #: Where files the app writes (the HTML report) go by default; None: beside NEW.
    #: The bundled example's prints sit inside the package, which is never written to.
    output_dir: Path | None = None
    #: The comparison being made already (or the two prints being read), if started early.
    pending: PendingComparison | tuple[PendingPrint, PendingPrint] | None = field(
        default=None, repr=False
    )
    #: Every print of the set, when more than two were given (any two can be compared).
    prints: tuple[str, ...] = ()
    #: Whether ``notes`` was chosen by the reader (else it follows the NEW print chosen).
    notes_given: bool = True
    #: The prints of the set being read, if started early.
    pending_set: tuple[PendingPrint, ...] = field(default=(), repr=False)
    #: OLD is an amending Bill and NEW the Act it amends: open the Keeling schedule.
    keeling: bool = False

    def start_reading(self) -> None:
        """Start reading (and, for prints of ordinary size, comparing) the prints in
        children; only from a one-thread process, and only where
        :data:`billdiff.parallel.enabled`.

        Sending a comparison back costs time in proportion to its size, and it pays only
        while the app is still starting up; past :data:`SEND_COMPARISON_LIMIT` bytes of
        prints the children send the prints and the app compares them.
        """
        if self.pending is not None or not parallel.enabled or not hasattr(os, "fork"):
            return
        if self.prints:
            if not self.pending_set:
                self.pending_set = tuple(PendingPrint(p) for p in self.prints)
            return
        try:
            size = os.path.getsize(self.old) + os.path.getsize(self.new)
        except OSError:
            size = 0  # the child will say what is wrong with the file
        if size <= SEND_COMPARISON_LIMIT or self.keeling:
            self.pending = PendingComparison(self.old, self.new, self.keeling)
        else:
            self.pending = (PendingPrint(self.old), PendingPrint(self.new))

    def children(self) -> tuple[_Pending, ...]:
        """The children reading (or comparing) the prints, if any were started."""
        pending = self.pending
        started = (pending,) if isinstance(pending, PendingComparison) else (pending or ())
        return (*started, *self.pending_set)

    def failed_already(self) -> errors.BilldiffError | None:
        """An error a child has already stopped with (a print that cannot be read), found
        without waiting for the others; None if there is none yet."""
        for child in self.children():
            error = child.failed_already()
            if error is not None:
                return error
        return None

    def cancel(self) -> None:
        """Stop every child still at work."""
        for child in self.children():
            child.cancel()

    def comparison(self) -> Comparison:
        """The comparison of the two prints: collected from the children, or made now."""
        from billdiff.engine import compare

        pending = self.pending
        if isinstance(pending, PendingComparison):
            try:
                return pending.result()
            finally:
                pending.cancel()
        if pending is not None:
            try:
                return compare(pending[0].result(), pending[1].result())
            finally:
                pending[0].cancel()
                pending[1].cancel()
        if self.keeling:
            return keeling_comparison(self.old, self.new)
        from billdiff.formats import load

        return compare(load(self.old), load(self.new))

    def history(self) -> History:
        """The history of the set of prints: every print read (in children if started
        early) and put in order, each compared with the next."""
        from billdiff.formats import load
        from billdiff.history import History

        try:
            bills = [p.result() for p in self.pending_set] or [load(p) for p in self.prints]
        finally:
            for p in self.pending_set:
                p.cancel()
        return History.build(bills)


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
    #: The set of prints, when more than two were given, and which two are compared.
    history: History | None = None
    pair: tuple[int, int] = (0, 1)


def open_session(
    source: Source, history: History | None = None, pair: tuple[int, int] | None = None
) -> Session:
    """Compare the prints and open their notes and reviewed marks (slow: call in a worker).

    For a set of prints, ``pair`` (places in the history) says which two; by default the
    last two. Unless the reader named the notes file, it is the one beside that NEW print.
    """
    from billdiff.annotations.notes import resolve_author
    from billdiff.annotations.review import Review
    from billdiff.annotations.reviewed import ReviewedMarks, reviewed_path
    from billdiff.annotations.store import NoteStore

    if source.prints:
        history = history or source.history()
        last = len(history.bills) - 1
        pair = pair or (last - 1, last)
        new_path = history.bills[pair[1]].source_path
        if not source.notes_given and new_path:
            from billdiff.annotations.store import notes_beside

            source.notes = notes_beside(new_path)
        store = NoteStore.open(source.notes)
        comparison = history.comparison(*pair)
    else:
        store = NoteStore.open(source.notes)  # a bad notes file is said before the long wait
        comparison = source.comparison()
    review = Review(comparison, store.notes)
    problem = None
    try:
        marks = ReviewedMarks.open(reviewed_path(source.notes))
    except errors.AnnotationError as e:
        marks, problem = ReviewedMarks(reviewed_path(source.notes)), str(e)
    return Session(
        source,
        comparison,
        store,
        review,
        marks,
        resolve_author(),
        problem,
        history,
        pair or (0, 1),
    )
