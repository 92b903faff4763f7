"""The model cache: a print read once is not read again while neither it nor billdiff changes.

An entry is the :class:`~billdiff.model.Bill` a reader built from a file, keyed by the
SHA-256 of the file's bytes and by the *reader's version*: a hash of the source of
every module that builds the model (this package, ``model.py``, ``errors.py``,
``sanitise.py``), of lxml's and libxml2's versions and of Python's Unicode version,
so an edited checkout or an upgrade never reads an entry an older reader wrote.

Entries are plain JSON, never pickle: reading one cannot run code. The provision tree is
stored flat (each provision with the index of its parent), so an entry is never nested
deeper than three levels, and it is checked field by field as it is read: an entry that
is stale, truncated, oversized, nested deeper than a print may be, or not exactly what
this module writes is ignored (and the print read as usual), never trusted in part.

Where: ``$BILLDIFF_CACHE_DIR``, else ``models`` in the user's cache folder
(platformdirs: ``~/.cache/billdiff`` on Linux, ``$XDG_CACHE_HOME`` if set). The folder
is made readable and writable by its owner only, and one that is a symbolic link or
belongs to someone else is not used. Entries are written to a temporary file and
renamed into place, so readers in other processes see a whole entry or none. The
folder is kept under :data:`LIMIT` bytes by removing the entries used longest ago.

Only the ``billdiff`` command uses it (:func:`billdiff.cli.run` sets :data:`enabled`);
``--no-cache`` or ``BILLDIFF_NO_CACHE=1`` turn it off; library calls of
:func:`billdiff.load` never touch it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import stat
import sys
import unicodedata
from pathlib import Path
from typing import Any

from lxml import etree

from billdiff.formats.common import MAX_PROVISIONS, MAX_UNITS
from billdiff.model import UNIT_KINDS, Bill, Kind, Provision

#: Set by the ``billdiff`` command; library callers never read or write the cache.
enabled = False

#: The most the cache folder holds; past it, the entries used longest ago are removed.
LIMIT = 128 * 2**20
#: The largest entry written or read (the model of the largest print the limits allow
#: is about this size; a real print's is 0.1-2 MB).
MAX_ENTRY = 32 * 2**20
#: A provision tree deeper than this cannot come from a print (libxml2 refuses files
#: nested deeper than 256), so an entry that says otherwise is not a print's.
MAX_DEPTH = 256

SCHEMA = "billdiff.model-cache"
VERSION = 1

# The modules whose source decides what a reader builds (tests/test_cache.py checks
# that reading a print imports no other billdiff module).
_READER_SOURCES = ("formats", "model.py", "errors.py", "sanitise.py")

_BILL_TEXT = ("title", "format", "document_type")
_BILL_OPTIONAL = (
    *("stage", "version", "house", "bill_number", "session", "project_id", "published"),
    *("long_title", "valid_from", "sha256"),
)
# One provision: [parent index, kind, number, heading, text, wrap_up, guid, eid, page, line].
_PROVISION_OPTIONAL = ("number", "heading", "guid", "eid")
_KINDS = {k.value: k for k in Kind}
# What json.dumps(ensure_ascii=False) never writes for text a print can hold: escaped
# surrogates and C0 controls other than tab, newline and carriage return (written \\t \\n \\r).
_NOT_FROM_A_PRINT = re.compile(rb"\\u(?:[dD][89a-fA-F]|00[01])")

_reader_version: str | None = None


def active() -> bool:
    """Whether this process reads and writes the cache."""
    return enabled and os.environ.get("BILLDIFF_NO_CACHE", "") in ("", "0")


def folder() -> Path:
    """Where entries are kept (it may not exist yet)."""
    given = os.environ.get("BILLDIFF_CACHE_DIR")
    if given:
        return Path(given)
    import platformdirs

    return Path(platformdirs.user_cache_dir("billdiff", appauthor=False)) / "models"


def reader_version() -> str:
    """The hash that keys entries to the code that reads prints (computed once)."""
    global _reader_version
    if _reader_version is None:
        package = Path(__file__).resolve().parents[1]
        digest = hashlib.sha256()
        for name in _READER_SOURCES:
            path = package / name
            for source in sorted(path.rglob("*.py")) if path.is_dir() else [path]:
                digest.update(f"{source.relative_to(package)}\0".encode())
                digest.update(source.read_bytes())
        runtime = (etree.LXML_VERSION, etree.LIBXML_VERSION, unicodedata.unidata_version)
        digest.update(repr((VERSION, runtime, sys.version_info[:2])).encode())
        _reader_version = digest.hexdigest()[:32]
    return _reader_version


def lookup(sha256: str, path: str) -> Bill | None:
    """The Bill cached for a file with these bytes, as if read from ``path``; None if there
    is no usable entry."""
    where = _usable_folder(create=False)
    if where is None:
        return None
    entry = where / _name(sha256)
    try:
        fd = os.open(entry, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_size > MAX_ENTRY:
            return None
        with os.fdopen(fd, "rb", closefd=False) as fh:
            raw = fh.read(MAX_ENTRY + 1)
    except OSError:
        return None
    finally:
        os.close(fd)
    bill = decode(raw, sha256, path)
    if bill is not None:
        with contextlib.suppress(OSError):
            os.utime(entry)  # used now: the last to be removed
    return bill


def store(bill: Bill) -> None:
    """Keep ``bill`` (read from a file whose SHA-256 it holds); quietly nothing on any trouble."""
    if not bill.sha256:
        return
    data = encode(bill)
    if len(data) > MAX_ENTRY:
        return
    where = _usable_folder(create=True)
    if where is None:
        return
    import tempfile

    try:
        fd, temp = tempfile.mkstemp(prefix=".part-", dir=where)
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(temp, where / _name(bill.sha256))
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        return
    _evict(where)


def encode(bill: Bill) -> bytes:
    """An entry for ``bill``: JSON, its provision tree flat."""
    rows: list[list[Any]] = []
    stack: list[tuple[int, Provision]] = [(-1, p) for p in reversed(bill.provisions)]
    while stack:
        parent, p = stack.pop()
        rows.append([parent, p.kind.value, p.number, p.heading, p.text, p.wrap_up])
        rows[-1] += [p.guid, p.eid, p.page, p.line]
        here = len(rows) - 1
        stack.extend((here, c) for c in reversed(p.children))
    fields: dict[str, Any] = {name: getattr(bill, name) for name in _BILL_TEXT + _BILL_OPTIONAL}
    fields["warnings"] = list(bill.warnings)
    entry = {
        "schema": SCHEMA,
        "version": VERSION,
        "reader": reader_version(),
        "bill": fields,
        "provisions": rows,
    }
    return json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def decode(raw: bytes, sha256: str, path: str) -> Bill | None:
    """The Bill in an entry written for a file of this SHA-256 by this reader, as read
    from ``path``; None if the entry is anything else: stale, truncated, malformed or
    hostile."""
    if len(raw) > MAX_ENTRY or _NOT_FROM_A_PRINT.search(raw):
        return None
    try:
        entry = json.loads(raw)
        return _bill(entry, sha256, path)
    except (ValueError, TypeError, KeyError, IndexError, RecursionError, _Invalid):
        return None


class _Invalid(Exception):
    """An entry that is not exactly what :func:`encode` writes."""


def _bill(entry: Any, sha256: str, path: str) -> Bill:
    if not isinstance(entry, dict) or set(entry) != {
        "schema",
        "version",
        "reader",
        "bill",
        "provisions",
    }:
        raise _Invalid
    if (entry["schema"], entry["version"], entry["reader"]) != (SCHEMA, VERSION, reader_version()):
        raise _Invalid
    fields = entry["bill"]
    if not isinstance(fields, dict) or set(fields) != {*_BILL_TEXT, *_BILL_OPTIONAL, "warnings"}:
        raise _Invalid
    if fields["sha256"] != sha256:
        raise _Invalid
    for name in _BILL_TEXT:
        _text(fields[name])
    for name in _BILL_OPTIONAL:
        _optional(fields[name])
    warnings = fields["warnings"]
    if not isinstance(warnings, list) or len(warnings) > 100:
        raise _Invalid
    for w in warnings:
        _text(w)
    values = {name: fields[name] for name in _BILL_TEXT + _BILL_OPTIONAL}
    provisions = _tree(entry["provisions"])
    return Bill(**values, source_path=path, warnings=tuple(warnings), provisions=provisions)


def _tree(rows: Any) -> tuple[Provision, ...]:
    """The provision tree of a flat list of rows (parents before their children)."""
    if not isinstance(rows, list) or len(rows) > MAX_PROVISIONS:
        raise _Invalid
    parents: list[int] = []
    depths: list[int] = []
    units = 0
    for i, row in enumerate(rows):
        if not isinstance(row, list) or len(row) != 10:
            raise _Invalid
        parent, kind = row[0], row[1]
        if type(parent) is not int or not -1 <= parent < i or kind not in _KINDS:
            raise _Invalid
        depth = depths[parent] + 1 if parent >= 0 else 1
        if depth > MAX_DEPTH:
            raise _Invalid
        parents.append(parent)
        depths.append(depth)
        units += _KINDS[kind] in UNIT_KINDS
        for value in (row[2], row[3], row[6], row[7]):
            _optional(value)
        _text(row[4])
        _text(row[5])
        for value in (row[8], row[9]):
            if value is not None and type(value) is not int:
                raise _Invalid
    if not 0 < units <= MAX_UNITS:
        raise _Invalid  # a reader refuses a print without units, or with too many
    # Built from the last row back, so every provision's children exist before it does.
    children: list[list[Provision]] = [[] for _ in rows]
    top: list[Provision] = []
    for i in range(len(rows) - 1, -1, -1):
        row = rows[i]
        p = Provision(
            kind=_KINDS[row[1]],
            number=row[2],
            heading=row[3],
            text=row[4],
            children=tuple(reversed(children[i])),
            wrap_up=row[5],
            guid=row[6],
            eid=row[7],
            page=row[8],
            line=row[9],
        )
        (children[parents[i]] if parents[i] >= 0 else top).append(p)
    return tuple(reversed(top))


def _text(value: Any) -> None:
    if type(value) is not str:
        raise _Invalid


def _optional(value: Any) -> None:
    if value is not None and type(value) is not str:
        raise _Invalid


def _name(sha256: str) -> str:
    return f"{sha256}.{reader_version()}.json"


def _usable_folder(create: bool) -> Path | None:
    """The cache folder if it is safe to use: a real folder of this user's that no one else
    can read or write (made so if it is new); None otherwise."""
    try:
        where = folder()
        if create:
            where.parent.mkdir(parents=True, exist_ok=True)
            with contextlib.suppress(FileExistsError):
                where.mkdir(mode=0o700)
        st = os.lstat(where)
    except (OSError, RuntimeError):
        return None
    if not stat.S_ISDIR(st.st_mode) or st.st_uid != os.geteuid():
        return None
    if st.st_mode & 0o077:
        try:
            os.chmod(where, 0o700)
        except OSError:
            return None
    return where


def _evict(where: Path) -> None:
    """Remove the entries used longest ago until the folder is well under :data:`LIMIT`."""
    try:
        entries = []
        with os.scandir(where) as it:
            for e in it:
                if e.is_file(follow_symlinks=False):
                    st = e.stat(follow_symlinks=False)
                    entries.append((st.st_mtime, st.st_size, e.path))
    except OSError:
        return
    total = sum(size for _, size, _ in entries)
    if total <= LIMIT:
        return
    for _, size, path in sorted(entries):
        with contextlib.suppress(OSError):
            os.unlink(path)
        total -= size
        if total <= LIMIT * 3 // 4:
            return
