"""The ``check`` policy's choices, apart from the review core so that the command line can
offer them without loading it."""

from __future__ import annotations

from enum import StrEnum


class Require(StrEnum):
    """Which units need a note for ``check`` to pass."""

    #: Units with a substantive change, or added, removed, moved, split, merged, substituted.
    SUBSTANTIVE = "substantive"
    #: Every changed unit.
    ANY = "any"
    #: None: ``check`` only reports orphaned and ambiguous notes.
    NONE = "none"
