"""Budget for ``billdiff history`` as a whole process (issue 12: history over N prints).

Social Housing's four real prints as one ``billdiff history --format json``
process, against what a clerk would otherwise run: three ``billdiff diff
--format json`` processes one after another (1 → 2, 2 → 3, 3 → 4). The
history reads each print once (the diffs read the middle two twice), pays
for one interpreter start instead of three, and reads and compares on two
cores. Budget: at most 0.75x the three diffs.

Also shown, not budgeted: the same history with forking switched off (one
core), so the gain from the second core is measured rather than assumed.

Processes are timed alternately, so machine noise hits all alike; the
per-round spread of the ratios is printed as the noise.

    python benchmarks/bench_history.py [--rounds N]
"""

from __future__ import annotations

import argparse
import compileall
import itertools
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from _common import corpus_file, ratio_report

BUDGET = 0.75
PRINTS = (
    "uk-akn/social-housing-bill-1-hl-committee.xml",
    "uk-akn/social-housing-bill-2-hl-report.xml",
    "uk-akn/social-housing-bill-3-hc-brought-from-lords.xml",
    "uk-akn/social-housing-bill-4-hc-pbc.xml",
)
# The real console-script path (billdiff.cli.run); exit 1 from diff is success here.
CLI = (
    "import os, sys\n"
    "from billdiff import cli\n"
    "sys.argv = ['billdiff', *sys.argv[1:]]\n"
    "real_exit = os._exit\n"
    "os._exit = lambda code: real_exit(0 if code in (0, 1) else code)\n"
    "cli.run()\n"
)
# The same with os.fork gone, so billdiff.parallel does every job in one process.
ONE_CORE = "import os\ndel os.fork\n" + CLI


def run(script: str, *args: str) -> float:
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", script, *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"benchmark process failed: {proc.stderr.decode()}")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=9)
    args = parser.parse_args()
    paths = [str(corpus_file(p)) for p in PRINTS]

    import billdiff

    compileall.compile_dir(str(Path(billdiff.__file__).parent), quiet=1)
    history = ["history", "--format", "json", *paths]
    run(CLI, *history)  # warm the page cache

    ours: list[float] = []
    single: list[float] = []
    pairwise: list[float] = []
    for _ in range(args.rounds):
        ours.append(run(CLI, *history))
        pairwise.append(
            sum(
                run(CLI, "diff", "--format", "json", old, new)
                for old, new in itertools.pairwise(paths)
            )
        )
        single.append(run(ONE_CORE, *history))
    for name, times in (
        ("billdiff history, 4 prints", ours),
        ("  the same on one core", single),
        ("3 x billdiff diff, one after another", pairwise),
    ):
        print(f"{name + ':':38} median {statistics.median(times) * 1000:.0f} ms")
    ratio_report("two cores / one core (informational)", ours, single, float("inf"))
    ok = ratio_report("history / three pairwise diffs", ours, pairwise, BUDGET)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
