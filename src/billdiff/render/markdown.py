"""Markdown for a CI step summary or a pull-request comment.

Deletions are ``<del>`` and insertions ``<ins>`` (GitHub and GitLab render
both); every string from a bill is escaped for HTML and for Markdown, so bill
text can never inject markup.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

from billdiff.comparison import Comparison, Status, UnitChange
from billdiff.render.redline import DEFAULT_CONTEXT, draw, excerpts
from billdiff.render.text import render_summary
from billdiff.textdiff import HunkClass

# Parentheses, "#", "+" and "!" are harmless mid-line (and "[" is escaped, so no links).
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")


def escape(text: str) -> str:
    """Escape ``text`` so Markdown and inline HTML show it literally."""
    return _MD_SPECIAL.sub(r"\\\1", html.escape(text, quote=False).replace("\n", " "))


def _del(s: str) -> str:
    return f"<del>{escape(s)}</del>"


def _ins(s: str) -> str:
    return f"<ins>{escape(s)}</ins>"


def _unit(u: UnitChange, context: int | None) -> list[str]:
    classes = ", ".join(sorted(c.value for c in u.hunk_classes))
    title = escape(u.label)
    heading = escape(u.side.heading or "")
    status = u.status.value + (f", {classes}" if classes else "")
    out = [f"### {title}{' — ' + heading if heading else ''} ({status})", ""]
    if u.heading_diff is not None:
        out.append("Heading: " + draw(excerpts(u.heading_diff, None)[0], escape, _del, _ins))
        out.append("")
    if u.old and u.new and u.old.part != u.new.part:
        out.append(
            f"Moved from {escape(u.old.part or 'the body')} to {escape(u.new.part or 'the body')}."
        )
        out.append("")
    if u.structure:
        out += [escape("; ".join(u.structure).capitalize() + "."), ""]
    for r in u.related:
        direction = "from" if u.status is Status.SPLIT else "into"
        out += [f"{u.status.value.capitalize()} {direction} {escape(r)}.", ""]
    if u.status in (Status.ADDED, Status.SPLIT) and u.new is not None:
        out.extend(f"> {_ins(line)}" for line in u.new.lines)
        out.append("")
    elif u.status in (Status.REMOVED, Status.MERGED) and u.old is not None:
        out.extend(f"> {_del(line)}" for line in u.old.lines)
        out.append("")
    elif u.text_diff is not None:
        for e in excerpts(u.text_diff, context):
            out.append("> " + draw(e, escape, _del, _ins))
            out.append("")
    return out


def render_markdown(
    c: Comparison,
    ignore: Iterable[HunkClass] = (),
    only_changed: bool = True,
    context: int | None = DEFAULT_CONTEXT,
) -> str:
    """A heading, a count table, container changes, then one section per changed unit."""
    ignored = frozenset(ignore)
    old, new = c.old, c.new
    out = [
        f"## {escape(new.title)}",
        "",
        f"{escape(old.stage or old.version or '?')} ({escape(old.bill_number or '')}) → "
        f"{escape(new.stage or new.version or '?')} ({escape(new.bill_number or '')})",
        "",
        f"**{escape(render_summary(c, ignored))}**",
        "",
        "| status | units |",
        "|---|---:|",
    ]
    out.extend(f"| {k} | {v} |" for k, v in c.counts().items() if v)
    out.append("")
    out.extend(f"> Warning: {escape(w)}" for w in c.warnings)
    changed_containers = [k for k in c.containers if k.changed]
    if changed_containers:
        out += ["### Parts, Chapters, cross-headings and schedules", ""]
        for k in changed_containers:
            old_label = escape(k.old.label) if k.old else "—"
            new_label = escape(k.new.label) if k.new else "—"
            out.append(f"- {old_label} → {new_label} ({k.status.value})")
        out.append("")
    for u in c.units:
        if only_changed and not u.changed_after(ignored):
            continue
        out.extend(_unit(u, context))
    return "\n".join(out).rstrip("\n") + "\n"
