"""The site's root: a portal listing every campaign, and sites.json, the index of all microsites."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from itertools import groupby

from ..read.model import SiteFooter
from ..resolve import Edition, SiteMap
from ..resolve.sitemap import Target
from .brand import footer_lines
from .environment import render


def sites_index(editions: Sequence[Edition], sites: SiteMap) -> str:
    """sites.json: each microsite's campaign, region (GB/T 2260 code), folder and public address."""
    rows = [
        {
            "campaign": e.campaign_id,
            "region": e.region.code if e.region else None,
            "path": e.path,
            "url": sites.address(e.path).url,
        }
        for e in editions
    ]
    return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"


def portal_html(title: str, editions: Sequence[Edition], sites: SiteMap, footer: SiteFooter, today: date) -> str:
    """Campaigns grouped by year (newest first), each with its status on the build day and its regions."""
    campaigns: dict[str, list[Edition]] = {}
    for edition in editions:
        campaigns.setdefault(edition.campaign_id, []).append(edition)
    ordered = sorted(campaigns.values(), key=lambda eds: (-eds[0].campaign.year, eds[0].campaign_id))
    years = [(year, list(group)) for year, group in groupby(ordered, key=lambda eds: eds[0].campaign.year)]
    return render(
        "portal.html.j2",
        sites=sites,
        at=sites.portal,
        title=title,
        years=years,
        today=today,
        footer=footer_lines(footer),
        icon=_icon(ordered, sites),
        party_mark=_party_mark(ordered, sites, footer),
        hosted=_hosted(ordered, sites),
        elder_script=_elder_script(ordered, sites),
    )


def _hosted(ordered: list[list[Edition]], sites: SiteMap) -> list[Edition]:
    """The microsites this site serves itself (one published on a portal of its own is not the site's file to
    name), newest campaign first."""
    root = sites.address("").url
    return [e for eds in ordered for e in eds if sites.address(e.path).url == f"{root}{e.path}/"]


def _icon(ordered: list[list[Edition]], sites: SiteMap) -> Target | None:
    """The newest hosted campaign's mark: the portal's icon and the mark in its header."""
    hosted = _hosted(ordered, sites)
    return sites.microsite(hosted[0]).logo if hosted else None


def _elder_script(ordered: list[list[Edition]], sites: SiteMap) -> Target | None:
    """The theme's 长辈版 switch (theme/assets/cs-elder.js) as a hosted microsite publishes it: the portal's
    button works as the microsites' do, and remembers the same choice."""
    hosted = _hosted(ordered, sites)
    return sites.microsite(hosted[0]).target("assets/cs-elder.js") if hosted else None


def _party_mark(ordered: list[list[Edition]], sites: SiteMap, footer: SiteFooter) -> tuple[Target, str] | None:
    """The 党政机关网站标识 in the portal's footer: the copy a hosted microsite publishes, and its check page."""
    for edition in _hosted(ordered, sites):
        if edition.footer_mark and footer.party_mark:
            return sites.microsite(edition).party_mark, footer.party_mark.url
    return None
