"""The files billdiff writes and keeps: atomic writes, and one set of rules for the small
files it reads back and updates (the notes, the reviewed marks, the keymap).

**Writing.** The one implementation every writer uses: the annotation store, the
reviewed marks and the command line's ``-o FILE``. A file is either the old one or
the new one, never a mixture; it keeps its permissions and, where the system allows
(as root, or an owner changing the group to one of theirs), its owner and group; a
new file gets the umask's permissions.

On Linux the new content is written to an unnamed file in the target's directory
(``O_TMPFILE``), which the kernel removes by itself if the process dies, even by
SIGKILL. Once it is complete and fsynced it becomes the file: a new file is linked
straight to its name; an existing one is replaced by linking the unnamed file to a
temporary name and renaming that over it at once, with every signal that can be
blocked held back for those two calls, so an interrupt, a SIGTERM or a closed terminal
lands before or after, never between. Only SIGKILL or a power cut in that window, or a
system without ``O_TMPFILE`` (a named ``.NAME.XXXX.tmp`` file is then written instead),
can leave a temporary file behind; the next write of the same file removes any that
are older than :data:`STALE_TEMP_AGE`.

:func:`atomic_write_text` writes only regular files: through a symlink it replaces the
file the link points to (the link stays), and it refuses a dangling symlink, a
directory, a FIFO, a socket or a device, a read-only file, and any of the files it is
told to protect (the inputs), however they are reached.

**Kept files** (:class:`KeptFile`): a small file billdiff reads and, for the notes and
the reviewed marks, updates in place. One set of rules for all of them:

* only a regular file, or a symlink to one, is read: a directory, FIFO, socket or
  device, or a symlink to a file that does not exist, is refused in one line (checked
  with ``stat``, and again with ``fstat`` on a non-blocking open, so a FIFO swapped in
  never hangs the reader and ``/dev/zero`` is never read);
* a file larger than its limit is refused before it is read;
* saving takes an exclusive lock, re-reads the file and writes the merged result, so
  concurrent writers take turns and none loses the other's work; it refuses a file
  that is read-only (no write bit in its mode; as root ``os.access`` allows everything,
  so the mode bits decide) or belongs to someone else who has not let this user write
  it.

**Locking.** Writers take an exclusive ``flock`` on the kept file's *directory*, which
every process that can list the directory can open (whoever owns it, root included),
so there is no lock file to leave behind. It serialises the saves of every kept file
in that directory, which take milliseconds. Where the directory cannot be opened or
locked (no read permission, some network file systems), a ``PATH.lock`` file beside
the file is used instead, and it is left in place (removing it safely would need a
second lock).

**JSON** (:func:`parse_json`, :func:`json_bytes`): kept JSON files are read strictly
(UTF-8, no duplicate keys, no NaN, a bounded number of objects and arrays counted before
parsing) and written with sorted keys so they diff cleanly; a lone surrogate already in
a file (a JSON ``\\ud800`` escape) is kept by writing ASCII escapes.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import re
import signal
import stat
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from billdiff.errors import BilldiffError, InputError
from billdiff.sanitise import visible

_O_TMPFILE = getattr(os, "O_TMPFILE", 0)
# errno values with which open(O_TMPFILE) says "not here": fall back to a named file.
_NO_TMPFILE = {errno.EOPNOTSUPP, errno.EISDIR, errno.EINVAL, errno.ENOENT, errno.ENOSYS}

#: Seconds a writer of a kept file waits for another writer's lock before giving up.
LOCK_TIMEOUT = 30.0
#: Age in seconds after which a temporary file beside a file billdiff writes is a dead
#: writer's litter (see the module docstring for how one can be left).
STALE_TEMP_AGE = 600.0


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
    are ignored), onto a read-only file, and onto anything but a regular file or
    a new name. A symlink to a regular file is followed: that file is replaced and
    the link kept. An OSError while writing becomes a one-line InputError too.
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
        _remove_stale_temps(target)
        write_atomically(target, data)
    except OSError as e:
        raise InputError(f"{visible(os.fspath(path))}: cannot write ({e.strerror or e})") from None


def checked_target(
    path: str | os.PathLike[str], *, protect: Iterable[str | os.PathLike[str]] = ()
) -> Path:
    """The regular file that writing to ``path`` would replace (or create).

    Follows a symlink to an existing regular file. Raises :class:`InputError`
    (one line, saying what the path is) for a dangling symlink, a directory, a
    FIFO, a socket or a device, for any of the ``protect`` paths, and for a
    read-only file (the rule of :func:`read_only`).
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
    why = read_only(target, st, "or write the output elsewhere")
    if why:
        raise InputError(f"{shown}: {why}")
    return target


def read_only(path: Path, st: os.stat_result, remedy: str) -> str | None:
    """Why the existing file ``path`` (whose ``stat`` is ``st``) must not be replaced, or None.

    A file with no write bit in its mode was made read-only on purpose (root passes
    every ``os.access`` check, so the bits decide); one this process may not write
    belongs to someone else, and replacing it through the directory would take it
    over. ``remedy`` ends the first reason: "make it writable (chmod u+w) REMEDY".
    """
    mode = stat.S_IMODE(st.st_mode)
    if not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        return f"the file is read-only (mode {mode:04o}); make it writable (chmod u+w) {remedy}"
    if not os.access(path, os.W_OK):
        return (
            f"the file is read-only for this user (owner uid {st.st_uid}, mode {mode:04o}); "
            "ask its owner to make it writable"
        )
    return None


def _not_regular(name: str, mode: int) -> str:
    """Why a path that exists cannot be written, naming what it is."""
    if stat.S_ISDIR(mode):
        return "is a directory; billdiff writes only regular files"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        kind = "character" if stat.S_ISCHR(mode) else "block"
        hint = " (to discard the output, use -q)" if os.path.realpath(name) == os.devnull else ""
        return f"is a {kind} device, not a regular file; billdiff writes only regular files{hint}"
    what = kind_name(mode)
    if not what.startswith("is not"):
        what += ", not a regular file"
    return f"{what}; billdiff writes only regular files"


def kind_name(mode: int) -> str:
    """What a path that is not a regular file is, as the end of "PATH is ..."."""
    if stat.S_ISDIR(mode):
        return "is a directory"
    if stat.S_ISFIFO(mode):
        return "is a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "is a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "is a device"
    return "is not a regular file"


def write_atomically(target: Path, data: bytes, backup: bytes | None = None) -> None:
    """Replace ``target`` with ``data``, first keeping ``backup`` as ``TARGET.bak`` if given:
    each is written in full to an unnamed (else a named) file in the same folder, fsynced,
    and put in place (see the module docstring); then the folder is fsynced.

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
    """Put a written temp file in place of ``target``, or remove it."""
    try:
        # Naming the unnamed file is the only moment it has a name of its own: no signal
        # that can be held back may end the process between the link and the rename.
        with _signals_held():
            if temp.fd is not None:
                if _link_new(temp.fd, temp.directory, target.name):
                    return
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


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Hold back (in this thread) every signal that can be blocked; they arrive afterwards."""
    mask = getattr(signal, "pthread_sigmask", None)
    if mask is None:
        yield
        return
    before = mask(signal.SIG_BLOCK, signal.valid_signals())
    try:
        yield
    finally:
        mask(signal.SIG_SETMASK, before)


def _link_new(fd: int, directory: int, name: str) -> bool:
    """Give an O_TMPFILE file the target's own name if nothing has it yet; whether it did."""
    try:
        os.link(f"/proc/self/fd/{fd}", name, dst_dir_fd=directory, follow_symlinks=True)
    except FileExistsError:
        return False
    return True


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


def _remove_stale_temps(target: Path) -> None:
    """Delete the temporary files of ``target`` that writers which died left behind."""
    pattern = re.compile(re.escape(f".{target.name}.") + r"(?:bak\.)?[a-z0-9_]+\.tmp")
    # A live writer's temporary file is named for microseconds (a named fallback file
    # for the length of one write); the age margin also protects writers that do not
    # share the lock (another machine over NFS, two -o writers of one file).
    cutoff = time.time() - STALE_TEMP_AGE
    with contextlib.suppress(OSError), os.scandir(target.parent) as entries:
        for entry in entries:
            if not pattern.fullmatch(entry.name):
                continue
            # Best effort: litter that cannot be removed must not stop the write.
            with contextlib.suppress(OSError):
                info = entry.stat(follow_symlinks=False)
                if stat.S_ISREG(info.st_mode) and info.st_mtime < cutoff:
                    os.unlink(entry.path)


# --- kept files ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class KeptFile:
    """The rules for one kind of small file billdiff reads and keeps (see the module
    docstring): what it is called in messages, the largest it may be, and the error a
    problem with it raises.

    >>> keymap = KeptFile("keymap file", "keys", 64 * 1024, "real ones are under 4 KB")
    >>> keymap.read(Path("/nonexistent/keymap.toml")) is None
    True
    """

    #: What the file is, as in "PATH is a FIFO (named pipe), not a notes file".
    what: str
    #: What is saved in it, as in "make it writable (chmod u+w) to save notes in it".
    contents: str
    #: The largest file read, in bytes.
    max_bytes: int
    #: Why that is enough, as in "(real ones are under 2 MB)".
    typical: str
    error: type[BilldiffError] = InputError

    def check(self, path: Path) -> os.stat_result | None:
        """``stat`` of ``path`` (following a symlink), None if nothing is there; refuses
        anything but a regular file, and a symlink to nothing."""
        shown = shown_path(path)
        try:
            st = os.stat(path)
        except FileNotFoundError:
            if os.path.islink(path):
                raise self.error(
                    f"{shown} is a symbolic link to a file that does not exist "
                    f"({shown_path(os.readlink(path))}); billdiff will not create a {self.what} "
                    "wherever a link points"
                ) from None
            return None
        except OSError as exc:
            raise self.error(f"cannot read {shown}: {_reason(exc)}") from exc
        if not stat.S_ISREG(st.st_mode):
            raise self.error(f"{shown} {kind_name(st.st_mode)}, not a {self.what}")
        return st

    def read(self, path: Path) -> bytes | None:
        """The file's bytes, or None if it does not exist; never blocks on a FIFO or reads
        a device, and refuses a file over :attr:`max_bytes` before reading it.

        The file type is checked before opening (a device is never opened) and again on
        the open descriptor (opened non-blocking, so a FIFO swapped in cannot hang).
        """
        shown = shown_path(path)
        if self.check(path) is None:
            return None
        try:
            fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC | os.O_NOCTTY)
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise self.error(f"cannot read {shown}: {_reason(exc)}") from exc
        with os.fdopen(fd, "rb") as fh:
            try:
                st = os.fstat(fh.fileno())
                if not stat.S_ISREG(st.st_mode):
                    raise self.error(f"{shown} {kind_name(st.st_mode)}, not a {self.what}")
                self._refuse_large(st.st_size, shown)
                data = fh.read(self.max_bytes + 1)
            except OSError as exc:
                raise self.error(f"cannot read {shown}: {_reason(exc)}") from exc
        self._refuse_large(len(data), shown)
        return data

    def update(
        self,
        path: Path,
        change: Callable[[bytes | None], bytes],
        *,
        backup: bool = False,
    ) -> bool:
        """Replace the file with ``change(what is on disk now)``, holding the lock from the
        read to the write so writers take turns; returns whether anything was written.

        Nothing is written when the bytes are unchanged. With ``backup``, the bytes
        replaced are kept as ``PATH.bak``. Raises :attr:`error` (one line) for a path
        that is not a regular file or is a dangling symlink, a missing directory, a
        read-only file, a lock held too long or an OS error; whatever ``change`` raises
        passes through.
        """
        shown = shown_path(path)
        self.check(path)
        target = Path(os.path.realpath(path))
        if not target.parent.is_dir():
            raise self.error(
                f"cannot save {shown}: directory {shown_path(target.parent)} does not exist"
            )
        try:
            with self._locked(target, shown):
                _remove_stale_temps(target)
                current = self.read(target)
                data = change(current)
                if data == current:
                    return False
                if current is not None:
                    why = read_only(target, os.stat(target), f"to save {self.contents} in it")
                    if why:
                        raise self.error(f"cannot save {shown}: {why}")
                write_atomically(target, data, backup=current if backup else None)
                return True
        except OSError as exc:
            raise self.error(f"cannot save {shown}: {_reason(exc)}") from exc

    def _refuse_large(self, size: int, shown: str) -> None:
        if size > self.max_bytes:
            raise self.error(
                f"{shown} is larger than {_size(self.max_bytes)}, which billdiff does not read "
                f"as a {self.what} ({self.typical})"
            )

    @contextlib.contextmanager
    def _locked(self, target: Path, shown: str) -> Iterator[None]:
        """Hold an exclusive lock so writers on this machine take turns: a ``flock`` on the
        file's directory (no litter), else on a ``TARGET.lock`` file beside it."""
        fd = _lock_directory(target.parent)
        lock_name = target.parent
        if fd is None:
            lock_name = target.with_name(target.name + ".lock")
            # Read-only is enough for flock, and works on a lock file another user created.
            fd = os.open(lock_name, os.O_RDONLY | os.O_CREAT | os.O_CLOEXEC, 0o666)
        try:
            deadline = time.monotonic() + LOCK_TIMEOUT
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        raise self.error(
                            f"cannot save {shown}: another process has held the lock on "
                            f"{shown_path(lock_name)} for over {LOCK_TIMEOUT:g} s"
                        ) from None
                    time.sleep(0.005)
            yield
        finally:
            os.close(fd)


def _lock_directory(directory: Path) -> int | None:
    """An open descriptor of ``directory`` that ``flock`` accepts, or None where it cannot
    be opened or locked (then the caller falls back to a lock file)."""
    try:
        fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except OSError:
        return None
    try:
        # Probe: a shared lock taken and dropped at once says flock works here.
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        fcntl.flock(fd, fcntl.LOCK_UN)
    except BlockingIOError:
        return fd  # another writer holds it exclusively: flock works, wait for it
    except OSError:
        os.close(fd)
        return None
    return fd


def _size(count: int) -> str:
    """A byte count as billdiff states a limit: "8 MB", "64 KB"."""
    if count >= 2**20:
        return f"{count / 2**20:g} MB"
    return f"{count / 2**10:g} KB"


def _reason(exc: OSError) -> str:
    """One line saying why an OS call failed."""
    reason = exc.strerror or str(exc)
    return f"{reason} ({shown_path(exc.filename)})" if exc.filename else reason


def shown_path(path: object) -> str:
    """A path as it may appear in a message: control characters made visible."""
    return visible(os.fsdecode(path) if isinstance(path, (str, bytes, os.PathLike)) else str(path))


# --- JSON ------------------------------------------------------------------------------------


class Unreadable(ValueError):
    """Why some bytes are not the file they should be, phrased to follow its name."""


def parse_json(data: bytes, what: str, max_containers: int) -> Any:
    """Parse a kept JSON file strictly, raising :class:`Unreadable` ("is not valid JSON …").

    Refuses an empty file, more than ``max_containers`` objects and arrays (counted on
    the bytes, before parsing, since parsing costs up to 35 times the file's size in
    memory for tiny values), anything but UTF-8 (a BOM is allowed), duplicate keys
    (``json`` would silently keep the last), NaN and Infinity, integers too long for
    Python to convert, and deep nesting.
    ``what`` names the file in messages ("a notes file", "a reviewed-marks file").
    """
    if not data.strip():
        raise Unreadable(f"is empty, not {what}")
    containers = data.count(b"{") + data.count(b"[")
    if containers > max_containers:
        raise Unreadable(
            f"has about {containers:,} JSON objects and arrays; billdiff reads {what} with "
            f"up to {max_containers:,}"
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise Unreadable(f"is not UTF-8 text (bad byte at offset {exc.start})") from None
    try:
        return json.loads(text, object_pairs_hook=_unique_keys, parse_constant=_no_constants)
    except json.JSONDecodeError as exc:
        raise Unreadable(
            f"is not valid JSON ({exc.msg} at line {exc.lineno} column {exc.colno})"
        ) from None
    except ValueError:  # the one other thing json raises: an integer too long to convert
        raise Unreadable(
            f"holds a number of more than {sys.get_int_max_str_digits():,} digits"
        ) from None
    except RecursionError:
        raise Unreadable(f"is nested too deeply to be {what}") from None


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """Build a JSON object, refusing duplicate keys (json would silently keep the last)."""
    obj = dict(pairs)
    if len(obj) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise Unreadable(f"has the key {key!r} twice in one object")
            seen.add(key)
    return obj


def _no_constants(name: str) -> Any:
    """Refuse NaN and Infinity, which Python's json reads but JSON does not allow."""
    raise Unreadable(f"contains {name}, which is not valid JSON")


def json_bytes(document: Any) -> bytes:
    """A kept JSON file's bytes: two-space indent, sorted keys, a final newline, UTF-8."""
    text = json.dumps(document, indent=2, ensure_ascii=False, sort_keys=True, allow_nan=False)
    try:
        return (text + "\n").encode("utf-8")
    except UnicodeEncodeError:
        # A lone surrogate (read from a \ud800 escape) cannot be UTF-8; escaping
        # everything keeps the file valid and the text exactly as it was.
        text = json.dumps(document, indent=2, ensure_ascii=True, sort_keys=True, allow_nan=False)
        return (text + "\n").encode("ascii")


def lone_surrogate(value: Any) -> str | None:
    """The first lone surrogate (U+D800–U+DFFF) in any string of JSON data, or None.

    Such a "character" (what ``os.environ`` or ``git`` output decodes bytes that are not
    UTF-8 to) cannot be written as UTF-8: kept files refuse new data holding one.
    """
    found = LONE_SURROGATE.search(json.dumps(value, ensure_ascii=False))
    return None if found is None else found.group()


#: A lone surrogate in a string (see :func:`lone_surrogate`).
LONE_SURROGATE = re.compile("[\ud800-\udfff]")
