"""What the printed documents say, read back: the PDFs' text layer is the print page's text (no radical from
the faces' character maps, documents/printfonts.py), and every title breaks where the line breaker says
(documents/titles.py), in the Chromium PDFs here and in LibreOffice's rendering of the Word files
(tests/test_docx.py uses `printed_titles`)."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pdfplumber
from lxml import html as lxml_html
from pdfminer.high_level import extract_text

from tests.gbt9704 import text_lines
from tests.printed import form_parts as printed_form
from tests.printed import notice_parts as printed_notice

_NUMBER = re.compile(r"—\s*\d+\s*—")
RADICAL_RANGE = range(0x2E80, 0x2FE0)  # CJK Radicals Supplement and Kangxi Radicals


def _shown_characters(page: Path) -> Counter[str]:
    sheet = lxml_html.document_fromstring(page.read_bytes().decode("utf-8")).xpath("//main")[0]
    return Counter(c for c in sheet.text_content() if not c.isspace())


def test_every_pdf_text_layer_says_what_the_print_page_says(built_site: Path) -> None:
    """pdfminer's text as it is, no Unicode normalisation: the characters of the page, no radical anywhere
    (the print faces map none, documents/printfonts.py). The posters are vectors: their text layer is the
    poster's own lines (the campaign's name and dates among them)."""
    pdfs = sorted(built_site.glob("**/*.pdf"))
    posters = [pdf for pdf in pdfs if pdf.parent.name == "posters"]
    assert len(pdfs) == 14 and len(posters) == 5
    for pdf in pdfs:
        text = extract_text(str(pdf))
        assert not [c for c in text if ord(c) in RADICAL_RANGE], pdf
        if pdf in posters:
            site_name = json.loads((pdf.parents[2] / "data.json").read_text(encoding="utf-8"))["site_name"]
            assert "活动时间：" in text and "扫码进入" in text and site_name in text, f"{pdf}: {text!r}"
            continue
        printed = Counter(c for c in _NUMBER.sub("", text) if not c.isspace())
        assert printed == _shown_characters(pdf.with_suffix(".html")), pdf


def title_lines_printed(document, first: int = 0) -> list[str]:
    """The lines of the first 2号 title from page `first` on, as printed."""
    for page in document.pages[first:]:
        if lines := [ln["text"] for ln in text_lines(page) if ln["size"] == 22.0]:
            return lines
    raise AssertionError("no title")


def printed_titles(built_site: Path, pdf_of) -> list[tuple[str, list[str], tuple[str, ...]]]:
    """(document, the title's lines as printed, the lines titles.py broke it into) for every notice, its
    attachments and every form, in the PDFs `pdf_of(print page)` names."""
    found = []
    for page in sorted(built_site.glob("**/print/*.html")):
        with pdfplumber.open(pdf_of(page)) as document:
            if page.name.startswith("notice-"):
                parts = printed_notice(page.read_bytes())
                found.append((page.name, title_lines_printed(document), parts.title_lines))
                texts = [[ln["text"] for ln in text_lines(p)] for p in document.pages]
                for annex in parts.annexes:
                    at = next(i for i, t in enumerate(texts) if t and t[0] == annex.label)
                    found.append((f"{page.name} {annex.label}", title_lines_printed(document, at), annex.title_lines))
            else:
                found.append((page.name, title_lines_printed(document), printed_form(page.read_bytes()).title_lines))
    return found


def test_titles_break_between_words_as_the_line_breaker_says(built_site: Path) -> None:
    """§7.3.1: every title's lines in the PDF are those titles.py chose (tests/test_titles.py holds them to
    jieba's words); the 885 letter and Hunan's notice break before their quoted names, not inside them."""
    titles = printed_titles(built_site, lambda page: page.with_suffix(".pdf"))
    assert len(titles) == 11
    for name, printed, broken in titles:
        assert tuple(printed) == broken, name
    by_name = {name: printed for name, printed, _ in titles}
    assert by_name["notice-gongxiaofei-2021-885.html"] == ["关于组织开展", "“2022全国网上年货节”的通知"]
    assert by_name["notice-hunan-2021-12-21.html"] == ["湖南省商务厅关于开展", "“2022湖南网上年货节”活动的通知"]
