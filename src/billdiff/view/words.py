"""How billdiff words things, defined once: counts, clipping, print names, page:line.

>>> count(1, "note"), count(2, "reply", "replies")
('1 note', '2 replies')
>>> clip("a long   sentence that goes on", 16)
'a long sentence…'
"""

from __future__ import annotations

from typing import TYPE_CHECKING

# Types only: the outline of one print uses these helpers without the comparison engine.
if TYPE_CHECKING:
    from billdiff.comparison import PrintInfo, UnitChange, UnitVersion

#: Characters of a unit's first words shown where it has no heading.
FIRST_WORDS = 60


def count(number: int, noun: str, plural: str | None = None) -> str:
    """ "1 note", "2 notes", "0 replies"."""
    return f"{number} {noun if number == 1 else plural or noun + 's'}"


def clip(text: str, limit: int = 60) -> str:
    """``text`` on one line (whitespace runs collapsed), cut at a word with "…" if too long."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip() + "…"


def print_name(info: PrintInfo) -> str:
    """A print as a reader names it: "As Introduced (Bill 166)"; else its version or title."""
    name = info.stage or info.version or info.title
    return f"{name} ({info.bill_number})" if info.bill_number else name


def print_details(info: PrintInfo) -> str:
    """Everything that identifies a print, for a title block: stage, House, number, date."""
    parts = [info.stage or info.version or "unnamed print"]
    parts += [
        x for x in (info.house, info.bill_number, info.session and f"session {info.session}") if x
    ]
    if info.published:
        parts.append(f"published {info.published}")
    return ", ".join(parts)


def position(page: int | None, line: int | None) -> str:
    """ "p18:29", "p18" without a line, "" without a page."""
    if page is None:
        return ""
    return f"p{page}:{line}" if line is not None else f"p{page}"


def where(unit: UnitChange) -> str:
    """Where a unit is printed, saying which print: "old p18:29, new p18:31", "new p4:3"."""
    parts = []
    for side, version in (("old", unit.old), ("new", unit.new)):
        if version is not None and version.page is not None:
            parts.append(f"{side} {position(version.page, version.line)}")
    return ", ".join(parts)


def first_words(text: str, width: int = FIRST_WORDS) -> str:
    """The start of ``text``, cut at a word, for a unit that has no heading."""
    return clip(text, width)


def title(version: UnitVersion) -> str:
    """A unit's heading, or its first words where it has none (schedule paragraphs)."""
    return version.heading or first_words(version.text)
