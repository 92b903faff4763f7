"""A unified diff (like ``diff -u``) per unit, one line per sub-provision.

For tools that already read patches. Line-level by nature: use the text,
JSON or Markdown formats for word-level changes.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from billdiff.comparison import Comparison, PrintInfo, UnitChange
from billdiff.textdiff import HunkClass


def _name(p: PrintInfo) -> str:
    return p.source_path or p.stage or "print"


def _unit(u: UnitChange, old: PrintInfo, new: PrintInfo) -> list[str]:
    old_lines = (
        [f"{u.old.number or ''} {u.old.heading or ''}".strip(), *u.old.lines] if u.old else []
    )
    new_lines = (
        [f"{u.new.number or ''} {u.new.heading or ''}".strip(), *u.new.lines] if u.new else []
    )
    old_label = f"a/{u.old.label}" if u.old else "/dev/null"
    new_label = f"b/{u.new.label}" if u.new else "/dev/null"
    body = list(
        difflib.unified_diff(
            old_lines,
            new_lines,
            f"{old_label}\t{_name(old)}",
            f"{new_label}\t{_name(new)}",
            lineterm="",
            n=2,
        )
    )
    if not body:  # renumbered or moved only: still say so, as a header with no hunk
        body = [f"--- {old_label}\t{_name(old)}", f"+++ {new_label}\t{_name(new)}"]
    return [f"# {u.label}: {u.status.value}", *body]


def render_unified(
    c: Comparison, ignore: Iterable[HunkClass] = (), only_changed: bool = True
) -> str:
    """Every changed unit as a unified diff of its lines, headed by its label and status."""
    ignored = frozenset(ignore)
    out: list[str] = []
    for u in c.units:
        if only_changed and not u.changed_after(ignored):
            continue
        out.extend(_unit(u, c.old, c.new))
    return "\n".join(out) + ("\n" if out else "")
