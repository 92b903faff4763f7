"""The test suite, run as CI and the README run it (``pytest -q``), says where it is."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT


def test_a_quiet_run_names_each_file_and_lists_the_slowest_tests() -> None:
    # A run of several minutes that prints only dots hides which file is slow or stuck.
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_normalise.py"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "tests/test_normalise.py ." in proc.stdout
    assert "slowest 10 durations" in proc.stdout
