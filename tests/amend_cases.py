"""Shared, cached cases for the amendment tests: each pair of prints is read, compared,
drafted and checked once per test session."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from lxml import etree

from billdiff.amend.generate import Draft, draft
from billdiff.amend.positions import PrintPositions, read_positions
from billdiff.amend.verify import Check, check
from billdiff.comparison import Comparison
from billdiff.engine import compare
from billdiff.formats import load
from billdiff.formats.xmlsafe import load_xml
from billdiff.model import Bill
from tests.conftest import FIXTURES

FIXTURE_PAIRS = {
    "fixtures 1→2": (
        FIXTURES / "1-commons-introduced.xml",
        FIXTURES / "2-commons-public-bill-committee.xml",
    ),
    "fixtures 2→3": (
        FIXTURES / "2-commons-public-bill-committee.xml",
        FIXTURES / "3-lords-brought-from-commons.xml",
    ),
}
CORPUS_PAIRS = {
    "Social Housing 1→2": (
        "uk-akn/social-housing-bill-1-hl-committee.xml",
        "uk-akn/social-housing-bill-2-hl-report.xml",
    ),
    "Social Housing 3→4": (
        "uk-akn/social-housing-bill-3-hc-brought-from-lords.xml",
        "uk-akn/social-housing-bill-4-hc-pbc.xml",
    ),
    "DPDI 1→2": ("uk-akn/dpdi-bill-1-hc-introduced.xml", "uk-akn/dpdi-bill-2-hc-committee.xml"),
}


@dataclass(frozen=True)
class Case:
    old_path: Path
    old: Bill
    new: Bill
    comparison: Comparison
    positions: PrintPositions
    draft: Draft
    check: Check


@cache
def case(old: Path, new: Path) -> Case:
    o, n = load(old), load(new)
    c = compare(o, n)
    pos = read_positions(o)
    d = draft(c, o, pos)
    return Case(old, o, n, c, pos, d, check(d, o, c, pos))


@cache
def bill(path: Path) -> Bill:
    return load(path)


# -- an independent reading of the printed lines ---------------------------------------------
# Not the reader's walker: every text node and tail of the body in document order, cut at
# each <?L page-line?> marker, editorial notes left out, quote marks from attributes ignored.

_SKIP = {"authorialNote", "noteRef"}
_ASCII_SPACE = re.compile(r"[ \t\r\n]+")
_TOKEN = re.compile(r"\w+|[^\w\s“”‘’\"']")


def tokens(text: str) -> list[str]:
    """Words and punctuation, quote marks left out (they may live in attributes)."""
    return _TOKEN.findall(text)


@cache
def printed_lines(path: Path) -> dict[tuple[int, int], str]:
    """The text of every printed line of a print, by (page, line)."""
    root = load_xml(path).root
    body = next(
        el for el in root.iter() if isinstance(el.tag, str) and etree.QName(el).localname == "body"
    )
    lines: dict[tuple[int, int], list[str]] = {}
    current: list[str] = []

    def walk(el: etree._Element) -> None:
        nonlocal current
        if isinstance(el, etree._ProcessingInstruction):
            if el.target == "L":
                page, _, line = (el.text or "").strip().partition("-")
                current = lines.setdefault((int(page), int(line)), [])
            current.append(el.tail or "")
            return
        if not isinstance(el.tag, str) or etree.QName(el).localname in _SKIP:
            current.append(el.tail or "")
            return
        current.append(" " + (el.text or ""))
        for child in el:
            walk(child)
        current.append(" " + (el.tail or ""))

    walk(body)
    return {k: _ASCII_SPACE.sub(" ", "".join(v)).strip(" ") for k, v in lines.items()}


@cache
def _order(path: Path) -> tuple[list[tuple[int, int]], dict[tuple[int, int], int]]:
    keys = sorted(printed_lines(path))
    return keys, {k: n for n, k in enumerate(keys)}


def starts_on(path: Path, page: int, line: int, words: str, lookahead: int = 4) -> bool:
    """Whether ``words`` begin on ``page``, ``line`` of the print (they may run on)."""
    lines = printed_lines(path)
    if (page, line) not in lines:
        return False
    here = tokens(lines[(page, line)])
    keys, index = _order(path)
    k = index[(page, line)]
    after: list[str] = []
    for key in keys[k + 1 : k + 1 + lookahead]:
        after += tokens(lines[key])
    run = here + after
    if not tokens(words) or words.strip(" ").isspace():
        # A quote mark, a figure or no-break space: the character itself.
        return words.strip(" ") in lines[(page, line)]
    want = tokens(words)
    return bool(want) and any(run[s : s + len(want)] == want for s in range(len(here)))


def ends_on(path: Path, page: int, line: int, words: str) -> bool:
    """Whether ``words`` end ``page``, ``line`` of the print (they may start before it)."""
    lines = printed_lines(path)
    if (page, line) not in lines:
        return False
    keys, index = _order(path)
    k = index[(page, line)]
    run: list[str] = []
    for key in keys[max(0, k - 4) : k + 1]:
        run += tokens(lines[key])
    want = tokens(words)
    return bool(want) and run[-len(want) :] == want
