"""What only a Keeling schedule has: its table of amendments, and the Acts a Bill amends.

The schedule itself (the Act against the Act as amended) is a comparison, drawn
by the comparison's own renderers; here are the table of amendments (CSV in
the columns of UK Lawmaker's Keeling research data, and JSON with
legislation.gov.uk's vocabulary of effects), the ``billdiff.keeling`` JSON
document that holds both, and the list of Acts a Bill amends (``billdiff
keeling BILL`` without an Act).
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Sequence
from typing import Any

from billdiff.comparison import Account, Comparison, PrintInfo
from billdiff.keeling.schedule import Effects
from billdiff.render.data import comparison_data, print_data
from billdiff.render.history import csv_cell
from billdiff.sanitise import visible
from billdiff.textdiff import HunkClass
from billdiff.view.words import count, print_name

SCHEMA = "billdiff.keeling"
EFFECTS_SCHEMA = "billdiff.effects"
VERSION = 1

#: The table of amendments' columns (Lawmaker's own, then billdiff's).
COLUMNS = (
    "source",
    "source_eid",
    "type_of_amendment",
    "affected_provision",
    "location",
    "whole_provision",
    "status",
    "reason",
)


def _status(applied: bool) -> str:
    return "applied" if applied else "not applied"


def table_rows(account: Account) -> list[dict[str, Any]]:
    """One row per amendment and provision it names, in the order they were applied;
    the amendments not read after them."""
    rows: list[dict[str, Any]] = []
    for a in account.amendments:
        for affected in a.affected or (None,):
            rows.append(
                {
                    "source": a.citation,
                    "source_eid": a.eid,
                    "type_of_amendment": a.type_of_amendment,
                    "affected_provision": affected,
                    "location": a.location,
                    "whole_provision": a.whole_provision,
                    "status": _status(a.applied),
                    "reason": a.reason,
                }
            )
    for p in account.unread:
        rows.append(
            {
                "source": p.citation,
                "source_eid": p.eid,
                "type_of_amendment": None,
                "affected_provision": None,
                "location": None,
                "whole_provision": None,
                "status": "not read",
                "reason": p.reason,
            }
        )
    return rows


def render_csv(account: Account) -> str:
    """The table of amendments as RFC 4180 CSV with a header row."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for row in table_rows(account):
        cells = []
        for column in COLUMNS:
            value = row[column]
            if isinstance(value, bool):
                value = "true" if value else "false"
            cells.append(csv_cell(None if value is None else str(value)))
        writer.writerow(cells)
    return buffer.getvalue()


def amendments_data(account: Account) -> list[dict[str, Any]]:
    """Each amendment with its words, effect, the provisions it affects and its status."""
    out: list[dict[str, Any]] = [
        {
            "source": a.citation,
            "source_eid": a.eid,
            "words": a.words,
            "effect": a.effect,
            "type_of_amendment": a.type_of_amendment,
            "location": a.location,
            "whole_provision": a.whole_provision,
            "affected_provisions": list(a.affected),
            "affecting_provision": a.citation,
            "status": _status(a.applied),
            "reason": a.reason,
        }
        for a in account.amendments
    ]
    out += [
        {
            "source": p.citation,
            "source_eid": p.eid,
            "words": p.words,
            "effect": None,
            "type_of_amendment": None,
            "location": None,
            "whole_provision": None,
            "affected_provisions": [],
            "affecting_provision": p.citation,
            "status": "not read",
            "reason": p.reason,
        }
        for p in account.unread
    ]
    return out


def keeling_data(
    c: Comparison, bill: PrintInfo, ignore: Sequence[HunkClass] = (), only_changed: bool = False
) -> dict[str, Any]:
    """The whole Keeling schedule as JSON-ready data (schema ``billdiff.keeling``)."""
    account = c.account
    assert account is not None
    return {
        "schema": SCHEMA,
        "version": VERSION,
        "bill": print_data(bill),
        "act": print_data(c.old),
        "summary": {
            "applied": account.applied,
            "amendments": account.total,
            "not_applied": len(account.not_applied()),
            "not_read": len(account.unread),
            "not_amendments": len(account.not_amendments),
            "text": account.summary,
        },
        "amendments": amendments_data(account),
        "not_amendments": [
            {"source": p.citation, "source_eid": p.eid, "words": p.words, "what": p.reason}
            for p in account.not_amendments
        ],
        "comparison": comparison_data(c, ignore, only_changed),
    }


def render_json(
    c: Comparison, bill: PrintInfo, ignore: Sequence[HunkClass] = (), only_changed: bool = False
) -> str:
    """The Keeling schedule as one JSON document."""
    return json.dumps(keeling_data(c, bill, ignore, only_changed), ensure_ascii=False) + "\n"


# -- the Acts a Bill amends ----------------------------------------------------------------------


def effects_text(bill: PrintInfo, acts: Sequence[Effects]) -> str:
    """A table: how many amendments each Act gets, its name, and the Bill provisions that
    make them."""
    total = sum(a.amendments + a.unread for a in acts)
    lines = [
        visible(bill.title),
        visible(print_name(bill)),
        f"amends {count(len(acts), 'Act or other instrument', 'Acts and other instruments')}: "
        f"{count(total, 'amendment')}",
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


def effects_data(bill: PrintInfo, acts: Sequence[Effects]) -> dict[str, Any]:
    """The list of Acts as JSON-ready data (schema ``billdiff.effects``)."""
    return {
        "schema": EFFECTS_SCHEMA,
        "version": VERSION,
        "bill": print_data(bill),
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
