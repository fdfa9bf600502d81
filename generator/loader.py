"""Read campaigns/ into validated models, keeping each file's source map for later checks."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from .findings import CampaignError, Finding
from .model import Campaign, RegionEdition, SiteConfig
from .regions import Region, all_regions, find_region
from .sourcemap import SourceDoc, load_yaml
from .validation import did_you_mean, findings_from_validation

CAMPAIGN_FILE = "campaign.yaml"
SITE_FILE = "site.yaml"
REGIONS_DIR = "regions"

M = TypeVar("M", bound=BaseModel)


@dataclass
class RegionSource:
    region: Region
    model: RegionEdition
    doc: SourceDoc


@dataclass
class CampaignSource:
    id: str
    folder: Path
    model: Campaign
    doc: SourceDoc
    regions: list[RegionSource] = field(default_factory=list)


@dataclass
class Project:
    """Everything read from disk for one build: the campaigns and where their content lives."""

    root: Path
    campaigns_dir: Path
    content_dir: Path
    campaigns: list[CampaignSource]
    site: SiteConfig


def display_path(path: Path) -> str:
    """Paths in messages are relative to where the editor ran the command, as their editor shows them."""
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


def _validate(model: type[M], doc: SourceDoc, findings: list[Finding]) -> M | None:
    if not isinstance(doc.data, dict):
        findings.append(doc.finding((), "文件内容应为“字段: 值”的映射", "schema-type"))
        return None
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        findings.extend(findings_from_validation(exc, model, doc))
        return None


def _read(path: Path, findings: list[Finding]) -> SourceDoc | None:
    try:
        return load_yaml(path, display_path(path))
    except CampaignError as exc:
        findings.extend(exc.findings)
        return None


def _load_region(path: Path, findings: list[Finding]) -> RegionSource | None:
    doc = _read(path, findings)
    if doc is None:
        return None
    region = find_region(path.stem)
    if region is None or region.slug != path.stem:
        guess = did_you_mean(path.stem, [r.slug for r in all_regions()])
        findings.append(doc.finding((), f"文件名“{path.name}”不是已知地区的拼音名", "region-unknown",
                                    fix=f"改名为 {guess}.yaml" if guess else "文件名用地区拼音，如 hunan.yaml"))
        return None
    model = _validate(RegionEdition, doc, findings)
    return RegionSource(region, model, doc) if model else None


def load_campaign(folder: Path, findings: list[Finding]) -> CampaignSource | None:
    doc = _read(folder / CAMPAIGN_FILE, findings)
    if doc is None:
        return None
    model = _validate(Campaign, doc, findings)
    regions = [r for p in sorted((folder / REGIONS_DIR).glob("*.yaml")) if (r := _load_region(p, findings))]
    if model is None:
        return None
    return CampaignSource(folder.name, folder, model, doc, regions)


def load_project(campaigns_dir: Path, content_dir: Path | None = None) -> tuple[Project, list[Finding]]:
    """Read every campaign; returns what could be read plus every schema finding."""
    findings: list[Finding] = []
    campaigns_dir = campaigns_dir.resolve()
    root = campaigns_dir.parent
    content = (content_dir or root / "content").resolve()
    if not campaigns_dir.is_dir():
        raise CampaignError([Finding(display_path(campaigns_dir), 1, 1, "error", "找不到活动目录", "io",
                                     "在仓库根目录运行，或给出 campaigns/ 的路径")])
    folders = sorted(p for p in campaigns_dir.iterdir() if (p / CAMPAIGN_FILE).is_file())
    if not folders:
        raise CampaignError([Finding(display_path(campaigns_dir), 1, 1, "error",
                                     f"目录中没有任何 */{CAMPAIGN_FILE}", "io")])
    campaigns = [c for f in folders if (c := load_campaign(f, findings))]
    site = SiteConfig()
    if (campaigns_dir / SITE_FILE).is_file() and (doc := _read(campaigns_dir / SITE_FILE, findings)):
        site = _validate(SiteConfig, doc, findings) or site
    return Project(root, campaigns_dir, content, campaigns, site), findings
