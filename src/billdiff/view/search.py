"""Finding words in both prints of a comparison, for a reader's "search".

A search looks at every unit's heading and words in the old and the new
print, case-insensitively and with quote marks, dashes and spaces matched
loosely (as notes' quotes are), and returns the places in reading order: a
unit's new text first, then its old text, so words that were deleted are
found too.

>>> [(h.unit.label, h.side, h.field) for h in search(comparison, "retail worker")]  # doctest: +SKIP
[('clause 12', 'new', 'heading'), ('clause 12', 'new', 'text'), ('clause 12', 'old', 'text')]
"""

from __future__ import annotations

import re
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
                for m in found.finditer(text):
                    hits.append(Hit(unit, side, field, m.start(), m.end()))
                    if len(hits) >= limit:
                        return hits
    return hits
