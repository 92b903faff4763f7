"""A Bill's prints: whether two are of one Bill, and their order (by publication date, else
by the stage a version code names).

UK Bills are printed as they pass each stage: As Introduced, as amended in
(Public Bill) Committee, on Report, as brought from the other House, and so
on through that House. Lawmaker version codes name the stage
(``introd-hc``, ``public-committee-hc``, ``report-hl``, ``introd-hl-hc``…).

>>> stage_later("public-committee-hc", "introd-hc")
True
>>> is_later(("2025-04-24", "public-committee-hc"), ("2025-02-25", "introd-hc"))
True
>>> titles_differ_wholly("Land Reform (Scotland) Bill", None,
...                      "Bankruptcy and Diligence (Scotland) Bill", None)
True
>>> titles_differ_wholly("Victims Bill", None, "Victims and Prisoners Bill", None)
False
"""

from __future__ import annotations

import re

from billdiff.comparison import PrintInfo
from billdiff.normalise import typographic_key

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


# -- one Bill or two -----------------------------------------------------------------------

#: Words of a short title that say nothing about which Bill it is: "Bill", the
#: jurisdiction ("(Scotland)"), "[HL]", "(No. 2)", joining words. Numbers (years, "No. 2")
#: are never title words.
_GENERIC = frozenset(
    "a an and the of for to in on or with by at etc bill bills act acts no hl scotland "
    "scottish wales welsh england northern ireland united kingdom uk parliament".split()
)
#: The same for long titles, whose formula ("A Bill to make provision about …; to amend
#: the law relating to …; and for connected purposes") every Bill shares.
_LONG_GENERIC = _GENERIC | frozenset(
    "make makes made making provision provisions about connected purposes purpose relating "
    "relation related respect connection certain other others amend amends amended "
    "amendment amendments law laws confer conferring conferred functions function powers "
    "power provide provides providing secretary state ministers minister persons person "
    "matters including include includes under which that this those these their its be is "
    "are as from into also any such there been has have was were so not".split()
)
#: Share of the shorter long title's distinctive words the other must have for a Bill
#: whose short title changed wholly to count as renamed (same-Bill prints share nearly
#: all of them; different Bills' long titles share at most half in the corpus).
RENAMED_LONG_TITLE_OVERLAP = 0.6

_TITLE_WORD = re.compile(r"[^\W\d_]+")
# Words are compared by their first letters, so "Victim" and "Victims", "Regulation" and
# "Regulations" are one word.
_STEM = 6


def title_words(title: str | None, long: bool = False) -> frozenset[str]:
    """The words of a title that tell one Bill from another (stems, lower case)."""
    generic = _LONG_GENERIC if long else _GENERIC
    words = _TITLE_WORD.findall(typographic_key(title or "").casefold())
    return frozenset(w[:_STEM] for w in words if len(w) > 1 and w not in generic)


def titles_differ_wholly(
    old_title: str | None, old_long: str | None, new_title: str | None, new_long: str | None
) -> bool:
    """Whether two prints' titles say they are of different Bills.

    They do when their short titles have no distinctive word in common and, where both
    prints have a long title, the long titles do not mostly agree either. A short title
    that gains "(No. 2)" or "[HL]", loses a word or is reworded keeps a word of the old
    one; a Bill renamed outright keeps its long title. Titles without any distinctive
    word say nothing.
    """
    a, b = title_words(old_title), title_words(new_title)
    if not a or not b or a & b:
        return False
    la, lb = title_words(old_long, long=True), title_words(new_long, long=True)
    if la and lb:
        return len(la & lb) < RENAMED_LONG_TITLE_OVERLAP * min(len(la), len(lb))
    return True


def _comparable_projects(a: PrintInfo, b: PrintInfo) -> bool:
    """Whether the two project ids are of one scheme (Lawmaker's ids, legislation.gov.uk's
    URIs): a Bill's Lawmaker id and its Act's URI are never equal, and say nothing."""
    return bool(a.project_id and b.project_id) and (a.format == "lawmaker-akn") == (
        b.format == "lawmaker-akn"
    )


def different_bills(old: PrintInfo, new: PrintInfo) -> str | None:
    """Why ``old`` and ``new`` look like prints of different Bills ("project UK000712 and
    UK000276", "titles with no words in common, …"), or None.

    Different project ids (of one scheme) say so; so do titles that differ wholly
    (:func:`titles_differ_wholly`), even under one project id: Lawmaker has given two
    Bills the same one.
    """
    if _comparable_projects(old, new) and old.project_id != new.project_id:
        return f"project {old.project_id} and {new.project_id}"
    if titles_differ_wholly(old.title, old.long_title, new.title, new.long_title):
        shared = (
            f", though both carry project id {old.project_id}"
            if old.project_id and old.project_id == new.project_id
            else ""
        )
        return f"titles with no words in common, “{old.title}” and “{new.title}”{shared}"
    return None
