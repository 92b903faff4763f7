"""A Keeling schedule: the Act as a Bill would amend it, every change traced to its source.

The pipeline (each step its own module)::

    Bill XML ──passages──▶ its provisions' words, references and quoted structures
             ──grammar───▶ instructions aimed at each Act it amends (and what it cannot read)
    Act × instructions ──apply, in the Bill's order──▶ the Act as amended (+ what was not applied)
    Act × Act as amended ──engine.compare──▶ a Comparison; sources──▶ each change's amendment

so every front end that shows a comparison shows a Keeling schedule, with one
field more: each change's :class:`~billdiff.provenance.Source`.

>>> k = keeling(load_xml("bill.xml"), load("act.xml"))  # doctest: +SKIP
>>> k.comparison.account.summary  # doctest: +SKIP
'applied 104 of 106 amendments to the Employment Rights Act 1996'
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from billdiff.comparison import Account, Comparison, Unapplied
from billdiff.engine import compare
from billdiff.errors import FormatError
from billdiff.formats import detect
from billdiff.formats.akn import lawmaker_metadata
from billdiff.formats.xmlsafe import XMLDocument
from billdiff.keeling.acts import ActIdentity, Catalogue, identify
from billdiff.keeling.apply import Applier, Outcome
from billdiff.keeling.grammar import Reader, Record
from billdiff.keeling.instructions import Instruction, NotAmendment, Unread
from billdiff.keeling.passages import Passage, passages
from billdiff.keeling.sources import attribute
from billdiff.keeling.tree import Tree
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


@dataclass(frozen=True, slots=True)
class Keeling:
    """The Act, the Act as amended, what became of each amendment, and their comparison."""

    bill: Bill
    act: Bill
    amended: Bill
    act_name: str
    outcomes: tuple[Outcome, ...]
    unread: tuple[Unread, ...]
    not_amendments: tuple[NotAmendment, ...]
    comparison: Comparison

    @property
    def instructions(self) -> tuple[Instruction, ...]:
        """The amendments read, in the order they were applied."""
        return tuple(o.instruction for o in self.outcomes)

    @property
    def applied(self) -> int:
        """How many amendments were applied (and checked)."""
        return sum(1 for o in self.outcomes if o.applied)

    @property
    def total(self) -> int:
        """How many amendments of the Act the Bill makes (read or not)."""
        return len(self.outcomes) + len(self.unread)


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


def _body(doc: XMLDocument) -> object:
    for el in doc.root.iter():
        if isinstance(el.tag, str) and el.tag.endswith("}body"):
            return el
    raise FormatError(f"{visible(doc.path)}: has no body; nothing to read")


def keeling(amending: AmendingBill, act: Bill) -> Keeling:
    """Apply ``amending``'s amendments of ``act`` and compare the Act with the result."""
    identity = identify(act, amending.catalogue)
    records = amending.of_act(identity)
    if not records:
        raise FormatError(_no_amendments(amending, act, identity))
    tree = Tree(act)
    applier = Applier(tree)
    outcomes: list[Outcome] = []
    unread: list[Unread] = []
    others: list[NotAmendment] = []
    for r in records:
        if isinstance(r, Instruction):
            outcomes.append(applier.apply(r))
        elif isinstance(r, Unread):
            unread.append(r)
        else:
            others.append(r)
    amended = dataclasses.replace(
        act,
        stage=f"As amended by the {amending.bill.title} ({amending.bill.stage or 'print'})",
        version=f"keeling:{amending.bill.version or ''}",
        provisions=tree.freeze(),
        warnings=(),
    )
    comparison = compare(act, amended)
    comparison = attribute(comparison, act, amended, tree, {o.instruction.index: o for o in outcomes})
    account = Account(
        act=identity.name,
        bill=f"{amending.bill.title} ({amending.bill.stage or 'print'})",
        applied=sum(1 for o in outcomes if o.applied),
        total=len(outcomes) + len(unread),
        not_applied=tuple(
            [_unapplied(o.instruction.passage, o.reason) for o in outcomes if not o.applied]
            + [_unapplied(u.passage, u.reason) for u in unread]
        ),
        not_amendments=tuple(_unapplied(n.passage, n.what) for n in others),
    )
    comparison = dataclasses.replace(comparison, account=account)
    return Keeling(
        amending.bill,
        act,
        amended,
        identity.name,
        tuple(outcomes),
        tuple(unread),
        tuple(others),
        comparison,
    )


def _unapplied(p: Passage, reason: str) -> Unapplied:
    return Unapplied(p.citation, p.eid, p.plain(), reason)


def _no_amendments(amending: AmendingBill, act: Bill, identity: ActIdentity) -> str:
    counts = acts_amended(amending)
    listed = ", ".join(f"{name} ({n})" for _, name, n in counts[:5])
    more = f" and {len(counts) - 5} more" if len(counts) > 5 else ""
    what = f"the {identity.name}" if identity.name else visible(act.source_path or "the Act")
    return (
        f"the {amending.bill.title} makes no textual amendment to {what}"
        + (f"; it amends {listed}{more}" if counts else "")
    )


def acts_amended(amending: AmendingBill) -> list[tuple[str, str, int]]:
    """Each Act the Bill amends: (key, name, number of amendments), most amended first."""
    counts: Counter[str] = Counter(
        amending.key(r.act) for r in amending.records if r.act and not isinstance(r, NotAmendment)
    )
    return [
        (key, amending.catalogue.name(key), n)
        for key, n in sorted(counts.items(), key=lambda kv: (-kv[1], amending.catalogue.name(kv[0])))
    ]


def records_for(amending: AmendingBill, key: str) -> Sequence[Record]:
    """The records of one Act (by key)."""
    return [r for r in amending.records if r.act and amending.key(r.act) == key]
