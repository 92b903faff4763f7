"""Read two prints at once on two cores, for the command line.

Reading a print is mostly Python work, so threads would not help; a forked
child reads the old print while this process reads the new one, and sends
its :class:`~billdiff.model.Bill` back pickled through a pipe. Errors in the
child come back as the same :class:`~billdiff.errors.BilldiffError` class and
message. Used only by the ``billdiff`` process itself (see
:func:`billdiff.cli.run`), never by library callers, and only where
``os.fork`` exists; otherwise, and for stdin, the prints are read one by one.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import sys
from typing import TYPE_CHECKING, NoReturn

from billdiff import errors

if TYPE_CHECKING:
    from billdiff.model import Bill

#: Set by the CLI entry point: forking is safe there (one thread, nothing to share).
enabled = False


def load_both(old: str, new: str) -> tuple[Bill, Bill]:
    """``(load(old), load(new))``, in parallel when :data:`enabled`."""
    from billdiff.formats import load

    if not enabled or not hasattr(os, "fork") or "-" in (old, new):
        return load(old), load(new)
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: read OLD, send it (or the error), leave at once
        _child(old, read_end, write_end)
    os.close(write_end)
    try:
        new_bill = load(new)
        with os.fdopen(read_end, "rb") as pipe:
            read_end = -1
            try:
                result = pickle.load(pipe)
            except (EOFError, pickle.UnpicklingError):
                result = ("error", "BilldiffError", f"internal error: could not read {old}")
        os.waitpid(pid, 0)
    except BaseException:
        _reap(pid, read_end)
        raise
    if result[0] == "ok":
        return result[1], new_bill
    error_class = getattr(errors, result[1], errors.BilldiffError)
    raise error_class(result[2])


def _child(old: str, read_end: int, write_end: int) -> NoReturn:
    """Read OLD in the forked child and send the result; never return into the caller.

    The child ignores SIGINT: an interrupt is the parent's to report (once), and the
    parent stops the child itself.
    """
    from billdiff.formats import load

    code = 1
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        os.close(read_end)
        result: tuple[object, ...]
        try:
            result = ("ok", load(old))
        except errors.BilldiffError as e:
            result = ("error", type(e).__name__, str(e))
        except RecursionError:
            result = ("error", "InputError", f"{old}: document is nested too deeply to process")
        except MemoryError:
            result = ("error", "InputError", f"{old}: out of memory reading it")
        except Exception as e:  # reported by the parent as one line
            result = ("error", "BilldiffError", f"internal error: {type(e).__name__}: {e}")
        with os.fdopen(write_end, "wb") as out:
            pickle.dump(result, out, protocol=pickle.HIGHEST_PROTOCOL)
        code = 0
    except BaseException:  # the parent sees a short read and says so
        pass
    finally:
        os._exit(code)


def _reap(pid: int, read_end: int) -> None:
    """Stop a child whose result is no longer wanted, and wait for it."""
    if read_end >= 0:
        with contextlib.suppress(OSError):
            os.close(read_end)
    with contextlib.suppress(OSError):
        os.kill(pid, signal.SIGKILL)
    with contextlib.suppress(OSError):
        os.waitpid(pid, 0)
    sys.stderr.flush()


class Pending:
    """A print being read in a forked child; :meth:`result` waits for it.

    For a front end that has other work to do first (the terminal UI starts up
    while both prints are read on the other cores). Only call from a process
    with one thread, and only where :data:`enabled` and ``os.fork`` exist.
    """

    def __init__(self, path: str, nice: int = 0) -> None:
        """Start reading ``path`` in a child process, ``nice``d so that the caller's own
        start-up work goes first when the cores are busy."""
        self.path = path
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:
            if nice:
                with contextlib.suppress(OSError):
                    os.nice(nice)
            _child(path, read_end, write_end)
        os.close(write_end)
        self._pid, self._read_end = pid, read_end
        self._result: tuple[object, ...] | None = None

    def result(self) -> Bill:
        """The :class:`~billdiff.model.Bill` read, or the child's error raised here."""
        if self._result is None:
            try:
                with os.fdopen(self._read_end, "rb") as pipe:
                    self._read_end = -1
                    try:
                        self._result = pickle.load(pipe)
                    except (EOFError, pickle.UnpicklingError):
                        self._result = (
                            "error",
                            "BilldiffError",
                            f"internal error: could not read {self.path}",
                        )
                os.waitpid(self._pid, 0)
            except BaseException:
                _reap(self._pid, self._read_end)
                raise
        result = self._result
        if result[0] == "ok":
            return result[1]  # type: ignore[return-value]
        error_class = getattr(errors, str(result[1]), errors.BilldiffError)
        raise error_class(result[2])

    def cancel(self) -> None:
        """Stop the child if its result is no longer wanted."""
        if self._result is None:
            _reap(self._pid, self._read_end)
            self._result = ("error", "BilldiffError", "cancelled")
