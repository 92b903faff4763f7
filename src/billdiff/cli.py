"""The ``billdiff`` command line.

Exit codes follow diff(1): 0 no differences (or success), 1 differences
found (or a check failed), 2 trouble of any kind. Errors are one line on
stderr; ``--debug`` adds the traceback. The headless path never imports
Textual.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from billdiff.errors import BilldiffError, UsageError

if TYPE_CHECKING:
    from billdiff.comparison import Comparison
    from billdiff.model import Bill
    from billdiff.textdiff import HunkClass

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


FORMATS = ("text", "json", "jsonl", "markdown", "unified")


def ignored_classes(value: str | None) -> frozenset[HunkClass]:
    """The classes named by an ``--ignore`` value (``xref,typographic``)."""
    from billdiff.textdiff import HunkClass

    if not value:
        return frozenset()
    out = set()
    for name in value.split(","):
        name = name.strip()
        if name not in ("xref", "typographic"):
            raise UsageError(f"--ignore takes xref and/or typographic, not {name!r}")
        out.add(HunkClass(name))
    return frozenset(out)


def _use_colour(args: argparse.Namespace) -> bool:
    if args.colour == "always":
        return True
    if args.colour == "never" or args.output not in (None, "-"):
        return False
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def load_pair(old: str, new: str) -> tuple[Bill, Bill]:
    """Load two prints; at most one of them may be ``-`` (stdin)."""
    from billdiff.parallel import load_both

    if old == "-" and new == "-":
        raise UsageError("only one of OLD and NEW can be - (stdin)")
    return load_both(old, new)


def _diff(args: argparse.Namespace) -> int:
    from billdiff.comparison import restrict
    from billdiff.engine import compare

    ignore = ignored_classes(args.ignore)
    old, new = load_pair(args.old, args.new)
    comparison = compare(old, new)
    if args.clause:
        comparison = restrict(comparison, args.clause)
    different = comparison.has_changes(ignore)
    if not args.quiet:
        write_output(_render(comparison, args, ignore), args.output)
    return EXIT_DIFFERENT if different else EXIT_SAME


def _render(comparison: Comparison, args: argparse.Namespace, ignore: frozenset[HunkClass]) -> str:
    context = None if args.context < 0 else args.context
    if args.format == "json":
        from billdiff.render.data import render_json

        return render_json(comparison, ignore, only_changed=args.only_changed)
    if args.format == "jsonl":
        from billdiff.render.data import render_jsonl

        return render_jsonl(comparison, ignore, only_changed=args.only_changed)
    if args.format == "markdown":
        from billdiff.render.markdown import render_markdown

        return render_markdown(comparison, ignore, context=context)
    if args.format == "unified":
        from billdiff.render.unified import render_unified

        return render_unified(comparison, ignore)
    from billdiff.render.text import render_text

    return render_text(comparison, ignore, colour=_use_colour(args), context=context)


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

    p = sub.add_parser(
        "diff",
        help="compare two prints clause by clause (exit 0 same, 1 different, 2 trouble)",
        description="Compare two prints of a Bill clause by clause and word by word.",
    )
    p.add_argument("old", metavar="OLD", help="the earlier print (XML), or - for stdin")
    p.add_argument("new", metavar="NEW", help="the later print (XML), or - for stdin")
    p.add_argument("--format", choices=FORMATS, default="text", help="output format (text)")
    p.add_argument(
        "--only-changed",
        action="store_true",
        help="json/jsonl: leave out unchanged units (text, markdown, unified always do)",
    )
    p.add_argument(
        "--clause",
        action="append",
        metavar="REF",
        help="only this unit: a number (12), schedule/paragraph (2/5), GUID or eId; repeatable",
    )
    p.add_argument(
        "--ignore",
        metavar="CLASSES",
        help="comma-separated change classes that do not count: xref, typographic",
    )
    p.add_argument(
        "--context",
        type=int,
        default=12,
        metavar="WORDS",
        help="words of unchanged text around each change (text, markdown); -1 for all",
    )
    p.add_argument(
        "--colour",
        "--color",
        choices=("auto", "always", "never"),
        default="auto",
        help="colour the text output (auto: on a terminal, unless NO_COLOR is set)",
    )
    p.add_argument("-o", "--output", metavar="FILE", help="write here instead of stdout")
    p.add_argument("-q", "--quiet", action="store_true", help="print nothing; exit code only")
    p.set_defaults(handler=_diff)

    from billdiff import notes_cli

    notes_cli.add_parsers(sub)
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


def run() -> None:
    """The ``billdiff`` console script: :func:`main`, tuned for a short-lived process.

    The cyclic garbage collector is switched off (a comparison allocates many
    small objects and frees nothing until it ends), two prints are read on two
    cores (:mod:`billdiff.parallel`), and the process leaves with ``os._exit``
    once its output is flushed, skipping the teardown of every object it built.
    Library callers of :func:`main` get none of these.
    """
    import gc

    from billdiff import parallel

    gc.disable()
    parallel.enabled = True
    code = main()
    with contextlib.suppress(BrokenPipeError, ValueError):
        sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
