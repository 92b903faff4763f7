"""The report's page as an lxml tree, built so that nothing from a print or a note can be
markup: every string goes in as a text node or an attribute value through :func:`safe`
(control, bidi and non-XML characters spelled out) and is escaped by the serialiser.
Deletions and insertions carry their "[deleted: …]"/"[inserted: …]" cue (see
:mod:`billdiff.render.html`)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeAlias

from lxml import etree

from billdiff.render.note_markdown import safe_text

#: Words shown for a deleted or inserted run, before it, in the DOM (see the module docstring).
DELETED_LABEL = "deleted: "


INSERTED_LABEL = "inserted: "


Child: TypeAlias = "str | etree._Element | Iterable[Child] | None"


def safe(value: object) -> str:
    """Any string headed for the page: control, bidi and non-XML characters spelled out."""
    return safe_text(str(value))


def add(parent: etree._Element, child: Child) -> None:
    """Append text (made safe) or elements to ``parent``, in order."""
    if child is None:
        return
    if isinstance(child, str):
        if not child:
            return
        text = safe(child)
        if len(parent):
            last = parent[-1]
            last.tail = (last.tail or "") + text
        else:
            parent.text = (parent.text or "") + text
    elif isinstance(child, etree._Element):
        parent.append(child)
    else:
        for c in child:
            add(parent, c)


def h(tag: str, attrs: dict[str, str | None] | None = None, *children: Child) -> etree._Element:
    """An element with ``attrs`` (None values left out; all made safe) and ``children``."""
    e = etree.Element(tag)
    if attrs:
        for name, value in attrs.items():
            if value is not None:
                e.set(name, safe(value))
    for c in children:
        add(e, c)
    return e


def css_string(text: str) -> str:
    """``text`` as a CSS string literal: every character but ASCII letters and digits is a
    six-digit escape, so nothing in it can end the string, the rule or the ``<style>``."""
    body = "".join(ch if ch.isascii() and ch.isalnum() else f"\\{ord(ch):06x}" for ch in text)
    return f'"{body}"'


def deleted(content: Child) -> etree._Element:
    """Deleted words, with their "[deleted: …]" cue (see the module docstring)."""
    return h("del", None, cue(f"[{DELETED_LABEL}"), content, cue("]"))


def inserted(content: Child) -> etree._Element:
    """Inserted words, with their "[inserted: …]" cue."""
    return h("ins", None, cue(f"[{INSERTED_LABEL}"), content, cue("]"))


def cue(text: str) -> etree._Element:
    """A run of text in the DOM but not seen (see the module docstring of ``html``)."""
    return h("span", {"class": "cue"}, text)
