"""`campaignsite check`: rules that catch what real campaign documents get wrong.

Each rule takes the loaded project and yields findings pointing at the exact file, line and column.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from .findings import Finding
from .loader import CampaignSource, Project
from .sourcemap import SourceDoc
from .urls import scheme

Rule = Callable[[Project], Iterator[Finding]]
RULES: list[Rule] = []


def rule(fn: Rule) -> Rule:
    RULES.append(fn)
    return fn


def run_checks(project: Project) -> list[Finding]:
    return sorted(f for check in RULES for f in check(project))


def _docs(campaign: CampaignSource) -> Iterator[tuple[SourceDoc, object]]:
    yield campaign.doc, campaign.model
    for region in campaign.regions:
        yield region.doc, region.model


@rule
def period_order(project: Project) -> Iterator[Finding]:
    for campaign in project.campaigns:
        for doc, model in _docs(campaign):
            period = getattr(model, "period", None)
            if period and period.start > period.end:
                yield doc.finding(("period", "end"), f"活动结束日期 {period.end} 早于开始日期 {period.start}",
                                  "date-period-order", fix="交换开始与结束日期")


@rule
def platform_urls(project: Project) -> Iterator[Finding]:
    for campaign in project.campaigns:
        for doc, model in _docs(campaign):
            for i, platform in enumerate(getattr(model, "platforms", [])):
                at = ("platforms", i, "url")
                kind = scheme(platform.url)
                if kind == "http":
                    yield doc.finding(at, f"平台“{platform.name}”的网址使用 http，微信中可能被拦截",
                                      "url-https", fix="改为 https://", severity="warning")
                elif kind != "https":
                    yield doc.finding(at, f"平台“{platform.name}”的网址“{platform.url}”无效，必须以 https:// 开头",
                                      "url-scheme", fix="填写完整的 https:// 网址")


@rule
def notice_bodies(project: Project) -> Iterator[Finding]:
    for campaign in project.campaigns:
        for doc, model in _docs(campaign):
            for i, notice in enumerate(getattr(model, "notices", [])):
                path = project.content_dir / notice.body
                if not path.is_file():
                    yield doc.finding(("notices", i, "body"), f"通知正文文件 content/{notice.body} 不存在",
                                      "content-missing", fix="检查文件名，正文放在 content/ 目录下")
