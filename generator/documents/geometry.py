"""GB/T 9704-2012 §5, declared once: the paper, the text block, its 22 lines of 28 characters, as the print
pages' CSS and layout scripts, the Word files and the tests read them.

The print templates get `GEOMETRY` as `g` and write every length from it (`{{ g.notice.margin }}`); the Word
writer takes its twips from here; tests/gbt9704.py checks the PDFs and Word files against the same numbers.
"""

from __future__ import annotations

from dataclasses import dataclass


def mm(value: float) -> str:
    """A length as the print pages' CSS writes it: 37mm, 10.2mm, 0.075mm."""
    return f"{value:g}mm"


@dataclass(frozen=True)
class Page:
    """A sheet of paper and its text block (all in mm)."""

    width: float
    height: float
    top: float
    bottom: float
    left: float
    right: float

    @property
    def block_width(self) -> float:
        return self.width - self.left - self.right

    @property
    def block_height(self) -> float:
        return self.height - self.top - self.bottom

    @property
    def title_cells(self) -> int:
        """Characters of the 2号 title a line of the text block holds (20 on A4 portrait, 33 landscape)."""
        return int(self.block_width // (TITLE_PT * 25.4 / 72))

    @property
    def margin(self) -> str:
        """The CSS `margin` of the page: top right bottom left."""
        return " ".join(mm(side) for side in (self.top, self.right, self.bottom, self.left))


NOTICE = Page(210, 297, top=37, bottom=35, left=28, right=26)  # §5.2.1: A4, 天头 37 mm, 订口 28 mm: 156 × 225
LETTER = Page(210, 297, top=37, bottom=35, left=20, right=20)  # §10.1: the letterhead's rules span 170 mm
WIDE_FORM = Page(297, 210, top=20, bottom=20, left=18, right=18)  # a 统计表 of many columns, A4 landscape

LINES = 22  # §5.2.2: 22 lines of 28 characters
CHARACTERS = 28
BODY_PT = 16  # 3号
TITLE_PT = 22  # 2号
LINE_MM = 10.2  # CSS: 22 lines fill 224.4 mm of the 225 mm block; a 23rd never fits
SQUEEZE_MM = 0.075  # CSS: 28 full-width characters of 16 pt (5.644 mm) fill 156 mm when each gives up this much
COLUMN_GAP_MM = 20  # the layout script sets the sheet as columns this far apart, one a page
MARK_MM = 15  # §7.2.4: the 发文机关标志 at most 15 mm high (and never wider than the block)
MARK_TOP_MM = 35  # §7.2.4: its top 35 mm below the text block's top

# 统计表: rows to write in by hand, and what stands above them (all mm; forms.css and the Word table read them)
FORM_ROW_MM = 14
FORM_TITLE_LINE_MM = 12.5  # 2号 at line-height 1.6 (22 pt × 1.6 = 12.4 mm)
FORM_TITLE_GAP_MM = 6
FORM_FIELD_LINE_MM = 7.7  # 小四 (12 pt) at line-height 1.8
FORM_FIELD_MM = 70  # a field's label and its blank, on a line of fields
FORM_FIELDS_GAP_MM = 5
FORM_HEADER_MM = 17  # the column names' row, two lines of 12 pt
FORM_SPARE_MM = 8  # what a browser's or Word's rounding may add: the last row never spills onto a second page


def form_rows(page: Page, title_lines: int, fields: int, wanted: int) -> int:
    """Blank rows of a printed 统计表: as many as fill its page below the title, fields and header (the form's own
    number when that is more)."""
    field_lines = -(-fields // max(1, int(page.block_width // FORM_FIELD_MM))) if fields else 0
    above = (
        title_lines * FORM_TITLE_LINE_MM
        + FORM_TITLE_GAP_MM
        + field_lines * FORM_FIELD_LINE_MM
        + (FORM_FIELDS_GAP_MM if fields else 0)
        + FORM_HEADER_MM
        + FORM_SPARE_MM
    )
    return max(wanted, int((page.block_height - above) // FORM_ROW_MM))


# Word: the grid holds the 22 lines (28.95 pt apart) and every character is condensed by 0.25 pt (16 − 0.25 =
# 15.75 pt; 28 fit, 29 do not), which Word, WPS and LibreOffice agree on
LINE_TWIPS = 579  # 22 lines (224.7 mm) fill the 225 mm text block, a 23rd does not
CHAR_TWIPS = 315  # one character cell: 3号 condensed by 0.25 pt
CONDENSE = -5  # twentieths of a point


@dataclass(frozen=True)
class Geometry:
    """What the print templates read (as `g`)."""

    notice: Page = NOTICE
    letter: Page = LETTER
    wide: Page = WIDE_FORM
    line: str = mm(LINE_MM)
    squeeze: str = mm(SQUEEZE_MM)
    column_gap: float = COLUMN_GAP_MM
    mark_top: str = mm(MARK_TOP_MM)
    body_pt: int = BODY_PT
    title_pt: int = TITLE_PT
    form_row: float = FORM_ROW_MM
    form_title_gap: float = FORM_TITLE_GAP_MM
    form_fields_gap: float = FORM_FIELDS_GAP_MM


GEOMETRY = Geometry()
