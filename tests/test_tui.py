"""The terminal UI under Textual's pilot: open the fixtures, walk, filter, search, annotate.

Assertions are on the app's state, on the messages it posts and on the notes
and marks files on disk, not on pixels (the snapshot tests do pixels).
"""

from __future__ import annotations

import contextlib
import json
import os
import threading
from pathlib import Path

import pytest
from conftest import PRINTS
from tui_helpers import AUTHOR, make_app, on_disk, row_text, running, settle, source, sync

from billdiff.annotations.store import NoteStore
from billdiff.comparison import Status
from billdiff.textdiff import HunkClass
from billdiff.tui import messages
from billdiff.tui.app import BilldiffApp
from billdiff.tui.screens import Confirm, FiltersScreen, HelpScreen, LooseNotes, NoteForm
from billdiff.view.changes import numbered

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def unit_named(app, label: str):
    return next(u for u in app.session.comparison.units if u.label == label)


@sync
async def test_opens_the_prints_and_shows_the_header(tmp_path: Path) -> None:
    app = make_app(source(tmp_path), tmp_path)
    async with running(app) as (_pilot, seen):
        opened = seen.of(messages.Opened)
        assert len(opened) == 1
        header = app.query_one("#top").render().plain
        assert "Crime and Policing Bill" in header
        assert "As Introduced" in header and "As amended in Public Bill Committee" in header
        assert "Bill 166" in header and "Bill 235" in header
        changed = len(app.session.comparison.changed_units())
        assert f"0 / {changed} reviewed" in header
        assert "substantive" in header and "added" in header and "moved" in header
        # the first change is current, and every changed unit has at least one stop
        assert app.query_one("#diff").current == 0
        stopped = {app.layout_data.units[s.unit].key for s in app.layout_data.stops if s.unit >= 0}
        assert stopped == {u.key for u in app.session.comparison.changed_units()}


@sync
async def test_next_and_previous_change_walk_every_change_in_order(tmp_path: Path) -> None:
    app = make_app(source(tmp_path), tmp_path)
    async with running(app) as (pilot, seen):
        stops = app.layout_data.stops
        for _ in range(len(stops) - 1):
            await pilot.press("n")
        moves = seen.of(messages.CurrentChanged)
        assert [m.index for m in moves] == list(range(1, len(stops)))
        # reading order: down the page, the long title and headings in their places
        rows = [m.current.first_row for m in moves]
        assert rows == sorted(rows)
        # the long title's change and the changed headings are stops too (they take notes)
        assert {s.subject.label for s in stops if s.subject is not None} == {
            "long title",
            "cross-heading “Grooming” → “Grooming and other aggravating factors”",
            "cross-heading “Recording of ethnicity and nationality”",
        }
        # every numbered change of a changed unit is visited
        visited = {(m.unit.key, m.current.change.number) for m in moves if m.current.change}
        clause_12 = unit_named(app, "clause 12")
        assert {(clause_12.key, c.number) for c in numbered(clause_12)} <= visited
        await pilot.press("n")  # past the last: says so, stays
        assert app.query_one("#diff").current == len(stops) - 1
        await pilot.press("N", "N")
        assert app.query_one("#diff").current == len(stops) - 3
        await pilot.press("right_square_bracket", "c")
        assert app.query_one("#diff").current == len(stops) - 2
        await pilot.press("left_square_bracket", "c")
        assert app.query_one("#diff").current == len(stops) - 3


@sync
async def test_tab_goes_to_the_next_changed_clause(tmp_path: Path) -> None:
    app = make_app(source(tmp_path), tmp_path)
    async with running(app) as (pilot, _seen):
        await pilot.press("tab")
        first = app.current_unit
        assert first is not None and first.changed
        await pilot.press("tab")
        second = app.current_unit
        assert second is not first and second.changed
        units = app.layout_data.units
        between = units[units.index(first) + 1 : units.index(second)]
        assert all(not app.layout_data.unit_stops[units.index(u)] for u in between)
        await pilot.press("shift+tab")
        assert app.current_unit is first
        await pilot.press("right_curly_bracket")
        assert app.current_unit is second


@sync
async def test_side_by_side_puts_old_words_left_and_new_right(tmp_path: Path) -> None:
    app = make_app(source(tmp_path), tmp_path)
    async with running(app) as (pilot, seen):
        app.go_to("12")
        await pilot.pause()
        before = (app.current_unit.key, app.current_stop.change.number)
        await pilot.press("s")
        assert seen.of(messages.ViewChanged)[-1].what == "side-by-side"
        assert app.side_by_side
        rows = app.layout_data.rows
        paired = [r for r in rows if r.right is not None]
        assert paired
        left = " ".join(" ".join("".join(s.text for s in r.left) for r in paired).split())
        right = " ".join(" ".join("".join(s.text for s in r.right) for r in paired).split())
        assert "in the course of a trade" in left and "in the course of a trade" not in right
        assert "security guard" in right and "security guard" not in left
        # the reader stays on the same change
        assert (app.current_unit.key, app.current_stop.change.number) == before
        await pilot.press("s")
        assert not app.side_by_side
        assert all(r.right is None for r in app.layout_data.rows)


@sync
async def test_filters_changed_only_and_substantive_only(tmp_path: Path) -> None:
    app = make_app(source(tmp_path), tmp_path)
    async with running(app) as (pilot, seen):
        everything = len(app.layout_data.units)
        await pilot.press("f")
        assert isinstance(app.screen, FiltersScreen)
        app.screen.query_one("#f-changed_only").value = True
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert seen.of(messages.ViewChanged)[-1].what == "filters"
        shown = app.layout_data.units
        assert len(shown) < everything and all(u.changed for u in shown)
        assert "changed only" in app.query_one("#top").render().plain

        await pilot.press("f")
        app.screen.query_one("#f-substantive_only").value = True
        await pilot.press("ctrl+s")
        await pilot.pause()
        minor = frozenset({HunkClass.XREF, HunkClass.TYPOGRAPHIC})
        shown = app.layout_data.units
        assert shown and all(u.changed_after(minor) for u in shown)
        # renumbered-only and xref-only clauses are gone, and no stop is an xref change
        assert not any(
            u.status is Status.RENUMBERED and HunkClass.SUBSTANTIVE not in u.hunk_classes
            for u in shown
        )
        assert all(
            s.change is None or s.change.cls is HunkClass.SUBSTANTIVE for s in app.layout_data.stops
        )

        await pilot.press("f", "c")  # clear all
        await pilot.pause()
        assert len(app.layout_data.units) == everything


@sync
async def test_filters_with_notes_and_not_reviewed(tmp_path: Path) -> None:
    from billdiff.tui.screens import Filters

    app = make_app(source(tmp_path), tmp_path)
    async with running(app) as (pilot, _seen):
        app.set_filters(Filters(with_notes=True))
        assert app.layout_data.units
        assert all(app.review.for_unit(u) for u in app.layout_data.units)
        app.set_filters(Filters(statuses=frozenset({"added"})))
        assert {u.status for u in app.layout_data.units} == {Status.ADDED}
        app.set_filters(Filters(not_reviewed=True))
        before = len(app.layout_data.units)
        await pilot.press("tab")
        await pilot.press("x")  # mark the current one reviewed: it drops out
        await settle(app, pilot)
        assert len(app.layout_data.units) == before - 1


@sync
async def test_outline_filters_as_you_type_and_goes_to_the_unit(tmp_path: Path) -> None:
    app = make_app(source(tmp_path), tmp_path)
    async with running(app) as (pilot, _seen):
        await pilot.press("o")
        await pilot.press(*"retail")
        outline = app.query_one("#outline")
        shown = [e.unit for e in outline._shown]
        assert shown and all(u is not None for u in shown)
        assert all("retail" in f"{u.label} {u.side.heading}".casefold() for u in shown)
        await pilot.press("enter")  # to the list, first match highlighted
        await pilot.press("enter")  # pick it
        await pilot.pause()
        assert app.current_unit is shown[0]


@sync
async def test_search_finds_words_in_both_prints(tmp_path: Path) -> None:
    app = make_app(source(tmp_path), tmp_path)
    async with running(app) as (pilot, seen):
        await pilot.press("slash")
        await pilot.press(*"security guard", "enter")
        done = seen.of(messages.SearchDone)[-1]
        assert done.words == "security guard" and done.hits >= 1
        assert app.current_unit.label == "clause 12"
        # a deleted phrase is found too (only in the old print)
        assert app.search("in the course of a trade") >= 1
        hit = app.search_hits[app.search_index]
        assert hit.side == "old" and hit.unit.label == "clause 12"
        assert app.search("no such words anywhere") == 0


@sync
async def test_search_unfolds_a_clause_whose_words_are_folded_away(tmp_path: Path) -> None:
    app = make_app(source(tmp_path), tmp_path)
    async with running(app) as (_pilot, _seen):
        assert app.search("Closure notices") >= 1  # a heading of an unchanged-text clause
        words = "power to issue closure"  # in its folded text
        assert app.search(words) >= 1
        unit = app.search_hits[app.search_index].unit
        assert unit.key in app.expanded
        pos = app.layout_data.position_of(unit)
        first, last = app.layout_data.unit_rows[pos]
        text = " ".join(app.layout_data.rows[r].text for r in range(first, last + 1))
        assert "power to issue closure" in " ".join(text.split())


@sync
async def test_go_to_a_clause_by_old_or_new_number(tmp_path: Path) -> None:
    app = make_app(source(tmp_path), tmp_path)
    async with running(app) as (pilot, _seen):
        await pilot.press("g")
        await pilot.press(*"16", "enter")
        # 16 is clause 17 → 16 in the new print (and clause 16 → 15 in the old): new wins
        await pilot.pause()
        assert app.current_unit.label == "clause 17 → 16"
        assert any("old:16" in n.message for n in app._notifications)
        await pilot.press("g", *"old:16", "enter")
        await pilot.pause()
        assert app.current_unit.label == "clause 16 → 15"
        await pilot.press("g", *"clause 99", "enter")
        hint = app.screen.query_one("#ask-hint").render().plain
        assert "no clause or schedule paragraph 'clause 99'" in hint  # the box stays open
        await pilot.press("escape")
        assert app.go_to("Schedule 1 paragraph 3")
        assert app.current_unit.label == "Schedule 1 paragraph 3"
        assert not app.go_to("clause 999")


@sync
async def test_go_to_shows_a_unit_the_filters_hid(tmp_path: Path) -> None:
    from billdiff.tui.screens import Filters

    app = make_app(source(tmp_path), tmp_path)
    async with running(app) as (_pilot, _seen):
        app.set_filters(Filters(changed_only=True))
        assert app.go_to("2")  # clause 2 is unchanged
        assert app.current_unit.label == "clause 2" and not app.filters.active


@sync
async def test_mark_reviewed_is_saved_beside_the_notes_and_undone(tmp_path: Path) -> None:
    src = source(tmp_path)
    app = make_app(src, tmp_path)
    marks_file = tmp_path / "bill.reviewed.json"
    async with running(app) as (pilot, seen):
        app.go_to("12")
        await pilot.press("x")
        await settle(app, pilot)
        event = seen.of(messages.ReviewedChanged)[-1]
        assert event.reviewed and event.saved and event.unit.label == "clause 12"
        data = json.loads(marks_file.read_text())
        assert data["schema"] == "billdiff.reviewed"
        assert [(m["label"], m["by"]) for m in data["marks"]] == [("clause 12", AUTHOR)]
        changed = len(app.session.comparison.changed_units())
        assert f"1 / {changed} reviewed" in app.query_one("#top").render().plain
        assert any(
            s.role == "reviewed"
            for s in app.layout_data.rows[app.layout_data.unit_rows[app.unit_pos][0]].left
        )
        await pilot.press("x")
        await settle(app, pilot)
        assert not seen.of(messages.ReviewedChanged)[-1].reviewed
        assert json.loads(marks_file.read_text())["marks"] == []
        app.go_to("2")  # unchanged: nothing to review, nothing written
        await pilot.press("x")
        await settle(app, pilot)
        assert len(seen.of(messages.ReviewedChanged)) == 2


@sync
async def test_a_mark_that_cannot_be_saved_is_refused_on_screen(tmp_path: Path) -> None:
    src = source(tmp_path)
    app = BilldiffApp(src, keymap_path=tmp_path / "keymap.toml", author="Ren\udce9e", blink=False)
    async with running(app) as (pilot, seen):
        app.go_to("12")
        await pilot.press("x")
        await settle(app, pilot)
        assert not seen.of(messages.ReviewedChanged)
        assert not app.session.marks.is_reviewed(unit_named(app, "clause 12"))
        changed = len(app.session.comparison.changed_units())
        assert f"0 / {changed} reviewed" in app.query_one("#top").render().plain
        said = [n for n in app._notifications if n.severity == "error"]
        assert len(said) == 1 and "lone surrogate (U+DCE9)" in said[0].message
        assert not (tmp_path / "bill.reviewed.json").exists()


@contextlib.contextmanager
def released_after(fifo: Path, seconds: float):
    """Open ``fifo`` for writing after ``seconds``, so that a reader blocked on it (the old
    code's failure) ends instead of hanging the test run."""
    timer = threading.Timer(seconds, lambda: os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)))
    timer.start()
    try:
        yield
    finally:
        timer.cancel()


@sync
async def test_a_fifo_as_the_marks_file_is_said_and_the_app_works(tmp_path: Path) -> None:
    src = source(tmp_path)
    fifo = tmp_path / "bill.reviewed.json"
    os.mkfifo(fifo)
    app = make_app(src, tmp_path)
    with released_after(fifo, 20):
        async with running(app) as (pilot, seen):
            warned = [n.message for n in app._notifications if n.severity == "warning"]
            assert any("FIFO (named pipe), not a reviewed-marks file" in m for m in warned)
            await pilot.press("n")
            assert seen.of(messages.CurrentChanged)


@sync
async def test_a_fifo_as_the_keymap_file_is_said_and_the_keys_stay(tmp_path: Path) -> None:
    fifo = tmp_path / "keymap.toml"
    os.mkfifo(fifo)
    app = make_app(source(tmp_path), tmp_path)
    with released_after(fifo, 20):
        async with running(app) as (pilot, seen):
            warned = [n.message for n in app._notifications if n.severity == "warning"]
            assert any("FIFO (named pipe), not a keymap file" in m for m in warned)
            await pilot.press("n")
            assert seen.of(messages.CurrentChanged)


@sync
async def test_add_edit_reply_resolve_and_delete_a_note(tmp_path: Path) -> None:
    src = source(tmp_path)
    app = make_app(src, tmp_path)
    path = src.notes
    before = len(on_disk(path))
    async with running(app) as (pilot, seen):
        app.go_to("13")  # clause 13 is unchanged: the note goes on the whole clause
        app.go_to("12")
        await pilot.press("n")  # clause 12 has one change; n moves on, N comes back
        await pilot.press("N")
        assert app.current_unit.label == "clause 12"
        # add
        await pilot.press("a")
        assert isinstance(app.screen, NoteForm)
        app.screen.query_one("#form-text").text = "Covers *security guards*.\nSecond line."
        app.screen.query_one("#form-tags").value = "committee, check"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        saved = seen.of(messages.NotesSaved)[-1]
        assert saved.action == "add" and not saved.merged and not saved.noteworthy
        notes = on_disk(path)
        assert len(notes) == before + 1
        new = next(n for n in notes if n["id"] == saved.note_id)
        assert new["body"]["value"] == "Covers *security guards*.\nSecond line."
        assert new["tags"] == ["committee", "check"]
        assert new["creator"]["name"] == AUTHOR
        assert new["target"]["change"]["number"] == 1
        assert new["target"]["selector"]["number"] == "12"
        # the new note is selected in the panel, on change #1
        assert app.selected_note == saved.note_id
        panel = app.query_one("#notes")
        assert saved.note_id in [p.id for p in panel.notes]

        # edit
        await pilot.press("e")
        app.screen.query_one("#form-text").text = "Covers security guards and door staff."
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert seen.of(messages.NotesSaved)[-1].action == "edit"
        edited = next(n for n in on_disk(path) if n["id"] == saved.note_id)
        assert edited["body"]["value"] == "Covers security guards and door staff."
        assert edited["tags"] == ["committee", "check"]

        # reply
        await pilot.press("r")
        app.screen.query_one("#form-text").text = "Agreed."
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        replied = next(n for n in on_disk(path) if n["id"] == saved.note_id)
        assert [r["body"]["value"] for r in replied["replies"]] == ["Agreed."]

        # resolve, reopen
        await pilot.press("v")
        await settle(app, pilot)
        assert next(n for n in on_disk(path) if n["id"] == saved.note_id)["status"] == "resolved"
        await pilot.press("v")
        await settle(app, pilot)
        assert next(n for n in on_disk(path) if n["id"] == saved.note_id)["status"] == "open"

        # delete, after saying no once
        await pilot.press("D")
        assert isinstance(app.screen, Confirm)
        await pilot.press("n")
        assert len(on_disk(path)) == before + 1
        await pilot.press("D", "y")
        await settle(app, pilot)
        assert seen.of(messages.NotesSaved)[-1].action == "delete"
        assert saved.note_id not in {n["id"] for n in on_disk(path)}
        assert len(on_disk(path)) == before
        actions = [m.action for m in seen.of(messages.NotesSaved)]
        assert actions == ["add", "edit", "reply", "resolve", "reopen", "delete"]


@sync
async def test_a_note_on_the_whole_unit(tmp_path: Path) -> None:
    src = source(tmp_path)
    app = make_app(src, tmp_path)
    async with running(app) as (pilot, seen):
        app.go_to("2")  # unchanged
        await pilot.press("a")  # no change here: the form is for the whole clause
        assert "whole of clause 2" in app.screen.form_title
        app.screen.query_one("#form-text").text = "Read: no change."
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        note_id = seen.of(messages.NotesSaved)[-1].note_id
        note = next(n for n in on_disk(src.notes) if n["id"] == note_id)
        assert "change" not in note["target"] and note["target"]["selector"]["number"] == "2"
        assert [p.id for p in app.review.on_whole_unit(app.current_unit)] == [note_id]


@sync
async def test_cancelling_the_form_saves_nothing(tmp_path: Path) -> None:
    src = source(tmp_path)
    app = make_app(src, tmp_path)
    raw = src.notes.read_bytes()
    async with running(app) as (pilot, seen):
        await pilot.press("tab", "a")
        app.screen.query_one("#form-text").text = "never mind"
        await pilot.press("escape")
        await settle(app, pilot)
        assert not seen.of(messages.NotesSaved)
    assert src.notes.read_bytes() == raw


@sync
async def test_a_file_changed_on_disk_is_merged_and_the_app_says_so(tmp_path: Path) -> None:
    from billdiff.annotations.notes import new_note, unit_target

    src = source(tmp_path)
    app = make_app(src, tmp_path)
    async with running(app) as (pilot, seen):
        # someone else adds a note while the app is open
        await pilot.press("tab")
        other = NoteStore.open(src.notes)
        other.add(
            new_note(unit_target(app.session.comparison, app.current_unit), "Theirs.", "Other")
        )
        other.save()
        await pilot.press("A")
        app.screen.query_one("#form-text").text = "Ours."
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        saved = seen.of(messages.NotesSaved)[-1]
        assert saved.merged and "merged" in saved.summary
        assert not saved.noteworthy  # another writer's new note is routine: said, not a warning
        assert any("merged" in n.message for n in app._notifications)
        texts = {n["body"]["value"] for n in on_disk(src.notes)}
        assert {"Theirs.", "Ours."} <= texts
        # the app now shows both
        assert {"Theirs.", "Ours."} <= {p.text for p in app.review.notes}


@sync
async def test_a_failed_save_changes_nothing_and_keeps_the_text(tmp_path: Path) -> None:
    src = source(tmp_path)
    app = make_app(src, tmp_path)
    async with running(app) as (pilot, seen):
        src.notes.write_text("{not json", encoding="utf-8")  # broken behind the app's back
        count = len(app.session.store.notes)
        await pilot.press("tab", "A")
        app.screen.query_one("#form-text").text = "Keep me."
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        failed = seen.of(messages.NotesFailed)[-1]
        assert failed.action == "add" and "not saved" in failed.error
        assert src.notes.read_text() == "{not json"
        assert len(app.session.store.notes) == count
        await pilot.press("A")  # the text comes back
        assert app.screen.query_one("#form-text").text == "Keep me."


@sync
async def test_next_unresolved_note_goes_to_it_and_selects_it(tmp_path: Path) -> None:
    app = make_app(source(tmp_path), tmp_path)
    async with running(app) as (pilot, _seen):
        await pilot.press("u")
        first = app.selected_note
        assert first is not None and not app.review.get(first).resolved
        assert app.review.get(first).unit is app.current_unit
        await pilot.press("u")
        assert app.selected_note != first


@sync
async def test_loose_notes_are_all_listed_and_can_be_resolved(tmp_path: Path) -> None:
    src = source(tmp_path, PRINTS[1], PRINTS[2])
    app = make_app(src, tmp_path)
    async with running(app) as (pilot, _seen):
        loose = app.review.loose
        assert len(loose) == 2  # see fixtures/crime-and-policing/notes/EXPECTED.md
        assert "2 not attached" in app.query_one("#top").render().plain
        await pilot.press("O")
        assert isinstance(app.screen, LooseNotes)
        listed = [o.id for o in app.screen.query_one("#loose-list").options]
        assert listed == [p.id for p in loose]
        await pilot.press("v")
        await settle(app, pilot)
        resolved = app.screen.selected_id
        assert next(n for n in on_disk(src.notes) if n["id"] == resolved)["status"] == "resolved"
        # still listed: a loose note is never hidden, resolved or not
        assert [o.id for o in app.screen.query_one("#loose-list").options] == listed


@sync
async def test_bill_and_note_text_is_never_markup(tmp_path: Path) -> None:
    hostile = "retail [bold]premises[/b] \\[x] [link=http://x]y[/link]\x9b31m\u202e"
    new = tmp_path / "new.xml"
    text = PRINTS[1].read_text(encoding="utf-8")
    assert "works at retail premises" in text
    new.write_text(
        text.replace("works at retail premises", "works at " + hostile, 1), encoding="utf-8"
    )
    src = source(tmp_path, PRINTS[0], new)
    app = make_app(src, tmp_path)
    async with running(app) as (pilot, _seen):
        app.go_to("12")
        await pilot.pause()
        pos = app.unit_pos
        first, last = app.layout_data.unit_rows[pos]
        drawn = " ".join(row_text(app, r) for r in range(first, last + 1))
        drawn = " ".join(drawn.split())
        assert "[bold]premises[/b] \\[x] [link=http://x]y[/link]⟨U+009B⟩31m⟨U+202E⟩" in drawn
        # a note with markup in it shows literally as well
        await pilot.press("A")
        app.screen.query_one("#form-text").text = "See [bold]this[/bold] and \\[that]."
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        panel = app.query_one("#notes-list")
        shown = " ".join(str(o.prompt) for o in panel.options)
        assert "See [bold]this[/bold] and \\[that]." in shown


@sync
async def test_a_keymap_file_remaps_a_key(tmp_path: Path) -> None:
    app = make_app(source(tmp_path), tmp_path, keymap='[keys]\nnext-change = "j"\n')
    async with running(app) as (pilot, seen):
        await pilot.press("j")
        assert [m.index for m in seen.of(messages.CurrentChanged)] == [1]
        await pilot.press("n")  # no longer bound
        assert [m.index for m in seen.of(messages.CurrentChanged)] == [1]
        assert app.keys_for("next-change") == "j"
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        assert "j" in app.screen.body().plain.split("Next change")[0].splitlines()[-1]


@sync
async def test_a_bad_keymap_file_is_reported_and_the_keys_stay(tmp_path: Path) -> None:
    app = make_app(source(tmp_path), tmp_path, keymap='[keys]\nno-such-key = "z"\n')
    async with running(app) as (pilot, seen):
        assert any("no-such-key" in n.message for n in app._notifications)
        await pilot.press("n")
        assert seen.of(messages.CurrentChanged)


@sync
async def test_the_command_palette_offers_every_action(tmp_path: Path) -> None:
    from billdiff.tui.keymap import KEYS

    app = make_app(source(tmp_path), tmp_path)
    async with running(app) as (_pilot, _seen):
        titles = {c.title for c in app.get_system_commands(app.screen)}
        wanted = {k.description for k in KEYS if not k.id.startswith("chord-")}
        assert wanted <= titles
        assert "Substantive changes only" in titles


@sync
async def test_no_color_marks_changes_with_brackets(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(source(tmp_path), tmp_path)
    async with running(app) as (_pilot, _seen):
        assert app.no_color
        app.go_to("12")
        pos = app.unit_pos
        first, last = app.layout_data.unit_rows[pos]
        drawn = " ".join(row_text(app, r) for r in range(first, last + 1))
        assert "[-in the course" in drawn and "{+(whether as" in drawn


@sync
async def test_expand_shows_the_whole_clause_and_folds_it_again(tmp_path: Path) -> None:
    app = make_app(source(tmp_path), tmp_path)
    async with running(app) as (pilot, _seen):
        app.go_to("12")
        pos = app.unit_pos
        folded = app.layout_data.unit_rows[pos]
        await pilot.press("enter")
        pos = app.unit_pos
        whole = app.layout_data.unit_rows[pos]
        assert whole[1] - whole[0] > folded[1] - folded[0]
        assert not app.layout_data.folded[pos]
        assert app.current_unit.label == "clause 12"
        await pilot.press("enter")
        assert (
            app.layout_data.unit_rows[app.unit_pos][1] - app.layout_data.unit_rows[app.unit_pos][0]
            == folded[1] - folded[0]
        )


@sync
async def test_export_says_when_the_report_is_not_available(tmp_path: Path, monkeypatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "billdiff.render.html", None)  # import fails
    app = make_app(source(tmp_path), tmp_path)
    async with running(app) as (pilot, seen):
        app.export(tmp_path / "r.html")
        await settle(app, pilot)
        assert (
            seen.of(messages.Exported)[-1].error
            == "the HTML report is not available in this version"
        )
        assert not (tmp_path / "r.html").exists()


@sync
async def test_export_writes_the_report_where_asked(tmp_path: Path, monkeypatch) -> None:
    import sys
    import types

    calls = []
    fake = types.ModuleType("billdiff.render.html")

    def render_html(
        comparison, review=None, *, ignore=frozenset(), only_changed=False, hide=frozenset()
    ):
        calls.append((comparison, review, ignore, only_changed))
        return "<html>report</html>"

    fake.render_html = render_html  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "billdiff.render.html", fake)
    app = make_app(source(tmp_path), tmp_path)
    async with running(app) as (pilot, seen):
        await pilot.press("w")
        default = app.screen.query_one("#ask-input").value
        assert default.endswith("2-commons-public-bill-committee.report.html")
        box = app.screen.query_one("#ask-input")
        box.value = str(tmp_path / "out.html")
        await pilot.press("enter")
        await settle(app, pilot)
        assert seen.of(messages.Exported)[-1].path == str(tmp_path / "out.html")
        assert (tmp_path / "out.html").read_text() == "<html>report</html>"
        assert calls and calls[0][1] is app.review


@sync
async def test_a_missing_print_is_said_and_the_app_stays_up(tmp_path: Path) -> None:
    from billdiff.tui.loading import Source

    app = make_app(
        Source(str(tmp_path / "nope.xml"), str(PRINTS[1]), tmp_path / "n.json"), tmp_path
    )
    recorder = []
    async with app.run_test(size=(80, 24), message_hook=recorder.append) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        failed = [m for m in recorder if isinstance(m, messages.OpenFailed)]
        assert failed and "nope.xml" in failed[0].error
        assert "Could not open" in app.query_one("#top").render().plain
        await pilot.press("n")  # nothing to walk: no crash
        await pilot.press("q")


@sync
async def test_a_merge_that_lost_a_note_is_a_warning(tmp_path: Path) -> None:
    src = source(tmp_path)
    app = make_app(src, tmp_path)
    async with running(app) as (pilot, seen):
        other = NoteStore.open(src.notes)
        gone = other.notes[0]["id"]
        other.delete(gone)  # the other writer deletes a note this app still shows
        other.save()
        await pilot.press("tab", "A")
        app.screen.query_one("#form-text").text = "Ours."
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        saved = seen.of(messages.NotesSaved)[-1]
        assert saved.merged and saved.noteworthy and "deleted by the other writer" in saved.summary
        assert gone not in {n["id"] for n in on_disk(src.notes)}
        assert any(n.severity == "warning" and "deleted" in n.message for n in app._notifications)


@sync
async def test_export_with_the_real_report_renderer(tmp_path: Path) -> None:
    pytest.importorskip("billdiff.render.html")
    app = make_app(source(tmp_path), tmp_path)
    async with running(app) as (pilot, seen):
        app.export(tmp_path / "report.html")
        await settle(app, pilot)
        done = seen.of(messages.Exported)[-1]
        assert done.error is None and done.path == str(tmp_path / "report.html")
        html = (tmp_path / "report.html").read_text(encoding="utf-8")
        assert "<html" in html and "Retail worker now covers security guards" in html


@sync
async def test_a_set_of_prints_opens_the_last_two_and_any_two_can_be_chosen(
    tmp_path: Path,
) -> None:
    from billdiff.tui.loading import Source
    from billdiff.tui.screens import Ask

    prints = [str(p) for p in PRINTS]
    # Given out of order: the metadata puts them in order.
    src = Source(prints[1], prints[0], tmp_path / "x.notes.json", notes_given=False)
    src.prints = (prints[2], prints[0], prints[1])
    app = make_app(src, tmp_path)
    async with running(app) as (pilot, seen):
        session = app.session
        assert session is not None and session.history is not None and session.pair == (1, 2)
        assert session.comparison.new.stage == "As brought from the Commons"
        assert src.notes == PRINTS[2].with_name("3-lords-brought-from-commons.notes.json")
        await pilot.press("p")
        assert isinstance(app.screen, Ask)
        assert "1  As Introduced (Bill 166)" in app.screen.query_one("#ask-hint").render().plain
        await pilot.press(*"\b\b\b", "1", " ", "3", "enter")
        await settle(app, pilot)
        session = app.session
        assert session is not None and session.pair == (0, 2)
        assert (session.comparison.old.stage, session.comparison.new.stage) == (
            "As Introduced",
            "As brought from the Commons",
        )
        assert len(seen.of(messages.Opened)) == 2


@sync
async def test_a_clauses_history_shows_it_in_every_print(tmp_path: Path) -> None:
    from billdiff.tui.loading import Source
    from billdiff.tui.screens import TextScreen

    prints = [str(p) for p in PRINTS]
    src = Source(prints[1], prints[2], tmp_path / "x.notes.json")
    src.prints = tuple(prints)
    app = make_app(src, tmp_path)
    async with running(app) as (pilot, _seen):
        assert app.go_to("new:14")  # Assault of retail worker: 12 → 12 → 14
        await pilot.press("h")
        assert isinstance(app.screen, TextScreen)
        text = app.screen.query_one("#text-body").render().plain
        assert text.startswith("clause 12 → 14 through 3 prints")
        assert "As Introduced" in text and "As brought from the Commons" in text
        assert "[-in the course of a trade or business" in text  # the 1 → 2 redline
        await pilot.press("escape")
        assert not isinstance(app.screen, TextScreen)


@sync
async def test_with_two_prints_history_and_choosing_prints_say_how_to_get_them(
    tmp_path: Path,
) -> None:
    app = make_app(source(tmp_path), tmp_path)
    async with running(app) as (pilot, _seen):
        await pilot.press("h")
        await pilot.pause()
        assert any("three or more prints" in n.message for n in app._notifications)
