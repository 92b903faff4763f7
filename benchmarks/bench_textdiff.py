"""Time billdiff.textdiff.diff_words on real and synthetic Bills (informational).

Run: ``.venv/bin/python benchmarks/bench_textdiff.py``. No issue sets a budget
for word diffs alone (``bench_diff.py`` holds the whole ``diff`` to one), so
this prints figures, and the real Bill's time as a ratio to lxml parsing the
same two files in the same run, so the machine's speed cancels out.

1. Real: every clause and schedule paragraph of the Data Protection and
   Digital Information Bill as introduced (1.7 MB) paired by GUID with the
   print as amended in Committee (1.9 MB). Text is extracted here with a few
   lines of lxml so the benchmark does not depend on the readers.
2. Synthetic: 300 clauses of about 2.5 KB of text each (about the text of a
   2 MB Bill print), each with one to eight word edits; then the same with
   7 KB and 30 KB clauses, reported without a budget (far more text than any
   Bill has).
3. Rewritten clauses: a 2.5 KB and a 30 KB clause against unrelated clauses
   of the same size, the slowest kind of pair; the 30 KB one runs
   diff-match-patch into its timeout.
"""

from __future__ import annotations

import random
import re
import sys
import time
from pathlib import Path

from lxml import etree

from billdiff.textdiff import DIFF_TIMEOUT_SECONDS, diff_words, tokenise

AKN = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "uk-akn"
OLD_PRINT = CORPUS / "dpdi-bill-1-hc-introduced.xml"
NEW_PRINT = CORPUS / "dpdi-bill-2-hc-committee.xml"


def units(path: Path) -> dict[str, str]:
    """Clause and schedule-paragraph texts by GUID, whitespace collapsed."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    root = etree.parse(str(path), parser).getroot()
    found: dict[str, str] = {}
    for el in root.iter(f"{{{AKN}}}section", f"{{{AKN}}}paragraph"):
        ancestors = list(el.iterancestors())
        if any(a.tag == f"{{{AKN}}}quotedStructure" for a in ancestors):
            continue
        if el.tag == f"{{{AKN}}}paragraph" and not any(
            a.tag == f"{{{AKN}}}hcontainer" and a.get("name") == "schedule" for a in ancestors
        ):
            continue
        if el.tag == f"{{{AKN}}}paragraph" and any(
            a.tag == f"{{{AKN}}}paragraph" for a in ancestors
        ):
            continue
        text = re.sub(r"[ \t\r\n]+", " ", "".join(el.itertext())).strip()
        found[el.get("GUID") or el.get("eId") or str(len(found))] = text
    return found


def timed(pairs: list[tuple[str, str]], repeat: int = 3) -> tuple[float, int]:
    """Best-of-repeat seconds to diff every pair (the machine may be shared), and the hunk count."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        hunks = sum(len(diff_words(a, b).hunks) for a, b in pairs)
        best = min(best, time.perf_counter() - start)
    return best, hunks


def synthetic_pairs(n: int, size: int, seed: int = 1) -> list[tuple[str, str]]:
    """n clause pairs of about size characters, built from real words, with a few edits each."""
    rng = random.Random(seed)
    words = [t for t in tokenise(" ".join(units(OLD_PRINT).values())) if not t.isspace()]
    pairs = []
    for _ in range(n):
        old: list[str] = []
        length = 0
        while length < size:
            old.append(rng.choice(words))
            length += len(old[-1]) + 1
        new = list(old)
        for _ in range(rng.randint(1, 8)):
            k = rng.randrange(len(new))
            new[k : k + rng.randint(0, 3)] = rng.choices(words, k=rng.randint(0, 4))
        pairs.append((" ".join(old), " ".join(new)))
    return pairs


def main() -> int:
    """Run the measurements and print them."""
    old_units, new_units = units(OLD_PRINT), units(NEW_PRINT)
    real = [(old_units[g], new_units[g]) for g in old_units if g in new_units]
    t_real, hunks = timed(real)
    mchars = sum(len(a) + len(b) for a, b in real) / 1e6
    start = time.perf_counter()
    etree.parse(str(OLD_PRINT))
    etree.parse(str(NEW_PRINT))
    t_parse = time.perf_counter() - start
    print(
        f"real DPDI Bill: {len(real)} unit pairs, {mchars:.2f} M chars: "
        f"{t_real:.3f} s, {hunks} hunks ({t_real / t_parse:.1f}x lxml parsing both files)"
    )

    for size in (2_500, 7_000, 30_000):
        synth = synthetic_pairs(300, size, seed=size)
        t, hunks = timed(synth)
        mchars = sum(len(a) + len(b) for a, b in synth) / 1e6
        print(f"synthetic: 300 pairs of ~{size / 1000:g} KB, {mchars:.2f} M chars: {t:.3f} s")

    for size in (2_500, 30_000):
        rewritten = synthetic_pairs(2, size, seed=3)
        t, _ = timed([(rewritten[0][0], rewritten[1][0])])
        print(f"rewritten: one {size / 1000:g} KB clause against an unrelated one: {t:.3f} s")
    print(f"(diff-match-patch timeout per call: {DIFF_TIMEOUT_SECONDS} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
