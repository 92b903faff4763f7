"""A unified diff (like ``diff -u``) per unit, one line per sub-provision.

For tools that already read patches. What the text output says besides the
words — the summary, container changes, each unit's status, page:line and
moves — comes as ``#`` comment lines, which patch tools skip. Line-level by
nature, it has no change numbers and no word-level marks: use the text,
JSON or Markdown formats for those. Every string from a print is made
visible (control characters spelled out), so no line can be forged.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from billdiff.comparison import Comparison, PrintInfo, UnitChange
from billdiff.render.text import container_line
from billdiff.sanitise import visible
from billdiff.textdiff import HunkClass
from billdiff.view import units as describe
from billdiff.view.summary import summarise
from billdiff.view.words import print_name, where


def _name(p: PrintInfo) -> str:
    return visible(p.source_path or p.stage or "print")


def _diff(
    label_old: str, label_new: str, old: list[str], new: list[str], c: Comparison
) -> list[str]:
    body = list(
        difflib.unified_diff(
            [visible(x) for x in old],
            [visible(x) for x in new],
            f"{label_old}\t{_name(c.old)}",
            f"{label_new}\t{_name(c.new)}",
            lineterm="",
            n=2,
        )
    )
    # Renumbered or moved only: still say so, as a header with no hunk.
    return body or [f"--- {label_old}\t{_name(c.old)}", f"+++ {label_new}\t{_name(c.new)}"]


def _unit(u: UnitChange, c: Comparison) -> list[str]:
    old_lines = (
        [f"{u.old.number or ''} {u.old.heading or ''}".strip(), *u.old.lines] if u.old else []
    )
    new_lines = (
        [f"{u.new.number or ''} {u.new.heading or ''}".strip(), *u.new.lines] if u.new else []
    )
    old_label = f"a/{visible(u.old.label)}" if u.old else "/dev/null"
    new_label = f"b/{visible(u.new.label)}" if u.new else "/dev/null"
    place = where(u)
    head = [f"# {visible(u.label)}: {describe.status_text(u)}" + (f" ({place})" if place else "")]
    head += [f"# {visible(fact)}" for fact in describe.facts(u)]
    return [*head, *_diff(old_label, new_label, old_lines, new_lines, c)]


def render_unified(
    c: Comparison, ignore: Iterable[HunkClass] = (), only_changed: bool = True
) -> str:
    """Every changed unit as a unified diff of its lines, headed by comment lines."""
    ignored = frozenset(ignore)
    out = [
        f"# {visible(c.new.title)}: {visible(print_name(c.old))} → {visible(print_name(c.new))}",
        f"# {visible(summarise(c, ignored).line())}",
    ]
    out += [f"# warning: {visible(w)}" for w in c.warnings]
    lt = c.long_title_diff
    if lt is not None and lt.classes() - ignored:
        out += [
            "# long title: amended",
            *_diff("a/long title", "b/long title", [lt.old], [lt.new], c),
        ]
    out += [f"# {visible(container_line(k))}" for k in c.containers if k.changed]
    for u in c.units:
        if only_changed and not u.changed_after(ignored):
            continue
        out.extend(_unit(u, c))
    return "\n".join(out) + "\n"
