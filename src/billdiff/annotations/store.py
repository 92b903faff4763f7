"""The sidecar file of notes: load it, edit notes in memory, save it safely.

A note is a JSON object shaped like a W3C Web Annotation. The store checks only
what it relies on (a unique string ``id`` and a string ``modified`` on every
note, unique string ids on replies) and keeps every other key on round trip.

The file is read and saved under the rules of every file billdiff keeps
(:class:`billdiff.fileio.KeptFile`, shared with the reviewed marks and the
keymap): saving takes a lock, merges by note id if the file changed on disk
since it was loaded, keeps the previous content in ``PATH.bak`` and replaces
the file atomically, so a crash or a second writer never loses a note, and a
killed writer leaves no temporary file.

What the store refuses, each with a one-line :class:`AnnotationError`:

* a notes path that is not a regular file: a directory, FIFO, socket or device
  (a FIFO never hangs ``list`` or ``add``), or a symlink to a file that does not
  exist (saving would create a file wherever the link points);
* saving over a read-only notes file: whoever made it read-only meant it. A
  file that is replaced keeps its mode, and its owner and group where the
  system allows (as root it always does);
* a file over :data:`MAX_FILE_BYTES` or with more than :data:`MAX_CONTAINERS`
  JSON objects and arrays, before parsing it;
* a new or changed note holding a lone surrogate (``"\ud800"``) in any string,
  which cannot be written as UTF-8. A file that already holds one (as a JSON
  ``\ud800`` escape) still loads, so no note is lost; such strings a note
  already had may stay in it when it is edited, and the file is then written
  with ASCII escapes. Display layers show them with
  :func:`billdiff.sanitise.visible`.

>>> store = NoteStore.open("notes.json")  # doctest: +SKIP
>>> store.add({"id": "urn:uuid:0f5b…", "modified": "2026-11-25T15:30:00Z"})  # doctest: +SKIP
>>> store.save().summary  # doctest: +SKIP
'saved 1 note to notes.json'
"""

from __future__ import annotations

import hashlib
import json
import os
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from billdiff.errors import AnnotationError, ConflictError
from billdiff.fileio import (
    LONE_SURROGATE,
    KeptFile,
    Unreadable,
    json_bytes,
    lone_surrogate,
    parse_json,
    shown_path,
)

SCHEMA = "billdiff.annotations"
SCHEMA_VERSION = 1

#: Shortest id prefix :meth:`NoteStore.get` accepts (not counting ``urn:uuid:``).
MIN_ID_PREFIX = 6
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

#: How billdiff reads and saves a notes file (the rules it shares with the other kept files).
NOTES_FILE = KeptFile(
    "notes file", "notes", MAX_FILE_BYTES, "real ones are under 2 MB", AnnotationError
)

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
                f"{shown_path(self.path)} changed on disk since it was loaded; merged by note id "
                f"({detail})"
            )
        if self.recreated:
            return (
                f"{shown_path(self.path)} was deleted since it was loaded; wrote it again with "
                f"{_count(self.note_count, 'note')}"
            )
        if self.written:
            return f"saved {_count(self.note_count, 'note')} to {shown_path(self.path)}"
        return f"{shown_path(self.path)} already up to date ({_count(self.note_count, 'note')})"


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
        data = NOTES_FILE.read(store.path)
        if data is not None:
            try:
                document = _parse(data)
            except Unreadable as exc:
                raise AnnotationError(f"{shown_path(store.path)} {exc}") from None
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
                f"{shown_path(self.path)} already has a note with id {stored['id']!r}"
            )
        _refuse_surrogates(stored, None, "add")
        self._notes[stored["id"]] = stored

    def replace(self, note: Note) -> None:
        """Replace the note with the same id (stored as a copy); the caller sets ``modified``.

        A lone surrogate the note did not already hold is refused.
        """
        stored = _copy_in(note, "replace")
        if stored["id"] not in self._notes:
            raise AnnotationError(f"no note with id {stored['id']!r} in {shown_path(self.path)}")
        _refuse_surrogates(stored, self._notes[stored["id"]], "replace")
        self._notes[stored["id"]] = stored

    def delete(self, note_id: str) -> None:
        """Remove the note with exactly this id."""
        if note_id not in self._notes:
            raise AnnotationError(f"no note with id {note_id!r} in {shown_path(self.path)}")
        del self._notes[note_id]

    def save(self) -> SaveReport:
        """Write the notes atomically, merging with changes made on disk since loading.

        Raises :class:`AnnotationError` (one line) when the file cannot be saved: a
        missing directory, a notes path that is not a regular file or is a dangling
        symlink, a read-only notes file, an OS error; :class:`ConflictError` when the
        file on disk became unreadable since it was loaded.
        """
        ours = _Document(self._notes, self._extra)
        outcome = _Outcome()
        result, data = ours, b""
        merged = recreated = False

        def change(current: bytes | None) -> bytes:
            nonlocal result, data, merged, recreated
            if _digest(current) == self._base_digest:
                result = ours
            elif current is None:
                # A vanished file is more likely an accident or a branch switch than
                # a wish to delete every note, so write ours in full rather than merge.
                result, recreated = ours, True
            else:
                try:
                    theirs = _parse(current)
                except Unreadable as exc:
                    raise ConflictError(
                        f"{shown_path(self.path)} changed on disk since it was loaded and now "
                        f"{exc}; not saved (repair it, or restore {shown_path(self.path)}.bak)"
                    ) from None
                result = _merge(self._base, ours, theirs, outcome)
                merged = True
            data = _serialise(result)
            return data

        written = NOTES_FILE.update(self.path, change, backup=True)
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
                    f"note id {note_id!r} is ambiguous in {shown_path(self.path)}: "
                    f"{len(matches)} notes start with it; give more characters"
                )
        raise AnnotationError(f"no note with id {note_id!r} in {shown_path(self.path)}")


# --- reading and checking -------------------------------------------------------------


@dataclass(slots=True)
class _Document:
    """A parsed notes file: notes by id, and the top-level keys this version does not know."""

    notes: dict[str, Note]
    extra: dict[str, Any]


def _parse(data: bytes) -> _Document:
    """Check and load a notes file, raising :class:`Unreadable` with the first problem found."""
    top = parse_json(data, "a notes file", MAX_CONTAINERS)
    if not isinstance(top, dict):
        raise Unreadable(f"is not a notes file (it holds a JSON {_json_type(top)}, not an object)")
    if top.get("schema") != SCHEMA:
        found = repr(top["schema"]) if "schema" in top else "missing"
        raise Unreadable(f"is not a notes file (schema is {found}, expected {SCHEMA!r})")
    version = top.get("version")
    if type(version) is not int or version < 1:
        raise Unreadable(f"has no valid schema version (found {version!r})")
    if version > SCHEMA_VERSION:
        raise Unreadable(
            f"was written by a newer billdiff (schema version {version}; this one reads up to "
            f"{SCHEMA_VERSION}); upgrade billdiff to use it"
        )
    listed = top.get("notes")
    if not isinstance(listed, list):
        raise Unreadable("has no list of notes")
    notes: dict[str, Note] = {}
    for number, note in enumerate(listed, start=1):
        problem = _note_problem(note)
        if problem:
            raise Unreadable(f"is not a valid notes file: note {number} {problem}")
        if note["id"] in notes:
            raise Unreadable(f"has two notes with id {note['id']!r}")
        notes[note["id"]] = _normalised(note)
    extra = {key: value for key, value in top.items() if key not in _TOP_LEVEL_KEYS}
    return _Document(notes, extra)


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
        if LONE_SURROGATE.search(value):
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
    if lone_surrogate(note) is None:
        return
    new = _surrogate_strings(note, set())
    if before is not None:
        new -= _surrogate_strings(before, set())
    if new:
        first = LONE_SURROGATE.search(min(new))
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
    return json_bytes(top)


def _digest(data: bytes | None) -> str | None:
    """SHA-256 of a file's bytes, None for no file."""
    return None if data is None else hashlib.sha256(data).hexdigest()


def _count(number: int, noun: str) -> str:
    """'1 note', '2 notes'."""
    return f"{number} {noun}{'' if number == 1 else 's'}"
