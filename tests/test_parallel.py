"""Reading two prints on two cores gives exactly what reading them one by one gives."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from billdiff import load, parallel
from billdiff.errors import InputError, XMLError
from tests.conftest import PRINTS

pytestmark = pytest.mark.skipif(not hasattr(__import__("os"), "fork"), reason="needs os.fork")


@pytest.fixture
def forking(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "enabled", True)


@pytest.mark.usefixtures("forking")
def test_parallel_read_equals_serial_read() -> None:
    old, new = parallel.load_both(str(PRINTS[0]), str(PRINTS[1]))
    assert old == load(PRINTS[0])
    assert new == load(PRINTS[1])


@pytest.mark.usefixtures("forking")
def test_an_error_in_the_child_comes_back_as_the_same_error(tmp_path: Path) -> None:
    missing = tmp_path / "missing.xml"
    with pytest.raises(InputError, match="no such file"):
        parallel.load_both(str(missing), str(PRINTS[1]))
    broken = tmp_path / "broken.xml"
    broken.write_text("<unclosed>")
    with pytest.raises(XMLError, match="not well-formed XML"):
        parallel.load_both(str(broken), str(PRINTS[1]))


def test_the_billdiff_process_reports_a_child_error_as_one_line(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "billdiff", "diff", str(tmp_path / "gone.xml"), str(PRINTS[1])],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr == f"billdiff: {tmp_path / 'gone.xml'}: no such file\n"
