"""The order of a Bill's prints: by publication date, else by the stage a version code names.

UK Bills are printed as they pass each stage: As Introduced, as amended in
(Public Bill) Committee, on Report, as brought from the other House, and so
on through that House. Lawmaker version codes name the stage
(``introd-hc``, ``public-committee-hc``, ``report-hl``, ``introd-hl-hc``…).

>>> stage_later("public-committee-hc", "introd-hc")
True
>>> is_later(("2025-04-24", "public-committee-hc"), ("2025-02-25", "introd-hc"))
True
"""

from __future__ import annotations

import re

from billdiff.comparison import PrintInfo

# The stages of one House, in order; the part of a version code before the House.
_STAGES = ("introd", "committee", "public-committee", "grand-committee", "report", "third")
_CODE = re.compile(r"(?P<stage>[a-z-]+?)-(?P<house>hc|hl)(?:-(?P<to>hc|hl))?")


def _parse(version: str | None) -> tuple[int, str, str | None] | None:
    """(stage index, House, House it was brought to) of a version code, or None."""
    m = _CODE.fullmatch(version or "")
    if m is None or m.group("stage") not in _STAGES:
        return None
    return _STAGES.index(m.group("stage")), m.group("house"), m.group("to")


def stage_later(a: str | None, b: str | None) -> bool | None:
    """Whether version code ``a`` names a later stage than ``b``; None when codes cannot tell.

    Within one House the stages go introduced, committee, report, third
    reading; a print "brought from" House H to House K ("introd-hc-hl") comes
    after every print of H and before the other prints of K.
    """
    pa, pb = _parse(a), _parse(b)
    if pa is None or pb is None or pa == pb:
        return None
    (sa, ha, ta), (sb, hb, tb) = pa, pb
    if ta is None and tb is None:
        return sa > sb if ha == hb else None
    if ta is not None and tb is not None:
        return None  # two Houses' "brought from" prints: ping-pong, no order from codes
    if ta is not None:
        return True if hb == ha else False if hb == ta else None
    return False if ha == hb else True if ha == tb else None


def is_later(a: tuple[str | None, str | None], b: tuple[str | None, str | None]) -> bool | None:
    """Whether print ``a`` comes after print ``b``, each given as (published, version).

    Publication dates decide when both prints have one; else the stages their
    version codes name. None when it cannot be told.
    """
    (a_date, a_version), (b_date, b_version) = a, b
    if a_date and b_date and a_date != b_date:
        return a_date > b_date
    return stage_later(a_version, b_version)


def swapped_warning(old: PrintInfo, new: PrintInfo) -> str | None:
    """A warning when NEW looks older than OLD (by date or stage), else None."""
    later = is_later((old.published, old.version), (new.published, new.version))
    if not later:
        return None
    if old.published and new.published and old.published != new.published:
        why = f"published {new.published}, before OLD's {old.published}"
    else:
        why = (
            f"its stage ({new.stage or new.version}) comes before OLD's "
            f"({old.stage or old.version})"
        )
    return f"NEW looks older than OLD ({why}); were the prints given the wrong way round?"
