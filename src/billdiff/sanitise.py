"""Make text safe to write to a terminal or a line-oriented output.

(Interim version; the security work replaces it with the full one.)
"""

from __future__ import annotations

import re

_UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ud800-\udfff]"
)


def _show(m: re.Match[str]) -> str:
    return f"⟨U+{ord(m.group()):04X}⟩"


def visible(text: str) -> str:
    """``text`` with control, bidi and unpaired surrogate characters spelled out."""
    if _UNSAFE.search(text) is None:
        return text
    return _UNSAFE.sub(_show, text)


def visible_lines(text: str) -> list[str]:
    """The lines of multi-line ``text`` (a note), each made :func:`visible`."""
    return [visible(line) for line in text.replace("\r\n", "\n").split("\n")]
