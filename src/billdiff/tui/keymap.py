"""Every key of the app, each with an id, and the reader's own keymap file.

The keymap file is TOML, in the platform's config folder (see :func:`keymap_path`;
``$BILLDIFF_KEYMAP`` points elsewhere). Its ``[keys]`` table maps a binding id to
one key or several, comma-separated, in Textual's key names::

    [keys]
    next-change = "n,j"
    previous-change = "N,k"
    mark-reviewed = "space"

The app hands the table to Textual's keymap support (``App.set_keymap``), so a
remapped key works everywhere the binding does, and the help screen and the
footer show the new key. The file is read under the rules of every file billdiff
keeps (:class:`billdiff.fileio.KeptFile`): only a regular file, at most
:data:`MAX_FILE_BYTES` (a FIFO or ``/dev/zero`` is refused in one line, never
read); each problem in it is one line, and at most :data:`MAX_PROBLEMS` are
listed. Nothing here imports Textual.
"""

from __future__ import annotations

import os
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

from billdiff.errors import BilldiffError
from billdiff.fileio import KeptFile, shown_path

#: The largest keymap file read: one that remaps every key, with comments, is under 4 KB.
MAX_FILE_BYTES = 64 * 1024
#: The most problems listed one by one; the rest are counted in one more line.
MAX_PROBLEMS = 10
#: How billdiff reads the keymap file (the rules it shares with the notes file).
KEYMAP_FILE = KeptFile("keymap file", "keys", MAX_FILE_BYTES, "real ones are under 4 KB")


@dataclass(frozen=True, slots=True)
class Key:
    """One binding: its id (for the keymap file), keys, action, and what it does in words."""

    id: str
    keys: str
    action: str
    description: str
    group: str
    #: Shown in the footer, in these words.
    footer: str = ""
    #: Checked before the focused widget's own keys (tab would otherwise move the focus).
    priority: bool = False


#: Every app-wide binding, in the order the help screen lists them.
KEYS: tuple[Key, ...] = (
    Key("next-change", "n", "next_change", "Next change", "Move", "Next change"),
    Key("previous-change", "N", "previous_change", "Previous change", "Move"),
    Key(
        "next-unit",
        "tab,right_curly_bracket",
        "next_unit",
        "Next changed clause",
        "Move",
        priority=True,
    ),
    Key(
        "previous-unit",
        "shift+tab,left_curly_bracket",
        "previous_unit",
        "Previous changed clause",
        "Move",
        priority=True,
    ),
    Key("chord-next", "right_square_bracket", "chord('next')", "]c: next change", "Move"),
    Key(
        "chord-previous", "left_square_bracket", "chord('previous')", "[c: previous change", "Move"
    ),
    Key("goto", "g", "goto", "Go to a clause or schedule paragraph", "Move", "Go to"),
    Key("search", "slash", "search", "Search both prints", "Move", "Search"),
    Key("search-next", "f3", "search_next", "Next search match", "Move"),
    Key("search-previous", "shift+f3", "search_previous", "Previous search match", "Move"),
    Key("next-unresolved", "u", "next_unresolved", "Next unresolved note", "Move"),
    Key("expand", "enter,space", "expand", "Show or fold the whole clause", "View"),
    Key(
        "side-by-side", "s", "toggle_side_by_side", "Inline or side by side", "View", "Side by side"
    ),
    Key("outline", "b", "toggle_outline", "Show or hide the outline", "View"),
    Key("filter-outline", "o", "filter_outline", "Type to filter the outline", "View"),
    Key("filters", "f", "filters", "Filters: changed only, substantive only…", "View", "Filters"),
    Key("orphans", "O", "orphans", "Notes that lost their place", "View"),
    Key("pick-prints", "p", "pick_prints", "Compare two other prints of the set", "View"),
    Key("clause-history", "h", "clause_history", "This clause through every print", "View"),
    Key(
        "mark-reviewed",
        "x",
        "mark_reviewed",
        "Mark the clause reviewed (or not)",
        "Review",
        "Reviewed",
    ),
    Key("note-change", "a", "add_note", "Add a note on this change", "Notes", "Note"),
    Key("note-unit", "A", "add_unit_note", "Add a note on the whole clause", "Notes"),
    Key("next-note", "full_stop", "select_note(1)", "Select the next note in the panel", "Notes"),
    Key("previous-note", "comma", "select_note(-1)", "Select the previous note", "Notes"),
    Key("edit-note", "e", "edit_note", "Edit the selected note", "Notes"),
    Key("reply-note", "r", "reply_note", "Reply to the selected note", "Notes"),
    Key("resolve-note", "v", "resolve_note", "Resolve or reopen the selected note", "Notes"),
    Key("delete-note", "delete,D", "delete_note", "Delete the selected note", "Notes"),
    Key("export", "w", "export", "Export the annotated HTML report", "Other"),
    Key("help", "question_mark,f1", "help", "Help: every key", "Other", "Help"),
    Key("quit", "q", "quit", "Quit", "Other", "Quit"),
)

#: Keys by id.
BY_ID = {k.id: k for k in KEYS}


def config_dir() -> Path:
    """The user's config folder for billdiff (``$XDG_CONFIG_HOME/billdiff`` and the like)."""
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return base / "billdiff"


def keymap_path() -> Path:
    """Where the keymap file is read from: ``$BILLDIFF_KEYMAP``, else ``CONFIG/keymap.toml``."""
    explicit = os.environ.get("BILLDIFF_KEYMAP")
    return Path(explicit) if explicit else config_dir() / "keymap.toml"


@dataclass(frozen=True, slots=True)
class UserKeymap:
    """What a keymap file says: binding id → keys, and any problems (said in the app)."""

    keys: dict[str, str]
    problems: tuple[str, ...] = ()


def read_keymap(path: Path) -> UserKeymap:
    """Read a keymap file; a missing file is an empty keymap, a bad one a list of problems.

    Ids that are not bindings are reported and left out; the app still starts. A file
    that cannot be read at all changes no key.
    """
    shown = shown_path(path)
    try:
        data = KEYMAP_FILE.read(path)
        if data is None:
            return UserKeymap({})
        document = tomllib.loads(data.decode("utf-8-sig"))
    except BilldiffError as e:
        return UserKeymap({}, (f"{e}; keys unchanged",))
    except UnicodeDecodeError as e:
        why = f"is not UTF-8 text (bad byte at offset {e.start})"
        return UserKeymap({}, (f"the keymap file {shown} {why}; keys unchanged",))
    except (tomllib.TOMLDecodeError, RecursionError) as e:
        why = f"({e})" if isinstance(e, tomllib.TOMLDecodeError) else "(nested too deeply)"
        return UserKeymap({}, (f"the keymap file {shown} is not valid TOML {why}; keys unchanged",))
    table = document.get("keys", {})
    if not isinstance(table, dict):
        return UserKeymap({}, (f'{shown}: [keys] must be a table of id = "key"',))
    keys: dict[str, str] = {}
    problems: list[str] = []
    for name, value in table.items():
        if name not in BY_ID:
            problems.append(f"{shown}: no key is called {name!r} (see the help screen for ids)")
        elif isinstance(value, list) and all(isinstance(v, str) for v in value):
            keys[name] = ",".join(value)
        elif isinstance(value, str) and value.strip():
            keys[name] = value
        else:
            problems.append(f"{shown}: {name} must be a key name or a list of them")
    if len(problems) > MAX_PROBLEMS:
        more = len(problems) - MAX_PROBLEMS + 1
        problems[MAX_PROBLEMS - 1 :] = [f"{shown}: … and {more:,} more problems like these"]
    return UserKeymap(keys, tuple(problems))
