"""The app's other panes: the header, the outline, the notes panel and the status line.

Each shows what the app hands it, as ``Content`` (never markup), and posts a
message when the reader picks something; none of them reads files or notes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.cells import cell_len
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Footer, Input, Label, OptionList, Static
from textual.widgets._footer import FooterKey  # not exported; Textual is pinned exactly
from textual.widgets.option_list import Option

from billdiff.annotations.review import PlacedNote
from billdiff.comparison import Comparison, PrintInfo, UnitChange
from billdiff.sanitise import visible
from billdiff.tui.keymap import FOOTER_ORDER, KEYS
from billdiff.tui.layout import NOTE_MARK, REVIEWED_MARK, STATUS_MARKS, container_index, place_of
from billdiff.tui.screens import note_card
from billdiff.view.search import Hit, context
from billdiff.view.summary import Summary
from billdiff.view.words import clip, count, title

# -- header ---------------------------------------------------------------------------------


def header_content(
    comparison: Comparison,
    summary: Summary,
    reviewed: int,
    to_review: int,
    notes: int,
    loose: int,
    filters: str,
) -> Content:
    """The Bill's title, both prints, the summary counts and the review progress."""
    old, new = comparison.old, comparison.new
    counts = [f"{summary.classes.get(c, 0)} {c}" for c in ("substantive", "xref", "typographic")]
    counts += [f"{summary.statuses.get(s, 0)} {s}" for s in ("added", "removed", "moved")]
    loose_words = f" ({loose} not attached: O)" if loose else ""
    return Content("\n").join(
        [
            Content.assemble(
                (visible(new.title), "bold"),
                ("   ", ""),
                (f"{reviewed} / {to_review} reviewed", "bold reverse" if to_review else "dim"),
            ),
            Content.assemble(
                ("old ", "dim"),
                visible(print_words(old)),
                ("  →  new ", "dim"),
                visible(print_words(new)),
            ),
            Content.assemble(
                (f"{summary.changed} of {summary.units} changed: ", "dim"),
                " · ".join(counts),
                (f"   notes: {notes}{loose_words}", ""),
                (f"   filter: {filters}" if filters else "", "bold"),
            ),
        ]
    )


def print_words(info: PrintInfo) -> str:
    """A print in a few words for the header: "As Introduced · Commons · Bill 166 · 2025-02-25"."""
    house = (info.house or "").removeprefix("House of ").strip()
    parts = [info.stage or info.version or info.title, house, info.bill_number, info.published]
    return " · ".join(p for p in parts if p)


class TopBar(Static):
    """The header: title, prints, counts, progress (see :func:`header_content`)."""


# -- outline --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Entry:
    """One line of the outline: a container (``unit`` None) or a unit."""

    prompt: Content
    unit: UnitChange | None
    words: str


def outline_entries(
    comparison: Comparison,
    units: Sequence[UnitChange],
    notes_of: dict[int, int],
    reviewed: set[int],
) -> list[Entry]:
    """The outline: Parts, Chapters, cross-headings and schedules as the units enter them,
    each unit with its status mark, old → new number, note and reviewed marks."""
    index = container_index(comparison.containers)
    out: list[Entry] = []
    previous: tuple[str | None, str | None, str | None] | None = None
    for unit in units:
        place = place_of(unit)
        if place != previous:
            start = 0 if previous is None else next(n for n in range(3) if place[n] != previous[n])
            for level in range(start, 3):
                label = place[level]
                if label is None:
                    continue
                change = index.get((level, label))
                status = (
                    f" ({change.status.value})" if change is not None and change.changed else ""
                )
                indent = "" if level == 0 else " " * (level - 1 if place[0] is None else level)
                style = "bold" if level < 2 else "italic"
                text = visible(clip(label, 60))
                out.append(Entry(Content.styled(f"{indent}{text}{status}", style), None, label))
            previous = place
        out.append(_unit_entry(unit, notes_of.get(id(unit), 0), id(unit) in reviewed))
    return out


def _unit_entry(unit: UnitChange, notes: int, reviewed: bool) -> Entry:
    mark = STATUS_MARKS.get(unit.status, " ")
    old, new = unit.old, unit.new
    if old is not None and new is not None and old.number != new.number:
        number = f"{old.number} → {new.number}"
    else:
        number = unit.side.number or ""
    if unit.side.kind.value == "schedule-paragraph":
        number = f"para {number}"
    name = visible(clip(title(unit.side), 40))
    flags = (f" {NOTE_MARK}{notes}" if notes else "") + (f" {REVIEWED_MARK}" if reviewed else "")
    style = "" if unit.changed else "dim"
    prompt = Content.assemble(
        (f"{mark} ", "bold"),
        (visible(number), "bold" if unit.changed else "dim"),
        f" {name}",
        (flags, "bold"),
    )
    if style:
        prompt = prompt.stylize(style)
    words = f"{unit.label} {title(unit.side)}"
    return Entry(prompt, unit, words)


class Outline(Vertical):
    """The outline of the shown units, with a box to filter it by typing."""

    class Picked(Message):
        """A unit was chosen in the outline."""

        def __init__(self, unit: UnitChange) -> None:
            super().__init__()
            self.unit = unit

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.entries: list[Entry] = []
        self._shown: list[Entry] = []

    def compose(self) -> ComposeResult:
        box = Input(placeholder="filter: type a number or words", id="outline-filter")
        yield box
        yield OptionList(id="outline-list")

    def set_entries(self, entries: list[Entry]) -> None:
        """Show ``entries`` (filtered by what is typed in the box)."""
        self.entries = entries
        self._apply()

    def _apply(self) -> None:
        words = self.query_one("#outline-filter", Input).value.casefold().split()
        if words:
            shown = [
                e
                for e in self.entries
                if e.unit is not None and all(w in e.words.casefold() for w in words)
            ]
        else:
            shown = self.entries
        self._shown = shown
        box = self.query_one("#outline-list", OptionList)
        box.set_options([Option(e.prompt, disabled=e.unit is None) for e in shown])

    @on(Input.Changed, "#outline-filter")
    def _typed(self) -> None:
        self._apply()

    @on(Input.Submitted, "#outline-filter")
    def _enter(self) -> None:
        """Enter goes to the first unit the words match (the list keeps showing them all)."""
        first = next((n for n, e in enumerate(self._shown) if e.unit is not None), None)
        if first is not None:
            self.query_one("#outline-list", OptionList).highlighted = first
            unit = self._shown[first].unit
            assert unit is not None
            self.post_message(self.Picked(unit))

    @on(OptionList.OptionSelected, "#outline-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        entry = self._shown[event.option_index] if event.option_index < len(self._shown) else None
        if entry is not None and entry.unit is not None:
            self.post_message(self.Picked(entry.unit))

    def show_unit(self, unit: UnitChange | None) -> None:
        """Highlight ``unit`` in the outline (without taking the focus)."""
        if unit is None:
            return
        for n, e in enumerate(self._shown):
            if e.unit is unit:
                box = self.query_one("#outline-list", OptionList)
                if box.highlighted != n:
                    box.highlighted = n
                return


# -- notes panel ----------------------------------------------------------------------------


class NotesPanel(Vertical):
    """The notes on the current unit: those on the current change first, then the rest."""

    class Chosen(Message):
        """A note was clicked or highlighted in the panel."""

        def __init__(self, note_id: str) -> None:
            super().__init__()
            self.note_id = note_id

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.notes: list[PlacedNote] = []
        self.selected: str | None = None
        self._shown_key: object = None

    def compose(self) -> ComposeResult:
        yield Static("", id="notes-title")
        yield Static("", id="notes-source")
        yield OptionList(id="notes-list")

    def show(
        self,
        heading: str,
        groups: Sequence[tuple[str, Sequence[PlacedNote]]],
        selected: str | None,
        empty: str,
        made_by: Sequence[str] = (),
    ) -> None:
        """Show the notes in ``groups`` (each under its own heading), ``selected`` marked;
        in a Keeling schedule, first the Bill provisions that made the change, with their
        words (``made_by``)."""
        key = (
            heading,
            tuple((n, tuple(id(p.note) for p in ps)) for n, ps in groups),
            selected,
            tuple(made_by),
        )
        if key == self._shown_key:
            return  # moving between changes with the same notes: nothing to redraw
        self._shown_key = key
        self.query_one("#notes-title", Static).update(
            Content.styled(visible(heading), "bold"), layout=False
        )
        source = self.query_one("#notes-source", Static)
        source.display = bool(made_by)
        source.update(
            Content("\n").join(
                Content.styled("Made by ", "italic") + Content(visible(line)) for line in made_by
            )
        )
        box = self.query_one("#notes-list", OptionList)
        options: list[Option | None] = []
        self.notes = []
        for name, notes in groups:
            if not notes:
                continue
            options.append(Option(Content.styled(name, "bold underline"), disabled=True))
            for p in notes:
                self.notes.append(p)
                options.append(Option(note_card(p, p.id == selected), id=p.id))
        if not self.notes:
            options = [Option(Content.styled(empty, "dim"), disabled=True)]
        self.selected = selected if any(p.id == selected for p in self.notes) else None
        box.set_options([o for o in options if o is not None])
        if self.selected is not None:
            box.highlighted = next(n for n, o in enumerate(box.options) if o.id == self.selected)
            box.scroll_to_highlight()

    @on(OptionList.OptionSelected, "#notes-list")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.post_message(self.Chosen(event.option.id))


class ColumnHeads(Static):
    """Side by side, over the diff pane: which print each column shows."""

    def show(self, old: str, new: str, column: int, gutter: int) -> None:
        """Name the old print over the left column and the new one over the right."""
        left = clip(f"old: {visible(old)}", column)
        self.update(
            Content.assemble(
                " " * gutter,
                (left, "bold"),
                " " * max(column - cell_len(left), 0),
                (" │ ", "dim"),
                (clip(f"new: {visible(new)}", column), "bold"),
            )
        )


class StatusLine(Static):
    """Where the reader is: change n of m, the unit, its place in the prints, hints."""


# -- footer ---------------------------------------------------------------------------------

#: Footer ranks by action: a dialog's own keys (not listed) come first, then these in order.
_FOOTER_RANK = {k.action: FOOTER_ORDER.index(k.id) for k in KEYS if k.id in FOOTER_ORDER}


class KeysFooter(Footer):
    """Textual's footer, keeping only the keys that fit the width: the least needed give
    way first (see :data:`~billdiff.tui.keymap.FOOTER_ORDER`), so ``? Help`` and
    ``q Quit`` always show, and no key is ever cut in half."""

    def compose(self) -> ComposeResult:
        keys = [k for k in super().compose() if isinstance(k, FooterKey)]
        room = self.app.size.width
        ranked = sorted(range(len(keys)), key=lambda n: self._rank(keys[n], n))
        shown: set[int] = set()
        for n in ranked:
            width = _footer_width(keys[n])
            if width <= room:
                shown.add(n)
                room -= width
        yield from (k for n, k in enumerate(keys) if n in shown)

    @staticmethod
    def _rank(key: FooterKey, position: int) -> tuple[int, int]:
        if key.has_class("-command-palette"):
            return (len(FOOTER_ORDER) + 1, position)
        return (_FOOTER_RANK.get(key.action, -1), position)

    def on_resize(self) -> None:
        self.call_after_refresh(self.recompose)


def _footer_width(key: FooterKey) -> int:
    """The cells a footer key takes: " k words " (the palette's key has a border too)."""
    extra = 2 if key.has_class("-command-palette") else 0
    words = f" {key.description}" if key.description else ""
    return cell_len(f" {key.key_display}{words} ") + extra


# -- search ---------------------------------------------------------------------------------

#: Hits listed under the search box at most (the count and the keys reach every one).
HITS_LISTED = 500
#: Seconds after the last key typed in the search box before the matches are counted.
SEARCH_DELAY = 0.15


class SearchBox(Input):
    """The search box: typing counts the matches, enter or down goes to the next one, up to
    the previous one, escape closes the box (the matches stay highlighted)."""

    BINDINGS: ClassVar = [
        Binding("escape", "close", "Close", id="search-close"),
        Binding("down", "step(1)", "Next match", id="search-down"),
        Binding("up", "step(-1)", "Previous match", id="search-up"),
    ]

    def action_close(self) -> None:
        self.post_message(SearchPanel.Closed())

    def action_step(self, step: int) -> None:
        self.post_message(SearchPanel.Step(self.value, step))


class SearchPanel(Vertical):
    """The search box (``/``), the number of matches ("3 of 17") and the list of them."""

    class Typed(Message):
        """The words in the box changed (and the reader paused typing)."""

        def __init__(self, words: str) -> None:
            super().__init__()
            self.words = words

    class Step(Message):
        """Go to the next (``step`` 1) or previous (-1) match of ``words``."""

        def __init__(self, words: str, step: int) -> None:
            super().__init__()
            self.words = words
            self.step = step

    class Picked(Message):
        """A match was chosen in the list."""

        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    class Closed(Message):
        """The box was closed."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._typing: Timer | None = None

    def compose(self) -> ComposeResult:
        yield OptionList(id="search-hits")
        with Horizontal(id="search-row"):
            yield Label(Content("Search"), id="search-label")
            yield SearchBox(
                placeholder="words in either print; enter or ↓ next, ↑ previous, esc close",
                id="search-input",
            )
            yield Static(Content(""), id="search-count")

    @property
    def box(self) -> SearchBox:
        """The box the words are typed in."""
        return self.query_one(SearchBox)

    def open(self, words: str) -> None:
        """Show the panel with ``words`` in the box, ready to type."""
        self.display = True
        box = self.box
        box.value = words
        box.focus()

    def close(self) -> None:
        """Hide the panel."""
        self.display = False

    def show_hits(self, hits: Sequence[Hit], index: int, hidden: bool = False) -> None:
        """List ``hits`` (the current one, ``index``, highlighted) and count them."""
        box = self.query_one("#search-hits", OptionList)
        box.set_options([Option(_hit_line(h)) for h in hits[:HITS_LISTED]])
        if len(hits) > HITS_LISTED:
            more = len(hits) - HITS_LISTED
            box.add_option(
                Option(Content.styled(f"… and {more} more: ↓ reaches them", "dim"), disabled=True)
            )
        box.display = bool(hits)
        self.show_index(index, len(hits), hidden)

    def show_index(self, index: int, total: int, hidden: bool = False) -> None:
        """Say which match is current (``index``, -1 for none yet) of ``total``."""
        if total == 0:
            words = "no matches" + (" (the filters hide some clauses)" if hidden else "")
        elif index < 0:
            words = count(total, "match", "matches")
        else:
            words = f"{index + 1} of {total}"
        self.query_one("#search-count", Static).update(Content(words))
        box = self.query_one("#search-hits", OptionList)
        if 0 <= index < min(total, HITS_LISTED) and box.highlighted != index:
            box.highlighted = index

    @on(Input.Changed, "#search-input")
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        if self._typing is not None:
            self._typing.stop()
        words = event.value
        self._typing = self.set_timer(SEARCH_DELAY, lambda: self.post_message(self.Typed(words)))

    @on(Input.Submitted, "#search-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self._typing is not None:
            self._typing.stop()
        self.post_message(self.Step(event.value, 1))

    @on(OptionList.OptionSelected, "#search-hits")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(self.Picked(event.option_index))


def _hit_line(hit: Hit) -> Content:
    """A match as the list shows it: where it is, then the words around it."""
    before, found, after = context(hit)
    where = f" {hit.side}" + (" heading" if hit.field == "heading" else "")
    return Content.assemble(
        (visible(hit.unit.label), "bold"),
        (where, "dim"),
        "  ",
        visible(before),
        (visible(found), "reverse"),
        visible(after),
    )
