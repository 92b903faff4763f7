"""The ``billdiff`` command line.

Exit codes follow diff(1): 0 no differences (or success), 1 differences
found (or a check failed), 2 trouble of any kind. Errors are one line on
stderr; ``--debug`` adds the traceback. The headless path never imports
Textual.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from billdiff.errors import BilldiffError, UsageError

EXIT_SAME = 0
EXIT_DIFFERENT = 1
EXIT_TROUBLE = 2

Handler = Callable[[argparse.Namespace], int]


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose usage errors exit 2 with one line, like every other error."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"{message} (see '{self.prog} --help')")


def write_output(text: str, path: str | None) -> None:
    """Write ``text`` to ``path`` atomically, or to stdout when ``path`` is None or ``-``."""
    if path is None or path == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    from billdiff.fileio import atomic_write_text

    atomic_write_text(Path(path), text)


def _outline(args: argparse.Namespace) -> int:
    from billdiff.formats import load
    from billdiff.render import outline

    bill = load(args.file)
    render = outline.render_json if args.format == "json" else outline.render_text
    write_output(render(bill), args.output)
    return EXIT_SAME


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every subcommand."""
    parser = _Parser(
        prog="billdiff",
        description="Compare printed versions of a UK Bill clause by clause.",
    )
    parser.add_argument("--debug", action="store_true", help="show tracebacks on errors")
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    p = sub.add_parser("outline", help="show a print's metadata and clause outline")
    p.add_argument("file", metavar="FILE", help="a bill XML file, or - for stdin")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("-o", "--output", metavar="FILE", help="write here instead of stdout")
    p.set_defaults(handler=_outline)
    return parser


def _version() -> str:
    from billdiff import __version__

    return __version__


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; return the exit code."""
    parser = build_parser()
    debug = "--debug" in (argv if argv is not None else sys.argv[1:])
    try:
        args = parser.parse_args(argv)
        if not getattr(args, "handler", None):
            parser.print_help(sys.stderr)
            return EXIT_TROUBLE
        return int(args.handler(args))
    except BilldiffError as e:
        if debug:
            raise
        print(f"billdiff: {e}", file=sys.stderr)
        return EXIT_TROUBLE
    except KeyboardInterrupt:
        print("billdiff: interrupted", file=sys.stderr)
        return EXIT_TROUBLE
    except BrokenPipeError:
        # The reader went away (e.g. `| head`): not an error worth a message.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_TROUBLE
    except RecursionError:
        if debug:
            raise
        print("billdiff: document is nested too deeply to process", file=sys.stderr)
        return EXIT_TROUBLE
    except Exception as e:
        if debug:
            raise
        print(f"billdiff: internal error: {type(e).__name__}: {e}", file=sys.stderr)
        return EXIT_TROUBLE
