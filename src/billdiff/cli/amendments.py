"""``billdiff amendments OLD NEW``, ``… apply PRINT PAPER…`` and ``… compare OLD_PAPER NEW_PAPER``.

The first draws up, in House style, the amendments that turn the OLD print
into the NEW one, applies them back to OLD and says whether that gives NEW
(exit 0 it does, 1 it does not, 2 trouble). The second applies real amendment
papers (or a draft saved with ``--format json``) to the print they amend and
shows the result as a comparison, "the Bill if these amendments were agreed",
with the amendments that could not be applied and why (exit 0 all applied, 1
some not, 2 trouble). The third compares two papers of one Bill, as a clerk
checks each day's (:mod:`billdiff.amend.paperdiff`; exit 0 the same, 1 not).
"""

from __future__ import annotations

import argparse
import json
import re
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from billdiff.cli.common import (
    Exit,
    add_command,
    check_stdin,
    load_pair,
    notice,
    output_arguments,
    warn,
    write_output,
)
from billdiff.errors import InputError, UsageError
from billdiff.sanitise import visible

if TYPE_CHECKING:
    from billdiff.amend.instructions import Instruction, Target
    from billdiff.amend.papers import Paper
    from billdiff.model import Bill

DRAFT_FORMATS = {
    "text": "an amendment paper a clerk can read (default)",
    "json": "schema billdiff.amendments, version 1 (apply can read it back)",
    "markdown": "for a pull-request comment or a CI step summary",
    "html": "one self-contained page",
}
APPLY_FORMATS = ("text", "json", "markdown")


def run(args: argparse.Namespace) -> int:
    """Dispatch on the first argument: ``apply`` or two prints."""
    prints: list[str] = args.prints
    if prints and prints[0] == "compare":
        return _compare(args, prints[1:])
    if args.print or args.next_day is not None:
        raise UsageError("--print, --next-day and --days-between are for 'amendments compare'")
    if prints and prints[0] == "apply":
        return _apply(args, prints[1:])
    if len(prints) != 2:
        raise UsageError(
            "give two prints (amendments OLD NEW), 'apply PRINT PAPER…' or 'compare OLD_PAPER "
            "NEW_PAPER' (see 'billdiff amendments --help')"
        )
    return _draft(args, prints[0], prints[1])


def _compare(args: argparse.Namespace, papers: list[str]) -> int:
    """``amendments compare OLD_PAPER NEW_PAPER``: what changed between two papers."""
    from billdiff.amend.paperdiff import compare_papers
    from billdiff.amend.papers import read_paper
    from billdiff.amend.positions import read_positions
    from billdiff.formats import load
    from billdiff.render import paperdiff as render

    if len(papers) != 2:
        raise UsageError("give two amendment papers: compare OLD_PAPER NEW_PAPER")
    if "-" in papers:
        raise UsageError("amendment papers are read from files, not stdin")
    if args.clause or args.house:
        raise UsageError("--clause and --house are for drafting (amendments OLD NEW), not compare")
    args.old, args.new = papers
    args.prints = papers + ([args.print] if args.print else [])
    old, new = read_paper(papers[0]), read_paper(papers[1])
    bill = positions = None
    if args.print:
        check_stdin(args.print)
        bill = load(args.print)
        positions = read_positions(bill)
    c = compare_papers(old, new, bill, positions, args.next_day)
    renderers = {
        "text": render.render_text,
        "json": render.render_json,
        "markdown": render.render_markdown,
        "html": render.render_html,
    }
    write_output(renderers[args.format](c), args)
    return Exit.FAILED if c.differ else Exit.OK


def _draft(args: argparse.Namespace, old_path: str, new_path: str) -> int:
    from billdiff import lookup
    from billdiff.amend import wording
    from billdiff.amend.generate import draft
    from billdiff.amend.positions import read_positions
    from billdiff.amend.verify import check
    from billdiff.engine import compare
    from billdiff.render import amendments as render

    args.old, args.new = old_path, new_path
    old, new = load_pair(old_path, new_path)
    comparison = compare(old, new)
    if args.clause:
        comparison = lookup.restrict(comparison, args.clause)
    positions = read_positions(old)
    house = args.house or wording.house_of(old.house)
    if old.format == "lawmaker-akn" and not positions.has_markers and old_path != "-":
        unit = "section" if house == wording.SCOTTISH else "clause"
        notice(
            f"{old_path}: the print has no page and line markers; places are given by {unit} "
            "and subsection",
            args,
        )
    d = draft(comparison, old, positions, house)
    result = check(d, old, comparison, positions, numbers=not args.clause)
    fmt = args.format
    if fmt == "json":
        text = render.render_json(d, result, comparison.warnings)
    elif fmt == "markdown":
        text = render.render_markdown(d, result)
    elif fmt == "html":
        text = render.render_html(d, result)
    else:
        text = render.render_text(d, result)
    write_output(text, args)
    warn(comparison.warnings)
    return Exit.OK if result.ok else Exit.FAILED


# -- apply -----------------------------------------------------------------------------------

_PART = re.compile(r"\bplaced in Part (\d+[A-Z]*)")
_FINAL = re.compile(r"(?i)\b(final|general|supplementary)\b")


def _read_instructions(path: str) -> tuple[list[Instruction], Paper | None, str]:
    """The instructions in a paper (Lawmaker XML) or a saved draft (billdiff JSON)."""
    from billdiff.amend.instructions import read_draft
    from billdiff.amend.papers import read_paper
    from billdiff.formats.xmlsafe import read_bytes

    data = read_bytes(path)
    if data[:4096].lstrip().startswith(b"{"):
        try:
            return read_draft(data), None, path
        except InputError as e:
            raise InputError(f"{visible(path)}: {e}") from None
    paper = read_paper(path)
    return [a.instruction for a in paper.amendments if a.instruction is not None], paper, path


def _place_new_clauses(
    bill: Bill, instructions: list[Instruction]
) -> tuple[list[Instruction], list[tuple[str, str]]]:
    """Give a new Clause that does not say where it goes a place: the Part its explanatory
    statement names, else the end of the Part before the final provisions."""
    from billdiff.amend.apply import target_of
    from billdiff.amend.instructions import NewUnit
    from billdiff.model import Kind

    parts: list[tuple[str, str, Target]] = []  # (number, heading, its last clause)
    last_clause: Target | None = None
    for unit in bill.units():
        if unit.provision.kind is Kind.SCHEDULE_PARAGRAPH:
            continue
        last_clause = target_of(unit)
        part = next((c for c in reversed(unit.context) if c.kind is Kind.PART), None)
        if part is not None:
            if parts and parts[-1][0] == (part.number or ""):
                parts[-1] = (parts[-1][0], parts[-1][1], last_clause)
            else:
                parts.append((part.number or "", part.heading or "", last_clause))
    out: list[Instruction] = []
    placed: list[tuple[str, str]] = []
    for i in instructions:
        a = i.action
        if not isinstance(a, NewUnit) or a.after is not None or a.kind is Kind.SCHEDULE_PARAGRAPH:
            out.append(i)
            continue
        m = _PART.search(i.statement or "")
        where: Target | None = None
        why = ""
        if m and any(p[0] == m.group(1) for p in parts):
            number, heading, where = next(p for p in parts if p[0] == m.group(1))
            why = f"its explanatory statement places it in Part {number} ({heading})"
        elif len(parts) > 1 and _FINAL.search(parts[-1][1]):
            number, heading, where = parts[-2]
            why = (
                f"the amendment does not say where it goes; put at the end of Part {number} "
                f"({heading}), before Part {parts[-1][0]} ({parts[-1][1]})"
            )
        else:
            where = last_clause
            why = "the amendment does not say where it goes; put after the last Clause"
        if where is not None:
            placed.append((i.number or "", f"after {where.name}: {why}"))
        out.append(replace(i, action=replace(a, after=where)))
    return out, placed


def _apply(args: argparse.Namespace, files: list[str]) -> int:
    from billdiff.amend.apply import amended_bill, apply
    from billdiff.amend.positions import read_positions
    from billdiff.engine import compare
    from billdiff.formats import load
    from billdiff.render import amendments as render

    if args.format not in APPLY_FORMATS:
        raise UsageError(
            f"amendments apply --format takes {', '.join(APPLY_FORMATS)}, not {args.format}"
        )
    if args.clause or args.house:
        raise UsageError("--clause and --house are for drafting (amendments OLD NEW), not apply")
    if len(files) < 2:
        raise UsageError("give the print and at least one amendment paper: apply PRINT PAPER…")
    print_path, papers = files[0], files[1:]
    if "-" in papers:
        raise UsageError("amendment papers are read from files, not stdin")
    check_stdin(print_path)
    args.file = print_path
    args.prints = files
    bill = load(print_path)
    instructions: list[Instruction] = []
    unread: list[tuple[str, str]] = []
    superseded: list[tuple[str, str]] = []
    read: list[tuple[str, Paper | None, list[Instruction]]] = []
    warnings: list[str] = []
    for path in papers:
        items, paper, _ = _read_instructions(path)
        read.append((path, paper, items))
        if paper is not None:
            unread += [(a.number, a.problem) for a in paper.amendments if a.problem]
            items, refused = _for_this_print(paper, bill, items, warnings)
            unread += refused
            read[-1] = (path, paper, items)
    # A later paper lists the same amendment again (with more names): the latest counts.
    latest: dict[str, tuple[str, str]] = {}
    for path, paper, items in read:
        date = (paper.published or "") if paper is not None else ""
        for i in items:
            key = i.number or ""
            if key and (key not in latest or date >= latest[key][0]):
                latest[key] = (date, path)
    for path, _, items in read:
        for i in items:
            key = i.number or ""
            if key and latest[key][1] != path:
                superseded.append(
                    (
                        key,
                        f"{Path(path).name}: listed again on the later paper "
                        f"{Path(latest[key][1]).name}, which is the one applied",
                    )
                )
                continue
            instructions.append(i)
    instructions, placed = _place_new_clauses(bill, instructions)
    positions = read_positions(bill)
    result = apply(bill, instructions, positions, renumber=False)
    agreed = ", ".join(i.number or "?" for i in result.applied) or "none"
    amended = replace(
        amended_bill(bill, result),
        stage=f"{bill.stage or 'the print'} with amendments {agreed} agreed",
        bill_number=None,
    )
    comparison = compare(bill, amended)
    report = render.apply_report(result, placed, unread, superseded)
    if args.format == "json":
        from billdiff.render.data import comparison_data

        data = {
            "schema": render.APPLY_SCHEMA,
            "version": render.APPLY_VERSION,
            "papers": [
                render.paper_data(p)["paper"] if p is not None else {"path": path}
                for path, p, _ in read
            ],
            **render.apply_data(result, placed, unread, superseded),
            "warnings": warnings,
            "comparison": comparison_data(comparison, (), only_changed=True),
        }
        text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    elif args.format == "markdown":
        from billdiff.render.markdown import escape, render_markdown

        text = (
            render_markdown(comparison) + "\n" + "\n".join(f"{escape(x)}  " for x in report) + "\n"
        )
    else:
        from billdiff.render.text import render_text

        head = [
            "The Bill if these amendments were agreed (clauses keep their numbers; a new "
            "Clause is shown by its amendment's number)",
        ]
        head += [f"  {Path(path).name}: {_paper_name(p)}" for path, p, _ in read]
        text = "\n".join(head) + "\n\n" + render_text(comparison) + "\n" + "\n".join(report) + "\n"
    write_output(text, args)
    return Exit.FAILED if result.not_applied or unread else Exit.OK


def _paper_name(p: Paper | None) -> str:
    if p is None:
        return "billdiff draft"
    from billdiff.view.words import count

    parts = [x for x in (p.stage, p.published, p.list_type) if x]
    return ", ".join(parts) + f"; {count(len(p.amendments), 'amendment')}"


def _for_this_print(
    paper: Paper, bill: Bill, items: list[Instruction], warnings: list[str]
) -> tuple[list[Instruction], list[tuple[str, str]]]:
    """The amendments of ``paper`` that can be applied to ``bill``: only new Clauses if it
    amends another print of this one (its pages and lines are of that print). A paper for
    another Bill is trouble (:class:`InputError`), said once, not once per amendment."""
    from billdiff.amend.instructions import NewUnit

    if paper.project_id and bill.project_id and paper.project_id != bill.project_id:
        raise InputError(
            f"{paper.source_path}: the paper amends another Bill ({paper.title}, project "
            f"{paper.project_id}), not {bill.title} (project {bill.project_id})"
        )
    if paper.bill_number and bill.bill_number and paper.bill_number != bill.bill_number:
        warnings.append(f"the paper amends {paper.bill_number}, not {bill.bill_number}")
        warn(warnings[-1:])
        keep = [i for i in items if isinstance(i.action, NewUnit)]
        why = (
            f"the paper amends {paper.bill_number}, not {bill.bill_number}: its pages and lines "
            "are of that print"
        )
        return keep, [(i.number or "?", why) for i in items if not isinstance(i.action, NewUnit)]
    return items, []


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Add ``amendments`` to the subcommands."""
    p = add_command(
        sub,
        "amendments",
        run,
        help="draw up the amendments that turn one print into the next, apply amendment papers, "
        "or compare two papers",
        description="amendments OLD NEW: the amendments, in House style, that turn OLD into NEW "
        "('Clause 3, page 2, line 22, leave out “may” and insert “must”'), and the changes the "
        "Public Bill Office makes on reprinting; applied back to OLD, they must give NEW (exit 0 "
        "they do, 1 they do not). amendments apply PRINT PAPER…: apply amendment papers (Lawmaker "
        "XML, or a draft saved with --format json) to the print they amend, and show the Bill as "
        "it would be (exit 0 all applied, 1 some could not be). amendments compare OLD_PAPER "
        "NEW_PAPER: amendments added, withdrawn and reworded, names added and removed, wrong "
        "stars, numbers and names printed twice, and (with --print) places that no longer fit "
        "(exit 0 the same, 1 different).",
        examples=(
            "billdiff amendments introduced.xml committee.xml",
            "billdiff amendments introduced.xml committee.xml --format html -o draft.html",
            "billdiff amendments old.xml new.xml --clause 12 --house lords",
            "billdiff amendments apply committee.xml report-amendments-0721.xml",
            "billdiff amendments old.xml new.xml --format json -o draft.json && "
            "billdiff amendments apply old.xml draft.json",
            "billdiff amendments compare report-0721.xml report-0825.xml --print committee.xml",
        ),
    )
    p.add_argument(
        "prints",
        nargs="+",
        metavar="OLD NEW | apply PRINT PAPER | compare OLD_PAPER NEW_PAPER",
        help="two prints; 'apply', the print, and one or more amendment papers; or 'compare' "
        "and two amendment papers",
    )
    p.add_argument(
        "--format",
        choices=tuple(DRAFT_FORMATS),
        default="text",
        help="; ".join(f"{k}: {v}" for k, v in DRAFT_FORMATS.items())
        + " (apply: text, json or markdown)",
    )
    p.add_argument(
        "--clause",
        action="append",
        metavar="REF",
        help="only this unit; repeatable (as for diff)",
    )
    p.add_argument(
        "--house",
        choices=("commons", "lords", "scottish"),
        help="the House whose style to draft in: commons, lords or scottish (the Scottish "
        "Parliament); default: the House of OLD",
    )
    p.add_argument(
        "--print",
        metavar="PRINT",
        help="compare: the print the papers amend; each amendment of NEW_PAPER is applied to it "
        "on its own, and those whose page and line no longer fit are listed",
    )
    days = p.add_mutually_exclusive_group()
    days.add_argument(
        "--next-day",
        dest="next_day",
        action="store_const",
        const=True,
        help="compare: NEW_PAPER is the next sitting day's (★ becomes ☆); by default judged "
        "from the papers' dates",
    )
    days.add_argument(
        "--days-between",
        dest="next_day",
        action="store_const",
        const=False,
        help="compare: the House sat between the papers (every star of OLD_PAPER is gone)",
    )
    output_arguments(p)
