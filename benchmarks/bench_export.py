"""Budgets for ``billdiff export`` (issue 11: the annotated HTML report).

1. On DPDI 1 → 2, ``billdiff export`` (with a notes file of a few notes) takes at
   most 0.5 s longer than ``billdiff diff`` of the same prints, both as whole
   processes, timed alternately in one run (the median of the per-round
   differences; their spread is the noise).
2. The report of DPDI 1 → 2 is at most 2 MB.

It also prints the time of :func:`billdiff.render.html.render_html` alone, in
process, for the fixture prints and for DPDI, and the report sizes.

    python benchmarks/bench_export.py [--rounds N]
"""

from __future__ import annotations

import argparse
import compileall
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from _common import ROOT, alternate, corpus_file, describe

EXTRA_BUDGET_S = 0.5
SIZE_BUDGET = 2 * 1024 * 1024
FIXTURES = ROOT / "fixtures" / "crime-and-policing"


def cli(*argv: str) -> list[str]:
    return [sys.executable, "-c", "from billdiff import cli; cli.run()", *argv]


def run(argv: list[str]) -> None:
    proc = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if proc.returncode not in (0, 1):
        sys.exit(f"benchmark process failed: {proc.stderr.decode()}")


def write_notes(old: str, new: str, path: Path) -> int:
    """A notes file with a note on each of the first few changed units."""
    import billdiff
    from billdiff.annotations.notes import change_target, new_note, unit_target
    from billdiff.annotations.store import NoteStore
    from billdiff.view.changes import numbered

    c = billdiff.compare(billdiff.load(old), billdiff.load(new))
    store = NoteStore.open(path)
    made = 0
    for u in c.changed_units():
        target = change_target(c, u, 1) if numbered(u) else unit_target(c, u)
        store.add(new_note(target, f"Note {made + 1} on **{u.label}**.", "Benchmark"))
        made += 1
        if made == 8:
            break
    store.save()
    return made


def in_process(old: str, new: str, notes: Path | None, rounds: int) -> tuple[list[float], int]:
    import billdiff
    from billdiff.annotations.review import Review
    from billdiff.annotations.store import NoteStore
    from billdiff.render.html import render_html

    c = billdiff.compare(billdiff.load(old), billdiff.load(new))
    review = Review(c, NoteStore.open(notes).notes) if notes else None
    times, size = [], 0
    for _ in range(rounds):
        start = time.perf_counter()
        page = render_html(c, review)
        times.append(time.perf_counter() - start)
        size = len(page.encode("utf-8"))
    return times, size


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
        count = write_notes(old, new, notes)
        report = Path(tmp) / "dpdi.report.html"
        diff_argv = cli("diff", old, new)
        export_argv = cli("export", old, new, "--notes", str(notes), "-o", str(report))
        run(diff_argv)  # warm the page cache and the bytecode
        run(export_argv)
        diffs, exports = alternate(lambda: run(diff_argv), lambda: run(export_argv), args.rounds)
        size = report.stat().st_size
    extra = sorted(e - d for e, d in zip(exports, diffs, strict=True))
    print(describe("billdiff diff (text)", diffs))
    print(describe(f"billdiff export ({count} notes)", exports))
    median = statistics.median(extra)
    ratio = statistics.median(exports) / statistics.median(diffs)
    time_ok = median <= EXTRA_BUDGET_S
    print(
        f"export - diff: median {median * 1000:.0f} ms (per-round {extra[0] * 1000:.0f}.."
        f"{extra[-1] * 1000:.0f} ms), ratio {ratio:.2f}x; "
        f"budget +{EXTRA_BUDGET_S * 1000:.0f} ms: {'OK' if time_ok else 'OVER'}"
    )
    size_ok = size <= SIZE_BUDGET
    print(
        f"DPDI report: {size / 1024:.0f} KB; budget {SIZE_BUDGET / 1024 / 1024:.0f} MB: "
        f"{'OK' if size_ok else 'OVER'}"
    )
    for label, (a, b, n) in {
        "fixtures 1 → 2": (
            FIXTURES / "1-commons-introduced.xml",
            FIXTURES / "2-commons-public-bill-committee.xml",
            FIXTURES / "notes" / "1-to-2.notes.json",
        ),
        "DPDI 1 → 2": (Path(old), Path(new), None),
    }.items():
        times, page_size = in_process(str(a), str(b), n, args.rounds)
        print(describe(f"render_html, {label}", times) + f", {page_size / 1024:.0f} KB")
    return 0 if time_ok and size_ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
