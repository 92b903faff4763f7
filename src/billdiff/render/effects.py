"""The Acts and other instruments a Bill amends (``billdiff keeling BILL``): text, JSON, CSV.

Schema ``billdiff.effects`` version 1 is documented in the README. Nothing here
imports the comparison engine: listing a Bill's effects reads the Bill only.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from typing import Any

from billdiff.keeling.bill import Effects
from billdiff.model import Bill
from billdiff.render.cells import csv_cell
from billdiff.sanitise import visible

SCHEMA = "billdiff.effects"
VERSION = 1


def effects_text(bill: Bill, acts: Sequence[Effects]) -> str:
    """A table: how many amendments each Act gets, its name, and the Bill provisions that
    make them."""
    total = sum(a.amendments + a.unread for a in acts)
    lines = [
        visible(bill.title),
        visible(
            f"{bill.stage or bill.version or ''}"
            + (f" ({bill.bill_number})" if bill.bill_number else "")
        ),
        f"amends {len(acts)} "
        + ("Act or other instrument" if len(acts) == 1 else "Acts and other instruments")
        + f": {total} {'amendment' if total == 1 else 'amendments'}",
        "",
    ]
    for a in acts:
        unread = f" ({a.unread} not read)" if a.unread else ""
        lines.append(f"{a.amendments + a.unread:>4}  {visible(a.name)}{unread}")
        lines.append(f"      {visible(spread(a.provisions))}")
    return "\n".join(lines) + "\n"


_SECTION = re.compile(r"^(s\.|cl\.) (\d+)([A-Z]*)$")
_PARAGRAPH = re.compile(r"^(Sch\.(?: [0-9A-Z]+)?) para (\d+)([A-Z]*)$")


def spread(provisions: Sequence[str]) -> str:
    """The amending provisions, briefly: "ss. 1–4, 6, Sch. 1 paras 3–15" (their
    sub-provisions left out, runs of numbers joined)."""
    groups: list[tuple[str, list[str]]] = []
    for p in provisions:
        head = p.split("(")[0].strip()
        m = _SECTION.match(head) or _PARAGRAPH.match(head)
        key, number = (m.group(1), m.group(2) + m.group(3)) if m else (head, "")
        if groups and groups[-1][0] == key:
            if not groups[-1][1] or groups[-1][1][-1] != number:
                groups[-1][1].append(number)
        else:
            groups.append((key, [number] if number else []))
    return ", ".join(_group(key, numbers) for key, numbers in groups)


def _group(key: str, numbers: list[str]) -> str:
    if not numbers:
        return key
    runs: list[list[str]] = []
    for n in numbers:
        if runs and n.isdigit() and runs[-1][-1].isdigit() and int(n) == int(runs[-1][-1]) + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    text = ", ".join(r[0] if len(r) == 1 else f"{r[0]}–{r[-1]}" for r in runs)
    plural = len(numbers) > 1
    if key.startswith("Sch"):
        return f"{key} {'paras' if plural else 'para'} {text}"
    return f"{'ss.' if key == 's.' and plural else key} {text}"


def effects_data(bill: Bill, acts: Sequence[Effects]) -> dict[str, Any]:
    """The list of Acts as JSON-ready data (schema ``billdiff.effects``)."""
    return {
        "schema": SCHEMA,
        "version": VERSION,
        "bill": {
            "title": bill.title,
            "stage": bill.stage,
            "version": bill.version,
            "house": bill.house,
            "bill_number": bill.bill_number,
            "session": bill.session,
            "project_id": bill.project_id,
            "published": bill.published,
            "format": bill.format,
            "path": bill.source_path,
            "sha256": bill.sha256,
        },
        "acts": [
            {
                "key": a.key,
                "uri": f"https://www.legislation.gov.uk/{a.key}" if ":" not in a.key else None,
                "name": a.name,
                "amendments": a.amendments + a.unread,
                "not_read": a.unread,
                "provisions": list(a.provisions),
            }
            for a in acts
        ],
    }


def effects_csv(acts: Sequence[Effects]) -> str:
    """The list of Acts as CSV."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(("act", "key", "amendments", "not_read", "provisions"))
    for a in acts:
        writer.writerow(
            [
                csv_cell(a.name),
                csv_cell(a.key),
                str(a.amendments + a.unread),
                str(a.unread),
                csv_cell(" ".join(a.provisions)),
            ]
        )
    return buffer.getvalue()
