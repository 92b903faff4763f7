"""Drive the system's headless Chromium over the DevTools protocol, on a pipe (no port, no
downloads): load a file, with or without JavaScript, and see what a reader would see.

Only the standard library is used; the browser is Debian's ``chromium`` (``.ci/run``
installs it). :func:`find_chromium` returns None when it is absent, and the browser tests
skip. Each page records every network request it made and every console message, log
entry and uncaught exception, so a test can say "nothing but the file itself was loaded,
and nothing complained".
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import select
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

#: Flags that keep headless Chromium from reaching any host of its own accord.
QUIET_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--mute-audio",
    "--hide-scrollbars",
)


def find_chromium() -> str | None:
    """The Chromium binary, or None (``BILLDIFF_CHROMIUM`` overrides the search)."""
    explicit = os.environ.get("BILLDIFF_CHROMIUM")
    if explicit:
        return explicit if Path(explicit).exists() else None
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


class BrowserError(RuntimeError):
    """The browser died, timed out or answered a command with an error."""


@dataclass
class Page:
    """One tab, attached by a flat session."""

    browser: Browser
    session: str
    target: str
    requests: list[str] = field(default_factory=list)
    messages: list[dict[str, Any]] = field(default_factory=list)
    exceptions: list[str] = field(default_factory=list)

    def send(self, method: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
        return self.browser.send(method, params, self.session)

    def evaluate(self, expression: str) -> Any:
        """The value of ``expression`` in the page (works with page scripts disabled)."""
        result = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True})
        if "exceptionDetails" in result:
            raise BrowserError(f"evaluate failed: {result['exceptionDetails']}")
        return result["result"].get("value")

    def errors(self) -> list[str]:
        """Console errors and warnings, log errors (CSP violations among them), exceptions."""
        out = list(self.exceptions)
        for m in self.messages:
            if m.get("level") in ("error", "warning"):
                out.append(f"{m.get('source', 'console')}: {m.get('text')}")
        return out

    def screenshot(self, path: Path, full_page: bool = True, max_height: int = 6000) -> Path:
        """A PNG of the page from the top (as much as ``max_height`` CSS pixels of it)."""
        params: dict[str, Any] = {"format": "png", "captureBeyondViewport": full_page}
        if full_page:
            size = self.send("Page.getLayoutMetrics")["cssContentSize"]
            width = self.evaluate("document.documentElement.clientWidth")
            params["clip"] = {
                "x": 0,
                "y": 0,
                "width": width,
                "height": min(size["height"], max_height),
                "scale": 1,
            }
        data = self.send("Page.captureScreenshot", params)["data"]
        path.write_bytes(base64.b64decode(data))
        return path

    def pdf(self, path: Path) -> Path:
        """Print to PDF as a reader printing with the default settings would (no backgrounds,
        the browser's own header and footer off; the page's @page rules in charge)."""
        data = self.send(
            "Page.printToPDF",
            {
                "printBackground": False,
                "preferCSSPageSize": True,
                "displayHeaderFooter": False,
                "transferMode": "ReturnAsBase64",
            },
        )["data"]
        path.write_bytes(base64.b64decode(data))
        return path

    def close(self) -> None:
        self.browser.send("Target.closeTarget", {"targetId": self.target})


class Browser:
    """A headless Chromium reached over ``--remote-debugging-pipe``."""

    def __init__(self, binary: str, timeout: float = 60.0) -> None:
        self.timeout = timeout
        self._profile = tempfile.mkdtemp(prefix="billdiff-chromium-")
        to_child_r, self._to_child = os.pipe()
        self._from_child, from_child_w = os.pipe()

        def wire() -> None:  # in the child: the protocol pipes on fds 3 and 4
            a, b = os.dup(to_child_r), os.dup(from_child_w)
            os.dup2(a, 3)
            os.dup2(b, 4)
            os.set_inheritable(3, True)
            os.set_inheritable(4, True)

        self._proc = subprocess.Popen(
            [binary, *QUIET_FLAGS, f"--user-data-dir={self._profile}", "--remote-debugging-pipe"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            close_fds=False,
            preexec_fn=wire,
        )
        os.close(to_child_r)
        os.close(from_child_w)
        self._buffer = b""
        self._next = 0
        self._pages: dict[str, Page] = {}
        self._events: list[dict[str, Any]] = []

    # -- protocol --------------------------------------------------------------------------

    def _read_message(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                raise BrowserError("the browser did not answer in time")
            ready, _, _ = select.select([self._from_child], [], [], left)
            if not ready:
                continue
            chunk = os.read(self._from_child, 1 << 20)
            if not chunk:
                raise BrowserError(f"the browser went away (exit {self._proc.poll()})")
            self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        message: dict[str, Any] = json.loads(raw)
        return message

    def _dispatch(self, message: dict[str, Any]) -> None:
        page = self._pages.get(message.get("sessionId", ""))
        method, params = message.get("method", ""), message.get("params", {})
        if page is not None:
            if method == "Network.requestWillBeSent":
                page.requests.append(params["request"]["url"])
            elif method == "Runtime.consoleAPICalled":
                text = " ".join(
                    str(a.get("value", a.get("description", ""))) for a in params["args"]
                )
                level = {"error": "error", "warning": "warning"}.get(params["type"], "info")
                page.messages.append({"level": level, "source": "console", "text": text})
            elif method == "Log.entryAdded":
                entry = params["entry"]
                page.messages.append(
                    {"level": entry["level"], "source": entry["source"], "text": entry["text"]}
                )
            elif method == "Runtime.exceptionThrown":
                page.exceptions.append(str(params["exceptionDetails"].get("text")))
        self._events.append(message)

    def send(
        self, method: str, params: dict[str, Any] | None = None, session: str | None = None
    ) -> dict[str, Any]:
        self._next += 1
        ident = self._next
        message: dict[str, Any] = {"id": ident, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        try:
            os.write(self._to_child, json.dumps(message).encode() + b"\0")
        except BrokenPipeError:
            raise BrowserError(f"the browser went away (exit {self._proc.poll()})") from None
        deadline = time.monotonic() + self.timeout
        while True:
            reply = self._read_message(deadline)
            if reply.get("id") == ident:
                if "error" in reply:
                    raise BrowserError(f"{method}: {reply['error']}")
                result: dict[str, Any] = reply.get("result", {})
                return result
            self._dispatch(reply)

    def wait_for(self, method: str, session: str) -> None:
        deadline = time.monotonic() + self.timeout
        for i, e in enumerate(self._events):
            if e.get("method") == method and e.get("sessionId") == session:
                del self._events[i]
                return
        while True:
            message = self._read_message(deadline)
            self._dispatch(message)
            if message.get("method") == method and message.get("sessionId") == session:
                self._events.pop()
                return

    # -- pages -----------------------------------------------------------------------------

    def open(
        self, path: Path, *, scripts: bool = True, width: int = 1280, height: int = 900
    ) -> Page:
        """Load ``path`` in a new tab and wait for its load event."""
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})[
            "sessionId"
        ]
        page = Page(self, session, target)
        self._pages[session] = page
        for domain in ("Page", "Runtime", "Network", "Log"):
            page.send(f"{domain}.enable")
        page.send(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
        )
        if not scripts:
            page.send("Emulation.setScriptExecutionDisabled", {"value": True})
        page.send("Page.navigate", {"url": path.resolve().as_uri()})
        self.wait_for("Page.loadEventFired", session)
        return page

    def close(self) -> None:
        with contextlib.suppress(BrowserError):
            self.send("Browser.close")
        try:
            self._proc.wait(10)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            self._proc.wait(5)
        for fd in (self._to_child, self._from_child):
            with contextlib.suppress(OSError):
                os.close(fd)
        shutil.rmtree(self._profile, ignore_errors=True)

    def __enter__(self) -> Browser:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def missing(why: str) -> None:
    """Skip a browser test whose tool is missing; fail it where CI says the tools must be
    there (``BILLDIFF_REQUIRE_BROWSER=1``, set by ``.ci/run``), so it never passes by skipping."""
    if os.environ.get("BILLDIFF_REQUIRE_BROWSER") == "1":
        pytest.fail(why)
    pytest.skip(why)


@pytest.fixture(scope="session")
def chromium() -> Iterator[Browser]:
    """One headless Chromium for every browser test of the run (skipped when absent)."""
    binary = find_chromium()
    if binary is None:
        missing("chromium not installed (.ci/run installs Debian's chromium)")
    browser = Browser(binary)
    try:
        yield browser
    finally:
        browser.close()


#: Where the browser tests leave screenshots and PDFs for a person to look at.
SHOTS = Path(__file__).resolve().parents[1] / "build" / "screenshots"
