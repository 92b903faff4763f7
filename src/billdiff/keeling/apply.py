"""Applying a Bill's amendments to an Act, in the Bill's order, and proving each one.

:class:`Applier` carries out each :class:`~billdiff.keeling.instructions.Instruction`
on a :class:`~billdiff.keeling.tree.Tree` of the Act: it finds the targets (in
the Act as already amended, so "section 27BH (inserted by section 1)" is
there once section 1 has been applied), changes the words or the provisions,
and checks the result — the old words gone from the place and the new ones
present there, an inserted provision where the instruction put it, an
omitted one gone. An instruction whose target or words cannot be found, or
whose words occur more than once when the instruction does not say which,
is not applied, with the reason; nothing is ever applied by guess.

Quoted words are matched as printed, except that quotes, dashes and spaces
match their typographic variants (an Act's "worker's" matches a Bill's
“worker’s”), and only at word boundaries ("parental" never matches inside
"parentally").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from billdiff.formats.akn import quoted_provisions
from billdiff.keeling.instructions import EACH, LAST, Instruction, Provisions, Step, Target, Words
from billdiff.keeling.passages import STRUCTURE_BASE
from billdiff.keeling.staging import Op, Plan, Stage, find_words, fold, ops_across
from billdiff.keeling.tree import Node, Text, Tree, node_of
from billdiff.model import UNIT_KINDS, Kind, Provision
from billdiff.textdiff import inline_labels

_NO_SPACE_BEFORE = frozenset(",;:.)]”’—")
_NO_SPACE_AFTER = frozenset("([“‘—")
_STRUCTURE = re.compile("[\ue000-\uefff]")


class NotApplied(Exception):
    """An instruction cannot be applied (the message says why)."""


@dataclass(frozen=True, slots=True)
class Seg:
    """Words an instruction may act on: a field of a node, or part of it (``lo`` to ``hi``;
    ``hi`` None for the end)."""

    node: Node
    field: str
    lo: int = 0
    hi: int | None = None

    def text(self) -> str:
        """The whole field's text (offsets are into it)."""
        return str(self.node.field(self.field))

    def end(self) -> int:
        """Where the words end."""
        return len(self.text()) if self.hi is None else self.hi

    def find(self, words: str) -> list[int]:
        """Where ``words`` start within the segment."""
        end = self.end()
        return [p for p in find_words(self.text(), words) if self.lo <= p and p + len(words) <= end]


@dataclass(frozen=True, slots=True)
class Span:
    """A sub-provision printed inside its parent's words, not as a provision of its own
    (an imported Act's "(a) … (b) …" run together; paragraphs a Bill inserted as words):
    ``node``'s ``field`` from ``lo`` (its number) to ``hi``."""

    node: Node
    field: str
    lo: int
    hi: int
    number: str


@dataclass(frozen=True, slots=True)
class Outcome:
    """What became of one instruction: applied (and checked), or not and why; and, for
    each target, the eId in the Act of the provision it names (None if not found)."""

    instruction: Instruction
    applied: bool
    reason: str
    affected: tuple[str | None, ...]


# Ranks of kinds, for placing an inserted provision at the level it belongs to.
_RANK = {
    Kind.PART: 1,
    Kind.CHAPTER: 2,
    Kind.CROSSHEADING: 2.5,
    Kind.SCHEDULE: 3,
    Kind.CLAUSE: 3,
    Kind.SECTION: 3,
    Kind.REGULATION: 3,
    Kind.ARTICLE: 3,
    Kind.RULE: 3,
    Kind.SUBSECTION: 4,
    Kind.SCHEDULE_PARAGRAPH: 4,
    Kind.SCHEDULE_SUBPARAGRAPH: 5,
    Kind.PARAGRAPH: 5,
    Kind.SUBPARAGRAPH: 6,
    Kind.SUBSUBPARAGRAPH: 7,
}


def _rank(node: Node) -> float:
    if node.kind is Kind.PARAGRAPH and node.parent is not None:
        parent = node.parent
        if parent.kind is Kind.SCHEDULE_SUBPARAGRAPH:
            return 6
    if node.kind in (Kind.DEFINITION, Kind.UNNUMBERED) and node.parent is not None:
        return _rank(node.parent) + 1
    return _RANK.get(node.kind, 5)


_STEP_KINDS: dict[str, frozenset[Kind]] = {
    "subsection": frozenset({Kind.SUBSECTION}),
    "para": frozenset({Kind.PARAGRAPH, Kind.SCHEDULE_SUBPARAGRAPH}),
    "subparagraph": frozenset({Kind.SUBPARAGRAPH, Kind.SCHEDULE_SUBPARAGRAPH}),
    "paragraph": frozenset({Kind.SCHEDULE_PARAGRAPH}),
}


def _bare(number: str | None) -> str:
    return (number or "").strip("()").rstrip(".").strip()


_ROMAN = re.compile(r"^([IVXLC]+)([A-Z]*)$")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def _arabic(number: str | None) -> str:
    """A Part's or Chapter's number with Roman numerals as figures ("VIII" → "8", "IVA" →
    "4A"): older Acts print "Part VIII" where a Bill writes "Part 8"."""
    bare = _bare(number)
    m = _ROMAN.match(bare)
    if not m:
        return bare
    total = 0
    values = [_ROMAN_VALUES[c] for c in m.group(1)]
    for k, v in enumerate(values):
        total += -v if k + 1 < len(values) and values[k + 1] > v else v
    return f"{total}{m.group(2)}"


class Applier:
    """Applies instructions, in order, to one Act (see the module's docstring)."""

    def __init__(self, tree: Tree) -> None:
        self.tree = tree
        self.unit_kind = next(
            (n.kind for n in tree.units() if n.kind is not Kind.SCHEDULE_PARAGRAPH),
            Kind.SECTION,
        )
        self.lawmaker_eids = any("__" in (p.eid or "") for p in tree.act.walk())
        self._structures: dict[int, tuple[Provision, ...]] = {}
        # Sections, schedules, Parts and Chapters by number, rebuilt after an insertion.
        self._numbered: dict[tuple[str, str], list[Node]] | None = None
        self._stage: Stage | None = None

    # -- finding -----------------------------------------------------------------------------

    def find(self, target: Target, *, removed_ok: bool = False) -> Sequence[Node | Span]:
        """The nodes ``target`` names (several for a range), or :class:`NotApplied`."""
        node = self.tree.root
        for n, step in enumerate(target.steps):
            last = n == len(target.steps) - 1
            try:
                node = self._step(node, step, removed_ok and last)
            except NotApplied:
                span = self._inline(node, step) if step.kind in _BRACKETED else None
                if span is None or not last or target.region or target.through:
                    raise
                return [span]
        if target.region == "crossheading":
            return [self._crossheading(node)]
        if target.through is not None:
            return self._range(node, target.through)
        return [node]

    def _step(self, node: Node, step: Step, removed_ok: bool) -> Node:
        def alive(n: Node) -> bool:
            return removed_ok or not _in_removed(n)

        if step.kind in ("section", "schedule", "part", "chapter"):
            kinds = {
                "section": UNIT_KINDS - {Kind.SCHEDULE_PARAGRAPH},
                "schedule": frozenset({Kind.SCHEDULE}),
                "part": frozenset({Kind.PART}),
                "chapter": frozenset({Kind.CHAPTER}),
            }[step.kind]
            scope = (
                node if step.kind == "chapter" and node is not self.tree.root else self.tree.root
            )
            same = _arabic if step.kind in ("part", "chapter") else _bare
            found = [
                n
                for n in self._by_number(step.kind, same(step.number))
                if n.kind in kinds
                and alive(n)
                and (step.kind != "section" or not n.in_schedule())
                and (scope is self.tree.root or _within(n, scope))
            ]
            return self._one(found, step)
        if step.kind in ("definition", "entry"):
            return self._one(self._termed(node, step), step)
        want = _STEP_KINDS.get(step.kind)
        number = _bare(step.number)
        found = [c for c in _opened(node) if alive(c) and _bare(c.number) == number]
        if not found:
            # A number one level further down ("paragraph (b)" of a section whose
            # paragraphs sit in its only subsection, or in an unnumbered wrapper).
            found = [
                g
                for c in _opened(node)
                if alive(c)
                for g in _opened(c)
                if alive(g) and _bare(g.number) == number
            ]
        if want:
            found = [f for f in found if f.kind in want] or found
        return self._one(found, step, node)

    def _by_number(self, kind: str, number: str) -> list[Node]:
        if self._numbered is None:
            self._numbered = {}
            self._index(self.tree.root)
        return self._numbered.get((kind, number), [])

    def _index(self, top: Node) -> None:
        if self._numbered is None:
            return
        for n in top.upper():
            group = _GROUPS.get(n.kind)
            if group is not None:
                same = _arabic if group in ("part", "chapter") else _bare
                self._numbered.setdefault((group, same(n.number)), []).append(n)

    def _inline(self, node: Node, step: Step) -> Span | None:
        """``step``'s number printed inside ``node``'s words ("… if— (a) … (gm) …, (h) …"):
        from that number to the next one of its kind, if it occurs exactly once."""
        want = _bare(step.number)
        for name in ("text", "wrap_up"):
            text = str(node.field(name))
            # A number straight after a dash ("provision for—(a) …") starts a provision too.
            labels = inline_labels(re.sub(r"[—–](?=\()", " ", text))
            hits = [k for k, (_, _, label, _) in enumerate(labels) if label == want]
            if len(hits) != 1:
                continue
            k = hits[0]
            start = labels[k][0] - 1  # the "(" before the bare number
            kind = _label_kind(want)
            end = next(
                (a - 1 for a, _, label, _ in labels[k + 1 :] if _label_kind(label) == kind),
                len(text),
            )
            return Span(node, name, start, end, step.number)
        return None

    def _one(self, found: list[Node], step: Step, within: Node | None = None) -> Node:
        where = (
            f" of {within.label()}" if within is not None and within is not self.tree.root else ""
        )
        if not found:
            raise NotApplied(f"target not in this Act: {step.describe()}{where} not found")
        live = [n for n in found if not _in_removed(n)]
        if len(live) > 1:
            # An imported Act may hold another version of a provision, for another extent
            # (Lawmaker's alternativeTo, eId "…__oc_1"): the amendment is of the main one.
            main = [n for n in live if "__oc_" not in (n.eid or "")]
            live = main if len(main) == 1 else live
        if len(live) == 1:
            return live[0]
        if not live and len(found) == 1:
            return found[0]
        raise NotApplied(f"{step.describe()}{where} names {len(found)} provisions of this Act")

    def _termed(self, node: Node, step: Step) -> list[Node]:
        """Definitions (or entries) under ``node`` for the quoted term."""
        term = fold(step.number).strip().lower()
        quoted = f'"{term}"'
        out = []
        for n in node.live():
            if n is node:
                continue
            text = fold(str(n.text) or str(n.heading)).strip().lower()
            if step.kind == "definition" and n.kind is Kind.DEFINITION:
                if text.startswith(quoted):
                    out.append(n)
            elif step.kind == "definition":
                continue
            elif text.startswith(quoted) or text.rstrip(";,. ") == term or text.startswith(term):
                out.append(n)
        if step.kind == "definition" and not out:
            # A definition printed inside a provision's words, not as its own provision.
            for n in node.live():
                if quoted in fold(str(n.text)).lower() and n is not node:
                    out.append(n)
            if not out and quoted in fold(str(node.text)).lower():
                out.append(node)
        return out

    def _crossheading(self, node: Node) -> Node:
        parent = node.parent
        if parent is not None and parent.kind is Kind.CROSSHEADING:
            first = next((c for c in parent.children if not c.removed), None)
            if first is node:
                return parent
        if parent is not None:
            index = parent.children.index(node)
            for sibling in reversed(parent.children[:index]):
                if sibling.kind is Kind.CROSSHEADING:
                    return sibling
                if not sibling.removed:
                    break
        raise NotApplied(f"no cross-heading before {node.label()}")

    def _range(self, start: Node, through: str) -> list[Node]:
        parent = start.parent
        if parent is None:
            raise NotApplied("a range with no provision around it")
        siblings = [c for c in parent.children if not c.removed]
        i = siblings.index(start)
        for j in range(i, len(siblings)):
            if _bare(siblings[j].number) == _bare(through):
                return siblings[i : j + 1]
        raise NotApplied(f"target not in this Act: {through} after {start.label()} not found")

    # -- applying ----------------------------------------------------------------------------

    def apply(self, instruction: Instruction) -> Outcome:
        """Carry out ``instruction`` on every target; on any failure change nothing."""
        affected: list[str | None] = []
        plans: list[Plan] = []
        removed_ok = (
            isinstance(instruction.action, Provisions) and instruction.action.op == "insert"
        )
        reason = ""
        for target in instruction.targets:
            try:
                nodes = self.find(target, removed_ok=removed_ok)
            except NotApplied as e:
                reason = reason or str(e)
                affected.append(self.guess_eid(target))
                continue
            affected.extend(
                self.eid_of(n, target) if isinstance(n, Node) else self.guess_eid(target)
                for n in nodes
            )
            try:
                plans.extend(self._plan(instruction, target, node) for node in nodes)
            except NotApplied as e:
                reason = reason or str(e)
        if reason:
            return Outcome(instruction, False, reason, tuple(affected))
        # Words are changed on copies and checked before they replace the Act's; a
        # change of provisions is checked by its plan, before anything moves. Every
        # edit of one field is made from its last place back, so the offsets found
        # beforehand stay true.
        self._stage = Stage()
        ops = [op for plan in plans if not callable(plan) for op in plan]
        for op in sorted(ops, key=lambda o: (id(o.node), o.field, -o.start, -o.end)):
            if op.start == op.end:
                self._insert_text(op.node, op.field, op.start, op.text, instruction.index)
            else:
                self._edit(op.node, op.field, op.start, op.end, op.text, instruction.index)
        stage, self._stage = self._stage, None
        problem = stage.check(instruction)
        if problem:
            return Outcome(instruction, False, f"not applied: {problem}", tuple(affected))
        stage.commit(self.tree)
        for plan in plans:
            if callable(plan):
                plan()
        return Outcome(instruction, True, "", tuple(affected))

    def guess_eid(self, target: Target) -> str | None:
        """The eId a provision the Act does not have would have, in the Act's scheme: its
        nearest ancestor that the Act has, then Lawmaker's steps ("…__subsec_6A__para_a")."""
        node = self.tree.root
        steps = list(target.steps)
        while steps:
            try:
                node = self._step(node, steps[0], removed_ok=True)
            except NotApplied:
                break
            steps.pop(0)
        if not self.lawmaker_eids:
            return node.eid if node is not self.tree.root and not steps else None
        eid = node.eid if node is not self.tree.root else None
        depth = 0 if node is self.tree.root else _rank(node)
        for step in steps:
            number = re.sub(r"[^0-9A-Za-z]", "", _bare(step.number))
            if step.kind in ("section", "schedule", "part"):
                eid = {"section": "sec_", "schedule": "sched_", "part": "pt_"}[step.kind] + number
                depth = 3 if step.kind != "part" else 1
                continue
            if eid is None:
                return None
            in_schedule = eid.startswith("sched_")
            if step.kind == "chapter":
                part, depth = "chp_", 2
            elif step.kind in ("definition", "entry"):
                part, number = "def_", re.sub(r"[^a-z0-9]", "", step.number.lower())
            elif step.kind == "paragraph" or (step.kind == "subsection") or depth <= 3:
                part = "para_" if in_schedule or step.kind == "paragraph" else "subsec_"
                depth = 4
            elif depth == 4:
                part, depth = ("subpara_" if in_schedule else "para_"), 5
            else:
                part, depth = ("para_" if in_schedule and depth == 5 else "subpara_"), depth + 1
            eid = f"{eid}__{part}{number}"
        if target.region == "heading" and eid:
            eid += "__hdg"
        return eid

    def eid_of(self, node: Node, target: Target) -> str | None:
        """The eId by which the table of amendments names ``node`` (its heading's, where
        the heading is what changes)."""
        eid = node.eid
        above = node.parent
        while eid is None and above is not None and above is not self.tree.root:
            # A provision without an id of its own (legislation.gov.uk AKN definitions) is
            # named by the nearest provision that holds it.
            eid, above = above.eid, above.parent
        if node.kind is Kind.DEFINITION and eid:
            eid = eid.rstrip("_")  # Lawmaker's definition wrapper; the term is "…__def_x"
        if target.region == "heading" and eid and self.lawmaker_eids:
            return eid + "__hdg"
        return eid

    def _plan(self, instruction: Instruction, target: Target, found: Node | Span) -> Plan:
        """Check that the instruction can be carried out on ``found``; return the edit."""
        action = instruction.action
        i = instruction.index
        if isinstance(found, Span):
            return self._plan_span(instruction, target, found)
        node = found
        if isinstance(action, Words) and action.where == "appropriate place":
            return self._plan_definition(instruction, node, action.new or "")
        if isinstance(action, Words):
            return self._plan_words(action, target, node, i, instruction)
        if action.op in ("omit", "repeal"):
            if node.removed and not target.region:
                raise NotApplied(f"{node.label()} was already omitted")
            if target.region == "crossheading":
                return lambda: self._drop_crossheading(node, i)
            return lambda: self._omit(node, i, action.connector)
        new = self._new_nodes(instruction, action.structures)
        if action.op == "substitute":
            if node.removed:
                raise NotApplied(f"{node.label()} was already omitted")
            self._check_room(node, new, replacing=node)
            return lambda: self._substitute(node, new, i)
        where = action.where or "after"
        if where == "appropriate place":
            if not any(c.kind is Kind.DEFINITION for c in node.children):
                texts = [
                    self._spelled(instruction, chr(STRUCTURE_BASE + n)) or ""
                    for n in action.structures
                ]
                printed = self._definitions_in_words(node, texts)
                if printed is not None:
                    return printed
            return lambda: self._insert_in_order(node, new)
        if where in ("at end", "at beginning"):
            return lambda: self._insert_inside(node, new, at_end=where == "at end")
        self._check_room(node, new)
        if action.connector is not None:
            return self._plan_carried(node, new, where == "after", action.connector[0], i)
        return lambda: self._insert_beside(node, new, after=where == "after")

    def _plan_span(self, instruction: Instruction, target: Target, span: Span) -> Plan:
        """An instruction on a sub-provision printed inside its parent's words ("(a) … (b)
        …" in one paragraph of text): words, never a provision of its own."""
        action = instruction.action
        segments = [Seg(span.node, span.field, span.lo, span.hi)]
        if isinstance(action, Words):
            return self._plan_segment_words(action, segments, instruction, span.node)
        text = " ".join(
            self._spelled(instruction, chr(STRUCTURE_BASE + n)) or "" for n in action.structures
        )
        if action.op == "insert":
            pos = span.hi if (action.where or "after") in ("after", "at end") else span.lo
            return [Op(span.node, span.field, pos, pos, text)]
        return [Op(span.node, span.field, span.lo, span.hi, text)]

    # -- words -------------------------------------------------------------------------------

    def _field_segments(self, node: Node, target: Target) -> list[Seg]:
        if target.region in ("heading", "crossheading"):
            return [Seg(node, "heading")]
        if target.region in ("before", "after"):
            parent = node.parent
            if parent is None:
                raise NotApplied("no words around " + node.label())
            return [Seg(parent, "text" if target.region == "before" else "wrap_up")]
        return [Seg(n, f) for n, f in node.segments()]

    def _plan_words(
        self, action: Words, target: Target, node: Node, by: int, instruction: Instruction
    ) -> Plan:
        if node.removed:
            raise NotApplied(f"{node.label()} was omitted by an earlier amendment")
        return self._plan_segment_words(
            action, self._field_segments(node, target), instruction, node
        )

    def _plan_segment_words(
        self, action: Words, segments: list[Seg], instruction: Instruction, node: Node
    ) -> list[Op]:
        by = instruction.index
        new = self._spelled(instruction, action.new)
        if action.op == "insert":
            return self._plan_insert(action, segments, new, by, node)
        if action.old is None and action.to is None:
            # All the words: a heading substituted, "omit the words after paragraph (b)".
            seg = segments[0]
            text = seg.text()
            if not text and action.op == "omit":
                raise NotApplied(f"there are no such words in {node.label()}")
            lo, hi = seg.lo, seg.end()
            return [Op(seg.node, seg.field, lo, hi, new or "")]
        if action.to is not None:
            return self._plan_range(action, segments, new, by, node)
        assert action.old is not None
        spots = self._spots(segments, action.old, action.occurrence, node, action.where)
        # Each place the words occur gets the new words ("in each place it occurs").
        ops = []
        for seg, at in spots:
            start, end = at, at + len(action.old)
            if action.connector is not None:
                start, end = _with_connector(seg, start, end, action.connector, action.old, node)
            ops.append(Op(seg.node, seg.field, start, end, new or ""))
        return ops

    def _spots(
        self,
        segments: Sequence[Seg],
        words: str,
        occurrence: int | None,
        node: Node,
        where: str | None = None,
    ) -> list[tuple[Seg, int]]:
        found = [(seg, at) for seg in segments for at in seg.find(words)]
        if where == "at end":
            # "omit the “and” at the end of paragraph (a)": the last words of it.
            found = [
                (seg, at)
                for seg, at in found
                if not seg.text()[at + len(words) : seg.end()].strip(" ;,.")
            ]
        if not found:
            raise NotApplied(f"words not found: “{words}” is not in {node.label()}")
        if occurrence == EACH:
            return found
        if occurrence == LAST:
            return found[-1:]
        if occurrence is not None:
            if occurrence > len(found):
                raise NotApplied(
                    f"words not found: “{words}” occurs {len(found)} times in "
                    f"{node.label()}, not {occurrence}"
                )
            return [found[occurrence - 1]]
        if len(found) > 1:
            raise NotApplied(
                f"words found {len(found)} times: “{words}” occurs {len(found)} times in "
                f"{node.label()} and the instruction does not say which"
            )
        return found

    def _plan_insert(
        self,
        action: Words,
        segments: Sequence[Seg],
        new: str | None,
        by: int,
        node: Node,
    ) -> list[Op]:
        if not new:
            raise NotApplied("nothing to insert")
        if action.where in ("at end", "at beginning"):
            live = [seg for seg in segments if seg.text()[seg.lo : seg.end()]] or list(segments[:1])
            seg = live[-1] if action.where == "at end" else live[0]
            pos = seg.end() if action.where == "at end" else seg.lo
            words = new
            if action.where == "at end" and words.endswith(".") and seg.text()[:pos].endswith("."):
                # Words that end the provision take over its full stop.
                pos, words = pos - 1, words[:-1]
            return [Op(seg.node, seg.field, pos, pos, words)]
        if action.anchor is None:
            raise NotApplied(f"not applied: the amendment does not say where in {node.label()}")
        spots = self._spots(segments, action.anchor, action.occurrence, node)
        size = len(action.anchor)
        places = [(seg, at + size if action.where == "after" else at) for seg, at in spots]

        return [Op(seg.node, seg.field, pos, pos, new) for seg, pos in places]

    def _plan_range(
        self,
        action: Words,
        segments: Sequence[Seg],
        new: str | None,
        by: int,
        node: Node,
    ) -> list[Op]:
        """ "the words from “x” to “y”" (or to the end, or from the beginning)."""
        assert action.to is not None
        if action.old:
            seg0, start = self._spots(segments, action.old, action.occurrence, node)[0]
            first = segments.index(seg0)
        else:
            first = next((k for k, seg in enumerate(segments) if seg.text()), 0)
            start = segments[first].lo
        if action.to == "":
            last = max((k for k, seg in enumerate(segments) if seg.text()), default=first)
            end = segments[last].end()
            text = segments[last].text()
            # The provision's closing full stop (or semicolon) is not one of the words,
            # unless the new words bring their own.
            closing = text[end - 1 : end] if end else ""
            if closing in (".", ";", ":") and not (new or "").rstrip().endswith(closing):
                end -= 1
                if not new and last == first:
                    # "…the vehicle, but must first warn." without the words from “but”:
                    # "…the vehicle." (the comma before them goes too).
                    before = segments[first].text()[:start].rstrip()
                    if before.endswith((",", ";")) and start > segments[first].lo:
                        start = len(before) - 1
        else:
            last, end = -1, -1
            for k in range(first, len(segments)):
                from_here = start if k == first else 0
                hits = [p for p in segments[k].find(action.to) if p >= from_here]
                if hits:
                    last, end = k, hits[0] + len(action.to)
                    break
            if last < 0:
                raise NotApplied(f"words not found: “{action.to}” after “{action.old}”")
        edits: list[tuple[Node, str, int, int]] = []
        for k in range(first, last + 1):
            seg = segments[k]
            a = start if k == first else seg.lo
            b = end if k == last else seg.end()
            edits.append((seg.node, seg.field, a, b))
        return ops_across(edits, new or "")

    def _text(self, node: Node, name: str) -> Text:
        """The text to edit: the instruction's staged copy when one is being applied."""
        if self._stage is None:
            return node.field(name)
        return self._stage.text(node, name)

    def _strike(self, node: Node, name: str, spans: list[tuple[int, int]], by: int) -> None:
        if self._stage is None:
            self.tree.strike(node, name, spans, by)
        else:
            self._stage.struck.append((node, name, spans, by))

    def _edit(self, node: Node, name: str, start: int, end: int, new: str, by: int) -> None:
        text = self._text(node, name)
        plain = str(text)
        if new and start == end:
            self._insert_text(node, name, start, new, by)
            return
        if self._stage is not None:
            self._stage.expect(node, name, plain[start:end], new)
        struck = text.splice(start, end, new, by)
        if not new:
            # Leave one space where words were taken out, none before punctuation.
            before = plain[:start]
            after = plain[end:]
            if before.endswith(" ") and (after[:1] in _NO_SPACE_BEFORE or not after):
                struck += text.splice(start - 1, start, "", by)
        struck += text.tidy()
        self._strike(node, name, struck, by)

    def _insert_text(self, node: Node, name: str, pos: int, new: str, by: int) -> None:
        text = self._text(node, name)
        plain = str(text)
        if self._stage is not None:
            self._stage.expect(node, name, "", new)
        left, right = plain[:pos], plain[pos:]
        piece = new
        if (
            left
            and not left.endswith(" ")
            and left[-1] not in _NO_SPACE_AFTER
            and piece[:1] not in _NO_SPACE_BEFORE
        ):
            piece = " " + piece
        if (
            right
            and not right.startswith(" ")
            and right[0] not in _NO_SPACE_BEFORE
            and piece[-1:] not in _NO_SPACE_AFTER
        ):
            piece = piece + " "
        text.splice(pos, pos, piece, by)
        self._strike(node, name, text.tidy(), by)

    def _spelled(self, instruction: Instruction, words: str | None) -> str | None:
        """Quoted words with any quoted structure in them written out as its words."""
        if words is None or not _STRUCTURE.search(words):
            return words
        return " ".join(instruction.passage.spell(words).split())

    # -- provisions --------------------------------------------------------------------------

    def _new_nodes(self, instruction: Instruction, indices: Sequence[int]) -> list[Node]:
        passage = instruction.passage
        out: list[Node] = []
        for n in indices:
            el = passage.structures[n] if n < len(passage.structures) else None
            if el is None:
                raise NotApplied("the quoted provision is missing")
            key = id(el)
            if key not in self._structures:
                self._structures[key] = quoted_provisions(el, sections_are_clauses=True)
            provisions = self._structures[key]
            if not provisions:
                raise NotApplied("the quoted text is words, not provisions")
            out.extend(node_of(self._as_act(p), None, instruction.index) for p in provisions)
        return out

    def _as_act(self, p: Provision) -> Provision:
        """A quoted provision with the Act's kind of section (clause, section...)."""
        kind = p.kind
        if kind in (Kind.CLAUSE, Kind.SECTION) and self.unit_kind in UNIT_KINDS:
            kind = self.unit_kind
        children = tuple(self._as_act(c) for c in p.children)
        if kind is p.kind and children == p.children:
            return p
        return Provision(
            kind, p.number, p.heading, p.text, children, p.wrap_up, p.guid, p.eid, p.page, p.line
        )

    def _destination(self, anchor: Node, item: Node) -> Node:
        """Where ``item`` goes beside ``anchor``: the parent of ``anchor`` or of the ancestor
        at ``item``'s level."""
        place = anchor
        while (
            place.parent is not None
            and place.parent is not self.tree.root
            and _rank(item) < _rank(place)
            and _rank(item) <= _rank(place.parent)
        ):
            place = place.parent
        assert place.parent is not None
        return place.parent

    def _check_room(self, anchor: Node, new: list[Node], replacing: Node | None = None) -> None:
        """Refuse to insert a provision beside another of the same kind and number: the Act
        would have two subsections (7), say, which no amendment means (an earlier
        amendment not applied, or another version of the Act)."""
        for item in new:
            parent = self._destination(anchor, item)
            if not item.number:
                continue
            for sibling in parent.children:
                if (
                    sibling is not replacing
                    and not sibling.removed
                    and sibling.kind is _kind_among(parent, item)
                    and _bare(sibling.number) == _bare(item.number)
                ):
                    raise NotApplied(
                        f"not applied: {parent.label()} already has {sibling.label()}"
                        if parent is not self.tree.root
                        else f"not applied: the Act already has {sibling.label()}"
                    )

    def _insert_beside(self, anchor: Node, new: list[Node], after: bool) -> None:
        """Put ``new`` after (or before) ``anchor``, each at its own level: a subsection
        quoted after a paragraph goes after the paragraph's subsection, a Chapter after a
        section goes after the section's Chapter."""
        for item in new if after else reversed(new):
            parent = self._destination(anchor, item)
            place = anchor
            while place.parent is not parent:
                assert place.parent is not None
                place = place.parent
            self._place(parent, parent.children.index(place) + (1 if after else 0), [item])
            anchor = item

    def _insert_inside(self, node: Node, new: list[Node], at_end: bool) -> None:
        if new and _rank(new[0]) <= _rank(node) and node.parent is not None:
            self._insert_beside(node, new, after=at_end)
            return
        self._place(node, len(node.children) if at_end else 0, new)

    def _plan_definition(self, instruction: Instruction, node: Node, words: str) -> Plan:
        """ "at the appropriate place insert “ “x” means …; ” " in quoted words (not a quoted
        provision): a definition, put among the definitions in alphabetical order."""
        text = (self._spelled(instruction, words) or "").strip()
        if not re.match(r'"[^"]+"', fold(text)):
            raise NotApplied(
                f"not applied: “{text[:40]}” is not a definition, and the amendment does not "
                f"say where in {node.label()} it goes"
            )
        if any(c.kind is Kind.DEFINITION for c in node.children):
            new = [node_of(Provision(Kind.DEFINITION, text=text), None, instruction.index)]
            return lambda: self._insert_in_order(node, new)
        printed = self._definitions_in_words(node, [text])
        if printed is None:
            raise NotApplied(f"not applied: {node.label()} has no definitions to put it among")
        return printed

    def _definitions_in_words(self, node: Node, texts: Sequence[str]) -> list[Op] | None:
        """ "at the appropriate place" where the Act prints its definitions as words of
        the provision (CLML: “a” means …; “b” means …): the new definitions go in as words,
        before the first printed term that sorts after theirs. None when ``node`` prints
        no definitions."""
        text = str(node.text)
        folded = fold(text).lower()
        starts = [
            (m.start(), m.group(1))
            for m in re.finditer(r'(?:^|[—:;.]\s*)("[^"]+")\s', folded)
            if m.group(1)
        ]
        if not starts:
            return None
        ops: list[Op] = []
        for words in texts:
            m = re.match(r'\s*"([^"]+)"', fold(words).lower())
            if not m:
                return None
            key = m.group(1)
            later = [at for at, term in starts if term.strip('"') > key]
            if not later:
                raise NotApplied(
                    f"not applied: “{key}” would follow the last definition in "
                    f"{node.label()}, whose closing words are not the amendment's to change"
                )
            at = folded.index('"', later[0])
            ops.append(Op(node, "text", at, at, words.strip()))
        return ops

    def _insert_in_order(self, node: Node, new: list[Node]) -> None:
        """ "at the appropriate place": among definitions, in alphabetical order."""
        for item in new:
            key = _term(item)
            index = len(node.children)
            for k, c in enumerate(node.children):
                if c.kind is Kind.DEFINITION and not c.removed and _term(c) > key:
                    index = k
                    break
            self._place(node, index, [item])

    def _substitute(self, node: Node, new: list[Node], by: int) -> None:
        self.tree.omit(node, by)
        self._insert_beside(node, new, after=True)

    def _place(self, parent: Node, index: int, new: list[Node]) -> None:
        for k, item in enumerate(new):
            _refit(item, _kind_among(parent, item))
            item.parent = parent
            self._give_eids(item, parent)
            parent.children.insert(index + k, item)
            self._index(item)

    def _plan_carried(
        self, anchor: Node, new: list[Node], after: bool, word: str, by: int
    ) -> Callable[[], None]:
        """Insert ``new`` beside ``anchor`` where the connecting ``word`` ending the provision
        before them ("before the “or” before sub-paragraph (iii)") moves to the end of the
        last of them."""
        if after:
            before: Node | None = anchor
        else:
            parent = anchor.parent
            assert parent is not None
            live = [c for c in parent.children if not c.removed]
            k = live.index(anchor)
            before = live[k - 1] if k > 0 else None
        ends = _ending(before, word) if before is not None else None
        if before is None or ends is None:
            where = f"{anchor.label()}" if after else f"the provision before {anchor.label()}"
            raise NotApplied(f"words not found: “{word}” does not end {where}")
        seg, name, at = ends

        def run() -> None:
            self._insert_beside(anchor, new, after=after)
            text = str(seg.field(name))
            self._edit(seg, name, at, len(text), "", by)
            last = [(n, f) for n, f in new[-1].segments() if n.field(f)][-1]
            self._insert_text(last[0], last[1], len(str(last[0].field(last[1]))), word, by)

        return run

    def _omit(self, node: Node, by: int, connector: tuple[str, str] | None) -> None:
        self.tree.omit(node, by)
        if connector is None:
            return
        word, side = connector
        parent = node.parent
        assert parent is not None
        live = [c for c in parent.children if not c.removed or c is node]
        k = live.index(node)
        neighbour = live[k - 1] if side == "before" and k > 0 else None
        if side == "after" and k + 1 < len(live):
            neighbour = None  # the "and" after a paragraph ends that paragraph: gone with it
        ends = _ending(neighbour, word) if neighbour is not None else None
        if ends is not None:
            seg, name, at = ends
            self._edit(seg, name, at, len(str(seg.field(name))), "", by)

    def _drop_crossheading(self, node: Node, by: int) -> None:
        """Omit a cross-heading, keeping the provisions under it."""
        parent = node.parent
        assert parent is not None
        index = parent.children.index(node)
        moved = [c for c in node.children]
        node.children = []
        self.tree.omit(node, by)
        for k, c in enumerate(moved):
            c.parent = parent
            parent.children.insert(index + 1 + k, c)

    def _give_eids(self, node: Node, parent: Node) -> None:
        """eIds in the Act's own scheme for an inserted provision and everything in it."""
        old = node.eid or ""
        node.eid = self._eid_for(node, parent)
        for c in node.children:
            suffix = (
                (c.eid or "")[len(old) + 2 :]
                if old and (c.eid or "").startswith(old + "__")
                else ""
            )
            if suffix and node.eid and self.lawmaker_eids:
                c.eid = f"{node.eid}__{suffix}"
                self._rebase(c, (old + "__" + suffix))
            else:
                self._give_eids(c, node)

    def _rebase(self, node: Node, old: str) -> None:
        for c in node.children:
            cid = c.eid or ""
            if cid.startswith(old + "__") and node.eid:
                suffix = cid[len(old) + 2 :]
                c.eid = f"{node.eid}__{suffix}"
                self._rebase(c, cid)
            else:
                self._give_eids(c, node)

    def _eid_for(self, node: Node, parent: Node) -> str | None:
        number = re.sub(r"[^0-9A-Za-z]", "", _bare(node.number))
        # Learn the scheme from a sibling of the same kind.
        for sibling in parent.children:
            if sibling.kind is node.kind and sibling.eid and sibling.number and sibling.by is None:
                bare = re.sub(r"[^0-9A-Za-z]", "", _bare(sibling.number))
                if bare and sibling.eid.endswith(bare):
                    return sibling.eid[: len(sibling.eid) - len(bare)] + number
        if not self.lawmaker_eids:
            return None
        prefix = {
            Kind.CLAUSE: "sec_",
            Kind.SECTION: "sec_",
            Kind.SCHEDULE: "sched_",
            Kind.PART: "pt_",
        }.get(node.kind)
        if prefix:
            return prefix + number
        part = {
            Kind.SUBSECTION: "subsec_",
            Kind.PARAGRAPH: "para_",
            Kind.SUBPARAGRAPH: "subpara_",
            Kind.SUBSUBPARAGRAPH: "subsubpara_",
            Kind.SCHEDULE_PARAGRAPH: "para_",
            Kind.SCHEDULE_SUBPARAGRAPH: "subpara_",
            Kind.CHAPTER: "chp_",
            Kind.CROSSHEADING: "xhdg_",
        }.get(node.kind)
        if node.kind is Kind.DEFINITION:
            term = re.sub(r"[^a-z0-9]", "", _term(node))
            part, number = "def_", term + "_"
        if part is None or not parent.eid:
            return None
        return f"{parent.eid}__{part}{number}"


_GROUPS = {
    **{k: "section" for k in UNIT_KINDS - {Kind.SCHEDULE_PARAGRAPH}},
    Kind.SCHEDULE: "schedule",
    Kind.PART: "part",
    Kind.CHAPTER: "chapter",
}


def _within(node: Node, scope: Node) -> bool:
    n = node.parent
    while n is not None:
        if n is scope:
            return True
        n = n.parent
    return False


_BRACKETED = frozenset({"subsection", "para", "subparagraph", "level"})


def _label_kind(label: str) -> str:
    """A number's kind: figures, letters or roman numerals (for where an inline one ends)."""
    if label[:1].isdigit():
        return "digit"
    if re.fullmatch(r"[ivxl]+", label) and label not in ("l", "v", "x"):
        return "roman"
    return "letter"


_CONTAINERS = frozenset({Kind.PART, Kind.CHAPTER, Kind.CROSSHEADING})


def _opened(node: Node) -> Iterator[Node]:
    """``node``'s children, with Parts, Chapters and cross-headings inside it opened up (a
    schedule's paragraphs sit in its Parts; "paragraph 1" is never Part 1)."""
    for c in node.children:
        if c.kind in _CONTAINERS:
            yield from _opened(c)
        else:
            yield c


def _with_connector(
    seg: Seg, start: int, end: int, connector: tuple[str, str], words: str, node: Node
) -> tuple[int, int]:
    """``start`` to ``end`` widened to take in the connecting word just before (or after)
    the words ("omit “x” (and the “or” that appears before those words)"); only spaces may
    come between."""
    word, side = connector
    text, needle = fold(seg.text()), fold(word)
    if side == "before":
        head = text[seg.lo : start]
        kept = head.rstrip(" ")
        at = len(kept) - len(needle)
        if kept != head and kept.endswith(needle) and (at == 0 or not kept[at - 1].isalnum()):
            return seg.lo + at, end
    else:
        tail = text[end : seg.end()]
        rest = tail.lstrip(" ")
        after = len(tail) - len(rest) + len(needle)
        if rest != tail and rest.startswith(needle) and not tail[after : after + 1].isalnum():
            return start, end + after
    raise NotApplied(f"words not found: no “{word}” {side} “{words}” in {node.label()}")


def _ending(node: Node, word: str) -> tuple[Node, str, int] | None:
    """Where ``word`` ends ``node``'s words (the last field that has any), if it does."""
    segments = [(n, f) for n, f in node.segments() if n.field(f)]
    if not segments:
        return None
    seg, name = segments[-1]
    text = str(seg.field(name))
    hits = [p for p in find_words(text, word) if not text[p + len(word) :].strip()]
    return (seg, name, hits[-1]) if hits else None


def _in_removed(node: Node) -> bool:
    n: Node | None = node
    while n is not None:
        if n.removed:
            return True
        n = n.parent
    return False


#: The levels of a section, outermost first: a quoted provision takes the kind of the
#: provisions it joins (CLML reads a subsection's lettered paragraphs as sub-paragraphs).
_LADDER = (Kind.SUBSECTION, Kind.PARAGRAPH, Kind.SUBPARAGRAPH, Kind.SUBSUBPARAGRAPH)


def _kind_among(parent: Node, item: Node) -> Kind:
    """The kind ``item`` has among ``parent``'s numbered children: theirs where they are
    all of one level of :data:`_LADDER` and ``item`` is of another, else its own."""
    if item.kind not in _LADDER:
        return item.kind
    kinds = {c.kind for c in parent.children if c.number and c is not item and not c.removed}
    if len(kinds) == 1:
        (kind,) = kinds
        if kind in _LADDER:
            return kind
    return item.kind


def _refit(node: Node, kind: Kind) -> None:
    """Give ``node`` the level ``kind`` and its descendants the levels below it."""
    if node.kind is kind or node.kind not in _LADDER or kind not in _LADDER:
        return
    shift = _LADDER.index(kind) - _LADDER.index(node.kind)
    for n in node.walk():
        if n.kind in _LADDER:
            n.kind = _LADDER[min(max(_LADDER.index(n.kind) + shift, 0), len(_LADDER) - 1)]


def _term(node: Node) -> str:
    text = fold(str(node.text)).lower()
    m = re.match(r'\s*"([^"]+)"', text)
    return m.group(1) if m else text


__all__ = ["STRUCTURE_BASE", "Applier", "NotApplied", "Outcome", "Text", "find_words"]
