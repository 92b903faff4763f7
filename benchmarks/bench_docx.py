"""Budgets for ``billdiff export --format docx`` (issue 19: the Word document).

1. On DPDI 1 → 2 with 50 notes (on changes, whole units and quoted words; some
   with replies, some resolved: ``tests/docx_support.py`` writes them the same
   way every time), ``billdiff export --format docx`` takes at most 1.5× the
   time of ``billdiff export`` (the HTML report) of the same prints and notes,
   both as whole processes, timed alternately in one run (the median of the
   per-round ratios; their spread is the noise).
2. The document is at most 1 MB.

It also prints the time of :func:`billdiff.render.docx_report.render_docx` and
:func:`billdiff.render.html.render_html` alone, in process.

    python benchmarks/bench_docx.py [--rounds N]
"""

from __future__ import annotations

import argparse
import compileall
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parents[1]))

from _common import alternate, corpus_file, describe, ratio_report

from tests.docx_support import write_notes

RATIO_BUDGET = 1.5
SIZE_BUDGET = 1024 * 1024
NOTES = 50


def cli(*argv: str) -> list[str]:
    return [sys.executable, "-c", "from billdiff import cli; cli.run()", *argv]


def run(argv: list[str]) -> None:
    proc = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if proc.returncode != 0:
        sys.exit(f"benchmark process failed: {proc.stderr.decode()}")


def in_process(old: str, new: str, notes: Path, rounds: int) -> tuple[list[float], list[float]]:
    import billdiff
    from billdiff.annotations.review import Review
    from billdiff.annotations.store import NoteStore
    from billdiff.render.docx_report import render_docx
    from billdiff.render.html import render_html

    c = billdiff.compare(billdiff.load(old), billdiff.load(new))
    review = Review(c, NoteStore.open(notes).notes)
    return alternate(lambda: render_docx(c, review), lambda: render_html(c, review), rounds)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    import billdiff

    compileall.compile_dir(str(Path(billdiff.__file__).parent), quiet=1)
    old = str(corpus_file("uk-akn/dpdi-bill-1-hc-introduced.xml"))
    new = str(corpus_file("uk-akn/dpdi-bill-2-hc-committee.xml"))
    with tempfile.TemporaryDirectory() as tmp:
        notes = Path(tmp) / "dpdi.notes.json"
        comparison = billdiff.compare(billdiff.load(old), billdiff.load(new))
        count = write_notes(comparison, notes, NOTES)
        docx = Path(tmp) / "dpdi.report.docx"
        html = Path(tmp) / "dpdi.report.html"
        common = (old, new, "--notes", str(notes))
        docx_argv = cli("export", *common, "--format", "docx", "-o", str(docx))
        html_argv = cli("export", *common, "-o", str(html))
        run(docx_argv)  # warm the page cache and the bytecode
        run(html_argv)
        start = time.perf_counter()
        docx_times, html_times = alternate(
            lambda: run(docx_argv), lambda: run(html_argv), args.rounds
        )
        elapsed = time.perf_counter() - start
        size, html_size = docx.stat().st_size, html.stat().st_size
        print(describe(f"billdiff export --format docx ({count} notes)", docx_times))
        print(describe(f"billdiff export (html, {count} notes)", html_times))
        time_ok = ratio_report("docx / html", docx_times, html_times, RATIO_BUDGET)
        size_ok = size <= SIZE_BUDGET
        print(
            f"DPDI document: {size / 1024:.0f} KB (the HTML report: {html_size / 1024:.0f} KB); "
            f"budget {SIZE_BUDGET / 1024:.0f} KB: {'OK' if size_ok else 'OVER'}"
        )
        render_docx_times, render_html_times = in_process(old, new, notes, args.rounds)
        print(describe("render_docx alone", render_docx_times))
        print(describe("render_html alone", render_html_times))
        print(f"({elapsed:.1f} s for {args.rounds} rounds of both processes)")
    return 0 if time_ok and size_ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
