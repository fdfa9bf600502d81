"""Documents nobody has typed yet: organisers at every level, kinds of 公文 and their parts, regional phases,
events over ranges and series, 待定 and 暂定, platforms without a zone, YAML as editors mean it, checks on the
prose (dates, weekdays, events, outline numbering, repeated words), and `import-notice` of Word files."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
import yaml
from icalendar import Calendar

from tests.officedocs import saved_by_libreoffice, write_gbt_docx
from tests.support import HUNAN, NATIONAL, ROOT, edit, line_of, load_data, page_text, run_cli

HUNAN_NOTICE = "content/2022-nianhuojie/regions/hunan/notices/hunan-2021-12-21.md"
NATIONAL_NOTICE = "content/2022-nianhuojie/notices/gongxiaofei-2021-885.md"


EXAMPLE_SITE_RULES = ("footer-missing", "url-placeholder")


def check(project: Path) -> tuple[int, list[dict]]:
    result = run_cli("check", "--format", "json", cwd=project)
    assert "Traceback" not in result.stderr
    # the shipped site.yaml is an example site (no footer, an example.com address): tested on their own
    return result.returncode, [f for f in json.loads(result.stdout) if f["rule"] not in EXAMPLE_SITE_RULES]


def build(project: Path) -> None:
    result = run_cli("build", "-q", "--no-pdf", "--today", "2022-01-20", cwd=project)
    assert result.returncode == 0, result.stderr


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def findings_of(findings: list[dict], rule: str) -> list[dict]:
    return [f for f in findings if f["rule"] == rule]


# --- organisers -------------------------------------------------------------------------------------------


def test_a_region_shows_its_own_organisers_then_the_national_guiding_units(project: Path) -> None:
    edit(
        project / HUNAN,
        "principle:",
        "organisers:\n  guiding: [湖南省人民政府办公厅]\n  hosts: [湖南省商务厅]\n"
        "  organizers: [湖南省电子商务协会]\n  supporters: [兴盛优选]\nprinciple:",
    )
    build(project)
    site = project / "site"
    home = page_text(site, "2022-nianhuojie/hunan")
    for label, units in (
        ("共同指导单位", "湖南省人民政府办公厅"),
        ("主办单位", "湖南省商务厅"),
        ("承办单位", "湖南省电子商务协会"),
        ("支持单位", "兴盛优选"),
        ("全国活动指导单位", "商务部、中央网信办"),
    ):
        assert re.search(rf'cs-fact-label">{label}</span>{units}', home), label
    footer = page_text(site, "2022-nianhuojie/hunan/platforms").split('data-cs-brand="guiding"')[1]
    assert "主办单位：湖南省商务厅" in footer and "全国活动指导单位：商务部" in footer
    assert "全国活动指导单位" not in page_text(site, "2022-nianhuojie")  # the national site is unchanged
    data = load_data(site, "2022-nianhuojie/hunan")
    assert data["schema_version"] == 5 and data["organisers"]["hosts"] == ["湖南省商务厅"]
    from generator.assets import poster_data
    from generator.read import load_project
    from generator.resolve import SiteMap, resolve_editions

    loaded = load_project(project / "campaigns")[0]
    hunan = next(e for e in resolve_editions(loaded) if e.slug == "hunan")
    organisers = poster_data(hunan, SiteMap.of(loaded).microsite(hunan)).fields["organisers"]
    assert organisers.startswith("共同指导单位：湖南省人民政府办公厅；主办单位")


# --- kinds of document ------------------------------------------------------------------------------------

PLAN = """  - id: hunan-plan
    kind: 方案
    issuer: 湖南省商务厅
    title: “2022湖南网上年货节”总体方案
    body: 2022-nianhuojie/regions/hunan/notices/hunan-plan.md
"""


def test_a_plan_has_no_recipients_red_head_or_date_and_prints_no_lone_colon(project: Path) -> None:
    edit(project / HUNAN, "notices:\n", "notices:\n" + PLAN)
    (project / "content/2022-nianhuojie/regions/hunan/notices/hunan-plan.md").write_text(
        "## 一、活动时间\n\n2022年1月10日—2月7日。\n\n## 二、活动内容\n\n网购年货。\n", encoding="utf-8"
    )
    code, findings = check(project)
    # undated, it is only a warning: a page without 发布日期 is one an inspector counts as not updated
    assert code == 0 and [(f["rule"], f["severity"]) for f in findings] == [("notice-undated", "warning")]
    build(project)
    page = page_text(project / "site", "2022-nianhuojie/hunan/notices/hunan-plan")
    assert "cs-page-date" not in page
    printed = (project / "site/2022-nianhuojie/hunan/print/notice-hunan-plan.html").read_text(encoding="utf-8")
    for html in (page, printed):
        assert not re.search(r">\s*：\s*<", html), "a lone colon"
        assert "cs-recipients" not in html and 'class="recipients"' not in html
    assert 'class="mark"' not in printed and "cs-issuer" not in page  # no red 发文机关标志
    assert 'class="title first"' in printed


@pytest.mark.unit
def test_a_notice_needs_its_recipients_and_signature(project: Path) -> None:
    edit(project / HUNAN, "    recipients: 各市州商务主管部门\n", "    recipients: []\n")
    code, findings = check(project)
    assert code == 1
    hit = findings_of(findings, "document-parts")[0]
    assert hit["path"] == HUNAN and hit["line"] == line_of(project / HUNAN, "recipients: []")
    assert "缺少主送机关" in hit["message"]


def test_the_2022_letter_carries_its_plan_as_an_attachment(built_site: Path) -> None:
    page = page_text(built_site, "2022-nianhuojie/notices/gongxiaofei-2021-885")
    assert "附件：“2022全国网上年货节”工作方案" in page
    assert re.search(r"<h2[^>]*>附件：“2022全国网上年货节”工作方案</h2>", page)
    assert "初步选择辽宁、上海、江苏" in page  # the plan's own text
    printed = (built_site / "2022-nianhuojie/print/notice-gongxiaofei-2021-885.html").read_text(encoding="utf-8")
    assert '<section class="attachment">' in printed and '<p class="attachment-label">附件</p>' in printed


# --- phases, events, venues, platforms --------------------------------------------------------------------

REGION_SCHEDULE = """phases:
  - name: 预热
    start: 2022-01-05
    end: 2022-01-09
  - name: 兴农专场报名
    start: 2021-12-22
    end: 2021-12-30
events:
  - name: 年货直播周
    kind: 直播
    date: 2022-01-10
    end_date: 2022-01-16
    repeat: 每天
    time: 20:00
    count: 7
  - name: 湘味年货街
    date: 2022-01-20
    end_date: 2022-01-25
    place: 长沙
  - name: 县长带货
    date: 待定
venues:
  - name: 年货一条街
    place: 待定
    tentative: true
principle:"""


def test_regional_phases_ranges_series_and_what_is_still_undecided(project: Path) -> None:
    text = (project / HUNAN).read_text(encoding="utf-8")
    text = re.sub(r"\nevents:\n(?:  .*\n|    .*\n)+", "\n", text)
    (project / HUNAN).write_text(text.replace("principle:", REGION_SCHEDULE, 1), encoding="utf-8")
    code, findings = check(project)
    assert code == 0, findings
    assert {f["rule"] for f in findings} == {"date-tbd", "venue-tentative"}
    build(project)
    schedule = page_text(project / "site", "2022-nianhuojie/hunan/schedule")
    cells = r'<tr><td class="cs-keep" data-label="阶段">([^<]+)</td><td class="cs-keep" data-label="时间">(\d{4}年[^<]+)</td>'
    phases = re.findall(cells, schedule)
    assert [name for name, _ in phases] == ["前期筹备", "兴农专场报名", "预热", "活动实施", "总结成效"]
    assert ("预热", "2022年1月5日—2022年1月9日") in phases
    assert "2022年1月10日—2022年1月16日，每天 20:00，共7场" in schedule
    assert "日期待定" in schedule and '年货一条街<span class="cs-tag">暂定</span>' in schedule
    calendar = Calendar.from_ical((project / "site/2022-nianhuojie/hunan/schedule.ics").read_bytes())
    events = {str(e["summary"]): e for e in calendar.walk("VEVENT")}
    assert "县长带货" not in events  # no date yet: not in anyone's calendar
    assert events["年货直播周"]["rrule"]["FREQ"] == ["DAILY"]
    assert events["湘味年货街"].decoded("dtend") == date(2022, 1, 26)  # all-day range, end exclusive


@pytest.mark.unit
def test_a_regional_phase_outside_the_campaign_is_refused(project: Path) -> None:
    edit(
        project / HUNAN, "principle:", "phases:\n  - name: 预热\n    start: 2021-10-01\n    end: 2021-10-05\nprinciple:"
    )
    code, findings = check(project)
    hit = findings_of(findings, "date-region-outside")[0]
    assert code == 1 and hit["line"] == line_of(project / HUNAN, "- name: 预热")


def test_a_platform_without_a_zone_yet_is_listed_by_name(project: Path) -> None:
    edit(project / HUNAN, "  - name: 快乐购\n    url: https://www.happigo.com/\n", "  - name: 快乐购\n")
    code, findings = check(project)
    assert code == 0 and [f["rule"] for f in findings] == ["url-missing"]
    build(project)
    page = page_text(project / "site", "2022-nianhuojie/hunan/platforms")
    card = page.split("快乐购")[1].split("cs-card")[0]
    assert "活动专区即将开通" in card and "<img" not in card and "cs-button" not in card
    data = load_data(project / "site", "2022-nianhuojie/hunan")
    assert "快乐购" not in [c["name"] for c in data["assets"]["qr"]["platforms"]]


# --- YAML as editors mean it ------------------------------------------------------------------------------


def test_times_and_words_yaml_1_1_would_turn_into_numbers_or_booleans(project: Path) -> None:
    edit(project / HUNAN, "    place: 形式另行通知\n", "    place: 形式另行通知\n    time: 18:00\n")
    edit(project / HUNAN, "theme: 湖湘年货 网购过大年", "theme: off")
    code, findings = check(project)
    assert code == 0, findings
    build(project)
    assert "2022年1月10日 18:00" in page_text(project / "site", "2022-nianhuojie/hunan/schedule")
    assert "头图：off，" in page_text(project / "site", "2022-nianhuojie/hunan")  # the key visual's words


def test_folded_chinese_lines_join_without_a_space(built_site: Path) -> None:
    lead = page_text(built_site, "2022-nianhuojie").split('<p class="cs-lead">')[1].split("</p>")[0]
    assert "活动，着力强化" in lead and "， " not in lead


# --- prose ------------------------------------------------------------------------------------------------

PROSE = {  # (text appended to the Hunan notice, rule, severity, words, the field that says them)
    "wrong-year": ("\n时间：2021年1月10日。\n", "date-wrong-year", "error", "2022年1月10日", "fix"),
    "weekday": ("\n启动日为2022年1月10日（星期二）。\n", "calendar-weekday", "error", "星期一", "message"),
    "event-date": (
        "\n“2022湖南网上年货节”启动仪式定于2022年1月12日举行。\n",
        "date-event-mismatch",
        "warning",
        "2022年1月10日",
        "message",
    ),
    "outline-skip": ("\n## 五、补充要求\n", "outline-number", "warning", "跳号", "message"),
    "outline-mixed": ("\n（六）另行通知。\n", "outline-level", "warning", "混用", "message"),
    "outline-half-width": ("\n## 四、其他\n\n(一)另行通知。\n", "outline-style", "warning", "半角", "message"),
    "repeated-word": ("\n请各地认真认真做好总结。\n", "text-repeated-word", "warning", "认真", "message"),
}


@pytest.mark.unit
@pytest.mark.parametrize("case", PROSE.values(), ids=PROSE.keys())
def test_prose_mistakes_are_reported_at_their_line(project: Path, case: tuple) -> None:
    text, rule, severity, words, field = case
    append(project / HUNAN_NOTICE, text)
    line = len((project / HUNAN_NOTICE).read_text(encoding="utf-8").splitlines())
    _, findings = check(project)
    hits = findings_of(findings, rule)
    assert hits and hits[0]["path"] == HUNAN_NOTICE and hits[0]["line"] == line, findings
    assert hits[0]["severity"] == severity
    assert words in hits[0][field], hits[0]


@pytest.mark.unit
def test_a_wrong_year_in_yaml_text_too(project: Path) -> None:
    edit(
        project / NATIONAL,
        "  商务部、工业和信息化部联合相关单位在2022年春节期间",
        "  商务部、工业和信息化部联合相关单位于2021年1月10日起",
    )
    _, findings = check(project)
    assert findings_of(findings, "date-wrong-year")[0]["path"] == NATIONAL


SEEDS = {
    "2021-liaoning-nianhuojie.txt": "content/2021-nianhuojie/regions/liaoning/notices/liaoshang-2021-15.md",
    "2021-shuangpin-3rd.txt": "content/2021-shuangpin/notices/shangban-2021-107.md",
    "2022-hunan-nianhuojie.txt": HUNAN_NOTICE,
    "2022-national-nianhuojie-miit.txt": NATIONAL_NOTICE,
}
# what the rules find in the seeds as they were published: each one a real mistake (see the closing note)
SEED_MISTAKES = {
    # (一)(三)(四) with half-width brackets; 63 lines with half-width , ; ( ); "2021 辽宁" spaced, 47 places not
    "2021-liaoning-nianhuojie.txt": {"outline-style", "punctuation-halfwidth", "spacing-inconsistent"},
    # (一)…(十) half-width; half-width commas; "联系人： 王帅卿"; "附件 2" against 77 unspaced places
    "2021-shuangpin-3rd.txt": {"outline-style", "punctuation-halfwidth", "punctuation-space", "spacing-inconsistent"},
    # 《发垄断法》《反不当竞争法》; "于 2022年 1月 10日"; a table row flattened into "县（市、区） 举办单位"
    "2022-hunan-nianhuojie.txt": {"law-name", "spacing-inconsistent", "punctuation-space"},
    # (一)…(四) half-width in the 工作方案; half-width commas; "2022 全国网上年货节" against 51 unspaced
    "2022-national-nianhuojie-miit.txt": {"outline-style", "punctuation-halfwidth", "spacing-inconsistent"},
}


@pytest.mark.unit
@pytest.mark.parametrize("seed", SEEDS)
def test_the_seeds_as_published_show_only_their_real_mistakes(project: Path, seed: str) -> None:
    target = project / SEEDS[seed]
    target.write_text((ROOT / "tests/seeds" / seed).read_text(encoding="utf-8"), encoding="utf-8")
    _, findings = check(project)
    assert {f["rule"] for f in findings if f["path"] == SEEDS[seed]} == SEED_MISTAKES[seed]


@pytest.mark.unit
def test_the_shipped_campaigns_report_only_what_an_example_site_lacks(project: Path) -> None:
    """A footer and a real address, until a department puts its own: each said once, as a warning."""
    result = run_cli("check", "--format", "json", cwd=project)
    assert result.returncode == 0, result.stderr
    assert [(f["path"], f["rule"], f["severity"]) for f in json.loads(result.stdout)] == [
        ("campaigns/site.yaml", rule, "warning") for rule in sorted(EXAMPLE_SITE_RULES)
    ]


# --- import-notice ----------------------------------------------------------------------------------------


def _shipped_notice(notice_id: str) -> tuple[dict, str]:
    campaign = yaml.safe_load((ROOT / "campaigns/2021-nianhuojie/campaign.yaml").read_text(encoding="utf-8"))
    notice = next(n for n in campaign["notices"] if n["id"] == notice_id)
    return notice, (ROOT / "content" / notice["body"]).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def office_docx(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("office")
    notice, body = _shipped_notice("shangban-2021-11")
    notice = {**notice, "cc": ["中国消费者协会", "国家邮政局"], "attachments": ["网上年货节统一标识"]}
    plan = (
        "为统一宣传，现将“2021全国网上年货节”统一标识的使用要求说明如下：\n\n## 一、使用范围\n\n"
        "各地活动的页面、海报和专区。\n\n## 二、使用要求\n\n不得改变标识的比例和颜色。\n\n"
        "## 三、获取方式\n\n向商务部电子商务司索取。\n"
    )
    word = write_gbt_docx(folder / "shangban-2021-11.docx", notice, body, [("网上年货节统一标识", plan)])
    return {"python-docx": word, "libreoffice": saved_by_libreoffice(word, folder / "lo")}


@pytest.mark.parametrize("made_by", ["python-docx", "libreoffice"])
def test_import_notice_finds_every_part_of_a_gbt_9704_docx(project: Path, office_docx: dict, made_by: str) -> None:
    result = run_cli("import-notice", str(office_docx[made_by]), "--campaign", "2021-nianhuojie", cwd=project)
    assert result.returncode == 0, result.stderr
    [entry] = yaml.safe_load(result.stdout)
    notice, body = _shipped_notice("shangban-2021-11")
    for key in ("issuer_mark", "number", "urgency", "title", "recipients", "signature", "date", "printer", "printed"):
        assert entry[key] == notice[key], key
    assert entry["cc"] == ["中国消费者协会", "国家邮政局"] and entry["issuer"] == "商务部办公厅"
    assert entry["attachments"][0]["title"] == "网上年货节统一标识"
    imported = (project / "content" / entry["body"]).read_text(encoding="utf-8")
    assert [p.strip() for p in imported.split("\n\n") if p.strip()] == [
        p.strip().replace("\n", "") for p in body.split("\n\n") if p.strip()
    ]
    attachment = (project / "content" / entry["attachments"][0]["body"]).read_text(encoding="utf-8")
    assert attachment.startswith("为统一宣传") and "## 三、获取方式" in attachment
    assert "✓ 发文字号：商办电函〔2021〕11号" in result.stderr and "未能归类" not in result.stderr
    # pasted into the campaign as it is, it passes check and builds
    campaign = project / "campaigns/2021-nianhuojie/campaign.yaml"
    entry["id"] = "imported"
    data = yaml.safe_load(campaign.read_text(encoding="utf-8"))
    data["notices"].append(entry)
    campaign.write_text(
        "# yaml-language-server: $schema=../../schema/campaign.schema.json\n"
        + yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
        encoding="utf-8",
    )
    code, findings = check(project)
    assert code == 0, findings


def test_import_notice_refuses_what_is_not_a_word_file(project: Path) -> None:
    bogus = project / "bogus.docx"
    bogus.write_text("not a docx", encoding="utf-8")
    result = run_cli("import-notice", str(bogus), "--campaign", "2021-nianhuojie", cwd=project)
    assert result.returncode == 1 and "Traceback" not in result.stderr and "(import-notice)" in result.stderr


ROUND_TRIP = [
    ("2021-nianhuojie", "2021-nianhuojie", "shangban-2021-11"),
    ("2021-nianhuojie/liaoning", "2021-nianhuojie", "liaoshang-2021-15"),
    ("2021-shuangpin", "2021-shuangpin", "shangban-2021-107"),
    ("2022-nianhuojie", "2022-nianhuojie", "gongxiaofei-2021-885"),
    ("2022-nianhuojie/hunan", "2022-nianhuojie", "hunan-2021-12-21"),
]


def _given(fields: dict, key: str) -> object:
    """A field's value, an empty one ("", [], absent) as None: import-notice omits what data.json leaves empty."""
    value = fields.get(key)
    return value if value not in ("", [], {}, None) else None


@pytest.mark.parametrize(("microsite", "campaign", "notice_id"), ROUND_TRIP)
def test_our_own_word_files_import_back_to_the_same_notice(
    built_site: Path, project: Path, microsite: str, campaign: str, notice_id: str
) -> None:
    """The Word file the build publishes, read back by import-notice: the same parts as the YAML says."""
    data = next(n for n in load_data(built_site, microsite)["notices"] if n["id"] == notice_id)
    docx = built_site / microsite / "print" / f"notice-{notice_id}.docx"
    result = run_cli("import-notice", str(docx), "--campaign", campaign, "--id", "back", cwd=project)
    assert result.returncode == 0, result.stderr
    [entry] = yaml.safe_load(result.stdout)
    assert entry.get("kind", "通知") == data.get("kind", "通知")
    for key in ("issuer_mark", "number", "urgency", "title", "signature", "cc", "printer"):
        assert _given(entry, key) == _given(data, key), key
    assert str(entry.get("date")) == data.get("date") and entry["recipients"] == "、".join(data["recipients"])
    listed = [{"title": a} if isinstance(a, str) else a for a in entry.get("attachments", [])]
    assert [(a["title"], a.get("kind")) for a in listed] == [(a["title"], a.get("kind")) for a in data["attachments"]]
    assert "未能归类" not in result.stderr
