"""Notes on a unit of a comparison, shaped as W3C Web Annotations, and reading them back.

A note targets one unit (clause, schedule paragraph ...) of one print: the
print is named in ``target.source`` (bill project id, version code, stage,
file SHA-256, and which side of the comparison it was on), the unit in a
``FragmentSelector`` (eId as ``value``, plus GUID, kind, number, schedule and
heading, so it can be found again when eIds change). A note on a passage or on
one change refines that selector with a ``TextQuoteSelector`` (the words, and
up to :data:`CONTEXT_CHARS` characters either side) and a
``TextPositionSelector`` (character offsets into the unit's
:attr:`~billdiff.compare.UnitVersion.text`). A note on one change also keeps
the change itself in ``target.change``. ``target.comparison`` records the two
prints the note was written on.

The side is "new" unless the note is about words that only the old print has
(a removed unit, a pure deletion, a quote found only in the old text).

>>> note = new_note(target, "Tightens the test.", author="A. Lawyer")  # doctest: +SKIP
>>> note["target"]["selector"]["refinedBy"][0]["exact"]  # doctest: +SKIP
'necessary and proportionate'
"""

from __future__ import annotations

import getpass
import os
import re
import subprocess
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from functools import lru_cache
from typing import Any

from billdiff.comparison import Comparison, PrintInfo, UnitChange, UnitVersion
from billdiff.errors import UsageError
from billdiff.textdiff import Op
from billdiff.view.changes import Change, Field, numbered

Note = dict[str, Any]

#: JSON-LD context of a W3C Web Annotation.
W3C_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
#: ``conformsTo`` of the selector naming a unit of comparison.
UNIT_SELECTOR = "billdiff:unit"
#: Characters of context kept either side of a quote.
CONTEXT_CHARS = 32
#: Seconds to wait for ``git config user.name`` before falling back to the login name.
GIT_TIMEOUT = 5.0

_URN_UUID = "urn:uuid:"


class NoteStatus(StrEnum):
    """Whether a note still needs attention."""

    OPEN = "open"
    RESOLVED = "resolved"


class Side(StrEnum):
    """Which print of a comparison a note's words are in."""

    OLD = "old"
    NEW = "new"


@dataclass(frozen=True, slots=True)
class Quote:
    """Quoted words of a unit's text, with context and where they were."""

    exact: str
    prefix: str = ""
    suffix: str = ""
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True, slots=True)
class NoteTarget:
    """What a note's ``target`` says, read leniently (missing fields are None)."""

    project: str | None
    version: str | None
    stage: str | None
    sha256: str | None
    side: Side
    eid: str | None
    guid: str | None
    kind: str | None
    number: str | None
    schedule: str | None
    heading: str | None
    quote: Quote | None
    change: dict[str, Any] | None

    @property
    def label(self) -> str:
        """The unit as it was when the note was made: "clause 21", "Schedule 2 paragraph 5",
        "Part 3", "cross-heading “Grooming”", "long title"."""
        if self.kind == "long-title":
            return "long title"
        if self.kind == "crossheading":
            return f"cross-heading “{self.heading or ''}”"
        if self.kind in ("part", "chapter"):
            name = f"{self.kind.capitalize()} {self.number or ''}".strip()
            return f"Schedule {self.schedule} {name}" if self.schedule else name
        number = self.number or "(unnumbered)"
        if self.kind == "schedule-paragraph":
            schedule = f"Schedule {self.schedule}" if self.schedule else "the Schedule"
            return f"{schedule} paragraph {number}"
        return f"{self.kind or 'unit'} {number}"

    @property
    def print_name(self) -> str:
        """The note's print in words: its stage, else its version code."""
        return self.stage or self.version or "an unnamed print"


# --- making notes -------------------------------------------------------------------------


def now() -> str:
    """The current UTC time as ISO 8601 with ``Z``, to the second (every note time uses it)."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def new_id() -> str:
    """A fresh note or reply id: ``urn:uuid:`` and a random UUID."""
    return f"{_URN_UUID}{uuid.uuid4()}"


def short_id(note_id: str) -> str:
    """The first 8 hex digits of an id, enough to name a note on the command line."""
    return note_id.removeprefix(_URN_UUID)[:8]


def resolve_author(explicit: str | None = None) -> str:
    """Who is writing: ``explicit``, else $BILLDIFF_AUTHOR, else git's user.name, else the login."""
    for name in (explicit, os.environ.get("BILLDIFF_AUTHOR")):
        if name and name.strip():
            return name.strip()
    try:
        done = subprocess.run(
            ["git", "config", "user.name"],
            capture_output=True,
            text=True,
            timeout=GIT_TIMEOUT,
            check=False,
        )
        if done.returncode == 0 and done.stdout.strip():
            return done.stdout.strip()
    except (OSError, subprocess.SubprocessError):
        pass  # no git, or a broken one: the login name will do
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "unknown"


def print_source(info: PrintInfo, side: Side) -> dict[str, Any]:
    """The ``target.source`` naming one print of a comparison."""
    return {
        "project": info.project_id,
        "version": info.version,
        "stage": info.stage,
        "sha256": info.sha256,
        "side": side.value,
    }


def unit_selector(version: UnitVersion, quote: Quote | None = None) -> dict[str, Any]:
    """The ``FragmentSelector`` for a unit, refined by ``quote`` when there is one."""
    selector: dict[str, Any] = {
        "type": "FragmentSelector",
        "conformsTo": UNIT_SELECTOR,
        "value": version.eid,
        "guid": version.guid,
        "kind": version.kind.value,
        "number": version.number,
        "schedule": version.schedule,
        "heading": version.heading,
    }
    if quote is not None:
        selector["refinedBy"] = [
            {
                "type": "TextQuoteSelector",
                "exact": quote.exact,
                "prefix": quote.prefix,
                "suffix": quote.suffix,
            },
            {"type": "TextPositionSelector", "start": quote.start, "end": quote.end},
        ]
    return selector


def make_target(
    info: PrintInfo,
    side: Side,
    version: UnitVersion,
    quote: Quote | None = None,
) -> dict[str, Any]:
    """A note target on ``version`` (a unit of print ``info``), or on ``quote`` in it."""
    return {"source": print_source(info, side), "selector": unit_selector(version, quote)}


def quote_at(text: str, start: int, end: int) -> Quote:
    """The quote of ``text[start:end]`` with its context."""
    return Quote(
        exact=text[start:end],
        prefix=text[max(0, start - CONTEXT_CHARS) : start],
        suffix=text[end : end + CONTEXT_CHARS],
        start=start,
        end=end,
    )


def unit_target(comparison: Comparison, unit: UnitChange) -> dict[str, Any]:
    """The target of a note on a whole unit (the old print's unit if it was removed)."""
    side = Side.NEW if unit.new is not None else Side.OLD
    return _with_comparison(
        make_target(_info(comparison, side), side, _version(unit, side)), comparison
    )


class TargetError(UsageError):
    """A note cannot go where it was asked to; front ends word the remedy their own way."""


class NoChanges(TargetError):
    """The unit has no change to put a note on."""

    def __init__(self, unit: str) -> None:
        self.unit = unit
        super().__init__(f"{unit} has no changes to attach a note to")


class NoSuchChange(TargetError):
    """A change number outside the unit's numbered changes."""

    def __init__(self, unit: str, count: int, number: int) -> None:
        self.unit, self.count, self.number = unit, count, number
        super().__init__(
            f"{unit} has {count} numbered change{'s' if count != 1 else ''}; "
            f"there is no change {number}"
        )


class QuoteNotFound(TargetError):
    """The quoted words are not in the unit."""

    def __init__(self, unit: str, words: str) -> None:
        self.unit, self.words = unit, words
        super().__init__(f"the quote {_shorten(words)!r} is not in the text of {unit}")


class AmbiguousQuote(TargetError):
    """The quoted words occur more than once and no occurrence was chosen."""

    def __init__(self, unit: str, places: list[str]) -> None:
        self.unit, self.places = unit, places
        listed = "; ".join(f"{n}: …{p}…" for n, p in enumerate(places, 1))
        super().__init__(f"the quote occurs {len(places)} times in {unit} ({listed})")


class NoSuchOccurrence(TargetError):
    """An occurrence number beyond the places the quoted words occur."""

    def __init__(self, unit: str, count: int, occurrence: int) -> None:
        self.unit, self.count, self.occurrence = unit, count, occurrence
        times = f"{count} time{'s' if count != 1 else ''}"
        super().__init__(f"the quote occurs {times} in {unit}; there is no occurrence {occurrence}")


class EmptyText(TargetError):
    """A note, reply or quote with no words."""


def change_by_number(unit: UnitChange, number: int) -> Change:
    """The unit's change ``number`` as front ends number it (heading changes first)."""
    found = numbered(unit)
    if not found:
        raise NoChanges(unit.label)
    if not 1 <= number <= len(found):
        raise NoSuchChange(unit.label, len(found), number)
    return found[number - 1]


def change_target(comparison: Comparison, unit: UnitChange, change: Change | int) -> dict[str, Any]:
    """The target of a note on one change of a unit (a :class:`Change`, or its number).

    A change in the text quotes its words (the new ones; a pure deletion's old
    ones, in the old print). A change in the heading targets the unit as a whole
    and records the change, since quotes index the unit's text.
    """
    if isinstance(change, int):
        change = change_by_number(unit, change)
    hunk = change.hunk
    if change.field is Field.HEADING:
        side = Side.NEW if unit.new is not None else Side.OLD
        target = make_target(_info(comparison, side), side, _version(unit, side))
    else:
        # A pure deletion has no new words: the note quotes the deleted words in the old print.
        if hunk.op is Op.DELETE:
            side, start, end = Side.OLD, hunk.old_start, hunk.old_end
        else:
            side, start, end = Side.NEW, hunk.new_start, hunk.new_end
        version = _version(unit, side)
        target = make_target(
            _info(comparison, side), side, version, quote_at(version.text, start, end)
        )
    target["change"] = {
        "field": change.field.value,
        "index": change.index,
        "number": change.number,
        "op": hunk.op.value,
        "old": hunk.old,
        "new": hunk.new,
        "class": hunk.cls.value,
    }
    return _with_comparison(target, comparison)


def quote_target(
    comparison: Comparison, unit: UnitChange, words: str, occurrence: int | None = None
) -> dict[str, Any]:
    """The target of a note on the passage ``words`` of a unit (occurrence K when repeated).

    The words are looked for in the newest text first, then in the old text (so
    deleted words can be noted too); quote marks, dashes and spacing need not
    match exactly, and the note keeps the words as printed.
    """
    wanted = words.strip()
    if not wanted:
        raise EmptyText("the quote is empty")
    sides = [s for s in (Side.NEW, Side.OLD) if _version_or_none(unit, s) is not None]
    for side in sides:
        version = _version(unit, side)
        found = find_all(version.text, wanted)
        if not found:
            continue
        if occurrence is None and len(found) > 1:
            raise AmbiguousQuote(unit.label, [_excerpt(version.text, s, e) for s, e in found])
        k = occurrence or 1
        if not 1 <= k <= len(found):
            raise NoSuchOccurrence(unit.label, len(found), k)
        start, end = found[k - 1]
        target = make_target(
            _info(comparison, side), side, version, quote_at(version.text, start, end)
        )
        return _with_comparison(target, comparison)
    raise QuoteNotFound(unit.label, wanted)


def provision_target(comparison: Comparison, unit: UnitChange, path: str) -> dict[str, Any]:
    """The target of a note on one sub-provision of a unit ("(3)", "(3)(a)"): its words and
    its children's, quoted, in the newest print that has it."""
    for side in (Side.NEW, Side.OLD):
        version = _version_or_none(unit, side)
        span = version.span(path) if version is not None else None
        if version is not None and span is not None:
            target = make_target(
                _info(comparison, side), side, version, quote_at(version.text, *span)
            )
            return _with_comparison(target, comparison)
    raise TargetError(f"{unit.label} has no {path}")


def new_note(
    target: dict[str, Any],
    text: str,
    author: str,
    tags: list[str] | tuple[str, ...] = (),
    when: str | None = None,
) -> Note:
    """A new open note with a fresh id on ``target``, its body ``text`` in Markdown."""
    body = text.strip("\n")
    if not body.strip():
        raise EmptyText("the note text is empty")
    stamp = when or now()
    return {
        "@context": W3C_CONTEXT,
        "id": new_id(),
        "type": "Annotation",
        "motivation": "commenting",
        "created": stamp,
        "modified": stamp,
        "creator": {"type": "Person", "name": author},
        "body": _body(body),
        "tags": list(dict.fromkeys(tag.strip() for tag in tags if tag.strip())),
        "status": NoteStatus.OPEN.value,
        "replies": [],
        "target": target,
    }


def new_reply(text: str, author: str, when: str | None = None) -> Note:
    """A reply with a fresh id, its body ``text`` in Markdown."""
    body = text.strip("\n")
    if not body.strip():
        raise EmptyText("the reply text is empty")
    stamp = when or now()
    return {
        "id": new_id(),
        "type": "Annotation",
        "motivation": "replying",
        "created": stamp,
        "modified": stamp,
        "creator": {"type": "Person", "name": author},
        "body": _body(body),
    }


def with_reply(note: Note, reply: Note) -> Note:
    """A copy of ``note`` with ``reply`` added."""
    replies = note.get("replies")
    return {
        **note,
        "replies": [*(replies if isinstance(replies, list) else []), reply],
        "modified": reply["created"],
    }


def with_text(
    note: Note, text: str, tags: list[str] | tuple[str, ...] | None = None, when: str | None = None
) -> Note:
    """A copy of ``note`` with its text (Markdown) and, if given, its ``tags`` replaced, and
    a new ``modified`` time if either changed; its target, replies and other body fields are
    kept."""
    value = text.strip("\n")
    if not value.strip():
        raise EmptyText("the note text is empty")
    new_tags = tags_of(note)
    if tags is not None:
        new_tags = list(dict.fromkeys(tag.strip() for tag in tags if tag.strip()))
    if value == body_text(note) and new_tags == tags_of(note):
        return dict(note)
    old: Any = note.get("body")
    body: Any
    if isinstance(old, dict):
        body = {**old, "value": value}
    elif isinstance(old, list) and any(isinstance(b, dict) and "value" in b for b in old):
        first = next(n for n, b in enumerate(old) if isinstance(b, dict) and "value" in b)
        body = [{**b, "value": value} if n == first else b for n, b in enumerate(old)]
    else:
        body = _body(value)
    return {**note, "body": body, "tags": new_tags, "modified": when or now()}


def with_status(note: Note, status: NoteStatus, when: str | None = None) -> Note:
    """A copy of ``note`` with ``status`` (and a new ``modified`` time if it changed)."""
    if note.get("status") == status.value:
        return dict(note)
    return {**note, "status": status.value, "modified": when or now()}


# --- reading notes back -------------------------------------------------------------------


def read_target(note: Note) -> NoteTarget | None:
    """The note's target, or None when it has none billdiff can read."""
    target = note.get("target")
    if not isinstance(target, dict):
        return None
    source = target.get("source")
    selector = target.get("selector")
    if not isinstance(source, dict) or not isinstance(selector, dict):
        return None
    quote = _read_quote(selector.get("refinedBy"))
    change = target.get("change")
    return NoteTarget(
        project=_str(source.get("project")),
        version=_str(source.get("version")),
        stage=_str(source.get("stage")),
        sha256=_str(source.get("sha256")),
        side=Side.OLD if source.get("side") == Side.OLD.value else Side.NEW,
        eid=_str(selector.get("value")),
        guid=_str(selector.get("guid")),
        kind=_str(selector.get("kind")),
        number=_str(selector.get("number")),
        schedule=_str(selector.get("schedule")),
        heading=_str(selector.get("heading")),
        quote=quote,
        change=change if isinstance(change, dict) else None,
    )


def body_text(note: Note) -> str:
    """The note's text (the value of its first textual body)."""
    body = note.get("body")
    if isinstance(body, list):
        body = next((b for b in body if isinstance(b, dict) and "value" in b), None)
    if isinstance(body, dict):
        return str(body.get("value", ""))
    return body if isinstance(body, str) else ""


def first_line(note: Note) -> str:
    """The first non-blank line of the note's text."""
    return next((line.strip() for line in body_text(note).splitlines() if line.strip()), "")


def author_of(note: Note) -> str:
    """The creator's name, or "unknown"."""
    creator = note.get("creator")
    if isinstance(creator, dict):
        return str(creator.get("name") or "unknown")
    return creator if isinstance(creator, str) and creator else "unknown"


def status_of(note: Note) -> str:
    """The note's status ("open" when missing)."""
    status = note.get("status")
    return status if isinstance(status, str) else NoteStatus.OPEN.value


def tags_of(note: Note) -> list[str]:
    """The note's tags (strings only)."""
    tags = note.get("tags")
    return [t for t in tags if isinstance(t, str)] if isinstance(tags, list) else []


# --- finding words ------------------------------------------------------------------------

# Characters that print differently but mean the same: a quote may be typed with
# straight quotes and hyphens and still find the curly ones in the bill.
_EQUIVALENT = (
    '"\u201c\u201d\u201e\u201f\u2033',
    "'\u2018\u2019\u201a\u201b\u2032",
    "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212",
)
_CLASS_OF = {ch: group for group in _EQUIVALENT for ch in group}
_FOLD = str.maketrans({ch: group[0] for group in _EQUIVALENT for ch in group})


def fold(text: str) -> str:
    """``text`` with quote marks, dashes and whitespace made plain, keeping its length."""
    return "".join(" " if ch.isspace() else ch for ch in text.translate(_FOLD))


@lru_cache(maxsize=512)
def _pattern(words: str) -> re.Pattern[str]:
    """A regex for ``words`` tolerant of quote, dash and whitespace variants."""
    parts: list[str] = []
    for ch in words:
        if ch.isspace():
            if not parts or parts[-1] != r"\s+":
                parts.append(r"\s+")
        elif ch in _CLASS_OF:
            parts.append("[" + re.escape(_CLASS_OF[ch]) + "]")
        else:
            parts.append(re.escape(ch))
    return re.compile("".join(parts))


def find_all(text: str, words: str) -> list[tuple[int, int]]:
    """Every (start, end) where ``words`` occur in ``text``, overlaps included, typography aside."""
    if not words:
        return []
    pattern = _pattern(words)
    found = []
    pos = 0
    while (match := pattern.search(text, pos)) is not None:
        found.append((match.start(), match.end()))
        pos = match.start() + 1
    return found


def same_words(a: str, b: str) -> bool:
    """Whether two passages are the same apart from quote marks, dashes and spacing."""
    return bool(_pattern(a).fullmatch(b)) if a else not b


# --- helpers ------------------------------------------------------------------------------


def _info(comparison: Comparison, side: Side) -> PrintInfo:
    return comparison.new if side is Side.NEW else comparison.old


def _version_or_none(unit: UnitChange, side: Side) -> UnitVersion | None:
    return unit.new if side is Side.NEW else unit.old


def _version(unit: UnitChange, side: Side) -> UnitVersion:
    version = _version_or_none(unit, side)
    assert version is not None, f"{unit.label} has no {side.value} version"
    return version


def _with_comparison(target: dict[str, Any], comparison: Comparison) -> dict[str, Any]:
    """Record which two prints the note was written on (the target itself names only one)."""
    target["comparison"] = {
        side: {"version": info.version, "sha256": info.sha256}
        for side, info in (("old", comparison.old), ("new", comparison.new))
    }
    return target


def _body(text: str) -> dict[str, Any]:
    return {
        "type": "TextualBody",
        "format": "text/markdown",
        "purpose": "commenting",
        "value": text,
    }


def _read_quote(refined: Any) -> Quote | None:
    if isinstance(refined, dict):
        refined = [refined]
    if not isinstance(refined, list):
        return None
    quote = next(
        (r for r in refined if isinstance(r, dict) and r.get("type") == "TextQuoteSelector"), None
    )
    if quote is None or not isinstance(quote.get("exact"), str) or not quote["exact"]:
        return None
    position = next(
        (r for r in refined if isinstance(r, dict) and r.get("type") == "TextPositionSelector"),
        {},
    )
    start, end = position.get("start"), position.get("end")
    valid = type(start) is int and type(end) is int and 0 <= start <= end
    return Quote(
        exact=quote["exact"],
        prefix=_str(quote.get("prefix")) or "",
        suffix=_str(quote.get("suffix")) or "",
        start=start if valid else None,
        end=end if valid else None,
    )


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _excerpt(text: str, start: int, end: int, context: int = 20) -> str:
    return text[max(0, start - context) : end + context]


def _shorten(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
