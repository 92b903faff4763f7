"""``billdiff check OLD NEW``: the CI gate (exit 1 unless every change needing a note has one)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from billdiff.cli.common import (
    Exit,
    Renderer,
    add_command,
    comparison_of,
    format_help,
    ignore_argument,
    ignored_classes,
    notes_argument,
    output_arguments,
    prints_arguments,
    warn,
    write_output,
)
from billdiff.cli.notes import notes_path, open_store

if TYPE_CHECKING:
    from billdiff.annotations.review import CheckResult, Review


def _args(args: argparse.Namespace) -> tuple[Path, bool]:
    return args.notes_file, args.notes_file.exists()


def _text(pair: tuple[CheckResult, Review], args: argparse.Namespace) -> str:
    from billdiff.render.notes import check_text

    return check_text(pair[0], *_args(args), pair[1].comparison.warnings)


def _json(pair: tuple[CheckResult, Review], args: argparse.Namespace) -> str:
    from billdiff.render.notes import check_json

    return check_json(pair[0], pair[1], *_args(args))


def _markdown(pair: tuple[CheckResult, Review], args: argparse.Namespace) -> str:
    from billdiff.render.notes import check_markdown

    return check_markdown(pair[0], *_args(args), pair[1].comparison.warnings)


#: ``--format`` of ``check``.
FORMATS: dict[str, Renderer[tuple[CheckResult, Review]]] = {
    "text": Renderer(_text, "the verdict and what is missing (default)"),
    "json": Renderer(_json, "schema billdiff.check"),
    "markdown": Renderer(_markdown, "for a CI step summary"),
}


def run(args: argparse.Namespace) -> int:
    """Check that every change that needs a note has one; exit 1 if not."""
    from billdiff.annotations.review import Require, Review

    ignore = ignored_classes(args.ignore)
    args.notes_file = notes_path(args)
    store = open_store(args.notes_file)
    review = Review(comparison_of(args), store.notes)
    result = review.check(Require(args.require_notes), ignore, args.earlier_notes)
    write_output(FORMATS[args.format].render((result, review), args), args)
    warn(review.comparison.warnings)
    return Exit.OK if result.ok else Exit.FAILED


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Add ``check`` to the subcommands."""
    from billdiff.annotations.policy import Require

    p = add_command(
        sub,
        "check",
        run,
        help="CI gate: exit 1 unless every change that needs a note has one",
        description="Exit 0 when every change that needs a note has one and no note is "
        "orphaned or ambiguous (unless resolved); exit 1 and list what is missing "
        "otherwise; 2 on trouble. Only notes written on this pair of prints explain its "
        "changes, unless --earlier-notes.",
        examples=(
            "billdiff check old.xml new.xml --notes bill.notes.json",
            "billdiff check old.xml new.xml --require-notes any --ignore xref,typographic",
            'billdiff check old.xml new.xml --format markdown >> "$GITHUB_STEP_SUMMARY"',
        ),
    )
    prints_arguments(p)
    notes_argument(p, "NEW-STEM.notes.json beside NEW; a missing file means no notes")
    p.add_argument(
        "--require-notes",
        choices=tuple(r.value for r in Require),
        default=Require.SUBSTANTIVE.value,
        help="which units need a note: substantive changes and added, removed, moved, split, "
        "merged or substituted units (default); any changed unit; or none. The long title, "
        "Parts, Chapters, cross-headings and schedule headings count as units",
    )
    ignore_argument(p)
    p.add_argument(
        "--earlier-notes",
        action="store_true",
        help="let notes written on earlier prints explain this comparison's changes too",
    )
    p.add_argument("--format", choices=tuple(FORMATS), default="text", help=format_help(FORMATS))
    output_arguments(p)
