"""Budget: ``billdiff outline --format json`` of one print, cold, as a whole process, takes at
most 1.3x a process that only parses the same file with lxml.

On DPDI's committee print (1.9 MB), the two processes alternately, ``BILLDIFF_NO_CACHE=1``
(a print outlined before comes from the model cache: shown too). The last line is
the verdict.

    python benchmarks/bench_outline.py [--rounds 15] [--against SRC]

``--against SRC`` also times another version's code (its ``src`` folder) in the same
rounds, cold: an A/B run.
"""

from __future__ import annotations

import argparse
import atexit
import compileall
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import corpus_file, ratio_report

BUDGET = 1.3
PARSE_ONLY = "import sys\nfrom lxml import etree\netree.parse(sys.argv[1])\n"


def run(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    proc = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"benchmark process failed: {proc.stderr.decode()}")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--against", metavar="SRC", help="another version's src folder")
    args = parser.parse_args()
    path = str(corpus_file("uk-akn/dpdi-bill-2-hc-committee.xml"))
    import billdiff

    compileall.compile_dir(str(Path(billdiff.__file__).parent), quiet=1)
    cache = tempfile.mkdtemp(prefix="bench-cache-")
    atexit.register(shutil.rmtree, cache, True)
    cold = {**os.environ, "BILLDIFF_NO_CACHE": "1"}
    warm = {**os.environ, "BILLDIFF_CACHE_DIR": cache}
    outline = [sys.executable, "-m", "billdiff", "outline", "--format", "json", path]
    parse = [sys.executable, "-c", PARSE_ONLY, path]
    other_env = {**cold, "PYTHONPATH": args.against or ""}
    if args.against:
        compileall.compile_dir(args.against, quiet=1)
    run(outline, warm)  # the page cache and the model cache
    base, ours, cached, other = [], [], [], []
    for _ in range(args.rounds):
        base.append(run(parse, cold))
        if args.against:
            other.append(run(outline, other_env))
        ours.append(run(outline, cold))
        cached.append(run(outline, warm))
    timings = [("lxml parse", base), ("outline, cold", ours), ("outline, warm", cached)]
    if args.against:
        timings.append((f"{args.against}, cold", other))
    for name, times in timings:
        print(f"{name:14} median {statistics.median(times) * 1000:.0f} ms")
    if args.against:
        ratio_report(f"{args.against} cold outline / parse", other, base, BUDGET)
    ratio_report("warm outline / parse", cached, base, BUDGET)
    ok = ratio_report("cold outline / parse", ours, base, BUDGET)
    print(f"bench_outline: {'OK' if ok else 'OVER BUDGET'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
