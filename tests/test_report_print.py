"""A report a lawyer would print: ``export --changes-only`` (units whose words did not change,
and units folded by ``--hide``, in one line each, on paper too), and on screen a navigation
bar that stays at the top and previous/next-change links, all working with JavaScript off.

The page counts are Chromium's print-to-PDF of the DPDI 1 → 2 report (A4): 71 pages for
``--only-changed --hide xref,typographic`` before, 26 with ``--changes-only`` as well.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from billdiff.comparison import Status
from billdiff.render.html import render_html
from billdiff.textdiff import HunkClass
from tests.browser import SHOTS, Browser, chromium, missing  # noqa: F401
from tests.conftest import corpus_file
from tests.htmlcheck import (
    DPDI,
    GENERATED,
    comparison,
    dangling_links,
    fixture_pair,
    fixture_review,
    parse,
    write,
)
from tests.test_html_browser import pdf_text, squeeze

PDFINFO = shutil.which("pdfinfo")


def test_a_changes_only_report_puts_units_whose_words_did_not_change_in_one_line() -> None:
    c, review = fixture_pair(1, 2), fixture_review(1, 2)
    doc = parse(render_html(c, review, changes_only=True, generated=GENERATED))
    brief = {d.get("id") for d in doc.xpath("//details[contains(@class,'brief')]")}
    expected = [
        u
        for u in c.units
        if u.status in (Status.RENUMBERED, Status.MOVED)
        and not u.hunk_classes
        and not review.for_unit(u)
    ]
    assert expected and len(brief) == len(expected)
    line = doc.xpath("//details[contains(@class,'brief')]/summary")[0].text_content()
    assert re.search(
        r"clause 6 → 7\s+Fixed penalty notices: maximum amount — renumbered; words unchanged", line
    )
    assert not doc.xpath("//details[contains(@class,'unchanged')]")  # unchanged units left out
    # a unit with a note is never cut to its line; a one-line unit's contents row is
    # left off paper (its line is in its place)
    noted = [u for u in c.units if u.changed and review.for_unit(u)]
    assert noted and not any(u.status is Status.RENUMBERED and u in expected for u in noted)
    toc = doc.xpath("//table[@class='toc']//tr[contains(concat(' ', @class, ' '), ' brief ')]")
    assert len(toc) == len(brief)


def test_hidden_classes_fold_to_a_line_that_lists_the_changes() -> None:
    c = fixture_pair(1, 2)
    doc = parse(render_html(c, None, changes_only=True, hide={HunkClass.XREF}, generated=GENERATED))
    (summary,) = doc.xpath("//details[@id='clause-16-to-15']/summary")
    assert "renumbered (xref); only xref changes: #1 “17” → “16”" in " ".join(
        summary.text_content().split()
    )


def test_every_change_links_to_the_previous_and_the_next_and_the_bar_to_the_parts() -> None:
    c, review = fixture_pair(1, 2), fixture_review(1, 2)
    doc = parse(render_html(c, review, generated=GENERATED))
    assert dangling_links(doc) == []
    bar = doc.xpath("//nav[contains(@class,'jump')]//a/text()")
    assert bar[:3] == ["Top", "Summary", "Contents"] and "First change" in bar
    # Following "next change" from the first change visits every change once, in order.
    first = doc.xpath("//nav[contains(@class,'jump')]//a[.='First change']/@href")[0][1:]
    seen = [first]
    while True:
        (after,) = doc.xpath(f"//*[@id='{seen[-1]}']//a[@rel='next']/@href")
        if after == "#top":
            break
        seen.append(after[1:])
    changed = [u for u in c.units if u.changed or review.for_unit(u)]
    headings = [k for k in c.containers if k.changed]
    assert len(seen) == 1 + len(headings) + len(changed) == len(set(seen))
    assert seen[0] == "long-title-2"


def _pages(pdf: Path) -> int:
    if PDFINFO is None:
        missing("pdfinfo not installed (.ci/run installs Debian's poppler-utils)")
    out = subprocess.run([PDFINFO, str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", out, re.M).group(1))  # type: ignore[union-attr]


@pytest.mark.parametrize("scripts", [False, True], ids=["nojs", "js"])
def test_dpdi_changes_only_prints_in_far_fewer_pages_and_loses_no_change(
    chromium: Browser,  # noqa: F811
    scripts: bool,
) -> None:
    old, new = (str(corpus_file(p)) for p in DPDI)
    c = comparison(old, new)
    pdfs = {}
    for name, options in (
        ("lean", {"only_changed": True}),
        ("changes-only", {"changes_only": True}),
    ):
        hide = {HunkClass.XREF, HunkClass.TYPOGRAPHIC}
        page = render_html(c, None, hide=hide, generated=GENERATED, **options)  # type: ignore[arg-type]
        path = write(page, SHOTS, f"dpdi-{name}-{'js' if scripts else 'nojs'}.html")
        tab = chromium.open(path, scripts=scripts)
        try:
            pdfs[name] = tab.pdf(SHOTS / f"dpdi-{name}-{'js' if scripts else 'nojs'}.pdf")
        finally:
            tab.close()
    lean, short = _pages(pdfs["lean"]), _pages(pdfs["changes-only"])
    assert short * 2 < lean, (short, lean)
    text = squeeze(pdf_text(pdfs["changes-only"]))
    for u in c.changed_units():
        assert squeeze(u.label) in text, u.label
    # A renumbered clause whose words are unchanged is its one line, not its words.
    same = next(u for u in c.units if u.status is Status.RENUMBERED and not u.hunk_classes)
    assert squeeze(same.side.lines[-1]) not in text


def test_the_navigation_bar_stays_at_the_top_without_javascript(chromium: Browser) -> None:  # noqa: F811
    c, review = fixture_pair(1, 2), fixture_review(1, 2)
    path = write(render_html(c, review, generated=GENERATED), SHOTS, "fixture-1-2-nav.html")
    tab = chromium.open(path, scripts=False, width=1200, height=800)
    try:
        tab.evaluate("document.getElementById('clause-19-to-18').scrollIntoView()")
        top = tab.evaluate("document.querySelector('nav.jump').getBoundingClientRect().top")
        assert top == 0
        assert tab.evaluate("document.querySelector('nav.jump').checkVisibility()")
        assert tab.errors() == [] and tab.requests == [path.resolve().as_uri()]
        tab.screenshot(SHOTS / "fixture-1-2-nav.png", full_page=False)
    finally:
        tab.close()


def test_export_changes_only_writes_the_short_report(bd, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import PRINTS

    out = tmp_path / "print.html"
    code, _, err = bd("export", PRINTS[0], PRINTS[1], "--changes-only", "-o", out)
    assert code == 0 and "wrote" in err
    doc = parse(out.read_text(encoding="utf-8"))
    assert doc.xpath("//body/@class") == ["changes-only"]
    assert doc.xpath("//details[contains(@class,'brief')]")
    assert "changes only:" in doc.xpath("string(//p[@class='made'])")
