"""The outputs the golden test pins: every pair of prints of one Bill, and every print's outline.

A case is a ``billdiff`` command line whose output is JSON. :func:`run` runs one in
this process and returns what a reviewer needs to see change: the exit code, stderr
and the parsed JSON, with the corpus and fixture folders written as ``$CORPUS`` and
``$FIXTURES`` (the only volatile fields). Imports nothing from billdiff at module
level, so that ``regenerate.py`` can run the cases against the code of any commit.
"""

from __future__ import annotations

import contextlib
import io
import itertools
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures" / "crime-and-policing"
CORPUS = Path(os.environ.get("BILLDIFF_CORPUS", ROOT.parent / "shared" / "corpus"))
DATA = Path(__file__).resolve().parent / "data"

# Prints of one Bill (or one enactment), in the order they were published.
_BILLS: tuple[tuple[str, ...], ...] = (
    ("uk-akn/dpdi-bill-1-hc-introduced.xml", "uk-akn/dpdi-bill-2-hc-committee.xml"),
    (
        "uk-akn/social-housing-bill-1-hl-committee.xml",
        "uk-akn/social-housing-bill-2-hl-report.xml",
        "uk-akn/social-housing-bill-3-hc-brought-from-lords.xml",
        "uk-akn/social-housing-bill-4-hc-pbc.xml",
    ),
    ("clml/transport-act-2000-s19-2014-04-01.xml", "clml/transport-act-2000-s19-current.xml"),
    # The same enactment in legislation.gov.uk's two formats.
    ("clml/fsma-2023-2024-11-01.xml", "uk-akn/lgu-fsma-2023-2024-11-01.akn.xml"),
    ("clml/uksi-2025-3-made.xml", "uk-akn/lgu-uksi-2025-3-made.akn.xml"),
    # A Bill's last print and the section of the Act it became, in both formats.
    (
        "uk-akn/sentencing-bill-hl-report.xml",
        "clml/sentencing-act-2026-s22.xml",
        "uk-akn/lgu-sentencing-act-2026-s22.akn.xml",
    ),
)
_FIXTURE_PRINTS = (
    "1-commons-introduced.xml",
    "2-commons-public-bill-committee.xml",
    "3-lords-brought-from-commons.xml",
)
#: Not a command: the case is ``billdiff.load(FILE)``, as JSON.
MODEL = "model"
# Every print billdiff reads, and the amendment papers ("outline PAPER").
_OUTLINED = ("uk-akn/*.xml", "clml/*.xml", "uk-akn/amendments/*.xml")


@dataclass(frozen=True, slots=True)
class Case:
    """One command line and the files it needs."""

    name: str
    argv: tuple[str, ...]

    @property
    def files(self) -> tuple[Path, ...]:
        """The inputs, as paths."""
        return tuple(Path(a) for a in self.argv if a.endswith(".xml"))

    @property
    def golden(self) -> Path:
        """Where its expected output is kept."""
        return DATA / f"{self.name}.json.gz"


def _stem(path: Path) -> str:
    return path.name.removesuffix(".xml").removesuffix(".akn")


def cases() -> list[Case]:
    """Every case, corpus files named whether or not the corpus is there."""
    out: list[Case] = []
    pairs = [tuple(FIXTURES / p for p in bill) for bill in [_FIXTURE_PRINTS]]
    pairs += [tuple(CORPUS / p for p in bill) for bill in _BILLS]
    for bill in pairs:
        # Both orders: the reverse is a real comparison too (and must say NEW looks older).
        for old, new in itertools.permutations(bill, 2):
            out.append(
                Case(
                    f"diff--{_stem(old)}--{_stem(new)}",
                    ("diff", "--format", "json", str(old), str(new)),
                )
            )
    outlined = [FIXTURES / p for p in _FIXTURE_PRINTS]
    for pattern in _OUTLINED:
        folder, _, glob = pattern.rpartition("/")
        outlined += sorted((CORPUS / folder).glob(glob))
    for path in outlined:
        out.append(Case(f"outline--{_stem(path)}", ("outline", "--format", "json", str(path))))
        if "amendments" not in path.parts:
            # The whole model, every provision's text: what the diff of an unchanged unit
            # and the outline do not show.
            out.append(Case(f"model--{_stem(path)}", (MODEL, str(path))))
    return out


def _symbolic(text: str) -> str:
    # The longer folder first, in case one is inside the other.
    for folder, name in sorted(
        ((str(CORPUS), "$CORPUS"), (str(FIXTURES), "$FIXTURES")), key=lambda p: -len(p[0])
    ):
        text = text.replace(folder, name)
    return text


def run(case: Case) -> dict[str, Any]:
    """Run ``case`` in this process: its exit code, stderr and JSON output."""
    from billdiff import cli

    out, err = io.StringIO(), io.StringIO()
    if case.argv[0] == MODEL:
        import dataclasses

        import billdiff

        code = 0
        out.write(json.dumps(dataclasses.asdict(billdiff.load(case.argv[1])), ensure_ascii=False))
    else:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = cli.main(list(case.argv))
    stdout = _symbolic(out.getvalue())
    return {
        "argv": [_symbolic(a) for a in case.argv],
        "exit": code,
        "stderr": _symbolic(err.getvalue()),
        "output": json.loads(stdout) if stdout.strip() else None,
    }


def dumps(result: dict[str, Any]) -> bytes:
    """The stored form: indented JSON (so ``zcat`` shows one field a line; a model, whose
    text is most of it, on one line), gzip'd without a timestamp, so regenerating
    unchanged output rewrites identical bytes."""
    import gzip

    indent = None if result["argv"][0] == MODEL else 1
    text = json.dumps(result, indent=indent, ensure_ascii=False) + "\n"
    return gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0)


def load(path: Path) -> dict[str, Any]:
    """A stored result."""
    import gzip

    return json.loads(gzip.decompress(path.read_bytes()).decode("utf-8"))  # type: ignore[no-any-return]


def differences(old: Any, new: Any, where: str = "") -> list[str]:
    """Where two JSON values differ, one line each (``$.units[3].status: 'a' → 'b'``)."""
    if isinstance(old, dict) and isinstance(new, dict):
        lines = []
        for key in {**old, **new}:
            if key not in new:
                lines.append(f"${where}.{key}: removed")
            elif key not in old:
                lines.append(f"${where}.{key}: added")
            else:
                lines += differences(old[key], new[key], f"{where}.{key}")
        return lines
    if isinstance(old, list) and isinstance(new, list):
        lines = []
        for k, (a, b) in enumerate(zip(old, new, strict=False)):
            lines += differences(a, b, f"{where}[{k}]")
        if len(old) != len(new):
            lines.append(f"${where}: {len(old)} items → {len(new)}")
        return lines
    if old == new:
        return []
    return [f"${where}: {_short(old)} → {_short(new)}"]


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."
