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
from dataclasses import dataclass

from billdiff.comparison import Account, Amendment, Comparison, PrintInfo
from billdiff.comparison import Passage as Mention
from billdiff.engine import compare
from billdiff.errors import FormatError
from billdiff.keeling.acts import ActIdentity, identify
from billdiff.keeling.apply import Applier, Outcome
from billdiff.keeling.bill import AmendingBill, acts_amended, read_amending_bill
from billdiff.keeling.files import keeling_of_files
from billdiff.keeling.instructions import Instruction, NotAmendment, Unread
from billdiff.keeling.passages import Passage
from billdiff.keeling.sources import attribute
from billdiff.keeling.tree import Tree
from billdiff.model import Bill, Kind, Provision
from billdiff.sanitise import visible

__all__ = ["AmendingBill", "Keeling", "keeling", "keeling_of_files", "read_amending_bill"]


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

    tree: Tree

    def notes(self) -> dict[int, str]:
        """For the Act as amended: each provision an amendment inserted or changed (by the
        ``id()`` of its :class:`~billdiff.model.Provision`), and which amendments did."""
        by_index = {o.instruction.index: o.instruction.passage.citation for o in self.outcomes}
        bill = self.bill.title
        out: dict[int, str] = {}
        for p in self.amended.walk():
            node = self.tree.node_for(p)
            if node is None:
                continue
            if node.by is not None:
                out[id(p)] = f"Inserted by {by_index[node.by]} of the {bill}."
                continue
            found = sorted(
                i
                for name in ("heading", "text", "wrap_up")
                for i in set(node.field(name).origins())
                if i is not None
            )
            if found:
                cited = ", ".join(dict.fromkeys(by_index[i] for i in found if i in by_index))
                out[id(p)] = f"Words amended by {cited} of the {bill}."
        return out


def keeling(amending: AmendingBill, act: Bill) -> Keeling:
    """Apply ``amending``'s amendments of ``act`` and compare the Act with the result."""
    identity = identify(act, amending.catalogue)
    records = amending.of_act(identity)
    if not records:
        raise FormatError(_no_amendments(amending, act, identity))
    act = as_act(act, identity.name)
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
    comparison = attribute(
        comparison, act, amended, tree, {o.instruction.index: o for o in outcomes}
    )
    account = Account(
        act=identity.name,
        bill=PrintInfo.of(amending.bill),
        amendments=tuple(_amendment(o) for o in outcomes),
        unread=tuple(_mention(u.passage, u.reason) for u in unread),
        not_amendments=tuple(_mention(n.passage, n.what) for n in others),
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
        tree,
    )


def as_act(act: Bill, name: str) -> Bill:
    """``act`` read as the Act it is: its sections are sections (a Lawmaker import is a
    "bill" document, whose reader calls them clauses), and its title is its short title
    where the file's is a placeholder ("ML Keeling Schedule test data")."""
    provisions = tuple(_sections(p) for p in act.provisions)
    # An Act is in no House (a Lawmaker import carries its project's).
    if act.title == name or not name:
        return dataclasses.replace(act, house=None, provisions=provisions)
    return dataclasses.replace(
        act, title=name, stage="As imported", house=None, provisions=provisions
    )


def _sections(p: Provision) -> Provision:
    if p.kind in _BELOW_SECTIONS:
        return p  # nothing under a subsection is a section
    children = tuple(_sections(c) for c in p.children)
    kind = Kind.SECTION if p.kind is Kind.CLAUSE else p.kind
    if kind is p.kind and all(a is b for a, b in zip(children, p.children, strict=True)):
        return p
    return Provision(
        kind, p.number, p.heading, p.text, children, p.wrap_up, p.guid, p.eid, p.page, p.line
    )


_BELOW_SECTIONS = frozenset(
    {Kind.SUBSECTION, Kind.PARAGRAPH, Kind.SUBPARAGRAPH, Kind.SUBSUBPARAGRAPH, Kind.DEFINITION}
)


def _mention(p: Passage, reason: str) -> Mention:
    return Mention(p.citation, p.eid, p.brief(), reason)


def _amendment(o: Outcome) -> Amendment:
    i = o.instruction
    p = i.passage
    return Amendment(
        citation=p.citation,
        eid=p.eid,
        words=p.brief(),
        effect=i.effect.value,
        type_of_amendment=i.type_of_amendment,
        location=i.location,
        whole_provision=i.whole_provision,
        affected=o.affected,
        applied=o.applied,
        reason=o.reason,
    )


def _no_amendments(amending: AmendingBill, act: Bill, identity: ActIdentity) -> str:
    counts = acts_amended(amending)
    listed = ", ".join(f"{e.name} ({e.amendments + e.unread})" for e in counts[:5])
    more = f" and {len(counts) - 5} more" if len(counts) > 5 else ""
    what = f"the {identity.name}" if identity.name else visible(act.source_path or "the Act")
    return f"the {amending.bill.title} makes no textual amendment to {what}" + (
        f"; it amends {listed}{more}" if counts else ""
    )
