"""Notices printed by Chromium and read back with pdfplumber: GB/T 9704-2012 geometry, line grid, page
numbers, signature and date with the text, 版记 on an even page, 信函格式; forms on one page / landscape;
CSV for Excel; the glyph guard; the build without a browser. The checks themselves are in tests/gbt9704.py
(the Word files' PDFs pass the same ones, tests/test_docx.py)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pdfplumber
import pytest

from tests.gbt9704 import (
    A4,
    BOTTOM,
    DATE,
    GROWN_LETTERS,
    GROWN_NOTICES,
    LEFT,
    SIGNATURE,
    TOP,
    body_lines,
    check_annex_note,
    check_attachment,
    check_cc_wraps_after_colon,
    check_ending,
    check_letter_head,
    check_lines_per_page,
    check_page_numbers,
    check_text_block,
    full_lines_of_28,
    grown_project,
    opened,
    radicals_to_ideographs,
    text_lines,
)
from tests.support import BUILD_DAY, load_data, page_text, run_cli

# (microsite, notice, signature, date, 信函格式)
NOTICES = [
    ("2021-nianhuojie", "shangban-2021-11", "商务部办公厅", "2021年1月8日", False),
    ("2021-nianhuojie/liaoning", "liaoshang-2021-15", "辽宁省商务厅", "2021年1月15日", False),
    ("2021-shuangpin", "shangban-2021-107", "商务部办公厅", "2021年3月15日", False),
    ("2022-nianhuojie", "gongxiaofei-2021-885", "工业和信息化部消费品工业司", "2021年12月28日", True),
    ("2022-nianhuojie/hunan", "hunan-2021-12-21", "湖南省商务厅", "2021年12月21日", False),
]
IDS = [n[1] for n in NOTICES]


@pytest.fixture(scope="module")
def notices(built_site: Path):
    with opened({notice: built_site / path / "print" / f"notice-{notice}.pdf" for path, notice, *_ in NOTICES}) as pdfs:
        yield pdfs


@pytest.mark.parametrize(("path", "notice", "signature", "date", "letter"), NOTICES, ids=IDS)
def test_notice_pdf_geometry_follows_gbt_9704(
    notices, path: str, notice: str, signature: str, date: str, letter: bool
) -> None:
    document = notices[notice]
    assert len(document.pages) >= 2
    check_page_numbers(document, letter)
    check_text_block(document)


@pytest.mark.parametrize(("path", "notice", "signature", "date", "letter"), NOTICES, ids=IDS)
def test_full_lines_hold_28_characters_and_full_pages_22_lines(
    notices, path: str, notice: str, signature: str, date: str, letter: bool
) -> None:
    full_lines_of_28(notices[notice])
    check_lines_per_page(notices[notice], signature)


@pytest.mark.parametrize(("path", "notice", "signature", "date", "letter"), NOTICES, ids=IDS)
def test_signature_with_text_and_colophon_on_an_even_last_page(
    notices, path: str, notice: str, signature: str, date: str, letter: bool
) -> None:
    ending = check_ending(notices[notice], signature, date, letter)
    if notice == "hunan-2021-12-21":
        assert ending.colophon_page is None  # no 抄送, no 印发: no 版记


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
    assert printed["x0"] == pytest.approx(LEFT + 14 / 72 * 25.4, abs=0.5)  # 印发机关 左空一字, 4号
    assert printed["x1"] == pytest.approx(210 - 26 - 14 / 72 * 25.4, abs=0.5)  # 印发日期 右空一字


def test_letter_format_of_a_han(notices) -> None:
    check_letter_head(notices["gongxiaofei-2021-885"], "工业和信息化部司局简函", "工消费函〔2021〕885号")


def test_attachment_starts_a_page_with_its_label_and_title(notices) -> None:
    check_attachment(notices["gongxiaofei-2021-885"], "“2022全国网上年货节”工作方案")


def test_cc_wraps_under_the_first_name(notices) -> None:
    check_cc_wraps_after_colon(notices["gongxiaofei-2021-885"])


def test_commitment_fits_one_page_and_statistics_form_is_landscape(built_site: Path) -> None:
    with pdfplumber.open(built_site / "2021-shuangpin/print/commitment.pdf") as document:
        assert len(document.pages) == 1
        text = radicals_to_ideographs(document.pages[0].extract_text())
        assert "承诺书" in text and "6．" in text and "承诺方代表（签字）" in text
        lines = body_lines(document.pages[0])
        assert min(ln["x0"] for ln in lines) == pytest.approx(LEFT, abs=0.5)  # the GB/T 9704 text block
        assert max(ln["x1"] for ln in lines) <= 210 - 26 + 0.5 and lines[0]["top"] >= TOP - 1
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
    assert kinds == [
        ("notice", "gongxiaofei-2021-885"),
        ("notice", "hunan-2021-12-21"),
        ("statistics", "hunan-key-activities"),
    ]
    for entry in data["assets"]["printables"]:
        assert entry["docx"] == entry["html"].removesuffix(".html") + ".docx"
        for key in ("html", "pdf", "docx", "csv"):
            if key in entry:
                assert (built_site / "2022-nianhuojie/hunan" / entry[key]).is_file()
    html = page_text(built_site, "2022-nianhuojie/hunan/downloads")
    assert 'href="../print/hunan-key-activities.csv"' in html and 'href="../print/notice-hunan-2021-12-21.pdf"' in html
    assert 'href="../print/notice-hunan-2021-12-21.docx" download aria-label="Word（WPS 可编辑）">Word' in html


def test_build_without_browser_skips_pdfs_and_says_why(project: Path, tmp_path: Path) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in ("fc-match",):
        os.symlink(shutil.which(tool), bin_dir / tool)
    env = {**os.environ, "PATH": str(bin_dir)}
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "generator.cli", "build", "-q"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    assert "未生成通知和表格的 PDF（未找到 Chromium" in result.stderr
    site = project / "site"
    assert not list(site.glob("**/print/*.pdf"))
    data = load_data(site, "2021-shuangpin")
    assert all("pdf" not in p for p in data["assets"]["printables"])
    assert (site / "2021-shuangpin/print/commitment.html").is_file()
    assert (site / "2021-shuangpin/print/commitment.docx").is_file()  # Word files need no browser
    assert run_cli("build", "-q", "--no-pdf", cwd=project).returncode == 0


def test_long_attachment_name_wraps_under_its_first_character(notices) -> None:
    check_annex_note(notices["liaoshang-2021-15"])


# --- bodies of growing length, printed in one build -------------------------------------------------------
@pytest.fixture(scope="module")
def grown(tmp_path_factory: pytest.TempPathFactory):
    project, notices = grown_project(tmp_path_factory.mktemp("grown"))
    result = run_cli("build", "-q", "--today", BUILD_DAY.isoformat(), cwd=project)
    assert result.returncode == 0, result.stderr
    folder = project / "site" / "2021-shuangpin" / "print"
    with opened({n.id: folder / f"notice-{n.id}.pdf" for n in notices}) as pdfs:
        yield {n.id: (n, pdfs[n.id]) for n in notices}, folder


def test_signature_never_stands_alone_whatever_line_the_body_ends_on(grown) -> None:
    """The body's last line on every line of a page (1 … 22): signature and date stay with text, lines of
    that page set closer when needed; the 版记 on the last, even page; blank and 版记 pages unnumbered."""
    opened, _ = grown
    ends: dict[bool, set[int]] = {False: set(), True: set()}
    endings: dict[bool, set[tuple[int, int]]] = {False: set(), True: set()}
    for notice, document in opened.values():
        check_page_numbers(document, notice.letter)
        check_lines_per_page(document, SIGNATURE)
        ending = check_ending(document, SIGNATURE, DATE, notice.letter)
        assert ending.colophon_page is not None
        endings[notice.letter].add((ending.signature_page, ending.lines_above))
        if ending.signature_page == 1:
            ends[notice.letter].add(ending.lines_above)
        check_cc_wraps_after_colon(document)
    assert ends[False] >= set(range(1, 23)) and ends[True] >= set(range(1, 23))
    assert len(endings[False]) == len(GROWN_NOTICES) and len(endings[True]) == len(GROWN_LETTERS)


def test_notice_without_recipients_prints_no_lone_colon(grown) -> None:
    _, folder = grown
    for pdf in folder.glob("notice-*.pdf"):
        with pdfplumber.open(pdf) as document:
            for page in document.pages:
                for line in text_lines(page):
                    assert not line["text"].startswith("："), f"{pdf.name}: {line['text']}"
    with pdfplumber.open(folder / "notice-gg-01.pdf") as document:  # a 公告 has no 主送机关
        first = [ln["text"] for ln in body_lines(document.pages[0])]
        assert not any(t.endswith("：") for t in first), first


def test_character_missing_from_the_print_face_stops_the_build(project: Path) -> None:
    campaign = project / "campaigns" / "2021-shuangpin" / "campaign.yaml"
    text = campaign.read_text(encoding="utf-8")
    campaign.write_text(
        text.replace(
            "title: 商务部办公厅关于开展第三届“双品网购节”的通知",
            "title: 商务部办公厅关于开展第三届“双品网购节”\ue000的通知",
        ),
        encoding="utf-8",
    )
    line = next(
        i for i, ln in enumerate(text.splitlines(), 1) if ln.strip().startswith("title: 商务部办公厅关于开展第三届")
    )
    result = run_cli("build", "-q", "--no-pdf", cwd=project)
    assert result.returncode != 0
    assert f"campaigns/2021-shuangpin/campaign.yaml:{line}:" in result.stderr
    assert "缺少这些字：\ue000" in result.stderr and "print-glyphs" in result.stderr
