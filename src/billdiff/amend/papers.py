"""Read a real amendment paper (Lawmaker ``amendmentList``) into instruction records.

Each ``amendment`` gives its number (``NC1``, ``1``), its sponsors (the
proposer, ``docIntroducer``, then the supporters, ``docProponent``), the
instruction as printed ("Clause 1, page 1, line 16, at end insert—"), the
text it inserts (a ``quotedStructure``, read with the bill reader's own text
rules, one line per sub-provision), Lawmaker's own record of the target
(``ukl:type``, ``ukl:targetProvision`` eId, ``ukl:targetPage`` ``p_1__ln_16``)
and the member's explanatory statement. The instruction is read with
:func:`billdiff.amend.wording.parse`; one it cannot read keeps its printed
words and a :attr:`PaperAmendment.problem`.

>>> target_page("p_1__ln_16")
(1, 16)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from lxml import etree

from billdiff.amend import wording
from billdiff.amend.instructions import (
    MAX_QUOTED,
    Instruction,
    NewUnit,
    Place,
    Target,
)
from billdiff.errors import FormatError
from billdiff.formats import akn
from billdiff.formats.common import UKL_NS, clean
from billdiff.formats.xmlsafe import XMLDocument, load_xml
from billdiff.model import Kind, Provision

_TARGET_PAGE = re.compile(r"p_(\d+)__ln_(\d+)")
#: How much of an instruction too long to read is kept to show.
_SHOWN = 200


@dataclass(frozen=True, slots=True)
class PaperAmendment:
    """One amendment on a paper, as printed and as an instruction record."""

    number: str
    eid: str | None
    type: str | None
    proposer: str | None
    supporters: tuple[str, ...]
    #: The instruction's own words, as printed ("Clause 1, page 1, line 16, at end insert—").
    printed: str
    #: The text it inserts, one line per sub-provision (a new Clause's heading first).
    inserted: tuple[str, ...]
    target_provision: str | None
    target_page: tuple[int, int] | None
    statement: str | None
    instruction: Instruction | None
    problem: str | None = None
    #: The amendment's GUID, the same on every paper that lists it.
    guid: str | None = None
    #: Its star as printed (``ukl:statusIndicator``: "★" new or altered, "☆" a day
    #: older; None for none).
    star: str | None = None
    #: The dates (YYYY-MM-DD) Lawmaker records it was tabled and published on.
    tabled: str | None = None
    published: tuple[str, ...] = ()

    @property
    def sponsors(self) -> tuple[str, ...]:
        """The proposer, then the supporters."""
        return ((self.proposer,) if self.proposer else ()) + self.supporters


@dataclass(frozen=True, slots=True)
class Paper:
    """An amendment paper (or marshalled list) and its amendments."""

    title: str
    house: str | None
    stage: str | None
    #: The print it amends, as the paper names it ("As amended in Committee", "Bill 314").
    bill_stage: str | None
    bill_number: str | None
    session: str | None
    project_id: str | None
    published: str | None
    list_type: str | None
    description: str | None
    affected_document: str | None
    amendments: tuple[PaperAmendment, ...]
    source_path: str
    sha256: str


def target_page(value: str | None) -> tuple[int, int] | None:
    """Lawmaker's ``ukl:targetPage`` ("p_1__ln_16") as (page, line)."""
    m = _TARGET_PAGE.fullmatch(value or "")
    return (int(m.group(1)), int(m.group(2))) if m else None


def _local(el: etree._Element) -> str:
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


def _children(el: etree._Element, name: str) -> list[etree._Element]:
    return [c for c in el if isinstance(c.tag, str) and _local(c) == name]


def _first(el: etree._Element, name: str) -> etree._Element | None:
    return next((c for c in el.iter() if isinstance(c.tag, str) and _local(c) == name), None)


def _text(el: etree._Element | None) -> str:
    if el is None:
        return ""
    return clean(etree.tostring(el, method="text", encoding=str, with_tail=False))


def is_paper(doc: XMLDocument) -> bool:
    """Whether a parsed document is a Lawmaker amendment paper."""
    from billdiff.formats import is_amendment_paper

    return is_amendment_paper(doc.root)


def read_paper(path: str) -> Paper:
    """Read the amendment paper at ``path``."""
    return paper_of(load_xml(path))


def paper_of(doc: XMLDocument) -> Paper:
    """The amendment paper a document read with ``load_xml`` holds."""
    root = doc.root
    lst = next((c for c in root if isinstance(c.tag, str)), None)
    if lst is None or _local(lst) != "amendmentList":
        raise FormatError(f"{doc.path}: not an amendment paper (no <amendmentList>)")
    namespace = etree.QName(lst).namespace or ""
    refs: dict[str, str] = {}
    meta = _children(lst, "meta")
    for el in meta[0].iter() if meta else ():
        if isinstance(el.tag, str) and _local(el).startswith("TLC") and el.get("eId"):
            refs[el.get("eId", "")] = (el.get("showAs") or "").strip()
    affected = _first(lst, "affectedDocument")
    amendments = tuple(
        _amendment(a, namespace)
        for a in lst.iter()
        if isinstance(a.tag, str) and _local(a) == "amendmentBody"
    )
    return Paper(
        title=refs.get("varBillTitle") or "Untitled bill",
        house=refs.get("varHouse") or None,
        stage=refs.get("varStageVersion") or None,
        bill_stage=refs.get("varBillStageVersion") or None,
        bill_number=refs.get("varBillNo") or None,
        session=refs.get("varSession") or refs.get("varSessionNo") or None,
        project_id=refs.get("varProjectId") or None,
        published=refs.get("varPublishDate") or None,
        list_type=refs.get("varDocType") or lst.get("name"),
        description=refs.get("varDraftListDescription") or None,
        affected_document=affected.get("href") if affected is not None else None,
        amendments=amendments,
        source_path=doc.path,
        sha256=doc.sha256,
    )


def _amendment(body: etree._Element, namespace: str) -> PaperAmendment:
    heading = _first(body, "amendmentHeading")
    proposer = None
    supporters: list[str] = []
    if heading is not None:
        for el in heading.iter():
            name = _local(el)
            if name == "docIntroducer" and proposer is None:
                proposer = _text(el) or None
            elif name == "docProponent":
                who = _text(el)
                if who:
                    supporters.append(who)
    content = _first(body, "amendmentContent")
    number = _text(_first(content, "num")) if content is not None else ""
    instruction_el = None
    if content is not None:
        instruction_el = next(
            (
                b
                for b in content.iter()
                if isinstance(b.tag, str)
                and _local(b) == "block"
                and b.get("name") == "instruction"
            ),
            None,
        )
    printed, heading_text, lines = _instruction(instruction_el, namespace)
    statement_el = next(
        (
            b
            for b in body.iter()
            if isinstance(b.tag, str)
            and _local(b) == "blockContainer"
            and b.get("class") == "explanatoryStatement"
        ),
        None,
    )
    statement = None
    if statement_el is not None:
        statement = " ".join(_text(p) for p in statement_el if _local(p) == "p") or None
    kind = body.get(f"{{{UKL_NS}}}type") or None
    component = next((x for x in body.iterancestors() if _local(x) == "component"), None)
    star = (
        (component.get(f"{{{UKL_NS}}}statusIndicator") or "").strip()
        if component is not None
        else ""
    )
    tabled, published = _workflow(body)
    target_provision = body.get(f"{{{UKL_NS}}}targetProvision") or None
    record: Instruction | None = None
    problem: str | None
    if len(printed) > MAX_QUOTED:
        # Not read: a real instruction is a sentence, whatever it quotes.
        problem = (
            f"the instruction is {len(printed):,} characters long; billdiff reads instructions "
            f"of up to {MAX_QUOTED:,}"
        )
        printed = f"{printed[:_SHOWN]}…"
    else:
        record, problem = _record(kind, printed, heading_text, lines, target_provision)
    sponsors = ((proposer,) if proposer else ()) + tuple(supporters)
    if record is not None:
        record = replace(record, number=number, sponsors=sponsors, statement=statement)
        record = replace(record, printed=printed)
    inserted = ((heading_text,) if heading_text else ()) + lines
    return PaperAmendment(
        number=number,
        eid=body.get("eId"),
        type=kind,
        proposer=proposer,
        supporters=tuple(supporters),
        printed=printed,
        inserted=inserted,
        target_provision=target_provision,
        guid=body.get("GUID") or None,
        star=star or None,
        tabled=tabled,
        published=published,
        target_page=target_page(body.get(f"{{{UKL_NS}}}targetPage")),
        statement=statement,
        instruction=record,
        problem=problem,
    )


def _workflow(body: etree._Element) -> tuple[str | None, tuple[str, ...]]:
    """When the amendment was tabled, and every date a paper listing it was published, from
    Lawmaker's workflow steps (in the amendment's own ``meta``)."""
    amendment = body.getparent()
    steps = (
        [el for el in amendment.iter() if isinstance(el.tag, str) and _local(el) == "step"]
        if amendment is not None
        else []
    )
    tabled: str | None = None
    published: list[str] = []
    for step in steps:
        day = (step.get("date") or "")[:10]
        if day.startswith("9999") or len(day) != 10:
            continue
        outcome = step.get("outcome") or ""
        if outcome == "#tabled" and tabled is None:
            tabled = day
        elif outcome == "#published" and day not in published:
            published.append(day)
    return tabled, tuple(published)


def _instruction(
    block: etree._Element | None, namespace: str
) -> tuple[str, str | None, tuple[str, ...]]:
    """(the instruction's own words, a new Clause's heading, the inserted lines)."""
    if block is None:
        return "", None, ()
    mod = _first(block, "mod")
    holder = mod if mod is not None else block
    words: list[str] = [holder.text or ""]
    quoted: etree._Element | None = None
    for child in holder:
        if _local(child) == "quotedStructure" and quoted is None:
            quoted = child
            break
        if isinstance(child.tag, str):
            words.append(_quoted_words(child))
        words.append(child.tail or "")
    printed = clean("".join(words))
    if quoted is None:
        return printed, None, ()
    akn._prepare(quoted, namespace)
    walker = akn._Walker(sections_are_clauses=True, has_positions=False)
    heading: str | None = None
    lines: list[str] = []
    for child in quoted:
        if not isinstance(child.tag, str):
            continue
        kind = walker.classify(child, in_schedule=False, in_unit=True)
        if kind is None:
            text = _text(child)
            if text:
                lines.append(text)
            continue
        p = walker.build(child, kind, in_schedule=False, in_unit=True)
        if kind in (Kind.CLAUSE, Kind.SECTION) and not p.number:
            heading = p.heading
            lines.extend(p.lines())
        else:
            lines.extend(Provision(Kind.CLAUSE, children=(p,)).lines())
    return printed, heading, tuple(lines)


def _quoted_words(el: etree._Element) -> str:
    """An element's words in an instruction, with the quote marks Lawmaker keeps in its
    ``startQuote``/``endQuote`` attributes (a ``quotedText``: “, and”)."""
    text = etree.tostring(el, method="text", encoding=str, with_tail=False)
    attrs = {etree.QName(k).localname: str(v) for k, v in el.attrib.items()}
    return attrs.get("startQuote", "") + text + attrs.get("endQuote", "")


_SECTION_EID = re.compile(r"sec_(\d+[A-Z]*)")
_PARAGRAPH_EID = re.compile(r"sched(?:_(\d+[A-Z]*))?__para_(\d+[A-Z]*)")
_SCHEDULE_EID = re.compile(r"sched(?:_(\d+[A-Z]*))?")


def target_of_eid(eid: str | None) -> Target | None:
    """The unit Lawmaker's ``ukl:targetProvision`` names: "sec_12" (Clause 12), "sched_2"
    (a paragraph of Schedule 2, found by its line), "sched_2__para_5".

    >>> target_of_eid("sched_2__para_5").full_name
    'Schedule 2, paragraph 5'
    """
    if not eid:
        return None
    if m := _SECTION_EID.fullmatch(eid):
        return Target(Kind.CLAUSE, m.group(1))
    if m := _PARAGRAPH_EID.fullmatch(eid):
        return Target(Kind.SCHEDULE_PARAGRAPH, m.group(2), m.group(1) or "")
    if m := _SCHEDULE_EID.fullmatch(eid):
        return Target(Kind.SCHEDULE_PARAGRAPH, None, m.group(1) or "")
    return None


def _record(
    kind: str | None,
    printed: str,
    heading: str | None,
    lines: tuple[str, ...],
    target_provision: str | None = None,
) -> tuple[Instruction | None, str | None]:
    """The instruction record an amendment states, or why it cannot be read. A Lords
    amendment ("Page 2, line 22, …") names its clause only in the marshalled list's
    heading, which Lawmaker records as the amendment's target provision."""
    if printed.startswith("To move the following Clause") or (kind == "newClause" and not printed):
        return Instruction(NewUnit(Kind.CLAUSE, heading, lines)), None
    block = wording.quoted_block(([heading] if heading else []) + list(lines))
    try:
        target, place, action = wording.parse(
            printed, block, default=target_of_eid(target_provision)
        )
    except wording.Unreadable:
        return None, f"billdiff does not read this form of instruction yet: “{printed}”"
    if isinstance(action, NewUnit) and action.kind is not Kind.SCHEDULE_PARAGRAPH:
        # "After Clause 5, insert the following new Clause—", "After section 8, insert—".
        return Instruction(action), None
    if target is None:
        return None, "the instruction names no clause or schedule"
    return Instruction(action, target, place or Place()), None


def same_target(a: Target | None, number: str | None) -> bool:
    """Whether ``a`` names the clause numbered ``number``."""
    return a is not None and not a.in_schedule and a.number == number
