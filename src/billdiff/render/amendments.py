"""A draft amendment paper: text, JSON (``billdiff.amendments`` v1), Markdown and HTML.

The text reads like an amendment paper: each amendment numbered (Commons new
Clauses NC1, NC2… after the amendments; in the Lords every amendment in Bill
order under the heading of its clause), the instruction in House style
(:mod:`billdiff.amend.wording`), quoted text set out a line per
sub-provision, a new Clause's placement as its explanatory statement. Then the
changes the Public Bill Office makes on reprinting, by reason, the notes, and
the check that the draft, applied to the old print, gives the new one. Every
string from a print is made visible (:func:`~billdiff.sanitise.visible`), and
unusual spaces are spelled out ("⟨U+2007⟩"); Markdown escapes all bill text;
the HTML is built as a tree (never by pasting strings), needs nothing from
outside and forbids everything else with its Content-Security-Policy.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Iterable, Sequence
from typing import Any

from lxml import etree
from lxml.html import builder as E

from billdiff.amend import wording
from billdiff.amend.apply import Applied
from billdiff.amend.generate import Draft
from billdiff.amend.instructions import PRINTING_REASONS, Instruction, to_data
from billdiff.amend.papers import Paper, PaperAmendment
from billdiff.amend.verify import Check
from billdiff.render.data import print_data
from billdiff.render.markdown import escape
from billdiff.sanitise import visible
from billdiff.view.words import count, print_name

SCHEMA = "billdiff.amendments"
VERSION = 1
APPLY_SCHEMA = "billdiff.amendments-applied"
APPLY_VERSION = 1
WIDTH = 96

_REASONS = {
    "cross-reference": "Cross-references that follow the renumbering",
    "renumbering": "Sub-provisions renumbered",
    "typographic": "Typographic corrections (quotes, dashes, spaces)",
    "heading": "Headings",
}


def shown(text: str) -> str:
    """Bill text for a reader: control characters and unusual spaces spelled out."""
    out = []
    for ch in visible(text):
        out.append(f"⟨U+{ord(ch):04X}⟩" if ch.isspace() and ch != " " else ch)
    return "".join(out)


def _title_line(d: Draft) -> str:
    old, new = print_name(d.old), print_name(d.new)
    return f"Draft amendments to the print {old}, giving the print {new}"


def _references(d: Draft) -> str:
    old = print_name(d.old)
    if d.references == "page and line":
        return "places are given by page and line of " + old
    unit = _unit(d)
    if d.references == "clause and subsection":
        return f"places are given by {unit} and subsection ({old} has no page and line numbers)"
    return (
        f"places are given by page and line of {old}, and by {unit} and subsection where its "
        "line positions could not be read"
    )


def _unit(d: Draft) -> str:
    """What the Bill's units are called: clauses; sections in a Bill of the Scottish
    Parliament."""
    return "section" if d.house == wording.SCOTTISH else "clause"


def _house(d: Draft) -> str:
    return {
        wording.LORDS: "House of Lords style",
        wording.SCOTTISH: "Scottish Parliament style",
    }.get(d.house, "House of Commons style")


def _headline(d: Draft) -> str:
    new_units = sum(1 for i in d.amendments if i.action.TYPE == "new_unit")
    parts = [count(len(d.amendments), "amendment")]
    if new_units:
        unit = _unit(d)
        parts[0] += (
            f" ({count(new_units, f'new {unit} or paragraph', f'new {unit}s or paragraphs')})"
        )
    parts.append(count(len(d.printing), "change made on reprinting", "changes made on reprinting"))
    return "; ".join(parts)


def check_line(d: Draft, c: Check) -> str:
    """What the check found, in one sentence."""
    old, new = print_name(d.old), print_name(d.new)
    units = count(
        c.changed,
        f"changed {_unit(d)} or schedule paragraph",
        f"changed {_unit(d)}s and schedule paragraphs",
    )
    if c.ok:
        what = (
            "exactly"
            if c.numbers
            else "exactly in words and headings (numbers not checked: only some units were drafted)"
        )
        return (
            f"Checked: applied to {old}, these amendments and changes on reprinting give every one "
            f"of the {units} of {new} {what} (the amendments alone give {c.amendments_only}; the "
            "rest differ only by the changes made on reprinting)."
        )
    line = f"Checked: applied to {old}, these give {c.exact} of the {units} of {new} exactly"
    rest = [f"{n} {_DIFFERENCES[what]}" for what, n in c.differences]
    if rest:
        line += "; of the others, " + ", ".join(rest)
    line += f"; {count(len(c.not_applied), 'instruction')} could not be applied"
    if c.unreadable:
        unread = count(len(c.unreadable), "instruction")
        line += f", and {unread} could not be read back from the paper's words"
    return line + "."


def check_items(c: Check) -> list[str]:
    """The check's findings, one a line: each unit that differs, and why; each instruction
    not read back or not applied, and why."""
    out = [f"{label}: {why}" for label, why in c.failures]
    out += [
        f"{na.instruction.number}: not applied: {na.reason}" for na in c.unreadable + c.not_applied
    ]
    return out


#: What differs, after "of the others, N …" (see :data:`billdiff.amend.verify.DIFFERENCES`).
_DIFFERENCES = {
    "number": "differ only in their numbers",
    "typographic": "only in quotes, dashes or spaces",
    "heading": "in their headings",
    "words": "in their words",
    "missing": "are not where the new print has them (left in, or not made)",
}


# -- text ------------------------------------------------------------------------------------


def _wrap(text: str, indent: str, first: str | None = None) -> list[str]:
    return textwrap.wrap(
        text,
        WIDTH,
        initial_indent=first if first is not None else indent,
        subsequent_indent=indent,
        break_long_words=False,
        break_on_hyphens=False,
    ) or [first or indent]


def _text_instruction(i: Instruction, house: str) -> list[str]:
    w = wording.words(i, house)
    number = i.number or ""
    out: list[str] = []
    if i.sponsors:
        out.extend(_wrap(shown(", ".join(i.sponsors)), "      "))
    out.extend(_wrap(shown(w.lead), "      ", f"{number:<6}"))
    for line in w.block:
        out.extend(_wrap(shown(line), "          ", "        "))
    if i.statement:
        out.append("      Member’s explanatory statement")
        out.extend(_wrap(shown(i.statement), "      "))
    return out


def render_text(d: Draft, check: Check | None = None) -> str:
    """The draft as an amendment paper."""
    out = [
        shown(d.new.title),
        shown(_title_line(d)),
        shown(f"{_house(d)}; {_references(d)}"),
        shown(_headline(d)),
        "",
    ]
    for heading, i in wording.marshalled(d.amendments, d.house):
        if heading is not None:
            out += [f"      {shown(heading)}", ""]
        out += _text_instruction(i, d.house)
        out.append("")
    if d.printing:
        out += ["Changes made on reprinting (no amendment is needed)", ""]
        for reason in PRINTING_REASONS:
            group = [i for i in d.printing if i.printing == reason]
            if not group:
                continue
            out += [f"  {_REASONS[reason]}"]
            for i in group:
                out += _text_instruction(i, wording.COMMONS)
            out.append("")
    if d.notes:
        out += ["Notes"]
        for note in d.notes:
            out += _wrap(shown(note), "    ", "  - ")
        out.append("")
    if check is not None:
        out += _wrap(check_line(d, check), "")
        for item in check_items(check):
            out += _wrap(shown(item), "    ", "  - ")
    return "\n".join(out).rstrip("\n") + "\n"


# -- JSON ------------------------------------------------------------------------------------


def _instruction_data(i: Instruction, house: str) -> dict[str, Any]:
    data = to_data(i)
    data["text"] = wording.words(i, house).lines()
    return data


def check_data(c: Check | None) -> dict[str, Any] | None:
    """The check as JSON-ready data."""
    if c is None:
        return None
    return {
        "ok": c.ok,
        "changed": c.changed,
        "exact": c.exact,
        "typographic": c.typographic,
        "amendments_only": c.amendments_only,
        "numbers_checked": c.numbers,
        "differences": dict(c.differences),
        "failures": [{"unit": label, "reason": why} for label, why in c.failures],
        "not_applied": [
            {"number": na.instruction.number, "reason": na.reason}
            for na in c.unreadable + c.not_applied
        ],
    }


def draft_data(
    d: Draft, check: Check | None = None, warnings: Sequence[str] = ()
) -> dict[str, Any]:
    """The draft as plain JSON-ready data (schema ``billdiff.amendments``, version 1), with
    the comparison's ``warnings`` (prints of different Bills, given the wrong way round)."""
    return {
        "schema": SCHEMA,
        "version": VERSION,
        "old": print_data(d.old),
        "new": print_data(d.new),
        "warnings": list(warnings),
        "house": d.house,
        "references": d.references,
        "counts": d.counts(),
        "amendments": [_instruction_data(i, d.house) for i in d.amendments],
        "printing": [_instruction_data(i, wording.COMMONS) for i in d.printing],
        "notes": list(d.notes),
        "check": check_data(check),
    }


def render_json(d: Draft, check: Check | None = None, warnings: Sequence[str] = ()) -> str:
    """The draft as JSON."""
    return json.dumps(draft_data(d, check, warnings), indent=2, ensure_ascii=False) + "\n"


# -- Markdown --------------------------------------------------------------------------------


def _md_instruction(i: Instruction, house: str) -> list[str]:
    w = wording.words(i, house)
    out = []
    if i.sponsors:
        out += [f"*{escape(', '.join(i.sponsors))}*", ""]
    out += [f"**{escape(i.number or '')}** {escape(shown(w.lead))}", ""]
    for line in w.block:
        out.append(f"> {escape(shown(line))}  ")
    if w.block:
        out.append("")
    if i.statement:
        out += [f"*Member’s explanatory statement:* {escape(i.statement)}", ""]
    return out


def render_markdown(d: Draft, check: Check | None = None) -> str:
    """The draft as Markdown (all bill text escaped)."""
    out = [
        f"## {escape(d.new.title)}",
        "",
        escape(_title_line(d)),
        "",
        f"*{escape(_house(d))}; {escape(_references(d))}.* **{escape(_headline(d))}**",
        "",
    ]
    for heading, i in wording.marshalled(d.amendments, d.house):
        if heading is not None:
            out += [f"#### {escape(heading)}", ""]
        out += _md_instruction(i, d.house)
    if d.printing:
        out += ["### Changes made on reprinting (no amendment is needed)", ""]
        for reason in PRINTING_REASONS:
            group = [i for i in d.printing if i.printing == reason]
            if group:
                out += [f"#### {escape(_REASONS[reason])}", ""]
                for i in group:
                    out += _md_instruction(i, wording.COMMONS)
    if d.notes:
        out += ["### Notes", ""]
        out += [f"- {escape(n)}" for n in d.notes]
        out.append("")
    if check is not None:
        out += [escape(check_line(d, check)), ""]
        out += [f"- {escape(item)}" for item in check_items(check)]
    return "\n".join(out).rstrip("\n") + "\n"


# -- HTML ------------------------------------------------------------------------------------

_CSS = """
body { font-family: Georgia, 'Times New Roman', serif; max-width: 48em; margin: 2em auto;
       line-height: 1.4; color: #111; padding: 0 1em; }
h1 { font-size: 1.4em; margin-bottom: 0.2em; }
p.sub { margin: 0.1em 0; color: #333; }
h2 { font-size: 1.1em; margin-top: 2em; border-bottom: 1px solid #999; }
h3 { font-size: 1em; font-variant: small-caps; margin: 1.5em 0 0.5em; }
div.amendment { display: grid; grid-template-columns: 4em 1fr; margin: 0.9em 0; }
div.amendment .number { font-weight: bold; }
div.amendment .sponsors { font-style: italic; grid-column: 2; }
div.amendment .lead { grid-column: 2; }
div.amendment blockquote { grid-column: 2; margin: 0.3em 0 0 1.5em; }
div.amendment blockquote p { margin: 0.1em 0; }
div.amendment .statement { grid-column: 2; font-size: 0.9em; margin-top: 0.4em; }
div.printing { font-size: 0.92em; }
ul.notes li { margin: 0.3em 0; }
p.check { margin-top: 2em; font-weight: bold; }
"""

_CSP = "default-src 'none'; style-src 'unsafe-inline'"


def _html_instruction(i: Instruction, house: str, printing: bool = False) -> Any:
    w = wording.words(i, house)
    parts: list[Any] = [E.SPAN(E.CLASS("number"), shown(i.number or ""))]
    if i.sponsors:
        parts.append(E.DIV(E.CLASS("sponsors"), shown(", ".join(i.sponsors))))
    parts.append(E.DIV(E.CLASS("lead"), shown(w.lead)))
    if w.block:
        parts.append(E.BLOCKQUOTE(*[E.P(shown(line)) for line in w.block]))
    if i.statement:
        parts.append(
            E.DIV(E.CLASS("statement"), E.I("Member’s explanatory statement: "), shown(i.statement))
        )
    cls = "amendment printing" if printing else "amendment"
    return E.DIV(E.CLASS(cls), *parts)


def document(title: str, body: Iterable[Any], css: str = "") -> str:
    """A self-contained page in the style of an amendment paper (``css`` added to it)."""
    page = E.HTML(
        E.HEAD(
            E.META(charset="utf-8"),
            E.META(**{"http-equiv": "Content-Security-Policy", "content": _CSP}),
            E.META(name="referrer", content="no-referrer"),
            E.TITLE(title),
            E.STYLE(_CSS + css),
        ),
        E.BODY(*body),
    )
    return "<!DOCTYPE html>\n" + etree.tostring(page, encoding="unicode", method="html") + "\n"


def render_html(d: Draft, check: Check | None = None) -> str:
    """The draft as one self-contained HTML page."""
    body: list[Any] = [
        E.H1(shown(d.new.title)),
        E.P(
            E.CLASS("sub"),
            shown(_title_line(d)),
        ),
        E.P(E.CLASS("sub"), shown(f"{_house(d)}; {_references(d)}.")),
        E.P(E.CLASS("sub"), E.B(shown(_headline(d)))),
        E.H2("Amendments"),
    ]
    for heading, i in wording.marshalled(d.amendments, d.house):
        if heading is not None:
            body.append(E.H3(shown(heading)))
        body.append(_html_instruction(i, d.house))
    if d.printing:
        body.append(E.H2("Changes made on reprinting (no amendment is needed)"))
        for reason in PRINTING_REASONS:
            group = [i for i in d.printing if i.printing == reason]
            if group:
                body.append(E.H3(_REASONS[reason]))
                body.append(
                    E.DIV(
                        E.CLASS("printing"),
                        *[_html_instruction(i, wording.COMMONS, printing=True) for i in group],
                    )
                )
    if d.notes:
        body += [E.H2("Notes"), E.UL(E.CLASS("notes"), *[E.LI(shown(n)) for n in d.notes])]
    if check is not None:
        body.append(E.P(E.CLASS("check"), check_line(d, check)))
        items = check_items(check)
        if items:
            body.append(E.UL(*[E.LI(shown(item)) for item in items]))
    return document(f"Draft amendments: {shown(d.new.title)}", body)


# -- a real paper, and what applying it did ----------------------------------------------------


def _paper_amendment_text(a: PaperAmendment) -> list[str]:
    out = _wrap(shown(", ".join(a.sponsors) or "(no sponsor)"), "      ", f"{a.number:<6}")
    out += _wrap(shown(a.printed or "(no instruction)"), "      ")
    for line in wording.quoted_block(list(a.inserted)):
        out += _wrap(shown(line), "          ", "        ")
    target = []
    if a.target_provision:
        target.append(f"target {a.target_provision}")
    if a.target_page:
        target.append(f"page {a.target_page[0]}, line {a.target_page[1]}")
    if a.type:
        target.append(f"type {a.type}")
    if target:
        out.append(f"      [{shown(', '.join(target))}]")
    if a.statement:
        out.append("      Member’s explanatory statement")
        out += _wrap(shown(a.statement), "      ")
    if a.problem:
        out += _wrap(shown(f"cannot be read: {a.problem}"), "      ")
    return out


def render_paper_text(p: Paper) -> str:
    """``billdiff outline PAPER``: the paper's details and every amendment on it."""
    fields = [
        ("Title", p.title),
        ("Paper", " ".join(x for x in (p.stage, p.list_type and f"({p.list_type})") if x)),
        ("House", p.house),
        (
            "Amends",
            " ".join(x for x in (p.bill_stage, p.bill_number and f"({p.bill_number})") if x),
        ),
        ("Session", p.session),
        ("Project", p.project_id),
        ("Published", p.published),
        ("Source", p.source_path),
        ("SHA-256", p.sha256),
    ]
    out = [f"{label + ':':12}{shown(value)}" for label, value in fields if value]
    out += ["", count(len(p.amendments), "amendment"), ""]
    for a in p.amendments:
        out += _paper_amendment_text(a)
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def paper_data(p: Paper) -> dict[str, Any]:
    """A paper as JSON-ready data (schema ``billdiff.paper``, version 1)."""
    return {
        "schema": "billdiff.paper",
        "version": 1,
        "paper": {
            "title": p.title,
            "house": p.house,
            "stage": p.stage,
            "list_type": p.list_type,
            "description": p.description,
            "amends": {
                "stage": p.bill_stage,
                "bill_number": p.bill_number,
                "href": p.affected_document,
            },
            "session": p.session,
            "project_id": p.project_id,
            "published": p.published,
            "path": p.source_path,
            "sha256": p.sha256,
        },
        "amendments": [
            {
                "number": a.number,
                "eid": a.eid,
                "type": a.type,
                "proposer": a.proposer,
                "supporters": list(a.supporters),
                "instruction": a.printed,
                "inserted": list(a.inserted),
                "target_provision": a.target_provision,
                "target_page": (
                    {"page": a.target_page[0], "line": a.target_page[1]} if a.target_page else None
                ),
                "statement": a.statement,
                "record": to_data(a.instruction) if a.instruction is not None else None,
                "problem": a.problem,
            }
            for a in p.amendments
        ],
    }


def render_paper_json(p: Paper) -> str:
    """The paper as JSON."""
    return json.dumps(paper_data(p), indent=2, ensure_ascii=False) + "\n"


def apply_report(
    result: Applied,
    placed: Iterable[tuple[str, str]],
    unread: Iterable[tuple[str, str]],
    superseded: Iterable[tuple[str, str]] = (),
) -> list[str]:
    """Lines saying which amendments were applied, where new Clauses were put, which could
    not be applied and why, and which were listed again on a later paper."""
    out = []
    applied = [i.number or "?" for i in result.applied]
    out.append(f"Applied: {', '.join(applied) if applied else 'none'}")
    for number, where in placed:
        out += _wrap(shown(f"{number}: {where}"), "    ", "  - ")
    problems = [(i.instruction.number or "?", i.reason) for i in result.not_applied]
    problems += list(unread)
    if problems:
        out.append("Not applied:")
        for number, why in problems:
            out += _wrap(shown(f"{number}: {why}"), "    ", "  - ")
    again = list(superseded)
    if again:
        out.append("Superseded:")
        for number, why in again:
            out += _wrap(shown(f"{number}: {why}"), "    ", "  - ")
    return out


def apply_data(
    result: Applied,
    placed: Iterable[tuple[str, str]],
    unread: Iterable[tuple[str, str]],
    superseded: Iterable[tuple[str, str]] = (),
) -> dict[str, Any]:
    """The same as JSON-ready data."""
    return {
        "applied": [i.number for i in result.applied],
        "placed": [{"number": n, "where": w} for n, w in placed],
        "not_applied": [
            {"number": na.instruction.number, "reason": na.reason} for na in result.not_applied
        ]
        + [{"number": n, "reason": r} for n, r in unread],
        "superseded": [{"number": n, "reason": r} for n, r in superseded],
    }
