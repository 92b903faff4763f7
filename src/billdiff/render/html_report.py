"""What every part of the report shares: its options and state (:class:`Report`), the
element ids of units, and how prints, dates and classes are named."""

from __future__ import annotations

import functools
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from billdiff.annotations.review import Require, needs_note
from billdiff.comparison import Comparison, Status, UnitChange, UnitVersion
from billdiff.render.selection import Selection
from billdiff.view.summary import Summary
from billdiff.view.words import print_name

if TYPE_CHECKING:
    from billdiff.history import History


def generator_version() -> str:
    # The package is necessarily imported already; asking it keeps this module out of
    # an import of the top-level package (which sits above the renderers).
    """billdiff's version, for the title block and the colophon."""
    return str(getattr(sys.modules.get("billdiff"), "__version__", "unknown"))


@dataclass
class Report(Selection):
    """The options of one report and what rendering it has worked out so far."""

    comparison: Comparison
    context: int | None
    generated: datetime
    summary: Summary
    #: A changes-only report: units whose words did not change, and units folded by
    #: ``hide``, are one line each, on screen and on paper (see :func:`render_html`).
    changes_only: bool = False
    #: The Bill's set of prints, for the lineage table (None: no table).
    history: History | None = None
    #: Note id -> its number in this report (reading order: attached, ambiguous, orphaned).
    numbers: dict[str, int] = field(default_factory=dict)
    #: Unit (by id()) -> its element id.
    ids: dict[int, str] = field(default_factory=dict)
    #: How many markers each note number has had (for unique marker ids).
    markers: dict[int, int] = field(default_factory=dict)
    #: The element ids of every change in reading order (the long title, headings,
    #: units), for the previous/next change links.
    sequence: list[str] = field(default_factory=list)

    @functools.cached_property
    def amendment_ids(self) -> frozenset[str]:
        """The eIds of a Keeling schedule's amendments (each has its row, "am-EID")."""
        account = self.comparison.account
        return frozenset(a.eid for a in account.amendments if a.eid) if account else frozenset()

    def brief(self, unit: UnitChange) -> bool:
        """In a changes-only report, whether the unit is one line: it changed, carries no
        note, and its words did not change (renumbered or moved) or were folded by
        ``hide``."""
        if not self.changes_only or not self.changed(unit) or self.notes_of(unit):
            return False
        if self.folded(unit):
            return True
        return unit.status in (Status.RENUMBERED, Status.MOVED) and not (
            unit.hunk_classes - self.ignore
        )

    def marker_id(self, number: int) -> str:
        n = self.markers.get(number, 0) + 1
        self.markers[number] = n
        return f"ref-{number}" if n == 1 else f"ref-{number}-{n}"


_SLUG = re.compile(r"[^a-z0-9]+")


def _slug(label: str) -> str:
    return _SLUG.sub("-", label.lower().replace("→", " to ")).strip("-") or "unit"


#: The ids of the report's own sections, which no unit may take.
_SECTION_IDS = frozenset(
    {
        "top",
        "summary",
        "how-to-read",
        "contents",
        "tools",
        "long-title",
        "containers",
        "lineage",
        "changes",
        "endnotes",
        "loose-notes",
    }
)


def unit_ids(units: Sequence[UnitChange]) -> dict[int, str]:
    """An element id for each unit (by ``id()``), from its label, none of them a section's."""
    out: dict[int, str] = {}
    used: set[str] = set(_SECTION_IDS)
    for u in units:
        base = _slug(u.label + (" removed" if u.new is None else ""))
        slug, n = base, 1
        while slug in used:
            n += 1
            slug = f"{base}-{n}"
        used.add(slug)
        out[id(u)] = slug
    return out


def bill_title(c: Comparison) -> str:
    """The Bill's title (the new print's)."""
    return c.new.title or c.old.title or "Bill"


def prints_line(c: Comparison) -> str:
    """ "As Introduced (Bill 166) → As amended in Public Bill Committee (Bill 235)"."""
    return f"{print_name(c.old)} → {print_name(c.new)}"


def made_on(when: datetime) -> str:
    """ "6 December 2026 at 22:29 UTC"."""
    return when.strftime("%-d %B %Y at %H:%M UTC")


def weighty(r: Report, u: UnitChange) -> bool:
    """Whether a unit's change needs a reader's eye (it would need a note by default)."""
    return needs_note(u, Require.SUBSTANTIVE, r.ignore)


def marker_classes(r: Report, u: UnitChange) -> str:
    """The class of a unit's bar in the margin: solid, dashed or none."""
    if not r.changed(u):
        return "m-none"
    return "m-solid" if weighty(r, u) else "m-dashed"


def group_of(version: UnitVersion) -> str:
    """ "Part 2 Offensive weapons", "Schedule 2 — Part 1 Relevant activities"."""
    if version.schedule is not None:
        sched = f"Schedule {version.schedule}" if version.schedule else "The Schedule"
        return f"{sched} — {version.part}" if version.part else sched
    return version.part or ""
