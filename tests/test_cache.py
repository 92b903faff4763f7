"""The model cache: the same Bill as reading the print, and nothing else ever trusted."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from billdiff import load
from billdiff.formats import cache
from billdiff.formats import xmlsafe as xmlsafe_module
from billdiff.formats.common import MAX_PROVISIONS
from billdiff.model import Bill
from tests.conftest import PRINTS, corpus_file


@pytest.fixture
def cached(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The cache on, in a folder of this test's own (not yet made)."""
    where = tmp_path / "cache" / "models"
    monkeypatch.setenv("BILLDIFF_CACHE_DIR", str(where))
    monkeypatch.delenv("BILLDIFF_NO_CACHE", raising=False)
    monkeypatch.setattr(cache, "enabled", True)
    return where


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files parsed from now on (a print that comes from the cache is not)."""
    seen: list[str] = []
    real = xmlsafe_module.document_of

    def counted(data: bytes, name: str, sha256: str) -> xmlsafe_module.XMLDocument:
        seen.append(name)
        return real(data, name, sha256)

    monkeypatch.setattr("billdiff.formats.document_of", counted)
    return seen


def entry_of(where: Path, path: Path) -> Path:
    return where / f"{load(path).sha256}.{cache.reader_version()}.json"


@pytest.mark.parametrize(
    "name",
    [
        *(str(p) for p in PRINTS),
        "uk-akn/dpdi-bill-2-hc-committee.xml",  # page and line markers, schedules
        "uk-akn/lgu-fsma-2023-2024-11-01.akn.xml",
        "clml/transport-act-2000-s19-current.xml",  # warnings: invisible characters
    ],
)
def test_an_entry_gives_back_exactly_the_bill_read(name: str) -> None:
    path = Path(name) if name.startswith("/") else corpus_file(name)
    bill = load(path)
    assert bill.sha256 is not None
    assert cache.decode(cache.encode(bill), bill.sha256, str(path)) == bill


def test_every_field_of_the_model_is_kept() -> None:
    import dataclasses

    from billdiff.model import Provision

    stored = {*cache._BILL_TEXT, *cache._BILL_OPTIONAL, "warnings", "provisions", "source_path"}
    assert {f.name for f in dataclasses.fields(Bill)} == stored
    assert [f.name for f in dataclasses.fields(Provision)] == [
        *("kind", "number", "heading", "text", "children", "wrap_up"),
        *("guid", "eid", "page", "line"),
    ]


def test_a_print_read_again_comes_from_the_cache(cached: Path, parses: list[str]) -> None:
    first = load(PRINTS[0])
    assert parses == [str(PRINTS[0])]
    assert oct(cached.stat().st_mode & 0o777) == "0o700"
    again = load(PRINTS[0])
    assert parses == [str(PRINTS[0])]
    assert again == first


def test_the_same_bytes_elsewhere_are_that_files_print(
    cached: Path, parses: list[str], tmp_path: Path
) -> None:
    load(PRINTS[0])
    copy = tmp_path / "copy.xml"
    copy.write_bytes(PRINTS[0].read_bytes())
    bill = load(copy)
    assert len(parses) == 1
    assert bill.source_path == str(copy)


def test_library_calls_never_touch_the_cache(
    cached: Path, parses: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache, "enabled", False)
    load(PRINTS[0])
    load(PRINTS[0])
    assert len(parses) == 2
    assert not cached.exists()


def test_billdiff_no_cache_turns_it_off(
    cached: Path, parses: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BILLDIFF_NO_CACHE", "1")
    load(PRINTS[0])
    load(PRINTS[0])
    assert len(parses) == 2
    assert not cached.exists()


def _run(*argv: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "billdiff", *argv],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
    )


def test_the_command_fills_the_cache_and_no_cache_leaves_it_alone(tmp_path: Path) -> None:
    where = tmp_path / "models"
    env = {"BILLDIFF_CACHE_DIR": str(where)}
    args = ("diff", "--format", "json", str(PRINTS[0]), str(PRINTS[1]))
    fresh = _run("--no-cache", *args, env=env)
    assert fresh.returncode == 1
    assert not where.exists()
    assert _run(*args, "--no-cache", env=env).stdout == fresh.stdout
    assert _run(*args, env={**env, "BILLDIFF_NO_CACHE": "1"}).stdout == fresh.stdout
    assert not where.exists()
    assert _run(*args, env=env).stdout == fresh.stdout
    assert len(list(where.glob("*.json"))) == 2
    assert _run(*args, env=env).stdout == fresh.stdout  # from the cache


def test_processes_filling_the_cache_at_once_agree(tmp_path: Path) -> None:
    env = {**os.environ, "BILLDIFF_CACHE_DIR": str(tmp_path / "models")}
    argv = [sys.executable, "-m", "billdiff", "outline", "--format", "json", str(PRINTS[1])]
    expected = _run(*argv[3:], "--no-cache", env=env).stdout
    outputs: list[str] = []

    def one() -> None:
        outputs.append(subprocess.run(argv, capture_output=True, text=True, env=env).stdout)

    threads = [threading.Thread(target=one) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert outputs == [expected] * 6
    assert [p.name for p in (tmp_path / "models").iterdir()] == [
        entry_of(tmp_path / "models", PRINTS[1]).name
    ]


# -- entries that must be ignored ----------------------------------------------------------


def _bad_entries(good: bytes) -> dict[str, bytes]:
    entry = json.loads(good)

    def changed(edit: object) -> bytes:
        e = json.loads(good)
        edit(e)  # type: ignore[operator]
        return json.dumps(e, ensure_ascii=False).encode()

    rows = entry["provisions"]
    deep = [[-1, "clause", "1", None, "", "", None, None, None, None]]
    deep += [[k, "subsection", None, None, "", "", None, None, None, None] for k in range(300)]
    return {
        "empty": b"",
        "truncated": good[: len(good) // 2],
        "not json": b"\x00\x01 not json",
        "a list": b"[]",
        "nested too deep for json": b"[" * 100_000 + b"]" * 100_000,
        "another reader": changed(lambda e: e.update(reader="0" * 32)),
        "another schema version": changed(lambda e: e.update(version=2)),
        "another file": changed(lambda e: e["bill"].update(sha256="0" * 64)),
        "a field more": changed(lambda e: e["bill"].update(extra=1)),
        "a field less": changed(lambda e: e["bill"].pop("title")),
        "a title that is a number": changed(lambda e: e["bill"].update(title=7)),
        "a warning that is a list": changed(lambda e: e["bill"].update(warnings=[["x"]])),
        "an unknown kind": changed(lambda e: e["provisions"][0].__setitem__(1, "sonnet")),
        "a parent after its child": changed(
            lambda e: e["provisions"][0].__setitem__(0, len(rows) - 1)
        ),
        "a page that is true": changed(lambda e: e["provisions"][1].__setitem__(8, True)),
        "a short row": changed(lambda e: e["provisions"][1].pop()),
        "no units": changed(
            lambda e: e.update(provisions=[[-1, "part", "1", None, "", "", None, None, None, None]])
        ),
        "provisions nested deeper than a print can be": changed(
            lambda e: e.update(provisions=deep)
        ),
        "too many provisions": changed(
            lambda e: e.update(provisions=rows * (MAX_PROVISIONS // len(rows) + 1))
        ),
        "a lone surrogate": good.replace(b'"title":"', b'"title":"\\ud800', 1),
        "an escape character": good.replace(b'"title":"', b'"title":"\\u001b[2J', 1),
    }


_BAD = (
    *("empty", "truncated", "not json", "a list", "nested too deep for json", "another reader"),
    *("another schema version", "another file", "a field more", "a field less"),
    *("a title that is a number", "a warning that is a list", "an unknown kind"),
    *("a parent after its child", "a page that is true", "a short row", "no units"),
    *("provisions nested deeper than a print can be", "too many provisions"),
    *("a lone surrogate", "an escape character"),
)


@pytest.mark.parametrize("case", _BAD)
def test_an_entry_that_is_not_exactly_what_was_written_is_ignored(
    cached: Path, parses: list[str], case: str
) -> None:
    read = load(PRINTS[0])
    entry = entry_of(cached, PRINTS[0])
    good = entry.read_bytes()
    bad = _bad_entries(good)
    assert set(bad) == set(_BAD)
    assert bad[case] != good
    entry.write_bytes(bad[case])
    parses.clear()
    assert load(PRINTS[0]) == read
    assert parses == [str(PRINTS[0])]  # read afresh
    assert entry.read_bytes() == good  # and the entry written again


def test_an_entry_that_is_a_fifo_a_link_or_too_big_is_not_read(
    cached: Path, parses: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    read = load(PRINTS[0])
    entry = entry_of(cached, PRINTS[0])
    good = entry.read_bytes()
    elsewhere = tmp_path / "elsewhere.json"
    elsewhere.write_bytes(good)
    entry.unlink()
    entry.symlink_to(elsewhere)
    parses.clear()
    assert load(PRINTS[0]) == read
    assert parses == [str(PRINTS[0])]
    entry.unlink()
    os.mkfifo(entry)
    assert load(PRINTS[0]) == read  # never blocks on the FIFO
    entry.unlink()
    entry.write_bytes(good)
    monkeypatch.setattr(cache, "MAX_ENTRY", len(good) - 1)
    parses.clear()
    assert load(PRINTS[0]) == read
    assert parses == [str(PRINTS[0])]


def test_the_cache_is_in_the_users_cache_folder(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("BILLDIFF_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    if sys.platform.startswith("linux"):
        assert cache.folder() == tmp_path / "billdiff" / "models"


def test_a_cache_folder_others_can_write_is_made_private(cached: Path) -> None:
    cached.mkdir(parents=True)
    cached.chmod(0o777)
    load(PRINTS[0])
    assert oct(cached.stat().st_mode & 0o777) == "0o700"
    assert list(cached.glob("*.json"))


def test_a_cache_folder_that_is_a_link_or_someone_elses_is_not_used(
    cached: Path, parses: list[str], tmp_path: Path
) -> None:
    target = tmp_path / "target"
    target.mkdir(mode=0o700)
    cached.parent.mkdir(parents=True)
    cached.symlink_to(target)
    load(PRINTS[0])
    load(PRINTS[0])
    assert len(parses) == 2
    assert not list(target.iterdir())
    if os.geteuid() == 0:
        cached.unlink()
        cached.mkdir(mode=0o700)
        os.chown(cached, 65534, 65534)
        load(PRINTS[0])
        assert not list(cached.iterdir())


def test_the_entries_used_longest_ago_make_way(
    cached: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for path in PRINTS:
        load(path)
    entries = [entry_of(cached, p) for p in PRINTS]
    for age, entry in enumerate(entries):
        os.utime(entry, (1_000_000 + age, 1_000_000 + age))
    load(PRINTS[0])  # used now: the newest
    sizes = [e.stat().st_size for e in entries]
    monkeypatch.setattr(cache, "LIMIT", sum(sizes) - 1)
    copy = cached.parent / "copy.xml"
    copy.write_bytes(PRINTS[2].read_bytes() + b"\n")  # a fourth print
    load(copy)
    assert [e.exists() for e in entries] == [True, False, False]


def test_reading_a_print_imports_only_the_modules_the_reader_version_covers() -> None:
    code = (
        "import sys\n"
        "from billdiff.formats import load\n"
        f"load({str(PRINTS[0])!r})\n"
        "print(' '.join(sorted(m for m in sys.modules if m.startswith('billdiff'))))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    covered = {
        "billdiff",  # its __init__ only names things lazily
        *(f"billdiff.{name.removesuffix('.py')}" for name in cache._READER_SOURCES),
    }
    for module in proc.stdout.split():
        assert module in covered or module.startswith("billdiff.formats."), module
