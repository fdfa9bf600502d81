"""Resolve a campaign and its region editions into the data each microsite shows (the data.json contract).

Inheritance itself is read.merge; this adds what a microsite derives from it: calendar facts, platform
targets with tracking parameters, the 37 regions' status, notice bodies, and the region's fork.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ..findings import Origin
from ..read import CampaignSource, Fork, Inherited, Merged, Project, RegionSource, merge
from ..read.model import Campaign, Platform, SiteFooter
from ..read.periods import PeriodFacts, period_facts, phase_status
from ..read.regions import Region, all_regions, find_region
from .tracking import MEDIUMS, expand_params, with_params

NATIONAL_SLUG = "national"
MARK_IMAGE = ("footer", "party_mark", "image")  # where a footer names the 党政机关网站标识 image


@dataclass(frozen=True)
class ResolvedPlatform:
    platform: Platform
    targets: dict[str, str]  # medium -> URL with tracking parameters
    logo: Path | None = None  # the platform's logo image, inside the project

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.platform.name,
            "url": self.platform.url,
            "description": self.platform.description,
            "local": self.platform.local,
            "targets": self.targets or None,  # no zone yet
        }


@dataclass(frozen=True)
class RegionStatus:
    region: Region
    branch: bool  # 分会场 of the "1+N" model
    microsite: bool
    absent: bool = False

    @property
    def label(self) -> str:
        if self.absent:
            return "未参加"
        parts = ["分会场"] if self.branch else []
        parts.append("已开通地方微站" if self.microsite else "参加（未开通地方微站）")
        return "，".join(parts)


@dataclass(frozen=True, kw_only=True)
class Edition(Inherited):
    """Everything one microsite shows, resolved once and handed to every page and asset generator."""

    campaign_id: str
    campaign: Campaign
    region: Region | None
    period: PeriodFacts
    platforms: list[ResolvedPlatform]
    bodies: dict[str, str] = field(default_factory=dict)  # body file (notice or attachment) -> safe HTML
    fork: Fork | None = None
    logo: Path | None = None  # the campaign's own mark (branding.logo), drawn by the asset stage
    font: Path | None = None  # branding.font for posters
    footer: SiteFooter = field(default_factory=SiteFooter)  # the government site footer (site.yaml or region)
    footer_mark: Path | None = None  # the 党政机关网站标识 image
    footer_mark_origin: Origin | None = None  # where it is named (site.yaml, or the region's own footer)
    statuses: list[RegionStatus] = field(default_factory=list)  # national edition only
    branch: bool = False
    credits: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (label, units) as pages, footers and posters show them

    @property
    def credit_lines(self) -> tuple[tuple[str, str], ...]:
        """(label, the units joined with 、) a line each, as pages show them."""
        return tuple((label, "、".join(units)) for label, units in self.credits)

    @property
    def extra_slogans(self) -> tuple[str, ...]:
        """The slogans besides the theme (a campaign often repeats its theme as its one slogan)."""
        return tuple(s for s in self.slogans if s != self.theme)

    @property
    def credits_text(self) -> str:
        """指导单位：…；主办单位：… in one line (posters)."""
        return "；".join(f"{label}：{units}" for label, units in self.credit_lines)

    @property
    def updated(self) -> date:
        """The date its columns show as 更新日期: the newest notice's, or the first day when none is dated
        (a column needs a date: inspectors count an undated one as never updated)."""
        return max((n.date for n in self.notices if n.date), default=self.period.start)

    def archived_after(self, today: date) -> date | None:
        """The day the campaign ended, once it has: its pages then say they are archived (归档)."""
        return self.period.end if today > self.period.end else None

    @property
    def path(self) -> str:
        """Folder of this microsite relative to site/ (the site map builds every URL from it)."""
        return self.campaign_id if self.region is None else f"{self.campaign_id}/{self.region.slug}"

    @property
    def slug(self) -> str:
        return self.region.slug if self.region else NATIONAL_SLUG

    def files(self) -> list[Path]:
        """The image and font files this edition's output is drawn from."""
        platform_logos = [p.logo for p in self.platforms if p.logo]
        return [f for f in (self.logo, self.font, self.footer_mark, *platform_logos) if f is not None]

    def phase_today(self, today: date) -> str:
        return phase_status(self.period.start, self.period.end, today)


def _targets(campaign: CampaignSource, platform: Platform, slug: str) -> dict[str, str]:
    """The platform's URL per medium; none while it has no zone URL."""
    targets: dict[str, str] = {}
    if platform.url is None:
        return targets
    for medium in MEDIUMS:
        params = (
            expand_params(
                {**campaign.model.tracking, **platform.params}, campaign=campaign.id, region=slug, medium=medium
            )
            if platform.tracking
            else {}
        )
        targets[medium] = with_params(platform.url, params)
    return targets


def _codes(refs: list[str]) -> set[str]:
    """GB/T 2260 codes of region references written as name, slug or code."""
    return {region.code for ref in refs if (region := find_region(ref))}


def _statuses(campaign: CampaignSource) -> list[RegionStatus]:
    branches = _codes(campaign.model.branch_venues)
    sites = {r.region.code for r in campaign.regions}
    absent = _codes(campaign.model.absent_regions)
    return [RegionStatus(r, r.code in branches, r.code in sites, r.code in absent) for r in all_regions()]


_ROLES = (("hosts", "主办单位"), ("organizers", "承办单位"), ("co_organizers", "协办单位"), ("supporters", "支持单位"))


def _credits(campaign: CampaignSource, source: RegionSource | None) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Who runs this edition: a region names its own units first, then the national guiding units."""
    national = tuple(campaign.model.guiding_units)
    own = source.model.organisers if source and source.model.organisers else None
    organisers = own or campaign.model.organisers
    lines = [("共同指导单位", tuple(own.guiding))] if own and own.guiding else []
    lines += [(label, tuple(getattr(organisers, key))) for key, label in _ROLES if getattr(organisers, key)]
    return (*lines, ("全国活动指导单位" if own else "指导单位", national))


def _platform_logo(project: Project, merged: Merged, index: int) -> Path | None:
    doc, position = merged.provenance.items["platforms"][index]
    return project.file(merged.provenance.docs[doc], "platforms", position, "logo")


def _edition(project: Project, campaign: CampaignSource, merged: Merged, source: RegionSource | None) -> Edition:
    c = campaign.model
    slug = source.region.slug if source else NATIONAL_SLUG
    files = {path for n in merged.notices for path in [n.body, *(a.body for a in n.attachments if a.body)]}
    bodies = {path: html for path in files if (html := project.bodies[path].html) is not None}
    footer_doc = source.doc if source and source.model.footer else project.site_doc
    footer = source.model.footer if source and source.model.footer else project.site.footer
    return Edition(
        **merged.inherited(),
        campaign_id=campaign.id,
        campaign=c,
        region=source.region if source else None,
        period=period_facts(merged.period.start, merged.period.end, with_lunar=bool(c.lunar)),
        platforms=[
            ResolvedPlatform(p, _targets(campaign, p, slug), _platform_logo(project, merged, i))
            for i, p in enumerate(merged.platforms)
        ],
        bodies=bodies,
        fork=source.fork if source else None,
        logo=project.file(campaign.doc, "branding", "logo"),
        font=project.file(campaign.doc, "branding", "font"),
        footer=footer,
        footer_mark=project.file(footer_doc, *MARK_IMAGE) if footer_doc else None,
        footer_mark_origin=footer_doc.origin(MARK_IMAGE) if footer_doc else None,
        statuses=[] if source else _statuses(campaign),
        branch=source is not None and source.region.code in _codes(c.branch_venues),
        credits=_credits(campaign, source),
    )


def editions_of(project: Project, campaign: CampaignSource) -> list[Edition]:
    national = _edition(project, campaign, merge(campaign), None)
    return [national] + [_edition(project, campaign, merge(campaign, r), r) for r in campaign.regions]


def resolve_editions(project: Project) -> list[Edition]:
    return [edition for campaign in project.campaigns for edition in editions_of(project, campaign)]
