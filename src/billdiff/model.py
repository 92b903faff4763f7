"""The document model every reader produces and every later stage reads.

A :class:`Bill` is an immutable tree of :class:`Provision` objects plus the
print's metadata. Readers in :mod:`billdiff.formats` build it; nothing else
mutates it (all dataclasses are frozen and children are tuples).

>>> p = Provision(kind=Kind.CLAUSE, number="1", heading="Short title", text="This Act may be …")
>>> p.number, p.children
('1', ())
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum


class Kind(StrEnum):
    """What a provision is, named as UK drafting names it."""

    PART = "part"
    CHAPTER = "chapter"
    CROSSHEADING = "crossheading"
    CLAUSE = "clause"
    SECTION = "section"
    REGULATION = "regulation"
    ARTICLE = "article"
    RULE = "rule"
    SUBSECTION = "subsection"
    PARAGRAPH = "paragraph"
    SUBPARAGRAPH = "subparagraph"
    SUBSUBPARAGRAPH = "subsubparagraph"
    UNNUMBERED = "unnumbered-paragraph"
    DEFINITION = "definition"
    SCHEDULE = "schedule"
    SCHEDULE_PARAGRAPH = "schedule-paragraph"
    SCHEDULE_SUBPARAGRAPH = "schedule-subparagraph"
    #: The Bill's long title (:attr:`Bill.long_title`), when a comparison treats it as
    #: one more thing that can change and be noted.
    LONG_TITLE = "long-title"


#: Kinds that are units of comparison (aligned and diffed one by one).
UNIT_KINDS: frozenset[Kind] = frozenset(
    {
        Kind.CLAUSE,
        Kind.SECTION,
        Kind.REGULATION,
        Kind.ARTICLE,
        Kind.RULE,
        Kind.SCHEDULE_PARAGRAPH,
    }
)

#: Kinds that group units and give them context (their headings can change too).
CONTAINER_KINDS: frozenset[Kind] = frozenset(
    {Kind.PART, Kind.CHAPTER, Kind.CROSSHEADING, Kind.SCHEDULE}
)


@dataclass(frozen=True, slots=True)
class Provision:
    """One node of a Bill: a Part, clause, subsection, schedule paragraph...

    ``text`` is the provision's own words in reading order, before its child
    provisions (inline markup flattened, quoted structures kept inside with
    their quote marks); ``wrap_up`` is own text that follows the children.
    """

    kind: Kind
    number: str | None = None
    heading: str | None = None
    text: str = ""
    children: tuple[Provision, ...] = ()
    wrap_up: str = ""
    guid: str | None = None
    eid: str | None = None
    page: int | None = None
    line: int | None = None

    @property
    def label(self) -> str:
        """A short human name: "clause 12", "Part 2", "Schedule 1", a cross-heading's heading."""
        num = self.number or ""
        if self.kind in (Kind.PART, Kind.CHAPTER, Kind.SCHEDULE):
            return f"{self.kind.value.capitalize()} {num}".strip()
        if self.kind is Kind.CROSSHEADING:
            return self.heading or "cross-heading"
        return f"{self.kind.value} {num}".strip()

    def walk(self) -> Iterator[Provision]:
        """This provision and every descendant, in document order."""
        return _walk((self,))

    def full_text(self) -> str:
        """Every word of the provision and its descendants in reading order, numbers included.

        The provision's own number and heading are not part of it.
        """
        return " ".join(self.lines())

    def lines(self) -> list[str]:
        """:meth:`full_text` as one line per sub-provision ("(2) The court may—", "(a) …")."""
        out: list[str] = []
        _line_texts(self, out, own=True)
        return out

    def text_lines(self) -> list[TextLine]:
        """:meth:`lines` with the sub-provision each line belongs to."""
        out: list[TextLine] = []
        _lines(self, out, "", own=True)
        return out


@dataclass(frozen=True, slots=True)
class TextLine:
    """One line of a unit's text: a sub-provision's number, heading and own words, or the
    words that follow its children (``wrap_up``).

    ``path`` is the line's place in the unit as printed numbers ("(3)(b)"; "" for the
    unit's own words), ``provision`` the sub-provision (or the unit) the words are of.
    """

    text: str
    path: str
    provision: Provision
    wrap_up: bool = False


def _walk(provisions: tuple[Provision, ...]) -> Iterator[Provision]:
    # A stack rather than nested generators: a walk is taken for every unit and
    # schedule of a comparison, and a generator per level makes each step cost the depth.
    stack = list(reversed(provisions))
    while stack:
        p = stack.pop()
        yield p
        if p.children:
            stack.extend(reversed(p.children))


def _line_texts(p: Provision, out: list[str], own: bool) -> None:
    # The same walk as _lines, for the words alone (it runs for every unit of a print).
    head = [] if own else [x for x in (p.number, p.heading) if x]
    if p.text or head:
        out.append(" ".join([*head, p.text] if p.text else head))
    for child in p.children:
        _line_texts(child, out, own=False)
    if p.wrap_up:
        out.append(p.wrap_up)


def _lines(p: Provision, out: list[TextLine], path: str, own: bool) -> None:
    head = [] if own else [x for x in (p.number, p.heading) if x]
    if p.text or head:
        out.append(TextLine(" ".join([*head, p.text] if p.text else head), path, p))
    for child in p.children:
        _lines(child, out, path + (child.number or ""), own=False)
    if p.wrap_up:
        out.append(TextLine(p.wrap_up, path, p, wrap_up=True))


@dataclass(frozen=True, slots=True)
class Bill:
    """One print of a Bill (or one version of an Act or SI) and its provisions."""

    title: str
    format: str
    document_type: str = "bill"
    stage: str | None = None
    version: str | None = None
    house: str | None = None
    bill_number: str | None = None
    session: str | None = None
    project_id: str | None = None
    published: str | None = None
    long_title: str | None = None
    valid_from: str | None = None
    source_path: str | None = None
    sha256: str | None = None
    provisions: tuple[Provision, ...] = field(default=())
    #: What a reader noticed that a user should be told, one line each, phrased to follow
    #: the file's name ("PATH: …"): that the file was read in the legacy encoding its
    #: declaration names, or holds invisible (bidirectional or C1) control characters.
    warnings: tuple[str, ...] = ()

    def walk(self) -> Iterator[Provision]:
        """Every provision in document order."""
        return _walk(self.provisions)

    def units(self) -> Iterator[Unit]:
        """The units of comparison in document order, each with its containers."""
        yield from _units(self.provisions, ())


@dataclass(frozen=True, slots=True)
class Unit:
    """A unit of comparison (clause, section, schedule paragraph) and where it sits.

    A schedule whose words are not in numbered paragraphs (one that inserts an annex
    into another enactment, say) is a unit itself, so that its words are compared too.
    """

    provision: Provision
    context: tuple[Provision, ...]

    @property
    def schedule(self) -> Provision | None:
        """The schedule this unit belongs to (or is), if any."""
        if self.provision.kind is Kind.SCHEDULE:
            return self.provision
        for c in self.context:
            if c.kind is Kind.SCHEDULE:
                return c
        return None


def _units(provisions: tuple[Provision, ...], context: tuple[Provision, ...]) -> Iterator[Unit]:
    for p in provisions:
        if p.kind in UNIT_KINDS or (p.kind is Kind.SCHEDULE and _words_without_units(p)):
            yield Unit(p, context)
        elif p.kind in CONTAINER_KINDS:
            yield from _units(p.children, (*context, p))


def _words_without_units(schedule: Provision) -> bool:
    """Whether a schedule has words but no paragraphs (or other units) to hold them."""
    words = False
    for q in schedule.walk():
        if q.kind in UNIT_KINDS:
            return False
        words = words or bool(q.text or q.wrap_up)
    return words
