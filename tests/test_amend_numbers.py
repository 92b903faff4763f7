"""Drafting a clerk would table: no amendment quotes or cuts a provision number.

A sub-provision is named ("leave out subsections (1) and (2) and insert—") or
its lines cited; one renumbered because another was inserted before it is
renumbered on reprinting; new sub-provisions are inserted as a quoted block,
never as words ("after “that” insert “— (a)”"). Checked on every amendment
drafted for the corpus pairs, and on the examples the issue names.
"""

from __future__ import annotations

import pytest

from billdiff.amend.apply import quoted_spans, text_lines
from billdiff.amend.instructions import Insert, InsertProvisions, Instruction
from billdiff.amend.numbers import cuts_reference, number_spans, provision_spans, split_block
from billdiff.amend.wording import words
from tests.test_amend_roundtrip import ALL, get


def _offending(name: str) -> list[str]:
    """The amendments of a pair that quote or cut a provision number, or insert one as words."""
    c = get(name)
    units = list(c.old.units())
    by_id = {(u.provision.guid, u.provision.eid): n for n, u in enumerate(units)}
    out = []
    for i in c.draft.amendments:
        if i.target is None or (i.target.guid, i.target.eid) not in by_id:
            continue
        n = by_id[(i.target.guid, i.target.eid)]
        lines = text_lines(units[n].provision)
        text = " ".join(line.text for line, _ in lines)
        own = [
            (off, line.provision.number)
            for line, off in lines
            if line.path and line.provision.number and line.text.startswith(line.provision.number)
        ]
        spans = number_spans(text, own)
        quoted = quoted_spans(units[n], n, c.positions.of(n), i)
        a = i.action
        inserted = getattr(a, "insert", None) if a.TYPE != "leave_out_provisions" else None
        if isinstance(a, Insert):
            inserted = a.words
        if (
            any(s < e2 and s2 < e for s, e in quoted for s2, e2 in spans)
            or any(cuts_reference(text, s, e) for s, e in quoted)
            or (isinstance(inserted, str) and provision_spans(inserted))
        ):
            out.append(words(i, c.draft.house).lead)
    return out


@pytest.mark.parametrize("name", ALL)
def test_no_amendment_quotes_or_cuts_a_provision_number(name: str) -> None:
    assert _offending(name) == []


def _tabled(name: str) -> list[Instruction]:
    return list(get(name).draft.amendments)


def test_subsections_renumbered_in_quoted_text_are_reprinting_changes() -> None:
    """Social Housing 3→4, section 199B as inserted by clause 28: a new (6) makes (6)–(10)
    into (7)–(11). Not "leave out “7” and insert “8”" four times: changes on reprinting."""
    c = get("Social Housing 3→4")
    renumbered = [
        (i.action.words, i.action.insert)  # type: ignore[attr-defined]
        for i in c.draft.printing
        if i.printing == "renumbering" and i.target is not None and i.target.number == "28"
    ]
    assert renumbered == [
        ("(6)", "(7)"),
        ("(7)", "(8)"),
        ("(8)", "(9)"),
        ("(9)", "(10)"),
        ("(10)", "(11)"),
    ]
    assert not any(
        getattr(i.action, "words", "").strip("()") in {"6", "7", "8", "9", "10"}
        for i in c.draft.amendments
    )


def test_new_quoted_subsections_are_a_block_at_the_end_of_a_line() -> None:
    """Section 199A's new (9) and (10) (Social Housing 3→4): "at end insert—" and the
    provisions, not "after “survey” insert “… (9) Where … (10) …”" in one run of words."""
    c = get("Social Housing 3→4")
    texts = {words(i, c.draft.house).lead: i for i in c.draft.amendments}
    block = texts["Clause 28, page 22, line 8, at end insert—"]
    assert isinstance(block.action, InsertProvisions)
    assert [line[:4] for line in block.action.lines] == ["(9) ", "(10)"]
    assert (
        "Clause 28, page 22, line 8, after “survey” insert “and it is not possible to leave it "
        "or them in a place that does not significantly impair the ability of an occupier to use "
        "the premises”" in texts
    )


def test_subsections_merged_into_words_are_left_out_by_name() -> None:
    """DPDI 1→2, clause 30: "(1) The 2018 Act is amended as follows. (2) After …" became
    "In the 2018 Act, after …": "leave out subsections (1) and (2) and insert—"."""
    c = get("DPDI 1→2")
    lines = [words(i, c.draft.house).lines() for i in c.draft.amendments]
    found = [w for w in lines if w[0] == "Clause 30, leave out subsections (1) and (2) and insert—"]
    assert len(found) == 1 and found[0][1].startswith("“In the 2018 Act, after")


def test_a_full_stop_after_a_quoted_paragraph_number_is_the_printers() -> None:
    """DPDI 1→2, clause 6: "“3 For" became "“3. For" — a change on reprinting, not
    "after ““3” insert “.”" tabled with a doubled opening quote."""
    c = get("DPDI 1→2")
    tabled = [words(i, c.draft.house).lead for i in c.draft.amendments]
    assert not [t for t in tabled if "““3”" in t]
    assert any(
        i.printing == "renumbering" and i.target is not None and i.target.number == "6"
        for i in c.draft.printing
    )


def test_inserted_words_with_new_provisions_are_set_out_as_a_block() -> None:
    assert split_block("and it is possible") == ("and it is possible", ())
    assert split_block(", and (c) the court, or (d) the tribunal") == (
        ", and",
        ("(c) the court, or", "(d) the tribunal"),
    )
    # References are words: "paragraph (a)", "(a) or (b)".
    assert split_block("under paragraph (a) or (b)") == ("under paragraph (a) or (b)", ())


def test_a_reference_that_follows_a_relettering_is_a_cross_reference() -> None:
    """Fixtures 2→3, clause 28: "subject to subsections (2) to (4)" became "(2) to (5)"
    because a subsection (4) was inserted: a cross-reference that follows the renumbering,
    not a renumbered sub-provision (the comparison calls both relettering)."""
    c = get("fixtures 2→3")
    found = [
        (i.printing, words(i).lead)
        for i in c.draft.printing
        if i.target is not None and i.target.number == "28" and "line 25" in words(i).lead
    ]
    assert found == [
        ("cross-reference", "Clause 28, page 13, line 25, leave out “4” and insert “5”")
    ]
