"""What the terminal UI stands on without Textual: the bundled example, the keymap file,
line wrapping, prints read in children, editing a note's text, and the ``view`` command."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import tomllib
from fnmatch import fnmatch
from importlib import resources
from pathlib import Path

import pytest
from conftest import FIXTURES, PRINTS, ROOT

from billdiff.annotations.notes import EmptyText, new_note, with_text
from billdiff.tui.keymap import BY_ID, KEYS, MAX_PROBLEMS, keymap_path, read_keymap
from billdiff.tui.layout import Span, wrap

# -- the bundled example ------------------------------------------------------------------


def test_the_example_resolves_through_importlib_resources() -> None:
    from billdiff.tui.example import NEW, NOTES, OLD, bundled

    folder = resources.files("billdiff").joinpath("example")
    for name, fixture in (
        (OLD, PRINTS[0]),
        (NEW, PRINTS[1]),
        (NOTES, FIXTURES / "notes" / "1-to-2.notes.json"),
    ):
        shipped = folder.joinpath(name)
        assert shipped.is_file(), name
        assert shipped.read_bytes() == fixture.read_bytes()  # one copy: the fixtures
        assert bundled(name).read_bytes() == fixture.read_bytes()


def test_the_example_files_are_package_data_in_the_wheel() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["billdiff"]
    folder = ROOT / "src" / "billdiff"
    shipped = [p.relative_to(folder).as_posix() for p in (folder / "example").iterdir()]
    assert shipped and all(any(fnmatch(s, pat) for pat in patterns) for s in shipped)
    assert any(fnmatch("tui/app.tcss", pat) for pat in patterns)
    assert "textual==8.2.8" in config["project"]["dependencies"]


def test_the_example_notes_are_copied_to_the_users_data_folder(tmp_path, monkeypatch) -> None:
    from billdiff.tui import example as ex

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    monkeypatch.setattr(sys, "platform", "linux")
    found = ex.example()
    assert found.copied and found.notes == tmp_path / "billdiff" / "example" / ex.NOTES
    assert found.notes.read_bytes() == ex.bundled(ex.NOTES).read_bytes()
    found.notes.write_text("{}")  # the reader's own edits are kept from then on
    again = ex.example()
    assert not again.copied and again.notes.read_text() == "{}"


# -- the keymap file ----------------------------------------------------------------------


def test_every_binding_has_a_unique_id_and_words() -> None:
    assert len(BY_ID) == len(KEYS)
    assert all(k.id and k.description and k.keys for k in KEYS)


def test_a_keymap_file_is_read(tmp_path: Path) -> None:
    path = tmp_path / "keymap.toml"
    path.write_text('[keys]\nnext-change = "j"\nprevious-change = ["k", "up"]\n')
    user = read_keymap(path)
    assert user.keys == {"next-change": "j", "previous-change": "k,up"} and not user.problems


@pytest.mark.parametrize(
    "text,problem",
    [
        ("[keys]\nno-such = 'z'\n", "no key is called 'no-such'"),
        ("[keys\n", "not valid TOML"),
        ("keys = 3\n", "must be a table"),
        ("[keys]\nnext-change = 3\n", "must be a key name"),
    ],
)
def test_a_bad_keymap_file_is_reported(tmp_path: Path, text: str, problem: str) -> None:
    path = tmp_path / "keymap.toml"
    path.write_text(text)
    user = read_keymap(path)
    assert any(problem in p for p in user.problems)
    assert "next-change" not in user.keys


def _keymap_in_child(path: Path) -> subprocess.CompletedProcess[str]:
    """Read the keymap in a child with 1 GB of memory and 30 s: its problems, one a line."""
    code = (
        "import resource, sys\n"
        "from pathlib import Path\n"
        "resource.setrlimit(resource.RLIMIT_AS, (2**30, 2**30))\n"
        "from billdiff.tui.keymap import read_keymap\n"
        "print('\\n'.join(read_keymap(Path(sys.argv[1])).problems))\n"
    )
    return subprocess.run(
        [sys.executable, "-c", code, str(path)], capture_output=True, text=True, timeout=30
    )


def test_a_keymap_linked_to_dev_zero_is_one_problem_and_never_read(tmp_path: Path) -> None:
    link = tmp_path / "keymap.toml"
    link.symlink_to("/dev/zero")
    done = _keymap_in_child(link)
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == f"{link} is a device, not a keymap file; keys unchanged\n"


def test_a_keymap_fifo_is_one_problem_and_never_blocks(tmp_path: Path) -> None:
    fifo = tmp_path / "keymap.toml"
    os.mkfifo(fifo)
    try:
        done = _keymap_in_child(fifo)
    finally:
        with contextlib.suppress(OSError):  # release a reader that did block
            os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
    assert done.stdout == f"{fifo} is a FIFO (named pipe), not a keymap file; keys unchanged\n"


def test_a_keymap_over_the_size_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "keymap.toml"
    path.write_text("[keys]\n" + "".join(f'k{n} = "z"\n' for n in range(200_000)))
    user = read_keymap(path)
    assert user.keys == {}
    assert user.problems == (
        f"{path} is larger than 64 KB, which billdiff does not read as a keymap file (real "
        "ones are under 4 KB); keys unchanged",
    )


def test_many_problems_are_listed_up_to_a_cap_and_the_rest_counted(tmp_path: Path) -> None:
    path = tmp_path / "keymap.toml"
    lines = [f'no-such-{n} = "z"' for n in range(3000)]
    path.write_text("[keys]\nnext-change = 'j'\n" + "\n".join(lines) + "\n")
    user = read_keymap(path)
    assert user.keys == {"next-change": "j"}
    assert len(user.problems) == MAX_PROBLEMS
    assert all("no key is called 'no-such-" in p for p in user.problems[:-1])
    more = 3000 - MAX_PROBLEMS + 1
    assert user.problems[-1] == f"{path}: … and {more:,} more problems like these"


def test_a_keymap_that_is_not_utf8_is_one_problem(tmp_path: Path) -> None:
    path = tmp_path / "keymap.toml"
    path.write_bytes(b"[keys]\nnext-change = '\xe9'\n")
    assert read_keymap(path).problems == (
        f"the keymap file {path} is not UTF-8 text (bad byte at offset 22); keys unchanged",
    )


def test_no_keymap_file_is_no_keymap(tmp_path: Path, monkeypatch) -> None:
    assert read_keymap(tmp_path / "missing.toml").keys == {}
    monkeypatch.setenv("BILLDIFF_KEYMAP", str(tmp_path / "k.toml"))
    assert keymap_path() == tmp_path / "k.toml"
    monkeypatch.delenv("BILLDIFF_KEYMAP")
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    assert keymap_path() == tmp_path / "billdiff" / "keymap.toml"


# -- wrapping -----------------------------------------------------------------------------


def _lines(spans: list[Span], width: int, indent: int = 0) -> list[str]:
    return ["".join(s.text for s in line) for line in wrap(spans, width, indent)]


def test_wrapping_breaks_at_spaces_and_keeps_roles() -> None:
    spans = [
        Span("the court may ", "plain"),
        Span("by order", "inserted", 3),
        Span(" direct", "plain"),
    ]
    lines = wrap(spans, 12, 2)
    texts = ["".join(s.text for s in line) for line in lines]
    assert texts == ["  the court", "  may by", "  order", "  direct"]
    assert all(len(t) <= 12 for t in texts)
    inserted = [s for line in lines for s in line if s.role == "inserted"]
    assert " ".join(s.text.strip() for s in inserted) == "by order"
    assert {s.stop for s in inserted} == {3}


def test_wrapping_cuts_a_word_longer_than_a_line_and_counts_wide_characters() -> None:
    assert _lines([Span("a" * 25, "plain")], 10) == ["a" * 10, "a" * 10, "a" * 5]
    wide = _lines([Span("法律 法律 法律", "plain")], 10)
    assert all(sum(2 for _ in line.replace(" ", "")) + line.count(" ") <= 10 for line in wide)


# -- reading prints in children -----------------------------------------------------------


@pytest.mark.parametrize("limit,kind", [(10**9, "PendingComparison"), (0, "tuple")])
def test_the_comparison_made_in_children_comes_back_whole(monkeypatch, limit, kind) -> None:
    from billdiff import compare, load, parallel
    from billdiff.tui import loading
    from billdiff.tui.loading import Source

    monkeypatch.setattr(parallel, "enabled", True)
    monkeypatch.setattr(loading, "SEND_COMPARISON_LIMIT", limit)  # small prints, or big ones
    source = Source(str(PRINTS[0]), str(PRINTS[1]), Path("unused.json"))
    source.start_reading()
    assert type(source.pending).__name__ == kind
    got = source.comparison()
    here = compare(load(PRINTS[0]), load(PRINTS[1]))
    assert [u.label for u in got.units] == [u.label for u in here.units]
    assert [u.status for u in got.units] == [u.status for u in here.units]
    assert dict(got.renumbering.clauses) == dict(here.renumbering.clauses)
    assert got.old.sha256 == here.old.sha256


@pytest.mark.parametrize("limit", [10**9, 0])
def test_a_child_that_cannot_read_a_print_says_why(tmp_path, monkeypatch, limit) -> None:
    from billdiff import parallel
    from billdiff.errors import InputError
    from billdiff.tui import loading
    from billdiff.tui.loading import Source

    monkeypatch.setattr(parallel, "enabled", True)
    monkeypatch.setattr(loading, "SEND_COMPARISON_LIMIT", limit)
    source = Source(str(tmp_path / "missing.xml"), str(PRINTS[1]), tmp_path / "n.json")
    source.start_reading()
    with pytest.raises(InputError, match=r"missing\.xml"):
        source.comparison()


# -- editing a note's text ----------------------------------------------------------------


def test_with_text_replaces_the_words_and_tags_and_keeps_the_rest() -> None:
    note = new_note({"t": 1}, "Old words.", "A", ["x"], when="2026-01-01T00:00:00Z")
    note["replies"] = [{"id": "r"}]
    edited = with_text(note, "New words.", ["y", "y", " z "], when="2026-02-02T00:00:00Z")
    assert edited["body"]["value"] == "New words." and edited["body"]["format"] == "text/markdown"
    assert edited["tags"] == ["y", "z"] and edited["replies"] == [{"id": "r"}]
    assert edited["modified"] == "2026-02-02T00:00:00Z" and edited["target"] == {"t": 1}
    assert note["body"]["value"] == "Old words."  # a copy
    same = with_text(note, "Old words.")
    assert same["modified"] == note["modified"]
    with pytest.raises(EmptyText):
        with_text(note, "  \n")
    listed = {**note, "body": [{"type": "Tag"}, {"value": "Old.", "format": "text/plain"}]}
    assert with_text(listed, "New.")["body"] == [
        {"type": "Tag"},
        {"value": "New.", "format": "text/plain"},
    ]


# -- the view command ---------------------------------------------------------------------


def _run(*argv: str) -> subprocess.CompletedProcess[str]:
    code = (
        "import sys\n"
        "from billdiff.cli import main\n"
        f"rc = main({list(argv)!r})\n"
        "print('textual' in sys.modules)\n"
        "sys.exit(rc)\n"
    )
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, stdin=subprocess.DEVNULL
    )


def test_view_help_does_not_load_textual() -> None:
    proc = _run("view", "--help")
    assert proc.returncode == 0 and "bundled example" in proc.stdout
    assert proc.stdout.strip().endswith("False")


def test_view_without_a_terminal_says_so_and_exits_2() -> None:
    proc = _run("view", str(PRINTS[0]), str(PRINTS[1]))
    assert proc.returncode == 2
    assert "view needs a terminal" in proc.stderr
    assert proc.stdout.strip().endswith("False")


@pytest.mark.parametrize(
    "argv,words",
    [
        (["view", str(PRINTS[0])], "give both OLD and NEW"),
        (["view", "-", str(PRINTS[1])], "must be files"),
        (["view", "nope.xml", str(PRINTS[1])], "nope.xml: no such file"),
        (["view", "--notes", "x.json"], "--notes needs OLD and NEW"),
    ],
)
def test_view_refuses_bad_arguments(argv: list[str], words: str) -> None:
    proc = _run(*argv)
    assert proc.returncode == 2 and words in proc.stderr


def test_view_with_no_prints_opens_the_example_and_writes_nothing_into_the_package(
    tmp_path, monkeypatch
) -> None:
    from billdiff.cli import view
    from billdiff.tui import example as ex

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    monkeypatch.setattr(sys, "platform", "linux")
    opened = []
    monkeypatch.setattr("billdiff.tui.launch", lambda source, **_: opened.append(source) or 0)
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True, raising=False)
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    args = view_args(view)
    assert view.run(args) == 0
    (source,) = opened
    assert Path(source.old) == ex.bundled(ex.OLD) and Path(source.new) == ex.bundled(ex.NEW)
    assert source.notes == tmp_path / "billdiff" / "example" / ex.NOTES
    assert source.output_dir == source.notes.parent  # the report goes there, not into the package
    assert "bundled example" in (source.notice or "") and str(source.notes) in (source.notice or "")


def view_args(view_module):
    import argparse

    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers()
    view_module.add_parser(sub)
    return parser.parse_args(["view"])
