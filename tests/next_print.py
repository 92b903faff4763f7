"""Make the "next print" of a real Lawmaker bill, with known changes, and record them.

Given a real print (Lawmaker UK-AKN, with GUIDs) and a seed, :func:`make` writes
what a next print could look like: runs of new clauses inserted mid-Part (some
headed like the clause that had their number before, the trap a "number +
heading" rule falls into, some with the headings long bills repeat), clauses
removed singly and in a range, clauses moved to another Part, to another
cross-heading in the same Part while keeping their place in the order, and out
of order, clauses amended (words and headings), a paragraph or subsection
inserted early in a clause so the later ones are relettered, schedule
paragraphs inserted and removed, one substituted in place (new GUID, other
words), and every later number shifted: clauses renumbered 1, 2, 3…, eIds
renumbered as Lawmaker renumbers them, cross-references to renumbered clauses
updated.

The truth is the generator's own record of what it did (by GUID, mapped to
references such as ``"12"`` and ``"2/5"`` at the end); nothing here asks the
aligner. :func:`forms` gives each print in three forms: ``guids`` (as
Lawmaker writes it), ``no-ids`` (no GUID or eId at all, like a file passed
through other tools) and ``eids`` (GUIDs stripped, eIds following the
numbering, like legislation.gov.uk's AKN).

    python tests/next_print.py PRINT.xml --donor OTHER.xml --seed 3 --out DIR

writes ``old-<form>.xml``, ``new-<form>.xml`` and ``truth.json`` into DIR.
"""

from __future__ import annotations

import argparse
import copy
import itertools
import json
import random
import re
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

AKN = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
UKL = "https://www.legislation.gov.uk/namespaces/UK-AKN"
NS = {"a": AKN}
_A = f"{{{AKN}}}"

FORMS = ("guids", "no-ids", "eids")
#: Headings long bills repeat; some inserted clauses get one.
REPEATED_HEADINGS = ("Interpretation", "Regulations", "Guidance", "Financial penalties")
_GUID_ATTRS = ("GUID", f"{{{UKL}}}targetGuid", f"{{{UKL}}}fromGuid", f"{{{UKL}}}upToGuid")


@dataclass
class Truth:
    """What the generator did, by reference ("12", "2/5") in the old and new print."""

    #: [old ref, new ref] of every unit in both prints (same GUID), in old order. A
    #: list, not a mapping: unnumbered schedule paragraphs share a reference.
    pairs: list[list[str]] = field(default_factory=list)
    #: [old ref, new ref, status] of every unit of either print ("" for no side).
    statuses: list[list[str]] = field(default_factory=list)
    #: new ref -> [old cross-heading, new cross-heading] of units moved between them.
    crossheading_moves: dict[str, list[str]] = field(default_factory=dict)
    #: new ref -> [[old number, new number], ...] relettered because of an insertion.
    relettered: dict[str, list[list[str]]] = field(default_factory=dict)
    #: new ref -> the words of the sub-provision inserted there.
    inserted_subprovisions: dict[str, str] = field(default_factory=dict)
    #: new refs of added clauses that took the number and heading of an old clause
    #: that is now elsewhere (the trap of pairing on number + heading).
    heading_traps: list[str] = field(default_factory=list)
    #: What was done, for a reader: counts per operation.
    operations: dict[str, int] = field(default_factory=dict)

    def to_json(self) -> str:
        return json.dumps(self.__dict__, indent=1, sort_keys=True, ensure_ascii=False)


@dataclass
class NextPrint:
    old: etree._ElementTree
    new: etree._ElementTree
    truth: Truth


# --- reading the print --------------------------------------------------------------------


def _local(el: etree._Element) -> str:
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


def _xpath(el: etree._Element, expr: str) -> list[etree._Element]:
    found = el.xpath(expr, namespaces=NS)
    assert isinstance(found, list)
    return [e for e in found if isinstance(e, etree._Element)]


def body_of(tree: etree._ElementTree) -> etree._Element:
    body = tree.find(f".//{_A}body")
    assert body is not None, "not a Lawmaker print: no body"
    return body


def clauses(body: etree._Element) -> list[etree._Element]:
    """The clauses of the body (sections outside text quoted into other Acts)."""
    return _xpath(
        body,
        ".//a:section[not(ancestor::a:quotedStructure)][not(ancestor::a:hcontainer"
        "[@name='schedule'])]",
    )


def schedules(body: etree._Element) -> list[etree._Element]:
    return _xpath(body, ".//a:hcontainer[@name='schedule'][not(ancestor::a:quotedStructure)]")


def schedule_paragraphs(schedule: etree._Element) -> list[etree._Element]:
    return _xpath(
        schedule, ".//a:paragraph[not(ancestor::a:quotedStructure)][not(ancestor::a:paragraph)]"
    )


def _child(el: etree._Element, name: str) -> etree._Element | None:
    for c in el:
        if _local(c) == name:
            return c
    return None


def text_of(el: etree._Element | None) -> str:
    if el is None:
        return ""
    return " ".join(etree.tostring(el, method="text", encoding=str, with_tail=False).split())


def number_of(el: etree._Element) -> str:
    return text_of(_child(el, "num")).rstrip(".")


def schedule_number(schedule: etree._Element) -> str:
    words = text_of(_child(schedule, "num")).split()
    return words[1] if len(words) > 1 else ""


def _set_text(el: etree._Element, text: str) -> None:
    """Replace the words of ``el`` (keeping its processing instructions, e.g. <?L?>)."""
    for child in list(el):
        if isinstance(child, etree._ProcessingInstruction):
            child.tail = None
        else:
            el.remove(child)
    pis = list(el)
    if pis:
        el.text = None
        pis[-1].tail = text
    else:
        el.text = text


def _crossheading(el: etree._Element) -> etree._Element | None:
    parent = el.getparent()
    if parent is not None and parent.get("name") == "crossheading":
        return parent
    return None


def _part(el: etree._Element) -> etree._Element | None:
    for anc in el.iterancestors():
        if _local(anc) in ("part", "chapter"):
            return anc
    return None


def _heading(el: etree._Element) -> str:
    return text_of(_child(el, "heading"))


def _units_with_refs(tree: etree._ElementTree) -> list[tuple[str, etree._Element]]:
    body = body_of(tree)
    out = [(number_of(c), c) for c in clauses(body)]
    for s in schedules(body):
        num = schedule_number(s)
        paragraphs = schedule_paragraphs(s)
        out.extend((f"{num}/{number_of(p)}", p) for p in paragraphs)
        if not paragraphs and _words_beyond_title(s):
            # A schedule whose words are not in paragraphs is compared as one unit.
            out.append((f"Schedule {num}" if num else "the Schedule", s))
    return out


def _words_beyond_title(schedule: etree._Element) -> bool:
    title = {id(c) for c in schedule if _local(c) in ("num", "heading", "subheading")}
    return any(text_of(c) for c in schedule if id(c) not in title)


def unit_refs(tree: etree._ElementTree) -> list[str]:
    """References of every unit in document order ("12", "2/5"): what a reader should find."""
    return [ref for ref, _ in _units_with_refs(tree)]


# --- the generator ------------------------------------------------------------------------


class _Generator:
    def __init__(self, source: etree._ElementTree, donor: etree._ElementTree, seed: int) -> None:
        self.rng = random.Random(seed)
        self.old = source
        self.new = copy.deepcopy(source)
        self.body = body_of(self.new)
        self.donor_clauses = [
            c for c in clauses(body_of(donor)) if len(text_of(c)) > 300 and _heading(c)
        ]
        self.donor_paragraphs = [
            p
            for s in schedules(body_of(donor))
            for p in schedule_paragraphs(s)
            if len(text_of(p)) > 120
        ]
        # A donor clause as worded as one of this bill's (the same boilerplate "Power to
        # make consequential provision") would be that clause to any reader: not used.
        own = [text_of(u) for _, u in _units_with_refs(source)]
        self.donor_clauses = _unlike(self.donor_clauses, own)
        self.donor_paragraphs = _unlike(self.donor_paragraphs, own)
        self.rng.shuffle(self.donor_clauses)
        self.rng.shuffle(self.donor_paragraphs)
        self.truth = Truth()
        self.moved: set[str] = set()  # GUIDs
        self.changed: set[str] = set()  # GUIDs of units whose words or heading changed
        self.touched: set[str] = set()  # GUIDs no later operation may pick
        self.substituted: dict[str, str] = {}  # old GUID -> new GUID
        self.xh_moves: dict[str, tuple[str, str]] = {}  # GUID -> (old, new cross-heading)
        self.relettered: dict[str, list[tuple[str, str]]] = {}
        self.inserted_sub: dict[str, str] = {}
        self.inserted_numbers: list[str] = []  # GUIDs of inserted clauses, for heading traps
        self.ops: dict[str, int] = {}
        self._refs_to: dict[str, list[etree._Element]] | None = None

    # helpers ---------------------------------------------------------------------------

    def _count(self, op: str, n: int = 1) -> None:
        self.ops[op] = self.ops.get(op, 0) + n

    def _fresh_guids(self, el: etree._Element) -> None:
        """New GUIDs for a copy of another bill's provision, and none of its page:line
        markers (they are that bill's pages)."""
        for node in el.iter():
            if isinstance(node.tag, str) and node.get("GUID"):
                node.set("GUID", f"_{uuid.UUID(int=self.rng.getrandbits(128))}")
        for pi in list(el.iter(etree.ProcessingInstruction)):
            if isinstance(pi, etree._ProcessingInstruction) and pi.target == "L":
                _drop(pi)

    def _free(self, el: etree._Element) -> bool:
        return el.get("GUID") not in self.touched

    def _siblings(self, el: etree._Element) -> list[etree._Element]:
        parent = el.getparent()
        assert parent is not None
        return [c for c in parent if _local(c) == "section"]

    def _groups(self) -> list[list[etree._Element]]:
        """Runs of clauses sharing a parent (a cross-heading, a Part or the body)."""
        # Keyed by the element itself: it keeps lxml's proxy (and so its id) alive.
        seen: dict[etree._Element, list[etree._Element]] = {}
        for c in clauses(self.body):
            parent = c.getparent()
            assert parent is not None
            seen.setdefault(parent, []).append(c)
        return list(seen.values())

    # operations ------------------------------------------------------------------------

    def insert_run(self, size: int) -> None:
        """Insert ``size`` new clauses after a clause in the middle of a cross-heading/Part."""
        groups = [g for g in self._groups() if len(g) >= 3]
        self.rng.shuffle(groups)
        for group in groups:
            k = self.rng.randrange(1, len(group) - 1)
            before, after = group[k - 1], group[k]
            if not (self._free(before) and self._free(after)):
                continue
            at = after
            for _ in range(size):
                if not self.donor_clauses:
                    return
                clause = copy.deepcopy(self.donor_clauses.pop())
                self._fresh_guids(clause)
                at.addprevious(clause)
                self.touched.add(clause.get("GUID") or "")
                self.inserted_numbers.append(clause.get("GUID") or "")
            # Keep later operations off the neighbours: a removal next to an insertion
            # would be a substitution.
            self.touched |= {before.get("GUID") or "", after.get("GUID") or ""}
            self._count("clauses inserted", size)
            return

    def remove(self, size: int) -> None:
        """Remove ``size`` consecutive clauses, leaving every cross-heading a clause."""
        order = clauses(self.body)
        starts = list(range(1, len(order) - size - 1))
        self.rng.shuffle(starts)
        for k in starts:
            window = order[k - 1 : k + size + 1]
            if not all(self._free(c) for c in window):
                continue
            gone = order[k : k + size]
            parents = [c.getparent() for c in gone]
            if any(
                len([c for c in parent if _local(c) == "section"]) <= parents.count(parent)
                for parent in parents
                if parent is not None
            ):
                continue
            for c in gone:
                c.getparent().remove(c)  # type: ignore[union-attr]
            self.touched |= {c.get("GUID") or "" for c in window}
            self._count("clauses removed", size)
            return

    def move_to_other_part(self) -> None:
        """Move a clause into another Part (in a bill without Parts, to a cross-heading
        at least ten clauses away)."""
        parts = [p for p in self.body.iter(f"{_A}part") if _in_body(p) and clauses_in(p)]
        if len(parts) < 2:
            self._move_far()
            return
        for _ in range(20):
            source, target = self.rng.sample(parts, 2)
            candidates = [c for c in clauses_in(source) if self._movable(c)]
            if not candidates:
                continue
            clause = self.rng.choice(candidates)
            dest = [c for c in clauses_in(target) if self._free(c)]
            if len(dest) < 2:
                continue
            anchor = self.rng.choice(dest[1:])
            if not self._movable(anchor):
                continue
            self._mark_neighbours(clause)
            anchor.addprevious(clause)
            self._mark_neighbours(clause)
            self._moved(clause)
            self._count("moved to another Part")
            return

    def _move_far(self) -> None:
        order = clauses(self.body)
        for _ in range(30):
            k, j = sorted(self.rng.sample(range(1, len(order) - 1), 2))
            if j - k < 10:
                continue
            clause, anchor = order[k], order[j]
            if _crossheading(clause) is _crossheading(anchor):
                continue
            if not (self._movable(clause) and self._movable(anchor)):
                continue
            old_xh = _crossheading(clause)
            self._mark_neighbours(clause)
            self._mark_neighbours(anchor)
            anchor.addprevious(clause)
            self._moved(clause)
            new_xh = _crossheading(clause)
            if old_xh is not None and new_xh is not None:
                self.xh_moves[clause.get("GUID") or ""] = (_heading(old_xh), _heading(new_xh))
            self._count("moved to a distant cross-heading")
            return

    def move_to_next_crossheading(self) -> None:
        """Move the last clause of a cross-heading to the start of the next one (same Part):
        its place in the order is the same, its cross-heading is not."""
        xhs = [
            x
            for x in self.body.iter(f"{_A}hcontainer")
            if x.get("name") == "crossheading" and _in_body(x)
        ]
        pairs = []
        for x in xhs:
            nxt = x.getnext()
            while nxt is not None and not isinstance(nxt.tag, str):
                nxt = nxt.getnext()
            if nxt is not None and nxt.get("name") == "crossheading":
                a, b = clauses_in(x, direct=True), clauses_in(nxt, direct=True)
                if len(a) >= 2 and len(b) >= 1 and _heading(x) != _heading(nxt):
                    pairs.append((x, nxt, a, b))
        self.rng.shuffle(pairs)
        for x, nxt, a, b in pairs:
            clause = a[-1]
            if not (self._movable(clause) and self._free(b[0])):
                continue
            old_xh = _heading(x)
            self._mark_neighbours(clause)
            b[0].addprevious(clause)
            self._moved(clause)
            self.xh_moves[clause.get("GUID") or ""] = (old_xh, _heading(nxt))
            self._count("moved to another cross-heading in order")
            return

    def move_out_of_order(self) -> None:
        """Move a clause two places later among the clauses of its cross-heading or Part."""
        groups = [g for g in self._groups() if len(g) >= 4]
        self.rng.shuffle(groups)
        for group in groups:
            k = self.rng.randrange(0, len(group) - 2)
            window = group[max(0, k - 1) : k + 4]
            if not all(self._free(c) for c in window):
                continue
            clause = group[k]
            group[k + 2].addnext(clause)
            self.touched |= {c.get("GUID") or "" for c in window}
            self._moved(clause)
            self._count("moved out of order")
            return

    def _referenced_elsewhere(self, clause: etree._Element, run: list[etree._Element]) -> bool:
        """Whether a reference outside ``clause`` points into ``run``."""
        if self._refs_to is None:
            self._refs_to = {}
            for r in self.body.iter(f"{_A}ref"):
                target = r.get(f"{{{UKL}}}targetGuid")
                if target:
                    self._refs_to.setdefault(target, []).append(r)
        guids = {g for el in run for node in el.iter() if (g := node.get("GUID"))}
        inside = set(clause.iter(f"{_A}ref"))
        return any(r not in inside for g in guids for r in self._refs_to.get(g, ()))

    def _movable(self, c: etree._Element) -> bool:
        prev, nxt = c.getprevious(), c.getnext()
        return self._free(c) and all(
            n is None or not isinstance(n.tag, str) or self._free(n) for n in (prev, nxt)
        )

    def _mark_neighbours(self, c: etree._Element) -> None:
        for n in (c.getprevious(), c, c.getnext()):
            if n is not None and isinstance(n.tag, str) and n.get("GUID"):
                self.touched.add(n.get("GUID") or "")

    def _moved(self, c: etree._Element) -> None:
        self.moved.add(c.get("GUID") or "")
        self.touched.add(c.get("GUID") or "")

    def amend(self, count: int) -> None:
        candidates = [c for c in clauses(self.body) if self._free(c) and any(_words(c))]
        for clause in self.rng.sample(candidates, min(count, len(candidates))):
            slots = list(_words(clause))
            el, attr, text = self.rng.choice(slots)
            if " may " in text and self.rng.random() < 0.5:
                text = text.replace(" may ", " must ", 1)
            elif "Secretary of State" in text and self.rng.random() < 0.5:
                text = text.replace("Secretary of State", "Secretary of State or the Treasury", 1)
            else:
                text = text.rstrip() + " (subject to any provision made by regulations)"
            setattr(el, attr, text)
            self.changed.add(clause.get("GUID") or "")
            self.touched.add(clause.get("GUID") or "")
            self._count("clauses amended")
        others = [
            c for c in clauses(self.body) if self._free(c) and _child(c, "heading") is not None
        ]
        if others:
            clause = self.rng.choice(others)
            heading = _child(clause, "heading")
            assert heading is not None
            _set_text(heading, text_of(heading) + " and supplementary provision")
            self.changed.add(clause.get("GUID") or "")
            self.touched.add(clause.get("GUID") or "")
            self._count("headings amended")

    def reletter(self) -> None:
        """Insert a sub-provision early in a clause, so the later ones are renumbered."""
        found = []
        for clause in clauses(self.body):
            if not self._free(clause):
                continue
            for kind in ("level", "subsection"):
                runs: dict[etree._Element, list[etree._Element]] = {}
                for el in clause.iter(f"{_A}{kind}"):
                    if kind == "level" and el.get("class") != "para1":
                        continue
                    if any(_local(a) == "quotedStructure" for a in el.iterancestors()):
                        continue
                    parent = el.getparent()
                    assert parent is not None
                    runs.setdefault(parent, []).append(el)
                for run in runs.values():
                    nums = [number_of(el) for el in run]
                    first = "a" if kind == "level" else "1"
                    wanted = [f"({chr(ord(first) + k)})" for k in range(len(run))]
                    if (
                        len(run) >= 3
                        and nums == wanted
                        and not self._referenced_elsewhere(clause, run)
                    ):
                        found.append((clause, kind, run))
        if not found:
            return
        clause, kind, run = self.rng.choice(found)
        new = copy.deepcopy(run[0])
        self._fresh_guids(new)
        for child in list(new):
            if isinstance(child.tag, str) and _local(child) not in ("num",):
                new.remove(child)
        content = etree.SubElement(new, f"{_A}content")
        p = etree.SubElement(content, f"{_A}p")
        words = (
            "such other matters relating to the register as the Secretary of State "
            "may by regulations specify, including the form of any entry,"
            if kind == "level"
            else "The Secretary of State must publish guidance about the arrangements "
            "made under this section and keep it under review."
        )
        p.text = words
        for node in new.iter():
            if isinstance(node.tag, str) and node.get("eId"):
                node.set("eId", node.get("eId", "") + "__inserted")
        run[0].addnext(new)
        relabels = []
        guid_of_run = {el.get("GUID") for el in run}
        for k, el in enumerate([new, *run[1:]], start=1):
            num = _child(el, "num")
            assert num is not None
            old = number_of(el)
            label = f"({chr(ord('a' if kind == 'level' else '1') + k)})"
            _set_text(num, label)
            if el is not new:
                relabels.append((old[1:-1], label[1:-1]))
        # References to the relettered sub-provisions from within the clause follow them.
        mapping = dict(relabels)
        for ref in clause.iter(f"{_A}ref"):
            if ref.get(f"{{{UKL}}}targetGuid") not in guid_of_run:
                continue
            m = re.fullmatch(r"(.*\()(\w+)\)", (ref.text or "").strip())
            if m and m.group(2) in mapping and _governed(ref, m.group(1)):
                ref.text = f"{m.group(1)}{mapping[m.group(2)]})"
                relabels.append((m.group(2), mapping[m.group(2)]))
        guid = clause.get("GUID") or ""
        self.relettered[guid] = relabels
        self.inserted_sub[guid] = words
        self.changed.add(guid)
        self.touched.add(guid)
        self._count("sub-provisions inserted early in a clause")

    def schedule_changes(self) -> None:
        """Insert and remove paragraphs in one schedule; substitute one in another (or in
        the only one)."""
        scheds = [s for s in schedules(self.body) if len(schedule_paragraphs(s)) >= 3]
        if not scheds:
            return
        # Paragraphs with no words (". . ." for repealed ones) cannot be told apart once
        # renumbered: nothing is inserted or removed among them.
        big = [
            s
            for s in scheds
            if len(schedule_paragraphs(s)) >= 10
            and all(_has_words(p) for p in schedule_paragraphs(s))
        ]
        if big and len(scheds) >= 2:
            s = self.rng.choice(big)
            paras = schedule_paragraphs(s)
            k = self.rng.randrange(2, len(paras) // 2 - 1)
            if self.donor_paragraphs:
                new = copy.deepcopy(self.donor_paragraphs.pop())
                self._fresh_guids(new)
                paras[k].addprevious(new)
                self.touched |= {paras[k - 1].get("GUID") or "", paras[k].get("GUID") or ""}
                self._count("schedule paragraphs inserted")
            j = self.rng.randrange(len(paras) // 2 + 2, len(paras) - 1)
            if all(self._free(p) for p in paras[j - 1 : j + 2]):
                self.touched |= {p.get("GUID") or "" for p in paras[j - 1 : j + 2]}
                paras[j].getparent().remove(paras[j])  # type: ignore[union-attr]
                self._count("schedule paragraphs removed")
            scheds = [x for x in scheds if x is not s]
        s = self.rng.choice(scheds)
        paras = [p for p in schedule_paragraphs(s) if self._free(p)]
        if paras and self.donor_paragraphs:
            old = self.rng.choice(paras)
            new = copy.deepcopy(self.donor_paragraphs.pop())
            self._fresh_guids(new)
            num, old_num = _child(new, "num"), _child(old, "num")
            if num is not None and old_num is not None:
                new.replace(num, copy.deepcopy(old_num))
            old.addprevious(new)
            old.getparent().remove(old)  # type: ignore[union-attr]
            self.substituted[old.get("GUID") or ""] = new.get("GUID") or ""
            self.touched.add(new.get("GUID") or "")
            self._count("schedule paragraphs substituted")

    # renumbering -----------------------------------------------------------------------

    def renumber(self) -> None:
        """Number the clauses 1, 2, 3…; the paragraphs of changed schedules likewise; eIds
        and references follow, as Lawmaker renumbers a print."""
        old_numbers = {c.get("GUID"): number_of(c) for c in clauses(body_of(self.old))}
        old_members = {
            s.get("GUID"): {p.get("GUID") for p in schedule_paragraphs(s)}
            for s in schedules(body_of(self.old))
        }
        inner: dict[str, str] = {}  # old eId -> new, of relettered sub-provisions
        outer: dict[str, str] = {}  # likewise of clauses and schedule paragraphs
        # Relettered sub-provisions get eIds that follow their numbers.
        for clause in clauses(self.body):
            if clause.get("GUID") not in self.relettered:
                continue
            for el in clause.iter(f"{_A}subsection", f"{_A}level"):
                if any(_local(a) == "quotedStructure" for a in el.iterancestors()):
                    continue
                parent_eid = _eid_parent(el)
                if parent_eid and number_of(el):
                    kind = "subsec" if _local(el) == "subsection" else "para"
                    _re_eid(el, f"{parent_eid}__{kind}_{number_of(el)[1:-1]}", inner)
        for n, clause in enumerate(clauses(self.body), start=1):
            num = _child(clause, "num")
            assert num is not None
            if number_of(clause) != str(n):
                _set_text(num, str(n))
            _re_eid(clause, f"sec_{n}", outer)
        substitutes = set(self.substituted.values())
        for s in schedules(self.body):
            paras = schedule_paragraphs(s)
            before = old_members.get(s.get("GUID"), set())
            now = {p.get("GUID") for p in paras}
            gone = {g for g in before - now if g not in self.substituted}
            came = {g for g in now - before if g not in substitutes}
            base = s.get("eId") or "sched"
            for n, p in enumerate(paras, start=1):
                num = _child(p, "num")
                if num is None:
                    continue  # an unnumbered paragraph stays so
                if gone or came:
                    _set_text(num, str(n))
                eid = p.get("eId") or ""
                m = re.fullmatch(r"(.*__para_)[^_]+", eid)
                stem = m.group(1) if m and eid.startswith(base) else f"{base}__para_"
                _re_eid(p, stem + number_of(p), outer)
        # Cross-references to renumbered clauses, and every href, follow.
        new_numbers = {c.get("GUID"): number_of(c) for c in clauses(self.body)}
        for ref in self.body.iter(f"{_A}ref"):
            href = ref.get("href") or ""
            if href.startswith("#"):
                ref.set("href", "#" + _renamed(_renamed(href[1:], inner), outer))
            target = ref.get(f"{{{UKL}}}targetGuid")
            if target in old_numbers and target in new_numbers:
                was, now_number = old_numbers[target], new_numbers[target]
                text = ref.text or ""
                if was != now_number and re.search(rf"\b{re.escape(was)}\b", text):
                    ref.text = re.sub(rf"\b{re.escape(was)}\b", now_number, text, count=1)
                    unit = _unit_of(ref)
                    if unit is not None:
                        self.changed.add(unit.get("GUID") or "")
        self._count(
            "clauses renumbered",
            sum(1 for g, n in new_numbers.items() if g in old_numbers and old_numbers[g] != n),
        )

    def heading_traps(self) -> None:
        """Give some inserted clauses the heading of the old clause whose number they took
        (now elsewhere), and others a heading long bills repeat."""
        old = {number_of(c): c for c in clauses(body_of(self.old))}
        by_guid = {c.get("GUID"): c for c in clauses(self.body)}
        current = set(by_guid)
        for k, guid in enumerate(self.inserted_numbers):
            clause = by_guid.get(guid)
            if clause is None:
                continue
            heading = _child(clause, "heading")
            if heading is None:
                continue
            former = old.get(number_of(clause))
            if (
                k % 3 != 2
                and former is not None
                and former.get("GUID") in current
                and _heading(former)
            ):
                _set_text(heading, _heading(former))
                self.truth.heading_traps.append(number_of(clause))
            else:
                _set_text(heading, self.rng.choice(REPEATED_HEADINGS))

    # the record ------------------------------------------------------------------------

    def record(self) -> Truth:
        old_units = _units_with_refs(self.old)
        new_units = _units_with_refs(self.new)
        old_ref = {u.get("GUID"): ref for ref, u in old_units}
        new_ref = {u.get("GUID"): ref for ref, u in new_units}
        t = self.truth
        for ref, u in old_units:
            guid = u.get("GUID")
            if guid in self.substituted:
                new = new_ref[self.substituted[guid]]
                t.statuses.append([ref, new, "substituted"])
            elif guid not in new_ref:
                t.statuses.append([ref, "", "removed"])
            else:
                new = new_ref[guid]
                t.pairs.append([ref, new])
                if guid in self.moved:
                    status = "moved"
                elif ref != new:
                    status = "renumbered"
                elif guid in self.changed:
                    status = "amended"
                else:
                    status = "unchanged"
                t.statuses.append([ref, new, status])
        substitutes = set(self.substituted.values())
        for ref, u in new_units:
            guid = u.get("GUID")
            if guid not in old_ref and guid not in substitutes:
                t.statuses.append(["", ref, "added"])
        for guid, (a, b) in self.xh_moves.items():
            t.crossheading_moves[new_ref[guid]] = [a, b]
        for guid, relabels in self.relettered.items():
            t.relettered[new_ref[guid]] = [list(r) for r in relabels]
            t.inserted_subprovisions[new_ref[guid]] = self.inserted_sub[guid]
        t.operations = dict(self.ops)
        self._check_unambiguous(old_units, new_units)
        return t

    def _check_unambiguous(
        self,
        old_units: list[tuple[str, etree._Element]],
        new_units: list[tuple[str, etree._Element]],
    ) -> None:
        """Raise _Ambiguous if a removed and an added unit have the same number and the same
        units in place (paired, not moved) before them."""

        def group(ref: str) -> str:
            return ref.rsplit("/", 1)[0] if "/" in ref else "body"

        new_guids = {u.get("GUID") for _, u in new_units}
        old_guids = {u.get("GUID") for _, u in old_units}
        in_place = {g for g in old_guids & new_guids if g not in self.moved and g is not None}
        seen_old: dict[tuple[str, str], int] = {}
        count: dict[str, int] = {}
        for ref, u in old_units:
            g = group(ref)
            if u.get("GUID") in in_place:
                count[g] = count.get(g, 0) + 1
            elif u.get("GUID") not in new_guids and u.get("GUID") not in self.substituted:
                seen_old[(g, ref.rsplit("/", 1)[-1])] = count.get(g, 0)
        count = {}
        substitutes = set(self.substituted.values())
        for ref, u in new_units:
            g = group(ref)
            if u.get("GUID") in in_place:
                count[g] = count.get(g, 0) + 1
            elif u.get("GUID") not in old_guids and u.get("GUID") not in substitutes:
                key = (g, ref.rsplit("/", 1)[-1])
                if key in seen_old and seen_old[key] == count.get(g, 0):
                    raise _Ambiguous(ref)


def _bigrams(text: str) -> set[tuple[str, str]]:
    words = re.findall(r"[a-z0-9]+", text.lower())
    return set(itertools.pairwise(words))


def _unlike(candidates: list[etree._Element], texts: list[str]) -> list[etree._Element]:
    """The candidates sharing under a fifth of their word pairs (Dice) with every text."""
    index: dict[tuple[str, str], list[int]] = {}
    sizes = []
    for k, text in enumerate(texts):
        grams = _bigrams(text)
        sizes.append(len(grams))
        for g in grams:
            index.setdefault(g, []).append(k)
    out = []
    for el in candidates:
        grams = _bigrams(text_of(el))
        shared: dict[int, int] = {}
        for g in grams:
            for k in index.get(g, ()):
                shared[k] = shared.get(k, 0) + 1
        if all(2 * n < 0.2 * (len(grams) + sizes[k]) for k, n in shared.items()):
            out.append(el)
    return out


def _in_body(el: etree._Element) -> bool:
    """Whether ``el`` is the Bill's own structure (not in a schedule or quoted text)."""
    return not any(
        _local(a) == "quotedStructure" or a.get("name") == "schedule" for a in el.iterancestors()
    )


def _has_words(el: etree._Element) -> bool:
    return sum(w.isalpha() for w in text_of(el).split()) >= 3


def _drop(node: etree._Element) -> None:
    """Remove ``node`` but keep the text that follows it."""
    parent = node.getparent()
    assert parent is not None
    tail = node.tail or ""
    prev = node.getprevious()
    if prev is not None:
        prev.tail = (prev.tail or "") + tail
    else:
        parent.text = (parent.text or "") + tail
    parent.remove(node)


def clauses_in(el: etree._Element, direct: bool = False) -> list[etree._Element]:
    if direct:
        return [c for c in el if _local(c) == "section"]
    return _xpath(el, ".//a:section[not(ancestor::a:quotedStructure)]")


def _words(clause: etree._Element) -> Iterator[tuple[etree._Element, str, str]]:
    """Text slots of the clause's own paragraphs (not quoted text) long enough to edit."""
    for p in clause.iter(f"{_A}p"):
        if any(_local(a) == "quotedStructure" for a in p.iterancestors()):
            continue
        if p.text and sum(w.isalpha() for w in p.text.split()) >= 6:
            yield p, "text", p.text


_GOVERNED = re.compile(
    r"(?:(?<![\w-])(?:sub-?)?(?:paragraphs?|subsections?)\s|\)\s(?:to|or|and)\s)$"
)


def _governed(ref: etree._Element, inner_prefix: str) -> bool:
    """Whether a reference "(c)" is read as one to a sub-provision: "paragraph (c)",
    "subsections (2) to (5)" (by the words just before it, inside the ref or not)."""
    if inner_prefix != "(":
        return bool(_GOVERNED.search(inner_prefix[:-1]))
    prev = ref.getprevious()
    before = (prev.tail if prev is not None else ref.getparent().text) or ""  # type: ignore[union-attr]
    if prev is not None and not before.strip() and _local(prev) == "ref":
        before = (prev.text or "") + before
    return bool(_GOVERNED.search(before[-30:]))


def _is_unit(el: etree._Element) -> bool:
    return _local(el) == "section" or (_local(el) == "paragraph" and el.get("class") == "schProv1")


def _is_whole_schedule(el: etree._Element, came_from: etree._Element) -> bool:
    """A schedule without paragraphs is a unit itself; the note in its number saying
    which section introduces it is not among the words compared."""
    return (
        _local(el) == "hcontainer"
        and el.get("name") == "schedule"
        and not schedule_paragraphs(el)
        and _local(came_from) != "num"
    )


def _unit_of(el: etree._Element) -> etree._Element | None:
    found = None
    below = el
    for anc in el.iterancestors():
        came_from, below = below, anc
        if _local(anc) == "quotedStructure":
            found = None
            continue
        if _is_unit(anc) or (found is None and _is_whole_schedule(anc, came_from)):
            found = anc
    return found


def _eid_parent(el: etree._Element) -> str | None:
    parent = el.getparent()
    while parent is not None and not parent.get("eId"):
        parent = parent.getparent()
    return parent.get("eId") if parent is not None else None


def _re_eid(el: etree._Element, new_eid: str, renamed: dict[str, str]) -> None:
    """Give ``el`` the eId ``new_eid`` and its descendants' eIds the same new prefix."""
    old = el.get("eId")
    if not old or old == new_eid:
        if not old:
            el.set("eId", new_eid)
        return
    renamed[old] = new_eid
    for node in el.iter():
        if not isinstance(node.tag, str):
            continue
        eid = node.get("eId")
        if eid == old:
            node.set("eId", new_eid)
        elif eid and eid.startswith(old + "__"):
            node.set("eId", new_eid + eid[len(old) :])


def _renamed(eid: str, renamed: dict[str, str]) -> str:
    best = ""
    for old in (eid, *_prefixes(eid)):
        if old in renamed:
            best = old
            break
    return renamed[best] + eid[len(best) :] if best else eid


def _prefixes(eid: str) -> Iterator[str]:
    parts = eid.split("__")
    for k in range(len(parts) - 1, 0, -1):
        yield "__".join(parts[:k])


# --- public -------------------------------------------------------------------------------


class _Ambiguous(Exception):
    """The changes drawn would make a removal and an insertion look like a substitution."""


def make(source: etree._ElementTree, donor: etree._ElementTree, seed: int) -> NextPrint:
    """The next print of ``source`` (with new words taken from ``donor``) and its truth.

    A draw that would remove a unit and add another with the same number in the same
    place (which is what a substitution is) is redrawn from a seed derived from ``seed``.
    """
    for attempt in range(20):
        try:
            return _make(source, donor, seed if attempt == 0 else seed * 7919 + attempt)
        except _Ambiguous:
            continue
    raise RuntimeError(f"no unambiguous next print for seed {seed}")


def _make(source: etree._ElementTree, donor: etree._ElementTree, seed: int) -> NextPrint:
    g = _Generator(source, donor, seed)
    rng = g.rng
    g.insert_run(rng.randint(6, 10))
    g.remove(1)
    g.move_to_other_part()
    g.move_to_next_crossheading()
    g.move_out_of_order()
    g.remove(rng.randint(3, 4))
    g.insert_run(rng.randint(1, 3))
    g.amend(4)
    g.reletter()
    g.schedule_changes()
    g.renumber()
    g.heading_traps()
    return NextPrint(source, g.new, g.record())


def forms(tree: etree._ElementTree) -> dict[str, bytes]:
    """The print as Lawmaker writes it, with no ids at all, and with eIds but no GUIDs."""
    out = {"guids": etree.tostring(tree, xml_declaration=True, encoding="UTF-8")}
    stripped = copy.deepcopy(tree)
    elements = [el for el in body_of(stripped).iter() if isinstance(el.tag, str)]
    for name, attrs in (("eids", _GUID_ATTRS), ("no-ids", ("eId",))):
        for el in elements:
            for attr in attrs:
                if attr in el.attrib:
                    del el.attrib[attr]
        out[name] = etree.tostring(stripped, xml_declaration=True, encoding="UTF-8")
    return out


def parse(path: str | Path) -> etree._ElementTree:
    return etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True))


def enlarged_tree(source: str | Path, copies: int) -> etree._ElementTree:
    """``source`` with its body's Parts and schedules repeated ``copies`` times, every
    GUID, eId and clause number made unique per copy (a longer Bill of the same kind)."""
    tree = parse(source)
    body = tree.find(f".//{{{AKN}}}body")
    assert body is not None
    originals = list(body)
    for k in range(1, copies):
        for el in originals:
            clone = copy.deepcopy(el)
            for node in clone.iter():
                if not isinstance(node.tag, str):
                    continue
                for attr in ("GUID", "eId"):
                    if node.get(attr):
                        node.set(attr, f"{node.get(attr)}-copy{k}")
                if node.tag == f"{{{AKN}}}num" and (node.text or "").strip().isdigit():
                    node.text = str(int((node.text or "").strip()) + 1000 * k)
            body.append(clone)
    return tree


def enlarged(source: str | Path, target: Path, copies: int) -> Path:
    """Write :func:`enlarged_tree` of ``source`` to ``target``."""
    enlarged_tree(source, copies).write(str(target), xml_declaration=True, encoding="UTF-8")
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("print", help="a real Lawmaker print (with GUIDs)")
    parser.add_argument("--donor", required=True, help="another bill, whose words new clauses use")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", required=True, help="folder to write the prints and truth.json")
    args = parser.parse_args(argv)
    result = make(parse(args.print), parse(args.donor), args.seed)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for side, tree in (("old", result.old), ("new", result.new)):
        for form, data in forms(tree).items():
            (out / f"{side}-{form}.xml").write_bytes(data)
    (out / "truth.json").write_text(result.truth.to_json() + "\n", encoding="utf-8")
    print(json.dumps(result.truth.operations, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
