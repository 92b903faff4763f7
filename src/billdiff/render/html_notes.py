"""Lawyers' notes in the report: the markers in the text, the notes beside the words (on
paper, as endnotes), and the notes that could not be placed, never dropped."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lxml import etree

from billdiff.render.html_dom import Child, cue, h
from billdiff.render.html_report import Report
from billdiff.render.note_markdown import markdown_elements
from billdiff.render.notes import note_where
from billdiff.view.words import clip, count, where

if TYPE_CHECKING:
    from billdiff.annotations.review import PlacedNote
    from billdiff.comparison import UnitChange


def marker(r: Report, p: PlacedNote) -> etree._Element:
    """The numbered marker of note ``p`` where it is on the words, linking to the note."""
    n = r.numbers[p.id]
    return h(
        "sup",
        {"class": "noteref"},
        h(
            "a",
            {"href": f"#note-{n}", "id": r.marker_id(n)},
            cue(" ["),
            f"note {n}",
            cue("]"),
        ),
    )


def _body_of(text: str) -> list[etree._Element]:
    return markdown_elements(text)


def _note_parts(r: Report, p: PlacedNote, endnote: bool) -> list[Child]:
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


def _unit_link(r: Report, unit: UnitChange, words: str) -> etree._Element:
    uid = r.ids.get(id(unit))
    return h("a", {"href": f"#{uid}"}, words) if uid else h("span", None, words)


def note_aside(r: Report, p: PlacedNote) -> etree._Element:
    """A note beside the words it explains (on screen)."""
    n = r.numbers[p.id]
    classes = f"note inline {p.status} a-{p.anchor.status.value}"
    return h(
        "aside",
        {"class": classes, "id": f"note-{n}", "aria-label": f"Note {n}"},
        _note_parts(r, p, endnote=False),
    )


def loose_notes(r: Report) -> etree._Element | None:
    """The notes that could not be placed (ambiguous, orphaned), never dropped."""
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


def _loose(r: Report, p: PlacedNote) -> etree._Element:
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


def endnotes(r: Report) -> etree._Element | None:
    """Every placed note again, under its number, for paper."""
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
