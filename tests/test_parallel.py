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
def test_one_job_beside_the_parents_own_goes_to_a_child() -> None:
    """The Keeling schedule's shape: the Bill read here (its passages keep its XML), the
    Act in a child at the same time."""

    def job(n: int) -> int:
        if n == 0:
            time.sleep(0.2)  # the parent is busy: the queued job is the child's to take
        return os.getpid()

    pids = parallel.map_shared(job, [0, 1], parent_only={0})
    assert pids[0] == os.getpid() and pids[1] != os.getpid()


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


@pytest.mark.usefixtures("forking")
@pytest.mark.parametrize("command", ["diff", "check", "export"])
def test_a_comparison_of_two_prints_reads_both_in_its_own_process(
    command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A forked reader doubled the peak memory of a diff and cost more CPU (pickling the
    # print back) than it saved: benchmarks/bench_diff.py.
    from billdiff import cli

    def no_fork() -> int:
        raise AssertionError("forked a reader")

    monkeypatch.setattr(os, "fork", no_fork)
    out = ["-o", str(tmp_path / "report.html")] if command == "export" else ["-q"]
    assert cli.main(["--no-cache", command, str(PRINTS[0]), str(PRINTS[1]), *out]) in (0, 1)


def test_without_forking_the_jobs_run_here_one_by_one() -> None:
    assert not parallel.enabled
    assert parallel.map_shared(lambda _: os.getpid(), [0, 1, 2]) == [os.getpid()] * 3


def _nested_print(path: Path, depth: int, word: str) -> Path:
    """A print whose one clause nests sub-paragraphs until the document is ``depth`` deep."""
    levels = depth - 6  # akomaNtoso, bill, body, the section; and content, p at the bottom
    path.write_text(
        '<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0" '
        'xmlns:ukl="https://www.legislation.gov.uk/namespaces/UK-AKN"><bill><meta><references>'
        '<TLCConcept eId="varProjectId" showAs="X1"/></references></meta><body>'
        + "<section><num>1</num>"
        + "<level><num>(a)</num>" * levels
        + f"<content><p>{word} words</p></content>"
        + "</level>" * levels
        + "</section></body></bill></akomaNtoso>"
    )
    return path


@pytest.fixture
def deepest(tmp_path: Path) -> list[str]:
    """Three prints nested as deep as the limits accept (one more level is refused)."""
    refused = _nested_print(tmp_path / "too-deep.xml", 257, "x")
    with pytest.raises(XMLError, match="nested more than 256 deep"):
        load(refused)
    return [str(_nested_print(tmp_path / f"{w}.xml", 256, w)) for w in ("one", "two", "three")]


@pytest.mark.parametrize(
    ("command", "expected"), [("diff", 1), ("history", 0)], ids=["diff", "history"]
)
def test_the_deepest_print_the_limits_accept_is_read_every_time(
    deepest: list[str], command: str, expected: int
) -> None:
    prints = deepest[:2] if command == "diff" else deepest
    for _ in range(4):
        proc = subprocess.run(
            [sys.executable, "-m", "billdiff", command, *prints, "-q"],
            capture_output=True,
            text=True,
        )
        assert (proc.returncode, proc.stderr) == (expected, "")


@pytest.mark.usefixtures("forking")
def test_the_deepest_print_comes_back_from_the_child_whole(deepest: list[str]) -> None:
    old, new = parallel.load_both(deepest[0], deepest[1])
    with parallel.deep_enough():  # comparing dataclasses recurses as deep as pickling
        assert (old, new) == (load(deepest[0]), load(deepest[1]))


def test_the_apps_reader_sends_back_the_deepest_print(deepest: list[str]) -> None:
    from billdiff.tui.loading import PendingPrint

    sent = PendingPrint(deepest[0]).result()
    with parallel.deep_enough():
        assert sent == load(deepest[0])
