"""The government site footer (国办发〔2017〕47号): filing numbers in the forms the filing systems issue."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..findings import Finding, display_path
from ..read import Project
from ..read.model import SiteFooter
from ..read.sourcemap import SourceDoc
from .base import rule

PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
FORMATS = {  # field: (pattern, what it looks like)
    "icp": (re.compile(rf"^[{PROVINCES}]ICP备\d{{8}}号(?:-\d{{1,3}})?$"), "京ICP备12345678号-1"),
    "police": (re.compile(rf"^[{PROVINCES}]公网安备\s?\d{{14}}号$"), "京公网安备 11010502030143号"),
    "site_code": (re.compile(r"^[0-9A-Za-z]{10}$"), "10 位字母或数字，如 1100000088"),
}
LABELS = {"icp": "ICP 备案号", "police": "公安机关备案号", "site_code": "网站标识码"}
REQUIRED = {  # what every page of a government site shows at its foot (国办发〔2017〕47号)
    "host": "主办单位",
    "site_code": "网站标识码",
    "icp": "ICP 备案号",
    "police": "公安机关备案号",
    "party_mark": "党政机关网站标识",
}


def _footer_findings(doc: SourceDoc, footer: SiteFooter) -> Iterator[Finding]:
    for key, (pattern, example) in FORMATS.items():
        value = getattr(footer, key)
        if value and not pattern.match(value):
            yield doc.finding(
                ("footer", key), f"{LABELS[key]}“{value}”格式不对", "footer-format", fix=f"写作 {example}"
            )


def _footers(project: Project) -> Iterator[tuple[SourceDoc | None, SiteFooter]]:
    """The site's footer (site.yaml may be absent) and each region's own."""
    yield project.site_doc, project.site.footer
    for campaign in project.campaigns:
        for region in campaign.regions:
            if region.model.footer:
                yield region.doc, region.model.footer


@rule
def footer_formats(project: Project) -> Iterator[Finding]:
    for doc, footer in _footers(project):
        if doc is not None:
            yield from _footer_findings(doc, footer)


@rule
def footer_complete(project: Project) -> Iterator[Finding]:
    """Said once per footer: a site without its filing marks may be built and previewed, not published."""
    for doc, footer in _footers(project):
        if missing := [label for key, label in REQUIRED.items() if not getattr(footer, key)]:
            message = f"网站页脚缺少{'、'.join(missing)}"
            fix = "在 footer 中填写；政府网站须在每页底部显示"
            if doc is None:
                where = display_path(project.layout.site_file)
                yield Finding(where, 1, 1, "warning", message, "footer-missing", f"新建 {where}，{fix}")
            else:
                yield doc.finding(("footer",), message, "footer-missing", fix=fix, severity="warning", key=True)
