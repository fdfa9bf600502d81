"""A notice (any 公文 kind) as a Word file in the GB/T 9704-2012 layout, from its parsed print page.

Heights are whole lines of the 22-line grid wherever the print page keeps to it, so the text of both lands
on the same lines. Rules that depend on where pages end are kept the way Word keeps them as the text is
edited: the body's last paragraph, the 附件说明 and the signature are kept with the date (§7.3.5); the 版记
(word_colophon.py) floats to the foot of the last page when the text ends on an even page with room for it,
else it is the footer of a last section that starts on an even page, with no page number (§7.4, §7.5).
"""

from __future__ import annotations

from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.text.paragraph import Paragraph
from lxml.etree import _Element

from .blocks import Block, Span
from .geometry import MARK_TOP_MM, NOTICE, TITLE_PT
from .parts import Annex, NoticeParts
from .word_base import (
    CHAR,
    HEI,
    KAI,
    LINE,
    RED,
    SONG,
    XIAOBIAOSONG,
    add_spans,
    border,
    exact,
    field,
    new_document,
    node,
    page,
    put,
    save,
    set_font,
    size,
    width,
)
from .word_colophon import colophon
from .word_table import body_table

MM = 1440 / 25.4  # twips per millimetre
FOOTER_MM = 19.5  # footers end 19.5 mm above the paper's edge: the letter's lower rule sits 20 mm up
HEADER_GAP = 215  # twips between a header taller than the top margin and the body (LibreOffice, Word alike)
HEADER_MM = 31.5  # a letter's mark: its characters' top edge 30 mm below the paper's (exact lines set them higher)
NUMBER_LINE, NUMBER_AFTER = 340, 142  # the page number's line (twips) and the space under it: its top 7 mm
# under the text block (297 − 19.5 − 2.5 − 6 = 269 mm)
STYLES = {  # id: (name, based on, font, first-line indent in cells, outline level)
    "GwBody": ("公文正文", "Normal", None, 2, None),
    "GwHeading1": ("一级标题", "GwBody", HEI, 2, 0),
    "GwHeading2": ("二级标题", "GwBody", KAI, 2, 1),
    "GwHeading3": ("三级标题", "GwBody", None, 2, 2),
    "GwTitle": ("公文标题", "Normal", XIAOBIAOSONG, 0, None),
}
_BLOCK_STYLE = {
    "p": "GwBody",
    "li": "GwBody",
    "pre": "GwBody",
    "h2": "GwHeading1",
    "h3": "GwHeading2",
    "h4": "GwHeading3",
}


def styles(document: Document) -> None:
    for style_id, (name, base, font, indent, outline) in STYLES.items():
        style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.style_id, style.base_style, style.quick_style = (
            style_id,
            document.styles.get_by_id(base, WD_STYLE_TYPE.PARAGRAPH),
            True,
        )
        ppr = style.element.get_or_add_pPr()
        if indent:
            put(ppr, "ind", firstLine=indent * CHAR)
        if outline is not None:
            put(ppr, "outlineLvl", val=outline)
        if font:
            set_font(style.element.get_or_add_rPr(), font)
    title = document.styles.get_by_id("GwTitle", WD_STYLE_TYPE.PARAGRAPH).element
    exact(title.get_or_add_pPr(), LINE)
    put(title.get_or_add_pPr(), "jc", val="center")
    size(title.get_or_add_rPr(), TITLE_PT)


def para(document: Document, text: str = "", style: str = "GwBody") -> Paragraph:
    paragraph = document.add_paragraph()
    paragraph._p.style = style  # by id: python-docx's style setter scans every style for the default each time
    if text:
        paragraph.add_run(text)
    return paragraph


def title_para(document: Document, lines: tuple[str, ...]) -> Paragraph:
    """A title on the lines the print page breaks it into (titles.py), a line break where it has <br>."""
    paragraph = para(document, style="GwTitle")
    add_spans(paragraph, (Span("\n".join(lines)),))
    return paragraph


def _ppr(paragraph: Paragraph) -> _Element:
    return paragraph._p.get_or_add_pPr()


def _red_head(document: Document, parts: NoticeParts) -> int:
    """紧急程度 on line 1, the red 发文机关标志 35 mm down (§7.2.4), the 发文字号 two lines under it with the
    red rule 4 mm below; returns the twips the rule adds to the grid (the title's space is that much less)."""
    urgency = para(document, parts.urgency or "", "GwBody")
    put(_ppr(urgency), "ind", firstLine=0)
    for run in urgency.runs:
        set_font(run._r.get_or_add_rPr(), HEI)
    mark_top, mark = round(MARK_TOP_MM * MM), round(parts.mark_mm * MM)
    head = para(document, parts.mark or "", "GwBody")
    put(_ppr(head), "ind", firstLine=0)
    exact(_ppr(head), mark, before=mark_top - LINE)
    head.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for run in head.runs:
        rpr = run._r.get_or_add_rPr()
        set_font(rpr, XIAOBIAOSONG)
        put(rpr, "color", val=RED)
        put(rpr, "spacing", val=round(parts.mark_mm * MM * 0.05))  # the print page's .05em
        size(rpr, parts.mark_mm * 72 / 25.4)
    number = para(document, parts.number or "", "GwBody")
    put(_ppr(number), "ind", firstLine=0)
    exact(_ppr(number), LINE, before=7 * LINE - mark_top - mark)
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    space, rule = 5, 12  # points from the line's foot to the rule (4 mm under the characters), eighths of a point
    border(_ppr(number), bottom=(rule, space, RED))
    return space * 20 + rule * 20 // 8


def _letterhead(document: Document, parts: NoticeParts) -> None:
    """§10.1 信函格式: in the first page's header, the mark 30 mm from the top, 4 mm under it a red double
    rule (thick over thin, 170 mm), urgency at the left and the number at the right 7/8 of a character under
    it; in the first page's footer the lower double rule (thin over thick) 20 mm above the edge. The first
    page has no page number."""
    section = document.sections[0]
    section.different_first_page_header_footer = True
    header = section.first_page_header
    mark = header.paragraphs[0]
    mark.text = parts.mark or ""
    mark.alignment = WD_ALIGN_PARAGRAPH.CENTER
    exact(_ppr(mark), round(parts.mark_mm * MM))
    for run in mark.runs:
        rpr = run._r.get_or_add_rPr()
        set_font(rpr, XIAOBIAOSONG)
        put(rpr, "color", val=RED)
        size(rpr, parts.mark_mm * 72 / 25.4)
    upper = header.add_paragraph()
    exact(_ppr(upper), 40, before=round(1.8 * MM))  # 4 mm under the characters, which sit 2.2 mm up the line
    put(_ppr(upper), "ind", left=round(-8 * MM), right=round(-6 * MM))
    border(_ppr(upper), top=(18, 0, RED), bottom=(6, 0, RED))
    row = header.add_paragraph()
    exact(_ppr(row), 340, before=280)
    put(_ppr(row), "tabs", (node("tab", val="right", pos=round(NOTICE.block_width * MM)),))
    row.add_run(parts.urgency or "")
    if parts.urgency:
        set_font(row.runs[0]._r.get_or_add_rPr(), HEI)
    if parts.number:
        row.add_run("\t" + parts.number)
    lower = section.first_page_footer.paragraphs[0]
    exact(_ppr(lower), 40)
    put(_ppr(lower), "ind", left=round(-8 * MM), right=round(-6 * MM))
    border(_ppr(lower), top=(6, 0, RED), bottom=(18, 0, RED))


def _page_numbers(document: Document) -> None:
    """§7.5: "— N —" in 4号 half-width 宋体, one character in from the outside edge."""
    section = document.sections[0]
    document.settings.odd_and_even_pages_header_footer = True
    for footer, side in ((section.footer, "right"), (section.even_page_footer, "left")):
        number = footer.paragraphs[0]
        exact(_ppr(number), NUMBER_LINE)
        put(_ppr(number), "spacing", before=0, after=NUMBER_AFTER, line=NUMBER_LINE, lineRule="exact")
        put(_ppr(number), "ind", (), **{side: 280})
        number.alignment = WD_ALIGN_PARAGRAPH.RIGHT if side == "right" else WD_ALIGN_PARAGRAPH.LEFT
        number.add_run("— ")
        field(number, "PAGE", "1")
        number.add_run(" —")
        for run in number.runs:
            rpr = run._r.get_or_add_rPr()
            set_font(rpr, SONG)
            size(rpr, 14)
            put(rpr, "spacing", val=0)


def body(document: Document, blocks: tuple[Block, ...]) -> list[Paragraph]:
    """The blocks of a body; returns its paragraphs (the last one is kept with the signature)."""
    written = []
    for block in blocks:
        if block.kind == "table":
            body_table(document, block)
            continue
        paragraph = para(document, style=_BLOCK_STYLE.get(block.kind, "GwBody"))
        if block.quote:
            put(_ppr(paragraph), "ind", left=2 * CHAR * block.quote, firstLine=2 * CHAR)
        add_spans(paragraph, block.spans)
        written.append(paragraph)
    return written


def _annex_note(document: Document, names: tuple[str, ...]) -> list[Paragraph]:
    """§7.3.4: one blank line under the body, 左空二字 "附件：", numbered names; a name that wraps goes on
    under its own first character."""
    numbered = len(names) > 1
    written = []
    for i, name in enumerate(names):
        paragraph = para(document, ("附件：" if i == 0 else "") + name)
        hang = (3 if i == 0 else 0) + (2 if numbered else 0)
        start = 2 + (3 if numbered or i == 0 else 0) + (2 if numbered else 0)
        put(_ppr(paragraph), "ind", left=start * CHAR, hanging=hang * CHAR)
        if i == 0:
            put(_ppr(paragraph), "spacing", before=LINE, after=0)
        written.append(paragraph)
    return written


def _signature(document: Document, signature: str | None, date: str | None) -> None:
    """§7.3.5.2: one blank line under the text, 右空二字; the date two characters right of the signature's
    first character, or right-aligned two characters in when it is the longer."""
    block = max(width(signature or ""), width(date or "") + 2)
    lines = [(signature, 2 + block - width(signature or "")), (date, block - width(date or ""))]
    first = True
    for text, right in lines:
        if text is None:
            continue
        paragraph = para(document, text)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        put(_ppr(paragraph), "ind", right=round(right * CHAR), firstLine=0)
        if first:
            put(_ppr(paragraph), "spacing", before=LINE, after=0)
            paragraph.paragraph_format.keep_with_next = bool(date and signature)
        first = False


def _annex(document: Document, annex: Annex) -> None:
    """§7.3.7: a new page; "附件N" in 3号黑体 at the top left, the title centred on the third line."""
    label = para(document, annex.label)
    put(_ppr(label), "ind", firstLine=0)
    label.paragraph_format.page_break_before = True
    set_font(label.runs[0]._r.get_or_add_rPr(), HEI)
    title = title_para(document, annex.title_lines)
    exact(_ppr(title), LINE, before=LINE)
    body(document, annex.body)


def notice_docx(parts: NoticeParts) -> bytes:
    document = new_document(parts.title, parts.signature or parts.mark or "")
    styles(document)
    page(document.sections[0], header=HEADER_MM, footer=FOOTER_MM)
    _page_numbers(document)
    compensation = 0
    if parts.letter:
        _letterhead(document, parts)
        compensation = HEADER_GAP
    elif parts.red_head:
        compensation = _red_head(document, parts)
    elif parts.number:  # no red head (方案): the number at the right above the title
        number = para(document, parts.number)
        number.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        put(_ppr(number), "ind", firstLine=0)
    title = title_para(document, parts.title_lines)
    if parts.red_head or parts.letter:
        exact(_ppr(title), LINE, before=2 * LINE - compensation)
    if parts.recipients:
        recipients = para(document, parts.recipients)
        put(_ppr(recipients), "ind", firstLine=0)
        put(_ppr(recipients), "spacing", before=LINE, after=0)
    kept = body(document, parts.body) + _annex_note(document, parts.annex_names)
    if parts.signature or parts.date:
        for paragraph in kept[-max(1, len(parts.annex_names)) :]:
            paragraph.paragraph_format.keep_with_next = True
        _signature(document, parts.signature, parts.date)
    for annex in parts.annexes:
        _annex(document, annex)
    if parts.cc or parts.printer:
        colophon(document, parts)
    return save(document)
