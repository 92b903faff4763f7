"""Rebuild the golden outputs from the code of a named commit, and say what changed.

    python tests/golden/regenerate.py [COMMIT]     # default HEAD

The commit's ``src/`` is extracted to a temporary folder (the working tree is not
touched) and every case of ``cases.py`` is run against it in a fresh interpreter;
then each stored output is compared with the new one: a line per case that
changed (with the first differences), a count of the rest, and the files are
rewritten. ``tests/golden/COMMIT`` records which commit they came from. Cases
whose corpus files are missing are left as they are.
"""

from __future__ import annotations

import argparse
import io
import os
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from cases import DATA, ROOT, cases, differences, dumps, load, run  # noqa: E402

_SHOWN = 8


def _emit(into: Path, source: Path) -> None:
    """Run every case with the billdiff found first on the path (the commit's)."""
    import billdiff

    if not Path(billdiff.__file__).resolve().is_relative_to(source.resolve()):
        sys.exit(f"imported billdiff from {billdiff.__file__}, not from {source}")
    for case in cases():
        if all(f.is_file() for f in case.files):
            (into / case.golden.name).write_bytes(dumps(run(case)))


def _extract(commit: str, into: Path) -> str:
    full = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--verify", f"{commit}^{{commit}}"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", "--format=tar", full, "src"],
        capture_output=True,
        check=True,
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return full


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("commit", nargs="?", default="HEAD")
    parser.add_argument("--emit", nargs=2, metavar=("INTO", "SOURCE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.emit:
        _emit(Path(args.emit[0]), Path(args.emit[1]))
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        full = _extract(args.commit, work / "tree")
        fresh = work / "out"
        fresh.mkdir()
        source = work / "tree" / "src"
        env = {**os.environ, "PYTHONPATH": str(source)}
        subprocess.run(
            [sys.executable, str(Path(__file__).resolve()), "--emit", str(fresh), str(source)],
            env=env,
            cwd=str(work),
            check=True,
        )
        DATA.mkdir(exist_ok=True)
        same = 0
        for path in sorted(fresh.iterdir()):
            stored = DATA / path.name
            if not stored.exists():
                print(f"new: {path.name}")
            else:
                changes = differences(load(stored), load(path))
                if not changes:
                    same += 1
                    continue
                print(f"changed: {path.name} ({len(changes)} differences)")
                for line in changes[:_SHOWN]:
                    print(f"    {line}")
                if len(changes) > _SHOWN:
                    print(f"    … and {len(changes) - _SHOWN} more")
            stored.write_bytes(path.read_bytes())
        print(f"{same} unchanged; outputs of {full[:12]}")
        (HERE / "COMMIT").write_text(full + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
