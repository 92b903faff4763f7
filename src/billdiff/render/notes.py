"""Notes and the ``check`` gate as text, JSON and Markdown, read from a :class:`Review`.

JSON outputs (each an object with ``schema`` and an integer ``version``; see
the README for every field):

- ``billdiff.notes`` v1 (``notes list``) and ``billdiff.reanchor`` v1
  (``notes reanchor``, which adds ``written`` and ``rewritten``);
- ``billdiff.check`` v1 (``check``).

Every string from a print or a note passes through
:func:`~billdiff.sanitise.visible` in text and Markdown, so neither can drive
the terminal or forge a line; multi-line notes are shown whole, each line
indented.
"""

from __future__ import annotations

import html
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from billdiff.annotations.review import CheckResult, PlacedNote, Review
from billdiff.comparison import HEADING_KINDS, Comparison, PrintInfo, UnitChange
from billdiff.model import Kind
from billdiff.render.data import print_data
from billdiff.sanitise import visible, visible_lines
from billdiff.view import units as describe
from billdiff.view.words import clip, count, print_name

CHECK_SCHEMA, CHECK_VERSION = "billdiff.check", 1
LIST_SCHEMA, LIST_VERSION = "billdiff.notes", 1
REANCHOR_SCHEMA, REANCHOR_VERSION = "billdiff.reanchor", 1


# -- shared ---------------------------------------------------------------------------------


def _title(comparison: Comparison) -> str:
    return f"{print_name(comparison.old)} → {print_name(comparison.new)}"


def _changes_words(p: PlacedNote) -> str:
    numbers = [c.number for c in p.changes if c.number is not None]
    if not numbers:
        return ""
    return ("change " if len(numbers) == 1 else "changes ") + ", ".join(map(str, numbers))


def note_where(p: PlacedNote) -> str:
    """ "clause 12, change 1", "clause 7 (removed)", "-" for a note not attached."""
    if not p.attached:
        return "-"
    changes = _changes_words(p)
    return p.anchor.where + (f", {changes}" if changes else "")


def _indented(text: str, indent: str = "    ") -> list[str]:
    return [indent + line if line else "" for line in visible_lines(text.strip("\n"))]


def note_block(p: PlacedNote, full: bool = False) -> list[str]:
    """A note's lines in text output: id, status, anchor, where; its whole text; replies."""
    date = p.created[:10]
    lines = [
        visible(
            f"{p.short_id}  {p.status:<8}  {p.anchor.status.value:<9}  {note_where(p)}  "
            f"({p.author}, {date})"
        ),
        *_indented(p.text),
    ]
    if p.tags:
        lines.append("    " + visible(f"tags: {', '.join(p.tags)}"))
    if p.attached and p.anchor.text is not None:
        lines.append("    " + visible(f"on “{clip(p.anchor.text, 90)}”"))
    target = p.target
    if target is not None and (not p.attached or p.anchor.status.value == "fuzzy"):
        quoted = f": “{clip(target.quote.exact, 70)}”" if target.quote else ""
        lines.append("    " + visible(f"noted on {p.noted_on}{quoted}"))
    if p.anchor.detail:
        lines.append("    " + visible(p.anchor.detail))
    if p.replies and not full:
        lines.append(f"    {count(len(p.replies), 'reply', 'replies')} (--full shows them)")
    elif p.replies:
        for reply in p.replies:
            author = reply.get("creator", {}) if isinstance(reply.get("creator"), dict) else {}
            when = str(reply.get("created", ""))[:10]
            lines.append("    " + visible(f"reply by {author.get('name', 'unknown')}, {when}:"))
            body = reply.get("body")
            text = body.get("value", "") if isinstance(body, dict) else ""
            lines.extend(_indented(str(text), "      "))
    return lines


def note_data(p: PlacedNote) -> dict[str, Any]:
    """A placed note as JSON-ready data (the items of ``notes`` and ``problem_notes``)."""
    target, anchor, version = p.target, p.anchor, p.anchor.version
    return {
        "id": p.id,
        "short_id": p.short_id,
        "status": p.status,
        "author": p.author,
        "created": p.note.get("created"),
        "modified": p.note.get("modified"),
        "tags": p.tags,
        "text": p.text,
        "replies": len(p.replies),
        "thread": [
            {
                "id": r.get("id"),
                "author": (r.get("creator") or {}).get("name")
                if isinstance(r.get("creator"), dict)
                else None,
                "created": r.get("created"),
                "text": (r.get("body") or {}).get("value")
                if isinstance(r.get("body"), dict)
                else None,
            }
            for r in p.replies
        ],
        "written_here": p.written_here,
        "anchor": {
            "status": anchor.status.value,
            "attached": anchor.attached,
            "score": anchor.score,
            "where": anchor.where or None,
            "unit": anchor.unit.label if anchor.unit is not None else None,
            "ref": version.ref if version is not None else None,
            "side": anchor.side.value if anchor.side is not None else None,
            "start": anchor.start,
            "end": anchor.end,
            "text": anchor.text,
            "changes": [
                {"number": c.number, "field": c.field.value, "index": c.index} for c in p.changes
            ],
            "detail": anchor.detail,
        },
        "noted_on": None
        if target is None
        else {
            "unit": target.label,
            "print": target.print_name,
            "version": target.version,
            "side": target.side.value,
            "quote": target.quote.exact if target.quote else None,
            "change": target.change,
        },
    }


def _print_json(info: PrintInfo) -> dict[str, Any]:
    return print_data(info)


def _json(value: dict[str, Any]) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False) + "\n"


# -- notes list / reanchor ------------------------------------------------------------------


def notes_text(review: Review, path: Path, exists: bool, full: bool = False) -> str:
    """Every note with where it landed; the loose ones last, under their own heading."""
    title = _title(review.comparison)
    if not review.notes:
        reason = "" if exists else " (the file does not exist yet)"
        return visible(f"no notes in {path}{reason} for {title}") + "\n"
    counts = ", ".join(f"{c} {s}" for s, c in review.counts().items() if c)
    out = [visible(f"{count(len(review.notes), 'note')} in {path} on {title}: {counts}")]
    loose = review.loose
    for p in review.attached:
        out += ["", *note_block(p, full)]
    if loose:
        out += [
            "",
            visible(
                f"NOT ATTACHED: {count(len(loose), 'note')} orphaned or ambiguous on this "
                f"comparison, kept in {path}:"
            ),
        ]
        for p in loose:
            out += ["", *note_block(p, full)]
    return "\n".join(out) + "\n"


def notes_json(review: Review, path: Path) -> str:
    """``billdiff.notes`` v1."""
    return _json(_notes_data(review, path, LIST_SCHEMA, LIST_VERSION))


def _notes_data(review: Review, path: Path, schema: str, version: int) -> dict[str, Any]:
    return {
        "schema": schema,
        "version": version,
        "notes_file": str(path),
        "old": _print_json(review.comparison.old),
        "new": _print_json(review.comparison.new),
        "warnings": list(review.comparison.warnings),
        "counts": review.counts(),
        "notes": [note_data(p) for p in review.notes],
    }


def reanchor_json(review: Review, path: Path, written: bool, rewritten: list[str]) -> str:
    """``billdiff.reanchor`` v1: the list, and which targets ``--write`` moved."""
    data = _notes_data(review, path, REANCHOR_SCHEMA, REANCHOR_VERSION)
    data["written"] = written
    data["rewritten"] = rewritten
    return _json(data)


def reanchor_text(review: Review, path: Path, exists: bool, rewritten: list[str] | None) -> str:
    """The list, and with ``--write`` a line saying what was rewritten."""
    text = notes_text(review, path, exists)
    if rewritten is not None:
        kept = len(review.loose)
        text += visible(
            f"rewrote {count(len(rewritten), 'note target')} in {path}; "
            f"{count(kept, 'orphaned or ambiguous note')} left as written"
        )
        text += "\n"
    return text


# -- check ----------------------------------------------------------------------------------


def _unit_data(unit: UnitChange) -> dict[str, Any]:
    return {
        "unit": unit.label,
        "kind": unit.side.kind.value,
        "key": unit.key,
        "status": unit.status.value,
        "classes": describe.classes(unit),
        "old": unit.old.ref if unit.old else None,
        "new": unit.new.ref if unit.new else None,
    }


def check_json(result: CheckResult, review: Review, path: Path, exists: bool) -> str:
    """``billdiff.check`` v1."""
    return _json(
        {
            "schema": CHECK_SCHEMA,
            "version": CHECK_VERSION,
            "ok": result.ok,
            "require": result.require.value,
            "ignore": sorted(c.value for c in result.ignore),
            "earlier_notes": result.earlier_notes,
            "notes_file": str(path),
            "notes_file_exists": exists,
            "old": _print_json(review.comparison.old),
            "new": _print_json(review.comparison.new),
            "warnings": list(review.comparison.warnings),
            "counts": {
                "notes": result.note_count,
                "required": len(result.required),
                "explained": len(result.explained),
                "unexplained": len(result.unexplained),
                **{s: c for s, c in review.counts().items() if s in ("orphaned", "ambiguous")},
                "blocking": len(result.blocking),
            },
            "unexplained": [_unit_data(u) for u in result.unexplained],
            "explained": [
                {**_unit_data(u), "notes": [p.id for p in notes]} for u, notes in result.explained
            ],
            "problem_notes": [{**note_data(p), "blocking": p.blocking} for p in result.loose],
        }
    )


#: Kinds that are only ever headings (a schedule is a unit when its words are not in
#: paragraphs, and counts as one).
_HEADINGS = HEADING_KINDS - {Kind.SCHEDULE}


def _changed(units: Sequence[UnitChange]) -> str:
    """ "8 changed units", "8 changed units and 2 headings" (the long title, Parts…)."""
    headings = sum(1 for u in units if u.side.kind in _HEADINGS)
    words = [count(len(units) - headings, "changed unit")] if len(units) > headings else []
    if headings:
        words.append(count(headings, "heading"))
    return " and ".join(words) or count(0, "changed unit")


def _verdict(result: CheckResult, path: Path) -> str:
    if result.ok:
        text = (
            f"check passed: {_changed(result.required)} needing a note, all "
            f"explained ({count(result.note_count, 'note')} in {path})"
        )
        if result.loose:
            text += f"; {count(len(result.loose), 'resolved note')} not attached, not blocking"
        return text
    parts = []
    if result.unexplained:
        parts.append(f"{_changed(result.unexplained)} without a note")
    if result.blocking:
        parts.append(f"{count(len(result.blocking), 'note')} not attached")
    return f"check failed: {', '.join(parts)} ({path})"


def _loose_line(p: PlacedNote) -> tuple[str, str]:
    """(what it is, why) of a note not attached here."""
    was = f" (was on {p.noted_on})" if p.target is not None else ""
    state = "resolved, not blocking" if not p.blocking else "blocking"
    return (
        f"{p.anchor.status.value} note {p.short_id}{was}, {state}",
        f"{clip(p.first_line)} — {p.anchor.detail}",
    )


def check_text(result: CheckResult, path: Path, exists: bool, warnings: Sequence[str] = ()) -> str:
    """The verdict and the comparison's warnings, then each unit without a note and each
    note not attached."""
    lines = [] if exists else [f"no notes file at {path}"]
    lines.append(_verdict(result, path))
    lines += [f"warning: {w}" for w in warnings]
    for unit in result.unexplained:
        lines.append(f"needs a note  {unit.label}: {describe.status_text(unit)}")
    for p in result.loose:
        what, why = _loose_line(p)
        lines.append(f"{what}: {why}")
    return "".join(visible(line) + "\n" for line in lines)


def check_markdown(
    result: CheckResult, path: Path, exists: bool, warnings: Sequence[str] = ()
) -> str:
    """The verdict, warnings and lists for a CI step summary (all text escaped)."""
    from billdiff.render.markdown import escape

    mark = "✅" if result.ok else "❌"
    out = [f"### {mark} {escape(_verdict(result, path))}", ""]
    for w in warnings:
        out += [f"> **Warning:** {escape(w)}", ""]
    if not exists:
        out += [f"No notes file at `{html.escape(visible(str(path)))}`.", ""]
    if result.unexplained:
        out += ["| needs a note | status |", "|---|---|"]
        out += [
            f"| {escape(u.label)} | {escape(describe.status_text(u))} |" for u in result.unexplained
        ]
        out.append("")
    if result.loose:
        out += ["Notes not attached to this comparison:", ""]
        for p in result.loose:
            what, why = _loose_line(p)
            out.append(f"- **{escape(what)}**: {escape(why)}")
        out.append("")
    if result.explained:
        out += [f"{count(len(result.explained), 'unit')} explained by notes.", ""]
    return "\n".join(out).rstrip("\n") + "\n"
