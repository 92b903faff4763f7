"""Amendment instructions as data: small frozen records, one per thing a drafter tables.

An :class:`Instruction` is an :class:`Action` (what to do: leave out words,
insert a subsection, move a new Clause…), the unit it amends
(:class:`Target`, "Clause 3", "Schedule 2 paragraph 5") and where in the old
print (:class:`Place`: page and line when the print has ``<?L?>`` markers,
and always the sub-provision, "(3)(b)"). Every quoted word is the old print's
text exactly, so an applier can find it again (:mod:`billdiff.amend.apply`);
:mod:`billdiff.amend.wording` turns a record into House style and back.

``printing`` is None for an amendment to be tabled; otherwise the record is a
change the Public Bill Office makes when it reprints the Bill, for which no
amendment is needed (Erskine May para 30.83): ``cross-reference`` (a
reference that follows the renumbering), ``renumbering`` (a subsection
renumbered because one was inserted before it), ``typographic`` (quotes,
dashes, spaces) and ``heading`` (headings are not part of the Bill).

>>> i = Instruction(LeaveOutAndInsert("may", "must"), Target(Kind.CLAUSE, "3"), Place(2, 22))
>>> to_data(i)["action"]
{'type': 'leave_out_and_insert', 'words': 'may', 'insert': 'must'}
>>> from_data(to_data(i)) == i
True
"""

from __future__ import annotations

from dataclasses import MISSING, dataclass, field, fields
from types import UnionType
from typing import Any, ClassVar, Literal, Union, get_args, get_origin, get_type_hints

from billdiff.errors import InputError
from billdiff.fileio import Unreadable, parse_json
from billdiff.model import Kind

Where = Literal["after", "before", "at end", "at beginning"]


@dataclass(frozen=True, slots=True)
class Target:
    """The unit an instruction amends: a clause (section…), a schedule paragraph, or a
    schedule whose words are not in paragraphs (``kind`` SCHEDULE, ``number`` its own).

    ``schedule`` is the schedule's number for a schedule paragraph ("" for a lone
    unnumbered Schedule), None otherwise. ``guid`` and ``eid`` identify the unit in
    the old print; the House names it by number only.
    """

    kind: Kind
    number: str | None
    schedule: str | None = None
    guid: str | None = None
    eid: str | None = None

    @property
    def in_schedule(self) -> bool:
        """Whether the unit is a schedule paragraph."""
        return self.schedule is not None and self.kind is not Kind.SCHEDULE

    @property
    def name(self) -> str:
        """The unit itself: "Clause 3", "paragraph 5" (of its schedule), "Section 2",
        "Schedule 1"."""
        if self.kind is Kind.SCHEDULE:
            return f"Schedule {self.number}" if self.number else "The Schedule"
        if self.in_schedule:
            return f"paragraph {self.number or ''}".strip()
        word = "Clause" if self.kind is Kind.CLAUSE else self.kind.value.capitalize()
        return f"{word} {self.number or ''}".strip()

    @property
    def heading(self) -> str:
        """How an amendment to the unit begins: "Clause 3", "Schedule 2", "The Schedule"."""
        if self.in_schedule:
            return f"Schedule {self.schedule}" if self.schedule else "The Schedule"
        return self.name

    @property
    def full_name(self) -> str:
        """ "Clause 3", "Schedule 2, paragraph 5"."""
        return f"{self.heading}, {self.name}" if self.in_schedule else self.name


@dataclass(frozen=True, slots=True)
class Place:
    """Where in the old print: page and line (None without ``<?L?>`` markers) and the
    sub-provision of the unit ("(3)(b)"; "" for the unit's own words)."""

    page: int | None = None
    line: int | None = None
    path: str = ""

    @property
    def has_line(self) -> bool:
        """Whether the place is a printed page and line."""
        return self.page is not None and self.line is not None


@dataclass(frozen=True, slots=True)
class Action:
    """What an instruction does (one of the subclasses below)."""

    TYPE: ClassVar[str] = ""


@dataclass(frozen=True, slots=True)
class LeaveOut(Action):
    """ "leave out “words”": the first ``words`` on the line (or in the sub-provision)."""

    TYPE: ClassVar[str] = "leave_out"
    words: str


@dataclass(frozen=True, slots=True)
class LeaveOutAndInsert(Action):
    """ "leave out “words” and insert “insert”"; with ``block``, the quoted lines of new
    sub-provisions that follow ("leave out “x” and insert—" and the lines)."""

    TYPE: ClassVar[str] = "leave_out_and_insert"
    words: str
    insert: str
    block: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Insert(Action):
    """ "after “anchor” insert “words”", "before “anchor” insert …", "at end insert …"
    (at the end of the line, or of the sub-provision); with ``block``, the quoted lines
    of new sub-provisions that follow the words ("at end insert “, and”" and the lines,
    or "after “x” insert—" and the lines when ``words`` is empty)."""

    TYPE: ClassVar[str] = "insert"
    at: Where
    anchor: str | None
    words: str
    block: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class LeaveOutFrom(Action):
    """ "leave out from “start” to “end” in line N [and insert “insert”]": the words after
    ``start`` up to and including ``end`` (``start`` empty: "from beginning", the start
    of the line or sub-provision cited; ``end`` None: to the end of that line, or of that
    sub-provision); ``block`` as for :class:`Insert`."""

    TYPE: ClassVar[str] = "leave_out_from"
    start: str
    end: str | None
    end_place: Place
    insert: str | None = None
    block: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class LeaveOutProvisions(Action):
    """ "leave out subsection (3)", "leave out paragraphs (b) and (c) and insert—": whole
    sub-provisions (``paths`` in the unit), each with everything in it."""

    TYPE: ClassVar[str] = "leave_out_provisions"
    kind: str
    paths: tuple[str, ...]
    insert: tuple[str, ...] | None = None


@dataclass(frozen=True, slots=True)
class InsertProvisions(Action):
    """ "at end insert—" (a new subsection, paragraph… after the words on that line),
    "at beginning insert—"; without page and line, "after subsection (2) insert—"."""

    TYPE: ClassVar[str] = "insert_provisions"
    at: Where
    lines: tuple[str, ...]
    anchor: str | None = None
    kind: str = ""


@dataclass(frozen=True, slots=True)
class LeaveOutLines(Action):
    """ "leave out lines 20 to 23 [and insert—]": every word printed on the lines from the
    instruction's own line to ``last`` (a print with ``<?L?>`` markers only), and the
    quoted lines ``insert`` in their place."""

    TYPE: ClassVar[str] = "leave_out_lines"
    last: Place
    insert: tuple[str, ...] | None = None


@dataclass(frozen=True, slots=True)
class LeaveOutUnit(Action):
    """ "leave out Clause 9", "leave out paragraph 5"; with ``through``, that unit and the
    ones after it up to the one numbered ``through`` ("leave out Clauses 18 and 19")."""

    TYPE: ClassVar[str] = "leave_out_unit"
    through: str | None = None


@dataclass(frozen=True, slots=True)
class SubstituteUnit(Action):
    """ "leave out Clause 9 and insert the following new Clause—"."""

    TYPE: ClassVar[str] = "substitute_unit"
    heading: str | None
    lines: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class NewUnit(Action):
    """A new Clause ("To move the following Clause—"; "After Clause 5, insert the following
    new Clause—") or a new schedule paragraph. ``after`` is the old print's unit it is to
    stand after (None: at the start); ``number`` the number it is printed with."""

    TYPE: ClassVar[str] = "new_unit"
    kind: Kind
    heading: str | None
    lines: tuple[str, ...]
    after: Target | None = None
    schedule: str | None = None
    number: str | None = None
    crossheading: str | None = None


@dataclass(frozen=True, slots=True)
class Transpose(Action):
    """ "Transpose Clause 15 to after Clause 21" (``after`` None: to the start), or "to after
    new Clause NC2" (``after_new``: the number of the amendment inserting it)."""

    TYPE: ClassVar[str] = "transpose"
    after: Target | None
    after_new: str | None = None


@dataclass(frozen=True, slots=True)
class Heading(Action):
    """The unit's heading becomes ``heading`` (made on reprinting)."""

    TYPE: ClassVar[str] = "heading"
    heading: str


ACTIONS: dict[str, type[Action]] = {
    a.TYPE: a
    for a in (
        LeaveOut,
        LeaveOutAndInsert,
        Insert,
        LeaveOutFrom,
        LeaveOutProvisions,
        InsertProvisions,
        LeaveOutLines,
        LeaveOutUnit,
        SubstituteUnit,
        NewUnit,
        Transpose,
        Heading,
    )
}

#: ``printing`` reasons, in the order a reprint list shows them.
PRINTING_REASONS = ("cross-reference", "renumbering", "typographic", "heading")


@dataclass(frozen=True, slots=True)
class Instruction:
    """One amendment (or one change made on reprinting, when ``printing`` says why)."""

    action: Action
    target: Target | None = None
    place: Place | None = None
    number: str | None = None
    printing: str | None = None
    sponsors: tuple[str, ...] = ()
    statement: str | None = None
    #: For a real paper: its own words for the instruction, as printed.
    printed: str | None = None
    #: For a real paper: what the paper says of it (e.g. its ukl:type and target eId).
    notes: tuple[str, ...] = field(default=())

    @property
    def tabled(self) -> bool:
        """Whether this is an amendment to table (not a change made on reprinting)."""
        return self.printing is None


# -- JSON ------------------------------------------------------------------------------------


def _target_data(t: Target | None) -> dict[str, Any] | None:
    if t is None:
        return None
    return {
        "kind": t.kind.value,
        "number": t.number,
        "schedule": t.schedule,
        "guid": t.guid,
        "eid": t.eid,
        "label": t.full_name,
    }


def _place_data(p: Place | None) -> dict[str, Any] | None:
    return None if p is None else {"page": p.page, "line": p.line, "path": p.path}


#: Fields added to version 1 that are left out of the JSON while empty, so a draft that
#: does not use them reads exactly as before.
_OPTIONAL = {"block": (), "through": None}


def action_data(a: Action) -> dict[str, Any]:
    """An action as JSON-ready data, with its ``type``."""
    out: dict[str, Any] = {"type": a.TYPE}
    for f in fields(a):
        value = getattr(a, f.name)
        if f.name in _OPTIONAL and value == _OPTIONAL[f.name]:
            continue
        if isinstance(value, Target):
            out[f.name] = _target_data(value)
        elif isinstance(value, Place):
            out[f.name] = _place_data(value)
        elif isinstance(value, Kind):
            out[f.name] = value.value
        elif isinstance(value, tuple):
            out[f.name] = list(value)
        else:
            out[f.name] = value
    return out


def to_data(i: Instruction) -> dict[str, Any]:
    """An instruction as JSON-ready data (schema ``billdiff.amendments``)."""
    return {
        "number": i.number,
        "printing": i.printing,
        "target": _target_data(i.target),
        "place": _place_data(i.place),
        "action": action_data(i.action),
        "sponsors": list(i.sponsors),
        "statement": i.statement,
    }


#: The longest string a saved draft may quote (a line of inserted text, words left out):
#: the longest unit of any print in the corpus is 53,000 characters.
MAX_QUOTED = 200_000
#: The highest page or line number a saved draft may name.
MAX_PAGE_OR_LINE = 100_000
#: The most JSON objects and arrays a saved draft may hold (an amendment has about 5; the
#: same bound as a print's elements, so reading one costs what reading a print does).
MAX_CONTAINERS = 500_000


def read_draft(data: bytes) -> list[Instruction]:
    """The instructions of a saved draft's bytes (``amendments --format json``): strict JSON
    (:func:`billdiff.fileio.parse_json`), then :func:`draft_from_data`.

    Raises :class:`InputError` with a message to follow the file's name.
    """
    try:
        document = parse_json(data, "an amendments draft", MAX_CONTAINERS)
    except Unreadable as e:
        raise InputError(str(e)) from None
    return draft_from_data(document)


def draft_from_data(document: Any) -> list[Instruction]:
    """The instructions of a saved draft (schema ``billdiff.amendments``: its amendments,
    then its printing changes), every field checked against the records' own types.

    Raises :class:`InputError` naming the first field that is wrong
    ("amendments[3].action.kind: 'widget' is not a kind of unit (…)").
    """
    if not isinstance(document, dict) or document.get("schema") != "billdiff.amendments":
        raise InputError("not a billdiff.amendments JSON document")
    version = document.get("version")
    if type(version) is not int or version < 1:
        raise InputError(f"version: {_shown(version)} is not a schema version")
    if version > 1:
        raise InputError(f"billdiff.amendments version {version} is newer than this billdiff")
    out = []
    for key in ("amendments", "printing"):
        items = _checked(document.get(key, []), list, key)
        out += [from_data(item, f"{key}[{n}]") for n, item in enumerate(items)]
    return out


def from_data(data: Any, where: str = "amendment") -> Instruction:
    """The instruction ``data`` describes (see :func:`to_data`); ``where`` names it in errors."""
    d = _checked(data, dict, where)
    printing = _field(d, "printing", str | None, where)
    if printing is not None and printing not in PRINTING_REASONS:
        raise InputError(f"{where}.printing: {printing!r} is not one of {PRINTING_REASONS}")
    return Instruction(
        action=action_from_data(d.get("action"), f"{where}.action"),
        target=_field(d, "target", Target | None, where),
        place=_field(d, "place", Place | None, where),
        number=_field(d, "number", str | None, where),
        printing=printing,
        sponsors=_field(d, "sponsors", tuple[str, ...], where, ()),
        statement=_field(d, "statement", str | None, where),
    )


def action_from_data(data: Any, where: str = "action") -> Action:
    """The action ``data`` describes (see :func:`action_data`), each field checked."""
    d = _checked(data, dict, where)
    cls = ACTIONS.get(d["type"]) if isinstance(d.get("type"), str) else None
    if cls is None:
        raise InputError(f"{where}.type: {_shown(d.get('type'))} is not one of {tuple(ACTIONS)}")
    action: Action = _record(cls, d, where)
    return action


def _record(cls: type, d: dict[str, Any], where: str) -> Any:
    """The record ``cls`` (an action, a target, a place) from its JSON object, field by
    field: one without a default must be there, one with a default may be null or absent."""
    hints = get_type_hints(cls)
    return cls(
        **{
            f.name: _value(d.get(f.name), hints[f.name], f"{where}.{f.name}")
            if f.default is MISSING
            else _field(d, f.name, hints[f.name], where, f.default)
            for f in fields(cls)
        }
    )


def _field(d: dict[str, Any], name: str, hint: Any, where: str, default: Any = None) -> Any:
    return default if d.get(name) is None else _value(d[name], hint, f"{where}.{name}")


def _value(value: Any, hint: Any, where: str) -> Any:
    """``value`` as the record field typed ``hint`` holds it, or an InputError naming ``where``."""
    if get_origin(hint) in (Union, UnionType):
        options = [a for a in get_args(hint) if a is not type(None)]
        if value is None and len(options) < len(get_args(hint)):
            return None
        (hint,) = options
    if hint is str:
        text = _checked(value, str, where)
        if len(text) > MAX_QUOTED:
            raise InputError(
                f"{where}: {len(text):,} characters long; billdiff reads quoted text of up to "
                f"{MAX_QUOTED:,} (the longest unit of a real print is about 53,000)"
            )
        return text
    if hint is int:
        if type(value) is not int or not 1 <= value <= MAX_PAGE_OR_LINE:
            raise InputError(f"{where}: must be a whole number from 1 to {MAX_PAGE_OR_LINE:,}")
        return value
    if get_origin(hint) is tuple:
        items = _checked(value, list, where)
        return tuple(_value(v, str, f"{where}[{n}]") for n, v in enumerate(items))
    if get_origin(hint) is Literal:
        if value not in get_args(hint):
            raise InputError(f"{where}: {_shown(value)} is not one of {get_args(hint)}")
        return value
    if hint is Kind:
        if value not in _KINDS:
            kinds = ", ".join(_KINDS)
            raise InputError(f"{where}: {_shown(value)} is not a kind of unit ({kinds})")
        return Kind(value)
    return _record(hint, _checked(value, dict, where), where)


_KINDS = [k.value for k in Kind]


def _checked(value: Any, kind: type, where: str) -> Any:
    if not isinstance(value, kind):
        raise InputError(f"{where}: must be {_JSON_NAMES[kind]}, not {_json_type(value)}")
    return value


_JSON_NAMES: dict[type, str] = {dict: "an object", list: "an array", str: "a string"}


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    return _JSON_NAMES.get(type(value), "true or false" if isinstance(value, bool) else "a number")


def _shown(value: Any) -> str:
    """A value from the file, short enough for a one-line message."""
    text = repr(value)
    return text if len(text) <= 60 else f"{text[:57]}…"


def group_of(kind: Kind, number: str | None, schedule: str | None) -> tuple[str, str]:
    """The run a unit is numbered in: the clauses (sections…), one schedule's paragraphs,
    or a schedule that is a unit itself (alone in its run: schedules keep their numbers)."""
    if kind is Kind.SCHEDULE:
        return ("schedule", number or "")
    if kind is Kind.SCHEDULE_PARAGRAPH:
        return ("paragraph", schedule or "")
    return ("clause", "")
