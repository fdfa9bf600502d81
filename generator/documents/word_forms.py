"""The forms as Word files: the 承诺书 in the notices' GB/T 9704 layout on one page, the 统计表 as a ruled
table (A4 landscape when it is wide), each from its parsed print page; and the one entry point for every
print document's Word file."""

from __future__ import annotations

from math import ceil

from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm

from .geometry import CHARACTERS, LINES, NOTICE, TITLE_PT, WIDE_FORM
from .parts import FormParts, NoticeParts
from .word_base import HEI, LINE, exact, new_document, page, put, save, set_font, size, width
from .word_notice import notice_docx, para, styles, title_para
from .word_table import form_table

BLANK = "\u00a0" * 14  # the underlined space to fill in (40 mm; no-break spaces, which are underlined)
SIGNOFF_INDENT = round(70 * 1440 / 25.4)  # the print page's signature block starts 70 mm in


def _blank(document: Document, text: str, blank: bool, points: float | None = None) -> None:
    """A line of a form: its label, then an underlined space to write in."""
    line = para(document, text)
    put(line._p.get_or_add_pPr(), "ind", left=SIGNOFF_INDENT, firstLine=0)
    if blank:
        line.add_run(BLANK).underline = True
    if points:
        for run in line.runs:
            size(run._r.get_or_add_rPr(), points)


def _lines(parts: FormParts) -> int:
    """Lines the 承诺书 takes on the grid: the title (20 of its characters to a line), a blank line, the
    paragraphs (28 cells, two of them the indent), a blank line, the sign-off lines."""
    texts = [t for t in (parts.intro, *parts.items) if t]
    return len(parts.title_lines) + 1 + sum(ceil((width(t) + 2) / CHARACTERS) for t in texts) + 1 + len(parts.signoff)


def _commitment(parts: FormParts) -> bytes:
    """One page, as the print page: when the lines do not fit on 22, they are set closer (§7.3.5.5)."""
    document = new_document(parts.title, "")
    styles(document)
    page(document.sections[0])
    pitch = min(LINE, LINE * LINES // max(_lines(parts), 1))
    title = title_para(document, parts.title_lines)
    put(title._p.get_or_add_pPr(), "spacing", before=0, after=pitch, line=pitch, lineRule="exact")
    for text in (parts.intro, *parts.items):
        if text:
            para(document, text)
    for i, (text, blank) in enumerate(parts.signoff):
        _blank(document, text, blank)
        if i == 0:
            put(document.paragraphs[-1]._p.get_or_add_pPr(), "spacing", before=LINE, after=0)
    if pitch < LINE:
        for line in document.paragraphs[1:]:
            spaced = line._p.pPr is not None and line._p.pPr.find(qn("w:spacing")) is not None
            before = pitch if spaced else 0
            exact(line._p.get_or_add_pPr(), pitch, before=before)
    return save(document)


def _statistics(parts: FormParts) -> bytes:
    document = new_document(parts.title, "")
    styles(document)
    if parts.wide:
        page(document.sections[0], WIDE_FORM, grid=False)
    else:
        page(document.sections[0], grid=False)
    title = title_para(document, parts.title_lines)
    exact(title._p.get_or_add_pPr(), round(TITLE_PT * 1.6 * 20))
    put(
        title._p.get_or_add_pPr(),
        "spacing",
        before=0,
        after=round(6 * 1440 / 25.4),
        line=round(TITLE_PT * 1.6 * 20),
        lineRule="exact",
    )
    fields = para(document)
    put(fields._p.get_or_add_pPr(), "ind", firstLine=0)
    put(
        fields._p.get_or_add_pPr(),
        "spacing",
        before=0,
        after=round(5 * 1440 / 25.4),
        line=round(12 * 1.8 * 20),
        lineRule="exact",
    )
    for i, text in enumerate(parts.fields):
        fields.add_run(("\u3000\u3000" if i else "") + text)
        fields.add_run("\u3000" * 5).underline = True
    for run in fields.runs:
        size(run._r.get_or_add_rPr(), 12)
    width = Mm((WIDE_FORM if parts.wide else NOTICE).block_width)
    form_table(document, parts.columns, parts.printed_rows, width)
    for cell in document.tables[-1].rows[0].cells:
        for run in cell.paragraphs[0].runs:
            set_font(run._r.get_or_add_rPr(), HEI)
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    return save(document)


def word_file(parts: NoticeParts | FormParts) -> bytes:
    """The Word file of a document (notice, commitment or statistics), written from its parts."""
    if isinstance(parts, NoticeParts):
        return notice_docx(parts)
    return _commitment(parts) if parts.kind == "commitment" else _statistics(parts)
