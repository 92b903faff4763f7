"""Budgets for hostile prints: the largest a print may be (5,000 units) costs seconds, not minutes.

A bill that arrives in a pull request can be built to make pairing slow:
5,000 clauses with the same heading and words, or 5,000 cross-headings that
all share their words. Each case is generated, then ``billdiff diff`` is run
on it as a whole process, and its time and peak memory (of both reader
processes) are reported against the budget: at most 15 s, and peak memory at
most 10x the two files' size or 200 MB, whichever is more.

    python benchmarks/bench_hostile.py
"""

from __future__ import annotations

import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

AKN = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
UNITS = 5000
TIME_BUDGET = 15.0
MEMORY_FLOOR_MB = 200


def _bill(sections: list[str]) -> str:
    return (
        f'<akomaNtoso xmlns="{AKN}" xmlns:ukl="https://www.legislation.gov.uk/namespaces/UK-AKN">'
        '<bill name="ukpubb"><meta><references source="#a">'
        '<TLCConcept eId="varBillTitle" href="#" showAs="Hostile Bill"/>'
        '<TLCConcept eId="varProjectId" href="#" showAs="UK1"/></references></meta><body>\n'
        + "\n".join(sections)
        + "\n</body></bill></akomaNtoso>\n"
    )


def _section(n: int, heading: str, text: str) -> str:
    return (
        f'<section eId="sec_{n}"><num>{n}</num><heading>{heading}</heading>'
        f"<content><p>{text}</p></content></section>"
    )


def identical_units(variant: bool) -> str:
    """Every clause "Regulations" with the same words; the new print changes one."""
    text = "The Secretary of State may make regulations."
    return _bill(
        [
            _section(n, "Regulations", text + (" Extra." if variant and n == UNITS // 2 else ""))
            for n in range(1, UNITS + 1)
        ]
    )


def crossheadings(variant: bool) -> str:
    """Each clause under its own cross-heading; the new print renames them all."""
    word = "Rules" if variant else "Regulations"
    return _bill(
        [
            f'<hcontainer name="crossheading" eId="x{n}"><heading>{word} {n % 7}</heading>'
            + _section(n, "Regulations", "The Secretary of State may make regulations.")
            + "</hcontainer>"
            for n in range(1, UNITS + 1)
        ]
    )


def unrelated(variant: bool) -> str:
    """Cross-headings and clauses of random words that share little between the prints."""
    rnd = random.Random(2 if variant else 1)
    words = [f"w{i}" for i in range(3000)]

    def some(k: int) -> str:
        return " ".join(rnd.choice(words) for _ in range(k))

    return _bill(
        [
            f'<hcontainer name="crossheading" eId="x{n}"><heading>Matters relating to '
            f"{some(2)}</heading>" + _section(n, f"H {some(1)}", some(12)) + "</hcontainer>"
            for n in range(1, UNITS + 1)
        ]
    )


def run(old: Path, new: Path) -> tuple[float, float]:
    """Seconds and peak MB (either process) of ``billdiff diff -q OLD NEW``."""
    script = (
        "import os, resource, sys\n"
        "from billdiff import cli\n"
        "real = os._exit\n"
        "def report(code):\n"
        "    rss = max(resource.getrusage(w).ru_maxrss for w in\n"
        "              (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))\n"
        "    sys.stderr.write(f'maxrss_kb={rss}\\n'); sys.stderr.flush(); real(0)\n"
        "os._exit = report\n"
        "sys.argv = ['billdiff', 'diff', '-q', *sys.argv[1:]]\n"
        "cli.run()\n"
    )
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", script, str(old), str(new)], capture_output=True, text=True
    )
    seconds = time.perf_counter() - start
    kb = int(proc.stderr.strip().rsplit("maxrss_kb=", 1)[1])
    return seconds, kb / 1024


def main() -> int:
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        for make in (identical_units, crossheadings, unrelated):
            old, new = Path(tmp, "old.xml"), Path(tmp, "new.xml")
            old.write_text(make(False))
            new.write_text(make(True))
            size_mb = (old.stat().st_size + new.stat().st_size) / 2**20
            seconds, peak = run(old, new)
            memory_budget = max(MEMORY_FLOOR_MB, 10 * size_mb)
            fine = seconds <= TIME_BUDGET and peak <= memory_budget
            ok &= fine
            print(
                f"{make.__name__}: {UNITS} units, {size_mb:.1f} MB of input: {seconds:.1f} s "
                f"(budget {TIME_BUDGET:g} s), peak {peak:.0f} MB (budget {memory_budget:.0f} MB)"
                f": {'OK' if fine else 'OVER'}"
            )
    return 0 if ok else 1


if __name__ == "__main__":
    resource.setrlimit(resource.RLIMIT_AS, (8 * 2**30, 8 * 2**30))
    sys.exit(main())
