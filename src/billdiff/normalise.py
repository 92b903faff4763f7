"""Text normalisation before diffing: a display form and a comparison form.

billdiff keeps two normal forms of a provision's text, and this module is the
only place that defines them. Both are versioned together by
:data:`NORMALISATION_VERSION`; any change to a rule below bumps it, because
stored annotations and CI baselines depend on the exact output.

Display form (:func:`collapse_whitespace`), the text a lawyer is shown:

1. Every run of ASCII whitespace (space, tab, line feed, carriage return,
   form feed, vertical tab) becomes one space.
2. ASCII whitespace at both ends is removed.
3. Nothing else changes. No-break space (U+00A0), figure space (U+2007),
   narrow no-break space (U+202F), thin space (U+2009) and every other
   character are kept exactly, because drafters choose them deliberately.

Comparison form (:func:`typographic_key`), in which differences that are
purely typographic vanish. Two texts are *typographically equal* iff their
keys are equal. Applied in this order:

1. Unicode NFC (composed characters: "e" + U+0301 becomes "é").
2. Double quotation marks “ ” „ ‟ ″ (U+201C, U+201D, U+201E, U+201F,
   U+2033) become ``"``.
3. Single quotation marks and apostrophes ‘ ’ ‚ ‛ ′ (U+2018, U+2019, U+201A,
   U+201B, U+2032) become ``'``.
4. Hyphens and dashes ‐ ‑ ‒ – — ― − (U+2010, U+2011, U+2012, U+2013,
   U+2014, U+2015, U+2212) become ``-``.
5. Invisible formatting characters are removed: soft hyphen (U+00AD),
   zero width space (U+200B), word joiner (U+2060) and byte order mark
   (U+FEFF).
6. Every run of whitespace, in the Unicode sense of :meth:`str.split` (which
   includes all space separators such as U+00A0, U+2007, U+2009, U+202F, and
   line and paragraph separators), becomes one ASCII space.
7. Whitespace at both ends is removed.

>>> typographic_key("after “well-managed” insert\u00a0“, safe”")
'after "well-managed" insert ", safe"'
>>> is_typographic_only("the person's duty", "the person’s duty")
True
"""

from __future__ import annotations

import re
import unicodedata

__all__ = [
    "NORMALISATION_VERSION",
    "collapse_whitespace",
    "is_typographic_only",
    "typographic_key",
]

#: Version of the rules in the module docstring; bump it whenever any output changes.
NORMALISATION_VERSION: int = 1

_ASCII_WHITESPACE = " \t\n\r\f\v"
_ASCII_WHITESPACE_RUN = re.compile(r"[ \t\n\r\f\v]+")

_TYPOGRAPHIC_TABLE: dict[int, str | None] = {
    **dict.fromkeys(map(ord, "\u201c\u201d\u201e\u201f\u2033"), '"'),
    **dict.fromkeys(map(ord, "\u2018\u2019\u201a\u201b\u2032"), "'"),
    **dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"), "-"),
    **dict.fromkeys(map(ord, "\u00ad\u200b\u2060\ufeff"), None),
}


def collapse_whitespace(text: str) -> str:
    """The display form: ASCII whitespace runs become one space, ends stripped, all else kept."""
    return _ASCII_WHITESPACE_RUN.sub(" ", text).strip(_ASCII_WHITESPACE)


# The table as (character, replacement) pairs: a str.replace per pair scans the text in C,
# where str.translate looks every character of a non-ASCII text up in the table, several
# times slower (a comparison makes a key for every heading, sub-provision and change).
_TYPOGRAPHIC_PAIRS = tuple((chr(code), new or "") for code, new in _TYPOGRAPHIC_TABLE.items())


def typographic_key(text: str) -> str:
    """The comparison form, in which quote, dash and space variants are equal."""
    translated = unicodedata.normalize("NFC", text)
    if not translated.isascii():  # every character the table names is outside ASCII
        for old, new in _TYPOGRAPHIC_PAIRS:
            translated = translated.replace(old, new)
    return " ".join(translated.split())


def is_typographic_only(old: str, new: str) -> bool:
    """Whether ``old`` and ``new`` differ only typographically (or not at all)."""
    return typographic_key(old) == typographic_key(new)
