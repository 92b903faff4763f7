"""The billdiff app: walk every change of two prints in order and keep notes on them.

Data flow. :func:`~billdiff.tui.loading.open_session` runs in a worker thread
(compare, open notes and marks, place the notes) and hands back a
:class:`~billdiff.tui.loading.Session`. The app picks the units the filters let
through, asks :func:`billdiff.tui.layout.build` for the diff pane's rows and stops
(from the view layer's numbered changes and excerpts), and shows them. Every
note action builds the new note with :mod:`billdiff.annotations.notes`, saves it
through the :class:`~billdiff.annotations.store.NoteStore` and places the notes
again with :class:`~billdiff.annotations.review.Review`, all in a worker thread;
the app then says what the store reported (saved, or merged with changes made
on disk) and posts a message (:mod:`billdiff.tui.messages`). A failed save is
undone in memory, the file is left as it was, and the reader is told why.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.css.query import NoMatches
from textual.notifications import SeverityLevel
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Input

from billdiff.annotations import notes as notes_api
from billdiff.annotations.review import PlacedNote, Require, Review, needs_note
from billdiff.comparison import HEADING_KINDS, UnitChange
from billdiff.errors import BilldiffError
from billdiff.sanitise import visible
from billdiff.textdiff import HunkClass
from billdiff.tui import keymap as keymaps
from billdiff.tui import messages
from billdiff.tui.commands import Actions, Command
from billdiff.tui.diffpane import GUTTER, DiffPane
from billdiff.tui.keymap import BY_ID, KEYS, read_keymap
from billdiff.tui.layout import Layout, Options, Stop, build
from billdiff.tui.loading import Session, Source, open_session
from billdiff.tui.screens import (
    Ask,
    Confirm,
    Draft,
    Filters,
    FiltersScreen,
    HelpScreen,
    HistoryScreen,
    LooseNotes,
    NoteForm,
)
from billdiff.tui.widgets import (
    ColumnHeads,
    KeysFooter,
    NotesPanel,
    Outline,
    SearchPanel,
    StatusLine,
    TopBar,
    header_content,
    outline_entries,
)
from billdiff.view import search as finding
from billdiff.view.changes import Change
from billdiff.view.summary import summarise
from billdiff.view.units import made_by
from billdiff.view.words import clip, count, print_name, unit_noun, where

#: Widths at which the layout changes: the outline shows, the notes move to the right.
OUTLINE_WIDTH = 100
NOTES_RIGHT_WIDTH = 150
#: Actions that work while a dialog is open on top of the main screen.
NOTE_ACTIONS = {"edit_note", "reply_note", "resolve_note", "delete_note"}
#: The app's own actions (the bindings' action names without their arguments).
OWN_ACTIONS = frozenset(k.action.split("(")[0] for k in KEYS)
#: Seconds after the last move before the outline and the notes panel catch up.
SIDE_PANELS_DELAY = 0.06


@dataclass(frozen=True, slots=True)
class Place:
    """Where the reader is, kept across re-layouts: a unit and (maybe) one of its changes."""

    unit_key: str
    change: tuple[str, int] | None


class BilldiffApp(App[int]):
    """Open two prints, walk every change, understand it, leave notes on it."""

    CSS_PATH = Path(__file__).with_name("app.tcss")
    TITLE = "billdiff"
    COMMANDS = App.COMMANDS | {Actions}
    #: Nothing is focused until the comparison is shown (see on_mount).
    AUTO_FOCUS = None
    BINDINGS: ClassVar = [
        Binding(
            k.keys,
            k.action,
            k.footer or k.description,
            show=bool(k.footer),
            id=k.id,
            tooltip=k.description,
            priority=k.priority,
        )
        for k in KEYS
    ]

    def __init__(
        self,
        source: Source,
        *,
        on_ready: Callable[[BilldiffApp], None] | None = None,
        on_shell: Callable[[BilldiffApp], None] | None = None,
        keymap_path: Path | None = None,
        author: str | None = None,
        blink: bool = True,
    ) -> None:
        super().__init__()
        self.source = source
        self.on_ready = on_ready
        self.on_shell = on_shell
        self.keymap_file = keymap_path or keymaps.keymap_path()
        self.author_override = author
        self.blink = blink
        self.session: Session | None = None
        #: What the open comparison calls its units ("clause", "section"…): see _opened.
        self.unit_noun = "clause"
        #: Why the prints could not be opened, when they could not (the app then exits 2).
        self.open_error: BilldiffError | None = None
        self.filters = Filters()
        self.side_by_side = False
        self.expanded: set[str] = set()
        self.layout_data = Layout([])
        self.unit_pos = -1
        #: The long title or heading the reader is on (its change is the current stop),
        #: else None: the reader is on :attr:`current_unit`.
        self.on_heading: UnitChange | None = None
        self.selected_note: str | None = None
        self.search_words = ""
        self.search_hits: list[finding.Hit] = []
        self.search_index = -1
        self._store_lock = threading.Lock()
        self._chord: str | None = None
        self._drawn = False
        self._draft: Draft | None = None
        self._side_timer: Timer | None = None
        self._layout_width = -1
        self._drawing = False

    # -- building the screen ------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield TopBar(Content("Opening the prints…"), id="top")
        with Horizontal(id="main"):
            yield Outline(id="outline")
            with Vertical(id="centre"):
                yield NotesPanel(id="notes")
                yield ColumnHeads(id="columns")
                yield DiffPane(id="diff")
                # Under the diff pane, not across the screen: a move repaints the two together,
                # and Textual repaints the rectangle around what changed.
                yield StatusLine(Content(""), id="status")
        yield SearchPanel(id="search")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.query_one(SearchPanel).box.cursor_blink = self.blink
        self.query_one("#outline-filter", Input).cursor_blink = self.blink
        user = read_keymap(self.keymap_file)
        if user.keys:
            self.set_keymap(user.keys)
        for problem in user.problems:
            self.notify(visible(problem), severity="warning", timeout=10, markup=False)
        self._arrange(self.size.width)
        # Nothing has the focus while the prints load (the pane cannot take it then), so
        # the app's keys (q, ?) work and no box takes them as typing.
        self.query_one(DiffPane).loading = True
        self._open()
        if self.on_shell is not None:
            self.call_after_refresh(self.on_shell, self)

    def on_resize(self, event: Any) -> None:
        self._arrange(event.size.width, event.size.height)

    def _arrange(self, width: int, height: int | None = None) -> None:
        self.set_class(width >= NOTES_RIGHT_WIDTH, "-wide")
        self.set_class((height or self.size.height) < 32, "-short")
        outline = self.query_one(Outline)
        if not getattr(self, "_outline_chosen", False):
            outline.display = width >= OUTLINE_WIDTH

    @work(thread=True, exclusive=True, group="open")
    def _open(self, pair: tuple[int, int] | None = None) -> None:
        # Choosing two other prints of a set keeps the set already read and compared.
        history = self.session.history if self.session is not None else None
        try:
            session = open_session(self.source, history, pair)
        except BilldiffError as e:
            self.call_from_thread(self._open_failed, e)
            return
        except Exception as e:  # never a traceback on a lawyer's screen
            self.call_from_thread(
                self._open_failed, BilldiffError(f"internal error: {type(e).__name__}: {e}")
            )
            return
        if self.author_override:
            session.author = self.author_override
        self.call_from_thread(self._opened, session)

    def _open_failed(self, error: BilldiffError) -> None:
        self.post_message(messages.OpenFailed(str(error)))
        if self.session is None:
            # Nothing to show: leave at once, and let the command line say why on stderr
            # (one line, exit 2) once the terminal is itself again.
            self.open_error = error
            self.exit(return_code=2)
            return
        # Two other prints of the set could not be compared: stay on the two shown.
        pane = self.query_one(DiffPane)
        pane.loading = False
        pane.focus()
        self.notify(
            str(error),
            title="Could not open those prints",
            severity="error",
            timeout=30,
            markup=False,
        )

    def _opened(self, session: Session) -> None:
        reopened = self.session is not None  # two other prints of the set were chosen
        self.session = session
        self.unit_noun = unit_noun(session.comparison)
        pane = self.query_one(DiffPane)
        pane.loading = False
        pane.focus()  # nothing else could be used while the prints loaded
        self.refresh_bindings()
        if not gc.isenabled():  # the command line switched it off for the load
            gc.freeze()
            gc.enable()
        if self.query_one(DiffPane).size.width:
            self._relayout(first=True)
        # else the pane has no size yet: its first resize lays it out (see _width_changed)
        if session.source.notice:
            self.notify(visible(session.source.notice), timeout=8, markup=False)
        if session.marks_problem:
            self.notify(
                visible(f"{session.marks_problem}; reviewed marks are kept for this session only"),
                severity="warning",
                timeout=15,
                markup=False,
            )
        for warning in session.comparison.warnings:
            self.notify(visible(warning), severity="warning", timeout=15, markup=False)
        if reopened and self._drawn:
            self.notify(
                visible(
                    f"Now comparing {print_name(session.comparison.old)} with "
                    f"{print_name(session.comparison.new)}; notes in {session.source.notes}"
                ),
                timeout=6,
                markup=False,
            )
            self.post_message(messages.Opened(session))

    def _first_screen_drawn(self) -> None:
        self._drawn = True
        self.refresh_bindings()
        assert self.session is not None
        self.post_message(messages.Opened(self.session))
        if self.on_ready is not None:
            self.on_ready(self)

    # -- what is shown ------------------------------------------------------------------

    @property
    def review(self) -> Review:
        assert self.session is not None
        return self.session.review

    def shown_units(self) -> list[UnitChange]:
        """The units the filters let through, in reading order."""
        assert self.session is not None
        f = self.filters
        ignore = self._ignored()
        marks = self.session.marks
        review = self.session.review
        out = []
        for u in self.session.comparison.units:
            if f.changed_only and not u.changed:
                continue
            # The check gate's own test: substantive words, or added, removed, moved...;
            # a clause only renumbered (or with only xref/typographic edits) is hidden.
            if f.substantive_only and not needs_note(u, Require.SUBSTANTIVE, ignore):
                continue
            if f.with_notes and not review.for_unit(u):
                continue
            if f.not_reviewed and (not u.changed or marks.is_reviewed(u)):
                continue
            if f.statuses and u.status.value not in f.statuses:
                continue
            out.append(u)
        return out

    def _ignored(self) -> frozenset[HunkClass]:
        if not self.filters.substantive_only:
            return frozenset()
        return frozenset(c for c in HunkClass if c is not HunkClass.SUBSTANTIVE)

    def _place(self) -> Place | None:
        stop = self.query_one(DiffPane).stop_at
        units = self.layout_data.units
        if stop is not None and 0 <= stop.unit < len(units):
            change = stop.change
            return Place(
                units[stop.unit].key, (change.field.value, change.index) if change else None
            )
        if 0 <= self.unit_pos < len(units):
            return Place(units[self.unit_pos].key, None)
        return None

    def _relayout(self, first: bool = False, what: str = "", keep: Place | None = None) -> None:
        """Lay the diff pane out again (filters, mode, width, notes or marks changed)."""
        if self.session is None:
            return
        place = keep or (None if first else self._place())
        pane = self.query_one(DiffPane)
        session = self.session
        review = session.review
        layout = build(
            session.comparison,
            self.shown_units(),
            Options(
                width=pane.text_width,
                side_by_side=self.side_by_side,
                expanded=frozenset(self.expanded),
                brackets=self.no_color,
                skip_classes=self._ignored(),
            ),
            notes_of=lambda u: len(review.for_unit(u)),
            change_noted=lambda u, c: bool(review.for_change(u, c)),
            reviewed=session.marks.is_reviewed,
        )
        self.layout_data = layout
        self._layout_width = pane.text_width
        heads = self.query_one(ColumnHeads)
        heads.display = self.side_by_side
        if self.side_by_side:
            comparison = session.comparison
            old, new = print_name(comparison.old), print_name(comparison.new)
            heads.show(old, new, pane.column_width, GUTTER)
        current = self._find(layout, place) if place else (0 if layout.stops else -1)
        pane.set_layout(layout, current, scroll=True)
        if current < 0 and place is not None:
            pos = next((n for n, u in enumerate(layout.units) if u.key == place.unit_key), -1)
            self.unit_pos = pos
            self.on_heading = None
            if pos >= 0:
                pane.scroll_to_row(layout.unit_rows[pos][0])
        elif current >= 0:
            self.unit_pos = layout.stops[current].unit
            self.on_heading = layout.stops[current].subject
        else:
            self.unit_pos = 0 if layout.units else -1
        self._refresh_outline()
        self._refresh_header()
        self._refresh_notes()
        self._refresh_status()
        if what:
            self.post_message(messages.ViewChanged(what, len(layout.units)))
        if not self._drawn and not self._drawing:
            self._drawing = True
            self.call_after_refresh(self._first_screen_drawn)

    def _find(self, layout: Layout, place: Place) -> int:
        """The stop at ``place`` in a new layout, else the first one at or after its unit."""
        pos = next((n for n, u in enumerate(layout.units) if u.key == place.unit_key), -1)
        if pos < 0:
            return 0 if layout.stops else -1
        stops = layout.unit_stops[pos]
        for index in stops:
            change = layout.stops[index].change
            here = (change.field.value, change.index) if change else None
            if here == place.change:
                return index
        if stops:
            return stops[0]
        return -1

    def _refresh_outline(self) -> None:
        review = self.review
        assert self.session is not None
        units = self.layout_data.units
        notes_of = {id(u): len(review.for_unit(u)) for u in units}
        reviewed = {id(u) for u in units if self.session.marks.is_reviewed(u)}
        outline = self.query_one(Outline)
        outline.set_entries(outline_entries(self.session.comparison, units, notes_of, reviewed))
        outline.show_unit(self.current_unit)

    def _refresh_header(self) -> None:
        assert self.session is not None
        session = self.session
        comparison = session.comparison
        changed = comparison.changed_units()
        self.query_one(TopBar).update(
            layout=False,
            content=header_content(
                comparison,
                summarise(comparison),
                session.marks.count(changed),
                len(changed),
                len(session.review.notes),
                len(session.review.loose),
                self.filters.words(),
            ),
        )

    @property
    def current_unit(self) -> UnitChange | None:
        """The unit the reader is on."""
        units = self.layout_data.units
        return units[self.unit_pos] if 0 <= self.unit_pos < len(units) else None

    @property
    def current_stop(self) -> Stop | None:
        """The change the reader is on."""
        return self.query_one(DiffPane).stop_at

    @property
    def current_subject(self) -> UnitChange | None:
        """What notes go on here: the long title or heading the current change is of, else
        the current unit."""
        return self.on_heading or self.current_unit

    def _current_change(self, subject: UnitChange) -> Change | None:
        """The current change, if it is one of ``subject``'s."""
        stop = self.current_stop
        if stop is None:
            return None
        if stop.subject is not None:
            return stop.change if stop.subject is subject else None
        return stop.change if stop.unit == self.unit_pos and subject is self.current_unit else None

    def _refresh_notes(self) -> None:
        panel = self.query_one(NotesPanel)
        unit = self.current_subject
        if unit is None or self.session is None:
            panel.show("Notes", [], None, "Move to a change to see its notes (n).")
            return
        review = self.review
        change = self._current_change(unit)
        on_change = list(review.for_change(unit, change)) if change is not None else []
        whole = list(review.on_whole_unit(unit))
        others = [p for p in review.for_unit(unit) if p not in on_change and p not in whole]
        groups = []
        if change is not None:
            groups.append((f"On change #{change.number}", on_change))
        groups.append((f"On the whole of {unit.label}", whole))
        groups.append(("On other changes" if change is not None else "On its changes", others))
        ordered = [p for _, ps in groups for p in ps]
        if self.selected_note not in {p.id for p in ordered}:
            self.selected_note = ordered[0].id if ordered else None
        n = len(ordered)
        heading = f"Notes on {unit.label}: {n}" if n else f"Notes on {unit.label}"
        whole_of = self.unit_noun if unit.side.kind not in HEADING_KINDS else unit.label
        empty = f"No notes yet. a: note on this change · A: note on the whole {whole_of}"
        made = made_by(self.session.comparison, unit, change.hunk if change is not None else None)
        panel.show(heading, groups, self.selected_note, empty, made)

    def _refresh_status(self, extra: str = "") -> None:
        status = self.query_one(StatusLine)
        if self.session is None:
            return
        stops = self.layout_data.stops
        stop = self.current_stop
        unit = self.current_unit
        parts = []
        if stop is not None:
            parts.append(f"change {self.query_one(DiffPane).current + 1} of {len(stops)}")
        elif not stops:
            parts.append("no changes shown")
        if stop is not None and stop.subject is not None and stop.subject is self.on_heading:
            name = stop.subject.label
            if stop.change is not None:
                name += f" #{stop.change.number} ({stop.change.cls.value})"
            parts.append(name)
        elif unit is not None:
            name = unit.label
            if stop is not None and stop.change is not None and stop.unit == self.unit_pos:
                name += f" #{stop.change.number} ({stop.change.cls.value})"
            parts.append(name)
            place = where(unit)
            if place:
                parts.append(place)
            pos = self.unit_pos
            if 0 <= pos < len(self.layout_data.folded) and self.layout_data.folded[pos]:
                parts.append(f"enter: whole {self.unit_noun}")
        if self.side_by_side:
            parts.append("side by side: old left, new right")
        if extra:
            parts.append(extra)
        elif 0 <= self.search_index < len(self.search_hits):
            hit = self.search_hits[self.search_index]
            if hit.unit is unit:  # until the reader moves away; first, so 80 columns show it
                side = "new print" if hit.side == "new" else "old print"
                parts.insert(0, f"match {self.search_index + 1} of {len(self.search_hits)}, {side}")
        status.update(Content(visible("  ·  ".join(parts))), layout=False)

    # -- events from the panes ----------------------------------------------------------

    @on(messages.CurrentChanged)
    def _current_changed(self, event: messages.CurrentChanged) -> None:
        if event.current is not None and event.current.unit >= 0:
            self.unit_pos = event.current.unit  # already so, unless the pane moved itself
        self.on_heading = event.current.subject if event.current is not None else None
        self._refresh_status()
        # The outline and the notes panel follow a moment later, once the keys stop: a
        # move then costs one diff-pane frame, however fast n is pressed.
        if self._side_timer is not None:
            self._side_timer.stop()
        self._side_timer = self.set_timer(SIDE_PANELS_DELAY, self._refresh_side_panels)

    def _refresh_side_panels(self) -> None:
        """Bring the outline's highlight and the notes panel up to the current change."""
        self._side_timer = None
        try:
            outline = self.query_one(Outline)
        except NoMatches:  # the app is closing
            return
        if outline.display:
            outline.show_unit(self.current_unit)
        self._refresh_notes()

    def _flush_side_panels(self) -> None:
        """Update the side panels now if an update is waiting (before acting on a note)."""
        if self._side_timer is not None:
            self._side_timer.stop()
            self._refresh_side_panels()

    @on(DiffPane.WidthChanged)
    def _width_changed(self, event: DiffPane.WidthChanged) -> None:
        if self.session is not None and event.width != self._layout_width:
            self._relayout()

    @on(DiffPane.Clicked)
    def _clicked(self, event: DiffPane.Clicked) -> None:
        layout = self.layout_data
        for n, stop in enumerate(layout.stops):
            if stop.first_row <= event.row <= stop.last_row:
                self._go_stop(n, scroll=False)
                return
        pos = layout.unit_at_row(event.row)
        if pos >= 0 and layout.unit_rows[pos][0] <= event.row <= layout.unit_rows[pos][1]:
            self._go_unit(pos, scroll=False)
            row = layout.rows[event.row]
            if any(s.role == "fold" for s in row.left) or not layout.units[pos].changed:
                self.action_expand()

    @on(Outline.Picked)
    def _picked(self, event: Outline.Picked) -> None:
        pos = self.layout_data.position_of(event.unit)
        if pos >= 0:
            self._go_unit(pos)
            self.query_one(DiffPane).focus()

    @on(NotesPanel.Chosen)
    def _note_chosen(self, event: NotesPanel.Chosen) -> None:
        self.selected_note = event.note_id
        self._refresh_notes()

    def _go_stop(self, index: int, scroll: bool = True) -> None:
        """Make stop ``index`` the current change, and its unit the current unit, now."""
        stops = self.layout_data.stops
        if not 0 <= index < len(stops):
            return
        unit = stops[index].unit
        if unit >= 0:
            if unit != self.unit_pos:
                self.selected_note = None
            self.unit_pos = unit
        if stops[index].subject is not self.on_heading:
            self.selected_note = None
        self.on_heading = stops[index].subject
        self.query_one(DiffPane).go(index, scroll=scroll)

    def _go_unit(self, pos: int, scroll: bool = True) -> None:
        """Make unit ``pos`` current: its first change, or just the unit when it has none."""
        layout = self.layout_data
        pane = self.query_one(DiffPane)
        stops = layout.unit_stops[pos]
        if stops:
            self._go_stop(stops[0], scroll=scroll)
            return
        self.unit_pos = pos
        self.on_heading = None
        self.selected_note = None
        if scroll:
            pane.scroll_to_row(layout.unit_rows[pos][0])
        self.query_one(Outline).show_unit(self.current_unit)
        self._refresh_notes()
        self._refresh_status()

    # -- keys: moving -------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action not in OWN_ACTIONS or action in ("quit", "help", "press"):
            return True  # Textual's own (focus_next for tab in a dialog...) always work
        if isinstance(self.screen, LooseNotes):
            return action in NOTE_ACTIONS
        if isinstance(self.screen, ModalScreen):
            return False
        if self.session is None:
            return action in ("quit", "help")
        return True

    def action_next_change(self) -> None:
        pane = self.query_one(DiffPane)
        stops = self.layout_data.stops
        if not stops:
            self.notify("No changes are shown (see the filters: f).")
        elif pane.current + 1 >= len(stops):
            self.notify("That was the last change.", timeout=3)
        else:
            self._go_stop(pane.current + 1)

    def action_previous_change(self) -> None:
        pane = self.query_one(DiffPane)
        if not self.layout_data.stops:
            self.notify("No changes are shown (see the filters: f).")
        elif pane.current <= 0:
            self.notify("That was the first change.", timeout=3)
        else:
            self._go_stop(pane.current - 1)

    def action_next_unit(self) -> None:
        self._step_unit(+1)

    def action_previous_unit(self) -> None:
        self._step_unit(-1)

    def _step_unit(self, step: int) -> None:
        layout = self.layout_data
        pos = self.unit_pos + step
        while 0 <= pos < len(layout.units):
            if layout.unit_stops[pos]:
                self._go_unit(pos)
                return
            pos += step
        self.notify(
            "That was the last changed clause."
            if step > 0
            else "That was the first changed clause.",
            timeout=3,
            markup=False,
        )

    def action_chord(self, direction: str) -> None:
        self._chord = direction
        self._refresh_status(
            "]c next change, [c previous" if direction == "next" else "[c previous"
        )

    def on_key(self, event: Any) -> None:
        chord, self._chord = self._chord, None
        if chord is not None and event.key == "c":
            event.stop()
            event.prevent_default()
            if chord == "next":
                self.action_next_change()
            else:
                self.action_previous_change()

    def action_press(self, key: str) -> None:
        """Press ``key`` where the focus is (j and k are down and up wherever those move)."""
        self.simulate_key(key)

    def action_goto(self) -> None:
        assert self.session is not None
        comparison = self.session.comparison

        def check(answer: str) -> str | None:
            from billdiff.lookup import resolve

            try:
                resolve(comparison, answer)
            except BilldiffError as e:
                return str(e)
            return None

        def done(answer: str | None) -> None:
            if answer:
                self.go_to(answer)

        self.push_screen(
            Ask(
                "Go to a clause or schedule paragraph",
                "12 · cl 12(3) · 2/5 · Schedule 2 paragraph 5 · Part 3 · long title · "
                "old:17 (a bare number is the new print's)",
                check=check,
                blink=self.blink,
            ),
            done,
        )

    def go_to(self, ref: str) -> bool:
        """Go to what ``ref`` names (showing it even if the filters hid it): a unit, the
        sub-provision of one ("12(3)"), a Part or heading, the long title. A number that
        names different units in the two prints is the new print's (the rule of
        :mod:`billdiff.lookup`, as ``notes add`` has it), and the reader is told."""
        from billdiff.lookup import resolve

        assert self.session is not None
        try:
            found = resolve(self.session.comparison, ref)
        except BilldiffError as e:
            self.notify(visible(str(e)), severity="error", markup=False)
            return False
        unit = found.unit
        if found.others:
            others = " and ".join(u.label for u in found.others)
            self.notify(
                visible(
                    f"{ref} in the new print is {unit.label}; in the old print it is "
                    f"{others} (type old:{ref} for that)."
                ),
                timeout=6,
                markup=False,
            )
        if unit.side.kind in HEADING_KINDS and self.layout_data.position_of(unit) < 0:
            return self._go_heading(unit)
        if self.layout_data.position_of(unit) < 0:
            self.filters = Filters()
            self.notify(
                visible(f"{unit.label} was hidden by the filters; they are cleared."), markup=False
            )
            self._relayout(what="filters", keep=Place(unit.key, None))
        if found.path is not None and unit.key not in self.expanded:
            self.expanded.add(unit.key)  # the sub-provision shows in the whole clause
            self._relayout(what="expand", keep=Place(unit.key, None))
        pos = self.layout_data.position_of(unit)
        self._go_unit(pos)
        if found.path is not None:
            row = self.layout_data.row_of_provision(pos, found.path)
            if row is not None:
                self.query_one(DiffPane).scroll_to_row(row)
                self._refresh_status(f"{unit.label}, {found.path}")
        return True

    def _go_heading(self, heading: UnitChange) -> bool:
        """Go to the long title's or a heading's change, or the first unit under a Part."""
        layout = self.layout_data
        stop = next((n for n, s in enumerate(layout.stops) if s.subject is heading), None)
        if stop is not None:
            self._go_stop(stop)
            return True
        from billdiff.lookup import find

        inside = (
            {id(u) for u in find(self.session.comparison, heading.side.ref)}
            if self.session
            else set()
        )
        pos = next((n for n, u in enumerate(layout.units) if id(u) in inside), -1)
        if pos < 0:
            self.notify(
                visible(f"{heading.label} did not change, and nothing in it is shown."),
                markup=False,
            )
            return False
        self._go_unit(pos)
        return True

    def action_search(self) -> None:
        self.query_one(SearchPanel).open(self.search_words)

    @on(SearchPanel.Typed)
    def _search_typed(self, event: SearchPanel.Typed) -> None:
        if event.words.strip() != self.search_words:
            self.find(event.words)

    @on(SearchPanel.Step)
    def _search_step(self, event: SearchPanel.Step) -> None:
        if event.words.strip() != self.search_words:
            self.search(event.words)
        elif self.search_hits:
            self._step_hit(event.step)

    @on(SearchPanel.Picked)
    def _search_picked(self, event: SearchPanel.Picked) -> None:
        self.search_index = event.index
        self._show_hit()

    @on(SearchPanel.Closed)
    def _search_closed(self) -> None:
        self.query_one(SearchPanel).close()
        self.query_one(DiffPane).focus()

    def find(self, words: str) -> int:
        """Find ``words`` in both prints: highlight and count them, without moving."""
        assert self.session is not None
        self.search_words = words.strip()
        shown = {id(u) for u in self.layout_data.units}
        self.search_hits = [
            h
            for h in finding.search(self.session.comparison, self.search_words)
            if id(h.unit) in shown
        ]
        self.search_index = -1
        pane = self.query_one(DiffPane)
        pane.search = finding.pattern(self.search_words)
        pane.redraw()
        self.query_one(SearchPanel).show_hits(
            self.search_hits, -1, hidden=bool(self.search_words) and self.filters.active
        )
        self.post_message(messages.SearchDone(self.search_words, len(self.search_hits)))
        return len(self.search_hits)

    def search(self, words: str) -> int:
        """Find ``words`` in both prints and go to the first place after the current one."""
        found = self.find(words)
        if found:
            self._step_hit(+1)
        return found

    def action_search_next(self) -> None:
        self._step_hit(+1)

    def action_search_previous(self) -> None:
        self._step_hit(-1)

    def _step_hit(self, step: int) -> None:
        hits = self.search_hits
        if not hits:
            self.action_search()
            return
        if self.search_index >= 0:
            self.search_index = (self.search_index + step) % len(hits)
        else:  # counted, not visited yet: the nearest one from here, that way
            here = self.unit_pos
            places = [self.layout_data.position_of(h.unit) for h in hits]
            if step > 0:
                self.search_index = next((n for n, p in enumerate(places) if p >= here), 0)
            else:
                before = [n for n, p in enumerate(places) if p < here]
                self.search_index = before[-1] if before else len(hits) - 1
        self._show_hit()

    def _show_hit(self) -> None:
        hit = self.search_hits[self.search_index]
        words = finding.context(hit)
        layout = self.layout_data
        pos = layout.position_of(hit.unit)
        row = layout.row_of_words(pos, hit.side, words)
        if row is None and hit.unit.key not in self.expanded:  # folded away: show it whole
            self.expanded.add(hit.unit.key)
            self._relayout(keep=Place(hit.unit.key, None))
            layout = self.layout_data
            pos = layout.position_of(hit.unit)
            row = layout.row_of_words(pos, hit.side, words)
        pane = self.query_one(DiffPane)
        first, _ = layout.unit_rows[pos]
        target = row if row is not None else first
        stop = next(
            (i for i in layout.unit_stops[pos] if layout.stops[i].last_row >= target),
            None,
        )
        if stop is not None:
            self._go_stop(stop, scroll=False)
        else:
            self._go_unit(pos, scroll=False)
        pane.scroll_to_row(target)
        self.query_one(SearchPanel).show_index(self.search_index, len(self.search_hits))
        self._refresh_status()

    def action_next_unresolved(self) -> None:
        """The next open note after the current place (attached ones, then loose ones)."""
        layout = self.layout_data
        review = self.review
        here = (self.unit_pos, self.query_one(DiffPane).current)
        candidates = []
        for p in review.attached:
            if p.resolved or p.unit is None:
                continue
            pos = layout.position_of(p.unit)
            if pos < 0:
                continue
            stops = [
                i
                for i in layout.unit_stops[pos]
                if layout.stops[i].change is not None
                and any(
                    (c.field, c.index)
                    == (layout.stops[i].change.field, layout.stops[i].change.index)  # type: ignore[union-attr]
                    for c in p.changes
                )
            ]
            candidates.append(((pos, stops[0] if stops else -1), p))
        later = [c for c in candidates if c[0] > here and c[1].id != self.selected_note]
        if later:
            (pos, stop), p = min(later, key=lambda c: c[0])
            if stop >= 0:
                self._go_stop(stop)
            else:
                self._go_unit(pos)
            self.selected_note = p.id
            self._refresh_notes()
            return
        loose = [p for p in review.loose if not p.resolved]
        if loose:
            lost = f"{count(len(loose), 'note')} lost its place"
            self.notify(f"No more unresolved notes in the text; {lost}.", markup=False)
            self.action_orphans()
        elif candidates and any(not c[1].resolved for c in candidates):
            self.notify("No unresolved notes after this one; u again starts from the top.")
            self.unit_pos = -1
            self.query_one(DiffPane).current = -1
        else:
            self.notify("Every note is resolved.")

    # -- keys: the view -----------------------------------------------------------------

    def action_expand(self) -> None:
        unit = self.current_unit
        if unit is None:
            return
        if unit.key in self.expanded:
            self.expanded.discard(unit.key)
        else:
            self.expanded.add(unit.key)
        self._relayout(what="expand", keep=self._place())
        pos = self.layout_data.position_of(unit)
        if pos >= 0 and not self.layout_data.unit_stops[pos]:
            self.query_one(DiffPane).scroll_to_row(self.layout_data.unit_rows[pos][0])

    def action_toggle_side_by_side(self) -> None:
        self.side_by_side = not self.side_by_side
        self._relayout(what="side-by-side" if self.side_by_side else "inline")

    def action_toggle_outline(self) -> None:
        outline = self.query_one(Outline)
        self._outline_chosen = True
        outline.display = not outline.display
        if not outline.display:
            self.query_one(DiffPane).focus()

    def action_filter_outline(self) -> None:
        outline = self.query_one(Outline)
        self._outline_chosen = True
        outline.display = True
        self.query_one("#outline-filter", Input).focus()

    def action_filters(self) -> None:
        assert self.session is not None
        counts = self.session.comparison.counts()
        statuses = [(s, n) for s, n in counts.items() if n and s != "containers changed"]

        def done(result: Filters | None) -> None:
            if result is not None:
                self.set_filters(result)

        self.push_screen(FiltersScreen(self.filters, statuses), done)

    def set_filters(self, filters: Filters) -> None:
        """Show only the units ``filters`` let through."""
        self.filters = filters
        self._relayout(what="filters")
        shown = len(self.layout_data.units)
        words = filters.words() or "none"
        self.notify(
            visible(f"Filters: {words}. {count(shown, 'clause')} shown."), timeout=3, markup=False
        )

    def action_orphans(self) -> None:
        self.push_screen(LooseNotes(lambda: self.review.loose))

    def _set_needed(self) -> bool:
        assert self.session is not None
        if self.session.history is None:
            self.notify(
                "Open three or more prints of the Bill (billdiff view P1 P2 P3 …) to choose "
                "between them and see each clause's history.",
                timeout=8,
            )
            return False
        return True

    def action_pick_prints(self) -> None:
        if not self._set_needed():
            return
        assert self.session is not None and self.session.history is not None
        history, (old, new) = self.session.history, self.session.pair
        listed = "\n".join(f"{n}  {name}" for n, name in enumerate(history.names, 1))

        def pair_of(answer: str) -> tuple[int, int] | str:
            words = answer.replace(",", " ").replace("→", " ").split()
            if len(words) != 2 or not all(w.isdigit() for w in words):
                return "give two print numbers, the old one first: 1 3"
            a, b = (int(w) - 1 for w in words)
            if not (0 <= a < len(history.bills) and 0 <= b < len(history.bills)) or a == b:
                return f"give two different numbers from 1 to {len(history.bills)}"
            return a, b

        def chosen(answer: str | None) -> None:
            if answer is None:
                return
            pair = pair_of(answer)
            assert not isinstance(pair, str)
            if pair == self.session_pair:
                return
            self.query_one(DiffPane).loading = True
            self._open(pair)

        self.push_screen(
            Ask(
                "Compare which two prints? (the old one, then the new one)",
                listed,
                value=f"{old + 1} {new + 1}",
                check=lambda a: p if isinstance(p := pair_of(a), str) else None,
                blink=self.blink,
            ),
            chosen,
        )

    @property
    def session_pair(self) -> tuple[int, int] | None:
        """Which two prints of the set are compared (places in the history)."""
        return self.session.pair if self.session is not None else None

    def action_clause_history(self) -> None:
        if not self._set_needed():
            return
        assert self.session is not None and self.session.history is not None
        unit = self.current_unit
        if unit is None:
            self.notify("Move to a clause first.")
            return
        history = self.session.history
        lineage = history.lineage_of(unit, *self.session.pair)
        if lineage is None:
            self.notify(f"No history is known for {visible(unit.label)}.", markup=False)
            return
        title = f"{unit.label} through {count(len(history.bills), 'print')}"
        self.push_screen(HistoryScreen(title, history, lineage, brackets=self.no_color))

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            return
        files = [("keymap file", str(self.keymap_file))]
        if self.session is not None:
            files += [
                ("notes file", str(self.session.store.path)),
                ("reviewed marks", str(self.session.marks.path)),
            ]
        self.push_screen(HelpScreen(self.keys_for, files))

    def keys_for(self, binding_id: str) -> str:
        """The keys bound to ``binding_id`` now (after the keymap file), as shown to a reader."""
        keys = self._keymap.get(binding_id) if hasattr(self, "_keymap") else None
        if keys is None:
            keys = BY_ID[binding_id].keys
        shown = []
        for key in keys.split(","):
            key = key.strip()
            display = self.get_key_display(Binding(key, "", ""))
            if binding_id.startswith("chord-"):
                display += "c"
            shown.append(display)
        return " ".join(shown)

    def commands(self) -> list[Command]:
        """Every action of the app and the filters, for the command palette (ctrl+p)."""
        out = []
        for key in KEYS:
            if key.id.startswith("chord-"):
                continue

            def run(action: str = key.action) -> None:
                self.call_later(self.run_action, action)

            out.append(Command(key.description, self.keys_for(key.id), run))
        for name, value in (
            ("Show every clause (clear the filters)", Filters()),
            ("Changed clauses only", Filters(changed_only=True)),
            ("Substantive changes only", Filters(substantive_only=True)),
            ("Clauses with notes", Filters(with_notes=True)),
            ("Changed clauses not yet reviewed", Filters(not_reviewed=True)),
        ):

            def apply(value: Filters = value) -> None:
                self.set_filters(value)

            out.append(Command(name, "filter", apply))
        return out

    # -- reviewed marks -----------------------------------------------------------------

    def action_mark_reviewed(self) -> None:
        unit = self.current_unit
        if unit is None or self.session is None:
            return
        if not unit.changed:
            self.notify(
                visible(f"{unit.label} is unchanged: there is nothing to review."), markup=False
            )
            return
        try:
            now_reviewed = self.session.marks.toggle(unit, self.session.author)
        except BilldiffError as e:  # a mark that could not be saved is not shown either
            self.notify(visible(str(e)), severity="error", timeout=15, markup=False)
            return
        self._relayout(what="reviewed")
        self._save_marks(unit, now_reviewed)

    @work(thread=True, group="save")
    def _save_marks(self, unit: UnitChange, reviewed: bool) -> None:
        assert self.session is not None
        saved = False
        if self.session.marks_problem is None:
            try:
                self.session.marks.save()
                saved = True
            except BilldiffError as e:
                self.call_from_thread(
                    self.notify, visible(f"Reviewed mark not saved: {e}"), severity="error"
                )
        self.post_message(messages.ReviewedChanged(unit, reviewed, saved))

    @on(messages.ReviewedChanged)
    def _reviewed_changed(self, event: messages.ReviewedChanged) -> None:
        verb = "reviewed" if event.reviewed else "not reviewed"
        self._refresh_status(f"{event.unit.label} marked {verb}")

    # -- notes ----------------------------------------------------------------------------

    def _selected(self) -> PlacedNote | None:
        self._flush_side_panels()
        if isinstance(self.screen, LooseNotes):
            note_id = self.screen.selected_id
            return self.review.get(note_id) if note_id else None
        if self.selected_note is None:
            return None
        return self.review.get(self.selected_note)

    def action_select_note(self, step: int) -> None:
        self._flush_side_panels()
        notes = self.query_one(NotesPanel).notes
        if not notes:
            self.notify("No notes on this clause.", timeout=2)
            return
        ids = [p.id for p in notes]
        at = ids.index(self.selected_note) if self.selected_note in ids else -1
        self.selected_note = ids[(at + step) % len(ids)]
        self._refresh_notes()

    def action_add_note(self) -> None:
        self._add(whole=False)

    def action_add_unit_note(self) -> None:
        self._add(whole=True)

    def _add(self, whole: bool) -> None:
        unit = self.current_subject
        if self.session is None:
            return
        if unit is None:
            self.notify("Move to a change first (n): notes go on changes and clauses.")
            return
        comparison = self.session.comparison
        change = self._current_change(unit)
        try:
            if change is not None and not whole:
                target = notes_api.change_target(comparison, unit, change)
                about = (
                    f"{unit.label}, change #{change.number} ({change.cls.value}): "
                    + _change_words(change)
                )
                title = f"New note on {unit.label}, change #{change.number}"
            else:
                if not whole:
                    self.notify(
                        f"{unit.label} has no numbered change here: "
                        f"the note is on the whole of {unit.label}.",
                        timeout=4,
                        markup=False,
                    )
                target = notes_api.unit_target(comparison, unit)
                about = f"{unit.label}: {unit.side.heading or ''}".rstrip(": ")
                title = f"New note on the whole of {unit.label}"
        except BilldiffError as e:
            self.notify(visible(str(e)), severity="error", markup=False)
            return
        draft = self._draft
        self._draft = None

        def done(result: Draft | None) -> None:
            if result is None:
                return

            def change_store() -> tuple[str, Callable[[], None]]:
                assert self.session is not None
                note = notes_api.new_note(target, result.text, self.session.author, result.tags)
                self.session.store.add(note)
                return note["id"], lambda: self.session.store.delete(note["id"])

            self._save("add", change_store, result)

        self.push_screen(
            NoteForm(
                title,
                about,
                draft.text if draft else "",
                draft.tags if draft else (),
                blink=self.blink,
            ),
            done,
        )

    def _form_on_selected(
        self,
        action: str,
        form: Callable[[PlacedNote], NoteForm],
        changed: Callable[[dict[str, Any], Draft], dict[str, Any]],
    ) -> None:
        """Open ``form`` on the selected note; save the note ``changed`` makes of it."""
        p = self._selected()
        if p is None:
            self.notify("Select a note first (, and . move through the notes).", timeout=3)
            return

        def done(result: Draft | None) -> None:
            if result is None:
                return

            def change_store() -> tuple[str, Callable[[], None]]:
                assert self.session is not None
                store = self.session.store
                old = store.get(p.id)
                store.replace(changed(old, result))
                return p.id, lambda: store.replace(old)

            self._save(action, change_store, result)

        self.push_screen(form(p), done)

    def action_edit_note(self) -> None:
        self._form_on_selected(
            "edit",
            lambda p: NoteForm(
                f"Edit note {p.short_id}",
                f"on {p.anchor.where or p.noted_on}",
                p.text,
                p.tags,
                blink=self.blink,
            ),
            lambda old, draft: notes_api.with_text(old, draft.text, list(draft.tags)),
        )

    def action_reply_note(self) -> None:
        def replied(old: dict[str, Any], draft: Draft) -> dict[str, Any]:
            assert self.session is not None
            return notes_api.with_reply(old, notes_api.new_reply(draft.text, self.session.author))

        self._form_on_selected(
            "reply",
            lambda p: NoteForm(
                f"Reply to note {p.short_id}",
                visible(clip(p.text, 200)),
                with_tags=False,
                blink=self.blink,
            ),
            replied,
        )

    def action_resolve_note(self) -> None:
        p = self._selected()
        if p is None:
            self.notify("Select a note first (, and . move through the notes).", timeout=3)
            return
        status = notes_api.NoteStatus.OPEN if p.resolved else notes_api.NoteStatus.RESOLVED

        def change_store() -> tuple[str, Callable[[], None]]:
            assert self.session is not None
            store = self.session.store
            old = store.get(p.id)
            store.replace(notes_api.with_status(old, status))
            return p.id, lambda: store.replace(old)

        self._save("reopen" if status is notes_api.NoteStatus.OPEN else "resolve", change_store)

    def action_delete_note(self) -> None:
        p = self._selected()
        if p is None:
            self.notify("Select a note first (, and . move through the notes).", timeout=3)
            return

        def done(yes: bool | None) -> None:
            if not yes:
                return

            def change_store() -> tuple[str, Callable[[], None]]:
                assert self.session is not None
                store = self.session.store
                old = store.get(p.id)
                store.delete(p.id)
                return p.id, lambda: store.add(old)

            self._save("delete", change_store)

        self.push_screen(
            Confirm(
                f"Delete note {p.short_id} by {p.author}?",
                clip(p.text, 200)
                + (f"\n(and its {count(len(p.replies), 'reply', 'replies')})" if p.replies else ""),
            ),
            done,
        )

    @work(thread=True, group="save")
    def _save(
        self,
        action: str,
        change_store: Callable[[], tuple[str, Callable[[], None]]],
        draft: Draft | None = None,
    ) -> None:
        """Change the store, save it, and place the notes again; undo in memory on failure."""
        assert self.session is not None
        session = self.session
        with self._store_lock:
            undo: Callable[[], None] | None = None
            try:
                note_id, undo = change_store()
                report = session.store.save()
            except BilldiffError as e:
                if undo is not None:
                    undo()
                if action in ("add", "edit", "reply") and draft is not None and action == "add":
                    self._draft = draft
                self.post_message(messages.NotesFailed(action, str(e)))
                return
            except Exception as e:
                if undo is not None:
                    undo()
                self.post_message(
                    messages.NotesFailed(action, f"internal error: {type(e).__name__}: {e}")
                )
                return
            review = Review(session.comparison, session.store.notes)
        noteworthy = bool(getattr(report, "noteworthy", report.merged))
        self.call_from_thread(self._saved, review, note_id if action != "delete" else None)
        self.post_message(
            messages.NotesSaved(action, note_id, report.summary, report.merged, noteworthy)
        )

    def _saved(self, review: Review, note_id: str | None) -> None:
        assert self.session is not None
        self.session.review = review
        if note_id is not None:
            self.selected_note = note_id
        self._relayout(keep=self._place())
        if isinstance(self.screen, LooseNotes):
            self.screen.refresh_notes()

    @on(messages.NotesSaved)
    def _notes_saved(self, event: messages.NotesSaved) -> None:
        done = {
            "add": "Note added",
            "edit": "Note saved",
            "reply": "Reply added",
            "resolve": "Note resolved",
            "reopen": "Note reopened",
            "delete": "Note deleted",
        }[event.action]
        if event.noteworthy:
            self.notify(
                visible(event.summary), title=done, severity="warning", timeout=15, markup=False
            )
        elif event.merged:  # someone else saved notes meanwhile: both sets are kept
            self.notify(visible(event.summary), title=done, timeout=8, markup=False)
        else:
            self.notify(visible(event.summary), title=done, timeout=4, markup=False)

    @on(messages.NotesFailed)
    def _notes_failed(self, event: messages.NotesFailed) -> None:
        kept = " Your text is kept: press a to try again." if event.action == "add" else ""
        self.notify(
            visible(f"{event.error}. Nothing was changed on disk.{kept}"),
            title="Not saved",
            severity="error",
            timeout=20,
            markup=False,
        )

    # -- export ---------------------------------------------------------------------------

    def action_export(self) -> None:
        assert self.session is not None
        source = self.session.source
        new = Path(source.new)
        folder = source.output_dir or new.parent
        if not _writable(folder):
            folder = Path.cwd()
        default = str(folder / f"{new.stem}.report.html")

        def done(answer: str | None) -> None:
            if answer:
                self.export(Path(answer).expanduser())

        self.push_screen(
            Ask(
                "Export the annotated HTML report to",
                "a file name; enter writes it, escape cancels",
                default,
                blink=self.blink,
            ),
            done,
        )

    @work(thread=True, group="export")
    def export(self, path: Path) -> None:
        """Write the HTML report of the comparison and its notes to ``path`` (atomically)."""
        assert self.session is not None
        session = self.session
        try:
            from billdiff.render.html import render_html  # type: ignore[import-not-found,unused-ignore]
        except ImportError:
            message = "the HTML report is not available in this version"
            self.call_from_thread(self.notify, message, severity="warning")
            self.post_message(messages.Exported(None, message))
            return
        from billdiff.fileio import atomic_write_text

        try:
            html = render_html(
                session.comparison,
                session.review,
                ignore=self._ignored(),
                only_changed=self.filters.changed_only,
            )
            protect = [session.source.old, session.source.new, str(session.store.path)]
            atomic_write_text(path, html, protect=protect)
        except BilldiffError as e:
            self.call_from_thread(self.notify, visible(str(e)), severity="error")
            self.post_message(messages.Exported(None, str(e)))
            return
        except Exception as e:
            error = f"internal error: {type(e).__name__}: {e}"
            self.call_from_thread(self.notify, visible(error), severity="error")
            self.post_message(messages.Exported(None, error))
            return
        self.call_from_thread(self.notify, visible(f"Report written to {path}"))
        self.post_message(messages.Exported(str(path), None))

    # -- leaving --------------------------------------------------------------------------

    def _handle_exception(self, error: Exception) -> None:
        """A bug must not throw a lawyer out of the app: once the comparison is on screen,
        say what went wrong and carry on (the notes on disk are only ever replaced whole).
        Tests and start-up failures still stop the app, with the traceback."""
        if self.is_headless or not self._drawn:
            super()._handle_exception(error)
            return
        self.log.error(error)
        self.notify(
            visible(
                f"Something went wrong ({type(error).__name__}: {error}). The notes on disk are "
                "safe; if it happens again, quit and reopen."
            ),
            title="Internal error",
            severity="error",
            timeout=20,
            markup=False,
        )

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Show a toast, always as plain text with control characters spelled out.

        A message can hold a file name, a print's metadata or a line of the keymap file,
        and Textual's markup would turn ``[@click=…]`` in it into an action run by a click
        on the toast, or ``[link=…]`` into a hyperlink. ``markup`` is ignored: dialogs'
        ``Widget.notify`` passes True unless told otherwise.
        """
        super().notify(
            visible(message),
            title=visible(title),
            severity=severity,
            timeout=timeout,
            markup=False,
        )

    async def action_quit(self) -> None:
        saving = [w for w in self.workers if w.group == "save" and w.is_running]
        if saving:
            self.notify("Saving notes… the app closes when they are saved.", timeout=3)
            await self.workers.wait_for_complete(saving)
        self.exit(0)


def _change_words(change: Any) -> str:
    hunk = change.hunk
    if hunk.old and hunk.new:
        return f"“{clip(hunk.old, 60)}” → “{clip(hunk.new, 60)}”"
    if hunk.new:
        return f"inserts “{clip(hunk.new, 100)}”"
    return f"deletes “{clip(hunk.old, 100)}”"


def _writable(folder: Path) -> bool:
    import os

    return os.access(folder, os.W_OK)
