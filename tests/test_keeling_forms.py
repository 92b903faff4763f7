"""Drafting forms read by the grammar, applied to a small hand-made Act: each does what the
drafter meant, and what cannot be done as written is not applied, with the reason.

The Act is billdiff's own model, written here by hand (one section under a cross-heading,
and a section with an italic heading inside it), so every expected text below can be
checked by reading it against the Act above it.
"""

from __future__ import annotations

from lxml import etree

from billdiff.keeling.apply import Applier, Outcome
from billdiff.keeling.instructions import Instruction
from billdiff.keeling.passages import Passage
from billdiff.keeling.reader import Reader
from billdiff.keeling.tree import Tree
from billdiff.model import Bill, Kind, Provision

AKN = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
IN_5 = "In section 5 of the Police Act 1996, "


def _act() -> Bill:
    def para(n: str, text: str) -> Provision:
        return Provision(Kind.PARAGRAPH, f"({n})", text=text, eid=f"sec_5__subsec_1__para_{n}")

    s5 = Provision(
        Kind.SECTION,
        "5",
        "Orders",
        eid="sec_5",
        children=(
            Provision(
                Kind.SUBSECTION,
                "(1)",
                text="The court may make an order where—",
                eid="sec_5__subsec_1",
                children=(
                    para("a", "the first condition is met, and"),
                    para("b", "the second condition is met, or"),
                    para("c", "the third condition is met."),
                ),
            ),
            Provision(
                Kind.SUBSECTION,
                "(2)",
                text="The court may act under paragraph 5(2), or paragraph 8(1) or 10(5) of"
                " Schedule 19A, as it thinks fit.",
                eid="sec_5__subsec_2",
            ),
        ),
    )
    s6 = Provision(
        Kind.SECTION,
        "6",
        "Requirements",
        eid="sec_6",
        children=(
            Provision(
                Kind.CROSSHEADING,
                heading="Curfew requirement",
                eid="sec_6__xhdg_1",
                children=(
                    Provision(
                        Kind.SUBSECTION,
                        "(1)",
                        text="A curfew may be imposed.",
                        eid="sec_6__subsec_1",
                    ),
                ),
            ),
        ),
    )
    s7 = Provision(
        Kind.SECTION,
        "7",
        "Interpretation",
        text="In this Act—",
        eid="sec_7",
        children=(
            Provision(
                Kind.DEFINITION, text="“court” means the Crown Court;", eid="sec_7__def_court"
            ),
            Provision(
                Kind.DEFINITION,
                text="“order” means an order under section 5.",
                eid="sec_7__def_order",
            ),
        ),
    )
    s8 = Provision(
        Kind.SECTION,
        "8",
        "Interpretation of section 5",
        text="In section 5 “court” means the Crown Court; “order” means an order under it.",
        eid="sec_8",
    )
    group = Provision(
        Kind.CROSSHEADING,
        heading="General orders",
        eid="xhdg_general",
        children=(s5, s6, s7, s8),
    )
    schedule = Provision(
        Kind.SCHEDULE,
        "1",
        "Orders",
        eid="sched_1",
        children=(
            Provision(Kind.SCHEDULE_PARAGRAPH, "1", text="An order.", eid="sched_1__para_1"),
        ),
    )
    return Bill(title="Police Act 1996", format="test", provisions=(group, schedule))


def _structure(number: str, text: str, heading: str = "") -> etree._Element:
    head = f"<heading>{heading}</heading>" if heading else ""
    kind = "subsection" if number[1:2].isupper() or number[1:2].isdigit() else "level"
    return etree.fromstring(
        f'<quotedStructure xmlns="{AKN}" startQuote="“" endQuote="”"><{kind}>{head}'
        f"<num>{number}</num><content><p>{text}</p></content></{kind}></quotedStructure>"
    )


def _apply(
    words: str, *structures: etree._Element, bill: tuple[Passage, ...] = ()
) -> tuple[dict[str, Provision], list[Outcome]]:
    """The Act with the provision ``words`` (and the rest of the ``bill``) applied: its
    provisions by eId, and outcomes."""
    passage = Passage("s1", "s. 1", "content", words, (), structures, ("s1",), "section")
    return _run((passage, *bill))


def _run(bill: tuple[Passage, ...]) -> tuple[dict[str, Provision], list[Outcome]]:
    """The Act with the amendments of ``bill`` applied: its provisions by eId, and outcomes."""
    records = list(Reader().read(bill))
    assert records and all(isinstance(r, Instruction) for r in records), records
    tree = Tree(_act())
    applier = Applier(tree)
    outcomes = [applier.apply(r) for r in records if isinstance(r, Instruction)]
    amended = Bill(title="Police Act 1996", format="test", provisions=tree.freeze())
    return {p.eid: p for p in amended.walk() if p.eid}, outcomes


def _applied(
    words: str, *structures: etree._Element, bill: tuple[Passage, ...] = ()
) -> dict[str, Provision]:
    found, outcomes = _apply(words, *structures, bill=bill)
    assert all(o.applied for o in outcomes), [o.reason for o in outcomes]
    return found


def _qs(n: int = 0) -> str:
    return f"“{chr(0xE000 + n)}”"


# -- connecting words ------------------------------------------------------------------------


def test_a_provision_omitted_with_the_and_at_its_end_leaves_its_neighbours_alone() -> None:
    found = _applied(
        IN_5 + "in subsection (1), omit paragraph (a) and the “and” at the end of that paragraph."
    )
    assert "sec_5__subsec_1__para_a" not in found
    assert found["sec_5__subsec_1__para_b"].text == "the second condition is met, or"


def test_a_provision_repealed_with_the_or_immediately_preceding_it() -> None:
    """The Scottish form: the "or" that ends paragraph (b) goes with paragraph (c)."""
    found = _applied(
        "In section 5 of the Police Act 1996, subsection (1)(c) and “or” immediately preceding"
        " it are repealed."
    )
    assert "sec_5__subsec_1__para_c" not in found
    assert found["sec_5__subsec_1__para_b"].text == "the second condition is met,"


def test_words_omitted_with_the_or_that_appears_before_them() -> None:
    found = _applied(
        IN_5 + "in subsection (2), omit “paragraph 8(1) or 10(5) of Schedule 19A,” (and the “or”"
        " that appears before those words)."
    )
    assert (
        found["sec_5__subsec_2"].text == "The court may act under paragraph 5(2), as it thinks fit."
    )


def test_words_whose_connecting_word_is_not_there_are_not_applied() -> None:
    found, outcomes = _apply(
        IN_5 + "in subsection (2), omit “as it thinks fit” (and the “or” before those words)."
    )
    assert not outcomes[0].applied
    assert (
        outcomes[0].reason == "words not found: no “or” before “as it thinks fit” in subsection (2)"
    )
    assert "as it thinks fit" in found["sec_5__subsec_2"].text


def test_a_word_omitted_at_the_very_end_of_a_provision_is_gone_from_the_act_as_amended() -> None:
    found = _applied(IN_5 + "in subsection (1), omit the “and” at the end of paragraph (a).")
    assert found["sec_5__subsec_1__para_a"].text == "the first condition is met,"


def test_omit_the_last_word_of_a_paragraph_and_insert_a_paragraph_after_it() -> None:
    found = _applied(
        IN_5 + "in subsection (1), omit the “and” at the end of paragraph (a) and insert— " + _qs(),
        _structure("(aa)", "the further condition is met, and"),
    )
    assert found["sec_5__subsec_1__para_a"].text == "the first condition is met,"
    s1 = found["sec_5__subsec_1"]
    assert [c.number for c in s1.children] == ["(a)", "(aa)", "(b)", "(c)"]


def test_omit_words_to_the_end_and_insert_is_a_substitution() -> None:
    found = _applied(IN_5 + "in subsection (2), omit from “as it” to the end and insert “freely”.")
    assert found["sec_5__subsec_2"].text == (
        "The court may act under paragraph 5(2), or paragraph 8(1) or 10(5) of Schedule 19A,"
        " freely."
    )


def test_omit_the_or_after_a_paragraph_and_add_words_after_the_next() -> None:
    found = _applied(
        IN_5 + "in subsection (1), omit the “or” after paragraph (b) and after paragraph (c)"
        " insert “, or (d) the fourth condition is met.”"
    )
    assert found["sec_5__subsec_1__para_b"].text == "the second condition is met,"
    assert found["sec_5__subsec_1__para_c"].text == (
        "the third condition is met, or (d) the fourth condition is met."
    )


def test_a_provision_inserted_before_the_or_that_ends_the_one_before_takes_the_or() -> None:
    quoted = _structure("(ba)", "the extra condition is met,")
    expected = ["the second condition is met,", "the extra condition is met, or"]
    for words in (
        "after paragraph (b), but before the “or” at the end of it, insert—",
        "before the “or” before paragraph (c) insert—",
    ):
        found = _applied(IN_5 + "in subsection (1), " + words + _qs(), quoted)
        paragraphs = found["sec_5__subsec_1"].children
        assert [c.number for c in paragraphs] == ["(a)", "(b)", "(ba)", "(c)"], words
        assert [c.text for c in paragraphs[1:3]] == expected, words


def test_a_provision_inserted_before_a_connecting_word_that_is_not_there_is_not_applied() -> None:
    found, outcomes = _apply(
        IN_5 + "in subsection (1), before the “and” before paragraph (c) insert—" + _qs(),
        _structure("(ba)", "the extra condition is met,"),
    )
    assert outcomes[0].reason == (
        "words not found: “and” does not end the provision before paragraph (c)"
    )
    assert [c.number for c in found["sec_5__subsec_1"].children] == ["(a)", "(b)", "(c)"]


# -- cross-headings ----------------------------------------------------------------------------


def test_the_heading_before_a_section_is_its_cross_heading() -> None:
    found = _applied(
        "In the Police Act 1996, in the heading before section 5, at the end insert “and notices”."
    )
    assert found["xhdg_general"].heading == "General orders and notices"
    assert found["sec_5"].heading == "Orders"


def test_the_heading_immediately_before_and_the_italic_cross_heading_before() -> None:
    found = _applied(
        "In the Police Act 1996, in the heading immediately before section 5, omit “General”."
    )
    assert found["xhdg_general"].heading == "orders"
    found = _applied(
        "In the Police Act 1996, in the italic cross heading before section 5, after “General”"
        " insert “and special”."
    )
    assert found["xhdg_general"].heading == "General and special orders"


def test_for_the_heading_before_a_section_substitutes_the_cross_heading_not_its_own() -> None:
    found = _applied(
        "In the Police Act 1996, for the heading before section 5 substitute “Orders of court”."
    )
    assert found["xhdg_general"].heading == "Orders of court"
    assert found["sec_5"].heading == "Orders"


def test_a_section_omitted_with_the_italic_heading_before_that_section() -> None:
    found = _applied(
        "In the Police Act 1996, omit section 5 and the italic heading before that section."
    )
    assert "sec_5" not in found and "xhdg_general" not in found
    assert found["sec_6"].heading == "Requirements"


def test_a_subsection_inserted_before_the_italic_heading_inside_a_section() -> None:
    found = _applied(
        "In section 6 of the Police Act 1996, before the italic heading before subsection (1)"
        " insert—" + _qs(),
        _structure("(A1)", "A driving prohibition may be imposed.", "Driving prohibition"),
    )
    s6 = found["sec_6"]
    assert [c.kind for c in s6.children] == [Kind.SUBSECTION, Kind.CROSSHEADING]
    assert s6.children[0].number == "(A1)"
    assert found["sec_6__xhdg_1"].children[0].text == "A curfew may be imposed."


# -- a Schedule set out in a Schedule of the Bill ---------------------------------------------


def test_the_schedule_set_out_in_a_schedule_of_the_bill_is_inserted() -> None:
    quoted = etree.fromstring(
        f'<quotedStructure xmlns="{AKN}" startQuote="“" endQuote="”"><hcontainer name="schedule">'
        "<num>Schedule 1A</num><heading>Further orders</heading><paragraph><num>1</num>"
        "<content><p>A further order.</p></content></paragraph></hcontainer></quotedStructure>"
    )
    schedule_4 = Passage(
        "sched_4",
        "Sch. 4",
        "content",
        "This is the Schedule to be inserted in the Police Act 1996 after Schedule 1—“\ue000”",
        (),
        (quoted,),
        ("sched_4",),
        "schedule",
        ("schedule",),
    )
    found = _applied(
        "In the Police Act 1996, after Schedule 1 insert the Schedule set out in Schedule 4 to"
        " this Act (further orders).",
        bill=(schedule_4,),
    )
    schedules = [p for p in found.values() if p.kind is Kind.SCHEDULE]
    assert [(p.eid, p.heading) for p in schedules] == [
        ("sched_1", "Orders"),
        ("sched_1A", "Further orders"),
    ]
    assert schedules[1].full_text() == "1 A further order."


# -- definitions inserted at the appropriate place ---------------------------------------------


def test_a_definition_in_quoted_words_goes_among_the_definitions_in_order() -> None:
    found = _applied(
        "In section 7 of the Police Act 1996, at the appropriate place insert “ “notice” means a"
        " notice in writing;”."
    )
    assert [c.text for c in found["sec_7"].children] == [
        "“court” means the Crown Court;",
        "“notice” means a notice in writing;",
        "“order” means an order under section 5.",
    ]


def test_a_definition_in_quoted_words_goes_among_definitions_printed_as_words() -> None:
    found = _applied(
        "In section 8 of the Police Act 1996, at the appropriate place insert “ “notice” means a"
        " notice in writing;”."
    )
    assert found["sec_8"].text == (
        "In section 5 “court” means the Crown Court; “notice” means a notice in writing;"
        " “order” means an order under it."
    )


def test_words_that_are_no_definition_at_the_appropriate_place_are_not_applied() -> None:
    """Where words that are not a definition go is not said: reported, never guessed (this
    stopped the applier with an internal error before)."""
    _, outcomes = _apply(IN_5 + "at the appropriate place insert “notice section 9”.")
    assert [o.applied for o in outcomes] == [False]
    assert outcomes[0].reason == (
        "not applied: “notice section 9” is not a definition, and the amendment does not say"
        " where in section 5 it goes"
    )


def test_an_introduction_then_the_definitions_it_inserts() -> None:
    intro = "In section 7 of the Police Act 1996, at the appropriate place, insert—"
    found, outcomes = _run(
        (
            Passage("s2", "s. 2", "intro", intro, (), (), ("s2",), "section", ("section",)),
            Passage(
                None,
                "s. 2",
                "content",
                "““notice” means a notice in writing;”.",
                (),
                (),
                ("s2", "def"),
                "definition",
                ("section", "definition"),
            ),
        )
    )
    assert [o.applied for o in outcomes] == [True]
    assert [c.text for c in found["sec_7"].children][1] == "“notice” means a notice in writing;"
