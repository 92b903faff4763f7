"""A working copy of an Act's provision tree that amendments can change, and that remembers
which amendment wrote or struck out every character.

billdiff's :class:`~billdiff.model.Provision` is immutable; :class:`Node` is its
mutable twin. Every piece of text is a list of :class:`Run`\\ s: words of the
Act itself (``by`` None, ``at`` their offset in the original field) or words an
amendment put in (``by`` its index). Words of the Act an amendment strikes out
are recorded in :attr:`Tree.struck` against the original provision, so that
when the Act and the Act as amended are compared, every change can be traced
to the amendment that made it (see :mod:`billdiff.keeling.sources`).

An omitted provision stays in the tree as a tombstone (``removed_by``): a later
amendment may still place words "after section 108" that an earlier one
omitted. :meth:`Tree.freeze` leaves tombstones out.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from billdiff.model import UNIT_KINDS, Bill, Kind, Provision

#: Fields of a node that hold words.
FIELDS = ("heading", "text", "wrap_up")


@dataclass(slots=True)
class Run:
    """A stretch of text: the Act's own (``by`` None, starting at ``at`` in the original
    field) or written by amendment ``by``."""

    text: str
    by: int | None
    at: int | None = None


class Text:
    """A field's text as runs, with the edits an applier needs.

    Most of an Act is never amended: a field holds its plain text until something asks
    for its runs (thousands of provisions cost no more than their strings).
    """

    __slots__ = ("_plain", "_runs", "_size")

    def __init__(
        self, runs: list[Run] | None = None, plain: str | None = None, size: int | None = None
    ) -> None:
        self._runs: list[Run] | None = runs if runs is not None or plain is not None else []
        self._plain = plain
        #: The length of the Act's own words (None for words an amendment wrote).
        self._size = len(plain) if plain is not None else size

    @property
    def runs(self) -> list[Run]:
        """The runs (made from the plain text on first use)."""
        if self._runs is None:
            self._runs = [Run(self._plain, None, 0)] if self._plain else []
            self._plain = None
        return self._runs

    @runs.setter
    def runs(self, runs: list[Run]) -> None:
        self._runs, self._plain = runs, None

    @classmethod
    def original(cls, text: str | None) -> Text:
        """The Act's own words."""
        return cls(None, text or "")

    @classmethod
    def written(cls, text: str | None, by: int) -> Text:
        """Words amendment ``by`` put in."""
        return cls([Run(text, by)] if text else [])

    @property
    def untouched(self) -> bool:
        """Whether no amendment has written or struck out any of it."""
        if self._runs is None:
            return True
        # The Act's own words from the start, all of them (words struck out at the end leave
        # one run too).
        return (
            len(self._runs) <= 1
            and all(r.by is None and r.at == 0 for r in self._runs)
            and sum(len(r.text) for r in self._runs) == self._size
        )

    def copy(self) -> Text:
        """A copy to edit (the runs themselves are never changed in place)."""
        if self._runs is None:
            return Text(None, self._plain)
        return Text(list(self._runs), size=self._size)

    def __str__(self) -> str:
        if self._runs is None:
            return self._plain or ""
        return "".join(r.text for r in self._runs)

    def __bool__(self) -> bool:
        if self._runs is None:
            return bool(self._plain)
        return any(r.text for r in self._runs)

    def splice(self, start: int, end: int, new: str, by: int) -> list[tuple[int, int]]:
        """Replace ``[start, end)`` with ``new`` written by ``by``; return the spans of the
        Act's own words struck out (offsets in the original field)."""
        out: list[Run] = []
        struck: list[tuple[int, int]] = []
        pos = 0
        placed = False
        for run in self.runs:
            r_start, r_end = pos, pos + len(run.text)
            pos = r_end
            if r_end <= start or r_start >= end:
                if r_start >= end and not placed:
                    if new:
                        out.append(Run(new, by))
                    placed = True
                out.append(run)
                continue
            # The run overlaps the edit: keep its parts outside [start, end).
            cut_a, cut_b = max(start, r_start) - r_start, min(end, r_end) - r_start
            if cut_a:
                out.append(Run(run.text[:cut_a], run.by, run.at))
            if run.by is None and run.at is not None and cut_b > cut_a:
                struck.append((run.at + cut_a, run.at + cut_b))
            if not placed:
                if new:
                    out.append(Run(new, by))
                placed = True
            if cut_b < len(run.text):
                out.append(
                    Run(run.text[cut_b:], run.by, None if run.at is None else run.at + cut_b)
                )
        if not placed and new:
            out.append(Run(new, by))
        self.runs = [r for r in out if r.text]
        return struck

    def tidy(self) -> list[tuple[int, int]]:
        """Drop spaces at the ends and doubled ones (edits join words with single spaces);
        return the spans of the Act's own characters dropped."""
        text = str(self)
        keep = [True] * len(text)
        previous_space = True
        for i, ch in enumerate(text):
            if ch == " " and previous_space:
                keep[i] = False
            elif ch != " " or not previous_space:
                previous_space = ch == " "
        for i in range(len(text) - 1, -1, -1):
            if not keep[i]:
                continue
            if text[i] != " ":
                break
            keep[i] = False
        if all(keep):
            return []
        out: list[Run] = []
        struck: list[tuple[int, int]] = []
        pos = 0
        for run in self.runs:
            piece_start: int | None = None
            for k in range(len(run.text) + 1):
                kept = k < len(run.text) and keep[pos + k]
                if kept and piece_start is None:
                    piece_start = k
                elif not kept and piece_start is not None:
                    at = None if run.at is None else run.at + piece_start
                    out.append(Run(run.text[piece_start:k], run.by, at))
                    piece_start = None
                if k < len(run.text) and not keep[pos + k] and run.at is not None:
                    struck.append((run.at + k, run.at + k + 1))
            pos += len(run.text)
        self.runs = out
        return struck

    def by_at(self, offset: int) -> int | None:
        """Who wrote the character at ``offset`` (None: the Act)."""
        pos = 0
        for run in self.runs:
            if pos <= offset < pos + len(run.text):
                return run.by
            pos += len(run.text)
        return None

    def origins(self) -> list[int | None]:
        """Who wrote each character."""
        if self._runs is None:
            return [None] * len(self._plain or "")
        out: list[int | None] = []
        for run in self._runs:
            out.extend([run.by] * len(run.text))
        return out


@dataclass(eq=False, slots=True)
class Node:
    """One provision of the Act being amended."""

    kind: Kind
    number: str | None
    heading: Text
    text: Text
    wrap_up: Text
    #: Its sub-provisions, or None while they are still the Act's own, never asked for.
    kids: list[Node] | None = field(default=None, repr=False)
    guid: str | None = None
    eid: str | None = None
    #: The Act's provision this node is (None for one an amendment inserted).
    origin: Provision | None = None
    #: The amendment that inserted it.
    by: int | None = None
    #: The amendment that omitted it (it stays as a tombstone).
    removed_by: int | None = None
    parent: Node | None = None

    @property
    def children(self) -> list[Node]:
        """Its sub-provisions (nodes for the Act's own are made when first asked for: most
        of an Act is never amended, and stays its own provisions)."""
        if self.kids is None:
            origin = self.origin
            self.kids = [node_of(c, self) for c in origin.children] if origin else []
        return self.kids

    @children.setter
    def children(self, children: list[Node]) -> None:
        self.kids = children

    @property
    def opened(self) -> bool:
        """Whether its sub-provisions have been asked for (if not, none has changed)."""
        return self.kids is not None

    @property
    def removed(self) -> bool:
        """Whether an amendment omitted it."""
        return self.removed_by is not None

    def field(self, name: str) -> Text:
        """One of :data:`FIELDS`."""
        text: Text = getattr(self, name)
        return text

    def walk(self) -> Iterator[Node]:
        """This node and its descendants, tombstones included, in document order."""
        yield self
        for c in self.children:
            yield from c.walk()

    def upper(self) -> Iterator[Node]:
        """This node and its descendants down to units (sections, schedule paragraphs), not
        what is inside a unit: all that sections, Parts, Chapters and schedules are among.
        Tombstones included."""
        yield self
        if self.kind not in UNIT_KINDS:
            for c in self.children:
                yield from c.upper()

    def live(self) -> Iterator[Node]:
        """Like :meth:`walk`, without omitted provisions (or anything inside them)."""
        if self.removed:
            return
        yield self
        for c in self.children:
            yield from c.live()

    def segments(self) -> list[tuple[Node, str]]:
        """Its words in reading order, as (node, field): its own text, its live
        sub-provisions' words, its closing words (headings not included)."""
        out: list[tuple[Node, str]] = []
        self._segments(out)
        return out

    def _segments(self, out: list[tuple[Node, str]]) -> None:
        out.append((self, "text"))
        for c in self.children:
            if not c.removed:
                c._segments(out)
        out.append((self, "wrap_up"))

    def label(self) -> str:
        """ "section 27B", "subsection (2)", "Part 2A"."""
        word = {
            Kind.CLAUSE: "section",
            Kind.SCHEDULE_PARAGRAPH: "paragraph",
            Kind.SCHEDULE_SUBPARAGRAPH: "sub-paragraph",
            Kind.SUBPARAGRAPH: "sub-paragraph",
            Kind.CROSSHEADING: "cross-heading",
        }.get(self.kind, self.kind.value)
        if self.kind in (Kind.PART, Kind.CHAPTER, Kind.SCHEDULE):
            word = word.capitalize()
        if self.kind is Kind.DEFINITION:
            return f"the definition {str(self.text)[:40]}"
        return f"{word} {self.number or ''}".strip()

    def in_schedule(self) -> bool:
        """Whether it is in (or is) a schedule."""
        node: Node | None = self
        while node is not None:
            if node.kind is Kind.SCHEDULE:
                return True
            node = node.parent
        return False


def node_of(p: Provision, parent: Node | None = None, by: int | None = None) -> Node:
    """A working node for an Act's provision (``by`` None), or for one amendment ``by``
    inserts."""
    make = Text.original if by is None else (lambda t: Text.written(t, by))
    node = Node(
        kind=p.kind,
        number=p.number,
        heading=make(p.heading),
        text=make(p.text),
        wrap_up=make(p.wrap_up),
        guid=p.guid,
        eid=p.eid,
        origin=p if by is None else None,
        by=by,
        parent=parent,
    )
    if by is not None:
        node.children = [node_of(c, node, by) for c in p.children]
    return node


class Tree:
    """The Act being amended: a root over its provisions, and the words struck out of it."""

    def __init__(self, act: Bill) -> None:
        self.act = act
        self.root = Node(Kind.PART, None, Text(), Text(), Text())
        self.root.children = [node_of(p, self.root) for p in act.provisions]
        #: Spans of the Act's own words struck out: (id of the provision, field) →
        #: [(start, end, amendment)].
        self.struck: dict[tuple[int, str], list[tuple[int, int, int]]] = {}
        #: Provisions of the Act omitted whole: id → amendment.
        self.omitted: dict[int, int] = {}
        self._frozen: dict[int, Node] = {}

    def strike(self, node: Node, name: str, spans: list[tuple[int, int]], by: int) -> None:
        """Record that amendment ``by`` struck ``spans`` of ``node``'s original ``name``."""
        if node.origin is None or not spans:
            return
        key = (id(node.origin), name)
        self.struck.setdefault(key, []).extend((a, b, by) for a, b in spans)

    def omit(self, node: Node, by: int) -> None:
        """Omit ``node`` (a tombstone stays for later anchors)."""
        node.removed_by = by
        for n in node.walk():
            if n.origin is not None:
                self.omitted.setdefault(id(n.origin), by)

    def freeze(self) -> tuple[Provision, ...]:
        """The amended provisions (tombstones left out)."""
        self._frozen = {}
        return tuple(self._freeze(c) for c in self.root.children if not c.removed)

    def _freeze(self, node: Node) -> Provision:
        origin = node.origin
        if (
            origin is not None
            and not node.opened
            and origin.kind is node.kind
            and node.heading.untouched
            and node.text.untouched
            and node.wrap_up.untouched
        ):
            self._frozen[id(origin)] = node
            return origin
        children = tuple(self._freeze(c) for c in node.children if not c.removed)
        if (
            origin is not None
            and origin.kind is node.kind
            and node.heading.untouched
            and node.text.untouched
            and node.wrap_up.untouched
            and len(children) == len(origin.children)
            and all(a is b for a, b in zip(children, origin.children, strict=True))
        ):
            # Nothing in it was amended: the Act's own provision, so that comparing the two
            # finds it unchanged at a glance.
            self._frozen[id(origin)] = node
            return origin
        # Every edit tidies the field it changed, so the text here is what attribution saw.
        p = Provision(
            kind=node.kind,
            number=node.number,
            heading=str(node.heading) or None,
            text=str(node.text),
            children=children,
            wrap_up=str(node.wrap_up),
            guid=node.guid,
            eid=node.eid,
        )
        self._frozen[id(p)] = node
        return p

    def node_for(self, p: Provision) -> Node | None:
        """The node a provision of the last :meth:`freeze` was made from."""
        return self._frozen.get(id(p))

    def units(self) -> Iterator[Node]:
        """Live unit nodes (sections, schedule paragraphs)."""
        for n in self.root.live():
            if n.kind in UNIT_KINDS:
                yield n
