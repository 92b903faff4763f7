"""Page and line: the word positions agree with the print, and every reference an amendment
makes points at the words it names.

The printed lines are read here independently of the reader
(:func:`tests.amend_cases.printed_lines`: raw text between ``<?L?>`` markers).
"""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest

from billdiff.amend.instructions import (
    Heading,
    Insert,
    InsertProvisions,
    Instruction,
    LeaveOut,
    LeaveOutAndInsert,
    LeaveOutFrom,
    LeaveOutProvisions,
    LeaveOutUnit,
    NewUnit,
)
from billdiff.amend.positions import read_positions
from billdiff.amend.wording import components
from tests.amend_cases import (
    CORPUS_PAIRS,
    FIXTURE_PAIRS,
    Case,
    bill,
    case,
    ends_on,
    printed_lines,
    starts_on,
    tokens,
)
from tests.conftest import PRINTS, corpus_file

MARKED = [
    "uk-akn/social-housing-bill-1-hl-committee.xml",
    "uk-akn/social-housing-bill-2-hl-report.xml",
    "uk-akn/social-housing-bill-3-hc-brought-from-lords.xml",
    "uk-akn/social-housing-bill-4-hc-pbc.xml",
    "uk-akn/dpdi-bill-2-hc-committee.xml",
]


def _prints() -> list[Path]:
    out = list(PRINTS)
    for rel in MARKED:
        with contextlib.suppress(pytest.skip.Exception):
            out.append(corpus_file(rel))
    return out


@pytest.mark.parametrize("path", _prints(), ids=lambda p: p.name)
def test_every_unit_text_reconciles_and_each_line_starts_where_the_print_says(path: Path) -> None:
    b = bill(path)
    pos = read_positions(b)
    units = list(b.units())
    # The text rebuilt with the markers equals the reader's text for every unit.
    assert pos.reconciled == len(units) > 0
    lines = printed_lines(path)
    checked = 0
    for n, unit in enumerate(units):
        p = pos.of(n)
        assert p is not None and p.exact and p.text == unit.provision.full_text()
        for page, line, start, end in p.lines():
            words = " ".join(p.text[start:end].split()[:3])
            if not tokens(words):
                continue
            assert (page, line) in lines, (unit.provision.label, page, line)
            assert starts_on(path, page, line, words), (unit.provision.label, page, line, words)
            checked += 1
    assert checked > 100


def test_a_print_without_markers_has_no_positions() -> None:
    b = bill(corpus_file("uk-akn/dpdi-bill-1-hc-introduced.xml"))
    pos = read_positions(b)
    assert not pos.has_markers and pos.reconciled == 0


def _named_words(i: Instruction) -> list[tuple[int, int, str, str]]:
    """(page, line, words, "start"|"end") that instruction ``i`` says are on a line."""
    a, p = i.action, i.place
    if p is None or not p.has_line:
        return []
    assert p.page is not None and p.line is not None
    out: list[tuple[int, int, str, str]] = []
    if isinstance(a, LeaveOut | LeaveOutAndInsert):
        out.append((p.page, p.line, a.words, "start"))
    elif isinstance(a, Insert) and a.anchor is not None:
        out.append((p.page, p.line, a.anchor, "start"))
    elif isinstance(a, LeaveOutFrom):
        out.append((p.page, p.line, a.start, "start"))
        e = a.end_place
        if a.end is not None and e.page is not None and e.line is not None:
            out.append((e.page, e.line, a.end, "start"))
    elif isinstance(a, LeaveOutProvisions):
        out.append((p.page, p.line, components(a.paths[0])[-1], "start"))
    elif isinstance(a, LeaveOutUnit) and i.target is not None:
        out.append((p.page, p.line, i.target.number or "", "start"))
    elif isinstance(a, Heading):
        pass  # the heading's line is the unit's first; its words are the new ones
    return out


def _all_cases() -> list[tuple[str, Case]]:
    out = [(name, case(*pair)) for name, pair in FIXTURE_PAIRS.items()]
    for name, (old, new) in CORPUS_PAIRS.items():
        with contextlib.suppress(pytest.skip.Exception):
            out.append((name, case(corpus_file(old), corpus_file(new))))
    return out


def test_every_page_and_line_reference_points_at_the_words_it_names() -> None:
    named = at_end = 0
    cases = _all_cases()
    for name, c in cases:
        if not c.positions.has_markers:
            # DPDI as introduced: no page and line at all, only clause and subsection.
            assert all(i.place is None or not i.place.has_line for i in c.draft.instructions)
            continue
        for i in c.draft.instructions:
            for page, line, words, _ in _named_words(i):
                assert starts_on(c.old_path, page, line, words), (name, i.number, words, page, line)
                named += 1
            a = i.action
            # "line N, at end insert": the line is one of the print's and ends the words before.
            if isinstance(a, Insert | InsertProvisions | NewUnit) and i.place and i.place.has_line:
                assert (i.place.page, i.place.line) in printed_lines(c.old_path), (name, i.number)
                at_end += 1
    print(f"\n{named} quoted references and {at_end} insertion points checked against the prints")
    # The fixtures alone name 38 words by page and line; with the corpus there are over 150.
    with_corpus = len(cases) == len(FIXTURE_PAIRS) + len(CORPUS_PAIRS)
    assert named > (150 if with_corpus else 30)


def test_at_end_means_the_end_of_that_line() -> None:
    """Spot checks read by eye in the fixture XML."""
    c = case(*FIXTURE_PAIRS["fixtures 2→3"])
    by_number = {i.number: i for i in c.draft.amendments}
    # Clause 15: new subsection (6) after "…liable to criminal proceedings." on p8 l16.
    first = by_number["1"]
    assert first.place is not None and (first.place.page, first.place.line) == (8, 16)
    assert ends_on(c.old_path, 8, 16, "liable to criminal proceedings.")
    assert isinstance(first.action, InsertProvisions)
    assert first.action.lines[0].startswith("(6) Nothing in this section requires R")
