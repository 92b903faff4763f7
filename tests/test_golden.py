"""Every corpus pair's ``diff --format json``, every print's outline and model, as before.

The expected outputs in ``tests/golden/data/`` were made by the code of the commit named
in ``tests/golden/COMMIT``; after an intended change of output, rebuild them with
``python tests/golden/regenerate.py [COMMIT]``, which says what changed. Cases whose
corpus files are missing skip.
"""

from __future__ import annotations

import pytest

from tests.golden.cases import Case, cases, differences, load, run

_SHOWN = 20


@pytest.mark.parametrize("case", cases(), ids=lambda c: c.name)
def test_output_is_unchanged(case: Case) -> None:
    missing = [f for f in case.files if not f.is_file()]
    if missing:
        pytest.skip(f"corpus file not available: {missing[0]}")
    assert case.golden.is_file(), "no golden output; run tests/golden/regenerate.py"
    changes = differences(load(case.golden), run(case))
    assert not changes, "\n".join(
        [f"{len(changes)} differences from {case.golden.name}:", *changes[:_SHOWN]]
    )
