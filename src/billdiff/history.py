"""A Bill's whole life over many prints: the lineage of every clause and schedule paragraph.

A :class:`History` is built from the prints of one Bill. It puts them in
order (by publication date, then by the stage their version codes name; or
as given), compares each print with the next (:func:`billdiff.engine.compare`),
and chains the pairs into **lineages**: one per unit (clause, section,
schedule paragraph) that ever existed, holding its version in every print
(None where it is absent) and what happened to it at every step (the
:class:`~billdiff.comparison.UnitChange` of that pair of prints, None where it
is in neither print). A unit follows the pairing of each comparison, so one
that is renumbered, moved, re-GUIDed or substituted stays in its lineage; one
that is removed and later comes back is a new lineage.

**Lineage ids.** A lineage's id is the GUID of its first version (the
earliest print it is in), kept through every later print even if the unit's
GUID changes. A unit without a GUID gets ``KIND:REF@PRINT``: its kind, its
reference in that first print (``12``, ``2/5``; ``#N``, its place among the
print's units, when it has no number) and that print's version code
(``clause:12@introd-hc``), or ``p`` and the print's place in the history
(``p2``) when the print has no version code or shares it with another print
of the set. An id already taken (a GUID reused for a new unit) gets
``@PRINT`` appended the same way. So ids depend only on the prints given,
and stay the same when later prints are added (unless one repeats an
earlier print's version code).

What a front end needs is a few lines::

    from billdiff import load
    from billdiff.history import History

    history = History.build([load(p) for p in paths])        # any order; sorted by metadata
    history.names                  # ('As Introduced (Bill 166)', …), in history order
    history.order.reason           # 'by publication date'
    for lineage in history.lineages:
        lineage.id, lineage.refs()  # '_b05f…', ('12', '12', '14')
        lineage.statuses()          # (Status.AMENDED, Status.RENUMBERED)
    lineage = history.find_one("3:14")  # clause 14 of print 3 (also "clause 12", a GUID, an eId)
    pair = history.comparison(0, 2)      # any two prints, compared once and kept
    unit = pair.units[0]
    history.lineage_of(unit, 0, 2)       # that unit's lineage through every print

A terminal UI that lets the reader pick two prints of the set shows
``history.comparison(i, j)`` as it shows any comparison, and for the unit
under the cursor ``history.lineage_of(unit, i, j)``: its ``versions`` (one per
print) and ``steps`` (the ``UnitChange`` of each consecutive pair, which its
redline widget already draws), or the whole story as text with
:func:`billdiff.render.history.clause_text`. An HTML report's lineage table
has a row per ``history.lineages``, cells from
:func:`billdiff.render.history.numbers_of` and
:func:`~billdiff.render.history.changes_text` (or the data of
:func:`~billdiff.render.history.history_data`), escaped as it escapes
everything else. :mod:`billdiff.render.history` draws a history as text,
CSV, JSON and Markdown.

A unit paired directly by ``comparison(i, j)`` may sit in two lineages when
the chain of consecutive prints did not pair it (removed in one print and
back in a later one); :meth:`History.lineage_of` then gives the new side's.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from billdiff import parallel
from billdiff.comparison import Comparison, PrintInfo, Status, UnitChange, UnitVersion
from billdiff.engine import compare
from billdiff.errors import UsageError
from billdiff.lookup import parse as parse_reference
from billdiff.model import Bill, Kind
from billdiff.prints import is_later, titles_differ_wholly
from billdiff.textdiff import HunkClass
from billdiff.view.words import print_name

#: From how many comparisons on they are shared with a second process (when
#: :mod:`billdiff.parallel` is enabled). A comparison sent back costs about 40% of
#: making it (pickling), so for three of them (Social Housing's four prints) the
#: second core saves under 10 ms; reading the prints in two processes pays at once.
PARALLEL_STEPS = 4

#: Called as work goes on: ("reading", prints read, prints) then ("comparing", done, steps).
Progress = Callable[[str, int, int], None]


class OrderMode(StrEnum):
    """How the prints are put in order."""

    #: By publication date, then by the stage the version codes name; as given when
    #: the metadata cannot tell.
    METADATA = "metadata"
    #: As given.
    GIVEN = "given"


@dataclass(frozen=True, slots=True)
class Order:
    """The order the prints were put in, and why."""

    #: How they were ordered in the end (``metadata`` may fall back to ``given``).
    mode: OrderMode
    #: How they were asked to be ordered.
    asked: OrderMode
    #: In words: "by publication date", "by stage", "as given, since …".
    reason: str
    #: For each print of the history, its place (from 0) among the prints as given.
    given: tuple[int, ...]

    @property
    def reordered(self) -> bool:
        """Whether the history's order differs from the order the prints were given in."""
        return self.given != tuple(range(len(self.given)))


class DifferentBills(UsageError):
    """The prints given are not all of one Bill."""


class NoSuchLineage(UsageError):
    """No unit of any print has that reference."""


class AmbiguousLineage(UsageError):
    """A reference that names different units in different prints."""

    def __init__(self, message: str, candidates: Sequence[Lineage]) -> None:
        super().__init__(message)
        self.candidates = tuple(candidates)


@dataclass(frozen=True, slots=True, eq=False)
class Lineage:
    """One unit through every print: its versions and what happened at each step."""

    id: str
    kind: Kind
    #: Its version in each print of the history (None where it is not there).
    versions: tuple[UnitVersion | None, ...]
    #: What happened between print ``i`` and ``i + 1``: the unit of that comparison
    #: (None where the lineage is in neither print).
    steps: tuple[UnitChange | None, ...]

    @property
    def first(self) -> int:
        """The first print (from 0) it is in."""
        return next(n for n, v in enumerate(self.versions) if v is not None)

    @property
    def last(self) -> int:
        """The last print (from 0) it is in."""
        return max(n for n, v in enumerate(self.versions) if v is not None)

    @property
    def latest(self) -> UnitVersion:
        """Its version in the last print it is in."""
        version = self.versions[self.last]
        assert version is not None
        return version

    @property
    def label(self) -> str:
        """Its name in the last print it is in: "clause 14", "Schedule 2 paragraph 5"."""
        return self.latest.label

    def refs(self) -> tuple[str | None, ...]:
        """Its reference in each print ("12", "2/5"; None where it is not there)."""
        return tuple(v.ref if v is not None else None for v in self.versions)

    def statuses(self) -> tuple[Status | None, ...]:
        """Its status at each step (None where it is in neither print)."""
        return tuple(u.status if u is not None else None for u in self.steps)

    def changed_after(self, ignore: Iterable[HunkClass] = ()) -> bool:
        """Whether it changed at any step once ``ignore``d classes are set aside."""
        ignored = frozenset(ignore)
        return any(u is not None and u.changed_after(ignored) for u in self.steps)

    @property
    def changed(self) -> bool:
        """Whether anything happened to it at any step."""
        return self.changed_after(())

    @property
    def chain(self) -> str:
        """Its numbers through the prints: "clause 12 → 12 → 14", "clause 11 → removed"."""
        first = self.versions[self.first]
        assert first is not None
        text = first.label + "".join(
            f" → {v.ref}" for v in self.versions[self.first + 1 :] if v is not None
        )
        return text + (" → removed" if self.last < len(self.versions) - 1 else "")

    def prints_text(self) -> str:
        """Which prints (numbered from 1) it is in: "prints 1–3", "print 2", "prints 2–4"."""
        first, last = self.first + 1, self.last + 1
        return f"print {first}" if first == last else f"prints {first}–{last}"


class History:
    """The prints of one Bill in order, each compared with the next, and every lineage.

    Build it with :meth:`build`. Everything is computed once; :meth:`comparison`
    of two prints that are not consecutive is computed when first asked for and kept.
    """

    def __init__(
        self,
        bills: Sequence[Bill],
        order: Order,
        steps: Sequence[Comparison],
    ) -> None:
        self.bills: tuple[Bill, ...] = tuple(bills)
        self.prints: tuple[PrintInfo, ...] = tuple(PrintInfo.of(b) for b in self.bills)
        self.order = order
        self.steps: tuple[Comparison, ...] = tuple(steps)
        self.lineages: tuple[Lineage, ...] = _lineages(self.prints, self.steps)
        self._at = {
            (n, v.index): lineage
            for lineage in self.lineages
            for n, v in enumerate(lineage.versions)
            if v is not None
        }
        self._by_id = {lineage.id: lineage for lineage in self.lineages}
        self._pairs: dict[tuple[int, int], Comparison] = {
            (n, n + 1): c for n, c in enumerate(self.steps)
        }

    @classmethod
    def build(
        cls,
        bills: Sequence[Bill],
        order: OrderMode | str = OrderMode.METADATA,
        progress: Progress | None = None,
    ) -> History:
        """The history of ``bills`` (two or more prints of one Bill, in any order).

        Raises :class:`DifferentBills` when they are not all of one Bill, and
        :class:`~billdiff.errors.UsageError` for fewer than two prints or one
        print given twice. The comparisons run on two cores in the ``billdiff``
        process (see :mod:`billdiff.parallel`).
        """
        if len(bills) < 2:
            raise UsageError(f"a history needs two or more prints (given {len(bills)})")
        check_one_bill(bills)
        ordered, how = arrange(bills, OrderMode(order))
        pairs = list(itertools.pairwise(ordered))
        done = (lambda k: progress("comparing", k, len(pairs))) if progress else None
        if len(pairs) >= PARALLEL_STEPS:
            steps = parallel.map_shared(_compare_pair, pairs, done)
        else:
            steps = []
            for pair in pairs:
                steps.append(_compare_pair(pair))
                if done is not None:
                    done(len(steps))
        return cls(ordered, how, steps)

    # -- what front ends ask ----------------------------------------------------------------

    @property
    def title(self) -> str:
        """The Bill's title in its latest print."""
        return self.prints[-1].title

    @property
    def names(self) -> tuple[str, ...]:
        """Each print as a reader names it ("As Introduced (Bill 166)"), in history order."""
        return tuple(print_name(p) for p in self.prints)

    @property
    def warnings(self) -> tuple[str, ...]:
        """The comparisons' warnings, each once, saying which step they are about."""
        out: list[str] = []
        for n, c in enumerate(self.steps):
            out += [f"{n + 1} → {n + 2}: {w}" for w in c.warnings]
        return tuple(out)

    def comparison(self, old: int, new: int) -> Comparison:
        """The comparison of print ``old`` with print ``new`` (places from 0), made once."""
        for n in (old, new):
            if not 0 <= n < len(self.bills):
                raise IndexError(f"no print {n} in a history of {len(self.bills)}")
        key = (old, new)
        if key not in self._pairs:
            self._pairs[key] = compare(self.bills[old], self.bills[new])
        return self._pairs[key]

    def lineage_at(self, print_index: int, version: UnitVersion) -> Lineage | None:
        """The lineage of ``version``, a unit of print ``print_index`` (from 0)."""
        return self._at.get((print_index, version.index))

    def lineage_of(self, unit: UnitChange, old: int, new: int) -> Lineage | None:
        """The lineage of a unit of :meth:`comparison`\\ (``old``, ``new``): that of its new
        version, else of its old one."""
        if unit.new is not None:
            found = self.lineage_at(new, unit.new)
            if found is not None:
                return found
        return self.lineage_at(old, unit.old) if unit.old is not None else None

    def lineage(self, lineage_id: str) -> Lineage:
        """The lineage with this id (KeyError if none)."""
        return self._by_id[lineage_id]

    def find(self, ref: str) -> list[Lineage]:
        """Every lineage ``ref`` names, in history order.

        ``ref`` is a unit as printed ("12", "clause 12", "2/5", "Schedule 2
        paragraph 5"), a GUID, an eId or a lineage id, matched in every print;
        ``N:REF`` reads it in print N only (from 1; ``first:``/``old:`` and
        ``last:``/``new:`` name the first and last).
        """
        where, text = self._where(ref)
        key = parse_reference(text).key
        folded = key.casefold()
        found = []
        for lineage in self.lineages:
            if where is None and lineage.id.casefold() == folded:
                found.append(lineage)
                continue
            for n, v in enumerate(lineage.versions):
                if v is None or (where is not None and n != where):
                    continue
                if any(k is not None and k.casefold() == folded for k in (v.ref, v.guid, v.eid)):
                    found.append(lineage)
                    break
        if not found:
            place = f"print {where + 1}" if where is not None else "any print"
            raise NoSuchLineage(
                f"no clause or schedule paragraph {text!r} in {place} (give a number like 12, "
                "a schedule paragraph like 2/5 or “Schedule 2 paragraph 5”, a GUID or an eId; "
                "N:REF reads it in print N)"
            )
        return found

    def find_one(self, ref: str) -> Lineage:
        """The one lineage ``ref`` names; :class:`AmbiguousLineage` if it names more."""
        found = self.find(ref)
        if len(found) == 1:
            return found[0]
        _, text = self._where(ref)
        key = parse_reference(text).key
        listed = "; ".join(self._where_named(lineage, key) for lineage in found)
        raise AmbiguousLineage(
            f"{text} names {len(found)} different units: {listed}; say N:{text} for the "
            "number in print N",
            found,
        )

    def _where(self, ref: str) -> tuple[int | None, str]:
        m = _PRINT_PREFIX.fullmatch(" ".join(ref.split()))
        if m is None:
            return None, ref
        name, text = m.group(1).lower(), m.group(2)
        if name in ("first", "old"):
            return 0, text
        if name in ("last", "new"):
            return len(self.prints) - 1, text
        n = int(name)
        if not 1 <= n <= len(self.prints):
            raise UsageError(f"{ref}: there is no print {n} (they are 1 to {len(self.prints)})")
        return n - 1, text

    @staticmethod
    def _where_named(lineage: Lineage, key: str) -> str:
        folded = key.casefold()
        prints = [
            n + 1
            for n, v in enumerate(lineage.versions)
            if v is not None and v.ref.casefold() == folded
        ]
        if not prints:
            return lineage.chain
        return f"{lineage.chain} ({key} in {_runs(prints)})"


_PRINT_PREFIX = re.compile(r"(?i)(\d+|first|last|old|new)\s*:\s*(.+)")


def _runs(prints: Sequence[int]) -> str:
    """ "print 2", "prints 1–3", "prints 1 and 3"."""
    if len(prints) == 1:
        return f"print {prints[0]}"
    if list(prints) == list(range(prints[0], prints[-1] + 1)):
        return f"prints {prints[0]}–{prints[-1]}"
    return "prints " + ", ".join(str(p) for p in prints[:-1]) + f" and {prints[-1]}"


def _compare_pair(pair: tuple[Bill, Bill]) -> Comparison:
    return compare(*pair)


# -- reading and checking the prints --------------------------------------------------------


def load_all(paths: Sequence[str], progress: Progress | None = None) -> list[Bill]:
    """Read every print of ``paths`` (``-`` is stdin, at most once), on two cores in the
    ``billdiff`` process."""
    from billdiff.formats import load

    if list(paths).count("-") > 1:
        raise UsageError("only one print can be - (stdin)")
    done = (lambda k: progress("reading", k, len(paths))) if progress else None
    stdin = {n for n, p in enumerate(paths) if p == "-"}
    return parallel.map_shared(load, list(paths), done, parent_only=stdin)


def file_name(path: str | None) -> str:
    """How a print's file is named in messages and tables: its name, or "stdin"."""
    return Path(path).name if path and path not in ("-", "stdin") else "stdin"


def _name(bill: Bill) -> str:
    return file_name(bill.source_path)


def check_one_bill(bills: Sequence[Bill]) -> None:
    """Refuse prints of different Bills, and a print given twice.

    Prints are of different Bills when their Lawmaker project ids differ, or when their
    titles differ wholly (:func:`billdiff.prints.titles_differ_wholly`), under one project
    id or none: a Bill's short title may gain "(No. 2)" or "[HL]", or be renamed, and it
    is still one Bill.
    """
    seen: dict[str, Bill] = {}
    for bill in bills:
        if bill.sha256 and bill.sha256 in seen:
            first = seen[bill.sha256]
            raise UsageError(
                (
                    f"{_name(bill)} is given twice"
                    if first.source_path == bill.source_path
                    else f"{_name(first)} and {_name(bill)} are the same print (same SHA-256)"
                )
                + "; give each print once"
            )
        if bill.sha256:
            seen[bill.sha256] = bill
    if all(b.project_id for b in bills):
        groups = _groups(bills, lambda b: b.project_id or "")
        if len(groups) > 1:
            listed = ", ".join(
                f"{_name(b)} is project {b.project_id} ({b.title})" for b in groups.values()
            )
            raise DifferentBills(f"the prints are of different bills: {listed}")
    first = bills[0]
    for bill in bills[1:]:
        if titles_differ_wholly(first.title, first.long_title, bill.title, bill.long_title):
            shared = (
                f", though both carry project id {bill.project_id}"
                if bill.project_id and bill.project_id == first.project_id
                else ""
            )
            raise DifferentBills(
                f"the prints are of different bills: {_name(first)} is “{first.title}” and "
                f"{_name(bill)} is “{bill.title}”, titles with no words in common{shared}"
            )


def _groups(bills: Sequence[Bill], key: Callable[[Bill], str]) -> dict[str, Bill]:
    """The first bill of each distinct ``key``, in the order given."""
    out: dict[str, Bill] = {}
    for b in bills:
        out.setdefault(key(b), b)
    return out


def arrange(bills: Sequence[Bill], asked: OrderMode) -> tuple[list[Bill], Order]:
    """``bills`` in history order, and how that order was decided.

    By metadata: sorted by :func:`billdiff.prints.is_later` (publication dates
    where both prints have one, else stages; for versions of an Act that have
    no publication dates, the dates they came into force); when some pair
    cannot be ordered that way, or the dates and stages disagree, as given,
    saying why.
    """
    given = list(range(len(bills)))
    if asked is OrderMode.GIVEN:
        return list(bills), Order(OrderMode.GIVEN, asked, "as given", tuple(given))
    # Versions of an Act (legislation.gov.uk) have no publication date but the date each
    # came into force: that orders them the same way.
    in_force = not any(b.published for b in bills) and all(b.valid_from for b in bills)
    dates = "dates in force" if in_force else "publication dates"
    keys = [(b.valid_from if in_force else b.published, b.version) for b in bills]
    for i in given:
        for j in given[i + 1 :]:
            if is_later(keys[i], keys[j]) is None:
                why = (
                    f"as given, since {_name(bills[i])} and {_name(bills[j])} have no {dates} "
                    "or stages that put them in order"
                )
                return list(bills), Order(OrderMode.GIVEN, asked, why, tuple(given))

    def later_first(a: int, b: int) -> int:
        return 1 if is_later(keys[a], keys[b]) else -1

    ordered = sorted(given, key=functools.cmp_to_key(later_first))
    consistent = all(
        is_later(keys[b], keys[a]) for n, a in enumerate(ordered) for b in ordered[n + 1 :]
    )
    if not consistent:
        why = f"as given, since the prints' {dates} and stages disagree about their order"
        return list(bills), Order(OrderMode.GIVEN, asked, why, tuple(given))
    by_date = [
        bool(keys[a][0] and keys[b][0] and keys[a][0] != keys[b][0])
        for a, b in itertools.pairwise(ordered)
    ]
    date = dates.replace("dates", "date")
    reason = (
        f"by {date}"
        if all(by_date)
        else "by stage"
        if not any(by_date)
        else f"by {date}, then stage"
    )
    return (
        [bills[n] for n in ordered],
        Order(OrderMode.METADATA, asked, reason, tuple(ordered)),
    )


# -- chaining the comparisons into lineages -------------------------------------------------


@dataclass(slots=True, eq=False)
class _Chain:
    """A lineage while it is being built."""

    versions: list[UnitVersion | None]
    steps: list[UnitChange | None]


def _lineages(prints: Sequence[PrintInfo], steps: Sequence[Comparison]) -> tuple[Lineage, ...]:
    n_prints = len(prints)
    order: list[_Chain] = []
    current: dict[int, _Chain] = {}
    for n, c in enumerate(steps):
        following: dict[int, _Chain] = {}
        touched: list[_Chain] = []
        for u in c.units:
            chain = current.get(u.old.index) if u.old is not None else None
            if chain is None:
                chain = _Chain([None] * n_prints, [None] * (n_prints - 1))
                if u.old is not None:
                    chain.versions[n] = u.old
            chain.steps[n] = u
            if u.new is not None:
                chain.versions[n + 1] = u.new
                following[u.new.index] = chain
            touched.append(chain)
        order = _merge_order(order, touched)
        current = following
    tags = _print_tags(prints)
    taken: set[str] = set()
    out = []
    for chain in order:
        first = next(k for k, v in enumerate(chain.versions) if v is not None)
        version = chain.versions[first]
        assert version is not None
        lineage_id = version.guid or (
            f"{version.kind.value}:{version.ref or f'#{version.index + 1}'}@{tags[first]}"
        )
        if lineage_id in taken:
            lineage_id = f"{lineage_id}@{tags[first]}"
        k = 2
        while lineage_id in taken:  # only with duplicate GUIDs inside one print
            lineage_id, k = f"{lineage_id.rsplit('~', 1)[0]}~{k}", k + 1
        taken.add(lineage_id)
        latest = next(v for v in reversed(chain.versions) if v is not None)
        out.append(Lineage(lineage_id, latest.kind, tuple(chain.versions), tuple(chain.steps)))
    return tuple(out)


def _merge_order(previous: list[_Chain], touched: list[_Chain]) -> list[_Chain]:
    """The order of every lineage so far: those of this step in its order (the new print's,
    removed units after their predecessors), each followed by the lineages that ended
    before this step and came after it before."""
    live = {id(c) for c in touched}
    leading: list[_Chain] = []
    trailing: dict[int, list[_Chain]] = {}
    last_live: _Chain | None = None
    for chain in previous:
        if id(chain) in live:
            last_live = chain
        elif last_live is None:
            leading.append(chain)
        else:
            trailing.setdefault(id(last_live), []).append(chain)
    out = list(leading)
    for chain in touched:
        out.append(chain)
        out.extend(trailing.get(id(chain), ()))
    return out


def _print_tags(prints: Sequence[PrintInfo]) -> list[str]:
    """What a derived lineage id says for each print: its version code if no other print of
    the set has it, else ``p`` and its place (from 1)."""
    codes = Counter(p.version for p in prints)
    return [
        p.version if p.version and codes[p.version] == 1 else f"p{n + 1}"
        for n, p in enumerate(prints)
    ]
