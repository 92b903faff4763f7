"""Shared helpers for the terminal UI tests: open the app on the fixtures, record messages."""

from __future__ import annotations

import json
import shutil
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from conftest import FIXTURES, PRINTS
from textual.message import Message
from textual.strip import Strip

from billdiff.tui import messages
from billdiff.tui.app import BilldiffApp
from billdiff.tui.loading import Source

NOTES = FIXTURES / "notes" / "1-to-2.notes.json"
AUTHOR = "T. Tester"


def source(tmp: Path, old: Path = PRINTS[0], new: Path = PRINTS[1], notes: bool = True) -> Source:
    """A source on two prints with a private copy of the example notes (or none)."""
    path = tmp / "bill.notes.json"
    if notes:
        shutil.copyfile(NOTES, path)
    return Source(str(old), str(new), path)


def on_disk(path: Path) -> list[dict[str, Any]]:
    """The notes in the file, as saved."""
    return list(json.loads(path.read_text(encoding="utf-8"))["notes"])


class Recorder:
    """Every app message of ours, in the order posted."""

    def __init__(self) -> None:
        self.seen: list[Message] = []
        self._ids: set[int] = set()

    def __call__(self, message: Message) -> None:
        # A bubbling message reaches each pump on its way up: count it once.
        if type(message).__module__ == messages.__name__ and id(message) not in self._ids:
            self._ids.add(id(message))
            self.seen.append(message)

    def of(self, kind: type[Message]) -> list[Any]:
        return [m for m in self.seen if isinstance(m, kind)]


def make_app(src: Source, tmp: Path, keymap: str | None = None) -> BilldiffApp:
    """The app, with a keymap file of its own (none by default), a fixed author, no blink."""
    path = tmp / "keymap.toml"
    if keymap is not None:
        path.write_text(keymap, encoding="utf-8")
    return BilldiffApp(src, keymap_path=path, author=AUTHOR, blink=False)


@asynccontextmanager
async def running(app: BilldiffApp, size: tuple[int, int] = (120, 40), notifications: bool = False):
    """Run ``app`` under the pilot until its first screen is drawn; yields (pilot, recorder).
    Toasts are shown only if ``notifications``."""
    recorder = Recorder()
    async with app.run_test(size=size, message_hook=recorder, notifications=notifications) as pilot:
        await settle(app, pilot)
        assert app._drawn, "the app did not open the comparison"
        yield pilot, recorder


async def settle(app: BilldiffApp, pilot: Any) -> None:
    """Wait for every worker (opening, saving) and the messages they post."""
    for _ in range(200):
        await app.workers.wait_for_complete()
        await pilot.pause()
        if app._drawn and not any(w.is_running for w in app.workers):
            break
    await pilot.pause()


def row_text(app: BilldiffApp, row: int) -> str:
    """What the diff pane draws on layout row ``row`` (as plain text, without the gutter)."""
    pane = app.query_one("#diff")
    strip = pane._draw(row, app.layout_data.rows[row], pane.rich_style)
    return strip.text[1:]


async def palette_titles(app: BilldiffApp, pilot: Any) -> set[str]:
    """The titles the open command palette lists, once it has listed them."""
    from textual.command import CommandList

    titles: set[str] = set()
    for _ in range(50):
        await pilot.pause(0.05)
        found = {str(o.hit.text) for o in app.screen.query_one(CommandList).options}
        if found and found == titles:
            break
        titles = found
    return titles


def screen_lines(app: BilldiffApp) -> list[Strip]:
    """What the screen shows now, a strip per line (every layer: toasts and dialogs too)."""
    return app.screen._compositor.render_strips()


def links_and_actions(app: BilldiffApp) -> list[str]:
    """Every hyperlink and click action on the screen now, with the text that carries it."""
    found = []
    for strip in screen_lines(app):
        for segment in strip:
            style = segment.style
            if style is None:
                continue
            if style.link:
                found.append(f"link {style.link} on {segment.text!r}")
            action = style.meta.get("@click") if style._meta else None
            if action:
                found.append(f"action {action} on {segment.text!r}")
    return found


async def click_text(app: BilldiffApp, pilot: Any, text: str) -> bool:
    """Click where ``text`` is drawn on the screen (False if it is not shown)."""
    for y, strip in enumerate(screen_lines(app)):
        x = strip.text.find(text)
        if x >= 0:
            await pilot.click(offset=(x, y))
            await pilot.pause(0.1)
            return True
    return False


def sync(fn: Any) -> Any:
    """Run an async test function to completion (no asyncio plugin needed)."""
    import asyncio
    import functools

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        return asyncio.run(fn(*args, **kwargs))

    return wrapper
