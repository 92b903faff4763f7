"""The ``billdiff`` command line: ``main(argv) -> int`` and the console script :func:`run`.

Exit codes follow diff(1) (see :class:`~billdiff.cli.common.Exit`): 0 no
differences (or success), 1 differences found (or a check failed), 2 trouble
of any kind. Every error is one line on stderr; ``--debug``, before or after
the command, adds the traceback and changes nothing else. One module per
command; :mod:`billdiff.cli.common` holds what they share. The commands a CI
job runs never import Textual.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import signal
import sys
from collections.abc import Sequence
from types import FrameType

from billdiff.cli.common import Exit, Parser, cache_option, debug_option, say
from billdiff.errors import BilldiffError

__all__ = ["Exit", "build_parser", "main", "run"]


#: The commands, each a module of this package, in the order ``--help`` lists them.
COMMANDS = (
    "diff",
    "history",
    "export",
    "keeling",
    "outline",
    "notes",
    "check",
    "amendments",
    "view",
)


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The argument parser for every command, or for the command ``only`` alone."""
    parser = Parser(
        prog="billdiff",
        description="Compare printed versions of a UK Bill clause by clause, and keep "
        "lawyers' notes on the changes.",
        epilog="Exit codes: 0 no differences or success, 1 differences found or a check "
        "failed, 2 trouble. 'billdiff COMMAND --help' shows each command's options and "
        "examples.",
    )
    debug_option(parser)
    cache_option(parser)
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    for name in COMMANDS if only is None else (only,):
        importlib.import_module(f"billdiff.cli.{name}").add_parser(sub)
    return parser


def _command(argv: Sequence[str]) -> str | None:
    """The command ``argv`` names (its first argument that is not an option), if it is one."""
    for token in argv:
        if token == "--":
            return None
        if not token.startswith("-"):
            return token if token in COMMANDS else None
    return None


def _version() -> str:
    from billdiff import __version__

    return __version__


def _debugging(argv: Sequence[str]) -> bool:
    return "--debug" in argv[: argv.index("--")] if "--" in argv else "--debug" in argv


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code (0, 1 or 2, whatever happens)."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    debug = _debugging(args_list)
    try:
        parser = build_parser(_command(args_list))
        args = parser.parse_args(args_list)
        if getattr(args, "no_cache", False):
            from billdiff.formats import cache

            cache.enabled = False
        if not getattr(args, "handler", None):
            parser.print_usage(sys.stderr)
            say("give a command (see 'billdiff --help')")
            return Exit.TROUBLE
        return int(args.handler(args))
    except SystemExit as e:  # --help and --version print and leave
        return e.code if isinstance(e.code, int) and e.code in (0, 1, 2) else Exit.TROUBLE
    except BrokenPipeError:
        # The reader went away (e.g. `| head`): not an error worth a message.
        with contextlib.suppress(OSError):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno() if sys.stdout is not None else 1)
        return Exit.TROUBLE
    except BaseException as e:
        return _trouble(e, debug)


def _trouble(e: BaseException, debug: bool) -> int:
    """Say what went wrong in one line (after the traceback with ``--debug``); exit 2."""
    if debug:
        import traceback  # only for --debug: not worth its import time on every run

        with contextlib.suppress(OSError, ValueError, AttributeError):
            traceback.print_exception(e, file=sys.stderr)
    if isinstance(e, BilldiffError):
        say(str(e))
    elif isinstance(e, KeyboardInterrupt):
        say("interrupted")
    elif isinstance(e, _Terminated):
        say("terminated")
    elif isinstance(e, RecursionError):
        say("a document is nested too deeply to process")
    elif isinstance(e, MemoryError):
        say("out of memory")
    else:
        say(f"internal error: {type(e).__name__}: {e}")
    return Exit.TROUBLE


class _Terminated(BaseException):
    """SIGTERM, raised so that cleanup runs and the exit code is 2."""


def _stop(signum: int, frame: FrameType | None) -> None:
    """The first SIGINT or SIGTERM: stop the command, orderly. Any later one is ignored, so
    a second Ctrl-C cannot cut short the cleanup, the one line that says why, or the
    flushing of output, wherever it lands."""
    for each in (signal.SIGINT, signal.SIGTERM):
        signal.signal(each, signal.SIG_IGN)
    if signum == signal.SIGINT:
        raise KeyboardInterrupt
    raise _Terminated


def run() -> None:
    """The ``billdiff`` console script: :func:`main`, tuned for a short-lived process.

    The cyclic garbage collector is switched off (a comparison allocates many
    small objects and frees nothing until it ends), two prints are read on two
    cores (:mod:`billdiff.parallel`), a print read before comes from the model
    cache (:mod:`billdiff.formats.cache`), the first SIGINT or SIGTERM becomes an
    orderly exit 2 with one line (later ones are ignored, see :func:`_stop`), and
    the process leaves with ``os._exit`` once its output is flushed, skipping the
    teardown of every object it built. Library callers of :func:`main` get none
    of these.
    """
    import gc

    from billdiff import parallel
    from billdiff.formats import cache

    gc.disable()
    parallel.enabled = True
    cache.enabled = True
    signal.signal(signal.SIGINT, _stop)
    signal.signal(signal.SIGTERM, _stop)
    try:
        code = main()
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(OSError, ValueError, AttributeError):
                stream.flush()
    except BaseException as e:  # the interrupt came after main() had returned
        code = _trouble(e, _debugging(sys.argv[1:]))
    os._exit(code)
