"""Resolve a campaign and a region edition into the data one microsite shows (the data.json contract).

A region inherits everything from its campaign: scalars and theme/slogans/period/contacts/deadlines/events
replace the national value when given; platforms, sections and notices are added after the national ones.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .loader import CampaignSource, RegionSource
from .model import Campaign, Colors, Contact, Deadline, Event, Forms, Notice, Phase, Platform, Rules, Section, Venue
from .periods import PeriodFacts, period_facts, phase_status
from .regions import Region, all_regions, find_region
from .urls import MEDIUMS, expand_params, with_params

NATIONAL_SLUG = "national"


@dataclass(frozen=True)
class ResolvedPlatform:
    platform: Platform
    targets: dict[str, str]  # medium -> URL with tracking parameters

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.platform.name, "url": self.platform.url, "description": self.platform.description,
                "local": self.platform.local, "targets": self.targets}


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


@dataclass
class Edition:
    """Everything one microsite shows, resolved once and handed to every page and asset generator."""

    campaign_id: str
    campaign: Campaign
    region: Region | None
    site_name: str
    theme: str | None
    slogans: list[str]
    summary: str | None
    period: PeriodFacts
    phases: list[Phase]
    principle: str | None
    platforms: list[ResolvedPlatform]
    venues: list[Venue]
    events: list[Event]
    sections: list[Section]
    rules: Rules
    contacts: list[Contact]
    deadlines: list[Deadline]
    notices: list[Notice]
    forms: Forms
    colors: Colors
    statuses: list[RegionStatus] = field(default_factory=list)  # national edition only
    branch: bool = False

    @property
    def path(self) -> str:
        """Folder of this microsite relative to site/."""
        return self.campaign_id if self.region is None else f"{self.campaign_id}/{self.region.slug}"

    @property
    def slug(self) -> str:
        return self.region.slug if self.region else NATIONAL_SLUG

    def phase_today(self, today: date) -> str:
        return phase_status(self.period.start, self.period.end, today)


def _platforms(campaign: CampaignSource, region: RegionSource | None) -> list[ResolvedPlatform]:
    hidden = set(region.model.hide_platforms) if region else set()
    platforms = [p for p in campaign.model.platforms if p.name not in hidden]
    platforms += region.model.platforms if region else []
    slug = region.region.slug if region else NATIONAL_SLUG
    resolved = []
    for platform in platforms:
        targets = {}
        for medium in MEDIUMS:
            params = expand_params({**campaign.model.tracking, **platform.params},
                                   campaign=campaign.id, region=slug, medium=medium) if platform.tracking else {}
            targets[medium] = with_params(platform.url, params)
        resolved.append(ResolvedPlatform(platform, targets))
    return resolved


def _codes(refs: list[str]) -> set[str]:
    """GB/T 2260 codes of region references written as name, slug or code."""
    return {region.code for ref in refs if (region := find_region(ref))}


def _statuses(campaign: CampaignSource) -> list[RegionStatus]:
    branches = _codes(campaign.model.branch_venues)
    sites = {r.region.code for r in campaign.regions}
    absent = _codes(campaign.model.absent_regions)
    return [RegionStatus(r, r.code in branches, r.code in sites, r.code in absent) for r in all_regions()]


def national_edition(campaign: CampaignSource) -> Edition:
    c = campaign.model
    return Edition(
        campaign_id=campaign.id, campaign=c, region=None, site_name=c.name, theme=c.theme,
        slogans=list(c.slogans), summary=c.summary,
        period=period_facts(c.period.start, c.period.end, with_lunar=bool(c.lunar)),
        phases=list(c.phases), principle=c.principle, platforms=_platforms(campaign, None), venues=[],
        events=list(c.events), sections=list(c.sections), rules=c.rules, contacts=list(c.contacts),
        deadlines=list(c.deadlines), notices=list(c.notices), forms=c.forms, colors=c.branding.colors,
        statuses=_statuses(campaign))


def region_edition(campaign: CampaignSource, source: RegionSource) -> Edition:
    c, r = campaign.model, source.model
    period = r.period or c.period
    branches = _codes(c.branch_venues)
    return Edition(
        campaign_id=campaign.id, campaign=c, region=source.region,
        site_name=r.campaign_name or f"{c.name}·{source.region.short_name}",
        theme=r.theme or c.theme, slogans=list(r.slogans if r.slogans is not None else c.slogans),
        summary=r.summary or c.summary,
        period=period_facts(period.start, period.end, with_lunar=bool(c.lunar)),
        phases=list(c.phases), principle=r.principle or c.principle, platforms=_platforms(campaign, source),
        venues=list(r.venues), events=list(r.events if r.events is not None else c.events),
        sections=list(c.sections) + list(r.sections), rules=r.rules or c.rules,
        contacts=list(r.contacts if r.contacts is not None else c.contacts),
        deadlines=list(r.deadlines if r.deadlines is not None else c.deadlines),
        notices=list(c.notices) + list(r.notices), forms=r.forms or c.forms,
        colors=r.branding.colors or c.branding.colors, branch=source.region.code in branches)


def editions_of(campaign: CampaignSource) -> list[Edition]:
    return [national_edition(campaign)] + [region_edition(campaign, r) for r in campaign.regions]
