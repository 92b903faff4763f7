"""The sidecar file of notes: load it, edit notes in memory, save it safely.

A note is a JSON object shaped like a W3C Web Annotation. The store checks only
what it relies on (a unique string ``id`` and a string ``modified`` on every
note, unique string ids on replies) and keeps every other key on round trip.

Saving takes a lock, merges by note id if the file changed on disk since it was
loaded, keeps the previous content in ``PATH.bak`` and replaces the file
atomically (:func:`billdiff.fileio.write_atomically`), so a crash or a second
writer never loses a note, and a killed writer leaves no temporary file.

What the store refuses, each with a one-line :class:`AnnotationError`:

* a notes path that is not a regular file: a directory, FIFO, socket or device
  (checked with ``stat`` and again with ``fstat`` on a non-blocking open, so a
  FIFO never hangs ``list`` or ``add``), or a symlink to a file that does not
  exist (saving would create a file wherever the link points);
* saving over a read-only notes file (no write bit in its mode; as root
  ``os.access`` allows everything, so the mode bits decide): whoever made it
  read-only meant it. A file that is replaced keeps its mode, and its owner and
  group where the system allows (as root it always does);
* a file over :data:`MAX_FILE_BYTES` or with more than :data:`MAX_CONTAINERS`
  JSON objects and arrays, before parsing it;
* a new or changed note holding a lone surrogate (``"\ud800"``) in any string,
  which cannot be written as UTF-8. A file that already holds one (as a JSON
  ``\ud800`` escape) still loads, so no note is lost; such strings a note
  already had may stay in it when it is edited, and the file is then written
  with ASCII escapes. Display layers show them with
  :func:`billdiff.sanitise.visible`.

**Locking.** Writers take an exclusive ``flock`` on the notes file's
*directory*, which every process that can list the directory can open
(whoever owns it, root included), so there is no lock file to leave behind.
It serialises saves of every notes file in that directory, which take
milliseconds. Where the directory cannot be opened or locked (no read
permission, some network file systems), a ``PATH.lock`` file beside the notes
file is used instead, as earlier versions did, and it is left in place (removing
it safely would need a second lock).

>>> store = NoteStore.open("notes.json")  # doctest: +SKIP
>>> store.add({"id": "urn:uuid:0f5b…", "modified": "2026-11-25T15:30:00Z"})  # doctest: +SKIP
>>> store.save().summary  # doctest: +SKIP
'saved 1 note to notes.json'
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import re
import stat
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from billdiff.errors import AnnotationError, ConflictError
from billdiff.fileio import write_atomically
from billdiff.sanitise import visible

SCHEMA = "billdiff.annotations"
SCHEMA_VERSION = 1

#: Shortest id prefix :meth:`NoteStore.get` accepts (not counting ``urn:uuid:``).
MIN_ID_PREFIX = 6
#: Seconds :meth:`NoteStore.save` waits for another writer's lock before giving up.
LOCK_TIMEOUT = 30.0
#: Age in seconds after which a temp file beside the notes file is a dead writer's litter.
#: Only the named temporary files of systems without ``O_TMPFILE`` can become litter.
STALE_TEMP_AGE = 600.0
#: The largest notes file the store reads. Real files are under 2 MB (a note is about
#: 1.5-2.5 KB, so this is some 4,000 notes); loading costs about 11 times the file's size
#: for real notes and up to 35 times for a file of nothing but tiny JSON values, so 8 MB
#: bounds a load to about 300 MB.
MAX_FILE_BYTES = 8 * 1024 * 1024
#: The most JSON objects and arrays a notes file may hold (counted on the bytes before
#: parsing). A real note has about 10, so a full 8 MB file of real notes about 40,000.
MAX_CONTAINERS = 250_000
#: Tag put on the copy of a note that was changed differently by two writers.
CONFLICT_TAG = "conflict"

Note = dict[str, Any]

_URN_UUID = "urn:uuid:"
_SURROGATE = re.compile("[\ud800-\udfff]")
_TOP_LEVEL_KEYS = ("schema", "version", "notes")
# Fields that change on every edit or are merged on their own; the rest of a note
# is compared as a whole when deciding whether two edits conflict.
_MERGED_SEPARATELY = ("modified", "replies")


@dataclass(frozen=True, slots=True)
class SaveReport:
    """What one :meth:`NoteStore.save` did, enough for a front end to say in one line."""

    path: Path
    note_count: int
    written: bool
    merged: bool = False
    recreated: bool = False
    from_other: tuple[str, ...] = ()
    deleted_by_other: tuple[str, ...] = ()
    kept_over_delete: tuple[str, ...] = ()
    conflicts: tuple[str, ...] = ()

    @property
    def noteworthy(self) -> bool:
        """True when the user must be told what the save did: a conflict copy was made,
        an edit was kept over a delete, the other writer deleted a note, or the file had
        to be recreated. Merging in notes the other writer merely added or edited is
        routine (many people add notes at once) and not noteworthy."""
        return bool(
            self.recreated or self.conflicts or self.kept_over_delete or self.deleted_by_other
        )

    @property
    def summary(self) -> str:
        """The one line a front end prints after saving."""
        if self.merged:
            parts = [
                _count(len(self.from_other), "note") + " from the other writer",
                _count(len(self.deleted_by_other), "note") + " deleted by the other writer",
                _count(len(self.kept_over_delete), "deleted note")
                + " kept because the other side changed it",
                _count(len(self.conflicts), "conflict") + " kept as a copy",
            ]
            counted = [part for part in parts if not part.startswith("0 ")]
            detail = ", ".join(counted) or "no note changed on the other side"
            return (
                f"{_shown(self.path)} changed on disk since it was loaded; merged by note id "
                f"({detail})"
            )
        if self.recreated:
            return (
                f"{_shown(self.path)} was deleted since it was loaded; wrote it again with "
                f"{_count(self.note_count, 'note')}"
            )
        if self.written:
            return f"saved {_count(self.note_count, 'note')} to {_shown(self.path)}"
        return f"{_shown(self.path)} already up to date ({_count(self.note_count, 'note')})"


def notes_beside(print_path: str | os.PathLike[str]) -> Path:
    """The notes file a comparison uses by default: ``NEW-STEM.notes.json`` beside its NEW
    print (``committee.xml`` → ``committee.notes.json``)."""
    path = Path(print_path)
    return path.with_name(f"{path.stem}.notes.json")


class NoteStore:
    """The notes of one sidecar file, held in memory until :meth:`save`; not thread-safe."""

    path: Path

    def __init__(self, path: str | Path) -> None:
        """Make an empty store for ``path`` without reading it; :meth:`open` loads it."""
        self.path = Path(path)
        # Note dicts are never mutated once stored, so the working set, the base
        # and merge results may share them; only the containers are private.
        self._notes: dict[str, Note] = {}
        self._extra: dict[str, Any] = {}
        self._base = _Document({}, {})
        self._base_digest: str | None = None

    @classmethod
    def open(cls, path: str | Path) -> NoteStore:
        """Load the notes in ``path``; a missing file gives an empty store."""
        store = cls(path)
        data = _read(store.path)
        if data is not None:
            try:
                document = _parse(data)
            except _Invalid as exc:
                raise AnnotationError(f"{_shown(store.path)} {exc}") from None
            store._commit(document, data)
        return store

    def __repr__(self) -> str:
        return f"NoteStore({str(self.path)!r}, {_count(len(self._notes), 'note')})"

    @property
    def notes(self) -> tuple[Note, ...]:
        """Copies of all notes, ordered by (created, id)."""
        return tuple(_clone(sorted(self._notes.values(), key=_order)))

    def get(self, note_id: str) -> Note:
        """A copy of the note with this id, or with this unique id prefix."""
        return _clone(self._notes[self._resolve(note_id)])

    def add(self, note: Note) -> None:
        """Add a new note (stored as a copy); its id must not be in use.

        Raises :class:`AnnotationError` for a note the store cannot keep, including
        one holding a lone surrogate in any string.
        """
        stored = _copy_in(note, "add")
        if stored["id"] in self._notes:
            raise AnnotationError(
                f"{_shown(self.path)} already has a note with id {stored['id']!r}"
            )
        _refuse_surrogates(stored, None, "add")
        self._notes[stored["id"]] = stored

    def replace(self, note: Note) -> None:
        """Replace the note with the same id (stored as a copy); the caller sets ``modified``.

        A lone surrogate the note did not already hold is refused.
        """
        stored = _copy_in(note, "replace")
        if stored["id"] not in self._notes:
            raise AnnotationError(f"no note with id {stored['id']!r} in {_shown(self.path)}")
        _refuse_surrogates(stored, self._notes[stored["id"]], "replace")
        self._notes[stored["id"]] = stored

    def delete(self, note_id: str) -> None:
        """Remove the note with exactly this id."""
        if note_id not in self._notes:
            raise AnnotationError(f"no note with id {note_id!r} in {_shown(self.path)}")
        del self._notes[note_id]

    def save(self) -> SaveReport:
        """Write the notes atomically, merging with changes made on disk since loading.

        Raises :class:`AnnotationError` (one line) when the file cannot be saved: a
        missing directory, a notes path that is not a regular file or is a dangling
        symlink, a read-only notes file, an OS error; :class:`ConflictError` when the
        file on disk became unreadable since it was loaded.
        """
        shown = _shown(self.path)
        _check_kind(self.path)
        target = Path(os.path.realpath(self.path))
        if not target.parent.is_dir():
            raise AnnotationError(
                f"cannot save {shown}: directory {_shown(target.parent)} does not exist"
            )
        try:
            with _locked(target, self.path):
                _remove_stale_temps(target)
                return self._save_locked(target)
        except OSError as exc:
            raise AnnotationError(f"cannot save {shown}: {_reason(exc)}") from exc

    def _save_locked(self, target: Path) -> SaveReport:
        """Read, merge and write while holding the lock."""
        current = _read(target)
        ours = _Document(self._notes, self._extra)
        outcome = _Outcome()
        merged = recreated = False
        if _digest(current) == self._base_digest:
            result = ours
        elif current is None:
            # A vanished file is more likely an accident or a branch switch than
            # a wish to delete every note, so write ours in full rather than merge.
            result, recreated = ours, True
        else:
            try:
                theirs = _parse(current)
            except _Invalid as exc:
                raise ConflictError(
                    f"{_shown(self.path)} changed on disk since it was loaded and now {exc}; "
                    f"not saved (repair it, or restore {_shown(self.path)}.bak)"
                ) from None
            result = _merge(self._base, ours, theirs, outcome)
            merged = True
        data = _serialise(result)
        written = data != current
        if written:
            if current is not None:
                _refuse_read_only(target, self.path)
            write_atomically(target, data, backup=current)
        self._commit(result, data)
        return SaveReport(
            path=self.path,
            note_count=len(result.notes),
            written=written,
            merged=merged,
            recreated=recreated,
            from_other=tuple(outcome.from_other),
            deleted_by_other=tuple(outcome.deleted_by_other),
            kept_over_delete=tuple(outcome.kept_over_delete),
            conflicts=tuple(outcome.conflicts),
        )

    def _commit(self, document: _Document, data: bytes) -> None:
        """Make ``document`` (whose file bytes are ``data``) both the base and the working set."""
        self._notes = dict(document.notes)
        self._extra = dict(document.extra)
        self._base = _Document(dict(document.notes), dict(document.extra))
        self._base_digest = _digest(data)

    def _resolve(self, note_id: str) -> str:
        """The full id meant by ``note_id``: itself, or the one id it is a prefix of."""
        if note_id in self._notes:
            return note_id
        if len(note_id.removeprefix(_URN_UUID)) >= MIN_ID_PREFIX:
            matches = [
                full
                for full in self._notes
                if full.startswith(note_id) or full.removeprefix(_URN_UUID).startswith(note_id)
            ]
            if len(matches) == 1:
                return matches[0]
            if matches:
                raise AnnotationError(
                    f"note id {note_id!r} is ambiguous in {_shown(self.path)}: "
                    f"{len(matches)} notes start with it; give more characters"
                )
        raise AnnotationError(f"no note with id {note_id!r} in {_shown(self.path)}")


# --- reading and checking -------------------------------------------------------------


@dataclass(slots=True)
class _Document:
    """A parsed notes file: notes by id, and the top-level keys this version does not know."""

    notes: dict[str, Note]
    extra: dict[str, Any]


class _Invalid(Exception):
    """Why some bytes are not a notes file, phrased to follow the file's name."""


def _read(path: Path) -> bytes | None:
    """The file's bytes, or None if it does not exist; never blocks on a FIFO or device.

    The file type is checked before opening (a device is never opened) and again
    on the open descriptor (opened non-blocking, so a FIFO swapped in cannot hang).
    """
    shown = _shown(path)
    if _check_kind(path) is None:
        return None
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC | os.O_NOCTTY)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise AnnotationError(f"cannot read {shown}: {_reason(exc)}") from exc
    with os.fdopen(fd, "rb") as fh:
        try:
            st = os.fstat(fh.fileno())
            if not stat.S_ISREG(st.st_mode):
                raise AnnotationError(f"{shown} {_kind_name(st.st_mode)}, not a notes file")
            _refuse_large(st.st_size, shown)
            data = fh.read(MAX_FILE_BYTES + 1)
        except OSError as exc:
            raise AnnotationError(f"cannot read {shown}: {_reason(exc)}") from exc
    _refuse_large(len(data), shown)
    return data


def _check_kind(path: Path) -> os.stat_result | None:
    """``stat`` of the notes path (following a symlink), None if nothing is there; refuses
    anything but a regular file, and a symlink to nothing."""
    shown = _shown(path)
    try:
        st = os.stat(path)
    except FileNotFoundError:
        if os.path.islink(path):
            raise AnnotationError(
                f"{shown} is a symbolic link to a file that does not exist "
                f"({_shown(os.readlink(path))}); billdiff will not create a notes file "
                "wherever a link points"
            ) from None
        return None
    except OSError as exc:
        raise AnnotationError(f"cannot read {shown}: {_reason(exc)}") from exc
    if not stat.S_ISREG(st.st_mode):
        raise AnnotationError(f"{shown} {_kind_name(st.st_mode)}, not a notes file")
    return st


def _kind_name(mode: int) -> str:
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


def _refuse_large(size: int, shown: str) -> None:
    if size > MAX_FILE_BYTES:
        raise AnnotationError(
            f"{shown} is larger than {MAX_FILE_BYTES // 2**20} MB, which billdiff does not read "
            "as a notes file (real ones are under 2 MB)"
        )


def _refuse_read_only(target: Path, shown_path: Path) -> None:
    """Refuse to replace a notes file that is read-only: no write bit in its mode (root
    passes every ``os.access`` check, so the bits decide), or not writable by this process
    (another user's file: replacing it through the directory would take it over)."""
    st = os.stat(target)
    mode = stat.S_IMODE(st.st_mode)
    if not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        raise AnnotationError(
            f"cannot save {_shown(shown_path)}: the file is read-only (mode {mode:04o}); "
            "make it writable (chmod u+w) to save notes in it"
        )
    if not os.access(target, os.W_OK):
        raise AnnotationError(
            f"cannot save {_shown(shown_path)}: the file is read-only for this user (owner "
            f"uid {st.st_uid}, mode {mode:04o}); ask its owner to make it writable"
        )


def _parse(data: bytes) -> _Document:
    """Check and load a notes file, raising :class:`_Invalid` with the first problem found."""
    if not data.strip():
        raise _Invalid("is empty, not a notes file")
    containers = data.count(b"{") + data.count(b"[")
    if containers > MAX_CONTAINERS:
        raise _Invalid(
            f"has about {containers:,} JSON objects and arrays; billdiff reads notes files of "
            f"up to {MAX_CONTAINERS:,} (a note has about 10)"
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _Invalid(f"is not UTF-8 text (bad byte at offset {exc.start})") from None
    try:
        top = json.loads(text, object_pairs_hook=_unique_keys, parse_constant=_no_constants)
    except json.JSONDecodeError as exc:
        raise _Invalid(
            f"is not valid JSON ({exc.msg} at line {exc.lineno} column {exc.colno})"
        ) from None
    except RecursionError:
        raise _Invalid("is nested too deeply to be a notes file") from None
    if not isinstance(top, dict):
        raise _Invalid(f"is not a notes file (it holds a JSON {_json_type(top)}, not an object)")
    if top.get("schema") != SCHEMA:
        found = repr(top["schema"]) if "schema" in top else "missing"
        raise _Invalid(f"is not a notes file (schema is {found}, expected {SCHEMA!r})")
    version = top.get("version")
    if type(version) is not int or version < 1:
        raise _Invalid(f"has no valid schema version (found {version!r})")
    if version > SCHEMA_VERSION:
        raise _Invalid(
            f"was written by a newer billdiff (schema version {version}; this one reads up to "
            f"{SCHEMA_VERSION}); upgrade billdiff to use it"
        )
    listed = top.get("notes")
    if not isinstance(listed, list):
        raise _Invalid("has no list of notes")
    notes: dict[str, Note] = {}
    for number, note in enumerate(listed, start=1):
        problem = _note_problem(note)
        if problem:
            raise _Invalid(f"is not a valid notes file: note {number} {problem}")
        if note["id"] in notes:
            raise _Invalid(f"has two notes with id {note['id']!r}")
        notes[note["id"]] = _normalised(note)
    extra = {key: value for key, value in top.items() if key not in _TOP_LEVEL_KEYS}
    return _Document(notes, extra)


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """Build a JSON object, refusing duplicate keys (json would silently keep the last)."""
    obj = dict(pairs)
    if len(obj) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _Invalid(f"has the key {key!r} twice in one object")
            seen.add(key)
    return obj


def _no_constants(name: str) -> Any:
    """Refuse NaN and Infinity, which Python's json reads but JSON does not allow."""
    raise _Invalid(f"contains {name}, which is not valid JSON")


def _note_problem(note: Any) -> str | None:
    """What is wrong with a note for the store's purposes, or None."""
    if not isinstance(note, dict):
        return f"is a JSON {_json_type(note)}, not an object"
    if not isinstance(note.get("id"), str) or not note["id"]:
        return "has no id (a non-empty string)"
    if not isinstance(note.get("modified"), str):
        return "has no 'modified' time (a string)"
    replies = note.get("replies", [])
    if not isinstance(replies, list):
        return "has 'replies' that is not a list"
    reply_ids: set[str] = set()
    for reply in replies:
        if not isinstance(reply, dict) or not isinstance(reply.get("id"), str) or not reply["id"]:
            return "has a reply without an id (a non-empty string)"
        if reply["id"] in reply_ids:
            return f"has two replies with id {reply['id']!r}"
        reply_ids.add(reply["id"])
    return None


def _copy_in(note: Note, action: str) -> Note:
    """A checked private copy of a caller's note."""
    problem = _note_problem(note)
    if problem:
        raise AnnotationError(f"cannot {action} a note that {problem}")
    try:
        text = json.dumps(note, allow_nan=False)
    except (TypeError, ValueError, RecursionError) as exc:
        raise AnnotationError(
            f"cannot {action} note {note['id']!r}: it holds something that is not JSON ({exc})"
        ) from None
    return _normalised(json.loads(text))


def _surrogate_strings(value: Any, found: set[str]) -> set[str]:
    """Every string (key or value) in JSON data that holds a lone surrogate."""
    if isinstance(value, str):
        if _SURROGATE.search(value):
            found.add(value)
    elif isinstance(value, dict):
        for key, item in value.items():
            _surrogate_strings(key, found)
            _surrogate_strings(item, found)
    elif isinstance(value, list):
        for item in value:
            _surrogate_strings(item, found)
    return found


def _refuse_surrogates(note: Note, before: Note | None, action: str) -> None:
    """Refuse a note holding a lone surrogate, unless the stored note already held it."""
    text = json.dumps(note, ensure_ascii=False)
    if not _SURROGATE.search(text):
        return
    new = _surrogate_strings(note, set())
    if before is not None:
        new -= _surrogate_strings(before, set())
    if new:
        first = _SURROGATE.search(min(new))
        assert first is not None
        raise AnnotationError(
            f"cannot {action} note {note['id']!r}: it holds a lone surrogate "
            f"(U+{ord(first.group()):04X}), which is not a character and cannot be saved"
        )


def _normalised(note: Note) -> Note:
    """Sort a note's replies in place, so order alone never counts as a change."""
    if "replies" in note:
        note["replies"].sort(key=_order)
    return note


def _order(item: dict[str, Any]) -> tuple[str, str]:
    """Sort key for notes and replies: (created, id)."""
    return str(item.get("created", "")), item["id"]


def _json_type(value: Any) -> str:
    """The JSON name of a parsed value's type."""
    names = {dict: "object", list: "array", str: "string", bool: "boolean", type(None): "null"}
    return names.get(type(value), "number")


# --- merging --------------------------------------------------------------------------


@dataclass(slots=True)
class _Outcome:
    """What a merge did, by id, for the :class:`SaveReport`."""

    from_other: list[str] = field(default_factory=list)
    deleted_by_other: list[str] = field(default_factory=list)
    kept_over_delete: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)


def _merge(base: _Document, ours: _Document, theirs: _Document, outcome: _Outcome) -> _Document:
    """Three-way merge of two edits of ``base``; nothing either side added or changed is lost."""
    notes = _merge_by_id(base.notes, ours.notes, theirs.notes, _merge_note, outcome)
    extra: dict[str, Any] = {}
    for key in dict.fromkeys([*base.extra, *ours.extra, *theirs.extra]):
        ours_changed = (key in ours.extra) != (key in base.extra) or (
            key in ours.extra and not _same(ours.extra[key], base.extra[key])
        )
        source = ours.extra if ours_changed else theirs.extra
        if key in source:
            extra[key] = source[key]
    return _Document(notes, extra)


_BothChanged = Callable[[Note | None, Note, Note, _Outcome], list[Note]]


def _merge_by_id(
    base: dict[str, Note],
    ours: dict[str, Note],
    theirs: dict[str, Note],
    both_changed: _BothChanged,
    outcome: _Outcome,
) -> dict[str, Note]:
    """Merge notes or replies by id; a change beats a delete; ``both_changed`` settles the rest."""
    merged: dict[str, Note] = {}
    for item_id in dict.fromkeys([*base, *ours, *theirs]):
        old, mine, other = base.get(item_id), ours.get(item_id), theirs.get(item_id)
        if mine is None and other is None:
            continue
        if other is None:
            assert mine is not None  # both absent was skipped above
            if old is not None and _same(mine, old):
                outcome.deleted_by_other.append(item_id)
                continue
            if old is not None:
                outcome.kept_over_delete.append(item_id)
            merged[item_id] = mine
        elif mine is None:
            if old is not None and _same(other, old):
                continue
            if old is not None:
                outcome.kept_over_delete.append(item_id)
            outcome.from_other.append(item_id)
            merged[item_id] = other
        elif _same(mine, other) or (old is not None and _same(other, old)):
            merged[item_id] = mine
        elif old is not None and _same(mine, old):
            outcome.from_other.append(item_id)
            merged[item_id] = other
        else:
            for item in both_changed(old, mine, other, outcome):
                merged[item["id"]] = item
    return merged


def _merge_note(old: Note | None, mine: Note, other: Note, outcome: _Outcome) -> list[Note]:
    """Merge a note both sides changed: replies by id, the rest whole or as a conflict copy."""
    old_own = _own_fields(old)
    mine_own = _without(mine, *_MERGED_SEPARATELY)
    other_own = _without(other, *_MERGED_SEPARATELY)
    replies_outcome = _Outcome()
    replies = _merge_by_id(
        _replies_by_id(old),
        _replies_by_id(mine),
        _replies_by_id(other),
        _reply_copy,
        replies_outcome,
    )
    copy = None
    if _same(mine_own, other_own) or (old_own is not None and _same(other_own, old_own)):
        own = mine_own
    elif old_own is not None and _same(mine_own, old_own):
        own = other_own
    else:
        own = mine_own
        copy = _conflict_copy(other, tag=True)
    note = dict(own)
    if replies or "replies" in mine or "replies" in other:
        note["replies"] = sorted(replies.values(), key=_order)
    if _same(note, _without(mine, "modified")):
        note["modified"] = mine["modified"]
    else:
        note["modified"] = max(mine["modified"], other["modified"])
        outcome.from_other.append(mine["id"])
    if copy is not None or replies_outcome.conflicts:
        outcome.conflicts.append(mine["id"])
    return [note] if copy is None else [note, copy]


def _reply_copy(old: Note | None, mine: Note, other: Note, outcome: _Outcome) -> list[Note]:
    """Keep both versions of a reply the two sides changed differently."""
    outcome.conflicts.append(mine["id"])
    return [mine, _conflict_copy(other, tag=False)]


def _conflict_copy(item: Note, *, tag: bool) -> Note:
    """The other side's version of an item under a new id, pointing at the original."""
    copy = {**item, "id": f"{_URN_UUID}{uuid.uuid4()}", "conflict_of": item["id"]}
    if tag:
        tags = item.get("tags")
        if tags is None:
            copy["tags"] = [CONFLICT_TAG]
        elif not isinstance(tags, list):
            copy["tags"] = [tags, CONFLICT_TAG]
        elif CONFLICT_TAG not in tags:
            copy["tags"] = [*tags, CONFLICT_TAG]
    return copy


def _own_fields(note: Note | None) -> Note | None:
    """A note without the fields merged separately."""
    return None if note is None else _without(note, *_MERGED_SEPARATELY)


def _without(item: Note, *keys: str) -> Note:
    """A shallow copy of ``item`` lacking ``keys``."""
    return {key: value for key, value in item.items() if key not in keys}


def _replies_by_id(note: Note | None) -> dict[str, Note]:
    """A note's replies keyed by id (none for an absent note)."""
    return {reply["id"]: reply for reply in (note or {}).get("replies", [])}


def _same(left: Any, right: Any) -> bool:
    """Equal as JSON (Python's == would call 1, 1.0 and true the same)."""
    return _canonical(left) == _canonical(right)


def _canonical(value: Any) -> str:
    """A compact, key-sorted JSON text for comparing values."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _clone(value: Any) -> Any:
    """A deep copy of JSON data (much faster than copy.deepcopy for it)."""
    return json.loads(json.dumps(value))


# --- writing --------------------------------------------------------------------------


def _serialise(document: _Document) -> bytes:
    """The file's bytes: stable layout, sorted keys and notes, so it diffs cleanly in git."""
    top = {
        **document.extra,
        "schema": SCHEMA,
        "version": SCHEMA_VERSION,
        "notes": sorted(document.notes.values(), key=_order),
    }
    text = json.dumps(top, indent=2, ensure_ascii=False, sort_keys=True, allow_nan=False)
    try:
        return (text + "\n").encode("utf-8")
    except UnicodeEncodeError:
        # A lone surrogate (read from a \ud800 escape) cannot be UTF-8; escaping
        # everything keeps the file valid and the text exactly as it was.
        text = json.dumps(top, indent=2, ensure_ascii=True, sort_keys=True, allow_nan=False)
        return (text + "\n").encode("ascii")


def _digest(data: bytes | None) -> str | None:
    """SHA-256 of a file's bytes, None for no file."""
    return None if data is None else hashlib.sha256(data).hexdigest()


@contextlib.contextmanager
def _locked(target: Path, shown: Path) -> Iterator[None]:
    """Hold an exclusive lock so writers on this machine take turns: a ``flock`` on the
    notes file's directory (no litter), else on a ``TARGET.lock`` file beside it."""
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
                    raise AnnotationError(
                        f"cannot save {_shown(shown)}: another process has held the lock on "
                        f"{_shown(lock_name)} for over {LOCK_TIMEOUT:g} s"
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


def _remove_stale_temps(target: Path) -> None:
    """Delete temp files left by writers that died; call only while holding the lock."""
    pattern = re.compile(re.escape(f".{target.name}.") + r"(?:bak\.)?[a-z0-9_]+\.tmp")
    # Under the lock no live writer of ours has a temp file open; the age margin
    # protects writers that do not share the lock (another machine over NFS).
    cutoff = time.time() - STALE_TEMP_AGE
    with os.scandir(target.parent) as entries:
        for entry in entries:
            if not pattern.fullmatch(entry.name):
                continue
            # Best effort: litter we cannot remove must not stop the save.
            with contextlib.suppress(OSError):
                info = entry.stat(follow_symlinks=False)
                if stat.S_ISREG(info.st_mode) and info.st_mtime < cutoff:
                    os.unlink(entry.path)


def _reason(exc: OSError) -> str:
    """One line saying why an OS call failed."""
    reason = exc.strerror or str(exc)
    return f"{reason} ({_shown(exc.filename)})" if exc.filename else reason


def _shown(path: object) -> str:
    """A path as it may appear in a message: control characters made visible."""
    return visible(os.fsdecode(path) if isinstance(path, (str, bytes, os.PathLike)) else str(path))


def _count(number: int, noun: str) -> str:
    """'1 note', '2 notes'."""
    return f"{number} {noun}{'' if number == 1 else 's'}"
