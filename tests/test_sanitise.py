"""Specification of billdiff.sanitise: untrusted text made safe for terminals and line output."""

from __future__ import annotations

import doctest
import time

import pytest

from billdiff import sanitise
from billdiff.sanitise import visible, visible_lines

C0 = [chr(c) for c in range(0x00, 0x20)]
C1 = [chr(c) for c in range(0x80, 0xA0)]
BIDI = [
    "\u061c",
    "\u200e",
    "\u200f",
    *map(chr, range(0x202A, 0x202F)),
    *map(chr, range(0x2066, 0x206A)),
]
SEPARATORS = ["\u2028", "\u2029"]
SURROGATES = ["\ud800", "\udbff", "\udc00", "\udfff"]


@pytest.mark.parametrize(
    "char",
    [*C0, "\x7f", *C1, *BIDI, *SEPARATORS, *SURROGATES],
    ids=lambda ch: f"U+{ord(ch):04X}",
)
def test_every_unsafe_character_is_shown_as_its_code_point(char: str) -> None:
    assert visible(f"a{char}b") == f"a⟨U+{ord(char):04X}⟩b"


def test_code_points_are_uppercase_hex_with_four_digits() -> None:
    assert visible("\x1b\x00\u202e") == "⟨U+001B⟩⟨U+0000⟩⟨U+202E⟩"


def test_tab_newline_and_carriage_return_are_shown_too() -> None:
    assert visible("a\tb\nc\rd") == "a⟨U+0009⟩b⟨U+000A⟩c⟨U+000D⟩d"


def test_a_terminal_escape_sequence_is_defused() -> None:
    shown = visible("Clause 1\x1b[2J\x1b]0;pwned\x07")
    assert "\x1b" not in shown and "\x07" not in shown
    assert shown == "Clause 1⟨U+001B⟩[2J⟨U+001B⟩]0;pwned⟨U+0007⟩"


def test_lone_surrogates_come_out_encodable_as_utf8() -> None:
    shown = visible("note \ud800 and \udfff")
    assert shown.encode("utf-8") == "note ⟨U+D800⟩ and ⟨U+DFFF⟩".encode()


def test_a_surrogate_pair_written_as_one_character_is_ordinary_text() -> None:
    # "𝔸" is one code point (U+1D538) in a Python str, not two surrogates.
    assert visible("𝔸 ∑ 🙂") == "𝔸 ∑ 🙂"


LEGAL_TEXT = (
    "“retail worker” means a person ‘who works’ — in the course of a trade – "
    "12\u00a0months, 1\u2007000, 5\u2009m, 2\u202fkm, section 12(3)(a), £1,000, "
    "Gwasanaeth Erlyn y Goron, Ŵ ŷ, naïve, § 12, ½, ≤, ×, soft\u00adhyphen, zero\u200bwidth"
)


def test_ordinary_legal_text_passes_untouched_and_is_the_same_object() -> None:
    assert visible(LEGAL_TEXT) is LEGAL_TEXT


@pytest.mark.parametrize(
    "char",
    ["\u00a0", "\u2007", "\u2009", "\u202f", "\u00ad", "\u200b", "\u2060", "\ufeff", "\u00a1"],
    ids=lambda ch: f"U+{ord(ch):04X}",
)
def test_characters_next_to_the_unsafe_ranges_are_left_alone(char: str) -> None:
    assert visible(char) == char


def test_visible_is_idempotent() -> None:
    once = visible("a\x1b\u202eb\ud800")
    assert visible(once) == once


def test_visible_lines_splits_on_lf_and_crlf_only() -> None:
    assert visible_lines("one\ntwo\r\nthree") == ["one", "two", "three"]


def test_visible_lines_keeps_empty_lines_but_not_a_final_line_break() -> None:
    assert visible_lines("Agreed.\n\nSee clause 12.\n") == ["Agreed.", "", "See clause 12."]


def test_visible_lines_of_empty_text_is_no_lines() -> None:
    assert visible_lines("") == []


def test_a_line_cannot_forge_another_with_cr_or_a_separator() -> None:
    lines = visible_lines("real\rbilldiff: ok\u2028fake\x0bfake")
    assert lines == ["real⟨U+000D⟩billdiff: ok⟨U+2028⟩fake⟨U+000B⟩fake"]


def test_visible_lines_shows_controls_inside_each_line() -> None:
    assert visible_lines("a\x1b[31m\nb\u202e") == ["a⟨U+001B⟩[31m", "b⟨U+202E⟩"]


def test_docstring_examples_hold() -> None:
    result = doctest.testmod(sanitise)
    assert result.attempted > 0 and result.failed == 0


def test_megabytes_of_clean_text_take_milliseconds() -> None:
    text = (LEGAL_TEXT + " ") * (2_000_000 // len(LEGAL_TEXT))
    start = time.perf_counter()
    assert visible(text) is text
    clean = time.perf_counter() - start
    dirty = text[:1_000_000] + "\x1b" + text[1_000_000:]
    start = time.perf_counter()
    assert visible(dirty).count("⟨U+001B⟩") == 1
    # Generous bounds for a loaded CI machine; measured about 15 ms and 30 ms.
    assert clean < 0.5
    assert time.perf_counter() - start < 1.0
