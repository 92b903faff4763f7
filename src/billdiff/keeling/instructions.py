"""A Bill's amendments to an Act as data: small frozen records the applier carries out.

An :class:`Instruction` is what one amending provision of the Bill says to
do to an Act: an action (:class:`Words` — substitute, omit or insert words;
:class:`Provisions` — insert, substitute, omit or repeal whole provisions),
the places it acts on (:class:`Target`, a path of :class:`Step`\\ s from the
Act's top, "section 27B, subsection (4), paragraph (a)"), and the Bill
provision it comes from (its :class:`~billdiff.keeling.passages.Passage`).

Targets are read from the Bill's words and the context around them ("In
section 80A—" then "(a) in subsection (1), omit paragraph (a)"); they are
found in the Act only when the instruction is applied, since an earlier
amendment may have inserted them ("section 27BH (inserted by section 1)").

>>> t = Target((Step("section", "27B"), Step("subsection", "(1)")))
>>> t.describe()
'section 27B(1)'
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

from billdiff.keeling.passages import Passage

Where = Literal["after", "before", "at end", "at beginning", "appropriate place"]

#: :attr:`Words.occurrence` for "in each place it occurs".
EACH = 0
#: :attr:`Words.occurrence` for "the final “and”".
LAST = -1


class Effect(StrEnum):
    """What an amendment does, in legislation.gov.uk's vocabulary of effects."""

    WORDS_SUBSTITUTED = "words substituted"
    WORDS_INSERTED = "words inserted"
    WORDS_OMITTED = "words omitted"
    SUBSTITUTED = "substituted"
    INSERTED = "inserted"
    OMITTED = "omitted"
    REPEALED = "repealed"


@dataclass(frozen=True, slots=True)
class Step:
    """One step of a path into an Act.

    ``kind`` is ``part``, ``chapter``, ``schedule``, ``section`` (also an SI's
    regulation, article or rule), ``paragraph`` (of a schedule: "paragraph 5"),
    ``subsection``, ``subparagraph`` ("sub-paragraph (2)"), ``level`` (a
    bracketed number one level down: the "(a)" of "subsection (2)(a)", the
    "(b)" of "paragraph (b)"), ``definition`` or ``entry`` (``number`` is then
    the quoted term).
    """

    kind: str
    number: str

    def describe(self) -> str:
        """The step as a drafter writes it."""
        if self.kind in ("level", "subsection", "para", "subparagraph") and self.number.startswith(
            "("
        ):
            return self.number
        if self.kind in ("definition", "entry"):
            return f"the {self.kind} of “{self.number}”"
        word = {"schedule": "Schedule", "part": "Part", "chapter": "Chapter"}.get(
            self.kind, self.kind
        )
        return f"{word} {self.number}".strip()


@dataclass(frozen=True, slots=True)
class Target:
    """A place in the Act an instruction acts on.

    ``region`` narrows it: ``heading`` (its heading), ``before`` / ``after`` (its
    parent's words before or after it: "the words before paragraph (a)"),
    ``crossheading`` (the cross-heading before it). ``through`` ends a range
    ("subsections (1) to (3)"): the last step's siblings up to this number.
    """

    steps: tuple[Step, ...]
    region: str = ""
    through: str | None = None

    def describe(self) -> str:
        """ "section 27B(4)(a)", "the heading of Part 2A", "subsections (1) to (3)"."""
        out = ""
        for step in self.steps:
            text = step.describe()
            if text.startswith("(") and out:
                out += text
            else:
                out = f"{out}, {text}" if out else text
        if self.through is not None:
            out += f" to {self.through}"
        if self.region == "heading":
            return f"the heading of {out}" if out else "the heading"
        if self.region in ("before", "after"):
            return f"the words {self.region} {out}"
        if self.region == "crossheading":
            return f"the cross-heading before {out}"
        return out


@dataclass(frozen=True, slots=True)
class Words:
    """A change to words: ``substitute`` ``old`` with ``new``, ``omit`` ``old``, or ``insert``
    ``new`` ``where`` (after or before ``anchor``, at the end or the beginning).

    ``old`` None with ``op`` omit or substitute: all the words of the target (its
    heading, say). ``to``: the instruction reads "the words from “old” to “to”"
    (``to`` "" for "to the end"). ``occurrence``: which occurrence of ``old`` (or
    ``anchor``) is meant, from 1, or :data:`EACH` or :data:`LAST`; None when the words
    must occur once only. ``connector``: a word also omitted with ``old`` ("(and the “or”
    that appears before those words)"), and ``before`` or ``after``.
    """

    op: Literal["substitute", "omit", "insert"]
    old: str | None = None
    new: str | None = None
    where: Where | None = None
    anchor: str | None = None
    to: str | None = None
    occurrence: int | None = None
    connector: tuple[str, str] | None = None

    @property
    def effect(self) -> Effect:
        """The legislation.gov.uk effect."""
        return {
            "substitute": Effect.WORDS_SUBSTITUTED,
            "omit": Effect.WORDS_OMITTED,
            "insert": Effect.WORDS_INSERTED,
        }[self.op]


@dataclass(frozen=True, slots=True)
class Provisions:
    """A change to whole provisions: ``insert`` the quoted structures ``where`` (after or
    before the target, at the end or beginning of it, at the appropriate place in it),
    ``substitute`` them for the target, ``omit`` or ``repeal`` the target.

    ``structures`` index the passage's quoted structures. ``connector`` is a word
    also left out with an omitted provision ("(and the “or” before it)"): the word
    and ``before`` or ``after``; with inserted provisions, the word that ends the provision
    before them, which moves to the end of the last of them ("before the “or” before
    sub-paragraph (iii) insert—"): the word and ``before``.
    """

    op: Literal["insert", "substitute", "omit", "repeal"]
    structures: tuple[int, ...] = ()
    where: Where | None = None
    connector: tuple[str, str] | None = None

    @property
    def effect(self) -> Effect:
        """The legislation.gov.uk effect."""
        return {
            "insert": Effect.INSERTED,
            "substitute": Effect.SUBSTITUTED,
            "omit": Effect.OMITTED,
            "repeal": Effect.REPEALED,
        }[self.op]


Action = Words | Provisions


@dataclass(frozen=True, slots=True)
class Instruction:
    """One amendment of the Act: an action on one or more targets, from one Bill provision.

    ``index`` is its place among the Bill's amendments of the Act (the order they are
    applied in); ``act`` the key of the Act it amends (see :mod:`billdiff.keeling.acts`).
    """

    index: int
    passage: Passage
    act: str
    targets: tuple[Target, ...]
    action: Action

    @property
    def effect(self) -> Effect:
        """The legislation.gov.uk effect of the action."""
        return self.action.effect

    @property
    def type_of_amendment(self) -> str:
        """ "insertion", "substitution" or "deletion" (Lawmaker's research data)."""
        op = self.action.op
        return {"insert": "insertion", "substitute": "substitution"}.get(op, "deletion")

    @property
    def whole_provision(self) -> bool:
        """Whether whole provisions are inserted, substituted or omitted (not words)."""
        return isinstance(self.action, Provisions)

    @property
    def location(self) -> str:
        """ "Before", "After" or "Replace" (Lawmaker's research data)."""
        where = getattr(self.action, "where", None)
        if self.action.op != "insert":
            return "Replace"
        return "Before" if where in ("before", "at beginning") else "After"


@dataclass(frozen=True, slots=True)
class Unread:
    """An amending provision the reader could not turn into an instruction, and why."""

    passage: Passage
    act: str | None
    reason: str


@dataclass(frozen=True, slots=True)
class NotAmendment:
    """A provision that mentions amending the Act but is not itself an amendment (a
    signpost, a modification "as if", a saving), and what it is."""

    passage: Passage
    act: str | None
    what: str
