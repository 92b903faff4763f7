"""``billdiff view [OLD NEW] [--notes F]``: the terminal UI (Textual is imported only here,
inside the handler, so no other command ever loads it)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from billdiff.cli.common import Exit, add_command, notes_beside
from billdiff.errors import UsageError


def run(args: argparse.Namespace) -> int:
    """Open the terminal UI on two prints, or on the bundled example."""
    from billdiff.tui.loading import Source

    if args.old is None:
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
        if args.new is None:
            raise UsageError("give both OLD and NEW, or neither for the bundled example")
        if "-" in (args.old, args.new):
            raise UsageError("view reads its keys from the terminal, so OLD and NEW must be files")
        for path in (args.old, args.new):
            if not Path(path).is_file():
                raise UsageError(f"{path}: no such file")
        notes = Path(args.notes) if args.notes else notes_beside(args.new)
        source = Source(args.old, args.new, notes)
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise UsageError("view needs a terminal; use 'billdiff diff' in scripts and CI")
    # The prints are read on the other cores while Textual starts up.
    source.start_reading()
    from billdiff.tui import launch

    return launch(source) or Exit.OK


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
        ),
    )
    p.add_argument("old", metavar="OLD", nargs="?", help="the earlier print (XML)")
    p.add_argument("new", metavar="NEW", nargs="?", help="the later print (XML)")
    p.add_argument(
        "--notes", metavar="PATH", help="the notes file (default: NEW-STEM.notes.json beside NEW)"
    )
