"""Budgets for ``billdiff keeling`` as a whole process (issue 20).

1. The Keeling schedule of the Employment Rights Act 1996 (2.5 MB, as imported into
   Lawmaker) as the Employment Rights Bill (1.4 MB) would amend it, ``--format json``:
   at most 4x a process that only parses both files with lxml.
2. The list of the Acts the Bill amends (``billdiff keeling BILL``): at most 2x a
   process that only parses the Bill with lxml.

Both budgets are cold: the model cache is off (``BILLDIFF_NO_CACHE=1``), so the Act is
read afresh. Processes are timed alternately, so machine noise hits both alike; the
per-round spread of the ratios is printed as the noise, beside the CPU time of each
(user and system, children included: steadier than the wall clock on a busy machine).

    python benchmarks/bench_keeling.py [--rounds N]
"""

from __future__ import annotations

import argparse
import compileall
import os
import resource
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


COLD = {**os.environ, "BILLDIFF_NO_CACHE": "1"}


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(script: str, *args: str) -> tuple[float, float]:
    """One process: (wall seconds, CPU seconds)."""
    cpu, start = _cpu(), time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", script, *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=COLD,
    )
    elapsed = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        sys.exit(f"benchmark process failed: {proc.stderr.decode()}")
    return elapsed, _cpu() - cpu


def pair(a: tuple[str, list[str]], b: tuple[str, list[str]], rounds: int) -> tuple[list, list]:
    """Wall and CPU seconds of ``a`` and of ``b``, run alternately ``rounds`` times."""
    ours: list[tuple[float, float]] = []
    base: list[tuple[float, float]] = []
    for _ in range(rounds):
        ours.append(run(a[0], *a[1]))
        base.append(run(b[0], *b[1]))
    return ours, base


def report(name: str, base_name: str, ours: list, base: list, budget: float) -> bool:
    """The medians, the CPU ratio, and the wall-clock ratio against ``budget``."""
    width = max(len(name), len(base_name))
    for label, times in ((name, ours), (base_name, base)):
        wall = statistics.median(t[0] for t in times) * 1000
        cpu = statistics.median(t[1] for t in times) * 1000
        print(f"{label:<{width}}: median {wall:.0f} ms wall, {cpu:.0f} ms CPU")
    cpu_ratio = statistics.median(o[1] / b[1] for o, b in zip(ours, base, strict=True))
    print(f"CPU ratio: {cpu_ratio:.2f}x")
    return ratio_report(
        f"{name.split(':')[0]} / parse (wall)", [o[0] for o in ours], [b[0] for b in base], budget
    )


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
    ok = report(
        "billdiff keeling BILL ACT --format json",
        "lxml parse of both files",
        ours,
        base,
        KEELING_BUDGET,
    )
    ours, base = pair((KEELING, [bill]), (PARSE_ONLY, [bill]), args.rounds)
    ok = (
        report("billdiff keeling BILL", "lxml parse of the Bill", ours, base, LISTING_BUDGET) and ok
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
