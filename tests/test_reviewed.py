"""Reviewed marks: kept beside the notes, keyed by a unit's content, cleared when it changes."""

from __future__ import annotations

import contextlib
import json
import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from conftest import PRINTS

from billdiff import compare, load
from billdiff.annotations import reviewed
from billdiff.annotations.reviewed import (
    SCHEMA,
    ReviewedMarks,
    content_key,
    reviewed_path,
)
from billdiff.errors import AnnotationError


@pytest.fixture(scope="module")
def one_two():
    return compare(load(PRINTS[0]), load(PRINTS[1]))


@pytest.fixture(scope="module")
def two_three():
    return compare(load(PRINTS[1]), load(PRINTS[2]))


def unit(comparison, label):
    return next(u for u in comparison.units if u.label == label)


def test_the_marks_file_sits_beside_the_notes_file() -> None:
    assert reviewed_path(Path("/x/bill-2.notes.json")) == Path("/x/bill-2.reviewed.json")
    assert reviewed_path(Path("/x/notes.json")) == Path("/x/notes.reviewed.json")


def test_a_mark_is_saved_read_back_and_taken_off(tmp_path: Path, one_two) -> None:
    path = tmp_path / "b.reviewed.json"
    marks = ReviewedMarks.open(path)
    clause_12 = unit(one_two, "clause 12")
    assert not marks.is_reviewed(clause_12)
    marks.mark(clause_12, "A. Lawyer", when="2026-01-01T00:00:00Z")
    marks.save()
    data = json.loads(path.read_text())
    assert data["schema"] == SCHEMA and data["version"] == 1
    assert data["marks"] == [
        {
            "unit": clause_12.key,
            "content": content_key(clause_12),
            "label": "clause 12",
            "by": "A. Lawyer",
            "at": "2026-01-01T00:00:00Z",
        }
    ]
    again = ReviewedMarks.open(path)
    assert again.is_reviewed(clause_12) and again.count(one_two.units) == 1
    assert again.toggle(clause_12, "A. Lawyer") is False
    again.save()
    assert json.loads(path.read_text())["marks"] == []


def test_a_mark_holds_while_the_unit_is_the_same_and_clears_when_it_changes(
    tmp_path: Path, one_two, two_three
) -> None:
    marks = ReviewedMarks(tmp_path / "m.json")
    for u in one_two.changed_units():
        marks.mark(u, "A. Lawyer")
    # The same pair of prints read again: every mark holds.
    again = compare(load(PRINTS[0]), load(PRINTS[1]))
    assert all(marks.is_reviewed(u) for u in again.changed_units())
    # Print 3 replaces print 2: 1 → 3 shows what was reviewed on 1 → 2 where Report left the
    # unit alone, and clears the mark wherever Report changed it again.
    one_three = compare(load(PRINTS[0]), load(PRINTS[2]))
    changed_again = {u.key for u in two_three.changed_units()}
    for u in one_three.changed_units():
        if u.key in changed_again:
            assert not marks.is_reviewed(u), u.label
    kept = [u for u in one_three.changed_units() if marks.is_reviewed(u)]
    assert kept and all(u.key not in changed_again for u in kept)


def test_the_content_key_follows_the_words_not_the_object(one_two) -> None:
    import dataclasses

    clause_12 = unit(one_two, "clause 12")
    assert content_key(clause_12) == content_key(dataclasses.replace(clause_12))
    assert clause_12.new is not None
    edited = dataclasses.replace(
        clause_12, new=dataclasses.replace(clause_12.new, text=clause_12.new.text + " More.")
    )
    assert content_key(edited) != content_key(clause_12)


def test_saving_keeps_marks_another_reader_saved_meanwhile(tmp_path: Path, one_two) -> None:
    path = tmp_path / "m.json"
    ours, theirs = ReviewedMarks.open(path), ReviewedMarks.open(path)
    ours.mark(unit(one_two, "clause 12"), "Ours")
    theirs.mark(unit(one_two, "clause 1"), "Theirs")
    theirs.save()
    ours.save()
    labels = sorted(m["label"] for m in json.loads(path.read_text())["marks"])
    assert labels == ["clause 1", "clause 12"]
    # and an unmark of ours removes only ours
    ours.unmark(unit(one_two, "clause 12"))
    ours.save()
    assert [m["label"] for m in json.loads(path.read_text())["marks"]] == ["clause 1"]


@pytest.mark.parametrize(
    "content,words",
    [
        ("{nope", "not valid JSON"),
        ('{"schema": "other", "version": 1, "marks": []}', "schema"),
        ('{"schema": "billdiff.reviewed", "version": 9, "marks": []}', "newer billdiff"),
        ('{"schema": "billdiff.reviewed", "version": 1, "marks": [{"unit": 1}]}', "missing"),
    ],
)
def test_a_bad_file_is_refused_and_left_alone(tmp_path: Path, content: str, words: str) -> None:
    path = tmp_path / "m.json"
    path.write_text(content)
    with pytest.raises(AnnotationError, match=words):
        ReviewedMarks.open(path)
    assert path.read_text() == content


def test_concurrent_saves_from_threads_lose_nothing(tmp_path: Path, one_two) -> None:
    path = tmp_path / "m.json"
    units = [u for u in one_two.units if u.changed][:4]
    stores = [ReviewedMarks.open(path) for _ in units]
    for store, u in zip(stores, units, strict=True):
        store.mark(u, "A")
    lock = threading.Lock()  # one process saves one at a time, as the app does

    def save(store: ReviewedMarks) -> None:
        with lock:
            store.save()

    threads = [threading.Thread(target=save, args=(s,)) for s in stores]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(json.loads(path.read_text())["marks"]) == len(units)


# --- the notes store's file rules -----------------------------------------------------------


def _open_in_child(path: Path) -> subprocess.CompletedProcess[str]:
    """Open the marks file in a child with 1 GB of memory and 30 s: what it printed."""
    code = (
        "import resource, sys\n"
        "resource.setrlimit(resource.RLIMIT_AS, (2**30, 2**30))\n"
        "from billdiff.annotations.reviewed import ReviewedMarks\n"
        "from billdiff.errors import AnnotationError\n"
        "try:\n"
        "    ReviewedMarks.open(sys.argv[1])\n"
        "except AnnotationError as e:\n"
        "    print(e)\n"
    )
    return subprocess.run(
        [sys.executable, "-c", code, str(path)], capture_output=True, text=True, timeout=30
    )


def test_a_symlink_to_dev_zero_is_refused_without_reading_it(tmp_path: Path) -> None:
    link = tmp_path / "b.reviewed.json"
    link.symlink_to("/dev/zero")
    done = _open_in_child(link)
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == f"{link} is a device, not a reviewed-marks file\n"


def test_a_fifo_is_refused_without_hanging(tmp_path: Path) -> None:
    fifo = tmp_path / "b.reviewed.json"
    os.mkfifo(fifo)
    try:
        done = _open_in_child(fifo)
    finally:
        with contextlib.suppress(OSError):  # release a reader that did block
            os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
    assert done.stdout == f"{fifo} is a FIFO (named pipe), not a reviewed-marks file\n"


def test_a_marks_file_over_the_size_limit_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "b.reviewed.json"
    with path.open("wb") as fh:  # sparse: large on paper, nothing on disk
        fh.truncate(reviewed.MAX_FILE_BYTES + 1)
    with pytest.raises(AnnotationError, match="is larger than 8 MB, which billdiff does not read"):
        ReviewedMarks.open(path)


def test_a_read_only_marks_file_is_refused_and_left_as_it_was(tmp_path: Path, one_two) -> None:
    path = tmp_path / "b.reviewed.json"
    marks = ReviewedMarks.open(path)
    marks.mark(unit(one_two, "clause 12"), "A. Lawyer")
    marks.save()
    path.chmod(0o444)
    before = path.read_bytes()
    marks.mark(unit(one_two, "clause 1"), "A. Lawyer")
    with pytest.raises(AnnotationError, match=r"the file is read-only \(mode 0444\); make it"):
        marks.save()
    assert path.read_bytes() == before
    assert stat.S_IMODE(path.stat().st_mode) == 0o444


def test_a_reviewer_name_that_is_not_utf8_is_refused_when_marking(tmp_path: Path, one_two) -> None:
    path = tmp_path / "b.reviewed.json"
    marks = ReviewedMarks.open(path)
    clause_12 = unit(one_two, "clause 12")
    # What os.environ holds for BILLDIFF_AUTHOR set to Latin-1 bytes.
    with pytest.raises(AnnotationError, match=r"lone surrogate \(U\+DCE9\)") as caught:
        marks.mark(clause_12, "Ren\udce9e")
    assert "\n" not in str(caught.value)
    assert not marks.is_reviewed(clause_12)
    marks.mark(unit(one_two, "clause 1"), "Renée")
    marks.save()
    assert [m["by"] for m in json.loads(path.read_text(encoding="utf-8"))["marks"]] == ["Renée"]


def test_concurrent_writers_in_many_processes_lose_no_mark(tmp_path: Path, one_two) -> None:
    path = tmp_path / "b.reviewed.json"
    writers, each = 8, 5
    units = list(one_two.units)[: writers * each]
    assert len(units) == writers * each
    go_read, go_write = os.pipe()
    children = []
    for k in range(writers):
        pid = os.fork()
        if pid == 0:  # a reader marking units one at a time, saving each, as the app does
            code = 1
            try:
                os.close(go_write)
                os.read(go_read, 1)
                marks = ReviewedMarks.open(path)
                for u in units[k * each : (k + 1) * each]:
                    marks.mark(u, f"Reader {k}")
                    marks.save()
                code = 0
            finally:
                os._exit(code)
        children.append(pid)
    os.close(go_read)
    os.write(go_write, b"g" * writers)  # all start at once
    os.close(go_write)
    codes = [os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) for pid in children]
    assert codes == [0] * writers
    saved = json.loads(path.read_text())["marks"]
    assert len(saved) == writers * each
    assert sorted(os.listdir(tmp_path)) == ["b.reviewed.json"]
