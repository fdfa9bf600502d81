"""The 版记 of a Word file (§7.4): on the bottom edge of the text block of the last page, an even page.

When the text ends on an even page with room for it under the last lines (word_pages.py reckons this as the
print page's layout does), the 版记 follows in the body's flow, pushed to the foot of that page: Word, WPS and
LibreOffice's default PDF export then print the pages the PDF has. Otherwise it is the footer of a last
section that starts on an even page, with no page number (§7.5): Word and WPS insert the blank page before it
when the text ends on an even page, and a page of text on an odd page is followed by the 版记's page.
"""

from __future__ import annotations

from docx.document import Document
from docx.enum.section import WD_SECTION
from docx.shared import Mm
from docx.text.paragraph import Paragraph

from .geometry import LINE_TWIPS, NOTICE
from .parts import NoticeParts
from .word_base import border, exact, put
from .word_pages import text_end
from .word_table import (
    CC_LINE,
    CC_PAD,
    cc_paragraph,
    colophon_footer,
    colophon_lines,
    colophon_twips,
    printed_paragraph,
)

RULES = (8, 6, 8)  # the 版记's rules in eighths of a point: thick above, thin between, thick below


def _at_the_foot(document: Document, parts: NoticeParts, free: int) -> None:
    """The 版记 in the body's flow under the page's last text, pushed down to the text block's bottom edge by
    one paragraph of exact height (a clerk presses Enter so): Word, WPS and LibreOffice lay it out alike.
    (A frame anchored to the foot would say it better; LibreOffice 7.4 reads no frame there.)"""
    rules = 0 if parts.letter else sum(RULES) * 20 // 8  # a paragraph's border adds its width to its height
    spacer = free * LINE_TWIPS - colophon_twips(parts) - rules
    if spacer > 0:
        paragraph = document.add_paragraph()
        exact(paragraph._p.get_or_add_pPr(), spacer)
        put(paragraph._p.get_or_add_pPr(), "keepNext")
    rows: list[Paragraph] = []
    if parts.cc:
        rows.append(document.add_paragraph())
        cc_paragraph(rows[-1], parts.cc)
        if parts.letter:  # its padding all above: its last line stands on the block's bottom edge, as in print
            put(rows[-1]._p.get_or_add_pPr(), "spacing", before=2 * CC_PAD, after=0, line=CC_LINE, lineRule="exact")
    if parts.printer:
        rows.append(document.add_paragraph())
        printed_paragraph(rows[-1], parts.printer, parts.printed or "")
    for row in rows[:-1]:
        put(row._p.get_or_add_pPr(), "keepNext")
    if not parts.letter:  # §7.4: thick first and last rules, a thin one between
        thick, thin, _ = RULES
        for i, row in enumerate(rows):
            sides = {"top": (thick if i == 0 else thin, 0, "000000")}
            if i == len(rows) - 1:
                sides["bottom"] = (thick, 0, "000000")
            border(row._p.get_or_add_pPr(), **sides)


def _last_section(document: Document, parts: NoticeParts) -> None:
    """The 版记 as the footer of a last section starting on an even page; its footer reaches down to the text
    block's bottom edge (35 mm), so the last rule lies on it."""
    section = document.add_section(WD_SECTION.EVEN_PAGE)
    section.footer_distance = Mm(NOTICE.bottom)
    put(section._sectPr, "titlePg", val=0)
    for part in (section.header, section.even_page_header, section.footer, section.even_page_footer):
        part.is_linked_to_previous = False
    colophon_footer(section.even_page_footer, parts)


def colophon(document: Document, parts: NoticeParts) -> None:
    end = text_end(parts)
    if end is not None and end.page % 2 == 0 and end.free >= colophon_lines(parts):
        _at_the_foot(document, parts, end.free)
    else:
        _last_section(document, parts)
