"""The result of comparing two prints: plain immutable data every output reads.

A :class:`Comparison` holds a :class:`UnitChange` for every unit (clause,
section, schedule paragraph) of either print, a :class:`ContainerChange` for
every Part, Chapter, cross-heading and schedule, and the two prints'
metadata. :func:`billdiff.compare.compare` builds it; nothing mutates it.

>>> from billdiff import compare, load  # doctest: +SKIP
>>> c = compare(load("old.xml"), load("new.xml"))  # doctest: +SKIP
>>> [u.label for u in c.units if u.changed]  # doctest: +SKIP
['clause 5', 'clause 12 → 14', ...]
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import NamedTuple

from billdiff.model import Bill, Kind
from billdiff.normalise import NORMALISATION_VERSION
from billdiff.provenance import Source
from billdiff.textdiff import HunkClass, Renumbering, TextDiff


class Status(StrEnum):
    """What happened to a unit between the two prints."""

    UNCHANGED = "unchanged"
    AMENDED = "amended"
    RENUMBERED = "renumbered"
    MOVED = "moved"
    ADDED = "added"
    REMOVED = "removed"
    SPLIT = "split"
    MERGED = "merged"
    #: Same number and place, but a new provision: a new GUID, or words rewritten beyond
    #: any similarity. One entry with both sides (the alignment never pairs them).
    SUBSTITUTED = "substituted"


class ContainerStatus(StrEnum):
    """What happened to a Part, Chapter, cross-heading or schedule."""

    UNCHANGED = "unchanged"
    RENAMED = "renamed"
    RENUMBERED = "renumbered"
    ADDED = "added"
    REMOVED = "removed"


#: Kinds of the headings a comparison reports besides its units (see
#: :attr:`Comparison.headings`).
HEADING_KINDS = frozenset(
    {Kind.LONG_TITLE, Kind.PART, Kind.CHAPTER, Kind.CROSSHEADING, Kind.SCHEDULE}
)

#: Statuses that describe a structural change whatever the words did.
STRUCTURAL = frozenset(
    {
        Status.RENUMBERED,
        Status.MOVED,
        Status.ADDED,
        Status.REMOVED,
        Status.SPLIT,
        Status.MERGED,
        Status.SUBSTITUTED,
    }
)


class LineInfo(NamedTuple):
    """Where one line of a unit's text comes from: its sub-provision and printed position.

    ``number`` is the sub-provision's place as printed numbers ("(3)(b)"; "" for the
    unit's own words); ``start`` is the line's offset in :attr:`UnitVersion.text`.
    ``page``/``line`` are where the sub-provision starts in the print (None for words
    after its children, and in prints without ``<?L?>`` markers). (A named tuple: a
    comparison makes one for every line of every unit.)
    """

    number: str
    kind: Kind
    guid: str | None
    eid: str | None
    page: int | None
    line: int | None
    start: int
    wrap_up: bool = False


@dataclass(frozen=True, slots=True)
class UnitVersion:
    """One side of a unit: where it sits in its print and what it says."""

    kind: Kind
    number: str | None
    heading: str | None
    schedule: str | None
    part: str | None
    guid: str | None
    eid: str | None
    page: int | None
    line: int | None
    index: int
    #: One line per sub-provision ("(2) The court may—"); ``text`` is them joined by spaces.
    lines: tuple[str, ...]
    #: The words in reading order: what word diffs and note positions index.
    text: str
    #: Its numbered sub-provisions: ("subsection (2)(a)"-style label, GUID or None).
    parts: tuple[tuple[str, str | None], ...] = ()
    #: For each of :attr:`lines`, its sub-provision and printed position.
    line_info: tuple[LineInfo, ...] = ()
    #: The heading of its innermost cross-heading (None if it is under none).
    crossheading: str | None = None
    #: The Parts and Chapters it sits in, outermost first, as references ("Part 3",
    #: "Chapter 2"); within a schedule, the schedule's own Parts (see :attr:`schedule`).
    within: tuple[str, ...] = ()

    def span(self, path: str) -> tuple[int, int] | None:
        """Where the sub-provision ``path`` ("(3)", "(3)(a)") and its children are in
        :attr:`text` (start, end), or None if the unit has no such sub-provision."""
        found = [
            (info.start, info.start + len(line))
            for info, line in zip(self.line_info, self.lines, strict=False)
            if info.number == path or info.number.startswith(path + "(")
        ]
        if not found:
            return None
        return found[0][0], found[-1][1]

    def line_at(self, offset: int) -> LineInfo | None:
        """The line of :attr:`text` that holds character ``offset`` (None if no lines)."""
        found = None
        for info in self.line_info:
            if info.start > offset:
                break
            found = info
        return found

    @property
    def label(self) -> str:
        """ "clause 12", "Schedule 2 paragraph 5", "regulation 3", "Schedule 1"; for the
        headings a comparison also reports, "Part 3", "Part 3 Chapter 2", "Schedule 2 Part
        1", "cross-heading “Grooming”", "long title"."""
        if self.kind is Kind.SCHEDULE:
            return f"Schedule {self.number}" if self.number else "the Schedule"
        if self.kind is Kind.LONG_TITLE:
            return "long title"
        if self.kind is Kind.CROSSHEADING:
            return f"cross-heading “{self.heading or ''}”"
        if self.kind in (Kind.PART, Kind.CHAPTER):
            path = [*self.within, f"{self.kind.value.capitalize()} {self.number or ''}".strip()]
            if self.schedule is not None:
                path.insert(0, f"Schedule {self.schedule}" if self.schedule else "the Schedule")
            return " ".join(path)
        num = self.number or "(unnumbered)"
        if self.kind is Kind.SCHEDULE_PARAGRAPH:
            sched = f"Schedule {self.schedule}" if self.schedule else "the Schedule"
            return f"{sched} paragraph {num}"
        return f"{self.kind.value} {num}"

    @property
    def ref(self) -> str:
        """A short reference used on the command line: "12", "2/5" (schedule/paragraph),
        "Schedule 1" (a schedule without paragraphs); "Part 3", "Part 3 Chapter 2",
        "long title" for the headings."""
        num = self.number or ""
        if self.kind is Kind.SCHEDULE_PARAGRAPH:
            return f"{self.schedule or ''}/{num}" if self.schedule else f"S/{num}"
        if self.kind in HEADING_KINDS:
            return self.label
        return num


@dataclass(frozen=True, slots=True)
class UnitChange:
    """A unit in both prints, or one of them, with its status and word-level diffs."""

    status: Status
    old: UnitVersion | None
    new: UnitVersion | None
    reason: str
    score: float
    heading_diff: TextDiff | None
    text_diff: TextDiff | None
    #: For a split (merged) unit: the unit its words came from (went into).
    related: tuple[str, ...] = ()
    #: Sub-provisions added, removed or replaced: ("subsection (6) added", …).
    structure: tuple[str, ...] = ()
    #: Units split off from this one: they were added with words this one lost.
    split_into: tuple[str, ...] = ()
    #: Units merged into this one: they were removed and their words are here now.
    merged_from: tuple[str, ...] = ()
    #: How a MOVED unit moved, any of "part" (another Part, Chapter or schedule),
    #: "crossheading" (another cross-heading) and "order" (out of order among its
    #: neighbours); empty for every other status.
    movement: tuple[str, ...] = ()
    #: In a Keeling schedule, the amendments that inserted, omitted or substituted the
    #: unit as a whole (its word changes carry their own, on each hunk).
    sources: tuple[Source, ...] = ()

    @property
    def side(self) -> UnitVersion:
        """The newest version there is (new, or old for a removed unit)."""
        side = self.new or self.old
        assert side is not None
        return side

    @property
    def label(self) -> str:
        """ "clause 12", "clause 12 → 14", "clause 7 (removed)", "Part 6 → 7",
        "cross-heading “Grooming” → “Grooming and other aggravating factors”"."""
        if self.old and self.new and self.old.number != self.new.number:
            return f"{self.old.label} → {self.new.number}"
        if (
            self.old
            and self.new
            and self.old.kind is Kind.CROSSHEADING
            and self.old.heading != self.new.heading
        ):
            return f"{self.old.label} → “{self.new.heading or ''}”"
        return self.side.label

    @property
    def key(self) -> str:
        """A stable identifier for this unit within the comparison."""
        side = self.side
        return side.guid or f"{side.kind.value}:{side.ref}@{'new' if self.new else 'old'}"

    @property
    def hunk_classes(self) -> frozenset[HunkClass]:
        """Classes of every word-level change (heading and text)."""
        out: set[HunkClass] = set()
        for d in (self.heading_diff, self.text_diff):
            if d is not None:
                out |= d.classes()
        return frozenset(out)

    @property
    def text_changed(self) -> bool:
        """Whether any words (heading or text) differ."""
        return bool(self.hunk_classes)

    def changed_after(self, ignore: Iterable[HunkClass] = ()) -> bool:
        """Whether this unit still counts as changed once ``ignore``d classes are set aside."""
        if self.status in STRUCTURAL:
            return True
        return bool(self.hunk_classes - set(ignore))

    @property
    def changed(self) -> bool:
        """Whether anything changed at all."""
        return self.changed_after(())


@dataclass(frozen=True, slots=True)
class ContainerVersion:
    """One side of a Part, Chapter, cross-heading or schedule."""

    kind: Kind
    number: str | None
    heading: str | None
    guid: str | None
    eid: str | None
    page: int | None
    line: int | None

    @property
    def label(self) -> str:
        """ "Part 2 Offensive weapons", "cross-heading “Grooming”"."""
        if self.kind is Kind.CROSSHEADING:
            return f"cross-heading “{self.heading or ''}”"
        name = f"{self.kind.value.capitalize()} {self.number or ''}".strip()
        return f"{name} {self.heading or ''}".strip()


@dataclass(frozen=True, slots=True)
class ContainerChange:
    """A container in both prints or one of them."""

    status: ContainerStatus
    old: ContainerVersion | None
    new: ContainerVersion | None
    reason: str
    #: In a Keeling schedule, the amendments that inserted, omitted or renamed it.
    sources: tuple[Source, ...] = ()

    @property
    def changed(self) -> bool:
        """Whether the container was added, removed, renamed or renumbered."""
        return self.status is not ContainerStatus.UNCHANGED


@dataclass(frozen=True, slots=True)
class PrintInfo:
    """The metadata of one print, as the comparison reports it."""

    title: str
    stage: str | None
    version: str | None
    house: str | None
    bill_number: str | None
    session: str | None
    project_id: str | None
    published: str | None
    format: str
    source_path: str | None
    sha256: str | None
    #: The long title, which with the title tells one Bill from another.
    long_title: str | None = None

    @classmethod
    def of(cls, bill: Bill) -> PrintInfo:
        """The metadata of ``bill``."""
        return cls(
            title=bill.title,
            stage=bill.stage,
            version=bill.version,
            house=bill.house,
            bill_number=bill.bill_number,
            session=bill.session,
            project_id=bill.project_id,
            published=bill.published,
            format=bill.format,
            source_path=bill.source_path,
            sha256=bill.sha256,
            long_title=bill.long_title,
        )


@dataclass(frozen=True, slots=True)
class Amendment:
    """One amendment of a Keeling schedule: the Bill provision, its words, what it does to
    which provisions of the Act, and whether it was applied (and if not, why)."""

    citation: str
    eid: str | None
    words: str
    #: legislation.gov.uk's effect: "words substituted", "inserted", "repealed"...
    effect: str
    #: Lawmaker's research data: "insertion", "substitution" or "deletion".
    type_of_amendment: str
    #: "Before", "After" or "Replace".
    location: str
    whole_provision: bool
    #: The eId in the Act of each provision it names (None where none can be given).
    affected: tuple[str | None, ...]
    applied: bool
    reason: str = ""

    @property
    def source(self) -> Source:
        """The change's source, as each change it made carries it."""
        return Source(self.citation, self.effect, self.eid)


@dataclass(frozen=True, slots=True)
class Passage:
    """A provision of the Bill that mentions amending the Act but is not read as an
    amendment: not read yet, or not an amendment at all (a signpost, a modification)."""

    citation: str
    eid: str | None
    words: str
    reason: str


@dataclass(frozen=True, slots=True)
class Account:
    """How a Keeling schedule was made: the Bill's amendments of the Act in the order they
    were applied, what became of each, and the provisions that were not read as one."""

    #: The Act's name ("Employment Rights Act 1996").
    act: str
    #: The amending Bill's print.
    bill: PrintInfo
    amendments: tuple[Amendment, ...] = ()
    #: Provisions that amend the Act in a form billdiff does not read yet.
    unread: tuple[Passage, ...] = ()
    #: Provisions that mention amending the Act but are not amendments (signposts,
    #: modifications "as if", savings), recognised and not applied.
    not_amendments: tuple[Passage, ...] = ()

    @property
    def applied(self) -> int:
        """How many amendments were applied, each checked."""
        return sum(1 for a in self.amendments if a.applied)

    @property
    def total(self) -> int:
        """How many amendments of the Act the Bill makes (read or not)."""
        return len(self.amendments) + len(self.unread)

    @property
    def bill_name(self) -> str:
        """ "Employment Rights Bill (As Introduced)"."""
        return f"{self.bill.title} ({self.bill.stage or self.bill.version or 'print'})"

    @property
    def summary(self) -> str:
        """ "applied 99 of 105 amendments to the Employment Rights Act 1996"."""
        return f"applied {self.applied} of {self.total} amendments to the {self.act}"

    def not_applied(self) -> list[tuple[str, str | None, str, str]]:
        """Each amendment not applied, read or not: (citation, eId, words, reason)."""
        out = [(a.citation, a.eid, a.words, a.reason) for a in self.amendments if not a.applied]
        out += [(p.citation, p.eid, p.words, p.reason) for p in self.unread]
        return out


@dataclass(frozen=True, slots=True)
class Comparison:
    """Everything that changed between two prints; the one input of every output."""

    old: PrintInfo
    new: PrintInfo
    units: tuple[UnitChange, ...]
    containers: tuple[ContainerChange, ...]
    renumbering: Renumbering
    long_title_diff: TextDiff | None = None
    normalisation_version: int = NORMALISATION_VERSION
    warnings: tuple[str, ...] = field(default=())
    #: The long title (first, when either print has one) and then every container of
    #: :attr:`containers`, in the same order, each as a unit whose words are its title or
    #: heading: what notes and ``check`` see of them, so that a note on a Part is placed,
    #: carried to later prints and checked exactly as a note on a clause is.
    headings: tuple[UnitChange, ...] = field(default=())
    #: For a Keeling schedule (the Act against the Act as a Bill would amend it): its
    #: amendments and what became of them. None for a comparison of two prints.
    account: Account | None = None

    def changed_units(self, ignore: Iterable[HunkClass] = ()) -> tuple[UnitChange, ...]:
        """Units still changed once ``ignore``d classes are set aside."""
        ignored = frozenset(ignore)
        return tuple(u for u in self.units if u.changed_after(ignored))

    def has_changes(self, ignore: Iterable[HunkClass] = ()) -> bool:
        """Whether anything differs (structure always counts; words unless ignored)."""
        ignored = frozenset(ignore)
        if any(c.changed for c in self.containers):
            return True
        if self.long_title_diff and self.long_title_diff.classes() - ignored:
            return True
        return bool(self.changed_units(ignored))

    @property
    def long_title(self) -> UnitChange | None:
        """The long title as a unit of :attr:`headings` (None when neither print has one)."""
        first = self.headings[0] if self.headings else None
        return first if first is not None and first.side.kind is Kind.LONG_TITLE else None

    def heading_of(self, container: ContainerChange) -> UnitChange | None:
        """The unit of :attr:`headings` that stands for ``container``."""
        offset = 1 if self.long_title is not None else 0
        for n, c in enumerate(self.containers):
            if c is container:
                found = self.headings[offset + n] if offset + n < len(self.headings) else None
                return found
        return None

    def counts(self) -> dict[str, int]:
        """Units per status, plus ``containers changed`` (every status key present)."""
        counter = Counter(u.status.value for u in self.units)
        out = {s.value: counter.get(s.value, 0) for s in Status}
        out["containers changed"] = sum(1 for c in self.containers if c.changed)
        return out
