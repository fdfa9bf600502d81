"""Titles broken into lines (GB/T 9704 §7.3.1, generator/documents/titles.py): between jieba's words, never
inside a number, a date or a quoted name, in a trapezoid or a diamond. A pure function: the fast tier."""

from __future__ import annotations

import functools
import itertools
import re

import jieba
import pytest

from generator.documents.geometry import NOTICE, WIDE_FORM
from generator.documents.titles import cells, title_lines

pytestmark = pytest.mark.unit

WIDTH = NOTICE.title_cells
TITLES = {  # the shipped notices' titles, and what a clerk would break them into
    "商务部办公厅关于开展“2021全国网上年货节”活动的通知": ("商务部办公厅关于开展", "“2021全国网上年货节”活动的通知"),
    "关于组织开展“2022全国网上年货节”的通知": ("关于组织开展", "“2022全国网上年货节”的通知"),
    "湖南省商务厅关于开展“2022湖南网上年货节”活动的通知": ("湖南省商务厅关于开展", "“2022湖南网上年货节”活动的通知"),
    "商务部办公厅关于开展第三届“双品网购节”的通知": ("商务部办公厅关于开展", "第三届“双品网购节”的通知"),
}
LONG = [
    *TITLES,
    "国务院办公厅关于进一步做好减轻企业负担工作加强中小企业服务体系建设促进消费品工业平稳发展的指导意见",
    "商务部 工业和信息化部 国家邮政局关于2022年1月15日至2月15日开展“2022全国网上年货节”的通知",
    "关于印发《2022年全国网上年货节活动方案》和《网络零售平台促消费工作指引（试行）》的通知",
    "辽宁省商务厅关于转发商电函〔2021〕15号文件做好2021年第12届网上年货节组织实施工作的通知",
]
WHOLE = re.compile(r"\d+年\d+月\d+日|\d+月\d+日|\d+年|\d+号|第\d+届|\d+|“[^”]*”|《[^》]*》|〔[^〕]*〕|（[^）]*）")


@functools.cache
def segmenter() -> jieba.Tokenizer:
    return jieba.Tokenizer()


def word_ends(text: str) -> set[int]:
    return set(itertools.accumulate(len(w) for w in segmenter().lcut(text)))


@pytest.mark.parametrize(("title", "expected"), TITLES.items())
def test_the_shipped_titles_break_where_a_clerk_breaks_them(title: str, expected: tuple[str, ...]) -> None:
    assert title_lines(title, WIDTH) == expected


@pytest.mark.parametrize("title", LONG)
def test_lines_fit_break_between_words_and_keep_numbers_dates_and_names_whole(title: str) -> None:
    lines = title_lines(title, WIDTH)
    assert "".join(lines) == title and len(lines) >= 2
    assert all(cells(line) <= WIDTH for line in lines)
    ends = word_ends(title)
    offsets = list(itertools.accumulate(len(line) for line in lines))[:-1]
    assert set(offsets) <= ends, f"a break inside a word: {lines}"
    for match in WHOLE.finditer(title):
        assert not any(match.start() < at < match.end() for at in offsets), f"{match.group(0)} split: {lines}"


@pytest.mark.parametrize("title", LONG)
def test_lines_make_a_trapezoid_or_a_diamond(title: str) -> None:
    widths = [cells(line) for line in title_lines(title, WIDTH)]
    top = widths.index(max(widths))
    assert all(a <= b + 0.5 for a, b in itertools.pairwise(widths[: top + 1])), widths
    assert all(a + 0.5 >= b for a, b in itertools.pairwise(widths[top:])), widths


def test_a_title_that_fits_is_one_line_and_a_wide_form_holds_more() -> None:
    assert title_lines("“2022全国网上年货节”工作方案", WIDTH) == ("“2022全国网上年货节”工作方案",)
    title = "湖南省商务厅关于开展“2022湖南网上年货节”活动的通知"
    assert len(title_lines(title, WIDTH)) == 2 and title_lines(title, WIDE_FORM.title_cells) == (title,)


def test_a_name_longer_than_a_line_is_broken_between_its_words() -> None:
    title = "“" + "网上年货节系列促消费活动" * 3 + "”"
    lines = title_lines(title, WIDTH)
    assert len(lines) == 2 and all(cells(line) <= WIDTH for line in lines)
    assert set(itertools.accumulate(len(line) for line in lines[:-1])) <= word_ends(title)


def test_no_line_starts_with_a_closing_mark_or_ends_with_an_opening_one() -> None:
    title = "关于做好“双品网购节”、“网上年货节”（第三届）、“丝路云品”电商节等活动组织工作的通知"
    lines = title_lines(title, WIDTH)
    assert len(lines) >= 2
    assert not any(line[0] in "，。、；：）》”" for line in lines[1:])
    assert not any(line[-1] in "（《“" for line in lines[:-1])
