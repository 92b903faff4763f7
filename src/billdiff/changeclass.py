"""The classes of a word change, apart from the word diff so that the command line can name
them (``--ignore``) without loading it. :mod:`billdiff.textdiff` says how each is found."""

from __future__ import annotations

from enum import StrEnum


class HunkClass(StrEnum):
    """Why a change matters: a real change, a relettered sub-provision, a renumbered
    reference, or typography."""

    # In the order every output lists them, most significant first.
    SUBSTANTIVE = "substantive"
    XREF = "xref"
    RELETTERING = "relettering"
    TYPOGRAPHIC = "typographic"
