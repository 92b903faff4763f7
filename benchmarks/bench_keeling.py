"""Budgets for ``billdiff keeling`` as a whole process (issue 20).

1. The Keeling schedule of the Employment Rights Act 1996 (2.5 MB, as imported into
   Lawmaker) as the Employment Rights Bill (1.4 MB) would amend it, ``--format json``:
   at most 4x a process that only parses both files with lxml.
2. The list of the Acts the Bill amends (``billdiff keeling BILL``): at most 2x a
   process that only parses the Bill with lxml.

Processes are timed alternately, so machine noise hits both alike; the per-round
spread of the ratios is printed as the noise. Set ``BILLDIFF_NO_CACHE=1`` for cold
figures where a model cache exists.

    python benchmarks/bench_keeling.py [--rounds N]
"""

from __future__ import annotations

import argparse
import compileall
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from _common import corpus_file, ratio_report

KEELING_BUDGET = 4.0
LISTING_BUDGET = 2.0

PARSE_ONLY = "import sys\nfrom lxml import etree\nfor p in sys.argv[1:]: etree.parse(p)\n"
# The real console-script path (billdiff.cli.run); exit 1 (some not applied) is expected.
KEELING = (
    "import sys\nfrom billdiff import cli\n"
    "sys.argv = ['billdiff', 'keeling', *sys.argv[1:]]\ncli.run()\n"
)


def run(script: str, *args: str) -> float:
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", script, *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    elapsed = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        sys.exit(f"benchmark process failed: {proc.stderr.decode()}")
    return elapsed


def pair(a: tuple[str, list[str]], b: tuple[str, list[str]], rounds: int) -> tuple[list, list]:
    ours: list[float] = []
    base: list[float] = []
    for _ in range(rounds):
        ours.append(run(a[0], *a[1]))
        base.append(run(b[0], *b[1]))
    return ours, base


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=9)
    args = parser.parse_args()
    bill = str(corpus_file("uk-akn/employment-rights-bill-hc-introduced.xml"))
    act = str(corpus_file("uk-akn/lawmaker-import-employment-rights-act-1996.xml"))

    import billdiff

    compileall.compile_dir(str(Path(billdiff.__file__).parent), quiet=1)
    run(KEELING, bill, act, "--format", "json")  # warm the page cache

    ours, base = pair(
        (KEELING, [bill, act, "--format", "json"]), (PARSE_ONLY, [bill, act]), args.rounds
    )
    print(
        f"billdiff keeling BILL ACT --format json: median {statistics.median(ours) * 1000:.0f} ms"
    )
    print(
        f"lxml parse of both files:                 median {statistics.median(base) * 1000:.0f} ms"
    )
    ok = ratio_report("keeling process / parse process", ours, base, KEELING_BUDGET)

    ours, base = pair((KEELING, [bill]), (PARSE_ONLY, [bill]), args.rounds)
    print(f"billdiff keeling BILL (the Acts): median {statistics.median(ours) * 1000:.0f} ms")
    print(f"lxml parse of the Bill:            median {statistics.median(base) * 1000:.0f} ms")
    ok = ratio_report("listing process / parse process", ours, base, LISTING_BUDGET) and ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
