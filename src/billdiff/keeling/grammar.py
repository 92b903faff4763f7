"""The grammar of UK amending provisions: one passage read into targets and actions.

A :class:`~billdiff.keeling.passages.Passage` is read as a chain of *locators*
("In section 80H (complaints to employment tribunals), in subsection (1)(a),")
followed by an *action* ("for “comply with” substitute “act in accordance
with”"). Targets are read from the words first and the references' hrefs second:
the words say which provision a lawyer means, the hrefs (which Lawmaker
sometimes points at the Bill itself) only confirm the Act. The passage is read
in the context the :class:`~billdiff.keeling.reader.Reader` keeps (the Act and
the provisions an introduction above it named).

Quoted words become a private-use character each before parsing (see
:class:`Shape`), so the grammar never reads inside them; quoted structures
already are one (see :mod:`billdiff.keeling.passages`).

>>> Shape.of("for “may” substitute “must”").quotes
('may', 'must')
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from lxml import etree

from billdiff.keeling.acts import ACT_NAME
from billdiff.keeling.instructions import (
    EACH,
    LAST,
    Provisions,
    Step,
    Target,
    Where,
    Words,
)
from billdiff.keeling.passages import STRUCTURE_BASE, Passage

if TYPE_CHECKING:
    from billdiff.keeling.reader import Reader

QUOTE_BASE = 0xF000
_QUOTE = re.compile("[\uf000-\uf8ff]")
_QUOTE_MARK = re.compile("[“”]")
_STRUCT = re.compile("[\ue000-\uefff]")


@dataclass(frozen=True, slots=True)
class Shape:
    """A passage's words with each top-level quotation one character (``QUOTE_BASE + n``).

    ``quotes[n]`` is the n-th quotation's words without its quote marks, exactly as in
    the passage (quoted structures still one character each). ``unpaired`` is where in the
    words a quotation mark is left without its pair (a misprint: “company’s“), if one is.
    """

    text: str
    quotes: tuple[str, ...]
    unpaired: int | None = None

    @classmethod
    def of(cls, words: str) -> Shape:
        """Cut ``words`` at its top-level “…” quotations (nested ones stay inside)."""
        if "“" not in words:
            return cls(words, (), words.find("”") if "”" in words else None)
        out: list[str] = []
        quotes: list[str] = []
        depth = 0
        start = done = 0
        stray: int | None = None
        for m in _QUOTE_MARK.finditer(words):
            i = m.start()
            if m.group() == "“":
                if depth == 0:
                    out.append(words[done:i])
                    start = i + 1
                depth += 1
            elif depth:
                depth -= 1
                if depth == 0:
                    out.append(chr(QUOTE_BASE + len(quotes)))
                    quotes.append(words[start:i])
                    done = i + 1
            elif stray is None:
                stray = i
        if depth:  # an unclosed quotation: leave the words as they are
            return cls(words, (), start - 1)
        out.append(words[done:])
        return cls("".join(out), tuple(quotes), stray)


# -- pieces of the grammar -------------------------------------------------------------------

# "(1)", "(1ZA)", "(2A)", "(a)", "(za)", "(zza)", "(ii)", "(xiv)": never a word in brackets.
_BR = r"\((?:[0-9]+[A-Z]*[0-9]*[A-Z]*|[A-Z]{1,3}[0-9]+[A-Z]*|[a-z]{1,3}[0-9]*[A-Z]*|[ivxlc]{1,6})\)"
_BARE = r"[A-Z]{0,3}[0-9]+[A-Z]*"
_NUMBERED = rf"(?:{_BARE}(?:{_BR})*|(?:{_BR})+)"
_KINDS = {
    "point": "para",
    "points": "para",
    "section": "section",
    "sections": "section",
    "article": "section",
    "articles": "section",
    "regulation": "section",
    "regulations": "section",
    "rule": "section",
    "rules": "section",
    "clause": "section",
    "clauses": "section",
    "subsection": "subsection",
    "subsections": "subsection",
    "paragraph": "paragraph",
    "paragraphs": "paragraph",
    "sub-paragraph": "subparagraph",
    "sub-paragraphs": "subparagraph",
    "subparagraph": "subparagraph",
    "subparagraphs": "subparagraph",
    "schedule": "schedule",
    "schedules": "schedule",
    "part": "part",
    "parts": "part",
    "chapter": "chapter",
    "chapters": "chapter",
}
_KIND_WORD = (
    r"(?:sub-?paragraphs?|subsections?|paragraphs?|sections?|articles?|regulations?|rules?"
    r"|clauses?|points?|[Ss]chedules?|[Pp]arts?|[Cc]hapters?)"
)
_ORDINALS = {
    "final": LAST,
    "last": LAST,
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
}
_OCCURRENCE = re.compile(
    r",?\s*(?P<open>\()?(?:(?P<wherever>wherever\s+(?:(?:it|they)\s+)?(?:occurring|occurs?|"
    r"appearing|appears?))|where\s+(?:it|they)\s+(?P<where>first|secondly|last)\s+(?:occurs?|"
    r"appears?)|(?:in|at)\s+(?:(?P<each>each|both|all|every)\s+places?|the\s+(?P<nth>"
    r"first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|final|last)\s+place)"
    r"(?:\s+(?:where|in which))?(?:\s+(?:it|they|that word|those words)\s+(?:occurs?|appears?))?)"
    r"(?(open)\))\s*,?\s*",
    re.I,
)
_DASH = r"\s*[—–-]?\s*"
_TO_THE_END = (
    r"the\s+end\b(?:\s+of\s+(?:the|that)\s+(?:sub-?section|sub-?paragraph|paragraph|section"
    r"|definition|entry|item|point))?"
)
_ACTION_START = r"(?:omit|for|after|before|at\s+the|insert|substitute)\b"
# A connecting word omitted with a provision or words: "(and the “or” before it)", "and
# the “and” at the end of that paragraph", "(including the final “and”)" (see
# :meth:`Parser.connector`).
_CONNECTOR = re.compile(
    rf"\s*\(?,?\s*(?:and|including)\s+(?:the\s+)?(?:final\s+)?{_QUOTE.pattern}", re.I
)
# "the heading before section 160", "the italic cross heading immediately before …": a
# cross-heading (a provision's own heading is "the heading of section 160").
_CROSSHEADING = (
    r"the\s+(?:italic\s+)?(?:cross[-\s]?)?heading\s+(?:immediately\s+)?(?:before|preceding)\s+"
)
_ACT_HEAD = re.compile(rf"\s*(?:[Tt]he\s+)?{ACT_NAME.pattern}")
_COMPILED: dict[tuple[str, int], re.Pattern[str]] = {}
#: The same, for the flags nearly every pattern has (one lookup by the string alone).
_COMPILED_I: dict[str, re.Pattern[str]] = {}


def _compiled(pattern: str, flags: int) -> re.Pattern[str]:
    """``pattern`` after any whitespace, compiled once (the grammar asks thousands of times)."""
    if flags == re.I:
        rx = _COMPILED_I.get(pattern)
        if rx is None:
            rx = _COMPILED_I[pattern] = re.compile(r"\s*" + pattern, flags)
        return rx
    rx = _COMPILED.get((pattern, flags))
    if rx is None:
        rx = _COMPILED[pattern, flags] = re.compile(r"\s*" + pattern, flags)
    return rx


class Fail(Exception):
    """The passage does not match the grammar at this point."""


@dataclass(slots=True)
class Locus:
    """What a locator names: targets (several for "subsections (2) and (4)"), an Act."""

    targets: list[Target] = field(default_factory=list)
    act: str | None = None
    region: str = ""
    #: The kind of the container named by "the Part heading" ("part").
    container: str | None = None
    #: Further places named with a region ("the heading and sub-paragraph (1)").
    also: list[Target] = field(default_factory=list)


class Parser:
    """Recursive descent over one :class:`Shape`; raises :class:`Fail` on a mismatch."""

    def __init__(self, shape: Shape, passage: Passage, reader: Reader) -> None:
        self.s = shape.text
        self.shape = shape
        self.passage = passage
        self.reader = reader
        self.i = 0
        #: An Act named after an action's references ("after section 27BT of the X Act").
        self.named_act: str | None = None
        #: The kind of container whose heading an action names ("the Schedule heading").
        self.container: str | None = None
        #: Quoted structures of another passage that this one's action puts in ("the
        #: Schedule set out in Schedule 4"), numbered after the passage's own.
        self.borrowed: tuple[etree._Element, ...] = ()

    # -- scanning ----------------------------------------------------------------------------

    def eat(self, pattern: str | re.Pattern[str], flags: int = re.I) -> re.Match[str] | None:
        """Match ``pattern`` at the cursor (after any whitespace) and move past it."""
        if isinstance(pattern, str):
            found = _COMPILED_I.get(pattern) if flags == re.I else None
            rx = found if found is not None else _compiled(pattern, flags)
        else:
            rx = pattern
        m = rx.match(self.s, self.i)
        if m:
            self.i = m.end()
        return m

    def need(self, pattern: str) -> re.Match[str]:
        m = self.eat(pattern)
        if m is None:
            raise Fail(pattern)
        return m

    def peek(self, pattern: str, flags: int = re.I) -> bool:
        return _compiled(pattern, flags).match(self.s, self.i) is not None

    def at_action(self) -> bool:
        """Whether an action begins at the cursor ("omit", "for", "after" …)."""
        return self.peek(_ACTION_START)

    def at_end(self) -> bool:
        return re.compile(r"\s*[.;,]?\s*(?:and|or)?\s*$").match(self.s, self.i) is not None

    def gloss(self) -> str | None:
        """Skip one parenthesis of words (never a provision number, nor a connecting word
        omitted with a provision); return its words."""
        m = re.compile(r"\s*\(").match(self.s, self.i)
        if (
            not m
            or re.compile(r"\s*" + _BR).match(self.s, self.i)
            or _CONNECTOR.match(self.s, self.i)
        ):
            return None
        depth, j = 0, m.end() - 1
        while j < len(self.s):
            if self.s[j] == "(":
                depth += 1
            elif self.s[j] == ")":
                depth -= 1
                if depth == 0:
                    inner = self.s[m.end() : j]
                    self.i = j + 1
                    return inner
            j += 1
        return None

    def quote(self) -> str | None:
        """The words of a quotation at the cursor, or None."""
        m = self.eat(_QUOTE.pattern)
        return self.shape.quotes[ord(m.group()[-1]) - QUOTE_BASE] if m else None

    # -- Acts --------------------------------------------------------------------------------

    def act(self) -> str | None:
        """An Act named at the cursor ("the Employment Rights Act 1996", "that Act")."""
        if self.eat(r"that\s+Act\b"):
            return self.reader.last_act
        if self.eat(r"this\s+Act\b"):
            return "this"
        m = _ACT_HEAD.match(self.s, self.i)
        if not m:
            found = self.reader.catalogue.alias_at(self.s, self.i)
            if found is None:
                return None
            key, self.i = found
            self.reader.last_act = key
            return key
        self.i = m.end()
        return self.reader.act_named(m["name"], self.passage, m.start("name"), self.shape)

    # -- provision references ----------------------------------------------------------------

    def numbered(self, kind: str) -> list[Step]:
        m = self.eat(_NUMBERED, 0)
        if not m:
            raise Fail("number")
        return _steps(kind, m.group().strip())

    def refs(self) -> list[Target]:
        """ "subsections (2)(bb) and (4)(bb)", "sections 234B to 234G", "paragraph 56(8) of
        Schedule 1", "that subsection"."""
        start = self.i
        m = self.eat(r"that\s+(" + _KIND_WORD + r")\b")
        if m:
            # "that point" (an EU instrument's paragraph) is remembered as a paragraph.
            kind = {"para": "paragraph"}.get(_KINDS[m.group(1).lower()], _KINDS[m.group(1).lower()])
            last = self.reader.last.get(kind)
            if last is None:
                raise Fail("that")
            return [last]
        m = self.eat(r"the\s+Schedule\b(?!\s+\d)")
        if m:
            first = [Step("schedule", "")]
            return self._qualified([Target(tuple(first))])
        m = self.eat(r"(" + _KIND_WORD + r")\s+(?=[A-Z]{0,3}\d|\()")
        if not m:
            self.i = start
            raise Fail("reference")
        kind = _KINDS[m.group(1).lower()]
        first = self.numbered(kind)
        targets = [Target(tuple(first))]
        while True:
            if self.eat(r"\s+to\s+(?=[A-Z]{0,3}\d|\()", 0):
                upto = self.numbered(kind)
                # "subsections (2B) to (2D)": a range of the last step's siblings.
                targets[-1] = Target(targets[-1].steps, through=upto[-1].number)
                continue
            mark = self.i
            if self.eat(r"(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)(?=[A-Z]{0,3}\d|\()", 0):
                nxt = self.numbered(kind)
                # "subsections (2)(bb) and (4)(bb)": as many numbers, the same kinds;
                # "subsection (6)(a) and (b)": fewer, so the first's leading ones stay, as
                # many as leave the next number among numbers of its own style
                # ("subsections (3)(d), (5) and (5A)": (5) is a subsection).
                keep = max(len(first) - len(nxt), 0)
                while keep and _style(first[keep].number) != _style(nxt[0].number):
                    keep -= 1
                if _style(first[keep].number) != _style(nxt[0].number):
                    keep = max(len(first) - len(nxt), 0)
                kinds = [s.kind for s in first[keep:]]
                nxt = [Step(k, s.number) for k, s in zip(kinds, nxt, strict=False)] + nxt[
                    len(kinds) :
                ]
                targets.append(Target((*first[:keep], *nxt)))
                continue
            self.i = mark
            break
        return self._qualified(targets)

    def _qualified(self, targets: list[Target]) -> list[Target]:
        """Qualifiers after references: "of Schedule 1", "of Part 8", glosses."""
        while True:
            mark = self.i
            if self.eat(r"(?:,\s*)?\((?:as\s+)?inserted\s+by\b"):
                self.i = mark
                self.gloss()
                continue
            if self.eat(r"\s+of\s+(?=" + _KIND_WORD + r"\s|the\s+Schedule\b(?!\s+\d))"):
                outer = self.refs()
                if len(outer) == 1:
                    targets = [
                        Target(outer[0].steps + t.steps, t.region, t.through) for t in targets
                    ]
                    continue
                self.i = mark
                break
            if self.eat(r"\s+(?:of|to)\s+"):
                act = self.act()
                if act is not None:
                    self.named_act = act
                    continue
                self.i = mark
            if self.peek(r"\(") and not self.peek(_BR, 0) and self.gloss() is not None:
                continue
            break
        return targets

    # -- locators ----------------------------------------------------------------------------

    def locus(self) -> Locus:
        """What follows "In" in a locator."""
        loc = Locus()
        self.eat(r"each\s+of\s+(?=" + _KIND_WORD + r"\s)")  # "in each of subsections (3) and (5)"
        if self.eat(_CROSSHEADING):
            loc.targets = self.refs()
            loc.region = "crossheading"
            return loc
        m = self.eat(r"the\s+(Part|Chapter|Schedule|section|cross-)?\s*(?:heading|title)\b")
        if m:
            loc.region = "heading"
            if m.group(1) and m.group(1).lower() != "cross-":
                loc.container = _KINDS[m.group(1).lower()]
            if self.eat(r"\s+(?:of|to)\s+"):
                self._of(loc)
            elif self.eat(r"\s+and\s+(?=" + _KIND_WORD + r"\s)"):
                # "in the heading and sub-paragraph (1)": the heading, and the words there.
                loc.also = self.refs()
            return loc
        m = self.eat(r"the\s+words\s+(before|after|following|preceding)\s+")
        if m:
            side = "before" if m.group(1).lower() in ("before", "preceding") else "after"
            loc.targets = [replace(t, region=side) for t in self.refs()]
            return loc
        m = self.eat(r"the\s+(opening|closing)\s+words\b")
        if m:
            loc.region = "opening" if m.group(1).lower() == "opening" else "closing"
            return loc
        m = self.eat(r"the\s+(definition|entry)\s+(?:of|for|relating\s+to)\s+")
        if m:
            term = self.quote()
            if term is None:
                raise Fail("term")
            loc.targets = [Target((Step(m.group(1).lower(), term),))]
            self._act_after(loc)
            return loc
        act = self.act()
        if act is not None:
            loc.act = act
            self._act_after(loc)
            return loc
        self._of(loc)
        return loc

    def _of(self, loc: Locus) -> None:
        """References, then "of the X Act 1996" / "of that Act" and glosses."""
        act = self.act()
        if act is not None:
            loc.act = act
            return
        loc.targets = self.refs()
        self._act_after(loc)

    def _take_act(self, loc: Locus) -> None:
        """An Act named after the references ("section 27B of the X Act") is the locus's."""
        if self.named_act is not None:
            loc.act, self.named_act = self.named_act, None

    def _act_after(self, loc: Locus) -> None:
        self._take_act(loc)
        while True:
            mark = self.i
            if self.eat(r"\s+(?:of|to)\s+"):
                act = self.act()
                if act is not None:
                    loc.act = act
                    continue
                self.i = mark
            if self.peek(r"\(") and not self.peek(_BR, 0) and self.gloss() is not None:
                continue
            break

    # -- actions -----------------------------------------------------------------------------

    def occurrence(self) -> int | None:
        m = self.eat(_OCCURRENCE)
        if not m:
            return None
        if m["each"] or m["wherever"]:
            return EACH
        if m["where"]:  # "where it first occurs"
            return {"first": 1, "secondly": 2}.get(m["where"].lower(), LAST)
        n = _ORDINALS.get((m["nth"] or "").lower())
        if n is None:
            raise Fail("occurrence")
        return n

    def material(self) -> tuple[str | None, tuple[int, ...]]:
        """What is put in: quoted words, or quoted structures (one or more), or "the
        Schedule set out in Schedule 4 to this Act" (that Schedule's quoted structures)."""
        self.eat(r"[—–-]")
        m = self.eat(r"the\s+Schedule\s+set\s+out\s+in\s+Schedule\s+(\w+)(?:\s+to\s+this\s+Act)?\b")
        if m:
            lent = self.reader.set_out.get(m.group(1))
            if not lent:
                raise Fail("a Schedule that sets out no Schedule")
            start = len(self.passage.structures) + len(self.borrowed)
            self.borrowed += lent
            self.gloss()
            return None, tuple(range(start, start + len(lent)))
        structures: list[int] = []
        words: str | None = None
        while True:
            q = self.quote()
            if q is not None:
                inner = _STRUCT.findall(q)
                if inner and not _STRUCT.sub("", q).strip() and words is None:
                    structures.extend(ord(c) - STRUCTURE_BASE for c in inner)
                elif structures:
                    raise Fail("words after a structure")
                else:
                    words = q if words is None else words
                    if words is not q:
                        raise Fail("two quotations")
                continue
            m = self.eat(_STRUCT.pattern)
            if m:
                structures.append(ord(m.group()[-1]) - STRUCTURE_BASE)
                continue
            break
        if words is None and not structures:
            raise Fail("material")
        return words, tuple(structures)

    def action(self, loci: Sequence[Locus]) -> list[tuple[list[Target], Words | Provisions]]:
        """One action (or several joined by "and")."""
        out = [self._one_action(loci)]
        while True:
            if self.eat(r",?\s+and\s+(?=(?:omit|insert|for|after|before|at)\b)"):
                mark = self.i
                if self.eat(r"insert\b"):
                    words, structures = self.material()
                    if not self.peek(r"at\s+the\s+end\s+of\s+"):
                        out[-1:] = _in_place_of(out[-1], words, structures)
                        continue
                    self.i = mark
                out.append(self._one_action(loci))
            elif out[-1][1].op == "omit" and self.peek(r"(?:,|\s+and)\s*" + _QUOTE.pattern):
                # "omit “made by the Authority” and “of Authority”"
                self.need(r"(?:,\s*(?:and\s+)?|\s*and\s+)")
                old = self.quote()
                out.append((out[-1][0], Words("omit", old=old, occurrence=self.occurrence())))
            else:
                return out

    def _one_action(self, loci: Sequence[Locus]) -> tuple[list[Target], Words | Provisions]:
        if self.eat(r"for\s+"):
            return self._for()
        if self.eat(r"omit\s+"):
            return self._omit()
        repealed = self._repealed()
        if repealed is not None:
            return repealed
        m = self.eat(r"(after|before)\s+")
        if m:
            return self._after(m.group(1).lower())
        m = self.eat(
            r"at\s+the\s+(end|beginning|appropriate\s+places?)"
            r"(?:\s+of\s+(?:the\s+(?:subsection|section|paragraph|sub-paragraph|definition|"
            r"entry|heading|Schedule)\b|(?P<ref>(?=\w)))?)?\s*,?\s*"
        )
        if m:
            where: Where = (
                "at end"
                if m.group(1).lower() == "end"
                else "at beginning"
                if m.group(1).lower() == "beginning"
                else "appropriate place"
            )
            targets: list[Target] = []
            if m.group("ref") is not None:
                targets = self.refs()
                self.eat(r",")
            self.need(r"insert\b")
            words, structures = self.material()
            if structures:
                return targets, Provisions("insert", structures, where)
            return targets, Words("insert", new=words, where=where)
        if self.eat(r"insert\s+"):
            # "insert “and” at the end of paragraph (a)"
            words, structures = self.material()
            self.need(r"at\s+the\s+end\s+of\s+")
            targets = self.refs()
            if structures:
                return targets, Provisions("insert", structures, "at end")
            return targets, Words("insert", new=words, where="at end")
        if self.eat(r"the\s+heading\s+becomes\s+"):
            words, _ = self.material()
            return [Target((), "heading")], Words("substitute", new=words)
        raise Fail("action")

    def _from_to(self) -> tuple[str, str, int | None]:
        """ "the words from “x”[, in the first place it occurs,] to “y”" (or "the end");
        "from the beginning to “y”" gives ``x`` "" ."""
        old = "" if self.eat(r"the\s+beginning\b") else self.quote()
        occurrence = self.occurrence()
        if self.eat(r"onwards\b"):
            to: str | None = ""
        else:
            self.need(r"to\s+")
            to = "" if self.eat(_TO_THE_END) else self.quote()
        if old is None or to is None or (old == "" and to == ""):
            raise Fail("from … to")
        return old, to, occurrence if occurrence is not None else self.occurrence()

    def _for(self) -> tuple[list[Target], Words | Provisions]:
        m = self.eat(r"the\s+words\s+(before|after|following|preceding)\s+")
        if m:
            side = "before" if m.group(1).lower() in ("before", "preceding") else "after"
            targets = [replace(t, region=side) for t in self.refs()]
            self.need(r",?\s*substitute\b")
            words, _ = self.material()
            return targets, Words("substitute", new=words)
        m = self.eat(r"the\s+words\s+(?:from\s+)?") or self.eat(
            r"(?="
            + _QUOTE.pattern
            + r"\s*(?:,[^,]*,\s*)?to\s+(?:the\s+end\b|"
            + _QUOTE.pattern
            + "))"
        )
        if m:
            start, to, occurrence = self._from_to()
            self.need(r",?\s*substitute\b")
            words, _ = self.material()
            return [], Words("substitute", old=start, new=words, to=to, occurrence=occurrence)
        old = self.quote()
        if old is not None:
            occurrence = self.occurrence()
            self.need(r",?\s*substitute\b")
            words, structures = self.material()
            if occurrence is None:
                occurrence = self.occurrence()  # "…substitute “y”, in each place it occurs"
            new = words if not structures else "".join(chr(STRUCTURE_BASE + n) for n in structures)
            return [], Words("substitute", old=old, new=new, occurrence=occurrence)
        if self.eat(_CROSSHEADING):
            headed: list[Target] = [replace(t, region="crossheading") for t in self.refs()]
            self.need(r",?\s*substitute\b")
            words, _ = self.material()
            return headed, Words("substitute", new=words)
        m = self.eat(r"the\s+(?:(italic\s+|cross[-\s]?)+|(Schedule|Part|Chapter)\s+)?heading\b")
        if m:
            region = "crossheading" if m.group(1) else "heading"
            headed = [Target((), region)]
            if m.group(2):
                # "For the Schedule heading substitute": the heading of the Schedule in context.
                self.container = _KINDS[m.group(2).lower()]
            if self.eat(r"\s+(?:to|of)\s+"):
                headed = [replace(t, region=region) for t in self.refs()]
            self.need(r",?\s*substitute\b")
            words, _ = self.material()
            return headed, Words("substitute", new=words)
        m = self.eat(r"the\s+(definition|entry)\s+(?:of|for|relating\s+to)\s+")
        if m:
            term = self.quote()
            if term is None:
                raise Fail("term")
            self.need(r",?\s*substitute\b")
            words, structures = self.material()
            target = Target((Step(m.group(1).lower(), term),))
            if structures:
                return [target], Provisions("substitute", structures)
            return [target], Words("substitute", new=words)
        targets = self.refs()
        self.need(r",?\s*substitute\b")
        words, structures = self.material()
        if not structures:
            raise Fail("a provision substituted by words")
        return targets, Provisions("substitute", structures)

    def _repealed(self) -> tuple[list[Target], Words | Provisions] | None:
        """Holyrood's passive omission of words: "the words “x” are repealed", "the “and”
        immediately following paragraph (a) is repealed" (what "omit" would name, then "is
        repealed"); None, the cursor where it was, for anything else."""
        mark = self.i
        if not self.peek(r"the\s+(?:(?:words\s+)?" + _QUOTE.pattern + r"|definitions?\s+of\b)"):
            return None
        self.eat(r"the\s+words\s+(?=" + _QUOTE.pattern + ")")
        try:
            found = self._omit()
        except Fail:
            found = None
        if found is None or not self.eat(r",?\s*(?:is|are)\s+repealed\b"):
            self.i = mark
            return None
        return found

    def _omit(self) -> tuple[list[Target], Words | Provisions]:
        m = self.eat(r"the\s+(final|last|first|second|third)\s+(?=" + _QUOTE.pattern + ")")
        if m:
            old = self.quote()
            return [], Words("omit", old=old, occurrence=_ORDINALS[m.group(1).lower()])
        m = self.eat(r"(?:the\s+words\s+)?from\s+")
        if m:
            old, to, occurrence = self._from_to()
            return [], Words("omit", old=old, to=to, occurrence=occurrence)
        m = self.eat(r"the\s+words\s+(before|after|following|preceding)\s+")
        if m:
            side = "before" if m.group(1).lower() in ("before", "preceding") else "after"
            return [replace(t, region=side) for t in self.refs()], Words("omit")
        old = self.quote()
        if old is not None:
            occurrence = self.occurrence()
            if self.eat(r"at\s+the\s+end\s+of\s+"):
                # "omit the “and” at the end of paragraph (a)"
                return self.refs(), Words("omit", old=old, where="at end")
            # "omit “x” (and the “or” that appears before those words)"
            connector = self.connector()
            return [], Words("omit", old=old, occurrence=occurrence, connector=connector)
        m = self.eat(
            r"the\s+(?P<q>" + _QUOTE.pattern + r")\s+(?:at\s+the\s+end\s+of|(?:immediately\s+)?"
            r"(?:after|following))\s+"
        )
        if m:
            # "omit the “or” after paragraph (a)": the word that ends paragraph (a).
            word = self.shape.quotes[ord(m["q"]) - QUOTE_BASE]
            return self.refs(), Words("omit", old=word, where="at end")
        m = self.eat(_CROSSHEADING)
        if m:
            return [replace(t, region="crossheading") for t in self.refs()], Provisions("omit")
        m = self.eat(
            r"the\s+entry\s+relating\s+to\s+(?!"
            + _QUOTE.pattern
            + r")(?P<words>[^;.\uf000-\uf8ff]+?)(?=[;.]?\s*$)"
        )
        if m:
            return [Target((Step("entry", m["words"].strip()),))], Provisions("omit")
        m = self.eat(r"the\s+(definition|entry|entries|definitions)\s+(?:of|for|relating\s+to)\s+")
        if m:
            kind = "entry" if m.group(1).lower().startswith("entr") else "definition"
            terms = [self.quote()]
            while self.eat(r"(?:,\s*(?:and\s+)?|\s+and\s+)(?=" + _QUOTE.pattern + ")"):
                terms.append(self.quote())
            if any(t is None for t in terms):
                raise Fail("term")
            named = [Target((Step(kind, t or ""),)) for t in terms]
            return named, Provisions("omit", connector=self.connector(named))
        targets = self.refs()
        connector = self.connector(targets)
        if self.eat(r"\s+and\s+" + _CROSSHEADING):
            # "… and the italic heading before it" ("before that section", "before section 69")
            if self.eat(r"(?:it|them|that\s+(?:section|paragraph|provision))\b"):
                targets.append(replace(targets[0], region="crossheading"))
            else:
                targets.extend(replace(t, region="crossheading") for t in self.refs())
        return targets, Provisions("omit", connector=connector)

    def connector(self, targets: Sequence[Target] = ()) -> tuple[str, str] | None:
        """A connecting word left out with what ``targets`` name: "(and the “or” before it)",
        "and “or” immediately preceding it", "and the “and” at the end of that paragraph",
        "(including the final “and”)", "(and the “or” at the end of paragraph (a))". The word
        and ``before`` (it ends the provision before) or ``after`` (it ends the one omitted,
        and goes with it)."""
        start = self.i
        if not _CONNECTOR.match(self.s, self.i):
            return None
        bracket = self.eat(r"\(") is not None
        self.need(r",?\s*(?:and|including)\s+(?:the\s+)?")
        final = self.eat(r"final\s+") is not None
        word = self.quote()
        if word is None:
            self.i = start
            return None
        side = "after"
        if not final:
            self.eat(r"(?:that\s+(?:appears|occurs)\s+|immediately\s+)")
            m = self.eat(r"(after|before|following|preceding|at\s+the\s+end\s+of)\s+")
            if m is None:
                self.i = start
                return None
            before = m.group(1).lower() in ("before", "preceding")
            if self.eat(
                r"(?:it|them|those\s+words|that\s+(?:sub-?paragraph|paragraph|sub-?section|"
                r"provision|entry))\b"
            ):
                side = "before" if before else "after"
            else:
                named = {t.steps[-1].number for t in self.refs() if t.steps}
                omitted = {t.steps[-1].number for t in targets if t.steps}
                if named <= omitted:
                    # "omit paragraphs (b) and (c) (and the “and” at the end of paragraph (b))"
                    side = "after"
                elif before:
                    # "omit paragraphs (a) and (b) (and the “and” before paragraph (c))": the
                    # word ends the last provision omitted.
                    side = "after"
                elif m.group(1).lower().startswith("at"):
                    # "omit paragraph (b) (and the “or” at the end of paragraph (a))"
                    side = "before"
                else:
                    raise Fail("connector")
        if bracket:
            self.need(r"\)")
        return word, side

    def _after(self, where: str) -> tuple[list[Target], Words | Provisions]:
        side: Where = "after" if where == "after" else "before"
        anchor = self.quote()
        if anchor is not None:
            occurrence = self.occurrence()
            self.need(r",?\s*insert\b")
            words, structures = self.material()
            new = words if not structures else "".join(chr(STRUCTURE_BASE + n) for n in structures)
            return [], Words("insert", new=new, where=side, anchor=anchor, occurrence=occurrence)
        carried: str | None = None
        m = self.eat(r"the\s+(definition|entry)\s+(?:of|for|relating\s+to)\s+")
        if m:
            term = self.quote()
            if term is None:
                bare = self.eat(r"(?:the\s+)?(?P<w>[^,\uf000-\uf8ff]+?)(?=,?\s*insert\b)")
                if bare is None:
                    raise Fail("term")
                term = bare["w"].strip()
            targets = [Target((Step(m.group(1).lower(), term),))]
        elif self.eat(_CROSSHEADING):
            targets = [replace(t, region="crossheading") for t in self.refs()]
        elif side == "before" and (m := self.eat(rf"the\s+({_QUOTE.pattern})\s+before\s+")):
            # "before the “or” before sub-paragraph (iii) insert— “(iia) …”"
            targets = self.refs()
            carried = self.shape.quotes[ord(m.group(1)) - QUOTE_BASE]
        else:
            targets = self.refs()
            # "after sub-paragraph (i), but before the “or” at the end of it, insert—"
            m = self.eat(
                rf",?\s*but\s+before\s+the\s+({_QUOTE.pattern})\s+at\s+the\s+end\s+of\s+it\b"
            )
            if m:
                carried = self.shape.quotes[ord(m.group(1)) - QUOTE_BASE]
        self.need(r",?\s*insert\b")
        words, structures = self.material()
        if carried is not None:
            if not structures:
                raise Fail("words before a connecting word")
            # The word that ended the provision before the new ones ends the last of them.
            return targets, Provisions("insert", structures, side, connector=(carried, "before"))
        if structures:
            return targets, Provisions("insert", structures, side)
        # "after paragraph (b) insert “, and (c) …”": words at the end of paragraph (b).
        return targets, Words(
            "insert", new=words, where="at end" if side == "after" else "at beginning"
        )


def _style(number: str) -> str:
    """How a number is written: figures ("(5)", "(5A)"), roman numerals ("(ii)") or letters."""
    bare = number.strip("()")
    if bare[:1].isdigit() or bare[:1].isupper():
        return "figures"
    if re.fullmatch(r"[ivx]+", bare):
        return "roman"
    return "letters"


def _in_place_of(
    omitted: tuple[list[Target], Words | Provisions], words: str | None, structures: tuple[int, ...]
) -> list[tuple[list[Target], Words | Provisions]]:
    """ "omit “x” and insert “y”" (no place named): ``y`` goes where ``x`` was, a
    substitution; a provision, after the provision whose last word was omitted ("omit the
    “and” at the end of paragraph (g) and insert— “(ga) …”")."""
    targets, action = omitted
    if isinstance(action, Words) and action.op == "omit" and action.old and not action.connector:
        if not structures:
            return [(targets, replace(action, op="substitute", new=words))]
        if action.where == "at end" and targets:
            return [omitted, (targets, Provisions("insert", structures, "at end"))]
    raise Fail("insert, with no place")


def _steps(kind: str, number: str) -> list[Step]:
    """ "27B(1)(a)" as a section: section 27B, then (1), (a); "(2)(b)" as a subsection."""
    m = re.match(_BARE, number)
    out: list[Step] = []
    rest = number
    if m and kind in ("section", "schedule", "part", "chapter", "paragraph"):
        out.append(Step(kind, m.group()))
        rest = number[m.end() :]
        brackets = re.findall(_BR, rest)
        out.extend(Step("level", b) for b in brackets)
        return out
    brackets = re.findall(_BR, rest)
    if not brackets:
        raise Fail("number")
    first_kind = {"paragraph": "para"}.get(kind, kind)
    if first_kind in ("section", "schedule", "part", "chapter"):
        raise Fail("bracketed " + kind)
    out.append(Step(first_kind, brackets[0]))
    out.extend(Step("level", b) for b in brackets[1:])
    return out


# Levels of steps, for placing a reference relative to the context it is read in.
_SECTION_LADDER = {"part": 1, "chapter": 2, "section": 3, "subsection": 4, "para": 5}
_SCHEDULE_LADDER = {"schedule": 3, "paragraph": 4, "subparagraph": 5, "para": 6}
_ABSOLUTE = frozenset({"section", "schedule", "part"})


def _levels(steps: Sequence[Step]) -> list[int]:
    in_schedule = any(s.kind == "schedule" for s in steps)
    ladder = _SCHEDULE_LADDER if in_schedule else _SECTION_LADDER
    out: list[int] = []
    for s in steps:
        if s.kind == "level":
            out.append((out[-1] if out else 3) + 1)
        elif s.kind in ("definition", "entry"):
            out.append(99)
        elif s.kind == "subparagraph" and not in_schedule:
            out.append(6)
        else:
            out.append(ladder.get(s.kind, _SECTION_LADDER.get(s.kind, 4)))
    return out


def merge(base: Target | None, target: Target) -> Target:
    """``target``, named relative to ``base`` ("subsection (2)" read inside section 27B).

    >>> merge(Target((Step("section", "27B"),)), Target((Step("subsection", "(2)"),))).describe()
    'section 27B(2)'
    """
    steps = target.steps
    if base is None:
        return target
    if not steps:
        return replace(target, steps=base.steps)
    first = steps[0]
    if first.kind in _ABSOLUTE:
        return target
    if first.kind == "chapter":
        keep = [s for s in base.steps if s.kind == "part"]
        return replace(target, steps=(*keep, *steps))
    combined = [*base.steps, *steps]
    levels = _levels(combined)
    new_level = levels[len(base.steps)]
    kept = [s for s, lvl in zip(base.steps, levels, strict=False) if lvl < new_level]
    return replace(target, steps=(*kept, *steps))


def excerpt(shape: Shape, i: int) -> str:
    """The words around ``i``, quotations shown as “…” (for saying where reading stopped)."""
    text = _QUOTE.sub("“…”", _STRUCT.sub("“…”", shape.text[max(0, i - 30) : i + 30]))
    return " ".join(text.split())
