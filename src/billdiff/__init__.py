"""billdiff: compare printed versions of a UK Bill clause by clause, and explain the changes.

>>> import billdiff
>>> prints = "fixtures/crime-and-policing/"
>>> old = billdiff.load(prints + "1-commons-introduced.xml")  # doctest: +SKIP
>>> new = billdiff.load(prints + "2-commons-public-bill-committee.xml")  # doctest: +SKIP
>>> billdiff.compare(old, new).counts()["added"]  # doctest: +SKIP
2

The public names are imported lazily, so a script that only needs the
annotation store or the errors does not pay for lxml or diff-match-patch.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["Bill", "BilldiffError", "Comparison", "Kind", "Provision", "compare", "load"]

if TYPE_CHECKING:
    from billdiff.comparison import Comparison
    from billdiff.engine import compare
    from billdiff.errors import BilldiffError
    from billdiff.formats import load
    from billdiff.model import Bill, Kind, Provision

_LAZY = {
    "Bill": "billdiff.model",
    "Kind": "billdiff.model",
    "Provision": "billdiff.model",
    "BilldiffError": "billdiff.errors",
    "Comparison": "billdiff.comparison",
    "compare": "billdiff.engine",
    "load": "billdiff.formats",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'billdiff' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)
