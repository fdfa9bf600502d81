"""`campaignsite check`: rules that catch what real campaign documents get wrong.

Each rule takes the loaded project and yields findings pointing at the exact file, line and column.
Rule ids are stable: tests and editors' CI scripts rely on them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from .contrast import low_contrast
from .findings import Finding
from .laws import OFFICIAL_TITLES, closest_title, looks_like_law
from .loader import CampaignSource, Project, display_path
from .model import Campaign, RegionEdition
from .periods import day_count, format_date, lunar_range
from .regions import find_region
from .sourcemap import DataPath, SourceDoc
from .urls import scheme

Rule = Callable[[Project], Iterator[Finding]]
RULES: list[Rule] = []

LANDLINE = re.compile(r"^0\d{2,3}-\d{7,8}(-\d{1,6})?$")
MOBILE = re.compile(r"^1[3-9]\d{9}$")
SERVICE = re.compile(r"^(1\d{4}|400-?\d{3}-?\d{4})$")
EMAIL = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$")
DOC_NUMBER = re.compile(r"^(?P<org>\S+?)〔(?P<year>\d{4})〕(?P<seq>[1-9]\d*)号$")
DAYS_TEXT = re.compile(r"共\s*(\d+)\s*天")
LUNAR_DAY = (r"(?:闰)?[正二三四五六七八九十冬腊]{1,2}月"
             r"(?:初[一二三四五六七八九十]|十[一二三四五六七八九]|二十|廿[一二三四五六七八九]|三十)")
LUNAR_TEXT = re.compile(rf"({LUNAR_DAY})\s*[至到—-]\s*({LUNAR_DAY})")
BOOK_TITLE = re.compile(r"《([^《》]{2,40})》")
BAD_URL = re.compile(r"^\s*(javascript|data|vbscript):", re.I)


def rule(fn: Rule) -> Rule:
    RULES.append(fn)
    return fn


def run_checks(project: Project) -> list[Finding]:
    _lines.cache_clear()  # files may have changed since the last run in this process
    return sorted({f for check in RULES for f in check(project)})


def _sources(campaign: CampaignSource) -> Iterator[tuple[SourceDoc, Campaign | RegionEdition]]:
    yield campaign.doc, campaign.model
    for region in campaign.regions:
        yield region.doc, region.model


def _all(project: Project) -> Iterator[tuple[CampaignSource, SourceDoc, Campaign | RegionEdition]]:
    for campaign in project.campaigns:
        for doc, model in _sources(campaign):
            yield campaign, doc, model


def _strings(data: Any, at: DataPath = ()) -> Iterator[tuple[DataPath, str]]:
    if isinstance(data, str):
        yield at, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _strings(value, (*at, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _strings(value, (*at, i))


def _period(campaign: CampaignSource, model: Campaign | RegionEdition) -> tuple[date, date]:
    period = model.period or campaign.model.period
    return period.start, period.end


# --- dates ------------------------------------------------------------------------------------------

@rule
def period_order(project: Project) -> Iterator[Finding]:
    for _, doc, model in _all(project):
        if model.period and model.period.start > model.period.end:
            yield doc.finding(("period", "end"), f"活动结束日期 {model.period.end} 早于开始日期 {model.period.start}",
                              "date-period-order", fix="交换开始与结束日期")


@rule
def phases_in_order(project: Project) -> Iterator[Finding]:
    for campaign in project.campaigns:
        doc, phases = campaign.doc, campaign.model.phases
        for i, phase in enumerate(phases):
            if phase.start > phase.end:
                yield doc.finding(("phases", i, "end"), f"阶段“{phase.name}”的结束日期早于开始日期",
                                  "date-phase-order")
            if i and phase.start < phases[i - 1].end:
                prev = phases[i - 1]
                yield doc.finding(("phases", i, "start"),
                                  f"阶段“{phase.name}”开始于 {phase.start}，"
                                  f"早于上一阶段“{prev.name}”的结束日期 {prev.end}",
                                  "date-phase-overlap", fix=f"把开始日期改为 {prev.end} 或之后")


def _likely_date(day: date, start: date, end: date) -> date | None:
    """The same month and day in a year that falls inside [start, end], if any."""
    for year in {start.year, end.year}:
        try:
            candidate = day.replace(year=year)
        except ValueError:
            continue
        if start <= candidate <= end:
            return candidate
    return None


def _check_day(doc: SourceDoc, at: DataPath, label: str, day: date, start: date, end: date,
               rule_id: str, window: str) -> Iterator[Finding]:
    if start <= day <= end:
        return
    guess = _likely_date(day, start, end)
    if day.year not in {start.year, end.year} and guess:
        yield doc.finding(at, f"{label}的日期 {day} 年份有误，不在{window}（{start} 至 {end}）内",
                          "date-wrong-year", fix=f"是否应为 {guess}（{format_date(guess)}）？")
    else:
        yield doc.finding(at, f"{label}的日期 {day} 不在{window}（{start} 至 {end}）内", rule_id,
                          fix="核对日期，或用 phase 指明所属阶段")


@rule
def events_inside_period(project: Project) -> Iterator[Finding]:
    for campaign, doc, model in _all(project):
        start, end = _period(campaign, model)
        phases = {p.name: p for p in campaign.model.phases}
        for i, event in enumerate(model.events or []):
            phase = phases.get(event.phase or "")
            if event.phase and phase is None:
                yield doc.finding(("events", i, "phase"), f"活动“{event.name}”所属阶段“{event.phase}”不存在",
                                  "date-unknown-phase", fix=f"可用阶段：{'、'.join(phases) or '（未定义阶段）'}")
                continue
            lo, hi, window = (phase.start, phase.end, f"阶段“{phase.name}”") if phase else (start, end, "活动期")
            yield from _check_day(doc, ("events", i, "date"), f"活动“{event.name}”", event.date, lo, hi,
                                  "date-event-outside", window)
        for i, venue in enumerate(getattr(model, "venues", [])):
            for key in ("opens", "closes"):
                day = getattr(venue, key)
                if day:
                    yield from _check_day(doc, ("venues", i, key), f"场所“{venue.name}”", day, start, end,
                                          "date-venue-outside", "活动期")


@rule
def deadlines_after_reported_period(project: Project) -> Iterator[Finding]:
    for campaign, doc, model in _all(project):
        phases = {p.name: p for p in campaign.model.phases}
        for i, deadline in enumerate(model.deadlines or []):
            if not deadline.reports_on:
                continue
            phase = phases.get(deadline.reports_on)
            if phase is None:
                yield doc.finding(("deadlines", i, "reports_on"), f"报送事项所指阶段“{deadline.reports_on}”不存在",
                                  "date-unknown-phase", fix=f"可用阶段：{'、'.join(phases)}")
            elif deadline.due < phase.end:
                yield doc.finding(("deadlines", i, "due"),
                                  f"“{deadline.what}”的截止日期 {deadline.due} "
                                  f"早于所报送阶段“{phase.name}”的结束日期 {phase.end}",
                                  "date-deadline-before", fix=f"截止日期应不早于 {phase.end}")


@rule
def region_period_inside_national(project: Project) -> Iterator[Finding]:
    for campaign in project.campaigns:
        national = campaign.model.period
        for region in campaign.regions:
            period = region.model.period
            if period and not region.model.allow_period_outside and (
                    period.start < national.start or period.end > national.end):
                yield region.doc.finding(("period",), f"地方活动时间 {period.start} 至 {period.end} 超出全国活动时间 "
                                         f"{national.start} 至 {national.end}", "date-region-outside",
                                         fix="调整日期，或设置 allow_period_outside: true")


# --- calendar facts typed into text -------------------------------------------------------------------

@cache  # several rules scan the same notice bodies
def _lines(path: Path) -> tuple[str, ...]:
    return tuple(path.read_text(encoding="utf-8", errors="replace").splitlines())


def _text_sources(project: Project) -> Iterator[tuple[CampaignSource, Campaign | RegionEdition, str, int, int, str,
                                                      SourceDoc | None, DataPath]]:
    """Every piece of free text: YAML strings (with data path) and notice bodies (with line numbers)."""
    for campaign, doc, model in _all(project):
        for at, text in _strings(doc.data):
            pos = doc.position(at)
            yield campaign, model, doc.path, pos.line, pos.column, text, doc, at
        for notice in model.notices:
            path = project.content_dir / notice.body
            if path.is_file():
                for n, line in enumerate(_lines(path), 1):
                    yield campaign, model, display_path(path), n, 1, line, None, ()


def _finding(path: str, line: int, column: int, doc: SourceDoc | None, at: DataPath, message: str, rule_id: str,
             fix: str | None = None, severity: str = "error") -> Finding:
    if doc is not None:
        return doc.finding(at, message, rule_id, fix=fix, severity=severity)
    return Finding(path, line, column, severity, message, rule_id, fix)  # type: ignore[arg-type]


@rule
def calendar_facts_in_text(project: Project) -> Iterator[Finding]:
    for campaign, model, path, line, col, text, doc, at in _text_sources(project):
        start, end = _period(campaign, model)
        days = day_count(start, end)
        for match in DAYS_TEXT.finditer(text):
            if int(match.group(1)) != days:
                yield _finding(path, line, col + (match.start() if doc is None else 0), doc, at,
                               f"文中“{match.group(0)}”与活动期 {start} 至 {end} 的天数（{days}天）不符",
                               "calendar-days", fix=f"改为“共{days}天”")
        if not campaign.model.lunar:
            continue
        expected = lunar_range(start, end)
        for match in LUNAR_TEXT.finditer(text):
            written = f"{match.group(1)}至{match.group(2)}"
            if written != expected:
                yield _finding(path, line, col + (match.start() if doc is None else 0), doc, at,
                               f"文中农历“{match.group(0)}”与活动期 {start} 至 {end} 不符，应为“{expected}”",
                               "calendar-lunar", fix=f"改为“{expected}”")


# --- laws ---------------------------------------------------------------------------------------------

def _law_finding(title: str, path: str, line: int, col: int, doc: SourceDoc | None, at: DataPath) -> Finding | None:
    if title in OFFICIAL_TITLES:
        return None
    guess = closest_title(title)
    if guess:
        return _finding(path, line, col, doc, at, f"法律法规名称《{title}》有误，正式简称为《{guess}》", "law-name",
                        fix=f"改为《{guess}》")
    return None


@rule
def law_names(project: Project) -> Iterator[Finding]:
    for _, _, path, line, col, text, doc, at in _text_sources(project):
        if at and at[0] == "rules" and len(at) >= 2 and at[1] == "laws":
            continue  # checked below with its own rule
        for match in BOOK_TITLE.finditer(text):
            if looks_like_law(match.group(1)):
                found = _law_finding(match.group(1), path, line, col + (match.start() if doc is None else 0), doc, at)
                if found:
                    yield found
    for _, doc, model in _all(project):
        for i, title in enumerate(model.rules.laws if model.rules else []):
            bare = title.strip("《》")
            found = _law_finding(bare, doc.path, 0, 0, doc, ("rules", "laws", i))
            if found:
                yield found
            elif bare not in OFFICIAL_TITLES:
                yield doc.finding(("rules", "laws", i), f"《{bare}》不在法律法规简称表中", "law-unknown",
                                  fix="核对正式简称；确属新法规请加入 generator/laws.py", severity="warning")
            if title != bare:
                yield doc.finding(("rules", "laws", i), "法律名称不用加书名号，页面会自动加上", "law-brackets",
                                  fix=f"改为 {bare}", severity="warning")


# --- contacts, URLs, regions, notices ----------------------------------------------------------------

def _phone_problem(number: str) -> str | None:
    compact = number.replace(" ", "")
    if LANDLINE.match(compact) or MOBILE.match(compact) or SERVICE.match(compact):
        return None
    if re.fullmatch(r"\d{7,8}", compact):
        return "座机号码缺少区号"
    if re.fullmatch(r"0\d{9,11}", compact):
        return "区号与号码之间应有连字符“-”"
    return "不是有效的座机、手机或服务号码"


@rule
def contact_details(project: Project) -> Iterator[Finding]:
    for _, doc, model in _all(project):
        for i, contact in enumerate(model.contacts or []):
            for j, phone in enumerate(contact.phone):
                problem = _phone_problem(phone)
                if problem:
                    yield doc.finding(("contacts", i, "phone", j), f"{contact.name}的电话“{phone}”{problem}",
                                      "contact-phone", fix="座机写作 区号-号码，如 010-85093723；手机 11 位")
            if contact.fax and (problem := _phone_problem(contact.fax)):
                yield doc.finding(("contacts", i, "fax"), f"{contact.name}的传真“{contact.fax}”{problem}",
                                  "contact-fax", fix="写作 区号-号码")
            if contact.email and not EMAIL.match(contact.email):
                yield doc.finding(("contacts", i, "email"), f"{contact.name}的邮箱“{contact.email}”格式不对",
                                  "contact-email", fix="如 name@mofcom.gov.cn")


@rule
def urls(project: Project) -> Iterator[Finding]:
    for _, doc, model in _all(project):
        for i, platform in enumerate(model.platforms):
            at = ("platforms", i, "url")
            kind = scheme(platform.url)
            if kind == "http":
                yield doc.finding(at, f"平台“{platform.name}”的网址使用 http，微信中可能被拦截",
                                  "url-https", fix="改为 https://", severity="warning")
            elif kind != "https" or "." not in platform.url:
                yield doc.finding(at, f"平台“{platform.name}”的网址“{platform.url}”无效，必须以 https:// 开头",
                                  "url-scheme", fix="填写完整的 https:// 网址")
        for at, text in _strings(doc.data):
            if BAD_URL.match(text):
                yield doc.finding(at, "不允许使用 javascript: 或 data: 链接", "url-unsafe", fix="删除该链接")


@rule
def region_identity(project: Project) -> Iterator[Finding]:
    for campaign in project.campaigns:
        for region in campaign.regions:
            model, known = region.model, region.region
            if model.code != known.code:
                other = find_region(model.code)
                hint = f"（{model.code} 是{other.name}）" if other else ""
                yield region.doc.finding(("code",), f"行政区划代码 {model.code} 与文件名 {known.slug} 不符{hint}",
                                         "region-code", fix=f"{known.name}的代码为 {known.code}")
            if model.name not in (known.name, known.short_name):
                yield region.doc.finding(("name",), f"地区名称“{model.name}”与代码 {known.code}（{known.name}）不符",
                                         "region-name", fix=f"改为 {known.short_name}")
        for i, ref in enumerate(campaign.model.branch_venues):
            if find_region(ref) is None:
                yield campaign.doc.finding(("branch_venues", i), f"分会场“{ref}”不是已知地区", "region-unknown",
                                           fix="用地区简称、拼音或行政区划代码，如 辽宁、liaoning、210000")


@rule
def notice_details(project: Project) -> Iterator[Finding]:
    for _, doc, model in _all(project):
        for i, notice in enumerate(model.notices):
            if not (project.content_dir / notice.body).is_file():
                yield doc.finding(("notices", i, "body"), f"通知正文文件 content/{notice.body} 不存在",
                                  "content-missing", fix="检查文件名，正文放在 content/ 目录下")
            if notice.number is None:
                continue
            match = DOC_NUMBER.match(notice.number.replace(" ", ""))
            if not match:
                fixed = re.sub(r"[\[(（【]\s*(\d{4})\s*[\])）】]", r"〔\1〕", notice.number).replace(" ", "")
                fix = f"改为 {fixed}" if DOC_NUMBER.match(fixed) else "如 商办电函〔2021〕11号"
                yield doc.finding(("notices", i, "number"), f"发文字号“{notice.number}”格式不对，年份应用六角括号〔〕",
                                  "notice-number", fix=fix)
            elif int(match.group("year")) != notice.date.year:
                yield doc.finding(("notices", i, "number"),
                                  f"发文字号年份 {match.group('year')} 与成文日期 {notice.date} 的年份不一致",
                                  "notice-number-year", severity="warning")


@rule
def principle_matches_national(project: Project) -> Iterator[Finding]:
    for campaign in project.campaigns:
        national = campaign.model.principle
        for region in campaign.regions:
            local = region.model.principle
            if national and local and re.sub(r"[，、,\s]", "", local) != re.sub(r"[，、,\s]", "", national):
                yield region.doc.finding(("principle",), f"组织原则“{local}”与全国活动“{national}”不一致",
                                         "principle-mismatch", fix=f"改为“{national}”", severity="warning")


# --- palette ------------------------------------------------------------------------------------------

@rule
def palette_contrast(project: Project) -> Iterator[Finding]:
    for _, doc, model in _all(project):
        colors = model.branding.colors if model.branding else None
        if colors is None:
            continue
        for field, usage, ratio in low_contrast(colors):
            yield doc.finding(("branding", "colors", field),
                              f"配色对比度不足：{usage}，对比度 {ratio:.2f}:1，低于 WCAG AA 要求的 4.5:1",
                              "palette-contrast", fix="加深主色或文字颜色、或调浅背景色，使对比度达到 4.5:1 以上")
