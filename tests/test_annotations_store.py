"""Specification of the notes sidecar file: loading, checking, atomic saves and merging."""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import random
import shutil
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any, NoReturn

import pytest

from billdiff import fileio
from billdiff.annotations import store as store_module
from billdiff.annotations.store import SCHEMA, SCHEMA_VERSION, NoteStore
from billdiff.errors import AnnotationError, ConflictError

# --- helpers ---------------------------------------------------------------------------


def note_id(n: int) -> str:
    """A stable note id for test note number ``n``."""
    return f"urn:uuid:{uuid.UUID(int=n)}"


def make_note(n: int, body: str = "This implements the committee amendment.", **extra: Any) -> dict:
    """A complete note shaped as billdiff writes them."""
    stamp = f"2026-11-25T15:{n // 60 % 60:02}:{n % 60:02}Z"
    return {
        "id": note_id(n),
        "type": "Annotation",
        "created": stamp,
        "modified": stamp,
        "creator": {"type": "Person", "name": "A. Lawyer"},
        "status": "open",
        "tags": ["audit"],
        "body": {"type": "TextualBody", "format": "text/markdown", "value": body},
        "target": {"source": "bill-1", "selector": {"type": "FragmentSelector", "value": "c12"}},
        **extra,
    }


def make_reply(n: int, text: str) -> dict:
    """A reply with a stable id."""
    stamp = f"2026-11-26T09:00:{n:02}Z"
    return {
        "id": f"urn:uuid:{uuid.UUID(int=10_000 + n)}",
        "created": stamp,
        "modified": stamp,
        "creator": {"type": "Person", "name": "B. Counsel"},
        "body": {"type": "TextualBody", "value": text},
    }


def edited(note: dict, **changes: Any) -> dict:
    """A copy of ``note`` with ``changes`` applied and a later ``modified`` time."""
    return {**note, **changes, "modified": "2026-12-01T10:00:00Z"}


def document(notes: list[dict], **extra: Any) -> dict:
    """A whole notes file as a JSON-ready dict."""
    return {"schema": SCHEMA, "version": SCHEMA_VERSION, "notes": notes, **extra}


def write_json(path: Path, value: Any) -> bytes:
    """Write ``value`` as JSON the way a person or another tool might, and return the bytes."""
    data = json.dumps(value).encode()
    path.write_bytes(data)
    return data


def seed(path: Path, notes: list[dict]) -> None:
    """Create a notes file holding ``notes`` through the store."""
    store = NoteStore.open(path)
    for note in notes:
        store.add(note)
    store.save()


def ids_on_disk(path: Path) -> set[str]:
    """The ids of the notes in the file at ``path``."""
    return {note["id"] for note in NoteStore.open(path).notes}


def on_disk(path: Path, nid: str) -> dict:
    """One note as stored in the file at ``path``."""
    return NoteStore.open(path).get(nid)


def temp_files(directory: Path) -> list[Path]:
    """Temp files a save may leave beside the notes file."""
    return sorted(directory.glob(".*.tmp"))


@pytest.fixture
def path(tmp_path: Path) -> Path:
    """Where the notes file lives in a test."""
    return tmp_path / "notes.json"


# --- opening ---------------------------------------------------------------------------


def test_missing_file_opens_as_an_empty_store(path: Path) -> None:
    store = NoteStore.open(path)
    assert store.notes == ()


def test_missing_file_is_not_created_until_save(path: Path) -> None:
    store = NoteStore.open(path)
    assert not path.exists()
    store.save()
    assert json.loads(path.read_bytes()) == document([])


def test_saved_file_carries_schema_name_and_version(path: Path) -> None:
    seed(path, [make_note(1)])
    top = json.loads(path.read_bytes())
    assert (top["schema"], top["version"]) == ("billdiff.annotations", 1)


BAD_FILES = {
    "empty file": b"",
    "corrupt JSON": b'{"schema": "billdiff.annotations", "version": 1, "notes": [}',
    "not UTF-8": b'{"schema": "billdiff.annotations\xff", "version": 1, "notes": []}',
    "JSON array": b"[]",
    "wrong schema name": json.dumps({"schema": "other", "version": 1, "notes": []}).encode(),
    "no schema name": json.dumps({"version": 1, "notes": []}).encode(),
    "newer version": json.dumps(document([], version=2)).encode(),
    "version as text": json.dumps(document([], version="1")).encode(),
    "notes not a list": json.dumps({"schema": SCHEMA, "version": 1, "notes": {}}).encode(),
    "note not an object": json.dumps(document(["text"])).encode(),
    "note without id": json.dumps(document([{"modified": "2026-11-25T15:30:00Z"}])).encode(),
    "note without modified": json.dumps(document([{"id": "urn:uuid:x"}])).encode(),
    "duplicate note ids": json.dumps(document([make_note(1), make_note(1, "other")])).encode(),
    "duplicate reply ids": json.dumps(
        document([make_note(1, replies=[make_reply(1, "a"), make_reply(1, "b")])])
    ).encode(),
    "duplicate key in an object": (
        b'{"schema": "billdiff.annotations", "version": 1, "notes": [], "notes": []}'
    ),
    "NaN": b'{"schema": "billdiff.annotations", "version": 1, "notes": [], "x": NaN}',
    "nested too deeply": b'{"schema": "billdiff.annotations", "version": 1, "notes": [], "x": '
    + b"[" * 100_000
    + b"]" * 100_000
    + b"}",
}


@pytest.mark.parametrize("data", BAD_FILES.values(), ids=BAD_FILES.keys())
def test_invalid_file_raises_one_line_error_naming_it(path: Path, data: bytes) -> None:
    path.write_bytes(data)
    with pytest.raises(AnnotationError) as caught:
        NoteStore.open(path)
    message = str(caught.value)
    assert str(path) in message
    assert "\n" not in message


@pytest.mark.parametrize("data", BAD_FILES.values(), ids=BAD_FILES.keys())
def test_invalid_file_is_left_byte_for_byte_untouched(path: Path, data: bytes) -> None:
    path.write_bytes(data)
    with pytest.raises(AnnotationError):
        NoteStore.open(path)
    assert path.read_bytes() == data
    assert sorted(p.name for p in path.parent.iterdir()) == ["notes.json"]


def test_newer_version_error_says_which_versions(path: Path) -> None:
    write_json(path, document([], version=2))
    with pytest.raises(
        AnnotationError, match=r"newer billdiff \(schema version 2; this one reads up to 1\)"
    ):
        NoteStore.open(path)


def test_directory_instead_of_file_raises(path: Path) -> None:
    path.mkdir()
    with pytest.raises(AnnotationError, match="is a directory"):
        NoteStore.open(path)


# --- round trip and layout -------------------------------------------------------------


def test_round_trip_keeps_unknown_top_level_and_note_keys(path: Path) -> None:
    note = make_note(
        1, x_reviewed={"by": "C. Clerk", "ok": True}, replies=[make_reply(1, "Agreed")]
    )
    note["replies"][0]["x_flag"] = [1, 2.5, None]
    original = document([note], generator={"name": "other-tool", "version": "9"}, x_extra=[1])
    write_json(path, original)
    store = NoteStore.open(path)
    store.add(make_note(2))
    store.save()
    saved = json.loads(path.read_bytes())
    assert saved["generator"] == {"name": "other-tool", "version": "9"}
    assert saved["x_extra"] == [1]
    assert saved["notes"][0] == note


def test_output_is_indented_sorted_unescaped_with_trailing_newline(path: Path) -> None:
    write_json(path, document([make_note(1, "§ 12 — “as amended”")]))
    NoteStore.open(path).save()
    text = path.read_text(encoding="utf-8")
    assert text.endswith("}\n")
    assert "§ 12 — “as amended”" in text
    assert text.startswith('{\n  "notes": [\n    {\n      "body": {')
    assert text == json.dumps(json.loads(text), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def test_notes_are_written_in_created_then_id_order(path: Path) -> None:
    late, early_b, early_a = make_note(9), make_note(2), make_note(1)
    early_a["created"] = early_b["created"] = "2026-01-01T00:00:00Z"
    write_json(path, document([late, early_b, early_a]))
    NoteStore.open(path).save()
    assert [n["id"] for n in json.loads(path.read_bytes())["notes"]] == [
        note_id(1),
        note_id(2),
        note_id(9),
    ]


def test_replies_are_written_in_created_then_id_order(path: Path) -> None:
    replies = [make_reply(3, "third"), make_reply(1, "first"), make_reply(2, "second")]
    write_json(path, document([make_note(1, replies=replies)]))
    NoteStore.open(path).save()
    saved = json.loads(path.read_bytes())["notes"][0]["replies"]
    assert [r["body"]["value"] for r in saved] == ["first", "second", "third"]


def test_output_does_not_depend_on_input_order(tmp_path: Path) -> None:
    notes = [make_note(n, replies=[make_reply(n, "r"), make_reply(n + 1, "s")]) for n in range(5)]
    shuffled = [dict(reversed(list(n.items()))) for n in reversed(notes)]
    for note in shuffled:
        note["replies"].reverse()
    write_json(tmp_path / "a.json", document(notes, extra={"b": 1, "a": 2}))
    write_json(
        tmp_path / "b.json", dict(reversed(document(shuffled, extra={"a": 2, "b": 1}).items()))
    )
    NoteStore.open(tmp_path / "a.json").save()
    NoteStore.open(tmp_path / "b.json").save()
    assert (tmp_path / "a.json").read_bytes() == (tmp_path / "b.json").read_bytes()


def test_saving_twice_gives_byte_identical_file(path: Path) -> None:
    write_json(path, document([make_note(2), make_note(1)], generator="x"))
    NoteStore.open(path).save()
    first = path.read_bytes()
    NoteStore.open(path).save()
    assert path.read_bytes() == first


def test_saving_unchanged_notes_does_not_rewrite_file_or_backup(path: Path) -> None:
    seed(path, [make_note(1)])
    store = NoteStore.open(path)
    store.add(make_note(2))
    store.save()
    backup = path.with_name("notes.json.bak").read_bytes()
    before = os.stat(path).st_mtime_ns
    report = NoteStore.open(path).save()
    assert not report.written
    assert os.stat(path).st_mtime_ns == before
    assert path.with_name("notes.json.bak").read_bytes() == backup


# --- reading and editing in memory -----------------------------------------------------


def test_notes_are_copies_that_cannot_change_the_store(path: Path) -> None:
    store = NoteStore.open(path)
    store.add(make_note(1))
    store.notes[0]["body"]["value"] = "tampered"
    store.get(note_id(1))["tags"].append("tampered")
    assert store.get(note_id(1)) == make_note(1)


def test_add_stores_a_copy_of_the_callers_note(path: Path) -> None:
    store = NoteStore.open(path)
    note = make_note(1)
    store.add(note)
    note["body"]["value"] = "tampered"
    assert store.get(note_id(1))["body"]["value"] == make_note(1)["body"]["value"]


def test_add_refuses_an_id_already_in_use(path: Path) -> None:
    store = NoteStore.open(path)
    store.add(make_note(1))
    with pytest.raises(AnnotationError, match="already has a note"):
        store.add(make_note(1, "again"))


@pytest.mark.parametrize(
    "note",
    [
        {"modified": "2026-11-25T15:30:00Z"},
        {"id": "", "modified": "2026-11-25T15:30:00Z"},
        {"id": "urn:uuid:x"},
        {"id": "urn:uuid:x", "modified": "t", "replies": [{"body": "no id"}]},
        {"id": "urn:uuid:x", "modified": "t", "x": {1, 2}},
        {"id": "urn:uuid:x", "modified": "t", "x": float("nan")},
    ],
    ids=["no id", "empty id", "no modified", "reply without id", "a set", "NaN"],
)
def test_add_refuses_a_note_the_store_cannot_keep(path: Path, note: dict) -> None:
    store = NoteStore.open(path)
    with pytest.raises(AnnotationError):
        store.add(note)
    assert store.notes == ()


def test_replace_swaps_the_note_with_the_same_id(path: Path) -> None:
    store = NoteStore.open(path)
    store.add(make_note(1))
    store.replace(edited(make_note(1), status="resolved"))
    assert store.get(note_id(1))["status"] == "resolved"


def test_replace_of_an_unknown_id_raises(path: Path) -> None:
    with pytest.raises(AnnotationError, match="no note with id"):
        NoteStore.open(path).replace(make_note(1))


def test_delete_removes_the_note(path: Path) -> None:
    seed(path, [make_note(1), make_note(2)])
    store = NoteStore.open(path)
    store.delete(note_id(1))
    store.save()
    assert ids_on_disk(path) == {note_id(2)}


def test_delete_of_an_unknown_id_raises(path: Path) -> None:
    with pytest.raises(AnnotationError, match="no note with id"):
        NoteStore.open(path).delete(note_id(1))


def test_get_of_an_unknown_id_raises(path: Path) -> None:
    with pytest.raises(AnnotationError, match="no note with id"):
        NoteStore.open(path).get(note_id(1))


@pytest.fixture
def prefixed() -> NoteStore:
    """A store whose ids share the prefix 3f2a1b and differ after it."""
    store = NoteStore("unused.json")
    for suffix in ("0", "9"):
        nid = f"urn:uuid:3f2a1b{suffix}0-0000-4000-8000-000000000000"
        store.add({"id": nid, "modified": "t"})
    store.add({"id": "urn:uuid:77aa0000-0000-4000-8000-000000000000", "modified": "t"})
    return store


@pytest.mark.parametrize("prefix", ["77aa00", "urn:uuid:77aa00", "3f2a1b9"])
def test_get_accepts_a_unique_id_prefix_of_six_characters(prefixed: NoteStore, prefix: str) -> None:
    assert prefix.removeprefix("urn:uuid:") in prefixed.get(prefix)["id"]


def test_get_refuses_an_ambiguous_prefix(prefixed: NoteStore) -> None:
    with pytest.raises(AnnotationError, match="ambiguous"):
        prefixed.get("3f2a1b")


def test_get_refuses_a_prefix_shorter_than_six_characters(prefixed: NoteStore) -> None:
    with pytest.raises(AnnotationError, match="no note with id"):
        prefixed.get("77aa0")


# --- saving safely ---------------------------------------------------------------------


def test_save_keeps_the_previous_content_as_bak(path: Path) -> None:
    seed(path, [make_note(1)])
    previous = path.read_bytes()
    store = NoteStore.open(path)
    store.add(make_note(2))
    store.save()
    assert path.with_name("notes.json.bak").read_bytes() == previous


def test_first_save_makes_no_backup(path: Path) -> None:
    seed(path, [make_note(1)])
    assert not path.with_name("notes.json.bak").exists()


def test_save_keeps_the_file_mode(path: Path) -> None:
    seed(path, [make_note(1)])
    path.chmod(0o640)
    store = NoteStore.open(path)
    store.add(make_note(2))
    store.save()
    assert os.stat(path).st_mode & 0o7777 == 0o640
    assert os.stat(path.with_name("notes.json.bak")).st_mode & 0o7777 == 0o640


def test_new_file_mode_follows_the_umask(path: Path) -> None:
    old = os.umask(0o027)
    try:
        seed(path, [make_note(1)])
    finally:
        os.umask(old)
    assert os.stat(path).st_mode & 0o7777 == 0o640


def test_save_through_a_symlink_updates_the_target_and_keeps_the_link(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    real = tmp_path / "real" / "notes.json"
    seed(real, [make_note(1)])
    link = tmp_path / "notes.json"
    link.symlink_to(real)
    store = NoteStore.open(link)
    store.add(make_note(2))
    store.save()
    assert link.is_symlink()
    assert ids_on_disk(real) == {note_id(1), note_id(2)}


def test_save_into_a_missing_directory_raises(tmp_path: Path) -> None:
    store = NoteStore.open(tmp_path / "absent" / "notes.json")
    with pytest.raises(AnnotationError, match="does not exist"):
        store.save()
    assert not (tmp_path / "absent").exists()


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write to read-only directories")
def test_save_into_a_read_only_directory_raises_one_line_error(tmp_path: Path) -> None:
    directory = tmp_path / "ro"
    directory.mkdir()
    directory.chmod(0o555)
    try:
        with pytest.raises(AnnotationError) as caught:
            NoteStore.open(directory / "notes.json").save()
    finally:
        directory.chmod(0o755)
    assert "\n" not in str(caught.value)


def test_os_error_while_saving_becomes_one_line_annotation_error(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise PermissionError(13, "Permission denied", str(path.parent))

    # Both ways of making the new file: unnamed (O_TMPFILE) and the named fallback.
    monkeypatch.setattr(fileio, "_open_unnamed", refuse)
    monkeypatch.setattr(fileio.tempfile, "mkstemp", refuse)
    with pytest.raises(AnnotationError, match="Permission denied") as caught:
        NoteStore.open(path).save()
    assert str(path) in str(caught.value)
    assert "\n" not in str(caught.value)


def test_failed_save_leaves_file_unchanged_and_no_temp_file(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed(path, [make_note(1)])
    before = path.read_bytes()
    real_replace = os.replace

    def fail_on_main_file(src: Any, dst: Any) -> None:
        if Path(dst) == path:
            raise OSError(28, "No space left on device")
        real_replace(src, dst)

    store = NoteStore.open(path)
    store.add(make_note(2))
    monkeypatch.setattr(store_module.os, "replace", fail_on_main_file)
    with pytest.raises(AnnotationError, match="No space left"):
        store.save()
    assert path.read_bytes() == before
    assert temp_files(path.parent) == []


def test_failed_save_can_be_retried(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seed(path, [make_note(1)])
    store = NoteStore.open(path)
    store.add(make_note(2))
    with monkeypatch.context() as patched:
        patched.setattr(fileio, "_write_temp", _raise_disk_full)
        with pytest.raises(AnnotationError):
            store.save()
    store.save()
    assert ids_on_disk(path) == {note_id(1), note_id(2)}


def _raise_disk_full(*args: Any) -> str:
    """Stand-in for a write that fails because the disk is full."""
    raise OSError(28, "No space left on device")


def test_save_refuses_a_file_corrupted_since_load_and_leaves_it_untouched(path: Path) -> None:
    seed(path, [make_note(1)])
    store = NoteStore.open(path)
    store.add(make_note(2))
    path.write_bytes(b'{"schema": "billdiff.annotations", "notes": [')
    with pytest.raises(ConflictError, match="changed on disk since it was loaded"):
        store.save()
    assert path.read_bytes() == b'{"schema": "billdiff.annotations", "notes": ['


def test_save_refuses_a_file_upgraded_to_a_newer_version_since_load(path: Path) -> None:
    seed(path, [make_note(1)])
    store = NoteStore.open(path)
    store.add(make_note(2))
    newer = write_json(path, document([make_note(1)], version=2))
    with pytest.raises(AnnotationError, match="newer billdiff"):
        store.save()
    assert path.read_bytes() == newer


def test_save_waits_for_the_lock_and_gives_up_with_an_error(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed(path, [make_note(1)])
    before = path.read_bytes()
    store = NoteStore.open(path)
    store.add(make_note(2))
    monkeypatch.setattr(fileio, "LOCK_TIMEOUT", 0.2)
    held = os.open(path.parent, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(held, fcntl.LOCK_EX)  # the lock writers take: on the notes' directory
        started = time.monotonic()
        with pytest.raises(AnnotationError, match="another process has held the lock on"):
            store.save()
        assert time.monotonic() - started >= 0.2
    finally:
        os.close(held)
    assert path.read_bytes() == before


def _age(file: Path, seconds: float) -> None:
    """Make ``file`` look ``seconds`` old."""
    when = time.time() - seconds
    os.utime(file, (when, when))


def test_save_removes_stale_temp_files_of_dead_writers(path: Path) -> None:
    seed(path, [make_note(1)])
    stale = [
        path.with_name(".notes.json.k3v_9xq2.tmp"),
        path.with_name(".notes.json.bak.a1b2c3d4.tmp"),
    ]
    for file in stale:
        file.write_bytes(b'{"schema": "billdiff.annot')
        _age(file, fileio.STALE_TEMP_AGE + 60)
    NoteStore.open(path).save()
    assert [file for file in stale if file.exists()] == []


def test_save_keeps_recent_temp_files_and_other_files(path: Path) -> None:
    seed(path, [make_note(1)])
    recent = path.with_name(".notes.json.abcd1234.tmp")
    recent.write_bytes(b"in progress")
    others = [path.with_name(".other.json.abcd1234.tmp"), path.with_name("notes.json.tmp")]
    for file in others:
        file.write_bytes(b"not ours")
        _age(file, fileio.STALE_TEMP_AGE + 60)
    NoteStore.open(path).save()
    assert all(file.exists() for file in [recent, *others])


# --- merging with changes made by another writer ---------------------------------------


def two_writers(path: Path, notes: list[dict]) -> tuple[NoteStore, NoteStore]:
    """Seed ``path`` with ``notes`` and open it twice, as two people would."""
    seed(path, notes)
    return NoteStore.open(path), NoteStore.open(path)


def test_unchanged_file_saves_without_merge(path: Path) -> None:
    store = NoteStore.open(path)
    store.add(make_note(1))
    report = store.save()
    assert (report.written, report.merged) == (True, False)


def test_notes_added_on_both_sides_are_all_kept(path: Path) -> None:
    ours, theirs = two_writers(path, [make_note(1)])
    theirs.add(make_note(2))
    theirs.save()
    ours.add(make_note(3))
    report = ours.save()
    assert report.merged
    assert ids_on_disk(path) == {note_id(1), note_id(2), note_id(3)}


def test_edit_on_one_side_and_add_on_the_other_keeps_both(path: Path) -> None:
    ours, theirs = two_writers(path, [make_note(1)])
    theirs.replace(edited(make_note(1), status="resolved"))
    theirs.save()
    ours.add(make_note(2))
    ours.save()
    assert on_disk(path, note_id(1))["status"] == "resolved"
    assert ids_on_disk(path) == {note_id(1), note_id(2)}


def test_edit_on_our_side_only_wins_over_their_unchanged_copy(path: Path) -> None:
    ours, theirs = two_writers(path, [make_note(1)])
    theirs.add(make_note(2))
    theirs.save()
    ours.replace(edited(make_note(1), status="resolved"))
    ours.save()
    assert on_disk(path, note_id(1))["status"] == "resolved"


def test_both_sides_editing_a_note_differently_keeps_ours_and_a_conflict_copy(
    path: Path,
) -> None:
    ours, theirs = two_writers(path, [make_note(1)])
    theirs.replace(edited(make_note(1), body={"type": "TextualBody", "value": "Their view"}))
    theirs.save()
    ours.replace(edited(make_note(1), body={"type": "TextualBody", "value": "Our view"}))
    report = ours.save()
    notes = NoteStore.open(path).notes
    assert len(notes) == 2
    original = next(n for n in notes if n["id"] == note_id(1))
    copy = next(n for n in notes if n["id"] != note_id(1))
    assert original["body"]["value"] == "Our view"
    assert copy["body"]["value"] == "Their view"
    assert copy["conflict_of"] == note_id(1)
    assert copy["tags"] == ["audit", "conflict"]
    assert report.conflicts == (note_id(1),)


def test_conflict_keeps_our_modified_time_on_our_note(path: Path) -> None:
    ours, theirs = two_writers(path, [make_note(1)])
    theirs.replace({**make_note(1), "status": "resolved", "modified": "2026-12-09T00:00:00Z"})
    theirs.save()
    ours.replace({**make_note(1), "status": "wontfix", "modified": "2026-12-02T00:00:00Z"})
    report = ours.save()
    assert on_disk(path, note_id(1))["modified"] == "2026-12-02T00:00:00Z"
    assert report.from_other == ()


def test_both_sides_making_the_same_edit_is_not_a_conflict(path: Path) -> None:
    ours, theirs = two_writers(path, [make_note(1)])
    theirs.replace(edited(make_note(1), status="resolved"))
    theirs.save()
    ours.replace(edited(make_note(1), status="resolved"))
    report = ours.save()
    assert report.conflicts == ()
    assert ids_on_disk(path) == {note_id(1)}


def test_note_we_deleted_but_they_edited_is_kept_with_their_edit(path: Path) -> None:
    ours, theirs = two_writers(path, [make_note(1)])
    theirs.replace(edited(make_note(1), status="resolved"))
    theirs.save()
    ours.delete(note_id(1))
    report = ours.save()
    assert on_disk(path, note_id(1))["status"] == "resolved"
    assert report.kept_over_delete == (note_id(1),)


def test_note_they_deleted_but_we_edited_is_kept_with_our_edit(path: Path) -> None:
    ours, theirs = two_writers(path, [make_note(1)])
    theirs.delete(note_id(1))
    theirs.save()
    ours.replace(edited(make_note(1), status="resolved"))
    ours.save()
    assert on_disk(path, note_id(1))["status"] == "resolved"


def test_note_they_deleted_and_we_left_alone_is_deleted(path: Path) -> None:
    ours, theirs = two_writers(path, [make_note(1), make_note(2)])
    theirs.delete(note_id(1))
    theirs.save()
    ours.add(make_note(3))
    report = ours.save()
    assert ids_on_disk(path) == {note_id(2), note_id(3)}
    assert report.deleted_by_other == (note_id(1),)


def test_note_we_deleted_and_they_left_alone_is_deleted(path: Path) -> None:
    ours, theirs = two_writers(path, [make_note(1), make_note(2)])
    theirs.add(make_note(3))
    theirs.save()
    ours.delete(note_id(1))
    ours.save()
    assert ids_on_disk(path) == {note_id(2), note_id(3)}


def test_replies_added_on_both_sides_are_both_kept_in_one_note(path: Path) -> None:
    ours, theirs = two_writers(path, [make_note(1)])
    theirs.replace(edited(make_note(1), replies=[make_reply(1, "Theirs")]))
    theirs.save()
    ours.replace(edited(make_note(1), replies=[make_reply(2, "Ours")]))
    report = ours.save()
    assert ids_on_disk(path) == {note_id(1)}
    replies = on_disk(path, note_id(1))["replies"]
    assert [r["body"]["value"] for r in replies] == ["Theirs", "Ours"]
    assert report.conflicts == ()


def test_reply_edited_differently_on_both_sides_keeps_both_versions(path: Path) -> None:
    ours, theirs = two_writers(path, [make_note(1, replies=[make_reply(1, "Draft")])])
    theirs.replace(edited(make_note(1), replies=[{**make_reply(1, "Their wording")}]))
    theirs.save()
    ours.replace(edited(make_note(1), replies=[{**make_reply(1, "Our wording")}]))
    report = ours.save()
    replies = on_disk(path, note_id(1))["replies"]
    assert sorted(r["body"]["value"] for r in replies) == ["Our wording", "Their wording"]
    copy = next(r for r in replies if r["body"]["value"] == "Their wording")
    assert copy["conflict_of"] == make_reply(1, "")["id"]
    assert report.conflicts == (note_id(1),)


def test_unknown_top_level_keys_changed_by_the_other_writer_are_kept(path: Path) -> None:
    write_json(path, document([make_note(1)], generator="old-tool"))
    store = NoteStore.open(path)
    store.add(make_note(2))
    write_json(path, document([make_note(1)], generator="new-tool", reviewed_by="C. Clerk"))
    store.save()
    saved = json.loads(path.read_bytes())
    assert (saved["generator"], saved["reviewed_by"]) == ("new-tool", "C. Clerk")


def test_file_created_since_load_is_merged_not_overwritten(path: Path) -> None:
    store = NoteStore.open(path)
    seed(path, [make_note(1)])
    store.add(make_note(2))
    report = store.save()
    assert report.merged
    assert ids_on_disk(path) == {note_id(1), note_id(2)}


def test_file_deleted_since_load_is_written_again_with_all_notes(path: Path) -> None:
    seed(path, [make_note(1)])
    store = NoteStore.open(path)
    store.add(make_note(2))
    path.unlink()
    report = store.save()
    assert report.recreated
    assert ids_on_disk(path) == {note_id(1), note_id(2)}


def test_merged_content_becomes_the_new_base(path: Path) -> None:
    ours, theirs = two_writers(path, [make_note(1)])
    theirs.add(make_note(2))
    theirs.save()
    ours.add(make_note(3))
    ours.save()
    assert {n["id"] for n in ours.notes} == {note_id(1), note_id(2), note_id(3)}
    second = ours.save()
    assert (second.merged, second.written) == (False, False)


def test_previous_content_is_in_the_backup_after_a_merge(path: Path) -> None:
    ours, theirs = two_writers(path, [make_note(1)])
    theirs.add(make_note(2))
    theirs.save()
    theirs_bytes = path.read_bytes()
    ours.add(make_note(3))
    ours.save()
    assert path.with_name("notes.json.bak").read_bytes() == theirs_bytes


def test_merge_report_summary_is_one_clear_line(path: Path) -> None:
    ours, theirs = two_writers(path, [make_note(1)])
    theirs.add(make_note(2))
    theirs.add(make_note(3))
    theirs.replace(edited(make_note(1), status="resolved"))
    theirs.save()
    ours.replace(edited(make_note(1), status="wontfix"))
    report = ours.save()
    assert report.summary == (
        f"{path} changed on disk since it was loaded; merged by note id "
        "(2 notes from the other writer, 1 conflict kept as a copy)"
    )


def test_plain_save_summary_counts_the_notes(path: Path) -> None:
    store = NoteStore.open(path)
    store.add(make_note(1))
    assert store.save().summary == f"saved 1 note to {path}"


# --- crash safety ----------------------------------------------------------------------

KILLS = 50
BIG_NOTES = 1_000
# Note 0 alternates between these; every other note is ~6 KB, so each save
# rewrites about 6 MB and a kill has a real chance of landing mid-write.
BODIES = ("alpha", "beta " * 2_000)


def big_store(file: Path, first_body: str) -> bytes:
    """Save 1,000 notes of about 6 KB, note 0 holding ``first_body``, and return the bytes."""
    store = NoteStore.open(file)
    stamp = "2026-11-25T15:30:00Z"
    for n in range(BIG_NOTES):
        body = first_body if n == 0 else f"Clause {n} " * 600
        store.add({"id": note_id(n), "created": stamp, "modified": stamp, "body": {"value": body}})
    store.save()
    return file.read_bytes()


def write_forever(target: Path, ready: int) -> NoReturn:
    """In a forked child: save ``target`` in a tight loop, alternating note 0's body."""
    try:
        store = NoteStore.open(target)
        note = store.get(note_id(0))
        turn = 1 if note["body"]["value"] == BODIES[0] else 0
        os.write(ready, b"r")
        while True:
            store.replace({**note, "body": {"value": BODIES[turn]}})
            store.save()
            turn ^= 1
    finally:
        os._exit(1)


def writing(pid: int, directory: Path) -> bool:
    """Whether process ``pid`` has a new file open in ``directory`` (it is mid-write):
    an unnamed O_TMPFILE file ("DIR/#123 (deleted)") or a named temp file."""
    with contextlib.suppress(OSError):
        for fd in os.listdir(f"/proc/{pid}/fd"):
            with contextlib.suppress(OSError):
                name = os.readlink(f"/proc/{pid}/fd/{fd}")
                if name.startswith(f"{directory}/") and (
                    name.endswith(" (deleted)") or name.endswith(".tmp")
                ):
                    return True
    return False


def wait_until_writing(pid: int, directory: Path, timeout: float) -> bool:
    """Return True once ``pid`` is mid-write in ``directory``, False after ``timeout``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if writing(pid, directory):
            return True
    return False


def unnamed_files_supported(directory: Path) -> bool:
    """Whether saves in ``directory`` use O_TMPFILE (else a named temp file is the fallback)."""
    fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
    try:
        temp = fileio._open_unnamed(fd)
        if temp is not None:
            os.close(temp)
        return temp is not None
    finally:
        os.close(fd)


def test_writer_killed_at_random_moments_never_leaves_a_partial_file(tmp_path: Path) -> None:
    work = tmp_path / "work"
    work.mkdir()
    target = work / "notes.json"
    known = {
        hashlib.sha256(big_store(tmp_path / f"{n}.json", body)).hexdigest(): n
        for n, body in enumerate(BODIES)
    }
    target.write_bytes((tmp_path / "0.json").read_bytes())
    rng = random.Random(20261125)
    seen, killed_mid_write, littered = set(), 0, 0
    unnamed = unnamed_files_supported(work)
    for kill in range(KILLS):
        ready_read, ready_write = os.pipe()
        # A fork, not a fresh interpreter: a kill then costs milliseconds rather
        # than an interpreter start and imports, so 60 kills fit in a few seconds.
        pid = os.fork()
        if pid == 0:
            write_forever(target, ready_write)
        os.close(ready_write)
        try:
            assert os.read(ready_read, 1) == b"r", "the writer died before it started"
            # Half the kills land anywhere in the save loop; half aim at the write itself.
            if kill % 2:
                wait_until_writing(pid, work, timeout=1.0)
                time.sleep(rng.uniform(0, 0.005))
            else:
                time.sleep(rng.uniform(0, 0.2))
        finally:
            os.close(ready_read)
            mid_write = writing(pid, work)
            os.kill(pid, signal.SIGKILL)
            _, status = os.waitpid(pid, 0)
        assert os.WIFSIGNALED(status), f"the writer stopped by itself before kill {kill}"

        content = hashlib.sha256(target.read_bytes()).hexdigest()
        assert content in known, f"notes.json is neither known content after kill {kill}"
        seen.add(known[content])
        backup = target.with_name("notes.json.bak")
        if backup.exists():
            backup_content = hashlib.sha256(backup.read_bytes()).hexdigest()
            assert backup_content in known, f"notes.json.bak is broken after kill {kill}"
        killed_mid_write += mid_write
        # With O_TMPFILE the new file has a name only between naming it and renaming it
        # over notes.json (two system calls); a kill elsewhere leaves nothing behind. The
        # named fallback leaves its temp file on every kill mid-write (cleared here so
        # each kill is judged alone; the store removes such files once they are old).
        leftovers = temp_files(work)
        littered += bool(leftovers)
        for file in leftovers:
            file.unlink()
    assert seen == {0, 1}, "the writer never completed a save; the test proved nothing"
    assert killed_mid_write > 0, "no kill landed during a write; the test proved nothing"
    if unnamed:
        assert littered <= 2, f"{littered} of {KILLS} kills left a temporary file"


# --- several processes writing at once -------------------------------------------------

CONCURRENT_WRITER = """
import sys, uuid
from billdiff.annotations.store import NoteStore

target, writer, mode = sys.argv[1], int(sys.argv[2]), sys.argv[3]
sys.stdin.readline()
store = NoteStore.open(target)
merges = 0
for i in range(25):
    if mode == "open-add-save":
        store = NoteStore.open(target)
    stamp = "2026-11-25T15:30:00Z"
    nid = f"urn:uuid:{uuid.UUID(int=writer * 1000 + i)}"
    store.add({"id": nid, "created": stamp, "modified": stamp, "body": {"value": nid}})
    merges += store.save().merged
print(merges)
"""

WRITERS = 4


@pytest.mark.parametrize("mode", ["long-lived", "open-add-save"])
def test_concurrent_writers_lose_no_note(path: Path, mode: str) -> None:
    children = [
        subprocess.Popen(
            [sys.executable, "-c", CONCURRENT_WRITER, str(path), str(writer), mode],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for writer in range(WRITERS)
    ]
    time.sleep(0.3)  # let every writer import and wait, so they really start together
    for child in children:
        assert child.stdin is not None
        child.stdin.write(b"go\n")
        child.stdin.flush()
    merges = 0
    for child in children:
        out, err = child.communicate(timeout=60)
        assert child.returncode == 0, err.decode()
        merges += int(out)
    expected = {str(uuid.UUID(int=w * 1000 + i)) for w in range(WRITERS) for i in range(25)}
    notes = NoteStore.open(path).notes
    assert {n["id"].removeprefix("urn:uuid:") for n in notes} == expected
    assert all("conflict_of" not in n for n in notes)
    if mode == "long-lived":
        assert merges > 0, "no save met another writer's change; the merge path went untested"


# --- hostile notes paths and notes (issue 7) --------------------------------------------

as_root = pytest.mark.skipif(os.geteuid() != 0, reason="needs root")


@pytest.mark.parametrize("mode", [0o444, 0o400, 0o555], ids=lambda mode: f"{mode:04o}")
def test_a_read_only_notes_file_is_not_replaced(path: Path, mode: int) -> None:
    seed(path, [make_note(1)])
    before = path.read_bytes()
    path.chmod(mode)
    store = NoteStore.open(path)
    store.add(make_note(2))
    with pytest.raises(AnnotationError) as caught:
        store.save()
    assert str(caught.value) == (
        f"cannot save {path}: the file is read-only (mode {mode:04o}); make it writable "
        "(chmod u+w) to save notes in it"
    )
    assert path.read_bytes() == before and os.stat(path).st_mode & 0o7777 == mode
    assert not path.with_name("notes.json.bak").exists()


@as_root
def test_a_read_only_file_of_another_user_is_not_replaced_even_by_root(path: Path) -> None:
    seed(path, [make_note(1)])
    os.chown(path, 4321, 4321)
    path.chmod(0o444)
    store = NoteStore.open(path)
    store.add(make_note(2))
    with pytest.raises(AnnotationError, match="read-only"):
        store.save()
    assert (os.stat(path).st_uid, ids_on_disk(path)) == (4321, {note_id(1)})


def test_saving_an_unchanged_read_only_file_is_not_an_error(path: Path) -> None:
    seed(path, [make_note(1)])
    path.chmod(0o444)
    assert not NoteStore.open(path).save().written


@as_root
def test_a_replaced_notes_file_keeps_its_owner_and_group(path: Path) -> None:
    seed(path, [make_note(1)])
    os.chown(path, 4321, 4322)
    path.chmod(0o664)
    store = NoteStore.open(path)
    store.add(make_note(2))
    store.save()
    st = os.stat(path)
    assert (st.st_uid, st.st_gid, st.st_mode & 0o7777) == (4321, 4322, 0o664)


def test_a_dangling_symlink_as_notes_path_is_refused_and_creates_nothing(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    link = tmp_path / "notes.json"
    link.symlink_to(elsewhere / "planted.json")
    with pytest.raises(AnnotationError, match="symbolic link to a file that does not exist"):
        NoteStore.open(link)
    store = NoteStore(link)
    store.add(make_note(1))
    with pytest.raises(AnnotationError, match="symbolic link to a file that does not exist"):
        store.save()
    assert os.listdir(elsewhere) == []


# Opens (and, given a note, saves) the notes path in a child with little memory, so a
# store that opened a FIFO would hang and one that read a device would run out.
OPEN_AND_SAVE = """
import resource, sys
resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
from billdiff.annotations.store import NoteStore
from billdiff.errors import AnnotationError
for step in ("open", "save"):
    try:
        store = NoteStore.open(sys.argv[1]) if step == "open" else NoteStore(sys.argv[1])
        if step == "save":
            store.add({"id": "urn:uuid:1", "modified": "t"})
            store.save()
        print(step, "ok")
    except AnnotationError as e:
        print(step, e)
"""


def open_and_save(path: str) -> list[str]:
    proc = subprocess.run(
        [sys.executable, "-c", OPEN_AND_SAVE, path], capture_output=True, text=True, timeout=20
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.splitlines()


def test_a_fifo_as_notes_path_is_refused_without_hanging(tmp_path: Path) -> None:
    fifo = tmp_path / "notes.json"
    os.mkfifo(fifo)
    assert open_and_save(str(fifo)) == [
        f"open {fifo} is a FIFO (named pipe), not a notes file",
        f"save {fifo} is a FIFO (named pipe), not a notes file",
    ]
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_a_device_as_notes_path_is_refused_without_reading_it() -> None:
    assert open_and_save("/dev/zero") == [
        "open /dev/zero is a device, not a notes file",
        "save /dev/zero is a device, not a notes file",
    ]


def test_a_socket_as_notes_path_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.json"
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(path))
        with pytest.raises(AnnotationError, match="is a socket, not a notes file"):
            NoteStore.open(path)


PRINT_NAMES = ("1-commons-introduced.xml", "2-commons-public-bill-committee.xml")


def test_notes_list_on_a_fifo_exits_2_in_one_line(tmp_path: Path) -> None:
    fixtures = Path(__file__).resolve().parents[1] / "fixtures" / "crime-and-policing"
    fifo = tmp_path / "notes.json"
    os.mkfifo(fifo)
    proc = subprocess.run(
        [
            *(sys.executable, "-m", "billdiff", "notes", "list"),
            *(str(fixtures / name) for name in PRINT_NAMES),
            *("--notes", str(fifo)),
        ],
        capture_output=True,
        text=True,
        timeout=20,
    )
    assert (proc.returncode, proc.stdout) == (2, "")
    assert proc.stderr == f"billdiff: {fifo} is a FIFO (named pipe), not a notes file\n"


def test_saving_leaves_no_lock_file_or_other_litter(path: Path) -> None:
    seed(path, [make_note(1)])
    store = NoteStore.open(path)
    store.add(make_note(2))
    store.save()
    assert sorted(os.listdir(path.parent)) == ["notes.json", "notes.json.bak"]


def test_where_the_directory_cannot_be_locked_a_lock_file_is_used(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fileio, "_lock_directory", lambda directory: None)
    seed(path, [make_note(1)])
    assert ids_on_disk(path) == {note_id(1)}
    assert sorted(os.listdir(path.parent)) == ["notes.json", "notes.json.lock"]


@as_root
def test_root_and_another_user_share_the_lock_on_a_directory_neither_owns() -> None:
    # Under /tmp itself: pytest's own temporary folders are private to root.
    shared = Path(tempfile.mkdtemp(dir="/tmp", prefix="billdiff-shared-"))
    try:
        os.chown(shared, 4000, 4000)
        shared.chmod(0o777)
        target = shared / "notes.json"
        writer = (
            "import codecs, os, sys, uuid\n"
            "[codecs.lookup(c) for c in ('ascii', 'utf-8-sig')]\n"  # cannot import them later
            "from billdiff.annotations.store import NoteStore\n"  # imported while still root
            "os.umask(0)\n"  # a shared file both may write
            "if sys.argv[2] != '0': os.setgid(4321); os.setuid(4321)\n"
            "for i in range(10):\n"
            "    store = NoteStore.open(sys.argv[1])\n"
            "    nid = f'urn:uuid:{uuid.UUID(int=int(sys.argv[2]) * 100 + i)}'\n"
            "    store.add({'id': nid, 'created': 't', 'modified': 't'})\n"
            "    store.save()\n"
        )
        children = [
            subprocess.Popen([sys.executable, "-c", writer, str(target), uid], cwd="/")
            for uid in ("0", "4321")
        ]
        assert [child.wait(timeout=60) for child in children] == [0, 0]
        assert len(ids_on_disk(target)) == 20
        assert sorted(os.listdir(shared)) == ["notes.json", "notes.json.bak"]
    finally:
        shutil.rmtree(shared)


def test_a_note_with_a_lone_surrogate_is_refused_wherever_it_is(path: Path) -> None:
    store = NoteStore.open(path)
    for bad in (
        make_note(1, "text \ud800"),
        make_note(1, tags=["ok", "\udfff"]),
        make_note(1, creator={"type": "Person", "name": "A. \ud83d"}),
        {**make_note(1), "x_\ud800": 1},
    ):
        with pytest.raises(AnnotationError, match=r"lone surrogate \(U\+D[89A-F][0-9A-F]{2}\)"):
            store.add(bad)
    assert store.notes == ()
    store.add(make_note(1))
    with pytest.raises(AnnotationError, match="lone surrogate"):
        store.replace(edited(make_note(1), status="\ud800"))
    assert store.get(note_id(1))["status"] == "open"


def test_a_file_already_holding_a_lone_surrogate_still_loads_and_can_be_edited(
    path: Path,
) -> None:
    path.write_bytes(json.dumps(document([make_note(1, "kept \ud800 as written")])).encode())
    store = NoteStore.open(path)
    assert store.get(note_id(1))["body"]["value"] == "kept \ud800 as written"
    store.replace(edited(store.get(note_id(1)), status="resolved"))  # the surrogate was there
    store.add(make_note(2))
    store.save()
    assert b"\\ud800" in path.read_bytes()
    assert NoteStore.open(path).get(note_id(1))["status"] == "resolved"


def test_notes_another_writer_merely_added_are_merged_without_notice(path: Path) -> None:
    ours, theirs = two_writers(path, [make_note(1)])
    theirs.add(make_note(2))
    theirs.replace(edited(make_note(1), status="resolved"))
    theirs.save()
    ours.add(make_note(3))
    report = ours.save()
    assert report.merged and not report.noteworthy
    assert ids_on_disk(path) == {note_id(1), note_id(2), note_id(3)}


def test_a_conflict_copy_is_noteworthy(path: Path) -> None:
    ours, theirs = two_writers(path, [make_note(1)])
    theirs.replace(edited(make_note(1), status="resolved"))
    theirs.save()
    ours.replace(edited(make_note(1), status="wontfix"))
    assert ours.save().noteworthy


def test_an_edit_kept_over_a_delete_is_noteworthy(path: Path) -> None:
    ours, theirs = two_writers(path, [make_note(1)])
    theirs.delete(note_id(1))
    theirs.save()
    ours.replace(edited(make_note(1), status="resolved"))
    assert ours.save().kept_over_delete == (note_id(1),)
    ours2, theirs2 = two_writers(path.with_name("b.json"), [make_note(1)])
    theirs2.replace(edited(make_note(1), status="resolved"))
    theirs2.save()
    ours2.delete(note_id(1))
    report = ours2.save()
    assert report.noteworthy and report.kept_over_delete == (note_id(1),)


def test_a_note_deleted_by_the_other_writer_is_noteworthy(path: Path) -> None:
    ours, theirs = two_writers(path, [make_note(1), make_note(2)])
    theirs.delete(note_id(1))
    theirs.save()
    ours.add(make_note(3))
    assert ours.save().noteworthy


def test_a_recreated_file_is_noteworthy_and_a_plain_save_is_not(path: Path) -> None:
    seed(path, [make_note(1)])
    store = NoteStore.open(path)
    store.add(make_note(2))
    assert not store.save().noteworthy
    path.unlink()
    store.add(make_note(3))
    assert store.save().noteworthy


def test_sixteen_writers_each_adding_a_note_get_no_noteworthy_report(path: Path) -> None:
    seed(path, [])
    writer = (
        "import sys, uuid\n"
        "from billdiff.annotations.store import NoteStore\n"
        "sys.stdin.readline()\n"
        "store = NoteStore.open(sys.argv[1])\n"
        "nid = f'urn:uuid:{uuid.UUID(int=int(sys.argv[2]))}'\n"
        "store.add({'id': nid, 'created': 't', 'modified': 't'})\n"
        "report = store.save()\n"
        "print(report.merged, report.noteworthy)\n"
    )
    children = [
        subprocess.Popen(
            [sys.executable, "-c", writer, str(path), str(n)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for n in range(16)
    ]
    time.sleep(0.5)  # let every writer import and wait, so they save together
    for child in children:
        assert child.stdin is not None
        child.stdin.write("go\n")
        child.stdin.flush()
    reports = [child.communicate(timeout=60)[0].split() for child in children]
    assert len(ids_on_disk(path)) == 16
    assert all(noteworthy == "False" for _, noteworthy in reports)
    assert any(merged == "True" for merged, _ in reports), "no save met another's change"


def test_a_notes_file_over_the_size_limit_is_refused_without_reading_it(path: Path) -> None:
    with path.open("wb") as fh:  # sparse: large on paper, nothing on disk
        fh.truncate(store_module.MAX_FILE_BYTES + 1)
    with pytest.raises(AnnotationError) as caught:
        NoteStore.open(path)
    assert str(caught.value) == (
        f"{path} is larger than 8 MB, which billdiff does not read as a notes file "
        "(real ones are under 2 MB)"
    )


def test_a_notes_file_of_countless_tiny_json_values_is_refused_before_parsing(
    path: Path,
) -> None:
    filler = ",".join(["{}"] * (store_module.MAX_CONTAINERS + 1))
    path.write_text(f'{{"schema": "{SCHEMA}", "version": 1, "notes": [], "x": [{filler}]}}')
    with pytest.raises(AnnotationError, match="JSON objects and arrays; billdiff reads"):
        NoteStore.open(path)


def test_a_notes_path_with_control_characters_is_shown_safely(tmp_path: Path) -> None:
    path = tmp_path / "notes\n\x1b[2J.json"
    path.write_bytes(b"not json")
    with pytest.raises(AnnotationError) as caught:
        NoteStore.open(path)
    assert "\n" not in str(caught.value) and "\x1b" not in str(caught.value)
    assert "notes⟨U+000A⟩⟨U+001B⟩[2J.json is not valid JSON" in str(caught.value)
