"""The check under a draft: what it says when the draft does not give the new print, and
that it reads back the paper's printed words rather than trusting the records."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from lxml import etree

from billdiff.amend.instructions import Instruction, Transpose
from tests.conftest import PRINTS, corpus_file

Run = Callable[..., tuple[int, str, str]]
AKN = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
BAIL = "uk-akn/scot-bail-and-release-bill-stage2.xml"


def renumbered(source: Path, target: Path) -> Path:
    """``source`` with its sections numbered 1, 2, 3… (5A becomes 6), words untouched."""
    tree = etree.parse(str(source))
    n = 0
    for section in tree.iter(f"{{{AKN}}}section"):
        if any(etree.QName(a).localname == "quotedStructure" for a in section.iterancestors()):
            continue
        n += 1
        num = section.find(f"{{{AKN}}}num")
        assert num is not None
        num.text = str(n)
    tree.write(str(target), xml_declaration=True, encoding="UTF-8")
    return target


@pytest.fixture(scope="module")
def bail_renumbered(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    old = corpus_file(BAIL)
    return old, renumbered(old, tmp_path_factory.mktemp("bail") / "renumbered.xml")


def test_a_number_only_difference_is_called_one_not_typographic(
    bd: Run, bail_renumbered: tuple[Path, Path]
) -> None:
    """Sections 5A… renumbered 6…: the words are right, the numbers are not, and the check
    line says so instead of "12 once quotes, dashes and spaces are set aside"."""
    old, new = bail_renumbered
    code, out, _ = bd("amendments", old, new)
    assert code == 1
    check = " ".join(out[out.index("Checked:") :].split())
    assert "exactly; of the others, 12 differ only in their numbers;" in check
    assert "quotes, dashes" not in check
    assert "5A → 6: it is numbered 5A, not 6" in check
    code, out, _ = bd("amendments", old, new, "--format", "json")
    data = json.loads(out)["check"]
    assert (data["exact"], data["typographic"], data["differences"]) == (0, 0, {"number": 12})


def _set_number(num: etree._Element, value: str) -> None:
    """A ``num``'s printed number, after any ``<?L?>`` marker inside it."""
    if len(num):
        num[-1].tail = value
    else:
        num.text = value


def moved_paragraphs(source: Path, target: Path) -> Path:
    """``source`` with a paragraph moved up one place in each of its two Schedules (4 before 3
    in Schedule 1, 5 before 4 in Schedule 2) and each Schedule's paragraphs renumbered."""
    tree = etree.parse(str(source))
    by_eid = {el.get("eId"): el for el in tree.iter(f"{{{AKN}}}paragraph")}
    for moved, before in (
        ("sched_1__para_4", "sched_1__para_3"),
        ("sched_2__para_5", "sched_2__para_4"),
    ):
        by_eid[before].addprevious(by_eid[moved])
    for schedule in tree.iter(f"{{{AKN}}}hcontainer"):
        if schedule.get("name") != "schedule":
            continue
        paragraphs = [
            p for p in schedule.iter(f"{{{AKN}}}paragraph") if p.get("eId", "").count("__") == 1
        ]
        for n, p in enumerate(paragraphs, start=1):
            num = p.find(f"{{{AKN}}}num")
            assert num is not None
            _set_number(num, str(n))
    tree.write(str(target), xml_declaration=True, encoding="UTF-8")
    return target


@pytest.fixture(scope="module")
def paragraphs_moved(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    old = PRINTS[0]
    return old, moved_paragraphs(old, tmp_path_factory.mktemp("moved") / "moved.xml")


@pytest.mark.parametrize("house", ["commons", "lords"])
def test_transposed_schedule_paragraphs_name_their_schedule_and_read_back(
    bd: Run, paragraphs_moved: tuple[Path, Path], house: str
) -> None:
    """Two Schedules each with a paragraph out of order: each transposition says which
    Schedule ("Transpose paragraph 4 to after paragraph 2" alone could be either), and the
    check reads those words back and applies them."""
    old, new = paragraphs_moved
    code, out, _ = bd("amendments", old, new, "--house", house)
    assert code == 0, out
    transpositions = [line.split(maxsplit=1)[1] for line in out.splitlines() if "ranspose" in line]
    assert transpositions == [
        "Schedule 1, transpose paragraph 4 to after paragraph 2",
        "Schedule 2, transpose paragraph 5 to after paragraph 3",
    ]
    assert "exactly" in out[out.index("Checked:") :]


def test_the_check_reads_the_printed_words_not_the_records(
    bd: Run, paragraphs_moved: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Printed as they were before ("Transpose paragraph 4 to after paragraph 2", no
    Schedule), the records would still apply; the paper would not, and the check says so."""
    from billdiff.amend import wording

    def unnamed(i: Instruction, a: Transpose) -> str:
        assert i.target is not None and a.after is not None
        return f"Transpose {i.target.name} to after {a.after.name}"

    monkeypatch.setattr(wording, "_transpose", unnamed)
    old, new = paragraphs_moved
    code, out, _ = bd("amendments", old, new)
    assert code == 1
    check = " ".join(out[out.index("Checked:") :].split())
    assert (
        "0 instructions could not be applied, and 2 instructions could not be read back from "
        "the paper's words." in check
    )
    assert "1: not applied: its printed words cannot be read back: “Transpose paragraph 4" in check
