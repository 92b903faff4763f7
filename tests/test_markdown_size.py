"""Markdown for a CI comment that must stay under a size limit (GitHub: 65,536 characters).

``--summary-only`` lists each changed unit in one line; ``--max-chars N`` keeps whole
sections while they fit, lists every other unit in one line when it can, and says in a
last paragraph what it left out, never cutting a section in two.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from billdiff import compare, load
from billdiff.render.markdown import render_markdown
from tests.conftest import PRINTS, corpus_file

Run = Callable[..., tuple[int, str, str]]


def balanced(markdown: str) -> bool:
    """Every inline tag closed, and no section cut off before its blank line."""
    for tag in ("del", "ins", "sup"):
        if markdown.count(f"<{tag}>") != markdown.count(f"</{tag}>"):
            return False
    return all(
        line.count("<del>") == line.count("</del>") and line.count("<ins>") == line.count("</ins>")
        for line in markdown.splitlines()
    )


@pytest.fixture(scope="module")
def fixtures_1_2():  # type: ignore[no-untyped-def]
    return compare(load(PRINTS[0]), load(PRINTS[1]))


def test_summary_only_lists_every_changed_unit_in_a_line_without_redlines(fixtures_1_2) -> None:  # type: ignore[no-untyped-def]
    text = render_markdown(fixtures_1_2, summary_only=True)
    items = [line for line in text.splitlines() if line.startswith("- **")]
    assert len(items) == len(fixtures_1_2.changed_units()) == 29
    assert "<del>" not in text.split("### Changed units")[1]
    clause_12 = "- **clause 12** — Assault of retail worker · *amended (substantive)*"
    assert clause_12 + " · old p6:25, new p6:28" in items
    assert "\n\n- **" not in text.split("### Changed units\n\n")[1]  # one list, not loose items


def test_a_limit_keeps_whole_sections_lists_the_rest_and_says_what_it_left_out(
    fixtures_1_2,
) -> None:  # type: ignore[no-untyped-def]
    full = render_markdown(fixtures_1_2)
    capped = render_markdown(fixtures_1_2, max_chars=6000)
    assert len(full) > 6000 >= len(capped)
    assert balanced(capped)
    whole = re.findall(r"^### (clause|Schedule)", capped, re.M)
    brief = [line for line in capped.splitlines() if line.startswith("- **")]
    assert whole and len(whole) + len(brief) == 29  # every changed unit is named
    # what is shown whole is exactly the full output's sections, never a part of one
    for section in capped.split("\n### ")[1:]:
        if section.startswith(("clause", "Schedule")):
            assert "\n### " + section.rstrip("\n") in full
    assert capped.rstrip().endswith(
        f"*Left out to stay within the size limit: the redlines of the {len(brief)} units "
        "listed in brief. `billdiff diff` without `--max-chars`, or `billdiff export`, shows "
        "everything.*"
    )


def test_a_tight_limit_names_how_many_units_it_left_out_entirely(fixtures_1_2) -> None:  # type: ignore[no-untyped-def]
    capped = render_markdown(fixtures_1_2, summary_only=True, max_chars=2000)
    assert len(capped) <= 2000 and balanced(capped)
    listed = sum(1 for line in capped.splitlines() if line.startswith("- **"))
    assert 0 < listed < 29
    assert f"{29 - listed} changed units entirely (" in capped.splitlines()[-1]


def test_no_limit_reached_leaves_the_output_as_it_was(fixtures_1_2) -> None:  # type: ignore[no-untyped-def]
    assert render_markdown(fixtures_1_2, max_chars=65_000) == render_markdown(fixtures_1_2)


def test_dpdi_fits_a_comment_with_room_to_spare(bd: Run) -> None:
    old = corpus_file("uk-akn/dpdi-bill-1-hc-introduced.xml")
    new = corpus_file("uk-akn/dpdi-bill-2-hc-committee.xml")
    code, out, _ = bd("diff", old, new, "--format", "markdown", "--max-chars", "20000")
    assert code == 1 and len(out) <= 20000 and balanced(out)
    assert (
        sum(1 for line in out.splitlines() if line.startswith("- **"))
        + len(re.findall(r"^### (clause|Schedule)", out, re.M))
        == 140
    )
    assert "Left out to stay within the size limit" in out.splitlines()[-1]


@pytest.mark.parametrize(
    ("options", "words"),
    [
        (["--max-chars", "5000"], "--max-chars is for --format markdown (a CI comment), not text"),
        (["--summary-only", "--format", "json"], "--summary-only is for --format markdown"),
        (["--format", "markdown", "--max-chars", "100"], "--max-chars must be at least 2000"),
    ],
)
def test_the_size_options_are_refused_where_they_mean_nothing(
    bd: Run, options: list[str], words: str
) -> None:
    code, out, err = bd("diff", PRINTS[0], PRINTS[1], *options)
    assert (code, out) == (2, "") and words in err
