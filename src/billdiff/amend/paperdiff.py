"""Compare two amendment papers of one Bill: the clerk's check on each day's paper.

Given yesterday's paper and today's (a marshalled list and the next one), say
what changed and what is wrong, amendment by amendment:

* amendments added and withdrawn, and those whose words changed (a word diff of
  the instruction and the text it inserts, as for clauses; the explanatory
  statement apart);
* names added and removed (proposer and supporters), and a name printed twice on
  one amendment; a member who now declares an interest ("Olivia Blake [R]") is
  the same member;
* stars: House of Commons papers star an amendment that is new or altered (★),
  hollow-star it on the next sitting day's paper (☆) and print no star after
  that (Erskine May 28.98); when sitting days passed between the two papers
  (whether they did is read from their dates — the next weekday counts as the
  next sitting day — unless the caller says), every star of the older paper is
  gone; two papers of the same date star alike;
* amendment numbers printed twice on the new paper;
* places that do not fit: the page and line the words cite against Lawmaker's
  own ``ukl:targetPage``, and, given the print the paper amends, every
  amendment applied on its own to that print (:func:`billdiff.amend.apply.apply`).

Amendments are paired by their GUID (the same on every paper that lists an
amendment), else by number. The result is plain data for every renderer.
"""

from __future__ import annotations

import datetime
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from billdiff.amend.apply import apply
from billdiff.amend.instructions import NewUnit
from billdiff.amend.papers import Paper, PaperAmendment
from billdiff.amend.positions import PrintPositions
from billdiff.errors import InputError
from billdiff.model import Bill
from billdiff.textdiff import TextDiff, diff_words

BLACK, WHITE = "★", "☆"
STARS = (BLACK, WHITE)
_INTEREST = re.compile(r"\s*\[R\]$")
_PAGE_LINE = re.compile(r"\bpage (\d+), line (\d+)\b", re.I)


@dataclass(frozen=True, slots=True)
class StarCheck:
    """The star an amendment has on the new paper, the one it should have, and why."""

    found: str | None
    expected: str | None
    why: str

    @property
    def ok(self) -> bool:
        """Whether the star printed is the one expected."""
        return self.found == self.expected


@dataclass(frozen=True, slots=True)
class AmendmentChange:
    """One amendment across the two papers."""

    number: str
    #: "added", "withdrawn", "changed" (its words) or "unchanged" (its words; names,
    #: stars and statement may still differ).
    status: str
    old: PaperAmendment | None
    new: PaperAmendment | None
    #: The word diff of its words (instruction, then the text it inserts).
    text_diff: TextDiff | None = None
    statement_diff: TextDiff | None = None
    names_added: tuple[str, ...] = ()
    names_removed: tuple[str, ...] = ()
    #: Members who now declare an interest, "[R]" (or no longer do).
    interests: tuple[str, ...] = ()
    #: Names printed more than once on the new paper's amendment.
    duplicate_names: tuple[str, ...] = ()
    star: StarCheck | None = None
    #: Why its page and line do not fit (the words against Lawmaker's record, or the print).
    place_problems: tuple[str, ...] = ()

    @property
    def names_changed(self) -> bool:
        """Whether names were added or removed, or an interest declared."""
        return bool(self.names_added or self.names_removed or self.interests)

    @property
    def noteworthy(self) -> bool:
        """Whether there is anything to say about it."""
        return (
            self.status != "unchanged"
            or self.statement_diff is not None
            or self.names_changed
            or bool(self.duplicate_names)
            or (self.star is not None and not self.star.ok)
            or bool(self.place_problems)
        )


@dataclass(frozen=True, slots=True)
class PaperComparison:
    """Two papers compared (see the module docstring)."""

    old: Paper
    new: Paper
    amendments: tuple[AmendmentChange, ...]
    #: Amendment numbers printed more than once on the new paper.
    duplicate_numbers: tuple[str, ...]
    #: Whether stars were checked as for the next sitting day's paper (None: a paper of the
    #: same day).
    next_day: bool | None
    #: How that was decided, in words.
    stars_rule: str
    #: The print the amendments were applied to, if one was given (its file).
    print_path: str | None = None
    warnings: tuple[str, ...] = ()

    def of(self, status: str) -> list[AmendmentChange]:
        """The amendments with this status."""
        return [a for a in self.amendments if a.status == status]

    @property
    def counts(self) -> dict[str, int]:
        """How many of each finding (the summary every renderer prints)."""
        return {
            "added": len(self.of("added")),
            "withdrawn": len(self.of("withdrawn")),
            "changed": len(self.of("changed")),
            "statements changed": sum(1 for a in self.amendments if a.statement_diff),
            "names changed": sum(1 for a in self.amendments if a.names_changed),
            "duplicate names": sum(1 for a in self.amendments if a.duplicate_names),
            "wrong stars": sum(1 for a in self.amendments if a.star and not a.star.ok),
            "duplicate numbers": len(self.duplicate_numbers),
            "places that do not fit": sum(1 for a in self.amendments if a.place_problems),
        }

    @property
    def differ(self) -> bool:
        """Whether anything changed or is wrong (exit 1)."""
        return any(self.counts.values())


def words_of(a: PaperAmendment) -> str:
    """An amendment's words: its instruction and the text it inserts."""
    return " ".join([a.printed, *a.inserted]).strip()


def _member(name: str) -> str:
    return _INTEREST.sub("", name)


def _names(old: PaperAmendment, new: PaperAmendment) -> tuple[tuple[str, ...], ...]:
    """(added, removed, interests changed) between the two lists of sponsors."""
    before = {_member(n): n for n in old.sponsors}
    after = {_member(n): n for n in new.sponsors}
    added = tuple(n for m, n in after.items() if m not in before)
    removed = tuple(n for m, n in before.items() if m not in after)
    interests = tuple(
        f"{m} {'now declares' if after[m].endswith('[R]') else 'no longer declares'} an interest"
        for m in after
        if m in before and after[m] != before[m]
    )
    return added, removed, interests


def _duplicates(items: Iterable[str]) -> tuple[str, ...]:
    counts = Counter(items)
    return tuple(x for x, n in counts.items() if n > 1)


def next_weekday(day: str) -> str | None:
    """The weekday after ``day`` (YYYY-MM-DD), or None if it is not a date."""
    try:
        d = datetime.date.fromisoformat(day)
    except ValueError:
        return None
    d += datetime.timedelta(days=1)
    while d.weekday() >= 5:
        d += datetime.timedelta(days=1)
    return d.isoformat()


def _stars_rule(old: Paper, new: Paper, next_day: bool | None) -> tuple[bool | None, str]:
    """Whether the new paper is the next sitting day's (None: the same day's), and why."""
    if next_day is not None:
        said = "the next sitting day's paper" if next_day else "a paper with sitting days between"
        return next_day, f"stars checked as for {said}, as asked"
    if old.published and old.published == new.published:
        return None, f"stars checked as for another paper of the same day ({new.published})"
    if old.published and new.published and next_weekday(old.published) == new.published:
        return True, (
            f"stars checked as for the next sitting day's paper ({new.published} is the weekday "
            f"after {old.published}); --days-between if the House did not sit in between"
        )
    return False, (
        f"stars checked as for a paper with sitting days between ({old.published or '?'} to "
        f"{new.published or '?'}); --next-day if the House has not sat since the old paper"
    )


def _star(
    old: PaperAmendment | None, new: PaperAmendment, altered: bool, next_day: bool | None
) -> StarCheck:
    """The star ``new`` should carry (see the module docstring)."""
    if old is None:
        return StarCheck(new.star, BLACK, "new since the old paper")
    if altered:
        return StarCheck(new.star, BLACK, "altered since the old paper")
    if next_day is None:
        return StarCheck(new.star, old.star, "as on the old paper, of the same day")
    if old.star == BLACK and next_day:
        return StarCheck(new.star, WHITE, "★ on the old paper, the day before")
    if old.star in STARS:
        why = "☆ on the old paper" if old.star == WHITE else "★ on the old paper, sitting days ago"
        return StarCheck(new.star, None, why)
    return StarCheck(new.star, None, "unchanged and not starred on the old paper")


def _recorded_place(a: PaperAmendment) -> tuple[str, ...]:
    """The page and line the words cite against Lawmaker's own record of them."""
    m = _PAGE_LINE.search(a.printed)
    if m is None or a.target_page is None:
        return ()
    cited = (int(m.group(1)), int(m.group(2)))
    if cited == a.target_page:
        return ()
    return (
        f"the words cite page {cited[0]}, line {cited[1]}; Lawmaker records page "
        f"{a.target_page[0]}, line {a.target_page[1]}",
    )


def _pair(old: Paper, new: Paper) -> list[tuple[PaperAmendment | None, PaperAmendment | None]]:
    """Each amendment of the new paper with its old self (by GUID, else number), then the
    old paper's amendments that are gone, in its order."""
    by_guid = {a.guid: a for a in old.amendments if a.guid}
    by_number: dict[str, PaperAmendment] = {}
    for a in old.amendments:
        by_number.setdefault(a.number, a)
    used: set[int] = set()
    out: list[tuple[PaperAmendment | None, PaperAmendment | None]] = []
    for a in new.amendments:
        match = by_guid.get(a.guid) if a.guid else None
        if match is None or id(match) in used:
            candidate = by_number.get(a.number)
            match = candidate if candidate is not None and id(candidate) not in used else None
            if match is not None and match.guid and a.guid and match.guid != a.guid:
                match = None
        if match is not None:
            used.add(id(match))
        out.append((match, a))
    out.extend((a, None) for a in old.amendments if id(a) not in used)
    return out


def compare_papers(
    old: Paper,
    new: Paper,
    bill: Bill | None = None,
    positions: PrintPositions | None = None,
    next_day: bool | None = None,
) -> PaperComparison:
    """Compare paper ``old`` with the later paper ``new`` (see the module docstring).

    ``bill`` is the print the papers amend, to check each amendment's place against it;
    ``next_day`` says whether ``new`` is the next sitting day's paper (None: judge by
    their dates). Papers for different Bills are an :class:`InputError`.
    """
    if old.project_id and new.project_id and old.project_id != new.project_id:
        raise InputError(
            f"{new.source_path}: the papers are for different Bills ({old.title}, project "
            f"{old.project_id}; {new.title}, project {new.project_id})"
        )
    warnings: list[str] = []
    if old.bill_number and new.bill_number and old.bill_number != new.bill_number:
        warnings.append(
            f"the papers amend different prints ({old.bill_number}, {new.bill_number}): "
            "their pages and lines are of different prints"
        )
    if old.published and new.published and new.published < old.published:
        warnings.append(
            f"the new paper ({new.published}) is older than the old one ({old.published})"
        )
    is_next, rule = _stars_rule(old, new, next_day)
    applied = _fit(new, bill, positions, warnings)
    changes = []
    for o, n in _pair(old, new):
        number = (n or o).number  # type: ignore[union-attr]
        if n is None:
            assert o is not None
            changes.append(AmendmentChange(number, "withdrawn", o, None))
            continue
        problems = _recorded_place(n) + applied.get(id(n), ())
        duplicates = _duplicates(_member(x) for x in n.sponsors)
        if o is None:
            changes.append(
                AmendmentChange(
                    number,
                    "added",
                    None,
                    n,
                    duplicate_names=duplicates,
                    star=_star(None, n, False, is_next),
                    place_problems=problems,
                )
            )
            continue
        before, after = words_of(o), words_of(n)
        text = diff_words(before, after) if before != after else None
        statement = (
            diff_words(o.statement or "", n.statement or "")
            if (o.statement or "") != (n.statement or "")
            else None
        )
        added, removed, interests = _names(o, n)
        changes.append(
            AmendmentChange(
                number,
                "changed" if text is not None else "unchanged",
                o,
                n,
                text_diff=text,
                statement_diff=statement,
                names_added=added,
                names_removed=removed,
                interests=interests,
                duplicate_names=duplicates,
                star=_star(o, n, text is not None, is_next),
                place_problems=problems,
            )
        )
    return PaperComparison(
        old=old,
        new=new,
        amendments=tuple(changes),
        duplicate_numbers=_duplicates(a.number for a in new.amendments),
        next_day=is_next,
        stars_rule=rule,
        print_path=bill.source_path if bill is not None else None,
        warnings=tuple(warnings),
    )


def _fit(
    paper: Paper, bill: Bill | None, positions: PrintPositions | None, warnings: list[str]
) -> dict[int, tuple[str, ...]]:
    """For each amendment of ``paper`` that cannot be applied on its own to ``bill``, why."""
    if bill is None:
        return {}
    if paper.project_id and bill.project_id and paper.project_id != bill.project_id:
        raise InputError(
            f"{bill.source_path or 'the print'}: a print of another Bill ({bill.title}), not "
            f"of {paper.title}"
        )
    if paper.bill_number and bill.bill_number and paper.bill_number != bill.bill_number:
        warnings.append(
            f"the paper amends {paper.bill_number}, not the print given ({bill.bill_number}): "
            "its pages and lines are not checked"
        )
        return {}
    out: dict[int, tuple[str, ...]] = {}
    for a in paper.amendments:
        i = a.instruction
        if i is None:
            out[id(a)] = (a.problem or "it cannot be read",)
            continue
        if isinstance(i.action, NewUnit) and i.action.after is None:
            continue  # a new Clause cites no page and line
        result = apply(bill, [i], positions, renumber=False)
        if result.not_applied:
            out[id(a)] = tuple(na.reason for na in result.not_applied)
    return out
