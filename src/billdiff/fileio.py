"""Writing files so that a crash never leaves a half-written one, or any litter.

The one implementation every writer uses: the annotation store and the
command line's ``-o FILE``. A file is either the old one or the new one,
never a mixture; it keeps its permissions and, where the system allows (as
root, or an owner changing the group to one of theirs), its owner and group;
a new file gets the umask's permissions.

On Linux the new content is written to an unnamed file in the target's
directory (``O_TMPFILE``), which the kernel removes by itself if the process
dies, even by SIGKILL; it is named only once it is complete and fsynced, and
renamed over the target at once. Where ``O_TMPFILE`` is not available (other
systems, some file systems) a named ``.NAME.XXXX.tmp`` file is used instead,
and a process killed mid-write leaves it behind (the notes store removes such
files when they are old; see :data:`billdiff.annotations.store.STALE_TEMP_AGE`).

:func:`atomic_write_text` writes only regular files: through a symlink it
replaces the file the link points to (the link stays), and it refuses a
dangling symlink, a directory, a FIFO, a socket or a device, and any of the
files it is told to protect (the inputs), however they are reached.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from billdiff.errors import InputError
from billdiff.sanitise import visible

_O_TMPFILE = getattr(os, "O_TMPFILE", 0)
# errno values with which open(O_TMPFILE) says "not here": fall back to a named file.
_NO_TMPFILE = {errno.EOPNOTSUPP, errno.EISDIR, errno.EINVAL, errno.ENOENT, errno.ENOSYS}


def atomic_write_text(
    path: str | os.PathLike[str],
    text: str,
    *,
    protect: Iterable[str | os.PathLike[str]] = (),
) -> None:
    """Write UTF-8 ``text`` to ``path`` atomically.

    Refuses, with a one-line :class:`InputError`, to write onto any of the
    ``protect`` paths (the same file by device and inode, however it is
    reached: the path itself, a symlink or a hard link; ``-`` and missing paths
    are ignored), and onto anything but a regular file or a new name. A symlink
    to a regular file is followed: that file is replaced and the link kept. An
    OSError while writing becomes a one-line InputError too.
    """
    target = checked_target(path, protect=protect)
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError as e:
        raise InputError(
            f"{visible(os.fspath(path))}: cannot write text holding a lone surrogate "
            f"(U+{ord(e.object[e.start]):04X})"
        ) from None
    _write_checked(target, data, path)


def atomic_write_bytes(
    path: str | os.PathLike[str],
    data: bytes,
    *,
    protect: Iterable[str | os.PathLike[str]] = (),
) -> None:
    """Write ``data`` to ``path`` atomically, refusing what :func:`atomic_write_text` refuses."""
    _write_checked(checked_target(path, protect=protect), data, path)


def _write_checked(target: Path, data: bytes, path: str | os.PathLike[str]) -> None:
    try:
        write_atomically(target, data)
    except OSError as e:
        raise InputError(f"{visible(os.fspath(path))}: cannot write ({e.strerror or e})") from None


def checked_target(
    path: str | os.PathLike[str], *, protect: Iterable[str | os.PathLike[str]] = ()
) -> Path:
    """The regular file that writing to ``path`` would replace (or create).

    Follows a symlink to an existing regular file. Raises :class:`InputError`
    (one line, saying what the path is) for a dangling symlink, a directory, a
    FIFO, a socket or a device, and for any of the ``protect`` paths.
    """
    name = os.fspath(path)
    shown = visible(name)
    try:
        link = os.lstat(name)
    except FileNotFoundError:
        return Path(name)
    except OSError as e:
        raise InputError(f"{shown}: cannot write ({e.strerror})") from None
    target = Path(name)
    if stat.S_ISLNK(link.st_mode):
        try:
            st = os.stat(name)
        except FileNotFoundError:
            raise InputError(
                f"{shown}: is a symbolic link to a file that does not exist "
                f"({visible(os.readlink(name))}); billdiff will not create a file wherever a "
                "link points"
            ) from None
        except OSError as e:
            raise InputError(f"{shown}: cannot write ({e.strerror})") from None
        target = Path(os.path.realpath(name))
    else:
        st = link
    if not stat.S_ISREG(st.st_mode):
        raise InputError(f"{shown}: {_not_regular(name, st.st_mode)}")
    for other in protect:
        other_name = os.fspath(other)
        if other_name == "-":
            continue
        try:
            other_st = os.stat(other_name)
        except OSError:
            continue
        if (other_st.st_dev, other_st.st_ino) == (st.st_dev, st.st_ino):
            raise InputError(
                f"{shown}: is the input {visible(other_name)}; billdiff will not overwrite an "
                "input with its output"
            )
    return target


def _not_regular(name: str, mode: int) -> str:
    """Why a path that exists cannot be written, naming what it is."""
    if stat.S_ISDIR(mode):
        return "is a directory; billdiff writes only regular files"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        kind = "character" if stat.S_ISCHR(mode) else "block"
        hint = " (to discard the output, use -q)" if os.path.realpath(name) == os.devnull else ""
        return f"is a {kind} device, not a regular file; billdiff writes only regular files{hint}"
    if stat.S_ISFIFO(mode):
        return "is a FIFO (named pipe), not a regular file; billdiff writes only regular files"
    if stat.S_ISSOCK(mode):
        return "is a socket, not a regular file; billdiff writes only regular files"
    return "is not a regular file; billdiff writes only regular files"


def write_atomically(target: Path, data: bytes, backup: bytes | None = None) -> None:
    """Replace ``target`` with ``data`` by rename, first keeping ``backup`` as ``TARGET.bak``
    if given: each is written in full to an unnamed (else a named) file in the same folder,
    fsynced, and renamed into place; then the folder is fsynced.

    ``target`` must be a regular file or a new name (see :func:`checked_target`).
    Keeps the old file's permissions, and its owner and group where allowed.
    Raises OSError; callers translate it into their own one-line error.
    """
    target = Path(target)
    like = _attributes(target)
    directory = os.open(target.parent, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        if backup is not None:
            backup_path = target.with_name(target.name + ".bak")
            _install(_write_temp(directory, backup_path, backup, like), backup_path)
        _install(_write_temp(directory, target, data, like), target)
        # The new file is already in place: a filesystem that cannot fsync a directory
        # must not make a save that happened look like a failure.
        with contextlib.suppress(OSError):
            os.fsync(directory)
    finally:
        os.close(directory)


@dataclass(slots=True)
class _Like:
    """What a replacement file takes from the file it replaces."""

    mode: int
    owner: tuple[int, int] | None


@dataclass(slots=True)
class _Temp:
    """A complete, fsynced file not yet in place: open and unnamed, or named."""

    directory: int
    target: Path
    fd: int | None = None
    name: str | None = None

    @property
    def prefix(self) -> str:
        """Temp files are called ``.TARGET.XXXX.tmp``, so litter says whose it is."""
        return f".{self.target.name}."


def _attributes(target: Path) -> _Like:
    """The permission bits (and owner) the new file gets: the old file's, else the umask's."""
    try:
        st = os.stat(target)
    except FileNotFoundError:
        return _Like(0o666 & ~_umask(), None)
    return _Like(stat.S_IMODE(st.st_mode), (st.st_uid, st.st_gid))


def _write_temp(directory: int, target: Path, data: bytes, like: _Like) -> _Temp:
    """Write ``data`` to a new fsynced file beside ``target``: unnamed where the system allows.

    ``directory`` is an open descriptor of ``target``'s folder.
    """
    temp = _Temp(directory, target)
    fd = _open_unnamed(directory)
    if fd is None:
        fd, temp.name = tempfile.mkstemp(dir=target.parent, prefix=temp.prefix, suffix=".tmp")
    try:
        _write_all(fd, data)
        if like.owner is not None:
            # Only root, or an owner moving the file to another of their groups, may do
            # this; anyone else gets a file of their own, as any editor would make.
            with contextlib.suppress(OSError):
                os.fchown(fd, *like.owner)
        os.fchmod(fd, like.mode)  # after fchown, which may clear set-id bits
        os.fsync(fd)
    except BaseException:
        os.close(fd)
        if temp.name is not None:
            _unlink_quietly(temp.name)
        raise
    if temp.name is None:
        temp.fd = fd
    else:
        os.close(fd)
    return temp


def _open_unnamed(directory: int) -> int | None:
    """An unnamed file (O_TMPFILE) in the directory, or None where there is no such thing."""
    if not _O_TMPFILE or not os.path.isdir("/proc/self/fd"):
        return None
    try:
        return os.open(".", _O_TMPFILE | os.O_WRONLY | os.O_CLOEXEC, 0o600, dir_fd=directory)
    except OSError as e:
        if e.errno in _NO_TMPFILE:
            return None
        raise


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _install(temp: _Temp, target: Path) -> None:
    """Put a written temp file in place of ``target`` (renaming over it), or remove it."""
    try:
        if temp.fd is not None:
            # Name the unnamed file (the only moment it has a name of its own), then rename.
            name = _link_unnamed(temp.fd, temp.directory, temp.prefix)
            temp.name = str(target.parent / name)
        assert temp.name is not None
        os.replace(temp.name, target)
        temp.name = None
    finally:
        if temp.fd is not None:
            os.close(temp.fd)
        if temp.name is not None:
            _unlink_quietly(temp.name)


def _link_unnamed(fd: int, directory: int, prefix: str) -> str:
    """Give an O_TMPFILE file a fresh ``PREFIXxxxx.tmp`` name in its directory; return it."""
    for _ in range(100):
        name = f"{prefix}{os.urandom(6).hex()}.tmp"
        try:
            # linkat(..., AT_SYMLINK_FOLLOW) through /proc: what open(2) documents for this.
            os.link(f"/proc/self/fd/{fd}", name, dst_dir_fd=directory, follow_symlinks=True)
            return name
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free temporary file name")


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
