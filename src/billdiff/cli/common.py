"""What every ``billdiff`` command shares: exit codes, the parser, output, common arguments.

Nothing here imports a command module, so the commands can all import it.
"""

from __future__ import annotations

import argparse
import difflib
import errno
import os
import select
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import IntEnum
from pathlib import Path
from typing import TYPE_CHECKING, Generic, TextIO, TypeVar

from billdiff.errors import BilldiffError, InputError, UsageError
from billdiff.sanitise import visible

if TYPE_CHECKING:
    from billdiff.changeclass import HunkClass
    from billdiff.comparison import Comparison
    from billdiff.model import Bill


class Exit(IntEnum):
    """The exit codes, a contract for scripts (like diff(1))."""

    #: No differences (after ``--ignore``), or the command succeeded.
    SAME = 0
    #: Differences found (``diff``), or a check failed (``check``).
    DIFFERENT = 1
    #: Trouble: a bad file, option or annotation file; any error at all.
    TROUBLE = 2

    OK = 0
    FAILED = 1


class OutputError(BilldiffError):
    """Standard output could not be written (closed, full, an I/O error)."""


Handler = Callable[[argparse.Namespace], int]
R = TypeVar("R")


@dataclass(frozen=True, slots=True)
class Renderer(Generic[R]):
    """One ``--format`` value: the function that renders, and its help text."""

    render: Callable[[R, argparse.Namespace], str | bytes]
    help: str


def format_help(table: dict[str, Renderer[R]]) -> str:
    """The ``--format`` help, built from the renderer table (so the two never disagree)."""
    return "; ".join(f"{name}: {r.help}" for name, r in table.items())


class Parser(argparse.ArgumentParser):
    """An ArgumentParser whose usage errors are one line and exit 2, like every other error,
    that never accepts abbreviated long options, and that names an unknown option (with
    the nearest known one) rather than whatever argument it displaced."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("allow_abbrev", False)
        kwargs.setdefault("formatter_class", argparse.RawDescriptionHelpFormatter)
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    def error(self, message: str) -> None:  # type: ignore[override]
        """Raise a one-line :class:`UsageError` instead of printing usage and exiting."""
        raise UsageError(f"{message} (see '{self.prog} --help')")

    def parse_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> argparse.Namespace:
        """Parse ``args``, first refusing any option the chosen command does not have."""
        argv = list(sys.argv[1:] if args is None else args)
        _refuse_unknown_options(self, argv)
        return super().parse_args(argv, namespace)


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _refuse_unknown_options(parser: argparse.ArgumentParser, argv: list[str]) -> None:
    """Walk ``argv`` as argparse will, and stop at the first option the command lacks, or
    the first command it does not have."""
    current = parser
    skip = 0
    for token in argv:
        if skip:
            skip -= 1
            continue
        if token == "--":
            return
        if token.startswith("-") and len(token) > 1 and not _is_number(token):
            name = token.split("=", 1)[0]
            action = current._option_string_actions.get(name)
            if action is None and not name.startswith("--") and len(name) > 2:
                action = current._option_string_actions.get(name[:2])  # -oFILE, -q
                if action is not None and action.nargs == 0:
                    action = None
            if action is None:
                current.error(
                    f"unknown option {name}{_did_you_mean(name, current._option_string_actions)}"
                )
                return
            if "=" not in token and len(name) == len(token) and action.nargs != 0:
                skip = 1 if action.nargs in (None, "?") else 0
            continue
        commands = _subparsers(current)
        if token in commands:
            current = commands[token]
        elif commands:
            hint = _did_you_mean(token, commands) or f"; the commands are {', '.join(commands)}"
            current.error(f"unknown command {token!r}{hint}")


def _did_you_mean(name: str, known: Iterable[str]) -> str:
    """ "; did you mean X?" for what the user probably meant by ``name``, or "".

    The names ``name`` begins (``--only`` → ``--only-changed``, ``dif`` → ``diff``), else
    the one name most like it if it is close: a slip of the keys, not another word
    (``--formt`` → ``--format``, but never ``--only`` → ``--color``).
    """
    names = sorted(known)
    meant = [k for k in names if k.startswith(name)][:3]
    if not meant:
        bare = {k.lstrip("-"): k for k in names}
        close = difflib.get_close_matches(name.lstrip("-"), list(bare), n=1, cutoff=0.75)
        meant = [bare[c] for c in close]
    return f"; did you mean {' or '.join(meant)}?" if meant else ""


def _is_number(token: str) -> bool:
    try:
        float(token)
    except ValueError:
        return False
    return True


def debug_option(parser: argparse.ArgumentParser) -> None:
    """``--debug`` on a parser; every command has it, before or after its name."""
    parser.add_argument(
        "--debug",
        action="store_true",
        default=argparse.SUPPRESS,
        help="on an error, also show the traceback (the exit code stays 2)",
    )


def cache_option(parser: argparse.ArgumentParser) -> None:
    """``--no-cache`` on a parser; every command has it, before or after its name."""
    parser.add_argument(
        "--no-cache",
        action="store_true",
        default=argparse.SUPPRESS,
        help="read the prints afresh, neither using nor filling the model cache "
        "(also BILLDIFF_NO_CACHE=1)",
    )


def add_command(
    sub: argparse._SubParsersAction,
    name: str,
    handler: Handler,
    help: str,
    description: str,
    examples: Sequence[str] = (),
) -> argparse.ArgumentParser:
    """A subcommand with ``--debug``, a description and examples in its ``--help``."""
    epilog = "examples:\n" + "\n".join(f"  {e}" for e in examples) if examples else None
    p: argparse.ArgumentParser = sub.add_parser(
        name, help=help, description=description, epilog=epilog
    )
    debug_option(p)
    cache_option(p)
    p.set_defaults(handler=handler)
    return p


# -- arguments ------------------------------------------------------------------------------


def prints_arguments(p: argparse.ArgumentParser) -> None:
    """OLD and NEW."""
    p.add_argument("old", metavar="OLD", help="the earlier print (XML), or - for stdin")
    p.add_argument("new", metavar="NEW", help="the later print (XML), or - for stdin")


def output_arguments(
    p: argparse.ArgumentParser, quiet: str = "print nothing", inputs: str = "OLD or NEW"
) -> None:
    """``-o FILE`` and ``-q``."""
    p.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help=f"write here instead of stdout (whole or not at all; never onto {inputs})",
    )
    p.add_argument("-q", "--quiet", action="store_true", help=f"{quiet}; the exit code says it")


def _ignorable() -> dict[str, HunkClass]:
    """The classes ``--ignore`` takes, by name, in the order they are listed everywhere."""
    from billdiff.changeclass import HunkClass

    return {c.value: c for c in HunkClass if c is not HunkClass.SUBSTANTIVE}


def ignore_argument(p: argparse.ArgumentParser) -> None:
    """``--ignore CLASSES``, repeatable."""
    p.add_argument(
        "--ignore",
        action="append",
        metavar="CLASSES",
        help="change classes that do not count, comma-separated or repeated: "
        + ", ".join(_ignorable()),
    )


def ignored_classes(values: Sequence[str] | str | None) -> frozenset[HunkClass]:
    """The classes named by ``--ignore`` (every value, each comma-separated)."""
    if not values:
        return frozenset()
    allowed = _ignorable()
    out = set()
    for value in [values] if isinstance(values, str) else values:
        for name in value.split(","):
            name = name.strip()
            if name not in allowed:
                raise UsageError(
                    f"--ignore takes {', '.join(allowed)} (comma-separated), not {name!r}"
                )
            out.add(allowed[name])
    return frozenset(out)


def notes_argument(p: argparse.ArgumentParser, default: str) -> None:
    """``--notes PATH``."""
    p.add_argument("--notes", metavar="PATH", help=f"the notes file (default: {default})")


def notes_beside(new: str, keeling: bool = False) -> Path:
    """The default notes file of a comparison: ``NEW-STEM.notes.json`` beside the NEW print;
    of a Keeling schedule, ``ACT-STEM.keeling.notes.json`` beside the Act (notes on what a
    Bill does to an Act are not notes on two versions of it)."""
    from billdiff.annotations.store import notes_beside as beside

    if new == "-":
        raise UsageError("NEW is read from stdin, so give the notes file with --notes PATH")
    path = beside(new)
    return (
        path.with_name(path.name.replace(".notes.json", ".keeling.notes.json")) if keeling else path
    )


def notes_here(directory: Path | None = None) -> Path:
    """The one ``*.notes.json`` in the current folder (for commands given no prints)."""
    folder = directory or Path()
    found = sorted(folder.glob("*.notes.json"))
    if len(found) == 1:
        return found[0]
    if not found:
        raise UsageError("no *.notes.json file in this folder; give the notes file with --notes")
    names = ", ".join(p.name for p in found[:5])
    raise UsageError(f"{len(found)} notes files in this folder ({names}); say which with --notes")


# -- reading --------------------------------------------------------------------------------


def check_stdin(*paths: str) -> None:
    """Refuse to read ``-`` when stdin is closed (rather than fail deep inside)."""
    if "-" in paths and (sys.stdin is None or _closed(sys.stdin)):
        raise InputError("stdin: it is closed, so - cannot be read")


def _closed(stream: object) -> bool:
    try:
        stream.fileno()  # type: ignore[attr-defined]
    except (OSError, ValueError, AttributeError):
        return not hasattr(stream, "read")
    return False


def load_pair(old: str, new: str, two_cores: bool = True) -> tuple[Bill, Bill]:
    """Load two prints; at most one of them may be ``-`` (stdin). With ``two_cores`` a forked
    child reads one of them (:mod:`billdiff.parallel`); without, this process reads both."""
    if old == "-" and new == "-":
        raise UsageError("only one of OLD and NEW can be - (stdin)")
    check_stdin(old, new)
    if two_cores:
        from billdiff.parallel import load_both

        return load_both(old, new)
    from billdiff.formats import load

    return load(old), load(new)


def comparison_of(args: argparse.Namespace) -> Comparison:
    """The comparison of ``args.old`` and ``args.new``.

    The two prints are read here, one after the other. A forked reader took a diff of
    DPDI from 51 MB to 82 MB (two interpreters, each with a print's tree) and, pickling
    its print back, added a fifth to its CPU time; it finished sooner only when a core
    was idle, and then by less than a tenth (``benchmarks/bench_diff.py --against``).
    """
    old, new = load_pair(args.old, args.new, two_cores=False)
    from billdiff.engine import compare

    return compare(old, new)


# -- writing --------------------------------------------------------------------------------


def inputs_of(args: argparse.Namespace) -> list[str]:
    """The input files a command was given (``-o`` must never overwrite them)."""
    return [
        p
        for p in (
            getattr(args, name, None) for name in ("old", "new", "file", "notes", "bill", "act")
        )
        if isinstance(p, str) and p != "-"
    ] + [p for p in getattr(args, "prints", None) or () if p != "-"]


def write_output(text: str | bytes, args: argparse.Namespace) -> None:
    """Write ``text`` (or a binary file's bytes) to ``-o FILE`` atomically, or to stdout;
    nothing under ``-q``."""
    if getattr(args, "quiet", False):
        return
    path = getattr(args, "output", None)
    if path is None or path == "-":
        emit(text)
        return
    from billdiff.fileio import atomic_write_bytes, atomic_write_text

    if isinstance(text, bytes):
        atomic_write_bytes(Path(path), text, protect=inputs_of(args))
    else:
        atomic_write_text(Path(path), text, protect=inputs_of(args))


def emit(text: str | bytes) -> None:
    """Write ``text`` (or bytes as they are) to stdout, all of it, or raise :class:`OutputError`.

    The process's own stdout is written with ``os.write`` until every byte is
    out, waiting whenever a non-blocking pipe is full; a closed or full stdout
    is an error, not a success.
    """
    stream = sys.stdout
    if stream is None:
        raise OutputError("stdout is closed; nothing could be written (use -o FILE or -q)")
    data = text if isinstance(text, bytes) else text.encode("utf-8", "backslashreplace")
    own: TextIO = stream
    if own is not sys.__stdout__:
        if isinstance(text, bytes):
            own.flush()
            own.buffer.write(data)
            own.buffer.flush()
        else:
            own.write(data.decode("utf-8"))
            own.flush()
        return
    try:
        own.flush()
        fd = own.fileno()
    except (OSError, ValueError) as e:
        raise OutputError(f"stdout cannot be written ({_reason(e)})") from None
    _write_all(fd, data)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        try:
            view = view[os.write(fd, view) :]
        except BlockingIOError:
            select.select([], [fd], [])
        except InterruptedError:
            continue
        except BrokenPipeError:
            raise
        except OSError as e:
            if e.errno == errno.EBADF:
                raise OutputError("stdout is closed; nothing could be written") from None
            raise OutputError(f"cannot write to stdout ({_reason(e)})") from None


def _reason(e: BaseException) -> str:
    return getattr(e, "strerror", None) or str(e) or type(e).__name__


def say(message: str) -> None:
    """One line on stderr for the user (what was done, a warning), control characters shown."""
    stream = sys.stderr
    if stream is None:
        return
    try:
        stream.write(f"billdiff: {visible(message.strip())}\n")
        stream.flush()
    except (OSError, ValueError):
        pass  # nowhere left to say it


def warn(warnings: Iterable[str]) -> None:
    """Each warning as one line on stderr ("billdiff: warning: …"), after the output and
    whatever ``-q`` says: ``-q`` silences stdout, and a CI job must still see that the two
    prints are of different Bills or given the wrong way round."""
    for warning in warnings:
        say(f"warning: {warning}")


def notice(message: str, args: argparse.Namespace) -> None:
    """:func:`say` a notice about how the output was made (not that it may be wrong: see
    :func:`warn`), unless ``-q`` asked for nothing but the exit code."""
    if not getattr(args, "quiet", False):
        say(message)


def read_text_argument(args: argparse.Namespace) -> str:
    """A note's text from ``--text`` or ``--text-file`` (``-`` is stdin)."""
    if args.text is not None:
        return str(args.text)
    if args.text_file == "-":
        if "-" in (getattr(args, "old", None), getattr(args, "new", None)):
            raise UsageError("stdin already holds a print; --text-file cannot be - as well")
        check_stdin("-")
        return sys.stdin.read()
    path = Path(args.text_file)
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory") from None
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text (bad byte at offset {exc.start})") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None
