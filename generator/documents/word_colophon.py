"""The 版记 of a Word file (§7.4): on the bottom edge of the text block of the last page, an even page.

When the text ends on an even page with room for it under the last lines (word_pages.py reckons this as the
print page's layout does), the 版记 is a table in the body's flow, floated to the foot of that page: Word, WPS
and LibreOffice's default PDF export then print the pages the PDF has. Otherwise it is the footer of a last
section that starts on an even page, with no page number (§7.5): Word and WPS insert the blank page before it
when the text ends on an even page, and a page of text on an odd page is followed by the 版记's page.
"""

from __future__ import annotations

from docx.document import Document
from docx.enum.section import WD_SECTION
from docx.shared import Mm
from docx.text.paragraph import Paragraph

from .geometry import NOTICE
from .parts import NoticeParts
from .word_base import border, put
from .word_pages import text_end
from .word_table import MM, cc_paragraph, colophon_footer, colophon_lines, printed_paragraph


def _floating(document: Document, parts: NoticeParts) -> None:
    """The 版记 as paragraphs in one frame at the foot of the text block of the page the text ends on
    (LibreOffice keeps a floating table as wide as the block in the text's flow; a frame it floats)."""
    frame: dict[str, str | int] = {"w": round(NOTICE.block_width * MM), "hAnchor": "margin", "vAnchor": "margin"}
    frame |= {"xAlign": "center", "yAlign": "bottom", "wrap": "notBeside", "hSpace": 0, "vSpace": 0}
    rows: list[Paragraph] = []
    if parts.cc:
        rows.append(document.add_paragraph())
        cc_paragraph(rows[-1], parts.cc)
    if parts.printer:
        rows.append(document.add_paragraph())
        printed_paragraph(rows[-1], parts.printer, parts.printed or "")
    for row in rows:
        put(row._p.get_or_add_pPr(), "framePr", (), **frame)
    if not parts.letter:  # §7.4: thick first and last rules, a thin one between
        for i, row in enumerate(rows):
            sides = {"top": (8 if i == 0 else 6, 0, "000000")}
            if i == len(rows) - 1:
                sides["bottom"] = (8, 0, "000000")
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
        _floating(document, parts)
    else:
        _last_section(document, parts)
