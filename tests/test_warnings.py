"""Warnings about the pair of prints reach the user from every command.

Two prints of different Bills, or given the wrong way round, make every
answer wrong. Each command says so on stderr (one ``billdiff: warning: …``
line each, after its output, whatever ``-q`` says) and in its JSON
(``warnings``), so a CI job sees it even when it reads only the exit code.
"""

from __future__ import annotations

import json
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, PRINTS, ROOT

Run = Callable[..., tuple[int, str, str]]

SCOTTISH = ROOT / "fixtures" / "scottish-same-project"
BANKRUPTCY = SCOTTISH / "bankruptcy-and-diligence-introduced.xml"
LAND_REFORM = SCOTTISH / "land-reform-introduced.xml"
REVERSED = (PRINTS[1], PRINTS[0])
SWAPPED = "warning: NEW looks older than OLD (published 2025-02-25, before OLD's 2025-04-24)"
DIFFERENT = "warning: the prints belong to different bills"


def warnings_in(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("billdiff: warning: ")]


@pytest.mark.parametrize("quiet", [[], ["-q"]], ids=["loud", "quiet"])
def test_diff_warns_on_stderr_even_under_q(bd: Run, quiet: list[str]) -> None:
    code, out, err = bd("diff", *REVERSED, *quiet)
    assert code == 1
    assert SWAPPED in err
    assert (out == "") == bool(quiet)


def test_check_warns_on_stderr_and_in_every_format(bd: Run, tmp_path: Path) -> None:
    notes = tmp_path / "n.notes.json"
    code, out, err = bd("check", *REVERSED, "--notes", notes, "-q")
    assert code == 1 and out == "" and SWAPPED in err
    _, out, _ = bd("check", *REVERSED, "--notes", notes)
    assert SWAPPED in out
    _, out, _ = bd("check", *REVERSED, "--notes", notes, "--format", "markdown")
    assert "> **Warning:** NEW looks older than OLD" in out
    _, out, _ = bd("check", *REVERSED, "--notes", notes, "--format", "json")
    (warning,) = json.loads(out)["warnings"]
    assert warning.startswith("NEW looks older than OLD")


def test_check_of_different_bills_warns(bd: Run, tmp_path: Path) -> None:
    _, _, err = bd("check", PRINTS[0], LAND_REFORM, "--notes", tmp_path / "n.json", "-q")
    assert DIFFERENT + " (project UK000712 and SP000039P)" in err


def test_notes_add_on_a_wrong_pair_warns_and_still_writes_the_note(bd: Run, tmp_path: Path) -> None:
    notes = tmp_path / "n.notes.json"
    code, out, err = bd(
        "notes", "add", *REVERSED, "--clause", "1", "--text", "Why?", "--notes", notes, "-q"
    )
    assert code == 0 and out.startswith("urn:uuid:")
    assert warnings_in(err) == [
        "billdiff: " + SWAPPED + "; were the prints given the wrong way round?"
    ]
    assert notes.exists()


def test_notes_list_and_reanchor_warn_and_say_so_in_json(bd: Run, tmp_path: Path) -> None:
    notes = tmp_path / "n.notes.json"
    shutil.copyfile(FIXTURES / "notes" / "1-to-2.notes.json", notes)
    for action in ("list", "reanchor"):
        code, out, err = bd("notes", action, *REVERSED, "--notes", notes, "--format", "json")
        assert code == 0 and SWAPPED in err
        assert json.loads(out)["warnings"][0].startswith("NEW looks older than OLD")


def test_export_warns_and_names_the_notes_it_took_beside_new_for_another_bill(
    bd: Run, tmp_path: Path
) -> None:
    new = tmp_path / "land-reform.xml"
    shutil.copyfile(LAND_REFORM, new)
    shutil.copyfile(FIXTURES / "notes" / "1-to-2.notes.json", tmp_path / "land-reform.notes.json")
    code, _, err = bd("export", PRINTS[0], new, "-o", tmp_path / "r.html")
    assert code == 0
    assert DIFFERENT in err
    assert "the notes are from " in err and "land-reform.notes.json, found beside NEW" in err


def test_export_with_notes_chosen_by_hand_does_not_question_them(bd: Run, tmp_path: Path) -> None:
    notes = tmp_path / "chosen.notes.json"
    shutil.copyfile(FIXTURES / "notes" / "1-to-2.notes.json", notes)
    _, _, err = bd("export", PRINTS[0], LAND_REFORM, "--notes", notes, "-o", tmp_path / "r.html")
    assert DIFFERENT in err and "found beside NEW" not in err


def test_history_warns_on_stderr_and_in_json(bd: Run) -> None:
    code, out, err = bd("history", *REVERSED, "--order", "given", "--format", "json")
    assert code == 0
    assert "warning: 1 → 2: NEW looks older than OLD" in err
    assert json.loads(out)["warnings"][0].startswith("1 → 2: NEW looks older than OLD")


def test_amendments_warn_on_stderr_and_in_json(bd: Run) -> None:
    _, out, err = bd("amendments", *REVERSED, "--format", "json")
    assert SWAPPED in err
    assert json.loads(out)["warnings"][0].startswith("NEW looks older than OLD")


def test_outline_json_carries_the_readers_warnings(bd: Run, tmp_path: Path) -> None:
    hidden = tmp_path / "hidden.xml"
    text = PRINTS[0].read_text(encoding="utf-8")
    hidden.write_text(text.replace("Respect orders", "Respect\u202e orders", 1), encoding="utf-8")
    code, out, err = bd("outline", hidden, "--format", "json")
    assert code == 0 and "warning:" in err
    (warning,) = json.loads(out)["warnings"]
    assert "invisible" in warning or "control" in warning


def test_view_repeats_the_apps_warnings_on_stderr_when_it_closes(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from billdiff.cli import main

    def fake_launch(source: object, warnings: list[str]) -> int:
        warnings.append("NEW looks older than OLD (…)")
        return 0

    monkeypatch.setattr("billdiff.tui.launch", fake_launch)
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True, raising=False)
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    assert main(["view", *map(str, REVERSED)]) == 0
    assert "billdiff: warning: NEW looks older than OLD (…)" in capsys.readouterr().err


def test_the_app_hands_back_the_warnings_of_the_comparison_it_showed(tmp_path: Path) -> None:
    from billdiff.tui import launch
    from billdiff.tui.loading import Source

    seen: list[str] = []
    source = Source(str(PRINTS[1]), str(PRINTS[0]), tmp_path / "n.notes.json")
    launch(source, headless=True, on_ready=lambda app: app.exit(), warnings=seen)
    assert seen and seen[0].startswith("NEW looks older than OLD")
