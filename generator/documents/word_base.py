"""Word files in the GB/T 9704-2012 layout, the parts every document shares: the page and its line grid,
fonts Word and WPS resolve, styles, page numbers as fields, borders, and byte-identical saving.

Characters: 28 to a 156 mm line. A document grid of characters would do it in Word, but LibreOffice gives a
3号 character two cells of such a grid; so the grid holds the 22 lines (28.95 pt apart) and every character
is condensed by 0.25 pt (16 − 0.25 = 15.75 pt; 28 fit, 29 do not), which Word, WPS and LibreOffice agree on.
"""

from __future__ import annotations

import io
import unicodedata
import zipfile
from datetime import UTC, datetime

import docx
from docx.document import Document
from docx.opc.packuri import PackURI
from docx.opc.pkgwriter import PackageWriter
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.section import Section
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph
from lxml.etree import _Element

from .blocks import Span
from .geometry import CHAR_TWIPS, CONDENSE, LINE_TWIPS, NOTICE, WIDE_FORM, Page

LINE, CHAR = LINE_TWIPS, CHAR_TWIPS  # the grid (geometry.py)
FANGSONG, HEI, KAI, XIAOBIAOSONG, SONG = "仿宋_GB2312", "黑体", "楷体_GB2312", "方正小标宋简体", "宋体"
# fontTable: the name Word and WPS look for first, the one they take when it is missing (w:altName), and the
# family LibreOffice and other systems fall back to (Noto CJK, the faces the PDFs are printed with)
FONTS = {
    FANGSONG: ("仿宋", "Noto Serif CJK SC", "modern"),
    HEI: ("SimHei", "Noto Sans CJK SC", "modern"),
    KAI: ("楷体", "Noto Serif CJK SC", "script"),
    XIAOBIAOSONG: ("华文中宋", "Noto Serif CJK SC", "roman"),
    SONG: ("SimSun", "Noto Serif CJK SC", "roman"),
}
RED = "E60012"
FIXED_TIME = datetime(2000, 1, 1, tzinfo=UTC)  # documents carry no build time (byte-identical builds)

_ORDER = {  # the schema's order of each property element's children (space-separated)
    "pPr": (
        "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers pBdr shd "
        "tabs suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE autoSpaceDN bidi "
        "adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents suppressOverlap jc "
        "textDirection textAlignment textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange"
    ).split(),
    "rPr": (
        "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint noProof "
        "snapToGrid vanish webHidden color spacing w kern position sz szCs highlight u effect bdr shd fitText "
        "vertAlign rtl cs em lang eastAsianLayout specVanish oMath"
    ).split(),
    "sectPr": (
        "headerReference footerReference footnotePr endnotePr type pgSz pgMar paperSrc pgBorders lnNumType "
        "pgNumType cols formProt vAlign noEndnote titlePg textDirection bidi rtlGutter docGrid "
        "printerSettings sectPrChange"
    ).split(),
    "tblPr": (
        "tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize tblW jc tblCellSpacing "
        "tblInd tblBorders shd tblLayout tblCellMar tblLook"
    ).split(),
    "tcPr": (
        "cnfStyle tcW gridSpan hMerge vMerge tcBorders shd noWrap tcMar textDirection tcFitText vAlign hideMark"
    ).split(),
    "trPr": (
        "cnfStyle divId gridBefore gridAfter wBefore wAfter cantSplit trHeight tblHeader tblCellSpacing jc hidden"
    ).split(),
}


def put(parent: _Element, tag: str, children: tuple[_Element, ...] = (), **attributes: str | int) -> _Element:
    """Set the child `w:tag` of a property element (replacing one that is there), in the schema's order:
    Word refuses a file whose properties are out of order."""
    order = _ORDER[parent.tag.rsplit("}", 1)[1]]
    for old in parent.findall(qn(f"w:{tag}")):
        parent.remove(old)
    element = OxmlElement(f"w:{tag}")
    for name, value in attributes.items():
        element.set(qn(f"w:{name}"), str(value))
    for child in children:
        element.append(child)
    later = order[order.index(tag) + 1 :]
    following = next((c for c in parent if c.tag.rsplit("}", 1)[1] in later), None)
    if following is None:
        parent.append(element)
    else:
        following.addprevious(element)
    return element


def node(tag: str, **attributes: str | int) -> _Element:
    element = OxmlElement(f"w:{tag}")
    for name, value in attributes.items():
        element.set(qn(f"w:{name}"), str(value))
    return element


def set_font(rpr: _Element, name: str) -> None:
    """One face for Chinese, Latin and digits alike, as the print page does."""
    put(rpr, "rFonts", ascii=name, hAnsi=name, eastAsia=name, cs=name)


def border(ppr: _Element, **sides: tuple[int, int, str]) -> None:
    """Paragraph borders: side=(width in eighths of a point, space in points, colour)."""
    put(ppr, "pBdr", tuple(node(side, val="single", sz=w, space=s, color=c) for side, (w, s, c) in sides.items()))


def exact(ppr: _Element, twips: int, before: int = 0) -> None:
    """An exact line height, off the grid (titles, the mark, page numbers)."""
    put(ppr, "snapToGrid", val=0)
    put(ppr, "spacing", before=before, after=0, line=twips, lineRule="exact")


def width(text: str) -> float:
    """Printed width in character cells: full-width characters one, others (digits, Latin) half."""
    return sum(1.0 if unicodedata.east_asian_width(c) in "WF" else 0.5 for c in text)


def field(paragraph: Paragraph, instruction: str, shown: str) -> None:
    """A field (PAGE): Word and LibreOffice replace `shown` with the value."""
    for kind in ("begin", None, "separate", shown, "end"):
        run = paragraph.add_run()
        if kind is None:
            code = node("instrText")
            code.set(qn("xml:space"), "preserve")
            code.text = f" {instruction} "
            run._r.append(code)
        elif kind in ("begin", "separate", "end"):
            run._r.append(node("fldChar", fldCharType=kind))
        else:
            run.text = kind


def add_spans(paragraph: Paragraph, spans: tuple[Span, ...] | list[Span]) -> None:
    """Text runs with the emphasis the print page shows; a line break for each "\\n"."""
    for span in spans:
        for i, piece in enumerate(span.text.split("\n")):
            if i:
                paragraph.add_run().add_break()
            if not piece:
                continue
            run = paragraph.add_run(piece)
            marks = span.marks
            for mark in ("bold", "italic", "underline"):
                if mark in marks:
                    setattr(run, mark, True)
            for mark in ("strike", "superscript", "subscript"):  # one w:vertAlign holds sub- and superscript
                if mark in marks:
                    setattr(run.font, mark, True)
            if "highlight" in marks:
                put(run._r.get_or_add_rPr(), "highlight", val="yellow")
            if "small" in marks:
                size(run._r.get_or_add_rPr(), 14)


def _font_table(document: Document) -> None:
    part = next(p for p in document.part.package.iter_parts() if str(p.partname) == "/word/fontTable.xml")
    fonts = [
        f'<w:font w:name="{name}"><w:altName w:val="{alt}"/><w:charset w:val="86"/>'
        f'<w:family w:val="{family}"/><w:pitch w:val="variable"/></w:font>'
        for name, (alt, _, family) in FONTS.items()
    ]
    fonts += [
        f'<w:font w:name="{n}"><w:charset w:val="86"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>'
        for n in dict.fromkeys(noto for _, noto, _ in FONTS.values())
    ]
    part._blob = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:fonts '
        'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">' + "".join(fonts) + "</w:fonts>"
    ).encode("utf-8")


def _defaults(document: Document) -> None:
    styles = document.styles.element
    rpr = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    set_font(rpr, FANGSONG)
    put(rpr, "sz", val=32)
    put(rpr, "szCs", val=32)
    # digits and Latin are Western text (w:val): LibreOffice then breaks them as words, never inside a number
    # ("202/2年" when they were Chinese text); Chinese is zh-CN (w:eastAsia)
    put(rpr, "lang", val="en-US", eastAsia="zh-CN", bidi="ar-SA")
    ppr = styles.find(qn("w:docDefaults")).find(qn("w:pPrDefault")).find(qn("w:pPr"))
    put(ppr, "spacing", before=0, after=0, line=240, lineRule="auto")
    normal = document.styles["Normal"].element
    npr = normal.get_or_add_pPr()
    put(npr, "widowControl", val=0)  # full pages of 22 lines, as the print page (orphans and widows 1)
    # punctuation stays inside the line in LibreOffice, as on the print page: LibreOffice 7.4 reads this
    # inverted (writerfilter: hanging = val == 0), and a mark it hangs at a line's end it may not print at all
    # (the 885 letter lost five); Word and WPS may hang it, as they do by default
    put(npr, "overflowPunct", val=1)
    put(npr, "autoSpaceDE", val=0)  # no extra space between Chinese and Latin or digits
    put(npr, "autoSpaceDN", val=0)
    put(npr, "adjustRightInd", val=0)
    put(npr, "jc", val="both")
    nrpr = normal.get_or_add_rPr()
    put(nrpr, "spacing", val=CONDENSE)
    settings = document.settings.element
    for language in settings.findall(qn("w:themeFontLang")):
        language.set(qn("w:eastAsia"), "zh-CN")


def new_document(title: str, author: str) -> Document:
    document = docx.Document()
    _defaults(document)
    _font_table(document)
    package = document.part.package
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype.endswith("/thumbnail"):  # the template's picture of an empty page
            del package.rels[rel_id]
    core = document.core_properties
    core.title, core.author, core.last_modified_by, core.revision = title, author, author, 1
    core.created = core.modified = core.last_printed = FIXED_TIME
    core.comments = core.keywords = core.subject = core.category = ""
    core.language = "zh-CN"
    return document


def page(section: Section, paper: Page = NOTICE, *, header: float = 15, footer: float = 15, grid: bool = True) -> None:
    """The paper with its margins (geometry.py); with `grid`, the 22-line grid of the text block."""
    section.page_width, section.page_height = Mm(paper.width), Mm(paper.height)
    if paper is WIDE_FORM and (size := section._sectPr.find(qn("w:pgSz"))) is not None:
        size.set(qn("w:orient"), "landscape")
    section.top_margin, section.bottom_margin = Mm(paper.top), Mm(paper.bottom)
    section.left_margin, section.right_margin = Mm(paper.left), Mm(paper.right)
    section.header_distance, section.footer_distance = Mm(header), Mm(footer)
    if grid:
        put(section._sectPr, "docGrid", type="lines", linePitch=LINE)
    else:
        put(section._sectPr, "docGrid", linePitch=LINE)


def size(rpr: _Element, points: float) -> None:
    put(rpr, "sz", val=round(points * 2))
    put(rpr, "szCs", val=round(points * 2))


class _Members:
    """python-docx's package writer's other half: the members it writes, kept in order, not zipped yet."""

    def __init__(self) -> None:
        self.members: dict[str, bytes] = {}

    def write(self, uri: PackURI, blob: bytes) -> None:
        self.members[uri.membername] = blob


def save(document: Document) -> bytes:
    """The file's bytes, the same for the same document: fixed times inside and on every zip entry. The
    package's members are compressed once, here, not once by python-docx and again to fix their times."""
    package = document.part.package
    for part in package.parts:
        part.before_marshal()
    written = _Members()
    PackageWriter._write_content_types_stream(written, package.parts)
    PackageWriter._write_pkg_rels(written, package.rels)
    PackageWriter._write_parts(written, package.parts)  # type: ignore[arg-type]
    fixed = io.BytesIO()
    with zipfile.ZipFile(fixed, "w", zipfile.ZIP_DEFLATED) as target:
        for name, blob in written.members.items():
            if name == "docProps/thumbnail.jpeg":
                continue
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type, info.external_attr = zipfile.ZIP_DEFLATED, 0o644 << 16
            target.writestr(info, blob)
    return fixed.getvalue()


__all__ = [
    "CHAR",
    "FANGSONG",
    "HEI",
    "KAI",
    "LINE",
    "RED",
    "SONG",
    "XIAOBIAOSONG",
    "Pt",
    "add_spans",
    "border",
    "exact",
    "field",
    "new_document",
    "node",
    "page",
    "put",
    "save",
    "set_font",
    "size",
    "width",
]
