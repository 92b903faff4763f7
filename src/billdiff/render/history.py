"""A Bill's history over many prints as text, CSV, JSON and Markdown, and one unit's history.

The table (text and Markdown) has a row per lineage and a column per print
with the unit's number in it ("—" where it is not there), its heading, and
what happened to it at each step, keyed by the print it led to: ``2: amended
(substantive); 3: renumbered`` means it was amended between prints 1 and 2
and renumbered between prints 2 and 3. CSV has the same rows, a status and
classes column per step. JSON is schema ``billdiff.history`` version 1
(documented in the README). :func:`clause_text` and :func:`clause_markdown`
show one lineage's heading and words in every print, with the redline of each
step, changes numbered as ``billdiff diff`` numbers them.

Every string from a print is made visible (text, CSV) or escaped (Markdown);
a CSV cell that a spreadsheet would run as a formula is quoted with ``'``.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Sequence
from typing import Any

from billdiff.comparison import Status, UnitChange, UnitVersion
from billdiff.history import History, Lineage, file_name
from billdiff.render import markdown as md
from billdiff.render.cells import csv_cell
from billdiff.render.data import print_data, summary_data, version_data
from billdiff.render.text import Style, redline
from billdiff.sanitise import visible
from billdiff.view import changes as numbering
from billdiff.view import units as describe
from billdiff.view.redline import DEFAULT_CONTEXT
from billdiff.view.summary import summarise
from billdiff.view.words import clip, count, position, title

SCHEMA = "billdiff.history"
VERSION = 1
#: Characters of a heading shown in the table.
HEADING_WIDTH = 44
ABSENT = "—"


# -- words shared by every format ------------------------------------------------------------


def step_text(u: UnitChange) -> str:
    """What happened at one step: "amended (substantive)", "split from clause 5"."""
    if u.status in (Status.SPLIT, Status.MERGED) and u.related:
        return describe.related_texts(u)[0]
    return describe.status_text(u)


def changes_text(lineage: Lineage) -> str:
    """Each step where something happened, keyed by the print it led to (numbered from 1):
    "2: amended (substantive); 3: renumbered"."""
    return "; ".join(
        f"{n + 2}: {step_text(u)}"
        for n, u in enumerate(lineage.steps)
        if u is not None and u.changed
    )


def key_text(history: History) -> str:
    """How the "what happened" column reads, with the last print's numbers."""
    n = len(history.prints)
    return (
        f"what happened, by print: “{n}: renumbered” means renumbered between prints "
        f"{n - 1} and {n}"
    )


def chosen(
    history: History, lineages: Sequence[Lineage] | None, only_changed: bool
) -> list[Lineage]:
    """The lineages to show: those given (else all), only the changed ones if asked."""
    rows = history.lineages if lineages is None else lineages
    return [r for r in rows if r.changed or not only_changed]


def order_text(history: History) -> str:
    """ "by publication date", "as given", with "(not the order given)" when reordered."""
    text = history.order.reason
    return text + (" (not the order they were given in)" if history.order.reordered else "")


def _group(version: UnitVersion) -> str:
    """The heading a run of rows sits under: "Clauses", "Schedule 2", "The Schedule"."""
    if version.schedule is None:
        return version.kind.value.capitalize() + "s"
    return f"Schedule {version.schedule}" if version.schedule else "The Schedule"


def grouped(rows: Sequence[Lineage]) -> Iterator[tuple[str | None, Lineage]]:
    """Each row with the group heading to show before it (None: same group as before)."""
    current = None
    for row in rows:
        group = _group(row.latest)
        yield (group if group != current else None), row
        current = group


# -- text --------------------------------------------------------------------------------------


def _header(history: History, style: Style) -> list[str]:
    n = len(history.prints)
    out = [
        style.bold(f"{history.title}: history over {n} prints"),
        style.plain(f"order: {order_text(history)}"),
    ]
    for k, p in enumerate(history.prints):
        out.append(style.plain(f"  {k + 1}  {_details(history, k)}  {file_name(p.source_path)}"))
    for k, c in enumerate(history.steps):
        out.append(style.plain(f"{k + 1} → {k + 2}: {summarise(c).line()}"))
    out.extend(style.plain(f"warning: {w}") for w in history.warnings)
    return out


def _details(history: History, k: int) -> str:
    """ "As Introduced (Bill 166), House of Commons, 2025-02-25"."""
    p = history.prints[k]
    return ", ".join(x for x in (history.names[k], p.house, p.published) if x)


def numbers_of(lineage: Lineage) -> list[str | None]:
    """Its number in each print, as the table shows it: a schedule paragraph of the schedule
    it is listed under by its number alone ("5"), else by its reference ("12", "2/5")."""
    latest = lineage.latest
    out: list[str | None] = []
    for v in lineage.versions:
        if v is None:
            out.append(None)
        elif v.schedule is not None and v.schedule == latest.schedule:
            out.append(v.number or "")
        else:
            out.append(v.ref)
    return out


def render_text(
    history: History,
    lineages: Sequence[Lineage] | None = None,
    only_changed: bool = False,
    colour: bool = False,
) -> str:
    """The prints, each step's summary, then the table of lineages."""
    style = Style(colour)
    rows = chosen(history, lineages, only_changed)
    changed = sum(1 for r in rows if r.changed)
    out = _header(history, style)
    out.append(
        style.plain(
            f"{count(len(rows), 'lineage')}, {changed} changed"
            + (" (unchanged ones left out)" if only_changed else "")
        )
    )
    out.append(style.plain(key_text(history)))
    out.append("")
    n = len(history.prints)
    refs = [[visible(r) if r is not None else ABSENT for r in numbers_of(row)] for row in rows]
    widths = [max([len(str(k + 1))] + [len(cells[k]) for cells in refs]) for k in range(n)]
    headings = [visible(clip(title(row.latest), HEADING_WIDTH)) for row in rows]
    heading_width = max([len("heading"), *map(len, headings)])

    def line(cells: Sequence[str], heading: str, what: str) -> str:
        numbers = "  ".join(c.rjust(w) for c, w in zip(cells, widths, strict=True))
        return f"{numbers}  {heading.ljust(heading_width)}  {what}".rstrip()

    out.append(style.bold(line([str(k + 1) for k in range(n)], "heading", "what happened")))
    for (group, row), cells, heading in zip(grouped(rows), refs, headings, strict=True):
        if group is not None:
            out.append(style.bold(group))
        out.append(line(cells, heading, style.plain(changes_text(row))))
    return "\n".join(out) + "\n"


# -- CSV ---------------------------------------------------------------------------------------


def render_csv(
    history: History, lineages: Sequence[Lineage] | None = None, only_changed: bool = False
) -> str:
    """RFC 4180 CSV: a header row, then one row per lineage."""
    n = len(history.prints)
    header = ["lineage", "kind", "label", "heading"]
    header += [f"print {k + 1}" for k in range(n)]
    for k in range(n - 1):
        header += [f"status {k + 1}-{k + 2}", f"classes {k + 1}-{k + 2}"]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for row in chosen(history, lineages, only_changed):
        cells: list[str | None] = [row.id, row.kind.value, row.label, title(row.latest)]
        cells += list(row.refs())
        for u in row.steps:
            cells += [u.status.value, ", ".join(describe.classes(u))] if u else [None, None]
        writer.writerow([csv_cell(c) for c in cells])
    return buffer.getvalue()


# -- JSON --------------------------------------------------------------------------------------


def _step_data(u: UnitChange | None) -> dict[str, Any] | None:
    if u is None:
        return None
    return {
        "status": u.status.value,
        "changed": u.changed,
        "classes": sorted(c.value for c in u.hunk_classes),
        "match": {"reason": u.reason, "score": round(u.score, 3)} if u.old and u.new else None,
        "related": list(u.related),
        "key": u.key,
    }


def lineage_data(lineage: Lineage) -> dict[str, Any]:
    """One lineage's record in ``lineages``."""
    return {
        "id": lineage.id,
        "kind": lineage.kind.value,
        "label": lineage.label,
        "changed": lineage.changed,
        "prints": [version_data(v) for v in lineage.versions],
        "steps": [_step_data(u) for u in lineage.steps],
    }


def history_data(
    history: History, lineages: Sequence[Lineage] | None = None, only_changed: bool = False
) -> dict[str, Any]:
    """The whole history as JSON-ready data (schema ``billdiff.history``)."""
    rows = chosen(history, lineages, only_changed)
    order = history.order
    return {
        "schema": SCHEMA,
        "version": VERSION,
        "normalisation": history.steps[0].normalisation_version,
        "title": history.title,
        "order": {
            "mode": order.mode.value,
            "asked": order.asked.value,
            "reason": order.reason,
            "given": [g + 1 for g in order.given],
        },
        "prints": [
            {"position": k + 1, "name": name, **print_data(p)}
            for k, (p, name) in enumerate(zip(history.prints, history.names, strict=True))
        ],
        "warnings": list(history.warnings),
        "steps": [
            {"from": k + 1, "to": k + 2, "summary": summary_data(c), "warnings": list(c.warnings)}
            for k, c in enumerate(history.steps)
        ],
        "counts": {
            "lineages": len(history.lineages),
            "changed": sum(1 for r in history.lineages if r.changed),
            "listed": len(rows),
        },
        "lineages": [lineage_data(r) for r in rows],
    }


def render_json(
    history: History, lineages: Sequence[Lineage] | None = None, only_changed: bool = False
) -> str:
    """The history as one JSON document."""
    return json.dumps(history_data(history, lineages, only_changed), ensure_ascii=False) + "\n"


# -- Markdown ----------------------------------------------------------------------------------


def _md_header(history: History) -> list[str]:
    out = [
        f"## {md.escape(history.title)}: history over {len(history.prints)} prints",
        "",
        f"Order: {md.escape(order_text(history))}.",
        "",
        "| print | stage | published | file |",
        "|---:|---|---|---|",
    ]
    for k, p in enumerate(history.prints):
        name = ", ".join(x for x in (history.names[k], p.house) if x)
        out.append(
            f"| {k + 1} | {md.escape(name)} | {md.escape(p.published or '')} | "
            f"{md.escape(file_name(p.source_path))} |"
        )
    out.append("")
    for k, c in enumerate(history.steps):
        out.append(f"- **{k + 1} → {k + 2}:** {md.escape(summarise(c).line())}")
    key = key_text(history)
    out += ["", md.escape(key[0].upper() + key[1:]) + ".", ""]
    for w in history.warnings:
        out += [f"> **Warning:** {md.escape(w)}", ""]
    return out


def render_markdown(
    history: History, lineages: Sequence[Lineage] | None = None, only_changed: bool = False
) -> str:
    """The prints, each step's summary, then the table of lineages."""
    rows = chosen(history, lineages, only_changed)
    n = len(history.prints)
    out = _md_header(history)
    out += [
        "| " + " | ".join(str(k + 1) for k in range(n)) + " | heading | what happened |",
        "|" + "---:|" * n + "---|---|",
    ]
    for group, row in grouped(rows):
        if group is not None:
            out.append(f"| **{md.escape(group)}** |" + " |" * (n + 1))
        numbers = [md.escape(r) if r is not None else ABSENT for r in numbers_of(row)]
        heading = md.escape(clip(title(row.latest), HEADING_WIDTH))
        out.append(f"| {' | '.join(numbers)} | {heading} | {md.escape(changes_text(row))} |")
    return "\n".join(out) + "\n"


# -- one lineage through every print -------------------------------------------------------------


def _where_text(lineage: Lineage) -> str:
    where = f"lineage {lineage.id}, in {lineage.prints_text()}"
    if lineage.first > 0:
        where += f" (added in print {lineage.first + 1})"
    return where


def _same_words(a: UnitVersion, b: UnitVersion) -> bool:
    return a.heading == b.heading and a.text == b.text


def clause_text(
    history: History,
    lineages: Sequence[Lineage],
    colour: bool = False,
    context: int | None = DEFAULT_CONTEXT,
) -> str:
    """Each lineage's heading and words in every print it is in, and between prints the
    redline of that step with its changes numbered (``#1``) as ``billdiff diff`` shows them."""
    style = Style(colour)
    out = [style.bold(history.title), style.plain(f"order: {order_text(history)}"), ""]
    for lineage in lineages:
        out += [
            style.bold(f"{lineage.chain}  {title(lineage.latest)}"),
            style.plain(_where_text(lineage)),
            "",
        ]
        shown: tuple[int, UnitVersion] | None = None
        for k, v in enumerate(lineage.versions):
            u = lineage.steps[k - 1] if k > 0 else None
            if u is not None:
                out += _step_lines(k, u, style, context)
            if v is None:
                continue
            place = position(v.page, v.line)
            out.append(
                style.bold(f"{k + 1}  {history.names[k]}: {v.label}")
                + (style.plain(f"  {place}") if place else "")
            )
            if shown is not None and _same_words(shown[1], v):
                out.append("  " + style.plain(f"(the same words as in print {shown[0] + 1})"))
            else:
                out.append("  " + style.plain(v.heading or ""))
                out.extend("  " + style.plain(line) for line in v.lines)
                shown = (k, v)
            out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def _step_lines(k: int, u: UnitChange, style: Style, context: int | None) -> list[str]:
    """Between print ``k`` (from 1) and the one after it: the status, facts and redline."""
    out = [style.bold(f"{k} → {k + 1}") + "  " + style.plain(step_text(u))]
    out += ["  " + style.plain(fact) for fact in describe.facts(u) if fact != step_text(u)]
    if u.old is not None and u.new is not None:
        all_changes = numbering.changes(u)
        if u.heading_diff is not None:
            heading = numbering.numbers(all_changes, numbering.Field.HEADING)
            out.append("  heading: " + "".join(redline(u.heading_diff, style, None, heading)))
        if u.text_diff is not None:
            text = numbering.numbers(all_changes, numbering.Field.TEXT)
            out += ["  " + r for r in redline(u.text_diff, style, context, text)]
        if u.heading_diff is None and u.text_diff is None and u.status is not Status.UNCHANGED:
            out.append("  " + style.plain("its words did not change"))
    out.append("")
    return out


def clause_markdown(
    history: History, lineages: Sequence[Lineage], context: int | None = DEFAULT_CONTEXT
) -> str:
    """:func:`clause_text` as Markdown (``<del>``/``<ins>``, changes as ``<sup>1</sup>``)."""
    out = [f"## {md.escape(history.title)}", "", f"Order: {md.escape(order_text(history))}.", ""]
    for lineage in lineages:
        out += [
            f"### {md.escape(lineage.chain)} — {md.escape(title(lineage.latest))}",
            "",
            md.escape(_where_text(lineage)),
            "",
        ]
        shown: tuple[int, UnitVersion] | None = None
        for k, v in enumerate(lineage.versions):
            u = lineage.steps[k - 1] if k > 0 else None
            if u is not None:
                out += _md_step(k, u, context)
            if v is None:
                continue
            place = position(v.page, v.line)
            out += [
                f"#### {k + 1} · {md.escape(history.names[k])}: {md.escape(v.label)}"
                + (f" · {place}" if place else ""),
                "",
            ]
            if shown is not None and _same_words(shown[1], v):
                out += [f"*The same words as in print {shown[0] + 1}.*", ""]
            else:
                if v.heading:
                    out += [f"**{md.escape(v.heading)}**", ""]
                out += [f"> {md.escape(line)}  " for line in v.lines]
                out.append("")
                shown = (k, v)
    return "\n".join(out).rstrip("\n") + "\n"


def _md_step(k: int, u: UnitChange, context: int | None) -> list[str]:
    out = [f"**{k} → {k + 1}: {md.escape(step_text(u))}**", ""]
    for fact in describe.facts(u):
        if fact != step_text(u):
            out += [md.escape(fact[0].upper() + fact[1:]) + ".", ""]
    if u.old is not None and u.new is not None:
        all_changes = numbering.changes(u)
        if u.heading_diff is not None:
            heading = numbering.numbers(all_changes, numbering.Field.HEADING)
            out += ["Heading: " + "".join(md.redline(u.heading_diff, None, heading)), ""]
        if u.text_diff is not None:
            text = numbering.numbers(all_changes, numbering.Field.TEXT)
            for line in md.redline(u.text_diff, context, text):
                out += [f"> {line}", ""]
        if u.heading_diff is None and u.text_diff is None and u.status is not Status.UNCHANGED:
            out += ["*Its words did not change.*", ""]
    return out
