"""Where the time of one ``billdiff diff --format json`` on DPDI 1 → 2 goes, phase by phase.

In one process, after a first run to load everything: the diff is run in this process
(one core, no cache) ``--rounds`` times, with the functions that make up each phase
wrapped to add up their CPU time; the median of each phase is printed. Start-up is
timed as separate processes: the bare interpreter, and the imports a diff makes.

    python benchmarks/phases.py [--rounds 15]
    PYTHONPATH=/tmp/old/src python benchmarks/phases.py   # another version's code

The wrapped functions are found by name, so the same script measures older code too
(a phase that code does not have is left out).
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import io
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import corpus_file

# (phase, module, attribute): the outermost call of each is timed; nested phases are
# subtracted from the phases that hold them, in this order.
PHASES = (
    ("read, safety checks, SHA-256", "billdiff.formats.xmlsafe", "read_bytes"),
    ("read, safety checks, SHA-256", "billdiff.formats.xmlsafe", "prepare"),
    ("lxml parse and tree checks", "billdiff.formats.xmlsafe", "parse_prepared"),
    ("tree preparation", "billdiff.formats.akn", "_prepare"),
    ("provision tree and its text", "billdiff.formats.akn", "_Walker.children"),
    ("word diff", "billdiff.textdiff", "diff_words"),
    ("comparison (pairing, classes, rest)", "billdiff.engine", "compare"),
    ("JSON", "billdiff.render.data", "render_json"),
)
_IMPORTS = (
    "import time; t = time.perf_counter()\n"
    "import billdiff.cli, billdiff.cli.diff, billdiff.formats, billdiff.engine\n"
    "import billdiff.render.data\n"
    "print(time.perf_counter() - t)\n"
)


def _timed(totals: dict[str, float], stack: list[str], phase: str, fn: Callable[..., Any]):
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if stack and stack[-1] == phase:
            return fn(*args, **kwargs)  # a recursive or repeated inner call: already counted
        stack.append(phase)
        start = time.process_time()
        try:
            return fn(*args, **kwargs)
        finally:
            spent = time.process_time() - start
            stack.pop()
            totals[phase] += spent
            if stack:
                totals[stack[-1]] -= spent  # the holder's own time excludes this phase

    return wrapper


def _install(totals: dict[str, float], stack: list[str]) -> list[str]:
    found = []
    for phase, module_name, attribute in PHASES:
        module = importlib.import_module(module_name)
        owner: Any = module
        *path, name = attribute.split(".")
        for part in path:
            owner = getattr(owner, part)
        fn = getattr(owner, name, None)
        if fn is None:
            continue
        setattr(owner, name, _timed(totals, stack, phase, fn))
        for other in list(sys.modules.values()):  # names imported elsewhere with from-import
            if other is not module and getattr(other, name, None) is fn and not path:
                setattr(other, name, getattr(owner, name))
        found.append(phase)
    return found


def _process(code: str) -> float:
    start = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout) if out.stdout.strip() else time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()
    old = str(corpus_file("uk-akn/dpdi-bill-1-hc-introduced.xml"))
    new = str(corpus_file("uk-akn/dpdi-bill-2-hc-committee.xml"))
    import compileall

    import billdiff
    from billdiff import cli

    # Start-up must not include compiling: an installed billdiff has its bytecode.
    compileall.compile_dir(str(Path(billdiff.__file__).parent), quiet=1)

    print(f"code: {Path(billdiff.__file__).parent}")
    argv = ["diff", "--format", "json", old, new]
    with contextlib.redirect_stdout(io.StringIO()):
        cli.main(argv)
    totals: dict[str, float] = defaultdict(float)
    stack: list[str] = []
    phases = _install(totals, stack)
    runs: dict[str, list[float]] = defaultdict(list)
    for _ in range(args.rounds):
        totals.clear()
        start = time.process_time()
        with contextlib.redirect_stdout(io.StringIO()):
            cli.main(argv)
        whole = time.process_time() - start
        for phase in dict.fromkeys(phases):
            runs[phase].append(totals[phase])
        runs["the rest (SHA-256, arguments, warnings…)"].append(whole - sum(totals.values()))
        runs["whole diff in this process"].append(whole)
    interpreter = [_process("pass") for _ in range(args.rounds)]
    imports = [_process(_IMPORTS) for _ in range(args.rounds)]
    print(f"{'interpreter start (process)':40} {statistics.median(interpreter) * 1000:7.1f} ms")
    print(f"{'imports of a diff (process)':40} {statistics.median(imports) * 1000:7.1f} ms")
    for phase, times in runs.items():
        spread = f"({min(times) * 1000:.1f}..{max(times) * 1000:.1f})"
        print(f"{phase:40} {statistics.median(times) * 1000:7.1f} ms  {spread}")


if __name__ == "__main__":
    main()
