"""Brand guard: every page of every microsite must carry the unified marks (统一标识)."""

from __future__ import annotations

from pathlib import Path

from .editions import Edition
from .findings import CampaignError, Finding
from .forks import fork_folder, overridden_templates
from .loader import Project, display_path

MARKERS = {"logo": "统一标识", "name": "活动名称", "period": "活动时间", "guiding": "指导单位"}


def missing_marks(html: str, edition: Edition) -> list[str]:
    missing = [label for key, label in MARKERS.items() if f'data-cs-brand="{key}"' not in html]
    if edition.campaign.name not in html and "活动名称" not in missing:
        missing.append("活动名称")
    if edition.period.text not in html and "活动时间" not in missing:
        missing.append("活动时间")
    return missing


def _finding(project: Project, edition: Edition, page: str, missing: list[str]) -> Finding:
    folder = fork_folder(project, edition)
    templates = overridden_templates(folder)
    region = edition.region.name if edition.region else "全国"
    if folder is not None and templates:
        where = display_path(folder / templates[0])
        fix = (f"{region}的主题分支覆盖了这些模板：{'、'.join(templates)}。请在其中保留统一标识区块"
               "（{% include \"partials/cs-brand.html\" %} 与 cs-footer.html，含 data-cs-brand 标记），"
               "或删除该覆盖文件")
    else:
        where, fix = "theme/main.html", "请恢复 theme/ 中的 partials/cs-brand.html 与 cs-footer.html"
    return Finding(where, 1, 1, "error", f"{region}（{edition.site_name}）的页面 {page}/ 缺少统一标识："
                   f"{'、'.join(missing)}", "brand-missing", fix)


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
                findings.append(_finding(project, edition, rel, missing))
                break
    if findings:
        raise CampaignError(findings)
