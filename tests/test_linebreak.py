"""Where a line of Chinese may break (generator/render/linebreak.py): the words are right, not only obeyed.
The browser test (test_public_face.py) checks that pages break only where these words end."""

from __future__ import annotations

import pytest
from markupsafe import Markup

from generator.render.linebreak import break_points, breakable, plain_headings_breakable, words

pytestmark = pytest.mark.unit

WHOLE = [
    # numbers, times and dates with what belongs to them
    ("一二三四五六七3.8折", "3.8折"),
    ("满99.9%的", "99.9%"),
    ("每天10:00开始", "10:00"),
    ("截至2022-01-10", "2022-01-10"),
    ("１２３年", "１２３年"),
    ("请于12月31日前报送", "12月31日前"),
    ("2021年度总结", "2021年度"),
    ("活动时间：2022年1月10日—2月7日", "2022年1月10日—"),
    ("主会场暨“1+N”启动仪式", "“1+N”"),
    # names: the campaigns' words, the big platforms', names jieba's model finds
    ("2022湖南网上年货节", "网上年货节"),
    ("进入拼多多专区", "拼多多"),
    ("进入饿了么专区", "饿了么"),
    ("进入美团专区", "美团"),
    ("湖湘年货 网购过大年", "湖湘"),
    ("打响网销“一县一品”品牌", "“一县一品”"),
    # what no line should part
    ("中国🇨🇳加油", "🇨🇳"),
    ("点赞👍🏽", "👍🏽"),
    ("Zhōngguó人", "Zhōngguó"),
]


@pytest.mark.parametrize(("text", "word"), WHOLE)
def test_a_word_is_never_parted(text: str, word: str) -> None:
    assert "".join(words(text)) == text
    start = text.index(word)
    inside = set(range(start + 1, start + len(word)))
    assert not inside & break_points(text), words(text)


def test_lines_may_break_between_words_and_after_spaces() -> None:
    text = "湖湘年货 网购过大年"
    assert {2, 5, 7} <= break_points(text)  # after 湖湘, after the space, after 网购
    assert 1 not in break_points(text)


def test_no_break_after_a_no_break_space() -> None:
    assert 3 not in break_points("2022\u00a0年货")


def test_breakable_escapes_and_keeps_markup() -> None:
    assert str(breakable("<b>年货</b>")).count("<b>") == 0
    assert str(breakable("<b>年货</b>")).replace("<wbr>", "") == "&lt;b&gt;年货&lt;/b&gt;"
    marked = str(breakable(Markup("2022年1月10日—2月7日 &amp; 每天")))
    assert "&amp;" in marked and "&amp;amp;" not in marked
    assert "\u2060—" in marked  # the dash stays with its date


def test_plain_template_headings_get_break_hints_and_others_are_left_alone() -> None:
    text = plain_headings_breakable("## 参加活动的企业须遵守的法律法规\n## a [b](c)\n正文不变\n")
    assert "## 参加<wbr>活动" in text
    assert "## a [b](c)" in text and "正文不变" in text
