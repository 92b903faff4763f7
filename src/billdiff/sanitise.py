"""Make untrusted text safe to write to a terminal or to a line-oriented output.

Bill text, note bodies, authors, tags and file names all come from files
billdiff did not write. Written raw, a control character can move the cursor
or recolour a terminal (ESC), a newline or carriage return can forge a line of
output (a fake "billdiff: ok", a fake JSON Lines record), a bidirectional
control can make text read differently from what it is (U+202E), and a lone
surrogate cannot be encoded as UTF-8 at all.

:func:`visible` is the one mechanism for all of them: every such character is
shown as ``⟨U+XXXX⟩`` (uppercase hex, at least four digits, as billdiff
already shows odd spaces), and everything else is left alone. Curly quotes,
dashes, no-break, figure and thin spaces are legal text and pass unchanged.

Shown as ``⟨U+XXXX⟩``:

* C0 controls U+0000–U+001F (TAB, LF and CR included) and DEL U+007F;
* C1 controls U+0080–U+009F;
* bidirectional controls: U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069;
* the line and paragraph separators U+2028 and U+2029;
* lone surrogates U+D800–U+DFFF (a JSON ``\\ud800`` escape decodes to one).

>>> visible("Clause 1\\x1b[2J")
'Clause 1⟨U+001B⟩[2J'
>>> visible("“retail worker” — 12\\u00a0m")
'“retail worker” — 12\\xa0m'
>>> visible_lines("First line\\r\\nsecond\\u202eline\\n")
['First line', 'second⟨U+202E⟩line']
"""

from __future__ import annotations

import re

__all__ = ["UNSAFE", "visible", "visible_lines"]

#: Every character :func:`visible` shows by its code point (one character class).
UNSAFE = re.compile(
    "["
    "\x00-\x1f\x7f-\x9f"  # C0 controls, DEL, C1 controls
    "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"  # bidirectional controls
    "\u2028\u2029"  # line and paragraph separators
    "\ud800-\udfff"  # lone surrogates
    "]"
)


def _code_point(match: re.Match[str]) -> str:
    return f"⟨U+{ord(match.group()):04X}⟩"


def visible(text: str) -> str:
    """``text`` with every control, bidi control, line separator and lone surrogate shown
    as ``⟨U+XXXX⟩``; the very same object when there is none (the common case).

    Safe to apply twice: its output contains none of the characters it replaces.

    >>> visible("A\\tB\\nC")
    'A⟨U+0009⟩B⟨U+000A⟩C'
    >>> visible("\\ud800")
    '⟨U+D800⟩'
    """
    if UNSAFE.search(text) is None:
        return text
    return UNSAFE.sub(_code_point, text)


def visible_lines(text: str) -> list[str]:
    """The lines of multi-line user text (a note body), each made :func:`visible`.

    Lines end at LF or CR LF; a final line break does not start an empty line,
    and empty text has no lines. Any other line-breaking character (a lone CR,
    U+2028, a vertical tab...) stays inside its line and is shown as a code
    point, so no line can pass itself off as two.

    >>> visible_lines("Agreed.\\n\\nSee clause 12\\rfake line")
    ['Agreed.', '', 'See clause 12⟨U+000D⟩fake line']
    """
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    return [visible(line.removesuffix("\r")) for line in lines]
