"""The diff pane: the whole Bill's redline in one scrolling view, drawn a line at a time.

A :class:`~textual.scroll_view.ScrollView` with ``render_line``: only the lines on
screen are drawn, each one once (an LRU cache of strips), from the rows of a
:class:`~billdiff.tui.layout.Layout`. Styles come from component classes, so
themes restyle it; Bill text is turned into ``rich.text.Text`` spans, never
markup. The current change is highlighted and marked in the gutter (a mark that
needs no colour).
"""

from __future__ import annotations

import re
from typing import ClassVar

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from billdiff.tui.layout import Layout, Row, Span, Stop
from billdiff.tui.messages import CurrentChanged

ROLES = (
    "plain",
    "deleted",
    "inserted",
    "label",
    "status",
    "dim",
    "heading",
    "fact",
    "source",
    "fold",
    "number",
    "note-mark",
    "reviewed",
    "container",
    "crossheading",
    "mark",
)
#: Rows of context kept above a change when the pane scrolls to it.
ABOVE = 3
GUTTER = 1


class DiffPane(ScrollView, can_focus=True):
    """The redline of every shown unit; the current change is :attr:`current`."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        *(f"diff--{role}" for role in ROLES),
        "diff--current",
        "diff--gutter",
        "diff--search",
        "diff--divider",
    }

    DEFAULT_CSS = """
    DiffPane { background: $surface; }
    """

    class WidthChanged(Message):
        """The pane's text width changed: the app lays the rows out again."""

        def __init__(self, width: int) -> None:
            super().__init__()
            self.width = width

    class Clicked(Message):
        """A line was clicked (``row`` in the layout)."""

        def __init__(self, row: int) -> None:
            super().__init__()
            self.row = row

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.layout_data = Layout([])
        self.current = -1
        self.search: re.Pattern[str] | None = None
        self._cache: LRUCache[int, Strip] = LRUCache(4096)
        self._styles: dict[str, Style] = {}
        self._width = 0
        self._frame: tuple[Style, int] | None = None

    # -- data ---------------------------------------------------------------------------

    @property
    def text_width(self) -> int:
        """The width rows are laid out at (the pane less its gutter and scrollbar)."""
        return max(self.scrollable_content_region.width - GUTTER, 1)

    def set_layout(self, layout: Layout, current: int = -1, scroll: bool = True) -> None:
        """Show ``layout``, with stop ``current`` as the current change."""
        self.layout_data = layout
        self._cache.clear()
        self.current = min(current, len(layout.stops) - 1)
        self.virtual_size = Size(self.text_width + GUTTER, len(layout.rows))
        self.refresh()
        if scroll and self.current >= 0:
            self.scroll_to_stop(self.current, force=True)

    @property
    def stop_at(self) -> Stop | None:
        """The current stop, if any."""
        stops = self.layout_data.stops
        return stops[self.current] if 0 <= self.current < len(stops) else None

    def go(self, index: int, scroll: bool = True) -> None:
        """Make stop ``index`` current, scroll it into view and say so."""
        stops = self.layout_data.stops
        if not stops:
            return
        index = max(0, min(index, len(stops) - 1))
        old = self.stop_at
        self.current = index
        for stop in (old, self.stop_at):
            if stop is not None:
                self._refresh_rows(stop.first_row, stop.last_row)
        if scroll:
            self.scroll_to_stop(index)
        stop = self.stop_at
        assert stop is not None
        units = self.layout_data.units
        unit = stop.subject or (units[stop.unit] if 0 <= stop.unit < len(units) else None)
        self.post_message(CurrentChanged(index, stop, unit))

    def scroll_to_stop(self, index: int, force: bool = False) -> None:
        """Scroll so that stop ``index`` (and, if it fits, its unit's first line) shows."""
        stop = self.layout_data.stops[index]
        height = max(self.scrollable_content_region.height, 1)
        top = int(self.scroll_y)
        first, last = stop.first_row, stop.last_row
        if not force and first >= top + 1 and last < top + height - 1:
            return
        target = first - min(ABOVE, height // 3)
        if 0 <= stop.unit < len(self.layout_data.unit_rows):
            unit_first = self.layout_data.unit_rows[stop.unit][0]
            if first - unit_first < height // 2:
                target = min(target, unit_first - 1)
        self.scroll_to(y=max(target, 0), animate=False, immediate=True)

    def scroll_to_row(self, row: int) -> None:
        """Scroll so that ``row`` is a little below the top."""
        height = max(self.scrollable_content_region.height, 1)
        self.scroll_to(y=max(row - min(ABOVE, height // 3), 0), animate=False, immediate=True)

    def _refresh_rows(self, first: int, last: int) -> None:
        for row in range(first, last + 1):
            self._cache.discard(row)
        top = int(self.scroll_y)
        height = self.scrollable_content_region.height
        a, b = max(first, top), min(last, top + height - 1)
        if a <= b:
            self.refresh_lines(a, b - a + 1)  # in the pane's own (virtual) lines

    def redraw(self) -> None:
        """Draw every line again (search words or styles changed)."""
        self._cache.clear()
        self.refresh()

    # -- events -------------------------------------------------------------------------

    def on_resize(self, event: events.Resize) -> None:
        if self.text_width != self._width:
            self._width = self.text_width
            self.post_message(self.WidthChanged(self._width))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        row = int(self.scroll_y) + offset.y
        if 0 <= row < len(self.layout_data.rows):
            self.post_message(self.Clicked(row))

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles.clear()
        self._cache.clear()

    # -- drawing ------------------------------------------------------------------------

    def _style(self, name: str) -> Style:
        style = self._styles.get(name)
        if style is None:
            style = self.get_component_rich_style(f"diff--{name}", partial=True)
            self._styles[name] = style
        return style

    def render_lines(self, crop: Region) -> list[Strip]:
        # What every line of this render shares, worked out once rather than per line.
        self._frame = (self.rich_style, self.scrollable_content_region.width)
        try:
            return super().render_lines(crop)
        finally:
            self._frame = None

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        row = scroll_y + y
        base, width = self._frame or (self.rich_style, self.scrollable_content_region.width)
        rows = self.layout_data.rows
        if row >= len(rows):
            return Strip.blank(width, base)
        strip = self._cache.get(row)
        if strip is None:
            # Cached at the pane's width, so a line scrolled back into view costs nothing.
            strip = self._draw(row, rows[row], base).crop_extend(0, width, base).simplify()
            self._cache[row] = strip
        if scroll_x:
            return strip.crop_extend(scroll_x, scroll_x + width, base)
        return strip

    def _draw(self, index: int, row: Row, base: Style) -> Strip:
        """One line as a strip: the gutter, then the spans (two columns side by side)."""
        stop = self.stop_at
        in_stop = stop is not None and stop.first_row <= index <= stop.last_row
        segments = [Segment("▌", base + self._style("gutter")) if in_stop else Segment(" ", base)]
        if row.right is None:
            segments += self._segments(row.left, base)
        else:
            column = max((self.text_width - 3) // 2, 10)
            left = self._segments(row.left, base)
            used = sum(cell_len(s.text) for s in left)
            segments += left
            if used < column:
                segments.append(Segment(" " * (column - used), base))
            segments.append(Segment(" │ ", base + self._style("divider")))
            segments += self._segments(row.right, base)
        return Strip(segments)

    def _segments(self, spans: list[Span], base: Style) -> list[Segment]:
        if self.search is not None:
            return self._searched(spans, base)
        current = self.current
        out = []
        for span in spans:
            style = base + self._style(span.role)
            if span.stop >= 0 and span.stop == current:
                style += self._style("current")
            out.append(Segment(span.text, style))
        return out

    def _searched(self, spans: list[Span], base: Style) -> list[Segment]:
        """The spans with the search words highlighted (rich's Text does the splitting)."""
        text = Text(no_wrap=True, end="", style=base)
        current = self.current
        for span in spans:
            style = self._style(span.role)
            if span.stop >= 0 and span.stop == current:
                style = style + self._style("current")
            text.append(span.text, style=style)
        assert self.search is not None
        text.highlight_regex(self.search, style=self._style("search"))
        return [
            seg if seg.style is not None else Segment(seg.text, base)
            for seg in text.render(self.app.console)
            if seg.text
        ]
