"""Tables of the Word files: a body's tables, the 版记 (§7.4) and the forms' grids."""

from __future__ import annotations

from typing import Any

from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Length, Mm
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from .blocks import Block, Cell, Span
from .geometry import FORM_ROW_MM, LINE_TWIPS, NOTICE
from .parts import NoticeParts
from .word_base import add_spans, exact, node, put, size

MM = 1440 / 25.4
BLOCK_MM = NOTICE.block_width
CELL_14 = 280  # twips: one 4号 (14 pt) character
CC_LINE, CC_PAD = 420, 79  # 抄送 lines 21 pt apart, 1.4 mm above and below: one line of it fills a grid line


def _borders(table: Table, **sides: int) -> None:
    """Table borders (width in eighths of a point per side; the sides not named have none)."""
    edges = ("top", "left", "bottom", "right", "insideH", "insideV")
    put(
        table._tbl.tblPr,
        "tblBorders",
        tuple(
            node(edge, val="single", sz=sides[edge], space=0, color="000000")
            if edge in sides
            else node(edge, val="nil")
            for edge in edges
        ),
    )


def _frame(table: Table, widths: list[int]) -> None:
    """A table exactly as wide as the text block (`widths` in twips), its edges on the block's edges."""
    tblpr = table._tbl.tblPr
    put(tblpr, "tblW", w=sum(widths), type="dxa")
    put(tblpr, "tblInd", w=0, type="dxa")
    put(tblpr, "tblLayout", type="fixed")
    put(
        tblpr,
        "tblCellMar",
        (
            node("top", w=0, type="dxa"),
            node("left", w=0, type="dxa"),
            node("bottom", w=0, type="dxa"),
            node("right", w=0, type="dxa"),
        ),
    )
    for column, twips in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths, strict=True):
        column.set(qn("w:w"), str(twips))
    for row in table.rows:
        for cell, twips in zip(row.cells, widths, strict=False):
            put(cell._tc.get_or_add_tcPr(), "tcW", w=twips, type="dxa")


def _middle(cell: _Cell) -> None:
    put(cell._tc.get_or_add_tcPr(), "vAlign", val="center")


def _text(paragraph: Paragraph, text: str, points: float) -> None:
    run = paragraph.add_run(text)
    rpr = run._r.get_or_add_rPr()
    size(rpr, points)
    put(rpr, "spacing", val=0)


def colophon_table(footer: Any, parts: NoticeParts) -> Table:
    """§7.4: the 版记 as a table as wide as the text block in a footer: 4号仿宋; 抄送 one character in from both
    sides, wrapping under the first name; 印发机关 one character from the left, 印发日期 one from the right;
    thick first and last rules, thin between."""
    rows = [kind for kind, present in (("cc", parts.cc), ("printed", parts.printer)) if present]
    table = footer.add_table(rows=len(rows), cols=2, width=Mm(BLOCK_MM))
    width = round(BLOCK_MM * MM)
    _frame(table, [width * 3 // 5, width - width * 3 // 5])
    _borders(table, top=8, bottom=8, insideH=6)
    for row, kind in zip(table.rows, rows, strict=True):
        put(row._tr.get_or_add_trPr(), "cantSplit")
        put(row._tr.get_or_add_trPr(), "trHeight", val=LINE_TWIPS, hRule="atLeast")
        for cell in row.cells:
            _middle(cell)
        if kind == "cc":
            merged = row.cells[0].merge(row.cells[1])
            cc_paragraph(merged.paragraphs[0], parts.cc or "")
        else:
            left, right = row.cells[0].paragraphs[0], row.cells[1].paragraphs[0]
            for paragraph, text, side in ((left, parts.printer or "", "left"), (right, parts.printed or "", "right")):
                exact(paragraph._p.get_or_add_pPr(), CC_LINE)
                put(paragraph._p.get_or_add_pPr(), "ind", (), **{side: CELL_14})
                _text(paragraph, text, 14)
            right.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    return table


def colophon_footer(footer: Any, parts: NoticeParts) -> None:
    """The 版记 as the footer of the last page (a letter's: its 抄送 paragraph alone)."""
    last = footer.paragraphs[0]
    exact(last._p.get_or_add_pPr(), 20)  # a footer must end with a paragraph: the least one there is
    size(put(last._p.get_or_add_pPr(), "rPr"), 1)
    if parts.letter:
        paragraph = footer.add_paragraph()
        cc_paragraph(paragraph, parts.cc or "")
        footer._element.remove(last._p)
        return
    colophon_table(footer, parts)
    footer._element.remove(last._p)
    footer._element.append(last._p)


def colophon_lines(parts: NoticeParts) -> int:
    """Whole grid lines the 版记 takes."""
    return -(-colophon_twips(parts) // LINE_TWIPS)


def colophon_twips(parts: NoticeParts) -> int:
    """The 版记's height: each line of the 抄送 (31 characters of 4号 to the block, one in on each side, then
    under the first name) with its padding, and the 印发 row of one grid line."""
    cells = NOTICE.block_width / (14 * 25.4 / 72)
    cc = 0
    if parts.cc:
        text, room, used, cc = "抄送：" + parts.cc, cells - 2, 0.0, 1
        for character in text:
            used += 1.0 if ord(character) > 0x2E7F else 0.6
            if used > room:
                cc, room, used = cc + 1, cells - 5, 1.0
    return (2 * CC_PAD + cc * CC_LINE if cc else 0) + (LINE_TWIPS if parts.printer else 0)


def cc_paragraph(paragraph: Paragraph, names: str) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    exact(ppr, CC_LINE, before=CC_PAD)
    put(ppr, "spacing", before=CC_PAD, after=CC_PAD, line=CC_LINE, lineRule="exact")
    put(ppr, "ind", left=4 * CELL_14, right=CELL_14, hanging=3 * CELL_14)
    put(ppr, "jc", val="both")
    _text(paragraph, "抄送：" + names, 14)


def _grid(rows: tuple[tuple[Cell, ...], ...]) -> tuple[int, list[list[tuple[int, int, Cell]]]]:
    """Where each cell sits in a grid with spans: columns, and per row (column, colspan, cell)."""
    taken: set[tuple[int, int]] = set()
    placed: list[list[tuple[int, int, Cell]]] = []
    columns = 0
    for r, row in enumerate(rows):
        c, here = 0, []
        for cell in row:
            while (r, c) in taken:
                c += 1
            here.append((c, cell.colspan, cell))
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    taken.add((r + dr, c + dc))
            c += cell.colspan
        columns = max(columns, c, *(col + 1 for rr, col in taken if rr == r))
        placed.append(here)
    return columns, placed


def body_table(document: Document, block: Block) -> None:
    """A table of a notice body, ruled like the print page, its cells' text as printed."""
    columns, placed = _grid(block.rows)
    if not columns:
        return
    table = document.add_table(rows=len(block.rows), cols=columns)
    width = round(BLOCK_MM * MM)
    _frame(table, [width // columns] * (columns - 1) + [width - width // columns * (columns - 1)])
    _borders(table, top=4, left=4, bottom=4, right=4, insideH=4, insideV=4)
    body_style = document.styles.get_by_id("GwBody", WD_STYLE_TYPE.PARAGRAPH)
    for r, row in enumerate(placed):
        for c, span, cell in row:
            target = table.cell(r, c)
            if span > 1 or cell.rowspan > 1:
                target = target.merge(table.cell(min(r + cell.rowspan, len(placed)) - 1, min(c + span, columns) - 1))
            paragraph = target.paragraphs[0]
            paragraph.style = body_style
            put(paragraph._p.get_or_add_pPr(), "ind", firstLine=0, left=57, right=57)
            spans: tuple[Span, ...] = cell.spans
            add_spans(paragraph, tuple(Span(s.text, s.marks | ({"bold"} if cell.header else set())) for s in spans))
            if cell.header:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER


def form_table(document: Document, columns: tuple[str, ...], rows: int, width: Length) -> None:
    """A 统计表's grid: a header row of the column names, then `rows` empty rows FORM_ROW_MM high."""
    table = document.add_table(rows=rows + 1, cols=len(columns))
    total = round(width.mm * MM)
    share = total // len(columns)
    _frame(table, [share] * (len(columns) - 1) + [total - share * (len(columns) - 1)])
    _borders(table, top=8, left=8, bottom=8, right=8, insideH=8, insideV=8)
    put(
        table._tbl.tblPr,
        "tblCellMar",
        (
            node("top", w=113, type="dxa"),
            node("left", w=113, type="dxa"),
            node("bottom", w=113, type="dxa"),
            node("right", w=113, type="dxa"),
        ),
    )
    for cell, name in zip(table.rows[0].cells, columns, strict=True):
        _middle(cell)
        paragraph = cell.paragraphs[0]
        put(paragraph._p.get_or_add_pPr(), "ind", firstLine=0)
        _text(paragraph, name, 12)
    for row in table.rows[1:]:
        put(row._tr.get_or_add_trPr(), "trHeight", val=round(FORM_ROW_MM * MM), hRule="atLeast")


def printed_paragraph(paragraph: Paragraph, printer: str, printed: str) -> None:
    """印发机关 one character from the left, 印发日期 (a right tab) one from the right, on one grid line."""
    ppr = paragraph._p.get_or_add_pPr()
    exact(ppr, LINE_TWIPS)
    put(ppr, "tabs", (node("tab", val="right", pos=round(BLOCK_MM * MM) - CELL_14),))
    put(ppr, "ind", left=CELL_14, firstLine=0)
    _text(paragraph, f"{printer}\t{printed}", 14)
