"""``billdiff keeling BILL [ACT]``: what a Bill does to the law.

With an Act: the Keeling schedule — the Act as the Bill would amend it, each
change labelled with the Bill provision that makes it, then every amendment
not applied and why (exit 0 all applied, 1 some not, 2 trouble). Without an
Act: the Acts and other instruments the Bill amends, with counts and the
provisions that amend each (exit 0).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from billdiff.cli.common import (
    Exit,
    Renderer,
    add_command,
    check_stdin,
    format_help,
    output_arguments,
    say,
    write_output,
)
from billdiff.cli.diff import context_words, use_colour
from billdiff.errors import UsageError

if TYPE_CHECKING:
    from billdiff.keeling.bill import AmendingBill
    from billdiff.keeling.schedule import Keeling


def _text(k: Keeling, args: argparse.Namespace) -> str:
    from billdiff.render.text import render_text

    return render_text(k.comparison, colour=use_colour(args), context=context_words(args))


def _markdown(k: Keeling, args: argparse.Namespace) -> str:
    from billdiff.render.markdown import render_markdown

    return render_markdown(k.comparison, context=context_words(args))


def _json(k: Keeling, args: argparse.Namespace) -> str:
    from billdiff.comparison import PrintInfo
    from billdiff.render.keeling import render_json

    return render_json(k.comparison, PrintInfo.of(k.bill), only_changed=args.only_changed)


def _csv(k: Keeling, args: argparse.Namespace) -> str:
    from billdiff.render.keeling import render_csv

    assert k.comparison.account is not None
    return render_csv(k.comparison.account)


def _html(k: Keeling, args: argparse.Namespace) -> str:
    from billdiff.render.html import render_html

    return render_html(
        k.comparison, None, only_changed=args.only_changed, context=context_words(args)
    )


def _docx(k: Keeling, args: argparse.Namespace) -> bytes:
    from billdiff.render.docx_report import DEFAULT_AUTHOR, render_docx

    return render_docx(k.comparison, None, only_changed=args.only_changed, author=DEFAULT_AUTHOR)


def _xml(k: Keeling, args: argparse.Namespace) -> str:
    from billdiff.render.lawmaker import render_lawmaker

    return render_lawmaker(k.amended, k.notes())


#: ``--format`` of ``keeling`` with an Act.
FORMATS: dict[str, Renderer[Keeling]] = {
    "text": Renderer(_text, "the Act's changed provisions, each change with its source (default)"),
    "json": Renderer(_json, "one versioned document, schema billdiff.keeling"),
    "markdown": Renderer(_markdown, "for a CI step summary or a pull-request comment"),
    "csv": Renderer(_csv, "the table of amendments, a row per amendment and provision"),
    "html": Renderer(_html, "one self-contained page (billdiff export --keeling adds notes)"),
    "docx": Renderer(
        _docx, "a Word document, each change a tracked change labelled with its source"
    ),
    "xml": Renderer(_xml, "the Act as amended, Lawmaker Akoma Ntoso that billdiff reads back"),
}


def read_bill(path: str) -> AmendingBill:
    """The amending Bill at ``path`` (``-`` for stdin), read for its amendments."""
    from billdiff.formats.xmlsafe import load_xml
    from billdiff.keeling.bill import read_amending_bill

    check_stdin(path)
    return read_amending_bill(load_xml(path))


def keeling_of(bill_path: str, act_path: str) -> Keeling:
    """The Keeling schedule of the Act at ``act_path`` as the Bill at ``bill_path`` would
    amend it."""
    from billdiff.keeling.files import keeling_of_files

    if bill_path == "-" and act_path == "-":
        raise UsageError("only one of BILL and ACT can be - (stdin)")
    check_stdin(bill_path, act_path)
    return keeling_of_files(bill_path, act_path)


def run(args: argparse.Namespace) -> int:
    """A Keeling schedule (with an Act), or the Acts the Bill amends (without)."""
    if args.context < -1:
        raise UsageError(
            f"--context takes a number of words (0 or more), or -1; not {args.context}"
        )
    if args.act is None:
        return _list(args)
    fmt = args.format
    if fmt is None:
        fmt = "xml" if args.output and Path(args.output).suffix.lower() == ".xml" else "text"
    if fmt not in FORMATS:
        raise UsageError(f"--format {fmt} lists the Acts a Bill amends; give no ACT for it")
    if (
        fmt == "docx"
        and (args.output in (None, "-"))
        and sys.stdout is not None
        and sys.stdout.isatty()
    ):
        raise UsageError("will not write a docx file to a terminal: use -o FILE or redirect stdout")
    k = keeling_of(args.bill, args.act)
    for warning in k.comparison.warnings:
        if not args.quiet:
            say(f"warning: {warning}")
    write_output(FORMATS[fmt].render(k, args), args)
    account = k.comparison.account
    assert account is not None
    return Exit.OK if account.applied == account.total else Exit.DIFFERENT


def _list(args: argparse.Namespace) -> int:
    from billdiff.keeling.bill import acts_amended
    from billdiff.render.effects import effects_csv, effects_data, effects_text

    fmt = args.format or "text"
    if fmt not in ("text", "json", "csv"):
        raise UsageError(f"--format {fmt} needs an ACT; the list of Acts is text, json or csv")
    amending = read_bill(args.bill)
    acts = acts_amended(amending)
    if fmt == "json":
        import json

        out = json.dumps(effects_data(amending.bill, acts), ensure_ascii=False) + "\n"
    elif fmt == "csv":
        out = effects_csv(acts)
    else:
        out = effects_text(amending.bill, acts)
    write_output(out, args)
    return Exit.OK


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Add ``keeling`` to the subcommands."""
    p = add_command(
        sub,
        "keeling",
        run,
        help="what a Bill does to an Act: the Act as amended, each change traced to its "
        "source (exit 0 all applied, 1 some not, 2 trouble)",
        description="Find every textual amendment BILL makes to ACT, apply them in the Bill's "
        "order, and show the Act as it would be amended, each change labelled with the "
        "provision of the Bill that makes it, then every amendment that could not be applied "
        "and why. Without ACT: list the Acts the Bill amends.",
        examples=(
            "billdiff keeling employment-rights-bill.xml employment-rights-act-1996.xml",
            "billdiff keeling bill.xml act.xml --format csv -o table-of-amendments.csv",
            "billdiff keeling bill.xml act.xml -o act-as-amended.xml",
            "billdiff keeling bill.xml",
        ),
    )
    p.add_argument("bill", metavar="BILL", help="the amending Bill (Lawmaker XML), or -")
    p.add_argument(
        "act",
        metavar="ACT",
        nargs="?",
        help="the Act it amends (Lawmaker import, legislation.gov.uk CLML or AKN), or -",
    )
    choices = (*FORMATS, "list")
    p.add_argument(
        "--format",
        choices=tuple(dict.fromkeys(c for c in choices if c != "list")),
        default=None,
        help=format_help(FORMATS)
        + " (default text; xml when -o names a .xml file). Without ACT: text, json or csv",
    )
    p.add_argument(
        "--only-changed",
        action="store_true",
        help="json/html: leave out the Act's provisions that no amendment changes",
    )
    p.add_argument(
        "--context",
        type=int,
        default=12,
        metavar="WORDS",
        help="words of unchanged text around each change (default 12); -1 shows whole sections",
    )
    p.add_argument(
        "--colour",
        "--color",
        choices=("auto", "always", "never"),
        default="auto",
        help="colour the text output (auto: on a terminal, unless NO_COLOR is set)",
    )
    output_arguments(p, inputs="BILL or ACT")
