"""Shared helpers for the benchmark scripts: where files are, and robust timing."""

from __future__ import annotations

import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = Path(os.environ.get("BILLDIFF_CORPUS", ROOT.parent / "shared" / "corpus"))


def corpus_file(relative: str) -> Path:
    """A corpus file, or exit with a message when the corpus is not beside the checkout."""
    path = CORPUS / relative
    if not path.is_file():
        sys.exit(f"benchmark needs {path} (the shared corpus)")
    return path


def alternate(
    a: Callable[[], object], b: Callable[[], object], rounds: int
) -> tuple[list[float], list[float]]:
    """Time ``a`` and ``b`` alternately ``rounds`` times, so machine noise hits both alike."""
    ta: list[float] = []
    tb: list[float] = []
    for _ in range(rounds):
        for fn, out in ((a, ta), (b, tb)):
            start = time.perf_counter()
            fn()
            out.append(time.perf_counter() - start)
    return ta, tb


def describe(name: str, times: list[float]) -> str:
    """Median, fastest and slowest of a list of timings, in milliseconds."""
    return (
        f"{name}: median {statistics.median(times) * 1000:.1f} ms "
        f"(min {min(times) * 1000:.1f}, max {max(times) * 1000:.1f}, n={len(times)})"
    )


def ratio_report(label: str, ours: list[float], base: list[float], budget: float) -> bool:
    """Print the median ratio (and the per-round spread, i.e. the noise); True if in budget."""
    ratios = sorted(o / b for o, b in zip(ours, base, strict=True))
    median = statistics.median(ratios)
    ok = median <= budget
    print(
        f"{label}: {median:.2f}x (per-round ratios {ratios[0]:.2f}..{ratios[-1]:.2f}); "
        f"budget {budget}x: {'OK' if ok else 'OVER'}"
    )
    return ok
