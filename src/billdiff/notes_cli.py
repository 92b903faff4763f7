"""The ``billdiff notes`` and ``billdiff check`` commands: lawyers' notes on a comparison.

``notes add`` writes a note on a clause, on one change in it, or on a quoted
passage; ``notes list`` and ``notes reanchor`` show where every note lands in
a comparison (orphans included, never dropped); ``notes reply``, ``resolve``,
``reopen`` and ``delete`` edit one note; ``check`` is the CI gate that every
substantive change has a note. Every command reads and writes the sidecar
file given by ``--notes`` (default ``NEW-STEM.notes.json`` beside the NEW
print) through :class:`~billdiff.annotations.store.NoteStore`.

Wire it into the main parser with ``notes_cli.add_parsers(sub)``.

JSON outputs (``--format json``), each an object with ``schema`` and an
integer ``version``:

- ``billdiff.notes`` v1 (``notes list``) and ``billdiff.reanchor`` v1
  (``notes reanchor``; adds ``written`` and the ``rewritten`` ids):
  ``notes_file``, ``old``/``new`` (title, stage, version, project, sha256,
  path), ``counts`` (notes per anchor status), and ``notes``: each with id,
  short_id, status, author, created, modified, tags, text, replies (a count),
  ``anchor`` (status, attached, score, where, unit, ref, side, start, end,
  text, detail) and ``noted_on`` (unit, print, version, side, quote, change
  as the note recorded them). Attached notes come first in reading order,
  then ambiguous, then orphaned ones.
- ``billdiff.check`` v1: ``ok``, ``require``, ``ignore``, ``notes_file``,
  ``notes_file_exists``, ``old``/``new``, ``counts`` (notes, required,
  explained, unexplained, orphaned, ambiguous), ``unexplained`` and
  ``explained`` units (unit, key, status, classes, old, new; explained ones
  with their note ids) and ``problem_notes`` (orphaned or ambiguous, shaped
  as above, plus ``blocking``: false once the note is resolved). Only notes
  written on this pair of prints explain its changes unless ``--earlier-notes``.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from billdiff.errors import InputError, UsageError

if TYPE_CHECKING:
    from billdiff.annotations.anchor import Anchor
    from billdiff.annotations.store import NoteStore
    from billdiff.comparison import Comparison, PrintInfo, UnitChange

EXIT_OK = 0
EXIT_FAILED = 1

#: Schema names and versions of the JSON outputs.
CHECK_SCHEMA, CHECK_VERSION = "billdiff.check", 1
LIST_SCHEMA, LIST_VERSION = "billdiff.notes", 1
REANCHOR_SCHEMA, REANCHOR_VERSION = "billdiff.reanchor", 1

REQUIRE_CHOICES = ("substantive", "any", "none")
_ANCHOR_ORDER = ("exact", "moved", "fuzzy", "ambiguous", "orphaned")


def add_parsers(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add ``notes`` (with its actions) and ``check`` to the main parser's subcommands."""
    notes = sub.add_parser(
        "notes",
        help="add, list, reply to, resolve and re-anchor notes on a comparison",
        description="Lawyers' notes on clauses and changes, kept in a sidecar JSON file.",
    )
    actions = notes.add_subparsers(
        dest="notes_action", metavar="ACTION", parser_class=type(notes), required=True
    )

    p = actions.add_parser(
        "add",
        help="add a note on a clause, one change in it, or a quoted passage; prints its id",
        description="Add a note to a unit of the comparison OLD → NEW and print the new id.",
    )
    _prints(p)
    p.add_argument(
        "--clause",
        required=True,
        metavar="REF",
        help="the unit: 12, 2/5 (schedule 2 paragraph 5), a GUID or eId; old:REF or new:REF "
        "when the number is in both prints",
    )
    what = p.add_mutually_exclusive_group()
    what.add_argument(
        "--change", type=int, metavar="N", help="note on change N (1-based) of the unit's text"
    )
    what.add_argument("--quote", metavar="WORDS", help="note on these words of the unit's text")
    p.add_argument(
        "--occurrence",
        type=int,
        metavar="K",
        help="with --quote: the K-th place (1-based) the words occur",
    )
    _text_args(p)
    p.add_argument("--tag", action="append", default=[], metavar="TAG", help="repeatable")
    _author(p)
    _notes_arg(p)
    p.set_defaults(handler=_add)

    p = actions.add_parser(
        "list",
        help="every note and where it lands in OLD → NEW (orphans too)",
        description="List every note with its anchor status on the comparison OLD → NEW.",
    )
    _prints(p)
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--status", choices=("open", "resolved"), help="only notes with this status")
    p.add_argument("--tag", metavar="TAG", help="only notes with this tag")
    _notes_arg(p)
    p.set_defaults(handler=_list)

    p = actions.add_parser("reply", help="reply to a note", description="Reply to a note.")
    p.add_argument("note_id", metavar="ID", help="the note's id, or 6+ characters of it")
    _text_args(p)
    _author(p)
    _notes_arg(p, required=True)
    p.set_defaults(handler=_reply)

    for name, verb in (("resolve", "resolved"), ("reopen", "open")):
        p = actions.add_parser(name, help=f"mark a note {verb}", description=f"Mark a note {verb}.")
        p.add_argument("note_id", metavar="ID", help="the note's id, or 6+ characters of it")
        _notes_arg(p, required=True)
        p.set_defaults(handler=_set_status, new_status=verb)

    p = actions.add_parser(
        "delete",
        help="delete a note (the previous file is kept as NOTES.bak)",
        description="Delete a note and its replies.",
    )
    p.add_argument("note_id", metavar="ID", help="the note's id, or 6+ characters of it")
    _notes_arg(p, required=True)
    p.set_defaults(handler=_delete)

    p = actions.add_parser(
        "reanchor",
        help="report where every note lands in OLD → NEW; --write moves the targets there",
        description="Re-anchor every note on OLD → NEW and report the result (exit 0). "
        "With --write, exact, moved and fuzzy notes are pointed at where they landed, the "
        "old target kept in previous_targets; orphaned and ambiguous notes are left alone.",
    )
    _prints(p)
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--write", action="store_true", help="save the new targets in the notes file")
    _notes_arg(p)
    p.set_defaults(handler=_reanchor)

    p = sub.add_parser(
        "check",
        help="CI gate: exit 1 unless every change that needs a note has one",
        description="Exit 0 when every change that needs a note has one and no note is "
        "orphaned or ambiguous; exit 1 and list what is missing otherwise; 2 on trouble.",
    )
    _prints(p)
    _notes_arg(p)
    p.add_argument(
        "--require-notes",
        choices=REQUIRE_CHOICES,
        default="substantive",
        help="which units need a note: substantive changes and added, removed, moved, split "
        "or merged units (default); any changed unit; or none",
    )
    p.add_argument(
        "--ignore",
        metavar="CLASSES",
        help="comma-separated change classes that do not count: xref, typographic",
    )
    p.add_argument(
        "--earlier-notes",
        action="store_true",
        help="let notes written on earlier prints explain this comparison's changes too",
    )
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(handler=_check)


# --- arguments ----------------------------------------------------------------------------


def _prints(p: argparse.ArgumentParser) -> None:
    p.add_argument("old", metavar="OLD", help="the earlier print (XML), or - for stdin")
    p.add_argument("new", metavar="NEW", help="the later print (XML), or - for stdin")


def _notes_arg(p: argparse.ArgumentParser, required: bool = False) -> None:
    p.add_argument(
        "--notes",
        metavar="PATH",
        required=required,
        help="the notes file" + ("" if required else " (default: NEW-STEM.notes.json beside NEW)"),
    )


def _text_args(p: argparse.ArgumentParser) -> None:
    text = p.add_mutually_exclusive_group(required=True)
    text.add_argument("--text", metavar="MARKDOWN", help="the text (Markdown)")
    text.add_argument("--text-file", metavar="FILE", help="read the text from FILE (- for stdin)")


def _author(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--author",
        metavar="NAME",
        help="default: $BILLDIFF_AUTHOR, else git's user.name, else the login name",
    )


def _notes_path(args: argparse.Namespace) -> Path:
    """--notes, else ``NEW-STEM.notes.json`` beside the NEW print."""
    if args.notes:
        return Path(args.notes)
    new = getattr(args, "new", None)
    if not new or new == "-":
        raise UsageError("NEW is read from stdin, so give the notes file with --notes PATH")
    path = Path(new)
    return path.with_name(f"{path.stem}.notes.json")


def _read_text(args: argparse.Namespace) -> str:
    if args.text is not None:
        return args.text
    if args.text_file == "-":
        if "-" in (getattr(args, "old", None), getattr(args, "new", None)):
            raise UsageError("stdin already holds a print; --text-file cannot be - as well")
        return sys.stdin.read()
    path = Path(args.text_file)
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory") from None
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text (bad byte at offset {exc.start})") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None


# --- shared steps -------------------------------------------------------------------------


def _comparison(args: argparse.Namespace) -> Comparison:
    from billdiff.cli import load_pair
    from billdiff.engine import compare

    return compare(*load_pair(args.old, args.new))


def _open(path: Path) -> NoteStore:
    from billdiff.annotations.store import NoteStore

    return NoteStore.open(path)


def _save(store: NoteStore) -> None:
    report = store.save()
    if report.merged or report.recreated:
        print(f"billdiff: {report.summary}", file=sys.stderr)


def _unit(comparison: Comparison, ref: str) -> UnitChange:
    """The one unit ``ref`` names ("12", "2/5", a GUID or eId; "old:12"/"new:12" pick a side)."""
    side = None
    match = re.fullmatch(r"(old|new):(.+)", ref.strip())
    wanted = ref.strip()
    if match:
        side, wanted = match.groups()
    units = []
    for unit in comparison.find(wanted):
        versions = [(name, v) for name, v in (("old", unit.old), ("new", unit.new)) if v]
        sides = [name for name, v in versions if wanted in (v.ref, v.guid, v.eid)]
        if side is None or side in sides:
            units.append((unit, sides))
    if not units:
        where = f"the {side} print" if side else "either print"
        raise UsageError(
            f"no unit {wanted!r} in {where} (give a number like 12, schedule/paragraph like "
            "2/5, a GUID or an eId)"
        )
    if len(units) > 1:
        listed = "; ".join(f"{u.label} ({' and '.join(s)} {wanted})" for u, s in units)
        raise UsageError(
            f"--clause {wanted} names {len(units)} different units: {listed}; "
            f"say old:{wanted} or new:{wanted}"
        )
    return units[0][0]


def _anchors(notes: tuple[dict[str, Any], ...], comparison: Comparison) -> list[Anchor]:
    from billdiff.annotations.anchor import reanchor

    return [reanchor(note, comparison) for note in notes]


# --- notes add / reply / resolve / reopen / delete ----------------------------------------


def _add(args: argparse.Namespace) -> int:
    from billdiff.annotations import notes as n

    if args.occurrence is not None and args.quote is None:
        raise UsageError("--occurrence needs --quote")
    text = _read_text(args)
    path = _notes_path(args)
    # Open first: a corrupt notes file is reported before the slower comparison.
    store = _open(path)
    comparison = _comparison(args)
    unit = _unit(comparison, args.clause)
    if args.change is not None:
        target = n.change_target(comparison, unit, args.change)
    elif args.quote is not None:
        target = n.quote_target(comparison, unit, args.quote, args.occurrence)
    else:
        target = n.unit_target(comparison, unit)
    note = n.new_note(target, text, n.resolve_author(args.author), args.tag)
    store.add(note)
    _save(store)
    print(note["id"])
    return EXIT_OK


def _reply(args: argparse.Namespace) -> int:
    from billdiff.annotations import notes as n

    text = _read_text(args)
    store = _open(_notes_path(args))
    note = store.get(args.note_id)
    store.replace(n.with_reply(note, n.new_reply(text, n.resolve_author(args.author))))
    _save(store)
    return EXIT_OK


def _set_status(args: argparse.Namespace) -> int:
    from billdiff.annotations import notes as n

    store = _open(_notes_path(args))
    note = store.get(args.note_id)
    changed = n.with_status(note, n.NoteStatus(args.new_status))
    if changed != note:
        store.replace(changed)
        _save(store)
    return EXIT_OK


def _delete(args: argparse.Namespace) -> int:
    store = _open(_notes_path(args))
    note = store.get(args.note_id)
    store.delete(note["id"])
    _save(store)
    return EXIT_OK


# --- notes list / reanchor ----------------------------------------------------------------


def _list(args: argparse.Namespace) -> int:
    from billdiff.annotations import notes as n

    path = _notes_path(args)
    store = _open(path)
    comparison = _comparison(args)
    notes = tuple(
        note
        for note in store.notes
        if (args.status is None or n.status_of(note) == args.status)
        and (args.tag is None or args.tag in n.tags_of(note))
    )
    anchors = _anchors(notes, comparison)
    if args.format == "json":
        _write_json(
            {
                "schema": LIST_SCHEMA,
                "version": LIST_VERSION,
                "notes_file": str(path),
                "old": _print_json(comparison.old),
                "new": _print_json(comparison.new),
                "counts": _counts(anchors),
                "notes": [_note_json(note, a) for note, a in _ordered(notes, anchors, comparison)],
            }
        )
    else:
        sys.stdout.write(_notes_text(path, comparison, notes, anchors, store_exists=path.exists()))
    return EXIT_OK


def _reanchor(args: argparse.Namespace) -> int:
    from billdiff.annotations.anchor import retarget

    path = _notes_path(args)
    store = _open(path)
    comparison = _comparison(args)
    notes = store.notes
    anchors = _anchors(notes, comparison)
    rewritten = []
    if args.write:
        for note, anchor in zip(notes, anchors, strict=True):
            moved = retarget(note, anchor, comparison)
            if moved is not None:
                store.replace(moved)
                rewritten.append(note["id"])
        if rewritten:
            _save(store)
    if args.format == "json":
        _write_json(
            {
                "schema": REANCHOR_SCHEMA,
                "version": REANCHOR_VERSION,
                "notes_file": str(path),
                "old": _print_json(comparison.old),
                "new": _print_json(comparison.new),
                "counts": _counts(anchors),
                "written": args.write,
                "rewritten": rewritten,
                "notes": [_note_json(note, a) for note, a in _ordered(notes, anchors, comparison)],
            }
        )
    else:
        text = _notes_text(path, comparison, notes, anchors, store_exists=path.exists())
        if args.write:
            kept = sum(1 for a in anchors if not a.attached)
            text += (
                f"rewrote {_count(len(rewritten), 'note target')} in {path}; "
                f"{_count(kept, 'orphaned or ambiguous note')} left as written\n"
            )
        sys.stdout.write(text)
    return EXIT_OK


# --- check --------------------------------------------------------------------------------


def _check(args: argparse.Namespace) -> int:
    from billdiff.annotations import notes as n
    from billdiff.cli import ignored_classes
    from billdiff.comparison import Status
    from billdiff.textdiff import HunkClass

    ignore = ignored_classes(args.ignore)
    path = _notes_path(args)
    store = _open(path)
    comparison = _comparison(args)
    notes = tuple(note for note in store.notes if n.status_of(note) in ("open", "resolved"))
    anchors = _anchors(notes, comparison)
    structural = {Status.ADDED, Status.REMOVED, Status.MOVED, Status.SPLIT, Status.MERGED}

    def needs_note(unit: UnitChange) -> bool:
        if args.require_notes == "none":
            return False
        if args.require_notes == "any":
            return unit.changed_after(ignore)
        return unit.status in structural or HunkClass.SUBSTANTIVE in unit.hunk_classes - ignore

    explained: dict[int, list[str]] = {}
    for note, anchor in zip(notes, anchors, strict=True):
        # A note written on another pair of prints explains the changes of that
        # pair, not whatever has changed in this clause since.
        if (
            anchor.attached
            and anchor.unit is not None
            and (args.earlier_notes or _written_on(note, comparison))
        ):
            explained.setdefault(id(anchor.unit), []).append(note["id"])
    required = [u for u in comparison.units if needs_note(u)]
    missing = [u for u in required if id(u) not in explained]
    problems = [(note, a) for note, a in zip(notes, anchors, strict=True) if not a.attached]
    # A lawyer who has looked at an orphaned note and resolved it has dealt with it.
    failing = [(note, a) for note, a in problems if n.status_of(note) != "resolved"]
    ok = not missing and not failing
    if args.format == "json":
        _write_json(
            {
                "schema": CHECK_SCHEMA,
                "version": CHECK_VERSION,
                "ok": ok,
                "require": args.require_notes,
                "ignore": sorted(c.value for c in ignore),
                "notes_file": str(path),
                "notes_file_exists": path.exists(),
                "old": _print_json(comparison.old),
                "new": _print_json(comparison.new),
                "counts": {
                    "notes": len(notes),
                    "required": len(required),
                    "explained": len(required) - len(missing),
                    "unexplained": len(missing),
                    **{s: c for s, c in _counts(anchors).items() if s in ("orphaned", "ambiguous")},
                },
                "unexplained": [_unit_json(u) for u in missing],
                "explained": [
                    {**_unit_json(u), "notes": explained[id(u)]}
                    for u in required
                    if id(u) in explained
                ],
                "problem_notes": [
                    {**_note_json(note, a), "blocking": n.status_of(note) != "resolved"}
                    for note, a in problems
                ],
            }
        )
    else:
        sys.stdout.write(_check_text(path, required, missing, problems, len(notes), ok))
    return EXIT_OK if ok else EXIT_FAILED


def _written_on(note: dict[str, Any], comparison: Comparison) -> bool:
    """Whether ``note`` was written on this pair of prints (true for notes that do not say)."""
    made_on = (note.get("target") or {}).get("comparison")
    if not isinstance(made_on, dict):
        return True
    for side, info in (("old", comparison.old), ("new", comparison.new)):
        recorded = made_on.get(side) or {}
        if recorded.get("sha256") and info.sha256:
            if recorded["sha256"] != info.sha256:
                return False
        elif recorded.get("version") != info.version:
            return False
    return True


def _check_text(
    path: Path,
    required: list[UnitChange],
    missing: list[UnitChange],
    problems: list[tuple[dict[str, Any], Anchor]],
    note_count: int,
    ok: bool,
) -> str:
    from billdiff.annotations import notes as n

    lines = []
    if not path.exists():
        lines.append(f"no notes file at {path}")
    if ok:
        lines.append(
            f"check passed: {_count(len(required), 'change')} needing a note, all explained "
            f"({_count(note_count, 'note')} in {path})"
        )
        return "\n".join(lines) + "\n"
    counts = []
    if missing:
        counts.append(f"{_count(len(missing), 'change')} without a note")
    if problems:
        counts.append(f"{_count(len(problems), 'note')} not attached")
    lines.append(f"check failed: {', '.join(counts)} ({path})")
    for unit in missing:
        lines.append(f"needs a note  {unit.label}: {_unit_change_words(unit)}")
    for note, anchor in problems:
        target = n.read_target(note)
        was = f" (was on {target.label} of {target.print_name})" if target else ""
        lines.append(
            f"{anchor.status.value:<12}  note {n.short_id(note['id'])}{was}: "
            f"{_clip(n.first_line(note))} — {anchor.detail}"
        )
    return "\n".join(lines) + "\n"


# --- output -------------------------------------------------------------------------------


def _ordered(
    notes: tuple[dict[str, Any], ...], anchors: list[Anchor], comparison: Comparison
) -> list[tuple[dict[str, Any], Anchor]]:
    """Notes in reading order of where they landed; ambiguous, then orphaned, at the end."""
    place = {id(unit): n for n, unit in enumerate(comparison.units)}
    rank = {status: n for n, status in enumerate(_ANCHOR_ORDER)}

    def key(pair: tuple[dict[str, Any], Anchor]) -> tuple[int, int, int]:
        _, anchor = pair
        if not anchor.attached:
            return (1 + rank[anchor.status.value], 0, 0)
        return (0, place.get(id(anchor.unit), -1), anchor.start or -1)

    return sorted(zip(notes, anchors, strict=True), key=key)


def _notes_text(
    path: Path,
    comparison: Comparison,
    notes: tuple[dict[str, Any], ...],
    anchors: list[Anchor],
    store_exists: bool,
) -> str:
    title = f"{_print_name(comparison.old)} → {_print_name(comparison.new)}"
    if not notes:
        reason = "" if store_exists else " (the file does not exist yet)"
        return f"no notes in {path}{reason} for {title}\n"
    counts = ", ".join(f"{c} {s}" for s, c in _counts(anchors).items() if c)
    out = [f"{_count(len(notes), 'note')} in {path} on {title}: {counts}"]
    ordered = _ordered(notes, anchors, comparison)
    loose = [pair for pair in ordered if not pair[1].attached]
    for note, anchor in ordered:
        if loose and note is loose[0][0]:
            out += [
                "",
                f"NOT ATTACHED: {_count(len(loose), 'note')} orphaned or ambiguous on this "
                f"comparison, kept in {path}:",
            ]
        out += ["", *_note_block(note, anchor)]
    return "\n".join(out) + "\n"


def _note_block(note: dict[str, Any], anchor: Anchor) -> list[str]:
    """A note's lines in text output: id, status, anchor, where; text; how it was placed."""
    from billdiff.annotations import notes as n

    target = n.read_target(note)
    date = str(note.get("created", ""))[:10]
    where = anchor.where if anchor.attached else "-"
    lines = [
        f"{n.short_id(note['id'])}  {n.status_of(note):<8}  {anchor.status.value:<9}  "
        f"{where}  ({n.author_of(note)}, {date})",
        f"    {_clip(n.first_line(note), 100)}",
    ]
    tags = n.tags_of(note)
    if tags:
        lines.append(f"    tags: {', '.join(tags)}")
    if anchor.attached and anchor.text is not None:
        lines.append(f"    on “{_clip(anchor.text, 90)}”")
    if target is not None and (not anchor.attached or anchor.status.value == "fuzzy"):
        quoted = f": “{_clip(target.quote.exact, 70)}”" if target.quote else ""
        lines.append(f"    noted on {target.label} of {target.print_name}{quoted}")
    if anchor.detail:
        lines.append(f"    {anchor.detail}")
    replies = note.get("replies")
    if isinstance(replies, list) and replies:
        lines.append(f"    {_count(len(replies), 'reply', 'replies')}")
    return lines


def _note_json(note: dict[str, Any], anchor: Anchor) -> dict[str, Any]:
    from billdiff.annotations import notes as n

    target = n.read_target(note)
    replies = note.get("replies")
    version = anchor.version
    return {
        "id": note["id"],
        "short_id": n.short_id(note["id"]),
        "status": n.status_of(note),
        "author": n.author_of(note),
        "created": note.get("created"),
        "modified": note.get("modified"),
        "tags": n.tags_of(note),
        "text": n.body_text(note),
        "replies": len(replies) if isinstance(replies, list) else 0,
        "anchor": {
            "status": anchor.status.value,
            "attached": anchor.attached,
            "score": anchor.score,
            "where": anchor.where or None,
            "unit": anchor.unit.label if anchor.unit is not None else None,
            "ref": version.ref if version is not None else None,
            "side": anchor.side.value if anchor.side is not None else None,
            "start": anchor.start,
            "end": anchor.end,
            "text": anchor.text,
            "detail": anchor.detail,
        },
        "noted_on": None
        if target is None
        else {
            "unit": target.label,
            "print": target.print_name,
            "version": target.version,
            "side": target.side.value,
            "quote": target.quote.exact if target.quote else None,
            "change": target.change,
        },
    }


def _unit_json(unit: UnitChange) -> dict[str, Any]:
    return {
        "unit": unit.label,
        "key": unit.key,
        "status": unit.status.value,
        "classes": sorted(c.value for c in unit.hunk_classes),
        "old": unit.old.ref if unit.old else None,
        "new": unit.new.ref if unit.new else None,
    }


def _print_json(info: PrintInfo) -> dict[str, Any]:
    from billdiff.render.data import print_data

    return print_data(info)


def _counts(anchors: list[Anchor]) -> dict[str, int]:
    counter = Counter(a.status.value for a in anchors)
    return {status: counter.get(status, 0) for status in _ANCHOR_ORDER}


def _unit_change_words(unit: UnitChange) -> str:
    classes = ", ".join(sorted(c.value for c in unit.hunk_classes))
    return unit.status.value + (f" ({classes})" if classes else "")


def _print_name(info: PrintInfo) -> str:
    name = " ".join(x for x in (info.bill_number, f"({info.stage})" if info.stage else "") if x)
    return name or info.version or info.title


def _write_json(value: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(value, indent=2, ensure_ascii=False) + "\n")


def _clip(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _count(number: int, noun: str, plural: str | None = None) -> str:
    return f"{number} {noun if number == 1 else plural or noun + 's'}"
