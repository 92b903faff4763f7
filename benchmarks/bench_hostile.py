"""Budgets for hostile input at billdiff's limits: time and peak memory stay bounded.

A print, a saved draft or an amendment paper that arrives in a pull request can be
built to be slow: 5,000 clauses with the same heading and words, 5,000
cross-headings that all share their words, two 32 MB prints in which every fourth
word of every clause changed, a 32 MB draft of quoted words, a 28 MB paper with one
instruction. Each case is generated, then run as a whole ``billdiff`` process; its
time and the peak memory of its processes are reported against the budgets:

* time at most :data:`TIME_BUDGET` seconds, and at most :data:`PARSE_RATIO` times
  what a process that only parses the same files with lxml takes in the same run
  (so a slower machine does not fail it);
* peak memory at most :data:`MEMORY_RATIO` times the inputs' size, or
  :data:`MEMORY_FLOOR_MB`, whichever is more.

    python benchmarks/bench_hostile.py            # every case
    python benchmarks/bench_hostile.py fourth     # the cases whose name holds "fourth"

The paper cases need the shared corpus (they build on a real DPDI paper); they are
skipped without it.
"""

from __future__ import annotations

import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from _common import CORPUS, ROOT

AKN = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
UNITS = 5000
TIME_BUDGET = 120.0
PARSE_RATIO = 1000.0
MEMORY_RATIO = 30.0
MEMORY_FLOOR_MB = 200
#: The largest file billdiff reads (formats.xmlsafe.MAX_BYTES), less room for the wrapper.
LIMIT_BYTES = 32 * 2**20 - 64 * 1024
FIXTURES = ROOT / "fixtures" / "crime-and-policing"
DPDI_PAPER = CORPUS / "uk-akn" / "amendments" / "dpdi-bill-report-amendments-0721.xml"
DPDI_PRINT = CORPUS / "uk-akn" / "dpdi-bill-2-hc-committee.xml"


def _bill(sections: list[str]) -> str:
    return (
        f'<akomaNtoso xmlns="{AKN}" xmlns:ukl="https://www.legislation.gov.uk/namespaces/UK-AKN">'
        '<bill name="ukpubb"><meta><references source="#a">'
        '<TLCConcept eId="varBillTitle" href="#" showAs="Hostile Bill"/>'
        '<TLCConcept eId="varProjectId" href="#" showAs="UK1"/></references></meta><body>\n'
        + "\n".join(sections)
        + "\n</body></bill></akomaNtoso>\n"
    )


def _section(n: int, heading: str, text: str) -> str:
    return (
        f'<section eId="sec_{n}"><num>{n}</num><heading>{heading}</heading>'
        f"<content><p>{text}</p></content></section>"
    )


def identical_units(variant: bool) -> str:
    """Every clause "Regulations" with the same words; the new print changes one."""
    text = "The Secretary of State may make regulations."
    return _bill(
        [
            _section(n, "Regulations", text + (" Extra." if variant and n == UNITS // 2 else ""))
            for n in range(1, UNITS + 1)
        ]
    )


def crossheadings(variant: bool) -> str:
    """Each clause under its own cross-heading; the new print renames them all."""
    word = "Rules" if variant else "Regulations"
    return _bill(
        [
            f'<hcontainer name="crossheading" eId="x{n}"><heading>{word} {n % 7}</heading>'
            + _section(n, "Regulations", "The Secretary of State may make regulations.")
            + "</hcontainer>"
            for n in range(1, UNITS + 1)
        ]
    )


def unrelated(variant: bool) -> str:
    """Cross-headings and clauses of random words that share little between the prints."""
    rnd = random.Random(2 if variant else 1)
    words = [f"w{i}" for i in range(3000)]

    def some(k: int) -> str:
        return " ".join(rnd.choice(words) for _ in range(k))

    return _bill(
        [
            f'<hcontainer name="crossheading" eId="x{n}"><heading>Matters relating to '
            f"{some(2)}</heading>" + _section(n, f"H {some(1)}", some(12)) + "</hcontainer>"
            for n in range(1, UNITS + 1)
        ]
    )


def every_fourth_word(variant: bool) -> str:
    """As many clauses of 1,100 random words as fit in the size limit (about 4,800); the
    new print changes every fourth word of every one (the audit's case, 4,990 clauses of
    31.7 MB: 12 min 44 s and 2.29 GB)."""
    rnd = random.Random(4)
    vocabulary = [f"w{i}" for i in range(5000)]
    sections: list[str] = []
    size = 0
    while True:
        words = [rnd.choice(vocabulary) for _ in range(1100)]
        swaps = [rnd.choice(vocabulary) for _ in range(275)]
        if variant:
            words = [w if k % 4 else swaps[k // 4] for k, w in enumerate(words)]
        section = _section(len(sections) + 1, f"H {len(sections) + 1}", " ".join(words))
        size += len(section) + 1
        if size > LIMIT_BYTES or len(sections) == UNITS - 1:
            break
        sections.append(section)
    return _bill(sections)


def shuffled_words(variant: bool) -> str:
    """5,000 clauses of 350 words from 30 (so few that no word is found once), the new
    print's cut into eight pieces put in another order: words moved rather than changed,
    the costliest pairs the word-diff budget still lets through to diff word by word."""
    rnd = random.Random(6)
    vocabulary = [f"w{i}" for i in range(30)]
    sections = []
    for n in range(1, UNITS + 1):
        words = [rnd.choice(vocabulary) for _ in range(350)]
        pieces = [words[k * 350 // 8 : (k + 1) * 350 // 8] for k in range(8)]
        order = rnd.sample(range(8), 8)
        if variant:
            words = [w for k in order for w in pieces[k]]
        sections.append(_section(n, f"H {n}", " ".join(words)))
    return _bill(sections)


def _draft() -> dict:
    """A real saved draft (fixtures 1 → 2) to fill with hostile values."""
    done = subprocess.run(
        [sys.executable, "-m", "billdiff", "amendments", *_fixtures(), "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
    )
    return json.loads(done.stdout)


def _fixtures() -> list[str]:
    names = ("1-commons-introduced.xml", "2-commons-public-bill-committee.xml")
    return [str(FIXTURES / name) for name in names]


def one_huge_quoted_value(folder: Path) -> list[str]:
    """A 32 MB draft whose first amendment leaves out one huge run of words (the audit's
    case: 54.7 s and 5.38 GB)."""
    draft = _draft()
    room = LIMIT_BYTES - len(json.dumps(draft).encode())
    draft["amendments"][0]["action"]["words"] = "word " * (room // 5)
    path = folder / "draft.json"
    path.write_text(json.dumps(draft), encoding="utf-8")
    return ["amendments", "apply", _fixtures()[0], str(path)]


def quoted_values_at_their_limit(folder: Path) -> list[str]:
    """A 32 MB draft of amendments each leaving out the longest words a draft may quote."""
    from billdiff.amend.instructions import MAX_QUOTED

    draft = _draft()
    first = draft["amendments"][0]
    words = ("the words of a clause " * MAX_QUOTED)[: MAX_QUOTED - 1].strip()
    count = LIMIT_BYTES // (MAX_QUOTED + 400)
    draft["amendments"] = [
        {**first, "action": {**first["action"], "words": words}} for _ in range(count)
    ]
    path = folder / "draft.json"
    path.write_text(json.dumps(draft), encoding="utf-8")
    return ["amendments", "apply", _fixtures()[0], str(path)]


def _huge_paper(folder: Path) -> Path:
    """The DPDI paper with its first instruction made 28 MB of quoted words (the audit's
    case: 18 s and 2.06 GB)."""
    text = DPDI_PAPER.read_text(encoding="utf-8")
    start = "<mod>To move the following Clause—"
    # libxml2 refuses a text node over 10 MB: empty elements cut the words into nodes.
    words = "<i/>".join(["word " * 200_000] * 28)
    path = folder / "paper.xml"
    path.write_text(
        text.replace(start, f"<mod>Clause 1, page 1, line 5, leave out “{words}” and insert—", 1),
        encoding="utf-8",
    )
    return path


def huge_instruction_outline(folder: Path) -> list[str]:
    """``outline`` of a paper with one 28 MB instruction."""
    return ["outline", str(_huge_paper(folder))]


def huge_instruction_apply(folder: Path) -> list[str]:
    """``amendments apply`` of a paper with one 28 MB instruction to the print it amends."""
    return ["amendments", "apply", str(DPDI_PRINT), str(_huge_paper(folder))]


@dataclass(frozen=True)
class Case:
    """One hostile input: how to make it, and the ``billdiff`` command to run on it."""

    name: str
    make: Callable[[Path], list[str]]
    needs_corpus: bool = False


def _prints(make: Callable[[bool], str]) -> Callable[[Path], list[str]]:
    def prints(folder: Path) -> list[str]:
        old, new = folder / "old.xml", folder / "new.xml"
        old.write_text(make(False), encoding="utf-8")
        new.write_text(make(True), encoding="utf-8")
        return ["diff", str(old), str(new), "-o", str(folder / "redline.txt")]

    return prints


CASES = [
    Case("identical_units", _prints(identical_units)),
    Case("crossheadings", _prints(crossheadings)),
    Case("unrelated", _prints(unrelated)),
    Case("every_fourth_word", _prints(every_fourth_word)),
    Case("shuffled_words", _prints(shuffled_words)),
    Case("one_huge_quoted_value", one_huge_quoted_value),
    Case("quoted_values_at_their_limit", quoted_values_at_their_limit),
    Case("huge_instruction_outline", huge_instruction_outline, needs_corpus=True),
    Case("huge_instruction_apply", huge_instruction_apply, needs_corpus=True),
]


def measure(argv: list[str]) -> tuple[float, float, int]:
    """Seconds, peak MB (of every process) and exit code of ``billdiff ARGV`` as a process."""
    script = (
        "import os, resource, sys\n"
        "from billdiff import cli\n"
        "real = os._exit\n"
        "def report(code):\n"
        "    rss = max(resource.getrusage(w).ru_maxrss for w in\n"
        "              (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))\n"
        "    sys.stderr.write(f'maxrss_kb={rss} code={code}\\n'); sys.stderr.flush(); real(0)\n"
        "os._exit = report\n"
        "sys.argv = ['billdiff', *sys.argv[1:]]\n"
        "cli.run()\n"
    )
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", script, *argv], capture_output=True, text=True, check=False
    )
    seconds = time.perf_counter() - start
    last = proc.stderr.strip().rsplit("maxrss_kb=", 1)[1]
    kb, code = last.split(" code=")
    return seconds, int(kb) / 1024, int(code)


def lxml_seconds(paths: list[Path]) -> float:
    """Seconds a process takes to start and parse ``paths`` with lxml (huge_tree)."""
    script = (
        "import sys\n"
        "from lxml import etree\n"
        "parser = etree.XMLParser(huge_tree=True, resolve_entities=False, no_network=True)\n"
        "for p in sys.argv[1:]:\n"
        "    data = open(p, 'rb').read()\n"
        "    if data.lstrip()[:1] == b'<':\n"
        "        etree.fromstring(data, parser)\n"
    )
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", script, *map(str, paths)], check=True)
    return time.perf_counter() - start


def main(only: str = "") -> int:
    ok = True
    for case in CASES:
        if only not in case.name:
            continue
        if case.needs_corpus and not DPDI_PAPER.is_file():
            print(f"{case.name}: skipped (needs {DPDI_PAPER})")
            continue
        with tempfile.TemporaryDirectory() as tmp:
            argv = case.make(Path(tmp))
            inputs = [Path(a) for a in argv if Path(a).is_file()]
            size_mb = sum(p.stat().st_size for p in inputs) / 2**20
            seconds, peak, code = measure(argv)
            parse = lxml_seconds(inputs)
        memory_budget = max(MEMORY_FLOOR_MB, MEMORY_RATIO * size_mb)
        ratio = seconds / parse
        fine = seconds <= TIME_BUDGET and ratio <= PARSE_RATIO and peak <= memory_budget
        ok &= fine
        print(
            f"{case.name}: billdiff {argv[0]} on {size_mb:.1f} MB, exit {code}: {seconds:.1f} s "
            f"({ratio:.0f}x an lxml parse of the same files, {parse:.2f} s; budgets "
            f"{TIME_BUDGET:g} s and {PARSE_RATIO:g}x), peak {peak:.0f} MB "
            f"({peak / size_mb:.1f}x the input; budget {memory_budget:.0f} MB): "
            f"{'OK' if fine else 'OVER'}",
            flush=True,
        )
    return 0 if ok else 1


if __name__ == "__main__":
    resource.setrlimit(resource.RLIMIT_AS, (8 * 2**30, 8 * 2**30))
    sys.exit(main(*sys.argv[1:2]))
