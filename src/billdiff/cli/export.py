"""``billdiff export OLD NEW``: the annotated report, as one self-contained HTML file or as
a Word document with tracked changes and the notes as comments (``--format docx``).

The notes come from ``--notes PATH``, else ``NEW-STEM.notes.json`` beside NEW
when it exists (no notes otherwise). The report goes to ``-o FILE``, else
``NEW-STEM.report.html`` (``.docx``) in the current folder (``-o -`` writes to
stdout). Exit 0 when the report was written, 2 on trouble: unlike ``diff``, a
report of differences is a success.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from dataclasses import dataclass
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


def default_output(new: str, suffix: str = "html", keeling: bool = False) -> Path:
    """``NEW-STEM.report.html`` (or ``.docx``…) in the current folder; for a Keeling
    schedule, ``ACT-STEM.keeling.html``."""
    if new == "-":
        raise UsageError("NEW is read from stdin, so say where the report goes with -o FILE")
    return Path(f"{Path(new).stem}.{'keeling' if keeling else 'report'}.{suffix}")


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
    beside = notes_beside(args.new, keeling=args.keeling)
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
    from billdiff.view.redline import DEFAULT_CONTEXT

    context = DEFAULT_CONTEXT if args.context is None else args.context
    return render_html(
        comparison,
        review,
        ignore=ignored_classes(args.ignore),
        only_changed=args.only_changed,
        hide=hidden_classes(args.hide),
        context=None if context == -1 else context,
        history=history,
        changes_only=args.changes_only,
    )


def word_document(
    comparison: Comparison,
    review: Review | None,
    args: argparse.Namespace,
    history: History | None = None,
) -> bytes:
    """The Word document of ``comparison`` as the options in ``args`` ask for it."""
    from billdiff.render.docx_report import DEFAULT_AUTHOR, render_docx

    return render_docx(
        comparison,
        review,
        ignore=ignored_classes(args.ignore),
        only_changed=args.only_changed,
        hide=hidden_classes(args.hide),
        author=args.author or DEFAULT_AUTHOR,
        history=history,
    )


@dataclass(frozen=True, slots=True)
class ReportFormat:
    """One ``--format`` of ``export``: its renderer, the default file's suffix, its help."""

    render: Callable[[Comparison, Review | None, argparse.Namespace, History | None], str | bytes]
    suffix: str
    help: str
    #: Whether it is a binary file (never written to a terminal).
    binary: bool = False


#: ``--format`` of ``export`` (the choices come from here).
FORMATS: dict[str, ReportFormat] = {
    "html": ReportFormat(report, "html", "one self-contained page to read, print or publish"),
    "docx": ReportFormat(
        word_document,
        "docx",
        "a Word document: tracked changes (Accept All gives NEW, Reject All OLD), every "
        "note a comment on the words it explains",
        binary=True,
    ),
}


def check_options(args: argparse.Namespace) -> None:
    """Refuse options the chosen format has no use for, before reading anything."""
    if args.format == "docx" and args.context is not None:
        raise UsageError(
            "--context is for the HTML report: a Word document holds every word of each "
            "changed unit, so that Accept All and Reject All give each print's words"
        )
    if args.format != "docx" and args.author is not None:
        raise UsageError("--author names who made the tracked changes of --format docx")
    if FORMATS[args.format].binary and args.output == "-" and _terminal(sys.stdout):
        raise UsageError(
            f"will not write a {args.format} file to a terminal: use -o FILE or redirect stdout"
        )


def _terminal(stream: object) -> bool:
    isatty = getattr(stream, "isatty", None)
    return bool(isatty is not None and isatty())


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

    if args.context is not None and args.context < -1:
        raise UsageError(
            f"--context takes a number of words (0 or more), or -1; not {args.context}"
        )
    ignored_classes(args.ignore)  # refuse bad options before reading anything
    hidden_classes(args.hide)
    check_options(args)
    kind = FORMATS[args.format]
    output = (
        args.output
        if args.output is not None
        else str(default_output(args.new, kind.suffix, args.keeling))
    )
    path = notes_file(args)
    history = lineage_of(args)
    if args.keeling:
        if history is not None:
            raise UsageError("--lineage is for prints of one Bill, not a Keeling schedule")
        from billdiff.cli.keeling import keeling_of

        comparison = keeling_of(args.old, args.new).comparison
    elif history is not None:
        # OLD and NEW are read already, as prints of the set.
        paths = [b.source_path for b in history.bills]
        comparison = history.comparison(paths.index(args.old), paths.index(args.new))
    else:
        comparison = comparison_of(args)
    review = Review(comparison, NoteStore.open(path).notes) if path is not None else None
    args.output = output
    write_output(kind.render(comparison, review, args, history), args)
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
        help="write the annotated report of two prints (one self-contained HTML file, or a "
        "Word document with tracked changes and the notes as comments)",
        description="Write one self-contained HTML file that shows every change between two "
        "prints with its redline and every lawyer's note beside the change it explains: to "
        "read on screen, print, email or publish. It loads nothing from anywhere and works "
        "with JavaScript off. With --format docx, write a Word document instead: each changed "
        "unit's words with real tracked changes (Accept All gives the new print's words, "
        "Reject All the old print's) and every note a Word comment on the words it explains.",
        examples=(
            "billdiff export introduced.xml committee.xml -o report.html",
            "billdiff export old.xml new.xml --notes bill.notes.json --hide xref,typographic",
            "billdiff export old.xml new.xml --only-changed -o - > report.html",
            "billdiff export old.xml new.xml --changes-only --hide xref,typographic -o print.html",
            "billdiff export committee.xml lords.xml --lineage introduced.xml -o report.html",
            "billdiff export introduced.xml committee.xml --format docx -o report.docx",
            "billdiff export --keeling bill.xml act.xml --notes act.keeling.notes.json",
        ),
    )
    prints_arguments(p)
    p.add_argument(
        "--format",
        choices=tuple(FORMATS),
        default="html",
        help="; ".join(f"{name}: {f.help}" for name, f in FORMATS.items()) + " (default html)",
    )
    p.add_argument(
        "--keeling",
        action="store_true",
        help="OLD is an amending Bill and NEW the Act it amends: report the Act as the Bill "
        "would amend it (as billdiff keeling), with notes; the default notes file is then "
        "ACT-STEM.keeling.notes.json and the report ACT-STEM.keeling.html (.docx)",
    )
    notes_argument(p, "NEW-STEM.notes.json beside NEW, if it exists; else no notes")
    p.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="where to write the report (default NEW-STEM.report.html, or .docx, in the "
        "current folder; - for stdout); written whole or not at all, never onto OLD, NEW or "
        "the notes",
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
        metavar="WORDS",
        help="html: words of unchanged text around each change (default 12); -1 shows whole "
        "units (a Word document always holds whole units)",
    )
    p.add_argument(
        "--author",
        metavar="NAME",
        help="docx: who the tracked changes are by (default billdiff)",
    )
