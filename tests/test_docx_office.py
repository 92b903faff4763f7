"""The Word document opened by another office suite: LibreOffice, headless.

LibreOffice converts the document to flat ODF, whose body holds the text as
it is with every tracked change accepted (deleted text lives apart, in
``text:tracked-changes``), so it checks, independently of our own reader,
that *Accept All* gives each unit's new words line by line; that every note
and reply is a comment with its author and range; that resolved notes are
resolved; and that the tracked changes are there, by their author. It also
converts the document to PDF and the pages to PNG in ``build/screenshots/``
for a person to look at (tracked changes, comment marks, headings).

Skipped without ``soffice``, except where ``BILLDIFF_REQUIRE_OFFICE=1`` (``.ci/run``
installs ``libreoffice-writer-nogui`` and sets it), where a missing LibreOffice fails.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Callable
from functools import cache
from pathlib import Path

import pytest
from lxml import etree

from billdiff.render.docx_report import bookmark_names, render_docx
from billdiff.render.note_markdown import safe_text
from tests.test_render_docx import WHEN, fixture, hostile

Opened = Callable[[str], tuple[etree._Element, Path]]
ROOT = Path(__file__).resolve().parents[1]
SHOTS = ROOT / "build" / "screenshots"
TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
DC = "http://purl.org/dc/elements/1.1/"
LOEXT = "urn:org:documentfoundation:names:experimental:office:xmlns:loext:1.0"
LABEL = re.compile(r"\[(#\d+ )?(substantive|xref|relettering|typographic|spacing)\] ")


def soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        if os.environ.get("BILLDIFF_REQUIRE_OFFICE") == "1":
            pytest.fail("LibreOffice (soffice) is required here but not installed")
        pytest.skip("LibreOffice (soffice) is not installed")
    return found


def convert(source: Path, to: str, folder: Path) -> Path:
    """``soffice --headless --convert-to`` with a profile of its own (tests run in parallel)."""
    profile = folder / "profile"
    proc = subprocess.run(
        [
            soffice(),
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            to,
            "--outdir",
            str(folder),
            str(source),
        ],
        capture_output=True,
        timeout=180,
        check=False,
    )
    out = folder / f"{source.stem}.{to.split(':')[0]}"
    assert proc.returncode == 0 and out.is_file(), proc.stderr.decode(errors="replace")
    return out


@pytest.fixture(scope="module")
def opened(
    tmp_path_factory: pytest.TempPathFactory,
) -> Callable[[str], tuple[etree._Element, Path]]:
    """The fixture's document (1 → 2 with replies and a resolved note) or the hostile one,
    as flat ODF read back, and the .docx it came from."""
    soffice()

    @cache
    def open_(name: str) -> tuple[etree._Element, Path]:
        folder = tmp_path_factory.mktemp(f"office-{name}")
        if name == "hostile":
            data = hostile()[2]
        else:
            c, review = fixture((0, 1))
            data = render_docx(c, review, generated=WHEN)
        source = folder / f"{name}.docx"
        source.write_bytes(data)
        flat = convert(source, "fodt", folder)
        return etree.parse(str(flat)).getroot(), source

    return open_


def body_paragraphs(root: etree._Element, view: str) -> list[tuple[set[str], set[str], str]]:
    """Each body paragraph after Accept All (``view="accept"``) or Reject All (``"reject"``):
    the bookmarks started in it, those ended in it, and its text (annotations and change
    labels left out). LibreOffice keeps deleted words in place, between the
    ``text:change-start``/``text:change-end`` of a deletion region; a paragraph end inside
    a region that goes is a paragraph mark that goes (the paragraphs join)."""
    kinds = {
        r.get(f"{{{TEXT}}}id"): etree.QName(k).localname
        for r in root.iter(f"{{{TEXT}}}changed-region")
        for k in r
        if isinstance(k.tag, str)
    }
    gone = "deletion" if view == "accept" else "insertion"
    text = root.find(f"{{{OFFICE}}}body/{{{OFFICE}}}text")
    assert text is not None
    out: list[tuple[set[str], set[str], str]] = []
    active: set[str] = set()
    current: tuple[set[str], set[str], list[str]] = (set(), set(), [])

    def dropping() -> bool:
        return any(kinds.get(c) == gone for c in active)

    def add(words: str | None) -> None:
        if words and not dropping():
            current[2].append(words)

    def walk(e: etree._Element) -> None:
        nonlocal current
        tag = etree.QName(e).localname if isinstance(e.tag, str) else ""
        if tag == "annotation" or tag == "tracked-changes":
            return
        if tag in ("p", "h"):
            add(e.text)
            for child in e:
                walk(child)
                add(child.tail)
            if not dropping():
                starts, ends, words = current
                out.append((starts, ends, LABEL.sub("", "".join(words))))
                current = (set(), set(), [])
            return
        name = e.get(f"{{{TEXT}}}change-id") or ""
        if tag == "change-start":
            active.add(name)
        elif tag == "change-end":
            active.discard(name)
        elif tag == "bookmark-start":
            current[0].add(e.get(f"{{{TEXT}}}name", ""))
        elif tag == "bookmark-end":
            current[1].add(e.get(f"{{{TEXT}}}name", ""))
        elif tag == "s":
            add(" " * int(e.get(f"{{{TEXT}}}c", "1")))
        elif tag == "tab":
            add("\t")
        elif tag == "span":
            add(e.text)
            for child in e:
                walk(child)
                add(child.tail)
        else:
            for child in e:
                walk(child)

    walk(text)
    return out


def test_libreoffice_reads_accept_all_as_new_and_reject_all_as_old_for_every_unit_shown(
    opened: Opened,
) -> None:
    root, _ = opened("fixture")
    c, _ = fixture((0, 1))
    names = bookmark_names(c.units)
    checked = 0
    for view in ("accept", "reject"):
        paragraphs = body_paragraphs(root, view)
        for u in c.units:
            first = next((n for n, p in enumerate(paragraphs) if names[id(u)] in p[0]), None)
            if first is None:
                continue
            last = next(
                n for n in range(first, len(paragraphs)) if names[id(u)] in paragraphs[n][1]
            )
            words = [p[2] for p in paragraphs[first : last + 1]]
            version = u.new if view == "accept" else u.old
            expected = [safe_text(x) for x in version.lines] if version is not None else [""]
            assert words == expected, (u.label, view)
            checked += 1
    assert checked >= 40


def test_libreoffice_reads_every_note_and_reply_as_a_comment_and_resolved_as_resolved(
    opened: Opened,
) -> None:
    root, _ = opened("fixture")
    _, review = fixture((0, 1))
    annotations = list(root.iter(f"{{{OFFICE}}}annotation"))
    assert len(annotations) == len(review.notes) + sum(len(p.replies) for p in review.notes)
    ends = {e.get(f"{{{OFFICE}}}name") for e in root.iter(f"{{{OFFICE}}}annotation-end")}
    assert {a.get(f"{{{OFFICE}}}name") for a in annotations} == ends  # every one has a range
    authors = sorted(a.findtext(f"{{{DC}}}creator") or "" for a in annotations)
    expected = [p.author for p in review.notes]
    expected += [r["creator"]["name"] for p in review.notes for r in p.replies]
    assert authors == sorted(expected)
    resolved = [a for a in annotations if a.get(f"{{{LOEXT}}}resolved") == "true"]
    assert len(resolved) == sum(1 + len(p.replies) for p in review.notes if p.resolved) == 2


def test_libreoffice_reads_the_tracked_changes_by_their_author(opened: Opened) -> None:
    root, _ = opened("fixture")
    regions = list(root.iter(f"{{{TEXT}}}changed-region"))
    assert len(regions) > 30  # LibreOffice joins neighbouring changes of one kind
    creators = {e.text for r in regions for e in r.iter(f"{{{DC}}}creator")}
    assert creators == {"billdiff"}
    kinds = {etree.QName(k).localname for r in regions for k in r if isinstance(k.tag, str)}
    assert kinds == {"insertion", "deletion"}


def test_libreoffice_opens_the_hostile_document(opened: Opened) -> None:
    root, _ = opened("hostile")
    text = " ".join(p[2] for p in body_paragraphs(root, "accept"))
    assert "<w:t>forged</w:t></w:r><w:r>" in text and "⟨U+0007⟩bell" in text


def test_pages_render_with_changes_comments_and_headings(opened: Opened) -> None:
    """The pages, as PDF and PNG, for a person to look at; the PDF's text has the headings
    and the labels, and its comments are there as PDF annotations."""
    _, source = opened("fixture")
    pdf = convert(
        source,
        'pdf:writer_pdf_Export:{"ExportNotes":{"type":"boolean","value":"true"}}',
        source.parent,
    )
    words = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True)
    if words.returncode != 0:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    text = words.stdout
    for expected in ("Crime and Policing Bill", "Clause by clause", "[#1 SUBSTANTIVE]"):
        assert expected in text.replace("[#1 substantive]", "[#1 SUBSTANTIVE]"), expected
    assert text.count("\f") >= 8
    annotations = len(re.findall(rb"/Subtype\s*/Text\b", pdf.read_bytes()))
    assert annotations >= 15
    SHOTS.mkdir(parents=True, exist_ok=True)
    shutil.copy(pdf, SHOTS / "docx-fixture-1-to-2.pdf")
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", str(pdf), str(SHOTS / "docx-fixture-1-to-2")],
        check=True,
    )
