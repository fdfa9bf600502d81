"""A document's body as blocks: the safe HTML of a notice body (or an attachment's) read as paragraphs,
headings, list items, code and tables of text runs with their emphasis, as a browser lays them out (runs of
white space are one space, blocks trimmed). The print page shows the HTML; the Word writer writes the blocks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from lxml import html as lxml_html
from lxml.etree import _Element

_SPACE = re.compile(r"[ \t\n\r\f]+")  # HTML white space; a no-break space is text
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # no page shows them; Word cannot hold them
_BLOCKS = frozenset("p h1 h2 h3 h4 h5 h6 li pre table ul ol blockquote div section hr dl dt dd caption".split())
_EMPHASIS = dict(  # element -> the mark of its text
    pair.split(":")
    for pair in "strong:bold b:bold em:italic i:italic u:underline ins:underline s:strike del:strike "
    "sup:superscript sub:subscript mark:highlight small:small code:code".split()
)


@dataclass(frozen=True)
class Span:
    """Text with the emphasis it is printed with; "\\n" is a line break (<br>)."""

    text: str
    marks: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Block:
    """A paragraph-like block of a body: p, h2 (一、 黑体), h3 (（一） 楷体), h4, li, pre, or a table."""

    kind: str
    spans: tuple[Span, ...] = ()
    rows: tuple[tuple[Cell, ...], ...] = ()
    quote: int = 0  # nesting depth inside <blockquote>

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.spans)


@dataclass(frozen=True)
class Cell:
    spans: tuple[Span, ...]
    header: bool = False
    colspan: int = 1
    rowspan: int = 1


def text_of(element: _Element | None) -> str | None:
    """An element's text as shown: white space collapsed, trimmed; None when absent or empty."""
    if element is None:
        return None
    shown = _SPACE.sub(" ", _NOT_XML.sub("", "".join(str(t) for t in element.itertext()))).strip(" ")
    return shown if shown.strip("\xa0") else None  # &nbsp; alone holds a line, it says nothing


def _shown(text: str, raw: bool) -> str:
    text = _NOT_XML.sub("", text)
    return text if raw else _SPACE.sub(" ", text)


def _spans(element: _Element, marks: frozenset[str] = frozenset(), raw: bool = False) -> list[Span]:
    """The inline content of `element` as spans (nested blocks are the caller's business); white space is
    collapsed unless `raw` (<pre>), so "\n" is only ever a <br>."""
    found: list[Span] = []
    if element.text:
        found.append(Span(_shown(element.text, raw), marks))
    for child in element:
        if isinstance(child.tag, str) and child.tag == "br":
            found.append(Span("\n", marks))
        elif isinstance(child.tag, str) and child.tag not in _BLOCKS:
            found += _spans(child, marks | ({_EMPHASIS[child.tag]} if child.tag in _EMPHASIS else set()), raw)
        if child.tail:
            found.append(Span(_shown(child.tail, raw), marks))
    return found


def _collapse(spans: list[Span]) -> tuple[Span, ...]:
    """White space as a browser lays out a block: runs are one space, none at the ends or around breaks."""
    out: list[Span] = []
    for span in spans:
        text = span.text
        previous = out[-1].text if out else "\n"
        if previous.endswith((" ", "\n")) and text.startswith(" "):
            text = text[1:]
        if text == "\n" and out and previous.endswith(" "):
            out[-1] = replace(out[-1], text=previous[:-1])
        if text:
            out.append(replace(span, text=text))
    while out and out[-1].text.endswith(" "):
        out[-1] = replace(out[-1], text=out[-1].text[:-1])
        if not out[-1].text:
            out.pop()
    return tuple(s for s in out if s.text)


def _cells(row: _Element) -> tuple[Cell, ...]:
    return tuple(
        Cell(_collapse(_spans(c)), c.tag == "th", int(c.get("colspan") or 1), int(c.get("rowspan") or 1))
        for c in row
        if isinstance(c.tag, str) and c.tag in ("td", "th")
    )


def body_blocks(element: _Element, quote: int = 0) -> list[Block]:
    """The blocks of a body (<div class="body">) in order; loose inline text becomes a paragraph."""
    blocks: list[Block] = []
    loose: list[Span] = [Span(_shown(element.text, False))] if element.text else []

    def flush() -> None:
        spans = _collapse(loose)
        if spans:
            blocks.append(Block("p", spans, quote=quote))
        loose.clear()

    for child in element:
        tag = child.tag if isinstance(child.tag, str) else None  # None: a comment
        if tag in ("ul", "ol", "div", "section", "dl"):
            flush()
            blocks += body_blocks(child, quote)
        elif tag == "blockquote":
            flush()
            blocks += body_blocks(child, quote + 1)
        elif tag == "table":
            flush()
            blocks += [Block("p", _collapse(_spans(c)), quote=quote) for c in child.iter("caption")]
            blocks.append(Block("table", rows=tuple(_cells(r) for r in child.iter("tr")), quote=quote))
        elif tag in ("li", "dd", "dt") and any(isinstance(c.tag, str) and c.tag in _BLOCKS for c in child):
            flush()
            blocks += body_blocks(child, quote)  # a list item holding a nested list
        elif tag == "hr":
            flush()
        elif tag in _BLOCKS:
            flush()
            kind = {"h1": "p", "h5": "h4", "h6": "h4", "dt": "p", "dd": "li", "caption": "p"}.get(tag, tag)
            spans = tuple(_spans(child, raw=True)) if tag == "pre" else _collapse(_spans(child))
            if spans:
                blocks.append(Block(kind, spans, quote=quote))
        elif tag is not None:
            loose += _spans(child, frozenset({_EMPHASIS[tag]}) if tag in _EMPHASIS else frozenset())
        if child.tail:
            loose.append(Span(_shown(child.tail, False)))
    flush()
    return blocks


def shown(text: str | None) -> str | None:
    """A text as a page shows it (as `text_of` reads it back): white space collapsed, trimmed; None when empty."""
    if text is None:
        return None
    collapsed = _SPACE.sub(" ", _NOT_XML.sub("", text)).strip(" ")
    return collapsed if collapsed.strip("\xa0") else None


def blocks_of(html: str) -> tuple[Block, ...]:
    """The blocks of a body's safe HTML, read as the print page holds it (`<div class="body">`)."""
    page = lxml_html.document_fromstring(f'<html><body><div class="body">\n{html}\n</div></body></html>')
    body = page.find(".//div")
    assert body is not None  # the div written just above
    return tuple(body_blocks(body))
