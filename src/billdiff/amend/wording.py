"""House style: an instruction record in the words an amendment paper prints, and back.

The forms follow the real Lawmaker amendment papers (``Clause 1, page 1, line
16, at end insert—``; ``To move the following Clause—``) and the style of the
House of Lords guide and Parliamentary Counsel's style manual: double curly
quotes, an em dash straight after "insert" when a block follows, no full stop.
In the Commons every amendment names its unit ("Clause 3, page 2, line 22,
leave out “may” and insert “must”"); in the Lords the marshalled list heads
each clause and the amendment begins with the page ("Page 2, line 22, …"),
and a new Clause says where it goes ("After Clause 5, insert the following new
Clause—"). Without page and line (a print with no ``<?L?>`` markers) the
place is the sub-provision: "Clause 3, subsection (2)(a), leave out “may”".

>>> from billdiff.model import Kind
>>> from billdiff.amend.instructions import Instruction, LeaveOutAndInsert, Place, Target
>>> i = Instruction(LeaveOutAndInsert("may", "must"), Target(Kind.CLAUSE, "3"), Place(2, 22, "(1)"))
>>> words(i, COMMONS).lead
'Clause 3, page 2, line 22, leave out “may” and insert “must”'
>>> words(i, LORDS).lead
'Page 2, line 22, leave out “may” and insert “must”'
>>> parse(words(i, COMMONS).lead) == (i.target, Place(2, 22), i.action)
True
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace

from billdiff.amend.instructions import (
    Action,
    Heading,
    Insert,
    InsertProvisions,
    Instruction,
    LeaveOut,
    LeaveOutAndInsert,
    LeaveOutFrom,
    LeaveOutLines,
    LeaveOutProvisions,
    LeaveOutUnit,
    NewUnit,
    Place,
    SubstituteUnit,
    Target,
    Transpose,
    Where,
)
from billdiff.model import Kind

COMMONS = "commons"
LORDS = "lords"
#: The Scottish Parliament (Holyrood): see :func:`holyrood`.
SCOTTISH = "scottish"
HOUSES = (COMMONS, LORDS, SCOTTISH)

OPEN, CLOSE, DASH = "“", "”", "—"


@dataclass(frozen=True, slots=True)
class Wording:
    """An instruction as printed: its sentence and, when it inserts a block, the block's
    lines (the first opening and the last closing the quotation)."""

    lead: str
    block: tuple[str, ...] = ()

    def lines(self) -> list[str]:
        """The sentence, then the block."""
        return [self.lead, *self.block]


def house_of(house_name: str | None) -> str:
    """The House whose style an amendment to a print takes: the print's own House (a Bill
    of the Scottish Parliament, Holyrood's style)."""
    name = (house_name or "").lower()
    if "scottish" in name:
        return SCOTTISH
    return LORDS if "lords" in name else COMMONS


def q(text: str) -> str:
    """Words as quoted in an amendment."""
    return f"{OPEN}{text}{CLOSE}"


def quoted_block(lines: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """Lines of inserted text, the quotation opened on the first and closed on the last."""
    if not lines:
        return ()
    out = list(lines)
    out[0] = OPEN + out[0]
    out[-1] = out[-1] + CLOSE
    return tuple(out)


_COMPONENT = re.compile(r"\([^()]*\)")


def components(path: str) -> list[str]:
    """ "(3)(b)(ii)" → ["(3)", "(b)", "(ii)"]."""
    return _COMPONENT.findall(path)


def provision_word(target: Target | None, path: str, plural: bool = False) -> str:
    """What the last part of ``path`` is called: subsection, paragraph, sub-paragraph…"""
    depth = len(components(path))
    in_schedule = target is not None and target.in_schedule
    first = components(path)[0] if depth else ""
    numeric = first[1:-1].isdigit() if first else True
    if in_schedule:
        names = ["sub-paragraph", "paragraph", "sub-paragraph", "sub-sub-paragraph"]
    elif numeric:
        names = ["subsection", "paragraph", "sub-paragraph", "sub-sub-paragraph"]
    else:
        names = ["paragraph", "sub-paragraph", "sub-sub-paragraph", "sub-sub-paragraph"]
    word = names[min(max(depth - 1, 0), len(names) - 1)]
    return word + "s" if plural else word


def path_name(target: Target | None, path: str) -> str:
    """A sub-provision by clause and subsection: "subsection (2)(a)", "paragraph 5(2)(a)"."""
    if target is not None and target.in_schedule:
        return f"{target.name}{path}"
    if not path:
        return ""
    return f"{provision_word(target, components(path)[0])} {path}"


def _provisions(target: Target | None, paths: tuple[str, ...]) -> str:
    """ "subsection (3)", "subsections (3) and (4)", "paragraphs (a) to (c)"."""
    last = [components(p)[-1] if components(p) else p for p in paths]
    word = provision_word(target, paths[0], plural=len(paths) > 1)
    if len(last) == 1:
        return f"{word} {last[0]}"
    if len(last) == 2:
        return f"{word} {last[0]} and {last[1]}"
    return f"{word} {last[0]} to {last[-1]}"


def _line_ref(place: Place, start: Place | None) -> str:
    """ "line 25", or "line 2 on page 5" when it is on another page than ``start``."""
    if start is not None and start.page != place.page:
        return f"line {place.line} on page {place.page}"
    return f"line {place.line}"


def _prefix(i: Instruction, house: str) -> str:
    """ "Clause 3, page 2, line 22", "Page 2, line 22" (Lords), "Clause 3, subsection (2)"."""
    place = i.place or Place()
    t = i.target
    if place.has_line:
        where = f"page {place.page}, line {place.line}"
        if house == LORDS or t is None:
            return where[0].upper() + where[1:]
        return f"{t.heading}, {where}"
    if t is None:
        return ""
    sub = path_name(t, place.path) if place.path else (t.name if t.in_schedule else "")
    return ", ".join(x for x in (t.heading, sub) if x)


def _join(prefix: str, rest: str) -> str:
    if not prefix:
        return rest[0].upper() + rest[1:]
    return f"{prefix}, {rest}"


def words(i: Instruction, house: str = COMMONS) -> Wording:
    """Instruction ``i`` in House style."""
    if house == SCOTTISH:
        return holyrood(i)
    a = i.action
    t = i.target
    prefix = _prefix(i, house)
    place = i.place or Place()
    if isinstance(a, LeaveOut):
        if i.printing == "typographic" and a.words.strip(" ").isspace():
            # A figure or no-break space made an ordinary one: say so.
            return Wording(_join(prefix, f"the space {q(a.words)} becomes an ordinary space"))
        return Wording(_join(prefix, f"leave out {q(a.words)}"))
    if isinstance(a, LeaveOutAndInsert):
        return Wording(
            _join(prefix, f"leave out {q(a.words)} and {_insert(a.insert, a.block)}"),
            quoted_block(a.block),
        )
    if isinstance(a, Insert):
        where = a.at if a.anchor is None else f"{a.at} {q(a.anchor)}"
        if not a.words.strip(" ") and not a.block:
            return Wording(_join(prefix, f"{where} insert a space"))
        return Wording(_join(prefix, f"{where} {_insert(a.words, a.block)}"), quoted_block(a.block))
    if isinstance(a, LeaveOutFrom):
        end = a.end_place
        if end.has_line:
            same = end.page == place.page and end.line == place.line
            where = "" if same else f" in {_line_ref(end, place)}"
            upto = (
                f"to {q(a.end)}{where}"
                if a.end is not None
                else f"to end of {_line_ref(end, place)}"
            )
        else:
            sub = path_name(t, end.path)
            same = end.path == place.path
            if a.end is not None:
                upto = f"to {q(a.end)}" + ("" if same or not sub else f" in {sub}")
            else:
                upto = f"to end of {sub}" if sub else "to end"
        text = f"leave out from {q(a.start) if a.start else 'beginning'} {upto}"
        if a.insert is not None or a.block:
            text += f" and {_insert(a.insert or '', a.block)}"
        return Wording(_join(prefix, text), quoted_block(a.block))
    if isinstance(a, LeaveOutLines):
        last = a.last
        if last.page == place.page:
            lines = (
                f"line {place.line}"
                if last.line == place.line
                else (f"lines {place.line} to {last.line}")
            )
            text = _join(_page_prefix(i, house), f"leave out {lines}")
        else:
            text = _join(
                _page_prefix(i, house),
                f"leave out from line {place.line} to line {last.line} on page {last.page}",
            )
        if a.insert:
            return Wording(f"{text} and insert{DASH}", quoted_block(a.insert))
        return Wording(text)
    if isinstance(a, LeaveOutProvisions):
        text = f"leave out {_provisions(t, a.paths)}"
        if a.insert:
            return Wording(_join(prefix, text + f" and insert{DASH}"), quoted_block(a.insert))
        return Wording(_join(prefix, text))
    if isinstance(a, InsertProvisions):
        if a.anchor is not None and not place.has_line:
            where = f"{a.at} {_provisions(t, (a.anchor,))}"
        else:
            where = a.at
        return Wording(_join(prefix, f"{where} insert{DASH}"), quoted_block(a.lines))
    if isinstance(a, LeaveOutUnit):
        assert t is not None
        units = t.name
        if a.through is not None:
            word, number = t.name.rsplit(" ", 1)
            joined = "and" if _next_number(number) == a.through else "to"
            units = f"{word}s {number} {joined} {a.through}"
        if t.in_schedule:
            return Wording(
                _join(_prefix(i, COMMONS).rsplit(", paragraph", 1)[0], f"leave out {units}")
            )
        return Wording(_join(_page_only(place), f"leave out {units}"))
    if isinstance(a, SubstituteUnit):
        assert t is not None
        block = quoted_block(([a.heading] if a.heading else []) + list(a.lines))
        if t.kind is Kind.SCHEDULE:
            lead = f"leave out {t.name} and insert the following new Schedule{DASH}"
            return Wording(_join(_page_only(place), lead), block)
        if t.in_schedule:
            lead = _join(
                _prefix(i, COMMONS).rsplit(", paragraph", 1)[0],
                f"leave out {t.name} and insert{DASH}",
            )
            return Wording(lead, quoted_block([f"{t.number} {' '.join(a.lines)}"]))
        return Wording(
            _join(
                _page_only(place), f"leave out {t.name} and insert the following new Clause{DASH}"
            ),
            block,
        )
    if isinstance(a, NewUnit):
        return _new_unit(i, a, house)
    if isinstance(a, Transpose):
        return Wording(_transpose(i, a))
    if isinstance(a, Heading):
        return Wording(_join(prefix, f"the heading becomes {q(a.heading)}"))
    raise TypeError(f"no wording for {type(a).__name__}")


def _transpose(i: Instruction, a: Transpose) -> str:
    """ "Transpose Clause 15 to after Clause 21"; a schedule paragraph names its Schedule,
    since paragraph numbers start again in each: "Schedule 2, transpose paragraph 51 to
    after paragraph 49"."""
    t = i.target
    assert t is not None
    if a.after_new is not None:
        word = t.name.split()[0].lower() if t.in_schedule else t.name.split()[0]
        to = (
            f"to after new Clause {a.after_new}"
            if a.after_new.startswith("NC")
            else f"to after the {word} inserted by amendment {a.after_new}"
        )
    else:
        to = f"to after {a.after.name}" if a.after is not None else "to the beginning"
    if t.in_schedule:
        return f"{t.heading}, transpose {t.name} {to}"
    return f"Transpose {t.name} {to}"


def _insert(words: str, block: tuple[str, ...]) -> str:
    """ "insert “words”", or before a quoted block "insert—" (or "insert “, and”")."""
    if block and not words:
        return f"insert{DASH}"
    return f"insert {q(words)}"


def _next_number(number: str) -> str | None:
    return str(int(number) + 1) if number.isdigit() else None


def _page_prefix(i: Instruction, house: str) -> str:
    """ "Clause 3, page 2" (Commons), "Page 2" (Lords): whole lines cite no line first."""
    place = i.place or Place()
    t = i.target
    if house == LORDS or t is None:
        return f"Page {place.page}"
    return f"{t.heading}, page {place.page}"


def _page_only(place: Place) -> str:
    return f"Page {place.page}, line {place.line}" if place.has_line else ""


def _new_unit(i: Instruction, a: NewUnit, house: str) -> Wording:
    if a.kind is Kind.SCHEDULE_PARAGRAPH:
        lines = list(a.lines)
        first = f"{a.number or ''} {lines[0] if lines else ''}".strip()
        block = quoted_block([first, *lines[1:]])
        place = i.place or Place()
        sched = f"Schedule {a.schedule}" if a.schedule else "The Schedule"
        if place.has_line:
            at = "at beginning" if a.after is None else "at end"
            where = f"page {place.page}, line {place.line}"
            lead = f"{where[0].upper()}{where[1:]}" if house == LORDS else f"{sched}, {where}"
            return Wording(f"{lead}, {at} insert{DASH}", block)
        where = f"after {a.after.name}" if a.after is not None else "at beginning"
        return Wording(f"{sched}, {where} insert{DASH}", block)
    head = [h for h in (a.crossheading, a.heading) if h]
    block = quoted_block([*head, *a.lines])
    word = "Clause" if a.kind is Kind.CLAUSE else a.kind.value.capitalize()
    if house == LORDS:
        if a.after is not None:
            return Wording(f"After {a.after.name}, insert the following new {word}{DASH}", block)
        return Wording(f"Before {word} 1, insert the following new {word}{DASH}", block)
    return Wording(f"To move the following {word}{DASH}", block)


def placement(i: Instruction) -> str | None:
    """Where a new Clause is to stand, in words (the Commons form does not say)."""
    a = i.action
    if not isinstance(a, NewUnit) or a.kind is Kind.SCHEDULE_PARAGRAPH:
        return None
    if a.after is None:
        return "at the beginning of the Bill"
    return f"after {a.after.name}"


# -- the Scottish Parliament -------------------------------------------------------------------

# Holyrood's amendments (its marshalled lists and guidance on amendments) name the section
# in lower case and quote with angle brackets: "In section 6, page 4, line 2, leave out <may>
# and insert <must>"; "In schedule 2, page 30, line 5, …"; "Leave out section 9"; "After
# section 5, insert—" and the new section. Numbered 1, 2, 3… in the order of the Bill, new
# sections among them. They are the House of Commons' forms in other words, so they are
# written, and read, by rewriting those.
# A Commons sentence begins "Page 6, line 14, leave out …", or without page and line "Leave
# out …"; Holyrood's never cites the page of a section it leaves out.
_LEAVE = r"^(?:Page \d+, line \d+, l|L)eave out (?:Clause|Section)"
_TO_HOLYROOD = [
    (re.compile(rf"{_LEAVE} (\S+)$"), r"Leave out section \1"),
    (re.compile(rf"{_LEAVE}s (\S+ (?:and|to) \S+)$"), r"Leave out sections \1"),
    (
        re.compile(rf"{_LEAVE} (\S+) and insert the following new Clause—$"),
        r"Leave out section \1 and insert—",
    ),
    (re.compile(r"^(?:Clause|Section) (\S+), "), r"In section \1, "),
    (re.compile(r"^Schedule (\S+), "), r"In schedule \1, "),
    (re.compile(r"^The Schedule, "), "In the schedule, "),
    (
        re.compile(r"^Transpose (?:Clause|Section) (\S+) to after (?:Clause|Section) "),
        r"Transpose section \1 to after section ",
    ),
]
_FROM_HOLYROOD = [
    (re.compile(r"^Leave out sections (\S+ (?:and|to) \S+)$"), r"leave out Sections \1"),
    (re.compile(r"^Leave out section (\S+)$"), r"leave out Section \1"),
    (
        re.compile(r"^Leave out section (\S+) and insert—$"),
        r"leave out Clause \1 and insert the following new Clause—",
    ),
    (re.compile(r"^In section (\S+), "), r"Section \1, "),
    (re.compile(r"^In schedule (\S+), "), r"Schedule \1, "),
    (re.compile(r"^In the schedule, "), "The Schedule, "),
    (
        re.compile(r"^Transpose section (\S+) to after section "),
        r"Transpose Section \1 to after Section ",
    ),
    (
        re.compile(r"^After section (\S+), insert—$"),
        r"After Section \1, insert the following new Clause—",
    ),
    (re.compile(r"^Before section 1, insert—$"), "To move the following Clause—"),
]


def _chevrons(text: str) -> str:
    """Quotations set off with angle brackets, as Holyrood prints them (quotations within
    them keep their curly quotes)."""
    shielded = _shield(text)
    return _unshield(shielded.replace(OPEN, "<").replace(CLOSE, ">"))


def _chevron_block(block: tuple[str, ...]) -> tuple[str, ...]:
    """A quoted block (one quotation over all its lines, :func:`quoted_block`) with angle
    brackets for the quotation's own marks; the words keep theirs."""
    lines = list(block)
    if lines and lines[0].startswith(OPEN):
        lines[0] = "<" + lines[0][1:]
    if lines and lines[-1].endswith(CLOSE):
        lines[-1] = lines[-1][:-1] + ">"
    return tuple(lines)


def holyrood(i: Instruction) -> Wording:
    """Instruction ``i`` as the Scottish Parliament prints it."""
    a = i.action
    if isinstance(a, NewUnit) and a.kind is not Kind.SCHEDULE_PARAGRAPH:
        head = [h for h in (a.crossheading, a.heading) if h]
        block = quoted_block([*head, *a.lines])
        where = f"After section {a.after.number}" if a.after is not None else "Before section 1"
        return Wording(f"{where}, insert{DASH}", _chevron_block(block))
    w = words(i, COMMONS)
    lead = w.lead
    for pattern, replacement in _TO_HOLYROOD:
        lead = pattern.sub(replacement, lead)
    return Wording(_chevrons(lead), _chevron_block(w.block))


def _from_holyrood(text: str, block: tuple[str, ...]) -> tuple[str, tuple[str, ...]]:
    """A Holyrood sentence (and its block) in the House of Commons' words."""
    for pattern, replacement in _FROM_HOLYROOD:
        text = pattern.sub(replacement, text)
    lines = list(block)
    if lines and lines[0].startswith("<"):
        lines[0] = OPEN + lines[0][1:]
    if lines and lines[-1].endswith(">"):
        lines[-1] = lines[-1][:-1] + CLOSE
    return text.replace("<", OPEN).replace(">", CLOSE), tuple(lines)


_HOLYROOD = re.compile(
    r"^(?:In (?:section|schedule|the schedule) |Leave out sections? |After section "
    r"|Before section 1, insert|Transpose section )|<"
)


# -- reading House style back ----------------------------------------------------------------

_Q = "“(?P<{}>.*?)”"
_PATH = r"(?:\([^()]*\))+"
_UNIT = (
    r"(?:(?P<clause>Clause|Section|Regulation|Article|Rule) (?P<cnum>\d+[A-Z]*)"
    r"|(?:Schedule (?P<snum>\d+[A-Z]*)|(?P<lone>The Schedule|Schedule(?=, )))"
    rf"(?:, paragraph (?P<pnum>\d+[A-Z]*)(?P<spath>{_PATH})?)?)"
)
_PREFIX = re.compile(
    rf"^(?:{_UNIT}, )?(?:(?:sub-)*(?:subsection|paragraph) (?P<cpath>{_PATH}), )?"
    r"(?:[Pp]age (?P<page>\d+)(?:, line (?P<line>\d+))?, )?(?P<rest>.*)$",
    re.S,
)
_SUB = r"(?:sub-)*(?:subsection|paragraph)"
_LINE = r"line (?P<eline>\d+)(?: on page (?P<epage>\d+))?"
#: "and insert “words”", or "and insert—" before a quoted block.
_AND_INSERT = rf"(?: and insert(?: {_Q.format('insert')}|(?P<dash>—)))?"
_FROM = rf"leave out from (?:{_Q.format('start')}|(?P<beginning>beginning))"
_UNITS = r"(?P<word>Clause|Section|paragraph|Schedule)"
_FORMS: list[tuple[str, re.Pattern[str]]] = [
    (
        "from-path",
        re.compile(
            rf"^{_FROM} (?:to end of {_SUB} (?P<epath>{_PATH})"
            rf"|to end|to {_Q.format('end')}(?: in {_SUB} (?P<epath2>{_PATH}))?){_AND_INSERT}$",
            re.S,
        ),
    ),
    ("provisions-at", re.compile(rf"^(?P<at>after|before) {_SUB} (?P<anchor>\([^()]*\)) insert—$")),
    ("space", re.compile(rf"^(?P<at>after|before) {_Q.format('anchor')} insert a space$", re.S)),
    ("ordinary", re.compile(rf"^the space {_Q.format('words')} becomes an ordinary space$", re.S)),
    ("paragraph-at", re.compile(r"^(?P<at>after|before) paragraph (?P<num>\d+[A-Z]*) insert—$")),
    (
        "unit",
        re.compile(
            rf"^leave out {_UNITS}s? (?P<num>\d+[A-Z]*)"
            r"(?: (?:and|to) (?P<through>\d+[A-Z]*))?$"
        ),
    ),
    (
        "lines",
        re.compile(
            r"^leave out (?:lines (?P<first>\d+) to (?P<last>\d+)|line (?P<only>\d+)"
            r"|from line (?P<from>\d+) to line (?P<to>\d+) on page (?P<topage>\d+))"
            r"(?P<and> and insert—)?$"
        ),
    ),
    (
        "from",
        re.compile(
            rf"^{_FROM} (?:to end of {_LINE}|to {_Q.format('end')}"
            rf"(?: in {_LINE.replace('eline', 'eline2').replace('epage', 'epage2')})?)"
            rf"{_AND_INSERT}$",
            re.S,
        ),
    ),
    (
        "provisions",
        re.compile(
            r"^leave out (?P<kind>(?:sub-)*(?:subsection|paragraph)s?) (?P<first>\([^)]*\))"
            r"(?: (?:and|to) (?P<last>\([^)]*\)))?(?P<and> and insert—)?$",
            re.S,
        ),
    ),
    (
        "substitute",
        re.compile(
            r"^leave out (?P<word>Clause|paragraph|Schedule) (?P<num>\d+[A-Z]*) and insert"
            r"(?: the following new (?:Clause|Schedule))?—$"
        ),
    ),
    ("replace", re.compile(rf"^leave out {_Q.format('words')}{_AND_INSERT}$", re.S)),
    ("block", re.compile(r"^(?P<at>at end|at beginning) insert—$")),
    (
        "insert",
        re.compile(
            rf"^(?P<at>after|before|at end|at beginning)(?: {_Q.format('anchor')})? insert"
            rf"(?: {_Q.format('words')}|(?P<dash>—))$",
            re.S,
        ),
    ),
    ("heading", re.compile(rf"^the heading becomes {_Q.format('heading')}$", re.S)),
]
_NEW = re.compile(
    r"^(?:To move the following (?P<word>Clause|Schedule)—"
    r"|After (?:Clause|Section) (?P<after>\d+[A-Z]*), insert the following new Clause—)$"
)


def _where(text: str) -> Where:
    for w in ("after", "before", "at end", "at beginning"):
        if text == w:
            return w
    raise Unreadable(text)


_ASCII_SPACES = re.compile(r"[ \t\r\n]+")
_TRANSPOSE = re.compile(
    r"^(?:(?:Schedule (?P<snum>\d+[A-Z]*)|(?P<lone>The Schedule)), transpose paragraph"
    r"|Transpose (?P<word>Clause|Section))"
    r" (?P<num>\d+[A-Z]*) to (?:after (?:Clause|Section|paragraph) (?P<after>\d+[A-Z]*)"
    r"|after new Clause (?P<new>NC\d+)"
    r"|after the (?:Clause|Section|paragraph) inserted by amendment (?P<amendment>\d+)"
    r"|the beginning)$"
)


_PARAGRAPH_NUMBER = re.compile(r"^(\d+[A-Z]*) ")


def _new_paragraph(
    target: Target, place: Place, block: tuple[str, ...], after: Target | None
) -> tuple[Target | None, Place | None, Action]:
    lines = list(block)
    m = _PARAGRAPH_NUMBER.match(lines[0]) if lines else None
    number = m.group(1) if m else None
    if m:
        lines[0] = lines[0][m.end() :]
    action = NewUnit(
        Kind.SCHEDULE_PARAGRAPH, None, tuple(lines), after, schedule=target.schedule, number=number
    )
    return target, place, action


def _substitute(
    target: Target | None, place: Place, word: str, number: str, lines: tuple[str, ...]
) -> tuple[Target, Place, Action]:
    """ "leave out Clause 9 and insert the following new Clause—" (heading, then text), or
    "leave out paragraph 10 and insert—" (the paragraph, starting with its own number)."""
    if word in ("Clause", "Schedule"):
        heading = lines[0] if lines else None
        kind = Kind.CLAUSE if word == "Clause" else Kind.SCHEDULE
        return Target(kind, number), place, SubstituteUnit(heading, lines[1:])
    schedule = target.schedule if target is not None else ""
    first = lines[0] if lines else ""
    if first.startswith(number + " "):
        lines = (first[len(number) + 1 :], *lines[1:])
    return (
        Target(Kind.SCHEDULE_PARAGRAPH, number, schedule),
        place,
        SubstituteUnit(None, lines),
    )


def _transposition(m: re.Match[str]) -> tuple[Target, None, Transpose]:
    if m.group("word"):
        kind = Kind.CLAUSE if m.group("word") == "Clause" else Kind.SECTION
        schedule = None
    else:
        kind, schedule = Kind.SCHEDULE_PARAGRAPH, m.group("snum") or ""
    unit = Target(kind, m.group("num"), schedule)
    new = m.group("new") or m.group("amendment")
    if new:
        return unit, None, Transpose(None, new)
    after = Target(kind, m.group("after"), schedule) if m.group("after") else None
    return unit, None, Transpose(after)


class Unreadable(ValueError):
    """A sentence that is not one of the House-style forms billdiff reads."""


def _unquote_block(lines: tuple[str, ...]) -> tuple[str, ...]:
    if not lines:
        return ()
    out = list(lines)
    if out[0].startswith(OPEN):
        out[0] = out[0][1:]
    if out[-1].endswith(CLOSE):
        out[-1] = out[-1][:-1]
    return tuple(out)


def parse(
    sentence: str, block: tuple[str, ...] = (), default: Target | None = None
) -> tuple[Target | None, Place | None, Action]:
    """The (target, place, action) a House-style sentence states; ``block`` is any quoted
    text that follows it, ``default`` the clause a Lords marshalled list heads it with.

    Raises :class:`Unreadable` for anything else.
    """
    text = _ASCII_SPACES.sub(" ", sentence).strip(" ")
    if _HOLYROOD.search(text) or (block and block[0].startswith("<")):
        text, block = _from_holyrood(text, block)
    m = _TRANSPOSE.match(text)
    if m:
        return _transposition(m)
    m = _NEW.match(text)
    if m:
        after = Target(Kind.CLAUSE, m.group("after")) if m.group("after") else None
        lines = _unquote_block(block)
        heading = lines[0] if lines else None
        return None, None, NewUnit(Kind.CLAUSE, heading, tuple(lines[1:]), after=after)
    m = _PREFIX.match(text)
    if m is None:
        raise Unreadable(text)
    target = default
    if m.group("clause"):
        word = m.group("clause").lower()
        kind = Kind.CLAUSE if word == "clause" else Kind(word)
        target = Target(kind, m.group("cnum"))
    elif m.group("snum") or m.group("lone"):
        target = Target(Kind.SCHEDULE_PARAGRAPH, m.group("pnum"), m.group("snum") or "")
    page = int(m.group("page")) if m.group("page") else None
    line = int(m.group("line")) if m.group("line") else None
    path = m.group("cpath") or m.group("spath") or ""
    place = Place(page, line, path if page is None else "")
    # Without a unit or place first, the sentence itself starts with a capital.
    rest = _shield(m.group("rest")[:1].lower() + m.group("rest")[1:])
    lines = _unquote_block(block)
    for name, pattern in _FORMS:
        f = pattern.match(rest)
        if f is None or (line is None and page is not None and name != "lines"):
            continue
        g = {k: _unshield(v) if isinstance(v, str) else v for k, v in f.groupdict().items()}
        found = _form(name, g, target, place, path, lines)
        if found is not None:
            return found
    raise Unreadable(text)


def _form(
    name: str,
    g: dict[str, str | None],
    target: Target | None,
    place: Place,
    path: str,
    lines: tuple[str, ...],
) -> tuple[Target | None, Place | None, Action] | None:
    """The instruction form ``name`` matched, with its groups ``g``; None to try the next."""
    # Words followed by a quoted block ("leave out “x” and insert—", "at end insert “, and”"):
    # the block is what a "—" introduces, or what follows the quoted words.
    after_words = lines if g.get("dash") or (g.get("insert") or g.get("words")) else ()
    if name == "from-path":
        if place.page is not None:
            return None
        epath = g.get("epath") or g.get("epath2")
        end_place = Place(path=epath) if epath else place
        return target, place, _leave_out_from(g, end_place, after_words)
    if name == "provisions-at":
        anchor = path + (g["anchor"] or "")
        at = _where(g["at"] or "")
        return target, Place(path=path), InsertProvisions(at, lines, anchor)
    if name == "space":
        return target, place, Insert(_where(g["at"] or ""), g["anchor"], "")
    if name == "ordinary":
        return target, place, LeaveOut(g["words"] or "")
    if name == "paragraph-at":
        if target is None or not target.in_schedule:
            return None
        if g["at"] == "before":
            raise Unreadable(f"before paragraph {g['num']} insert—")  # billdiff drafts "after"
        after = Target(Kind.SCHEDULE_PARAGRAPH, g["num"], target.schedule)
        return _new_paragraph(target, place, lines, after)
    if name == "unit":
        number = g["num"] or ""
        if g["word"] == "paragraph":
            sched = target.schedule if target is not None else ""
            unit = Target(Kind.SCHEDULE_PARAGRAPH, number, sched)
        elif g["word"] == "Schedule":
            unit = Target(Kind.SCHEDULE, number)
        else:
            unit = Target(Kind.CLAUSE if g["word"] == "Clause" else Kind.SECTION, number)
        return unit, place, LeaveOutUnit(g.get("through"))
    if name == "lines":
        page = place.page or 0
        if g.get("only"):
            first = last = Place(page, int(g["only"] or 0))
        elif g.get("first"):
            first, last = Place(page, int(g["first"] or 0)), Place(page, int(g["last"] or 0))
        else:
            first = Place(page, int(g["from"] or 0))
            last = Place(int(g["topage"] or 0), int(g["to"] or 0))
        return target, first, LeaveOutLines(last, lines if g.get("and") else None)
    if name == "from":
        eline = g.get("eline") or g.get("eline2")
        epage = g.get("epage") or g.get("epage2")
        end_place = Place(int(epage) if epage else place.page, int(eline) if eline else place.line)
        return target, place, _leave_out_from(g, end_place, after_words)
    if name == "provisions":
        top, bottom = g["first"] or "", g.get("last")
        paths = (path + top,) + ((path + bottom,) if bottom else ())
        kind = (g["kind"] or "").rstrip("s")
        return target, place, LeaveOutProvisions(kind, paths, lines if g.get("and") else None)
    if name == "substitute":
        return _substitute(target, place, g["word"] or "", g["num"] or "", lines)
    if name == "replace":
        if g.get("insert") is None and not g.get("dash"):
            return target, place, LeaveOut(g["words"] or "")
        quoted, inserted = g["words"] or "", g.get("insert") or ""
        return target, place, LeaveOutAndInsert(quoted, inserted, after_words)
    if name == "insert":
        at = _where(g["at"] or "")
        return target, place, Insert(at, g.get("anchor"), g.get("words") or "", after_words)
    if name == "block":
        if (
            target is not None
            and target.in_schedule
            and target.number is None
            and lines
            and _PARAGRAPH_NUMBER.match(lines[0])
        ):
            # "Schedule 2, page 41, line 12, at end insert— “5 …”": a new paragraph, after
            # the one that line ends (the applier finds it), or first in the Schedule.
            follows = (
                None
                if g["at"] == "at beginning"
                else Target(Kind.SCHEDULE_PARAGRAPH, None, target.schedule)
            )
            return _new_paragraph(target, place, lines, follows)
        return target, place, InsertProvisions(_where(g["at"] or ""), lines)
    if name == "heading":
        return target, place, Heading(g["heading"] or "")
    return None


def _leave_out_from(
    g: dict[str, str | None], end_place: Place, block: tuple[str, ...]
) -> LeaveOutFrom:
    insert = g.get("insert")
    if insert is None and g.get("dash"):
        insert = ""
    return LeaveOutFrom(g.get("start") or "", g.get("end"), end_place, insert, block)


# Quoted words may quote quotation marks (“(“the 2008 Regulations”)”): the marks inside a
# quotation are set aside while a sentence is matched, and put back in what it quotes.
_INNER_OPEN, _INNER_CLOSE = "\ue000", "\ue001"


def _shield(text: str) -> str:
    """``text`` with every quotation mark inside a quotation replaced by a stand-in (as
    printed, if its marks do not pair up)."""
    if _INNER_OPEN in text or _INNER_CLOSE in text:
        return text
    out: list[str] = []
    depth = 0
    for ch in text:
        if ch == OPEN:
            out.append(OPEN if depth == 0 else _INNER_OPEN)
            depth += 1
        elif ch == CLOSE and depth > 0:
            depth -= 1
            out.append(CLOSE if depth == 0 else _INNER_CLOSE)
        else:
            out.append(ch)
    return "".join(out) if depth == 0 else text


def _unshield(text: str) -> str:
    return text.replace(_INNER_OPEN, OPEN).replace(_INNER_CLOSE, CLOSE)


# -- a whole paper, printed and read back -------------------------------------------------------


def marshalled(
    amendments: Sequence[Instruction], house: str
) -> Iterator[tuple[str | None, Instruction]]:
    """Each amendment, with the marshalled list's heading to print over it first, where the
    heading changes (the Lords and Holyrood; a Lords new Clause says where it goes, so it
    stays under the heading before it)."""
    current: str | None = None
    for i in amendments:
        heading = None
        over = _marshalled_under(i, house)
        if over is not None and over != current:
            heading = current = over
        yield heading, i


def _marshalled_under(i: Instruction, house: str) -> str | None:
    """The heading a marshalled list prints an amendment under: the Lords' "Clause 3";
    Holyrood's "Section 3", "After section 5", "Schedule 2"; none in the Commons."""
    t, a = i.target, i.action
    if house == SCOTTISH:
        if isinstance(a, NewUnit) and a.kind is not Kind.SCHEDULE_PARAGRAPH:
            return f"After section {a.after.number}" if a.after is not None else "Before section 1"
        if t is None:
            return None
        return t.heading if t.in_schedule or t.kind is Kind.SCHEDULE else f"Section {t.number}"
    if house == LORDS and t is not None:
        return t.heading
    return None


_HEADING = re.compile(rf"^{_UNIT}$")
_STANDS = re.compile(
    r"This new clause would stand (?:after (?P<word>Clause|Section) (?P<num>\d+[A-Z]*)"
    r"|(?P<start>at the beginning of the Bill))\."
)


def heading_target(heading: str) -> Target | None:
    """The unit a marshalled list's heading ("Clause 3", "Schedule 2") names."""
    m = _HEADING.match(heading)
    if m is None:
        return None
    if m.group("clause"):
        word = m.group("clause").lower()
        return Target(Kind.CLAUSE if word == "clause" else Kind(word), m.group("cnum"))
    return Target(Kind.SCHEDULE_PARAGRAPH, None, m.group("snum") or "")


def read_back(i: Instruction, house: str, heading: str | None = None) -> Instruction:
    """Instruction ``i`` as a reader of the printed paper gets it back: its House-style words
    (``house`` for an amendment, Commons style for a change on reprinting) read with
    :func:`parse`, under the marshalled list's ``heading``. A Commons new Clause stands
    where its explanatory statement says; its number is the reprint's, which no paper
    prints, so it is kept. Raises :class:`Unreadable`."""
    w = words(i, house if i.tabled else COMMONS)
    default = heading_target(heading) if heading else None
    target, place, action = parse(w.lead, w.block, default=default)
    if isinstance(action, NewUnit) and isinstance(i.action, NewUnit):
        if action.kind is not Kind.SCHEDULE_PARAGRAPH and house == COMMONS:
            stands = _STANDS.search(i.statement or "")
            if stands is None:
                raise Unreadable(f"{w.lead} (no explanatory statement says where it stands)")
            if stands.group("num"):
                kind = Kind.CLAUSE if stands.group("word") == "Clause" else Kind.SECTION
                action = replace(action, after=Target(kind, stands.group("num")))
        action = replace(action, number=i.action.number)
    return Instruction(
        action,
        target,
        place,
        number=i.number,
        printing=i.printing,
        sponsors=i.sponsors,
        statement=i.statement,
    )


def read_back_all(
    amendments: Sequence[Instruction], printing: Sequence[Instruction], house: str
) -> tuple[list[Instruction], list[tuple[Instruction, str]]]:
    """A draft's amendments and changes on reprinting read back from their printed words, in
    order; and those that cannot be read, with the words that could not."""
    back: list[Instruction] = []
    unreadable: list[tuple[Instruction, str]] = []
    current: str | None = None
    for heading, i in marshalled(amendments, house):
        current = heading or current
        try:
            back.append(read_back(i, house, current))
        except Unreadable as e:
            unreadable.append((i, str(e)))
    for i in printing:
        try:
            back.append(read_back(i, COMMONS))
        except Unreadable as e:
            unreadable.append((i, str(e)))
    return back, unreadable
