"""The command line as a new user meets it: options, references, messages, help."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from billdiff import cli
from billdiff.lookup import parse
from tests.conftest import FIXTURES, PRINTS

P1, P2, P3 = (str(p) for p in PRINTS)
FIXTURE_NOTES = FIXTURES / "notes" / "1-to-2.notes.json"


class Run:
    def __init__(self, code: int, out: str, err: str) -> None:
        self.code, self.out, self.err = code, out, err


@pytest.fixture
def bd(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Callable[..., Run]:
    monkeypatch.setenv("BILLDIFF_AUTHOR", "A. Lawyer")

    def run(*argv: object) -> Run:
        capsys.readouterr()
        code = cli.main([str(a) for a in argv])
        out, err = capsys.readouterr()
        return Run(code, out, err)

    return run


def one_line_error(run: Run, expected: str) -> None:
    assert run.code == 2 and run.out == "", (run.code, run.out)
    assert run.err.count("\n") == 1 and run.err.startswith("billdiff: "), run.err
    assert expected in run.err, run.err


# -- references -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ref", "side", "key"),
    [
        ("12", None, "12"),
        ("clause 12A", None, "12A"),
        ("new:clause 17", "new", "17"),
        ("Schedule 1 paragraph 3", None, "1/3"),
        ("sch 2, para 10", None, "2/10"),
        ("paragraph 4 of the Schedule", None, "S/4"),
        ("sec_16", None, "sec_16"),
    ],
)
def test_references_are_read_as_printed(ref: str, side: str | None, key: str) -> None:
    assert (parse(ref).side, parse(ref).key) == (side, key)


def test_diff_clause_takes_labels_as_printed(bd: Callable[..., Run]) -> None:
    run = bd("diff", P1, P2, "--clause", "Schedule 1 paragraph 3", "--clause", "clause 12")
    assert run.code == 1
    assert "Schedule 1 paragraph 3  amended" in run.out and "clause 12  amended" in run.out
    assert "2 of 2 units changed" in run.out


def test_diff_clause_side_prefix_picks_one_prints_numbering(bd: Callable[..., Run]) -> None:
    both = bd("diff", P1, P2, "--clause", "17", "--format", "json").out
    assert [u["label"] for u in json.loads(both)["units"]] == ["clause 17 → 16", "clause 18 → 17"]
    old = bd("diff", P1, P2, "--clause", "old:17", "--format", "json").out
    assert [u["label"] for u in json.loads(old)["units"]] == ["clause 17 → 16"]
    new = bd("diff", P1, P2, "--clause", "new:17", "--format", "json").out
    assert [u["label"] for u in json.loads(new)["units"]] == ["clause 18 → 17"]


# -- options --------------------------------------------------------------------------------


def test_context_0_shows_only_the_changes(bd: Callable[..., Run]) -> None:
    run = bd("diff", P1, P2, "--clause", "1", "--context", "0")
    assert run.code == 1
    assert "  …#1[-just and convenient-]{+necessary and proportionate+}…" in run.out


def test_a_negative_context_other_than_minus_1_is_refused(bd: Callable[..., Run]) -> None:
    one_line_error(bd("diff", P1, P2, "--context", "-5"), "--context takes a number of words")


def test_repeated_ignore_adds_to_what_is_ignored(bd: Callable[..., Run]) -> None:
    both = bd("diff", P2, P3, "--ignore", "xref", "--ignore", "typographic", "--format", "json")
    commas = bd("diff", P2, P3, "--ignore", "xref,typographic", "--format", "json")
    assert json.loads(both.out)["summary"]["ignored"] == ["typographic", "xref"]
    assert json.loads(both.out)["summary"] == json.loads(commas.out)["summary"]


def test_a_misspelt_option_is_named_with_the_nearest_one(bd: Callable[..., Run]) -> None:
    one_line_error(
        bd("diff", "--formt", "json", P1, P2), "unknown option --formt; did you mean --format?"
    )


def test_abbreviated_options_are_refused(bd: Callable[..., Run]) -> None:
    one_line_error(bd("diff", P1, P2, "--only"), "unknown option --only")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["diff", P1, P2, "--only"], "unknown option --only; did you mean --only-changed?"),
        (["diff", P1, P2, "--o"], "unknown option --o; did you mean --only-changed or --output?"),
        (["diff", P1, P2, "--quite"], "unknown option --quite; did you mean --quiet?"),
        (["outline", P1, "--only"], "unknown option --only (see"),
        (["dif", P1, P2], "unknown command 'dif'; did you mean diff?"),
        (["notes", "lst"], "unknown command 'lst'; did you mean list?"),
        (["old.xml"], "unknown command 'old.xml'; the commands are diff, history, export, "),
    ],
)
def test_a_near_miss_is_named_with_what_was_meant_and_nothing_unlike_it(
    bd: Callable[..., Run], argv: list[str], message: str
) -> None:
    one_line_error(bd(*argv), message)


def test_an_option_value_that_looks_like_an_option_is_not_taken_for_one(
    bd: Callable[..., Run], tmp_path: Path
) -> None:
    notes = tmp_path / "n.json"
    run = bd("notes", "add", P1, P2, "--clause", "14", "--text", "-not an option", "--notes", notes)
    assert run.code == 0, run.err


@pytest.mark.parametrize("where", ["before", "after"])
def test_debug_works_before_or_after_the_command_and_still_exits_2(
    bd: Callable[..., Run], where: str, tmp_path: Path
) -> None:
    missing = str(tmp_path / "missing.xml")
    argv = ["--debug", "outline", missing] if where == "before" else ["outline", missing, "--debug"]
    run = bd(*argv)
    assert run.code == 2
    assert "Traceback" in run.err and run.err.rstrip().endswith("missing.xml: no such file")


def test_every_command_has_examples_and_every_format_option_has_help(
    capsys: pytest.CaptureFixture[str],
) -> None:
    for argv in (["diff"], ["outline"], ["check"], ["notes", "add"], ["notes", "list"]):
        assert cli.main([*argv, "--help"]) == 0
        out = capsys.readouterr().out
        assert "examples:\n  billdiff " in out, argv
        if "--format" in out:
            assert "json:" in out or "schema" in out, argv


def test_swapped_prints_are_compared_with_a_warning(bd: Callable[..., Run]) -> None:
    run = bd("diff", P2, P1)
    assert run.code == 1
    assert "warning: NEW looks older than OLD (published 2025-02-25, before OLD's 2025-04-24)" in (
        run.out
    )


# -- what the text output says --------------------------------------------------------------


def test_the_summary_opens_and_closes_the_text_output(bd: Callable[..., Run]) -> None:
    lines = bd("diff", P1, P2).out.splitlines()
    assert lines[2] == lines[-1] and lines[2].startswith("29 of 46 units changed: 2 added")


def test_heading_changes_are_numbered_like_the_changes_in_the_text(
    bd: Callable[..., Run],
) -> None:
    out = bd("diff", P2, P3, "--clause", "new:21").out
    assert "  #1[-Child-]{+Offences relating to child+} sexual abuse image-generators\n" in out


def test_every_change_in_the_text_carries_its_number(bd: Callable[..., Run]) -> None:
    out = bd("diff", P1, P2, "--clause", "old:17").out
    assert "(1) The duty under section #1[-16-]{+15+} does not apply" in out
    assert "the same meaning as in section #2[-16-]{+15+}." in out


def test_a_change_of_spacing_only_has_no_number(bd: Callable[..., Run]) -> None:
    out = bd("diff", P1, P2, "--clause", "old:9").out
    assert "In[-⟨U+2007⟩-]{+ +}this section" in out and "#" not in out.split("\n", 4)[4]


def test_a_schedule_paragraph_is_titled_by_its_first_words(bd: Callable[..., Run]) -> None:
    out = bd("diff", P1, P2, "--clause", "1/3").out
    assert (
        "Schedule 1 paragraph 3  amended (substantive)  old p14:22, new p15:22\n  An appeal " in out
    )


# -- notes ----------------------------------------------------------------------------------


def test_notes_add_on_a_heading_change(bd: Callable[..., Run], tmp_path: Path) -> None:
    notes = tmp_path / "n.json"
    run = bd(
        "notes", "add", P2, P3, "--clause", "new:21", "--change", "1", "--text", "T.",
        "--notes", notes,
    )  # fmt: skip
    assert run.code == 0, run.err
    (note,) = json.loads(notes.read_text())["notes"]
    assert note["target"]["change"]["field"] == "heading"
    assert note["target"]["change"]["new"] == "Offences relating to child"


def test_notes_add_says_what_it_attached_the_note_to(
    bd: Callable[..., Run], tmp_path: Path
) -> None:
    notes = tmp_path / "n.json"
    run = bd(
        "notes", "add", P1, P2, "--clause", "1", "--change", "1", "--text", "T.", "--notes", notes
    )
    assert run.err.startswith("billdiff: added note ")
    assert "on clause 1 “Respect orders”, change 1, on “necessary and proportionate” in " in run.err
    quiet = bd("notes", "add", P1, P2, "--clause", "1", "--text", "T.", "--notes", notes, "-q")
    assert quiet.err == "" and quiet.out.startswith("urn:uuid:")


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder holding one notes file (a copy of the fixture notes), made the current one."""
    shutil.copyfile(FIXTURE_NOTES, tmp_path / "bill.notes.json")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "bill.notes.json"


def _first_id(path: Path) -> str:
    return str(json.loads(path.read_text())["notes"][0]["id"])


def test_reply_resolve_reopen_delete_find_the_notes_file_here_and_say_what_they_did(
    bd: Callable[..., Run], here: Path
) -> None:
    short = _first_id(here).removeprefix("urn:uuid:")[:8]
    run = bd("notes", "reply", short, "--text", "Agreed.")
    assert (run.code, run.err) == (0, f"billdiff: replied to note {short} in {here.name}\n")
    run = bd("notes", "resolve", short)
    assert run.err == f"billdiff: marked note {short} resolved in {here.name}\n"
    run = bd("notes", "resolve", short)
    assert run.err == f"billdiff: note {short} was already resolved in {here.name}\n"
    run = bd("notes", "reopen", short)
    assert run.err == f"billdiff: marked note {short} open in {here.name}\n"
    run = bd("notes", "delete", short)
    assert run.err.startswith(f"billdiff: deleted note {short} from {here.name}")
    assert short not in here.read_text()


def test_commands_without_prints_say_when_the_notes_file_is_not_clear(
    bd: Callable[..., Run], here: Path
) -> None:
    shutil.copyfile(here, here.with_name("other.notes.json"))
    one_line_error(bd("notes", "resolve", "12345678"), "2 notes files in this folder")


def test_an_id_prefix_shorter_than_6_characters_asks_for_more(
    bd: Callable[..., Run], here: Path
) -> None:
    short = _first_id(here).removeprefix("urn:uuid:")[:5]
    one_line_error(bd("notes", "resolve", short), "give 6 or more of its characters")


def test_notes_list_shows_multi_line_notes_whole_and_replies_with_full(
    bd: Callable[..., Run], tmp_path: Path
) -> None:
    notes = tmp_path / "n.json"
    text = "First line.\n\nSecond paragraph, which matters."
    note_id = bd("notes", "add", P1, P2, "--clause", "1", "--text", text, "--notes", notes).out
    bd("notes", "reply", note_id.strip(), "--text", "A reply\nover two lines.", "--notes", notes)
    out = bd("notes", "list", P1, P2, "--notes", notes).out
    assert "    First line.\n\n    Second paragraph, which matters.\n" in out
    assert "1 reply (--full shows them)" in out
    full = bd("notes", "list", P1, P2, "--notes", notes, "--full").out
    assert "    reply by A. Lawyer" in full and "      A reply\n      over two lines.\n" in full


# -- check ----------------------------------------------------------------------------------


def test_check_writes_to_a_file_or_says_nothing(bd: Callable[..., Run], tmp_path: Path) -> None:
    target = tmp_path / "check.json"
    run = bd("check", P1, P2, "--notes", FIXTURE_NOTES, "--format", "json", "-o", target)
    assert (run.code, run.out) == (1, "")  # the long title and two cross-headings lack notes
    assert json.loads(target.read_text())["ok"] is False
    assert bd("check", P2, P3, "--notes", FIXTURE_NOTES, "-q").__dict__ == {
        "code": 1,
        "out": "",
        "err": "",
    }


def test_check_markdown_for_a_step_summary(bd: Callable[..., Run]) -> None:
    out = bd("check", P2, P3, "--notes", FIXTURE_NOTES, "--format", "markdown").out
    assert out.startswith(
        "### ❌ check failed: 10 changed units and 3 headings without a note, 2 notes not attached"
    )
    assert "| clause 9 | added |" in out
    assert "- **orphaned note 26a8ee5d (was on clause 11 of As Introduced), blocking**" in out


def test_check_text_marks_a_resolved_orphan_as_not_blocking(
    bd: Callable[..., Run], tmp_path: Path
) -> None:
    notes = tmp_path / "n.json"
    shutil.copyfile(FIXTURE_NOTES, notes)
    assert bd("notes", "resolve", "26a8ee5d", "--notes", notes).code == 0
    out = bd("check", P2, P3, "--notes", notes).out
    assert (
        "orphaned note 26a8ee5d (was on clause 11 of As Introduced), resolved, not blocking" in out
    )
    assert "1 note not attached" in out.splitlines()[0]
