"""No superlinear step: the Bill doubled three times, each step's time ratio (budget 2.2x).

DPDI 1 → 2 is enlarged to 2, 4 and 8 times its size (each print's body repeated, every
GUID, eId and clause number made unique per copy, as ``bench_diff.py`` does), with all
page-line markers but the first removed from the later print (the case that was cubic:
a provision's place is then found from a marker far before it). Each command in
:data:`COMMANDS` is run on each size as a whole process, cold (``BILLDIFF_NO_CACHE=1``),
sizes interleaved round by round, and its CPU time (with the child that reads the other
print) taken; the median of each and the ratio of each step to the one before are
printed, and the last line is the verdict.

To add a command, add an entry to :data:`COMMANDS`: its name and a function from the
enlarged files of one size (a :class:`Size`) to its arguments.

    python benchmarks/bench_doubling.py [--rounds 3] [--only diff,outline]
"""

from __future__ import annotations

import argparse
import compileall
import os
import resource
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

from lxml import etree

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import corpus_file

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.next_print import enlarged_tree

BUDGET = 2.2
COPIES = (1, 2, 4, 8)


@dataclass(frozen=True)
class Size:
    """The files of one size: ``copies`` times the originals."""

    copies: int
    old: str
    new: str


#: name → the arguments of ``billdiff`` for one size.
COMMANDS: dict[str, Callable[[Size], list[str]]] = {
    "diff": lambda s: ["diff", "--format", "json", s.old, s.new],
    "outline": lambda s: ["outline", "--format", "json", s.new],
    "history": lambda s: ["history", "--format", "json", s.old, s.new],
}


def enlarge(source: Path, target: Path, copies: int, one_marker: bool) -> str:
    """Write ``source`` with its body's children repeated ``copies`` times."""
    tree = enlarged_tree(source, copies)
    if one_marker:
        markers = [pi for pi in tree.iter(etree.ProcessingInstruction) if pi.target == "L"]
        for pi in markers[1:]:
            parent = pi.getparent()
            if parent is not None:
                tail = pi.tail or ""
                prev = pi.getprevious()
                if prev is not None:
                    prev.tail = (prev.tail or "") + tail
                else:
                    parent.text = (parent.text or "") + tail
                parent.remove(pi)
    tree.write(str(target), xml_declaration=True, encoding="UTF-8")
    return str(target)


def timed(argv: list[str]) -> float:
    """The CPU time (user and system) of ``billdiff ARGV`` and the children it forks: on a
    shared machine far steadier than the wall clock, and what a superlinear step grows."""
    env = {**os.environ, "BILLDIFF_NO_CACHE": "1"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    proc = subprocess.run(
        [sys.executable, "-m", "billdiff", *argv],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env,
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    elapsed = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if proc.returncode not in (0, 1):
        sys.exit(f"billdiff {' '.join(argv[:1])} failed: {proc.stderr.decode()}")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--only", help="comma-separated commands (default: all)")
    parser.add_argument(
        "--copies", default=",".join(map(str, COPIES)), help="sizes, as copies (default 1,2,4,8)"
    )
    args = parser.parse_args()
    names = args.only.split(",") if args.only else list(COMMANDS)
    copies = [int(k) for k in args.copies.split(",")]
    import billdiff

    compileall.compile_dir(str(Path(billdiff.__file__).parent), quiet=1)
    old = corpus_file("uk-akn/dpdi-bill-1-hc-introduced.xml")
    new = corpus_file("uk-akn/dpdi-bill-2-hc-committee.xml")
    with tempfile.TemporaryDirectory() as tmp:
        sizes = [
            Size(
                k,
                enlarge(old, Path(tmp) / f"old{k}.xml", k, one_marker=False),
                enlarge(new, Path(tmp) / f"new{k}.xml", k, one_marker=True),
            )
            for k in copies
        ]
        times: dict[tuple[str, int], list[float]] = {}
        for _ in range(args.rounds):
            for size in sizes:
                for name in names:
                    times.setdefault((name, size.copies), []).append(timed(COMMANDS[name](size)))
    worst = 0.0
    for name in names:
        medians = [statistics.median(times[name, k]) for k in copies]
        steps = [b / a for a, b in pairwise(medians)]
        worst = max(worst, *steps)
        shown = ", ".join(f"{k}x {m:.2f}" for k, m in zip(copies, medians, strict=True))
        ratios = " ".join(f"{r:.2f}" for r in steps)
        print(f"{name:8} CPU s: {shown}; step ratios {ratios}")
    verdict = "OK" if worst <= BUDGET else "OVER"
    print(f"bench_doubling: worst step {worst:.2f}x; budget {BUDGET}x: {verdict}")
    return 0 if worst <= BUDGET else 1


if __name__ == "__main__":
    sys.exit(main())
