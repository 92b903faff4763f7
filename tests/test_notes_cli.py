"""Specification of ``billdiff notes ...`` and ``billdiff check``, run through ``cli.main``."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from billdiff import cli
from tests.conftest import FIXTURES, PRINTS

P1, P2, P3 = (str(p) for p in PRINTS)
FIXTURE_NOTES = FIXTURES / "notes" / "1-to-2.notes.json"
# The units of 1 → 2 that need a note under --require-notes substantive (see
# CHANGES.md): added 6 and 21, substantive changes to 1, 12, 20 → 19 and
# Schedule 1 paragraph 3, moved 15 → 22, removed 11.
NEEDING_NOTES_1_2 = (
    "long title",
    "cross-heading Grooming",
    "cross-heading Recording of ethnicity and nationality",
    *("new:6", "new:21", "1", "12", "new:19", "new:22", "1/3", "old:11"),
)


@pytest.fixture(autouse=True)
def _author(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BILLDIFF_AUTHOR", "A. Lawyer")


class Run:
    """One CLI run: exit code, stdout, stderr."""

    def __init__(self, code: int, out: str, err: str) -> None:
        self.code, self.out, self.err = code, out, err

    def json(self) -> Any:
        return json.loads(self.out)


@pytest.fixture
def bd(capsys: pytest.CaptureFixture[str]) -> Callable[..., Run]:
    """Run ``billdiff ARGS...`` in process."""

    def run(*argv: str) -> Run:
        capsys.readouterr()
        code = cli.main([str(a) for a in argv])
        out, err = capsys.readouterr()
        return Run(code, out, err)

    return run


@pytest.fixture
def notes(tmp_path: Path) -> Path:
    """A path for a fresh notes file."""
    return tmp_path / "bill.notes.json"


@pytest.fixture
def fixture_copy(tmp_path: Path) -> Path:
    """A copy of the fixture notes (made on 1 → 2) that a test may change."""
    path = tmp_path / "1-to-2.notes.json"
    shutil.copyfile(FIXTURE_NOTES, path)
    return path


def saved(path: Path) -> list[dict[str, Any]]:
    """The notes in a notes file."""
    return json.loads(path.read_text(encoding="utf-8"))["notes"]


def add(bd: Callable[..., Run], notes: Path, *args: str, old: str = P1, new: str = P2) -> str:
    """Add a note and return its id (failing the test if the add fails)."""
    run = bd("notes", "add", old, new, *args, "--notes", notes)
    assert run.code == 0, run.err
    return run.out.strip()


# --- notes add ----------------------------------------------------------------------------


def test_add_prints_the_new_id_and_saves_the_note(bd: Callable[..., Run], notes: Path) -> None:
    run = bd(
        "notes", "add", P1, P2, "--clause", "1", "--change", "1", "--text", "Why.", "--notes", notes
    )
    assert run.code == 0
    (note,) = saved(notes)
    assert run.out == note["id"] + "\n"
    exact = note["target"]["selector"]["refinedBy"][0]["exact"]
    assert exact == "necessary and proportionate"
    assert note["creator"]["name"] == "A. Lawyer"


def test_add_saves_tags_and_the_given_author(bd: Callable[..., Run], notes: Path) -> None:
    add(
        bd,
        notes,
        "--clause",
        "14",
        "--text",
        "T.",
        "--tag",
        "scope",
        "--tag",
        "x",
        "--author",
        "B. Counsel",
    )
    (note,) = saved(notes)
    assert (note["tags"], note["creator"]["name"]) == (["scope", "x"], "B. Counsel")


def test_add_quote_note_on_the_words_given(bd: Callable[..., Run], notes: Path) -> None:
    add(bd, notes, "--clause", "new:17", "--quote", "not exceeding 7 years", "--text", "T.")
    (note,) = saved(notes)
    assert note["target"]["selector"]["refinedBy"][0]["exact"] == "not exceeding 7 years"


def test_add_defaults_the_notes_file_to_beside_the_new_print(
    bd: Callable[..., Run], tmp_path: Path
) -> None:
    new = tmp_path / "committee.xml"
    shutil.copyfile(P2, new)
    run = bd("notes", "add", P1, new, "--clause", "14", "--text", "T.")
    assert run.code == 0, run.err
    assert [n["id"] for n in saved(tmp_path / "committee.notes.json")] == [run.out.strip()]


def test_add_reading_new_from_stdin_needs_notes(
    bd: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", open(P2, encoding="utf-8"))  # noqa: SIM115
    run = bd("notes", "add", P1, "-", "--clause", "14", "--text", "T.")
    assert run.code == 2
    assert "--notes" in run.err and run.err.count("\n") == 1


def test_add_text_file_dash_reads_the_text_from_stdin(
    bd: Callable[..., Run], notes: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", _StringIn("# Heading\n\nBody from stdin.\n"))
    add(bd, notes, "--clause", "14", "--text-file", "-")
    assert saved(notes)[0]["body"]["value"] == "# Heading\n\nBody from stdin."


def test_add_text_file_is_read_as_markdown(
    bd: Callable[..., Run], notes: Path, tmp_path: Path
) -> None:
    text = tmp_path / "note.md"
    text.write_text("**Bold** claim.\n", encoding="utf-8")
    add(bd, notes, "--clause", "14", "--text-file", text)
    assert saved(notes)[0]["body"]["value"] == "**Bold** claim."


def test_add_with_a_clause_number_in_both_prints_takes_the_new_prints_and_says_so(
    bd: Callable[..., Run], notes: Path
) -> None:
    run = bd("notes", "add", P1, P2, "--clause", "17", "--text", "T.", "--notes", notes)
    assert run.code == 0
    assert "in the old print 17 is clause 17 → 16 (--clause old:17 for that)" in run.err
    assert saved(notes)[0]["target"]["selector"]["number"] == "17"


def test_add_old_prefix_picks_the_unit_by_its_old_number(
    bd: Callable[..., Run], notes: Path
) -> None:
    add(bd, notes, "--clause", "old:17", "--text", "T.")
    assert saved(notes)[0]["target"]["selector"]["number"] == "16"


def test_add_schedule_paragraph_by_schedule_slash_paragraph(
    bd: Callable[..., Run], notes: Path
) -> None:
    add(bd, notes, "--clause", "2/5", "--text", "T.")
    selector = saved(notes)[0]["target"]["selector"]
    assert (selector["kind"], selector["schedule"], selector["number"]) == (
        "schedule-paragraph",
        "2",
        "5",
    )


def test_add_unknown_clause_exits_2(bd: Callable[..., Run], notes: Path) -> None:
    run = bd("notes", "add", P1, P2, "--clause", "99", "--text", "T.", "--notes", notes)
    assert (run.code, run.out) == (2, "")
    assert run.err.startswith("billdiff: no clause or schedule paragraph '99' in either print")


def test_add_repeated_quote_without_occurrence_exits_2_and_leaves_the_file(
    bd: Callable[..., Run], notes: Path
) -> None:
    add(bd, notes, "--clause", "14", "--text", "First.")
    before = notes.read_bytes()
    run = bd(
        "notes", "add", P1, P2, "--clause", "new:17", "--quote", "imprisonment for a term",
        "--text", "T.", "--notes", notes,
    )  # fmt: skip
    assert run.code == 2 and "give --occurrence K" in run.err
    assert notes.read_bytes() == before


def test_add_occurrence_without_quote_exits_2(bd: Callable[..., Run], notes: Path) -> None:
    run = bd(
        "notes",
        "add",
        P1,
        P2,
        "--clause",
        "14",
        "--occurrence",
        "2",
        "--text",
        "T.",
        "--notes",
        notes,
    )
    assert run.code == 2 and "--occurrence needs --quote" in run.err


def test_add_change_and_quote_together_exit_2(bd: Callable[..., Run], notes: Path) -> None:
    run = bd(
        "notes", "add", P1, P2, "--clause", "1", "--change", "1", "--quote", "x", "--text", "T.",
        "--notes", notes,
    )  # fmt: skip
    assert run.code == 2 and "not allowed with argument" in run.err


def test_add_without_text_exits_2(bd: Callable[..., Run], notes: Path) -> None:
    run = bd("notes", "add", P1, P2, "--clause", "1", "--notes", notes)
    assert run.code == 2 and "--text" in run.err


def test_add_to_a_corrupt_notes_file_exits_2_and_leaves_it_untouched(
    bd: Callable[..., Run], notes: Path
) -> None:
    notes.write_bytes(b'{"schema": "billdiff.annotations", "version": 1, "notes": [')
    before = notes.read_bytes()
    run = bd("notes", "add", P1, P2, "--clause", "14", "--text", "T.", "--notes", notes)
    assert (run.code, run.out) == (2, "")
    assert "is not valid JSON" in run.err and run.err.count("\n") == 1
    assert notes.read_bytes() == before
    assert not notes.with_name(notes.name + ".bak").exists()


def test_add_to_a_notes_file_of_a_newer_schema_exits_2(bd: Callable[..., Run], notes: Path) -> None:
    notes.write_text('{"schema": "billdiff.annotations", "version": 99, "notes": []}')
    run = bd("notes", "add", P1, P2, "--clause", "14", "--text", "T.", "--notes", notes)
    assert run.code == 2 and "newer billdiff" in run.err


def test_add_with_a_missing_print_exits_2(
    bd: Callable[..., Run], notes: Path, tmp_path: Path
) -> None:
    run = bd(
        "notes", "add", P1, tmp_path / "nope.xml", "--clause", "1", "--text", "T.", "--notes", notes
    )
    assert run.code == 2 and run.err.startswith("billdiff: ")
    assert not notes.exists()


def test_concurrent_adds_from_two_processes_lose_no_note(tmp_path: Path) -> None:
    notes = tmp_path / "shared.notes.json"
    child = "import sys\nfrom billdiff import cli\nsys.exit(cli.main(sys.argv[1:]))\n"
    env = {**os.environ, "BILLDIFF_AUTHOR": "Writer"}
    per_process = 4
    script = (
        "import subprocess, sys\n"
        "for i in range(int(sys.argv[1])):\n"
        "    subprocess.run([sys.executable, '-c', sys.argv[2], 'notes', 'add', sys.argv[3],\n"
        "        sys.argv[4], '--clause', '14', '--text', sys.argv[5] + str(i), '--notes',\n"
        "        sys.argv[6]], check=True, stdout=subprocess.DEVNULL)\n"
    )
    writers = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                script,
                str(per_process),
                child,
                P1,
                P2,
                f"writer {w} note ",
                str(notes),
            ],
            env=env,
            cwd=Path(__file__).resolve().parents[1],
        )
        for w in ("A", "B")
    ]
    assert [w.wait(timeout=120) for w in writers] == [0, 0]
    bodies = sorted(note["body"]["value"] for note in saved(notes))
    assert bodies == sorted(f"writer {w} note {i}" for w in "AB" for i in range(per_process))


# --- reply / resolve / reopen / delete ----------------------------------------------------


def test_reply_adds_a_reply_with_its_own_id_and_author(bd: Callable[..., Run], notes: Path) -> None:
    note_id = add(bd, notes, "--clause", "14", "--text", "T.")
    run = bd(
        "notes",
        "reply",
        note_id[9:17],
        "--text",
        "Agreed.",
        "--author",
        "B. Counsel",
        "--notes",
        notes,
    )
    assert run.code == 0, run.err
    (reply,) = saved(notes)[0]["replies"]
    assert reply["body"]["value"] == "Agreed." and reply["creator"]["name"] == "B. Counsel"
    assert reply["id"].startswith("urn:uuid:") and reply["id"] != note_id


def test_resolve_then_reopen_sets_the_status(bd: Callable[..., Run], notes: Path) -> None:
    note_id = add(bd, notes, "--clause", "14", "--text", "T.")
    assert bd("notes", "resolve", note_id, "--notes", notes).code == 0
    assert saved(notes)[0]["status"] == "resolved"
    assert bd("notes", "reopen", note_id, "--notes", notes).code == 0
    assert saved(notes)[0]["status"] == "open"


def test_delete_removes_only_that_note(bd: Callable[..., Run], notes: Path) -> None:
    keep = add(bd, notes, "--clause", "14", "--text", "Keep.")
    drop = add(bd, notes, "--clause", "1", "--text", "Drop.")
    assert bd("notes", "delete", drop, "--notes", notes).code == 0
    assert [n["id"] for n in saved(notes)] == [keep]


def test_editing_an_unknown_id_exits_2(bd: Callable[..., Run], notes: Path) -> None:
    add(bd, notes, "--clause", "14", "--text", "T.")
    run = bd("notes", "resolve", "deadbeef", "--notes", notes)
    assert run.code == 2 and "no note with id 'deadbeef'" in run.err


def test_editing_needs_notes(bd: Callable[..., Run]) -> None:
    run = bd("notes", "resolve", "deadbeef")
    assert run.code == 2 and "--notes" in run.err


def test_notes_without_an_action_exits_2(bd: Callable[..., Run]) -> None:
    assert bd("notes").code == 2


# --- notes list ---------------------------------------------------------------------------


def test_list_shows_every_note_with_its_anchor_and_the_orphans_last(
    bd: Callable[..., Run], fixture_copy: Path
) -> None:
    run = bd("notes", "list", P2, P3, "--notes", fixture_copy)
    assert run.code == 0
    assert "15 notes in" in run.out and "4 exact, 7 moved, 2 fuzzy, 2 orphaned" in run.out
    attached, orphans = run.out.split("NOT ATTACHED: 2 notes orphaned or ambiguous")
    assert "Publication is only a power here" in orphans
    assert "Clause 11 (offensive weapons penalties)" in orphans
    assert "Publication is only a power here" not in attached
    assert "  fuzzy      clause 19, change 2  (A. Lawyer" in attached


def test_list_json_has_schema_and_every_notes_anchor(
    bd: Callable[..., Run], fixture_copy: Path
) -> None:
    data = bd("notes", "list", P2, P3, "--format", "json", "--notes", fixture_copy).json()
    assert (data["schema"], data["version"]) == ("billdiff.notes", 1)
    assert data["counts"] == {"exact": 4, "moved": 7, "fuzzy": 2, "ambiguous": 0, "orphaned": 2}
    by_text = {note["text"]: note for note in data["notes"]}
    fuzzy = by_text["Seven years on indictment: check the tariff."]
    assert fuzzy["anchor"]["where"] == "clause 19"
    assert fuzzy["anchor"]["text"] == "not exceeding 10 years"
    assert fuzzy["noted_on"]["quote"] == "not exceeding 7 years"
    orphan = by_text["Clause 11 (offensive weapons penalties) was dropped in committee."]
    assert (orphan["anchor"]["status"], orphan["anchor"]["attached"]) == ("orphaned", False)


def test_list_filters_by_status_and_tag(bd: Callable[..., Run], notes: Path) -> None:
    first = add(bd, notes, "--clause", "14", "--text", "One.", "--tag", "policy")
    add(bd, notes, "--clause", "1", "--text", "Two.")
    bd("notes", "resolve", first, "--notes", notes)
    resolved = bd(
        "notes", "list", P1, P2, "--status", "resolved", "--format", "json", "--notes", notes
    ).json()
    tagged = bd(
        "notes", "list", P1, P2, "--tag", "policy", "--format", "json", "--notes", notes
    ).json()
    assert [n["text"] for n in resolved["notes"]] == ["One."]
    assert [n["text"] for n in tagged["notes"]] == ["One."]


def test_list_with_no_notes_file_says_so_and_exits_0(bd: Callable[..., Run], notes: Path) -> None:
    run = bd("notes", "list", P1, P2, "--notes", notes)
    assert run.code == 0 and "no notes in" in run.out and "does not exist yet" in run.out
    assert not notes.exists()


def test_list_on_a_corrupt_notes_file_exits_2_and_leaves_it(
    bd: Callable[..., Run], notes: Path
) -> None:
    notes.write_bytes(b"\x00\x01 not json")
    run = bd("notes", "list", P1, P2, "--notes", notes)
    assert (run.code, run.out) == (2, "")
    assert notes.read_bytes() == b"\x00\x01 not json"


# --- notes reanchor -----------------------------------------------------------------------


def test_reanchor_reports_without_writing(bd: Callable[..., Run], fixture_copy: Path) -> None:
    before = fixture_copy.read_bytes()
    run = bd("notes", "reanchor", P2, P3, "--notes", fixture_copy)
    assert run.code == 0
    assert "4 exact, 7 moved, 2 fuzzy, 2 orphaned" in run.out
    assert fixture_copy.read_bytes() == before


def test_reanchor_json_has_schema_and_counts(bd: Callable[..., Run], fixture_copy: Path) -> None:
    data = bd("notes", "reanchor", P2, P3, "--format", "json", "--notes", fixture_copy).json()
    assert (data["schema"], data["version"], data["written"]) == ("billdiff.reanchor", 1, False)
    assert data["counts"]["orphaned"] == 2 and len(data["notes"]) == 15


def test_reanchor_write_moves_attached_targets_and_keeps_the_old_ones(
    bd: Callable[..., Run], fixture_copy: Path
) -> None:
    before = {n["id"]: n for n in saved(fixture_copy)}
    run = bd("notes", "reanchor", P2, P3, "--write", "--notes", fixture_copy)
    assert run.code == 0
    assert "rewrote 13 note targets" in run.out  # every attached note moves to print 3
    after = {n["id"]: n for n in saved(fixture_copy)}
    assert after.keys() == before.keys()
    for note_id, note in after.items():
        if "previous_targets" in note:
            assert note["previous_targets"] == [before[note_id]["target"]]
            assert note["target"]["source"]["version"] == "introd-hc-hl"


def test_reanchor_write_never_touches_an_orphan(bd: Callable[..., Run], fixture_copy: Path) -> None:
    before = {n["body"]["value"]: n for n in saved(fixture_copy)}
    bd("notes", "reanchor", P2, P3, "--write", "--notes", fixture_copy)
    after = {n["body"]["value"]: n for n in saved(fixture_copy)}
    for text in (
        "Publication is only a power here, with no duty and no timetable.",
        "Clause 11 (offensive weapons penalties) was dropped in committee.",
    ):
        assert after[text] == before[text]


def test_reanchored_notes_are_exact_or_still_orphaned_on_the_same_comparison(
    bd: Callable[..., Run], fixture_copy: Path
) -> None:
    bd("notes", "reanchor", P2, P3, "--write", "--notes", fixture_copy)
    counts = bd("notes", "list", P2, P3, "--format", "json", "--notes", fixture_copy).json()[
        "counts"
    ]
    assert counts == {"exact": 13, "moved": 0, "fuzzy": 0, "ambiguous": 0, "orphaned": 2}


# --- check --------------------------------------------------------------------------------


def test_check_fails_listing_unexplained_changes_and_orphaned_notes(
    bd: Callable[..., Run], fixture_copy: Path
) -> None:
    run = bd("check", P2, P3, "--notes", fixture_copy)
    assert run.code == 1
    assert "needs a note  clause 9: added" in run.out
    assert "orphaned note 26a8ee5d (was on clause 11 of As Introduced), blocking: " in run.out
    assert "Clause 11 (offensive weapons" in run.out


def test_check_wants_notes_written_on_this_pair_of_prints(
    bd: Callable[..., Run], fixture_copy: Path
) -> None:
    # The fixture's notes were written on prints 1 → 2. Clause 21 changed again in
    # 2 → 3; an old note on it explains the old change, not the new one.
    unexplained = "needs a note  clause 21 → 23: renumbered (substantive)"
    assert unexplained in bd("check", P2, P3, "--notes", fixture_copy).out
    lenient = bd("check", P2, P3, "--notes", fixture_copy, "--earlier-notes")
    assert unexplained not in lenient.out


def test_resolved_orphan_no_longer_fails_check(bd: Callable[..., Run], fixture_copy: Path) -> None:
    orphan = next(
        n["id"] for n in saved(fixture_copy) if n["body"]["value"].startswith("Clause 11")
    )
    before = bd("check", P2, P3, "--notes", fixture_copy, "--format", "json").json()
    assert orphan in [p["id"] for p in before["problem_notes"]]
    bd("notes", "resolve", orphan, "--notes", fixture_copy)
    after = bd("check", P2, P3, "--notes", fixture_copy, "--format", "json").json()
    blocking = {p["id"]: p["blocking"] for p in after["problem_notes"]}
    assert blocking[orphan] is False  # still listed, never hidden, but no longer failing
    assert {p["id"]: p["blocking"] for p in before["problem_notes"]}[orphan] is True


def test_check_passes_when_every_change_that_needs_a_note_has_one(
    bd: Callable[..., Run], notes: Path
) -> None:
    for ref in NEEDING_NOTES_1_2:
        add(bd, notes, "--clause", ref, "--text", f"Explains {ref}.")
    run = bd("check", P1, P2, "--notes", notes)
    assert (run.code, run.err) == (0, "")
    assert run.out.startswith(
        "check passed: 8 changed units and 3 headings needing a note, all explained"
    )


def test_check_with_one_unit_unexplained_fails_naming_it(
    bd: Callable[..., Run], notes: Path
) -> None:
    for ref in NEEDING_NOTES_1_2[:-1]:
        add(bd, notes, "--clause", ref, "--text", f"Explains {ref}.")
    run = bd("check", P1, P2, "--notes", notes)
    assert run.code == 1
    assert run.out.splitlines()[1:] == ["needs a note  clause 11: removed"]


def test_check_counts_resolved_notes_as_explanations(bd: Callable[..., Run], notes: Path) -> None:
    ids = [add(bd, notes, "--clause", ref, "--text", "E.") for ref in NEEDING_NOTES_1_2]
    for note_id in ids:
        bd("notes", "resolve", note_id, "--notes", notes)
    assert bd("check", P1, P2, "--notes", notes).code == 0


def test_check_require_any_needs_notes_on_cross_reference_changes_too(
    bd: Callable[..., Run], notes: Path
) -> None:
    for ref in NEEDING_NOTES_1_2:
        add(bd, notes, "--clause", ref, "--text", "E.")
    run = bd("check", P1, P2, "--notes", notes, "--require-notes", "any")
    assert run.code == 1 and "needs a note  clause 4: amended (xref)" in run.out


def test_check_require_any_ignoring_xref_still_needs_renumbered_units(
    bd: Callable[..., Run], notes: Path
) -> None:
    run = bd(
        "check", P1, P2, "--notes", notes, "--require-notes", "any", "--ignore", "xref,typographic"
    )
    assert run.code == 1
    assert "clause 4: amended (xref)" not in run.out
    assert "needs a note  clause 6 → 7: renumbered" in run.out


def test_check_require_none_passes_without_notes(bd: Callable[..., Run], notes: Path) -> None:
    run = bd("check", P1, P2, "--notes", notes, "--require-notes", "none")
    assert run.code == 0 and "no notes file at" in run.out


def test_check_require_none_still_fails_on_an_orphaned_note(
    bd: Callable[..., Run], fixture_copy: Path
) -> None:
    assert bd("check", P2, P3, "--notes", fixture_copy, "--require-notes", "none").code == 1


def test_check_json_has_schema_version_and_what_is_missing(
    bd: Callable[..., Run], fixture_copy: Path
) -> None:
    run = bd("check", P2, P3, "--notes", fixture_copy, "--format", "json", "--ignore", "xref")
    data = run.json()
    assert run.code == 1
    assert (data["schema"], data["version"], data["ok"]) == ("billdiff.check", 1, False)
    assert (data["require"], data["ignore"]) == ("substantive", ["xref"])
    clause_9 = next(u for u in data["unexplained"] if u["unit"] == "clause 9")
    assert clause_9 == {"unit": "clause 9", "kind": "clause", "key": clause_9["key"],
                        "status": "added", "classes": [], "old": None, "new": "9"}  # fmt: skip
    assert {"unit": "long title", "kind": "long-title", "key": "long-title:long title@new",
            "status": "amended", "classes": ["substantive"], "old": "long title",
            "new": "long title"} in data["unexplained"]  # fmt: skip
    assert sorted(n["anchor"]["status"] for n in data["problem_notes"]) == ["orphaned", "orphaned"]
    assert data["counts"]["orphaned"] == 2
    assert data["counts"]["required"] == data["counts"]["explained"] + data["counts"]["unexplained"]


def test_check_json_passes_with_ok_true(bd: Callable[..., Run], notes: Path) -> None:
    run = bd("check", P1, P2, "--notes", notes, "--require-notes", "none", "--format", "json")
    assert (run.code, run.json()["ok"]) == (0, True)


def test_check_with_a_bad_ignore_class_exits_2(bd: Callable[..., Run], notes: Path) -> None:
    run = bd("check", P1, P2, "--notes", notes, "--ignore", "spelling")
    assert run.code == 2 and "--ignore takes xref, " in run.err and "not 'spelling'" in run.err


def test_check_with_a_bad_require_value_exits_2(bd: Callable[..., Run], notes: Path) -> None:
    assert bd("check", P1, P2, "--notes", notes, "--require-notes", "all").code == 2


def test_check_with_a_missing_print_exits_2(
    bd: Callable[..., Run], notes: Path, tmp_path: Path
) -> None:
    run = bd("check", P1, tmp_path / "missing.xml", "--notes", notes)
    assert run.code == 2 and run.out == ""


def test_check_on_a_corrupt_notes_file_exits_2_and_leaves_it(
    bd: Callable[..., Run], notes: Path
) -> None:
    notes.write_text('{"schema": "billdiff.annotations", "version": 1, "notes": [{"id": 5}]}')
    before = notes.read_bytes()
    run = bd("check", P1, P2, "--notes", notes)
    assert (run.code, run.out) == (2, "")
    assert "note 1 has no id" in run.err
    assert notes.read_bytes() == before


class _StringIn:
    """A stand-in for sys.stdin holding ``text``."""

    def __init__(self, text: str) -> None:
        self.text = text

    def read(self) -> str:
        return self.text
