"""Where a unit's text prints provision numbers: words an amendment never quotes.

A clerk names a sub-provision ("leave out subsection (3)") or cites its lines
("leave out lines 20 to 23"); he never quotes its number ("leave out “. (6”",
"after “(b)” insert"), and a sub-provision renumbered because another was
inserted before it is renumbered on reprinting, not by amendment. The numbers
are each sub-provision's own number at the start of its line, and the numbers
of sub-provisions inside text quoted into another Act ("“199A … (1) An
authorised person…"), which :func:`billdiff.textdiff.inline_labels` finds
(telling "(a)" from a reference to it, "paragraph (a)"). The numbers of
sections and paragraphs quoted into another Act ("“199A", "“3 For the
purposes…") begin provisions too (:func:`provision_spans`), but they are that
Act's numbering, changed by amendment.

>>> text = "(8) The person may— (a) enter, or (b) search under paragraph (a)."
>>> [text[s:e] for s, e in number_spans(text, [(0, "(8)")])]
['(8)', '(a)', '(b)']
>>> touches(number_spans(text, [(0, "(8)")]), text.index("or (b)"), text.index(" search"))
True
>>> cuts_reference("Article 84B(1) applies", 8, 13), cuts_reference("Article 84B(1)", 8, 14)
(True, False)
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from billdiff.textdiff import inline_labels

# "“3 For the purposes…", "“3. For…" (the full stop is the number's), "“24 (1) The first
# chief executive…": the number of a paragraph quoted into another Act, after the quote.
_QUOTED_PARAGRAPH = re.compile(r"(?<=[“‘\"])\d{1,3}[A-Z]{0,3}\.?(?=\s+[A-Z(“‘])")


# "… the survey. 199B Survey: power to enter with warrant (1) This section…": the number
# of a section quoted into another Act, before its heading and its subsection (1).
_QUOTED_SECTION = re.compile(r"(?<=[.;:—] )\d{1,4}[A-Z]{0,3}(?= [A-Z][^.;()“”]{0,200} \(1\) )")


_ROMAN = frozenset("ivxlcIVXLC")


# "… subject to appropriate safeguards. 2. For the purposes of paragraph 1, …": the paragraphs
# of an Article of retained EU law (the UK GDPR) are numbered "1.", "2.".
_ARTICLE_PARAGRAPH = re.compile(r"(?:(?<=[.:;—”] )|(?<=“)|^)\d{1,3}\.(?= [A-Z])")


def _labels(text: str) -> set[tuple[int, int]]:
    # Letters number provisions a, b… aa, za; longer ones only as roman numerals ("(xiv)"),
    # so "(fees)" is words in brackets.
    spans = {
        (s - 1, e + 1)
        for s, e, label, _ in inline_labels(text)
        if len(label) <= 2 or label[0].isdigit() or set(label) <= _ROMAN
    }
    spans.update(m.span() for m in _ARTICLE_PARAGRAPH.finditer(text))
    return spans


def number_spans(text: str, starts: Iterable[tuple[int, str]] = ()) -> list[tuple[int, int]]:
    """The [start, end) offsets of every sub-provision number printed in ``text``:
    ``starts`` gives each line's own number with its offset; the rest ("(a)") are found in
    the words. (The number of a section or paragraph quoted into another Act, "“194A",
    is not one: it is that Act's numbering, which only an amendment changes.)"""
    spans = _labels(text)
    spans.update((offset, offset + len(number)) for offset, number in starts if number)
    return sorted(spans)


def provision_spans(text: str) -> list[tuple[int, int]]:
    """Where each provision printed within ``text`` begins, as the span of its number:
    the numbers of :func:`number_spans`, and those of sections and paragraphs quoted into
    another Act."""
    spans = _labels(text)
    spans.update((m.start(), m.end()) for m in _QUOTED_PARAGRAPH.finditer(text))
    spans.update((m.start(), m.end()) for m in _QUOTED_SECTION.finditer(text))
    return sorted(spans)


def touches(spans: Sequence[tuple[int, int]], start: int, end: int) -> bool:
    """Whether the words [start, end) take in any part of a number in ``spans`` (an empty
    span, an insertion point, touches a number it falls inside)."""
    if start == end:
        return any(s < start < e for s, e in spans)
    return any(s < end and start < e for s, e in spans)


_REFERENCE = re.compile(r"\([^()\s]{1,6}\)")


def cuts_reference(text: str, start: int, end: int) -> bool:
    """Whether the words [start, end) of ``text`` cut a bracketed number in two: "84B(1"
    cuts "(1)"; "otherwise), or" cuts only a parenthesis of words, which is no number."""
    for m in _REFERENCE.finditer(text, max(0, start - 8), min(len(text), end + 8)):
        s, e = m.span()
        if s < end and start < e and not (start <= s and e <= end):
            return True
    return False


def split_block(text: str) -> tuple[str, tuple[str, ...]]:
    """Inserted ``text`` as a clerk sets it out: the words before its first provision
    number, then a line for each provision (a quoted block).

    >>> split_block(", and (c) the court, or (d) the tribunal")
    (', and', ('(c) the court, or', '(d) the tribunal'))
    """
    cuts = [s for s, _ in provision_spans(text)]
    if not cuts:
        return text, ()
    words = text[: cuts[0]].rstrip(" ")
    if words.endswith(("“", "‘")):
        # "insert— “(aa) …": the quote that opens text quoted into an Act opens the block.
        cuts[0] = len(words) - 1
        words = words[:-1].rstrip(" ")
    pieces = [text[a:b].strip(" ") for a, b in zip(cuts, [*cuts[1:], len(text)], strict=True)]
    return words.lstrip(" "), tuple(p for p in pieces if p)
