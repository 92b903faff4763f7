"""``billdiff history PRINT…``: every clause and schedule paragraph through every print.

Exit 0 whatever changed (a history is a report, not a gate; ``diff`` and
``check`` are the gates), 2 on trouble.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from billdiff.cli.common import (
    Exit,
    Renderer,
    add_command,
    check_stdin,
    format_help,
    output_arguments,
    say,
    warn,
    write_output,
)
from billdiff.cli.diff import context_words, use_colour
from billdiff.cli.progress import Progress, wanted
from billdiff.errors import UsageError

if TYPE_CHECKING:
    from billdiff.history import History, Lineage

    Chosen = tuple[History, list[Lineage] | None]


def _text(chosen: Chosen, args: argparse.Namespace) -> str:
    from billdiff.render import history as render

    history, lineages = chosen
    if lineages is not None:
        return render.clause_text(history, lineages, use_colour(args), context_words(args))
    return render.render_text(history, None, args.only_changed, use_colour(args))


def _markdown(chosen: Chosen, args: argparse.Namespace) -> str:
    from billdiff.render import history as render

    history, lineages = chosen
    if lineages is not None:
        return render.clause_markdown(history, lineages, context_words(args))
    return render.render_markdown(history, None, args.only_changed)


def _csv(chosen: Chosen, args: argparse.Namespace) -> str:
    from billdiff.render.history import render_csv

    return render_csv(*chosen, only_changed=args.only_changed)


def _json(chosen: Chosen, args: argparse.Namespace) -> str:
    from billdiff.render.history import render_json

    return render_json(*chosen, only_changed=args.only_changed)


#: ``--format`` of ``history``.
FORMATS: dict[str, Renderer[Chosen]] = {
    "text": Renderer(
        _text,
        "a row per lineage: its number in each print, its heading and what happened at "
        "each step (default); with --clause, its words in every print and each step's redline",
    ),
    "csv": Renderer(_csv, "a header row, then a row per lineage: numbers, statuses, classes"),
    "json": Renderer(_json, "one versioned document, schema billdiff.history"),
    "markdown": Renderer(_markdown, "the text output as Markdown, for a report or a CI summary"),
}


def run(args: argparse.Namespace) -> int:
    """Read the prints, put them in order, compare each with the next, write the lineages."""
    from billdiff.history import History, load_all

    if args.context < -1:
        raise UsageError(
            f"--context takes a number of words (0 or more), or -1; not {args.context}"
        )
    if len(args.prints) < 2:
        raise UsageError(
            f"history needs two or more prints (given {len(args.prints)}); "
            "to see one print, use 'billdiff outline'"
        )
    check_stdin(*args.prints)
    with Progress(wanted(args.quiet)) as progress:

        def report(phase: str, done: int, total: int) -> None:
            if phase == "reading":
                progress.show(f"reading {total} prints… {done}/{total}")
            else:
                progress.show(f"comparing each print with the next… {done}/{total}")

        bills = load_all(args.prints, report)
        history = History.build(bills, args.order, report)
        lineages = None
        if args.clause:
            lineages = []
            for ref in args.clause:
                lineages += [x for x in _find(history, ref, args.quiet) if x not in lineages]
        text = FORMATS[args.format].render((history, lineages), args)
    write_output(text, args)
    warn(history.warnings)
    return Exit.OK


def _find(history: History, ref: str, quiet: bool) -> list[Lineage]:
    """The lineages ``ref`` names; when it names several, all of them, saying so on stderr."""
    from billdiff.history import AmbiguousLineage

    try:
        return [history.find_one(ref)]
    except AmbiguousLineage as e:
        if not quiet:
            say(f"{e}; showing all {len(e.candidates)}")
        return list(e.candidates)


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Add ``history`` to the subcommands."""
    p = add_command(
        sub,
        "history",
        run,
        help="follow every clause through many prints (exit 0, or 2 on trouble)",
        description=(
            "Follow every clause and schedule paragraph of a Bill through its prints: its\n"
            "number in each print, and what happened to it between each print and the next.\n\n"
            "The prints are put in order by publication date, then by stage (their version\n"
            "codes), unless --order given; the output says which order was used. Prints of\n"
            "different bills are refused. Each unit has a lineage id that stays the same\n"
            "from print to print: its GUID in the first print it is in, else\n"
            "KIND:REF@VERSION (clause:12@introd-hc).\n\n"
            "Exit 0 whatever changed (a history is a report; 'diff' and 'check' are the\n"
            "gates), 2 on trouble."
        ),
        examples=(
            "billdiff history introduced.xml committee.xml report.xml lords.xml",
            "billdiff history *.xml --only-changed --format csv -o lineage.csv",
            "billdiff history *.xml --clause 12 --clause 'Schedule 2 paragraph 5'",
            "billdiff history *.xml --clause 3:14   # clause 14 as numbered in the third print",
            "billdiff history *.xml --format json | jq '.lineages[] | select(.changed) | .id'",
        ),
    )
    p.add_argument(
        "prints",
        metavar="PRINT",
        nargs="+",
        help="the prints (XML) of one Bill, in any order; one of them may be - for stdin",
    )
    p.add_argument("--format", choices=tuple(FORMATS), default="text", help=format_help(FORMATS))
    p.add_argument(
        "--clause",
        action="append",
        metavar="REF",
        help="this unit only, its words in every print and each step's redline (text, "
        "markdown; json and csv list its lineage only); repeatable: 12, 'clause 12', 2/5, "
        "'Schedule 2 paragraph 5', a GUID, an eId or a lineage id, matched in every print; "
        "N:REF reads the number in print N (from 1), first:REF and last:REF in the first "
        "and last",
    )
    p.add_argument(
        "--order",
        choices=("metadata", "given"),
        default="metadata",
        help="metadata (default): by publication date, then stage, or as given when they "
        "cannot tell; given: as given on the command line",
    )
    p.add_argument(
        "--only-changed",
        action="store_true",
        help="leave out lineages that never changed",
    )
    p.add_argument(
        "--context",
        type=int,
        default=12,
        metavar="WORDS",
        help="with --clause: words of unchanged text around each change (default 12); "
        "-1 shows whole clauses",
    )
    p.add_argument(
        "--colour",
        "--color",
        choices=("auto", "always", "never"),
        default="auto",
        help="colour the text output (auto: on a terminal, unless NO_COLOR is set)",
    )
    output_arguments(p, quiet="print nothing (and no progress line)", inputs="a PRINT")
