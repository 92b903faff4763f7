"""The HTML reports' building blocks: an element builder that makes every string safe, and
the report's own stylesheet, script and Content-Security-Policy.

Every string from a print or a note enters a page through :func:`h` (or :func:`safe`),
as a text node or an attribute value that the serialiser escapes; control, bidi and
non-XML characters are spelled out first (:func:`~billdiff.render.note_markdown.safe_text`).
"""

from __future__ import annotations

import base64
import hashlib
import sys
from collections.abc import Iterable
from functools import cache
from importlib import resources
from typing import TypeAlias

from lxml import etree

from billdiff.render.note_markdown import safe_text

__all__ = [
    "Child",
    "add",
    "content_security_policy",
    "css_string",
    "h",
    "safe",
    "script",
    "script_hash",
    "stylesheet",
    "version",
]

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
        safe_child = safe(child)
        if len(parent):
            last = parent[-1]
            last.tail = (last.tail or "") + safe_child
        else:
            parent.text = (parent.text or "") + safe_child
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


# -- the constants: stylesheet, script and policy --------------------------------------------


@cache
def _resource(name: str) -> str:
    text = resources.files("billdiff.render").joinpath(name).read_text(encoding="utf-8")
    # Raw text in <style>/<script>: it must never contain the end of its own element.
    assert "</" not in text, f"{name} must not contain '</'"
    return text


def stylesheet() -> str:
    """The report's stylesheet (``report.css``)."""
    return _resource("report.css")


def script() -> str:
    """The one inline script (``report.js``): expand/fold all, a filter, open before print."""
    return _resource("report.js")


def script_hash() -> str:
    """The CSP source allowing exactly :func:`script` to run."""
    digest = hashlib.sha256(script().encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def content_security_policy() -> str:
    """The Content-Security-Policy every report carries: inline styles, the one script."""
    return (
        "default-src 'none'; style-src 'unsafe-inline'; "
        f"script-src {script_hash()}; base-uri 'none'; form-action 'none'"
    )


def version() -> str:
    # The package is necessarily imported already; asking it keeps this module out of
    # an import of the top-level package (which sits above the renderers).
    return str(getattr(sys.modules.get("billdiff"), "__version__", "unknown"))
