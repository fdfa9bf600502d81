"""Notices printed by Chromium and read back with pdfplumber: GB/T 9704-2012 geometry, line grid, page
numbers, 版记; forms on one page / landscape; CSV for Excel; the build without a browser."""

from __future__ import annotations

import itertools
import logging
import os
import shutil
import unicodedata
from pathlib import Path

import pdfplumber
import pytest

from tests.conftest import load_data, page_text, run_cli

logging.getLogger("pdfminer").setLevel(logging.ERROR)

MM = 72 / 25.4
A4 = (595.28, 841.89)
TOP, BOTTOM, LEFT, RIGHT = 37, 35, 28, 26  # margins, mm
NOTICES = [("2021-nianhuojie", "shangban-2021-11"), ("2021-nianhuojie/liaoning", "liaoshang-2021-15"),
           ("2021-shuangpin", "shangban-2021-107"), ("2022-nianhuojie", "gongxiaofei-2021-885"),
           ("2022-nianhuojie/hunan", "hunan-2021-12-21")]


# CJK Radicals Supplement forms have no NFKC mapping; these are the simplified ones Noto CJK maps to.
SUPPLEMENT = dict(zip("⺠⻔⻅⻓⻜⻢⻋⻛⻚⻬⻄⻩⻉⻆⻘⻝⻥⻦⻨⻰⻮", "民门见长飞马车风页齐西黄钅角青食鱼鸟麦龙齿", strict=True))


def radicals_to_ideographs(text: str) -> str:
    """PDF text maps some glyphs of Noto CJK to Kangxi radicals (⽹ for 网); read them as the ideographs."""
    return "".join(SUPPLEMENT.get(c) or (unicodedata.normalize("NFKC", c) if 0x2F00 <= ord(c) <= 0x2FDF else c)
                   for c in text)


def text_lines(page) -> list[dict]:
    """Characters grouped into printed lines (same top)."""
    rows: dict[int, list[dict]] = {}
    for ch in page.chars:
        rows.setdefault(round(ch["top"] * 2), []).append(ch)
    lines = []
    for key in sorted(rows):
        chars = sorted(rows[key], key=lambda c: c["x0"])
        lines.append({"top": chars[0]["top"] / MM, "bottom": max(c["bottom"] for c in chars) / MM,
                      "x0": chars[0]["x0"] / MM, "x1": chars[-1]["x1"] / MM, "size": round(chars[0]["size"], 1),
                      "text": radicals_to_ideographs("".join(c["text"] for c in chars)).strip()})
    return lines


def body_lines(page) -> list[dict]:
    return [ln for ln in text_lines(page) if ln["size"] == 16.0 and ln["text"]]


@pytest.fixture(scope="module")
def notices(built_site: Path):
    opened = {}
    for path, notice in NOTICES:
        opened[notice] = pdfplumber.open(built_site / path / "print" / f"notice-{notice}.pdf")
    yield opened
    for document in opened.values():
        document.close()


@pytest.mark.parametrize(("path", "notice"), NOTICES)
def test_notice_pdf_geometry_follows_gbt_9704(notices, path: str, notice: str) -> None:
    document = notices[notice]
    assert len(document.pages) >= 2
    for number, page in enumerate(document.pages, 1):
        assert abs(page.width - A4[0]) <= 1 and abs(page.height - A4[1]) <= 1
        lines = text_lines(page)
        footer = [ln for ln in lines if ln["text"] == f"— {number} —"]
        assert len(footer) == 1, f"page {number} has no '— {number} —'"
        # 4号 (14 pt), 7 mm under the text block, on the outside edge: right on odd pages, left on even
        assert footer[0]["size"] == 14.0 and 268 <= footer[0]["top"] <= 272
        assert (footer[0]["x1"] > 150) if number % 2 else (footer[0]["x0"] < 60)
        body = body_lines(page)
        for line in body:
            assert line["x0"] >= LEFT - 0.5 and line["x1"] <= 210 - RIGHT + 0.5, line["text"]
            assert line["top"] >= TOP - 1.5 and line["bottom"] <= 297 - BOTTOM + 1.5, line["text"]
    every_line = [ln for page in document.pages for ln in body_lines(page)]
    assert min(ln["x0"] for ln in every_line) == pytest.approx(LEFT, abs=1.5)
    # a page that starts with body text: its first line sits in the first line slot of the text block
    glyph_offset = (10.2 - 16 / MM) / 2
    assert body_lines(document.pages[1])[0]["top"] == pytest.approx(TOP + glyph_offset, abs=1.5)


NO_LINE_START = set("，。、；：！？）》」』”’…%〕")
NO_LINE_END = set("（《「『“‘")


def full_lines_of_28(document) -> int:
    """Checks every justified all-Chinese line; returns how many hold exactly 28 characters."""
    lines = [ln for page in document.pages for ln in body_lines(page)]
    holding_28 = 0
    for line, following in itertools.pairwise(lines):
        if line["x1"] < 210 - RIGHT - 0.6 or not all(unicodedata.east_asian_width(c) in "WF" for c in line["text"]):
            continue  # a paragraph's last line, or a line with half-width text (digits, Latin, ·)
        indent = round((line["x0"] - LEFT) / (156 / 28))  # a paragraph's first line starts 2 cells in
        cells = len(line["text"]) + indent
        # Chinese line breaking moves a character down when the next line would start with ，。” or
        # with an unbreakable number; only then may a justified line hold fewer than 28 characters.
        moved = any(c in NO_LINE_START or unicodedata.east_asian_width(c) not in "WF" for c in following["text"][:2]) \
            or line["text"][-1] in NO_LINE_END
        assert cells == 28 or (moved and cells >= 24), f"{cells}: {line['text']}"
        holding_28 += cells == 28
    return holding_28


@pytest.mark.parametrize(("path", "notice"), NOTICES)
def test_full_lines_hold_28_characters_and_full_pages_22_lines(notices, path: str, notice: str) -> None:
    document = notices[notice]
    full_lines_of_28(document)
    counts = [len(body_lines(page)) for page in document.pages]
    assert max(counts) <= 22
    if len(counts) >= 4:
        assert max(counts[1:-1]) == 22, "a full page holds 22 lines"


def test_most_lines_of_the_notices_hold_28_characters(notices) -> None:
    assert sum(full_lines_of_28(document) for document in notices.values()) >= 40


def test_notice_head_red_mark_number_title_and_colophon(notices) -> None:
    document = notices["shangban-2021-11"]
    first = text_lines(document.pages[0])
    texts = [ln["text"] for ln in first]
    assert texts[0] == "特急" and first[0]["top"] == pytest.approx(TOP, abs=2)
    mark = next(ln for ln in first if ln["text"] == "中华人民共和国商务部办公厅")
    assert mark["top"] == pytest.approx(TOP + 35, abs=2.5)
    assert "商办电函〔2021〕11号" in texts
    title = next(ln for ln in first if ln["size"] == 22.0)
    assert title["text"].startswith("商务部办公厅关于开展")
    red = [c for c in document.pages[0].chars if c["size"] > 25]
    assert red and all(tuple(round(v, 2) for v in c["non_stroking_color"]) == (0.9, 0.0, 0.07) for c in red)
    last = text_lines(document.pages[-1])
    printed = next(ln for ln in last if "印发" in ln["text"])
    assert printed["text"].startswith("商务部办公厅") and printed["text"].endswith("2021年1月8日印发")
    assert printed["bottom"] == pytest.approx(297 - BOTTOM, abs=4), "版记 sits at the bottom of the last page"


def test_commitment_fits_one_page_and_statistics_form_is_landscape(built_site: Path) -> None:
    with pdfplumber.open(built_site / "2021-shuangpin/print/commitment.pdf") as document:
        assert len(document.pages) == 1
        text = radicals_to_ideographs(document.pages[0].extract_text())
        assert "承诺书" in text and "6．" in text and "承诺方代表（签字）" in text
    with pdfplumber.open(built_site / "2022-nianhuojie/hunan/print/hunan-key-activities.pdf") as document:
        page = document.pages[0]
        assert page.width > page.height and abs(page.width - A4[1]) <= 1
        text = radicals_to_ideographs(page.extract_text())
        for field in ("填报单位（盖章）", "联系人", "职务", "联系方式", "邮箱", "活动名称"):
            assert field in text
        assert len(page.rects) + len(page.lines) >= 8, "a ruled table"


def test_statistics_csv_opens_in_excel(built_site: Path) -> None:
    raw = (built_site / "2022-nianhuojie/hunan/print/hunan-key-activities.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = raw.decode("utf-8-sig").split("\r\n")
    assert rows[0].split(",")[:4] == ["序号", "县（市、区）", "举办单位", "活动名称"]
    assert len([r for r in rows if r]) == 4  # header + 3 blank rows


def test_printables_listed_in_data_json_and_downloads_page(built_site: Path) -> None:
    data = load_data(built_site, "2022-nianhuojie/hunan")
    kinds = [(p["kind"], p["id"]) for p in data["assets"]["printables"]]
    assert kinds == [("notice", "gongxiaofei-2021-885"), ("notice", "hunan-2021-12-21"),
                     ("statistics", "hunan-key-activities")]
    for entry in data["assets"]["printables"]:
        for key in ("html", "pdf", "csv"):
            if key in entry:
                assert (built_site / "2022-nianhuojie/hunan" / entry[key]).is_file()
    html = page_text(built_site, "2022-nianhuojie/hunan/downloads")
    assert 'href="../print/hunan-key-activities.csv"' in html and 'href="../print/notice-hunan-2021-12-21.pdf"' in html


def test_build_without_browser_skips_pdfs_and_says_why(project: Path, tmp_path: Path) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in ("fc-match",):
        os.symlink(shutil.which(tool), bin_dir / tool)
    env = {**os.environ, "PATH": str(bin_dir)}
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-m", "generator.cli", "build", "-q"], cwd=project, env=env,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    assert "未生成通知和表格的 PDF（未找到 Chromium" in result.stderr
    site = project / "site"
    assert not list(site.glob("**/print/*.pdf"))
    data = load_data(site, "2021-shuangpin")
    assert all("pdf" not in p for p in data["assets"]["printables"])
    assert (site / "2021-shuangpin/print/commitment.html").is_file()
    assert run_cli("build", "-q", "--no-pdf", cwd=project).returncode == 0


def test_long_attachment_name_wraps_under_its_first_character(notices) -> None:
    lines = [ln for page in notices["liaoshang-2021-15"].pages for ln in text_lines(page)]
    first = next(ln for ln in lines if ln["text"].startswith("附件：1．"))
    wrapped = lines[lines.index(first) + 1]
    second = lines[lines.index(first) + 2]
    cell = 156 / 28
    assert first["x0"] == pytest.approx(LEFT + 2 * cell, abs=0.5)  # 左空二字
    assert wrapped["text"] == "活动的通知" and wrapped["x0"] == pytest.approx(LEFT + 7 * cell, abs=0.5)
    assert second["text"].startswith("2．") and second["x0"] == pytest.approx(LEFT + 5 * cell, abs=0.5)
