"""What only a Keeling schedule has: its table of amendments, and the Acts a Bill amends.

The schedule itself (the Act against the Act as amended) is a comparison, drawn
by the comparison's own renderers; here are the table of amendments (CSV in
the columns of UK Lawmaker's Keeling research data, and JSON with
legislation.gov.uk's vocabulary of effects) and the ``billdiff.keeling`` JSON
document that holds both. The list of Acts a Bill amends is
:mod:`billdiff.render.effects`.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any

from billdiff.comparison import Account, Comparison, PrintInfo
from billdiff.render.cells import csv_cell
from billdiff.render.data import comparison_data, print_data
from billdiff.textdiff import HunkClass

SCHEMA = "billdiff.keeling"
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
