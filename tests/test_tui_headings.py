"""The terminal UI: notes on the long title and on Parts and cross-headings, and going to a
Part or a subsection. (The long title used to "take no notes".)"""

from __future__ import annotations

from pathlib import Path

import pytest
from tui_helpers import make_app, on_disk, running, settle, source, sync

from billdiff.tui import messages

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

GROOMING = "cross-heading “Grooming” → “Grooming and other aggravating factors”"


@sync
async def test_the_long_title_takes_a_note_on_its_change(tmp_path: Path) -> None:
    src = source(tmp_path)
    app = make_app(src, tmp_path)
    async with running(app) as (pilot, seen):
        first = app.layout_data.stops[0]
        assert first.subject is app.session.comparison.long_title and first.change.number == 1
        assert app.current_subject is first.subject
        panel = app.query_one("#notes-title").render().plain
        assert panel.startswith("Notes on long title")
        await pilot.press("a")
        assert app.screen.form_title == "New note on long title, change #1"
        app.screen.query_one("#form-text").text = "The Bill's scope now covers ethnicity data."
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        note_id = seen.of(messages.NotesSaved)[-1].note_id
        note = next(n for n in on_disk(src.notes) if n["id"] == note_id)
        assert note["target"]["selector"]["kind"] == "long-title"
        assert note["target"]["change"]["number"] == 1
        title = app.session.comparison.long_title
        (change,) = [c for c in app.review.for_unit(title)[0].changes]
        assert [p.id for p in app.review.for_change(title, change)] == [note_id]
        assert "✎ 1" in "".join(r.text for r in app.layout_data.rows[:2])


@sync
async def test_a_renamed_cross_heading_is_a_stop_and_takes_a_note(tmp_path: Path) -> None:
    src = source(tmp_path)
    app = make_app(src, tmp_path)
    async with running(app) as (pilot, seen):
        stops = app.layout_data.stops
        index = next(n for n, s in enumerate(stops) if s.subject and s.subject.label == GROOMING)
        app._go_stop(index)
        await pilot.pause()
        assert app.current_subject.label == GROOMING
        await pilot.press("A")
        assert app.screen.form_title == f"New note on the whole of {GROOMING}"
        app.screen.query_one("#form-text").text = "Renamed: aggravating factors now here."
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        note_id = seen.of(messages.NotesSaved)[-1].note_id
        note = next(n for n in on_disk(src.notes) if n["id"] == note_id)
        assert note["target"]["selector"]["kind"] == "crossheading"
        heading = app.layout_data.stops[index].subject
        assert [p.id for p in app.review.on_whole_unit(heading)] == [note_id]


@sync
async def test_moving_on_to_a_clause_puts_notes_back_on_the_clause(tmp_path: Path) -> None:
    app = make_app(source(tmp_path), tmp_path)
    async with running(app) as (pilot, _seen):
        assert app.current_subject.label == "long title"
        assert app.go_to("2")  # an unchanged clause: no stop of its own
        await pilot.pause()
        assert app.current_subject.label == "clause 2"


@sync
async def test_go_to_a_subsection_opens_the_clause_and_scrolls_to_it(tmp_path: Path) -> None:
    app = make_app(source(tmp_path), tmp_path)
    async with running(app) as (pilot, _seen):
        assert app.go_to("cl 12(3)")
        await pilot.pause()
        unit = app.current_unit
        assert unit.label == "clause 12" and unit.key in app.expanded
        pos = app.layout_data.position_of(unit)
        row = app.layout_data.row_of_provision(pos, "(3)")
        assert row is not None and row > app.layout_data.unit_rows[pos][0]
        assert app.layout_data.rows[row].text.lstrip().startswith("(3)")
        pane = app.query_one("#diff")
        assert pane.scroll_offset.y <= row < pane.scroll_offset.y + pane.size.height


@sync
async def test_go_to_a_part_goes_to_its_first_clause(tmp_path: Path) -> None:
    app = make_app(source(tmp_path), tmp_path)
    async with running(app) as (pilot, _seen):
        assert app.go_to("Part 3")
        await pilot.pause()
        assert app.current_unit.side.part.startswith("Part 3")
        assert app.go_to("long title")
        assert app.current_subject.label == "long title"
