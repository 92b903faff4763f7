"""The annotated comparison as a Word document with real tracked changes and notes as comments.

:func:`render_docx` is ``billdiff export --format docx``. It says what the HTML
report says — the same labels, statuses, change numbers, facts, page:line and
summary, all from :mod:`billdiff.view`, and the same notes, placed by the
review core (:mod:`billdiff.annotations.review`) — as a document a colleague
can accept, reject and comment on in Word:

* every changed unit's words whole, one paragraph per line of the print, with
  real tracked changes (``w:ins``/``w:del``, author ``billdiff`` or the one
  asked for, dated the new print's publication date; line breaks that only
  one print has are tracked paragraph marks), so that *Accept All* gives the
  new print's words and *Reject All* the old print's, unit by unit
  (:mod:`billdiff.render.docx_redline`);
* before each change a label in the character style “Change Label” — its
  number and class, ``[#1 substantive]`` — so the kind of change shows
  without colour, as the HTML report's labels do;
* every note as a Word comment on the words of the change it explains (on
  the quoted words of a note on words, on the unit's heading for a note on
  the whole unit), with the note's author and date, its replies as replies
  (``commentsExtended.xml``, ``w15:paraIdParent``) and resolved notes marked
  done; notes that could not be placed (ambiguous, orphaned) are comments on
  their own entries in a section of their own, never dropped;
* Parts as Heading 2 and units as Heading 3 under Heading 1 sections, so
  Word's navigation pane is the table of contents; a title page with both
  prints' metadata and SHA-256s; the summary; units whose words did not
  change folded to one line each ("clause 6 → 7 Grooming — renumbered; words
  unchanged").

Built with python-docx (document, styles, tables, comments) and lxml elements
for the runs, tracked changes and comment ranges: every string enters the
document as an element's text or an attribute value, with the characters
XML 1.0 cannot hold and bidi controls spelled out (``⟨U+202E⟩``). No Word or
LibreOffice is needed to make it.
"""

from __future__ import annotations

import io
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.shared import Pt
from lxml import etree

from billdiff.comparison import Comparison, UnitChange, UnitVersion
from billdiff.provenance import labels
from billdiff.render.docx_redline import (
    COMMENT_REFERENCE_STYLE,
    LABEL_STYLE,
    Edit,
    Event,
    RangeEnd,
    RangeStart,
    Revisions,
    Span,
    Text,
    line_breaks,
    paragraph,
    paragraphs,
    redline,
    run,
    w,
    xml_text,
)
from billdiff.render.history import changes_text, grouped, key_text, numbers_of
from billdiff.render.note_markdown import markdown_elements
from billdiff.render.selection import Selection, class_names
from billdiff.render.text import container_line
from billdiff.textdiff import HunkClass
from billdiff.view import changes as numbering
from billdiff.view import units as describe
from billdiff.view.summary import CLASS_ORDER, STATUS_ORDER, Summary, summarise
from billdiff.view.words import (
    PRINT_FIELDS,
    by_unit,
    count,
    first_words,
    print_details,
    print_field,
    print_name,
    report_names,
    title,
    unit_noun,
    where,
)

if TYPE_CHECKING:
    from docx.document import Document as DocumentObject

    from billdiff.annotations.review import PlacedNote, Review
    from billdiff.history import History

__all__ = ["DEFAULT_AUTHOR", "bookmark_names", "render_docx"]

#: The author of the tracked changes unless another is asked for.
DEFAULT_AUTHOR = "billdiff"

W14_NS = "http://schemas.microsoft.com/office/word/2010/wordml"
W15_NS = "http://schemas.microsoft.com/office/word/2012/wordml"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
COMMENTS_EXTENDED_TYPE = (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.commentsExtended+xml"
)
COMMENTS_EXTENDED_RELATIONSHIP = (
    "http://schemas.microsoft.com/office/2011/relationships/commentsExtended"
)

# The ids of the paragraph styles this document adds (see _styles).
BILL_TEXT = "BillText"
UNIT_META = "UnitMeta"
FOLDED = "FoldedUnit"
NOTE_ENTRY = "NoteEntry"
COMMENT_TEXT = "CommentText"


def _version() -> str:
    # As in the HTML renderer: ask the package already imported, never import it from here.
    return str(getattr(sys.modules.get("billdiff"), "__version__", "unknown"))


def _iso(value: str | None) -> str | None:
    """An xsd:dateTime in UTC for an ISO date or date-time ("2025-04-24", a note's
    "2026-11-25T15:44:22Z"), or None if it is neither."""
    if not value:
        return None
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


_BOOKMARK = re.compile(r"[^A-Za-z0-9]+")


def bookmark_names(units: Sequence[UnitChange]) -> dict[int, str]:
    """Each unit's bookmark (keyed by ``id(unit)``) around its words: ``clause_16_to_15``.

    Word's rules: letters, digits and underscores, a letter first, at most 40 characters.
    """
    out: dict[int, str] = {}
    used: set[str] = set()
    for u in units:
        label = u.label.replace("→", " to ") + (" removed" if u.new is None else "")
        base = _BOOKMARK.sub("_", label).strip("_")[:34] or "unit"
        if not base[0].isalpha():
            base = "u_" + base[:32]
        name, n = base, 1
        while name.lower() in used:
            n += 1
            name = f"{base}_{n}"
        used.add(name.lower())
        out[id(u)] = name
    return out


def _initials(name: str) -> str:
    return "".join(part[0] for part in name.split() if part[:1].isalpha())[:3].upper()


# -- the notes, as comment threads -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Thread:
    """A note as Word comments: its number in the document, the note's comment id, then
    its replies' ids."""

    number: int
    ids: tuple[int, ...]


@dataclass
class _Report(Selection):
    comparison: Comparison
    generated: datetime
    summary: Summary
    revisions: Revisions
    history: History | None
    doc: DocumentObject
    threads: dict[str, _Thread] = field(default_factory=dict)
    bookmarks: dict[int, str] = field(default_factory=dict)
    next_bookmark: int = 0

    def whole(self, unit: UnitChange) -> bool:
        """Whether the unit's words are in the document (else it is one line)."""
        if self.notes_of(unit):
            return True
        return self.changed(unit) and not self.folded(unit) and _words_changed(unit)

    def ids(self, p: PlacedNote) -> tuple[int, ...]:
        """The comment ids of a note and its replies."""
        return self.threads[p.id].ids

    def add(self, *elements: etree._Element | None) -> None:
        """Append block elements to the document's body (before its section properties)."""
        body = self.doc.element.body
        end = body.find(w("sectPr"))
        for e in elements:
            if e is None:
                continue
            if end is not None:
                end.addprevious(e)
            else:
                body.append(e)

    def bookmark(self, name: str, first: etree._Element, last: etree._Element) -> None:
        """A bookmark from the start of paragraph ``first`` to the end of ``last``."""
        self.next_bookmark += 1
        start = etree.Element(w("bookmarkStart"))
        start.set(w("id"), str(self.next_bookmark))
        start.set(w("name"), name)
        props = first.find(w("pPr"))
        if props is not None:
            props.addnext(start)
        else:
            first.insert(0, start)
        etree.SubElement(last, w("bookmarkEnd")).set(w("id"), str(self.next_bookmark))


def _words_changed(u: UnitChange) -> bool:
    """Whether the unit's words or heading differ between the prints (or it is in one only)."""
    if u.old is None or u.new is None:
        return True
    return any(d is not None and d.hunks for d in (u.text_diff, u.heading_diff))


# -- the document ------------------------------------------------------------------------------


def render_docx(
    comparison: Comparison,
    review: Review | None = None,
    *,
    ignore: Iterable[HunkClass] = frozenset(),
    only_changed: bool = False,
    hide: Iterable[HunkClass] = frozenset(),
    generated: datetime | None = None,
    author: str = DEFAULT_AUTHOR,
    history: History | None = None,
) -> bytes:
    """The comparison (with ``review``'s notes) as a .docx file's bytes.

    ``ignore``, ``hide``, ``only_changed``, ``generated`` and ``history`` as for
    :func:`billdiff.render.html.render_html`; ``author``: who the tracked changes are by.
    """
    ignored = frozenset(ignore)
    doc = Document()
    r = _Report(
        comparison=comparison,
        review=review,
        ignore=ignored,
        hide=frozenset(hide),
        only_changed=only_changed,
        generated=generated or datetime.now(UTC),
        summary=summarise(comparison, ignored),
        revisions=Revisions(author or DEFAULT_AUTHOR, _iso(comparison.new.published)),
        history=history,
        doc=doc,
    )
    # Units first: their bookmarks keep their own names; a heading sharing one gets "_2".
    r.bookmarks = bookmark_names((*comparison.units, *comparison.headings))
    _styles(doc)
    _properties(r)
    _running_head(r)
    if review is not None:
        _threads(r, review)
    _title_page(r)
    _warnings(r)
    _summary(r)
    _how_to_read(r)
    _long_title(r)
    _containers(r)
    _lineage(r)
    _units(r)
    _account(r)
    _loose_notes(r)
    if review is not None:
        _comments_extended(r, review)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _bill_title(c: Comparison) -> str:
    return c.new.title or c.old.title or "Bill"


def _prints_line(c: Comparison) -> str:
    return f"{print_name(c.old)} → {print_name(c.new)}"


def _styles(doc: DocumentObject) -> None:
    """The styles the document uses beyond the template's headings, lists and tables."""
    styles = doc.styles
    normal = styles["Normal"]

    def add(style_id: str, name: str, kind: WD_STYLE_TYPE) -> Any:
        style = styles.add_style(name, kind)
        style.style_id = style_id
        if kind is WD_STYLE_TYPE.PARAGRAPH:
            style.base_style = normal
        return style

    bill = add(BILL_TEXT, "Bill Text", WD_STYLE_TYPE.PARAGRAPH)
    bill.paragraph_format.left_indent = Pt(18)
    bill.paragraph_format.space_after = Pt(3)
    meta = add(UNIT_META, "Unit Details", WD_STYLE_TYPE.PARAGRAPH)
    meta.font.italic = True
    meta.font.size = Pt(9)
    meta.paragraph_format.space_after = Pt(2)
    folded = add(FOLDED, "Folded Unit", WD_STYLE_TYPE.PARAGRAPH)
    folded.font.size = Pt(9)
    folded.paragraph_format.space_after = Pt(1)
    entry = add(NOTE_ENTRY, "Note Entry", WD_STYLE_TYPE.PARAGRAPH)
    entry.paragraph_format.left_indent = Pt(18)
    label = add(LABEL_STYLE, "Change Label", WD_STYLE_TYPE.CHARACTER)
    label.font.bold = True
    label.font.size = Pt(8)
    label.font.small_caps = True
    comment = add(COMMENT_TEXT, "annotation text", WD_STYLE_TYPE.PARAGRAPH)
    comment.font.size = Pt(10)
    reference = add(COMMENT_REFERENCE_STYLE, "annotation reference", WD_STYLE_TYPE.CHARACTER)
    reference.font.size = Pt(8)


def _properties(r: _Report) -> None:
    props = r.doc.core_properties
    c = r.comparison
    props.title = xml_text(f"{_bill_title(c)}: {_prints_line(c)}")
    props.subject = report_names(c).kind
    props.author = "billdiff"
    props.last_modified_by = "billdiff"
    props.comments = xml_text(f"Made by billdiff {_version()}")
    props.keywords = ""
    props.category = ""
    props.created = r.generated.astimezone(UTC).replace(tzinfo=None)
    props.modified = r.generated.astimezone(UTC).replace(tzinfo=None)
    props.last_printed = r.generated.astimezone(UTC).replace(tzinfo=None)
    props.revision = 1


def _running_head(r: _Report) -> None:
    """The Bill and both prints at the top of every page; the page number at the foot."""
    section = r.doc.sections[0]
    head = section.header.paragraphs[0]._p
    head.append(run(f"{_bill_title(r.comparison)} — {_prints_line(r.comparison)}"))
    foot = section.footer.paragraphs[0]._p
    foot.append(run("Page "))
    page = etree.SubElement(foot, w("fldSimple"))
    page.set(w("instr"), "PAGE")
    page.append(run("1"))


def _bold(text: str) -> etree._Element:
    """A run of bold text."""
    r = run(text)
    props = etree.Element(w("rPr"))
    etree.SubElement(props, w("b"))
    r.insert(0, props)
    return r


def _para(text: str = "", style: str | None = None, bold: str | None = None) -> etree._Element:
    """A paragraph of plain text (``bold`` first, in bold)."""
    p = paragraph(style)
    if bold:
        p.append(_bold(bold))
    if text:
        p.append(run(text))
    return p


def _heading(text: str, level: int) -> etree._Element:
    return _para(text, f"Heading{level}")


def _table(r: _Report, rows: Sequence[Sequence[str]], header: bool = True) -> None:
    """A bordered table of plain text (the first row bold when ``header``)."""
    table = r.doc.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = r.doc.styles["Table Grid"]
    for i, values in enumerate(rows):
        for cell, value in zip(table.rows[i].cells, values, strict=True):
            p = cell.paragraphs[0]._p
            if header and i == 0:
                p.append(_bold(value))
            else:
                p.append(run(value))


# -- title page --------------------------------------------------------------------------------


def _title_page(r: _Report) -> None:
    c = r.comparison
    names = report_names(c)
    left, right = names.sides
    r.add(
        _para(names.kind, "Subtitle"),
        _para(_bill_title(c), "Title"),
        _para(f"{print_details(c.old)} → {print_details(c.new)}"),
    )
    rows = [["", *names.columns]]
    rows += [
        [label, print_field(left, name), print_field(right, name)]
        for label, name in PRINT_FIELDS
        if getattr(left, name) or getattr(right, name)
    ]
    _table(r, rows)
    stamp = r.generated.astimezone(UTC).strftime("%-d %B %Y at %H:%M UTC")
    made = (
        f"Made by billdiff {_version()} (text normalisation version "
        f"{c.normalisation_version}) on {stamp}."
    )
    options = _options_text(r)
    r.add(_para(made + (f" {options}" if options else "")), _para(_notes_line(r)))
    page_break = paragraph()
    etree.SubElement(etree.SubElement(page_break, w("r")), w("br")).set(w("type"), "page")
    r.add(page_break)


def _options_text(r: _Report) -> str:
    parts = r.option_words()
    if r.only_changed:
        parts.append("unchanged units without notes left out")
    if r.revisions.author != DEFAULT_AUTHOR:
        parts.append(f"tracked changes by {r.revisions.author}")
    return ("Options: " + "; ".join(parts) + ".") if parts else ""


def _notes_line(r: _Report) -> str:
    if r.review is None:
        return "No notes file was given: this document has no notes."
    counts = r.review.counts()
    total = sum(counts.values())
    if not total:
        return "The notes file has no notes."
    parts = ", ".join(f"{n} {status}" for status, n in counts.items() if n)
    resolved = sum(1 for p in r.review.notes if p.resolved)
    return f"{count(total, 'note')} ({parts}); {resolved} resolved, {total - resolved} open."


def _warnings(r: _Report) -> None:
    for text in r.comparison.warnings:
        r.add(_para(text, bold="Warning: "))


# -- summary and how to read -------------------------------------------------------------------


def _summary(r: _Report) -> None:
    s = r.summary
    r.add(_heading("Summary", 1), _para(s.line()))
    if r.comparison.account is not None:
        r.add(_para(r.comparison.account.summary))
    statuses = [k for k in STATUS_ORDER if k in s.statuses]
    statuses += sorted(k for k in s.statuses if k not in STATUS_ORDER)
    classes = [k for k in CLASS_ORDER if k in s.classes]
    classes += sorted(k for k in s.classes if k not in CLASS_ORDER)
    r.add(_para("Units by what happened to them"))
    _table(
        r,
        [["What happened", "Units"]]
        + [[k, str(s.statuses[k])] for k in statuses]
        + [["changed", str(s.changed)], ["unchanged", str(s.units - s.changed)]],
    )
    r.add(_para("Units with word changes, by kind"))
    _table(
        r,
        [["Kind of change", "Units"]]
        + [[k, str(s.classes[k])] for k in classes]
        + [
            ["Parts and headings changed", str(s.containers)],
            ["long title amended", str(int(s.long_title))],
        ],
    )


def _how_to_read(r: _Report) -> None:
    revisions = r.revisions
    keeling = r.comparison.account is not None
    noun = unit_noun(r.comparison)
    dated = f", dated {r.comparison.new.published}" if revisions.date else ""
    items = [
        f"The words of each changed {noun} or paragraph are shown whole, one paragraph per "
        + (
            f"provision, with tracked changes by “{revisions.author}”: words of the Act the "
            "Bill omits or replaces are struck through and the words it inserts underlined. "
            "Accept All gives the Act as the Bill would amend it, Reject All the Act as it "
            "stands."
            if keeling
            else f"line of the print, with tracked changes by “{revisions.author}”{dated} (the "
            "new print's publication date): deleted words are struck through and inserted "
            "words underlined. Accept All gives the new print's words, Reject All the old "
            "print's."
        ),
        "A label before each change gives its number within the unit, as billdiff "
        + ("keeling" if keeling else "diff")
        + " numbers them (and as billdiff notes add --change N uses), and its kind: "
        "substantive; xref, a cross-reference that follows the renumbering; relettering, a "
        "sub-provision's letter or number that follows an insertion or removal; "
        "typographic, quote marks, dashes or spaces; spacing, a change of spacing only"
        + (
            "; then the provision of the Bill that makes it, in legislation.gov.uk's words "
            "for the effect (“words substituted by s. 5(2)(a)”), listed with its words under "
            "“The amendments” at the end. "
            if keeling
            else ". "
        )
        + "The labels are not the Bill's words: they are in the character style “Change "
        "Label”, which Find and Replace can remove all at once.",
        *(
            ()
            if keeling
            else (
                "Places are given as page:line of the printed Bill, “old p6:25, new p6:28” "
                "meaning page 6 line 25 of the old print and page 6 line 28 of the new one.",
            )
        ),
        f"{noun.capitalize()}s and paragraphs whose words did not change are one line each, "
        "with what happened to them.",
    ]
    if r.review is not None and r.review.notes:
        items.append(
            "Each lawyer's note is a comment on the words of the change it explains, or on "
            "a unit's heading when it is about the whole unit; replies are replies, and "
            "resolved notes are marked done. A note's anchor says how it was found in these "
            "prints: exact, moved (the unit was renumbered or moved), fuzzy (the words were "
            "edited since), ambiguous or orphaned; the last two are listed at the end."
        )
    r.add(
        _heading("How to read this document", 1),
        *[_para(item, "ListBullet") for item in items],
    )


# -- a Keeling schedule's amendments -----------------------------------------------------------


def _account(r: _Report) -> None:
    """Every amendment of a Keeling schedule, what became of it, and the provisions that
    are not amendments (as the HTML report's table)."""
    account = r.comparison.account
    if account is None:
        return
    r.add(_heading("The amendments", 1), _para(account.summary))
    rows = [["Provision", "Its words", "Effect", "Applied"]]
    for a in account.amendments:
        effect = f"{a.effect} ({', '.join(x or '—' for x in a.affected)})"
        rows.append(
            [a.citation, a.words, effect, "applied" if a.applied else f"not applied: {a.reason}"]
        )
    rows += [[p.citation, p.words, "—", f"not read: {p.reason}"] for p in account.unread]
    _table(r, rows)
    if account.not_amendments:
        r.add(_heading("Not amendments", 2))
        r.add(
            *[
                _para(f" ({p.reason}): {p.words}", "ListBullet", bold=p.citation)
                for p in account.not_amendments
            ]
        )


# -- long title, containers, lineage -----------------------------------------------------------


def _labelled_edits(
    hunks: Sequence[Any], all_changes: Sequence[numbering.Change] | None, field: numbering.Field
) -> list[Edit]:
    """An :class:`Edit` per hunk, labelled with its number and class."""
    out = []
    for index, hunk in enumerate(hunks):
        change = numbering.find(all_changes, field, index) if all_changes is not None else None
        cls = "spacing" if numbering.spacing_only(hunk) else hunk.cls.value
        number = change.number if change is not None else None
        what = f"{cls}; {labels(hunk.sources)}" if hunk.sources else cls
        label = f"[#{number} {what}] " if number is not None else f"[{what}] "
        out.append(Edit(hunk.old_start, hunk.old_end, hunk.new_start, hunk.new_end, label=label))
    return out


def _long_title(r: _Report) -> None:
    """The long title's redline, its changes numbered and its notes commented, as a unit's."""
    title = r.comparison.long_title
    if title is None or not (r.changed(title) or r.notes_of(title)):
        return
    r.add(_heading("Long title", 1))
    _unit(r, title)


def _containers(r: _Report) -> None:
    """A line for each Part, Chapter, cross-heading and schedule that changed or carries a
    note, the note a comment on its line."""
    c = r.comparison
    lines = []
    for k in c.containers:
        heading = c.heading_of(k)
        notes = r.notes_of(heading) if heading is not None else ()
        if not (k.changed or notes):
            continue
        ids = [n for p in notes for n in r.ids(p)]
        events: list[Event] = [RangeStart(n) for n in ids]
        events.append(Text("equal", container_line(k)))
        events += [RangeEnd(n) for n in ids]
        lines += paragraphs(events, "ListBullet", r.revisions)
    if lines:
        r.add(_heading("Parts, Chapters, cross-headings and schedules", 1), *lines)


def _lineage(r: _Report) -> None:
    history = r.history
    if history is None:
        return
    lineages = [x for x in history.lineages if x.changed or not r.only_changed]
    r.add(_heading(f"Through {count(len(history.names), 'print')}", 1))
    r.add(*[_para(f"{n}. {print_details(p)}") for n, p in enumerate(history.prints, 1)])
    r.add(_para(f"In order {history.order.reason}; {key_text(history)}."))
    rows = [[str(n) for n in range(1, len(history.names) + 1)] + ["Heading", "What happened"]]
    for group, x in grouped(lineages):
        if group is not None:
            rows.append([group] + [""] * (len(history.names) + 1))
        rows.append(
            [number or "—" for number in numbers_of(x)]
            + [x.latest.heading or first_words(x.latest.text), changes_text(x)]
        )
    _table(r, rows)


# -- units -------------------------------------------------------------------------------------


def _units(r: _Report) -> None:
    r.add(_heading(by_unit(r.comparison), 1))
    group = None
    for u in r.comparison.units:
        if not r.shown(u):
            continue
        g = describe.group(u.side)
        if g != group and g:
            r.add(_heading(g, 2))
        group = g
        if r.whole(u):
            _unit(r, u)
        else:
            r.add(_para(_one_line(r, u), FOLDED))


def _one_line(r: _Report, u: UnitChange) -> str:
    """A unit whose words are not shown: "clause 6 → 7 Grooming — renumbered; words
    unchanged · old p3:1, new p3:4"."""
    if not r.changed(u):
        ignored = sorted(c.value for c in u.hunk_classes & r.ignore)
        what = "unchanged" + (f" (its {', '.join(ignored)} changes not counted)" if ignored else "")
    elif r.folded(u):
        what = f"{describe.status_text(u)} — folded: only {class_names(u.hunk_classes - r.ignore)}"
        what += " changes"
    else:
        what = "; ".join([describe.status_text(u), *describe.facts(u), "words unchanged"])
    place = where(u)
    return f"{u.label} {title(u.side)} — {what}" + (f" · {place}" if place else "")


def _starts(version: UnitVersion | None) -> list[int]:
    """Where each line of the version starts in its text (its lines joined by spaces)."""
    out, at = [], 0
    for line in version.lines if version is not None else ():
        out.append(at)
        at += len(line) + 1
    return out


def _unit(r: _Report, u: UnitChange) -> None:
    """A unit with its words: heading (with its own redline), details, words, comments."""
    all_changes = numbering.changes(u)
    notes = r.notes_of(u)
    on_heading: list[int] = []
    by_change: dict[tuple[numbering.Field, int], tuple[list[int], list[int]]] = {}
    spans: list[Span] = []
    for p in notes:
        ids = r.ids(p)
        fields = {c.field for c in p.changes}
        if len(fields) == 1:
            indices = sorted(c.index for c in p.changes)
            (field_,) = fields
            by_change.setdefault((field_, indices[0]), ([], []))[0].extend(ids)
            by_change.setdefault((field_, indices[-1]), ([], []))[1].extend(ids)
            continue
        span = _span(p, u, ids)
        if span is not None:
            spans.append(span)
        else:
            on_heading.extend(ids)

    heading: list[Event] = [RangeStart(c) for c in on_heading]
    heading.append(Text("equal", f"{u.label} "))
    heading += _heading_events(u, all_changes, by_change)
    heading += [RangeEnd(c) for c in on_heading]
    r.add(*paragraphs(heading, "Heading3", r.revisions))

    details = [describe.status_text(u) if r.changed(u) else "unchanged"]
    place = where(u)
    if place:
        details.append(place)
    matched = describe.match_text(u)
    if matched:
        details.append(matched)
    r.add(_para(" · ".join(details), UNIT_META))
    r.add(*[_para(f[0].upper() + f[1:] + ".", UNIT_META) for f in describe.facts(u)])

    old, new = u.old, u.new
    old_text = old.text if old is not None else ""
    new_text = new.text if new is not None else ""
    if u.text_diff is not None:
        edits = _labelled_edits(u.text_diff.hunks, all_changes, numbering.Field.TEXT)
        edits = [
            _with_notes(e, by_change.get((numbering.Field.TEXT, i))) for i, e in enumerate(edits)
        ]
    elif old_text == new_text:
        edits = []
    else:  # in one print only (or, were there no diff, rewritten whole)
        edits = [Edit(0, len(old_text), 0, len(new_text))]
    events = redline(
        old_text,
        new_text,
        edits,
        line_breaks(_starts(old)),
        line_breaks(_starts(new)),
        spans,
    )
    words = paragraphs(events, BILL_TEXT, r.revisions)
    r.bookmark(r.bookmarks[id(u)], words[0], words[-1])
    r.add(*words)


def _with_notes(edit: Edit, notes: tuple[list[int], list[int]] | None) -> Edit:
    if notes is None:
        return edit
    starts, ends = notes
    return Edit(
        edit.old_start,
        edit.old_end,
        edit.new_start,
        edit.new_end,
        edit.label,
        tuple(starts),
        tuple(ends),
    )


def _heading_events(
    u: UnitChange,
    all_changes: Sequence[numbering.Change],
    by_change: dict[tuple[numbering.Field, int], tuple[list[int], list[int]]],
) -> list[Event]:
    """The unit's heading: its own redline, whole if in one print, else as it is."""
    d = u.heading_diff
    if d is not None and d.hunks:
        edits = _labelled_edits(d.hunks, all_changes, numbering.Field.HEADING)
        edits = [
            _with_notes(e, by_change.get((numbering.Field.HEADING, i))) for i, e in enumerate(edits)
        ]
        return redline(d.old, d.new, edits)
    old = u.old.heading if u.old is not None else None
    new = u.new.heading if u.new is not None else None
    if old or new:
        before, after = old or "", new or ""
        if before == after:
            return [Text("equal", before)]
        return redline(before, after, [Edit(0, len(before), 0, len(after))])
    return [Text("equal", first_words(u.side.text))]


def _span(p: PlacedNote, u: UnitChange, ids: tuple[int, ...]) -> Span | None:
    """The quoted words a note not on any change is on, if it quotes words of the unit."""
    a = p.anchor
    version = a.version
    if a.side is None or a.start is None or a.end is None or version is None:
        return None
    if version is not u.old and version is not u.new:
        return None
    if not 0 <= a.start < a.end <= len(version.text):
        return None
    return Span(a.side.value, a.start, a.end, ids)


# -- notes -------------------------------------------------------------------------------------


def _threads(r: _Report, review: Review) -> None:
    """A comment for every note and reply, numbered as the HTML report numbers notes."""
    comments = r.doc.comments
    comments_root = comments._comments_elm
    comments_root.set(f"{{{MC_NS}}}Ignorable", "w14")
    for n, p in enumerate(review.notes, 1):
        ids = [_comment(r, p.author, p.created, _note_head(p, n), p.text)]
        for reply in p.replies:
            creator = reply.get("creator")
            name = creator.get("name") if isinstance(creator, dict) else None
            body = reply.get("body")
            text = body.get("value") if isinstance(body, dict) else None
            ids.append(
                _comment(
                    r, str(name or "unknown"), str(reply.get("created", "")), None, str(text or "")
                )
            )
        r.threads[p.id] = _Thread(n, tuple(ids))


def _note_head(p: PlacedNote, n: int) -> str:
    anchor = p.anchor.status.value
    if anchor == "fuzzy":
        anchor += f" (similarity {p.anchor.score:.2f})"
    parts = [p.status, f"anchor: {anchor}", f"id {p.short_id}"]
    if p.tags:
        parts.append("tags: " + ", ".join(p.tags))
    head = f"Note {n} · " + " · ".join(parts)
    target = p.target
    if target is not None and (not p.attached or p.anchor.status.value == "fuzzy"):
        quoted = f": “{target.quote.exact}”" if target.quote else ""
        head += f"\nWritten on {p.noted_on}{quoted}"
    if p.anchor.detail:
        head += f"\n{p.anchor.detail}"
    return head


def _comment(r: _Report, author: str, when: str, head: str | None, markdown: str) -> int:
    """A comment by ``author`` at ``when``: ``head`` lines, then the Markdown ``markdown``."""
    comment = r.doc.comments.add_comment(author=xml_text(author), initials=_initials(author))
    element = comment._comment_elm
    stamp = _iso(when)
    if stamp is None:
        del element.attrib[w("date")]
    else:
        element.set(w("date"), stamp)
    first = element.find(w("p"))
    assert first is not None
    lines = head.split("\n") if head else []
    if lines:
        first.append(_bold(lines[0]))
        for line in lines[1:]:
            element.append(_para(line, COMMENT_TEXT))
    blocks = _markdown_paragraphs(markdown)
    if blocks and not lines:
        for child in blocks[0]:
            if child.tag != w("pPr"):
                first.append(child)
        blocks = blocks[1:]
    for block in blocks:
        element.append(block)
    return int(comment.comment_id)


def _markdown_paragraphs(text: str) -> list[etree._Element]:
    """A note's Markdown as comment paragraphs: emphasis, code and links kept as formatting."""
    out: list[etree._Element] = []
    for block in markdown_elements(text):
        _block(block, out, "")
    return out


def _block(e: etree._Element, out: list[etree._Element], prefix: str) -> None:
    tag = e.tag if isinstance(e.tag, str) else ""
    if tag in ("ul", "ol"):
        start = int(e.get("start") or 1) if tag == "ol" else 1
        for n, item in enumerate(e, start):
            _block(item, out, prefix + ("• " if tag == "ul" else f"{n}. "))
        return
    if tag in ("blockquote", "table", "thead", "tbody", "li") and any(
        isinstance(c.tag, str) and c.tag in _BLOCKS for c in e
    ):
        lead = "> " if tag == "blockquote" else ""
        if e.text and e.text.strip():
            p = _para(prefix + lead, COMMENT_TEXT)
            _inline_text(p, e.text, ())
            out.append(p)
            prefix = ""
        for child in e:
            _block(child, out, prefix + lead)
            prefix = ""
        return
    if tag == "tr":
        p = _para(prefix, COMMENT_TEXT)
        for n, cell in enumerate(e):
            if n:
                p.append(run(" | "))
            _inline(p, cell, ())
        out.append(p)
        return
    if tag == "hr":
        out.append(_para("———", COMMENT_TEXT))
        return
    if tag == "pre":  # a code block keeps its lines
        for line in "".join(map(str, e.itertext())).rstrip("\n").split("\n"):
            p = _para(prefix, COMMENT_TEXT)
            _inline_text(p, line, ("code",), keep_lines=True)
            out.append(p)
            prefix = ""
        return
    p = _para(prefix, COMMENT_TEXT)
    _inline(p, e, ())
    out.append(p)


_BLOCKS = frozenset("p ul ol li blockquote pre table thead tbody tr hr".split())
_FORMAT = {"strong": "b", "em": "i", "s": "strike", "code": "code"}
_RPR_ORDER = ("code", "b", "i", "strike")


def _inline(p: etree._Element, e: etree._Element, formats: tuple[str, ...]) -> None:
    tag = e.tag if isinstance(e.tag, str) else ""
    mine = formats + ((_FORMAT[tag],) if tag in _FORMAT else ())
    if tag == "br":
        p.append(run(" "))
    if e.text:
        _inline_text(p, e.text, mine)
    for child in e:
        _inline(p, child, mine)
        if child.tail:
            _inline_text(p, child.tail, mine)
    href = e.get("href") if tag == "a" else None
    if href and href != "".join(map(str, e.itertext())):
        _inline_text(p, f" ({href})", mine)


def _inline_text(
    p: etree._Element, text: str, formats: tuple[str, ...], keep_lines: bool = False
) -> None:
    """Text of a note's paragraph, formatted; a line break in it is a space, as in HTML
    (a line break written in a note is already spelled out by then)."""
    r = run(text if keep_lines else text.replace("\n", " "))
    if formats:
        props = etree.Element(w("rPr"))
        # CT_RPr is a sequence: fonts first, then bold, italic, strike (Word refuses others).
        for f in sorted(set(formats), key=_RPR_ORDER.index):
            if f == "code":
                fonts = etree.SubElement(props, w("rFonts"))
                fonts.set(w("ascii"), "Courier New")
                fonts.set(w("hAnsi"), "Courier New")
            else:
                etree.SubElement(props, w(f))
        r.insert(0, props)
    p.append(r)


def _loose_notes(r: _Report) -> None:
    if r.review is None or not r.review.loose:
        return
    r.add(
        _heading("Notes not attached to these prints", 1),
        _para(
            "No note is ever dropped: these notes are comments on their entries here, with "
            "where they were written, for a lawyer to re-attach, resolve or delete."
        ),
    )
    for status, heading, words in (
        (
            "ambiguous",
            "Ambiguous",
            "The words these notes are on now occur in more than one place, and the context "
            "cannot tell which is meant.",
        ),
        (
            "orphaned",
            "Orphaned",
            "The unit or the words these notes were written on are no longer in these prints.",
        ),
    ):
        found = [p for p in r.review.loose if p.anchor.status.value == status]
        if not found:
            continue
        r.add(_heading(f"{heading} ({len(found)})", 2), _para(words))
        for p in found:
            ids = r.ids(p)
            quoted = ""
            if p.target is not None and p.target.quote is not None:
                quoted = f": “{p.target.quote.exact}”"
            entry = f"Note {r.threads[p.id].number} ({status}), written on {p.noted_on}{quoted}"
            events: list[Event] = [RangeStart(c) for c in ids]
            events.append(Text("equal", entry))
            events += [RangeEnd(c) for c in ids]
            r.add(*paragraphs(events, NOTE_ENTRY, r.revisions))


def _comments_extended(r: _Report, review: Review) -> None:
    """``commentsExtended.xml``: replies under their note (``w15:paraIdParent``) and
    resolved threads done (``w15:done``), keyed by each comment's last paragraph id."""
    para_ids: dict[int, str] = {}
    for element in r.doc.comments._comments_elm.findall(w("comment")):
        cid = int(element.get(w("id"), "0"))
        last = element.findall(w("p"))[-1]
        para_ids[cid] = f"{0x10000000 + cid:08X}"
        last.set(f"{{{W14_NS}}}paraId", para_ids[cid])
    root = etree.Element(f"{{{W15_NS}}}commentsEx", nsmap={"w15": W15_NS, "mc": MC_NS})
    root.set(f"{{{MC_NS}}}Ignorable", "w15")
    for p in review.notes:
        thread = r.threads[p.id]
        done = "1" if p.resolved else "0"
        for n, cid in enumerate(thread.ids):
            entry = etree.SubElement(root, f"{{{W15_NS}}}commentEx")
            entry.set(f"{{{W15_NS}}}paraId", para_ids[cid])
            if n:
                entry.set(f"{{{W15_NS}}}paraIdParent", para_ids[thread.ids[0]])
            entry.set(f"{{{W15_NS}}}done", done)
    blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    part = Part(
        PackURI("/word/commentsExtended.xml"), COMMENTS_EXTENDED_TYPE, blob, r.doc.part.package
    )
    r.doc.part.relate_to(part, COMMENTS_EXTENDED_RELATIONSHIP)
