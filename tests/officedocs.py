"""DOCX files as an office writes them: a 公文 in the GB/T 9704 layout made with python-docx from a notice's
YAML entry and Markdown body (the seed texts as shipped), and the same file saved again by LibreOffice."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt, RGBColor

RED = RGBColor(0xE6, 0x00, 0x12)


def _paragraph(document: Any, text: str, *, points: float = 16, align: Any = None, red: bool = False) -> None:
    paragraph = document.add_paragraph()
    paragraph.alignment = align
    run = paragraph.add_run(text)
    run.font.size = Pt(points)
    run.font.name = "仿宋_GB2312"
    if red:
        run.font.color.rgb = RED


def _body(document: Any, markdown: str) -> None:
    for block in markdown.split("\n\n"):
        block = block.strip()
        if block:
            _paragraph(document, block.lstrip("# ").replace("\n", ""))


def write_gbt_docx(path: Path, notice: dict, body: str, attachments: list[tuple[str, str]] = ()) -> Path:
    """A 公文 laid out the way GB/T 9704 places each part (the parts import-notice must find)."""
    document = Document()
    center, right = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.RIGHT
    if notice.get("urgency"):
        _paragraph(document, notice["urgency"])
    _paragraph(document, notice.get("issuer_mark") or notice["issuer"], points=36, align=center, red=True)
    if notice.get("number"):
        _paragraph(document, notice["number"], align=center)
    _paragraph(document, notice["title"], points=22, align=center)
    if notice.get("recipients"):
        _paragraph(document, notice["recipients"] + "：")
    _body(document, body)
    titles = [a if isinstance(a, str) else a["title"] for a in notice.get("attachments", [])]
    if titles:
        numbered = len(titles) > 1
        _paragraph(document, "附件：" + ("1．" if numbered else "") + titles[0])
        for i, title in enumerate(titles[1:], 2):
            _paragraph(document, f"{i}．{title}")
    _paragraph(document, notice["signature"], align=right)
    day = notice["date"]
    _paragraph(document, f"{day.year}年{day.month}月{day.day}日", align=right)
    for i, (title, text) in enumerate(attachments, 1):
        document.add_page_break()
        _paragraph(document, f"附件{i}" if len(attachments) > 1 else "附件")
        _paragraph(document, title, points=22, align=center)
        _body(document, text)
    if notice.get("cc"):
        _paragraph(document, "抄送：" + "，".join(notice["cc"]) + "。", points=14)
    if notice.get("printer"):
        printed = notice.get("printed") or day
        _paragraph(document, f"{notice['printer']}　　{printed.year}年{printed.month}月{printed.day}日印发", points=14)
    document.save(str(path))
    return path


def saved_by_libreoffice(source: Path, folder: Path) -> Path:
    """The same document opened and saved again by LibreOffice (as an office using it would)."""
    folder.mkdir(parents=True, exist_ok=True)
    staged = folder / f"{source.stem}-lo-in.docx"
    shutil.copy(source, staged)
    subprocess.run(
        [
            "soffice",
            "--headless",
            f"-env:UserInstallation=file://{folder}/profile",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(folder / "out"),
            str(staged),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return folder / "out" / staged.name
