"""Word-level diff of two provision texts, each change classified for lawyers.

:func:`diff_words` compares two texts as given (callers pass the display form
from :mod:`billdiff.normalise`; every offset refers to the strings passed in)
and returns a :class:`TextDiff`: the changes as :class:`Hunk` objects, in
order, never overlapping.

Tokens (:func:`tokenise`); the tokens of a text concatenate back to it:

- a *whitespace run*: one or more whitespace characters of any kind (space,
  newline, tab, no-break space, thin space, ...);
- a *word*: letters, digits and combining marks, where an apostrophe
  (``'`` or U+2019) or a hyphen (``-``, U+2010, U+2011) between two such runs
  joins them, and so does a ``.`` or ``,`` between two digits. So
  "person’s", "well-managed", "12A", "1,000" and "2.5" are one word each;
- any other single character: "(3)" is "(", "3", ")"; an en or em dash,
  quotation mark, semicolon or underscore is a token of its own.

Diffing: each distinct token is mapped to one code point (from the private
use areas U+E000..U+F8FF, U+F0000..U+10FFFD first, then the other planes;
surrogates never), the two encoded strings are diffed with diff-match-patch
(``checklines=False``), the result is given ``diff_cleanupSemantic`` and is
mapped back. A change therefore always starts and ends on token boundaries:
"offence" to "offences" replaces the word, it never inserts an "s".
Text shared at both ends is set aside first (cut at whitespace, keeping some
context), which makes a one-word change in a 30 KB clause cheap.

The rest is diffed in two passes, like diff-match-patch's own line mode.
First the texts are cut into *chunks*, each ending with a whitespace run
after ".", ";", ":", an em dash or an en dash (roughly sentences and list
items), and the chunk sequences are diffed (chunks encoded like tokens) to
find chunks that survived unchanged. Then each block of changed chunks is
diffed token by token as above, unless it is a *rewrite*: when, after
removing tokens shared at its two ends, both sides still have at least 40
distinct word pairs (adjacent non-space tokens) and fewer than half of the
smaller side's word pairs occur in the other, the block is one ``replace``.
Diffing a rewrite only finds stray "of the"s, and is the slowest thing
diff-match-patch can be asked to do; the chunk pass means subsections that
survive a rewrite of their neighbours still show as unchanged. A block of
at least 200 tokens (both sides) is diffed with each word and the whitespace
after it as one token (half the tokens, a quarter of the work); the result,
spelt out token by token again, gets the same merge and semantic cleanup as
a token diff, so changes still start and end on words.

**Bounded work.** The word diff of one pair of units (all the
:func:`diff_words` calls that share one :class:`Budget`) may cost at most
:data:`WORD_DIFF_BUDGET`, counted on the token sequences alone, whatever
diff implementation runs: a changed block costs its words and other
non-space tokens (both sides together) times the fewest of them that must
change, at least: those one side has more of than the other, and twice
those on both sides but out of order (runs of words found once on each
side that are not in the longest chain of them in the same order). That
is about the steps an O(ND) diff takes on it. A block the budget cannot
pay for is one ``replace`` of everything between the tokens its two sides
share at their ends, as a rewrite is, and so is a changed middle of more
than :data:`MAX_WORD_DIFF_CHARS` characters, which is not even split into
tokens. Such a diff is still exact (the new text is the old one with its
hunks made), only coarser, and says so (:attr:`TextDiff.coarse`). On the
real prints in the corpus no pair costs more than 215,000 (and a budget
of 100,000 would change no hunk of them); a clause of 1,000 words with
every fourth word changed costs about 1,100,000, one whose words were cut
into eight pieces and put in another order about 2,000,000. A pair within
the budget takes diff-match-patch (pure Python) up to about 50 ms.

``Diff_Timeout`` is 0.5 s per call: an ordinary clause pair takes a few
milliseconds, and the timeout only stops a pathological pair from stalling a
whole-Bill comparison; past it diff-match-patch returns a coarser but still
exact diff, so only such pairs can come out differently on a slower machine.

Shaping the hunks:

- deletions and insertions with no equal text between them form ONE
  ``replace`` hunk, and so do changes separated only by a whitespace run
  ("a b c" to "x y z" is one replacement);
- a pure insertion or deletion that could sit in several places (inserting
  "cat " or " cat" into "the cat sat") is put where its two ends fall best,
  scoring each end 6 at the start or end of the text, 4 at the start of a
  sentence or list item (after ".", ";", ":" or a dash and a space), 2 next
  to whitespace and 1 otherwise; minus 8 if it cuts two bracketed groups in
  half (deleting ") in paragraph (a" rather than "(a) in paragraph "), minus
  1 if it has whitespace at both ends; between equal scores the rightmost
  wins. So a repeated phrase added at the end is shown at the end, with one
  leading space. Replacements already start and end on the changed words.

Classes (:class:`HunkClass`), tested in this order:

1. ``TYPOGRAPHIC``: the old and new text have equal
   :func:`~billdiff.normalise.typographic_key` (straight to curly quotes,
   hyphen to dash, space to no-break space, spacing).
2. ``XREF``: a ``replace`` in which tokens pair up one to one, every changed
   pair is two reference numbers (``\\d+[A-Z]{0,3}``, e.g. "12", "12A"),
   every other pair is typographically equal, and each changed number is
   governed (directly, or through a list such as "sections 12, 13 and 14",
   "sections 12 to 14" or "section 12(3) or 13") by "section(s)" or
   "clause(s)", whose numbers are looked up in ``Renumbering.clauses``, by
   "Schedule(s)", looked up in ``Renumbering.schedules``, or by
   "paragraph(s)", looked up in ``Renumbering.paragraphs`` (keywords match
   in any case, but not inside "subsection" or "sub-paragraph"), in both
   texts, and the renumbering maps the old number to exactly the new one. A
   reference "of that Act" or "to that Act" is to another Act and is never
   ``XREF``; one "of the Police Act 1996" cannot be told from the Bill citing
   itself by its future short title, and counts as the Bill's own. Without a
   renumbering nothing is ``XREF``.
3. ``RELETTERING`` (only through :func:`reletter`, which the engine applies
   with what it knows of the unit's sub-provisions): a sub-provision number
   that changed only because siblings were inserted or removed before it, a
   reference to it ("paragraph (c)" → "paragraph (e)") that follows the same
   change, and a full stop added or removed right after a provision's number.
4. ``SUBSTANTIVE``: everything else, including a reference changed to a
   number the renumbering does not give ("section 12" to "section 15" when
   12 became 14).

>>> old = "after “well-managed” insert “, safe”;"
>>> d = diff_words(old, "after “well-managed” insert “, safe, energy efficient”;")
>>> [(h.op.value, h.old, h.new) for h in d.hunks]
[('insert', '', ', energy efficient')]
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from itertools import accumulate, chain, pairwise
from types import MappingProxyType

from diff_match_patch import diff_match_patch

from billdiff.changeclass import HunkClass
from billdiff.normalise import typographic_key
from billdiff.provenance import Source

__all__ = [
    "DIFF_TIMEOUT_SECONDS",
    "MAX_WORD_DIFF_CHARS",
    "WORD_DIFF_BUDGET",
    "Budget",
    "Hunk",
    "HunkClass",
    "Op",
    "Renumbering",
    "TextDiff",
    "diff_words",
    "inline_labels",
    "natural_label",
    "reletter",
    "tokenise",
]

#: diff-match-patch's time budget per :func:`diff_words` call (see the module docstring).
DIFF_TIMEOUT_SECONDS: float = 0.5
#: The word-diff work one pair of units may take (see "Bounded work" in the module docstring).
WORD_DIFF_BUDGET = 250_000
#: The longest changed middle, in characters of both texts together, that is split into tokens:
#: twenty times the longest unit of a real print (53,000 characters).
MAX_WORD_DIFF_CHARS = 2_000_000

# How far a pure insertion or deletion may be slid looking for a neater
# place; only repetitive text ("a a a a ...") gets near it, and it keeps that
# case linear.
_MAX_SLIDE = 64
# A slid edit should not cut two bracketed groups in half (") in paragraph
# (a" for "(a) in paragraph ").
_BRACKET_PAIRS = (("(", ")"), ("[", "]"), ("\u201c", "\u201d"), ("\u2018", "\u2019"))
_OPENERS = frozenset(o for o, _ in _BRACKET_PAIRS)
_CLOSERS = frozenset(c for _, c in _BRACKET_PAIRS)
# A changed block in which fewer than this share of the word pairs ("of the",
# "section 12") of the smaller side occur in the other is a rewrite: shown as
# one replacement, deterministically, instead of letting diff-match-patch
# spend up to its timeout matching stray "of the"s. On the DPDI Bill, amended
# clauses share at least 0.92 of their word pairs, unrelated ones a median of
# 0.29 (90% below 0.44); texts with an edit every eight words still 0.8.
_REWRITE_MAX_SHARED = 0.5
_REWRITE_MIN_PAIRS = 40
# Little words that, alone between two replacements, are read as part of one phrase.
_JOINING_WORDS = frozenset({"and", "or", "of", "the", "a", "an", "to", "in", "by", "for", "on"})
# What ends a chunk for the first, coarse pass (see the module docstring),
# and the tokens after which a sentence or list item starts.
_CHUNK_END = re.compile(r"[.;:\u2014\u2013]\s+")
_CHUNK_PUNCT = frozenset(".;:\u2014\u2013")
# Text shared at both ends is not tokenised or diffed, except for this many
# whitespace runs (each at least two tokens) kept as context, so that sliding
# sees exactly what it would have seen in the whole text.
_CONTEXT_RUNS = _MAX_SLIDE // 2 + 2

_MARKS = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
# Written so the common case is one tight character-class loop: the regex
# engine is most of the cost of diffing.
_WORD_PART = rf"[^\W_]+(?:[{_MARKS}]+[^\W_]*)*"
_JOINER = r"(?:['\u2019\-\u2010\u2011]|(?<=\d)[.,](?=\d))"
_TOKEN = re.compile(rf"{_WORD_PART}(?:{_JOINER}{_WORD_PART})*|\s+|.", re.DOTALL)

# Code points for tokens: private use first so the encoded strings never
# look like text, then the rest of Unicode minus the surrogates.
_CODE_RANGES: tuple[range, ...] = (
    range(0xE000, 0xF900),
    range(0xF0000, 0x110000),
    range(0x10000, 0xF0000),
    range(0x0000, 0xD800),
    range(0xF900, 0x10000),
)
_CODE_COUNT = sum(map(len, _CODE_RANGES))

_REF_NUMBER = re.compile(r"\d+[A-Z]{0,3}")
_REF = r"\d+[A-Z]{0,3}(?:\([0-9A-Za-z]{1,6}\))*"
_SEP = r"(?:\s*,\s*(?:(?:and|or)\s+)?|\s+(?:and|or|to)\s+)"
_REF_CONTEXT = re.compile(
    rf"(?<![\w-])(?i:(sections?|clauses?|schedules?|paragraphs?))\s+(?:{_REF}{_SEP})*$"
)
_MAP_OF_KEYWORD = {
    "section": "clauses",
    "clause": "clauses",
    "schedule": "schedules",
    "paragraph": "paragraphs",
}
# Only "that Act" certainly names another Act. "Section 12 of the Crime and
# Policing Act 2025" is how a Bill's own clause is cited from text it inserts
# into another Act, so an Act's name alone proves nothing.
_OTHER_ACT_AFTER = re.compile(
    rf"(?:\([0-9A-Za-z]{{1,6}}\))*(?:{_SEP}{_REF})*\s+(?:of|to)\s+that\s+Act\b"
)
# Enough characters to see back to "sections" past a list of references.
_CONTEXT_CHARS = 200

_DMP = diff_match_patch()
_DMP.Diff_Timeout = DIFF_TIMEOUT_SECONDS


class Op(StrEnum):
    """What a hunk does to the old text."""

    INSERT = "insert"
    DELETE = "delete"
    REPLACE = "replace"


@dataclass(frozen=True, slots=True)
class Hunk:
    """One change: ``old[old_start:old_end]`` became ``new[new_start:new_end]``."""

    op: Op
    old: str
    new: str
    old_start: int
    old_end: int
    new_start: int
    new_end: int
    cls: HunkClass
    #: The amendments that made this change, in a Keeling schedule (empty otherwise).
    sources: tuple[Source, ...] = ()


@dataclass(frozen=True, slots=True)
class TextDiff:
    """The word-level difference between two texts, as ordered hunks."""

    old: str
    new: str
    hunks: tuple[Hunk, ...]
    #: Some passage was too costly to diff word by word and is one replacement instead
    #: (see "Bounded work" in the module docstring); the hunks are still exact.
    coarse: bool = False

    @property
    def changed(self) -> bool:
        """Whether the texts differ at all (typographic differences included)."""
        return bool(self.hunks)

    def segments(self) -> Iterator[tuple[str, str, str]]:
        """("equal" | "insert" | "delete" | "replace", old text, new text) covering both texts."""
        old_pos = 0
        for h in self.hunks:
            if h.old_start > old_pos:
                same = self.old[old_pos : h.old_start]
                yield ("equal", same, same)
            yield (h.op.value, h.old, h.new)
            old_pos = h.old_end
        if old_pos < len(self.old):
            rest = self.old[old_pos:]
            yield ("equal", rest, rest)

    def classes(self) -> frozenset[HunkClass]:
        """The classes of all hunks (empty when nothing changed)."""
        return frozenset(h.cls for h in self.hunks)


@dataclass(frozen=True, slots=True)
class Renumbering:
    """How numbers of referable things changed between two prints, e.g. clauses {"12": "14"}.

    ``clauses`` serves references by "section(s)" and "clause(s)",
    ``schedules`` by "Schedule(s)", and ``paragraphs`` by "paragraph(s)"; the
    caller fills ``paragraphs`` only where it knows which schedule's
    paragraphs are meant (say, when diffing a paragraph of that schedule).
    Keys and values are numbers as printed ("12", "12A"); anything else is
    converted with ``str``. Pairs that map a number to itself are dropped, so
    only changed numbers remain. The maps are stored as read-only
    :class:`types.MappingProxyType` views of private copies, and the object
    hashes by content, so it can key a cache.
    """

    clauses: Mapping[str, str] = field(default_factory=dict)
    schedules: Mapping[str, str] = field(default_factory=dict)
    paragraphs: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for name in ("clauses", "schedules", "paragraphs"):
            given: Mapping[str, str] = getattr(self, name)
            changed = {str(k): str(v) for k, v in given.items() if str(k) != str(v)}
            object.__setattr__(self, name, MappingProxyType(changed))

    def __hash__(self) -> int:
        maps = (self.clauses, self.schedules, self.paragraphs)
        return hash(tuple(frozenset(m.items()) for m in maps))

    def __reduce__(self) -> tuple[type[Renumbering], tuple[dict[str, str], ...]]:
        # The read-only views cannot be pickled; the plain maps they show can.
        maps = (self.clauses, self.schedules, self.paragraphs)
        return (Renumbering, tuple(dict(m) for m in maps))


def tokenise(text: str) -> list[str]:
    """Split text into whitespace runs, words and single other characters (see module doc)."""
    return _TOKEN.findall(text)


class Budget:
    """The word-diff work left for one pair of units (see "Bounded work" in the module
    docstring): pass one to every :func:`diff_words` call made for the pair."""

    __slots__ = ("left", "refused")

    def __init__(self, work: int = WORD_DIFF_BUDGET) -> None:
        self.left = work
        #: How many passages were replaced whole because it could not pay for them.
        self.refused = 0

    def pay(self, old_tokens: Sequence[str], new_tokens: Sequence[str]) -> bool:
        """Pay for diffing these token sequences word by word, if there is enough left.

        They cost their words and other non-space tokens (both together) times the fewest
        of those that must change, at least: the tokens one side has more of than the
        other, and twice each word on both sides but out of order (see
        :func:`_out_of_order`, worked out only when the first part leaves room for it).
        """
        old_words = [t for t in old_tokens if not t.isspace()]
        new_words = [t for t in new_tokens if not t.isspace()]
        size = len(old_words) + len(new_words)
        old_counts, new_counts = Counter(old_words), Counter(new_words)
        must = (old_counts - new_counts).total() + (new_counts - old_counts).total()
        if size * must <= self.left and size >= _ORDER_CHECKED:
            must += 2 * _out_of_order(old_words, new_words)
        if size * must > self.left:
            return False
        self.left -= size * must
        return True


# Blocks this long (tokens, both sides) have their order checked too: below it, even words
# shuffled throughout diff in a few milliseconds.
_ORDER_CHECKED = 100


def _out_of_order(old_words: list[str], new_words: list[str]) -> int:
    """How many runs of words found exactly once on each side are not in the longest chain
    of them in the same order on both: words shuffled rather than changed, which the
    counts of tokens do not see and which cost an O(ND) diff as much as changed ones.

    Runs are long enough for a text of so few distinct words to have ones found once:
    three words, or more when there are fewer than some twenty distinct words.
    """
    distinct = max(2, len(set(old_words) | set(new_words)))
    length = max(3, math.ceil(math.log(4 * (len(old_words) + len(new_words))) / math.log(distinct)))
    old_runs, new_runs = _once(_runs(old_words, length)), _once(_runs(new_words, length))
    order = [new_runs[r] for r, _ in sorted(old_runs.items(), key=lambda x: x[1]) if r in new_runs]
    # The longest increasing run, by patience sorting: tails[n] ends the best chain of n + 1.
    tails: list[int] = []
    for k in order:
        n = bisect_left(tails, k)
        if n == len(tails):
            tails.append(k)
        else:
            tails[n] = k
    return len(order) - len(tails)


def _runs(words: list[str], length: int) -> Iterator[tuple[str, ...]]:
    return (tuple(words[k : k + length]) for k in range(len(words) - length + 1))


def _once(items: Iterable[tuple[str, ...]]) -> dict[tuple[str, ...], int]:
    """Each item found exactly once: where."""
    where: dict[tuple[str, ...], int] = {}
    for k, item in enumerate(items):
        where[item] = -1 if item in where else k
    return {item: k for item, k in where.items() if k >= 0}


def diff_words(
    old: str, new: str, renumbering: Renumbering | None = None, budget: Budget | None = None
) -> TextDiff:
    """Diff two texts word by word and classify each change, within ``budget`` (by default
    a whole :data:`WORD_DIFF_BUDGET` for this call alone)."""
    if old == new:
        return TextDiff(old, new, ())
    budget = budget if budget is not None else Budget()
    refused = budget.refused
    head, tail = _shared_ends(old, new)
    if len(old) + len(new) - 2 * (head + tail) > MAX_WORD_DIFF_CHARS:
        budget.refused += 1
        return TextDiff(old, new, (_one_replacement(old, new),), coarse=True)
    old_chunks, old_tokens, old_offsets, old_bounds = _chunked(old[head : len(old) - tail])
    new_chunks, new_tokens, new_offsets, new_bounds = _chunked(new[head : len(new) - tail])
    changes = _token_changes(
        old_chunks,
        new_chunks,
        old_tokens,
        new_tokens,
        old_bounds,
        new_bounds,
        (head == 0, tail == 0),
        budget,
    )
    hunks = []
    for os_, oe, ns, ne in changes:
        op = Op.REPLACE if oe > os_ and ne > ns else Op.DELETE if oe > os_ else Op.INSERT
        o0, o1 = head + old_offsets[os_], head + old_offsets[oe]
        n0, n1 = head + new_offsets[ns], head + new_offsets[ne]
        old_text, new_text = old[o0:o1], new[n0:n1]
        if typographic_key(old_text) == typographic_key(new_text):
            cls = HunkClass.TYPOGRAPHIC
        elif op is Op.REPLACE and _is_renumbering(
            old, new, old_tokens[os_:oe], new_tokens[ns:ne], o0, n0, renumbering
        ):
            cls = HunkClass.XREF
        else:
            cls = HunkClass.SUBSTANTIVE
        hunks.append(Hunk(op, old_text, new_text, o0, o1, n0, n1, cls))
    return TextDiff(old, new, tuple(hunks), coarse=budget.refused > refused)


def _one_replacement(old: str, new: str) -> Hunk:
    """Two different texts as one hunk: everything between the longest shared head and tail
    that stop at whitespace (so the hunk starts and ends on whole words)."""
    start = _DMP.diff_commonPrefix(old, new)
    while start and not old[start - 1].isspace():
        start -= 1
    old_end = len(old) - _DMP.diff_commonSuffix(old[start:], new[start:])
    while old_end < len(old) and not old[old_end].isspace():
        old_end += 1
    new_end = old_end + len(new) - len(old)
    old_text, new_text = old[start:old_end], new[start:new_end]
    op = Op.REPLACE if old_text and new_text else Op.DELETE if old_text else Op.INSERT
    same = typographic_key(old_text) == typographic_key(new_text)
    cls = HunkClass.TYPOGRAPHIC if same else HunkClass.SUBSTANTIVE
    return Hunk(op, old_text, new_text, start, old_end, start, new_end, cls)


def _shared_ends(old: str, new: str) -> tuple[int, int]:
    """Lengths of a shared head and tail that can be left out of the diff.

    Each is cut at a whitespace run (so at a token boundary in both texts) and
    leaves :data:`_CONTEXT_RUNS` runs of context next to the first and last
    difference. The tail is measured after the head, so they never overlap.
    """
    head = _context_cut(old, _DMP.diff_commonPrefix(old, new))
    old_rest, new_rest = old[head:][::-1], new[head:][::-1]
    tail = _context_cut(old_rest, _DMP.diff_commonPrefix(old_rest, new_rest))
    return head, tail


def _context_cut(text: str, shared: int) -> int:
    """The start of a whitespace run in text[:shared] with enough runs after it, or 0."""
    # Only runs containing an ASCII space are counted, which is fast and can
    # only err towards keeping more context.
    cut = shared
    for _ in range(_CONTEXT_RUNS):
        cut = text.rfind(" ", 0, cut)
        if cut < 0:
            return 0
        while cut and text[cut - 1].isspace():
            cut -= 1
    return cut


def _chunked(text: str) -> tuple[list[str], list[str], list[int], list[int]]:
    """The chunks and tokens of text, each token's offset, and the token index starting each chunk.

    The offsets and the chunk starts both end with one entry for the end of the text.
    """
    tokens = tokenise(text)
    offsets = list(accumulate(map(len, tokens), initial=0))
    # A chunk ends after a whitespace run, which is always a token boundary.
    cuts = [bisect_left(offsets, m.end()) for m in _CHUNK_END.finditer(text)]
    bounds = [0, *(k for k in cuts if k < len(tokens)), len(tokens)]
    chunks = [text[offsets[a] : offsets[b]] for a, b in pairwise(bounds)]
    return chunks, tokens, offsets, bounds


def _token_changes(
    old_chunks: list[str],
    new_chunks: list[str],
    old_tokens: list[str],
    new_tokens: list[str],
    old_bounds: list[int],
    new_bounds: list[int],
    edges: tuple[bool, bool],
    budget: Budget,
) -> list[list[int]]:
    """The changes as [old_start, old_end, new_start, new_end] token indices, shaped.

    ``edges`` says whether the token lists start and end where the texts do.
    """
    if not old_tokens or not new_tokens:
        return [[0, len(old_tokens), 0, len(new_tokens)]]
    old_code, new_code = _encode(old_chunks, new_chunks)
    changes: list[list[int]] = []
    for c0, c1, d0, d1 in _changes(_DMP.diff_main(old_code, new_code, checklines=False)):
        changes += _block_changes(
            old_tokens,
            new_tokens,
            old_bounds[c0],
            old_bounds[c1],
            new_bounds[d0],
            new_bounds[d1],
            budget,
        )
    changes = _absorb_space_gaps(changes, old_tokens)
    for i, change in enumerate(changes):
        _place_pure_edit(changes, i, change, old_tokens, new_tokens, edges)
    return changes


def _block_changes(
    old_tokens: list[str],
    new_tokens: list[str],
    o0: int,
    o1: int,
    n0: int,
    n1: int,
    budget: Budget,
) -> list[list[int]]:
    """The word-level changes between old_tokens[o0:o1] and new_tokens[n0:n1]."""
    if o0 == o1 or n0 == n1:
        return [[o0, o1, n0, n1]]
    old_part, new_part = old_tokens[o0:o1], new_tokens[n0:n1]
    # A rewrite needs _REWRITE_MIN_PAIRS words, so twice as many tokens, a side.
    small = min(o1 - o0, n1 - n0) < 2 * _REWRITE_MIN_PAIRS
    rewrite = not small and _rewrite(old_part, new_part)
    if not rewrite and not budget.pay(old_part, new_part):
        budget.refused += 1
        rewrite = True
    if rewrite:
        start, old_end, new_end = _trimmed(old_part, new_part)
        return [[o0 + start, o0 + old_end, n0 + start, n0 + new_end]]
    if o1 - o0 + n1 - n0 >= _GLUE_TOKENS:
        return _glued_changes(old_part, new_part, o0, n0)
    old_code, new_code = _encode(old_part, new_part)
    diffs = _DMP.diff_main(old_code, new_code, checklines=False)
    _DMP.diff_cleanupSemantic(diffs)
    return [[o0 + a, o0 + b, n0 + c, n0 + d] for a, b, c, d in _changes(diffs)]


# A changed block of at least this many tokens (both sides) is diffed word by word with
# each word's following whitespace glued to it: half the tokens, a quarter of the work.
_GLUE_TOKENS = 200


def _glue(tokens: list[str]) -> tuple[list[str], list[int]]:
    """Each word with the whitespace run after it as one token, and where each starts."""
    glued: list[str] = []
    starts: list[int] = []
    k = 0
    while k < len(tokens):
        starts.append(k)
        if k + 1 < len(tokens) and tokens[k + 1][0].isspace() and not tokens[k][0].isspace():
            glued.append(tokens[k] + tokens[k + 1])
            k += 2
        else:
            glued.append(tokens[k])
            k += 1
    starts.append(len(tokens))
    return glued, starts


def _glued_changes(old_part: list[str], new_part: list[str], o0: int, n0: int) -> list[list[int]]:
    """:func:`_block_changes` for a long block: the glued words are diffed, and the result,
    spelt out token by token again, gets the same semantic cleanup as a token diff."""
    old_glued, old_starts = _glue(old_part)
    new_glued, new_starts = _glue(new_part)
    glued_old, glued_new = _encode(old_glued, new_glued)
    old_code, new_code = _encode(old_part, new_part)
    diffs = []
    i = j = 0  # in glued tokens
    for op, code in _DMP.diff_main(glued_old, glued_new, checklines=False):
        n = len(code)
        if op == diff_match_patch.DIFF_INSERT:
            diffs.append((op, new_code[new_starts[j] : new_starts[j + n]]))
            j += n
        else:
            diffs.append((op, old_code[old_starts[i] : old_starts[i + n]]))
            i += n
            if op == diff_match_patch.DIFF_EQUAL:
                j += n
    # Merging first splits off what a replaced word shares with its replacement
    # (the space glued to both), as a token diff would have found it.
    _DMP.diff_cleanupMerge(diffs)
    _DMP.diff_cleanupSemantic(diffs)
    return [[o0 + a, o0 + b, n0 + c, n0 + d] for a, b, c, d in _changes(diffs)]


def _trimmed(old_tokens: list[str], new_tokens: list[str]) -> tuple[int, int, int]:
    """(start, old_end, new_end): the tokens between those the two lists share at each end."""
    start, old_end, new_end = 0, len(old_tokens), len(new_tokens)
    while start < min(old_end, new_end) and old_tokens[start] == new_tokens[start]:
        start += 1
    while (
        old_end > start and new_end > start and old_tokens[old_end - 1] == new_tokens[new_end - 1]
    ):
        old_end -= 1
        new_end -= 1
    return start, old_end, new_end


def _rewrite(old_tokens: list[str], new_tokens: list[str]) -> bool:
    """Whether the texts, without the tokens they share at their ends, are a rewrite."""
    start, old_end, new_end = _trimmed(old_tokens, new_tokens)
    old_pairs = _word_pairs(old_tokens[start:old_end])
    new_pairs = _word_pairs(new_tokens[start:new_end])
    smaller = min(len(old_pairs), len(new_pairs))
    return (
        smaller >= _REWRITE_MIN_PAIRS and len(old_pairs & new_pairs) < _REWRITE_MAX_SHARED * smaller
    )


def _word_pairs(tokens: list[str]) -> set[tuple[str, str]]:
    """Each pair of adjacent non-whitespace tokens."""
    return set(pairwise(t for t in tokens if not t[0].isspace()))


def _encode(old_tokens: list[str], new_tokens: list[str]) -> tuple[str, str]:
    """Both token lists as strings of one code point per distinct token."""
    distinct = dict.fromkeys(old_tokens)
    distinct.update(dict.fromkeys(new_tokens))
    if len(distinct) > _CODE_COUNT:
        raise ValueError("more distinct tokens than Unicode has code points")
    code_points = chain.from_iterable(_CODE_RANGES)
    codes = dict(zip(distinct, map(chr, code_points), strict=False))
    return "".join(map(codes.__getitem__, old_tokens)), "".join(map(codes.__getitem__, new_tokens))


def _changes(diffs: list[tuple[int, str]]) -> list[list[int]]:
    """Maximal runs of non-equal diffs as [old_start, old_end, new_start, new_end].

    Indices count code points of the encoded strings, i.e. tokens (or chunks).
    """
    changes: list[list[int]] = []
    i = j = 0
    in_change = False
    for op, code in diffs:
        n = len(code)
        if op == diff_match_patch.DIFF_EQUAL:
            i += n
            j += n
            in_change = False
            continue
        if not in_change:
            changes.append([i, i, j, j])
            in_change = True
        if op == diff_match_patch.DIFF_DELETE:
            i += n
            changes[-1][1] = i
        else:
            j += n
            changes[-1][3] = j
    return changes


def _absorb_space_gaps(changes: list[list[int]], old_tokens: list[str]) -> list[list[int]]:
    """The changes, with any two that only whitespace separates merged into one, and two
    replacements that only a little joining word separates ("[just]→[necessary] and
    [convenient]→[proportionate]") read as one replacement of the phrase."""
    # The tokeniser never puts two whitespace runs side by side, so an equal
    # gap that is only whitespace is exactly one token long.
    merged: list[list[int]] = []
    for change in changes:
        if merged and _joinable(merged[-1], change, old_tokens):
            merged[-1][1], merged[-1][3] = change[1], change[3]
        else:
            merged.append(change)
    return merged


def _joinable(before: list[int], after: list[int], old_tokens: list[str]) -> bool:
    gap = old_tokens[before[1] : after[0]]
    if len(gap) == 1 and gap[0][0].isspace():
        return True
    both_replace = before[0] < before[1] and before[2] < before[3]
    both_replace = both_replace and after[0] < after[1] and after[2] < after[3]
    # Words, not reference numbers: "sections [12] and [13]" stays two changes.
    wordy = any(t[0].isalpha() for t in old_tokens[before[0] : before[1]]) and any(
        t[0].isalpha() for t in old_tokens[after[0] : after[1]]
    )
    return (
        both_replace
        and wordy
        and len(gap) == 3
        and gap[0][0].isspace()
        and gap[2][0].isspace()
        and gap[1].lower() in _JOINING_WORDS
    )


def _place_pure_edit(
    changes: list[list[int]],
    i: int,
    change: list[int],
    old_tokens: list[str],
    new_tokens: list[str],
    edges: tuple[bool, bool],
) -> None:
    """Slide a pure insertion or deletion along equal text to its neatest place (in place)."""
    os_, oe, ns, ne = change
    if oe > os_ and ne > ns:
        return
    side, tokens = (0, old_tokens) if oe > os_ else (2, new_tokens)
    start, end = change[side], change[side + 1]
    lo = changes[i - 1][side + 1] if i else 0
    hi = changes[i + 1][side] if i + 1 < len(changes) else len(tokens)
    # Between two changes the equal text must keep a word, or the hunks
    # would touch (or be split by a bare space, which absorption removed).
    min_start = lo
    if i:
        min_start = lo + 1 + tokens[lo][0].isspace()
    max_end = hi
    if i + 1 < len(changes):
        max_end = hi - 1 - tokens[hi - 1][0].isspace()

    left = 0
    while (
        left < _MAX_SLIDE
        and start - left - 1 >= min_start
        and tokens[start - left - 1] == tokens[end - left - 1]
    ):
        left += 1
    right = 0
    while (
        right < _MAX_SLIDE
        and end + right + 1 <= max_end
        and tokens[start + right] == tokens[end + right]
    ):
        right += 1

    if not left and not right:
        return
    # Sliding moves a token from one end to the other, so these counts are
    # the same at every place; with balanced brackets, a closer first or an
    # opener last means the edit cuts two bracketed groups in half.
    edit = tokens[start:end]
    balanced = all(edit.count(o) == edit.count(c) for o, c in _BRACKET_PAIRS)
    best_shift, best_score = 0, -1_000
    for shift in range(-left, right + 1):
        first, last = tokens[start + shift], tokens[end + shift - 1]
        score = _boundary_score(tokens, start + shift, edges) + _boundary_score(
            tokens, end + shift, edges
        )
        score -= 8 * (balanced and (first in _CLOSERS or last in _OPENERS))
        score -= int(first[0].isspace() and last[0].isspace())
        if score >= best_score:
            best_shift, best_score = shift, score
    for k in range(4):
        change[k] += best_shift


def _boundary_score(tokens: list[str], k: int, edges: tuple[bool, bool]) -> int:
    """How natural a place the gap before tokens[k] is for an edit to start or end."""
    if k == 0 or k == len(tokens):
        # The ends of the diffed middle are ends of the text only if nothing
        # was set aside there; otherwise they are never reached (see _CONTEXT_RUNS).
        return 6 if edges[k > 0] else 0
    before, after = tokens[k - 1], tokens[k]
    if before in _CHUNK_PUNCT and after[0].isspace():
        return 4
    if before[0].isspace() and k >= 2 and tokens[k - 2] in _CHUNK_PUNCT:
        return 4
    return 2 if before[0].isspace() or after[0].isspace() else 1


def _is_renumbering(
    old: str,
    new: str,
    old_tokens: Sequence[str],
    new_tokens: Sequence[str],
    old_start: int,
    new_start: int,
    renumbering: Renumbering | None,
) -> bool:
    """Whether a replacement changes only references, each exactly as the renumbering says."""
    if renumbering is None or len(old_tokens) != len(new_tokens):
        return False
    renumbered = False
    old_pos, new_pos = old_start, new_start
    for a, b in zip(old_tokens, new_tokens, strict=True):
        if a != b:
            if _REF_NUMBER.fullmatch(a) and _REF_NUMBER.fullmatch(b):
                kind = _reference_kind(old, old_pos, len(a))
                if kind is None or kind != _reference_kind(new, new_pos, len(b)):
                    return False
                if getattr(renumbering, kind).get(a) != b:
                    return False
                renumbered = True
            elif typographic_key(a) != typographic_key(b):
                return False
        old_pos += len(a)
        new_pos += len(b)
    return renumbered


def _reference_kind(text: str, pos: int, length: int) -> str | None:
    """The map ("clauses", "schedules", "paragraphs") for the number at text[pos:pos+length]."""
    before = _REF_CONTEXT.search(text, max(0, pos - _CONTEXT_CHARS), pos)
    if before is None or _OTHER_ACT_AFTER.match(text, pos + length):
        return None
    return _MAP_OF_KEYWORD[before.group(1).lower().removesuffix("s")]


# --- relettering ---------------------------------------------------------------------------

_ROMANS = (
    "i ii iii iv v vi vii viii ix x xi xii xiii xiv xv xvi xvii xviii xix xx "
    "xxi xxii xxiii xxiv xxv xxvi xxvii xxviii xxix xxx"
).split()
_ROMAN_INDEX = {r: k for k, r in enumerate(_ROMANS)}
_FIRST_LABELS = frozenset({"1", "a", "i", "A", "I"})
# A sub-provision number inside a line (text quoted into another Act keeps its
# provisions in the host's line): "(c)" after a space or an opening quote, before a space.
_INLINE_LABEL = re.compile(
    r"(?:(?<=\s)|(?<=[\u201c\u2018\"])|^)\(([0-9]{1,3}[A-Z]{0,3}|[a-z]{1,5}|[A-Z]{1,4})\)(?=\s)"
)
# ...unless it is a reference ("paragraph (a)", "(a) or (b)") rather than a provision.
_REFERRING_BEFORE = re.compile(
    r"(?i:(?<![\w-])(?:sub-?)?(?:paragraphs?|subsections?|sections?|articles?|points?"
    r"|regulations?|rules?|heads?|items?|cases?|conditions?|steps?))\s+$"
    r"|\)\s+(?:and|or|to)\s+$"
)
_LABEL_TOKEN = re.compile(r"[0-9]{1,3}[A-Z]{0,3}|[a-z]{1,5}|[A-Z]{1,4}")
_BR = r"\([0-9A-Za-z]{1,6}\)"
# "paragraph (", "sub-paragraph (3)(", "paragraphs (a), (b) and (": a reference to a
# sub-provision of the same unit (never "section 12(3)(", another unit's).
_LABEL_REFERENCE_BEFORE = re.compile(
    rf"(?i:(?<![\w-])(?:sub-?)?(?:paragraphs?|subsections?))\s+(?:{_BR})*"
    rf"(?:{_SEP}(?:{_BR})+)*(?:{_SEP})?\($"
)
# A number that starts a provision, as the last thing before a full stop added or removed:
# "“3" (a quoted paragraph of another Act) or "(c)".
_NUMBER_BEFORE_PUNCTUATION = re.compile(
    r"(?:^|[\u201c\u2018\"])\d{1,3}[A-Z]{0,3}$|(?:^|[\s\u201c\u2018\"])\([0-9A-Za-z]{1,5}\)$"
)
# Which classes of number sit below which (a "(2)" restarts the "(a)"s...).
_LOWER_LEVELS = {
    "digit": ("letter", "roman", "upper", "ROMAN"),
    "letter": ("roman", "upper", "ROMAN"),
    "roman": ("upper", "ROMAN"),
    "upper": ("ROMAN",),
    "ROMAN": (),
}


def _successors(prev: str, cls: str) -> set[str]:
    """The numbers the sibling after ``prev`` (numbered in class ``cls``) gets in sequence."""
    if cls == "digit":
        m = re.match(r"\d+", prev)
        return {str(int(m.group()) + 1)} if m else set()
    if cls in ("roman", "ROMAN"):
        low = prev.lower()
        # "(ia)" sits between (i) and (ii): what follows it is (ii).
        k = _ROMAN_INDEX.get(low, _ROMAN_INDEX.get(low[:-1], -1))
        if 0 <= k < len(_ROMANS) - 1:
            nxt = _ROMANS[k + 1]
            return {nxt if cls == "roman" else nxt.upper()}
        return set()
    # Letters: "(aa)" sits between (a) and (b), "(za)" before (a).
    base = prev[0]
    if len(prev) > 1 and base.lower() == "z":
        return {"a" if cls == "letter" else "A"}
    if base.lower() < "z":
        return {chr(ord(base) + 1)}
    return set()


def _classes_of(label: str) -> tuple[str, ...]:
    if label[0].isdigit():
        return ("digit",)
    if label.islower():
        return ("letter", "roman") if label in _ROMAN_INDEX else ("letter",)
    return ("upper", "ROMAN") if label.lower() in _ROMAN_INDEX else ("upper",)


def natural_label(label: str, prev: str | None) -> bool:
    """Whether ``label`` is the number in sequence after the sibling numbered ``prev``.

    ``prev`` and ``label`` are bare ("c", "2A"); None means the first sibling.
    "c" follows "b", "ii" follows "i", "3" follows "2" and "2A", "b" follows "aa".
    """
    if prev is None:
        return label in _FIRST_LABELS
    return any(label in _successors(prev, cls) for cls in _classes_of(prev))


def _inline_class(label: str, last: dict[str, str]) -> str:
    classes = _classes_of(label)
    if len(classes) == 1:
        return classes[0]
    letter, roman = classes
    prev_letter = last.get(letter)
    if len(label) == 1 and prev_letter is not None and label in _successors(prev_letter, letter):
        return letter
    prev_roman = last.get(roman)
    if label.lower() == "i" or (prev_roman is not None and label in _successors(prev_roman, roman)):
        return roman
    return letter if len(label) == 1 else roman


def inline_labels(text: str, start: int = 0) -> list[tuple[int, int, str, bool]]:
    """The sub-provision numbers within ``text`` from offset ``start``, in order.

    Each is (start, end, number, natural): the offsets of the bare number
    ("c" of "(c)"), and whether it is the number in sequence after the last
    one of its class before it in the text (a digit restarts the letters
    below it, a letter the romans). References ("paragraph (a)", "(a) or
    (b)") are not sub-provisions and are left out.
    """
    out: list[tuple[int, int, str, bool]] = []
    last: dict[str, str] = {}
    for m in _INLINE_LABEL.finditer(text, start):
        if _REFERRING_BEFORE.search(text, max(0, m.start() - 40), m.start()):
            continue
        label = m.group(1)
        cls = _inline_class(label, last)
        prev = last.get(cls)
        natural = label in _FIRST_LABELS or (prev is not None and label in _successors(prev, cls))
        out.append((m.start(1), m.end(1), label, natural))
        last[cls] = label
        for lower in _LOWER_LEVELS[cls]:
            last.pop(lower, None)
    return out


def reletter(
    diff: TextDiff,
    relabelled: Iterable[tuple[tuple[int, int, int, int], str, str]] = (),
    known: Mapping[str, str] | None = None,
) -> TextDiff:
    """``diff`` with its substantive hunks that only reletter sub-provisions classed
    ``RELETTERING``.

    ``relabelled`` lists the sub-provision numbers that changed only because
    siblings were inserted or removed before them, as the caller found by
    pairing the sub-provisions: ((old_start, old_end, new_start, new_end) of
    the bare number, old number, new number). A hunk is relettering when it is
    exactly one of those numbers; when it changes a reference to a
    sub-provision of the same unit ("paragraph (c)" → "paragraph (e)") exactly
    as one of those hunks relettered it, or as ``known`` says (the caller's
    relettering of sub-provisions it is sure of, whatever the diff's shape), and
    nothing relettered that number otherwise; or when it only adds or removes a
    full stop right after a number that starts a provision ("“3 For" → "“3. For").
    """
    relabelled = list(relabelled)
    by_span = {span: (old, new) for span, old, new in relabelled}
    hunks = _split_at_relabels(diff, relabelled)
    mapping: dict[str, str] = dict(known or {})
    ambiguous: set[str] = set()
    todo = []
    for k, h in enumerate(hunks):
        if h.cls is not HunkClass.SUBSTANTIVE:
            continue
        labels = by_span.get((h.old_start, h.old_end, h.new_start, h.new_end))
        if labels is not None:
            old, new = labels
            if mapping.get(old, new) != new:
                ambiguous.add(old)
            mapping[old] = new
            hunks[k] = _relettering(h)
        elif _number_punctuation(diff, h):
            hunks[k] = _relettering(h)
        else:
            todo.append(k)
    for old in ambiguous:
        del mapping[old]
    if mapping:
        for k in todo:
            if _relettered_reference(diff, hunks[k], mapping):
                hunks[k] = _relettering(hunks[k])
    if hunks == list(diff.hunks):
        return diff
    return TextDiff(diff.old, diff.new, tuple(hunks), diff.coarse)


def _split_at_relabels(
    diff: TextDiff, relabelled: list[tuple[tuple[int, int, int, int], str, str]]
) -> list[Hunk]:
    """The hunks, with an insertion that swallowed the next sibling's new number split
    into the insertion before that sibling and its relettering.

    Inserting "(2) The Secretary… " before "(2) The provisions…" reletters that one
    "(3)"; the shortest diff keeps "(2) The " and inserts "Secretary… (3) The " after
    it, hiding the relettering inside the insertion. Slid back to the "(" of the old
    number, the insertion is "(2) The Secretary… " and "2" → "3" is a hunk of its own.
    A removal likewise. The same words, in clearer hunks.
    """
    hunks = list(diff.hunks)
    old, new = diff.old, diff.new
    for (o0, o1, n0, n1), _, _ in relabelled:
        if old[o0 - 1 : o0] != "(" or new[n0 - 1 : n0] != "(":
            continue
        for k, h in enumerate(hunks):
            if h.op is Op.INSERT and h.new_start < n0 - 1 and n1 <= h.new_end:
                slide = h.new_end - (n0 - 1)
                ok = h.old_start - slide == o0 - 1 and new[n1 : h.new_end] == old[o1 : h.old_start]
                start = h.new_start - slide
                if not ok or (k and hunks[k - 1].old_end > o0 - 1):
                    continue
                hunks[k : k + 1] = [
                    Hunk(Op.INSERT, "", new[start : n0 - 1], o0 - 1, o0 - 1, start, n0 - 1, h.cls),
                    Hunk(Op.REPLACE, old[o0:o1], new[n0:n1], o0, o1, n0, n1, h.cls),
                ]
                break
            if h.op is Op.DELETE and h.old_start < o0 - 1 and o1 <= h.old_end:
                slide = h.old_end - (o0 - 1)
                ok = h.new_start - slide == n0 - 1 and old[o1 : h.old_end] == new[n1 : h.new_start]
                start = h.old_start - slide
                if not ok or (k and hunks[k - 1].old_end > start):
                    continue
                hunks[k : k + 1] = [
                    Hunk(Op.DELETE, old[start : o0 - 1], "", start, o0 - 1, n0 - 1, n0 - 1, h.cls),
                    Hunk(Op.REPLACE, old[o0:o1], new[n0:n1], o0, o1, n0, n1, h.cls),
                ]
                break
    return hunks


def _relettering(h: Hunk) -> Hunk:
    return Hunk(
        h.op, h.old, h.new, h.old_start, h.old_end, h.new_start, h.new_end, HunkClass.RELETTERING
    )


def _bracketed(text: str, start: int, end: int) -> bool:
    return text[start - 1 : start] == "(" and text[end : end + 1] == ")"


def _relettered_reference(diff: TextDiff, h: Hunk, mapping: Mapping[str, str]) -> bool:
    if h.op is not Op.REPLACE or mapping.get(h.old) != h.new:
        return False
    if not (_LABEL_TOKEN.fullmatch(h.old) and _LABEL_TOKEN.fullmatch(h.new)):
        return False
    if not (
        _bracketed(diff.old, h.old_start, h.old_end)
        and _bracketed(diff.new, h.new_start, h.new_end)
    ):
        return False
    return bool(
        _LABEL_REFERENCE_BEFORE.search(diff.old, max(0, h.old_start - 80), h.old_start)
        and _LABEL_REFERENCE_BEFORE.search(diff.new, max(0, h.new_start - 80), h.new_start)
    )


def _number_punctuation(diff: TextDiff, h: Hunk) -> bool:
    if h.op is Op.INSERT and h.new == ".":
        after_old, after_new = h.old_start, h.new_end
    elif h.op is Op.DELETE and h.old == ".":
        after_old, after_new = h.old_end, h.new_start
    else:
        return False
    if not (
        diff.old[after_old : after_old + 1].isspace()
        and diff.new[after_new : after_new + 1].isspace()
    ):
        return False
    return bool(
        _NUMBER_BEFORE_PUNCTUATION.search(diff.old, max(0, h.old_start - 12), h.old_start)
        and _NUMBER_BEFORE_PUNCTUATION.search(diff.new, max(0, h.new_start - 12), h.new_start)
    )
