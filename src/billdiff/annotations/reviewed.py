"""Which units a reader has marked reviewed, kept beside the notes file.

A mark says "I have read this unit's changes between these words and those
words". It is keyed by the unit's identity *and its content*: a fingerprint
of both sides' number, heading and text. Open a later print in which the unit
changed again and the fingerprint differs, so the mark no longer applies and
the unit shows as not reviewed; where the unit is word for word what was
reviewed, the mark still holds.

Marks are not notes: they are one reader's progress, not a record for the
Bill team, so they live in their own small file beside the notes file
(``X.notes.json`` → ``X.reviewed.json``), leaving the notes file's schema
alone. The file (schema ``billdiff.reviewed``, version 1)::

    {"schema": "billdiff.reviewed", "version": 1,
     "marks": [{"unit": "_a9336cda-…", "label": "clause 16 → 15",
                "content": "sha256 of both sides", "by": "A. Lawyer",
                "at": "2026-11-25T15:44:22Z"}]}

It is read and saved under the same rules as the notes file
(:class:`billdiff.fileio.KeptFile`): only a regular file is read (a FIFO never
hangs the app, a symlink to ``/dev/zero`` is never read), at most
:data:`MAX_FILE_BYTES`, strict JSON; saving takes the lock every writer of a
kept file takes, re-reads the file and applies only this session's additions
and removals on top, so readers marking units at the same time, in any number
of processes, never lose each other's marks; a read-only file is refused, and
the file is replaced atomically, with sorted keys and marks so it diffs
cleanly. A corrupt file, or one written by a newer billdiff, is refused and
never overwritten. A mark whose reader's name holds a lone surrogate (bytes
that are not UTF-8, say in ``$BILLDIFF_AUTHOR``) is refused when it is made,
as a note would be.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from billdiff.annotations.notes import now
from billdiff.comparison import UnitChange, UnitVersion
from billdiff.errors import AnnotationError
from billdiff.fileio import KeptFile, Unreadable, json_bytes, lone_surrogate, parse_json, shown_path

SCHEMA = "billdiff.reviewed"
SCHEMA_VERSION = 1
#: The largest marks file read: a mark is about 300 bytes, so some 28,000 marks.
MAX_FILE_BYTES = 8 * 1024 * 1024
#: The most JSON objects and arrays a marks file may hold (one per mark, and two more).
MAX_CONTAINERS = 250_000
#: How billdiff reads and saves a marks file (the rules it shares with the notes file).
MARKS_FILE = KeptFile(
    "reviewed-marks file",
    "reviewed marks",
    MAX_FILE_BYTES,
    "real ones are well under 1 MB",
    AnnotationError,
)


def reviewed_path(notes_path: str | Path) -> Path:
    """The marks file beside a notes file: ``X.notes.json`` → ``X.reviewed.json``."""
    path = Path(notes_path)
    name = path.name
    stem = name.removesuffix(".notes.json") if name.endswith(".notes.json") else path.stem
    return path.with_name(f"{stem}.reviewed.json")


def _side(version: UnitVersion | None) -> list[Any] | None:
    if version is None:
        return None
    return [version.kind.value, version.schedule, version.number, version.heading, version.text]


def content_key(unit: UnitChange) -> str:
    """A fingerprint of what a reader saw: both sides' number, heading and words."""
    data = json.dumps([_side(unit.old), _side(unit.new)], ensure_ascii=False)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class Mark:
    """One unit marked reviewed."""

    unit: str
    content: str
    label: str
    by: str
    at: str

    @property
    def key(self) -> tuple[str, str]:
        """What a mark is matched on: the unit's key and its content fingerprint."""
        return (self.unit, self.content)

    def as_json(self) -> dict[str, str]:
        """The mark as it is stored."""
        return {
            "unit": self.unit,
            "content": self.content,
            "label": self.label,
            "by": self.by,
            "at": self.at,
        }


class ReviewedMarks:
    """The marks of one file, held in memory; :meth:`save` writes this session's changes."""

    def __init__(self, path: str | Path) -> None:
        """An empty set of marks for ``path`` (:meth:`open` reads the file)."""
        self.path = Path(path)
        self._marks: dict[tuple[str, str], Mark] = {}
        self._added: dict[tuple[str, str], Mark] = {}
        self._removed: set[tuple[str, str]] = set()
        # Fingerprints already worked out, by unit (units never change once made).
        self._keys: dict[int, tuple[UnitChange, str]] = {}

    @classmethod
    def open(cls, path: str | Path) -> ReviewedMarks:
        """Read the marks in ``path``; a missing file has none."""
        marks = cls(path)
        marks._marks = _read(marks.path)
        return marks

    def __len__(self) -> int:
        return len(self._marks)

    def _key(self, unit: UnitChange) -> tuple[str, str]:
        known = self._keys.get(id(unit))
        if known is None or known[0] is not unit:
            known = (unit, content_key(unit))
            self._keys[id(unit)] = known
        return (unit.key, known[1])

    def mark_for(self, unit: UnitChange) -> Mark | None:
        """The mark on ``unit`` as it is in this comparison (None if none, or if it changed)."""
        if not self._marks:
            return None
        return self._marks.get(self._key(unit))

    def is_reviewed(self, unit: UnitChange) -> bool:
        """Whether ``unit``, as it is now, has been marked reviewed."""
        return self.mark_for(unit) is not None

    def count(self, units: Iterable[UnitChange]) -> int:
        """How many of ``units`` are marked reviewed."""
        return sum(1 for u in units if self.is_reviewed(u))

    def mark(self, unit: UnitChange, by: str, when: str | None = None) -> Mark:
        """Mark ``unit`` reviewed (by ``by``, now); returns the mark.

        Raises :class:`AnnotationError` for a mark that could not be saved: one holding
        a lone surrogate (a name read from bytes that are not UTF-8).
        """
        mark = Mark(*self._key(unit), unit.label, by, when or now())
        odd = lone_surrogate(mark.as_json())
        if odd is not None:
            raise AnnotationError(
                f"cannot mark {unit.label} reviewed: the reviewer's name {by!r} holds a lone "
                f"surrogate (U+{ord(odd):04X}), bytes that are not UTF-8, which cannot be saved; "
                "set BILLDIFF_AUTHOR to the name in UTF-8"
            )
        self._marks[mark.key] = mark
        self._added[mark.key] = mark
        self._removed.discard(mark.key)
        return mark

    def unmark(self, unit: UnitChange) -> None:
        """Take the mark off ``unit`` (nothing happens if it has none)."""
        key = self._key(unit)
        self._marks.pop(key, None)
        self._added.pop(key, None)
        self._removed.add(key)

    def toggle(self, unit: UnitChange, by: str) -> bool:
        """Mark or unmark ``unit``; returns whether it is now reviewed."""
        if self.is_reviewed(unit):
            self.unmark(unit)
            return False
        self.mark(unit, by)
        return True

    def save(self) -> None:
        """Write the marks: what is on disk now, plus this session's marks, minus its unmarks
        (under the lock every writer takes, so concurrent writers lose nothing)."""
        saved: dict[tuple[str, str], Mark] = {}

        def change(current: bytes | None) -> bytes:
            on_disk = _parse(self.path, current)
            for key in self._removed:
                on_disk.pop(key, None)
            on_disk.update(self._added)
            marks = sorted(on_disk.values(), key=lambda m: (m.label, m.unit, m.content))
            saved.update(on_disk)
            return json_bytes(
                {
                    "schema": SCHEMA,
                    "version": SCHEMA_VERSION,
                    "marks": [m.as_json() for m in marks],
                }
            )

        MARKS_FILE.update(self.path, change)
        self._marks = saved
        self._added.clear()
        self._removed.clear()


def _read(path: Path) -> dict[tuple[str, str], Mark]:
    return _parse(path, MARKS_FILE.read(path))


def _parse(path: Path, data: bytes | None) -> dict[tuple[str, str], Mark]:
    """The marks in a file's bytes (None: no file, no marks); refuses anything else."""
    if data is None:
        return {}
    shown = shown_path(path)
    try:
        document = parse_json(data, "a reviewed-marks file", MAX_CONTAINERS)
    except Unreadable as e:
        raise AnnotationError(f"{shown} {e}") from None
    if not isinstance(document, dict) or document.get("schema") != SCHEMA:
        raise AnnotationError(f"{shown} is not a reviewed-marks file (schema is not {SCHEMA})")
    version = document.get("version")
    if type(version) is not int or version < 1:
        raise AnnotationError(f"{shown} has no valid version number")
    if version > SCHEMA_VERSION:
        raise AnnotationError(f"{shown} was written by a newer billdiff (version {version})")
    marks = document.get("marks")
    if not isinstance(marks, list):
        raise AnnotationError(f"{shown}: 'marks' is not a list")
    out: dict[tuple[str, str], Mark] = {}
    for item in marks:
        names = ("unit", "content", "label", "by", "at")
        fields = [item.get(k) if isinstance(item, dict) else None for k in names]
        strings = [f for f in fields if isinstance(f, str)]
        if len(strings) != len(names):
            raise AnnotationError(f"{shown}: a mark is missing one of {', '.join(names)}")
        mark = Mark(*strings)
        out[mark.key] = mark
    return out


__all__ = ["SCHEMA", "SCHEMA_VERSION", "Mark", "ReviewedMarks", "content_key", "reviewed_path"]
