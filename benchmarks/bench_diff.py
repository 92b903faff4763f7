"""Budgets for ``billdiff diff --format json`` as a whole process (issues: compare engine, 21).

1. Cold (``BILLDIFF_NO_CACHE=1``), on DPDI 1 → 2 (1.7 MB + 1.9 MB): at most 2.5x a
   process that only parses both files with lxml (the House of Commons' own
   lawchecker takes about 9x). Warm (both prints in the model cache) is shown too.
2. Peak memory of the billdiff process and the child that reads the old print
   alongside it, added together: at most 64 MB.
3. A synthetic pair ten times the DPDI size (each print's body and schedules
   repeated ten times, with GUIDs and numbers made unique per copy) takes at
   most 12x the DPDI time: no quadratic step (``bench_doubling.py`` steps through it).

Processes are timed alternately (parse-only, cold, warm), so machine noise hits all
alike; the per-round spread of the ratios is printed as the noise, and the last line
is the verdict.

    python benchmarks/bench_diff.py [--rounds N] [--skip-large] [--against SRC]

``--against SRC`` also times another version's code in the same rounds (SRC is its
``src`` folder, e.g. ``git archive COMMIT src | tar -x -C /tmp/base``): an A/B run.
"""

from __future__ import annotations

import argparse
import atexit
import compileall
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from _common import corpus_file, ratio_report

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.next_print import enlarged

RATIO_BUDGET = 2.5
MEMORY_BUDGET_MB = 64
SCALING_BUDGET = 12.0

PARSE_ONLY = "import sys\nfrom lxml import etree\nfor p in sys.argv[1:]: etree.parse(p)\n"
# The real console-script path (billdiff.cli.run), reporting its peak memory at exit.
DIFF_WITH_RSS = (
    "import atexit, os, resource, sys\n"
    "from billdiff import cli\n"
    "real_exit = os._exit\n"
    "def report(code):\n"
    "    rss = sum(resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF,\n"
    "              resource.RUSAGE_CHILDREN))\n"
    "    sys.stderr.write(f'maxrss_kb={rss}\\n')\n"
    "    sys.stderr.flush()\n"
    "    real_exit(0 if code in (0, 1) else code)\n"
    "os._exit = report\n"
    "sys.argv = ['billdiff', 'diff', '--format', 'json', *sys.argv[1:]]\n"
    "cli.run()\n"
)


COLD = {**os.environ, "BILLDIFF_NO_CACHE": "1"}


#: CPU time (user + system) of every process run, with the children each waited for, by
#: script and environment: steadier than the wall clock on a shared machine.
CPU: dict[tuple[str, str], list[float]] = {}


def run(script: str, *args: str, env: dict[str, str] | None = None) -> tuple[float, str]:
    start = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    proc = subprocess.run(
        [sys.executable, "-c", script, *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env or COLD,
    )
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    key = (script[:20], repr(sorted((env or COLD).items())))
    CPU.setdefault(key, []).append(cpu)
    if proc.returncode != 0:
        sys.exit(f"benchmark process failed: {proc.stderr.decode()}")
    return elapsed, proc.stderr.decode()


def cpu_of(script: str, env: dict[str, str] | None = None) -> list[float]:
    """The CPU times of the processes :func:`run` ran with ``script`` and ``env``."""
    return CPU[(script[:20], repr(sorted((env or COLD).items())))]


def median_time(script: str, args: list[str], rounds: int) -> float:
    return statistics.median(run(script, *args)[0] for _ in range(rounds))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--skip-large", action="store_true", help="skip the 10x scaling test")
    parser.add_argument("--against", metavar="SRC", help="another version's src folder")
    args = parser.parse_args()
    old = str(corpus_file("uk-akn/dpdi-bill-1-hc-introduced.xml"))
    new = str(corpus_file("uk-akn/dpdi-bill-2-hc-committee.xml"))

    # An installed billdiff has bytecode (pip compiles it); an editable checkout under
    # PYTHONDONTWRITEBYTECODE would recompile every module in every process instead.
    import billdiff

    compileall.compile_dir(str(Path(billdiff.__file__).parent), quiet=1)
    cache = tempfile.mkdtemp(prefix="bench-cache-")
    atexit.register(shutil.rmtree, cache, True)
    warm_env = {**os.environ, "BILLDIFF_CACHE_DIR": cache}
    run(DIFF_WITH_RSS, old, new)  # warm the page cache
    run(DIFF_WITH_RSS, old, new, env=warm_env)  # fill the model cache
    other_env = {**COLD, "PYTHONPATH": args.against or ""}
    if args.against:
        compileall.compile_dir(args.against, quiet=1)
    ours: list[float] = []
    warm: list[float] = []
    base: list[float] = []
    other: list[float] = []
    rss_kb = other_rss_kb = 0
    for _ in range(args.rounds):
        base.append(run(PARSE_ONLY, old, new)[0])
        if args.against:
            elapsed, err = run(DIFF_WITH_RSS, old, new, env=other_env)
            other.append(elapsed)
            other_rss_kb = max(other_rss_kb, int(err.rsplit("maxrss_kb=", 1)[1].split()[0]))
        elapsed, err = run(DIFF_WITH_RSS, old, new)
        ours.append(elapsed)
        rss_kb = max(rss_kb, int(err.rsplit("maxrss_kb=", 1)[1].split()[0]))
        warm.append(run(DIFF_WITH_RSS, old, new, env=warm_env)[0])
    parse_cpu = cpu_of(PARSE_ONLY)[-args.rounds :]
    for name, cpu in (
        ("cold", cpu_of(DIFF_WITH_RSS)[-args.rounds :]),
        ("warm", cpu_of(DIFF_WITH_RSS, warm_env)[-args.rounds :]),
        *((("other, cold", cpu_of(DIFF_WITH_RSS, other_env)),) if args.against else ()),
    ):
        ratios = sorted(c / p for c, p in zip(cpu, parse_cpu, strict=True))
        print(
            f"CPU time, {name} diff: median {statistics.median(cpu) * 1000:.0f} ms, "
            f"{statistics.median(ratios):.2f}x the parse process's "
            f"({statistics.median(parse_cpu) * 1000:.0f} ms; "
            f"per round {ratios[0]:.2f}..{ratios[-1]:.2f})"
        )
    if args.against:
        print(f"{args.against}, cold: median {statistics.median(other) * 1000:.0f} ms")
        ratio_report(f"{args.against} / parse process", other, base, RATIO_BUDGET)
        print(f"{args.against}: peak memory {other_rss_kb / 1024:.0f} MB")
    print(f"billdiff diff --format json, cold: median {statistics.median(ours) * 1000:.0f} ms")
    print(f"billdiff diff --format json, warm: median {statistics.median(warm) * 1000:.0f} ms")
    print(f"lxml parse of both files:          median {statistics.median(base) * 1000:.0f} ms")
    ok = ratio_report("cold diff process / parse process", ours, base, RATIO_BUDGET)
    ratio_report("warm diff process / parse process", warm, base, RATIO_BUDGET)
    rss_ok = rss_kb / 1024 <= MEMORY_BUDGET_MB
    verdict = "OK" if rss_ok else "OVER"
    print(
        f"peak memory, both processes together: {rss_kb / 1024:.0f} MB; "
        f"budget {MEMORY_BUDGET_MB} MB: {verdict}"
    )
    ok = ok and rss_ok

    if not args.skip_large:
        with tempfile.TemporaryDirectory() as tmp:
            big_old, big_new = str(Path(tmp) / "old10.xml"), str(Path(tmp) / "new10.xml")
            enlarged(old, Path(big_old), 10)
            enlarged(new, Path(big_new), 10)
            small = median_time(DIFF_WITH_RSS, [old, new], 3)
            large = median_time(DIFF_WITH_RSS, [big_old, big_new], 3)
            scale = large / small
            size = (Path(big_old).stat().st_size + Path(big_new).stat().st_size) / 2**20
            print(
                f"10x pair ({size:.0f} MB): {large:.2f} s vs {small:.2f} s = {scale:.1f}x; "
                f"budget {SCALING_BUDGET}x: {'OK' if scale <= SCALING_BUDGET else 'OVER'}"
            )
            ok = ok and scale <= SCALING_BUDGET
    print(f"bench_diff: {'OK' if ok else 'OVER BUDGET'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
