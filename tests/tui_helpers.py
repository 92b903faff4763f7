"""Shared helpers for the terminal UI tests: open the app on the fixtures, record messages."""

from __future__ import annotations

import json
import shutil
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from conftest import FIXTURES, PRINTS
from textual.message import Message

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
async def running(app: BilldiffApp, size: tuple[int, int] = (120, 40)):
    """Run ``app`` under the pilot until its first screen is drawn; yields (pilot, recorder)."""
    recorder = Recorder()
    async with app.run_test(size=size, message_hook=recorder) as pilot:
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


def sync(fn: Any) -> Any:
    """Run an async test function to completion (no asyncio plugin needed)."""
    import asyncio
    import functools

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        return asyncio.run(fn(*args, **kwargs))

    return wrapper
