"""What a reader is told about one unit besides its redline, worded once for every front end.

>>> status_text(unit)  # doctest: +SKIP
'renumbered (substantive, xref)'
>>> facts(unit)  # doctest: +SKIP
['moved from Part 3 Retail crime to Part 5 Police powers']
"""

from __future__ import annotations

from billdiff.comparison import Comparison, Status, UnitChange, UnitVersion
from billdiff.provenance import labels
from billdiff.textdiff import Hunk
from billdiff.view.summary import CLASS_ORDER


def classes(unit: UnitChange) -> list[str]:
    """The classes of the unit's changes, most significant first."""
    present = {c.value for c in unit.hunk_classes}
    return [c for c in CLASS_ORDER if c in present] + sorted(present - set(CLASS_ORDER))


def status_text(unit: UnitChange) -> str:
    """ "amended (substantive)", "renumbered (xref, typographic)", "added"."""
    found = classes(unit)
    return unit.status.value + (f" ({', '.join(found)})" if found else "")


def moved_text(unit: UnitChange) -> str | None:
    """Where a moved unit went: "moved from Part 3 Retail crime to Part 5 Police powers",
    "moved from cross-heading “A” to cross-heading “B”", "moved out of order"."""
    if unit.status is not Status.MOVED or unit.old is None or unit.new is None:
        return None
    old, new = unit.old, unit.new
    how = unit.movement or ("order",)
    parts = []
    if "part" in how:
        parts.append(f"from {old.part or 'outside any Part'} to {new.part or 'outside any Part'}")
    if "crossheading" in how:
        before = f"cross-heading “{old.crossheading}”" if old.crossheading else "no cross-heading"
        after = f"cross-heading “{new.crossheading}”" if new.crossheading else "no cross-heading"
        parts.append(f"from {before} to {after}")
    if not parts:
        return "moved within its Part (out of order)"
    return "moved " + ", and ".join(parts)


def related_texts(unit: UnitChange) -> list[str]:
    """Which other units took or gave words: both ends of a split or merge say so."""
    out = []
    if unit.status is Status.SPLIT:
        out += [f"split from {r}" for r in unit.related]
    elif unit.status is Status.MERGED:
        out += [f"merged into {r}" for r in unit.related]
    out += [f"part of its words went into {r} (split off)" for r in unit.split_into]
    out += [f"{r} was merged into it" for r in unit.merged_from]
    return out


def structure_text(unit: UnitChange) -> str | None:
    """The sub-provisions added, removed or replaced, as one line."""
    return "; ".join(unit.structure) if unit.structure else None


def sources_text(unit: UnitChange) -> str | None:
    """In a Keeling schedule, which amendments inserted, omitted or substituted the unit:
    "inserted by s. 1(4)"."""
    return labels(unit.sources) if unit.sources else None


def made_by(c: Comparison, unit: UnitChange, hunk: Hunk | None) -> list[str]:
    """In a Keeling schedule, the Bill provisions that made a change (``hunk``, else the
    unit as a whole), each with its words: "s. 5(2)(a) (words substituted): in subsection
    (1), for “10 or over” substitute …". Empty for a comparison of two prints."""
    if c.account is None:
        return []
    sources = hunk.sources if hunk is not None and hunk.sources else unit.sources
    return [f"{a.citation} ({a.effect}): {a.words}" for a in c.account.made(sources)]


def facts(unit: UnitChange) -> list[str]:
    """Every line a reader is told about the unit besides its headings and words."""
    out = []
    source = sources_text(unit)
    if source:
        out.append(source)
    moved = moved_text(unit)
    if moved:
        out.append(moved)
    if unit.status is Status.SUBSTITUTED:
        out.append(unit.reason)
    out += related_texts(unit)
    structure = structure_text(unit)
    if structure:
        out.append(structure)
    return out


def match_text(unit: UnitChange) -> str | None:
    """Why the old and new versions were taken for one unit: "matched by GUID",
    "matched by similar 0.93 + same Part"; None for a unit in one print only (and for a
    substituted one, whose reason :func:`facts` already gives)."""
    if unit.old is None or unit.new is None or not unit.reason:
        return None
    if unit.status is Status.SUBSTITUTED:
        return None
    return f"matched by {unit.reason}"


def group(version: UnitVersion) -> str:
    """The Part (or schedule and Part) a unit is printed under, as a heading:
    "Part 2 Offensive weapons", "Schedule 2 — Part 1 Relevant activities"; "" for none."""
    if version.schedule is not None:
        sched = f"Schedule {version.schedule}" if version.schedule else "The Schedule"
        return f"{sched} — {version.part}" if version.part else sched
    return version.part or ""
