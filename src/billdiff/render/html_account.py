"""A Keeling schedule's amendments in the HTML report: each with its words and what
became of it, the target of the source links beside the changes they made (``#am-EID``)."""

from __future__ import annotations

from lxml import etree

from billdiff.comparison import Account
from billdiff.render.html_dom import Child, h

__all__ = ["account_section"]


def account_section(account: Account | None) -> etree._Element | None:
    """The Bill's amendments of the Act, in the order applied, each with its words and
    what became of it; then the provisions not read and those that are not amendments."""
    if account is None:
        return None
    rows = []
    seen: set[str] = set()
    for a in account.amendments:
        anchor = a.eid if a.eid and a.eid not in seen else None
        if anchor:
            seen.add(anchor)
        affected = ", ".join(x or "—" for x in a.affected)
        status = "applied" if a.applied else f"not applied: {a.reason}"
        rows.append(
            h(
                "tr",
                {
                    "id": f"am-{anchor}" if anchor else None,
                    "class": None if a.applied else "missed",
                },
                h("th", {"scope": "row"}, a.citation),
                h("td", None, a.words),
                h("td", None, a.effect, h("br"), h("span", {"class": "eid"}, affected)),
                h("td", None, status),
            )
        )
    for p in account.unread:
        rows.append(
            h(
                "tr",
                {"class": "missed"},
                h("th", {"scope": "row"}, p.citation),
                h("td", None, p.words),
                h("td", None, "—"),
                h("td", None, f"not read: {p.reason}"),
            )
        )
    parts: list[Child] = [
        h("h2", {"id": "amendments-h"}, "The amendments"),
        h("p", {"class": "summary-line"}, account.summary),
        h(
            "table",
            {"class": "amendments"},
            h("caption", None, f"Every amendment of the {account.act} by the {account.bill_name}"),
            h(
                "thead",
                None,
                h(
                    "tr",
                    None,
                    h("th", {"scope": "col"}, "Provision"),
                    h("th", {"scope": "col"}, "Its words"),
                    h("th", {"scope": "col"}, "Effect on"),
                    h("th", {"scope": "col"}, "Applied"),
                ),
            ),
            h("tbody", None, rows),
        ),
    ]
    if account.not_amendments:
        parts += [
            h("h3", None, "Not amendments"),
            h(
                "ul",
                {"class": "not-amendments"},
                [
                    h("li", None, h("strong", None, p.citation), f" ({p.reason}): {p.words}")
                    for p in account.not_amendments
                ],
            ),
        ]
    return h("section", {"id": "amendments", "aria-labelledby": "amendments-h"}, parts)
