"""Tracing each change of a Keeling schedule to the amendment that made it.

The applier records who wrote every character of the Act as amended and who
struck out every character of the Act (:mod:`billdiff.keeling.tree`). Here
the same walk that builds a unit's text for the comparison
(:func:`billdiff.engine._walk_lines`: each sub-provision's number, heading and
words, joined by spaces) is made over those records, so each character of a
unit's old and new text has its amendment (or none), and each hunk of the word
diff gets the amendments of the characters it covers.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence

from billdiff.comparison import Comparison, ContainerChange, ContainerStatus, Status, UnitChange
from billdiff.keeling.apply import Outcome
from billdiff.keeling.tree import Node, Tree
from billdiff.model import Bill, Provision
from billdiff.provenance import Source
from billdiff.textdiff import Hunk, TextDiff

Origins = list[int | None]


def attribute(
    comparison: Comparison,
    act: Bill,
    amended: Bill,
    tree: Tree,
    outcomes: Mapping[int, Outcome],
) -> Comparison:
    """``comparison`` (of ``act`` and ``amended``) with every change's sources."""
    old_units = [u.provision for u in act.units()]
    new_units = [u.provision for u in amended.units()]
    tracer = _Tracer(tree, outcomes)
    units = tuple(
        tracer.unit(
            u, old_units[u.old.index] if u.old else None, new_units[u.new.index] if u.new else None
        )
        if u.changed
        else u  # nothing changed, nothing to trace
        for u in comparison.units
    )
    act_guids = {p.guid: p for p in act.walk() if p.guid}
    containers = tuple(tracer.container(c, act_guids) for c in comparison.containers)
    return dataclasses.replace(comparison, units=units, containers=containers)


class _Tracer:
    def __init__(self, tree: Tree, outcomes: Mapping[int, Outcome]) -> None:
        self.tree = tree
        self.outcomes = outcomes
        self._by_guid: dict[str, Node] | None = None

    @property
    def by_guid(self) -> dict[str, Node]:
        """The nodes a Part, Chapter, cross-heading or schedule can be, by GUID."""
        if self._by_guid is None:
            self._by_guid = {n.guid: n for n in self.tree.root.upper() if n.guid}
        return self._by_guid

    def source(self, index: int) -> Source:
        instruction = self.outcomes[index].instruction
        p = instruction.passage
        return Source(p.citation, instruction.effect.value, p.eid)

    def sources(self, indices: set[int | None]) -> tuple[Source, ...]:
        return tuple(self.source(i) for i in sorted(i for i in indices if i is not None))

    # -- units -------------------------------------------------------------------------------

    def unit(self, u: UnitChange, old: Provision | None, new: Provision | None) -> UnitChange:
        old_text = _old_origins(self.tree, old) if old is not None else None
        new_text = _new_origins(self.tree, new) if new is not None else None
        old_head = _old_field(self.tree, old, "heading") if old is not None else None
        new_head = _new_field(self.tree, new, "heading") if new is not None else None
        text_diff = _traced(u.text_diff, old_text, new_text, self)
        heading_diff = _traced(u.heading_diff, old_head, new_head, self)
        whole: set[int | None] = set()
        if u.status in (Status.ADDED, Status.SUBSTITUTED, Status.SPLIT) and new is not None:
            node = self.tree.node_for(new)
            whole.add(node.by if node is not None else None)
        if u.status in (Status.REMOVED, Status.SUBSTITUTED, Status.MERGED) and old is not None:
            whole.add(self.tree.omitted.get(id(old)))
        return dataclasses.replace(
            u, text_diff=text_diff, heading_diff=heading_diff, sources=self.sources(whole)
        )

    # -- containers --------------------------------------------------------------------------

    def container(self, c: ContainerChange, act_guids: Mapping[str, Provision]) -> ContainerChange:
        if c.status is ContainerStatus.UNCHANGED:
            return c
        found: set[int | None] = set()
        if c.new is not None and c.new.guid in self.by_guid:
            node = self.by_guid[c.new.guid]
            found.add(node.by)
            found.update(node.heading.origins())
        old = act_guids.get(c.old.guid) if c.old is not None and c.old.guid else None
        if old is not None:
            found.add(self.tree.omitted.get(id(old)))
            for _, _, by in self.tree.struck.get((id(old), "heading"), ()):
                found.add(by)
        return dataclasses.replace(c, sources=self.sources(found))


def _traced(
    diff: TextDiff | None, old: Origins | None, new: Origins | None, tracer: _Tracer
) -> TextDiff | None:
    if diff is None:
        return None
    if old is not None and len(old) != len(diff.old):
        old = None  # never attribute by a walk that does not match the compared text
    if new is not None and len(new) != len(diff.new):
        new = None
    hunks = tuple(_hunk(h, old, new, tracer) for h in diff.hunks)
    return dataclasses.replace(diff, hunks=hunks)


def _hunk(h: Hunk, old: Origins | None, new: Origins | None, tracer: _Tracer) -> Hunk:
    found: set[int | None] = set()
    if old is not None:
        found.update(old[h.old_start : h.old_end])
    if new is not None:
        found.update(new[h.new_start : h.new_end])
    found.discard(None)
    if not found:
        # A change of the spaces around an edit: the nearest amendment beside it.
        for seq, start, end in ((new, h.new_start, h.new_end), (old, h.old_start, h.old_end)):
            if seq is None:
                continue
            for k in (start - 1, end):
                if 0 <= k < len(seq) and seq[k] is not None:
                    found.add(seq[k])
    return dataclasses.replace(h, sources=tracer.sources(found))


# -- the walks (as engine._walk_lines builds a unit's text) ----------------------------------


def _new_origins(tree: Tree, p: Provision) -> Origins:
    out: Origins = []
    _walk(
        p, out, own=True, fields=lambda q, name: _new_field(tree, q, name), number=_new_number(tree)
    )
    return out


def _old_origins(tree: Tree, p: Provision) -> Origins:
    out: Origins = []
    _walk(
        p, out, own=True, fields=lambda q, name: _old_field(tree, q, name), number=_old_number(tree)
    )
    return out


def _new_field(tree: Tree, p: Provision, name: str) -> Origins:
    node = tree.node_for(p)
    if node is None:
        return [None] * len(getattr(p, name) or "")
    return node.field(name).origins()


def _old_field(tree: Tree, p: Provision, name: str) -> Origins:
    text = getattr(p, name) or ""
    omitted = tree.omitted.get(id(p))
    out: Origins = [omitted] * len(text)
    for a, b, by in tree.struck.get((id(p), name), ()):
        for k in range(a, min(b, len(text))):
            out[k] = by
    return out


def _new_number(tree: Tree) -> Callable[[Provision], int | None]:
    def number(p: Provision) -> int | None:
        node: Node | None = tree.node_for(p)
        return node.by if node is not None else None

    return number


def _old_number(tree: Tree) -> Callable[[Provision], int | None]:
    def number(p: Provision) -> int | None:
        return tree.omitted.get(id(p))

    return number


def _walk(
    p: Provision,
    out: Origins,
    own: bool,
    fields: Callable[[Provision, str], Origins],
    number: Callable[[Provision], int | None],
) -> None:
    pieces: list[Origins] = []
    if not own:
        if p.number:
            pieces.append([number(p)] * len(p.number))
        if p.heading:
            pieces.append(fields(p, "heading"))
    if p.text:
        pieces.append(fields(p, "text"))
    if pieces:
        if out:
            out.append(number(p))
        line: Origins = []
        for k, piece in enumerate(pieces):
            if k:
                line.append(number(p))
            line.extend(piece)
        out.extend(line)
    for child in p.children:
        _walk(child, out, False, fields, number)
    if p.wrap_up:
        if out:
            out.append(number(p))
        out.extend(fields(p, "wrap_up"))


def sources_of(units: Sequence[UnitChange]) -> list[Source]:
    """Every source named in ``units``, in order, once each."""
    seen: dict[tuple[str, str], Source] = {}
    for u in units:
        for s in u.sources:
            seen.setdefault((s.citation, s.effect), s)
        for d in (u.heading_diff, u.text_diff):
            for h in d.hunks if d else ():
                for s in h.sources:
                    seen.setdefault((s.citation, s.effect), s)
    return list(seen.values())
