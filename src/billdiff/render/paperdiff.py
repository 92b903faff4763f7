"""Two amendment papers compared: text, JSON (``billdiff.paper-comparison`` v1), Markdown, HTML.

Every renderer reads one :class:`~billdiff.amend.paperdiff.PaperComparison`
and says the same things in the same order: the two papers, the rule the stars
were checked by, a summary, then amendments added, withdrawn and reworded (a
word redline), explanatory statements changed, names added and removed, names
printed twice, wrong stars, numbers printed twice and places that do not fit.
Text from a paper is made visible (:func:`~billdiff.render.amendments.shown`),
escaped in Markdown, and put in the HTML as tree text, never as markup.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from lxml.html import builder as E

from billdiff.amend.paperdiff import AmendmentChange, PaperComparison
from billdiff.amend.papers import Paper, PaperAmendment
from billdiff.render.amendments import document, paper_data, shown
from billdiff.render.markdown import escape
from billdiff.textdiff import TextDiff
from billdiff.view.redline import Excerpt, excerpts, spell_spaces
from billdiff.view.words import count

SCHEMA = "billdiff.paper-comparison"
VERSION = 1
#: Words of unchanged text shown around a change in an amendment's words.
CONTEXT = 8


def _paper_line(p: Paper) -> str:
    when = p.published or "undated"
    kind = f" ({p.list_type})" if p.list_type else ""
    return (
        f"{p.stage or 'paper'}, {when}{kind}, {count(len(p.amendments), 'amendment')}: "
        f"{Path(p.source_path).name}"
    )


def _amends(c: PaperComparison) -> str:
    p = c.new
    printed = " ".join(x for x in (p.bill_stage, p.bill_number and f"({p.bill_number})") if x)
    line = f"amends {printed or 'the Bill'}"
    if c.print_path:
        line += f"; places checked against {Path(c.print_path).name}"
    return line


def summary(c: PaperComparison) -> str:
    """The findings in one line."""
    n = c.counts
    parts = [f"{n['added']} added, {n['withdrawn']} withdrawn, {n['changed']} reworded"]
    labels = {
        "statements changed": ("explanatory statement changed", "explanatory statements changed"),
        "names changed": ("with names changed", "with names changed"),
        "duplicate names": ("with a name printed twice", "with a name printed twice"),
        "wrong stars": ("wrong star", "wrong stars"),
        "duplicate numbers": ("number printed twice", "numbers printed twice"),
        "places that do not fit": ("place that does not fit", "places that do not fit"),
    }
    for key, (one, many) in labels.items():
        if n[key]:
            parts.append(count(n[key], one, many))
    return "; ".join(parts)


def _star(s: str | None) -> str:
    return s or "no star"


def _who(a: PaperAmendment | None) -> str:
    return ", ".join(a.sponsors) if a is not None and a.sponsors else "(no sponsor)"


#: (heading, the amendments it lists, how each is described) for every section.
Section = tuple[str, list[AmendmentChange], Callable[[AmendmentChange], str]]


def sections(c: PaperComparison) -> Iterator[Section]:
    """The report's sections, in order; each amendment's line is plain words (the redline
    of reworded amendments is drawn by each renderer)."""
    a = c.amendments
    yield "Added", c.of("added"), lambda x: f"{_who(x.new)} {_star(x.new.star if x.new else None)}"
    yield "Withdrawn", c.of("withdrawn"), lambda x: _who(x.old)
    yield "Reworded", c.of("changed"), lambda x: _who(x.new)
    yield (
        "Explanatory statements changed",
        [x for x in a if x.statement_diff is not None],
        lambda x: "",
    )
    yield "Names added and removed", [x for x in a if x.names_changed], _names
    yield (
        "Names printed twice",
        [x for x in a if x.duplicate_names],
        lambda x: ", ".join(x.duplicate_names),
    )
    yield "Wrong stars", [x for x in a if x.star is not None and not x.star.ok], _star_line
    yield (
        "Places that do not fit",
        [x for x in a if x.place_problems],
        lambda x: "; ".join(x.place_problems),
    )


def _names(x: AmendmentChange) -> str:
    parts = []
    if x.names_added:
        parts.append("added " + ", ".join(x.names_added))
    if x.names_removed:
        parts.append("removed " + ", ".join(x.names_removed))
    parts.extend(x.interests)
    return "; ".join(parts)


def _star_line(x: AmendmentChange) -> str:
    assert x.star is not None
    return f"{_star(x.star.found)}, should be {_star(x.star.expected)} ({x.star.why})"


def _diff_of(x: AmendmentChange, section: str) -> TextDiff | None:
    if section == "Reworded":
        return x.text_diff
    if section == "Explanatory statements changed":
        return x.statement_diff
    return None


def _words(x: AmendmentChange, section: str) -> str | None:
    """An added or withdrawn amendment's words."""
    a = x.new if section == "Added" else x.old if section == "Withdrawn" else None
    if a is None:
        return None
    inserted = f" “{' '.join(a.inserted)}”" if a.inserted else ""
    return f"{a.printed}{inserted}"


# -- text ------------------------------------------------------------------------------------

WIDTH = 96


def _wrap(text: str, first: str, rest: str | None = None) -> list[str]:
    return textwrap.wrap(
        text,
        WIDTH,
        initial_indent=first,
        subsequent_indent=first if rest is None else rest,
        break_long_words=False,
        break_on_hyphens=False,
    ) or [first]


def _draw(e: Excerpt, deleted: Callable[[str], str], inserted: Callable[[str], str]) -> str:
    out = ["…"] if e.cut_before else []
    for p in e.pieces:
        if p.op == "equal":
            out.append(p.old)
            continue
        if p.old:
            out.append(deleted(spell_spaces(p.old)))
        if p.new:
            out.append(inserted(spell_spaces(p.new)))
    if e.cut_after:
        out.append("…")
    return "".join(out)


def render_text(c: PaperComparison) -> str:
    """The comparison as a clerk reads it on a terminal ([-old-]{+new+} redlines)."""
    out = [shown(f"{c.new.title}: amendment papers compared")]
    head = [f"old: {_paper_line(c.old)}", f"new: {_paper_line(c.new)}", _amends(c), c.stars_rule]
    for line in head + [f"warning: {w}" for w in c.warnings]:
        out += _wrap(shown(line), "", "  ")
    out += [*_wrap(summary(c), ""), ""]
    for heading, items, describe in sections(c):
        out.append(f"{heading} ({len(items)})" if items else f"{heading}: none")
        for x in items:
            out += _wrap(shown(f"{x.number:<6}{describe(x)}".rstrip()), "  ", "        ")
            words = _words(x, heading)
            if words:
                out += _wrap(shown(words), "        ")
            d = _diff_of(x, heading)
            for e in excerpts(d, CONTEXT) if d is not None else ():
                drawn = _draw(e, lambda s: f"[-{s}-]", lambda s: f"{{+{s}+}}")
                out += _wrap(shown(drawn), "        ")
        if items:
            out.append("")
    dup = ", ".join(c.duplicate_numbers)
    out.append(f"Numbers printed twice: {shown(dup)}" if dup else "Numbers printed twice: none")
    out += ["", *_wrap(summary(c), "")]
    return "\n".join(out) + "\n"


# -- JSON ------------------------------------------------------------------------------------


def _amendment_data(a: PaperAmendment | None) -> dict[str, Any] | None:
    if a is None:
        return None
    return {
        "number": a.number,
        "guid": a.guid,
        "proposer": a.proposer,
        "supporters": list(a.supporters),
        "star": a.star,
        "instruction": a.printed,
        "inserted": list(a.inserted),
        "statement": a.statement,
        "tabled": a.tabled,
    }


def _diff_data(d: TextDiff | None) -> list[dict[str, Any]] | None:
    if d is None:
        return None
    return [
        {"op": h.op.value, "old": h.old, "new": h.new, "old_start": h.old_start} for h in d.hunks
    ]


def comparison_data(c: PaperComparison) -> dict[str, Any]:
    """The comparison as JSON-ready data (schema ``billdiff.paper-comparison``, version 1)."""
    return {
        "schema": SCHEMA,
        "version": VERSION,
        "old": paper_data(c.old)["paper"],
        "new": paper_data(c.new)["paper"],
        "print": c.print_path,
        "stars": {"next_sitting_day": c.next_day, "rule": c.stars_rule},
        "warnings": list(c.warnings),
        "counts": c.counts,
        "differ": c.differ,
        "duplicate_numbers": list(c.duplicate_numbers),
        "amendments": [
            {
                "number": x.number,
                "status": x.status,
                "old": _amendment_data(x.old),
                "new": _amendment_data(x.new),
                "words": _diff_data(x.text_diff),
                "statement": _diff_data(x.statement_diff),
                "names": {
                    "added": list(x.names_added),
                    "removed": list(x.names_removed),
                    "interests": list(x.interests),
                    "twice": list(x.duplicate_names),
                },
                "star": None
                if x.star is None
                else {
                    "found": x.star.found,
                    "expected": x.star.expected,
                    "ok": x.star.ok,
                    "why": x.star.why,
                },
                "place_problems": list(x.place_problems),
            }
            for x in c.amendments
        ],
    }


def render_json(c: PaperComparison) -> str:
    """The comparison as JSON."""
    return json.dumps(comparison_data(c), indent=2, ensure_ascii=False) + "\n"


# -- Markdown --------------------------------------------------------------------------------


def render_markdown(c: PaperComparison) -> str:
    """The comparison as Markdown (all paper text escaped)."""
    out = [
        f"## {escape(c.new.title)}: amendment papers compared",
        "",
        f"- old: {escape(_paper_line(c.old))}",
        f"- new: {escape(_paper_line(c.new))}",
        f"- {escape(_amends(c))}",
        f"- {escape(c.stars_rule)}",
    ]
    out += [f"- **warning:** {escape(w)}" for w in c.warnings]
    out += ["", f"**{escape(summary(c))}**", ""]
    for heading, items, describe in sections(c):
        out += [f"### {escape(heading)} ({len(items)})", ""]
        if not items:
            out += ["None.", ""]
            continue
        for x in items:
            out.append(f"- **{escape(x.number)}** {escape(describe(x))}".rstrip())
            words = _words(x, heading)
            if words:
                out.append(f"  {escape(words)}")
            d = _diff_of(x, heading)
            for e in excerpts(d, CONTEXT) if d is not None else ():
                drawn = _draw(e, lambda s: f"\x00d{s}\x01", lambda s: f"\x00i{s}\x01")
                out.append("  " + _markdown_redline(drawn))
        out.append("")
    dup = ", ".join(escape(n) for n in c.duplicate_numbers) or "none"
    out += ["### Numbers printed twice", "", dup, ""]
    return "\n".join(out)


def _markdown_redline(drawn: str) -> str:
    """Escape a drawn redline, then turn its markers into ``<del>``/``<ins>``."""
    out = []
    for k, chunk in enumerate(drawn.split("\x00")):
        if k == 0:
            out.append(escape(chunk))
            continue
        kind, rest = chunk[0], chunk[1:]
        inside, _, after = rest.partition("\x01")
        tag = "del" if kind == "d" else "ins"
        out.append(f"<{tag}>{escape(inside)}</{tag}>{escape(after)}")
    return "".join(out)


# -- HTML ------------------------------------------------------------------------------------

_CSS = """
ul.findings li { margin: 0.4em 0; }
p.words { margin: 0.2em 0 0 1.5em; }
del { color: #a00; } ins { color: #060; }
.cue { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
p.summary { font-weight: bold; }
p.warning { color: #a00; }
"""


def _cue(text: str) -> Any:
    """Words a screen reader or a black-and-white print needs ("[deleted: …]")."""
    return E.SPAN(E.CLASS("cue"), text)


def _html_redline(e: Excerpt) -> list[Any]:
    out: list[Any] = ["… "] if e.cut_before else []
    for p in e.pieces:
        if p.op == "equal":
            out.append(shown(p.old))
            continue
        if p.old:
            out.append(E.DEL(_cue("[deleted: "), shown(spell_spaces(p.old)), _cue("]")))
        if p.new:
            out.append(E.INS(_cue("[inserted: "), shown(spell_spaces(p.new)), _cue("]")))
    if e.cut_after:
        out.append(" …")
    return out


def render_html(c: PaperComparison) -> str:
    """The comparison as one self-contained page."""
    body: list[Any] = [
        E.H1(shown(f"{c.new.title}: amendment papers compared")),
        E.P(E.CLASS("sub"), shown(f"Old: {_paper_line(c.old)}")),
        E.P(E.CLASS("sub"), shown(f"New: {_paper_line(c.new)}")),
        E.P(E.CLASS("sub"), shown(_amends(c)[0].upper() + _amends(c)[1:])),
        E.P(E.CLASS("sub"), shown(c.stars_rule[0].upper() + c.stars_rule[1:])),
    ]
    body += [E.P(E.CLASS("warning"), shown(f"Warning: {w}")) for w in c.warnings]
    body.append(E.P(E.CLASS("summary"), summary(c)))
    for heading, items, describe in sections(c):
        body.append(E.H2(f"{heading} ({len(items)})"))
        if not items:
            body.append(E.P("None."))
            continue
        entries = []
        for x in items:
            parts: list[Any] = [E.B(shown(x.number)), " ", shown(describe(x))]
            words = _words(x, heading)
            if words:
                parts.append(E.P(E.CLASS("words"), shown(words)))
            d = _diff_of(x, heading)
            for e in excerpts(d, CONTEXT) if d is not None else ():
                parts.append(E.P(E.CLASS("words"), *_html_redline(e)))
            entries.append(E.LI(*parts))
        body.append(E.UL(E.CLASS("findings"), *entries))
    body += [
        E.H2("Numbers printed twice"),
        E.P(shown(", ".join(c.duplicate_numbers)) or "None."),
    ]
    return document(f"Amendment papers compared: {shown(c.new.title)}", body, _CSS)
