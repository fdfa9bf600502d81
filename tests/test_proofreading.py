"""Proofreading in `check`: Chinese punctuation and spacing (autocorrect), common 错别字 from a list with its
sources, and the 规范表述 dictionaries (campaigns/terms.yaml, a campaign's, a region's), each finding at its
file:line:column with the fix, and nothing on the shipped campaigns."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support import HUNAN, NATIONAL, check_json, edit, line_of

pytestmark = pytest.mark.unit

NATIONAL_NOTICE = "content/2022-nianhuojie/notices/gongxiaofei-2021-885.md"
LIAONING = "campaigns/2021-nianhuojie/regions/liaoning.yaml"
PROOFREADING = {"punctuation-halfwidth", "punctuation-space", "fullwidth-alnum", "spacing-inconsistent", "typo", "term"}


def proofread(project: Path) -> tuple[int, list[dict]]:
    code, findings = check_json(project)
    return code, [f for f in findings if f["rule"] in PROOFREADING]


def column_of(path: Path, line: int, needle: str) -> int:
    return path.read_text(encoding="utf-8").splitlines()[line - 1].index(needle) + 1


def test_the_shipped_campaigns_have_nothing_to_proofread(project: Path) -> None:
    assert proofread(project) == (0, [])


def test_half_width_punctuation_in_yaml_is_found_at_its_column(project: Path) -> None:
    edit(project / NATIONAL, "掀起开年消费热潮，服务构建新发展格局", "掀起开年消费热潮,服务构建新发展格局")
    code, findings = proofread(project)
    [found] = findings
    line = line_of(project / NATIONAL, "掀起开年消费热潮,")
    assert (found["path"], found["line"], found["column"]) == (NATIONAL, line, column_of(project / NATIONAL, line, ","))
    assert (found["rule"], found["severity"], found["fix"]) == ("punctuation-halfwidth", "warning", "改为“，”")
    assert code == 0  # a warning: the build goes on, --strict stops it


def test_half_width_marks_in_a_notice_one_finding_a_line(project: Path) -> None:
    path = project / NATIONAL_NOTICE
    edit(path, "加强与当地商务部门、邮政部门", "加强与当地商务部门,邮政部门;消费者协会(省级)及")
    line = line_of(path, "商务部门,邮政部门")
    found = {(f["rule"], f["line"], f["column"], f["fix"]) for f in proofread(project)[1]}
    assert found == {
        ("punctuation-halfwidth", line, column_of(path, line, ","), "改为“，”"),
        ("punctuation-halfwidth", line, column_of(path, line, ";"), "改为“；”"),
        ("punctuation-halfwidth", line, column_of(path, line, "(省级)"), "改为“（省级）”"),
    }


def test_full_width_digits_and_spaces_by_full_width_marks(project: Path) -> None:
    path = project / NATIONAL_NOTICE
    edit(path, "2022年2月18日前将活动总结", "２０２２年2月18日前， 将活动总结")
    rules = {(f["rule"], f["fix"]) for f in proofread(project)[1]}
    assert rules == {("fullwidth-alnum", "改为“2022”"), ("punctuation-space", "删去空格")}


def test_spacing_written_both_ways_in_one_file_reports_the_fewer(project: Path) -> None:
    path = project / NATIONAL_NOTICE
    edit(path, "促进2022年一季度", "促进 2022 年一季度")
    [found] = proofread(project)[1]
    line = line_of(path, "促进 2022 年")
    assert (found["rule"], found["line"], found["column"]) == (
        "spacing-inconsistent",
        line,
        column_of(path, line, " 2022"),
    )
    assert "（本行 2 处）" in found["message"] and found["fix"].startswith("删去空格")


def test_a_phone_number_after_a_name_is_not_spacing(project: Path) -> None:
    # the shipped notice writes "联系方式：肖鹏 010-68205665": a name, then a number of its own
    assert "肖鹏 010-68205665" in (project / NATIONAL_NOTICE).read_text(encoding="utf-8")
    assert proofread(project)[1] == []


@pytest.mark.parametrize(
    ("wrong", "right", "source"),
    [
        ("优惠卷", "优惠券", "本项目常见错字表"),
        ("再接再励", "再接再厉", "pycorrector 常见错别字表"),
        ("截止年底", "截至年底", "pycorrector 常见错别字表"),
        ("斗音", "抖音", "pycorrector 常见错别字表"),
    ],
)
def test_common_typos_are_errors_with_their_source(project: Path, wrong: str, right: str, source: str) -> None:
    edit(project / NATIONAL_NOTICE, "创新形式开展促销活动", f"创新形式开展促销活动，{wrong}")
    code, [found] = proofread(project)
    assert code == 1 and found["rule"] == "typo" and found["severity"] == "error"
    assert found["fix"] == f"改为“{right}”" and found["message"] == f"错别字“{wrong}”（{source}）"
    line = line_of(project / NATIONAL_NOTICE, wrong)
    assert (found["line"], found["column"]) == (line, column_of(project / NATIONAL_NOTICE, line, wrong))


def test_the_national_terms_apply_everywhere_outside_law_titles(project: Path) -> None:
    edit(project / HUNAN, "打响网销", "依据反不当竞争法，打响网销")
    edit(project / NATIONAL_NOTICE, "切实维护消费者合法权益", "依照《反不当竞争法》切实维护消费者合法权益")
    code, findings = check_json(project)
    terms = [f for f in findings if f["rule"] == "term"]
    assert [(f["path"], f["severity"]) for f in terms] == [(HUNAN, "error")] and code == 1
    assert terms[0]["fix"].startswith("改为“反不正当竞争法”（规范表述表 campaigns/terms.yaml:")
    # inside 《》 the law rule names it, once
    assert [f["path"] for f in findings if f["rule"] == "law-name"] == [NATIONAL_NOTICE]


def test_a_region_extends_the_terms_for_its_own_texts_only(project: Path) -> None:
    terms = project / "campaigns/2022-nianhuojie/regions/hunan/terms.yaml"
    terms.write_text(
        "- wrong: 湖南年货节\n  right: 湖南网上年货节\n  severity: warning\n  note: 省厅通知的活动名称\n",
        encoding="utf-8",
    )
    edit(project / HUNAN, "打响网销", "湖南年货节打响网销")
    edit(project / LIAONING, "辽宁", "辽宁（湖南年货节）")
    edit(project / NATIONAL, "掀起开年消费热潮", "湖南年货节掀起开年消费热潮")
    code, findings = proofread(project)
    assert [(f["path"], f["rule"], f["severity"]) for f in findings] == [(HUNAN, "term", "warning")]
    assert "省厅通知的活动名称" in findings[0]["message"] and code == 0
    assert (
        findings[0]["fix"] == "改为“湖南网上年货节”（规范表述表 campaigns/2022-nianhuojie/regions/hunan/terms.yaml:1）"
    )


def test_a_term_inside_its_right_form_is_not_reported(project: Path) -> None:
    (project / "campaigns/2022-nianhuojie/terms.yaml").write_text(
        "- wrong: 监管总局\n  right: 市场监管总局\n", encoding="utf-8"
    )
    assert "市场监管总局" in (project / NATIONAL).read_text(encoding="utf-8")
    edit(project / NATIONAL, "掀起开年消费热潮", "由监管总局指导，掀起开年消费热潮")
    code, findings = proofread(project)
    assert [(f["path"], f["rule"]) for f in findings] == [(NATIONAL, "term")] and code == 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("- wrong: 工信部\n  rihgt: 工业和信息化部\n", [(1, "schema-missing"), (2, "schema-unknown-key")]),
        ("- wrong: 工信部\n  right: 工业和信息化部\n  severity: fatal\n", [(3, "schema-choice")]),
        ("wrong: 工信部\n", [(1, "schema-type")]),
        ("- wrong: [工信部\n", [(2, "yaml-syntax")]),
    ],
)
def test_a_bad_terms_file_is_named_at_its_line(project: Path, text: str, expected: list) -> None:
    (project / "campaigns/terms.yaml").write_text(text, encoding="utf-8")
    code, findings = check_json(project)
    ours = [f for f in findings if f["path"] == "campaigns/terms.yaml"]
    assert code == 1 and [(f["line"], f["rule"]) for f in ours] == expected, ours


FORK_PAGE = "campaigns/2022-nianhuojie/regions/hunan/pages/yixian-yipin.md"


def test_a_fork_page_is_proofread_too(project: Path) -> None:
    page = project / FORK_PAGE
    page.write_text(page.read_text(encoding="utf-8") + "\n本页按装了二维码,请扫描。\n", encoding="utf-8")
    found = {(f["path"], f["rule"]) for f in proofread(project)[1]}
    assert found == {(FORK_PAGE, "typo"), (FORK_PAGE, "punctuation-halfwidth")}


def test_a_field_chosen_from_a_list_is_never_reworded(project: Path) -> None:
    """`kind: 网上年货节` is one of the schema's values: a term for it must not ask to change it."""
    (project / "campaigns/2022-nianhuojie/terms.yaml").write_text(
        "- wrong: 网上年货节\n  right: 全国网上年货节\n  severity: warning\n", encoding="utf-8"
    )
    findings = proofread(project)[1]
    assert findings and not [
        f for f in findings if f["path"] == NATIONAL and f["line"] == line_of(project / NATIONAL, "kind:")
    ]


def test_code_blocks_and_clock_times_are_not_prose(project: Path) -> None:
    path = project / NATIONAL_NOTICE
    path.write_text(
        path.read_text(encoding="utf-8") + '\n```\nprint("你好,世界")\n```\n\n会议时间：2022年1月10日 9:30。\n',
        encoding="utf-8",
    )
    assert proofread(project) == (0, [])


def test_many_terms_are_one_pass(project: Path) -> None:
    """Five thousand entries: each text is searched once, not once per entry (the check stays fast)."""
    extra = "".join(f"- wrong: 不规范写法{i:04d}\n  right: 规范写法{i:04d}\n" for i in range(5000))
    terms = project / "campaigns/terms.yaml"
    terms.write_text(
        terms.read_text(encoding="utf-8") + extra + "- wrong: 打响网销\n  right: 打响网上销售\n", encoding="utf-8"
    )
    findings = [f for f in proofread(project)[1] if f["rule"] == "term"]
    assert {f["path"] for f in findings} == {
        HUNAN,
        FORK_PAGE,
        "content/2022-nianhuojie/regions/hunan/notices/hunan-2021-12-21.md",
    }
