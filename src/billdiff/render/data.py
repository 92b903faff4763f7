"""JSON and JSON Lines: the stable, versioned, machine-readable comparison.

Schema ``billdiff.comparison`` version 1 is documented in the README. Adding
a field is not a breaking change; renaming or removing one bumps the version.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from billdiff.comparison import (
    Comparison,
    ContainerChange,
    ContainerVersion,
    PrintInfo,
    UnitChange,
    UnitVersion,
)
from billdiff.provenance import Source
from billdiff.textdiff import HunkClass, TextDiff
from billdiff.view.changes import Field, changes, long_title_numbers, numbers
from billdiff.view.summary import summarise

SCHEMA = "billdiff.comparison"
VERSION = 1


def print_data(info: PrintInfo) -> dict[str, Any]:
    """A print's metadata as JSON-ready data."""
    return {
        "title": info.title,
        "stage": info.stage,
        "version": info.version,
        "house": info.house,
        "bill_number": info.bill_number,
        "session": info.session,
        "project_id": info.project_id,
        "published": info.published,
        "format": info.format,
        "path": info.source_path,
        "sha256": info.sha256,
    }


def version_data(v: UnitVersion | None) -> dict[str, Any] | None:
    """One side of a unit as JSON-ready data (None for a side it is not in)."""
    if v is None:
        return None
    return {
        "ref": v.ref,
        "number": v.number,
        "heading": v.heading,
        "schedule": v.schedule,
        "part": v.part,
        "crossheading": v.crossheading,
        "guid": v.guid,
        "eid": v.eid,
        "page": v.page,
        "line": v.line,
    }


def hunks_data(
    diff: TextDiff | None, change_numbers: Sequence[int | None] | None = None
) -> list[dict[str, Any]]:
    """The hunks of a diff as JSON-ready dicts, each with its change ``number`` if given."""
    if diff is None:
        return []
    out = []
    for n, h in enumerate(diff.hunks):
        record: dict[str, Any] = {
            "op": h.op.value,
            "old": h.old,
            "new": h.new,
            "old_start": h.old_start,
            "old_end": h.old_end,
            "new_start": h.new_start,
            "new_end": h.new_end,
            "class": h.cls.value,
            "sources": sources_data(h.sources),
        }
        if change_numbers is not None:
            record["number"] = change_numbers[n]
        out.append(record)
    return out


def sources_data(sources: Iterable[Source]) -> list[dict[str, Any]]:
    """Where changes came from (a Keeling schedule's amendments) as JSON-ready data."""
    return [
        {"citation": s.citation, "eid": s.eid, "effect": s.effect, "label": s.label}
        for s in sources
    ]


def unit_data(u: UnitChange, ignore: Iterable[HunkClass] = ()) -> dict[str, Any]:
    """One unit's record: the same object in ``units`` (JSON) and on each JSON Lines line."""
    all_changes = changes(u)
    record: dict[str, Any] = {
        "key": u.key,
        "kind": u.side.kind.value,
        "label": u.label,
        "status": u.status.value,
        "changed": u.changed_after(ignore),
        "classes": sorted(c.value for c in u.hunk_classes),
        "match": {"reason": u.reason, "score": round(u.score, 3)} if u.old and u.new else None,
        "related": list(u.related),
        "movement": list(u.movement),
        "split_into": list(u.split_into),
        "merged_from": list(u.merged_from),
        "structure": list(u.structure),
        "sources": sources_data(u.sources),
        "old": version_data(u.old),
        "new": version_data(u.new),
        "heading_hunks": hunks_data(u.heading_diff, numbers(all_changes, Field.HEADING)),
        "hunks": hunks_data(u.text_diff, numbers(all_changes, Field.TEXT)),
    }
    # The words themselves only where they changed: added, removed or edited units.
    if u.old is not None and (u.new is None or u.text_diff is not None):
        record["old_text"] = u.old.text
    if u.new is not None and (u.old is None or u.text_diff is not None):
        record["new_text"] = u.new.text
    return record


def _container_side(v: ContainerVersion | None) -> dict[str, Any] | None:
    if v is None:
        return None
    return {
        "number": v.number,
        "heading": v.heading,
        "guid": v.guid,
        "eid": v.eid,
        "page": v.page,
        "line": v.line,
    }


def _container(c: ContainerChange) -> dict[str, Any]:
    side = c.new or c.old
    assert side is not None
    return {
        "kind": side.kind.value,
        "label": side.label,
        "status": c.status.value,
        "reason": c.reason,
        "old": _container_side(c.old),
        "new": _container_side(c.new),
        "sources": sources_data(c.sources),
    }


def summary_data(c: Comparison, ignore: Iterable[HunkClass] = ()) -> dict[str, Any]:
    """Counts per status, the number still changed after ``ignore``, and what was ignored."""
    summary = summarise(c, ignore)
    return {
        **c.counts(),
        "changed": summary.changed,
        "different": summary.different,
        "ignored": list(summary.ignored),
        "classes": summary.classes,
    }


def comparison_data(
    c: Comparison, ignore: Iterable[HunkClass] = (), only_changed: bool = False
) -> dict[str, Any]:
    """The whole comparison as JSON-ready data."""
    ignored = frozenset(ignore)
    units = [u for u in c.units if not only_changed or u.changed_after(ignored)]
    containers = [k for k in c.containers if not only_changed or k.changed]
    return {
        "schema": SCHEMA,
        "version": VERSION,
        "normalisation": c.normalisation_version,
        "old": print_data(c.old),
        "new": print_data(c.new),
        "summary": summary_data(c, ignored),
        "warnings": list(c.warnings),
        "long_title_hunks": hunks_data(c.long_title_diff, long_title_numbers(c)),
        "containers": [_container(k) for k in containers],
        "units": [unit_data(u, ignored) for u in units],
    }


def render_json(c: Comparison, ignore: Iterable[HunkClass] = (), only_changed: bool = False) -> str:
    """The comparison as one JSON document (compact: the C encoder is ten times faster)."""
    return json.dumps(comparison_data(c, ignore, only_changed), ensure_ascii=False) + "\n"


def render_jsonl(
    c: Comparison, ignore: Iterable[HunkClass] = (), only_changed: bool = False
) -> str:
    """One JSON object per unit, one per line (no header line)."""
    ignored = frozenset(ignore)
    return "".join(
        json.dumps(unit_data(u, ignored), ensure_ascii=False) + "\n"
        for u in c.units
        if not only_changed or u.changed_after(ignored)
    )
