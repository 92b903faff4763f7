"""``diff_lines``: the block-by-block word diff gives exact, consistent hunks."""

from __future__ import annotations

import random

from billdiff.engine import diff_lines
from billdiff.textdiff import HunkClass, Op, Renumbering

WORDS = "the court may by order make provision section 12 and 14 person “x” — (a) (b)".split()


def _line(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 8)))


def _edit(rng: random.Random, lines: list[str]) -> list[str]:
    new = list(lines)
    for _ in range(rng.randint(1, 4)):
        roll = rng.random()
        if roll < 0.3 and new:
            new.pop(rng.randrange(len(new)))
        elif roll < 0.6:
            new.insert(rng.randint(0, len(new)), _line(rng))
        elif new:
            k = rng.randrange(len(new))
            words = new[k].split()
            words[rng.randrange(len(words))] = rng.choice(WORDS)
            new[k] = " ".join(words)
    return new


def test_random_line_edits_rebuild_both_texts_exactly() -> None:
    rng = random.Random(20261125)
    for _ in range(2000):
        old = [_line(rng) for _ in range(rng.randint(0, 6))]
        new = _edit(rng, old)
        d = diff_lines(old, new)
        old_text, new_text = " ".join(old), " ".join(new)
        assert "".join(o for _, o, _ in d.segments()) == old_text
        assert "".join(n for _, _, n in d.segments()) == new_text
        for h in d.hunks:
            assert old_text[h.old_start : h.old_end] == h.old
            assert new_text[h.new_start : h.new_end] == h.new
        for a, b in zip(d.hunks, d.hunks[1:], strict=False):
            assert a.old_end <= b.old_start and a.new_end <= b.new_start


def test_subsection_added_at_the_end_is_one_insertion() -> None:
    old = ["(1) A person commits an offence.", "(2) The penalty is a fine."]
    new = [*old, "(3) This section extends to England and Wales."]
    (h,) = diff_lines(old, new).hunks
    assert (h.op, h.new) == (Op.INSERT, " (3) This section extends to England and Wales.")


def test_edits_in_separate_subsections_are_classified_separately() -> None:
    old = ["(1) See section 12.", "(2) Unchanged words here.", "(3) A fine of level 3."]
    new = ["(1) See section 14.", "(2) Unchanged words here.", "(3) A fine of level 5."]
    d = diff_lines(old, new, Renumbering(clauses={"12": "14"}))
    assert [(h.old, h.new, h.cls) for h in d.hunks] == [
        ("12", "14", HunkClass.XREF),
        ("3", "5", HunkClass.SUBSTANTIVE),
    ]
