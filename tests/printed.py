"""A print page read back as the parts of its document: what the page itself shows, found by the class names
of the print templates (documents/templates). The build writes the page and the Word file from the parts
(documents/parts.py); the tests read the page back and find the same parts, so the page says what the Word
file says, and the templates' class names are a contract the tests hold.
"""

from __future__ import annotations

import re

from lxml import html as lxml_html
from lxml.etree import _Element

from generator.documents.blocks import body_blocks, text_of
from generator.documents.parts import Annex, FormParts, NoticeParts


def classes_of(element: _Element) -> set[str]:
    return set((element.get("class") or "").split())


def find(root: _Element, tag: str, cls: str) -> _Element | None:
    found = root.xpath(f".//{tag}[contains(concat(' ', normalize-space(@class), ' '), ' {cls} ')]")
    return found[0] if found else None


def sheet_of(page: bytes) -> _Element:
    root = lxml_html.document_fromstring(page.decode("utf-8"))
    sheet = find(root, "main", "sheet")
    if sheet is None:
        raise ValueError('a print page without <main class="sheet">')
    return sheet


def at(sheet: _Element, path: str) -> _Element | None:
    """The one element at `path` below the sheet (template structure; a body never has classes)."""
    found = sheet.xpath(re.sub(r"\.([a-z-]+)", r"[contains(concat(' ', @class, ' '), ' \1 ')]", path))
    return found[0] if found else None


def notice_parts(page: bytes) -> NoticeParts:
    sheet = sheet_of(page)
    mark = at(sheet, "./div.head/p.mark | ./div.letterhead/p.mark")
    colophon = at(sheet, "./div.colophon-page/div.colophon")
    signature = at(sheet, "./div.signature/div")
    annexes = tuple(
        Annex(
            text_of(at(s, "./p.attachment-label")) or "附件",
            text_of(at(s, "./h2")) or "",
            tuple(body_blocks(at(s, "./div.body"))),
        )
        for s in sheet.xpath("./section[contains(concat(' ', @class, ' '), ' attachment ')]")
    )
    note = sheet.xpath("./div[@class='attachments']/ol/li")

    def part(path: str, under: _Element | None = sheet) -> str | None:
        return text_of(at(under, path)) if under is not None else None

    return NoticeParts(
        kind=sheet.get("data-kind") or "通知",
        letter="letter" in classes_of(sheet),
        red_head=mark is not None,
        urgency=part("./div.head/p.urgency | ./div.letterhead/div.head-row/p.urgency"),
        mark=text_of(mark),
        mark_mm=float(mark.get("data-size-mm") or 15) if mark is not None else 0.0,
        number=part("./p.docno | ./div.letterhead/div.head-row/p.docno"),
        title=part("./h1") or "",
        recipients=part("./p.recipients"),
        body=tuple(body_blocks(at(sheet, "./div.body"))),
        annex_names=tuple(t for li in note if (t := text_of(li))),
        signature=part("./p.issuer", signature),
        date=part("./p.date", signature),
        annexes=annexes,
        cc=part("./p.cc/span.names", colophon),
        printer=part("./p.printed/span.printer", colophon),
        printed=part("./p.printed/span.printed-date", colophon),
    )


def form_parts(page: bytes) -> FormParts:
    sheet = sheet_of(page)
    title = text_of(sheet.xpath("./h1")[0]) or ""
    if find(sheet, "ol", "items") is not None or find(sheet, "p", "intro") is not None:
        items = find(sheet, "ol", "items")
        signoff = find(sheet, "div", "signoff")
        return FormParts(
            "commitment",
            title,
            intro=text_of(find(sheet, "p", "intro")),
            items=tuple(t for li in (items.iter("li") if items is not None else ()) if (t := text_of(li))),
            signoff=tuple(
                (text_of(p) or "", find(p, "span", "blank") is not None)
                for p in (signoff.iter("p") if signoff is not None else ())
            ),
        )
    fields = find(sheet, "div", "fields")
    table = sheet.xpath(".//table")[0]
    return FormParts(
        "statistics",
        title,
        fields=tuple(t for p in (fields.iter("p") if fields is not None else ()) if (t := text_of(p))),
        columns=tuple(text_of(th) or "" for th in table.xpath(".//thead//th")),
        rows=len(table.xpath(".//tbody/tr")),
        wide="wide" in classes_of(sheet),
    )


def as_printed(parts):  # type: ignore[no-untyped-def]
    """The parts as paper shows them: a 统计表 with the blank rows that fill its page (the CSV keeps `rows`)."""
    from dataclasses import replace

    from generator.documents import FormParts

    printed = isinstance(parts, FormParts) and parts.kind == "statistics"
    return replace(parts, rows=parts.printed_rows) if printed else parts
