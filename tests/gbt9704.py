"""GB/T 9704-2012 read back from a printed PDF with pdfplumber: the same checks for the PDFs Chromium prints
from the print pages and for the PDFs LibreOffice makes of the Word files (tests/test_print.py,
tests/test_docx.py); and a project of notices whose bodies grow a line at a time."""

from __future__ import annotations

import itertools
import logging
import re
import shutil
import statistics
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
import pytest

from tests.support import copy_project

logging.getLogger("pdfminer").setLevel(logging.ERROR)

MM = 72 / 25.4
A4 = (595.28, 841.89)
TOP, BOTTOM, LEFT, RIGHT = 37, 35, 28, 26  # margins, mm
CELL = 156 / 28  # one character of the 28-character line, mm
RED = (0.9, 0.0, 0.07)

# CJK Radicals Supplement forms have no NFKC mapping; these are the simplified ones Noto CJK maps to.
SUPPLEMENT = dict(
    zip("⺠⻔⻅⻓⻜⻢⻋⻛⻚⻬⻄⻩⻉⻆⻘⻝⻥⻦⻨⻰⻮", "民门见长飞马车风页齐西黄钅角青食鱼鸟麦龙齿", strict=True)
)
NO_LINE_START = set("，。、；：！？）》」』”’…%〕")
NO_LINE_END = set("（《「『“‘")


@contextmanager
def opened(paths: dict[str, Path]) -> Iterator[dict]:
    """The PDFs at `paths`, open for pdfplumber, by the same keys; closed afterwards."""
    documents = {key: pdfplumber.open(path) for key, path in paths.items()}
    try:
        yield documents
    finally:
        for document in documents.values():
            document.close()


def radicals_to_ideographs(text: str) -> str:
    """PDF text maps some glyphs of Noto CJK to Kangxi radicals (⽹ for 网); read them as the ideographs."""
    return "".join(
        SUPPLEMENT.get(c) or (unicodedata.normalize("NFKC", c) if 0x2F00 <= ord(c) <= 0x2FDF else c) for c in text
    )


def text_lines(page) -> list[dict]:
    """Characters grouped into printed lines (same top), positions in mm."""
    rows: dict[int, list[dict]] = {}
    for ch in page.chars:
        rows.setdefault(round(ch["top"] * 2), []).append(ch)
    lines = []
    for key in sorted(rows):
        chars = sorted(rows[key], key=lambda c: c["x0"])
        lines.append(
            {
                "top": chars[0]["top"] / MM,
                "bottom": max(c["bottom"] for c in chars) / MM,
                "x0": chars[0]["x0"] / MM,
                "x1": chars[-1]["x1"] / MM,
                "size": round(chars[0]["size"], 1),
                "font": chars[0]["fontname"],
                "color": chars[0]["non_stroking_color"],
                "text": radicals_to_ideographs("".join(c["text"] for c in chars)).strip(),
            }
        )
    return [ln for ln in lines if ln["text"]]


def body_lines(page) -> list[dict]:
    return [ln for ln in text_lines(page) if ln["size"] == 16.0]


def rules(page) -> list[dict]:
    """Horizontal rules (rectangles and lines) in mm, each once (LibreOffice draws a border twice)."""
    found = {}
    for r in page.rects + page.lines:
        if r["width"] > r["height"]:
            rule = {
                "top": r["top"] / MM,
                "x0": r["x0"] / MM,
                "width": r["width"] / MM,
                "color": r.get("non_stroking_color") or r.get("stroking_color"),
            }
            found.setdefault((round(rule["top"], 1), round(rule["x0"], 1), round(rule["width"], 1)), rule)
    return list(found.values())


def hangs(line: dict) -> bool:
    """A closing mark hanging past the right edge (LibreOffice 7.4 reads w:overflowPunct inverted)."""
    return line["x1"] > 210 - RIGHT + 0.5 and line["text"][-1] in NO_LINE_START


def is_bare(page) -> bool:
    """A page with no text of the document itself: blank, or the 版记 alone (§7.5: no page number)."""
    return not [ln for ln in text_lines(page) if ln["size"] >= 16.0]


def check_page_numbers(document, letter: bool) -> None:
    """§7.5: "— N —" in 4号, 7 mm under the text block, one character in from the outside edge; none on a
    letter's first page (§10.1), none on the blank page and the 版记 page at the end."""
    for number, page in enumerate(document.pages, 1):
        assert abs(page.width - A4[0]) <= 1 and abs(page.height - A4[1]) <= 1
        footer = [ln for ln in text_lines(page) if ln["text"] == f"— {number} —"]
        if is_bare(page) or (letter and number == 1):
            assert not footer, f"page {number} is numbered"
            continue
        assert len(footer) == 1, f"page {number} has no '— {number} —'"
        assert footer[0]["size"] == 14.0 and 268 <= footer[0]["top"] <= 272
        if number % 2:
            assert footer[0]["x1"] == _approx(210 - RIGHT - 14 / MM, 1.0)
        else:
            assert footer[0]["x0"] == _approx(LEFT + 14 / MM, 1.0)


def check_text_block(document, hanging: bool = False) -> None:
    """Body lines inside the 156 × 225 mm block; the first line of a page that starts with text on line 1."""
    every = []
    for page in document.pages:
        for line in body_lines(page):
            right = 210 - RIGHT + (CELL + 0.5 if hanging and hangs(line) else 0.5)
            assert line["x0"] >= LEFT - 0.5 and line["x1"] <= right, line["text"]
            assert line["top"] >= TOP - 8 and line["bottom"] <= 297 - BOTTOM + 1.5, line["text"]
            every.append(line)
    assert min(ln["x0"] for ln in every) == _approx(LEFT, 1.0)
    glyph_offset = (10.2 - 16 / MM) / 2
    for page in document.pages[1:]:  # a page's text starts on the first line of the block
        if lines := body_lines(page):
            assert lines[0]["top"] == _approx(TOP + glyph_offset, 1.5), lines[0]["text"]


def full_lines_of_28(document, hanging: bool = False) -> int:
    """Checks every justified all-Chinese line; returns how many hold exactly 28 characters."""
    lines = [ln for page in document.pages for ln in body_lines(page)]
    holding_28 = 0
    for line, following in itertools.pairwise(lines):
        text = line["text"][:-1] if hanging and hangs(line) else line["text"]
        if line["x1"] < 210 - RIGHT - 0.6 or not all(unicodedata.east_asian_width(c) in "WF" for c in text):
            continue  # a paragraph's last line, or a line with half-width text (digits, Latin, ·)
        indent = round((line["x0"] - LEFT) / CELL)  # a paragraph's first line starts 2 cells in
        cells = len(text) + indent
        # Chinese line breaking moves a character down when the next line would start with ，。” or
        # with an unbreakable number; only then may a justified line hold fewer than 28 characters.
        moved = (
            any(c in NO_LINE_START or unicodedata.east_asian_width(c) not in "WF" for c in following["text"][:2])
            or text[-1] in NO_LINE_END
        )
        if moved:  # a line that gave characters to the next still holds 24 at least
            assert cells >= 24, f"{cells}: {line['text']}"
        else:
            assert cells == 28, f"{cells}: {line['text']}"
        holding_28 += cells == 28
    return holding_28


def check_lines_per_page(document, signature: str | None) -> None:
    """22 lines on a full page, 10.2 mm apart; only the page of the signature may set them closer to keep
    the signature and date with its last lines of text (§7.3.5.5)."""
    pages = [body_lines(page) for page in document.pages]
    for i, lines in enumerate(pages):
        following = pages[i + 1] if i + 1 < len(pages) else []
        if i and following and not re.fullmatch(r"附件\d*", following[0]["text"]):  # filled to its last line
            assert lines[-1]["top"] >= TOP + 21 * 10.2, f"page {i + 1} ends early, the text goes on overleaf"
        gaps = [b["top"] - a["top"] for a, b in itertools.pairwise(lines) if b["top"] - a["top"] < 12]
        pitch = statistics.median(gaps) if gaps and i else 10.2  # the first page's head is off the grid
        if len(lines) > 22 or pitch < 10.0:
            assert signature and any(ln["text"] == signature for ln in lines), (
                "lines set closer on a page without the signature"
            )
            assert pitch >= 8.0
        else:
            assert pitch == _approx(10.2, 0.2)


@dataclass(frozen=True)
class Ending:
    signature_page: int  # 0-based
    lines_above: int  # lines of text above the signature on its page
    colophon_page: int | None


def check_ending(document, signature: str, date: str, letter: bool) -> Ending:
    """§7.3.5: signature and date on one page, under text of the body on that page; §7.4: the 版记 on the
    last page, an even one, its last rule on the text block's bottom edge; the pages between hold nothing."""
    pages = [text_lines(page) for page in document.pages]
    found = [(i, ln) for i, lines in enumerate(pages) for ln in lines if ln["text"] == signature and ln["size"] == 16]
    dated = [(i, ln) for i, lines in enumerate(pages) for ln in lines if ln["text"] == date and ln["size"] == 16]
    assert found, f"no signature {signature}"
    assert dated, f"no date {date}"
    (page, sig), (date_page, _) = found[-1], dated[-1]
    assert date_page == page, "signature and date on different pages"
    above = [ln for ln in pages[page] if ln["size"] == 16 and ln["top"] < sig["top"] - 1]
    assert above, f"the signature stands alone on page {page + 1}"
    colophon = [
        i
        for i, lines in enumerate(pages)
        for ln in lines
        if ln["size"] == 14 and (ln["text"].startswith("抄送：") or ln["text"].endswith("印发"))
    ]
    if not colophon:
        return Ending(page, len(above), None)
    last = colophon[-1]
    assert last == len(pages) - 1 and (last + 1) % 2 == 0, f"版记 on page {last + 1} of {len(pages)}"
    bottom = max(ln["bottom"] for ln in pages[last] if ln["size"] == 14 and ln["top"] < 265)
    lowest = max([r["top"] for r in rules(document.pages[last]) if r["top"] < 265] or [bottom])
    # the last rule on the bottom edge; a letter's 版记 has none, its last line ends above the edge
    assert (bottom if letter else lowest) == _approx(297 - BOTTOM - (1.5 if letter else 0), 1.5 if letter else 1.0)
    text = max(i for i, lines in enumerate(pages) if any(ln["size"] >= 16 for ln in lines))
    for between in range(text + 1, last):
        assert not pages[between], f"page {between + 1} is not blank"
    return Ending(page, len(above), last)


def check_letter_head(document, mark_text: str, number_text: str) -> None:
    """§10.1: the mark 30 mm from the top, red double rules 170 mm long 4 mm under it and 20 mm above the
    bottom edge, the number at the right under the rule, the title two lines lower, no number on page 1."""
    first = text_lines(document.pages[0])
    mark = next(ln for ln in first if ln["text"] == mark_text)
    assert mark["top"] == _approx(30, 2) and tuple(round(v, 2) for v in mark["color"]) == RED
    red = [r for r in rules(document.pages[0]) if r["width"] == _approx(170, 0.5)]
    upper = sorted(r["top"] for r in red if r["top"] < 100)
    lower = sorted(r["top"] for r in red if r["top"] > 200)
    assert len(upper) == 2 and upper[0] - mark["bottom"] == _approx(4, 2.5)
    assert len(lower) == 2 and lower[1] == _approx(297 - 20, 1.5)
    assert all(r["x0"] == _approx(20, 0.5) for r in red)
    number = next(ln for ln in first if ln["text"] == number_text)
    assert number["x1"] == _approx(210 - RIGHT, 0.5) and number["top"] - upper[1] == _approx(5, 1.5)
    title = next(ln for ln in first if ln["size"] == 22.0)
    assert title["top"] - number["bottom"] == _approx(2 * 10.2 + 1.2, 2)  # two lines between
    assert not [ln for ln in first if ln["text"] == "— 1 —"]


def check_attachment(document, title_text: str) -> None:
    """§7.3.7: "附件" in 3号黑体 at the top left of a new page, the title centred on the third line."""
    pages = [text_lines(page) for page in document.pages]
    at = next(i for i, lines in enumerate(pages) if lines and lines[0]["text"] == "附件")
    label, title = pages[at][0], pages[at][1]
    assert label["x0"] == _approx(LEFT, 0.5) and label["top"] == _approx(TOP + 2.3, 1.5)
    assert "Sans" in label["font"]  # 黑体 (Noto Sans CJK here), the text is 仿宋 (Noto Serif CJK)
    assert title["text"] == title_text and title["size"] == 22.0
    assert title["top"] == _approx(TOP + 2 * 10.2 + 1.2, 1.5)
    assert (title["x0"] + title["x1"]) / 2 == _approx(LEFT + 78, 1)
    assert at > 0 and pages[at - 1], "the attachment follows the document on a page of its own"


def check_annex_note(document) -> None:
    """§7.3.4: 左空二字 "附件：1．", a long name wrapping under its own first character."""
    lines = [ln for page in document.pages for ln in text_lines(page)]
    first = next(ln for ln in lines if ln["text"].startswith("附件：1．"))
    wrapped = lines[lines.index(first) + 1]
    second = lines[lines.index(first) + 2]
    assert first["x0"] == _approx(LEFT + 2 * CELL, 0.5)
    # LibreOffice spaces digits from Chinese a little wider, and takes “节”” down with the rest
    assert wrapped["text"].endswith("活动的通知") and wrapped["x0"] == _approx(LEFT + 7 * CELL, 0.5)
    assert second["text"].startswith("2．") and second["x0"] == _approx(LEFT + 5 * CELL, 0.5)


def check_cc_wraps_after_colon(document) -> None:
    """§7.4.2: 抄送 in 4号, one character in from each side; a second line starts under the first name."""
    lines = [ln for page in document.pages for ln in text_lines(page) if ln["size"] == 14]
    first = next(ln for ln in lines if ln["text"].startswith("抄送："))
    assert first["x0"] == _approx(LEFT + 14 / MM, 0.6)
    following = lines[lines.index(first) + 1]
    assert following["x0"] == _approx(LEFT + 4 * 14 / MM, 0.6), following["text"]
    assert following["top"] - first["top"] < 10


def _approx(value: float, tolerance: float):
    return pytest.approx(value, abs=tolerance)


# --- notices whose bodies grow a line at a time ----------------------------------------------------------
GROWN_NOTICES = range(1, 32)  # 通知: 9 body lines fit under the head of page 1, then page 2 fills line by line
GROWN_LETTERS = range(10, 37)  # 函: its first page holds 14 lines of body; from its last few lines on
SIGNATURE, DATE = "商务部电子商务司", "2021年3月15日"
_LINE = "各地商务主管部门要认真组织开展网上购物节活动保实效。"  # 26 characters: with its indent, one line


@dataclass(frozen=True)
class Grown:
    id: str
    lines: int
    letter: bool


def grown_project(target: Path) -> tuple[Path, list[Grown]]:
    """The shipped 双品网购节 campaign alone, with notices of 1, 2, 3 ... one-line paragraphs (and a 公告
    with no 主送机关), so that the body's last line falls on every line of a page."""
    project = copy_project(target)
    for other in ("2021-nianhuojie", "2022-nianhuojie"):
        shutil.rmtree(project / "campaigns" / other)
    folder = project / "content" / "2021-shuangpin" / "notices"
    entries, grown = [], []
    cc = "[中国轻工业联合会, 中国纺织工业联合会, 中国商业联合会, 中国食品工业协会, 中国消费者协会, 中国电子商务协会]"
    for kind, prefix, lengths in (("通知", "tz", GROWN_NOTICES), ("函", "han", GROWN_LETTERS)):
        for n in lengths:
            notice = Grown(f"{prefix}-{n:02d}", n, kind == "函")
            (folder / f"{notice.id}.md").write_text("\n\n".join([_LINE] * n) + "\n", encoding="utf-8")
            entries.append(f"""  - id: {notice.id}
    kind: {kind}
    issuer: 商务部办公厅
    issuer_mark: {"商务部电子商务司简函" if notice.letter else "中华人民共和国商务部办公厅"}
    number: 商电函〔2021〕{n}号
    title: 关于第{n}号正文长度测试的通知
    recipients: 各省、自治区、直辖市商务主管部门
    body: 2021-shuangpin/notices/{notice.id}.md
    signature: {SIGNATURE}
    date: 2021-03-15
    cc: {cc}
    printer: 商务部办公厅
    printed: 2021-03-16
""")
            grown.append(notice)
    (folder / "gg-01.md").write_text(_LINE + "\n", encoding="utf-8")
    entries.append(f"""  - id: gg-01
    kind: 公告
    issuer: 商务部
    title: 商务部关于网上购物节的公告
    body: 2021-shuangpin/notices/gg-01.md
    signature: {SIGNATURE}
    date: 2021-03-15
""")
    campaign = project / "campaigns" / "2021-shuangpin" / "campaign.yaml"
    text = campaign.read_text(encoding="utf-8")
    campaign.write_text(text.replace("\nforms:\n", "\n" + "".join(entries) + "forms:\n", 1), encoding="utf-8")
    return project, grown
