"""Regions: a region file's code and name agree with the GB/T 2260 table, 分会场 name known regions, and
a region keeps the national organising principle."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..findings import Finding
from ..read import Project
from ..read.regions import find_region
from .base import regions_of, rule


@rule
def region_identity(project: Project) -> Iterator[Finding]:
    for campaign in project.campaigns:
        for region in campaign.regions:
            model, known = region.model, region.region
            if model.code != known.code:
                other = find_region(model.code)
                hint = f"（{model.code} 是{other.name}）" if other else ""
                yield region.doc.finding(
                    ("code",),
                    f"行政区划代码 {model.code} 与文件名 {known.slug} 不符{hint}",
                    "region-code",
                    fix=f"{known.name}的代码为 {known.code}",
                )
            if model.name not in (known.name, known.short_name):
                yield region.doc.finding(
                    ("name",),
                    f"地区名称“{model.name}”与代码 {known.code}（{known.name}）不符",
                    "region-name",
                    fix=f"改为 {known.short_name}",
                )
        for i, ref in enumerate(campaign.model.branch_venues):
            if find_region(ref) is None:
                yield campaign.doc.finding(
                    ("branch_venues", i),
                    f"分会场“{ref}”不是已知地区",
                    "region-unknown",
                    fix="用地区简称、拼音或行政区划代码，如 辽宁、liaoning、210000",
                )


@rule
def principle_matches_national(project: Project) -> Iterator[Finding]:
    for campaign, region in regions_of(project):
        national, local = campaign.model.principle, region.model.principle
        if national and local and re.sub(r"[，、,\s]", "", local) != re.sub(r"[，、,\s]", "", national):
            yield region.doc.finding(
                ("principle",),
                f"组织原则“{local}”与全国活动“{national}”不一致",
                "principle-mismatch",
                fix=f"改为“{national}”",
                severity="warning",
            )
