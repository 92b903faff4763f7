"""Small helpers the readers share: whitespace cleaning, numbers, version labels."""

from __future__ import annotations

import re

from lxml import etree

from billdiff.errors import FormatError
from billdiff.model import UNIT_KINDS, Kind

#: The most provisions (Parts, clauses, subsections, paragraphs...) one print may have.
#: The largest real files have about 5,400 (the Housing Act 2004 as imported into
#: Lawmaker, the Employment Rights Act 1996) and the DPDI Bill 2,100; each costs a
#: reader about 1 KB, so this bounds a print's provision tree to about 50 MB.
MAX_PROVISIONS = 50_000

#: The most units (clauses, sections, regulations, articles, rules, schedule paragraphs)
#: one print may have. The largest real files have about 600 (the Housing Act 2004: 590;
#: FSMA 2023: 482; the DPDI Bill: 296) and the longest Acts on the statute book about
#: 2,000; the pairing of units costs far more per unit than reading them.
MAX_UNITS = 5_000

# Namespace URIs every reader matches on (never prefixes: the two AKN dialects
# bind "ukl" to different URIs).
UKL_NS = "https://www.legislation.gov.uk/namespaces/UK-AKN"
CLML_NS = "http://www.legislation.gov.uk/namespaces/legislation"
UKM_NS = "http://www.legislation.gov.uk/namespaces/metadata"
DC_NS = "http://purl.org/dc/elements/1.1/"
DCT_NS = "http://purl.org/dc/terms/"

# Readers mark "no space after" and "no space before" around quote marks with
# two Unicode noncharacters, which never occur in interchanged text.
GLUE_AFTER = "\ufdd0"
GLUE_BEFORE = "\ufdd1"
# A run of ASCII whitespace other than a single space (never no-break or figure spaces).
_WS = re.compile(r"[\t\r\n][ \t\r\n]*| [ \t\r\n]+")
_LEADING_WORD = re.compile(r"^(?:Part|Chapter|Schedule)\s+", re.IGNORECASE)
_VERSION = re.compile(r"/(enacted|made|created|adopted|prospective|\d{4}-\d{2}-\d{2})(?:/|$)")


class Budget:
    """Counts the provisions a reader builds and refuses a print past the limits.

    A reader calls :meth:`take` as it starts each provision, so a hostile file of
    countless tiny clauses is refused before its tree is built, let alone compared.
    """

    __slots__ = ("provisions", "units")

    def __init__(self) -> None:
        self.provisions = 0
        self.units = 0

    def take(self, kind: Kind) -> None:
        """Count one provision of ``kind``; raise :class:`FormatError` past a limit."""
        self.provisions += 1
        if self.provisions > MAX_PROVISIONS:
            raise FormatError(
                f"has more than {MAX_PROVISIONS:,} provisions, which billdiff refuses "
                "(the longest real prints have about 5,000)"
            )
        if kind in UNIT_KINDS:
            self.units += 1
            if self.units > MAX_UNITS:
                raise FormatError(
                    f"has more than {MAX_UNITS:,} clauses, sections and schedule paragraphs, "
                    "which billdiff refuses (the longest real prints have about 600)"
                )


def clean(s: str) -> str:
    """Collapse runs of ASCII whitespace to one space and strip the ends; keep no-break and
    figure spaces inside the text (drafters choose them)."""
    s = s.strip()
    # Most texts need only the strip: look for a run worth collapsing first.
    if "\n" in s or "  " in s or "\t" in s or "\r" in s:
        # str.split() is several times faster than the regex, and gives the same when all
        # it took out was ASCII whitespace (it splits at no-break spaces too).
        words = s.split()
        ascii_only = len(s) - sum(map(len, words)) == (
            s.count(" ") + s.count("\n") + s.count("\t") + s.count("\r")
        )
        s = " ".join(words) if ascii_only else _WS.sub(" ", s)
    if GLUE_AFTER in s or GLUE_BEFORE in s:
        s = (
            s.replace(" " + GLUE_BEFORE, "")
            .replace(GLUE_BEFORE, "")
            .replace(GLUE_AFTER + " ", "")
            .replace(GLUE_AFTER, "")
            .strip()
        )
    return s


def container_number(printed: str | None) -> str | None:
    """ "Part 2" → "2", "SCHEDULE 1" → "1", a lone "Schedule" → None."""
    if not printed or printed.lower() in ("schedule", "part", "chapter"):
        return None
    return _LEADING_WORD.sub("", printed)


def version_from_uri(uri: str | None) -> str | None:
    """The point-in-time label of a legislation.gov.uk URI ("enacted", "2024-11-01", "current")."""
    if not uri:
        return None
    m = _VERSION.search(uri)
    return m.group(1) if m else "current"


def lgu_stage(version: str | None, valid: str | None) -> str | None:
    """A reader's name for a legislation.gov.uk version."""
    if version in ("enacted", "made", "created", "adopted"):
        return f"As {version}"
    if version == "prospective":
        return "Prospective version"
    if version == "current":
        return f"Latest available (revised){f', valid from {valid}' if valid else ''}"
    if version:
        return f"Revised version as at {version}"
    return None


def citation_number(meta: etree._Element | None) -> str | None:
    """How an enactment is numbered, from legislation.gov.uk metadata under ``meta``:
    "c. 29" for an Act, "asp 11" for an Act of the Scottish Parliament, "2025 No. 3"
    for an SI."""
    if meta is None:
        return None
    found: dict[str, str] = {}
    for name in ("DocumentMainType", "Year", "Number"):
        el = next(meta.iter(f"{{{UKM_NS}}}{name}"), None)
        if el is not None and el.get("Value"):
            found[name] = el.get("Value", "")
    number, year, kind = found.get("Number"), found.get("Year"), found.get("DocumentMainType", "")
    if not number:
        return None
    number = number.lstrip("0") or number
    if "StatutoryInstrument" in kind or "StatutoryRule" in kind:
        return f"{year} No. {number}" if year else number
    if kind == "ScottishAct":
        return f"asp {number}"
    if kind == "WelshParliamentAct":
        return f"asc {number}"
    if kind == "WelshNationalAssemblyAct":
        return f"anaw {number}"
    return f"c. {number}"
