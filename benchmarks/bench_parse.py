"""Budget: reading dpdi-bill-2-hc-committee.xml (1.9 MB) into the model takes at most 3x
``lxml.etree.parse`` of the same file, measured alternately in the same process.

    python benchmarks/bench_parse.py [--rounds N]
"""

from __future__ import annotations

import argparse
import sys

from lxml import etree

sys.path.insert(0, str(__import__("pathlib").Path(__file__).parent))

from _common import alternate, corpus_file, describe, ratio_report

from billdiff.formats import load

BUDGET = 3.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()
    path = corpus_file("uk-akn/dpdi-bill-2-hc-committee.xml")
    load(path)  # warm imports and caches once
    ours, base = alternate(lambda: load(path), lambda: etree.parse(str(path)), args.rounds)
    print(describe("billdiff.load", ours))
    print(describe("lxml.etree.parse", base))
    return 0 if ratio_report("load / lxml parse", ours, base, BUDGET) else 1


if __name__ == "__main__":
    sys.exit(main())
