"""The check under a draft: what it says when the draft does not give the new print, and
that it reads back the paper's printed words rather than trusting the records."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from lxml import etree

from tests.conftest import corpus_file

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
