"""Cells of the CSV outputs, written so a spreadsheet never runs one as a formula."""

from __future__ import annotations

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: str | None) -> str:
    """A cell as written: empty for None; ``'`` before a spreadsheet formula's first sign."""
    if value is None:
        return ""
    return "'" + value if value.startswith(_FORMULA_START) else value
