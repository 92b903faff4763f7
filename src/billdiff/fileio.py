"""Writing files so that a crash never leaves a half-written one.

The one implementation every writer uses: the annotation store and the
command line's ``-o FILE``. A file is either the old one or the new one,
never a mixture, and it keeps its permissions (a new file gets the umask's).
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Sequence
from pathlib import Path

from billdiff.errors import InputError


def atomic_write_text(path: Path, text: str, *, protect: Sequence[str | Path] = ()) -> None:
    """Write UTF-8 ``text`` to ``path`` atomically, never onto one of the ``protect``ed files;
    an OSError becomes a one-line InputError."""
    for other in protect:
        with contextlib.suppress(OSError):
            if os.path.samefile(path, other):
                raise InputError(f"{path}: is one of the input files; not overwritten")
    try:
        write_atomically(path, text.encode("utf-8"))
    except OSError as e:
        raise InputError(f"{path}: cannot write ({e.strerror or e})") from None


def write_atomically(target: Path, data: bytes, backup: bytes | None = None) -> None:
    """Replace ``target`` with ``data`` by rename (temp file in the same folder, fsync,
    rename, fsync of the folder), first keeping ``backup`` as ``TARGET.bak`` if given.

    Raises OSError; callers translate it into their own one-line error.
    """
    mode = _mode_for(target)
    temp = _write_temp(target.parent, f".{target.name}.", data, mode)
    try:
        if backup is not None:
            backup_path = target.with_name(target.name + ".bak")
            backup_temp = _write_temp(target.parent, f".{backup_path.name}.", backup, mode)
            try:
                os.replace(backup_temp, backup_path)
            except BaseException:
                _unlink_quietly(backup_temp)
                raise
        os.replace(temp, target)
    except BaseException:
        _unlink_quietly(temp)
        raise
    # The new file is already in place: a filesystem that cannot fsync a directory
    # must not make a save that happened look like a failure.
    with contextlib.suppress(OSError):
        directory = os.open(target.parent, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)


def _write_temp(directory: Path, prefix: str, data: bytes, mode: int) -> str:
    """Write ``data`` to a new fsynced temp file in ``directory`` and return its name."""
    fd, name = tempfile.mkstemp(dir=directory, prefix=prefix, suffix=".tmp")
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fchmod(fd, mode)
            os.fsync(fd)
        finally:
            os.close(fd)
    except BaseException:
        _unlink_quietly(name)
        raise
    return name


def _mode_for(target: Path) -> int:
    """The permission bits to give the new file: the old file's, else the umask's default."""
    try:
        return stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        return 0o666 & ~_umask()


def _umask() -> int:
    """The process umask, read without changing it where Linux allows."""
    with (
        contextlib.suppress(OSError, ValueError),
        open("/proc/self/status", encoding="ascii", errors="replace") as status,
    ):
        for line in status:
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    # Setting the umask to read it races with other threads, so it is only the fallback.
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _unlink_quietly(name: str) -> None:
    """Remove a temp file during cleanup, ignoring that it may already be gone."""
    with contextlib.suppress(OSError):
        os.unlink(name)
