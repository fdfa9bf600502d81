"""A 公文 an office wrote in Word or WPS, read back into a notice: its parts found by layout and by text as
GB/T 9704-2012 places them (red 发文机关标志, 发文字号, centred title, 主送机关：, body, 附件说明, 署名 and
成文日期, 版记 with 抄送 and 印发, then the 附件 each on its own page)."""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH

from .documents import DOCUMENT_KINDS

Day = date  # a field of ImportedNotice is named `date`

NUMBER = re.compile(r"^(\S*?)\s*[〔\[(（【]\s*(\d{4})\s*[〕\])）】]\s*(\d+)\s*号$")
FULL_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
OUTLINE_ONE = re.compile(r"^[一二三四五六七八九十]+、")
URGENCY = ("特急", "加急")
PAGE_NUMBER = re.compile(r"^[—–-]\s*\d+\s*[—–-]$")
MAX_UNPACKED = 50 * 1024 * 1024  # bytes of all the parts of a .docx, unpacked; a long 公文 is under 2 MB
MAX_PARAGRAPHS = 10_000  # a long 公文 has a few hundred
TITLE_POINTS = 20  # 2号 is 22 pt; body text is 3号, 16 pt


@dataclass(frozen=True)
class Paragraph:
    text: str
    centred: bool = False
    right: bool = False
    points: float = 0.0  # the largest font size of its runs
    red: bool = False


@dataclass
class ImportedNotice:
    kind: str = "通知"
    issuer_mark: str | None = None
    number: str | None = None
    urgency: str | None = None
    title: str = ""
    recipients: list[str] = field(default_factory=list)
    body: list[str] = field(default_factory=list)  # Markdown paragraphs
    attachment_titles: list[str] = field(default_factory=list)
    attachments: list[tuple[str, list[str]]] = field(default_factory=list)  # title, Markdown paragraphs
    signature: str | None = None
    date: Day | None = None
    cc: list[str] = field(default_factory=list)
    printer: str | None = None
    printed: Day | None = None
    unplaced: list[str] = field(default_factory=list)  # paragraphs that fit no part


def _is_red(run: object) -> bool:
    color = getattr(getattr(run.font, "color", None), "rgb", None)  # type: ignore[attr-defined]
    return color is not None and color[0] > 0xA0 and color[1] < 0x60 and color[2] < 0x60


def docx_problem(path: Path) -> str | None:
    """Why a file is not a Word file this tool reads, from its zip directory and paragraph count, before
    python-docx reads it paragraph by paragraph (a million paragraphs would take it hours)."""
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(item.file_size for item in archive.infolist())
            if unpacked > MAX_UNPACKED:
                return f"文件解压后有 {unpacked // 1024 // 1024} MB，过大（最多 {MAX_UNPACKED // 1024 // 1024} MB）"
            with archive.open("word/document.xml") as body:
                paragraphs = sum(
                    chunk.count(b"<w:p>") + chunk.count(b"<w:p ") for chunk in iter(lambda: body.read(1 << 20), b"")
                )
    except (zipfile.BadZipFile, KeyError, OSError):
        return "无法读取：不是 Word（.docx）文件"
    if paragraphs > MAX_PARAGRAPHS:
        return f"文件有约 {paragraphs} 个段落，过多（最多 {MAX_PARAGRAPHS} 个）"
    return None


def read_paragraphs(path: Path) -> list[Paragraph]:
    """The document's non-empty paragraphs with the layout facts the parts are recognised by."""
    document = Document(str(path))
    seen: set[Any] = set()  # the elements themselves, kept alive: an id could be a freed element's

    def first_time(paragraph: Any) -> bool:
        """A paragraph shared by several headers or footers is read once."""
        new = paragraph._p not in seen
        seen.add(paragraph._p)
        return new

    footers = []  # a 版记 may be laid out as the footer of the last section
    for section in document.sections:
        for part in (section.first_page_header, section.header):
            footers += [p for p in part.paragraphs if first_time(p)]
    head = [p for p in footers if p.text.strip()]
    footers = [f for s in document.sections for f in (s.first_page_footer, s.even_page_footer, s.footer)]
    footer_paragraphs = [
        p
        for f in footers
        for p in [*f.paragraphs, *(q for t in f.tables for row in t.rows for c in row.cells for q in c.paragraphs)]
    ]
    tail = [p for p in footer_paragraphs if p.text.strip() and not PAGE_NUMBER.match(p.text.strip()) and first_time(p)]
    found = []
    for paragraph in [*head, *document.paragraphs, *tail]:
        text = paragraph.text.strip()
        if not text:
            continue
        runs = [r for r in paragraph.runs if r.text.strip()]
        points = max((r.font.size.pt for r in runs if r.font.size), default=0.0)
        alignment = paragraph.alignment
        if alignment is None:  # the paragraph style's alignment
            alignment = paragraph.style.paragraph_format.alignment
        found.append(
            Paragraph(
                text,
                alignment == WD_ALIGN_PARAGRAPH.CENTER,
                alignment == WD_ALIGN_PARAGRAPH.RIGHT,
                points,
                any(_is_red(r) for r in runs),
            )
        )
    return found


def _day(match: re.Match[str]) -> date | None:
    try:
        return date(*(int(g) for g in match.groups()))
    except ValueError:
        return None


def _markdown(paragraph: Paragraph) -> str:
    """A body paragraph as Markdown: a short first-level 一、 line is a heading, as in the shipped notices."""
    if OUTLINE_ONE.match(paragraph.text) and len(paragraph.text) <= 30 and not paragraph.text.endswith("。"):
        return f"## {paragraph.text}"
    return paragraph.text


def _head(notice: ImportedNotice, paragraphs: list[Paragraph]) -> int:
    """发文机关标志, 发文字号, urgency and the title; returns where the title ends."""
    for i, p in enumerate(paragraphs):
        if p.text in URGENCY or (p.text.startswith(URGENCY) and len(p.text) <= 6):
            notice.urgency = next(u for u in URGENCY if p.text.startswith(u))
        elif NUMBER.match(p.text.replace(" ", "")):
            org, year, seq = NUMBER.match(p.text.replace(" ", "")).groups()  # type: ignore[union-attr]
            notice.number = f"{org}〔{year}〕{seq}号"
        elif p.red and notice.issuer_mark is None and not notice.title:
            notice.issuer_mark = p.text
        elif p.centred and (p.points >= TITLE_POINTS or p.text.endswith(tuple(DOCUMENT_KINDS))):
            line = p.text.replace("\n", "")  # a title's breaks are where it turns (GB/T 9704 7.3.3), not words
            notice.title = notice.title + line if notice.title else line
            if i + 1 < len(paragraphs) and paragraphs[i + 1].centred and paragraphs[i + 1].points >= TITLE_POINTS:
                continue  # the title goes on in the next line
            return i + 1
        else:
            notice.unplaced.append(p.text)
    return 0


def _tail(notice: ImportedNotice, paragraphs: list[Paragraph]) -> set[int]:
    """抄送 and 印发 of the 版记, wherever they stand (the 印发 organ may sit in a cell of its own before the
    date); returns the positions of the paragraphs they take."""
    taken = set()
    for i, p in enumerate(paragraphs):
        if p.text.startswith(("抄送：", "抄送:")):
            notice.cc = [u.strip(" 。.") for u in re.split(r"[，、,；;]", p.text[3:]) if u.strip(" 。.")]
            taken.add(i)
        elif p.text.endswith("印发") and (match := FULL_DATE.search(p.text)):
            notice.printer, notice.printed = p.text[: match.start()].strip("　 \t") or None, _day(match)
            taken.add(i)
            if notice.printer is None and i and not FULL_DATE.search(paragraphs[i - 1].text):
                notice.printer = paragraphs[i - 1].text
                taken.add(i - 1)
    return taken


def kind_of(title: str) -> str | None:
    """The 文种 a title names by its last words (…的通知, …工作方案), if it names one."""
    return next((k for k in sorted(DOCUMENT_KINDS, key=len, reverse=True) if title.endswith(k)), None)


def parse_notice(paragraphs: list[Paragraph]) -> ImportedNotice:
    notice = ImportedNotice()
    start = _head(notice, paragraphs)
    notice.kind = kind_of(notice.title) or "通知"
    if (notice.issuer_mark or "").endswith("函"):  # 简函, 便函: the 信函格式 whatever the title says
        notice.kind = "函"
    taken = _tail(notice, paragraphs[start:])
    rest = [p for i, p in enumerate(paragraphs[start:]) if i not in taken]
    if rest and rest[0].text.endswith(("：", ":")) and len(rest[0].text) < 120 and not rest[0].text.startswith("附件"):
        notice.recipients = [r for r in re.split(r"[、，,]", rest[0].text.rstrip("：:")) if r]
        rest = rest[1:]
    _body_and_after(notice, rest)
    return notice


def _body_and_after(notice: ImportedNotice, rest: list[Paragraph]) -> None:
    """Body up to 附件说明 or the signature; then signature and date; then the attachments."""
    i = 0
    while i < len(rest) and not rest[i].text.startswith(("附件：", "附件:")) and not _signature_at(rest, i):
        notice.body.append(_markdown(rest[i]))
        i += 1
    if i < len(rest) and rest[i].text.startswith(("附件：", "附件:")):
        titles = [rest[i].text[3:]]
        i += 1
        while i < len(rest) and re.match(r"^\d+\s*[．.]", rest[i].text):
            titles.append(rest[i].text)
            i += 1
        notice.attachment_titles = [re.sub(r"^\d+\s*[．.]\s*", "", t).strip() for t in titles]
    if i < len(rest) and _signature_at(rest, i):
        if not FULL_DATE.fullmatch(rest[i].text):
            notice.signature = rest[i].text
            i += 1
        notice.date = _day(FULL_DATE.fullmatch(rest[i].text))  # type: ignore[arg-type]
        i += 1
    _attachments(notice, rest[i:])


def _signature_at(rest: list[Paragraph], i: int) -> bool:
    """A 署名 followed by a 成文日期 (or the date alone), written to the right or alone on its line."""
    if FULL_DATE.fullmatch(rest[i].text):
        return True
    return i + 1 < len(rest) and bool(FULL_DATE.fullmatch(rest[i + 1].text)) and len(rest[i].text) <= 30


def _attachments(notice: ImportedNotice, rest: list[Paragraph]) -> None:
    current: tuple[str, list[str]] | None = None
    label = re.compile(r"^附\s*件\s*\d*$")
    i = 0
    while i < len(rest):
        p = rest[i]
        if label.match(p.text) and i + 1 < len(rest):
            current = (rest[i + 1].text, [])
            notice.attachments.append(current)
            i += 2
            continue
        if current is None:
            notice.unplaced.append(p.text)
        else:
            current[1].append(_markdown(p))
        i += 1


def read_docx_notice(path: Path) -> ImportedNotice:
    return parse_notice(read_paragraphs(path))
