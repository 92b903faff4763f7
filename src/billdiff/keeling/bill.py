"""A Bill read for its amendments: every amendment it makes, to which Act, in its order.

This is all that ``billdiff keeling BILL`` (the Acts a Bill amends) needs, so it
imports nothing of the comparison engine; :mod:`billdiff.keeling.schedule` applies
the amendments of one Act.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from billdiff.errors import FormatError
from billdiff.formats import detect
from billdiff.formats.akn import lawmaker_metadata
from billdiff.formats.xmlsafe import XMLDocument
from billdiff.keeling.acts import ActIdentity, Catalogue
from billdiff.keeling.instructions import Instruction, NotAmendment, Unread
from billdiff.keeling.passages import passages
from billdiff.keeling.reader import Reader, Record
from billdiff.model import Bill
from billdiff.sanitise import visible


@dataclass(frozen=True, slots=True)
class AmendingBill:
    """A Bill read for its amendments: its metadata and every amendment it makes."""

    bill: Bill
    records: tuple[Record, ...]
    catalogue: Catalogue

    def of_act(self, identity: ActIdentity) -> tuple[Record, ...]:
        """The instructions (and unread and non-amending provisions) aimed at one Act."""
        return tuple(
            r for r in self.records if r.act is not None and identity.matches(self.key(r.act))
        )

    def key(self, act: str) -> str:
        """The canonical key of an Act the Bill names."""
        return self.catalogue.canonical(act)


def read_amending_bill(doc: XMLDocument) -> AmendingBill:
    """Every amendment a Lawmaker Bill makes, read from its XML."""
    shown = "stdin" if doc.path == "-" else visible(doc.path)
    try:
        fmt = detect(doc.root)
    except FormatError as e:
        raise FormatError(f"{shown}: {e}") from None
    if fmt != "lawmaker-akn":
        raise FormatError(
            f"{shown}: is {fmt} (an Act or SI), not a Bill: a Keeling schedule needs the "
            "amending Bill in UK Parliament's Lawmaker XML first, then the Act"
        )
    bill = lawmaker_metadata(doc.root, doc.path, doc.sha256)
    body = _body(doc)
    found = list(passages(body))
    reader = Reader()
    records = tuple(reader.read(found))
    return AmendingBill(bill, records, reader.catalogue)


def _body(doc: XMLDocument) -> etree._Element:
    for el in doc.root.iter():
        if isinstance(el.tag, str) and el.tag.endswith("}body"):
            return el
    raise FormatError(f"{visible(doc.path)}: has no body; nothing to read")


@dataclass(frozen=True, slots=True)
class Effects:
    """One Act a Bill amends: its key and name, how many amendments (and how many of them
    not read), and the provisions of the Bill that amend it, in the Bill's order."""

    key: str
    name: str
    amendments: int
    unread: int
    provisions: tuple[str, ...]


def acts_amended(amending: AmendingBill) -> list[Effects]:
    """Each Act the Bill amends, most amended first."""
    found: dict[str, list[Record]] = {}
    for r in amending.records:
        if r.act and r.act != "this" and not isinstance(r, NotAmendment):
            found.setdefault(amending.key(r.act), []).append(r)
    out = [
        Effects(
            key,
            amending.catalogue.name(key),
            sum(1 for r in records if isinstance(r, Instruction)),
            sum(1 for r in records if isinstance(r, Unread)),
            tuple(dict.fromkeys(r.passage.citation for r in records)),
        )
        for key, records in found.items()
    ]
    return sorted(out, key=lambda e: (-(e.amendments + e.unread), e.name))
