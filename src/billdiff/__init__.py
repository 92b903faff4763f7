"""billdiff: compare printed versions of a UK Bill clause by clause, and explain the changes.

>>> import billdiff  # doctest: +SKIP
>>> old = billdiff.load("fixtures/crime-and-policing/1-commons-introduced.xml")  # doctest: +SKIP
"""

from __future__ import annotations

from billdiff.errors import BilldiffError
from billdiff.formats import load
from billdiff.model import Bill, Kind, Provision

__all__ = ["Bill", "BilldiffError", "Kind", "Provision", "load"]
__version__ = "0.1.0"
