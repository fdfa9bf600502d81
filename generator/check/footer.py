"""The government site footer (国办发〔2017〕47号): filing numbers in the forms the filing systems issue."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..findings import Finding
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


def _footer_findings(doc: SourceDoc, footer: SiteFooter) -> Iterator[Finding]:
    for key, (pattern, example) in FORMATS.items():
        value = getattr(footer, key)
        if value and not pattern.match(value):
            yield doc.finding(
                ("footer", key), f"{LABELS[key]}“{value}”格式不对", "footer-format", fix=f"写作 {example}"
            )


@rule
def footer_formats(project: Project) -> Iterator[Finding]:
    if project.site_doc is not None:
        yield from _footer_findings(project.site_doc, project.site.footer)
    for campaign in project.campaigns:
        for region in campaign.regions:
            if region.model.footer:
                yield from _footer_findings(region.doc, region.model.footer)
