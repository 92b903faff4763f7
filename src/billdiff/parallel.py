"""Read prints (and compare them) on two cores, for the command line.

Reading a print is mostly Python work, so threads would not help; a forked
child reads the old print while this process reads the new one, and sends
its :class:`~billdiff.model.Bill` back pickled through a pipe. Errors in the
child come back as the same :class:`~billdiff.errors.BilldiffError` class and
message. :func:`map_shared` does the same for any list of jobs (``billdiff
history`` reads N prints, then makes N-1 comparisons, that way): the child
inherits everything already in memory and sends back only its results.
Used only by the ``billdiff`` process itself (see :func:`billdiff.cli.run`),
never by library callers, and only where ``os.fork`` exists; otherwise, and
for stdin, the work is done one job after another.
"""

from __future__ import annotations

import contextlib
import os
import signal
import struct
import sys
from collections.abc import Callable, Collection, Iterator, Sequence
from typing import TYPE_CHECKING, NoReturn, TypeVar

from billdiff import errors

if TYPE_CHECKING:
    from billdiff.model import Bill

#: Set by the CLI entry point: forking is safe there (one thread, nothing to share).
enabled = False

T = TypeVar("T")
R = TypeVar("R")


def load_both(old: str, new: str) -> tuple[Bill, Bill]:
    """``(load(old), load(new))``, in parallel when :data:`enabled` (stdin read here)."""
    from billdiff.formats import load

    stdin = {n for n, path in enumerate((old, new)) if path == "-"}
    old_bill, new_bill = map_shared(load, [old, new], parent_only=stdin)
    return old_bill, new_bill


def reap(pid: int, read_end: int) -> None:
    """Stop a child whose result is no longer wanted, and wait for it."""
    if read_end >= 0:
        with contextlib.suppress(OSError):
            os.close(read_end)
    with contextlib.suppress(OSError):
        os.kill(pid, signal.SIGKILL)
    with contextlib.suppress(OSError):
        os.waitpid(pid, 0)
    sys.stderr.flush()


def map_shared(
    func: Callable[[T], R],
    items: Sequence[T],
    done: Callable[[int], None] | None = None,
    parent_only: Collection[int] = (),
) -> list[R]:
    """``[func(x) for x in items]``, on two cores when :data:`enabled`.

    The jobs wait in a queue (a pipe holding their numbers); this process and a
    forked child each take the next one as soon as they are free, so a long job
    does not hold up the short ones behind it. Jobs in ``parent_only`` (reading
    stdin, say) are done here. The child keeps its results and sends them,
    pickled, once the queue is empty. ``done(k)`` is called here after each job,
    with how many are done. An error in either process is raised here as the
    same :class:`~billdiff.errors.BilldiffError` class and message; the child
    is stopped and reaped whatever happens.
    """
    count = 0

    def finished() -> None:
        nonlocal count
        count += 1
        if done is not None:
            done(count)

    shared = [n for n in range(len(items)) if n not in parent_only]
    # Two processes pay only with two jobs at once: two to share, or one beside this
    # process's own.
    alone = len(shared) + (1 if parent_only else 0) < 2
    if not enabled or not hasattr(os, "fork") or alone or len(shared) > _MAX_QUEUE:
        out = []
        for item in items:
            out.append(func(item))
            finished()
        return out
    import pickle  # only when a child is forked (the console script imports this module)

    results: dict[int, R] = {}
    queue_read, queue_write = os.pipe()
    os.write(queue_write, b"".join(_JOB.pack(n) for n in shared))
    os.close(queue_write)  # an empty queue now reads as end of file
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        _map_child(func, items, queue_read, read_end, write_end)
    os.close(write_end)
    try:
        for n in sorted(parent_only):
            results[n] = func(items[n])
            finished()
        for n in _jobs(queue_read):
            results[n] = func(items[n])
            finished()
        with os.fdopen(read_end, "rb") as pipe:
            read_end = -1
            while True:
                try:
                    with deep_enough():
                        result = pickle.load(pipe)
                except EOFError:
                    break
                except pickle.UnpicklingError:
                    result = ("error", None, "BilldiffError", "internal error: a worker stopped")
                if result[0] != "ok":
                    error_class = getattr(errors, result[2], errors.BilldiffError)
                    raise error_class(result[3])
                results[result[1]] = result[2]
                finished()
        os.waitpid(pid, 0)
        if len(results) != len(items):
            raise errors.BilldiffError("internal error: a worker stopped before its jobs were done")
    except BaseException:
        reap(pid, read_end)
        raise
    finally:
        os.close(queue_read)
    return [results[n] for n in range(len(items))]


#: The recursion limit while a result is pickled or unpickled. pickle recurses through the
#: provision tree, about four frames a level, and the limits let a print nest 256 deep
#: (libxml2's own limit), so Python's default of 1,000 is not enough for the deepest
#: print billdiff accepts; 4,000 frames of pickle stay far inside an 8 MB C stack.
_PICKLE_RECURSION = 4_000


@contextlib.contextmanager
def deep_enough() -> Iterator[None]:
    """Let pickle recurse as deep as the deepest model the limits allow."""
    before = sys.getrecursionlimit()
    sys.setrecursionlimit(max(before, _PICKLE_RECURSION))
    try:
        yield
    finally:
        sys.setrecursionlimit(before)


def _pickled(result: tuple[object, ...]) -> bytes:
    """``result`` pickled; one that cannot be is sent as an error that says why, so the
    parent reports it rather than a worker that stopped."""
    import pickle

    try:
        with deep_enough():
            return pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
    except (RecursionError, MemoryError, pickle.PicklingError, TypeError) as e:
        why = f"internal error: cannot send a result back ({type(e).__name__})"
        return pickle.dumps(("error", result[1], "BilldiffError", why))


#: A job number in the queue; a pipe holds 64 KiB, so up to 16,384 queued jobs.
_JOB = struct.Struct("=I")
_MAX_QUEUE = 16384


def _jobs(queue: int) -> Iterator[int]:
    """Take job numbers from the queue until it is empty (each read takes one, atomically)."""
    while True:
        data = os.read(queue, _JOB.size)
        if len(data) < _JOB.size:
            return
        yield _JOB.unpack(data)[0]


def _map_child(
    func: Callable[[T], R], items: Sequence[T], queue: int, read_end: int, write_end: int
) -> NoReturn:
    """Take jobs in the forked child until the queue is empty or one fails, then send every
    result (the failure last)."""
    code = 1
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        os.close(read_end)
        results: list[bytes] = []
        for n in _jobs(queue):
            result: tuple[object, ...]
            try:
                result = ("ok", n, func(items[n]))
            except errors.BilldiffError as e:
                result = ("error", n, type(e).__name__, str(e))
            except RecursionError:
                result = ("error", n, "InputError", "a document is nested too deeply")
            except MemoryError:
                result = ("error", n, "InputError", "out of memory")
            except Exception as e:  # reported by the parent as one line
                why = f"internal error: {type(e).__name__}: {e}"
                result = ("error", n, "BilldiffError", why)
            results.append(_pickled(result))
            if result[0] != "ok":
                break
        with os.fdopen(write_end, "wb") as out:
            for data in results:
                out.write(data)
        code = 0
    except BaseException:  # the parent sees a short read and says so
        pass
    finally:
        os._exit(code)
