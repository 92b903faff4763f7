"""The sidecar file of notes: load it, edit notes in memory, save it safely.

A note is a JSON object shaped like a W3C Web Annotation. The store checks only
what it relies on (a unique string ``id`` and a string ``modified`` on every
note, unique string ids on replies) and keeps every other key on round trip.

Saving takes a lock, merges by note id if the file changed on disk since it was
loaded, keeps the previous content in ``PATH.bak`` and replaces the file
atomically, so a crash or a second writer never loses a note.

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

SCHEMA = "billdiff.annotations"
SCHEMA_VERSION = 1

#: Shortest id prefix :meth:`NoteStore.get` accepts (not counting ``urn:uuid:``).
MIN_ID_PREFIX = 6
#: Seconds :meth:`NoteStore.save` waits for another writer's lock before giving up.
LOCK_TIMEOUT = 30.0
#: Age in seconds after which a temp file beside the notes file is a dead writer's litter.
STALE_TEMP_AGE = 600.0
#: Tag put on the copy of a note that was changed differently by two writers.
CONFLICT_TAG = "conflict"

Note = dict[str, Any]

_URN_UUID = "urn:uuid:"
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
            return f"{self.path} changed on disk since it was loaded; merged by note id ({detail})"
        if self.recreated:
            return (
                f"{self.path} was deleted since it was loaded; wrote it again with "
                f"{_count(self.note_count, 'note')}"
            )
        if self.written:
            return f"saved {_count(self.note_count, 'note')} to {self.path}"
        return f"{self.path} already up to date ({_count(self.note_count, 'note')})"


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
                raise AnnotationError(f"{store.path} {exc}") from None
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
        """Add a new note (stored as a copy); its id must not be in use."""
        stored = _copy_in(note, "add")
        if stored["id"] in self._notes:
            raise AnnotationError(f"{self.path} already has a note with id {stored['id']!r}")
        self._notes[stored["id"]] = stored

    def replace(self, note: Note) -> None:
        """Replace the note with the same id (stored as a copy); the caller sets ``modified``."""
        stored = _copy_in(note, "replace")
        if stored["id"] not in self._notes:
            raise AnnotationError(f"no note with id {stored['id']!r} in {self.path}")
        self._notes[stored["id"]] = stored

    def delete(self, note_id: str) -> None:
        """Remove the note with exactly this id."""
        if note_id not in self._notes:
            raise AnnotationError(f"no note with id {note_id!r} in {self.path}")
        del self._notes[note_id]

    def save(self) -> SaveReport:
        """Write the notes atomically, merging with changes made on disk since loading."""
        target = Path(os.path.realpath(self.path))
        if not target.parent.is_dir():
            raise AnnotationError(
                f"cannot save {self.path}: directory {target.parent} does not exist"
            )
        try:
            with _locked(target, self.path):
                _remove_stale_temps(target)
                return self._save_locked(target)
        except OSError as exc:
            raise AnnotationError(f"cannot save {self.path}: {_reason(exc)}") from exc

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
                    f"{self.path} changed on disk since it was loaded and now {exc}; "
                    f"not saved (repair it, or restore {self.path}.bak)"
                ) from None
            result = _merge(self._base, ours, theirs, outcome)
            merged = True
        data = _serialise(result)
        written = data != current
        if written:
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
                    f"note id {note_id!r} is ambiguous in {self.path}: "
                    f"{len(matches)} notes start with it; give more characters"
                )
        raise AnnotationError(f"no note with id {note_id!r} in {self.path}")


# --- reading and checking -------------------------------------------------------------


@dataclass(slots=True)
class _Document:
    """A parsed notes file: notes by id, and the top-level keys this version does not know."""

    notes: dict[str, Note]
    extra: dict[str, Any]


class _Invalid(Exception):
    """Why some bytes are not a notes file, phrased to follow the file's name."""


def _read(path: Path) -> bytes | None:
    """The file's bytes, or None if it does not exist."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        raise AnnotationError(f"{path} is a directory, not a notes file") from None
    except OSError as exc:
        raise AnnotationError(f"cannot read {path}: {_reason(exc)}") from exc


def _parse(data: bytes) -> _Document:
    """Check and load a notes file, raising :class:`_Invalid` with the first problem found."""
    if not data.strip():
        raise _Invalid("is empty, not a notes file")
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
        duplicate = next(key for key, _ in pairs if key in seen or seen.add(key))
        raise _Invalid(f"has the key {duplicate!r} twice in one object")
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
    old_own, mine_own, other_own = (_own_fields(note) for note in (old, mine, other))
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
    """Hold an exclusive lock on ``TARGET.lock`` so writers on this machine take turns."""
    lock_path = target.with_name(target.name + ".lock")
    # Read-only is enough for flock, and works on a lock file another user created.
    fd = os.open(lock_path, os.O_RDONLY | os.O_CREAT | os.O_CLOEXEC, 0o666)
    try:
        deadline = time.monotonic() + LOCK_TIMEOUT
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise AnnotationError(
                        f"cannot save {shown}: another process has held {lock_path} "
                        f"for over {LOCK_TIMEOUT:g} s"
                    ) from None
                time.sleep(0.005)
        yield
    finally:
        os.close(fd)


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
    return f"{reason} ({exc.filename})" if exc.filename else reason


def _count(number: int, noun: str) -> str:
    """'1 note', '2 notes'."""
    return f"{number} {noun}{'' if number == 1 else 's'}"
