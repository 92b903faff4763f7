"""The redline every human-facing renderer draws: changes with a little context.

:func:`excerpts` cuts a :class:`~billdiff.textdiff.TextDiff` into the runs a
reader needs — each change with up to ``context`` words of unchanged text
either side, nearby changes joined — so a 3,000-word clause with one changed
word shows one line, not the whole clause. Each change carries the number
:mod:`billdiff.view.changes` gives it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from billdiff.provenance import Source, labels
from billdiff.textdiff import TextDiff

#: Words of unchanged text shown either side of a change.
DEFAULT_CONTEXT = 12

_WORDS = re.compile(r"\S+\s*")


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of the redline: ``equal`` text, or a change (``insert``/``delete``/``replace``)."""

    op: str
    old: str
    new: str
    cls: str | None = None
    #: The change's number within its unit (None for equal text and spacing-only changes).
    number: int | None = None
    #: In a Keeling schedule, the amendments that made the change.
    sources: tuple[Source, ...] = ()
    #: Whether the change is the last of a run made by the same amendments: where a
    #: renderer says where they came from (once for the run, not after every word).
    last_of_source: bool = False


def spell_spaces(text: str) -> str:
    """A change that is only unusual spaces (a figure space for a space), spelled out
    ("⟨U+2007⟩"): drawn as it is, it would look like no change at all."""
    if text and text.isspace() and text != " ":
        return "".join(f"⟨U+{ord(ch):04X}⟩" if ch != " " else " " for ch in text)
    return text


def _head(text: str, words: int) -> str:
    """The first ``words`` words of ``text`` (with their trailing space)."""
    if words <= 0:
        return ""
    m = list(_WORDS.finditer(text))
    return text if len(m) <= words else text[: m[words - 1].end()]


def _tail(text: str, words: int) -> str:
    """The last ``words`` words of ``text``, with the space before them."""
    if words <= 0:
        return ""
    m = list(_WORDS.finditer(text))
    if len(m) <= words:
        return text
    # Keep the space before the first kept word so joins read naturally.
    start = m[len(m) - words].start()
    return text[start:]


@dataclass(frozen=True, slots=True)
class Excerpt:
    """A stretch of a unit's text around nearby changes; ``cut_before``/``cut_after`` when
    the unit's text goes on beyond it (draw an ellipsis)."""

    pieces: tuple[Piece, ...]
    cut_before: bool
    cut_after: bool


def excerpts(
    diff: TextDiff,
    context: int | None = DEFAULT_CONTEXT,
    numbers: Sequence[int | None] | None = None,
) -> list[Excerpt]:
    """The excerpts of ``diff``: each change with ``context`` words either side, nearby
    changes joined. ``context=None`` gives the whole text as one excerpt. ``numbers``
    gives each hunk's change number, in hunk order."""
    pieces: list[Piece] = []
    hunk_iter = iter(diff.hunks)
    number_iter = iter(numbers if numbers is not None else ())
    for op, old, new in diff.segments():
        if op == "equal":
            pieces.append(Piece("equal", old, new))
        else:
            hunk = next(hunk_iter)
            pieces.append(
                Piece(op, old, new, hunk.cls.value, next(number_iter, None), hunk.sources)
            )
    _mark_runs(pieces)
    if context is None:
        return [Excerpt(tuple(pieces), False, False)] if pieces else []
    out: list[Excerpt] = []
    current: list[Piece] = []
    cut_before = False
    for n, p in enumerate(pieces):
        if p.op != "equal":
            current.append(p)
            continue
        first, last = n == 0, n == len(pieces) - 1
        if first:
            shown = _tail(p.old, context)
            cut_before = shown != p.old
            current.append(Piece("equal", shown, shown))
        elif last:
            shown = _head(p.old, context)
            current.append(Piece("equal", shown, shown))
            out.append(Excerpt(tuple(current), cut_before, shown != p.old))
            current = []
        elif len(_WORDS.findall(p.old)) <= 2 * context:
            current.append(p)
        else:
            head = _head(p.old, context)
            current.append(Piece("equal", head, head))
            out.append(Excerpt(tuple(current), cut_before, True))
            tail = _tail(p.old, context)
            current, cut_before = [Piece("equal", tail, tail)], True
    if current and any(p.op != "equal" for p in current):
        out.append(Excerpt(tuple(current), cut_before, False))
    return out


def _mark_runs(pieces: list[Piece]) -> None:
    """Mark the last change of each run of changes with the same sources."""
    changed = [k for k, p in enumerate(pieces) if p.op != "equal" and p.sources]
    for n, k in enumerate(changed):
        following = pieces[changed[n + 1]].sources if n + 1 < len(changed) else None
        if following != pieces[k].sources:
            pieces[k] = replace(pieces[k], last_of_source=True)


def draw(
    excerpt: Excerpt,
    equal: Callable[[str], str],
    deleted: Callable[[str], str],
    inserted: Callable[[str], str],
    ellipsis: str = "…",
    number: Callable[[int], str] | None = None,
    source: Callable[[str], str] | None = None,
) -> str:
    """Render one excerpt with the caller's wrappers (they must escape what they are given);
    ``number`` draws the mark before each numbered change, ``source`` where a run of
    changes came from (in a Keeling schedule)."""
    out = [ellipsis] if excerpt.cut_before else []
    for p in excerpt.pieces:
        if p.op == "equal":
            out.append(equal(p.old))
        else:
            if number is not None and p.number is not None:
                out.append(number(p.number))
            if p.old:
                out.append(deleted(p.old))
            if p.new:
                out.append(inserted(p.new))
            if source is not None and p.last_of_source:
                out.append(source(labels(p.sources)))
    if excerpt.cut_after:
        out.append(ellipsis)
    return "".join(out)
