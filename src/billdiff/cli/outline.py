"""``billdiff outline FILE``: a print's metadata and its tree of Parts, clauses, schedules."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from billdiff.cli.common import (
    Exit,
    Renderer,
    add_command,
    check_stdin,
    format_help,
    notice,
    output_arguments,
    write_output,
)

if TYPE_CHECKING:
    from billdiff.model import Bill


def _text(bill: Bill, args: argparse.Namespace) -> str:
    from billdiff.render.outline import render_text

    return render_text(bill)


def _json(bill: Bill, args: argparse.Namespace) -> str:
    from billdiff.render.outline import render_json

    return render_json(bill)


#: ``--format`` of ``outline``.
FORMATS: dict[str, Renderer[Bill]] = {
    "text": Renderer(_text, "metadata, then one line per Part, clause… with page:line (default)"),
    "json": Renderer(_json, "schema billdiff.outline"),
}


def run(args: argparse.Namespace) -> int:
    """Read the print (or amendment paper) once and write its outline."""
    from billdiff.formats import load_print_or_paper
    from billdiff.model import Bill

    check_stdin(args.file)
    bill = load_print_or_paper(args.file)
    if not isinstance(bill, Bill):
        from billdiff.amend.papers import paper_of
        from billdiff.render.amendments import render_paper_json, render_paper_text

        render = render_paper_json if args.format == "json" else render_paper_text
        write_output(render(paper_of(bill)), args)
        return Exit.OK
    for warning in bill.warnings:
        notice(f"{'stdin' if args.file == '-' else args.file}: warning: {warning}", args)
    write_output(FORMATS[args.format].render(bill, args), args)
    return Exit.OK


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Add ``outline`` to the subcommands."""
    p = add_command(
        sub,
        "outline",
        run,
        help="show a print's metadata and clause outline, or an amendment paper's amendments",
        description="Show a print's metadata (title, stage, House, bill number, session, "
        "project, date, format, SHA-256) and its tree of Parts, Chapters, cross-headings, "
        "clauses, schedules and schedule paragraphs, each with its printed page:line. Given an "
        "amendment paper, its amendments: number, sponsors, instruction, target clause, page and "
        "line, inserted text and explanatory statement.",
        examples=(
            "billdiff outline committee.xml",
            "billdiff outline committee.xml --format json -o outline.json",
        ),
    )
    p.add_argument("file", metavar="FILE", help="a print (XML), or - for stdin")
    p.add_argument("--format", choices=tuple(FORMATS), default="text", help=format_help(FORMATS))
    output_arguments(p, quiet="print nothing (check the file reads)")
