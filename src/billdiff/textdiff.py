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
``Diff_Timeout`` is 0.5 s per call: an ordinary clause pair takes a few
milliseconds, and the timeout only stops a pathological pair (say, a 30 KB
clause rewritten end to end) from stalling a whole-Bill comparison; past it
diff-match-patch returns a coarser but still exact diff.

Shaping the hunks:

- deletions and insertions with no equal text between them form ONE
  ``replace`` hunk, and so do changes separated only by a whitespace run
  ("a b c" to "x y z" is one replacement);
- a pure insertion or deletion that could sit in several places (inserting
  "cat " or " cat" into "the cat sat") is put where its text has no leading
  and, if possible, no trailing whitespace; between equally good places the
  rightmost wins. Replacements already start and end on the changed words.

Classes (:class:`HunkClass`), tested in this order:

1. ``TYPOGRAPHIC``: the old and new text have equal
   :func:`~billdiff.normalise.typographic_key` (straight to curly quotes,
   hyphen to dash, space to no-break space, spacing).
2. ``XREF``: a ``replace`` in which tokens pair up one to one, every changed
   pair is two reference numbers (``\\d+[A-Z]{0,3}``, e.g. "12", "12A"),
   every other pair is typographically equal, and each changed number is
   governed (directly, or through a list such as "sections 12, 13 and 14",
   "sections 12 to 14" or "section 12(3) or 13") by "section(s)" or
   "clause(s)", whose numbers are looked up in ``Renumbering.clauses``, or by
   "Schedule(s)", looked up in ``Renumbering.schedules`` (keywords match in
   any case), in both texts, and the renumbering maps the old number to
   exactly the new one. A reference followed by "of ..." or "to ..." other
   than "of this Act"/"to this Act" names another Act and is never ``XREF``.
   Without a renumbering nothing is ``XREF``.
3. ``SUBSTANTIVE``: everything else, including a reference changed to a
   number the renumbering does not give ("section 12" to "section 15" when
   12 became 14).

>>> old = "after “well-managed” insert “, safe”;"
>>> d = diff_words(old, "after “well-managed” insert “, safe, energy efficient”;")
>>> [(h.op.value, h.old, h.new) for h in d.hunks]
[('insert', '', ', energy efficient')]
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from itertools import accumulate, chain
from types import MappingProxyType

from diff_match_patch import diff_match_patch

from billdiff.normalise import typographic_key

__all__ = [
    "DIFF_TIMEOUT_SECONDS",
    "Hunk",
    "HunkClass",
    "Op",
    "Renumbering",
    "TextDiff",
    "diff_words",
    "tokenise",
]

#: diff-match-patch's time budget per :func:`diff_words` call (see the module docstring).
DIFF_TIMEOUT_SECONDS: float = 0.5

# How far a pure insertion or deletion may be slid looking for a neater
# place; only repetitive text ("a a a a ...") gets near it, and it keeps that
# case linear.
_MAX_SLIDE = 64
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
_REF_CONTEXT = re.compile(rf"(?<![\w-])(?i:(sections?|clauses?|schedules?))\s+(?:{_REF}{_SEP})*$")
_EXTERNAL_AFTER = re.compile(
    rf"(?:\([0-9A-Za-z]{{1,6}}\))*(?:{_SEP}{_REF})*\s+(?:of|to)\b(?!\s+this\s+Act\b)(?!\s+\d)"
)
# Enough characters to see back to "sections" past a list of references.
_CONTEXT_CHARS = 200

_DMP = diff_match_patch()
_DMP.Diff_Timeout = DIFF_TIMEOUT_SECONDS


class HunkClass(StrEnum):
    """Why a change matters: a real change, a renumbered reference, or typography."""

    SUBSTANTIVE = "substantive"
    XREF = "xref"
    TYPOGRAPHIC = "typographic"


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


@dataclass(frozen=True, slots=True)
class TextDiff:
    """The word-level difference between two texts, as ordered hunks."""

    old: str
    new: str
    hunks: tuple[Hunk, ...]

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

    Keys and values are numbers as printed ("12", "12A"); anything else is
    converted with ``str``. Pairs that map a number to itself are dropped, so
    only changed numbers remain. Both maps are stored as read-only
    :class:`types.MappingProxyType` views of private copies, and the object
    hashes by content, so it can key a cache.
    """

    clauses: Mapping[str, str] = field(default_factory=dict)
    schedules: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for name in ("clauses", "schedules"):
            given: Mapping[str, str] = getattr(self, name)
            changed = {str(k): str(v) for k, v in given.items() if str(k) != str(v)}
            object.__setattr__(self, name, MappingProxyType(changed))

    def __hash__(self) -> int:
        return hash((frozenset(self.clauses.items()), frozenset(self.schedules.items())))


def tokenise(text: str) -> list[str]:
    """Split text into whitespace runs, words and single other characters (see module doc)."""
    return _TOKEN.findall(text)


def diff_words(old: str, new: str, renumbering: Renumbering | None = None) -> TextDiff:
    """Diff two texts word by word and classify each change."""
    if old == new:
        return TextDiff(old, new, ())
    head, tail = _shared_ends(old, new)
    old_tokens = tokenise(old[head : len(old) - tail])
    new_tokens = tokenise(new[head : len(new) - tail])
    old_code, new_code = _encode(old_tokens, new_tokens)
    diffs = _DMP.diff_main(old_code, new_code, checklines=False)
    _DMP.diff_cleanupSemantic(diffs)

    changes = _absorb_space_gaps(_changes(diffs), old_tokens)
    for i, change in enumerate(changes):
        _place_pure_edit(changes, i, change, old_tokens, new_tokens)

    old_offsets = list(accumulate(map(len, old_tokens), initial=head))
    new_offsets = list(accumulate(map(len, new_tokens), initial=head))
    hunks = []
    for os_, oe, ns, ne in changes:
        op = Op.REPLACE if oe > os_ and ne > ns else Op.DELETE if oe > os_ else Op.INSERT
        o0, o1, n0, n1 = old_offsets[os_], old_offsets[oe], new_offsets[ns], new_offsets[ne]
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
    return TextDiff(old, new, tuple(hunks))


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
    """Maximal runs of non-equal diffs as [old_start, old_end, new_start, new_end] token indices."""
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
    # The tokeniser never puts two whitespace runs side by side, so an equal
    # gap that is only whitespace is exactly one token long.
    merged: list[list[int]] = []
    for change in changes:
        if merged and change[0] - merged[-1][1] == 1 and old_tokens[change[0] - 1][0].isspace():
            merged[-1][1], merged[-1][3] = change[1], change[3]
        else:
            merged.append(change)
    return merged


def _place_pure_edit(
    changes: list[list[int]],
    i: int,
    change: list[int],
    old_tokens: list[str],
    new_tokens: list[str],
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

    best_shift, best_cost = 0, 4
    for shift in range(-left, right + 1):
        cost = 2 * tokens[start + shift][0].isspace() + tokens[end + shift - 1][0].isspace()
        if cost <= best_cost:
            best_shift, best_cost = shift, cost
    for k in range(4):
        change[k] += best_shift


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
    """The map ("clauses" or "schedules") for the number at text[pos:pos+length], if ours."""
    before = _REF_CONTEXT.search(text, max(0, pos - _CONTEXT_CHARS), pos)
    if before is None or _EXTERNAL_AFTER.match(text, pos + length):
        return None
    return "schedules" if before.group(1).lower().startswith("schedule") else "clauses"
