"""A progress line on stderr for work that takes more than a moment.

It is drawn only when stderr is a terminal (never on a pipe or into a file,
never under ``-q``), only once the work has gone on for :data:`DELAY`
seconds, and it erases itself when the work ends, however it ends, so the
output and any error message that follow start on a clean line. It is
redrawn with a carriage return and padded with spaces, so it needs no
terminal control sequences.

>>> with Progress(enabled=False) as progress:  # doctest: +SKIP
...     progress.show("reading 4 prints… 1/4")
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from types import TracebackType
from typing import TextIO

from billdiff.sanitise import visible

#: Seconds of work before the line first appears.
DELAY = 0.5


def wanted(quiet: bool, stream: TextIO | None = None) -> bool:
    """Whether to draw progress: not under ``-q``, and only onto a terminal."""
    stream = sys.stderr if stream is None else stream
    if quiet or stream is None:
        return False
    try:
        return bool(stream.isatty())
    except (OSError, ValueError, AttributeError):
        return False


class Progress:
    """One self-erasing line of progress on a terminal (a context manager)."""

    def __init__(
        self,
        enabled: bool,
        stream: TextIO | None = None,
        delay: float | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.enabled = enabled
        self.stream = sys.stderr if stream is None else stream
        self.delay = DELAY if delay is None else delay
        self.clock = clock
        self.started = clock()
        self.width = 0  # characters on the line now (0: nothing drawn)

    def show(self, text: str) -> None:
        """Replace the line with ``text`` (once the work has gone on long enough)."""
        if not self.enabled or self.clock() - self.started < self.delay:
            return
        line = f"billdiff: {visible(text)}"
        self._write("\r" + line + " " * max(0, self.width - len(line)) + "\r")
        self.width = len(line)

    def close(self) -> None:
        """Erase the line, if one was drawn."""
        if self.width:
            self._write("\r" + " " * self.width + "\r")
            self.width = 0

    def _write(self, text: str) -> None:
        try:
            self.stream.write(text)
            self.stream.flush()
        except (OSError, ValueError):
            self.enabled = False  # the terminal went away: stop drawing, never fail for it

    def __enter__(self) -> Progress:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()
