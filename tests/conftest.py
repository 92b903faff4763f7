"""Shared test helpers: where the real corpus and our fixtures live."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures" / "crime-and-policing"
CORPUS = Path(os.environ.get("BILLDIFF_CORPUS", ROOT.parent / "shared" / "corpus"))

PRINTS = (
    FIXTURES / "1-commons-introduced.xml",
    FIXTURES / "2-commons-public-bill-committee.xml",
    FIXTURES / "3-lords-brought-from-commons.xml",
)


# The suite never touches the user's own model cache: every billdiff process it starts
# uses this folder instead, removed when the run ends.
CACHE = tempfile.mkdtemp(prefix="billdiff-test-cache-")
os.environ["BILLDIFF_CACHE_DIR"] = CACHE


def pytest_unconfigure(config: pytest.Config) -> None:
    shutil.rmtree(CACHE, ignore_errors=True)


def corpus_file(relative: str) -> Path:
    """A file of the shared corpus, or skip the test when the corpus is not beside the checkout."""
    path = CORPUS / relative
    if not path.is_file():
        pytest.skip(f"corpus file not available: {path}")
    return path


@pytest.fixture
def corpus() -> Path:
    """The corpus folder (tests using it skip cleanly when it is missing)."""
    if not CORPUS.is_dir():
        pytest.skip(f"corpus not available at {CORPUS}")
    return CORPUS


@pytest.fixture
def bd(capsys: pytest.CaptureFixture[str]) -> Callable[..., tuple[int, str, str]]:
    """Run ``billdiff ARGS...`` in this process: (exit code, stdout, stderr)."""
    from billdiff import cli

    def run(*argv: object) -> tuple[int, str, str]:
        capsys.readouterr()
        code = cli.main([str(a) for a in argv])
        out, err = capsys.readouterr()
        return code, out, err

    return run
