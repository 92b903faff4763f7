"""Specification of billdiff.textdiff: word-level redlines of two provision texts.

Every diff in this file goes through :func:`diff`, which also checks the
invariants every renderer relies on (offsets, order, full coverage).
"""

from __future__ import annotations

import random
from itertools import accumulate

import pytest

from billdiff.normalise import typographic_key
from billdiff.textdiff import (
    MAX_WORD_DIFF_CHARS,
    WORD_DIFF_BUDGET,
    Budget,
    Hunk,
    HunkClass,
    Op,
    Renumbering,
    TextDiff,
    diff_words,
    inline_labels,
    natural_label,
    reletter,
    tokenise,
)

NBSP = "\u00a0"

# Real text from the Social Housing (Regulation) Bill [HL], 2022-23.
CLAUSE_1_COMMITTEE = (
    "In section 92K of the Housing and Regeneration Act 2008 (fundamental objectives), in "
    "subsection (3)— (a) in paragraph (a), after “well-managed” insert “, safe”; (b) in "
    "paragraph (c), omit the final “and”; (c) after paragraph (c) insert— (ca) to ensure that "
    "registered providers act in a transparent manner in relation to their tenants of social "
    "housing, and ."
)
CLAUSE_1_REPORT = CLAUSE_1_COMMITTEE.replace("“, safe”", "“, safe, energy efficient”")
ELECTRICAL_SAFETY = (
    "(1) Section 122 of the Housing and Planning Act 2016 (electrical safety standards for "
    "properties let by private landlords) is amended as follows. (2) In the heading, for "
    "“properties let by private landlords” substitute “residential properties let by "
    "landlords”. (3) In subsection (1)— (a) omit “private”; (b) after “England” insert “to "
    "whom this section applies”. (4) After subsection (1) insert— (1A) This section applies "
    "to a landlord who is— (a) a private landlord, or (b) a registered provider of social "
    "housing."
)
CROWN_INTEREST = (
    "Before section 277 of the Housing and Regeneration Act 2008 (but after the heading "
    "before that section) insert— 276A Exercise of powers: land with a Crown or Duchy "
    "interest (1) The powers in Chapters 6 and 7 are exercisable in relation to premises "
    "which are on land in which there is a Crown interest or a Duchy interest. (2) A “Crown "
    "interest” means— (a) an interest belonging to Her Majesty in right of the Crown, or (b) "
    "an interest belonging to a government department or held in trust for Her Majesty for "
    "the purposes of a government department."
)
DUCHY_INTEREST = (
    "(3) A “Duchy interest” means an interest belonging to Her Majesty in right of the Duchy "
    "of Lancaster or belonging to the Duchy of Cornwall."
)

RENUMBERED = Renumbering(clauses={"12": "14", "13": "15", "14": "16"}, schedules={"2": "3"})


def diff(old: str, new: str, renumbering: Renumbering | None = None) -> TextDiff:
    """diff_words, plus a check of every invariant a renderer relies on."""
    result = diff_words(old, new, renumbering)
    assert (result.old, result.new) == (old, new)
    old_pos = new_pos = 0
    for h in result.hunks:
        assert old[h.old_start : h.old_end] == h.old
        assert new[h.new_start : h.new_end] == h.new
        assert h.old or h.new
        assert h.op is (Op.REPLACE if h.old and h.new else Op.DELETE if h.old else Op.INSERT)
        # Hunks are in order, and separated by equal text that is the same on both sides.
        assert h.old_start >= old_pos and h.new_start >= new_pos
        assert old[old_pos : h.old_start] == new[new_pos : h.new_start]
        if h is not result.hunks[0]:
            gap = old[old_pos : h.old_start]
            assert gap and not gap.isspace(), "hunks with only whitespace between should be one"
        old_pos, new_pos = h.old_end, h.new_end
    assert old[old_pos:] == new[new_pos:]
    segments = list(result.segments())
    assert "".join(s[1] for s in segments) == old
    assert "".join(s[2] for s in segments) == new
    return result


def only_hunk(result: TextDiff) -> Hunk:
    """The one hunk of a diff that must have exactly one."""
    assert len(result.hunks) == 1, result.hunks
    return result.hunks[0]


# Tokens


def test_tokens_concatenate_back_to_the_text() -> None:
    assert "".join(tokenise(CROWN_INTEREST)) == CROWN_INTEREST


def test_a_reference_is_split_into_number_and_brackets() -> None:
    assert tokenise("section 12(3)(a)") == ["section", " ", "12", "(", "3", ")", "(", "a", ")"]


@pytest.mark.parametrize("word", ["person’s", "person's", "well-managed", "12A", "1,000", "2.5"])
def test_internal_apostrophes_hyphens_and_number_separators_stay_in_the_word(word: str) -> None:
    assert tokenise(f"({word})") == ["(", word, ")"]


def test_whitespace_runs_of_any_kind_are_one_token() -> None:
    assert tokenise(f"14 {NBSP}\n days") == ["14", f" {NBSP}\n ", "days"]


def test_dashes_and_quotes_are_tokens_of_their_own() -> None:
    assert tokenise("(3)— “and”") == ["(", "3", ")", "—", " ", "“", "and", "”"]


def test_combining_accents_stay_in_their_word() -> None:
    assert tokenise("cafe\u0301 ar") == ["cafe\u0301", " ", "ar"]


# Unchanged and empty texts


def test_identical_texts_have_no_hunks() -> None:
    result = diff(CLAUSE_1_COMMITTEE, CLAUSE_1_COMMITTEE)
    assert result.hunks == ()
    assert not result.changed
    assert result.classes() == frozenset()


def test_identical_texts_are_one_equal_segment() -> None:
    assert list(diff("omit “and”", "omit “and”").segments()) == [
        ("equal", "omit “and”", "omit “and”")
    ]


def test_two_empty_texts_have_no_hunks() -> None:
    assert diff("", "").hunks == ()


def test_text_added_to_an_empty_text_is_one_insert() -> None:
    h = only_hunk(diff("", DUCHY_INTEREST))
    assert (h.op, h.old, h.new) == (Op.INSERT, "", DUCHY_INTEREST)
    assert (h.old_start, h.old_end, h.new_start, h.new_end) == (0, 0, 0, len(DUCHY_INTEREST))


def test_text_removed_entirely_is_one_delete() -> None:
    h = only_hunk(diff(DUCHY_INTEREST, ""))
    assert (h.op, h.old, h.new) == (Op.DELETE, DUCHY_INTEREST, "")
    assert (h.old_start, h.old_end, h.new_start, h.new_end) == (0, len(DUCHY_INTEREST), 0, 0)


# Replacements, insertions and deletions


def test_a_changed_word_is_one_replace_hunk_at_its_position() -> None:
    old = "the regulator must consult the tenants"
    new = "the regulator may consult the tenants"
    h = only_hunk(diff(old, new))
    assert (h.op, h.old, h.new) == (Op.REPLACE, "must", "may")
    assert (h.old_start, h.old_end, h.new_start, h.new_end) == (14, 18, 14, 17)


def test_a_changed_word_is_replaced_whole_never_patched_by_letters() -> None:
    h = only_hunk(diff("commits an offence", "commits offences"))
    assert (h.op, h.old, h.new) == (Op.REPLACE, "an offence", "offences")
    h = only_hunk(diff("commits an offence under", "commits an offences under"))
    assert (h.old, h.new) == ("offence", "offences")


def test_a_changed_hyphenated_word_is_replaced_whole() -> None:
    h = only_hunk(diff("a well-managed provider", "a well-run provider"))
    assert (h.old, h.new) == ("well-managed", "well-run")


def test_a_changed_number_in_brackets_replaces_only_the_number() -> None:
    h = only_hunk(diff("in subsection (3), omit “and”", "in subsection (4), omit “and”"))
    assert (h.old, h.new, h.old_start) == ("3", "4", 15)


def test_neighbouring_changed_words_make_one_replace_hunk() -> None:
    h = only_hunk(diff("The regulator must consult", "The Secretary of State may direct"))
    assert (h.op, h.old, h.new) == (
        Op.REPLACE,
        "regulator must consult",
        "Secretary of State may direct",
    )


def test_every_word_changed_is_one_replace_not_one_per_word() -> None:
    h = only_hunk(diff("omit subsection two", "insert paragraph three"))
    assert (h.op, h.old, h.new) == (Op.REPLACE, "omit subsection two", "insert paragraph three")


def test_changes_separated_by_unchanged_words_are_separate_hunks() -> None:
    old = "(ii) in paragraph (a), for “document or information” substitute"
    new = "(ii) in paragraph (b), for “documents or information” substitute"
    result = diff(old, new)
    assert [(h.old, h.new) for h in result.hunks] == [("a", "b"), ("document", "documents")]


def test_inserted_words_are_one_insert_without_surrounding_spaces() -> None:
    h = only_hunk(diff(CLAUSE_1_COMMITTEE, CLAUSE_1_REPORT))
    assert (h.op, h.old, h.new) == (Op.INSERT, "", ", energy efficient")
    assert h.old_start == h.old_end == CLAUSE_1_COMMITTEE.index("”;")
    assert h.new_start == h.old_start


def test_an_inserted_word_between_words_carries_one_trailing_space() -> None:
    h = only_hunk(
        diff(
            "The regulator must consult the tenants",
            "The regulator must promptly consult the tenants",
        )
    )
    assert (h.op, h.new, h.new_start) == (Op.INSERT, "promptly ", 19)


def test_a_deleted_word_between_words_carries_one_trailing_space() -> None:
    h = only_hunk(diff("a private landlord, or", "a landlord, or"))
    assert (h.op, h.old, h.old_start) == (Op.DELETE, "private ", 2)


def test_a_repeated_phrase_added_at_the_end_is_shown_at_the_end() -> None:
    old = "an interest belonging to Her Majesty in right of the Crown"
    h = only_hunk(diff(old, old + " in right of the Crown"))
    assert (h.new, h.old_start) == (" in right of the Crown", len(old))


def test_a_repeated_phrase_is_shown_starting_at_a_list_item() -> None:
    old = "omit the final “and”; (c) after paragraph (c) insert— (ca) to ensure"
    new = old.replace("(c) after", "(c) after paragraph (c) after")
    h = only_hunk(diff(old, new))
    assert (h.new, h.old_start) == ("(c) after paragraph ", old.index("(c) after"))


def test_a_repeated_phrase_is_shown_without_cutting_a_quotation_in_half() -> None:
    old = "for “properties let by private landlords” substitute “residential properties”."
    new = old.replace("“residential", "“residential” substitute “residential")
    h = only_hunk(diff(old, new))
    assert h.new == "“residential” substitute "


def test_a_repeated_quotation_at_the_start_of_a_fragment_is_not_cut_across_two_quotations() -> None:
    # Callers diff a long clause line block by line block, so texts can start mid-sentence.
    old = "landlords” substitute “residential properties let by "
    new = "landlords” substitute “landlords” substitute “residential properties let by "
    h = only_hunk(diff(old, new))
    assert h.new == "“landlords” substitute "


def test_words_inserted_at_the_start_are_one_insert_at_offset_zero() -> None:
    h = only_hunk(
        diff(
            "the regulator may by notice", "Subject to subsection (2), the regulator may by notice"
        )
    )
    assert (h.op, h.new, h.old_start, h.new_start) == (
        Op.INSERT,
        "Subject to subsection (2), ",
        0,
        0,
    )


def test_words_appended_at_the_end_are_one_insert_at_the_old_end() -> None:
    old = "the person authorised (as the case may be)"
    h = only_hunk(diff(old, old + ", or both"))
    assert (h.op, h.new, h.old_start, h.new_start) == (Op.INSERT, ", or both", len(old), len(old))


def test_words_removed_from_the_start_are_one_delete_at_offset_zero() -> None:
    h = only_hunk(diff("Subject to subsection (2), the regulator may", "the regulator may"))
    assert (h.op, h.old, h.old_start, h.new_start) == (
        Op.DELETE,
        "Subject to subsection (2), ",
        0,
        0,
    )


def test_words_removed_from_the_end_are_one_delete_reaching_the_old_end() -> None:
    h = only_hunk(diff("a private landlord, or", "a private landlord"))
    assert (h.op, h.old, h.old_start, h.old_end) == (Op.DELETE, ", or", 18, 22)


def test_changes_in_a_long_clause_are_found_at_their_offsets() -> None:
    filler = " ".join([ELECTRICAL_SAFETY, CROWN_INTEREST] * 20)
    old = f"{filler} within 14 days {filler}"
    new = f"{filler} within 28 days {filler}"
    h = only_hunk(diff(old, new))
    assert (h.old, h.new, h.old_start) == ("14", "28", len(filler) + 8)


def test_segments_interleave_equal_text_and_hunks_in_order() -> None:
    result = diff("omit “or”; and (b) omit paragraph (c)", "omit “and”; and (b) omit paragraph (c)")
    assert list(result.segments()) == [
        ("equal", "omit “", "omit “"),
        ("replace", "or", "and"),
        ("equal", "”; and (b) omit paragraph (c)", "”; and (b) omit paragraph (c)"),
    ]


def test_segments_show_an_insertion_with_empty_old_text() -> None:
    result = diff("Schedule 2", "Schedule 2 (consequential amendments)")
    assert list(result.segments())[-1] == ("insert", "", " (consequential amendments)")


# Rewrites


def test_a_clause_rewritten_end_to_end_is_one_replacement() -> None:
    h = only_hunk(diff(ELECTRICAL_SAFETY, CROWN_INTEREST))
    assert h.op is Op.REPLACE
    assert h.old_start == 0 and h.new_start == 0


def test_a_subsection_kept_between_rewritten_ones_stays_unchanged() -> None:
    old = f"{ELECTRICAL_SAFETY} {DUCHY_INTEREST} {ELECTRICAL_SAFETY}"
    new = f"{CROWN_INTEREST} {DUCHY_INTEREST} {CROWN_INTEREST}"
    equal = [s[1] for s in diff(old, new).segments() if s[0] == "equal"]
    assert any(DUCHY_INTEREST in text for text in equal)


# Typographic changes


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ('after "well-managed" insert', "after “well-managed” insert"),
        ("the person's possession", "the person’s possession"),
        ("in subsection (3)- (a)", "in subsection (3)— (a)"),
        ("within 14 days", f"within 14{NBSP}days"),
        ("within 14 days", "within 14  days"),
    ],
)
def test_purely_typographic_changes_are_classed_typographic(old: str, new: str) -> None:
    result = diff(old, new)
    assert result.changed
    assert result.classes() == {HunkClass.TYPOGRAPHIC}


def test_a_typographic_and_a_substantive_change_are_two_hunks_of_their_own_classes() -> None:
    result = diff("the “relevant period” means 14 days", 'the "relevant period" means 28 days')
    assert [(h.old, h.new, h.cls) for h in result.hunks] == [
        ("“", '"', HunkClass.TYPOGRAPHIC),
        ("”", '"', HunkClass.TYPOGRAPHIC),
        ("14", "28", HunkClass.SUBSTANTIVE),
    ]


def test_a_changed_word_is_substantive() -> None:
    assert only_hunk(diff("must consult", "may consult")).cls is HunkClass.SUBSTANTIVE


# Cross-references renumbered


def test_a_section_reference_renumbered_as_the_clauses_were_is_xref() -> None:
    h = only_hunk(
        diff(
            "a standard under section 12 applies", "a standard under section 14 applies", RENUMBERED
        )
    )
    assert (h.old, h.new, h.cls) == ("12", "14", HunkClass.XREF)


def test_a_renumbered_reference_without_a_renumbering_is_substantive() -> None:
    h = only_hunk(
        diff("a standard under section 12 applies", "a standard under section 14 applies")
    )
    assert h.cls is HunkClass.SUBSTANTIVE


def test_a_reference_changed_to_a_number_the_renumbering_does_not_give_is_substantive() -> None:
    h = only_hunk(diff("under section 12 applies", "under section 15 applies", RENUMBERED))
    assert h.cls is HunkClass.SUBSTANTIVE


def test_a_reference_to_an_unrenumbered_clause_is_substantive() -> None:
    h = only_hunk(diff("under section 20 applies", "under section 21 applies", RENUMBERED))
    assert h.cls is HunkClass.SUBSTANTIVE


def test_a_schedule_reference_uses_the_schedule_renumbering() -> None:
    h = only_hunk(
        diff(
            "Schedule 2 (consequential amendments)",
            "Schedule 3 (consequential amendments)",
            RENUMBERED,
        )
    )
    assert h.cls is HunkClass.XREF


def test_a_schedule_reference_is_not_renumbered_by_the_clause_renumbering() -> None:
    clauses_only = Renumbering(clauses={"2": "3"})
    h = only_hunk(diff("Schedule 2 has effect", "Schedule 3 has effect", clauses_only))
    assert h.cls is HunkClass.SUBSTANTIVE


def test_a_number_that_is_not_a_reference_is_substantive_even_if_renumbered() -> None:
    h = only_hunk(diff("within 12 days", "within 14 days", RENUMBERED))
    assert h.cls is HunkClass.SUBSTANTIVE


def test_every_reference_in_a_list_is_xref() -> None:
    result = diff("sections 12 and 13 apply", "sections 14 and 15 apply", RENUMBERED)
    assert [(h.old, h.new, h.cls) for h in result.hunks] == [
        ("12", "14", HunkClass.XREF),
        ("13", "15", HunkClass.XREF),
    ]


def test_every_reference_in_a_comma_list_is_xref() -> None:
    result = diff("sections 12, 13 and 14 apply", "sections 14, 15 and 16 apply", RENUMBERED)
    assert [h.cls for h in result.hunks] == [HunkClass.XREF] * 3


def test_both_ends_of_a_range_are_xref() -> None:
    result = diff("sections 12 to 14 apply", "sections 14 to 16 apply", RENUMBERED)
    assert result.classes() == {HunkClass.XREF}
    assert len(result.hunks) == 2


def test_a_reference_with_a_subsection_is_xref() -> None:
    h = only_hunk(
        diff("see section 12(3) of this Act", "see section 14(3) of this Act", RENUMBERED)
    )
    assert h.cls is HunkClass.XREF


def test_a_section_of_that_act_is_another_acts_and_never_xref() -> None:
    old = "In section 12 of that Act, after subsection (2) insert"
    h = only_hunk(diff(old, old.replace("12", "14"), RENUMBERED))
    assert h.cls is HunkClass.SUBSTANTIVE


def test_a_schedule_to_that_act_is_another_acts_and_never_xref() -> None:
    h = only_hunk(diff("Schedule 2 to that Act", "Schedule 3 to that Act", RENUMBERED))
    assert h.cls is HunkClass.SUBSTANTIVE


def test_the_bill_citing_its_own_section_by_its_future_short_title_is_xref() -> None:
    old = "convicted of an offence under section 12 of the Crime and Policing Act 2025 (assault"
    h = only_hunk(diff(old, old.replace("12", "14"), RENUMBERED))
    assert h.cls is HunkClass.XREF


def test_a_paragraph_reference_uses_the_paragraph_renumbering() -> None:
    in_schedule = Renumbering(clauses={"15": "17"}, paragraphs={"7": "8"})
    old = "paragraphs 2 to 7 apply for the purposes of section 15"
    result = diff(old, "paragraphs 2 to 8 apply for the purposes of section 17", in_schedule)
    assert [(h.old, h.new, h.cls) for h in result.hunks] == [
        ("7", "8", HunkClass.XREF),
        ("15", "17", HunkClass.XREF),
    ]


def test_a_paragraph_reference_is_not_renumbered_by_the_clause_renumbering() -> None:
    h = only_hunk(
        diff("paragraph 7 applies", "paragraph 8 applies", Renumbering(clauses={"7": "8"}))
    )
    assert h.cls is HunkClass.SUBSTANTIVE


def test_a_renumbered_reference_and_a_changed_word_are_two_hunks_of_their_own_classes() -> None:
    result = diff(
        "Where section 12 applies, the person must notify the regulator.",
        "Where section 14 applies, the person may notify the regulator.",
        RENUMBERED,
    )
    assert [(h.old, h.new, h.cls) for h in result.hunks] == [
        ("12", "14", HunkClass.XREF),
        ("must", "may", HunkClass.SUBSTANTIVE),
    ]


def test_a_reference_whose_keyword_changes_too_is_substantive() -> None:
    h = only_hunk(diff("made under section 2", "made under Schedule 3", RENUMBERED))
    assert (h.old, h.new, h.cls) == ("section 2", "Schedule 3", HunkClass.SUBSTANTIVE)


def test_a_renumbered_reference_with_a_no_break_space_before_it_is_still_xref() -> None:
    h = only_hunk(diff("under section 12 applies", f"under section{NBSP}14 applies", RENUMBERED))
    assert (h.old, h.new, h.cls) == (" 12", f"{NBSP}14", HunkClass.XREF)


def test_renumbering_keeps_only_numbers_that_changed() -> None:
    r = Renumbering(clauses={"1": "1", "12": "14"}, schedules={"2": "2"}, paragraphs={"3": "3"})
    assert dict(r.clauses) == {"12": "14"}
    assert dict(r.schedules) == dict(r.paragraphs) == {}


def test_renumbering_is_read_only() -> None:
    given = {"12": "14"}
    r = Renumbering(clauses=given)
    given["13"] = "15"
    assert dict(r.clauses) == {"12": "14"}
    with pytest.raises(TypeError):
        r.clauses["13"] = "15"  # type: ignore[index]


def test_equal_renumberings_are_equal_and_hash_alike() -> None:
    a = Renumbering(clauses={"12": "14", "13": "15"})
    b = Renumbering(clauses={"13": "15", "12": "14"})
    assert a == b
    assert hash(a) == hash(b)
    assert a != Renumbering(schedules={"12": "14", "13": "15"})


# Unicode


def test_changes_next_to_accented_and_astral_characters_keep_exact_offsets() -> None:
    old = "Deddf Cymru 2024: café 𝔄 ŵyr"
    new = "Deddf Cymru 2025: café 𝔄 ŷyr"
    result = diff(old, new)
    assert [(h.old, h.new) for h in result.hunks] == [("2024", "2025"), ("ŵyr", "ŷyr")]


def test_private_use_characters_in_the_text_are_diffed_like_any_other() -> None:
    result = diff("a \ue000 b \U000f0000", "a \ue001 b \U000f0000")
    assert [(h.old, h.new) for h in result.hunks] == [("\ue000", "\ue001")]


def test_more_distinct_words_than_a_private_use_area_still_diff_exactly() -> None:
    words = [f"w{i}" for i in range(80_000)]
    old = " ".join(words)
    new = " ".join(["first", *words[1:-1], "last"])
    # 160,000 tokens x 4 that must change: past the budget of a pair of units, so given more.
    result = diff_words(old, new, budget=Budget(10**6))
    assert [(h.old, h.new) for h in result.hunks] == [("w0", "first"), ("w79999", "last")]
    assert not result.coarse


# Properties over random edits


def _random_edit(rng: random.Random, tokens: list[str], vocabulary: list[str]) -> list[str]:
    edited = list(tokens)
    for _ in range(rng.randint(1, 6)):
        k = rng.randrange(len(edited) + 1)
        kind = rng.choice(["insert", "delete", "replace", "typography"])
        if kind == "insert":
            edited[k:k] = rng.choices(vocabulary, k=rng.randint(1, 4))
        elif kind == "delete":
            del edited[k : k + rng.randint(1, 4)]
        elif kind == "replace":
            edited[k : k + rng.randint(1, 3)] = rng.choices(vocabulary, k=rng.randint(1, 3))
        else:
            swap = {'"': "“", "'": "’", "-": "—", " ": NBSP, "“": '"', "”": '"'}
            edited[k : k + 1] = [swap.get(t, t) for t in edited[k : k + 1]]
    return edited


def test_random_edits_always_give_hunks_that_rebuild_both_texts_on_word_boundaries() -> None:
    rng = random.Random(20240917)
    texts = [CLAUSE_1_COMMITTEE, ELECTRICAL_SAFETY, CROWN_INTEREST, DUCHY_INTEREST]
    vocabulary = [t for text in texts for t in tokenise(text)] + ['"', "'", "-", "12", "14"]
    for _ in range(400):
        old_tokens = tokenise(rng.choice(texts))
        new_tokens = _random_edit(rng, old_tokens, vocabulary)
        old, new = "".join(old_tokens), "".join(new_tokens)
        result = diff(old, new, RENUMBERED)  # checks offsets, order and segments
        assert result.changed == (old != new)
        old_bounds = set(accumulate(map(len, tokenise(old)), initial=0))
        new_bounds = set(accumulate(map(len, tokenise(new)), initial=0))
        for h in result.hunks:
            assert {h.old_start, h.old_end} <= old_bounds, (old, h)
            assert {h.new_start, h.new_end} <= new_bounds, (new, h)
            typographic = typographic_key(h.old) == typographic_key(h.new)
            assert (h.cls is HunkClass.TYPOGRAPHIC) == typographic, h


def test_two_replacements_joined_by_a_little_word_are_one_phrase() -> None:
    d = diff_words(
        "the court considers it just and convenient to make the order",
        "the court considers it necessary and proportionate to make the order",
    )
    assert [(h.op, h.old, h.new) for h in d.hunks] == [
        (Op.REPLACE, "just and convenient", "necessary and proportionate")
    ]


def test_reference_numbers_joined_by_and_stay_separate_changes() -> None:
    d = diff_words("sections 12 and 13 apply", "sections 14 and 15 apply")
    assert [(h.old, h.new) for h in d.hunks] == [("12", "14"), ("13", "15")]


# Relettering


def _check(result: TextDiff) -> TextDiff:
    """The invariants of :func:`diff`, for a diff that went through ``reletter``."""
    old, new = result.old, result.new
    old_pos = new_pos = 0
    for h in result.hunks:
        assert old[h.old_start : h.old_end] == h.old
        assert new[h.new_start : h.new_end] == h.new
        assert h.old_start >= old_pos and h.new_start >= new_pos
        assert old[old_pos : h.old_start] == new[new_pos : h.new_start]
        old_pos, new_pos = h.old_end, h.new_end
    assert old[old_pos:] == new[new_pos:]
    return result


def _span(old: str, new: str, old_label: str, new_label: str) -> tuple[int, int, int, int]:
    """Offsets of the bare numbers of "(old_label) " in old and "(new_label) " in new."""
    o = old.index(f"({old_label}) ") + 1
    n = new.index(f"({new_label}) ") + 1
    return (o, o + len(old_label), n, n + len(new_label))


LIST_OLD = (
    "(a) the register of approved providers; (b) the fees payable on an application; "
    "(c) the form of an application."
)
LIST_NEW = (
    "(a) the register of approved providers; (b) guidance issued by the Secretary of State; "
    "(c) the fees payable on an application; (d) the form of an application."
)
GUIDANCE = "(b) guidance issued by the Secretary of State; "


def test_numbers_relettered_by_an_insertion_before_them_are_relettering() -> None:
    relabels = [
        (_span(LIST_OLD, LIST_NEW, "b", "c"), "b", "c"),
        (_span(LIST_OLD, LIST_NEW, "c", "d"), "c", "d"),
    ]
    result = _check(reletter(diff(LIST_OLD, LIST_NEW), relabels))
    classes = [(h.op.value, h.old, h.new, h.cls) for h in result.hunks]
    assert classes == [
        ("insert", "", GUIDANCE, HunkClass.SUBSTANTIVE),
        ("replace", "b", "c", HunkClass.RELETTERING),
        ("replace", "c", "d", HunkClass.RELETTERING),
    ]


def test_an_insertion_that_swallowed_the_next_number_is_split_from_its_relettering() -> None:
    # The shortest diff keeps "(b) " and inserts "guidance…; (c) " after it.
    raw = diff(LIST_OLD, LIST_NEW)
    assert raw.hunks[0].new == "guidance issued by the Secretary of State; (c) "
    result = reletter(raw, [(_span(LIST_OLD, LIST_NEW, "b", "c"), "b", "c")])
    assert [h.new for h in _check(result).hunks][:2] == [GUIDANCE, "c"]


def test_a_removal_that_swallowed_the_next_number_is_split_from_its_relettering() -> None:
    relabels = [
        (_span(LIST_NEW, LIST_OLD, "c", "b"), "c", "b"),
        (_span(LIST_NEW, LIST_OLD, "d", "c"), "d", "c"),
    ]
    result = _check(reletter(diff(LIST_NEW, LIST_OLD), relabels))
    assert [(h.op.value, h.old, h.cls) for h in result.hunks] == [
        ("delete", GUIDANCE, HunkClass.SUBSTANTIVE),
        ("replace", "c", HunkClass.RELETTERING),
        ("replace", "d", HunkClass.RELETTERING),
    ]


def test_a_changed_number_that_no_insertion_explains_stays_substantive() -> None:
    old, new = "(a) the register; (b) the fees.", "(a) the register; (c) the fees."
    assert only_hunk(reletter(diff(old, new))).cls is HunkClass.SUBSTANTIVE


def test_a_reference_to_a_relettered_paragraph_follows_its_relettering() -> None:
    old = LIST_OLD + " Paragraph (c) does not apply to renewals."
    new = LIST_NEW + " Paragraph (d) does not apply to renewals."
    relabels = [(_span(old, new, "c", "d"), "c", "d"), (_span(old, new, "b", "c"), "b", "c")]
    result = _check(reletter(diff(old, new), relabels))
    last = result.hunks[-1]
    assert (last.old, last.new, last.cls) == ("c", "d", HunkClass.RELETTERING)


def test_a_reference_changed_otherwise_than_its_paragraph_is_substantive() -> None:
    old = LIST_OLD + " Paragraph (a) does not apply to renewals."
    new = LIST_NEW + " Paragraph (c) does not apply to renewals."
    relabels = [(_span(old, new, "b", "c"), "b", "c"), (_span(old, new, "c", "d"), "c", "d")]
    result = _check(reletter(diff(old, new), relabels))
    assert (result.hunks[-1].new, result.hunks[-1].cls) == ("c", HunkClass.SUBSTANTIVE)


def test_a_relettered_number_known_from_the_structure_serves_a_reference_anywhere() -> None:
    # However the diff drew the new subsection, the caller knows (4) became (5).
    old = "(1) This is subject to subsection (4) and to regulations. (4) An amendment has effect."
    new = (
        "(1) This is subject to subsection (5) and to regulations. (4) Part 6 extends to "
        "England and Wales only. (5) An amendment has effect."
    )
    result = _check(reletter(diff(old, new), [], known={"4": "5"}))
    first = result.hunks[0]
    assert (first.old, first.new, first.cls) == ("4", "5", HunkClass.RELETTERING)


def test_a_full_stop_added_after_a_quoted_paragraph_number_is_relettering() -> None:
    old = "at the end insert— “3 For the avoidance of doubt, this applies.”"
    new = "at the end insert— “3. For the avoidance of doubt, this applies.”"
    h = only_hunk(reletter(diff(old, new)))
    assert (h.op, h.new, h.cls) == (Op.INSERT, ".", HunkClass.RELETTERING)


def test_a_full_stop_added_after_an_ordinary_number_is_substantive() -> None:
    old, new = "within 3 months of the day", "within 3. months of the day"
    assert only_hunk(reletter(diff(old, new))).cls is HunkClass.SUBSTANTIVE


def test_typographic_and_xref_hunks_are_left_as_they_are() -> None:
    old, new = "see section 12 (a) the “x”", 'see section 14 (a) the "x"'
    before = diff(old, new, RENUMBERED)
    assert reletter(before) is before


@pytest.mark.parametrize(
    ("label", "prev"),
    [
        ("c", "b"),
        ("ii", "i"),
        ("v", "iv"),
        ("3", "2"),
        ("3", "2A"),
        ("b", "aa"),
        ("a", "za"),
        ("i", "h"),
        ("a", None),
        ("1", None),
        ("B", "A"),
        ("II", "I"),
    ],
)
def test_the_next_number_in_sequence_is_natural(label: str, prev: str | None) -> None:
    assert natural_label(label, prev)


@pytest.mark.parametrize(("label", "prev"), [("d", "b"), ("b", None), ("4", "2"), ("iii", "i")])
def test_a_number_out_of_sequence_is_not_natural(label: str, prev: str | None) -> None:
    assert not natural_label(label, prev)


def test_numbers_inside_quoted_text_are_found_with_whether_they_are_in_sequence() -> None:
    text = "insert— “(2A) The court may— (a) order, (b) direct, or (d) require; (3) If—"
    found = [(text[s:e], label, natural) for s, e, label, natural in inline_labels(text)]
    assert found == [
        ("2A", "2A", False),
        ("a", "a", True),
        ("b", "b", True),
        ("d", "d", False),
        ("3", "3", True),  # after (2A), as after (2)
    ]


def test_references_inside_quoted_text_are_not_sub_provision_numbers() -> None:
    text = "“(a) as described in paragraph (a) or (b), or (b) otherwise"
    assert [label for _, _, label, _ in inline_labels(text)] == ["a", "b"]


def test_a_long_changed_block_is_diffed_word_by_word_with_exact_offsets() -> None:
    rng = random.Random(7)
    vocabulary = "the court may by order make provision about fees".split()
    words = [rng.choice(vocabulary) for _ in range(400)]
    edited = list(words)
    for k in range(0, 400, 9):
        edited[k] = "tribunal"
    result = diff(" ".join(words), " ".join(edited))
    # Word by word: dozens of small replacements, not one rewrite of the block.
    assert len(result.hunks) >= 30
    assert sum(h.new.split().count("tribunal") for h in result.hunks) == len(range(0, 400, 9))


# --- bounded work ----------------------------------------------------------------------------


def _every_fourth_word_changed(
    words: int, vocabulary: list[str], replacements: list[str], seed: int = 4
) -> tuple[str, str]:
    """A clause of ``words`` words, and the same with every fourth word replaced."""
    rnd = random.Random(seed)
    old = [rnd.choice(vocabulary) for _ in range(words)]
    new = [w if k % 4 else rnd.choice(replacements) for k, w in enumerate(old)]
    return " ".join(old), " ".join(new)


FEW = [f"w{n}" for n in range(20)]
OTHERS = [f"x{n}" for n in range(20)]


def test_a_pair_past_the_budget_is_one_replacement_and_says_so() -> None:
    old, new = _every_fourth_word_changed(1000, FEW, OTHERS)  # 2,000 x 500 of work
    result = diff(old, new)
    assert result.coarse
    hunk = only_hunk(result)
    assert hunk.cls is HunkClass.SUBSTANTIVE
    # Only what the texts share at their two ends is left out of it.
    assert old[: hunk.old_start] == new[: hunk.new_start]
    assert old[hunk.old_end :] == new[hunk.new_end :]
    assert old[hunk.old_start] != new[hunk.new_start]


def test_a_pair_within_the_budget_is_diffed_word_by_word() -> None:
    old, new = _every_fourth_word_changed(400, FEW, OTHERS)  # 800 x 200 of work
    result = diff(old, new)
    assert not result.coarse
    assert len(result.hunks) > 40


def test_the_passages_of_one_pair_share_one_budget() -> None:
    old, new = _every_fourth_word_changed(400, FEW, OTHERS)  # 160,000 of work
    budget = Budget()
    first = diff_words(old, new, budget=budget)
    second = diff_words(old, new, budget=budget)  # 160,000 more would pass 250,000
    assert not first.coarse and second.coarse
    assert budget.refused == 1 and len(second.hunks) == 1
    # ...and a pair of its own gets a budget of its own.
    assert not diff_words(old, new).coarse


def test_the_budget_counts_tokens_times_the_fewest_that_must_change() -> None:
    budget = Budget(20)
    # a b c against a , b: 6 tokens (spaces not counted), "c" and "," must change: 12
    assert budget.pay(tokenise("a b c"), tokenise("a, b"))
    assert budget.left == 8
    assert not budget.pay(tokenise("a b c"), tokenise("a, b"))
    assert budget.left == 8


def test_a_changed_middle_too_long_to_tokenise_is_one_replacement_of_whole_words(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from billdiff import textdiff

    middle = "word " * (MAX_WORD_DIFF_CHARS // 8)
    old = "The same start. " + middle + "and an old endxx. The same end."
    new = "The same start. " + middle.replace("word", "term") + "and a new endxx. The same end."
    monkeypatch.setattr(textdiff, "tokenise", lambda text: pytest.fail("tokenised"))
    result = diff(old, new)
    assert result.coarse
    hunk = only_hunk(result)
    assert hunk.old_start == len("The same start. ")
    assert hunk.old.endswith("and an old") and hunk.new.endswith("and a new")
    assert old[hunk.old_end :] == " endxx. The same end."


def test_a_relettered_diff_stays_coarse() -> None:
    old, new = _every_fourth_word_changed(1000, FEW, OTHERS)
    assert reletter(diff(old, new), known={"a": "b"}).coarse


def test_words_moved_rather_than_changed_count_against_the_budget_too() -> None:
    rnd = random.Random(5)
    old = [rnd.choice(FEW[:10]) for _ in range(1000)]  # no word, and few runs of three, once
    pieces = [old[k * 125 : (k + 1) * 125] for k in range(8)]
    new = [w for k in (3, 6, 0, 5, 1, 7, 2, 4) for w in pieces[k]]
    assert sorted(old) == sorted(new)  # the same words: none must change by count alone
    result = diff(" ".join(old), " ".join(new))
    assert result.coarse
    # ...while a block with its words in order, one changed, costs only that word.
    budget = Budget()
    assert budget.pay(tokenise(" ".join(old)), tokenise(" ".join([*old[:-1], "x"])))
    assert budget.left == WORD_DIFF_BUDGET - 2000 * 2
