"""Read campaigns/ into validated models, keeping each file's source map for later checks."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from ..findings import CampaignError, Finding, display_path
from .confine import confined_file, symlinks_outside
from .forks import read_fork
from .layout import CAMPAIGN_FILE, REGIONS, ProjectLayout
from .markup import removed_parts, safe_html
from .model import Campaign, RegionEdition, SiteConfig
from .project import CampaignSource, NoticeBody, Project, RegionSource
from .regions import all_regions, find_region
from .sourcemap import DataPath, SourceDoc, load_yaml
from .terms import read_terms
from .validation import did_you_mean, findings_from_validation

M = TypeVar("M", bound=BaseModel)


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


def _load_region(layout: ProjectLayout, campaign_id: str, path: Path, findings: list[Finding]) -> RegionSource | None:
    doc = _read(path, findings)
    if doc is None:
        return None
    region = find_region(path.stem)
    if region is None or region.slug != path.stem:
        guess = did_you_mean(path.stem, [r.slug for r in all_regions()])
        findings.append(
            doc.finding(
                (),
                f"文件名“{path.name}”不是已知地区的拼音名",
                "region-unknown",
                fix=f"改名为 {guess}.yaml" if guess else "文件名用地区拼音，如 hunan.yaml",
            )
        )
        return None
    model = _validate(RegionEdition, doc, findings)
    fork = read_fork(layout.fork_folder(campaign_id, region.slug), findings)
    return RegionSource(region, model, doc, fork) if model else None


def load_campaign(layout: ProjectLayout, campaign_id: str, findings: list[Finding]) -> CampaignSource | None:
    doc = _read(layout.campaign_file(campaign_id), findings)
    if doc is None:
        return None
    model = _validate(Campaign, doc, findings)
    regions = [r for p in layout.region_files(campaign_id) if (r := _load_region(layout, campaign_id, p, findings))]
    if model is None:
        return None
    return CampaignSource(campaign_id, layout.campaign_folder(campaign_id), model, doc, tuple(regions))


def file_fields(model: BaseModel, at: DataPath = ()) -> Iterator[tuple[DataPath, str]]:
    """Every file an editor names in a model (relative to the YAML file's folder), with its data path."""
    for name, info in type(model).model_fields.items():
        value = getattr(model, name)
        extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
        if extra.get("format") == "file-path" and "x-relative-to" not in extra and isinstance(value, str):
            yield (*at, name), value
        for i, item in enumerate(value if isinstance(value, list) else [value]):
            if isinstance(item, BaseModel):
                yield from file_fields(item, (*at, name, i) if isinstance(value, list) else (*at, name))


def _files(
    layout: ProjectLayout, doc: SourceDoc, model: BaseModel, folder: Path, findings: list[Finding]
) -> dict[tuple[str, DataPath], Path]:
    """The files a YAML file names, each inside the project and present; a finding for each that is not."""
    found = {}
    for at, relative in file_fields(model):
        path = confined_file(folder, relative, layout.read_roots)
        if isinstance(path, str):
            findings.append(
                doc.finding(
                    at,
                    f"{'.'.join(map(str, at))}：{path}",
                    "path-outside",
                    fix="文件放在项目目录中，写相对本 YAML 文件所在目录的路径",
                )
            )
        elif not path.is_file():
            findings.append(
                doc.finding(at, f"文件不存在：{relative}", "file-missing", fix="检查文件名（相对本 YAML 文件所在目录）")
            )
        else:
            found[(doc.path, at)] = path
    return found


def _read_body(layout: ProjectLayout, relative: str) -> NoticeBody:
    path = confined_file(layout.content_dir, relative, layout.read_roots)
    if isinstance(path, str):
        return NoticeBody(layout.content_dir, relative, None, problem=path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return NoticeBody(path, display_path(path), None)
    return NoticeBody(path, display_path(path), text, safe_html(text), tuple(removed_parts(text)))


def _bodies(layout: ProjectLayout, campaigns: list[CampaignSource]) -> dict[str, NoticeBody]:
    models: list[Campaign | RegionEdition] = [c.model for c in campaigns]
    models += [r.model for c in campaigns for r in c.regions]
    wanted = {path for m in models for n in m.notices for path in [n.body, *(a.body for a in n.attachments if a.body)]}
    return {relative: _read_body(layout, relative) for relative in sorted(wanted)}


def load_project(campaigns_dir: Path, content_dir: Path | None = None) -> tuple[Project, list[Finding]]:
    """Read every campaign; returns what could be read plus every schema finding."""
    findings: list[Finding] = []
    layout = ProjectLayout.at(campaigns_dir, content_dir)
    if not layout.campaigns_dir.is_dir():
        raise CampaignError(
            [
                Finding(
                    display_path(layout.campaigns_dir),
                    1,
                    1,
                    "error",
                    "找不到活动目录",
                    "io",
                    "在仓库根目录运行，或给出 campaigns/ 的路径",
                )
            ]
        )
    if links := symlinks_outside(layout.read_roots):
        raise CampaignError(links)  # refuse before anything is read through them
    folders = layout.campaign_folders()
    if not folders:
        raise CampaignError(
            [Finding(display_path(layout.campaigns_dir), 1, 1, "error", f"目录中没有任何 */{CAMPAIGN_FILE}", "io")]
        )
    campaigns = [c for f in folders if (c := load_campaign(layout, f.name, findings))]
    site, site_doc = SiteConfig(), None
    if layout.site_file.is_file() and (site_doc := _read(layout.site_file, findings)):
        site = _validate(SiteConfig, site_doc, findings) or site
    files: dict[tuple[str, DataPath], Path] = {}
    for campaign in campaigns:
        files |= _files(layout, campaign.doc, campaign.model, campaign.folder, findings)
        for region in campaign.regions:
            files |= _files(layout, region.doc, region.model, layout.campaign_folder(campaign.id) / REGIONS, findings)
    if site_doc is not None:
        files |= _files(layout, site_doc, site, layout.campaigns_dir, findings)
    terms = read_terms(layout, {c.id: tuple(r.region.slug for r in c.regions) for c in campaigns}, findings)
    return Project(layout, tuple(campaigns), site, site_doc, _bodies(layout, campaigns), files, terms), findings
