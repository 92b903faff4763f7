"""The default ``billdiff diff`` output: changed units and their word-level redlines.

Without colour, deletions are ``[-old-]`` and insertions ``{+new+}`` (as
``git diff --word-diff=plain``); with colour (a TTY, no ``NO_COLOR``) they are
red and green instead.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from billdiff.comparison import Comparison, ContainerChange, PrintInfo, Status, UnitChange
from billdiff.render.redline import DEFAULT_CONTEXT, draw, excerpts
from billdiff.textdiff import HunkClass, TextDiff

_RED = "\x1b[31m"
_GREEN = "\x1b[32m"
_BOLD = "\x1b[1m"
_DIM = "\x1b[2m"
_RESET = "\x1b[0m"


class _Style:
    def __init__(self, colour: bool) -> None:
        self.colour = colour

    def deleted(self, s: str) -> str:
        s = _visible(s)
        return f"{_RED}\x1b[9m{s}{_RESET}" if self.colour else f"[-{s}-]"

    def inserted(self, s: str) -> str:
        s = _visible(s)
        return f"{_GREEN}\x1b[4m{s}{_RESET}" if self.colour else f"{{+{s}+}}"

    def bold(self, s: str) -> str:
        return f"{_BOLD}{s}{_RESET}" if self.colour else s

    def dim(self, s: str) -> str:
        return f"{_DIM}{s}{_RESET}" if self.colour else s


def _visible(s: str) -> str:
    """Spell out a change that is only unusual spaces (a figure space for a space), which
    would otherwise look like no change at all."""
    if s and s.isspace() and s != " ":
        return "".join(f"⟨U+{ord(ch):04X}⟩" if ch != " " else " " for ch in s)
    return s


def _print_name(p: PrintInfo) -> str:
    parts = [p.stage or p.version or "?"]
    if p.bill_number:
        parts.append(f"({p.bill_number})")
    return " ".join(parts)


def _where(u: UnitChange) -> str:
    side = u.new or u.old
    assert side is not None
    if side.page is None:
        return ""
    return f"  p{side.page}:{side.line}"


def _redline(diff: TextDiff, style: _Style, context: int | None) -> list[str]:
    return [draw(e, str, style.deleted, style.inserted) for e in excerpts(diff, context)]


def _unit(u: UnitChange, style: _Style, context: int | None) -> list[str]:
    classes = ", ".join(sorted(c.value for c in u.hunk_classes))
    status = u.status.value + (f" ({classes})" if classes else "")
    side = u.side
    head = f"{style.bold(u.label)}  {status}{_where(u)}"
    lines = [head]
    heading = side.heading
    if u.heading_diff is not None:
        lines.append("  " + "".join(_redline(u.heading_diff, style, None)))
    elif heading:
        lines.append("  " + style.dim(heading))
    if u.status is Status.MOVED and u.old and u.new:
        where = (
            f"from {u.old.part} to {u.new.part}" if u.old.part != u.new.part else "within its Part"
        )
        lines.append(f"  moved {where}")
    for r in u.related:
        lines.append(f"  {u.status.value} {'from' if u.status is Status.SPLIT else 'into'} {r}")
    if u.structure:
        lines.append("  " + "; ".join(u.structure))
    if u.status in (Status.ADDED, Status.SPLIT):
        assert u.new is not None
        lines.extend("  " + style.inserted(line) for line in u.new.lines)
    elif u.status in (Status.REMOVED, Status.MERGED):
        assert u.old is not None
        lines.extend("  " + style.deleted(line) for line in u.old.lines)
    elif u.text_diff is not None:
        lines.extend("  " + r for r in _redline(u.text_diff, style, context))
    return lines


def _container(c: ContainerChange) -> str:
    if c.old is None:
        assert c.new is not None
        return f"{c.new.label}  added"
    if c.new is None:
        return f"{c.old.label}  removed"
    return f"{c.old.label} → {c.new.label}  {c.status.value}"


def render_summary(c: Comparison, ignore: Iterable[HunkClass] = ()) -> str:
    """One line: how many units changed and how."""
    changed_units = c.changed_units(ignore)
    counts = Counter(u.status.value for u in changed_units)
    order = ("added", "removed", "moved", "renumbered", "amended", "split", "merged")
    parts = [f"{counts[k]} {k}" for k in order if counts[k]]
    text = f"{len(changed_units)} of {len(c.units)} units changed"
    if parts:
        text += " (" + ", ".join(parts) + ")"
    containers = sum(1 for k in c.containers if k.changed)
    if containers:
        text += f"; {containers} Parts/headings changed"
    ignored = sorted(i.value for i in ignore)
    if ignored:
        text += f"; ignoring {', '.join(ignored)} changes"
    return text


def render_text(
    c: Comparison,
    ignore: Iterable[HunkClass] = (),
    only_changed: bool = True,
    colour: bool = False,
    context: int | None = DEFAULT_CONTEXT,
    summary: bool = True,
) -> str:
    """Header, container changes, each changed unit with its redline, then a summary."""
    style = _Style(colour)
    ignored = frozenset(ignore)
    out = [
        style.bold(c.new.title),
        f"{_print_name(c.old)} → {_print_name(c.new)}",
    ]
    out.extend(f"warning: {w}" for w in c.warnings)
    out.append("")
    if c.long_title_diff is not None and c.long_title_diff.classes() - ignored:
        out.append(style.bold("Long title") + "  amended")
        out.extend("  " + r for r in _redline(c.long_title_diff, style, context))
        out.append("")
    changed_containers = [k for k in c.containers if k.changed]
    if changed_containers:
        out.append(style.bold("Parts, Chapters, cross-headings and schedules"))
        out.extend("  " + _container(k) for k in changed_containers)
        out.append("")
    for u in c.units:
        if only_changed and not u.changed_after(ignored):
            continue
        out.extend(_unit(u, style, context))
        out.append("")
    if summary:
        out.append(render_summary(c, ignored))
    return "\n".join(out) + "\n"
