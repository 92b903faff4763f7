"""Nothing from a print, a file name, a notes file or the keymap file is ever read as
Textual markup, anywhere in the terminal UI.

Each test plants ``[@click=app.screenshot('x.svg','.')]Click[/]`` (a click on "Click"
would write ``x.svg`` into the current folder) and ``[link=…]`` (an OSC 8 hyperlink)
where one route shows it, opens that route, and proves the words are shown as they are,
that nothing on the screen carries an action or a link, and that clicking them writes
no file. Route by route: the toasts (a print's project id, a file name, the keymap
file), the "could not open" error, the header, outline, diff pane and status line,
the dialogs, the footer, the command palette and the help screen.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import PRINTS
from tui_helpers import (
    click_text,
    links_and_actions,
    make_app,
    palette_titles,
    running,
    screen_lines,
    settle,
    source,
    sync,
)

from billdiff.tui.loading import Source

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

#: Clicked as markup, this writes x.svg into the current folder.
CLICK = "[@click=app.screenshot('x.svg','.')]Click[/]"
#: As markup: an OSC 8 hyperlink (the quoted form), or a markup error (the bare one).
LINKS = "[link='https://example.org']Link[/] [link=https://example.org]x[/]"
PLANTED = f"{CLICK} {LINKS}"
#: A file name cannot hold "/": the same without the closing tags.
IN_A_FILE_NAME = "[@click=app.screenshot('x.svg','.')]Click [link='mailto:a@example.org']Link"
#: A keymap file splits keys at commas: an action without arguments (a click would quit).
A_KEY = "[@click=app.quit]Click[/]"


@pytest.fixture
def folder(tmp_path: Path, monkeypatch) -> Path:
    """The current folder, where a click on planted markup would write x.svg."""
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    return here


async def assert_inert(app, pilot, folder: Path, shown: str = "[@click=app.screenshot(") -> None:
    """``shown`` is on the screen as words; nothing there is a link or an action; and a
    click on the planted "Click" writes nothing (and does not quit)."""
    text = "\n".join(strip.text for strip in screen_lines(app))
    assert shown in text, text
    assert links_and_actions(app) == []
    assert await click_text(app, pilot, "Click")
    await pilot.pause(0.2)
    assert list(folder.iterdir()) == []
    assert not app._exit


def planted_print(tmp: Path, original: Path, replacements: dict[str, str], name: str) -> Path:
    """A copy of ``original`` with each key replaced (once) by its value."""
    text = original.read_text(encoding="utf-8")
    for old, new in replacements.items():
        assert old in text, old
        text = text.replace(old, new, 1)
    path = tmp / name
    path.write_text(text, encoding="utf-8")
    return path


# -- toasts ---------------------------------------------------------------------------------


@sync
async def test_a_project_id_in_the_different_bills_warning_is_not_markup(
    tmp_path: Path, folder: Path
) -> None:
    old = planted_print(tmp_path, PRINTS[0], {'showAs="UK000712"': f'showAs="{CLICK}"'}, "o.xml")
    app = make_app(source(tmp_path, old, PRINTS[1]), tmp_path)
    async with running(app, size=(160, 48), notifications=True) as (pilot, _seen):
        warning = next(n for n in app._notifications if "different bills" in n.message)
        assert CLICK in warning.message and not warning.markup
        await assert_inert(app, pilot, folder)


@sync
async def test_a_file_name_in_the_invisible_characters_warning_is_not_markup(
    tmp_path: Path, folder: Path
) -> None:
    new = planted_print(
        tmp_path,
        PRINTS[1],
        {"works at retail premises": "works at retail\u202e premises"},
        f"{IN_A_FILE_NAME}.xml",
    )
    app = make_app(source(tmp_path, PRINTS[0], new), tmp_path)
    async with running(app, size=(160, 48), notifications=True) as (pilot, _seen):
        warning = next(n for n in app._notifications if "invisible control" in n.message)
        assert IN_A_FILE_NAME in warning.message
        await assert_inert(app, pilot, folder)


@sync
async def test_an_unknown_id_in_the_keymap_file_is_not_markup(tmp_path: Path, folder: Path) -> None:
    keymap = f'[keys]\n"{CLICK}" = "z"\n"{LINKS}" = "y"\n'
    app = make_app(source(tmp_path), tmp_path, keymap=keymap)
    async with running(app, size=(160, 48), notifications=True) as (pilot, _seen):
        said = " ".join(n.message for n in app._notifications)
        assert CLICK in said and LINKS in said
        await assert_inert(app, pilot, folder)


@sync
async def test_a_file_name_in_could_not_open_those_prints_is_not_markup(
    tmp_path: Path, folder: Path
) -> None:
    # Three prints: choosing 1 → 2 opens the notes beside print 2, which are broken.
    prints = [tmp_path / PRINTS[0].name, tmp_path / f"{IN_A_FILE_NAME}.xml", tmp_path / "3.xml"]
    for copy, original in zip(prints, PRINTS, strict=True):
        shutil.copyfile(original, copy)
    (tmp_path / f"{IN_A_FILE_NAME}.notes.json").write_text("{broken", encoding="utf-8")
    src = Source(str(prints[1]), str(prints[2]), tmp_path / "3.notes.json", notes_given=False)
    src.prints = tuple(str(p) for p in prints)
    app = make_app(src, tmp_path)
    async with running(app, size=(160, 48), notifications=True) as (pilot, _seen):
        await pilot.press("p", *"\b\b\b", "1", " ", "2", "enter")
        await settle(app, pilot)
        error = next(n for n in app._notifications if n.severity == "error")
        assert IN_A_FILE_NAME in error.message
        assert app.session is not None and app.session.pair == (1, 2)  # still shown
        await assert_inert(app, pilot, folder)


@sync
async def test_an_encoding_name_in_could_not_open_is_said_as_it_is(
    tmp_path: Path, folder: Path
) -> None:
    bad = planted_print(
        tmp_path,
        PRINTS[0],
        {'encoding="UTF-8"': f'encoding="{CLICK}"'},
        "old.xml",
    )
    app = make_app(Source(str(bad), str(PRINTS[1]), tmp_path / "n.json"), tmp_path)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        for _ in range(200):
            if app._exit:
                break
            await pilot.pause(0.05)
    assert app.return_code == 2 and CLICK in str(app.open_error)
    assert list(folder.iterdir()) == []


# -- the main screen ------------------------------------------------------------------------


def hostile_pair(tmp: Path) -> tuple[Path, Path]:
    """Both prints with the title, the stage and a heading planted, and the new one with a
    clause's words planted too."""
    plants = {
        'showAs="Crime and Policing Bill"': f'showAs="{PLANTED}"',
        'showAs="As Introduced"': f'showAs="{PLANTED}"',
        'eId="sec_12__hdg">Assault of retail worker': f'eId="sec_12__hdg">Assault {PLANTED}',
    }
    old = planted_print(tmp, PRINTS[0], plants, "old.xml")
    plants['showAs="As Introduced"'] = 'showAs="As amended in Public Bill Committee"'
    plants["works at retail premises"] = f"works at {PLANTED}"
    del plants['showAs="As Introduced"']
    new = planted_print(tmp, PRINTS[1], plants, "new.xml")
    return old, new


@sync
async def test_the_header_outline_diff_pane_and_status_line_show_markup_as_words(
    tmp_path: Path, folder: Path
) -> None:
    app = make_app(source(tmp_path, *hostile_pair(tmp_path)), tmp_path)
    async with running(app, size=(200, 60)) as (pilot, _seen):
        assert app.go_to("12")
        await settle(app, pilot)
        await pilot.pause(0.2)
        lines = [strip.text for strip in screen_lines(app)]
        assert CLICK in lines[0]  # the header's title
        assert any(f"Assault {CLICK}" in line for line in lines)  # heading, outline
        await assert_inert(app, pilot, folder)


@sync
async def test_the_dialogs_show_markup_as_words(tmp_path: Path, folder: Path) -> None:
    src = source(tmp_path, *hostile_pair(tmp_path))
    app = make_app(src, tmp_path)
    async with running(app, size=(160, 48)) as (pilot, _seen):
        assert app.go_to("12")
        await pilot.press("a")  # the note form says which words the note is about
        await assert_inert(app, pilot, folder, shown="[@click=app.screenshot(")
        app.screen.query_one("#form-text").text = f"Note {PLANTED}"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        await pilot.press("D")  # the delete question quotes the note
        await assert_inert(app, pilot, folder, shown="Note [@click=app.screenshot(")
        await pilot.press("n")


@sync
async def test_a_note_from_the_notes_file_is_words_in_the_panel_and_loose_notes(
    tmp_path: Path, folder: Path
) -> None:
    src = source(tmp_path)
    data = json.loads(src.notes.read_text(encoding="utf-8"))
    for note in data["notes"]:
        note["creator"]["name"] = CLICK
        note["body"]["value"] = PLANTED
    src.notes.write_text(json.dumps(data), encoding="utf-8")
    app = make_app(source(tmp_path, PRINTS[1], PRINTS[2], notes=False), tmp_path)
    app.source.notes = src.notes
    async with running(app, size=(160, 48)) as (pilot, _seen):
        await pilot.press("O")
        await assert_inert(app, pilot, folder)
        await pilot.press("escape")
        await pilot.press("u")  # to a note in the text: the notes panel
        await settle(app, pilot)
        await pilot.pause(0.2)
        await assert_inert(app, pilot, folder)


@sync
async def test_the_clause_history_and_choosing_prints_show_markup_as_words(
    tmp_path: Path, folder: Path
) -> None:
    old, new = hostile_pair(tmp_path)
    third = planted_print(
        tmp_path, PRINTS[2], {'showAs="Crime and Policing Bill"': f'showAs="{PLANTED}"'}, "3.xml"
    )
    src = Source(str(new), str(third), tmp_path / "x.notes.json")
    src.prints = (str(old), str(new), str(third))
    app = make_app(src, tmp_path)
    async with running(app, size=(160, 48)) as (pilot, _seen):
        assert app.go_to("new:14")
        await pilot.press("h")
        await pilot.pause(0.2)
        await assert_inert(app, pilot, folder)
        await pilot.press("escape")
        await pilot.press("p")  # the prints are listed by their stage
        await assert_inert(app, pilot, folder)


# -- the footer, the palette and the help screen: keys and paths from the keymap file ---------


@sync
async def test_keys_from_the_keymap_file_are_words_in_the_footer_palette_and_help(
    tmp_path: Path, folder: Path
) -> None:
    keymap_folder = tmp_path / IN_A_FILE_NAME
    keymap_folder.mkdir()
    keymap = keymap_folder / "keymap.toml"
    keymap.write_text(f'[keys]\nnext-change = "{A_KEY}"\n', encoding="utf-8")
    from billdiff.tui.app import BilldiffApp

    app = BilldiffApp(source(tmp_path), keymap_path=keymap, author="T", blink=False)
    async with running(app, size=(200, 48)) as (pilot, _seen):
        await assert_inert(app, pilot, folder, shown=A_KEY)  # the footer
        await pilot.press("ctrl+p")
        assert "Next change" in await palette_titles(app, pilot)
        await assert_inert(app, pilot, folder, shown=A_KEY)
        await pilot.press("escape")
        await pilot.press("f1")  # the keys, and the keymap file's name at the end
        await assert_inert(app, pilot, folder, shown=A_KEY)
        app.screen.query_one("#help").scroll_end(animate=False)
        await pilot.pause(0.1)
        await assert_inert(app, pilot, folder, shown="]Click [link='mailto:a@example.org']Link")
