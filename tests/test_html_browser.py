"""The report in a real browser: headless Chromium loads the reports of the fixture prints
and of DPDI 1 → 2, with and without JavaScript, on a wide and a narrow window and on paper.

Nothing but the file itself is requested, nothing is logged, every change and note is
visible with JavaScript off, and the PDF printed with the default settings (no
backgrounds) holds every "deleted:"/"inserted:" label, every note and the folded units'
words. Screenshots and PDFs are left in ``build/screenshots/`` for a person to look at.
Skipped without Chromium (``.ci/run`` installs Debian's), and the DPDI case without the
corpus.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest

from billdiff.annotations.review import Review
from billdiff.view.words import print_name
from tests.browser import SHOTS, Browser, Page, chromium, missing  # noqa: F401
from tests.conftest import corpus_file
from tests.htmlcheck import (
    DPDI,
    comparison,
    dpdi_report,
    dpdi_review,
    fixture_pair,
    fixture_report,
    fixture_review,
    parse,
    write,
)

CASES = ("fixture-1-2", "fixture-2-3", "dpdi-1-2")

PDFTOTEXT = shutil.which("pdftotext")


def case(name: str) -> tuple[Path, Review, object]:
    """The report's file, its review and its comparison."""
    if name == "dpdi-1-2":
        old, new = (str(corpus_file(p)) for p in DPDI)
        return (
            write(dpdi_report(old, new), SHOTS, f"{name}.html"),
            dpdi_review(old, new),
            (comparison(old, new)),
        )
    first, second = int(name[-3]), int(name[-1])
    page = fixture_report(first, second)
    return (
        write(page, SHOTS, f"{name}.html"),
        fixture_review(first, second),
        fixture_pair(first, second),
    )


@pytest.fixture(scope="module", autouse=True)
def say_where_the_screenshots_are(pytestconfig: pytest.Config) -> Iterator[None]:
    yield
    reporter = pytestconfig.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None and SHOTS.is_dir():
        reporter.write_line(f"\nbrowser screenshots and PDFs: {SHOTS}")


def opened(browser: Browser, path: Path, **options: object) -> Page:
    return browser.open(path, **options)  # type: ignore[arg-type]


@pytest.mark.parametrize("name", CASES)
def test_nothing_is_requested_and_nothing_complains(
    name: str,
    chromium: Browser,  # noqa: F811
) -> None:
    path, _, _ = case(name)
    tab = opened(chromium, path)
    try:
        assert tab.requests == [path.resolve().as_uri()]
        assert tab.errors() == []
        assert tab.evaluate("document.getElementById('tools').children.length") == 3
        tab.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        assert tab.requests == [path.resolve().as_uri()] and tab.errors() == []
        tab.evaluate("document.querySelectorAll('details').forEach(d => d.open = false)")
        tab.screenshot(SHOTS / f"{name}-screen.png")
    finally:
        tab.close()


VISIBLE = """(() => {
  const all = s => Array.from(document.querySelectorAll(s));
  const seen = s => all(s).filter(e => e.checkVisibility()).length;
  return {
    marks: all('del, ins').length, marksSeen: seen('del, ins'),
    notes: all('aside.note').length, notesSeen: seen('aside.note'),
    refs: all('sup.noteref a').length, refsSeen: seen('sup.noteref a'),
    tools: document.getElementById('tools').children.length,
  };
})()"""


@pytest.mark.parametrize("name", CASES)
def test_without_javascript_every_change_and_note_is_shown(
    name: str,
    chromium: Browser,  # noqa: F811
) -> None:
    path, review, _ = case(name)
    tab = opened(chromium, path, scripts=False)
    try:
        seen = tab.evaluate(VISIBLE)
        assert seen["tools"] == 0  # the script did not run
        assert seen["marks"] == seen["marksSeen"] > 0
        assert seen["notes"] == seen["notesSeen"] == len(review.notes)
        assert seen["refs"] == seen["refsSeen"] >= len(review.attached)
        assert tab.errors() == [] and tab.requests == [path.resolve().as_uri()]
        tab.screenshot(SHOTS / f"{name}-nojs.png")
    finally:
        tab.close()


def pdf_text(path: Path) -> str:
    """The PDF's text in the order it was drawn (pages end with a form feed)."""
    if PDFTOTEXT is None:
        missing("pdftotext not installed (.ci/run installs Debian's poppler-utils)")
    done = subprocess.run(
        [PDFTOTEXT, "-raw", "-enc", "UTF-8", str(path), "-"],
        capture_output=True,
        check=True,
        timeout=60,
    )
    return done.stdout.decode("utf-8")


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


@pytest.mark.parametrize("name", CASES)
def test_on_paper_every_label_note_and_folded_unit_is_printed(
    name: str,
    chromium: Browser,  # noqa: F811
) -> None:
    path, review, c = case(name)
    tab = opened(chromium, path, scripts=False)  # the print stylesheet alone opens folds
    try:
        pdf = tab.pdf(SHOTS / f"{name}.pdf")
    finally:
        tab.close()
    text = pdf_text(pdf)
    bill = c.new.title  # type: ignore[attr-defined]
    pages = text.count("\f")
    assert pages > 1 and text.count(bill) >= pages  # the running header, on every page
    # The words as printed, without the running header and page numbers between pages.
    header = squeeze(f"{bill} — {print_name(c.old)} → {print_name(c.new)}")  # type: ignore[attr-defined]
    flat = re.sub(r"Page\d+of\d+", "", squeeze(text).replace(header, ""))
    doc = parse(path.read_text(encoding="utf-8"))
    assert flat.count("[deleted:") == len(doc.xpath("//del"))
    assert flat.count("[inserted:") == len(doc.xpath("//ins"))
    for n, p in enumerate(review.notes, 1):
        assert f"Note{n}" in flat
        assert squeeze(p.text.replace("*", "")) in flat, p.text
    folded = [u for u in c.units if not u.changed]  # type: ignore[attr-defined]
    assert folded
    for u in folded[:5]:
        assert squeeze(u.side.lines[-1]) in flat, u.label


def test_a_narrow_window_never_scrolls_sideways(chromium: Browser) -> None:  # noqa: F811
    path, _, _ = case("fixture-1-2")
    tab = opened(chromium, path, width=400, height=800)
    try:
        assert tab.evaluate(
            "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
        )
        tab.screenshot(SHOTS / "fixture-1-2-narrow.png")
    finally:
        tab.close()
