"""The README's examples are what the tool really prints.

Every block in README.md that starts with ``$ billdiff …`` is run in the
fixtures' folder (where the example prints are), and its output must be the
rest of the block exactly.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, ROOT

BLOCKS = re.findall(r"```\n\$ (billdiff [^\n]+)\n(.*?)```", (ROOT / "README.md").read_text(), re.S)


def test_the_readme_has_examples() -> None:
    assert len(BLOCKS) >= 4


@pytest.mark.parametrize(("command", "expected"), BLOCKS, ids=[c[:60] for c, _ in BLOCKS])
def test_each_readme_example_prints_what_it_shows(command: str, expected: str) -> None:
    bin_dir = Path(sys.executable).parent
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"}
    env.pop("NO_COLOR", None)
    proc = subprocess.run(
        ["bash", "-c", command], cwd=FIXTURES, env=env, capture_output=True, text=True
    )
    assert proc.stdout == expected, proc.stderr


def _readme_block(opening: str) -> list[str]:
    """The lines of the README's code block whose first line starts with ``opening``."""
    text = (ROOT / "README.md").read_text()
    start = text.index(opening)
    return text[start : text.index("```", start)].splitlines()


def test_the_annotation_format_puts_previous_targets_beside_target_as_the_store_does() -> None:
    # notes reanchor --write keeps the old targets in the note's own previous_targets
    # (tests/test_notes_cli.py); the README's sketch of the file must nest it the same way.
    lines = _readme_block('  "schema": "billdiff.annotations"')
    indent = {
        key: next(len(line) - len(line.lstrip()) for line in lines if line.strip().startswith(key))
        for key in ('"target"', '"previous_targets"', '"source"')
    }
    assert indent['"previous_targets"'] == indent['"target"'] < indent['"source"']
