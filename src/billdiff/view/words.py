"""How billdiff words things, defined once: counts, clipping, print names, page:line.

>>> count(1, "note"), count(2, "reply", "replies")
('1 note', '2 replies')
>>> clip("a long   sentence that goes on", 16)
'a long sentence…'
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from billdiff.model import Kind

# Types only: the outline of one print uses these helpers without the comparison engine.
if TYPE_CHECKING:
    from billdiff.comparison import Comparison, PrintInfo, UnitChange, UnitVersion

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


#: The rows of a title block that identify a print: (label, :class:`PrintInfo` field).
PRINT_FIELDS: tuple[tuple[str, str], ...] = (
    ("Stage", "stage"),
    ("Version", "version"),
    ("House", "house"),
    ("Bill number", "bill_number"),
    ("Session", "session"),
    ("Published", "published"),
    ("Lawmaker project", "project_id"),
    ("Format", "format"),
    ("File", "source_path"),
    ("SHA-256", "sha256"),
)


def print_field(info: PrintInfo, name: str) -> str:
    """One of :data:`PRINT_FIELDS` of a print, as shown: a file by its name alone, "—" for
    nothing."""
    value = getattr(info, name)
    if name == "source_path" and value:
        return str(value).replace("\\", "/").rsplit("/", 1)[-1]
    return str(value) if value else "—"


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


@dataclass(frozen=True, slots=True)
class ReportNames:
    """What a report calls itself and the two documents it describes."""

    kind: str
    caption: str
    columns: tuple[str, str]
    sides: tuple[PrintInfo, PrintInfo]


def report_names(c: Comparison) -> ReportNames:
    """A comparison of two prints, or a Keeling schedule (an Act and the Bill amending it)."""
    if c.account is not None:
        return ReportNames(
            "Keeling schedule",
            "The Act and the Bill that amends it",
            ("The Act", "The amending Bill"),
            (c.old, c.account.bill),
        )
    return ReportNames(
        "Comparison of two prints",
        "The two prints compared",
        ("Old print", "New print"),
        (c.old, c.new),
    )


#: What the units of each kind are called.
_NOUNS = {
    Kind.SECTION: "section",
    Kind.REGULATION: "regulation",
    Kind.ARTICLE: "article",
    Kind.RULE: "rule",
}


def unit_noun(c: Comparison) -> str:
    """What the compared document calls its units: "clause" in a Bill, "section" in an Act
    (a Keeling schedule) or a Bill of the Scottish Parliament, "regulation", "article" or
    "rule" in an instrument."""
    kinds = Counter(
        u.side.kind for u in c.units if u.side.kind in _NOUNS or u.side.kind is Kind.CLAUSE
    )
    if not kinds:
        return "clause"
    kind = kinds.most_common(1)[0][0]
    if kind is Kind.CLAUSE:
        return "section" if c.new.house == "Scottish Parliament" else "clause"
    return _NOUNS[kind]


def by_unit(c: Comparison) -> str:
    """The heading over a report's units: "Clause by clause", "Section by section"."""
    noun = unit_noun(c)
    return f"{noun.capitalize()} by {noun}"
