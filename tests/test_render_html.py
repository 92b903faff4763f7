"""The HTML report, read back as a DOM: it says what the text output says, draws one mark per
side of every hunk, puts every note beside its change with links both ways, and loads
nothing from anywhere."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from billdiff.annotations.notes import change_target, new_note, new_reply, unit_target
from billdiff.annotations.review import Review
from billdiff.cli import main
from billdiff.comparison import Status
from billdiff.render.html import (
    content_security_policy,
    css_string,
    render_html,
    script,
    script_hash,
    stylesheet,
)
from billdiff.render.text import render_text
from billdiff.textdiff import HunkClass
from billdiff.view import changes as numbering
from billdiff.view import units as describe
from billdiff.view.summary import summarise
from billdiff.view.words import where
from tests.conftest import PRINTS
from tests.htmlcheck import (
    GENERATED,
    NOTES,
    dangling_links,
    expected_marks,
    fixture_pair,
    fixture_report,
    fixture_review,
    parse,
    text_of,
)

P1, P2, P3 = (str(p) for p in PRINTS)


def unit_element(doc, unit_id: str):  # type: ignore[no-untyped-def]
    found = doc.xpath(f"//*[@id='{unit_id}']")
    assert len(found) == 1, unit_id
    return found[0]


def units_by_label(doc) -> dict[str, object]:  # type: ignore[no-untyped-def]
    out = {}
    for e in doc.xpath("//section[@id='changes']//*[contains(@class,'unit')][@id]"):
        label = e.xpath(".//*[contains(@class,'label')]")[0].text_content()
        out[label] = e
    return out


# -- the title block and the summary ---------------------------------------------------------


def test_title_block_makes_the_report_reproducible() -> None:
    doc = parse(fixture_report(1, 2))
    c = fixture_pair(1, 2)
    block = text_of(doc.xpath("//header[@class='title-block']")[0])
    for info in (c.old, c.new):
        for value in (info.stage, info.house, info.bill_number, info.published, info.sha256):
            assert value and value in block, value
    assert "1-commons-introduced.xml" in block and "2-commons-public-bill-committee.xml" in block
    assert "billdiff 0.1.0" in block
    assert f"text normalisation version {c.normalisation_version}" in block
    assert doc.xpath("//header//time/@datetime") == ["2026-12-02T09:30:00Z"]
    assert "2 December 2026 at 09:30 UTC" in block
    assert "15 notes (15 exact)" in block
    assert doc.xpath("//title")[0].text == (
        "Crime and Policing Bill: As Introduced (Bill 166) → "
        "As amended in Public Bill Committee (Bill 235)"
    )


def test_summary_gives_every_status_and_class_count() -> None:
    doc = parse(fixture_report(1, 2))
    summary = summarise(fixture_pair(1, 2))
    section = doc.xpath("//section[@id='summary']")[0]
    assert section.xpath(".//p[@class='summary-line']")[0].text_content() == summary.line()
    rows = {
        r.xpath("th")[0].text_content(): int(r.xpath("td")[0].text_content())
        for r in section.xpath(".//tr")
    }
    for status in ("added", "removed", "moved", "substituted", "renumbered", "amended"):
        assert rows[status] == summary.statuses[status], status
    for cls in HunkClass:  # whatever classes there are, each is counted
        assert rows[cls.value] == summary.classes[cls.value], cls
    assert rows["changed"] == summary.changed == 29
    assert rows["unchanged"] == summary.units - summary.changed


# -- units: exactly what the text output says ------------------------------------------------


def test_every_changed_unit_says_what_the_text_output_says() -> None:
    c = fixture_pair(1, 2)
    doc = parse(fixture_report(1, 2))
    text = render_text(c)
    by_label = units_by_label(doc)
    changed = c.changed_units()
    assert changed
    for u in changed:
        e = by_label[u.label]
        meta = text_of(e.xpath(".//p[@class='meta']")[0])  # type: ignore[attr-defined]
        assert meta.startswith(describe.status_text(u)), u.label
        assert where(u) in meta
        # The text output's header line for the unit has the same three things.
        head = f"{u.label}  {describe.status_text(u)}" + (f"  {where(u)}" if where(u) else "")
        assert head in text
        for fact in describe.facts(u):
            assert fact[0].upper() + fact[1:] + "." in text_of(e)  # type: ignore[arg-type]
        matched = describe.match_text(u)
        if matched:
            assert matched in meta


def test_change_numbers_are_the_numbers_diff_gives() -> None:
    c = fixture_pair(1, 2)
    doc = parse(fixture_report(1, 2))
    by_label = units_by_label(doc)
    for u in c.changed_units():
        wanted = [f"#{ch.number}" for ch in numbering.numbered(u)]
        badges = [b.text_content() for b in by_label[u.label].xpath(".//span[@class='chg']")]  # type: ignore[attr-defined]
        assert badges == wanted, u.label


def test_one_del_and_one_ins_per_side_of_every_hunk() -> None:
    for pair in ((1, 2), (2, 3)):
        c = fixture_pair(*pair)
        doc = parse(fixture_report(*pair))
        shown = [u for u in c.units if u.changed]
        dels, ins = expected_marks(c, shown)
        assert (len(doc.xpath("//del")), len(doc.xpath("//ins"))) == (dels, ins), pair
        assert dels and ins


def test_deletions_and_insertions_are_labelled_in_the_dom() -> None:
    doc = parse(fixture_report(1, 2))
    for d in doc.xpath("//del"):
        assert d.text_content().startswith("[deleted: ") and d.text_content().endswith("]")
    for i in doc.xpath("//ins"):
        assert i.text_content().startswith("[inserted: ") and i.text_content().endswith("]")
    clause_1 = text_of(units_by_label(doc)["clause 1"])  # type: ignore[arg-type]
    assert (
        "considers it #1[deleted: just and convenient][inserted: necessary and proportionate]"
        " [note 1] to make" in clause_1
    )


def test_moved_and_renumbered_units_are_never_a_deletion_and_an_insertion() -> None:
    c = fixture_pair(1, 2)
    doc = parse(fixture_report(1, 2))
    by_label = units_by_label(doc)
    moved = next(u for u in c.units if u.status is Status.MOVED)
    e = by_label[moved.label]
    assert moved.label == "clause 15 → 22"
    assert e.xpath(".//del|.//ins") == []  # type: ignore[attr-defined]
    assert "Moved from Part 3 Retail crime to Part 5 Police powers." in text_of(e)  # type: ignore[arg-type]
    renumbered = next(u for u in c.units if u.label == "clause 6 → 7")
    e = by_label[renumbered.label]
    assert e.xpath(".//del|.//ins") == []  # type: ignore[attr-defined]
    assert "renumbered" in text_of(e.xpath(".//p[@class='meta']")[0])  # type: ignore[attr-defined]
    assert e.xpath(".//details[@class='fulltext']")  # type: ignore[attr-defined]


def test_unchanged_units_are_folded_or_left_out() -> None:
    c = fixture_pair(1, 2)
    doc = parse(fixture_report(1, 2, notes=False))
    folded = doc.xpath("//details[contains(@class,'unchanged')]")
    unchanged = [u for u in c.units if not u.changed]
    assert len(folded) == len(unchanged) == 17
    assert all(d.get("open") is None for d in folded)
    first = next(u for u in unchanged if u.label == "clause 2")
    assert first.side.lines[0] in text_of(folded[0])
    lean = parse(render_html(c, None, only_changed=True, generated=GENERATED))
    assert lean.xpath("//details[contains(@class,'unchanged')]") == []
    units = lean.xpath("//section[@id='changes']//article[contains(@class,'unit')]")
    assert len(units) == len(c.changed_units())


def test_only_changed_keeps_unchanged_units_that_carry_a_note() -> None:
    c, review = fixture_pair(1, 2), fixture_review(1, 2)
    doc = parse(render_html(c, review, only_changed=True, generated=GENERATED))
    by_label = units_by_label(doc)
    assert "clause 3" in by_label and "clause 14" in by_label  # unchanged, with notes
    assert "clause 2" not in by_label
    assert len(doc.xpath("//aside[contains(@class,'inline')]")) == len(review.attached)


def test_hide_folds_noise_units_but_still_counts_them() -> None:
    c = fixture_pair(1, 2)
    doc = parse(render_html(c, None, hide={HunkClass.XREF}, generated=GENERATED))
    folded = doc.xpath("//details[contains(@class,'folded')]")
    xref_only = [
        u
        for u in c.units
        if u.status in (Status.AMENDED, Status.RENUMBERED) and u.hunk_classes == {HunkClass.XREF}
    ]
    assert len(folded) == len(xref_only) > 0
    assert all("folded: only xref changes" in text_of(d.xpath("summary")[0]) for d in folded)
    # Folded, not dropped: their marks are there and the counts are as without --hide.
    assert len(doc.xpath("//details[contains(@class,'folded')]//ins")) >= len(xref_only)
    line = doc.xpath("//p[@class='summary-line']")[0].text_content()
    assert line == summarise(c).line()


def test_ignored_classes_do_not_count() -> None:
    c = fixture_pair(1, 2)
    doc = parse(render_html(c, None, ignore={HunkClass.TYPOGRAPHIC}, generated=GENERATED))
    typo = next(u for u in c.units if u.hunk_classes == {HunkClass.TYPOGRAPHIC})
    e = units_by_label(doc)[typo.label]
    assert "renumbered" in text_of(e)  # type: ignore[arg-type]  # structure still counts
    line = doc.xpath("//p[@class='summary-line']")[0].text_content()
    assert line == summarise(c, {HunkClass.TYPOGRAPHIC}).line()
    assert "not counting typographic changes" in text_of(doc.xpath("//header")[0])


def test_table_of_contents_links_every_changed_unit_with_its_status() -> None:
    c = fixture_pair(1, 2)
    doc = parse(fixture_report(1, 2))
    rows = doc.xpath("//nav[@id='contents']//tbody/tr[not(@class='group')]")
    changed = c.changed_units()
    toc = {r.xpath(".//a")[0].text_content(): r for r in rows}
    for u in changed:
        row = toc[u.label]
        assert describe.status_text(u) in text_of(row)
        assert row.get("class") in ("m-solid", "m-dashed")
    assert dangling_links(doc) == []


# -- notes -----------------------------------------------------------------------------------


def test_every_note_is_beside_its_change_with_links_both_ways() -> None:
    review = fixture_review(1, 2)
    doc = parse(fixture_report(1, 2))
    assert dangling_links(doc) == []
    notes = doc.xpath("//aside[contains(@class,'note')]")
    assert [n.get("id") for n in notes] == [f"note-{k}" for k in range(1, len(review.notes) + 1)]
    for n, p in enumerate(review.notes, 1):
        aside = doc.xpath(f"//aside[@id='note-{n}']")[0]
        assert p.text in text_of(aside)
        assert p.author in text_of(aside) and p.created[:10] in text_of(aside)
        assert f"anchor: {p.anchor.status.value}" in text_of(aside)
        assert p.status in text_of(aside)
        # A marker in the text links to the note, and the note links back to it.
        markers = doc.xpath(f"//a[@href='#note-{n}']")
        assert markers and markers[0].get("id") == f"ref-{n}"
        assert aside.xpath(".//a[@class='note-num']/@href") == [f"#ref-{n}"]
        unit = p.unit
        assert unit is not None
        unit_el = doc.xpath(f"//*[@id='{aside.xpath('ancestor::article/@id')[0]}']")[0]
        assert unit_el.xpath(".//*[contains(@class,'label')]")[0].text_content() == unit.label
        for change in p.changes:  # on a change: its marker follows that change's words
            badge = unit_el.xpath(f".//span[@class='chg'][.='#{change.number}']")[0]
            assert badge.getparent().xpath(f".//a[@href='#note-{n}']")


def test_notes_on_quoted_words_mark_those_words() -> None:
    doc = parse(fixture_report(1, 2))
    marks = {text_of(m) for m in doc.xpath("//mark[@class='quote']")}
    assert "magistrates' court" in marks  # clause 3, unchanged
    assert "the ethnicity and nationality of each victim" in marks  # clause 21, added


def test_loose_notes_have_their_own_section() -> None:
    review = fixture_review(2, 3)
    doc = parse(fixture_report(2, 3))
    loose = review.loose
    assert {p.anchor.status.value for p in loose} == {"orphaned"}
    section = doc.xpath("//section[@id='loose-notes']")[0]
    asides = section.xpath(".//aside")
    assert len(asides) == len(loose) == 2
    for p in loose:
        assert p.text in text_of(section)
        assert f"Written on {p.noted_on}" in text_of(section)
    endnotes = doc.xpath("//section[@id='endnotes']//li")
    assert len(endnotes) == len(review.attached)
    assert dangling_links(doc) == []


def test_replies_resolved_status_and_fuzzy_score_are_shown() -> None:
    c = fixture_pair(1, 2)
    unit = next(u for u in c.units if u.label == "clause 12")
    note = new_note(
        change_target(c, unit, 1),
        "Check **scope** against [the Act](https://www.legislation.gov.uk/).",
        "A. Lawyer",
        tags=("scope",),
        when="2026-11-30T10:00:00Z",
    )
    note["replies"] = [new_reply("Agreed; see *Smith*.", "B. Counsel", "2026-12-01T11:00:00Z")]
    note["status"] = "resolved"
    other = new_note(unit_target(c, unit), "Whole clause.", "C. Clerk", when="2026-11-30T10:00:00Z")
    review = Review(c, [note, other])
    doc = parse(render_html(c, review, generated=GENERATED))
    # Reading order: the whole-unit note first, then the note on change 1.
    assert "Whole clause." in text_of(doc.xpath("//aside[@id='note-1']")[0])
    first = doc.xpath("//aside[@id='note-2']")[0]
    words = text_of(first)
    assert "resolved" in words and "Tags: scope" in words
    assert (
        "1 reply" in words and "Agreed; see Smith." in words and "B. Counsel, 2026-12-01" in words
    )
    assert first.xpath(".//strong")[0].text == "scope"
    assert first.xpath(".//a[@rel]/@href") == ["https://www.legislation.gov.uk/"]
    assert "1 resolved, 1 open" in text_of(doc.xpath("//header")[0])
    # A whole-unit note is marked after the unit's heading.
    heading = units_by_label(doc)["clause 12"].xpath(".//h3")[0]  # type: ignore[attr-defined]
    assert heading.xpath(".//a[@href='#note-1']")


def test_fuzzy_anchor_says_its_similarity() -> None:
    review = fixture_review(2, 3)
    doc = parse(fixture_report(2, 3))
    fuzzy = [p for p in review.notes if p.anchor.status.value == "fuzzy"]
    assert fuzzy
    for p in fuzzy:
        n = review.notes.index(p) + 1
        assert f"anchor: fuzzy (similarity {p.anchor.score:.2f})" in text_of(
            doc.xpath(f"//aside[@id='note-{n}']")[0]
        )


# -- self-contained --------------------------------------------------------------------------


def test_nothing_is_loaded_from_anywhere() -> None:
    page = fixture_report(1, 2)
    doc = parse(page)
    assert doc.xpath("//link|//img|//iframe|//object|//embed|//video|//audio|//source") == []
    assert doc.xpath("//@src") == []
    assert [s.text for s in doc.xpath("//script")] == [script()]
    assert len(doc.xpath("//style")) == 1
    assert doc.xpath("//style")[0].text.startswith(stylesheet())
    assert "@import" not in stylesheet() and "url(" not in stylesheet()
    csp = doc.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")
    assert csp == [content_security_policy()]
    assert "default-src 'none'" in csp[0] and script_hash() in csp[0]
    external = [h for h in doc.xpath("//a/@href") if not h.startswith("#")]
    assert external == []  # the fixture notes have no links


def test_script_hash_is_the_sha256_of_the_script() -> None:
    import base64
    import hashlib

    digest = base64.b64encode(hashlib.sha256(script().encode()).digest()).decode()
    assert script_hash() == f"'sha256-{digest}'"


def test_css_strings_cannot_break_out() -> None:
    value = css_string('a"b\\c</style>\n;}')
    assert re.fullmatch(r'"[A-Za-z0-9\\]*"', value)
    assert "</" not in value and value.count('"') == 2
    assert css_string("Bill 12") == '"Bill\\00002012"'


def test_the_same_input_gives_the_same_bytes() -> None:
    c, review = fixture_pair(1, 2), fixture_review(1, 2)
    assert render_html(c, review, generated=GENERATED) == render_html(
        c, review, generated=GENERATED
    )


# -- the command line ------------------------------------------------------------------------


def test_export_writes_the_report_beside_the_notes_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = tmp_path / "old.xml", tmp_path / "new.xml"
    shutil.copy(P1, old)
    shutil.copy(P2, new)
    shutil.copy(NOTES, tmp_path / "new.notes.json")
    monkeypatch.chdir(tmp_path)
    assert main(["export", str(old), str(new)]) == 0
    err = capsys.readouterr().err
    assert "wrote new.report.html with 15 notes" in err
    doc = parse((tmp_path / "new.report.html").read_text(encoding="utf-8"))
    assert len(doc.xpath("//aside[contains(@class,'inline')]")) == 15
    # --notes names another file; -o - writes to stdout.
    assert main(["export", str(old), str(new), "-o", "-", "--only-changed"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("<!DOCTYPE html>")
    assert main(["export", str(old), str(new), "--notes", "missing.json"]) == 2
    assert "missing.json: no such notes file" in capsys.readouterr().err


def test_export_never_writes_onto_an_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    new = tmp_path / "new.xml"
    shutil.copy(P2, new)
    before = new.read_bytes()
    assert main(["export", P1, str(new), "-o", str(new)]) == 2
    assert new.read_bytes() == before
    capsys.readouterr()


def test_export_refuses_bad_options(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", P1, P2, "--hide", "semantic", "-o", "-"]) == 2
    assert "--hide takes" in capsys.readouterr().err
    assert main(["export", P1, "-", "--notes", str(NOTES)]) == 2
    assert "-o FILE" in capsys.readouterr().err


def test_diff_format_html_is_the_same_renderer_without_notes(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["diff", P1, P2, "--format", "html"]) == 1
    doc = parse(capsys.readouterr().out)
    assert doc.xpath("//aside") == []
    assert "No notes file was given" in text_of(doc.xpath("//header")[0])
    c = fixture_pair(1, 2)
    assert (len(doc.xpath("//del")), len(doc.xpath("//ins"))) == expected_marks(
        c, [u for u in c.units if u.changed]
    )
    assert main(["diff", P1, P1, "--format", "html"]) == 0
    same = parse(capsys.readouterr().out)
    assert "No clause or paragraph changed." in text_of(same)


def test_lineage_table_gives_every_unit_through_the_set_of_prints(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from lxml import html as lxml_html

    out = tmp_path / "report.html"
    assert main(["export", P2, P3, "--lineage", P1, "-o", str(out)]) == 0
    capsys.readouterr()
    doc = lxml_html.fromstring(out.read_bytes())
    (table,) = doc.xpath("//section[@id='lineage']//table[@class='lineage']")
    heads = [th.get("title") for th in table.xpath("./thead/tr/th[@title]")]
    assert heads == [
        "As Introduced (Bill 166)",
        "As amended in Public Bill Committee (Bill 235)",
        "As brought from the Commons (HL Bill 111)",
    ]
    rows = {
        " ".join(td.text_content() for td in tr.xpath("./td")): tr
        for tr in table.xpath("./tbody/tr[not(@class='group')]")
    }
    assert len(rows) == 51  # every lineage of the three prints, as billdiff history counts
    assert (
        "11 — — Increase in maximum penalty for offences relating to offensive weapons 2: removed"
        in rows
    )
    assert "12 12 14 Assault of retail worker 2: amended (substantive); 3: renumbered" in rows
    groups = [th.text_content() for th in table.xpath("./tbody/tr[@class='group']/th")]
    assert groups == ["Clauses", "Schedule 1", "Schedule 2"]
    # The report itself is of the two prints asked for.
    assert doc.xpath("string(//title)").endswith(
        "As amended in Public Bill Committee (Bill 235) → As brought from the Commons (HL Bill 111)"
    )


def test_no_lineage_table_without_the_other_prints() -> None:
    from lxml import html as lxml_html

    from billdiff import compare, load

    doc = lxml_html.fromstring(render_html(compare(load(P1), load(P2))).encode())
    assert doc.xpath("//section[@id='lineage']") == []
