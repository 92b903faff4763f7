"""Changes of words made on copies and checked before they count.

An :class:`~billdiff.keeling.apply.Applier` plans each instruction as changes of words
(:class:`Op`) or a change of provisions, makes the changes of words on a
:class:`Stage`, and keeps them only if :meth:`Stage.check` finds the new words there
as many more times as they were put in and the old ones as many fewer times as they
were struck out. Words are matched as :func:`find_words` finds them: at word
boundaries, quotes, dashes and spaces alike (:func:`fold`).

>>> find_words("the worker’s pay, the workers", "worker's")
[4]
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from billdiff.keeling.instructions import Instruction
from billdiff.keeling.tree import Node, Text, Tree

# One character for another of the same length: quotes, dashes and spaces match their kin.
_FOLD = str.maketrans(
    {
        "“": '"',
        "”": '"',
        "‘": "'",
        "’": "'",
        "–": "-",
        "—": "-",
        "‐": "-",
        "‑": "-",
        "\u00a0": " ",
        "\u2009": " ",
        "\u202f": " ",
    }
)


def fold(text: str) -> str:
    """``text`` with quotes, dashes and spaces made plain, character for character."""
    return text.translate(_FOLD)


def _word_char(ch: str) -> bool:
    return ch.isalnum()


def find_words(text: str, words: str) -> list[int]:
    """Where ``words`` start in ``text``, at word boundaries (typographic variants alike)."""
    if not words:
        return []
    hay, needle = fold(text), fold(words)
    out = []
    start = hay.find(needle)
    while start != -1:
        end = start + len(needle)
        left_ok = start == 0 or not (_word_char(hay[start - 1]) and _word_char(needle[0]))
        right_ok = end == len(hay) or not (_word_char(hay[end]) and _word_char(needle[-1]))
        if left_ok and right_ok:
            out.append(start)
        start = hay.find(needle, start + 1)
    return out


@dataclass(frozen=True, slots=True)
class Op:
    """One change of words: ``node``'s ``field`` from ``start`` to ``end`` becomes ``text``
    (an insertion where the two are equal)."""

    node: Node
    field: str
    start: int
    end: int
    text: str


#: What a plan is: changes of words, or a change of provisions to carry out.
Plan = list[Op] | Callable[[], None]


def ops_across(edits: list[tuple[Node, str, int, int]], new: str) -> list[Op]:
    """One run of words struck out across several fields (sub-provisions), the new words
    put where it starts."""
    return [
        Op(node, name, a, b, new if k == 0 else "") for k, (node, name, a, b) in enumerate(edits)
    ]


class Stage:
    """One instruction's changes to words, on copies, until they are checked."""

    def __init__(self) -> None:
        self.texts: dict[tuple[int, str], tuple[Node, str, Text, str]] = {}
        self.struck: list[tuple[Node, str, list[tuple[int, int]], int]] = []
        self.expected: dict[tuple[int, str], list[tuple[str, str]]] = {}

    def text(self, node: Node, name: str) -> Text:
        """The copy of ``node``'s field ``name`` that this instruction edits."""
        key = (id(node), name)
        if key not in self.texts:
            original = node.field(name)
            self.texts[key] = (node, name, original.copy(), str(original))
        return self.texts[key][2]

    def expect(self, node: Node, name: str, old: str, new: str) -> None:
        """Note that ``old`` (words struck out) becomes ``new`` in this field."""
        self.expected.setdefault((id(node), name), []).append((old, new))

    def check(self, instruction: Instruction) -> str | None:
        """Why the staged words are not what the instruction says, or None: each field has
        the new words as many more times as they were put in, and the old ones as many
        fewer times as they were struck out (where one does not contain the other)."""
        for key, (node, _, text, before) in self.texts.items():
            after = str(text)
            edits = self.expected.get(key, [])
            for old, new in {(o, n) for o, n in edits}:
                times = sum(1 for o, n in edits if (o, n) == (old, new))
                word_new = new.strip().rstrip(".") if new else ""
                word_old = old.strip()
                if word_new and fold(word_old).find(fold(word_new)) < 0:
                    gained = len(find_words(after, word_new)) - len(find_words(before, word_new))
                    if gained < times:
                        return f"“{word_new}” is not in {node.label()} after the change"
                if word_old and (not word_new or fold(word_new).find(fold(word_old)) < 0):
                    lost = len(find_words(before, word_old)) - len(find_words(after, word_old))
                    if lost < times:
                        return f"“{word_old}” is still in {node.label()} after the change"
        return None

    def commit(self, tree: Tree) -> None:
        """Put the checked copies in the Act's place and record what they struck out."""
        for node, name, text, _ in self.texts.values():
            setattr(node, name, text)
        for node, name, spans, by in self.struck:
            tree.strike(node, name, spans, by)
