"""The bundled example: prints 1 and 2 of the Crime and Policing Bill with their notes.

The prints ship inside the package (``billdiff/example/``; in a checkout those
files are links to ``fixtures/crime-and-policing/``, so there is one copy), and
are found through :mod:`importlib.resources`, from a wheel as from a checkout.
The package may be read-only, so notes are never written there: the example
notes are copied, once, to the user's data folder
(:func:`data_dir`/``example/``), and that copy is the one the app edits.
"""

from __future__ import annotations

import os
import shutil
import sys
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

OLD = "1-commons-introduced.xml"
NEW = "2-commons-public-bill-committee.xml"
NOTES = "1-to-2.notes.json"


def bundled(name: str) -> Path:
    """The path of one bundled example file (it must exist)."""
    path = Path(str(resources.files("billdiff").joinpath("example", name)))
    if not path.is_file():
        raise FileNotFoundError(f"the bundled example file {name} is missing from {path.parent}")
    return path


def data_dir() -> Path:
    """The user's data folder for billdiff (``$XDG_DATA_HOME/billdiff`` and the like)."""
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "billdiff"


@dataclass(frozen=True, slots=True)
class Example:
    """The example's two prints and the notes file the app will use."""

    old: Path
    new: Path
    notes: Path
    #: Whether the notes were copied just now (the first time the example is opened).
    copied: bool


def example() -> Example:
    """The bundled example, its notes copied to the user's data folder if not there yet."""
    old, new, notes = bundled(OLD), bundled(NEW), bundled(NOTES)
    folder = data_dir() / "example"
    target = folder / NOTES
    copied = False
    if not target.exists():
        folder.mkdir(parents=True, exist_ok=True)
        temp = target.with_name(f".{target.name}.copy")
        shutil.copyfile(notes, temp)
        os.replace(temp, target)
        copied = True
    return Example(old, new, target, copied)
