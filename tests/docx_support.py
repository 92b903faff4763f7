"""Reading a .docx back without Word: tracked changes, comments and replies, from the XML.

Our own reader of the package (a zip of XML parts), written from the
WordprocessingML standard rather than from the code that writes the file:

* :func:`read` parses every XML part with a strict parser (an invalid
  character or a malformed part fails here) and lays the body out as a flat
  list of events — paragraph starts and ends (with the paragraph mark's
  tracked state), text (unchanged, inside ``w:ins``, inside ``w:del``, or in a
  change label's character style), comment range starts and ends, bookmarks;
* :meth:`Package.view` is the text Word shows after *Accept All*
  (``"accept"``: inserted text kept, deleted text and deleted paragraph marks
  gone, so paragraphs join) or *Reject All* (``"reject"``: the reverse), as a
  list of paragraphs, for the whole body or between two events;
* :meth:`Package.comments` are the comments with author, date, text, parent
  (from ``commentsExtended.xml``'s ``w15:paraIdParent``) and done state.

It also checks what Word needs and a lenient reader would let pass: text of
a deleted run in ``w:delText`` and of any other run in ``w:t``; every ``w:ins``
and ``w:del`` with a unique id and an author; every comment with exactly one
range start, one range end (in that order) and one reference.

:func:`write_notes` writes a deterministic notes file with ``count`` notes on a
comparison (on changes, whole units and quoted words, some with replies, some
resolved), for the tests and for ``benchmarks/bench_docx.py``.
"""

from __future__ import annotations

import io
import uuid
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
W15 = "http://schemas.microsoft.com/office/word/2012/wordml"
LABEL_STYLE = "ChangeLabel"

View = Literal["accept", "reject", "all"]


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


@dataclass(frozen=True)
class Event:
    """One thing in the body, in document order."""

    kind: str  # "p" (paragraph start), "/p" (end), "text", "cstart", "cend", "bstart", "bend"
    #: text: "equal" | "ins" | "del" | "label"; /p: the mark's "equal" | "ins" | "del";
    #: p: the paragraph style; bstart: the bookmark name.
    value: str = ""
    text: str = ""
    ref: int = -1


@dataclass
class Comment:
    """A comment as Word reads it."""

    id: int
    author: str
    date: str | None
    initials: str | None
    paragraphs: list[str]
    para_id: str | None
    parent: int | None = None
    done: bool = False

    @property
    def text(self) -> str:
        return "\n".join(self.paragraphs)


@dataclass
class Package:
    """A .docx read back: its parts, its body as events, its comments."""

    parts: dict[str, etree._Element]
    events: list[Event]
    comment_list: dict[int, Comment] = field(default_factory=dict)

    # -- views --------------------------------------------------------------------------------

    def view(self, view: View, start: int = 0, end: int | None = None) -> list[str]:
        """The paragraphs' text between events ``start`` and ``end`` after Accept All
        (``accept``) or Reject All (``reject``); ``all`` keeps every word and every mark.
        Change labels are left out (they are not the Bill's words)."""
        end = len(self.events) if end is None else end
        out: list[str] = []
        current: list[str] = []
        for e in self.events[start:end]:
            if e.kind == "text" and _kept(e.value, view):
                current.append(e.text)
            elif e.kind == "/p":
                if view != "all" and not _kept(e.value, view):
                    continue  # the mark is gone: this paragraph runs on into the next
                out.append("".join(current))
                current = []
        if current or not out:
            out.append("".join(current))
        return out

    def labels(self, start: int = 0, end: int | None = None) -> list[str]:
        """The change labels between two events."""
        return [e.text for e in self.events[start:end] if e.kind == "text" and e.value == "label"]

    def find(self, kind: str, ref: int | None = None, value: str | None = None) -> int:
        """The index of the first event of ``kind`` with this ``ref`` (or ``value``)."""
        for n, e in enumerate(self.events):
            if (
                e.kind == kind
                and (ref is None or e.ref == ref)
                and (value is None or e.value == value)
            ):
                return n
        raise KeyError((kind, ref, value))

    def bookmark(self, name: str) -> tuple[int, int] | None:
        """The events a bookmark spans (None if there is no such bookmark)."""
        try:
            start = self.find("bstart", value=name)
        except KeyError:
            return None
        return start, self.find("bend", ref=self.events[start].ref)

    def comment_range(self, comment: int) -> tuple[int, int]:
        """The events between a comment's range start and end."""
        return self.find("cstart", ref=comment), self.find("cend", ref=comment)

    def paragraph_of(self, index: int) -> tuple[int, int]:
        """The start and end events of the paragraph that holds event ``index``."""
        start = max(n for n in range(index + 1) if self.events[n].kind == "p")
        end = next(n for n in range(index, len(self.events)) if self.events[n].kind == "/p")
        return start, end + 1

    def paragraphs(self) -> list[tuple[str, int, int]]:
        """(style, start event, end event) of every body paragraph."""
        out = []
        start = 0
        for n, e in enumerate(self.events):
            if e.kind == "p":
                start = n
            elif e.kind == "/p":
                out.append((self.events[start].value, start, n + 1))
        return out

    def comments(self) -> dict[int, Comment]:
        return self.comment_list


def _kept(state: str, view: View) -> bool:
    if state == "label":
        return False
    if view == "accept":
        return state != "del"
    if view == "reject":
        return state != "ins"
    return True


# -- reading -----------------------------------------------------------------------------------

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


def read(data: bytes) -> Package:
    """Read and check a .docx (see the module docstring)."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert z.testzip() is None
        parts = {
            name: etree.fromstring(z.read(name), _PARSER)
            for name in z.namelist()
            if name.endswith((".xml", ".rels"))
        }
    _check_content_types(parts)
    body = parts["word/document.xml"].find(w("body"))
    assert body is not None
    events: list[Event] = []
    revision_ids: set[str] = set()
    for block in body:
        _block(block, events, revision_ids)
    package = Package(parts, events)
    if "word/comments.xml" in parts:
        package.comment_list = _comments(parts)
        _check_ranges(package)
    return package


def events_of(paragraphs: Sequence[etree._Element]) -> Package:
    """A package of these body paragraphs alone (to read what a piece of the writer makes)."""
    events: list[Event] = []
    ids: set[str] = set()
    for p in paragraphs:
        _paragraph(p, events, ids)
    return Package({}, events)


def _check_content_types(parts: dict[str, etree._Element]) -> None:
    types = parts["[Content_Types].xml"]
    ns = "{http://schemas.openxmlformats.org/package/2006/content-types}"
    overrides = {e.get("PartName", "").lstrip("/") for e in types.iter(f"{ns}Override")}
    defaults = {e.get("Extension") for e in types.iter(f"{ns}Default")}
    for name in parts:
        assert name in overrides or name.rsplit(".", 1)[-1] in defaults, name


def _block(e: etree._Element, events: list[Event], ids: set[str]) -> None:
    if e.tag == w("p"):
        _paragraph(e, events, ids)
    elif e.tag == w("tbl"):
        for p in e.iter(w("p")):
            _paragraph(p, events, ids)


def _paragraph(p: etree._Element, events: list[Event], ids: set[str]) -> None:
    style = p.find(f"{w('pPr')}/{w('pStyle')}")
    events.append(Event("p", style.get(w("val"), "") if style is not None else ""))
    mark = "equal"
    props = p.find(w("pPr"))
    if props is not None:
        mark_props = props.find(w("rPr"))
        if mark_props is not None:
            for state in ("ins", "del"):
                tracked = mark_props.find(w(state))
                if tracked is not None:
                    _check_revision(tracked, ids)
                    mark = state
    for child in p:
        _inline(child, events, "equal", ids)
    events.append(Event("/p", mark))


def _inline(e: etree._Element, events: list[Event], state: str, ids: set[str]) -> None:
    tag = e.tag
    if tag in (w("ins"), w("del")):
        assert state == "equal", "a tracked change inside another"
        _check_revision(e, ids)
        for child in e:
            _inline(child, events, "ins" if tag == w("ins") else "del", ids)
    elif tag == w("r"):
        _run(e, events, state)
    elif tag == w("commentRangeStart"):
        events.append(Event("cstart", ref=int(e.get(w("id"), "-1"))))
    elif tag == w("commentRangeEnd"):
        events.append(Event("cend", ref=int(e.get(w("id"), "-1"))))
    elif tag == w("bookmarkStart"):
        events.append(Event("bstart", e.get(w("name"), ""), ref=int(e.get(w("id"), "-1"))))
    elif tag == w("bookmarkEnd"):
        events.append(Event("bend", ref=int(e.get(w("id"), "-1"))))
    elif tag in (w("hyperlink"), w("fldSimple"), w("smartTag")):
        for child in e:
            _inline(child, events, state, ids)


def _run(r: etree._Element, events: list[Event], state: str) -> None:
    style = r.find(f"{w('rPr')}/{w('rStyle')}")
    label = style is not None and style.get(w("val")) == LABEL_STYLE
    if r.find(w("commentReference")) is not None:
        events.append(Event("cref", ref=int(r.find(w("commentReference")).get(w("id"), "-1"))))
    for child in r:
        if child.tag == w("t"):
            assert state != "del", "w:t in a deleted run (Word wants w:delText)"
            text = child.text or ""
        elif child.tag == w("delText"):
            assert state == "del", "w:delText outside a deletion"
            text = child.text or ""
        elif child.tag == w("tab"):
            text = "\t"
        elif child.tag in (w("br"), w("cr")):
            text = "\n"
        else:
            continue
        events.append(Event("text", "label" if label else state, text))


def _check_revision(e: etree._Element, ids: set[str]) -> None:
    rid = e.get(w("id"))
    assert rid is not None and rid not in ids, f"revision id {rid} missing or used twice"
    ids.add(rid)
    assert e.get(w("author")), "a tracked change without an author"


def _comments(parts: dict[str, etree._Element]) -> dict[int, Comment]:
    out: dict[int, Comment] = {}
    by_para: dict[str, int] = {}
    for c in parts["word/comments.xml"].iter(w("comment")):
        cid = int(c.get(w("id"), "-1"))
        paragraphs = ["".join(t.text or "" for t in p.iter(w("t"))) for p in c.iter(w("p"))]
        last = c.findall(w("p"))[-1]
        para_id = last.get(f"{{{W14}}}paraId")
        out[cid] = Comment(
            cid, c.get(w("author"), ""), c.get(w("date")), c.get(w("initials")), paragraphs, para_id
        )
        if para_id:
            by_para[para_id] = cid
    extended = parts.get("word/commentsExtended.xml")
    if extended is not None:
        for entry in extended.iter(f"{{{W15}}}commentEx"):
            cid = by_para[entry.get(f"{{{W15}}}paraId", "")]
            parent = entry.get(f"{{{W15}}}paraIdParent")
            out[cid].parent = by_para[parent] if parent else None
            out[cid].done = entry.get(f"{{{W15}}}done") == "1"
    return out


def _check_ranges(package: Package) -> None:
    for cid in package.comment_list:
        kinds = [
            (n, e.kind)
            for n, e in enumerate(package.events)
            if e.ref == cid and e.kind in ("cstart", "cend", "cref")
        ]
        assert [k for _, k in kinds] == ["cstart", "cend", "cref"], (cid, kinds)


# -- notes for the tests and the benchmark -----------------------------------------------------


def write_notes(comparison: object, path: Path, count: int) -> int:
    """A notes file of ``count`` notes on ``comparison``'s changed units, made the same way
    every time: on a change, on the whole unit, on quoted words, in turn; every third with
    a reply, every fourth resolved. Returns how many were written."""
    from billdiff.annotations.notes import (
        NoteStatus,
        change_target,
        new_note,
        new_reply,
        quote_target,
        unit_target,
        with_reply,
        with_status,
    )
    from billdiff.annotations.store import NoteStore
    from billdiff.comparison import Comparison
    from billdiff.view.changes import numbered

    assert isinstance(comparison, Comparison)
    units = comparison.changed_units()
    store = NoteStore.open(path)
    made = 0
    for n in range(count):
        if not units:
            break
        u = units[n % len(units)]
        kind = n % 3
        stamp = f"2026-01-{1 + n % 28:02d}T{n % 24:02d}:00:00Z"
        if kind == 0 and numbered(u):
            changes = numbered(u)
            target = change_target(comparison, u, changes[(n // 3) % len(changes)])
        elif kind == 2 and u.new is not None and len(u.new.text.split()) > 6:
            words = " ".join(u.new.text.split()[2:5])
            target = quote_target(comparison, u, words, occurrence=1)
        else:
            target = unit_target(comparison, u)
        note = new_note(
            target, f"Note {n + 1} on **{u.label}**: see _why_.", f"Lawyer {n % 5}", when=stamp
        )
        note["id"] = f"urn:uuid:{uuid.UUID(int=n + 1)}"
        if n % 3 == 1:
            reply = new_reply(f"Reply to note {n + 1}.", "Clerk", stamp)
            reply["id"] = f"urn:uuid:{uuid.UUID(int=10_000 + n)}"
            note = with_reply(note, reply)
        if n % 4 == 3:
            note = with_status(note, NoteStatus.RESOLVED, stamp)
        store.add(note)
        made += 1
    store.save()
    return made
