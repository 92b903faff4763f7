"""``billdiff diff``: formats, exit codes (0 same, 1 different, 2 trouble), options."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from billdiff.cli import main
from tests.conftest import PRINTS

P1, P2, P3 = (str(p) for p in PRINTS)


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_same_print_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["diff", P1, P1], capsys)
    assert code == 0 and err == ""
    assert "0 of 44 units changed" in out


def test_different_prints_exit_1_with_word_redline(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["diff", P1, P2], capsys)
    assert code == 1
    assert "clause 20 → 19  renumbered (substantive)" in out
    assert "make, adapt#1[- or possess-]{+, possess, supply or offer to supply+} a CSA" in out
    assert "\x1b[" not in out  # not a terminal: no colour


def test_colour_only_when_asked_or_on_a_terminal_without_no_color(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _, out, _ = run(["diff", P1, P2, "--colour", "always"], capsys)
    assert "\x1b[31m" in out and "[-" not in out
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    monkeypatch.setenv("NO_COLOR", "1")
    _, out, _ = run(["diff", P1, P2], capsys)
    assert "\x1b[" not in out and "[-" in out
    monkeypatch.delenv("NO_COLOR")
    _, out, _ = run(["diff", P1, P2], capsys)
    assert "\x1b[31m" in out


def test_json_is_versioned_and_counts_statuses(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["diff", P1, P2, "--format", "json"], capsys)
    assert code == 1
    data = json.loads(out)
    assert (data["schema"], data["version"]) == ("billdiff.comparison", 1)
    assert data["old"]["stage"] == "As Introduced"
    assert data["new"]["bill_number"] == "Bill 235"
    summary = data["summary"]
    assert (summary["added"], summary["removed"], summary["moved"]) == (2, 1, 1)
    assert summary["different"] is True
    statuses = [u["status"] for u in data["units"]]
    assert statuses.count("unchanged") == summary["unchanged"]
    moved = next(u for u in data["units"] if u["status"] == "moved")
    assert (moved["old"]["number"], moved["new"]["number"]) == ("15", "22")
    amended = next(u for u in data["units"] if u["label"] == "clause 1")
    hunk = amended["hunks"][0]
    assert amended["old_text"][hunk["old_start"] : hunk["old_end"]] == hunk["old"]


def test_only_changed_leaves_out_unchanged_units(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(["diff", P1, P2, "--format", "json", "--only-changed"], capsys)
    assert {u["status"] for u in json.loads(out)["units"]} <= {
        "amended",
        "renumbered",
        "moved",
        "added",
        "removed",
    }


def test_jsonl_is_one_record_per_unit(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(["diff", P2, P3, "--format", "jsonl"], capsys)
    records = [json.loads(line) for line in out.splitlines()]
    assert len(records) == 50  # 45 units paired or removed + 5 added
    assert all({"key", "status", "old", "new", "hunks"} <= r.keys() for r in records)


def test_markdown_escapes_bill_text_and_marks_changes(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(["diff", P2, P3, "--format", "markdown"], capsys)
    assert out.startswith("## Crime and Policing Bill")
    assert "liable<sup>1</sup><del>-</del><ins>—</ins>" in out
    assert "| added | 5 |" in out


def test_unified_diff_has_file_headers_per_unit(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(["diff", P2, P3, "--format", "unified", "--clause", "3"], capsys)
    lines = out.splitlines()
    start = lines.index("# clause 3: amended (typographic) (old p2:34, new p3:2)")
    assert lines[start + 1 : start + 3] == [f"--- a/clause 3\t{P2}", f"+++ b/clause 3\t{P3}"]
    assert "-(2) A person guilty of an offence under this section is liable-" in out


def test_ignoring_typographic_changes_can_make_prints_the_same(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert run(["diff", P2, P3, "--clause", "3"], capsys)[0] == 1
    assert run(["diff", P2, P3, "--clause", "3", "--ignore", "typographic"], capsys)[0] == 0


def test_ignoring_xref_changes_still_reports_renumbering(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Clause 16 → 15 only had its cross-references renumbered, but its own number moved.
    assert run(["diff", P1, P2, "--clause", "16", "--ignore", "xref", "-q"], capsys)[0] == 1
    # Clause 4 kept its number; its only change is a renumbered cross-reference.
    code, out, _ = run(["diff", P1, P2, "--clause", "4", "--ignore", "xref"], capsys)
    assert code == 0 and "0 of 1 unit changed" in out


def test_bad_ignore_value_is_trouble(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["diff", P1, P2, "--ignore", "commas"], capsys)
    assert code == 2 and out == ""
    assert "--ignore takes xref, " in err and "typographic (comma-separated), not 'commas'" in err


def test_unknown_clause_is_trouble(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["diff", P1, P2, "--clause", "999"], capsys)
    assert code == 2 and "no clause or schedule paragraph '999'" in err


def test_quiet_prints_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["diff", P1, P2, "-q"], capsys) == (1, "", "")


def test_output_file_is_written_whole(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "report.json"
    target.write_text("old content that must be replaced entirely")
    code, out, _ = run(["diff", P1, P2, "--format", "json", "-o", str(target)], capsys)
    assert code == 1 and out == ""
    assert json.loads(target.read_text())["schema"] == "billdiff.comparison"
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]  # no temp file left


def test_missing_print_is_trouble_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "report.txt"
    code, _, err = run(["diff", P1, str(tmp_path / "missing.xml"), "-o", str(target)], capsys)
    assert code == 2 and "no such file" in err
    assert not target.exists()


def test_stdin_can_be_one_print() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "billdiff", "diff", P1, "-", "--format", "json"],
        stdin=open(P2, "rb"),  # noqa: SIM115 - closed with the process
        capture_output=True,
    )
    assert proc.returncode == 1, proc.stderr
    assert json.loads(proc.stdout)["new"]["path"] == "-"


def test_both_prints_from_stdin_is_trouble(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["diff", "-", "-"], capsys)
    assert code == 2 and "only one of OLD and NEW" in err


def test_prints_of_different_bills_are_compared_with_a_warning(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from tests.conftest import corpus_file

    other = str(corpus_file("uk-akn/social-housing-bill-1-hl-committee.xml"))
    code, out, _ = run(["diff", P1, other], capsys)
    assert code == 1
    assert "warning: the prints belong to different bills (project UK000712 and UK000276)" in out


def test_new_output_file_gets_ordinary_permissions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import os

    target = tmp_path / "report.md"
    old_mask = os.umask(0o022)
    try:
        run(["diff", P1, P2, "--format", "markdown", "-o", str(target)], capsys)
    finally:
        os.umask(old_mask)
    assert target.stat().st_mode & 0o777 == 0o644  # not the 0600 of a bare temp file


@pytest.mark.parametrize(
    "argv",
    [
        ["diff", "{old}", "{new}", "-o", "{old}"],
        ["diff", "{old}", "{new}", "-o", "{link}"],
        ["outline", "{old}", "-o", "{old}"],
        ["check", "{old}", "{new}", "--notes", "{notes}", "-o", "{notes}"],
    ],
    ids=["diff-onto-old", "diff-onto-a-link-to-old", "outline-onto-its-file", "check-onto-notes"],
)
def test_output_never_overwrites_an_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    import shutil

    old, new, notes = tmp_path / "old.xml", tmp_path / "new.xml", tmp_path / "n.notes.json"
    shutil.copyfile(P1, old)
    shutil.copyfile(P2, new)
    shutil.copyfile(Path(P1).parent / "notes" / "1-to-2.notes.json", notes)
    link = tmp_path / "link.xml"
    link.symlink_to(old)
    before = {p: p.read_bytes() for p in (old, new, notes)}
    paths = {"old": old, "new": new, "notes": notes, "link": link}
    code, out, err = run([a.format(**paths) for a in argv], capsys)
    assert code == 2 and out == "" and "is the input" in err and err.count("\n") == 1
    assert {p: p.read_bytes() for p in before} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "link.xml",
        "n.notes.json",
        "new.xml",
        "old.xml",
    ]
