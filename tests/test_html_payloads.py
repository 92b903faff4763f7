"""Hostile bill text and hostile notes cannot put markup, script or links into the report.

A print of the fixture Bill gets payloads in a clause's heading and words (written into
the XML with lxml, so they reach the renderer through the reader), and in the Bill's
title; notes carry them in Markdown, author, tags and replies. The report is read back
with lxml and, when Chromium is there, loaded with JavaScript on: only our one script
exists and runs, no element has an event handler, no link is ``javascript:`` or
``data:``, the stylesheet is whole, and every payload reads as the text it is.
"""

from __future__ import annotations

import dataclasses
import re
from functools import cache
from pathlib import Path

import pytest
from lxml import etree

import billdiff
from billdiff.annotations.notes import change_target, new_note, new_reply, unit_target
from billdiff.annotations.review import Review
from billdiff.comparison import Comparison
from billdiff.engine import compare
from billdiff.render.html import render_html, script, stylesheet
from tests.browser import SHOTS, Browser, chromium  # noqa: F401
from tests.conftest import PRINTS
from tests.htmlcheck import GENERATED, dangling_links, parse, text_of, write

SCRIPT = '<script>document.body.dataset.pwned="script"</script>'
STYLE = '</style><script>document.body.dataset.pwned="style"</script><style>'
IMG = "\"'><img src=x onerror=\"document.body.dataset.pwned='img'\">"
TITLE = '</title><script>document.body.dataset.pwned="title"</script>'
QUOTES = '" onmouseover="document.body.dataset.pwned=\'attr\'" x="'
ANCHOR = '<a href="javascript:document.body.dataset.pwned=1">click</a>'
BIDI = "\u202eevil\u202c"

MARKDOWN = "\n\n".join(
    [
        SCRIPT,
        "[js](javascript:document.body.dataset.pwned='md')",
        "[JS](JaVaScRiPt:alert(1))",
        "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "<javascript:alert(1)>",
        "![img](https://attacker.invalid/pixel.png)",
        IMG,
        STYLE,
        '[quote](https://example.test/" onclick="x)',
        "[fine](https://www.legislation.gov.uk/ukpga/2023/29)",
        "nul \x00 and \ufffe and " + BIDI,
    ]
)


def hostile_print(folder: Path) -> Path:
    """Print 2 with payloads in clause 12's heading and first subsection."""
    tree = etree.parse(str(PRINTS[1]))
    heading = tree.xpath("//*[local-name()='heading'][@eId='sec_12__hdg']")[0]
    heading.text = f"Assault of retail worker {SCRIPT} {IMG}"
    para = tree.xpath(
        "//*[local-name()='subsection'][@eId='sec_12__subsec_1']//*[local-name()='p']"
    )[0]
    para.text = f"{STYLE} {QUOTES} {ANCHOR} {BIDI} " + (para.text or "")
    path = folder / "hostile.xml"
    tree.write(str(path), encoding="utf-8", xml_declaration=True)
    return path


@cache
def hostile(folder: str) -> tuple[Comparison, Review, str]:
    old = billdiff.load(str(PRINTS[0]))
    new = billdiff.load(str(hostile_print(Path(folder))))
    new = dataclasses.replace(new, title=f"Crime and Policing Bill {TITLE} {QUOTES}")
    c = compare(old, new)
    unit = next(u for u in c.units if u.label == "clause 12")
    note = new_note(change_target(c, unit, 2), MARKDOWN, f"Mallory {SCRIPT}", tags=(IMG,))
    note["replies"] = [new_reply(f"reply {STYLE} [r](javascript:alert(2))", QUOTES)]
    whole = new_note(unit_target(c, unit), f"# {TITLE}\n\n{ANCHOR}", "Eve")
    review = Review(c, [note, whole])
    page = render_html(c, review, generated=GENERATED)
    return c, review, page


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> tuple[Comparison, Review, str]:
    return hostile(str(tmp_path_factory.mktemp("hostile")))


def test_the_payloads_reached_the_comparison(report: tuple[Comparison, Review, str]) -> None:
    c, review, _ = report
    unit = next(u for u in c.units if u.label == "clause 12")
    assert unit.new is not None and SCRIPT in (unit.new.heading or "")
    assert STYLE in unit.new.text and ANCHOR in unit.new.text
    assert len(review.attached) == 2


def test_only_our_script_and_style_and_no_handlers(report: tuple[Comparison, Review, str]) -> None:
    _, _, page = report
    doc = parse(page)
    assert [s.text for s in doc.xpath("//script")] == [script()]
    styles = doc.xpath("//style")
    assert len(styles) == 1
    rest = styles[0].text[len(stylesheet()) :]
    assert styles[0].text.startswith(stylesheet())
    assert re.fullmatch(r'\n@page \{ @top-left \{ content: "[A-Za-z0-9\\]*"; \} \}\n', rest)
    assert doc.xpath("//@*[starts-with(name(), 'on')]") == []
    assert doc.xpath("//img|//iframe|//object|//embed|//link|//@src|//@style") == []
    for href in doc.xpath("//@href"):
        assert href.startswith(("#", "https://", "http://", "mailto:")), href
        assert not re.search(r"(?i)javascript:|data:", href), href
    assert dangling_links(doc) == []
    # The page is whole: the footer and every section after the hostile clause are there.
    assert doc.xpath("//footer[@class='colophon']")
    assert doc.xpath("//section[@id='endnotes']//li")


def test_payloads_read_as_text(report: tuple[Comparison, Review, str]) -> None:
    _, _, page = report
    doc = parse(page)
    assert TITLE in doc.xpath("//title")[0].text
    assert TITLE in text_of(doc.xpath("//h1")[0])
    clause = doc.xpath("//*[@id='clause-12']")[0]
    heading = text_of(clause.xpath(".//h3")[0])
    assert SCRIPT in heading and " ".join(IMG.split()) in heading
    words = text_of(clause)
    for payload in (STYLE, ANCHOR, " ".join(QUOTES.split())):
        assert payload in words
    assert "⟨U+202E⟩evil⟨U+202C⟩" in words  # bidi controls are spelled out, not obeyed
    note = text_of(doc.xpath("//aside[@id='note-2']")[0])
    for payload in ("[js](javascript:", "[data](data:text/html", "<javascript:alert(1)>", STYLE):
        assert payload in note, payload
    assert "⟨U+0000⟩" in note and "⟨U+FFFE⟩" in note
    assert f"Mallory {SCRIPT}" in note and "reply " + STYLE in note
    links = doc.xpath("//aside[@id='note-2']//a[@rel]/@href")
    assert links == [
        "https://attacker.invalid/pixel.png",  # an image becomes a plain link, never loaded
        "https://www.legislation.gov.uk/ukpga/2023/29",
    ]
    assert '[quote](https://example.test/" onclick="x)' in note  # not a link at all
    # A note's heading does not join the report's outline.
    assert doc.xpath("//aside//h1|//aside//h2|//aside//h3") == []


def test_in_a_browser_nothing_runs_but_our_script(
    report: tuple[Comparison, Review, str],
    chromium: Browser,  # noqa: F811
) -> None:
    _, _, page = report
    path = write(page, SHOTS, "hostile.html")
    tab = chromium.open(path)
    try:
        assert tab.evaluate("document.body.dataset.pwned === undefined")
        assert tab.evaluate("document.scripts.length") == 1
        assert tab.evaluate("document.querySelectorAll('[onerror],[onclick],img').length") == 0
        assert tab.evaluate("document.getElementById('tools').children.length") > 0  # ours ran
        assert (
            tab.evaluate("getComputedStyle(document.querySelector('del')).textDecorationLine")
            == "line-through"
        )
        assert tab.evaluate("document.title").startswith("Crime and Policing Bill </title>")
        assert tab.errors() == []
        assert tab.requests == [path.resolve().as_uri()]
    finally:
        tab.close()
