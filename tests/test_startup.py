"""A run imports only what its command needs (start-up is a tenth of a diff's time)."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import PRINTS

_MODULES_AFTER = (
    "import json, sys\n"
    "from billdiff.cli import main\n"
    "main(sys.argv[1:])\n"
    "print(json.dumps(sorted(sys.modules)))\n"
)


def modules_after(*argv: str) -> set[str]:
    proc = subprocess.run(
        [sys.executable, "-c", _MODULES_AFTER, *argv], capture_output=True, text=True, check=True
    )
    return set(json.loads(proc.stdout.splitlines()[-1]))


def test_diff_imports_neither_other_commands_nor_notes_nor_the_ui() -> None:
    loaded = modules_after("diff", "--format", "json", "-q", str(PRINTS[0]), str(PRINTS[1]))
    commands = {m for m in loaded if m.startswith("billdiff.cli.")}
    assert commands == {"billdiff.cli.common", "billdiff.cli.diff"}
    unwanted = ("billdiff.annotations", "billdiff.render.html", "billdiff.amend", "textual")
    assert not {m for m in loaded if m.startswith(unwanted)}
    assert "markdown_it" not in loaded


def test_diff_imports_neither_traceback_nor_pickle() -> None:
    # traceback is for --debug alone, pickle for a forked child's result, which diff no
    # longer has: each cost milliseconds of every run's start.
    loaded = modules_after("diff", "--format", "json", "-q", str(PRINTS[0]), str(PRINTS[1]))
    assert not {"traceback", "pickle"} & loaded


def test_outline_does_not_import_the_comparison_engine() -> None:
    loaded = modules_after("outline", "--format", "json", "-q", str(PRINTS[0]))
    assert {m for m in loaded if m.startswith("billdiff.cli.")} == {
        "billdiff.cli.common",
        "billdiff.cli.outline",
    }
    assert not {"billdiff.engine", "billdiff.align", "billdiff.textdiff"} & loaded
