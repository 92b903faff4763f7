"""The terminal UI: open two prints, walk every change in order, and leave notes on them.

This package is the only one that imports Textual, and only when :func:`launch`
runs (``billdiff view``); importing ``billdiff.tui`` itself loads nothing of it.
The UI holds no domain logic: it asks :mod:`billdiff.engine` for the comparison,
:mod:`billdiff.annotations.review` where notes land, :mod:`billdiff.view` how
changes are numbered, named and cut into excerpts, and shows what they return.

Modules, those without Textual first: :mod:`~billdiff.tui.example` (the bundled
example), :mod:`~billdiff.tui.loading` (reading the prints early, in niced children;
opening the session in a worker), :mod:`~billdiff.tui.layout` (the diff pane's rows and
stops), :mod:`~billdiff.tui.keymap` (every binding with its id; the user's keymap file);
then :mod:`~billdiff.tui.app` (the app, its actions and workers),
:mod:`~billdiff.tui.diffpane` (the line-API redline), :mod:`~billdiff.tui.widgets`
(header, outline, notes panel, status line), :mod:`~billdiff.tui.screens` (dialogs) and
:mod:`~billdiff.tui.messages` (what the app posts).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from billdiff.tui.loading import Source

__all__ = ["launch"]


def launch(
    source: Source,
    *,
    headless: bool = False,
    on_ready: Callable[[Any], None] | None = None,
    on_shell: Callable[[Any], None] | None = None,
    keymap_path: Path | None = None,
    warnings: list[str] | None = None,
) -> int:
    """Run the app on ``source`` until the reader quits; returns the exit code (0, or 2).

    ``on_ready`` is called with the app once the first screen of the comparison is
    drawn, and ``on_shell`` once the app's own first screen is up (the comparison still
    loading); the benchmarks use them to stop there. ``warnings``, when given, receives
    the warnings of the comparison shown last (the app shows them as it opens; the
    command line repeats them on stderr, where they outlast the screen).
    """
    from billdiff.tui.app import BilldiffApp

    app = BilldiffApp(source, on_ready=on_ready, on_shell=on_shell, keymap_path=keymap_path)
    app.run(headless=headless)
    if warnings is not None and app.session is not None:
        warnings.extend(app.session.comparison.warnings)
    return app.return_code or 0
