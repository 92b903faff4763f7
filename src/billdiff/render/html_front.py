"""The report's front matter: the title block that makes it reproducible, the warnings, the
summary counts, how to read it, and the table of contents."""

from __future__ import annotations

from datetime import UTC

from lxml import etree

from billdiff.comparison import UnitChange
from billdiff.render.html_dom import h
from billdiff.render.html_report import (
    Report,
    bill_title,
    generator_version,
    group_of,
    made_on,
    marker_classes,
)
from billdiff.view import units as describe
from billdiff.view.redline import DEFAULT_CONTEXT
from billdiff.view.summary import CLASS_ORDER, STATUS_ORDER
from billdiff.view.words import (
    PRINT_FIELDS,
    count,
    position,
    print_details,
    print_field,
    report_names,
    title,
    unit_noun,
)


def title_block(r: Report) -> etree._Element:
    """The title block: the Bill, both prints in full, how and when the report was made."""
    c = r.comparison
    names = report_names(c)
    left, right = names.sides
    rows = [
        h(
            "tr",
            None,
            h("th", {"scope": "row"}, label),
            h("td", {"class": "sha" if name == "sha256" else None}, print_field(left, name)),
            h("td", {"class": "sha" if name == "sha256" else None}, print_field(right, name)),
        )
        for label, name in PRINT_FIELDS
        if getattr(left, name) or getattr(right, name)
    ]
    made = r.generated.astimezone(UTC)
    options = _options_text(r)
    return h(
        "header",
        {"class": "title-block", "id": "top"},
        h("p", {"class": "kicker"}, names.kind),
        h("h1", None, bill_title(c)),
        h(
            "p",
            {"class": "prints-line"},
            h("span", {"class": "old-name"}, print_details(c.old)),
            h("span", {"class": "arrow", "aria-label": "compared with"}, " → "),
            h("span", {"class": "new-name"}, print_details(c.new)),
        ),
        h(
            "table",
            {"class": "provenance"},
            h("caption", None, names.caption),
            h(
                "thead",
                None,
                h(
                    "tr",
                    None,
                    h("td", None),
                    h("th", {"scope": "col"}, names.columns[0]),
                    h("th", {"scope": "col"}, names.columns[1]),
                ),
            ),
            h("tbody", None, rows),
        ),
        h(
            "p",
            {"class": "made"},
            f"Made by billdiff {generator_version()} (text normalisation version "
            f"{c.normalisation_version}) on ",
            h("time", {"datetime": made.strftime("%Y-%m-%dT%H:%M:%SZ")}, made_on(made)),
            f". {options}" if options else ".",
        ),
        _notes_line(r),
    )


def _options_text(r: Report) -> str:
    parts = r.option_words()
    if r.changes_only:
        parts.append(
            "changes only: unchanged units without notes left out, and units whose words did "
            "not change (or whose changes are folded) in one line each"
        )
    elif r.only_changed:
        parts.append("unchanged units without notes left out")
    if r.context is None:
        parts.append("whole units shown")
    elif r.context != DEFAULT_CONTEXT:
        parts.append(f"{count(r.context, 'word')} of context")
    return ("Options: " + "; ".join(parts) + ".") if parts else ""


def _notes_line(r: Report) -> etree._Element | None:
    if r.review is None:
        return h("p", {"class": "made"}, "No notes file was given: this report has no notes.")
    counts = r.review.counts()
    total = sum(counts.values())
    if not total:
        return h("p", {"class": "made"}, "The notes file has no notes.")
    parts = ", ".join(f"{n} {status}" for status, n in counts.items() if n)
    resolved = sum(1 for p in r.review.notes if p.resolved)
    return h(
        "p",
        {"class": "made"},
        f"{count(total, 'note')} ({parts}); {resolved} resolved, {total - resolved} open.",
    )


def warnings_section(r: Report) -> etree._Element | None:
    """The comparison's warnings (different Bills, prints the wrong way round…)."""
    if not r.comparison.warnings:
        return None
    return h(
        "section",
        {"class": "warnings", "aria-label": "Warnings"},
        [h("p", None, h("strong", None, "Warning: "), w) for w in r.comparison.warnings],
    )


def summary_section(r: Report) -> etree._Element:
    """The summary line and the counts by status and by class."""
    s = r.summary
    statuses = [k for k in STATUS_ORDER if k in s.statuses] + sorted(
        k for k in s.statuses if k not in STATUS_ORDER
    )
    classes = [k for k in CLASS_ORDER if k in s.classes] + sorted(
        k for k in s.classes if k not in CLASS_ORDER
    )

    return h(
        "section",
        {"id": "summary", "aria-labelledby": "summary-h"},
        h("h2", {"id": "summary-h"}, "Summary"),
        h("p", {"class": "summary-line"}, s.line()),
        (
            h(
                "p",
                {"class": "summary-line"},
                h("a", {"href": "#amendments"}, r.comparison.account.summary),
            )
            if r.comparison.account is not None
            else None
        ),
        h(
            "div",
            {"class": "counts"},
            _count_table(
                "Units by what happened to them",
                [(k, s.statuses[k]) for k in statuses],
                [("changed", s.changed, "total"), ("unchanged", s.units - s.changed, None)],
            ),
            _count_table(
                "Units with word changes, by kind",
                [(k, s.classes[k]) for k in classes],
                [
                    ("Parts and headings changed", s.containers, None),
                    ("long title amended", int(s.long_title), None),
                ],
            ),
        ),
    )


def _count_table(
    caption: str, rows: list[tuple[str, int]], totals: list[tuple[str, int, str | None]]
) -> etree._Element:
    """A table of counts: one row per name, then the total rows (with their class)."""

    def row(name: str, n: int, cls: str | None = None) -> etree._Element:
        cell = h("td", {"class": "num zero" if n == 0 else "num"}, str(n))
        return h("tr", {"class": cls} if cls else None, h("th", {"scope": "row"}, name), cell)

    return h(
        "table",
        None,
        h("caption", None, caption),
        h("tbody", None, [row(name, n) for name, n in rows]),
        h("tfoot", None, [row(name, n, cls) for name, n, cls in totals]),
    )


def how_to_read(r: Report) -> etree._Element:
    """How to read the report: marks, numbers, bars, places and notes."""

    def sample(cls: str, text: str) -> etree._Element:
        return h("span", {"class": f"sample {cls}"}, text)

    keeling = r.comparison.account is not None
    noun = unit_noun(r.comparison)
    items = [
        h(
            "li",
            None,
            sample("sample-del", "struck-through words"),
            " are words of the Act the Bill omits or replaces; "
            if keeling
            else " were in the old print and are not in the new one; ",
            sample("sample-ins", "underlined words"),
            " are words it inserts" if keeling else " are new",
            ". Each deletion and insertion is also labelled “deleted:” or “inserted:” "
            "for screen readers and when the text is copied.",
        ),
        (
            h(
                "li",
                None,
                h("span", {"class": "source sample-source"}, "[words substituted by s. 5(2)(a)]"),
                " after a change names the provision of the Bill that makes it, in "
                "legislation.gov.uk’s words for the effect, and links to that amendment’s "
                "words under “The amendments” at the end, with every amendment not applied "
                "and why.",
            )
            if keeling
            else None
        ),
        h(
            "li",
            None,
            h("span", {"class": "chg sample-chg"}, "#1"),
            f" numbers the changes within a {noun} or paragraph, as ",
            h("code", None, "billdiff keeling" if keeling else "billdiff diff"),
            " lists them (the numbers a note made with ",
            h("code", None, "billdiff notes add --change N"),
            " uses).",
        ),
        h(
            "li",
            None,
            "A bar in the margin marks a changed unit: ",
            h("span", {"class": "bar-sample solid"}, "solid"),
            " when it needs a reader’s eye (a change of substance, or a unit added, removed, "
            "moved, split or merged), ",
            h("span", {"class": "bar-sample dashed"}, "dashed"),
            " when it was only renumbered or its only changes are to cross-references "
            "(“xref”: a reference that follows the renumbering), lettering or typography.",
        ),
        (
            None
            if keeling
            else h(
                "li",
                None,
                "Places are given as page:line of the printed Bill, “old p6:25, new p6:28” "
                "meaning page 6 line 25 of the old print and page 6 line 28 of the new one.",
            )
        ),
    ]
    if r.review is not None and r.review.notes:
        items.append(
            h(
                "li",
                None,
                h("sup", {"class": "noteref sample-ref"}, "note 1"),
                " marks the words a lawyer’s note is about; the note is beside them (on paper, "
                "at the end, under the same number). A note’s anchor says how it was found in "
                "these prints: exact (where it was written), moved (the unit was renumbered or "
                "moved), fuzzy (the words were edited since), ambiguous (the words now occur "
                "more than once) or orphaned (the words or the unit are gone); notes that "
                "could not be placed are listed after the units.",
            )
        )
    items.append(
        h(
            "li",
            None,
            "Unchanged units are folded: open one to read it. On paper every folded unit "
            "is printed open.",
        )
    )
    return h(
        "section",
        {"id": "how-to-read", "aria-labelledby": "how-h"},
        h("h2", {"id": "how-h"}, "How to read this report"),
        h("ul", None, items),
    )


def contents_section(r: Report) -> etree._Element:
    """The table of contents: every changed or annotated unit, then the other parts."""
    c = r.comparison
    rows: list[etree._Element] = []
    group = None
    for u in c.units:
        if not r.shown(u) or not (r.changed(u) or r.notes_of(u)):
            continue
        g = group_of(u.side)
        if g != group and g:
            rows.append(
                h("tr", {"class": "group"}, h("th", {"colspan": "5", "scope": "rowgroup"}, g))
            )
        group = g
        notes = r.notes_of(u)
        what = describe.status_text(u) if r.changed(u) else "unchanged"
        if r.folded(u):
            what += " — folded"
        rows.append(
            h(
                "tr",
                {"class": marker_classes(r, u) + (" brief" if r.brief(u) else "")},
                h("td", {"class": "bar"}, h("a", {"href": f"#{r.ids[id(u)]}"}, u.label)),
                h("td", None, title(u.side)),
                h("td", {"class": "what"}, what),
                h("td", {"class": "where"}, _toc_where(u)),
                h("td", {"class": "num"}, count(len(notes), "note") if notes else ""),
            )
        )
    unchanged = sum(1 for u in c.units if not r.changed(u))
    shown_unchanged = sum(1 for u in c.units if not r.changed(u) and r.shown(u))
    extra = []
    long_title = c.long_title
    if long_title is not None and (r.changed(long_title) or r.notes_of(long_title)):
        notes = r.notes_of(long_title)
        extra.append(
            h(
                "li",
                None,
                h("a", {"href": "#long-title"}, "Long title"),
                " — " + ("amended" if r.changed(long_title) else "unchanged"),
                f" ({count(len(notes), 'note')})" if notes else "",
            )
        )
    heading_notes = sum(
        len(r.notes_of(x)) for k in c.containers if (x := c.heading_of(k)) is not None
    )
    if any(k.changed for k in c.containers) or heading_notes:
        extra.append(
            h(
                "li",
                None,
                h("a", {"href": "#containers"}, "Parts, Chapters, cross-headings and schedules"),
                f" — {count(sum(1 for k in c.containers if k.changed), 'change')}",
                f" ({count(heading_notes, 'note')})" if heading_notes else "",
            )
        )
    if unchanged:
        text = (
            f"{count(unchanged, 'unit')} unchanged: folded in their places below"
            if shown_unchanged == unchanged
            else f"{count(unchanged, 'unit')} unchanged: "
            + (
                f"{shown_unchanged} with notes shown, the others left out"
                if shown_unchanged
                else "left out"
            )
        )
        extra.append(h("li", None, text))
    if r.review is not None and r.review.loose:
        extra.append(
            h(
                "li",
                None,
                h("a", {"href": "#loose-notes"}, "Notes not attached"),
                f" — {count(len(r.review.loose), 'note')}",
            )
        )
    table = (
        h(
            "table",
            {"class": "toc"},
            h(
                "thead",
                None,
                h(
                    "tr",
                    None,
                    h("th", {"scope": "col"}, "Unit"),
                    h("th", {"scope": "col"}, "Heading"),
                    h("th", {"scope": "col"}, "What happened"),
                    h("th", {"scope": "col"}, "Printed at"),
                    h("th", {"scope": "col"}, "Notes"),
                ),
            ),
            h("tbody", None, rows),
        )
        if rows
        else h("p", None, "No clause or paragraph changed.")
    )
    return h(
        "nav",
        {"id": "contents", "aria-labelledby": "contents-h"},
        h("h2", {"id": "contents-h"}, "Contents"),
        h("div", {"id": "tools", "class": "tools"}),
        table,
        h("ul", {"class": "toc-extra"}, extra) if extra else None,
    )


def _toc_where(u: UnitChange) -> str:
    """Where the unit is printed now (in the old print, for a removed unit)."""
    if u.new is None and u.old is not None:
        place = position(u.old.page, u.old.line)
        return f"old {place}" if place else ""
    return position(u.side.page, u.side.line)
