"""The words of an amending Bill, statement by statement, as the Keeling reader needs them.

A Bill's provisions are read from its XML (not from billdiff's model, which
flattens the references and quoted structures an amendment is made of) into
:class:`Passage` records, in document order: a provision's introductory words
("In section 80A of the Employment Rights Act 1996—"), the words of a
provision without sub-provisions, its closing words, and the headings of
Parts, schedules and cross-headings (which may name the Act a run of
paragraphs amends).

In :attr:`Passage.words` references are their printed text (their targets are
kept in :attr:`Passage.refs`), quote marks held in attributes are written out,
editorial notes are left out, whitespace is collapsed, and each quoted
structure (a provision quoted for insertion) is one private-use character,
:data:`STRUCTURE_BASE` plus its index in :attr:`Passage.structures`, between
its own quote marks.

>>> p = Passage("sec_6__subsec_3", "s. 6(3)", "content", "In subsection (2)(b), omit “x”.", (), (),
...             ("sec_6", "sec_6__subsec_3"))
>>> p.citation
's. 6(3)'
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree

from billdiff.formats.common import UKL_NS

#: ``chr(STRUCTURE_BASE + n)`` stands for the n-th quoted structure of a passage.
STRUCTURE_BASE = 0xE000
_STRUCTURES = re.compile("[\ue000-\uefff]")

# Elements that are provisions of the Bill (their words are passages; their sub-provisions
# are walked in turn).
_PROVISIONS = frozenset(
    {
        *("section", "subsection", "level", "paragraph", "subparagraph", "part", "chapter"),
        *("article", "rule", "clause", "subclause", "point", "division"),
    }
)
# hcontainer names that are structure; other hcontainers are transparent wrappers.
_HCONTAINERS = frozenset({"crossheading", "schedule", "definition", "regulation", "article"})
_ROLES = {"intro": "intro", "content": "content", "wrapUp": "wrapup"}
# Editorial matter, never part of the words.
_SKIP = frozenset({"authorialNote", "noteRef", "eol", "eop", "num", "heading", "subheading"})
# Elements whose words stand apart from their neighbours.
_BLOCKS = frozenset({"p", "blockList", "item", "listIntroduction", "listWrapUp", "tr", "td"})
_WS = re.compile(r"[ \t\r\n]+")
_AKN = (
    "http://docs.oasis-open.org/legaldocml/ns/akn/3.0",
    "http://docs.oasis-open.org/legaldocml/ns/akn/3.0/WD17",
)
# Elements that need the full walk: quoted matter, quote marks held in attributes,
# editorial notes (left out), processing instructions are text-free anyway.
_SPECIAL_TAGS = tuple(
    f"{{{ns}}}{name}"
    for ns in _AKN
    for name in (
        "quotedStructure",
        "def",
        "quotedText",
        "term",
        "authorialNote",
        "noteRef",
        "eol",
        "eop",
    )
)
_BLOCK_TAGS = tuple(
    f"{{{ns}}}{name}" for ns in _AKN for name in ("p", "blockList", "item", "tr", "td")
)
_REF_TAGS = tuple(f"{{{ns}}}ref" for ns in _AKN)
_PRIVATE = re.compile("[\ue000-\uf8ff]")


@dataclass(frozen=True, slots=True)
class Ref:
    """A reference in a passage: its words (as in :attr:`Passage.words`) and its href."""

    text: str
    href: str


@dataclass(frozen=True, slots=True)
class Passage:
    """One statement of the Bill (see the module's docstring)."""

    eid: str | None
    #: The provision as a lawyer cites it: "s. 6(4)(a)(i)", "Sch. 1 para 3(b)".
    citation: str
    #: "intro", "content", "wrapup", or "heading" (of a Part, schedule or cross-heading).
    role: str
    words: str
    refs: tuple[Ref, ...]
    structures: tuple[etree._Element, ...]
    #: eIds (or tags) of the provision and its ancestors, outermost first: which
    #: provision's words these are, and under which others.
    path: tuple[str, ...]
    #: The provision's kind as the Bill's markup names it ("section", "level",
    #: "crossheading"...).
    kind: str = ""
    #: The kind of each provision on :attr:`path`.
    kinds: tuple[str, ...] = ()

    def structure(self, ch: str) -> etree._Element | None:
        """The quoted structure a private-use character of :attr:`words` stands for."""
        n = ord(ch) - STRUCTURE_BASE
        return self.structures[n] if 0 <= n < len(self.structures) else None

    def plain(self, start: int = 0, end: int | None = None) -> str:
        """``words[start:end]`` with each quoted structure spelled out as its text."""
        return self.spell(self.words[start:end])

    def spell(self, text: str) -> str:
        """``text`` (some of this passage's words) with each quoted structure written out."""
        return _STRUCTURES.sub(self._spell, text)

    def brief(self, words: int = 12) -> str:
        """The words with each quoted structure cut to its first ``words`` words."""
        return _STRUCTURES.sub(lambda m: _first_words(self._spell(m), words), self.words)

    def _spell(self, m: re.Match[str]) -> str:
        el = self.structure(m.group())
        return structure_text(el) if el is not None else ""


def _first_words(text: str, n: int) -> str:
    words = text.split()
    return text if len(words) <= n else " ".join(words[:n]) + " …"


@functools.lru_cache(maxsize=256)
def structure_text(el: etree._Element) -> str:
    """The words of a quoted structure (numbers and headings included), as printed."""
    out = _Words()
    out.block()
    _words_of(el, out, structure=True)
    return out.text()


class _Words:
    """Builds a passage's words with whitespace collapsed, noting where each ref falls."""

    __slots__ = ("last_space", "parts", "refs", "size", "structures")

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.refs: list[Ref] = []
        self.structures: list[etree._Element] = []
        self.size = 0
        self.last_space = True

    def add(self, text: str | None) -> None:
        """Append ``text`` (whitespace collapsed)."""
        if not text:
            return
        # Private-use characters stand for quoted structures: never take one from the file.
        text = _PRIVATE.sub("\ufffd", _WS.sub(" ", text))
        if self.last_space and text.startswith(" "):
            text = text[1:]
        if text:
            self.parts.append(text)
            self.size += len(text)
            self.last_space = text.endswith(" ")

    def placeholder(self, ch: str) -> None:
        """Append the character that stands for a quoted structure."""
        self.parts.append(ch)
        self.size += 1
        self.last_space = False

    def block(self) -> None:
        if not self.last_space:
            self.add(" ")

    def text(self) -> str:
        return "".join(self.parts).strip()


def _words_of(el: etree._Element, out: _Words, structure: bool = False) -> None:
    """Append the words of ``el``'s content (not its tail) to ``out``."""
    out.add(el.text)
    for child in el:
        tag = child.tag
        if not isinstance(tag, str):
            out.add(child.tail)
            continue
        name = etree.QName(tag).localname
        if name in ("num", "heading", "subheading") and structure:
            out.block()
            _words_of(child, out, structure)
            out.block()
        elif name in _SKIP:
            pass
        elif name == "quotedStructure" and not structure:
            out.add(child.get("startQuote"))
            out.structures.append(child)
            out.placeholder(chr(STRUCTURE_BASE + len(out.structures) - 1))
            out.add(child.get("endQuote"))
        elif name == "quotedStructure":
            out.add(child.get("startQuote"))
            _words_of(child, out, structure)
            out.add(child.get("endQuote"))
        elif name == "ref" and not structure:
            before = len(out.parts)
            _words_of(child, out, structure)
            href = child.get("href") or ""
            text = "".join(out.parts[before:]).strip()
            if text and href:
                out.refs.append(Ref(text, href))
        elif name in ("def", "quotedText", "term"):
            q = f"{{{UKL_NS}}}"
            out.add(child.get(q + "startQuote") or child.get("startQuote"))
            _words_of(child, out, structure)
            out.add(child.get(q + "endQuote") or child.get("endQuote"))
        else:
            block = name in _BLOCKS or (structure and name in _PROVISIONS | {"hcontainer"})
            if block:
                out.block()
            _words_of(child, out, structure)
            if block:
                out.block()
        out.add(child.tail)


def _own_words(
    el: etree._Element, plain: bool
) -> tuple[str, tuple[Ref, ...], tuple[etree._Element, ...]]:
    """A provision's introduction, words or closing words: the words, the references, the
    quoted structures. Most are ``plain`` (one paragraph of references and words): their
    text is read by libxml2 in one go; the rest are walked."""
    if not plain:
        out = _Words()
        _words_of(el, out)
        return out.text(), tuple(out.refs), tuple(out.structures)
    refs = tuple(
        Ref(_collapse(_text_of(r)), r.get("href") or "")
        for r in el.iter(*_REF_TAGS)
        if r.get("href")
    )
    return _collapse(_text_of(el)), refs, ()


def _collapse(text: str) -> str:
    return _PRIVATE.sub("\ufffd", _WS.sub(" ", text)).strip()


def _text_of(el: etree._Element) -> str:
    return etree.tostring(el, method="text", encoding=str, with_tail=False)


def _child_words(el: etree._Element, name: str, special: set[etree._Element]) -> str:
    """The words of ``el``'s first ``name`` child (its editorial notes left out)."""
    suffix = "}" + name
    for child in el:
        tag = child.tag
        if tag.__class__ is str and tag.endswith(suffix):
            if not len(child):
                return _collapse(child.text or "")  # most numbers and headings: no markup
            if child not in special:
                return _collapse(_text_of(child))
            out = _Words()
            _words_of(child, out, structure=True)
            return out.text()
    return ""


def _special(body: etree._Element) -> set[etree._Element]:
    """The elements whose words need the full walk: those holding quoted matter, quote marks
    in attributes or editorial notes, or more than one block of text. One pass over the
    body finds them all (asking each element in turn costs far more)."""
    out: set[etree._Element] = set()
    for el in body.iter(*_SPECIAL_TAGS):
        parent = el.getparent()
        while parent is not None and parent not in out:
            out.add(parent)
            parent = parent.getparent()
    blocks: dict[etree._Element, int] = {}
    for el in body.iter(*_BLOCK_TAGS):
        parent = el.getparent()
        if parent is not None:
            blocks[parent] = blocks.get(parent, 0) + 1
    for parent, n in blocks.items():
        node: etree._Element | None = parent if n > 1 else None
        while node is not None and node not in out:
            out.add(node)
            node = node.getparent()
    return out


def _kind(el: etree._Element) -> str | None:
    """The Bill-markup kind of a provision element, or None if ``el`` is not one."""
    name = el.tag.rpartition("}")[2]
    if name == "hcontainer":
        hname = el.get("name") or ""
        return hname if hname in _HCONTAINERS else None
    return name if name in _PROVISIONS else None


class _Citer:
    """Builds "s. 6(4)(a)(i)" and "Sch. 1 para 3(b)" from the numbers on a path."""

    @staticmethod
    def cite(numbers: list[tuple[str, str]]) -> str:
        head = ""
        tail = ""
        for kind, num in numbers:
            if kind == "schedule":
                n = re.sub(r"(?i)^schedule\s*", "", num)
                head = f"Sch. {n}".strip() if n else "Sch."
                tail = ""
            elif kind == "section" or kind in ("article", "rule", "clause"):
                word = {"section": "s.", "clause": "cl."}.get(kind, kind[:3] + ".")
                head, tail = f"{word} {num}", ""
            elif kind == "paragraph" and head.startswith("Sch") and not tail:
                head = f"{head} para {num}"
            elif kind in ("part", "chapter", "crossheading", "definition"):
                continue
            elif num:
                tail += num if num.startswith("(") else f"({num})"
        return head + tail


def passages(body: etree._Element) -> Iterator[Passage]:
    """Every passage of a Bill's body, in document order (quoted structures skipped)."""
    out: list[Passage] = []
    special = _special(body)
    for child in body:
        _visit(child, (), [], (), special, out)
    return iter(out)


#: Children of a provision that hold no passage of their own (its number and heading are
#: read with it).
_NOT_PASSAGES = frozenset({"num", "heading", "subheading"})


def _visit(
    el: etree._Element,
    path: tuple[str, ...],
    numbers: list[tuple[str, str]],
    kinds: tuple[str, ...],
    special: set[etree._Element],
    out: list[Passage],
) -> None:
    if not isinstance(el.tag, str):
        return
    kind = _kind(el)
    if kind is None:
        if etree.QName(el).localname == "hcontainer":  # a wrapper: the schedules, say
            for child in el:
                _visit(child, path, numbers, kinds, special, out)
        return
    eid = el.get("eId")
    here = (*path, eid or f"{kind}@{el.sourceline}")
    here_kinds = (*kinds, kind)
    nums = [*numbers, (kind, _child_words(el, "num", special))]
    citation = _Citer.cite(nums)
    heading = _child_words(el, "heading", special)
    if heading and kind in ("part", "chapter", "crossheading", "schedule"):
        out.append(Passage(eid, citation, "heading", heading, (), (), here, kind, here_kinds))
    last: Passage | None = None  # the words before, held back in case a mod follows them
    for sub in el:
        tag = sub.tag
        if tag.__class__ is not str:
            continue
        name = tag.rpartition("}")[2]
        role = _ROLES.get(name)
        if role is None and name == "mod" and last is not None and last.role == "content":
            # "After regulation 32 insert—" with the quoted structure in a mod after the
            # content rather than in it: one statement.
            last = _with_mod(last, sub)
            continue
        if last is not None:
            out.append(last)
            last = None
        if role is None:
            if name not in _NOT_PASSAGES:
                _visit(sub, here, nums, here_kinds, special, out)
            continue
        words, refs, structures = _own_words(sub, sub not in special)
        if words:
            last = Passage(eid, citation, role, words, refs, structures, here, kind, here_kinds)
    if last is not None:
        out.append(last)


def _with_mod(passage: Passage, mod: etree._Element) -> Passage:
    """``passage`` with the words of the ``mod`` that follows it."""
    out = _Words()
    out.structures = list(passage.structures)
    _words_of(mod, out)
    return dataclasses.replace(
        passage,
        words=f"{passage.words} {out.text()}",
        refs=passage.refs + tuple(out.refs),
        structures=tuple(out.structures),
    )
