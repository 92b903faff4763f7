"""A unit whose words went to another unit (split, merged): both entries point at each other."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from lxml import etree

from billdiff import compare, load
from billdiff.comparison import Comparison, Status
from billdiff.render.text import render_text
from tests.conftest import PRINTS

AKN = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
NS = {"a": AKN}


def _split_print(tmp_path: Path) -> Path:
    """Print 1 with subsections (3) and (4) of clause 16 made into a new clause after it."""
    tree = etree.parse(str(PRINTS[0]))
    (clause,) = tree.xpath("//a:section[a:num[normalize-space()='16']]", namespaces=NS)
    subsections = clause.xpath("a:subsection", namespaces=NS)
    assert len(subsections) >= 4
    new = etree.Element(f"{{{AKN}}}section", GUID="_split-off-clause", eId="sec_16A")
    new.set("class", "prov1")
    etree.SubElement(new, f"{{{AKN}}}num").text = "16A"
    etree.SubElement(new, f"{{{AKN}}}heading").text = "Relevant activities"
    for sub in subsections[2:4]:
        new.append(copy.deepcopy(sub))
        clause.remove(sub)
    clause.addnext(new)
    path = tmp_path / "split.xml"
    tree.write(str(path), xml_declaration=True, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def split(tmp_path_factory: pytest.TempPathFactory) -> Comparison:
    return compare(load(PRINTS[0]), load(_split_print(tmp_path_factory.mktemp("split"))))


@pytest.fixture(scope="module")
def merged(tmp_path_factory: pytest.TempPathFactory) -> Comparison:
    return compare(load(_split_print(tmp_path_factory.mktemp("merge"))), load(PRINTS[0]))


def test_a_split_off_unit_names_its_source_and_the_source_names_it(split: Comparison) -> None:
    (added,) = [u for u in split.units if u.status is Status.SPLIT]
    assert added.label == "clause 16A" and added.related == ("clause 16",)
    (source,) = [u for u in split.units if u.split_into]
    assert source.label == "clause 16" and source.split_into == ("clause 16A",)
    text = render_text(split)
    assert "  split from clause 16\n" in text
    assert "  part of its words went into clause 16A (split off)\n" in text


def test_a_merged_unit_names_its_target_and_the_target_names_it(merged: Comparison) -> None:
    (removed,) = [u for u in merged.units if u.status is Status.MERGED]
    assert removed.related == ("clause 16",)
    (target,) = [u for u in merged.units if u.merged_from]
    assert target.merged_from == ("clause 16A",)
    assert "  clause 16A was merged into it\n" in render_text(merged)
