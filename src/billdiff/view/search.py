"""Finding words in both prints of a comparison, for a reader's "search".

A search looks at every unit's heading and words in the old and the new
print, case-insensitively and with quote marks, dashes and spaces matched
loosely (as notes' quotes are), and returns the places in reading order: a
unit's new text first, then its old text, so words that were deleted are
found too. Each place is found once: in the old print, only where its words
differ from the new print's (deleted or replaced), since everywhere else the
new print's hit is the same words in the same place of the redline.

>>> [(h.unit.label, h.side, h.field) for h in search(comparison, "retail worker")]  # doctest: +SKIP
[('clause 12', 'new', 'heading'), ('clause 12', 'new', 'text'), ('clause 12', 'old', 'text')]
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from billdiff.comparison import Comparison, UnitChange

_LOOSE = {
    "'": "['‘’]",
    "‘": "['‘’]",
    "’": "['‘’]",
    '"': '["“”]',
    "“": '["“”]',
    "”": '["“”]',
    "-": "[-‐‑‒–—]",
    "–": "[-‐‑‒–—]",
    "—": "[-‐‑‒–—]",
}


@dataclass(frozen=True, slots=True)
class Hit:
    """One place the words were found: the unit, which print, heading or text, and where."""

    unit: UnitChange
    side: str
    field: str
    start: int
    end: int

    @property
    def text(self) -> str:
        """The whole heading or text the words were found in."""
        version = self.unit.new if self.side == "new" else self.unit.old
        assert version is not None
        return (version.heading or "") if self.field == "heading" else version.text


def pattern(words: str) -> re.Pattern[str] | None:
    """The search pattern for ``words`` (None for nothing to look for)."""
    parts = words.split()
    if not parts:
        return None
    loose = ["".join(_LOOSE.get(ch, re.escape(ch)) for ch in part) for part in parts]
    return re.compile(r"\s+".join(loose), re.IGNORECASE)


def search(comparison: Comparison, words: str, limit: int = 10_000) -> list[Hit]:
    """Every place ``words`` occur in either print, in reading order (at most ``limit``)."""
    found = pattern(words)
    if found is None:
        return []
    hits: list[Hit] = []
    for unit in comparison.units:
        for side, version in (("new", unit.new), ("old", unit.old)):
            if version is None:
                continue
            for field, text in (("heading", version.heading or ""), ("text", version.text)):
                only_in_old = _old_only(unit, field) if side == "old" else None
                for m in found.finditer(text):
                    if only_in_old is not None and not only_in_old(m.start(), m.end()):
                        continue
                    hits.append(Hit(unit, side, field, m.start(), m.end()))
                    if len(hits) >= limit:
                        return hits
    return hits


def _old_only(unit: UnitChange, field: str) -> Callable[[int, int], bool]:
    """Whether a span of the old print's ``field`` of ``unit`` holds words the new print
    does not have there (deleted or replaced ones)."""
    old, new = unit.old, unit.new
    if old is None or new is None:
        return lambda start, end: True
    diff = unit.heading_diff if field == "heading" else unit.text_diff
    if diff is None:  # no word changes: the same words, unless the field is not compared
        same = old.heading == new.heading if field == "heading" else old.text == new.text
        return lambda start, end: not same
    spans = [(h.old_start, h.old_end) for h in diff.hunks if h.old_end > h.old_start]
    return lambda start, end: any(a < end and start < b for a, b in spans)


def context(hit: Hit, chars: int = 30) -> tuple[str, str, str]:
    """The words before ``hit`` (about ``chars`` characters, cut at a space), the words
    found, and the words after, each on one line.

    >>> context(hit)  # doctest: +SKIP
    ('… any person who works at', 'retail premises', '(whether as an employee …')
    """
    text = hit.text
    before = text[max(hit.start - chars, 0) : hit.start]
    after = text[hit.end : hit.end + chars]
    if hit.start > chars and " " in before:
        before = "… " + before[before.index(" ") + 1 :]
    if hit.end + chars < len(text) and " " in after:
        after = after[: after.rindex(" ")] + " …"
    return (
        " ".join(before.split()) + (" " if before[-1:].isspace() else ""),
        " ".join(text[hit.start : hit.end].split()),
        (" " if after[:1].isspace() else "") + " ".join(after.split()),
    )
