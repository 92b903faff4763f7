"""``billdiff export --format docx``: the command, its options, where it writes, what it refuses."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, PRINTS
from tests.docx_support import read

NOTES = FIXTURES / "notes" / "1-to-2.notes.json"
Run = Callable[..., tuple[int, str, str]]


def test_docx_goes_to_new_stem_report_docx_by_default(
    bd: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = bd("export", PRINTS[0], PRINTS[1], "--format", "docx", "--notes", NOTES)
    assert (code, out) == (0, "")
    written = tmp_path / "2-commons-public-bill-committee.report.docx"
    assert err == f"billdiff: wrote {written.name} with 15 notes from {NOTES}\n"
    package = read(written.read_bytes())
    assert len(package.comments()) == 15
    assert not (tmp_path / "2-commons-public-bill-committee.report.html").exists()


def test_author_names_who_made_the_tracked_changes(bd: Run, tmp_path: Path) -> None:
    out = tmp_path / "r.docx"
    code, _, _ = bd("export", *PRINTS[:2], "--format", "docx", "--author", "Bill Team", "-o", out)
    assert code == 0
    body = read(out.read_bytes()).parts["word/document.xml"]
    authors = {e.get(f"{{{body.nsmap['w']}}}author") for e in body.iter("{*}ins", "{*}del")}
    assert authors == {"Bill Team"}


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--format", "docx", "--context", "3"], "--context is for the HTML report"),
        (["--author", "X"], "--author names who made the tracked changes of --format docx"),
        (["--format", "pdf"], "argument --format: invalid choice: 'pdf'"),
    ],
)
def test_options_the_format_cannot_use_are_refused_before_anything_is_read(
    bd: Run, tmp_path: Path, argv: list[str], message: str
) -> None:
    code, out, err = bd("export", tmp_path / "missing.xml", PRINTS[1], *argv, "-o", tmp_path / "r")
    assert (code, out) == (2, "")
    assert message in err and err.count("\n") == 1
    assert not (tmp_path / "r").exists()


def test_docx_is_never_written_over_an_input(bd: Run, tmp_path: Path) -> None:
    new = tmp_path / "new.xml"
    new.write_bytes(PRINTS[1].read_bytes())
    code, _, err = bd("export", PRINTS[0], new, "--format", "docx", "-o", new)
    assert code == 2 and err.startswith("billdiff: ")
    assert new.read_bytes() == PRINTS[1].read_bytes()


DOCX_TO_STDOUT = ("--format", "docx", "-o", "-")


def _export_to_stdout(stdout: int) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "billdiff", "export", *map(str, PRINTS[:2]), *DOCX_TO_STDOUT],
        stdout=stdout,
        stderr=subprocess.PIPE,
        check=False,
    )


def test_docx_to_stdout_is_the_file_itself(tmp_path: Path) -> None:
    out = tmp_path / "piped.docx"
    with out.open("wb") as f:
        proc = _export_to_stdout(f.fileno())
    assert proc.returncode == 0, proc.stderr
    assert read(out.read_bytes()).view("all")[0]


def test_docx_is_never_written_to_a_terminal() -> None:
    leader, follower = os.openpty()
    try:
        proc = _export_to_stdout(follower)
    finally:
        os.close(follower)
        os.close(leader)
    assert proc.returncode == 2
    assert proc.stderr == (
        b"billdiff: will not write a docx file to a terminal: use -o FILE or redirect stdout\n"
    )


def test_diff_never_loads_python_docx() -> None:
    code = (
        "import sys\n"
        "from billdiff.cli import main\n"
        f"rc = main(['diff', '-q', {str(PRINTS[0])!r}, {str(PRINTS[1])!r}])\n"
        "assert 'docx' not in sys.modules, 'python-docx was imported'\n"
        "sys.exit(rc)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 1, proc.stderr


def test_lineage_adds_the_table_of_every_unit_through_the_prints(bd: Run, tmp_path: Path) -> None:
    out = tmp_path / "r.docx"
    code, _, err = bd(
        "export", PRINTS[1], PRINTS[2], "--format", "docx", "--lineage", PRINTS[0], "-o", out
    )
    assert code == 0, err
    package = read(out.read_bytes())
    headings = [package.view("all", s, e)[0] for style, s, e in package.paragraphs()]
    assert "Through 3 prints" in headings
    cells = [package.view("all", s, e)[0] for style, s, e in package.paragraphs() if not style]
    row = cells.index("Assault of retail worker")
    assert cells[row - 3 : row + 2] == [
        "12",
        "12",
        "14",
        "Assault of retail worker",
        "2: amended (substantive); 3: renumbered",
    ]
