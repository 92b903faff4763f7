"""Make a synthetic pair of prints with 600 clauses from the real DPDI prints 1 and 2.

The Parts of each print's body are repeated, each copy's clauses renumbered after the
last clause of the print (so print 2's copies follow print 2's own renumbering), and
every GUID and eId in a copy given the same suffix in both prints, so the copies pair
up as the originals do. Clauses past the 600th are dropped from the last copy. The
schedules are kept once.

    python benchmarks/make_synthetic.py OUT_DIR      # writes old.xml and new.xml
"""

from __future__ import annotations

import copy
import re
import sys
from pathlib import Path

from lxml import etree

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import corpus_file

AKN = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
CLAUSES = 600


def _grow(path: Path, target: int) -> bytes:
    tree = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True))
    body = tree.getroot().find(f".//{{{AKN}}}body")
    assert body is not None
    parts = [c for c in body if isinstance(c.tag, str) and etree.QName(c).localname == "part"]
    sections = _clauses(body)
    numbers = [int(m.group()) for s in sections if (m := re.search(r"\d+", _num(s)))]
    last, count = max(numbers), len(sections)
    insert_at = list(body).index(parts[-1]) + 1
    k = 0
    while count < target:
        k += 1
        for part in parts:
            if count >= target:
                break
            clone = copy.deepcopy(part)
            for el in clone.iter():
                if not isinstance(el.tag, str):
                    continue
                for attr in ("GUID", "eId"):
                    if attr in el.attrib:
                        el.attrib[attr] = f"{el.attrib[attr]}-copy{k}"
            for section in _clauses(clone):
                if count >= target:
                    section.getparent().remove(section)
                    continue
                num = section.find(f"{{{AKN}}}num")
                text = _num(section)
                if num is not None and (m := re.search(r"\d+", text)):
                    _set(num, text[: m.start()] + str(int(m.group()) + k * last) + text[m.end() :])
                count += 1
            pnum = clone.find(f"{{{AKN}}}num")
            if pnum is not None:
                step = 6 * k
                shifted = re.sub(
                    r"\d+", lambda m, step=step: str(int(m.group()) + step), _text(pnum), count=1
                )
                _set(pnum, shifted)
            body.insert(insert_at, clone)
            insert_at += 1
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8")


def _clauses(root: etree._Element) -> list[etree._Element]:
    """The clauses under ``root``: sections that are not quoted into another Act."""
    quoted = f"{{{AKN}}}quotedStructure"
    return [
        s
        for s in root.iter(f"{{{AKN}}}section")
        if not any(a.tag == quoted for a in s.iterancestors())
    ]


def _num(section: etree._Element) -> str:
    num = section.find(f"{{{AKN}}}num")
    return _text(num) if num is not None else ""


def _text(el: etree._Element) -> str:
    return "".join(t for t in el.itertext() if isinstance(t, str))


def _set(el: etree._Element, text: str) -> None:
    """Replace an element's content with ``text`` (its page/line markers go too)."""
    for child in list(el):
        el.remove(child)
    el.text = text


def make(out: Path) -> tuple[Path, Path]:
    """Write the synthetic old and new prints into ``out``; returns their paths."""
    out.mkdir(parents=True, exist_ok=True)
    old, new = out / "synthetic-600-old.xml", out / "synthetic-600-new.xml"
    old.write_bytes(_grow(corpus_file("uk-akn/dpdi-bill-1-hc-introduced.xml"), CLAUSES))
    new.write_bytes(_grow(corpus_file("uk-akn/dpdi-bill-2-hc-committee.xml"), CLAUSES))
    return old, new


if __name__ == "__main__":
    for path in make(Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/billdiff-synthetic")):
        print(path)
