"""Reading a Bill's passages in order into instructions, in the context each is read in.

:class:`Reader` keeps what a passage is read in: the Act and provisions an
introduction names ("In section 80A of the Employment Rights Act 1996—"), "X is
amended as follows" (which governs the provisions after it), the Act a
cross-heading or Part is named after, the short names the Bill defines ("the 2018
Act"), lists ("omit the following—") and the Schedules of the Bill that set out a
Schedule for an Act. Each passage is read by the grammar
(:mod:`billdiff.keeling.grammar`) whole: one that fails after its first action is
unread, not half read.

What does not parse is never guessed at: a passage that amends ("omit",
"substitute", "insert", "… is repealed") but cannot be read is reported as
:class:`~billdiff.keeling.instructions.Unread`, with the Act it is in the context of
and why; signposts ("Schedule 2 contains provision repealing section 108"),
modifications ("has effect as if"), savings, powers to amend and extent rules are
:class:`~billdiff.keeling.instructions.NotAmendment`.

>>> from billdiff.keeling.passages import Passage
>>> p = Passage("s1", "s. 1", "content",
...     "In section 5 of the Police Act 1996, for “may” substitute “must”.", (), (), ("s1",))
>>> [(r.action.op, r.action.old, r.action.new) for r in Reader().read([p])]
[('substitute', 'may', 'must')]
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Literal

from lxml import etree

from billdiff.keeling.acts import ACT_NAME, Catalogue, uri_key
from billdiff.keeling.grammar import Fail, Locus, Parser, Shape, excerpt, merge
from billdiff.keeling.instructions import (
    Instruction,
    NotAmendment,
    Provisions,
    Step,
    Target,
    Unread,
    Words,
)
from billdiff.keeling.passages import Passage

# Words without which a passage neither amends nor sets the scene for amendments.
#: The longest passage read for amendments (characters, quoted structures one each).
_LONGEST = 20_000
_STATEMENT_WORDS = ("omit", "substitut", "insert", "repeal", "amended", "modified", "becomes")


def _may_amend(words: str) -> bool:
    """Whether ``words`` could amend or set the scene (a substring test: the grammar reads
    thousands of passages, most of them not amendments)."""
    lower = words.lower()
    return any(w in lower for w in _STATEMENT_WORDS)


# Words that speak of amending.
_MENTIONS = re.compile(
    r"\b(?:omit|omitted|omitting|substitute|substituted|substituting|insert|inserted|inserting|"
    r"repeal|repealed|repealing)\b",
    re.I,
)
# An amending instruction is imperative ("omit", "for … substitute", "insert") or says what
# is done ("… is repealed", "there is substituted", "by inserting"), or is a table of
# repeals. The same words as a noun ("the repeal of"), a power ("may amend, repeal or
# revoke", "by adding, varying or repealing provision"), an infinitive ("the Schedule to
# be inserted"), a participle ("a provision made, or inserted, by") or a title ("Regulation
# (EC) No 765/2008 … repealing Regulation (EEC) No 339/93") make no amendment. Case aside:
# "Omit section 5." begins with a capital.
_OPERATIVE = re.compile(
    r"(?<!\bmay )(?<!\bto )\b(?:omit|substitute|insert)\b"
    r"|\b(?<!\bto )(?:is|are|be|were)\s+(?:hereby\s+)?(?:omitted|substituted|inserted|repealed)\b"
    r"|\bby\s+(?:omitting|substituting|inserting|repealing)\b"
    r"|(?-i:\bExtent\s+of\s+(?:repeal|revocation)\b)",
    re.I,
)
# What a provision is that speaks of amending an Act it names without amending it (tried in
# order; one that is none of these is only words of the Bill).
_ABOUT = (
    (
        re.compile(r"\bthe\s+same\s+extent\b|\blimits?\s+the\s+extent\b"),
        "an extent provision, not an amendment",
    ),
    (re.compile(r"\bdoes\s+not\s+affect\b|^Nothing\s+in\b"), "a saving, not an amendment"),
    (re.compile(r"\bpower\b|\bmay\s+amend\b"), "a power to amend, not an amendment"),
)


# A short name the Bill defines for an enactment: “the 2018 Act” means the Data
# Protection Act 2018; “the UK GDPR” means Regulation (EU) 2016/679; “the eIDAS
# Regulation” means …
_DEFINED_NAME = re.compile(
    r"“(?P<short>(?:the\s+)?(?:\d{4}\s+(?:Act|Regulations|Order)|[a-z]*[A-Z][A-Za-z]*"
    r"(?:\s+[A-Z][A-Za-z]*)*"
    r"(?:\s+(?:Act|Regulations|Order|Rules|Regulation))?))”\s+means\s+(?P<meaning>[^;]+)"
)
# The name an Act is given where it is first named: "(“the 1996 Act”)", "(in this Part
# referred to as “the 1996 Act”)".
_CALLED = re.compile(
    r"\(\s*(?:in\s+this\s+(?:Act|Part|Chapter|section|Schedule)\s+)?(?:referred\s+to\s+as\s+)?"
    r"“(?P<short>(?:the\s+)?\d{4}\s+(?:Act|Regulations|Order))”\s*\)"
)
_NAMED_SUBJECT = re.compile(
    r"\s*(?:[Tt]he\s+)?(?P<name>[a-z]*[A-Z][A-Za-z]*(?:\s+(?:[A-Z][A-Za-z]*|of|and|for))*)"
    r"(?=\s+(?:is|are)\s+(?:further\s+)?(?:amended\b|modified\s+(?:as\s+follows|in\s+accordance)\b))"
)
_SIGNPOST = re.compile(
    r"\b(?:contains|makes|confers|has effect|is to have effect|are to have effect|"
    r"is to be read|are to be read|as if|do not apply|does not apply|comes? into force|"
    r"as amended by|as inserted by|amendments? made by)\b",
    re.I,
)


# -- context ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Context:
    """What a passage is read in: the Act, and the provisions (usually one) in scope."""

    act: str | None = None
    targets: tuple[Target, ...] = ()
    #: Under an introduction that only signposts amendments made elsewhere.
    signpost: bool = False
    #: Under "omit the following—" ("provisions") or "omit the entries relating to—"
    #: ("entries"): each item names what is omitted; under "in the following provisions
    #: omit “x”—" ("words"): each item names where :attr:`actions` are done; under "at the
    #: appropriate place insert—" ("material"): each item is what is inserted.
    listing: str | None = None
    actions: tuple[Words, ...] = ()


# -- the reader ------------------------------------------------------------------------------


Record = Instruction | Unread | NotAmendment


class Reader:
    """Reads a Bill's passages in order, keeping the context each is read in."""

    def __init__(self, catalogue: Catalogue | None = None) -> None:
        self.catalogue = catalogue or Catalogue()
        self.last_act: str | None = None
        self.last: dict[str, Target] = {}
        self._contexts: dict[tuple[str, ...], _Context] = {}
        self._index = 0
        #: The quoted structures of each Schedule of the Bill that only sets out a Schedule
        #: for an Act ("This is the Schedule to be inserted …"), by its number.
        self.set_out: dict[str, tuple[etree._Element, ...]] = {}

    def act_named(self, name: str, passage: Passage, start: int, shape: Shape) -> str:
        """The key of the Act ``name`` (printed in ``passage``) names; it becomes "that Act"."""
        href = None
        for ref in passage.refs:
            if ref.text and uri_key(ref.href) and name.endswith(ref.text):
                href = ref.href
        key = self.catalogue.learn(name, href) if href else self.catalogue.key(name)
        self.last_act = key
        return key

    def learn_names(self, passages: Iterable[Passage]) -> None:
        """Learn every Act the Bill names by a reference, so a later bare name is known, and
        the short names it defines (“the 2018 Act” means the Data Protection Act 2018)."""
        for p in passages:
            for ref in p.refs:
                if uri_key(ref.href) and ACT_NAME.fullmatch(re.sub(r"^the ", "", ref.text)):
                    self.catalogue.learn(ref.text, ref.href)
            if "” means" in p.words:
                for m in _DEFINED_NAME.finditer(p.words):
                    self.catalogue.alias(m["short"], m["meaning"])
            if "referred to as “" in p.words or "(“" in p.words:
                # "the Deer (Scotland) Act 1996 (in this Part referred to as “the 1996 Act”)"
                for m in _CALLED.finditer(p.words):
                    before = list(ACT_NAME.finditer(p.words, 0, m.start()))
                    if before and not p.words[before[-1].end() : m.start()].strip():
                        self.catalogue.alias(m["short"], before[-1]["name"])

    def context(self, passage: Passage) -> _Context:
        """The context ``passage`` is read in: the nearest one set on its path."""
        path = passage.path
        for n in range(len(path), -1, -1):
            found = self._contexts.get(path[:n])
            if found is not None:
                return found
        return _Context()

    def read(self, passages: Sequence[Passage]) -> Iterator[Record]:
        """The instructions (and what could not be read) of ``passages``, in order."""
        self.learn_names(passages)
        self.set_out = _schedules_set_out(passages)
        for p in passages:
            yield from self._read(p)

    def _read(self, p: Passage) -> Iterator[Record]:
        ctx = self.context(p)
        if p.role == "heading":
            names = list(ACT_NAME.finditer(p.words))
            alias = self.catalogue.alias_at(p.words, 0)
            if len(names) == 1:
                key = self.act_named(names[0]["name"], p, names[0].start(), Shape(p.words, ()))
                self._contexts[p.path] = _Context(key)
            elif alias is not None and not p.words[alias[1] :].strip():
                self._contexts[p.path] = _Context(alias[0])  # a cross-heading "The 2018 Act"
            return
        if p.role != "intro" and not ctx.listing and not _may_amend(p.words):
            return  # ordinary words of the Bill: no amendment, no context
        if len(p.words) > _LONGEST:
            # Words quoted for insertion are one character each, so no amending sentence
            # comes near this; reading one would only cost time.
            return
        shape = Shape.of(p.words)
        parser = Parser(shape, p, self)
        if ctx.act:
            self.last_act = ctx.act
        index = self._index
        try:
            # A provision is read whole before any of it counts: one that fails after its
            # first action is unread, not half read.
            if ctx.listing and p.role == "content":
                records = list(self._item(p, parser, ctx))
            else:
                records = list(self._statement(p, parser, ctx))
        except Fail:
            self._index = index
            signpost = ctx.signpost or bool(_SIGNPOST.search(shape.text))
            if p.role == "intro" and signpost:
                self._contexts[p.path] = replace(ctx, signpost=True)
                return
            if ctx.listing and p.role == "content" and ctx.act not in (None, "this"):
                # An item of "omit the following—": an amendment, whatever its words.
                yield Unread(p, ctx.act, _unread(p, shape, parser.i))
                return
            if not _MENTIONS.search(shape.text):
                return
            if signpost:
                act = self._mentioned_act(p, ctx)
                if act is not None and act != "this":
                    yield NotAmendment(p, act, _what(shape.text, ctx.signpost))
            elif _OPERATIVE.search(shape.text):
                act = self._mentioned_act(p, ctx)
                if act is not None and act != "this":
                    yield Unread(p, act, _unread(p, shape, parser.i))
            else:
                # Not an amendment: worth listing only where it is about an Act it names.
                what = next((w for rx, w in _ABOUT if rx.search(shape.text)), None)
                act = self._mentioned_act(p, None) if what else None
                if what and act is not None and act != "this":
                    yield NotAmendment(p, act, what)
            return
        yield from records

    def _mentioned_act(self, p: Passage, ctx: _Context | None) -> str | None:
        """The Act ``p``'s own words name (by a reference or by name), else ``ctx``'s, else
        one its words name by a short name the Bill defines."""
        for ref in p.refs:
            key = uri_key(ref.href)
            if key:
                return self.catalogue.canonical(key)
        m = ACT_NAME.search(p.words)
        if m:
            return self.catalogue.key(m["name"])
        if ctx is not None and ctx.act is not None:
            return ctx.act
        for the in re.finditer(r"\b[Tt]he\s", p.words):  # a short name: "the UK GDPR"
            found = self.catalogue.alias_at(p.words, the.start())
            if found is not None:
                return found[0]
        return None

    def _statement(self, p: Passage, parser: Parser, ctx: _Context) -> Iterator[Record]:
        parser.eat(r"(?:Accordingly|Also|Further),?\s*")
        if parser.peek(r"In\s+consequence\s+of\b"):
            parser.need(r"In\s+consequence\s+of\b[^,\uf000-\uf8ff]*?,\s*")
        loci: list[Locus] = []
        act, targets = ctx.act, ctx.targets
        while parser.peek(r"in\s+(?!(?:each|both|all|every|the\s+\w+)\s+places?\b)"):
            if parser.eat(r"in\s+the\s+following\s+provisions\s*,?\s*"):
                # "in the following provisions omit “non-profit”—" then the list of them.
                actions = parser.action(loci)
                parser.need(r"[—–:-]?\s*$")
                if p.role != "intro" or any(
                    named or not isinstance(a, Words) for named, a in actions
                ):
                    raise Fail("words for a list of provisions")
                done = tuple(a for _, a in actions if isinstance(a, Words))
                self._contexts[p.path] = _Context(act, targets, listing="words", actions=done)
                return
            parser.need(r"in\s+")
            loc = parser.locus()
            loci.append(loc)
            outer = act, targets
            act, targets = self._apply_locus(act, targets, loc)
            while parser.eat(r",?\s+and\s+in\s+"):
                # "in the words before paragraph (a) and in paragraph (b)": both places.
                more = self._apply_locus(*outer, parser.locus())
                if more[0] != act:
                    raise Fail("two Acts")
                targets += more[1]
            if parser.eat(r",?\s*[—–-]\s*$") or parser.eat(r":\s*$"):
                # Under "omit—", "(e) in paragraph 23(4)—" lists more of what is omitted.
                self._contexts[p.path] = replace(ctx, act=act, targets=targets)
                return
            # Most locators end in a comma; some drafters go straight on ("In
            # subsection (2) omit “x”").
            if not parser.eat(r",") and not parser.at_action():
                raise Fail("a locator")
        occurrence = parser.occurrence()  # "in both places, omit “x”"
        if p.role == "intro" and parser.eat(
            r"at\s+the\s+appropriate\s+places?\s*,?\s*insert\s*[—–:-]\s*$"
        ):
            # The definitions to insert follow, one provision of the Bill each.
            self._contexts[p.path] = _Context(act, targets, listing="material")
            return
        m = parser.eat(
            r"omit\s*(?:the\s+(?:following(?:\s+provisions)?|(entries|entry)\s+relating\s+to)\s*)?"
            r"[—–:-]\s*$"
        )
        if m:
            listing = "entries" if m.group(1) else "provisions"
            self._contexts[p.path] = _Context(act, targets, listing=listing)
            return
        # "X is amended as follows", "X is repealed"
        mark = parser.i
        subject = self._subject(parser)
        if subject is not None:
            # "subsection (1)(b) and “or” immediately preceding it are repealed"
            connector = parser.connector(subject.targets) if subject.targets else None
            # Holyrood's Bills say "is modified as follows" ("… in accordance with
            # subsection (2)") for the same thing.
            if connector is None and parser.eat(
                r"(?:is|are)\s+(?:further\s+)?"
                r"(?:amended\b|modified\s+(?:as\s+follows|in\s+accordance\s+with)\b)"
            ):
                act, targets = self._apply_locus(act, targets, subject)
                # It governs the provisions after it: its siblings and their contents, and
                # (a cross-heading being only a heading) those under the next cross-headings.
                scope = p.path[:-1]
                while scope and p.kinds[len(scope) - 1] == "crossheading":
                    scope = scope[:-1]
                self._contexts[scope] = _Context(act, targets)
                return
            m = parser.eat(r"(?:is|are)\s+(?:hereby\s+)?(repealed|omitted)\b")
            if m:
                act, _ = self._apply_locus(act, targets, subject)
                if not subject.targets:
                    yield NotAmendment(p, act, "repeals a whole Act")
                    return
                if not parser.at_end():
                    raise Fail("words after “repealed”")
                named = [merge(_first(targets), t) for t in subject.targets]
                op: Literal["repeal", "omit"] = (
                    "repeal" if m.group(1).lower() == "repealed" else "omit"
                )
                repeal = Provisions(op, connector=connector)
                yield from self._instructions(p, act, named, repeal)
                return
        parser.i = mark
        actions = parser.action(loci)
        if parser.borrowed:
            p = replace(p, structures=p.structures + parser.borrowed)
        for named, action in actions:
            if parser.named_act is not None:
                act = parser.named_act
            if parser.container is not None:
                targets = tuple(_up_to(t, parser.container) for t in targets)
            if occurrence is not None and isinstance(action, Words) and action.occurrence is None:
                action = replace(action, occurrence=occurrence)
            resolved = self._targets(targets, named)
            yield from self._instructions(p, act, resolved, action)
        if not parser.at_end():
            raise Fail("words after the action")

    def _item(self, p: Passage, parser: Parser, ctx: _Context) -> Iterator[Record]:
        """One item under "omit the following—": "section 11(2);", "in Schedule 1,
        paragraph 32.", "the entry relating to the X Authority;", "the heading “Y”"; or under
        "in the following provisions omit “x”—": "section 160(1) (arrangements);"."""
        act, targets = ctx.act, ctx.targets
        omit: Words | Provisions = Provisions("omit")
        while parser.peek(r"in\s+"):
            parser.need(r"in\s+")
            act, targets = self._apply_locus(act, targets, parser.locus())
            parser.need(r",")
        if ctx.listing == "material":
            words, structures = parser.material()
            if not parser.at_end():
                raise Fail("words after the material")
            put: Words | Provisions = (
                Provisions("insert", structures, "appropriate place")
                if structures
                else Words("insert", new=words, where="appropriate place")
            )
            yield from self._instructions(p, act, self._targets(targets, []), put)
            return
        if ctx.listing == "words":
            named = parser.refs()
            if not parser.at_end():
                raise Fail("words after the item")
            for action in ctx.actions:
                yield from self._instructions(p, act, self._targets(targets, named), action)
            return
        if ctx.listing == "entries" and not parser.peek(r"the\s+(?:entry|heading)\b"):
            m = parser.need(r"(?:the\s+)?(?P<w>[^;\uf000-\uf8ff]+?)(?=[;.,]?\s*(?:and|or)?\s*$)")
            named = [Target((Step("entry", m["w"].strip()),))]
        elif parser.eat(r"the\s+entry\s+relating\s+to\s+"):
            m = parser.need(r"(?P<w>[^;\uf000-\uf8ff]+?)(?=[;.,]?\s*(?:and|or)?\s*$)")
            named = [Target((Step("entry", m["w"].strip()),))]
        elif parser.eat(r"the\s+heading\s+"):
            term = parser.quote()
            if term is None:
                raise Fail("heading")
            named = [Target((Step("entry", term),), region="heading")]
        elif termed := parser.eat(r"the\s+(definition|entry)\s+(?:of|for)\s+"):
            term = parser.quote()
            if term is None:
                raise Fail("term")
            named = [Target((Step(termed.group(1).lower(), term),))]
        elif parser.eat(r"the\s+words\s+from\s+"):
            old, to, occurrence = parser._from_to()
            named, omit = [], Words("omit", old=old, to=to, occurrence=occurrence)
        else:
            named = parser.refs()
            omit = Provisions("omit", connector=parser.connector(named))
            parser.gloss()  # "section 269(6)(a), including the final “and” (orders …)."
        if not parser.at_end():
            raise Fail("words after the item")
        yield from self._instructions(p, act, self._targets(targets, named), omit)

    def _subject(self, parser: Parser) -> Locus | None:
        """The subject of "… is amended": references and/or an Act."""
        loc = Locus()
        start = parser.i
        parser.eat(r"the\s+(?=[A-Z])", 0)
        act = parser.act()
        if act is not None:
            loc.act = act
            parser._act_after(loc)
            return loc
        parser.i = start
        try:
            loc.targets = parser.refs()
        except Fail:
            parser.i = start
            # An enactment known by a name of its own: "The Sentencing Code is amended…".
            m = parser.eat(_NAMED_SUBJECT, 0)
            if m is None:
                return None
            self.catalogue.alias(m["name"], m["name"])
            loc.act = self.catalogue.key(m["name"])
            return loc
        parser._act_after(loc)
        return loc

    def _apply_locus(
        self, act: str | None, targets: tuple[Target, ...], loc: Locus
    ) -> tuple[str | None, tuple[Target, ...]]:
        if loc.act is not None and loc.act != act:
            act = loc.act
            if not loc.targets:
                targets = ()
        if loc.targets:
            base = _first(targets)
            targets = tuple(merge(base, t) for t in loc.targets)
            self._remember(targets)
        if loc.region:
            bases = targets or (Target(()),)
            if loc.container:
                bases = tuple(_up_to(t, loc.container) for t in bases)
            also = tuple(merge(_first(bases), t) for t in loc.also)
            targets = tuple(replace(t, region=loc.region) for t in bases) + also
        return act, targets

    def _remember(self, targets: Iterable[Target]) -> None:
        for t in targets:
            if t.steps:
                self.last[_kind_of(t.steps)] = Target(t.steps)

    def _targets(self, bases: tuple[Target, ...], named: list[Target]) -> list[Target]:
        if not named:
            return list(bases) or [Target(())]
        out: list[Target] = []
        for base in bases or (None,):
            for t in named:
                if not t.steps and t.region:
                    out.append(replace(base or Target(()), region=t.region))
                else:
                    out.append(merge(base, t))
        self._remember(out)
        return out

    def _instructions(
        self, p: Passage, act: str | None, targets: list[Target], action: Words | Provisions
    ) -> Iterator[Record]:
        if act is None:
            act = _act_of_refs(p)
        if act is None:
            yield Unread(p, None, "does not say which Act it amends")
            return
        if act == "this":
            return
        act = self.catalogue.canonical(act)
        yield Instruction(self._index, p, act, tuple(targets), action)
        self._index += 1


def _act_of_refs(p: Passage) -> str | None:
    """The one Act whose provisions ``p``'s references point into by their address
    (``https://www.legislation.gov.uk/asp/2004/6#sec_1``), where its words name none."""
    acts = {uri_key(r.href) for r in p.refs if "#" in r.href}
    acts.discard(None)
    return acts.pop() if len(acts) == 1 else None


_QUOTED_STRUCTURES = re.compile("[“”\ue000-\uefff]")
_SETS_OUT = re.compile(r"This\s+is\s+the\s+Schedule\s+to\s+be\s+(?:inserted|substituted)\b")


def _schedules_set_out(passages: Iterable[Passage]) -> dict[str, tuple[etree._Element, ...]]:
    """The quoted structures of each Schedule of the Bill whose own words begin "This is the
    Schedule to be inserted (substituted) …", or are quoted structures only, by the
    Schedule's number."""
    words: dict[tuple[str, ...], list[Passage]] = {}
    for p in passages:
        if p.kinds == ("schedule",) and p.role == "content":
            words.setdefault(p.path, []).append(p)
    out: dict[str, tuple[etree._Element, ...]] = {}
    for found in words.values():
        number = re.fullmatch(r"Sch\. (\w+)", found[0].citation)
        only_quoted = all(not _QUOTED_STRUCTURES.sub("", p.words).strip(" .") for p in found)
        if number and (_SETS_OUT.match(found[0].words) or only_quoted):
            out[number.group(1)] = tuple(el for p in found for el in p.structures)
    return out


def _first(targets: tuple[Target, ...]) -> Target | None:
    return targets[0] if targets else None


def _up_to(t: Target, kind: str) -> Target:
    """``t`` cut back to its last step of ``kind`` ("the Part heading" inside Part 2A)."""
    steps = t.steps
    while steps and steps[-1].kind != kind:
        steps = steps[:-1]
    return Target(steps) if steps else t


def _kind_of(steps: Sequence[Step]) -> str:
    """What "that subsection" and its kin would name: the kind of a path's last step."""
    step = steps[-1]
    if step.kind != "level":
        return {"para": "paragraph"}.get(step.kind, step.kind)
    named = [s for s in steps if s.kind != "level"]
    depth = len(steps) - len(named)
    base = {"para": "paragraph"}.get(named[-1].kind, named[-1].kind) if named else "section"
    ladder = ["section", "subsection", "paragraph", "subparagraph"]
    if base in ladder:
        return ladder[min(ladder.index(base) + depth, 3)]
    return "subparagraph" if depth == 1 else "paragraph"


def _unread(p: Passage, shape: Shape, i: int) -> str:
    """Why ``p`` is unread: a misprinted quotation mark, or a form the grammar lacks."""
    if shape.unpaired is not None:
        near = excerpt(Shape(p.words, ()), shape.unpaired + 1)
        return f"quotation marks do not pair up (at “{near}”)"
    return f"form not read yet (at “{excerpt(shape, i)}”)"


def _what(text: str, under_signpost: bool = False) -> str:
    t = text.lower()
    if under_signpost or "contains" in t or "makes" in t or "confers" in t:
        return "a signpost to amendments made elsewhere"
    if "as if" in t or "has effect" in t or "to be read" in t:
        return "a modification, not a textual amendment"
    if "apply" in t or "into force" in t:
        return "a saving or commencement provision"
    return "mentions amendments made elsewhere"
