"""``billdiff notes …``: add, list, reply to, resolve, reopen, delete and re-anchor notes.

Thin callers of the review core (:mod:`billdiff.annotations.review`) and the
store (:mod:`billdiff.annotations.store`); the words of each error that names
an option are chosen here, not in the core.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from billdiff.cli.common import (
    Exit,
    Renderer,
    add_command,
    comparison_of,
    emit,
    format_help,
    notes_argument,
    notes_beside,
    notes_here,
    output_arguments,
    prints_arguments,
    read_text_argument,
    say,
    warn,
    write_output,
)
from billdiff.errors import UsageError

if TYPE_CHECKING:
    from billdiff.annotations.notes import Note
    from billdiff.annotations.review import Review
    from billdiff.annotations.store import NoteStore
    from billdiff.comparison import Comparison
    from billdiff.lookup import Found


def notes_path(args: argparse.Namespace) -> Path:
    """``--notes``; else ``NEW-STEM.notes.json`` beside NEW; else the one in this folder."""
    if args.notes:
        return Path(args.notes)
    if getattr(args, "new", None):
        return notes_beside(args.new)
    return notes_here()


def open_store(path: Path) -> NoteStore:
    """The notes file at ``path`` (a missing file is an empty store)."""
    from billdiff.annotations.store import NoteStore

    return NoteStore.open(path)


def save(store: NoteStore) -> None:
    """Save, saying so on stderr only when the user must know (a conflict, a merge that
    dropped or kept a note, a recreated file): another writer's new notes are routine."""
    report = store.save()
    if report.noteworthy:
        say(report.summary)


def _get(store: NoteStore, note_id: str) -> Note:
    from billdiff.annotations.store import MIN_ID_PREFIX

    bare = note_id.removeprefix("urn:uuid:")
    if len(bare) < MIN_ID_PREFIX and note_id not in {n["id"] for n in store.notes}:
        raise UsageError(
            f"note id {note_id!r} is too short to name a note: give {MIN_ID_PREFIX} or more "
            "of its characters"
        )
    return store.get(note_id)


def _found(comparison: Comparison, args: argparse.Namespace) -> Found:
    """The unit (or heading) ``--clause`` or ``--long-title`` names; a number that names
    different units in the two prints is the new print's, and stderr says what else it
    names (the rule of :mod:`billdiff.lookup`, as the terminal UI's ``g`` has it)."""
    from billdiff import lookup

    ref = "long title" if args.long_title else args.clause
    try:
        found = lookup.resolve(comparison, ref)
    except lookup.AmbiguousUnit as e:
        raise UsageError(f"--clause {e}") from None
    if found.others and not args.quiet:
        others = " and ".join(u.label for u in found.others)
        say(
            f"--clause {ref} is {found.unit.label} in the new print; in the old print {ref} "
            f"is {others} (--clause old:{ref} for that)"
        )
    return found


# -- add ------------------------------------------------------------------------------------


def _add(args: argparse.Namespace) -> int:
    from billdiff.annotations import notes as n
    from billdiff.view.words import clip, title

    if args.occurrence is not None and args.quote is None:
        raise UsageError("--occurrence needs --quote")
    text = read_text_argument(args)
    path = notes_path(args)
    # Open first: a corrupt notes file is reported before the slower comparison.
    store = open_store(path)
    comparison = comparison_of(args)
    found = _found(comparison, args)
    unit = found.unit
    try:
        if args.change is not None:
            target = n.change_target(comparison, unit, args.change)
        elif args.quote is not None:
            target = n.quote_target(comparison, unit, args.quote, args.occurrence)
        elif found.path is not None:
            target = n.provision_target(comparison, unit, found.path)
        else:
            target = n.unit_target(comparison, unit)
        note = n.new_note(target, text, n.resolve_author(args.author), args.tag)
    except n.NoSuchChange as e:
        raise UsageError(f"{e}; --change must be 1 to {e.count}, not {e.number}") from None
    except n.AmbiguousQuote as e:
        raise UsageError(
            f"{e}; give --occurrence K (1 to {len(e.places)}) or quote more words"
        ) from None
    except n.NoSuchOccurrence as e:
        raise UsageError(f"{e}; --occurrence must be 1 to {e.count}") from None
    store.add(note)
    save(store)
    emit(note["id"] + "\n")
    if not args.quiet:
        version = unit.new or unit.old
        assert version is not None
        on = f"{unit.label} “{clip(title(version), 50)}”"
        change = target.get("change")
        if isinstance(change, dict):
            on += f", change {change.get('number')}"
        quote = target["selector"].get("refinedBy")
        if quote:
            on += f", on “{clip(quote[0]['exact'], 60)}”"
        say(f"added note {n.short_id(note['id'])} on {on} in {path}")
    warn(comparison.warnings)
    return Exit.OK


# -- edit one note --------------------------------------------------------------------------


def _edit(args: argparse.Namespace, edit: Callable[[NoteStore, Note, str], str]) -> int:
    """Open the notes file, find the note, let ``edit`` change it and word what it did."""
    from billdiff.annotations.notes import short_id

    path = notes_path(args)
    store = open_store(path)
    note = _get(store, args.note_id)
    done = edit(store, note, short_id(str(note["id"])))
    if not args.quiet:
        say(done.format(path=path))
    return Exit.OK


def _reply(args: argparse.Namespace) -> int:
    from billdiff.annotations import notes as n

    text = read_text_argument(args)

    def reply(store: NoteStore, note: Note, short: str) -> str:
        store.replace(n.with_reply(note, n.new_reply(text, n.resolve_author(args.author))))
        save(store)
        return f"replied to note {short} in {{path}}"

    return _edit(args, reply)


def _set_status(args: argparse.Namespace) -> int:
    from billdiff.annotations import notes as n

    def set_status(store: NoteStore, note: Note, short: str) -> str:
        changed = n.with_status(note, n.NoteStatus(args.new_status))
        if changed == note:
            return f"note {short} was already {args.new_status} in {{path}}"
        store.replace(changed)
        save(store)
        return f"marked note {short} {args.new_status} in {{path}}"

    return _edit(args, set_status)


def _delete(args: argparse.Namespace) -> int:
    def delete(store: NoteStore, note: Note, short: str) -> str:
        store.delete(str(note["id"]))
        save(store)
        return f"deleted note {short} from {{path}} (the previous file is {{path}}.bak)"

    return _edit(args, delete)


# -- list / reanchor ------------------------------------------------------------------------


def _review(args: argparse.Namespace, path: Path) -> tuple[NoteStore, Review]:
    from billdiff.annotations.review import Review

    store = open_store(path)
    return store, Review(comparison_of(args), store.notes)


def _list_text(review: Review, args: argparse.Namespace) -> str:
    from billdiff.render.notes import notes_text

    return notes_text(review, args.notes_file, args.notes_file.exists(), full=args.full)


def _list_json(review: Review, args: argparse.Namespace) -> str:
    from billdiff.render.notes import notes_json

    return notes_json(review, args.notes_file)


#: ``--format`` of ``notes list``.
LIST_FORMATS: dict[str, Renderer[Review]] = {
    "text": Renderer(_list_text, "each note, its whole text and where it lands (default)"),
    "json": Renderer(_list_json, "schema billdiff.notes"),
}


def _list(args: argparse.Namespace) -> int:
    args.notes_file = notes_path(args)
    _, review = _review(args, args.notes_file)
    review = review.select(status=args.status, tag=args.tag)
    write_output(LIST_FORMATS[args.format].render(review, args), args)
    warn(review.comparison.warnings)
    return Exit.OK


def _reanchor(args: argparse.Namespace) -> int:
    from billdiff.annotations.anchor import retarget
    from billdiff.render.notes import reanchor_json, reanchor_text

    path = notes_path(args)
    store, review = _review(args, path)
    rewritten = []
    if args.write:
        for p in review.notes:
            moved = retarget(p.note, p.anchor, review.comparison)
            if moved is not None:
                store.replace(moved)
                rewritten.append(p.id)
        if rewritten:
            save(store)
    if args.format == "json":
        text = reanchor_json(review, path, args.write, rewritten)
    else:
        text = reanchor_text(review, path, path.exists(), rewritten if args.write else None)
    write_output(text, args)
    warn(review.comparison.warnings)
    return Exit.OK


# -- the parsers ----------------------------------------------------------------------------

_BESIDE = "NEW-STEM.notes.json beside NEW"
_HERE = "the one *.notes.json in this folder"


def _text_arguments(p: argparse.ArgumentParser) -> None:
    text = p.add_mutually_exclusive_group(required=True)
    text.add_argument("--text", metavar="MARKDOWN", help="the text (Markdown)")
    text.add_argument("--text-file", metavar="FILE", help="read the text from FILE (- for stdin)")


def _author_argument(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--author",
        metavar="NAME",
        help="default: $BILLDIFF_AUTHOR, else git's user.name, else the login name",
    )


def _id_argument(p: argparse.ArgumentParser) -> None:
    p.add_argument("note_id", metavar="ID", help="the note's id, or 6 or more of its characters")


def _quiet(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "-q", "--quiet", action="store_true", help="no message on stderr when it succeeds"
    )


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Add ``notes`` and its actions to the subcommands."""
    notes = sub.add_parser(
        "notes",
        help="add, list, reply to, resolve and re-anchor notes on a comparison",
        description="Lawyers' notes on clauses and changes, kept in a sidecar JSON file.",
    )
    actions = notes.add_subparsers(
        dest="notes_action", metavar="ACTION", parser_class=type(notes), required=True
    )

    p = add_command(
        actions,
        "add",
        _add,
        help="add a note on a unit, one change in it, or a quoted passage; prints its id",
        description="Add a note to a unit of the comparison OLD → NEW. Prints the new note's "
        "id on stdout and, on stderr, what it was attached to.",
        examples=(
            "billdiff notes add old.xml new.xml --clause 12 --text 'Covers security guards now.'",
            "billdiff notes add old.xml new.xml --long-title --change 1 --text 'Wider scope.'",
            "billdiff notes add old.xml new.xml --clause 'cl 12(3)' --text 'The new test.'",
            "billdiff notes add old.xml new.xml --clause 12 --change 2 --text-file why.md",
            "billdiff notes add old.xml new.xml --clause 'Schedule 1 paragraph 3' "
            "--quote '28 days' --text 'Longer appeal period.' --tag committee",
        ),
    )
    prints_arguments(p)
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument(
        "--clause",
        metavar="REF",
        help="what the note is on: 12, 'cl 12', 'clause 12(3)' (a subsection: the note is on "
        "its words), 2/5, 'Schedule 2 paragraph 5', 'Part 3', 'Part 3 Chapter 2', "
        "'cross-heading Grooming', 'long title', a GUID or eId. A number that names "
        "different units in the two prints is the new print's (as g in billdiff view); "
        "old:REF names the old print's",
    )
    which.add_argument("--long-title", action="store_true", help="the note is on the long title")
    what = p.add_mutually_exclusive_group()
    what.add_argument(
        "--change", type=int, metavar="N", help="note on change N (as diff numbers them: #N)"
    )
    what.add_argument("--quote", metavar="WORDS", help="note on these words of the unit's text")
    p.add_argument(
        "--occurrence",
        type=int,
        metavar="K",
        help="with --quote: the K-th place (1-based) the words occur",
    )
    _text_arguments(p)
    p.add_argument("--tag", action="append", default=[], metavar="TAG", help="repeatable")
    _author_argument(p)
    notes_argument(p, _BESIDE)
    _quiet(p)

    p = add_command(
        actions,
        "list",
        _list,
        help="every note and where it lands in OLD → NEW (orphans too)",
        description="List every note with its anchor status on the comparison OLD → NEW; "
        "notes not attached (orphaned, ambiguous) are listed last, never hidden.",
        examples=(
            "billdiff notes list old.xml new.xml",
            "billdiff notes list old.xml new.xml --status open --full",
            "billdiff notes list old.xml new.xml --format json -o notes.json",
        ),
    )
    prints_arguments(p)
    p.add_argument(
        "--format", choices=tuple(LIST_FORMATS), default="text", help=format_help(LIST_FORMATS)
    )
    p.add_argument("--status", choices=("open", "resolved"), help="only notes with this status")
    p.add_argument("--tag", metavar="TAG", help="only notes with this tag")
    p.add_argument("--full", action="store_true", help="show replies in full")
    notes_argument(p, _BESIDE)
    output_arguments(p)

    p = add_command(
        actions,
        "reply",
        _reply,
        help="reply to a note",
        description="Reply to a note.",
        examples=("billdiff notes reply 12fc1426 --text 'Agreed; see Hansard col. 412.'",),
    )
    _id_argument(p)
    _text_arguments(p)
    _author_argument(p)
    notes_argument(p, _HERE)
    _quiet(p)

    for name, verb in (("resolve", "resolved"), ("reopen", "open")):
        p = add_command(
            actions,
            name,
            _set_status,
            help=f"mark a note {verb}",
            description=f"Mark a note {verb}.",
            examples=(f"billdiff notes {name} 12fc1426 --notes bill.notes.json",),
        )
        _id_argument(p)
        notes_argument(p, _HERE)
        _quiet(p)
        p.set_defaults(new_status=verb)

    p = add_command(
        actions,
        "delete",
        _delete,
        help="delete a note (the previous file is kept as NOTES.bak)",
        description="Delete a note and its replies.",
        examples=("billdiff notes delete 12fc1426",),
    )
    _id_argument(p)
    notes_argument(p, _HERE)
    _quiet(p)

    p = add_command(
        actions,
        "reanchor",
        _reanchor,
        help="report where every note lands in OLD → NEW; --write moves the targets there",
        description="Re-anchor every note on OLD → NEW and report the result (exit 0). "
        "With --write, exact, moved and fuzzy notes are pointed at where they landed, the "
        "old target kept in previous_targets; orphaned and ambiguous notes are left alone.",
        examples=(
            "billdiff notes reanchor committee.xml lords.xml --notes bill.notes.json",
            "billdiff notes reanchor committee.xml lords.xml --notes bill.notes.json --write",
        ),
    )
    prints_arguments(p)
    p.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="text or json (schema billdiff.reanchor)",
    )
    p.add_argument("--write", action="store_true", help="save the new targets in the notes file")
    notes_argument(p, _BESIDE)
    output_arguments(p)
