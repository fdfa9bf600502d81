"""Brand guard: every page of every microsite must carry the unified marks (统一标识)."""

from __future__ import annotations

from pathlib import Path

from markupsafe import escape

from ..findings import Finding, display_path
from ..resolve import Edition

MARKERS = {"logo": "统一标识", "name": "活动名称", "period": "活动时间", "guiding": "指导单位", "elder": "长辈版"}


def missing_marks(html: str, edition: Edition) -> list[str]:
    missing = [label for key, label in MARKERS.items() if f'data-cs-brand="{key}"' not in html]
    if str(escape(edition.campaign.name)) not in html and "活动名称" not in missing:
        missing.append("活动名称")
    if str(escape(edition.period.text)) not in html and "活动时间" not in missing:
        missing.append("活动时间")
    return missing


def _finding(edition: Edition, page: str, missing: list[str], theme_dir: Path) -> Finding:
    fork = edition.fork
    region = edition.region.name if edition.region else "全国"
    if fork is not None and fork.templates:
        where = display_path(fork.folder / fork.templates[0])
        fix = (
            f"{region}的主题分支覆盖了这些模板：{'、'.join(fork.templates)}。请在其中保留统一标识区块"
            '（{% include "partials/cs-brand.html" %} 与 cs-footer.html，含 data-cs-brand 标记），'
            "或删除该覆盖文件"
        )
    else:
        where = display_path(theme_dir / "main.html")
        fix = f"请恢复 {display_path(theme_dir)}/ 中的 partials/cs-brand.html 与 cs-footer.html"
    return Finding(
        where,
        1,
        1,
        "error",
        f"{region}（{edition.site_name}）的页面 {page}/ 缺少统一标识：{'、'.join(missing)}",
        "brand-missing",
        fix,
    )


def verify_brand(folder: Path, edition: Edition, theme_dir: Path) -> list[Finding]:
    """Check every page of one built microsite (`folder` holds only that microsite); one finding at most."""
    for page in sorted(folder.rglob("index.html")):
        missing = missing_marks(page.read_text(encoding="utf-8"), edition)
        if missing:
            rel = "/".join(filter(None, (edition.path, page.relative_to(folder).parent.as_posix().strip("."))))
            return [_finding(edition, rel, missing, theme_dir)]
    return []
