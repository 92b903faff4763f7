"""The command palette's own commands (ctrl+p): every action of the app, and the filters.

Textual reads a palette entry given as a string as markup, and an entry's keys come
from the reader's keymap file; so each entry here is ``Content`` built in code
(``textual.markup.escape`` is not enough: it lets ``[ @click=…]`` through). Only the
titles, the app's own words, pass through Textual's matcher to be highlighted.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from billdiff.sanitise import visible


@dataclass(frozen=True, slots=True)
class Command:
    """One entry of the palette: what it does, its keys ("" for none), and how to run it."""

    title: str
    keys: str
    run: Callable[[], None]


class HasCommands(Protocol):
    """The app, as the palette sees it."""

    def commands(self) -> list[Command]:
        """Every command, in the order the palette lists them."""
        ...


def _display(title: Content, keys: str) -> Content:
    return Content.assemble(title, (f"   {visible(keys)}", "dim")) if keys else title


class Actions(Provider):
    """The app's commands, matched on their titles."""

    def _commands(self) -> list[Command]:
        app: HasCommands = self.app  # type: ignore[assignment]
        return app.commands()

    async def discover(self) -> Hits:
        """Every command, when nothing is typed yet."""
        for c in self._commands():
            yield DiscoveryHit(_display(Content(c.title), c.keys), c.run, text=c.title)

    async def search(self, query: str) -> Hits:
        """The commands whose titles match what is typed."""
        matcher = self.matcher(query)
        for c in self._commands():
            score = matcher.match(c.title)
            if score > 0:
                yield Hit(score, _display(matcher.highlight(c.title), c.keys), c.run, text=c.title)
