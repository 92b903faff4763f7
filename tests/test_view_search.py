"""Searching both prints: loose about quotes, dashes and case; deleted words are found."""

from __future__ import annotations

import pytest
from conftest import PRINTS

from billdiff import compare, load
from billdiff.view.search import pattern, search


@pytest.fixture(scope="module")
def comparison():
    return compare(load(PRINTS[0]), load(PRINTS[1]))


def test_words_in_the_new_print_only(comparison) -> None:
    hits = search(comparison, "SECURITY   guard")
    assert hits and {h.side for h in hits} == {"new"}
    assert {h.unit.label for h in hits} == {"clause 12"}
    hit = hits[0]
    text = hit.unit.new.text if hit.field == "text" else hit.unit.new.heading
    assert text[hit.start : hit.end].lower() == "security guard"


def test_deleted_words_are_found_in_the_old_print(comparison) -> None:
    hits = search(comparison, "in the course of a trade")
    assert [(h.unit.label, h.side) for h in hits] == [("clause 12", "old")]


def test_quotes_and_dashes_match_loosely() -> None:
    found = pattern('"retail worker" - means')
    assert found is not None
    assert found.search("“retail worker” — means")
    assert pattern("   ") is None


def test_headings_are_searched_and_order_is_reading_order(comparison) -> None:
    hits = search(comparison, "retail worker")
    assert any(h.field == "heading" for h in hits)
    positions = [comparison.units.index(h.unit) for h in hits]
    assert positions == sorted(positions)
    assert len(search(comparison, "retail", limit=2)) == 2


def test_words_the_prints_share_are_found_once(comparison) -> None:
    # A renumbered clause with the same words in both prints: only the new print's hits.
    hits = search(comparison, "closure notices")
    assert hits and {h.side for h in hits} == {"new"}
    # Clause 12 changed, but "means a person who works at" is in both prints, unchanged.
    shared = search(comparison, "means a person who works at")
    assert [(h.unit.label, h.side) for h in shared] == [("clause 12", "new")]


def test_words_deleted_inside_a_shared_phrase_are_found_in_the_old_print(comparison) -> None:
    hits = search(comparison, "premises in the course")  # "in the course…" was deleted
    assert [(h.unit.label, h.side) for h in hits] == [("clause 12", "old")]


def test_context_gives_the_words_around_a_hit(comparison) -> None:
    from billdiff.view.search import context

    (hit,) = search(comparison, "security guard")
    before, found, after = context(hit)
    assert found == "security guard"
    assert before.startswith("… ") and before.endswith("as a ")
    assert after.startswith(" or in any") and after.endswith(" …")
    assert len(before) < 40 and len(after) < 40
