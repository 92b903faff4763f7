"""The Word document (``export --format docx``), read back with our own reader of the package.

For every unit of the fixture comparisons (1 → 2 and 2 → 3, with the example
notes) and of DPDI 1 → 2 (with 50 notes; corpus), *Accept All* gives the new
print's words line by line and *Reject All* the old print's; units whose words
are not in the document are one line each and have the same words in both
prints. Every note is a comment on exactly the words of its change (or its
quoted words, or its unit's heading), by its author at its time, its replies
are replies and resolved notes are done.
"""

from __future__ import annotations

import dataclasses
import re
import types
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

import pytest

import billdiff
import billdiff.model
from billdiff.annotations.notes import (
    NoteStatus,
    change_target,
    new_note,
    new_reply,
    unit_target,
    with_reply,
    with_status,
)
from billdiff.annotations.review import PlacedNote, Review
from billdiff.annotations.store import NoteStore
from billdiff.comparison import Comparison, Status
from billdiff.render.docx_report import bookmark_names, render_docx
from billdiff.render.note_markdown import safe_text
from billdiff.textdiff import HunkClass
from billdiff.view.changes import Field, numbered
from tests.conftest import CORPUS, FIXTURES, PRINTS
from tests.docx_support import Package, events_of, read, write_notes

NOTES = FIXTURES / "notes" / "1-to-2.notes.json"
WHEN = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)


@cache
def fixture(pair: tuple[int, int]) -> tuple[Comparison, Review]:
    c = billdiff.compare(billdiff.load(str(PRINTS[pair[0]])), billdiff.load(str(PRINTS[pair[1]])))
    notes = list(NoteStore.open(NOTES).notes)
    # The example has no replies and no resolved note: give two notes a reply and
    # resolve one, so the comments' threads and done marks are checked too.
    notes[0] = with_reply(notes[0], new_reply("Agreed: *proportionate* is the test.", "B. Clerk"))
    notes[1] = with_status(
        with_reply(notes[1], new_reply("Checked against the Act.", "C. Counsel")),
        NoteStatus.RESOLVED,
    )
    return c, Review(c, notes)


@cache
def document(pair: tuple[int, int]) -> Package:
    c, review = fixture(pair)
    return read(render_docx(c, review, generated=WHEN))


def lines(version: object) -> list[str]:
    return [safe_text(line) for line in getattr(version, "lines", ())] or [""]


def assert_words(package: Package, c: Comparison, review: Review | None) -> int:
    """Every unit: its words whole with Accept All = new and Reject All = old, or one line
    and the same words in both prints. Returns how many units have their words shown."""
    names = bookmark_names(c.units)
    shown = 0
    folded = [package.view("accept", s, e)[0] for style, s, e in package.paragraphs()]
    for u in c.units:
        span = package.bookmark(names[id(u)])
        if span is None:
            assert u.old is not None and u.new is not None, u.label
            assert u.old.text == u.new.text, f"{u.label}: words changed but not shown"
            assert not (review and review.for_unit(u)), f"{u.label}: notes but no words"
            assert any(line.startswith(f"{u.label} ") for line in folded), u.label
            continue
        shown += 1
        start, end = span
        assert package.view("accept", start, end) == lines(u.new), u.label
        assert package.view("reject", start, end) == lines(u.old), u.label
        head_start, head_end = heading_of(package, start)
        for view, version in (("accept", u.new), ("reject", u.old)):
            heading = version.heading if version is not None else None
            if not heading and (u.old or u.new).heading is None:  # type: ignore[union-attr]
                continue  # no heading in either print: its first words are shown instead
            assert package.view(view, head_start, head_end) == [f"{u.label} {heading or ''}"]
    return shown


def heading_of(package: Package, words_start: int) -> tuple[int, int]:
    """The unit heading (Heading 3) before the event ``words_start``."""
    for style, start, end in reversed(package.paragraphs()):
        if start < words_start and style == "Heading3":
            return start, end
    raise AssertionError("no heading before the words")


@pytest.mark.parametrize("pair", [(0, 1), (1, 2)], ids=["1-to-2", "2-to-3"])
def test_accept_all_gives_the_new_print_and_reject_all_the_old_for_every_unit(
    pair: tuple[int, int],
) -> None:
    c, review = fixture(pair)
    package = document(pair)
    shown = assert_words(package, c, review)
    assert shown >= sum(1 for u in c.units if u.old is None or u.new is None)


def test_a_line_break_only_one_print_has_is_a_tracked_paragraph_mark() -> None:
    from billdiff.render.docx_redline import Edit, Revisions, paragraphs, redline

    old = "(1) A person commits an offence. (2) It is triable either way."
    new = "(1) A person commits an offence if P acts. (2) It is triable either way."
    # Old: two lines; new: one line, then the same words in two different lines.
    events = redline(
        old,
        new,
        [Edit(31, 31, 31, 41)],
        old_breaks=[32],
        new_breaks=[],
    )
    package = events_of(paragraphs(events, "BillText", Revisions("billdiff", None)))
    assert package.view("reject") == [
        "(1) A person commits an offence.",
        "(2) It is triable either way.",
    ]
    assert package.view("accept") == [new]


def placed_range(package: Package, comment: int, view: str) -> str:
    start, end = package.comment_range(comment)
    return " ".join(package.view(view, start, end))  # type: ignore[arg-type]


def thread_of(package: Package, p: PlacedNote, number: int) -> list[int]:
    """The comment ids of note number ``number``: the note's, then its replies'."""
    comments = package.comments()
    head = [
        cid
        for cid, k in comments.items()
        if k.paragraphs and k.paragraphs[0].startswith(f"Note {number} ·")
    ]
    assert len(head) == 1, (number, head)
    assert f"id {p.short_id}" in comments[head[0]].paragraphs[0]
    replies = sorted(cid for cid, k in comments.items() if k.parent == head[0])
    return head + replies


def note_words(p: PlacedNote, view: str) -> str | types.EllipsisType | None:
    """The words a note's comment must cover in one view (None: whole heading)."""
    u = p.unit
    assert u is not None
    if p.changes:
        field = p.changes[0].field
        diff = u.heading_diff if field is Field.HEADING else u.text_diff
        assert diff is not None
        first, last = p.changes[0].hunk, p.changes[-1].hunk
        if view == "accept":
            return safe_text(diff.new[first.new_start : last.new_end])
        return safe_text(diff.old[first.old_start : last.old_end])
    a = p.anchor
    if a.version is not None and a.start is not None and a.end is not None:
        side = "accept" if a.side is not None and a.side.value == "new" else "reject"
        # Quoted words of one print: exactly them in that print's view.
        return safe_text(a.version.text[a.start : a.end]) if side == view else ...
    return None


def assert_notes(package: Package, review: Review) -> None:
    comments = package.comments()
    assert len(comments) == len(review.notes) + sum(len(p.replies) for p in review.notes)
    for number, p in enumerate(review.notes, 1):
        ids = thread_of(package, p, number)
        note, replies = comments[ids[0]], [comments[i] for i in ids[1:]]
        assert note.author == safe_text(p.author)
        assert note.date == p.created.replace(".000", "")[:19] + "Z"
        assert note.parent is None
        assert note.done is p.resolved
        assert [r.author for r in replies] == [safe_text(r["creator"]["name"]) for r in p.replies]
        assert all(r.done is p.resolved for r in replies)
        for cid in ids[1:]:  # replies share the note's range
            assert placed_range(package, cid, "all") == placed_range(package, ids[0], "all")
        if not p.attached:
            start, _ = package.comment_range(ids[0])
            s, e = package.paragraph_of(start)
            assert package.view("all", s, e)[0].startswith(
                f"Note {number} ({p.anchor.status.value})"
            )
            continue
        start, _end = package.comment_range(ids[0])
        for view in ("accept", "reject"):
            expected = note_words(p, view)
            if expected is ...:
                continue
            got = placed_range(package, ids[0], view)
            if expected is None:  # a note on the whole unit: its heading paragraph, all of it
                s, e = package.paragraph_of(start)
                assert package.events[s].value == "Heading3", p.short_id
                assert got == " ".join(package.view(view, s, e)), p.short_id
            else:
                assert got == expected, (p.short_id, view)


@pytest.mark.parametrize("pair", [(0, 1), (1, 2)], ids=["1-to-2", "2-to-3"])
def test_every_note_is_a_comment_on_the_words_it_explains(pair: tuple[int, int]) -> None:
    _c, review = fixture(pair)
    package = document(pair)
    assert_notes(package, review)
    # The fixtures exercise every kind of placement.
    kinds = {
        ("change" if p.changes else "words" if p.anchor.start is not None else "unit")
        for p in review.attached
    }
    assert kinds == {"change", "words", "unit"}
    if pair == (1, 2):
        assert {p.anchor.status.value for p in review.loose} == {"orphaned"}


def test_replies_are_replies_and_resolved_notes_are_done() -> None:
    package = document((0, 1))
    comments = package.comments()
    replies = [k for k in comments.values() if k.parent is not None]
    assert sorted(k.author for k in replies) == ["B. Clerk", "C. Counsel"]
    resolved = next(k for k in replies if k.author == "C. Counsel")
    assert resolved.done and comments[resolved.parent].done  # type: ignore[index]
    open_reply = next(k for k in replies if k.author == "B. Clerk")
    assert not open_reply.done and not comments[open_reply.parent].done  # type: ignore[index]
    assert open_reply.text == "Agreed: proportionate is the test."


def test_tracked_changes_are_by_billdiff_or_the_author_asked_for_dated_the_new_print() -> None:
    c, review = fixture((0, 1))
    for author, data in (
        ("billdiff", render_docx(c, review, generated=WHEN)),
        ("A. Drafter", render_docx(c, review, generated=WHEN, author="A. Drafter")),
    ):
        body = read(data).parts["word/document.xml"]
        marks = [*body.iter("{*}ins"), *body.iter("{*}del")]
        assert len(marks) > 50
        w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
        assert {m.get(f"{w}author") for m in marks} == {author}
        assert {m.get(f"{w}date") for m in marks} == {"2025-04-24T00:00:00Z"}
        assert c.new.published == "2025-04-24"


def test_change_classes_are_labelled_in_words_not_colour() -> None:
    c, _ = fixture((0, 1))
    package = read(render_docx(c, generated=WHEN))
    labels = package.labels()
    assert "[#1 substantive] " in labels and "[#1 xref] " in labels
    assert all(
        re.fullmatch(r"\[(#\d+ )?(substantive|xref|relettering|typographic|spacing)\] ", x)
        for x in labels
    )
    # One label per change drawn (the long title's changes have no number).
    count = sum(
        len(d.hunks)
        for u in c.units
        for d in (u.heading_diff, u.text_diff)
        if d is not None and u.changed
    ) + (len(c.long_title_diff.hunks) if c.long_title_diff else 0)
    assert len(labels) == count


def test_headings_make_the_navigation_pane_a_table_of_contents() -> None:
    c, _review = fixture((0, 1))
    package = document((0, 1))
    heads = [
        (style, package.view("all", s, e)[0])
        for style, s, e in package.paragraphs()
        if style.startswith("Heading")
    ]
    level1 = [t for s, t in heads if s == "Heading1"]
    assert level1 == [
        "Summary",
        "How to read this document",
        "Long title",
        "Parts, Chapters, cross-headings and schedules",
        "Clause by clause",
    ]
    assert ("Heading2", "Part 1 Anti-social behaviour") in heads
    units = [t for s, t in heads if s == "Heading3"]
    assert any(t.startswith("clause 12 Assault of retail worker") for t in units)
    changed = [u for u in c.units if u.changed and (u.text_diff or u.old is None or u.new is None)]
    assert len(units) >= len(changed)


def test_unchanged_and_renumbered_only_units_are_one_line_each() -> None:
    package = document((0, 1))
    folded = [
        package.view("all", s, e)[0]
        for style, s, e in package.paragraphs()
        if style == "FoldedUnit"
    ]
    assert "clause 5 Youth injunctions — unchanged · old p3:30, new p3:30" in folded
    assert any(
        line.startswith(
            "clause 6 → 7 Fixed penalty notices: maximum amount — renumbered; words unchanged"
        )
        for line in folded
    )


def test_title_page_has_both_prints_and_their_sha256() -> None:
    c, _ = fixture((0, 1))
    package = document((0, 1))
    text = "\n".join(package.view("all", s, e)[0] for _, s, e in package.paragraphs()[:60])
    assert c.old.sha256 and c.old.sha256 in text.replace("\n", "")
    assert c.new.sha256 and c.new.sha256 in text.replace("\n", "")
    assert "As Introduced, House of Commons, Bill 166" in text
    assert "Made by billdiff" in text and "on 1 December 2026 at 09:30 UTC" in text
    assert "15 notes (4 exact" not in text and "15 notes (15 exact)" in text


def test_only_changed_leaves_out_unchanged_units_and_hide_folds() -> None:
    c, review = fixture((0, 1))
    all_lines = read(render_docx(c, review, generated=WHEN))
    only = read(render_docx(c, review, generated=WHEN, only_changed=True))
    hidden = read(render_docx(c, review, generated=WHEN, hide={HunkClass.XREF}))

    def folded(p: Package) -> list[str]:
        return [p.view("all", s, e)[0] for style, s, e in p.paragraphs() if style == "FoldedUnit"]

    assert any("— unchanged" in x for x in folded(all_lines))
    assert not any("— unchanged" in x for x in folded(only))
    names = bookmark_names(c.units)
    xref_only = [
        u
        for u in c.units
        if u.status in (Status.AMENDED, Status.RENUMBERED)
        and u.hunk_classes == {HunkClass.XREF}
        and not review.for_unit(u)
    ]
    assert xref_only
    for u in xref_only:
        assert all_lines.bookmark(names[id(u)]) is not None
        assert hidden.bookmark(names[id(u)]) is None
        assert any(
            x.startswith(f"{u.label} ") and "folded: only xref changes" in x for x in folded(hidden)
        )


def test_dpdi_every_unit_and_fifty_notes(tmp_path: Path) -> None:
    old = CORPUS / "uk-akn" / "dpdi-bill-1-hc-introduced.xml"
    new = CORPUS / "uk-akn" / "dpdi-bill-2-hc-committee.xml"
    if not (old.is_file() and new.is_file()):
        pytest.skip(f"corpus not available at {CORPUS}")
    c = billdiff.compare(billdiff.load(str(old)), billdiff.load(str(new)))
    path = tmp_path / "dpdi.notes.json"
    assert write_notes(c, path, 50) == 50
    review = Review(c, NoteStore.open(path).notes)
    data = render_docx(c, review, generated=WHEN)
    assert len(data) <= 1024 * 1024
    package = read(data)
    assert_words(package, c, review)
    assert_notes(package, review)
    assert sum(1 for p in review.notes if p.replies) >= 10
    assert sum(1 for p in review.notes if p.resolved) >= 10


# -- hostile text --------------------------------------------------------------------------------

#: What must stay text: controls XML 1.0 cannot hold, terminal escapes, bidi controls, a line
#: separator, a byte-order non-character, and strings that look like the document's own markup.
PAYLOADS = (
    "\x00nul \x07bell \x1b[2J\x0b",
    "\x85next \x9b31m",
    "\u202eevil\u202c \u2066iso\u2069 \u2028ls",
    "]]> <![CDATA[x]]>",
    '<w:t>forged</w:t></w:r><w:r><w:t xml:space="preserve">',
    '<w:del w:id="1" w:author="x"><w:r><w:delText>gone</w:delText></w:r></w:del>',
    "&amp; &lt; \ufffe",
)


def _with_payloads(provision: billdiff.model.Provision, words: str) -> billdiff.model.Provision:
    """Clause 12 with ``words`` at the start of its first subsection and in its heading."""
    if provision.kind.value == "clause" and provision.number == "12":
        first, *rest = provision.children
        first = dataclasses.replace(first, text=f"{words} {first.text}")
        return dataclasses.replace(
            provision, heading=f"{provision.heading} {words}", children=(first, *rest)
        )
    children = tuple(_with_payloads(c, words) for c in provision.children)
    return dataclasses.replace(provision, children=children)


@cache
def hostile() -> tuple[Comparison, Review, bytes]:
    words = " ".join(PAYLOADS)
    old = billdiff.load(str(PRINTS[0]))
    new = billdiff.load(str(PRINTS[1]))
    new = dataclasses.replace(
        new,
        title=f"Crime and Policing Bill {PAYLOADS[0]} {PAYLOADS[4]}",
        source_path=f"/tmp/evil\x1b]52;c;aGk=\x07{PAYLOADS[2]}.xml",
        provisions=tuple(_with_payloads(p, words) for p in new.provisions),
    )
    c = billdiff.compare(old, new)
    unit = next(u for u in c.units if u.label == "clause 12")
    first = next(ch.number for ch in numbered(unit))
    note = new_note(
        change_target(c, unit, first),
        "\n\n".join(PAYLOADS) + "\n\n**bold** [link](https://example.test/</w:t>)",
        f"Mallory {PAYLOADS[0]}",
        tags=(PAYLOADS[4],),
    )
    note = with_reply(note, new_reply(f"reply {PAYLOADS[5]} {PAYLOADS[1]}", PAYLOADS[2]))
    whole = new_note(unit_target(c, unit), PAYLOADS[3], "Eve\x00")
    review = Review(c, [note, whole])
    return c, review, render_docx(c, review, generated=WHEN)


_RAW = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ufffe\uffff]"
)


def test_hostile_text_stays_text_and_the_file_stays_valid() -> None:
    c, review, data = hostile()
    package = read(data)  # every part parses with a strict parser
    for name, root in package.parts.items():
        for node in root.iter():
            texts = [node.text or "", node.tail or "", *node.attrib.values()]
            assert not any(_RAW.search(t) for t in texts), (name, texts)
    unit = next(u for u in c.units if u.label == "clause 12")
    start, end = package.bookmark(bookmark_names(c.units)[id(unit)])  # type: ignore[misc]
    assert package.view("accept", start, end) == lines(unit.new)
    assert package.view("reject", start, end) == lines(unit.old)
    accepted = " ".join(package.view("accept", start, end))
    assert "⟨U+0000⟩nul ⟨U+0007⟩bell ⟨U+001B⟩[2J⟨U+000B⟩" in accepted
    assert "⟨U+202E⟩evil⟨U+202C⟩" in accepted and "&amp; &lt; ⟨U+FFFE⟩" in accepted
    assert '<w:t>forged</w:t></w:r><w:r><w:t xml:space="preserve">' in accepted
    assert "]]> <![CDATA[x]]>" in accepted
    texts = [t.text for t in package.parts["word/document.xml"].iter("{*}t")]
    assert any(t and "<w:del w:id=" in t for t in texts)  # the forged change is words
    comments = package.comments()
    by = {k.author: k for k in comments.values()}
    mallory = by["Mallory ⟨U+0000⟩nul ⟨U+0007⟩bell ⟨U+001B⟩[2J⟨U+000B⟩"]
    assert "⟨U+FFFE⟩" in mallory.text and "<w:t>forged</w:t>" in mallory.text
    assert "link (https://example.test/%3C/w:t%3E)" in mallory.text
    reply = by["⟨U+202E⟩evil⟨U+202C⟩ ⟨U+2066⟩iso⟨U+2069⟩ ⟨U+2028⟩ls"]
    assert reply.parent == mallory.id and "<w:delText>gone</w:delText>" in reply.text
    assert by["Eve⟨U+0000⟩"].text.endswith("]]> <![CDATA[x]]>")
    assert_notes(package, review)
    title_page = " ".join(package.view("all", s, e)[0] for _, s, e in package.paragraphs()[:40])
    assert "evil⟨U+001B⟩]52;c;aGk=⟨U+0007⟩" in title_page


def test_a_notes_markdown_is_formatted_text_in_its_comment() -> None:
    c, _ = fixture((0, 1))
    unit = next(u for u in c.units if u.label == "clause 1")
    text = (
        "**Necessary** replaces *just*;\nsee `s. 1(3)`.\n\n- one\n- two\n\n"
        "```\nline 1\n  line 2\n```\n\n[the Act](https://www.legislation.gov.uk/ukpga/2014/12)"
    )
    review = Review(c, [new_note(change_target(c, unit, 1), text, "A. Lawyer")])
    package = read(render_docx(c, review, generated=WHEN))
    (comment,) = package.comments().values()
    assert comment.paragraphs[1:] == [
        "Necessary replaces just; see s. 1(3).",
        "• one",
        "• two",
        "line 1",
        "  line 2",
        "the Act (https://www.legislation.gov.uk/ukpga/2014/12)",
    ]
    element = package.parts["word/comments.xml"].find("{*}comment")
    bold = [r for r in element.iter("{*}r") if r.find("{*}rPr/{*}b") is not None]
    assert ["".join(t.text for t in r.iter("{*}t")) for r in bold][1:] == ["Necessary"]


def test_tracked_changes_of_a_print_without_a_date_have_none() -> None:
    c, _ = fixture((0, 1))
    undated = dataclasses.replace(c, new=dataclasses.replace(c.new, published=None))
    body = read(render_docx(undated, generated=WHEN)).parts["word/document.xml"]
    marks = [*body.iter("{*}ins"), *body.iter("{*}del")]
    assert marks and not any(m.get(f"{{{body.nsmap['w']}}}date") for m in marks)


def test_notes_on_the_long_title_and_a_heading_are_comments_on_their_words() -> None:
    """A note on the long title's change covers that change; one on a cross-heading covers
    its line under "Parts, Chapters, cross-headings and schedules" (none is left without
    a place, which Word would not show)."""
    c, _ = fixture((0, 1))
    title = c.long_title
    assert title is not None
    grooming = next(h for h in c.headings if "Grooming" in h.label)
    notes = [
        new_note(change_target(c, title, 1), "Scope now covers ethnicity data.", author="A"),
        new_note(unit_target(c, grooming), "Aggravating factors move here.", author="A"),
    ]
    package = read(render_docx(c, Review(c, notes), generated=WHEN))
    on_title = thread_of(package, Review(c, notes).notes[0], 1)[0]
    on_heading = thread_of(package, Review(c, notes).notes[1], 2)[0]
    (first,) = [x for x in numbered(title) if x.number == 1]
    inserted = first.hunk.new.strip()
    assert inserted and inserted in placed_range(package, on_title, "accept")
    assert "Grooming and other aggravating factors" in placed_range(package, on_heading, "all")
