"""No step of reading or comparing grows faster than the Bill: work counted, not timed.

Times are measured in ``benchmarks/bench_doubling.py``; these tests count the work
that used to grow with the square of the Bill, so they fail on the code that did.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from lxml import etree

from billdiff import engine, load
from billdiff.amend.papers import paper_of
from billdiff.formats import akn
from billdiff.formats.xmlsafe import load_xml
from tests.conftest import corpus_file
from tests.next_print import enlarged


def counting(monkeypatch: pytest.MonkeyPatch, owner: object, name: str) -> list[int]:
    """Count the calls of ``owner.name`` from now on (in a one-item list)."""
    calls = [0]
    real: Callable[..., object] = getattr(owner, name)

    def counted(*args: object, **kwargs: object) -> object:
        calls[0] += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(owner, name, counted)
    return calls


def test_finding_splits_and_merges_reads_each_units_words_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old_print = corpus_file("uk-akn/dpdi-bill-1-hc-introduced.xml")
    new_print = corpus_file("uk-akn/dpdi-bill-2-hc-committee.xml")
    work = []
    for copies in (1, 2):
        old = load(enlarged(old_print, tmp_path / f"old{copies}.xml", copies))
        new = load(enlarged(new_print, tmp_path / f"new{copies}.xml", copies))
        units = engine._Builder(old, new).build().units
        assert sum(u.status.value == "added" for u in units) >= 7 * copies
        calls = counting(monkeypatch, engine, "shingles")
        engine._detect_splits_and_merges(list(units))
        work.append(calls[0])
        monkeypatch.undo()
    # Twice the Bill: twice the added units, twice the changed ones, twice the reading
    # (the code that read a changed unit's words again for every added unit read 5x).
    assert work[1] <= 2.2 * work[0]


@pytest.fixture
def scans_of_bytes() -> Iterator[list[int]]:
    """How many regular-expression searches of bytes run until the test ends."""
    count = [0]

    def profile(frame: object, event: str, arg: object) -> None:
        pattern = getattr(arg, "__self__", None)
        if (
            event == "c_call"
            and hasattr(pattern, "pattern")
            and isinstance(
                pattern.pattern,
                bytes,  # type: ignore[union-attr]
            )
        ):
            count[0] += 1

    sys.setprofile(profile)
    try:
        yield count
    finally:
        sys.setprofile(None)


def test_reading_an_amendment_paper_never_rescans_its_bytes(scans_of_bytes: list[int]) -> None:
    doc = load_xml(
        corpus_file("uk-akn/amendments/victims-prisoners-bill-report-amendments-0906.xml")
    )
    scans_of_bytes[0] = 0
    paper = paper_of(doc)
    assert any(a.inserted for a in paper.amendments)  # it has quoted structures to read
    assert scans_of_bytes[0] == 0


@pytest.mark.parametrize(
    "print_",
    [
        "uk-akn/dpdi-bill-2-hc-committee.xml",
        "uk-akn/social-housing-bill-4-hc-pbc.xml",
        "uk-akn/sentencing-bill-hl-report.xml",
    ],
)
def test_the_marker_before_each_element_is_the_one_xpath_finds(print_: str) -> None:
    root = load_xml(corpus_file(print_)).root
    markers = akn._Markers()
    preceding = etree.XPath("preceding::processing-instruction('L')[1]")
    elements = list(root.iter(etree.Element))
    for el in [*elements[:: max(1, len(elements) // 500)], *reversed(elements[-300:])]:
        found = preceding(el)
        assert markers.last_before(el) is (found[0] if found else None)  # type: ignore[index]
