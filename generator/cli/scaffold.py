"""`campaignsite new-region`: a region's YAML with every field explained in Chinese, and an empty fork."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from ..findings import CampaignError, Finding, display_path
from ..read import ProjectLayout, load_campaign
from ..read.layout import OVERRIDES, PAGES, POSTERS
from ..read.regions import find_region
from ..read.validation import did_you_mean


def _error(path: Path | str, message: str, fix: str | None = None) -> CampaignError:
    return CampaignError([Finding(str(path), 1, 1, "error", message, "new-region", fix)])


def new_region(campaigns_dir: Path, campaign_id: str, reference: str) -> list[Path]:
    """Create campaigns/<id>/regions/<slug>.yaml and the fork folder; returns the files written."""
    layout = ProjectLayout.at(campaigns_dir)
    if not layout.campaign_file(campaign_id).is_file():
        known = [folder.name for folder in layout.campaign_folders()]
        guess = did_you_mean(campaign_id, known)
        raise _error(
            display_path(layout.campaign_folder(campaign_id)),
            f"没有活动“{campaign_id}”" + (f"，是否为“{guess}”？" if guess else ""),
            f"已有的活动：{'、'.join(known)}",
        )
    region = find_region(reference)
    if region is None:
        raise _error(reference, f"不认识地区“{reference}”", "可以写拼音（hunan）、代码（430000）或名称（湖南、湖南省）")
    target = layout.region_file(campaign_id, region.slug)
    if target.exists():
        raise _error(display_path(target), f"{region.name}的配置已存在，未作改动")
    findings: list[Finding] = []
    campaign = load_campaign(layout, campaign_id, findings)
    if campaign is None:
        raise CampaignError(findings)
    model = campaign.model
    template = files("generator").joinpath("data/region-template.yaml").read_text(encoding="utf-8")
    text = template.format(
        full_name=region.name,
        short_name=region.short_name,
        code=region.code,
        campaign_name=model.name,
        campaign=campaign_id,
        slug=region.slug,
        year=model.year,
        kind=model.kind,
        start=model.period.start,
        end=model.period.end,
    )
    fork = layout.fork_folder(campaign_id, region.slug)
    written = [target, fork / "README.md"]
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    for sub in (OVERRIDES, PAGES, POSTERS):
        (fork / sub).mkdir(parents=True, exist_ok=True)
        (fork / sub / ".gitkeep").touch()
    (fork / "README.md").write_text(
        files("generator").joinpath("data/fork/README.md").read_text(encoding="utf-8"), encoding="utf-8"
    )
    return written
