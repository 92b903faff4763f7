"""The annotated HTML report: one self-contained file to read on screen or on paper.

:func:`render_html` is the one renderer behind ``billdiff export``,
``billdiff diff --format html`` and the terminal UI's export. It says what the
text output says — the same labels, statuses, change numbers, facts and
page:line, all from :mod:`billdiff.view` — and adds, from a
:class:`~billdiff.annotations.review.Review`, every note beside the change it
explains.

The document, top to bottom: a title block that makes the report
reproducible (both prints with stage, House, bill number, session and date,
their files and SHA-256s, the billdiff and normalisation versions, when it
was made and with which options); a note on how to read it; the summary
counts; a table of contents of every changed or annotated unit with its
status; the long title; Parts, Chapters, cross-headings and schedules (each
with its notes); every unit in print order — changed ones with their redline
and notes, unchanged ones folded in ``<details>`` (left out with
``only_changed``, unless they carry a note; with ``changes_only``, a unit whose
words did not change is one line); for paper only, every placed note again as
an endnote under its number; and the notes that could not be placed
(ambiguous, orphaned). On screen a bar of links stays at the top of the window
and every change links to the previous and the next one.

The parts live in their own modules: :mod:`~billdiff.render.html_dom` (building
the tree safely), :mod:`~billdiff.render.html_report` (the report's options and
shared names), :mod:`~billdiff.render.html_front` (title block, summary,
contents) and :mod:`~billdiff.render.html_notes` (the notes); this one puts
them together and draws the units.

Conventions that survive printing in black and white and copying as text:
deleted words are ``<del>`` (struck through) and inserted words ``<ins>``
(underlined), coloured on top; each carries a "[deleted: …]" / "[inserted:
…]" label in the DOM that is transparent on screen and in print but read by
screen readers and kept by copy and paste and in a PDF's text. A changed unit
has a bar in the margin (solid when it needs a lawyer's eye, dashed for
renumbering and cross-reference or typographic changes only).

Safe by construction: the page is an lxml tree, serialised once. Every
string from a print or a note enters it as a text node or attribute value
through :func:`~billdiff.render.html_dom.safe` (control, bidi and non-XML
characters spelled out) and is escaped by the serialiser; notes' Markdown
comes in as elements (:mod:`billdiff.render.note_markdown`). The only markup
written as strings is this package's own stylesheet and script, plus the
running header of the print stylesheet, whose bill-derived text is escaped
character by character (:func:`~billdiff.render.html_dom.css_string`). A
Content-Security-Policy allows inline styles and the one script, by its hash,
and nothing else: no request of any kind leaves the page. Everything works
with JavaScript off; the script only adds expand/fold all and a filter, and
opens folded units before printing (the print stylesheet opens them anyway).
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

from lxml import etree
from lxml import html as lxml_html

from billdiff.comparison import Comparison, Status, UnitChange, UnitVersion
from billdiff.provenance import Source, labels
from billdiff.render.history import changes_text, grouped, key_text, numbers_of
from billdiff.render.html_account import account_section
from billdiff.render.html_dom import (
    Child,
    add,
    css_string,
    deleted,
    h,
    inserted,
)
from billdiff.render.html_front import (
    contents_section,
    how_to_read,
    summary_section,
    title_block,
    warnings_section,
)
from billdiff.render.html_notes import endnotes, loose_notes, marker, note_aside
from billdiff.render.html_report import (
    Report,
    bill_title,
    generator_version,
    group_of,
    made_on,
    marker_classes,
    prints_line,
    unit_ids,
    weighty,
)
from billdiff.render.selection import class_names
from billdiff.render.text import container_line
from billdiff.textdiff import HunkClass
from billdiff.view import changes as numbering
from billdiff.view import units as describe
from billdiff.view.redline import DEFAULT_CONTEXT, Excerpt, excerpts, spell_spaces
from billdiff.view.summary import summarise
from billdiff.view.words import (
    by_unit,
    clip,
    count,
    first_words,
    print_details,
    title,
    where,
)

if TYPE_CHECKING:
    from billdiff.annotations.review import PlacedNote, Review
    from billdiff.history import History

__all__ = ["content_security_policy", "css_string", "render_html", "script_hash"]


# -- the constants: stylesheet, script and policy --------------------------------------------


@cache
def _resource(name: str) -> str:
    text = resources.files("billdiff.render").joinpath(name).read_text(encoding="utf-8")
    # Raw text in <style>/<script>: it must never contain the end of its own element.
    assert "</" not in text, f"{name} must not contain '</'"
    return text


def stylesheet() -> str:
    """The report's stylesheet (``report.css``)."""
    return _resource("report.css")


def script() -> str:
    """The one inline script (``report.js``): expand/fold all, a filter, open before print."""
    return _resource("report.js")


def script_hash() -> str:
    """The CSP source allowing exactly :func:`script` to run."""
    digest = hashlib.sha256(script().encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def content_security_policy() -> str:
    """The Content-Security-Policy every report carries: inline styles, the one script."""
    return (
        "default-src 'none'; style-src 'unsafe-inline'; "
        f"script-src {script_hash()}; base-uri 'none'; form-action 'none'"
    )


# -- the document ----------------------------------------------------------------------------


def render_html(
    comparison: Comparison,
    review: Review | None = None,
    *,
    ignore: Iterable[HunkClass] = frozenset(),
    only_changed: bool = False,
    hide: Iterable[HunkClass] = frozenset(),
    generated: datetime | None = None,
    context: int | None = DEFAULT_CONTEXT,
    history: History | None = None,
    changes_only: bool = False,
) -> str:
    """The report of ``comparison`` (with ``review``'s notes) as one HTML document.

    ``ignore``: change classes that do not count (as ``diff --ignore``); ``hide``: classes
    that still count but whose units are folded; ``only_changed``: leave out unchanged
    units that carry no note; ``generated``: the time shown in the title block (default
    now); ``context``: words of unchanged text around each change (None: whole units);
    ``history``: the Bill's set of prints, shown as a lineage table of every unit;
    ``changes_only``: a report to print that shows what changed and little else — unchanged
    units left out (as ``only_changed``), and each unit whose words did not change
    (renumbered, moved) or whose changes are all of ``hide``'s classes in one line, on
    paper too (on screen it opens to show its words).
    """
    ignored = frozenset(ignore)
    report = Report(
        comparison=comparison,
        review=review,
        ignore=ignored,
        hide=frozenset(hide),
        only_changed=only_changed or changes_only,
        context=context,
        generated=generated or datetime.now(UTC),
        summary=summarise(comparison, ignored),
        history=history,
        changes_only=changes_only,
    )
    if review is not None:
        report.numbers = {p.id: n for n, p in enumerate(review.notes, 1)}
    report.ids = unit_ids((*comparison.headings, *comparison.units))
    report.sequence = _sequence(report)
    root = h("html", {"lang": "en-GB"}, _head(report), _body(report))
    return str(
        lxml_html.tostring(root, doctype="<!DOCTYPE html>", encoding="unicode", method="html")
    )


def _sequence(r: Report) -> list[str]:
    """The ids of what the report shows as a change, in reading order."""
    c = r.comparison
    out = []
    title = c.long_title
    if title is not None and (r.changed(title) or r.notes_of(title)):
        out.append(r.ids[id(title)])
    for k in c.containers:
        heading = c.heading_of(k)
        if heading is not None and (k.changed or r.notes_of(heading)):
            out.append(r.ids[id(heading)])
    out += [r.ids[id(u)] for u in c.units if r.shown(u) and (r.changed(u) or r.notes_of(u))]
    return out


def _steps(r: Report, uid: str) -> etree._Element | None:
    """Links to the previous and next change (on screen only; they work without script)."""
    if uid not in r.sequence:
        return None
    at = r.sequence.index(uid)
    before = r.sequence[at - 1] if at > 0 else "contents"
    after = r.sequence[at + 1] if at + 1 < len(r.sequence) else "top"
    return h(
        "span",
        {"class": "steps screen-only"},
        h("a", {"href": f"#{before}", "rel": "prev"}, "← previous change"),
        " ",
        h(
            "a",
            {"href": f"#{after}", "rel": "next"},
            "next change →" if after != "top" else "top ↑",
        ),
    )


def _jump_bar(r: Report) -> etree._Element:
    """The navigation that stays at the top of the window as the report scrolls (screen
    only): the report's parts, and the first change."""
    c = r.comparison
    links: list[tuple[str, str]] = [
        ("top", "Top"),
        ("summary", "Summary"),
        ("contents", "Contents"),
    ]
    title = c.long_title
    if title is not None and (r.changed(title) or r.notes_of(title)):
        links.append(("long-title", "Long title"))
    if any(k.changed for k in c.containers) or any(
        r.notes_of(x) for k in c.containers if (x := c.heading_of(k)) is not None
    ):
        links.append(("containers", "Parts and headings"))
    links.append(("changes", by_unit(c)))
    if c.account is not None:
        links.append(("amendments", "The amendments"))
    if r.sequence:
        links.append((r.sequence[0], "First change"))
    if r.review is not None and r.review.loose:
        links.append(("loose-notes", "Notes not attached"))
    return h(
        "nav",
        {"class": "jump screen-only", "aria-label": "Jump to"},
        h(
            "ul",
            None,
            [h("li", None, h("a", {"href": f"#{target}"}, words)) for target, words in links],
        ),
    )


def _head(r: Report) -> etree._Element:
    c = r.comparison
    style = h("style")
    running = f"{bill_title(c)} — {prints_line(c)}"
    style.text = stylesheet() + "\n@page { @top-left { content: " + css_string(running) + "; } }\n"
    return h(
        "head",
        None,
        h("meta", {"charset": "utf-8"}),
        h("meta", {"http-equiv": "Content-Security-Policy", "content": content_security_policy()}),
        h("meta", {"name": "referrer", "content": "no-referrer"}),
        h("meta", {"name": "viewport", "content": "width=device-width, initial-scale=1"}),
        h("meta", {"name": "generator", "content": f"billdiff {generator_version()}"}),
        h("title", None, f"{bill_title(c)}: {prints_line(c)}"),
        style,
    )


def _body(r: Report) -> etree._Element:
    js = h("script")
    js.text = script()
    return h(
        "body",
        {"class": "changes-only" if r.changes_only else None},
        h("a", {"class": "skip", "href": "#changes"}, "Skip to the changes"),
        title_block(r),
        _jump_bar(r),
        h(
            "main",
            None,
            warnings_section(r),
            summary_section(r),
            how_to_read(r),
            contents_section(r),
            _long_title(r),
            _containers(r),
            _lineage(r),
            _units(r),
            account_section(r.comparison.account),
            endnotes(r),
            loose_notes(r),
        ),
        _footer(r),
        js,
    )


# -- long title and containers ---------------------------------------------------------------


def _long_title(r: Report) -> etree._Element | None:
    """The long title's redline, its changes numbered and noted like a unit's."""
    title = r.comparison.long_title
    if title is None or not (r.changed(title) or r.notes_of(title)):
        return None
    return h(
        "section",
        {"id": "long-title", "aria-labelledby": "long-title-h"},
        h("h2", {"id": "long-title-h"}, "Long title"),
        _unit(r, title),
    )


def _containers(r: Report) -> etree._Element | None:
    """A line for each Part, Chapter, cross-heading and schedule that changed (or carries a
    note), the notes on it beside it."""
    c = r.comparison
    rows = []
    for k in c.containers:
        heading = c.heading_of(k)
        notes = r.notes_of(heading) if heading is not None else ()
        if not (k.changed or notes):
            continue
        uid = r.ids.get(id(heading)) if heading is not None else None
        line: list[Child] = [
            container_line(k),
            [[" ", marker(r, p)] for p in notes] or None,
            _steps(r, uid) if uid else None,
        ]
        rows.append(
            h(
                "div",
                {"class": "container-change", "id": uid},
                _row(r, [h("p", {"class": "container-line"}, line)], notes),
            )
        )
    if not rows:
        return None
    return h(
        "section",
        {"id": "containers", "aria-labelledby": "containers-h"},
        h("h2", {"id": "containers-h"}, "Parts, Chapters, cross-headings and schedules"),
        rows,
    )


def _lineage(r: Report) -> etree._Element | None:
    """Every clause and schedule paragraph through the Bill's set of prints: its number in
    each, and what happened between each print and the next (as ``billdiff history``)."""
    history = r.history
    if history is None:
        return None
    lineages = [x for x in history.lineages if x.changed or not r.only_changed]
    head = h(
        "tr",
        None,
        [
            h("th", {"scope": "col", "title": name}, str(n))
            for n, name in enumerate(history.names, 1)
        ],
        h("th", {"scope": "col"}, "Heading"),
        h("th", {"scope": "col"}, "What happened"),
    )
    columns = len(history.names) + 2
    rows: list[etree._Element] = []
    for group, x in grouped(lineages):
        if group is not None:
            rows.append(h("tr", {"class": "group"}, h("th", {"colspan": str(columns)}, group)))
        rows.append(
            h(
                "tr",
                None,
                [h("td", {"class": "num"}, number or "—") for number in numbers_of(x)],
                h("td", None, x.latest.heading or first_words(x.latest.text)),
                h("td", None, changes_text(x)),
            )
        )
    return h(
        "section",
        {"id": "lineage", "aria-labelledby": "lineage-h"},
        h("h2", {"id": "lineage-h"}, f"Through {count(len(history.names), 'print')}"),
        h(
            "ol",
            {"class": "prints"},
            [h("li", None, f"{print_details(p)}") for p in history.prints],
        ),
        h("p", None, f"In order {history.order.reason}; {key_text(history)}."),
        h(
            "table",
            {"class": "lineage"},
            h("caption", None, f"{count(len(lineages), 'unit')}, by number in each print"),
            h("thead", None, head),
            h("tbody", None, rows),
        ),
    )


# -- units -----------------------------------------------------------------------------------


def _units(r: Report) -> etree._Element:
    out: list[etree._Element] = []
    group = None
    for u in r.comparison.units:
        if not r.shown(u):
            continue
        g = group_of(u.side)
        if g != group and g:
            out.append(h("p", {"class": "group", "role": "presentation"}, g))
        group = g
        if r.brief(u):
            out.append(_brief(r, u))
        elif r.changed(u) or r.notes_of(u):
            out.append(_unit(r, u))
        else:
            out.append(_unchanged(r, u))
    return h(
        "section",
        {"id": "changes", "aria-labelledby": "changes-h"},
        h("h2", {"id": "changes-h"}, by_unit(r.comparison)),
        out,
    )


def _data(r: Report, u: UnitChange) -> dict[str, str | None]:
    return {
        "id": r.ids[id(u)],
        "data-status": u.status.value if r.changed(u) else "unchanged",
        "data-classes": " ".join(describe.classes(u)) or None,
        "data-weighty": "1" if r.changed(u) and weighty(r, u) else None,
        "data-notes": str(len(r.notes_of(u))) if r.notes_of(u) else None,
    }


def _brief(r: Report, u: UnitChange) -> etree._Element:
    """A unit in one line (a changes-only report): what happened to it, and the changes
    folded away, if any; it opens on screen to show its words, never on paper."""
    place = where(u)
    state = describe.status_text(u)
    facts = describe.facts(u)
    shown = [c for c in numbering.numbered(u) if c.cls not in r.ignore]
    if shown:
        listed = ", ".join(
            f"#{c.number} “{clip(c.hunk.old, 30)}” → “{clip(c.hunk.new, 30)}”" for c in shown[:6]
        )
        more = f" and {len(shown) - 6} more" if len(shown) > 6 else ""
        state += f"; only {class_names(u.hunk_classes - r.ignore)} changes: {listed}{more}"
    else:
        state += "; words unchanged"
    attrs = _data(r, u)
    attrs["class"] = f"unit brief changed s-{u.status.value} {marker_classes(r, u)}"
    return h(
        "details",
        attrs,
        h(
            "summary",
            None,
            h("span", {"class": "label"}, u.label),
            " ",
            h("span", {"class": "heading"}, title(u.side)),
            h(
                "span",
                {"class": "meta"},
                f" — {state}" + "".join(f"; {f}" for f in facts) + (f" · {place}" if place else ""),
            ),
            " ",
            _steps(r, r.ids[id(u)]),
        ),
        _lines(r, u.side, (), None),
    )


def _unchanged(r: Report, u: UnitChange) -> etree._Element:
    """An unchanged unit, folded: its heading in the summary, its words inside."""
    place = where(u)
    ignored = sorted(c.value for c in u.hunk_classes & r.ignore)
    state = "unchanged" + (f" (its {', '.join(ignored)} changes not counted)" if ignored else "")
    attrs = _data(r, u)
    attrs["class"] = "unit unchanged"
    return h(
        "details",
        attrs,
        h(
            "summary",
            None,
            h("span", {"class": "label"}, u.label),
            " ",
            h("span", {"class": "heading"}, title(u.side)),
            h("span", {"class": "meta"}, f" — {state}" + (f" · {place}" if place else "")),
        ),
        _lines(r, u.side, (), None),
    )


def _unit(r: Report, u: UnitChange) -> etree._Element:
    """A changed (or annotated) unit: header, facts, heading and text redlines, notes beside."""
    uid = r.ids[id(u)]
    all_changes = numbering.changes(u)
    notes = r.notes_of(u)
    placed: set[str] = set()
    changed = r.changed(u)

    def row_notes(row_changes: Sequence[numbering.Change]) -> list[PlacedNote]:
        """The notes not yet placed that are on any of ``row_changes``."""
        keys = {(c.field, c.index) for c in row_changes}
        found = []
        for p in notes:
            if p.id in placed or not p.changes:
                continue
            if any((c.field, c.index) in keys for c in p.changes):
                found.append(p)
                placed.add(p.id)
        return found

    # The words drawn whole (added, removed, or no word change): a note on quoted words
    # there is marked on them; other whole-unit notes are marked after the heading.
    drawn = _drawn_whole(u)
    whole = [p for p in notes if not p.changes]
    quoted = [p for p in whole if drawn is not None and _quotes(p, drawn)]
    status = describe.status_text(u) if changed else "unchanged"
    if r.folded(u):
        status += f" — folded: only {class_names(u.hunk_classes - r.ignore)} changes"
    meta: list[Child] = [h("span", {"class": "status"}, status)]
    place = where(u)
    if place:
        meta += [" · ", h("span", {"class": "where"}, place)]
    matched = describe.match_text(u)
    if matched:
        meta += [" · ", h("span", {"class": "matched"}, matched)]
    meta.append(_steps(r, uid))
    header = h(
        "div",
        {"class": "unit-head"},
        h(
            "h3",
            None,
            h("span", {"class": "label"}, u.label),
            " ",
            _heading(u.side),
            [[" ", marker(r, p)] for p in whole if p not in quoted] or None,
        ),
        h("p", {"class": "meta"}, meta),
        _facts(u),
    )
    # Whole-unit notes sit beside the first row of words.
    pending: list[PlacedNote] = list(whole)
    placed.update(p.id for p in whole)
    rows: list[etree._Element] = []

    def add_row(content: Sequence[Child], row: Sequence[PlacedNote]) -> None:
        rows.append(_row(r, content, [*pending, *row]))
        pending.clear()

    if u.heading_diff is not None:
        heading_changes = [c for c in all_changes if c.field is numbering.Field.HEADING]
        numbers = numbering.numbers(all_changes, numbering.Field.HEADING)
        pieces = [
            h(
                "p",
                {"class": "excerpt heading-redline"},
                h("span", {"class": "what"}, "Heading: "),
                _draw(r, e, u, heading_changes, uid),
            )
            for e in excerpts(u.heading_diff, None, numbers)
        ]
        add_row(pieces, row_notes(heading_changes))

    if drawn is not None and u.status in (Status.ADDED, Status.SPLIT):
        add_row([_lines(r, drawn, quoted, inserted)], [])
    elif drawn is not None and u.status in (Status.REMOVED, Status.MERGED):
        add_row([_lines(r, drawn, quoted, deleted)], [])
    elif u.text_diff is not None and u.text_diff.hunks:
        text_changes = [c for c in all_changes if c.field is numbering.Field.TEXT]
        numbers = numbering.numbers(all_changes, numbering.Field.TEXT)
        taken = 0
        for e in excerpts(u.text_diff, r.context, numbers):
            n = sum(1 for p in e.pieces if p.op != "equal")
            mine = text_changes[taken : taken + n]
            taken += n
            add_row([h("p", {"class": "excerpt"}, _draw(r, e, u, mine, uid))], row_notes(mine))
    elif drawn is not None and notes:
        add_row(
            [h("p", {"class": "same"}, "The words are unchanged:"), _lines(r, drawn, quoted, None)],
            [],
        )
    elif drawn is not None:
        add_row(
            [
                h(
                    "details",
                    {"class": "fulltext"},
                    h(
                        "summary",
                        None,
                        "The words are unchanged",
                        h("span", {"class": "screen-only"}, f": show the text of {u.label}"),
                    ),
                    _lines(r, drawn, (), None),
                )
            ],
            [],
        )
    heading = header[0]
    for p in quoted:  # words that could not be found in the lines: mark the heading
        if not r.markers.get(r.numbers[p.id]):
            add(heading, [" ", marker(r, p)])
    leftover = [p for p in notes if p.id not in placed]
    if pending or leftover:  # never drop a note, wherever it is
        add_row([], leftover)

    classes = ["unit", "changed" if changed else "unchanged noted", f"s-{u.status.value}"]
    classes.append(marker_classes(r, u))
    attrs = _data(r, u)
    if r.folded(u):
        classes.append("folded")
    attrs["class"] = " ".join(classes)
    if r.folded(u):
        return h(
            "details",
            attrs,
            h(
                "summary",
                None,
                h("span", {"class": "label"}, u.label),
                " ",
                h("span", {"class": "heading"}, title(u.side)),
                h("span", {"class": "meta"}, f" — {status}" + (f" · {place}" if place else "")),
            ),
            rows,
        )
    return h("article", attrs, header, rows)


def _heading(version: UnitVersion) -> etree._Element:
    """A unit's heading; its first words, set apart, when it has none."""
    if version.heading:
        return h("span", {"class": "heading"}, version.heading)
    return h("span", {"class": "heading first-words"}, title(version))


def _drawn_whole(u: UnitChange) -> UnitVersion | None:
    """The version whose words are drawn whole: an added or removed unit's, or the unit's
    own when its words did not change; None when a redline is drawn."""
    if u.status in (Status.ADDED, Status.SPLIT):
        return u.new
    if u.status in (Status.REMOVED, Status.MERGED):
        return u.old
    if u.text_diff is not None and u.text_diff.hunks:
        return None
    return u.side


def _quotes(p: PlacedNote, version: UnitVersion) -> bool:
    """Whether ``p`` is on quoted words of ``version`` (so they can be marked)."""
    a = p.anchor
    return a.version is version and a.start is not None and a.end is not None and a.end > a.start


def _facts(u: UnitChange) -> etree._Element | None:
    found = describe.facts(u)
    if not found:
        return None
    return h("ul", {"class": "facts"}, [h("li", None, f[0].upper() + f[1:] + ".") for f in found])


def _row(r: Report, content: Sequence[Child], notes: Sequence[PlacedNote]) -> etree._Element:
    return h(
        "div",
        {"class": "row"},
        h("div", {"class": "col-text"}, content),
        h("div", {"class": "col-notes"}, [note_aside(r, p) for p in notes]) if notes else None,
    )


def _line_starts(version: UnitVersion) -> list[int]:
    """Where each of the version's lines starts in its text."""
    if len(version.line_info) == len(version.lines):
        return [info.start for info in version.line_info]
    starts, at = [], 0
    for line in version.lines:
        starts.append(at)
        at += len(line) + 1
    return starts


def _lines(
    r: Report,
    version: UnitVersion,
    quoted: Sequence[PlacedNote],
    wrap: Callable[[list[Child]], etree._Element] | None,
) -> etree._Element:
    """A version's words, one paragraph per line, each line wrapped (inserted or deleted)
    or plain; the words each of ``quoted`` is on are marked, its marker after them."""
    spans = sorted(
        ((p.anchor.start or 0, p.anchor.end or 0, p) for p in quoted), key=lambda s: (s[0], s[1])
    )
    paragraphs = []
    for line, start in zip(version.lines, _line_starts(version), strict=True):
        parts: list[Child] = []
        at = 0
        end_of_line = len(line)
        for a, b, p in spans:
            lo, hi = max(a - start, at), min(b - start, end_of_line)
            if hi <= lo:
                continue
            parts.append(line[at:lo])
            parts.append(h("mark", {"class": "quote"}, line[lo:hi]))
            if b - start <= end_of_line + 1:  # ends here (or at the space after it)
                parts.append(marker(r, p))
            at = hi
        parts.append(line[at:])
        paragraphs.append(h("p", None, wrap(parts) if wrap is not None else parts))
    return h("div", {"class": "text whole" if wrap is not None else "text"}, paragraphs)


def _draw(
    r: Report,
    excerpt: Excerpt,
    unit: UnitChange | None,
    changes: Sequence[numbering.Change] | None,
    uid: str | None = None,
) -> list[Child]:
    """One excerpt as text and elements: as :func:`~billdiff.view.redline.draw` draws it."""
    out: list[Child] = ["… "] if excerpt.cut_before else []
    k = 0
    for p in excerpt.pieces:
        if p.op == "equal":
            out.append(p.old)
            continue
        change = changes[k] if changes is not None and k < len(changes) else None
        k += 1
        if p.number is not None:
            attrs = {"class": "chg", "id": f"{uid}-c{p.number}" if uid else None}
            out.append(h("span", attrs, f"#{p.number}"))
        kind = f"change k-{p.cls}" if p.cls else "change"
        if not p.old.strip() and not p.new.strip():
            kind += " spacing"
        run = h("span", {"class": kind, "title": "spacing only" if "spacing" in kind else None})
        if p.old:
            add(run, deleted(spell_spaces(p.old)))
        if p.new:
            add(run, inserted(spell_spaces(p.new)))
        out.append(run)
        if p.last_of_source:
            out.append(_source_link(r, p.sources))
        if unit is not None and change is not None and r.review is not None:
            for note in r.review.for_change(unit, change):
                out.append(marker(r, note))
    if excerpt.cut_after:
        out.append(" …")
    return out


def _source_link(r: Report, sources: Sequence[Source]) -> etree._Element:
    """ "[words substituted by s. 6(2)]", linked to that amendment's words below."""
    target = next((s.eid for s in sources if s.eid and s.eid in r.amendment_ids), None)
    attrs = {"class": "source", "href": f"#am-{target}" if target else None}
    return h("a" if target else "span", attrs, f" [{labels(tuple(sources))}] ")


# -- notes -----------------------------------------------------------------------------------


def _footer(r: Report) -> etree._Element:
    c = r.comparison
    return h(
        "footer",
        {"class": "colophon"},
        h(
            "p",
            None,
            f"{bill_title(c)}: {prints_line(c)}. Made by billdiff {generator_version()} on "
            f"{made_on(r.generated.astimezone(UTC))}. ",
            h("a", {"href": "#top"}, "Back to the top"),
        ),
    )
