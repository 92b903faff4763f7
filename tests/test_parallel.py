"""Reading two prints on two cores gives exactly what reading them one by one gives."""

from __future__ import annotations

import os
import subprocess
import sys
import time
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


def _slow_square(n: int) -> tuple[int, int]:
    time.sleep(0.05)
    return n * n, os.getpid()


@pytest.mark.usefixtures("forking")
def test_jobs_shared_with_a_child_come_back_in_order_with_every_done_call() -> None:
    done: list[int] = []
    results = parallel.map_shared(_slow_square, list(range(6)), done.append)
    assert [square for square, _ in results] == [0, 1, 4, 9, 16, 25]
    assert len({pid for _, pid in results}) == 2  # each process took jobs from the queue
    assert done == [1, 2, 3, 4, 5, 6]


@pytest.mark.usefixtures("forking")
def test_jobs_kept_for_the_parent_are_done_by_the_parent() -> None:
    pids = parallel.map_shared(lambda _: os.getpid(), [0, 1, 2], parent_only={1})
    assert pids[1] == os.getpid()


@pytest.mark.usefixtures("forking")
def test_an_error_in_a_shared_job_comes_back_as_the_same_error(tmp_path: Path) -> None:
    paths = [str(PRINTS[0]), str(tmp_path / "missing.xml"), str(PRINTS[1])]
    with pytest.raises(InputError, match=r"missing\.xml: no such file"):
        parallel.map_shared(load, paths)


@pytest.mark.usefixtures("forking")
def test_comparisons_made_in_the_child_equal_those_made_here() -> None:
    from billdiff import compare

    bills = [load(p) for p in PRINTS]
    pairs = [(bills[0], bills[1]), (bills[1], bills[2])]
    assert parallel.map_shared(lambda p: compare(*p), pairs) == [compare(*p) for p in pairs]


def test_without_forking_the_jobs_run_here_one_by_one() -> None:
    assert not parallel.enabled
    assert parallel.map_shared(lambda _: os.getpid(), [0, 1, 2]) == [os.getpid()] * 3
