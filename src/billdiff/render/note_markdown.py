"""A note's Markdown as HTML elements that can only be text, emphasis, lists, code and links.

Notes are written by people and may be pasted from anywhere, so their
Markdown is rendered with raw HTML off (``<script>`` comes out as the text
"<script>"), no images (an image would be a request to another site), no
linkify, and links only to ``http:``, ``https:``, ``mailto:`` and ``#`` in the
same page: a ``javascript:`` or ``data:`` link is left as the text it was
written as. The HTML markdown-it-py makes is parsed back into lxml elements,
never pasted into the report as a string, and checked against an allow-list
of elements and attributes on the way (anything else is unwrapped to its
text), so even a bug in the Markdown library cannot put markup in the page.
Headings inside a note become bold paragraphs: a note must not add to the
report's outline.

>>> [e.tag for e in markdown_elements("**Retail worker** now covers [guards](https://x.test).")]
['p']
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

from lxml import etree, html

from billdiff.sanitise import visible, visible_lines

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

#: Link schemes a note may use; everything else is shown as the text it was written as.
SAFE_SCHEMES = ("http://", "https://", "mailto:")

#: Elements a note's HTML may contain, and the attributes each may keep.
ALLOWED: dict[str, frozenset[str]] = {
    tag: frozenset()
    for tag in (
        "p br em strong s code pre blockquote ul ol li hr table thead tbody tr th td"
    ).split()
}
ALLOWED["a"] = frozenset({"href"})
ALLOWED["ol"] = frozenset({"start"})
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


# Characters an XML tree cannot hold, besides those visible() spells out.
_NOT_XML = re.compile("[\ufffe\uffff]")


def _spell(m: re.Match[str]) -> str:
    return f"⟨U+{ord(m.group()):04X}⟩"


def safe_text(text: str) -> str:
    """One line of text for the page: control, bidi and non-XML characters spelled out."""
    return _NOT_XML.sub(_spell, visible(text))


def safe_link(url: str) -> bool:
    """Whether a (normalised) link target may be a link: http(s), mailto, or ``#`` in-page."""
    target = url.strip().lower()
    return target.startswith("#") or target.startswith(SAFE_SCHEMES)


@cache
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable(["strikethrough", "table"])
    md.disable("image")
    md.validateLink = safe_link  # type: ignore[method-assign]
    return md


def markdown_elements(text: str) -> list[etree._Element]:
    """The elements of a note's Markdown ``text`` (control and bidi characters spelled out)."""
    source = "\n".join(_NOT_XML.sub(_spell, line) for line in visible_lines(text))
    rendered = _parser().render(source)
    if not rendered.strip():
        return []
    wrapper = html.fragment_fromstring(rendered, create_parent="div")
    _clean(wrapper)
    out: list[etree._Element] = []
    if wrapper.text and wrapper.text.strip():
        p = etree.Element("p")
        p.text = wrapper.text
        out.append(p)
    for child in wrapper:
        child.tail = None
        out.append(child)
    return out


def _clean(root: etree._Element) -> None:
    """Keep only allowed elements and attributes below ``root`` (others unwrapped to text)."""
    for node in list(root.iterdescendants()):
        if not isinstance(node.tag, str):  # a comment or processing instruction
            _drop_keep_tail(node)
            continue
        tag = node.tag.lower()
        if tag in _HEADINGS:
            node.tag = "p"
            strong = etree.Element("strong")
            strong.text, node.text = node.text, None
            for child in list(node):
                strong.append(child)
            node.insert(0, strong)
            tag = "p"
        if tag not in ALLOWED:
            node.drop_tag()  # type: ignore[attr-defined]
            continue
        keep = ALLOWED[tag]
        for name in list(node.attrib):
            if name not in keep:
                del node.attrib[name]
        if tag == "a":
            href = node.get("href")
            if href is None or not safe_link(href):
                node.drop_tag()  # type: ignore[attr-defined]
            else:
                node.set("rel", "noopener noreferrer nofollow")


def _drop_keep_tail(node: etree._Element) -> None:
    parent = node.getparent()
    if parent is None:
        return
    tail = node.tail or ""
    previous = node.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + tail
    else:
        parent.text = (parent.text or "") + tail
    parent.remove(node)
