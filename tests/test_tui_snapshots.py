"""Golden SVG screenshots of the terminal UI, taken with Textual's ``export_screenshot()``.

Each case opens the bundled fixtures (prints 1 → 2 with a copy of their notes, whose
dates are fixed; or the three prints as a set), at 80×24 and 160×48, with no cursor
blink and no notifications, does a few keys, and compares the SVG with
``tests/snapshots/NAME.svg``. To accept a change on purpose, regenerate and review the
files before committing:

    BILLDIFF_UPDATE_SNAPSHOTS=1 .venv/bin/python -m pytest -q tests/test_tui_snapshots.py

(pytest-textual-snapshot needs pytest < 9, so this small fixture stands in for it.)
"""

from __future__ import annotations

import difflib
import os
import re
from pathlib import Path

import pytest
from conftest import PRINTS
from tui_helpers import make_app, running, settle, source, sync

SNAPSHOTS = Path(__file__).resolve().parent / "snapshots"
UPDATE = os.environ.get("BILLDIFF_UPDATE_SNAPSHOTS") == "1"
SIZES = [(80, 24), (160, 48)]

#: (name, keys pressed after the first screen, prints)
CASES = [
    ("inline", ["g", *"12", "enter"], (PRINTS[0], PRINTS[1])),
    ("side-by-side", ["g", *"12", "enter", "s"], (PRINTS[0], PRINTS[1])),
    ("note-form", ["g", *"12", "enter", "a"], (PRINTS[0], PRINTS[1])),
    ("help", ["question_mark"], (PRINTS[0], PRINTS[1])),
    ("orphans", ["O"], (PRINTS[1], PRINTS[2])),
    ("search", ["slash", *"retail", "enter", "down"], (PRINTS[0], PRINTS[1])),
    ("filters", ["f", "space"], (PRINTS[0], PRINTS[1])),
    ("history", ["g", *"new:14", "enter", "h"], tuple(PRINTS)),
]


def _stable(svg: str, tmp: Path) -> str:
    """The SVG with the run's temporary folder (shown in some dialogs) made constant."""
    return svg.replace(str(tmp), "/TMP")


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
@pytest.mark.parametrize("name,keys,prints", CASES, ids=[c[0] for c in CASES])
@sync
async def test_snapshot(name, keys, prints, size, tmp_path: Path) -> None:
    src = source(tmp_path, *prints[-2:])
    if len(prints) > 2:  # a set of prints: the last two are compared
        src.prints = tuple(str(p) for p in prints)
    app = make_app(src, tmp_path)
    async with running(app, size=size) as (pilot, _seen):
        for key in keys:
            await pilot.press(key)
        await settle(app, pilot)
        await pilot.pause(0.2)  # the side panels follow the move
        await settle(app, pilot)
        svg = _stable(app.export_screenshot(title="billdiff"), tmp_path)
    golden = SNAPSHOTS / f"{name}-{size[0]}x{size[1]}.svg"
    if UPDATE or not golden.exists():
        SNAPSHOTS.mkdir(exist_ok=True)
        golden.write_text(svg, encoding="utf-8")
        if not UPDATE:
            pytest.fail(f"{golden.name} did not exist; written now: review it and commit it")
        return
    expected = golden.read_text(encoding="utf-8")
    if svg != expected:
        got = golden.with_suffix(".new.svg")
        got.write_text(svg, encoding="utf-8")
        diff = "\n".join(
            difflib.unified_diff(_text(expected), _text(svg), "expected", "got", lineterm="", n=1)
        )
        pytest.fail(f"{golden.name} differs (written to {got.name}); text that changed:\n{diff}")


def _text(svg: str) -> list[str]:
    """The visible text of an SVG screenshot, a line per row, for a readable diff."""
    rows: dict[str, list[str]] = {}
    for m in re.finditer(r'<text class="[^"]*" x="[^"]*" y="([^"]*)"[^>]*>([^<]*)</text>', svg):
        rows.setdefault(m.group(1), []).append(m.group(2))
    return [
        "".join(parts).replace("&#160;", " ")
        for _, parts in sorted(rows.items(), key=lambda r: float(r[0]))
    ]
