"""Specification of billdiff.normalise: the display form and the comparison form of text."""

from __future__ import annotations

import pytest

from billdiff import normalise
from billdiff.normalise import collapse_whitespace, is_typographic_only, typographic_key

NBSP = "\u00a0"
FIGURE_SPACE = "\u2007"
THIN_SPACE = "\u2009"
NARROW_NBSP = "\u202f"


# collapse_whitespace: the display form


def test_collapse_whitespace_turns_runs_of_spaces_tabs_and_newlines_into_one_space() -> None:
    text = "In section 92K of the\n  Housing and Regeneration Act 2008\t\t(fundamental objectives)"
    assert collapse_whitespace(text) == (
        "In section 92K of the Housing and Regeneration Act 2008 (fundamental objectives)"
    )


def test_collapse_whitespace_strips_ascii_whitespace_at_both_ends() -> None:
    assert collapse_whitespace("\n  (b) omit subsection (2);\r\n ") == "(b) omit subsection (2);"


@pytest.mark.parametrize("space", [NBSP, FIGURE_SPACE, THIN_SPACE, NARROW_NBSP])
def test_collapse_whitespace_keeps_typographic_spaces_exactly(space: str) -> None:
    text = f"{space}within 14{space}days of the request{space}"
    assert collapse_whitespace(text) == text


def test_collapse_whitespace_does_not_merge_a_no_break_space_with_neighbouring_spaces() -> None:
    assert collapse_whitespace(f"section  {NBSP}  12") == f"section {NBSP} 12"


def test_collapse_whitespace_is_idempotent() -> None:
    once = collapse_whitespace(f" (a)\tin paragraph (a),\n\nafter{NBSP} “well-managed” ")
    assert collapse_whitespace(once) == once


# typographic_key: the comparison form


def test_typographic_key_straightens_curly_double_quotes() -> None:
    assert typographic_key("after “well-managed” insert “, safe”;") == (
        'after "well-managed" insert ", safe";'
    )


def test_typographic_key_straightens_low_and_reversed_double_quotes_and_double_primes() -> None:
    assert typographic_key("„a‟ b″") == '"a" b"'


def test_typographic_key_straightens_curly_single_quotes_apostrophes_and_primes() -> None:
    assert (
        typographic_key("the regulator’s ‘functions’ ‚x‛ 5′")
        == "the regulator's 'functions' 'x' 5'"
    )


@pytest.mark.parametrize(
    "dash", ["\u2010", "\u2011", "\u2012", "\u2013", "\u2014", "\u2015", "\u2212"]
)
def test_typographic_key_turns_every_hyphen_and_dash_into_a_hyphen_minus(dash: str) -> None:
    assert typographic_key(f"in subsection (3){dash} (a)") == "in subsection (3)- (a)"


@pytest.mark.parametrize("space", [NBSP, FIGURE_SPACE, THIN_SPACE, NARROW_NBSP, "\u2002", "\u3000"])
def test_typographic_key_turns_unicode_spaces_into_ascii_spaces(space: str) -> None:
    assert typographic_key(f"14{space}days") == "14 days"


def test_typographic_key_collapses_whitespace_runs_of_any_kind_and_strips_the_ends() -> None:
    assert typographic_key(f"{NBSP} omit \n{THIN_SPACE} “and” \t") == 'omit "and"'


def test_typographic_key_composes_characters_to_nfc() -> None:
    assert typographic_key("Cymru cafe\u0301") == typographic_key("Cymru café")


def test_typographic_key_removes_soft_hyphens_and_zero_width_characters() -> None:
    assert typographic_key("regis\u00adtered\u200b pro\u2060vider\ufeff") == "registered provider"


def test_typographic_key_maps_every_variant_in_one_text_each_time_it_occurs() -> None:
    text = "“a” „b‟ ″c‘ ’d‚ ‛e′ f‐g‑h‒i–j—k―l−m so\u00adft ze\u200bro jo\u2060in \ufeffbom “a”—’"
    assert typographic_key(text) == (
        '"a" "b" "c\' \'d\' \'e\' f-g-h-i-j-k-l-m soft zero join bom "a"-\''
    )


def test_typographic_key_keeps_case() -> None:
    assert typographic_key("Secretary of State") != typographic_key("secretary of state")


def test_typographic_key_keeps_punctuation_that_is_not_a_quote_or_dash() -> None:
    assert typographic_key("(a) omit “or”;") != typographic_key("(a) omit “or”,")


def test_typographic_key_is_idempotent() -> None:
    key = typographic_key(f"‘V’{NBSP}— the victim’s “request”\u00ad")
    assert typographic_key(key) == key


def test_module_docstring_names_every_character_the_key_rewrites() -> None:
    doc = normalise.__doc__ or ""
    for code_point in normalise._TYPOGRAPHIC_TABLE:
        assert f"U+{code_point:04X}" in doc


# is_typographic_only


def test_curly_for_straight_quotes_is_typographic_only() -> None:
    assert is_typographic_only(
        'in paragraph (c), omit the final "and";', "in paragraph (c), omit the final “and”;"
    )


def test_hyphen_for_em_dash_and_space_for_no_break_space_is_typographic_only() -> None:
    assert is_typographic_only(
        "in subsection (3)- (a) within 14 days", f"in subsection (3)— (a) within 14{NBSP}days"
    )


def test_an_added_word_is_not_typographic_only() -> None:
    assert not is_typographic_only(
        "after “well-managed” insert “, safe”;",
        "after “well-managed” insert “, safe, energy efficient”;",
    )


def test_a_changed_number_is_not_typographic_only() -> None:
    assert not is_typographic_only("within 14 days", "within 28 days")


def test_identical_texts_are_typographic_only() -> None:
    assert is_typographic_only("(b) omit subsection (2);", "(b) omit subsection (2);")
