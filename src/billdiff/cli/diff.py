"""``billdiff diff OLD NEW``: compare two prints (exit 0 same, 1 different, 2 trouble)."""

from __future__ import annotations

import argparse
import os
import sys
from typing import TYPE_CHECKING

from billdiff.cli.common import (
    Exit,
    Renderer,
    add_command,
    comparison_of,
    format_help,
    ignore_argument,
    ignored_classes,
    output_arguments,
    prints_arguments,
    warn,
    write_output,
)
from billdiff.errors import UsageError

if TYPE_CHECKING:
    from billdiff.comparison import Comparison


def _text(c: Comparison, args: argparse.Namespace) -> str:
    from billdiff.render.text import render_text

    return render_text(c, args.ignore_set, colour=use_colour(args), context=context_words(args))


def _json(c: Comparison, args: argparse.Namespace) -> str:
    from billdiff.render.data import render_json

    return render_json(c, args.ignore_set, only_changed=args.only_changed)


def _jsonl(c: Comparison, args: argparse.Namespace) -> str:
    from billdiff.render.data import render_jsonl

    return render_jsonl(c, args.ignore_set, only_changed=args.only_changed)


def _markdown(c: Comparison, args: argparse.Namespace) -> str:
    from billdiff.render.markdown import render_markdown

    return render_markdown(
        c,
        args.ignore_set,
        context=context_words(args),
        summary_only=args.summary_only,
        max_chars=args.max_chars,
    )


def _html(c: Comparison, args: argparse.Namespace) -> str:
    from billdiff.render.html import render_html

    return render_html(
        c, None, ignore=args.ignore_set, only_changed=args.only_changed, context=context_words(args)
    )


def _unified(c: Comparison, args: argparse.Namespace) -> str:
    from billdiff.render.unified import render_unified

    return render_unified(c, args.ignore_set)


#: ``--format`` of ``diff``: the value, its renderer and its help (the choices come from here).
FORMATS: dict[str, Renderer[Comparison]] = {
    "text": Renderer(_text, "each changed unit and its numbered word redline (default)"),
    "json": Renderer(_json, "one versioned document, schema billdiff.comparison"),
    "jsonl": Renderer(_jsonl, "one unit record per line"),
    "markdown": Renderer(_markdown, "for a CI step summary or a pull-request comment"),
    "unified": Renderer(_unified, "diff -u style, one line per sub-provision"),
    "html": Renderer(
        _html, "one self-contained page to read or print (billdiff export adds the notes)"
    ),
}


def context_words(args: argparse.Namespace) -> int | None:
    """``--context``: words of context around a change, or None (-1) for whole units."""
    return None if args.context == -1 else args.context


def use_colour(args: argparse.Namespace) -> bool:
    """Colour when asked, or on a terminal unless ``NO_COLOR`` is set or output is a file."""
    if args.colour == "always":
        return True
    if args.colour == "never" or args.output not in (None, "-"):
        return False
    return bool(sys.stdout is not None and sys.stdout.isatty()) and not os.environ.get("NO_COLOR")


def run(args: argparse.Namespace) -> int:
    """Compare, write the chosen format, and exit 1 if anything still differs."""
    if args.context < -1:
        raise UsageError(
            f"--context takes a number of words (0 or more), or -1; not {args.context}"
        )
    args.ignore_set = ignored_classes(args.ignore)
    if (args.summary_only or args.max_chars is not None) and args.format != "markdown":
        option = "--summary-only" if args.summary_only else "--max-chars"
        raise UsageError(f"{option} is for --format markdown (a CI comment), not {args.format}")
    if args.max_chars is not None:
        from billdiff.render.markdown import MIN_CHARS

        if args.max_chars < MIN_CHARS:
            raise UsageError(
                f"--max-chars must be at least {MIN_CHARS} (the summary alone needs that), "
                f"not {args.max_chars}"
            )
    comparison = comparison_of(args)
    if args.clause:
        from billdiff import lookup

        comparison = lookup.restrict(comparison, args.clause)
    different = comparison.has_changes(args.ignore_set)
    if not args.quiet:  # the exit code says it all: nothing to render
        write_output(FORMATS[args.format].render(comparison, args), args)
    warn(comparison.warnings)
    return Exit.DIFFERENT if different else Exit.SAME


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Add ``diff`` to the subcommands."""
    p = add_command(
        sub,
        "diff",
        run,
        help="compare two prints clause by clause (exit 0 same, 1 different, 2 trouble)",
        description="Compare two prints of a Bill clause by clause and word by word.",
        examples=(
            "billdiff diff introduced.xml committee.xml",
            "billdiff diff old.xml new.xml --clause 12 --clause 'Schedule 2 paragraph 5'",
            "billdiff diff old.xml new.xml --ignore xref,typographic --format markdown -o diff.md",
            "billdiff diff old.xml new.xml --format json --only-changed | jq '.summary'",
            "billdiff diff old.xml new.xml --format markdown --max-chars 65000 -o comment.md",
        ),
    )
    prints_arguments(p)
    p.add_argument("--format", choices=tuple(FORMATS), default="text", help=format_help(FORMATS))
    p.add_argument(
        "--only-changed",
        action="store_true",
        help="json/jsonl/html: leave out unchanged units (the other formats always do)",
    )
    p.add_argument(
        "--clause",
        action="append",
        metavar="REF",
        help="only this unit; repeatable: 12, 'cl 12', 'clause 12(3)', 2/5, 'Schedule 2 "
        "paragraph 5', a GUID or an eId (every unit it names in either print); 'Part 3' or "
        "'Part 3 Chapter 2' (its heading and every unit in it), 'long title'; old:REF or "
        "new:REF for one print's numbering",
    )
    ignore_argument(p)
    p.add_argument(
        "--context",
        type=int,
        default=12,
        metavar="WORDS",
        help="words of unchanged text around each change (text, markdown, html; default 12); "
        "-1 shows whole clauses",
    )
    p.add_argument(
        "--summary-only",
        action="store_true",
        help="markdown: the summary, then each changed unit in one line, without redlines",
    )
    p.add_argument(
        "--max-chars",
        type=int,
        metavar="N",
        help="markdown: at most N characters (GitHub takes 65536 in a comment): whole units "
        "while they fit, then one line each, and a last line saying what was left out",
    )
    p.add_argument(
        "--colour",
        "--color",
        choices=("auto", "always", "never"),
        default="auto",
        help="colour the text output (auto: on a terminal, unless NO_COLOR is set)",
    )
    output_arguments(p)
