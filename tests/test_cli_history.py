"""``billdiff history``: every format, --clause, the order, refusals, exit codes and progress."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from billdiff import cli
from billdiff.cli import progress
from tests.conftest import PRINTS, corpus_file
from tests.test_history import SOCIAL_HOUSING

P1, P2, P3 = (str(p) for p in PRINTS)
Run = Callable[..., tuple[int, str, str]]
#: Clause 1's heading in prints 1 and 2.
HEADING = 'eId="sec_1__hdg">Respect orders<'


@pytest.fixture
def bd(capsys: pytest.CaptureFixture[str]) -> Run:
    def run(*argv: object) -> tuple[int, str, str]:
        capsys.readouterr()
        code = cli.main([str(a) for a in argv])
        out, err = capsys.readouterr()
        return code, out, err

    return run


def one_line(err: str, expected: str) -> None:
    assert err.count("\n") == 1 and err.startswith("billdiff: "), err
    assert expected in err, err


# -- the table ---------------------------------------------------------------------------------


def test_text_lists_every_lineage_with_its_number_in_each_print(bd: Run) -> None:
    code, out, err = bd("history", P1, P2, P3)
    assert code == 0 and err == ""
    assert "Crime and Policing Bill: history over 3 prints" in out
    assert "order: by publication date" in out
    assert (
        "  1  As Introduced (Bill 166), House of Commons, 2025-02-25  1-commons-introduced.xml"
        in out
    )
    assert "51 lineages, 41 changed" in out
    rows = {" ".join(line.split()[:3]): line for line in out.splitlines()}
    assert rows["12 12 14"].endswith("  2: amended (substantive); 3: renumbered")
    assert "2: moved; 3: renumbered" in rows["15 22 24"]
    assert rows["11 — —"].endswith("2: removed")
    assert rows["— — 9"].endswith("3: added")


def test_schedule_paragraphs_are_listed_under_their_schedule(bd: Run) -> None:
    _, out, _ = bd("history", P1, P2, P3)
    lines = out.splitlines()
    start = lines.index("Schedule 2")
    # Schedule 2 gains a paragraph 5 in print 3: old 5 to 9 move up one.
    assert lines[start + 5].split()[:3] == ["—", "—", "5"]
    assert lines[start + 6].split()[:3] == ["5", "5", "6"]


def test_only_changed_leaves_out_lineages_that_never_changed(bd: Run) -> None:
    _, out, _ = bd("history", P1, P2, P3, "--only-changed")
    assert "51 lineages, 41 changed" not in out and "41 lineages, 41 changed" in out
    assert "Respect orders: supplementary" not in out  # clause 2: never changed


def test_shuffled_prints_are_put_in_order_and_the_output_says_so(bd: Run) -> None:
    _, out, _ = bd("history", P3, P1, P2)
    assert "order: by publication date (not the order they were given in)" in out
    _, out, _ = bd("history", P3, P1, P2, "--format", "json")
    order = json.loads(out)["order"]
    assert order == {
        "mode": "metadata",
        "asked": "metadata",
        "reason": "by publication date",
        "given": [2, 3, 1],
    }


def test_order_given_keeps_the_command_lines_order_and_warns_of_backward_steps(bd: Run) -> None:
    code, out, _ = bd("history", P2, P1, P3, "--order", "given")
    assert code == 0
    assert "order: as given\n" in out
    assert "warning: 1 → 2: NEW looks older than OLD" in out


# -- CSV, JSON, Markdown -----------------------------------------------------------------------


def test_csv_parses_back_to_one_row_per_lineage(bd: Run) -> None:
    code, out, _ = bd("history", P1, P2, P3, "--format", "csv")
    assert code == 0
    assert "\r\n" in out  # RFC 4180 line ends
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 51
    assert list(rows[0]) == [
        "lineage",
        "kind",
        "label",
        "heading",
        "print 1",
        "print 2",
        "print 3",
        "status 1-2",
        "classes 1-2",
        "status 2-3",
        "classes 2-3",
    ]
    (retail,) = [r for r in rows if r["heading"] == "Assault of retail worker"]
    assert (retail["print 1"], retail["print 2"], retail["print 3"]) == ("12", "12", "14")
    assert (retail["status 1-2"], retail["classes 1-2"]) == ("amended", "substantive")
    assert (retail["status 2-3"], retail["classes 2-3"]) == ("renumbered", "")
    (removed,) = [r for r in rows if r["print 1"] == "11"]
    assert (removed["print 2"], removed["status 1-2"], removed["status 2-3"]) == ("", "removed", "")
    (typo,) = [r for r in rows if r["print 1"] == "9"]
    assert typo["classes 1-2"] == "typographic"
    assert {r["kind"] for r in rows} == {"clause", "schedule-paragraph"}


def test_json_has_the_prints_the_order_and_each_lineage_per_print_and_step(bd: Run) -> None:
    _, out, _ = bd("history", P1, P2, P3, "--format", "json")
    data = json.loads(out)
    assert (data["schema"], data["version"]) == ("billdiff.history", 1)
    assert [p["name"] for p in data["prints"]] == [
        "As Introduced (Bill 166)",
        "As amended in Public Bill Committee (Bill 235)",
        "As brought from the Commons (HL Bill 111)",
    ]
    assert [p["position"] for p in data["prints"]] == [1, 2, 3]
    assert data["prints"][0]["project_id"] == "UK000712"
    assert [(s["from"], s["to"]) for s in data["steps"]] == [(1, 2), (2, 3)]
    assert data["steps"][0]["summary"]["removed"] == 1
    assert data["counts"] == {"lineages": 51, "changed": 41, "listed": 51}
    by_refs = {tuple(p and p["ref"] for p in r["prints"]): r for r in data["lineages"]}
    moved = by_refs[("15", "22", "24")]
    assert moved["id"] == moved["prints"][0]["guid"] and moved["kind"] == "clause"
    assert set(moved["prints"][1]) >= {"ref", "number", "heading", "guid", "page", "line"}
    assert [s["status"] for s in moved["steps"]] == ["moved", "renumbered"]
    assert moved["steps"][0]["match"] == {"reason": "GUID", "score": 1.0}
    added = by_refs[(None, None, "2/5")]
    assert added["steps"][0] is None and added["steps"][1]["match"] is None
    assert added["prints"][2]["schedule"] == "2"


def test_markdown_is_a_table_with_every_bill_string_escaped(bd: Run, tmp_path: Path) -> None:
    hostile = []
    for n, p in enumerate((P1, P2)):
        text = Path(p).read_text(encoding="utf-8")
        text = text.replace(HEADING, 'eId="sec_1__hdg">Respect | *orders* &lt;b&gt;\u202e<')
        path = tmp_path / f"{n}.xml"
        path.write_text(text, encoding="utf-8")
        hostile.append(path)
    code, out, _ = bd("history", *hostile, "--format", "markdown")
    assert code == 0
    assert (
        "| 1 | 1 | Respect \\| \\*orders\\* &lt;b&gt;⟨U+202E⟩ | 2: amended (substantive) |" in out
    )
    assert "\u202e" not in out
    assert "| 1 | 2 | heading | what happened |" in out
    _, text, _ = bd("history", *hostile)
    assert "Respect | *orders* <b>⟨U+202E⟩" in text and "\u202e" not in text


def test_csv_cells_a_spreadsheet_would_run_are_quoted(bd: Run, tmp_path: Path) -> None:
    paths = []
    for n, p in enumerate((P1, P2)):
        text = Path(p).read_text(encoding="utf-8")
        text = text.replace(HEADING, 'eId="sec_1__hdg">=HYPERLINK("http://x","y")<')
        path = tmp_path / f"{n}.xml"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    _, out, _ = bd("history", *paths, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows[0]["heading"] == '\'=HYPERLINK("http://x","y")'


# -- one clause through every print ------------------------------------------------------------


def test_clause_shows_its_words_in_each_print_and_each_steps_numbered_redline(bd: Run) -> None:
    code, out, err = bd("history", P1, P2, P3, "--clause", "1:12")
    assert code == 0 and err == ""
    assert "clause 12 → 12 → 14  Assault of retail worker" in out
    assert "1  As Introduced (Bill 166): clause 12  p6:25" in out
    assert "3  As brought from the Commons (HL Bill 111): clause 14" in out
    assert "1 → 2  amended (substantive)" in out
    assert "#1[-in the course of a trade or business, whether as an employee or otherwise-]" in out
    assert "2 → 3  renumbered\n  its words did not change" in out
    assert "(the same words as in print 2)" in out
    assert "\x1b[" not in out


def test_clause_names_sub_provisions_added_and_every_change_number(bd: Run) -> None:
    _, out, _ = bd("history", P1, P2, P3, "--clause", "3:17")
    step = out.split("2 → 3  renumbered (substantive, xref)\n", 1)[1].split("\n\n", 1)[0]
    assert step.splitlines()[0] == "  subsection (6) added"
    assert "#1[-16-]{+18+}" in step and "#2{+ (6) Nothing in this section" in step


def test_a_clause_number_naming_several_units_shows_them_all_and_says_so(bd: Run) -> None:
    code, out, err = bd("history", P1, P2, P3, "--clause", "16")
    assert code == 0
    one_line(err, "16 names 3 different units")
    assert "N:16" in err
    assert out.count("\nlineage ") == 3


def test_clause_markdown_has_the_redline_with_numbered_changes(bd: Run) -> None:
    _, out, _ = bd("history", P1, P2, P3, "--clause", "1:12", "--format", "markdown")
    assert "### clause 12 → 12 → 14 — Assault of retail worker" in out
    assert "<sup>1</sup><del>in the course of a trade or business" in out
    assert "#### 3 · As brought from the Commons (HL Bill 111): clause 14" in out


def test_clause_in_json_lists_only_its_lineage(bd: Run) -> None:
    _, out, _ = bd("history", P1, P2, P3, "--clause", "1:12", "--format", "json")
    data = json.loads(out)
    assert [[p["ref"] for p in r["prints"]] for r in data["lineages"]] == [["12", "12", "14"]]
    assert data["counts"]["listed"] == 1


def test_an_unknown_clause_is_one_line_and_exit_2(bd: Run) -> None:
    code, out, err = bd("history", P1, P2, P3, "--clause", "99")
    assert (code, out) == (2, "")
    one_line(err, "no clause or schedule paragraph '99' in any print")


# -- refusals and exit codes -------------------------------------------------------------------


def test_prints_of_different_bills_are_refused_in_one_line() -> None:
    other = str(corpus_file(SOCIAL_HOUSING[0]))
    proc = subprocess.run(
        [sys.executable, "-m", "billdiff", "history", P1, other, P2],
        capture_output=True,
        text=True,
    )
    assert (proc.returncode, proc.stdout) == (2, "")
    one_line(proc.stderr, "the prints are of different bills")
    assert "UK000712" in proc.stderr and "UK000276" in proc.stderr


def test_one_print_is_not_a_history(bd: Run) -> None:
    code, _, err = bd("history", P1)
    assert code == 2
    one_line(err, "history needs two or more prints")


def test_a_missing_print_is_one_line_and_exit_2(bd: Run, tmp_path: Path) -> None:
    code, _, err = bd("history", P1, tmp_path / "gone.xml", P2)
    assert code == 2
    one_line(err, "gone.xml: no such file")


def test_output_is_never_written_onto_a_print(bd: Run, tmp_path: Path) -> None:
    copy = tmp_path / "2.xml"
    copy.write_bytes(Path(P2).read_bytes())
    code, _, err = bd("history", P1, copy, "-o", copy)
    assert code == 2 and err.startswith("billdiff: ")
    assert copy.read_bytes() == Path(P2).read_bytes()


def test_output_to_a_file_and_quiet(bd: Run, tmp_path: Path) -> None:
    target = tmp_path / "lineage.csv"
    assert bd("history", P1, P2, "--format", "csv", "-o", target) == (0, "", "")
    assert target.read_text(encoding="utf-8").startswith("lineage,kind,label,heading")
    assert bd("history", P1, P2, "-q") == (0, "", "")


def test_help_gives_the_exit_codes_and_examples(bd: Run) -> None:
    code, out, _ = bd("history", "--help")
    assert code == 0
    assert "Exit 0 whatever changed" in " ".join(out.split())
    assert "examples:" in out and "--clause 3:14" in out


# -- progress ----------------------------------------------------------------------------------


def test_no_progress_line_on_a_pipe() -> None:
    paths = [str(corpus_file(p)) for p in SOCIAL_HOUSING]
    proc = subprocess.run(
        [sys.executable, "-m", "billdiff", "history", *paths],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0 and proc.stderr == ""
    assert "\r" not in proc.stdout


def _terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make stderr look like a terminal and the progress line appear at once."""
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    monkeypatch.setattr(progress, "DELAY", 0.0)


def test_on_a_terminal_progress_shows_each_step_and_erases_itself(
    bd: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    _terminal(monkeypatch)
    code, out, err = bd("history", P1, P2, P3)
    assert code == 0 and out
    assert "\rbilldiff: reading 3 prints… 3/3" in err
    assert "billdiff: comparing each print with the next… 2/2" in err
    last = err.rsplit("\r", 2)[-2]
    assert err.endswith("\r") and last.strip() == ""  # the last thing drawn blanks the line
    assert "\n" not in err


def test_quiet_draws_no_progress_even_on_a_terminal(
    bd: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    _terminal(monkeypatch)
    assert bd("history", P1, P2, P3, "-q") == (0, "", "")


def test_progress_waits_before_it_appears() -> None:
    stream = io.StringIO()
    now = [0.0]
    line = progress.Progress(True, stream, delay=0.5, clock=lambda: now[0])
    line.show("reading 4 prints… 1/4")
    assert stream.getvalue() == ""
    now[0] = 0.6
    line.show("reading 4 prints… 2/4")
    line.close()
    assert stream.getvalue() == (
        "\rbilldiff: reading 4 prints… 2/4\r"
        + "\r"
        + " " * len("billdiff: reading 4 prints… 2/4")
        + "\r"
    )


def test_an_error_erases_the_progress_line_before_it_is_reported(
    bd: Run, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _terminal(monkeypatch)
    code, _, err = bd("history", P1, P2, tmp_path / "gone.xml")
    assert code == 2
    drawn, message = err.rsplit("\r", 1)
    assert drawn.split("\r")[-1].strip() == "" and message.startswith("billdiff: ")
    assert message.endswith("gone.xml: no such file\n")


def test_one_print_can_be_read_from_stdin() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "billdiff", "history", P1, "-", P3],
        input=Path(P2).read_bytes(),
        capture_output=True,
    )
    assert (proc.returncode, proc.stderr) == (0, b"")
    assert (
        "  2  As amended in Public Bill Committee (Bill 235), House of Commons, 2025-04-24  stdin"
        in (proc.stdout.decode())
    )


def test_clause_redline_is_coloured_only_when_asked(bd: Run) -> None:
    _, out, _ = bd("history", P1, P2, "--clause", "1:12", "--colour", "always")
    assert "\x1b[31m\x1b[9min the course of a trade or business" in out and "[-" not in out
