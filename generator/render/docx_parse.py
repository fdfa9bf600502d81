"""A print page read back as the parts of a document: the one source the Word file is written from.

The print HTML says what a document says; the DOCX writer never sees the YAML, so the Word file can say
nothing else. Text is taken as a browser shows it: runs of white space are one space, blocks are trimmed.
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


@dataclass(frozen=True)
class Annex:
    """An attachment printed with its own body (§7.3.7)."""

    label: str  # 附件 / 附件2
    title: str
    body: tuple[Block, ...]


@dataclass(frozen=True)
class NoticeParts:
    """A 公文 as its print page shows it (GB/T 9704 names in comments)."""

    letter: bool  # 信函格式
    red_head: bool
    urgency: str | None  # 紧急程度
    mark: str | None  # 发文机关标志
    mark_mm: float
    number: str | None  # 发文字号
    title: str
    recipients: str | None  # 主送机关, with its colon
    body: tuple[Block, ...]
    annex_names: tuple[str, ...]  # 附件说明, each as printed ("1．名称")
    signature: str | None  # 发文机关署名
    date: str | None  # 成文日期
    annexes: tuple[Annex, ...]
    cc: str | None  # 抄送 names, with the closing 。
    printer: str | None  # 印发机关
    printed: str | None  # 印发日期 with 印发


@dataclass(frozen=True)
class FormParts:
    """承诺书 or 统计表 as its print page shows it."""

    kind: str  # commitment, statistics
    title: str
    intro: str | None = None
    items: tuple[str, ...] = ()
    signoff: tuple[tuple[str, bool], ...] = ()  # (text, followed by a blank to fill in)
    fields: tuple[str, ...] = ()
    columns: tuple[str, ...] = ()
    rows: int = 0
    wide: bool = False


def _classes(element: _Element) -> set[str]:
    return set((element.get("class") or "").split())


def _find(root: _Element, tag: str, cls: str) -> _Element | None:
    found = root.xpath(f".//{tag}[contains(concat(' ', normalize-space(@class), ' '), ' {cls} ')]")
    return found[0] if found else None


def text_of(element: _Element | None) -> str | None:
    """An element's text as shown: white space collapsed, trimmed; None when absent or empty."""
    if element is None:
        return None
    shown = _SPACE.sub(" ", _NOT_XML.sub("", "".join(element.itertext()))).strip(" ")
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


def _sheet(page: bytes) -> _Element:
    root = lxml_html.document_fromstring(page.decode("utf-8"))
    sheet = _find(root, "main", "sheet")
    if sheet is None:
        raise ValueError('a print page without <main class="sheet">')
    return sheet


def _at(sheet: _Element, path: str) -> _Element | None:
    """The one element at `path` below the sheet (template structure; a body never has classes)."""
    found = sheet.xpath(re.sub(r"\.([a-z-]+)", r"[contains(concat(' ', @class, ' '), ' \1 ')]", path))
    return found[0] if found else None


def notice_parts(page: bytes) -> NoticeParts:
    sheet = _sheet(page)
    mark = _at(sheet, "./div.head/p.mark | ./div.letterhead/p.mark")
    colophon = _at(sheet, "./div.colophon-page/div.colophon")
    signature = _at(sheet, "./div.signature/div")
    annexes = tuple(
        Annex(
            text_of(_at(s, "./p.attachment-label")) or "附件",
            text_of(_at(s, "./h2")) or "",
            tuple(body_blocks(_at(s, "./div.body"))),
        )
        for s in sheet.xpath("./section[contains(concat(' ', @class, ' '), ' attachment ')]")
    )
    note = sheet.xpath("./div[@class='attachments']/ol/li")

    def part(path: str, under: _Element | None = sheet) -> str | None:
        return text_of(_at(under, path)) if under is not None else None

    return NoticeParts(
        letter="letter" in _classes(sheet),
        red_head=mark is not None,
        urgency=part("./div.head/p.urgency | ./div.letterhead/div.head-row/p.urgency"),
        mark=text_of(mark),
        mark_mm=float(mark.get("data-size-mm") or 15) if mark is not None else 0.0,
        number=part("./p.docno | ./div.letterhead/div.head-row/p.docno"),
        title=part("./h1") or "",
        recipients=part("./p.recipients"),
        body=tuple(body_blocks(_at(sheet, "./div.body"))),
        annex_names=tuple(t for li in note if (t := text_of(li))),
        signature=part("./p.issuer", signature),
        date=part("./p.date", signature),
        annexes=annexes,
        cc=part("./p.cc/span.names", colophon),
        printer=part("./p.printed/span.printer", colophon),
        printed=part("./p.printed/span.printed-date", colophon),
    )


def form_parts(page: bytes) -> FormParts:
    sheet = _sheet(page)
    title = text_of(sheet.xpath("./h1")[0]) or ""
    if _find(sheet, "ol", "items") is not None or _find(sheet, "p", "intro") is not None:
        items = _find(sheet, "ol", "items")
        signoff = _find(sheet, "div", "signoff")
        return FormParts(
            "commitment",
            title,
            intro=text_of(_find(sheet, "p", "intro")),
            items=tuple(t for li in (items.iter("li") if items is not None else ()) if (t := text_of(li))),
            signoff=tuple(
                (text_of(p) or "", _find(p, "span", "blank") is not None)
                for p in (signoff.iter("p") if signoff is not None else ())
            ),
        )
    fields = _find(sheet, "div", "fields")
    table = sheet.xpath(".//table")[0]
    return FormParts(
        "statistics",
        title,
        fields=tuple(t for p in (fields.iter("p") if fields is not None else ()) if (t := text_of(p))),
        columns=tuple(text_of(th) or "" for th in table.xpath(".//thead//th")),
        rows=len(table.xpath(".//tbody/tr")),
        wide="wide" in _classes(sheet),
    )
