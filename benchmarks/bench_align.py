"""Alignment cost as a bill doubles: no step may be quadratic in the number of units.

A 600-clause bill is made from the DPDI committee print (121 clauses, 175
schedule paragraphs) repeated five times, each copy's longer words given a
suffix of its own so the copies share no word pairs (as the clauses of a real
bill do not); the doubled bill repeats it ten times (1,210 clauses). Each
gets a next print from ``tests/next_print.py`` (the same seed), and
``billdiff.compare`` is timed on both pairs, alternately, in the three forms
(GUIDs, no ids, eIds without GUIDs); ``align_units`` alone likewise. The
ratio of the doubled pair's time to the single pair's is reported per round
(the spread is the machine's noise); linear is 2.0, quadratic 4.0.

    python benchmarks/bench_align.py [--rounds N]
"""

from __future__ import annotations

import argparse
import copy
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

from lxml import etree

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _common import corpus_file

from billdiff import compare, load
from billdiff.align import align_schedules, align_units
from billdiff.comparison import UnitVersion
from billdiff.model import Bill, Kind
from tests import next_print

AKN = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
#: Budget for the doubled pair's time over the single pair's (linear is 2).
BUDGET = 3.0
_LONG_WORD = re.compile(r"\b([A-Za-z]{5,})\b")


def enlarge(tree: etree._ElementTree, copies: int) -> etree._ElementTree:
    """``tree`` with its body repeated ``copies`` times: GUIDs, eIds and numbers made
    unique per copy, and each copy's long words suffixed so no copy repeats another."""
    tree = copy.deepcopy(tree)
    body = tree.find(f".//{{{AKN}}}body")
    assert body is not None
    originals = list(body)
    for k in range(1, copies):
        suffix = "q" + chr(ord("a") + k)
        for el in originals:
            clone = copy.deepcopy(el)
            for node in clone.iter():
                if not isinstance(node.tag, str):
                    continue
                for attr in ("GUID", "eId"):
                    if node.get(attr):
                        node.set(attr, f"{node.get(attr)}-copy{k}")
                if node.tag == f"{{{AKN}}}num":
                    _shift_number(node, 1000 * k)
                elif node.text:
                    node.text = _LONG_WORD.sub(rf"\1{suffix}", node.text)
                parent = node.getparent()
                if node.tail and parent is not None and parent.tag != f"{{{AKN}}}num":
                    node.tail = _LONG_WORD.sub(rf"\1{suffix}", node.tail)
            body.append(clone)
    # Schedules are numbered per schedule ("Schedule 3"): keep them apart too.
    scheds = [s for s in body.iter(f"{{{AKN}}}hcontainer") if s.get("name") == "schedule"]
    for n, sched in enumerate(scheds, start=1):
        num = sched.find(f"{{{AKN}}}num")
        if num is not None:
            for child in num:
                child.tail = None
            num.text = f"Schedule {n}"
    return tree


def _shift_number(num: etree._Element, by: int) -> None:
    """Add ``by`` to a plain number ("12"), wherever in ``num`` its text is (after a PI)."""
    if num.text and num.text.strip().isdigit():
        num.text = str(int(num.text.strip()) + by)
        return
    for child in num:
        if child.tail and child.tail.strip().isdigit():
            child.tail = str(int(child.tail.strip()) + by)
            return


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    base = next_print.parse(corpus_file("uk-akn/dpdi-bill-2-hc-committee.xml"))
    donor = next_print.parse(corpus_file("uk-akn/employment-rights-bill-hc-introduced.xml"))
    sizes = {"600": enlarge(base, 5), "1200": enlarge(base, 10)}
    comparisons: dict[tuple[str, str], tuple[Bill, Bill]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for size, tree in sizes.items():
            result = next_print.make(tree, donor, 1)
            old_forms, new_forms = next_print.forms(result.old), next_print.forms(result.new)
            for form in next_print.FORMS:
                old_path = Path(tmp) / f"old-{size}-{form}.xml"
                new_path = Path(tmp) / f"new-{size}-{form}.xml"
                old_path.write_bytes(old_forms[form])
                new_path.write_bytes(new_forms[form])
                old, new = load(old_path), load(new_path)
                comparisons[(size, form)] = (old, new)
                c = compare(old, new)
                found = {
                    (_ref(u.old), _ref(u.new))
                    for u in c.units
                    if u.old and u.new and u.status.value != "substituted"
                }
                truth = {(old, new) for old, new in result.truth.pairs}
                clauses = sum(1 for u in old.units() if u.schedule is None)
                print(
                    f"{clauses} clauses, {form:6}: {len(c.units)} units; pairing precision "
                    f"{len(found & truth) / len(found):.4f}, recall "
                    f"{len(found & truth) / len(truth):.4f}"
                )
    ok = True
    for form in next_print.FORMS:
        for what in ("compare", "align_units"):
            small, large = comparisons[("600", form)], comparisons[("1200", form)]
            times: dict[str, list[float]] = {"600": [], "1200": []}
            for _ in range(args.rounds):
                for size, (old, new) in (("600", small), ("1200", large)):
                    start = time.process_time()
                    if what == "compare":
                        compare(old, new)
                    else:
                        _align(old, new)
                    times[size].append(time.process_time() - start)
            ratios = sorted(b / a for a, b in zip(times["600"], times["1200"], strict=True))
            median = statistics.median(ratios)
            verdict = "OK" if median <= BUDGET else "OVER"
            ok = ok and median <= BUDGET
            print(
                f"{what:11} {form:6}: 600 clauses {statistics.median(times['600']) * 1000:6.0f} ms,"
                f" 1200 clauses {statistics.median(times['1200']) * 1000:6.0f} ms; doubled / "
                f"single {median:.2f}x (per-round {ratios[0]:.2f}..{ratios[-1]:.2f}); "
                f"budget {BUDGET}x: {verdict}"
            )
    return 0 if ok else 1


def _ref(v: UnitVersion | None) -> str:
    assert v is not None
    number = v.number or ""
    return f"{v.schedule or ''}/{number}" if v.kind is Kind.SCHEDULE_PARAGRAPH else number


def _align(old: Bill, new: Bill) -> None:
    old_units, new_units = list(old.units()), list(new.units())
    old_s = [p for p in old.walk() if p.kind is Kind.SCHEDULE]
    new_s = [p for p in new.walk() if p.kind is Kind.SCHEDULE]
    align_units(old_units, new_units, old_s, new_s, align_schedules(old_s, new_s))


if __name__ == "__main__":
    sys.exit(main())
