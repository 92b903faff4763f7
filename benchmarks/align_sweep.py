"""Pairing precision and recall on generated next prints: more bills and seeds than the suite.

For each real bill and seed, ``tests/next_print.py`` writes a next print with
known changes; billdiff compares the two in the three forms (GUIDs, no ids,
eIds without GUIDs) and this prints, per form, the pairing's precision and
recall against the generator's record and the number of units whose status
differs from it. Exit 1 if any figure is not perfect.

    python benchmarks/align_sweep.py [--seeds 1-8]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _common import corpus_file

from billdiff import compare, load
from billdiff.comparison import Status, UnitVersion
from billdiff.model import Kind
from tests import next_print

#: (print, bill whose words the new clauses use).
BILLS = [
    ("uk-akn/social-housing-bill-2-hl-report.xml", "uk-akn/sentencing-bill-hl-report.xml"),
    ("uk-akn/dpdi-bill-2-hc-committee.xml", "uk-akn/employment-rights-bill-hc-introduced.xml"),
    ("uk-akn/sentencing-bill-hl-report.xml", "uk-akn/dpdi-bill-1-hc-introduced.xml"),
    (
        "uk-akn/employment-rights-bill-hc-introduced.xml",
        "uk-akn/social-housing-bill-1-hl-committee.xml",
    ),
    (
        "uk-akn/scot-natural-environment-bill-introduced.xml",
        "uk-akn/social-housing-bill-2-hl-report.xml",
    ),
    ("uk-akn/lawmaker-import-housing-act-2004.xml", "uk-akn/dpdi-bill-2-hc-committee.xml"),
    (
        "uk-akn/lawmaker-import-employment-rights-act-1996.xml",
        "uk-akn/sentencing-bill-hl-report.xml",
    ),
]


def _ref(v: UnitVersion | None) -> str:
    if v is None:
        return ""
    number = v.number or ""
    return f"{v.schedule or ''}/{number}" if v.kind is Kind.SCHEDULE_PARAGRAPH else number


def _seeds(text: str) -> list[int]:
    lo, _, hi = text.partition("-")
    return list(range(int(lo), int(hi or lo) + 1))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seeds", default="1-8", help="e.g. 1-8 or 3")
    args = parser.parse_args()
    perfect = True
    with tempfile.TemporaryDirectory() as tmp:
        for source, donor in BILLS:
            donor_tree = next_print.parse(corpus_file(donor))
            source_tree = next_print.parse(corpus_file(source))
            for seed in _seeds(args.seeds):
                result = next_print.make(source_tree, donor_tree, seed)
                truth = Counter((old, new) for old, new in result.truth.pairs)
                expected = Counter((old, new, status) for old, new, status in result.truth.statuses)
                old_forms, new_forms = next_print.forms(result.old), next_print.forms(result.new)
                figures = []
                for form in next_print.FORMS:
                    (Path(tmp) / "old.xml").write_bytes(old_forms[form])
                    (Path(tmp) / "new.xml").write_bytes(new_forms[form])
                    c = compare(load(Path(tmp) / "old.xml"), load(Path(tmp) / "new.xml"))
                    found = Counter(
                        (_ref(u.old), _ref(u.new))
                        for u in c.units
                        if u.old and u.new and u.status is not Status.SUBSTITUTED
                    )
                    got = Counter((_ref(u.old), _ref(u.new), u.status.value) for u in c.units)
                    # Units whose status (or pairing) is not the truth's, on either side.
                    wrong = (got - expected).total() + (expected - got).total()
                    right = (found & truth).total()
                    precision = right / found.total() if found else 1.0
                    recall = right / truth.total() if truth else 1.0
                    perfect = perfect and precision == recall == 1.0 and not wrong
                    figures.append(f"{form} P={precision:.4f} R={recall:.4f} wrong={wrong}")
                name = Path(source).stem
                print(f"{name:45} seed {seed}: {truth.total()} pairs; " + "; ".join(figures))
    return 0 if perfect else 1


if __name__ == "__main__":
    sys.exit(main())
