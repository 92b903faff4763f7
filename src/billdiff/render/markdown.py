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

from billdiff.comparison import Account, Comparison, Status, UnitChange
from billdiff.render.text import container_line
from billdiff.sanitise import visible
from billdiff.textdiff import HunkClass, TextDiff
from billdiff.view import changes as numbering
from billdiff.view import units as describe
from billdiff.view.redline import DEFAULT_CONTEXT, draw, excerpts, spell_spaces
from billdiff.view.summary import summarise
from billdiff.view.words import clip, count, print_name, title, where

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


def _source(label: str) -> str:
    return f" <sub>[{escape(label)}]</sub>"


def redline(diff: TextDiff, context: int | None, numbers: Sequence[int | None] | None) -> list[str]:
    """The excerpts of a diff as escaped Markdown (``<del>``/``<ins>``, ``<sup>N</sup>``)."""
    return [
        draw(e, escape, _del, _ins, number=_number, source=_source)
        for e in excerpts(diff, context, numbers)
    ]


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


def _unit_line(u: UnitChange) -> str:
    """A changed unit in one list item: its label, heading, status and place."""
    place = where(u)
    return (
        f"- **{escape(u.label)}** — {escape(title(u.side))} · "
        f"*{escape(describe.status_text(u))}*" + (f" · {escape(place)}" if place else "")
    )


#: The least ``max_chars`` can be: the heading, summary and counts always fit in it.
MIN_CHARS = 2000
#: Characters kept for the closing paragraph that says what was left out (its longest).
_CLOSING_ROOM = 400


def render_markdown(
    c: Comparison,
    ignore: Iterable[HunkClass] = (),
    only_changed: bool = True,
    context: int | None = DEFAULT_CONTEXT,
    summary_only: bool = False,
    max_chars: int | None = None,
) -> str:
    """A heading, the summary and a count table, the long title, container changes, then
    one section per changed unit.

    ``summary_only``: each changed unit in one line instead of its section. ``max_chars``:
    at most that many characters (a pull-request comment's limit): whole sections while
    they fit, then one line per unit while those fit, then a last paragraph that says what
    was left out; nothing is ever cut inside a section, so the Markdown stays whole.
    """
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
    if c.account is not None:
        out += [f"**{escape(c.account.summary)}**", ""]
    head = "\n".join(out) + "\n"
    sections: list[str] = []
    if c.long_title_diff is not None and c.long_title_diff.classes() - ignored:
        numbers = numbering.long_title_numbers(c)
        lines = [f"> {line}" for line in redline(c.long_title_diff, context, numbers)]
        sections.append("\n".join(["### Long title", "", *lines, ""]) + "\n")
    changed_containers = [k for k in c.containers if k.changed]
    if changed_containers:
        lines = [f"- {escape(container_line(k))}" for k in changed_containers]
        sections.append(
            "\n".join(["### Parts, Chapters, cross-headings and schedules", "", *lines, ""]) + "\n"
        )
    if c.account is not None:
        sections += _account(c.account)
    units = [u for u in c.units if not only_changed or u.changed_after(ignored)]
    if summary_only:
        listed = [_unit_line(u) + "\n" for u in units]
        heading = "### Changed units\n\n" if listed else ""
        return _fit(head, [*sections, heading], [], listed, units, max_chars)
    full = ["\n".join(_unit(u, context)) + "\n" for u in units]
    return _fit(head, sections, full, [_unit_line(u) + "\n" for u in units], units, max_chars)


def _fit(
    head: str,
    sections: Sequence[str],
    full: Sequence[str],
    lines: Sequence[str],
    units: Sequence[UnitChange],
    max_chars: int | None,
) -> str:
    """``head`` and ``sections``, then the units: each whole (``full``) or as its one-line
    entry (``lines``; all of them when ``full`` is empty).

    Within ``max_chars`` every unit is listed at least in one line when the lines fit, and
    the first units are shown whole as far as the room left allows; otherwise as many
    lines as fit. A last paragraph says what was left out.
    """
    blocks = [b.rstrip("\n") + "\n\n" for b in sections]
    one_line = [line.rstrip("\n") + "\n" for line in lines]
    whole_units = [b.rstrip("\n") + "\n\n" for b in full]
    if max_chars is None:
        body = "".join(whole_units) if full else "".join(one_line)
        return (head + "".join(blocks) + body).rstrip("\n") + "\n"
    budget = max_chars - _CLOSING_ROOM - len(head)
    blocks = _prefix_within(blocks, budget)
    budget -= sum(map(len, blocks))
    brief_heading = f"### {count(len(units), 'changed unit')}, in brief\n\n"
    listed = _prefix_within(one_line, budget - len(brief_heading))
    shown = len(listed)
    whole = 0
    if full and shown == len(units):
        # Every unit fits in a line: show the first ones whole while the room allows.
        room = budget - sum(map(len, listed))
        while whole < len(units):
            cost = len(whole_units[whole]) - len(one_line[whole])
            if whole == len(units) - 1:
                cost -= len(brief_heading)  # no list left: no heading for it either
            if cost > room:
                break
            room -= cost
            whole += 1
    text = head + "".join(blocks) + "".join(whole_units[:whole])
    if shown > whole:
        rest = len(units) - whole
        heading = (
            brief_heading if whole == 0 else f"### {count(rest, 'more changed unit')}, in brief\n\n"
        )
        text += heading + "".join(one_line[whole:shown]) + "\n"
    text = text.rstrip("\n") + "\n"
    brief = shown - whole if full else 0
    if brief or shown < len(units) or len(blocks) < len(sections):
        text += "\n" + _left_out(brief, len(units) - shown, units[shown:])
    return text


def _prefix_within(pieces: Sequence[str], room: int) -> list[str]:
    """The first ``pieces`` whose lengths add up to at most ``room``."""
    out: list[str] = []
    for piece in pieces:
        if len(piece) > room:
            break
        out.append(piece)
        room -= len(piece)
    return out


def _left_out(brief: int, missing: int, rest: Sequence[UnitChange]) -> str:
    """The last paragraph of a capped output: what it left out, so a reader knows."""
    said = []
    if brief:
        said.append(f"the redlines of the {count(brief, 'unit')} listed in brief")
    if missing:
        first, last = clip(rest[0].label, 60), clip(rest[-1].label, 60)
        span = first if missing == 1 else f"{first} to {last}"
        said.append(f"{count(missing, 'changed unit')} entirely ({escape(span)})")
    if not said:
        return ""
    return (
        f"*Left out to stay within the size limit: {' and '.join(said)}. "
        "`billdiff diff` without `--max-chars`, or `billdiff export`, shows everything.*\n"
    )


def _account(account: Account) -> list[str]:
    """A Keeling schedule's sections: the amendments not applied, the provisions that are
    not amendments (each a whole section, never cut)."""
    out: list[str] = []
    missed = account.not_applied()
    if missed:
        rows = [f"| {escape(c)} | {escape(r)} | {escape(w)} |" for c, _, w, r in missed]
        head = [
            f"### Not applied ({len(missed)})",
            "",
            "| provision | why | words |",
            "|---|---|---|",
        ]
        out.append("\n".join([*head, *rows, ""]) + "\n")
    if account.not_amendments:
        rows = [
            f"| {escape(p.citation)} | {escape(p.reason)} | {escape(p.words)} |"
            for p in account.not_amendments
        ]
        head = [f"### Not amendments ({len(account.not_amendments)})", ""]
        head += ["| provision | what | words |", "|---|---|---|"]
        out.append("\n".join([*head, *rows, ""]) + "\n")
    return out
