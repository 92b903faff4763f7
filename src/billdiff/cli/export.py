"""``billdiff export OLD NEW``: the annotated HTML report, one self-contained file.

The notes come from ``--notes PATH``, else ``NEW-STEM.notes.json`` beside NEW
when it exists (no notes otherwise). The report goes to ``-o FILE``, else
``NEW-STEM.report.html`` in the current folder (``-o -`` writes to stdout).
Exit 0 when the report was written, 2 on trouble: unlike ``diff``, a report
of differences is a success.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from billdiff.cli.common import (
    Exit,
    add_command,
    comparison_of,
    ignore_argument,
    ignored_classes,
    notes_argument,
    notes_beside,
    prints_arguments,
    say,
    warn,
    write_output,
)
from billdiff.errors import InputError, UsageError

if TYPE_CHECKING:
    from billdiff.annotations.review import Review
    from billdiff.comparison import Comparison
    from billdiff.history import History
    from billdiff.textdiff import HunkClass


def default_output(new: str) -> Path:
    """``NEW-STEM.report.html`` in the current folder."""
    if new == "-":
        raise UsageError("NEW is read from stdin, so say where the report goes with -o FILE")
    return Path(f"{Path(new).stem}.report.html")


def notes_file(args: argparse.Namespace) -> Path | None:
    """The notes file to read: ``--notes`` (which must exist), else the one beside NEW if
    there is one, else None."""
    if args.notes:
        path = Path(args.notes)
        if not path.exists():
            raise InputError(f"{path}: no such notes file")
        return path
    if args.new == "-":
        return None
    beside = notes_beside(args.new)
    return beside if beside.exists() else None


def hidden_classes(values: list[str] | None) -> frozenset[HunkClass]:
    """The classes named by ``--hide`` (as ``--ignore`` names them)."""
    try:
        return ignored_classes(values)
    except UsageError as e:
        raise UsageError(str(e).replace("--ignore", "--hide")) from None


def report(
    comparison: Comparison,
    review: Review | None,
    args: argparse.Namespace,
    history: History | None = None,
) -> str:
    """The HTML of ``comparison`` as the options in ``args`` ask for it."""
    from billdiff.render.html import render_html

    return render_html(
        comparison,
        review,
        ignore=ignored_classes(args.ignore),
        only_changed=args.only_changed,
        hide=hidden_classes(args.hide),
        context=None if args.context == -1 else args.context,
        history=history,
        changes_only=args.changes_only,
    )


def lineage_of(args: argparse.Namespace) -> History | None:
    """The history of OLD, NEW and the ``--lineage`` prints, for the report's lineage table."""
    if not args.lineage:
        return None
    from billdiff.history import History, load_all

    paths = list(dict.fromkeys([args.old, args.new, *args.lineage]))
    if "-" in paths:
        raise UsageError("--lineage reads every print from a file; OLD and NEW cannot be -")
    return History.build(load_all(paths))


def run(args: argparse.Namespace) -> int:
    """Compare, place the notes, write the report."""
    from billdiff.annotations.review import Review
    from billdiff.annotations.store import NoteStore
    from billdiff.prints import different_bills

    if args.context < -1:
        raise UsageError(
            f"--context takes a number of words (0 or more), or -1; not {args.context}"
        )
    ignored_classes(args.ignore)  # refuse bad options before reading anything
    hidden_classes(args.hide)
    output = args.output if args.output is not None else str(default_output(args.new))
    path = notes_file(args)
    history = lineage_of(args)
    if history is not None:
        # OLD and NEW are read already, as prints of the set.
        paths = [b.source_path for b in history.bills]
        comparison = history.comparison(paths.index(args.old), paths.index(args.new))
    else:
        comparison = comparison_of(args)
    review = Review(comparison, NoteStore.open(path).notes) if path is not None else None
    args.output = output
    write_output(report(comparison, review, args, history), args)
    if output != "-":
        notes = f" with {len(review.notes)} notes from {path}" if review is not None else ""
        say(f"wrote {output}{notes}")
    warn(comparison.warnings)
    if path is not None and not args.notes and different_bills(comparison.old, comparison.new):
        warn(
            [
                f"the notes are from {path}, found beside NEW, but the prints belong to "
                "different bills; give --notes to choose the notes file"
            ]
        )
    return Exit.OK


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Add ``export`` to the subcommands."""
    p = add_command(
        sub,
        "export",
        run,
        help="write the annotated HTML report of two prints (one self-contained file)",
        description="Write one self-contained HTML file that shows every change between two "
        "prints with its redline and every lawyer's note beside the change it explains: to "
        "read on screen, print, email or publish. It loads nothing from anywhere and works "
        "with JavaScript off.",
        examples=(
            "billdiff export introduced.xml committee.xml -o report.html",
            "billdiff export old.xml new.xml --notes bill.notes.json --hide xref,typographic",
            "billdiff export old.xml new.xml --only-changed -o - > report.html",
            "billdiff export old.xml new.xml --changes-only --hide xref,typographic -o print.html",
            "billdiff export committee.xml lords.xml --lineage introduced.xml -o report.html",
        ),
    )
    prints_arguments(p)
    notes_argument(p, "NEW-STEM.notes.json beside NEW, if it exists; else no notes")
    p.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="where to write the report (default NEW-STEM.report.html in the current folder; "
        "- for stdout); written whole or not at all, never onto OLD, NEW or the notes",
    )
    p.add_argument(
        "--only-changed",
        action="store_true",
        help="leave out unchanged units (those that carry a note are kept)",
    )
    p.add_argument(
        "--changes-only",
        action="store_true",
        help="a report to print that shows what changed and little else: unchanged units left "
        "out (as --only-changed), and each unit whose words did not change (renumbered, "
        "moved) or whose changes --hide folds in one line, on paper too",
    )
    p.add_argument(
        "--hide",
        action="append",
        metavar="CLASSES",
        help="fold units whose only changes are of these classes (still counted), "
        "comma-separated or repeated, e.g. xref,typographic",
    )
    ignore_argument(p)
    p.add_argument(
        "--lineage",
        nargs="+",
        metavar="PRINT",
        help="the Bill's other prints: add a table of every clause and schedule paragraph "
        "through all of them (as billdiff history), OLD and NEW included",
    )
    p.add_argument(
        "--context",
        type=int,
        default=12,
        metavar="WORDS",
        help="words of unchanged text around each change (default 12); -1 shows whole units",
    )
