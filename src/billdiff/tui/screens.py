"""The app's dialogs: the note form, go to, filters, confirm, export, help, a clause's
history, loose notes.

Every one returns a plain value through ``dismiss`` (None when cancelled); none of
them changes notes or files itself: the app does, through the review core and
the store. Text from a print or a note is shown as ``Content``, never markup.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import (
    Button,
    Checkbox,
    Input,
    Label,
    OptionList,
    Static,
    TextArea,
)
from textual.widgets.option_list import Option

from billdiff.annotations.review import PlacedNote
from billdiff.sanitise import visible
from billdiff.tui.diffpane import DiffPane
from billdiff.tui.keymap import KEYS
from billdiff.tui.layout import (
    NOTE_MARK,
    REVIEWED_MARK,
    STATUS_MARKS,
    Options,
    history_layout,
)
from billdiff.view.words import clip

if TYPE_CHECKING:
    from billdiff.history import History, Lineage

Result = TypeVar("Result")


class Dialog(ModalScreen[Result]):
    """A dialog: its first focusable widget takes the focus when it opens (the app itself
    focuses nothing until the comparison is shown), and j and k are down and up in it, as
    in the app (the app's own keys do not reach a dialog; the ids are the app's, so the
    keymap file remaps them here too)."""

    AUTO_FOCUS = "*"
    BINDINGS: ClassVar = [
        Binding("j", "app.press('down')", "Down", id="line-down", show=False),
        Binding("k", "app.press('up')", "Up", id="line-up", show=False),
    ]


# -- the note form --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Draft:
    """What the reader wrote in the note form."""

    text: str
    tags: tuple[str, ...] = ()


def parse_tags(text: str) -> tuple[str, ...]:
    """Tags typed as "a, b c" (commas or spaces)."""
    return tuple(dict.fromkeys(t for t in text.replace(",", " ").split() if t))


class NoteForm(Dialog[Draft | None]):
    """A note's text (Markdown, several lines) and tags; ctrl+s saves, escape cancels,
    ctrl+e hands the text to ``$EDITOR``."""

    BINDINGS: ClassVar = [
        # Priority: the text box has its own ctrl+e (end of line).
        Binding("ctrl+s", "save", "Save", id="form-save", priority=True),
        Binding("escape", "cancel", "Cancel", id="form-cancel"),
        Binding("ctrl+e", "editor", "Edit in $EDITOR", id="form-editor", priority=True),
    ]

    def __init__(
        self,
        title: str,
        about: str,
        text: str = "",
        tags: Sequence[str] = (),
        with_tags: bool = True,
        blink: bool = True,
    ) -> None:
        super().__init__()
        self.form_title = title
        self.about = about
        self.initial = text
        self.initial_tags = ", ".join(tags)
        self.with_tags = with_tags
        self.blink = blink

    def compose(self) -> ComposeResult:
        with Vertical(id="form"):
            yield Label(Content(visible(self.form_title)), id="form-title")
            yield Static(Content(visible(self.about)), id="form-about")
            area = TextArea(self.initial, id="form-text", soft_wrap=True, tab_behavior="focus")
            area.cursor_blink = self.blink
            area.show_line_numbers = False
            yield area
            if self.with_tags:
                tags = Input(
                    self.initial_tags,
                    placeholder="tags, separated by commas (optional)",
                    id="form-tags",
                )
                tags.cursor_blink = self.blink
                yield tags
            with Horizontal(id="form-buttons"):
                yield Button("Save  ctrl+s", id="form-save", variant="primary", compact=True)
                yield Button("Edit in $EDITOR  ctrl+e", id="form-editor", compact=True)
                yield Button("Cancel  esc", id="form-cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()

    @on(Button.Pressed, "#form-save")
    def action_save(self) -> None:
        text = self.query_one(TextArea).text
        if not text.strip():
            self.notify("Write something first (or press escape to cancel).", severity="warning")
            return
        tags = parse_tags(self.query_one("#form-tags", Input).value) if self.with_tags else ()
        self.dismiss(Draft(text, tags))

    @on(Button.Pressed, "#form-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#form-editor")
    def action_editor(self) -> None:
        area = self.query_one(TextArea)
        try:
            edited = edit_in_editor(area.text, self.app.suspend)
        except EditorProblem as e:
            self.notify(str(e), severity="error", markup=False)
            return
        if edited is not None:
            area.text = edited
        area.focus()


class EditorProblem(Exception):
    """$EDITOR could not be run."""


def edit_in_editor(text: str, suspend: Callable[[], object]) -> str | None:
    """Hand ``text`` to ``$VISUAL``/``$EDITOR`` (the app suspended meanwhile); the new text,
    or None if the editor failed."""
    command = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    fd, name = tempfile.mkstemp(prefix="billdiff-note-", suffix=".md")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        try:
            with suspend():  # type: ignore[attr-defined]
                code = subprocess.call([*shlex.split(command), name])
        except Exception as e:  # no terminal to hand over (a test, a web terminal)
            raise EditorProblem(f"cannot open your editor here ({type(e).__name__})") from None
        if code != 0:
            raise EditorProblem(f"the editor ({command}) exited with code {code}; text unchanged")
        return Path(name).read_text(encoding="utf-8")
    except OSError as e:
        raise EditorProblem(f"cannot run the editor ({command}): {e.strerror or e}") from None
    finally:
        with _quiet():
            os.unlink(name)


class _quiet:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> bool:
        return exc[0] is not None and issubclass(exc[0], OSError)  # type: ignore[arg-type]


# -- small dialogs --------------------------------------------------------------------------


class Ask(Dialog[str | None]):
    """One line of input (go to a clause, export to a file); enter accepts, escape cancels.

    ``check`` may refuse the answer with a message shown under the box, keeping it open.
    """

    BINDINGS: ClassVar = [Binding("escape", "cancel", "Cancel", id="ask-cancel")]

    def __init__(
        self,
        title: str,
        hint: str,
        value: str = "",
        check: Callable[[str], str | None] | None = None,
        blink: bool = True,
    ) -> None:
        super().__init__()
        self.ask_title, self.hint, self.value, self.check = title, hint, value, check
        self.blink = blink

    def compose(self) -> ComposeResult:
        with Vertical(id="ask"):
            yield Label(Content(visible(self.ask_title)), id="ask-title")
            box = Input(self.value, placeholder="type here, then enter", id="ask-input")
            box.cursor_blink = self.blink
            yield box
            yield Static(_lines_of(self.hint), id="ask-hint")

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        answer = event.value.strip()
        if not answer:
            self.dismiss(None)
            return
        problem = self.check(answer) if self.check else None
        if problem:
            self.query_one("#ask-hint", Static).update(_lines_of(problem))
            return
        self.dismiss(answer)

    def action_cancel(self) -> None:
        self.dismiss(None)


def _lines_of(text: str) -> Content:
    """``text`` as plain Content, a line per line, control characters spelled out."""
    return Content("\n").join(Content(visible(line)) for line in text.split("\n"))


class Confirm(Dialog[bool]):
    """A yes/no question; y or enter says yes, n, escape or q says no."""

    BINDINGS: ClassVar = [
        Binding("y", "yes", "Yes", id="confirm-yes"),
        Binding("n,escape,q", "no", "No", id="confirm-no"),
    ]

    def __init__(self, question: str, detail: str = "") -> None:
        super().__init__()
        self.question, self.detail = question, detail

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm"):
            yield Label(Content(visible(self.question)), id="confirm-question")
            if self.detail:
                yield Static(Content(visible(self.detail)), id="confirm-detail")
            with Horizontal(id="confirm-buttons"):
                yield Button("Yes  y", id="confirm-yes", variant="error", compact=True)
                yield Button("No  n", id="confirm-no", variant="primary", compact=True)

    def on_mount(self) -> None:
        self.query_one("#confirm-no", Button).focus()

    @on(Button.Pressed, "#confirm-yes")
    def action_yes(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#confirm-no")
    def action_no(self) -> None:
        self.dismiss(False)


# -- filters --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Filters:
    """Which units the diff pane and the outline show."""

    changed_only: bool = False
    substantive_only: bool = False
    with_notes: bool = False
    not_reviewed: bool = False
    statuses: frozenset[str] = field(default_factory=frozenset)

    @property
    def active(self) -> bool:
        """Whether anything is filtered out."""
        return self != Filters()

    def words(self) -> str:
        """The filters in a few words, for the status line ("" when none)."""
        parts = [
            name
            for on_, name in (
                (self.changed_only, "changed only"),
                (self.substantive_only, "substantive only"),
                (self.with_notes, "with notes"),
                (self.not_reviewed, "not yet reviewed"),
            )
            if on_
        ]
        if self.statuses:
            parts.append("status: " + ", ".join(sorted(self.statuses)))
        return "; ".join(parts)


FILTER_BOXES = (
    ("changed_only", "Changed clauses only"),
    ("substantive_only", "Substantive changes only (hide cross-reference and typographic ones)"),
    ("with_notes", "Clauses with notes"),
    ("not_reviewed", "Changed clauses not yet reviewed"),
)


class Tick(Checkbox):
    """A checkbox whose mark says whether it is ticked, not only its colour (NO_COLOR)."""

    @property
    def BUTTON_INNER(self) -> str:  # type: ignore[override]  # Textual reads it per draw
        return "X" if self.value else " "


class FiltersScreen(Dialog[Filters | None]):
    """Tick the filters; Apply (ctrl+s) applies them, escape or q leaves them as they were.

    A line a box, in a list that scrolls when the screen is short, with the buttons
    always in view below it."""

    BINDINGS: ClassVar = [
        Binding("escape,q", "cancel", "Cancel", id="filters-cancel"),
        Binding("ctrl+s", "apply", "Apply", id="filters-apply"),
        Binding("c", "clear", "Clear all", id="filters-clear"),
        Binding("down", "app.focus_next", "Next", id="filters-next", show=False),
        Binding("up", "app.focus_previous", "Previous", id="filters-previous", show=False),
    ]

    def __init__(self, filters: Filters, statuses: Sequence[tuple[str, int]]) -> None:
        super().__init__()
        self.filters = filters
        self.statuses = statuses

    def compose(self) -> ComposeResult:
        with Vertical(id="filters"):
            yield Label(Content("Show only…"), id="filters-title")
            with VerticalScroll(id="filters-boxes", can_focus=False):
                for name, words in FILTER_BOXES:
                    yield Tick(
                        Content(words), getattr(self.filters, name), id=f"f-{name}", compact=True
                    )
                yield Label(
                    Content("…clauses with these statuses (none ticked: any status)"),
                    id="filters-statuses",
                )
                for status, n in self.statuses:
                    yield Tick(
                        Content(f"{visible(status)} ({n})"),
                        status in self.filters.statuses,
                        name=status,
                        classes="status",
                        compact=True,
                    )
            with Horizontal(id="filters-buttons"):
                yield Button("Apply  ctrl+s", id="filters-apply", variant="primary", compact=True)
                yield Button("Clear all  c", id="filters-clear", compact=True)
                yield Button("Cancel  esc", id="filters-cancel", compact=True)

    def current(self) -> Filters:
        """The filters as ticked now."""
        values = {name: self.query_one(f"#f-{name}", Checkbox).value for name, _ in FILTER_BOXES}
        statuses = frozenset(
            str(box.name) for box in self.query(".status").results(Checkbox) if box.value
        )
        return Filters(statuses=statuses, **values)

    @on(Button.Pressed, "#filters-apply")
    def action_apply(self) -> None:
        self.dismiss(self.current())

    @on(Button.Pressed, "#filters-clear")
    def action_clear(self) -> None:
        self.dismiss(Filters())

    @on(Button.Pressed, "#filters-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


# -- help -----------------------------------------------------------------------------------


#: The marks of the outline and the diff pane, as the help lists them.
MARKS = [f"{mark} {status.value}" for status, mark in STATUS_MARKS.items() if mark.strip()] + [
    f"{NOTE_MARK} has notes",
    f"{REVIEWED_MARK} reviewed",
]


class HelpScreen(Dialog[None]):
    """Every key (as remapped by the keymap file), the marks, and where files are kept."""

    BINDINGS: ClassVar = [Binding("escape,q,question_mark", "close", "Close", id="help-close")]

    def __init__(self, keys: Callable[[str], str], files: Sequence[tuple[str, str]]) -> None:
        super().__init__()
        self.keys = keys
        self.files = files

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Static(self.body(), id="help-body")

    def body(self) -> Content:
        """The help text."""
        lines: list[Content] = [Content.styled("billdiff: keys", "bold"), Content("")]
        group = None
        for key in KEYS:
            if key.group != group:
                group = key.group
                if lines[-1].plain:
                    lines.append(Content(""))
                lines.append(Content.styled(group, "bold underline"))
            keys = self.keys(key.id)
            lines.append(
                Content.assemble(
                    (f"  {keys:<18}", "bold"), key.description, (f"  [{key.id}]", "dim")
                )
            )
        lines += [
            Content(""),
            Content.styled("Marks", "bold underline"),
            *(Content("  " + "   ".join(line)) for line in (MARKS[:5], MARKS[5:])),
            Content.assemble(
                "  deleted words are ", ("struck through", "strike"), ", inserted words"
            ),
            Content.assemble(
                "  are ", ("underlined", "underline"), "; #2 numbers change 2 of a clause"
            ),
            Content("  (with NO_COLOR set they are also marked [-deleted-] and {+inserted+})"),
            Content(""),
            Content.styled("Files", "bold underline"),
        ]
        lines += [
            Content.assemble(f"  {name}: ", (visible(path), "bold")) for name, path in self.files
        ]
        lines += [
            Content(""),
            Content('  Keys are remapped in the keymap file: [keys] id = "key" (ids above).'),
            Content("  ctrl+p opens the command palette, with every action.  Escape closes this."),
        ]
        return Content("\n").join(lines)

    def action_close(self) -> None:
        self.dismiss(None)


class HistoryScreen(Dialog[None]):
    """A unit through every print of a set, drawn as the diff pane draws it (deleted words
    struck through, inserted ones underlined); escape or q closes it."""

    BINDINGS: ClassVar = [Binding("escape,q", "close", "Close", id="history-close")]

    def __init__(self, title: str, history: History, lineage: Lineage, brackets: bool) -> None:
        super().__init__()
        self.page_title = title
        self.history = history
        self.lineage = lineage
        self.brackets = brackets

    def compose(self) -> ComposeResult:
        with Vertical(id="history"):
            yield Label(Content.styled(visible(self.page_title), "bold"), id="history-title")
            yield DiffPane(id="history-pane")

    @on(DiffPane.WidthChanged)
    def _laid_out(self, event: DiffPane.WidthChanged) -> None:
        event.stop()  # the app's own pane keeps its layout
        options = Options(width=event.width, brackets=self.brackets)
        self.query_one(DiffPane).set_layout(history_layout(self.history, self.lineage, options))

    @on(DiffPane.Clicked)
    def _clicked(self, event: DiffPane.Clicked) -> None:
        event.stop()

    def action_close(self) -> None:
        self.dismiss(None)


# -- loose notes ----------------------------------------------------------------------------


def note_card(p: PlacedNote, selected: bool = False, width: int = 0) -> Content:
    """A note as the notes panel and the loose-notes view show it: who, when, where it
    landed, its whole text, tags and replies."""
    date = p.created[:10]
    mark = "▶ " if selected else "  "
    head = Content.assemble(
        (mark, "bold"),
        (p.status, "bold" if p.status == "open" else "dim"),
        " · ",
        (p.anchor.status.value, "italic"),
        f" · {visible(p.author)} · {date} · {p.short_id}",
    )
    lines = [head]
    lines += [Content("  " + line) for line in _lines(p.text)]
    if p.tags:
        lines.append(Content.styled("  tags: " + visible(", ".join(p.tags)), "dim"))
    if not p.attached or p.anchor.status.value == "fuzzy":
        target = p.target
        quoted = f": “{visible(clip(target.quote.exact, 60))}”" if target and target.quote else ""
        lines.append(Content.styled(f"  noted on {visible(p.noted_on)}{quoted}", "dim"))
    if p.anchor.detail:
        lines.append(Content.styled("  " + visible(p.anchor.detail), "dim"))
    for reply in p.replies:
        creator = reply.get("creator")
        who = creator.get("name", "unknown") if isinstance(creator, dict) else "unknown"
        body = reply.get("body")
        text = body.get("value", "") if isinstance(body, dict) else ""
        when = str(reply.get("created", ""))[:10]
        lines.append(Content.styled(f"  ↳ {visible(str(who))}, {when}:", "bold"))
        lines += [Content("    " + line) for line in _lines(str(text))]
    return Content("\n").join(lines)


def _lines(text: str) -> list[str]:
    return [visible(line) for line in text.strip("\n").replace("\r\n", "\n").split("\n")]


class LooseNotes(Dialog[None]):
    """Every note that is not attached here (orphaned, then ambiguous), none ever hidden;
    the note keys (edit, reply, resolve, delete) work on the highlighted one."""

    # The same ids as the app's note keys, so a keymap file remaps them here too.
    BINDINGS: ClassVar = [
        Binding("escape,q", "close", "Close", id="loose-close"),
        Binding("e", "app.edit_note", "Edit", id="edit-note"),
        Binding("r", "app.reply_note", "Reply", id="reply-note"),
        Binding("v", "app.resolve_note", "Resolve/reopen", id="resolve-note"),
        Binding("delete,D", "app.delete_note", "Delete", id="delete-note"),
    ]

    def __init__(self, notes: Callable[[], Sequence[PlacedNote]]) -> None:
        super().__init__()
        self.notes = notes

    def compose(self) -> ComposeResult:
        with Vertical(id="loose"):
            yield Label("", id="loose-title")
            yield OptionList(id="loose-list")
            yield Static(
                Content(
                    "These notes lost their place in this comparison: their clause was removed, "
                    "their words are gone, or the words now occur in more than one place. "
                    "e edit · r reply · v resolve/reopen · D delete · esc close"
                ),
                id="loose-hint",
            )

    def on_mount(self) -> None:
        self.refresh_notes()
        self.query_one(OptionList).focus()

    def refresh_notes(self) -> None:
        """Show the loose notes as they are now."""
        notes = list(self.notes())
        title = self.query_one("#loose-title", Label)
        orphaned = sum(1 for p in notes if p.anchor.status.value == "orphaned")
        title.update(
            Content(
                f"Notes not attached here: {len(notes)} "
                f"({orphaned} orphaned, {len(notes) - orphaned} ambiguous)"
            )
        )
        box = self.query_one(OptionList)
        keep = box.highlighted
        box.set_options([Option(note_card(p), id=p.id) for p in notes])
        if notes:
            box.highlighted = min(keep or 0, len(notes) - 1)
        if not notes:
            box.set_options([Option(Content("No loose notes: every note has its place."))])

    @property
    def selected_id(self) -> str | None:
        """The id of the highlighted note."""
        box = self.query_one(OptionList)
        option = box.highlighted_option
        return option.id if option is not None else None

    def action_close(self) -> None:
        self.dismiss(None)
