"""Markdown for a CI step summary or a pull-request comment.

It says what the text output says: the summary, the long title, Parts,
Chapters, cross-headings and schedules, and each changed unit with its
status, page:line in both prints, moves, splits and merges, sub-provisions
added or removed, and its redline with numbered changes (``<sup>1</sup>``).
Deletions are ``<del>`` and insertions ``<ins>`` (GitHub and GitLab render
both). Every string from a bill is made visible (control characters spelled
out) and escaped for HTML and for Markdown, so bill text can never inject
markup, and it can never mention anyone or point at an issue: GitHub turns
"@name" into a mention that notifies that person, and "#12" into a link
shown on issue 12, *after* the Markdown is rendered, so no Markdown or HTML
escape stops it (not ``\\@``, not ``&#64;``); an empty HTML comment right after
the sign does, and the page shows and copies exactly the text itself.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence

from billdiff.comparison import Comparison, Status, UnitChange
from billdiff.render.text import container_line
from billdiff.sanitise import visible
from billdiff.textdiff import HunkClass, TextDiff
from billdiff.view import changes as numbering
from billdiff.view import units as describe
from billdiff.view.redline import DEFAULT_CONTEXT, draw, excerpts, spell_spaces
from billdiff.view.summary import summarise
from billdiff.view.words import print_name, title, where

# Parentheses, "+" and "!" are harmless mid-line ("[" is escaped, so no links; "#" below).
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")
# A mention ("@name") or an issue reference ("#12"), split from what follows it.
_REFERENCE = re.compile(r"(@(?=\w)|#(?=\d))")


def escape(text: str) -> str:
    """Escape ``text`` so Markdown and inline HTML show it literally, on one line, without
    mentioning anyone or linking an issue (see the module docstring)."""
    escaped = _MD_SPECIAL.sub(r"\\\1", html.escape(visible(text), quote=False))
    return _REFERENCE.sub(r"\1<!-- -->", escaped)


def _del(s: str) -> str:
    return f"<del>{escape(spell_spaces(s))}</del>"


def _ins(s: str) -> str:
    return f"<ins>{escape(spell_spaces(s))}</ins>"


def _number(n: int) -> str:
    return f"<sup>{n}</sup>"


def redline(diff: TextDiff, context: int | None, numbers: Sequence[int | None] | None) -> list[str]:
    """The excerpts of a diff as escaped Markdown (``<del>``/``<ins>``, ``<sup>N</sup>``)."""
    return [draw(e, escape, _del, _ins, number=_number) for e in excerpts(diff, context, numbers)]


def _unit(u: UnitChange, context: int | None) -> list[str]:
    place = where(u)
    out = [
        f"### {escape(u.label)} — {escape(title(u.side))}",
        "",
        f"*{escape(describe.status_text(u))}*" + (f" · {escape(place)}" if place else ""),
        "",
    ]
    all_changes = numbering.changes(u)
    if u.heading_diff is not None:
        heading = numbering.numbers(all_changes, numbering.Field.HEADING)
        out += ["Heading: " + "".join(redline(u.heading_diff, None, heading)), ""]
    for fact in describe.facts(u):
        out += [escape(fact[0].upper() + fact[1:]) + ".", ""]
    if u.status in (Status.ADDED, Status.SPLIT) and u.new is not None:
        out.extend(f"> {_ins(line)}  " for line in u.new.lines)
        out.append("")
    elif u.status in (Status.REMOVED, Status.MERGED) and u.old is not None:
        out.extend(f"> {_del(line)}  " for line in u.old.lines)
        out.append("")
    elif u.text_diff is not None:
        text = numbering.numbers(all_changes, numbering.Field.TEXT)
        for line in redline(u.text_diff, context, text):
            out += [f"> {line}", ""]
    return out


def render_markdown(
    c: Comparison,
    ignore: Iterable[HunkClass] = (),
    only_changed: bool = True,
    context: int | None = DEFAULT_CONTEXT,
) -> str:
    """A heading, the summary and a count table, the long title, container changes, then
    one section per changed unit."""
    ignored = frozenset(ignore)
    summary = summarise(c, ignored)
    out = [
        f"## {escape(c.new.title)}",
        "",
        f"{escape(print_name(c.old))} → {escape(print_name(c.new))}",
        "",
        f"**{escape(summary.line())}**",
        "",
        "| changed units | count |",
        "|---|---:|",
    ]
    out += [f"| {k} | {v} |" for k, v in summary.statuses.items() if v]
    out += [f"| with {k} changes | {v} |" for k, v in summary.classes.items() if v]
    out.append("")
    for w in c.warnings:
        out += [f"> **Warning:** {escape(w)}", ""]
    if c.long_title_diff is not None and c.long_title_diff.classes() - ignored:
        out += ["### Long title", ""]
        out += [f"> {line}" for line in redline(c.long_title_diff, context, None)]
        out.append("")
    changed_containers = [k for k in c.containers if k.changed]
    if changed_containers:
        out += ["### Parts, Chapters, cross-headings and schedules", ""]
        out += [f"- {escape(container_line(k))}" for k in changed_containers]
        out.append("")
    for u in c.units:
        if only_changed and not u.changed_after(ignored):
            continue
        out.extend(_unit(u, context))
    return "\n".join(out).rstrip("\n") + "\n"
