"""Shared by the HTML report tests: the reports (made once per run) and DOM checks on them.

The checks read the report back with lxml and compare it with the comparison and the
review it was made from, never with itself: how many ``<ins>``/``<del>`` the hunks call
for, which notes must appear, which in-page links must resolve.
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cache
from pathlib import Path

from lxml import html as lxml_html

import billdiff
from billdiff.annotations.review import Review
from billdiff.annotations.store import NoteStore
from billdiff.comparison import Comparison, Status, UnitChange
from billdiff.engine import compare
from billdiff.render.html import render_html
from tests.conftest import FIXTURES, PRINTS

NOTES = FIXTURES / "notes" / "1-to-2.notes.json"
#: A fixed time for the title block, so that two renderings can be compared.
GENERATED = datetime(2026, 12, 2, 9, 30, tzinfo=UTC)


@cache
def comparison(old: str, new: str) -> Comparison:
    return compare(billdiff.load(old), billdiff.load(new))


@cache
def fixture_pair(first: int, second: int) -> Comparison:
    return comparison(str(PRINTS[first - 1]), str(PRINTS[second - 1]))


@cache
def fixture_review(first: int, second: int) -> Review:
    return Review(fixture_pair(first, second), NoteStore.open(NOTES).notes)


@cache
def fixture_report(first: int, second: int, notes: bool = True) -> str:
    review = fixture_review(first, second) if notes else None
    return render_html(fixture_pair(first, second), review, generated=GENERATED)


def parse(page: str) -> lxml_html.HtmlElement:
    return lxml_html.document_fromstring(page)


def text_of(element: lxml_html.HtmlElement) -> str:
    return " ".join(element.text_content().split())


def redlined(u: UnitChange) -> bool:
    """Whether a unit's words are drawn as a redline (rather than whole, or not at all)."""
    return u.status not in (Status.ADDED, Status.SPLIT, Status.REMOVED, Status.MERGED)


def expected_marks(c: Comparison, shown: list[UnitChange]) -> tuple[int, int]:
    """(deletions, insertions) the report of ``shown`` units must draw: one per side of
    every hunk (heading, text, long title), one per line of an added or removed unit."""
    dels = ins = 0
    diffs = [c.long_title_diff] if c.long_title_diff is not None else []
    for u in shown:
        if u.heading_diff is not None:
            diffs.append(u.heading_diff)
        if redlined(u):
            if u.text_diff is not None:
                diffs.append(u.text_diff)
        elif u.status in (Status.ADDED, Status.SPLIT) and u.new is not None:
            ins += len(u.new.lines)
        elif u.old is not None:
            dels += len(u.old.lines)
    for d in diffs:
        dels += sum(1 for h in d.hunks if h.old)
        ins += sum(1 for h in d.hunks if h.new)
    return dels, ins


def dangling_links(doc: lxml_html.HtmlElement) -> list[str]:
    """In-page links whose target id does not exist."""
    ids = set(doc.xpath("//@id"))
    return [href for href in doc.xpath("//a/@href") if href.startswith("#") and href[1:] not in ids]


def write(page: str, folder: Path, name: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(page, encoding="utf-8")
    return path


DPDI = ("uk-akn/dpdi-bill-1-hc-introduced.xml", "uk-akn/dpdi-bill-2-hc-committee.xml")


@cache
def dpdi_review(old: str, new: str) -> Review:
    """DPDI 1 → 2 with notes made here: on a change, on an added clause, on quoted words of
    an unchanged one, and one written on another Bill (orphaned)."""
    from billdiff.annotations.notes import change_target, new_note, quote_target, unit_target

    c = comparison(old, new)
    amended = next(u for u in c.units if u.status is Status.AMENDED and u.text_diff)
    added = next(u for u in c.units if u.status is Status.ADDED)
    same = next(u for u in c.units if not u.changed and u.new is not None and len(u.new.text) > 80)
    assert same.new is not None
    words = " ".join(same.new.text.split()[3:8])
    notes = [
        new_note(change_target(c, amended, 1), "Committee *narrowed* this.", "A. Lawyer"),
        new_note(unit_target(c, added), "New clause: check commencement.", "B. Counsel"),
        new_note(quote_target(c, same, words, 1), "Unchanged, but see the guidance.", "C. Clerk"),
        *NoteStore.open(NOTES).notes[:1],  # made on another Bill: orphaned here
    ]
    return Review(c, notes)


@cache
def dpdi_report(old: str, new: str) -> str:
    return render_html(comparison(old, new), dpdi_review(old, new), generated=GENERATED)
