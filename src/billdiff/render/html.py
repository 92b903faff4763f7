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
status; the long title; Parts, Chapters, cross-headings and schedules; every
unit in print order — changed ones with their redline and notes, unchanged
ones folded in ``<details>`` (left out with ``only_changed``, unless they
carry a note); for paper only, every placed note again as an endnote under its
number; and the notes that could not be placed (ambiguous, orphaned).

Conventions that survive printing in black and white and copying as text:
deleted words are ``<del>`` (struck through) and inserted words ``<ins>``
(underlined), coloured on top; each carries a "[deleted: …]" / "[inserted:
…]" label in the DOM that is transparent on screen and in print but read by
screen readers and kept by copy and paste and in a PDF's text. A changed unit
has a bar in the margin (solid when it needs a lawyer's eye, dashed for
renumbering and cross-reference or typographic changes only).

Safe by construction: the page is an lxml tree, serialised once. Every
string from a print or a note enters it as a text node or attribute value
through :func:`_text` (control, bidi and non-XML characters spelled out) and
is escaped by the serialiser; notes' Markdown comes in as elements
(:mod:`billdiff.render.note_markdown`). The only markup written as strings is
this package's own stylesheet and script, plus the running header of the
print stylesheet, whose bill-derived text is escaped character by character
(:func:`css_string`). A Content-Security-Policy allows inline styles and the
one script, by its hash, and nothing else: no request of any kind leaves the
page. Everything works with JavaScript off; the script only adds expand/fold
all and a filter, and opens folded units before printing (the print
stylesheet opens them anyway).
"""

from __future__ import annotations

import base64
import hashlib
import re
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, TypeAlias

from lxml import etree
from lxml import html as lxml_html

from billdiff.annotations.review import Require, needs_note
from billdiff.comparison import Comparison, PrintInfo, Status, UnitChange, UnitVersion
from billdiff.render.history import changes_text, grouped, key_text, numbers_of
from billdiff.render.note_markdown import markdown_elements, safe_text
from billdiff.render.notes import note_where
from billdiff.render.text import container_line
from billdiff.textdiff import HunkClass
from billdiff.view import changes as numbering
from billdiff.view import units as describe
from billdiff.view.redline import DEFAULT_CONTEXT, Excerpt, excerpts, spell_spaces
from billdiff.view.summary import CLASS_ORDER, STATUS_ORDER, Summary, summarise
from billdiff.view.words import (
    clip,
    count,
    first_words,
    position,
    print_details,
    print_name,
    title,
    where,
)

if TYPE_CHECKING:
    from billdiff.annotations.review import PlacedNote, Review
    from billdiff.history import History

__all__ = ["content_security_policy", "css_string", "render_html", "script_hash"]

#: Words shown for a deleted or inserted run, before it, in the DOM (see the module docstring).
DELETED_LABEL = "deleted: "
INSERTED_LABEL = "inserted: "

Child: TypeAlias = "str | etree._Element | Iterable[Child] | None"


def _text(value: object) -> str:
    """Any string headed for the page: control, bidi and non-XML characters spelled out."""
    return safe_text(str(value))


def _add(parent: etree._Element, child: Child) -> None:
    """Append text (made safe) or elements to ``parent``, in order."""
    if child is None:
        return
    if isinstance(child, str):
        if not child:
            return
        safe = _text(child)
        if len(parent):
            last = parent[-1]
            last.tail = (last.tail or "") + safe
        else:
            parent.text = (parent.text or "") + safe
    elif isinstance(child, etree._Element):
        parent.append(child)
    else:
        for c in child:
            _add(parent, c)


def h(tag: str, attrs: dict[str, str | None] | None = None, *children: Child) -> etree._Element:
    """An element with ``attrs`` (None values left out; all made safe) and ``children``."""
    e = etree.Element(tag)
    if attrs:
        for name, value in attrs.items():
            if value is not None:
                e.set(name, _text(value))
    for c in children:
        _add(e, c)
    return e


def css_string(text: str) -> str:
    """``text`` as a CSS string literal: every character but ASCII letters and digits is a
    six-digit escape, so nothing in it can end the string, the rule or the ``<style>``."""
    body = "".join(ch if ch.isascii() and ch.isalnum() else f"\\{ord(ch):06x}" for ch in text)
    return f'"{body}"'


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


def _version() -> str:
    # The package is necessarily imported already; asking it keeps this module out of
    # an import of the top-level package (which sits above the renderers).
    return str(getattr(sys.modules.get("billdiff"), "__version__", "unknown"))


# -- options and state -----------------------------------------------------------------------


@dataclass
class _Report:
    comparison: Comparison
    review: Review | None
    ignore: frozenset[HunkClass]
    hide: frozenset[HunkClass]
    only_changed: bool
    context: int | None
    generated: datetime
    summary: Summary
    #: A changes-only report: units whose words did not change, and units folded by
    #: ``hide``, are one line each, on screen and on paper (see :func:`render_html`).
    changes_only: bool = False
    #: The Bill's set of prints, for the lineage table (None: no table).
    history: History | None = None
    #: Note id -> its number in this report (reading order: attached, ambiguous, orphaned).
    numbers: dict[str, int] = field(default_factory=dict)
    #: Unit (by id()) -> its element id.
    ids: dict[int, str] = field(default_factory=dict)
    #: How many markers each note number has had (for unique marker ids).
    markers: dict[int, int] = field(default_factory=dict)
    #: The element ids of every change in reading order (the long title, headings,
    #: units), for the previous/next change links.
    sequence: list[str] = field(default_factory=list)

    def notes_of(self, unit: UnitChange) -> tuple[PlacedNote, ...]:
        return self.review.for_unit(unit) if self.review is not None else ()

    def changed(self, unit: UnitChange) -> bool:
        return unit.changed_after(self.ignore)

    def folded(self, unit: UnitChange) -> bool:
        """A changed unit folded by ``hide``: its only counted changes are hidden classes."""
        if not self.hide or self.notes_of(unit) or not self.changed(unit):
            return False
        if unit.status not in (Status.AMENDED, Status.RENUMBERED):
            return False
        classes = unit.hunk_classes - self.ignore
        return bool(classes) and classes <= self.hide

    def shown(self, unit: UnitChange) -> bool:
        return not self.only_changed or self.changed(unit) or bool(self.notes_of(unit))

    def brief(self, unit: UnitChange) -> bool:
        """In a changes-only report, whether the unit is one line: it changed, carries no
        note, and its words did not change (renumbered or moved) or were folded by
        ``hide``."""
        if not self.changes_only or not self.changed(unit) or self.notes_of(unit):
            return False
        if self.folded(unit):
            return True
        return unit.status in (Status.RENUMBERED, Status.MOVED) and not (
            unit.hunk_classes - self.ignore
        )

    def marker_id(self, number: int) -> str:
        n = self.markers.get(number, 0) + 1
        self.markers[number] = n
        return f"ref-{number}" if n == 1 else f"ref-{number}-{n}"


_SLUG = re.compile(r"[^a-z0-9]+")


def _slug(label: str) -> str:
    return _SLUG.sub("-", label.lower().replace("→", " to ")).strip("-") or "unit"


#: The ids of the report's own sections, which no unit may take.
_SECTION_IDS = frozenset(
    {
        "top",
        "summary",
        "how-to-read",
        "contents",
        "tools",
        "long-title",
        "containers",
        "lineage",
        "changes",
        "endnotes",
        "loose-notes",
    }
)


def _unit_ids(units: Sequence[UnitChange]) -> dict[int, str]:
    out: dict[int, str] = {}
    used: set[str] = set(_SECTION_IDS)
    for u in units:
        base = _slug(u.label + (" removed" if u.new is None else ""))
        slug, n = base, 1
        while slug in used:
            n += 1
            slug = f"{base}-{n}"
        used.add(slug)
        out[id(u)] = slug
    return out


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
    report = _Report(
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
    report.ids = _unit_ids((*comparison.headings, *comparison.units))
    report.sequence = _sequence(report)
    root = h("html", {"lang": "en-GB"}, _head(report), _body(report))
    return str(
        lxml_html.tostring(root, doctype="<!DOCTYPE html>", encoding="unicode", method="html")
    )


def _sequence(r: _Report) -> list[str]:
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


def _steps(r: _Report, uid: str) -> etree._Element | None:
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


def _jump_bar(r: _Report) -> etree._Element:
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
    links.append(("changes", "Clause by clause"))
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


def _bill_title(c: Comparison) -> str:
    return c.new.title or c.old.title or "Bill"


def _prints_line(c: Comparison) -> str:
    return f"{print_name(c.old)} → {print_name(c.new)}"


def _head(r: _Report) -> etree._Element:
    c = r.comparison
    style = h("style")
    running = f"{_bill_title(c)} — {_prints_line(c)}"
    style.text = stylesheet() + "\n@page { @top-left { content: " + css_string(running) + "; } }\n"
    return h(
        "head",
        None,
        h("meta", {"charset": "utf-8"}),
        h("meta", {"http-equiv": "Content-Security-Policy", "content": content_security_policy()}),
        h("meta", {"name": "referrer", "content": "no-referrer"}),
        h("meta", {"name": "viewport", "content": "width=device-width, initial-scale=1"}),
        h("meta", {"name": "generator", "content": f"billdiff {_version()}"}),
        h("title", None, f"{_bill_title(c)}: {_prints_line(c)}"),
        style,
    )


def _body(r: _Report) -> etree._Element:
    js = h("script")
    js.text = script()
    return h(
        "body",
        {"class": "changes-only" if r.changes_only else None},
        h("a", {"class": "skip", "href": "#changes"}, "Skip to the changes"),
        _title_block(r),
        _jump_bar(r),
        h(
            "main",
            None,
            _warnings(r),
            _summary(r),
            _how_to_read(r),
            _contents(r),
            _long_title(r),
            _containers(r),
            _lineage(r),
            _units(r),
            _endnotes(r),
            _loose_notes(r),
        ),
        _footer(r),
        js,
    )


# -- title block -----------------------------------------------------------------------------

_PRINT_ROWS: tuple[tuple[str, str], ...] = (
    ("Stage", "stage"),
    ("Version", "version"),
    ("House", "house"),
    ("Bill number", "bill_number"),
    ("Session", "session"),
    ("Published", "published"),
    ("Lawmaker project", "project_id"),
    ("Format", "format"),
    ("File", "source_path"),
    ("SHA-256", "sha256"),
)


def _info(info: PrintInfo, name: str) -> str:
    value = getattr(info, name)
    if name == "source_path" and value:
        return str(value).replace("\\", "/").rsplit("/", 1)[-1]
    return str(value) if value else "—"


def _title_block(r: _Report) -> etree._Element:
    c = r.comparison
    rows = [
        h(
            "tr",
            None,
            h("th", {"scope": "row"}, label),
            h("td", {"class": "sha" if name == "sha256" else None}, _info(c.old, name)),
            h("td", {"class": "sha" if name == "sha256" else None}, _info(c.new, name)),
        )
        for label, name in _PRINT_ROWS
        if getattr(c.old, name) or getattr(c.new, name)
    ]
    stamp = r.generated.astimezone(UTC)
    options = _options_text(r)
    return h(
        "header",
        {"class": "title-block", "id": "top"},
        h("p", {"class": "kicker"}, "Comparison of two prints"),
        h("h1", None, _bill_title(c)),
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
            h("caption", None, "The two prints compared"),
            h(
                "thead",
                None,
                h(
                    "tr",
                    None,
                    h("td", None),
                    h("th", {"scope": "col"}, "Old print"),
                    h("th", {"scope": "col"}, "New print"),
                ),
            ),
            h("tbody", None, rows),
        ),
        h(
            "p",
            {"class": "made"},
            f"Made by billdiff {_version()} (text normalisation version "
            f"{c.normalisation_version}) on ",
            h("time", {"datetime": stamp.strftime("%Y-%m-%dT%H:%M:%SZ")}, _stamp(stamp)),
            f". {options}" if options else ".",
        ),
        _notes_line(r),
    )


def _stamp(when: datetime) -> str:
    return when.strftime("%-d %B %Y at %H:%M UTC")


def _options_text(r: _Report) -> str:
    parts = []
    if r.ignore:
        parts.append(f"not counting {_names(r.ignore)} changes")
    if r.hide:
        parts.append(f"folding units with only {_names(r.hide)} changes")
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


def _names(classes: Iterable[HunkClass]) -> str:
    order = {c: n for n, c in enumerate(HunkClass)}
    return ", ".join(c.value for c in sorted(classes, key=order.__getitem__))


def _notes_line(r: _Report) -> etree._Element | None:
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


def _warnings(r: _Report) -> etree._Element | None:
    if not r.comparison.warnings:
        return None
    return h(
        "section",
        {"class": "warnings", "aria-label": "Warnings"},
        [h("p", None, h("strong", None, "Warning: "), w) for w in r.comparison.warnings],
    )


# -- summary, legend, contents ---------------------------------------------------------------


def _summary(r: _Report) -> etree._Element:
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


def _how_to_read(r: _Report) -> etree._Element:
    def sample(cls: str, text: str) -> etree._Element:
        return h("span", {"class": f"sample {cls}"}, text)

    items = [
        h(
            "li",
            None,
            sample("sample-del", "struck-through words"),
            " were in the old print and are not in the new one; ",
            sample("sample-ins", "underlined words"),
            " are new. Each deletion and insertion is also labelled “deleted:” or “inserted:” "
            "for screen readers and when the text is copied.",
        ),
        h(
            "li",
            None,
            h("span", {"class": "chg sample-chg"}, "#1"),
            " numbers the changes within a clause or paragraph, as ",
            h("code", None, "billdiff diff"),
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
        h(
            "li",
            None,
            "Places are given as page:line of the printed Bill, “old p6:25, new p6:28” "
            "meaning page 6 line 25 of the old print and page 6 line 28 of the new one.",
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


def _contents(r: _Report) -> etree._Element:
    c = r.comparison
    rows: list[etree._Element] = []
    group = None
    for u in c.units:
        if not r.shown(u) or not (r.changed(u) or r.notes_of(u)):
            continue
        g = _group(u.side)
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
                {"class": _marker_classes(r, u) + (" brief" if r.brief(u) else "")},
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


def _group(version: UnitVersion) -> str:
    """ "Part 2 Offensive weapons", "Schedule 2 — Part 1 Relevant activities"."""
    if version.schedule is not None:
        sched = f"Schedule {version.schedule}" if version.schedule else "The Schedule"
        return f"{sched} — {version.part}" if version.part else sched
    return version.part or ""


def _weighty(r: _Report, u: UnitChange) -> bool:
    return needs_note(u, Require.SUBSTANTIVE, r.ignore)


def _marker_classes(r: _Report, u: UnitChange) -> str:
    if not r.changed(u):
        return "m-none"
    return "m-solid" if _weighty(r, u) else "m-dashed"


# -- long title and containers ---------------------------------------------------------------


def _long_title(r: _Report) -> etree._Element | None:
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


def _containers(r: _Report) -> etree._Element | None:
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
            [[" ", _marker(r, p)] for p in notes] or None,
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


def _lineage(r: _Report) -> etree._Element | None:
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


def _units(r: _Report) -> etree._Element:
    out: list[etree._Element] = []
    group = None
    for u in r.comparison.units:
        if not r.shown(u):
            continue
        g = _group(u.side)
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
        h("h2", {"id": "changes-h"}, "Clause by clause"),
        out,
    )


def _data(r: _Report, u: UnitChange) -> dict[str, str | None]:
    return {
        "id": r.ids[id(u)],
        "data-status": u.status.value if r.changed(u) else "unchanged",
        "data-classes": " ".join(describe.classes(u)) or None,
        "data-weighty": "1" if r.changed(u) and _weighty(r, u) else None,
        "data-notes": str(len(r.notes_of(u))) if r.notes_of(u) else None,
    }


def _brief(r: _Report, u: UnitChange) -> etree._Element:
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
        state += f"; only {_names(u.hunk_classes - r.ignore)} changes: {listed}{more}"
    else:
        state += "; words unchanged"
    attrs = _data(r, u)
    attrs["class"] = f"unit brief changed s-{u.status.value} {_marker_classes(r, u)}"
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


def _unchanged(r: _Report, u: UnitChange) -> etree._Element:
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


def _unit(r: _Report, u: UnitChange) -> etree._Element:
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
        status += f" — folded: only {_names(u.hunk_classes - r.ignore)} changes"
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
            [[" ", _marker(r, p)] for p in whole if p not in quoted] or None,
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
        add_row([_lines(r, drawn, quoted, _ins)], [])
    elif drawn is not None and u.status in (Status.REMOVED, Status.MERGED):
        add_row([_lines(r, drawn, quoted, _del)], [])
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
            _add(heading, [" ", _marker(r, p)])
    leftover = [p for p in notes if p.id not in placed]
    if pending or leftover:  # never drop a note, wherever it is
        add_row([], leftover)

    classes = ["unit", "changed" if changed else "unchanged noted", f"s-{u.status.value}"]
    classes.append(_marker_classes(r, u))
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


def _row(r: _Report, content: Sequence[Child], notes: Sequence[PlacedNote]) -> etree._Element:
    return h(
        "div",
        {"class": "row"},
        h("div", {"class": "col-text"}, content),
        h("div", {"class": "col-notes"}, [_note(r, p) for p in notes]) if notes else None,
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
    r: _Report,
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
                parts.append(_marker(r, p))
            at = hi
        parts.append(line[at:])
        paragraphs.append(h("p", None, wrap(parts) if wrap is not None else parts))
    return h("div", {"class": "text whole" if wrap is not None else "text"}, paragraphs)


def _del(content: Child) -> etree._Element:
    """Deleted words, with their "[deleted: …]" cue (see the module docstring)."""
    return h("del", None, _cue(f"[{DELETED_LABEL}"), content, _cue("]"))


def _ins(content: Child) -> etree._Element:
    """Inserted words, with their "[inserted: …]" cue."""
    return h("ins", None, _cue(f"[{INSERTED_LABEL}"), content, _cue("]"))


def _cue(text: str) -> etree._Element:
    return h("span", {"class": "cue"}, text)


def _draw(
    r: _Report,
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
            _add(run, _del(spell_spaces(p.old)))
        if p.new:
            _add(run, _ins(spell_spaces(p.new)))
        out.append(run)
        if unit is not None and change is not None and r.review is not None:
            for note in r.review.for_change(unit, change):
                out.append(_marker(r, note))
    if excerpt.cut_after:
        out.append(" …")
    return out


# -- notes -----------------------------------------------------------------------------------


def _marker(r: _Report, p: PlacedNote) -> etree._Element:
    n = r.numbers[p.id]
    return h(
        "sup",
        {"class": "noteref"},
        h(
            "a",
            {"href": f"#note-{n}", "id": r.marker_id(n)},
            _cue(" ["),
            f"note {n}",
            _cue("]"),
        ),
    )


def _body_of(text: str) -> list[etree._Element]:
    return markdown_elements(text)


def _note_parts(r: _Report, p: PlacedNote, endnote: bool) -> list[Child]:
    """What a note says, as :func:`billdiff.render.notes.note_block` says it."""
    n = r.numbers[p.id]
    anchor = p.anchor.status.value
    if anchor == "fuzzy":
        anchor += f" (similarity {p.anchor.score:.2f})"
    head: list[Child] = [
        h(
            "a",
            {"class": "note-num", "href": f"#ref-{n}"}
            if p.attached and not endnote
            else {"class": "note-num"},
            f"Note {n}",
        ),
        " ",
        h("span", {"class": f"note-status {p.status}"}, p.status),
        " ",
        h("span", {"class": f"anchor a-{p.anchor.status.value}"}, f"anchor: {anchor}"),
    ]
    lines: list[Child] = [h("p", {"class": "note-head"}, head)]
    where_words = note_where(p)
    if p.attached:
        unit = p.unit
        on: list[Child] = (
            ["On ", _unit_link(r, unit, where_words)] if unit is not None else [where_words]
        )
        if endnote and unit is not None:
            place = where(unit)
            if place:
                on.append(f" ({place})")
        if p.anchor.text is not None:
            on += [": “", h("q", {"class": "quoted"}, clip(p.anchor.text, 90)), "”"]
        lines.append(h("p", {"class": "note-on"}, on))
    target = p.target
    if target is not None and (not p.attached or p.anchor.status.value == "fuzzy"):
        quoted: list[Child] = [": “", clip(target.quote.exact, 70), "”"] if target.quote else []
        lines.append(h("p", {"class": "note-on"}, f"Written on {p.noted_on}", quoted))
    if p.anchor.detail:
        lines.append(h("p", {"class": "note-detail"}, p.anchor.detail))
    lines.append(h("div", {"class": "note-body"}, _body_of(p.text)))
    by: list[Child] = [p.author, ", ", h("time", {"datetime": p.created}, p.created[:10])]
    lines.append(h("p", {"class": "note-by"}, "— ", by, f" · {p.short_id}"))
    if p.tags:
        lines.append(h("p", {"class": "note-tags"}, "Tags: " + ", ".join(p.tags)))
    if p.replies:
        lines.append(
            h(
                "div",
                {"class": "replies"},
                h("p", {"class": "replies-h"}, count(len(p.replies), "reply", "replies")),
                h("ol", None, [_reply(reply) for reply in p.replies]),
            )
        )
    return lines


def _reply(reply: dict[str, object]) -> etree._Element:
    creator = reply.get("creator")
    name = creator.get("name", "unknown") if isinstance(creator, dict) else "unknown"
    body = reply.get("body")
    text = body.get("value", "") if isinstance(body, dict) else ""
    when = str(reply.get("created", ""))
    return h(
        "li",
        None,
        h("div", {"class": "note-body"}, _body_of(str(text))),
        h(
            "p",
            {"class": "note-by"},
            "— ",
            str(name),
            ", ",
            h("time", {"datetime": when}, when[:10]),
        ),
    )


def _unit_link(r: _Report, unit: UnitChange, words: str) -> etree._Element:
    uid = r.ids.get(id(unit))
    return h("a", {"href": f"#{uid}"}, words) if uid else h("span", None, words)


def _note(r: _Report, p: PlacedNote) -> etree._Element:
    n = r.numbers[p.id]
    classes = f"note inline {p.status} a-{p.anchor.status.value}"
    return h(
        "aside",
        {"class": classes, "id": f"note-{n}", "aria-label": f"Note {n}"},
        _note_parts(r, p, endnote=False),
    )


def _loose_notes(r: _Report) -> etree._Element | None:
    if r.review is None or not r.review.loose:
        return None
    groups = []
    for status, heading, words in (
        (
            "ambiguous",
            "Ambiguous",
            "The words these notes are on now occur in more than one place, and the "
            "context cannot tell which is meant.",
        ),
        (
            "orphaned",
            "Orphaned",
            "The unit or the words these notes were written on are no longer in these prints.",
        ),
    ):
        found = [p for p in r.review.loose if p.anchor.status.value == status]
        if found:
            groups.append(h("h3", None, f"{heading} ({len(found)})"))
            groups.append(h("p", None, words))
            groups.extend(_loose(r, p) for p in found)
    return h(
        "section",
        {"id": "loose-notes", "aria-labelledby": "loose-h"},
        h("h2", {"id": "loose-h"}, "Notes not attached to these prints"),
        h(
            "p",
            None,
            "No note is ever dropped: these are shown here, with where they were written, "
            "for a lawyer to re-attach, resolve or delete.",
        ),
        groups,
    )


def _loose(r: _Report, p: PlacedNote) -> etree._Element:
    n = r.numbers[p.id]
    return h(
        "aside",
        {
            "class": f"note loose {p.status} a-{p.anchor.status.value}",
            "id": f"note-{n}",
            "aria-label": f"Note {n}",
        },
        _note_parts(r, p, endnote=False),
    )


def _endnotes(r: _Report) -> etree._Element | None:
    if r.review is None or not r.review.attached:
        return None
    return h(
        "section",
        {"id": "endnotes", "class": "print-only", "aria-labelledby": "endnotes-h"},
        h("h2", {"id": "endnotes-h"}, "Notes"),
        h(
            "ol",
            {"class": "endnotes"},
            [
                h(
                    "li",
                    {"id": f"endnote-{r.numbers[p.id]}", "class": f"note endnote {p.status}"},
                    _note_parts(r, p, endnote=True),
                )
                for p in r.review.attached
            ],
        ),
    )


def _footer(r: _Report) -> etree._Element:
    c = r.comparison
    return h(
        "footer",
        {"class": "colophon"},
        h(
            "p",
            None,
            f"{_bill_title(c)}: {_prints_line(c)}. Made by billdiff {_version()} on "
            f"{_stamp(r.generated.astimezone(UTC))}. ",
            h("a", {"href": "#top"}, "Back to the top"),
        ),
    )
