"""Specification of billdiff.fileio: atomic writes onto regular files only, never onto an
input, never leaving litter, even when the writer is killed."""

from __future__ import annotations

import os
import signal
import socket
import stat
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, NoReturn

import pytest

from billdiff import fileio
from billdiff.errors import InputError
from billdiff.fileio import atomic_write_text, checked_target, write_atomically

ROOT = Path(__file__).resolve().parents[1]
PRINT = ROOT / "fixtures" / "crime-and-policing" / "1-commons-introduced.xml"
as_root = pytest.mark.skipif(os.geteuid() != 0, reason="needs root")


@pytest.fixture
def bill(tmp_path: Path) -> Path:
    """An input file that must never be overwritten."""
    path = tmp_path / "old.xml"
    path.write_text("<the input bill/>")
    return path


def test_writes_a_new_file_with_the_umask_mode(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        atomic_write_text(tmp_path / "out.txt", "redline\n")
    finally:
        os.umask(old)
    assert (tmp_path / "out.txt").read_text() == "redline\n"
    assert stat.S_IMODE(os.stat(tmp_path / "out.txt").st_mode) == 0o640
    assert sorted(os.listdir(tmp_path)) == ["out.txt"]


def test_replaces_a_regular_file_keeping_its_mode(tmp_path: Path) -> None:
    out = tmp_path / "out.txt"
    out.write_text("old")
    out.chmod(0o604)
    atomic_write_text(out, "new")
    assert out.read_text() == "new"
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o604
    assert sorted(os.listdir(tmp_path)) == ["out.txt"]


@as_root
def test_replacing_a_file_keeps_its_owner_and_group(tmp_path: Path) -> None:
    out = tmp_path / "notes.json"
    out.write_text("old")
    os.chown(out, 4321, 4322)
    write_atomically(out, b"new", backup=b"old")
    assert (os.stat(out).st_uid, os.stat(out).st_gid) == (4321, 4322)
    bak = tmp_path / "notes.json.bak"
    assert (os.stat(bak).st_uid, os.stat(bak).st_gid) == (4321, 4322)


def test_refuses_to_write_onto_a_protected_input(bill: Path) -> None:
    with pytest.raises(InputError, match=r"is the input .*old\.xml; billdiff will not overwrite"):
        atomic_write_text(bill, "redline", protect=[bill])
    assert bill.read_text() == "<the input bill/>"


def test_refuses_a_hard_link_of_an_input(tmp_path: Path, bill: Path) -> None:
    link = tmp_path / "redline.txt"
    os.link(bill, link)
    with pytest.raises(InputError, match="is the input"):
        atomic_write_text(link, "redline", protect=["-", tmp_path / "absent.xml", bill])
    assert bill.read_text() == link.read_text() == "<the input bill/>"


def test_refuses_a_symlink_to_an_input(tmp_path: Path, bill: Path) -> None:
    link = tmp_path / "redline.txt"
    link.symlink_to(bill)
    with pytest.raises(InputError, match="is the input"):
        atomic_write_text(link, "redline", protect=[bill])
    assert link.is_symlink() and bill.read_text() == "<the input bill/>"


def test_refuses_an_input_named_through_a_symlink(tmp_path: Path, bill: Path) -> None:
    alias = tmp_path / "alias.xml"
    alias.symlink_to(bill)
    with pytest.raises(InputError, match="is the input"):
        atomic_write_text(bill, "redline", protect=[alias])


def test_writes_through_a_symlink_to_a_regular_file_replacing_the_target(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    real = tmp_path / "real" / "summary.md"
    real.write_text("old")
    link = tmp_path / "summary.md"
    link.symlink_to(real)
    atomic_write_text(link, "new")
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_text() == "new"
    assert sorted(os.listdir(tmp_path / "real")) == ["summary.md"]


def test_refuses_a_dangling_symlink_and_creates_nothing(tmp_path: Path) -> None:
    link = tmp_path / "out.txt"
    link.symlink_to(tmp_path / "elsewhere" / "planted.txt")
    (tmp_path / "elsewhere").mkdir()
    with pytest.raises(InputError, match="symbolic link to a file that does not exist"):
        atomic_write_text(link, "redline")
    assert os.listdir(tmp_path / "elsewhere") == []


def test_refuses_a_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is a directory; billdiff writes only regular files"):
        atomic_write_text(tmp_path, "redline")


def test_refuses_a_socket(tmp_path: Path) -> None:
    path = tmp_path / "s.sock"
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(path))
        with pytest.raises(InputError, match="is a socket"):
            atomic_write_text(path, "redline")
    assert stat.S_ISSOCK(os.lstat(path).st_mode)


@as_root
def test_refuses_a_device_node_and_leaves_it_a_device(tmp_path: Path) -> None:
    node = tmp_path / "null"
    os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    with pytest.raises(InputError, match="is a character device"):
        atomic_write_text(node, "redline")
    assert stat.S_ISCHR(os.lstat(node).st_mode)


@pytest.mark.skipif(
    not stat.S_ISCHR(os.lstat(os.devnull).st_mode),
    reason="this machine's /dev/null is not a device",
)
def test_dev_null_is_refused_with_a_hint_to_use_quiet() -> None:
    with pytest.raises(InputError, match=r"/dev/null: is a character device.*use -q\)"):
        checked_target("/dev/null")


def test_o_onto_a_fifo_is_refused_without_hanging_and_the_fifo_stays(tmp_path: Path) -> None:
    fifo = tmp_path / "out.fifo"
    os.mkfifo(fifo)
    proc = subprocess.run(
        [sys.executable, "-m", "billdiff", "outline", str(PRINT), "-o", str(fifo)],
        capture_output=True,
        text=True,
        timeout=20,
    )
    assert proc.returncode == 2
    assert proc.stderr == (
        f"billdiff: {fifo}: is a FIFO (named pipe), not a regular file; billdiff writes only "
        "regular files\n"
    )
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_text_with_a_lone_surrogate_is_refused_in_one_line(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"lone surrogate \(U\+D800\)"):
        atomic_write_text(tmp_path / "out.txt", "note \ud800")
    assert os.listdir(tmp_path) == []


def test_a_path_with_control_characters_is_shown_safely(tmp_path: Path) -> None:
    path = tmp_path / "out\n\x1b[2J"
    path.mkdir()
    with pytest.raises(InputError) as caught:
        atomic_write_text(path, "redline")
    assert "\n" not in str(caught.value) and "\x1b" not in str(caught.value)
    assert "out⟨U+000A⟩⟨U+001B⟩[2J: is a directory" in str(caught.value)


def test_a_failed_rename_leaves_the_old_file_and_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out.txt"
    out.write_text("old")

    def disk_full(src: Any, dst: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(fileio.os, "replace", disk_full)
    with pytest.raises(InputError, match="No space left on device"):
        atomic_write_text(out, "new")
    assert out.read_text() == "old"
    assert sorted(os.listdir(tmp_path)) == ["out.txt"]


def test_without_o_tmpfile_a_named_temp_file_is_used_and_removed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fileio, "_O_TMPFILE", 0)
    made: list[str] = []
    real_mkstemp = fileio.tempfile.mkstemp

    def recording_mkstemp(**kwargs: Any) -> tuple[int, str]:
        fd, name = real_mkstemp(**kwargs)
        made.append(name)
        return fd, name

    monkeypatch.setattr(fileio.tempfile, "mkstemp", recording_mkstemp)
    write_atomically(tmp_path / "notes.json", b"new", backup=b"old")
    assert [Path(name).name.startswith(".notes.json.") for name in made] == [True, True]
    assert sorted(os.listdir(tmp_path)) == ["notes.json", "notes.json.bak"]
    assert (tmp_path / "notes.json").read_bytes() == b"new"


# --- killed while writing ----------------------------------------------------------------

BIG = b"x" * (8 * 1024 * 1024)


def _slow_writer(target: Path, ready: int) -> NoReturn:
    """In a forked child: write BIG to ``target``, a slow chunk at a time; say when started."""
    try:

        def slow(fd: int, data: bytes) -> None:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view[: 64 * 1024]) :]
                if ready >= 0:
                    os.write(ready, b"w")
                time.sleep(0.01)

        fileio._write_all = slow  # type: ignore[assignment]
        atomic_write_text(target, BIG.decode())
    finally:
        os._exit(1)


def _has_unnamed_files(folder: Path) -> bool:
    directory = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fd = fileio._open_unnamed(directory)
        if fd is not None:
            os.close(fd)
        return fd is not None
    finally:
        os.close(directory)


def test_a_writer_killed_mid_write_leaves_no_litter(tmp_path: Path) -> None:
    if not _has_unnamed_files(tmp_path):
        pytest.skip("no O_TMPFILE on this file system: the named fallback is used")
    target = tmp_path / "redline.txt"
    target.write_text("previous redline")
    for _ in range(3):
        ready_read, ready_write = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(ready_read)
            _slow_writer(target, ready_write)
        os.close(ready_write)
        try:
            assert os.read(ready_read, 1) == b"w", "the writer died before writing"
            # Mid-write: the child holds an unnamed file in the folder, nothing named yet.
            fds = [os.readlink(f"/proc/{pid}/fd/{fd}") for fd in os.listdir(f"/proc/{pid}/fd")]
            assert any(fd.startswith(f"{tmp_path}/#") and "(deleted)" in fd for fd in fds)
        finally:
            os.close(ready_read)
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        assert sorted(os.listdir(tmp_path)) == ["redline.txt"]
        assert target.read_text() == "previous redline"


# --- read-only files, and the moment a file changes name ---------------------------------


def test_refuses_a_read_only_file_and_leaves_it_as_it_was(tmp_path: Path) -> None:
    out = tmp_path / "redline.txt"
    out.write_text("kept on purpose")
    out.chmod(0o444)
    with pytest.raises(InputError) as caught:
        atomic_write_text(out, "new")
    assert str(caught.value) == (
        f"{out}: the file is read-only (mode 0444); make it writable (chmod u+w) or write the "
        "output elsewhere"
    )
    assert out.read_text() == "kept on purpose"
    assert sorted(os.listdir(tmp_path)) == ["redline.txt"]


def test_a_new_file_is_linked_straight_to_its_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not _has_unnamed_files(tmp_path):
        pytest.skip("no O_TMPFILE on this file system: the named fallback is used")
    names: list[str] = []
    real_link = os.link

    def recording_link(src: Any, dst: Any, **kwargs: Any) -> None:
        names.append(os.fspath(dst))
        real_link(src, dst, **kwargs)

    monkeypatch.setattr(fileio.os, "link", recording_link)
    atomic_write_text(tmp_path / "redline.txt", "new")
    assert names == ["redline.txt"]  # never a temporary name
    assert (tmp_path / "redline.txt").read_text() == "new"


def test_a_signal_between_naming_and_renaming_lands_after_the_rename(tmp_path: Path) -> None:
    if not _has_unnamed_files(tmp_path):
        pytest.skip("no O_TMPFILE on this file system: the named fallback is used")
    out = tmp_path / "redline.txt"
    out.write_text("previous redline")
    # A closed terminal (SIGHUP, whose default is to end the process) exactly between the
    # temporary name and the rename: the widest the window can be made.
    code = (
        "import os, signal, sys\n"
        "from billdiff import fileio\n"
        "real_replace = os.replace\n"
        "def hung_up_then_replace(src, dst):\n"
        "    os.kill(os.getpid(), signal.SIGHUP)\n"
        "    real_replace(src, dst)\n"
        "fileio.os.replace = hung_up_then_replace\n"
        "fileio.atomic_write_text(sys.argv[1], 'new redline')\n"
        "print('finished')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(out)], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == -signal.SIGHUP and done.stdout == ""
    assert sorted(os.listdir(tmp_path)) == ["redline.txt"]
    assert out.read_text() == "new redline"


def test_the_next_write_removes_what_a_writer_killed_in_that_moment_left(
    tmp_path: Path,
) -> None:
    out = tmp_path / "redline.txt"
    out.write_text("previous redline")
    litter = tmp_path / ".redline.txt.5f2a9c03b1de.tmp"  # SIGKILL between link and rename
    recent = tmp_path / ".redline.txt.0123456789ab.tmp"  # another writer's, in progress
    for file in (litter, recent):
        file.write_text("new redl")
    old = time.time() - fileio.STALE_TEMP_AGE - 60
    os.utime(litter, (old, old))
    atomic_write_text(out, "new redline")
    assert sorted(os.listdir(tmp_path)) == [recent.name, "redline.txt"]
