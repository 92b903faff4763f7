"""``billdiff view [OLD NEW | PRINT…] [--notes F]``: the terminal UI (Textual is imported only
here, inside the handler, so no other command ever loads it)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from billdiff.cli.common import Exit, add_command, notes_beside, warn
from billdiff.errors import UsageError


def run(args: argparse.Namespace) -> int:
    """Open the terminal UI on two prints, on a Bill's set of prints, or on the example."""
    from billdiff import parallel
    from billdiff.tui.loading import Source

    prints = list(args.prints)
    if not prints:
        if args.keeling:
            raise UsageError("--keeling needs the amending Bill and the Act it amends")
        if args.notes:
            raise UsageError("--notes needs OLD and NEW (the example keeps its own notes)")
        from billdiff.tui.example import example

        found = example()
        notice = (
            "This is the bundled example (Crime and Policing Bill, prints 1 → 2). "
            f"Its notes are a copy of your own, kept in {found.notes}."
        )
        source = Source(
            str(found.old), str(found.new), found.notes, notice, output_dir=found.notes.parent
        )
    else:
        if len(prints) == 1:
            raise UsageError("give both OLD and NEW (or more prints), or none for the example")
        if "-" in prints:
            raise UsageError("view reads its keys from the terminal, so prints must be files")
        for path in prints:
            if not Path(path).is_file():
                raise UsageError(f"{path}: no such file")
        if args.keeling and len(prints) != 2:
            raise UsageError("--keeling takes two files: the amending Bill, then the Act")
        notes = Path(args.notes) if args.notes else notes_beside(prints[-1], args.keeling)
        source = Source(
            prints[-2], prints[-1], notes, notes_given=bool(args.notes), keeling=args.keeling
        )
        if len(prints) > 2:
            source.prints = tuple(prints)
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise UsageError("view needs a terminal; use 'billdiff diff' in scripts and CI")
    # The prints are read on the other cores while Textual starts up; after that this
    # process has threads, and must not fork again.
    source.start_reading()
    parallel.enabled = False
    from billdiff.tui import launch

    seen: list[str] = []
    code = launch(source, warnings=seen)
    warn(seen)
    return code or Exit.OK


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Add ``view`` to the subcommands."""
    p = add_command(
        sub,
        "view",
        run,
        help="open the prints in the terminal UI: walk every change and keep notes on them",
        description="Open two prints in the terminal UI: every change in order, as an "
        "inline redline or side by side, with the notes on each. With no prints, open the "
        "bundled example (the Crime and Policing Bill, prints 1 → 2, with its notes). "
        "Press ? in the app for its keys.",
        examples=(
            "billdiff view",
            "billdiff view old.xml new.xml",
            "billdiff view old.xml new.xml --notes bill.notes.json",
            "billdiff view introduced.xml committee.xml lords.xml   (p: choose two; h: history)",
            "billdiff view --keeling bill.xml act.xml",
        ),
    )
    p.add_argument(
        "prints",
        metavar="PRINT",
        nargs="*",
        help="OLD and NEW; or three or more prints of one Bill (put in order by their "
        "metadata; the last two are compared first, and p chooses any two)",
    )
    p.add_argument(
        "--notes", metavar="PATH", help="the notes file (default: NEW-STEM.notes.json beside NEW)"
    )
    p.add_argument(
        "--keeling",
        action="store_true",
        help="the two files are an amending Bill and the Act it amends: open the Act as the "
        "Bill would amend it, each change with its source (notes: ACT-STEM.keeling.notes.json)",
    )
