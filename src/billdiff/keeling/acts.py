"""Naming the Acts a Bill amends, and knowing the Act a file holds.

An Act is keyed by its legislation.gov.uk identifier where the Bill gives
one (``ukpga/1996/18``, from a reference's href), else by its name as printed,
normalised (``name:employment rights act 1996``). The Bill's own references
link the two: a reference whose words are an Act's name and whose href is its
URI tells every later mention of the name which Act it is.

>>> uri_key("https://www.legislation.gov.uk/ukpga/1996/18#sec_27B__subsec_1")
'ukpga/1996/18'
>>> name_key("the Employment Rights Act 1996")
'name:employment rights act 1996'
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from billdiff.model import Bill
from billdiff.normalise import typographic_key

_URI = re.compile(
    r"legislation\.gov\.uk/(?:id/)?(?P<type>[a-z]{2,8})/(?P<year>\d{4}|[A-Z][A-Za-z0-9]*(?:/\d+(?:-\d+)?)?)/(?P<number>\d+)"
)
_INSTRUMENT = r"(?:Act|Regulations|Order|Rules|Measure)"
_WORD = (
    r"(?:[A-Z][A-Za-z’'\-]*|\((?:No\.\s*\d+|[A-Z][\w’'\-, ]*)\)"
    r"|and|of|for|the|in|on|to|with|by|etc\.?|&|,)"
)
# Words that start a sentence, never an Act's name.
_NOT_FIRST = (
    r"(?!(?:In|After|Before|For|Omit|At|Section|Schedule|Part|Chapter|Paragraph|The|That"
    r"|This|Subject|Accordingly|Also|Insert)\b)"
)
#: An enactment's name as printed: capitalised words (with "and", "of"… between them)
#: ending "Act 1996", "Regulations 2010", "Act (Northern Ireland) 2015".
ACT_NAME = re.compile(
    # At most 30 words: the longest names have about 15, and a bound keeps a search of a
    # long run of capitalised words linear.
    rf"(?<![\w’'\-]){_NOT_FIRST}(?P<name>[A-Z][A-Za-z’'\-]*,?(?:\s+{_WORD},?){{0,30}}?\s+{_INSTRUMENT}"
    r"(?:\s+\((?:Northern Ireland|Scotland|Wales)\))?\s+\d{4})"
)
_CITED_AS = re.compile(r"may be cited as (?:the )?(?P<name>[A-Z][^.;,“”]{0,200}?)\s*(?:[.;,]|$)")


def uri_key(href: str | None) -> str | None:
    """ "ukpga/1996/18" for any legislation.gov.uk URI of that Act (or None)."""
    if not href:
        return None
    m = _URI.search(href)
    return f"{m['type']}/{m['year']}/{m['number']}" if m else None


def name_key(name: str) -> str:
    """The key of an Act known only by its name."""
    text = typographic_key(name).lower()
    text = re.sub(r"^the\s+", "", text)
    return "name:" + re.sub(r"\s+", " ", text)


def clean_name(name: str) -> str:
    """An Act's name as a heading shows it ("the Employment Rights Act 1996" → without "the")."""
    return re.sub(r"^(?:the|The)\s+", "", " ".join(name.split()))


class Catalogue:
    """Every Act a Bill names, with the keys and names it is known by."""

    def __init__(self) -> None:
        self._by_name: dict[str, str] = {}
        self.names: dict[str, str] = {}
        #: Short names the Bill defines ("the 2018 Act", "the UK GDPR"), lower case and
        #: without "the", to the key of what they name.
        self.aliases: dict[str, str] = {}
        self._alias_pattern: re.Pattern[str] | None = None

    def alias(self, short: str, meaning: str) -> None:
        """Record the Bill's definition “``short``” means ``meaning``."""
        short = re.sub(r"^the\s+", "", " ".join(short.split()), flags=re.I)
        m = ACT_NAME.match(re.sub(r"^the\s+", "", meaning.strip(), flags=re.I))
        key = self.key(m["name"]) if m else name_key(short)
        if not m:
            self.names.setdefault(key, short)
        self.aliases[short.lower()] = key
        self._alias_pattern = None

    def alias_at(self, text: str, pos: int) -> tuple[str, int] | None:
        """The key of a short name the Bill defined, printed at ``pos``, and where it ends."""
        if not self.aliases:
            return None
        if self._alias_pattern is None:
            names = sorted(self.aliases, key=len, reverse=True)
            self._alias_pattern = re.compile(
                r"\s*(?:[Tt]he\s+)?(" + "|".join(re.escape(n) for n in names) + r")\b", re.I
            )
        m = self._alias_pattern.match(text, pos)
        return (self.aliases[m.group(1).lower()], m.end()) if m else None

    def learn(self, name: str, href: str | None) -> str:
        """Record that ``name`` (and ``href``, if it is an Act's URI) name one Act; its key."""
        uri = uri_key(href)
        nkey = name_key(name)
        key = uri or self._by_name.get(nkey) or nkey
        if uri:
            self._by_name[nkey] = uri
        self.names.setdefault(key, clean_name(name))
        return key

    def key(self, name: str) -> str:
        """The key of the Act ``name`` names."""
        nkey = name_key(name)
        key = self._by_name.get(nkey, nkey)
        self.names.setdefault(key, clean_name(name))
        return key

    def canonical(self, key: str) -> str:
        """A name key the Bill later linked to a URI becomes that URI key."""
        return self._by_name.get(key, key) if key.startswith("name:") else key

    def name(self, key: str) -> str:
        """How the Bill names the Act (its URI key if it never names it)."""
        key = self.canonical(key)
        if key in self.names:
            return self.names[key]
        for other, name in self.names.items():
            if self.canonical(other) == key:
                return name
        return key


@dataclass(frozen=True, slots=True)
class ActIdentity:
    """The keys an Act file is known by, and its name."""

    name: str
    keys: frozenset[str]

    def matches(self, key: str) -> bool:
        """Whether an Act the Bill names (by ``key``) is this one."""
        return key in self.keys


def identify(act: Bill, catalogue: Catalogue | None = None) -> ActIdentity:
    """The names and identifiers of the Act in ``act``: its legislation.gov.uk URI where
    the file gives one, its title, and the short title it gives itself ("This Act may be
    cited as the …")."""
    names: list[str] = []
    keys: set[str] = set()
    for value in (act.project_id, act.source_path):
        key = uri_key(value)
        if key:
            keys.add(key)
    if act.title and ACT_NAME.fullmatch(clean_name(act.title)):
        names.append(clean_name(act.title))
    names.extend(_cited_as(act))
    for name in names:
        keys.add(name_key(name))
        if catalogue is not None:
            keys.add(catalogue.key(name))
    name = next((n for n in names if ACT_NAME.fullmatch(n)), names[0] if names else act.title)
    name = clean_name(name)
    return ActIdentity(name, frozenset(keys))


def _cited_as(act: Bill) -> list[str]:
    """The names the Act gives itself ("This Act may be cited as the Sentencing Act 2020";
    "This Code may be cited as the Sentencing Code"), the Act's own first."""
    found: list[str] = []
    for p in act.walk():
        for text in (p.text, p.wrap_up):
            if "cited as" in text:
                found += [clean_name(m["name"]) for m in _CITED_AS.finditer(text)]
    found.sort(key=lambda n: not ACT_NAME.fullmatch(n))
    return list(dict.fromkeys(found))


def names_in(text: str) -> Iterable[re.Match[str]]:
    """The Act names printed in ``text``."""
    return ACT_NAME.finditer(text)
