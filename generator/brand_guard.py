"""Brand guard: every page of every microsite must carry the unified marks (统一标识)."""

from __future__ import annotations

from pathlib import Path

from .editions import Edition
from .findings import CampaignError, Finding
from .loader import Project

MARKERS = {"logo": "统一标识", "name": "活动名称", "period": "活动时间", "guiding": "指导单位"}


def missing_marks(html: str, edition: Edition) -> list[str]:
    missing = [label for key, label in MARKERS.items() if f'data-cs-brand="{key}"' not in html]
    if edition.campaign.name not in html and "活动名称" not in missing:
        missing.append("活动名称")
    if edition.period.text not in html and "活动时间" not in missing:
        missing.append("活动时间")
    return missing


def verify_brand(site: Path, editions: list[Edition], project: Project) -> None:
    findings: list[Finding] = []
    nested = {e.path for e in editions}
    for edition in editions:
        root = site / edition.path
        for page in sorted(root.rglob("index.html")):
            rel = page.relative_to(site).parent.as_posix()
            if rel != edition.path and any(rel == p or rel.startswith(p + "/") for p in nested
                                           if p != edition.path and p.startswith(edition.path + "/")):
                continue  # a nested region's page, checked with its own edition
            missing = missing_marks(page.read_text(encoding="utf-8"), edition)
            if missing:
                where = f"campaigns/{edition.campaign_id}/regions/{edition.region.slug}/overrides/" \
                    if edition.region else "theme/"
                findings.append(Finding(where, 1, 1, "error",
                                        f"{edition.site_name}的页面 {rel}/ 缺少统一标识：{'、'.join(missing)}",
                                        "brand-missing",
                                        f"检查 {where} 中覆盖的模板，保留 partials/cs-brand.html 与 cs-footer.html"))
                break
    if findings:
        raise CampaignError(findings)
