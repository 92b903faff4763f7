"""The default ``billdiff diff`` output: changed units and their word-level redlines.

Without colour, deletions are ``[-old-]`` and insertions ``{+new+}`` (as
``git diff --word-diff=plain``); with colour (a TTY, no ``NO_COLOR``) they are
red struck-through and green underlined instead. Every change carries its
number (``#2``), the one ``notes add --change N`` takes. Every string from a
print passes through :func:`~billdiff.sanitise.visible`, so a bill cannot
send control sequences to the terminal or forge a line.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from billdiff.comparison import (
    Account,
    Comparison,
    ContainerChange,
    ContainerVersion,
    Status,
    UnitChange,
)
from billdiff.provenance import labels
from billdiff.sanitise import visible
from billdiff.textdiff import HunkClass, TextDiff
from billdiff.view import changes as numbering
from billdiff.view import units as describe
from billdiff.view.redline import DEFAULT_CONTEXT, draw, excerpts, spell_spaces
from billdiff.view.summary import summarise
from billdiff.view.words import position, print_name, title, where

_RED = "\x1b[31m"
_GREEN = "\x1b[32m"
_BOLD = "\x1b[1m"
_DIM = "\x1b[2m"
_STRIKE = "\x1b[9m"
_UNDERLINE = "\x1b[4m"
_RESET = "\x1b[0m"


class Style:
    """How the text output marks things, with colour or without; every method makes its
    text visible first (see :func:`~billdiff.sanitise.visible`)."""

    def __init__(self, colour: bool) -> None:
        self.colour = colour

    def plain(self, s: str) -> str:
        """Unchanged text."""
        return visible(s)

    def deleted(self, s: str) -> str:
        """Deleted words: ``[-…-]``, or red and struck through."""
        s = visible(spell_spaces(s))
        return f"{_RED}{_STRIKE}{s}{_RESET}" if self.colour else f"[-{s}-]"

    def inserted(self, s: str) -> str:
        """Inserted words: ``{+…+}``, or green and underlined."""
        s = visible(spell_spaces(s))
        return f"{_GREEN}{_UNDERLINE}{s}{_RESET}" if self.colour else f"{{+{s}+}}"

    def number(self, n: int) -> str:
        """The mark before change ``n``."""
        return f"{_DIM}#{n}{_RESET}" if self.colour else f"#{n}"

    def source(self, s: str) -> str:
        """Where a change came from, in a Keeling schedule: «words omitted by s. 6(3)»."""
        s = visible(s)
        return f"{_DIM}«{s}»{_RESET}" if self.colour else f"«{s}»"

    def bold(self, s: str) -> str:
        """A unit's label, a section title."""
        s = visible(s)
        return f"{_BOLD}{s}{_RESET}" if self.colour else s

    def dim(self, s: str) -> str:
        """A heading that did not change."""
        s = visible(s)
        return f"{_DIM}{s}{_RESET}" if self.colour else s


def redline(
    diff: TextDiff,
    style: Style,
    context: int | None,
    numbers: Sequence[int | None] | None = None,
) -> list[str]:
    """The excerpts of a diff drawn in ``style``, one string per excerpt."""
    return [
        draw(
            e, style.plain, style.deleted, style.inserted, number=style.number, source=style.source
        )
        for e in excerpts(diff, context, numbers)
    ]


def _unit(u: UnitChange, style: Style, context: int | None) -> list[str]:
    place = where(u)
    head = f"{style.bold(u.label)}  {describe.status_text(u)}" + (f"  {place}" if place else "")
    lines = [head]
    all_changes = numbering.changes(u)
    if u.heading_diff is not None:
        heading = numbering.numbers(all_changes, numbering.Field.HEADING)
        lines.append("  " + "".join(redline(u.heading_diff, style, None, heading)))
    else:
        lines.append("  " + style.dim(title(u.side)))
    lines.extend("  " + style.plain(fact) for fact in describe.facts(u))
    if u.status in (Status.ADDED, Status.SPLIT):
        assert u.new is not None
        lines.extend("  " + style.inserted(line) for line in u.new.lines)
    elif u.status in (Status.REMOVED, Status.MERGED):
        assert u.old is not None
        lines.extend("  " + style.deleted(line) for line in u.old.lines)
    elif u.text_diff is not None:
        text = numbering.numbers(all_changes, numbering.Field.TEXT)
        lines.extend("  " + r for r in redline(u.text_diff, style, context, text))
    return lines


def _container_where(c: ContainerChange) -> str:
    parts = []
    for side, v in (("old", c.old), ("new", c.new)):
        if isinstance(v, ContainerVersion) and v.page is not None:
            parts.append(f"{side} {position(v.page, v.line)}")
    return ", ".join(parts)


def container_line(c: ContainerChange) -> str:
    """ "cross-heading “Grooming” → cross-heading “…”  renamed  old p9:5, new p9:5"."""
    if c.old is None:
        assert c.new is not None
        text = f"{c.new.label}  added"
    elif c.new is None:
        text = f"{c.old.label}  removed"
    else:
        text = f"{c.old.label} → {c.new.label}  {c.status.value}"
    place = _container_where(c)
    text += f"  {place}" if place else ""
    return text + (f"  ({labels(c.sources)})" if c.sources else "")


def render_text(
    c: Comparison,
    ignore: Iterable[HunkClass] = (),
    only_changed: bool = True,
    colour: bool = False,
    context: int | None = DEFAULT_CONTEXT,
    summary: bool = True,
) -> str:
    """Header and summary, long title, containers, each changed unit with its redline,
    then the summary again."""
    style = Style(colour)
    ignored = frozenset(ignore)
    counts = summarise(c, ignored).line()
    out = [
        style.bold(c.new.title),
        style.plain(f"{print_name(c.old)} → {print_name(c.new)}"),
    ]
    if summary:
        out.append(style.plain(counts))
    out.extend(style.plain(f"warning: {w}") for w in c.warnings)
    if c.account is not None:
        out.append(style.plain(c.account.summary))
    out.append("")
    if c.long_title_diff is not None and c.long_title_diff.classes() - ignored:
        out.append(style.bold("Long title") + "  amended")
        numbers = numbering.long_title_numbers(c)
        out.extend("  " + r for r in redline(c.long_title_diff, style, context, numbers))
        out.append("")
    changed_containers = [k for k in c.containers if k.changed]
    if changed_containers:
        out.append(style.bold("Parts, Chapters, cross-headings and schedules"))
        out.extend("  " + style.plain(container_line(k)) for k in changed_containers)
        out.append("")
    for u in c.units:
        if only_changed and not u.changed_after(ignored):
            continue
        out.extend(_unit(u, style, context))
        out.append("")
    if c.account is not None:
        out.extend(account_lines(c.account, style))
    if summary:
        out.append(style.plain(counts))
    return "\n".join(out) + "\n"


def account_lines(account: Account, style: Style) -> list[str]:
    """A Keeling schedule's accounting: each amendment not applied, and why; then the
    provisions that are not amendments."""
    out: list[str] = []
    missed = account.not_applied()
    if missed:
        out.append(style.bold(f"Not applied ({len(missed)})"))
        for citation, _, words, reason in missed:
            out.append("  " + style.plain(f"{citation}  {reason}"))
            out.append("    " + style.dim(words))
        out.append("")
    if account.not_amendments:
        out.append(style.bold(f"Not amendments ({len(account.not_amendments)})"))
        for p in account.not_amendments:
            out.append("  " + style.plain(f"{p.citation}  {p.reason}"))
            out.append("    " + style.dim(p.words))
        out.append("")
    out.append(style.plain(account.summary))
    return out
