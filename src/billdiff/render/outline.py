"""``billdiff outline``: a Bill's metadata and its tree of containers and units."""

from __future__ import annotations

import json
from typing import Any

from billdiff.model import CONTAINER_KINDS, UNIT_KINDS, Bill, Kind, Provision
from billdiff.sanitise import visible
from billdiff.view.words import first_words

OUTLINE_SCHEMA = "billdiff.outline"
OUTLINE_VERSION = 1

_METADATA = (
    ("title", "Title"),
    ("stage", "Stage"),
    ("version", "Version"),
    ("house", "House"),
    ("bill_number", "Number"),
    ("session", "Session"),
    ("project_id", "Project"),
    ("published", "Published"),
    ("valid_from", "Valid from"),
    ("document_type", "Document"),
    ("format", "Format"),
    ("source_path", "Source"),
    ("sha256", "SHA-256"),
)


def _outline_nodes(provisions: tuple[Provision, ...]) -> list[Provision]:
    return [p for p in provisions if p.kind in CONTAINER_KINDS or p.kind in UNIT_KINDS]


def _where(p: Provision) -> str:
    return f"{p.page}:{p.line}" if p.page is not None else ""


def _title(p: Provision) -> str:
    if p.kind is Kind.CROSSHEADING:
        return p.heading or ""
    if p.kind in CONTAINER_KINDS:
        return f"{p.label}  {p.heading or ''}".rstrip()
    # Schedule paragraphs have no heading: their first words identify them.
    title = p.heading or first_words(p.full_text())
    return f"{p.number or '–':<5} {title}".rstrip()


def render_text(bill: Bill) -> str:
    """Metadata, then one line per container and unit, indented by depth, page:line at the right."""
    lines: list[str] = []
    for attr, label in _METADATA:
        value = getattr(bill, attr)
        if value:
            lines.append(f"{label + ':':12}{visible(str(value))}")
    lines.append("")

    def walk(provisions: tuple[Provision, ...], depth: int) -> None:
        for p in _outline_nodes(provisions):
            text = "  " * depth + visible(_title(p))
            where = _where(p)
            lines.append(f"{text:<72} {where}".rstrip() if where else text)
            if p.kind in CONTAINER_KINDS:
                walk(p.children, depth + 1)

    walk(bill.provisions, 0)
    return "\n".join(lines) + "\n"


def _node(p: Provision) -> dict[str, Any]:
    node: dict[str, Any] = {
        "kind": p.kind.value,
        "number": p.number,
        "heading": p.heading,
        "guid": p.guid,
        "eid": p.eid,
        "page": p.page,
        "line": p.line,
    }
    if p.kind in CONTAINER_KINDS:
        node["children"] = [_node(c) for c in _outline_nodes(p.children)]
    return node


def outline_data(bill: Bill) -> dict[str, Any]:
    """The outline as plain JSON-ready data."""
    return {
        "schema": OUTLINE_SCHEMA,
        "version": OUTLINE_VERSION,
        "bill": {attr: getattr(bill, attr) for attr, _ in _METADATA}
        | {"long_title": bill.long_title},
        "warnings": list(bill.warnings),
        "provisions": [_node(p) for p in _outline_nodes(bill.provisions)],
    }


def render_json(bill: Bill) -> str:
    """The outline as JSON (schema ``billdiff.outline``, version 1)."""
    return json.dumps(outline_data(bill), indent=2, ensure_ascii=False) + "\n"
