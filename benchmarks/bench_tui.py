"""How fast the terminal UI is on DPDI 1 → 2 and on a synthetic 600-clause bill.

(a) Start-up, as whole processes, each run alternately with a baseline process that
    only imports Textual and starts an empty App (so machine noise hits both), timed
    from the moment the process is spawned: "shell" is until the app's first screen
    is up and taking keys (the comparison still loading in its worker), "redline"
    until the first page of the comparison is drawn. Each process does what
    ``billdiff view`` does (prints read in forked children while Textual starts, the
    garbage collector off while loading), headless.
(b) Moving to the next change: ``n`` pressed 250 times under Textual's pilot. Each
    timing is the event loop's busy time (every callback timed, idle waits left out)
    from the key press until the end of the first screen update that redrew the diff
    pane: the binding, the messages, the status line and that frame. The outline and
    notes panel follow 60 ms after the last move; "with side panels" adds them.
(c) Scrolling a page: ``pagedown`` likewise (the lines drawn are new, so nothing
    comes from the strip cache).

Budgets (issue 21), on DPDI 1 → 2: the first redline within 0.8 s (median, cold: the
prints are read, not taken from the model cache; a warm start is shown too, and the
empty Textual app's time beside both); ``n`` and ``pagedown`` within 16 ms (one frame)
at the 90th percentile. The last line is the verdict. Run:

    .venv/bin/python benchmarks/bench_tui.py [--rounds 5] [--presses 250]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ROOT, corpus_file, describe
from make_synthetic import make

# Each process prints how long after its spawn (wall clock, passed in) the moment came,
# then leaves at once: Textual would otherwise wait for the worker still loading.
BASELINE = """
import os, sys, time
spawned = float(sys.argv[1])
from textual.app import App
class Empty(App):
    def on_mount(self):
        self.call_after_refresh(self.done)
    def done(self):
        print(time.time() - spawned, flush=True)
        os._exit(0)
Empty().run(headless=True)
"""

VIEW = """
import gc, os, sys, time
spawned = float(sys.argv[1])
from pathlib import Path
from billdiff import parallel
from billdiff.formats import cache
from billdiff.tui import launch
from billdiff.tui.loading import Source
gc.disable()
parallel.enabled = True
cache.enabled = True
old, new, notes, stop_at = sys.argv[2:6]
source = Source(old, new, Path(notes))
source.start_reading()

def done(app):
    print(time.time() - spawned, flush=True)
    os._exit(0)

if stop_at == "shell":
    launch(source, headless=True, on_shell=done)
else:
    launch(source, headless=True, on_ready=done)
"""


REDLINE_BUDGET = 0.8
FRAME_BUDGET = 0.016


def _time_process(code: str, *args: str, env: dict[str, str] | None = None) -> float:
    spawned = time.time()
    out = subprocess.run(
        [sys.executable, "-c", code, repr(spawned), *args],
        check=True,
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
    )
    return float(out.stdout.split()[-1])


def startup(old: Path, new: Path, rounds: int) -> float:
    """Print the start-up figures; return the cold first redline's median."""
    with tempfile.TemporaryDirectory() as tmp:
        notes = str(Path(tmp) / "bench.notes.json")
        cold = {**os.environ, "BILLDIFF_NO_CACHE": "1"}
        warm = {**os.environ, "BILLDIFF_CACHE_DIR": str(Path(tmp) / "cache")}
        view = (str(old), str(new), notes)
        _time_process(VIEW, *view, "redline", env=warm)  # fills the model cache
        times: dict[str, list[float]] = {"baseline": [], "shell": [], "redline": [], "warm": []}
        for _ in range(rounds):
            times["baseline"].append(_time_process(BASELINE))
            times["shell"].append(_time_process(VIEW, *view, "shell", env=cold))
            times["redline"].append(_time_process(VIEW, *view, "redline", env=cold))
            times["warm"].append(_time_process(VIEW, *view, "redline", env=warm))
    for name, found in times.items():
        print("  " + describe(f"{name:8}", found))
    base = statistics.median(times["baseline"])
    for name in ("shell", "redline", "warm"):
        ratios = sorted(o / b for o, b in zip(times[name], times["baseline"], strict=True))
        print(
            f"  {name} / empty Textual app: {statistics.median(ratios):.2f}x "
            f"(per-round {ratios[0]:.2f}..{ratios[-1]:.2f}; baseline median {base * 1000:.0f} ms)"
        )
    return statistics.median(times["redline"])


class Meter:
    """Event-loop busy time: every callback the loop runs is timed (idle waits are not), and
    the busy total is noted when the first screen update that redrew the diff pane ends."""

    def __init__(self) -> None:
        self.busy = 0.0
        self.at_frame: float | None = None
        self._pane_drawn = False
        self._handle_start = 0.0

    def install(self, pane_class: type, screen_class: type) -> None:
        handle_run = asyncio.events.Handle._run
        meter = self

        def timed(handle: asyncio.events.Handle) -> None:
            start = meter._handle_start = time.perf_counter()
            try:
                handle_run(handle)
            finally:
                meter.busy += time.perf_counter() - start

        asyncio.events.Handle._run = timed  # type: ignore[method-assign]
        render_lines = pane_class.render_lines

        def pane_render(pane: object, crop: object) -> object:
            meter._pane_drawn = True
            return render_lines(pane, crop)

        pane_class.render_lines = pane_render
        refresh = screen_class._compositor_refresh

        def screen_refresh(screen: object) -> None:
            refresh(screen)
            if meter._pane_drawn and meter.at_frame is None:
                # the busy time so far, and this callback's own time up to now
                meter.at_frame = meter.busy + time.perf_counter() - meter._handle_start

        screen_class._compositor_refresh = screen_refresh

    def start(self) -> float:
        self.at_frame, self._pane_drawn = None, False
        return self.busy


async def _presses(
    meter: Meter, old: Path, new: Path, key: str, presses: int
) -> tuple[list[float], list[float]]:
    from billdiff.tui.app import BilldiffApp
    from billdiff.tui.loading import Source

    with tempfile.TemporaryDirectory() as tmp:
        app = BilldiffApp(Source(str(old), str(new), Path(tmp) / "n.json"), blink=False)
        app.animation_level = "none"
        async with app.run_test(size=(160, 48)) as pilot:
            while not app._drawn:
                await pilot.pause(0.05)
            await pilot.pause(0.5)
            pane = app.query_one("#diff")
            frames, totals = [], []
            for _ in range(presses):
                before = meter.start()
                await pilot.press(key)
                await pilot.pause(0.15)  # let the side panels catch up, outside the frame
                if meter.at_frame is not None:
                    frames.append(meter.at_frame - before)
                totals.append(meter.busy - before)
                if key == "pagedown" and pane.scroll_y >= pane.max_scroll_y:
                    await pilot.press("home")
                    await pilot.pause(0.15)
                elif key == "n" and pane.current >= len(app.layout_data.stops) - 1:
                    pane.go(0)
                    await pilot.pause(0.15)
    return frames, totals


async def _log_pages(meter: Meter, presses: int) -> list[float]:
    """The same measure for Textual's own Log widget paging through 5,000 lines at the same
    size: what one page costs in Textual on this machine."""
    from textual.app import App, ComposeResult
    from textual.widgets import Log

    class Pages(App[None]):
        def compose(self) -> ComposeResult:
            yield Log()

        def on_mount(self) -> None:
            log = self.query_one(Log)
            log.write_lines(
                [f"{n} " + "words of a clause, as a bill has them " * 3 for n in range(5000)]
            )
            log.scroll_home(animate=False)
            log.focus()

    app = Pages()
    app.animation_level = "none"
    frames = []
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause(0.5)
        for _ in range(presses):
            before = meter.start()
            await pilot.press("pagedown")
            await pilot.pause(0.05)
            if meter.at_frame is not None:
                frames.append(meter.at_frame - before)
    return frames


def moves(old: Path, new: Path, presses: int) -> dict[str, float]:
    """Print the figures of moving and scrolling; return the p90 of each key's frame."""
    from textual.screen import Screen
    from textual.widgets import Log

    from billdiff.tui.diffpane import DiffPane

    meter = Meter()
    meter.install(DiffPane, Screen)
    log_meter = Meter()
    log_meter.install(Log, Screen)
    p90s = {}
    for key in ("n", "pagedown"):
        frames, totals = asyncio.run(_presses(meter, old, new, key, presses))
        frames.sort()
        p90 = p90s[key] = frames[int(len(frames) * 0.9)]
        within = sum(t <= 0.016 for t in frames)
        print(
            "  "
            + describe(f"{key:8} to its frame", frames)
            + f", p90 {p90 * 1000:.1f} ms; within 16 ms: {within}/{len(frames)}"
        )
        print("  " + describe(f"{key:8} with side panels", totals))
    frames = asyncio.run(_log_pages(log_meter, presses))
    print("  " + describe("Textual's Log widget, pagedown to its frame", frames))
    return p90s


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--presses", type=int, default=250)
    args = parser.parse_args()
    dpdi = (
        corpus_file("uk-akn/dpdi-bill-1-hc-introduced.xml"),
        corpus_file("uk-akn/dpdi-bill-2-hc-committee.xml"),
    )
    verdicts: list[str] = []
    ok = False
    with tempfile.TemporaryDirectory() as tmp:
        synthetic = make(Path(tmp))
        for name, (old, new) in (("DPDI 1 → 2", dpdi), ("synthetic 600 clauses", synthetic)):
            size = (os.path.getsize(old) + os.path.getsize(new)) / 1e6
            print(f"{name} ({size:.1f} MB):")
            redline = startup(old, new, args.rounds)
            p90s = moves(old, new, args.presses)
            if name.startswith("DPDI"):
                verdicts.append(f"first redline {redline:.2f} s (budget {REDLINE_BUDGET})")
                verdicts += [f"{k} p90 {t * 1000:.1f} ms (budget 16)" for k, t in p90s.items()]
                ok = redline <= REDLINE_BUDGET and max(p90s.values()) <= FRAME_BUDGET
    print(f"bench_tui: {'OK' if ok else 'OVER BUDGET'}: {'; '.join(verdicts)}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
