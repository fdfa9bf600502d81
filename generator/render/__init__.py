"""Stage 4, render: an `Edition` and its `MicrositeMap` -> `RenderedMicrosite`: Markdown pages and navigation
for the engine (the catalog's kinds of page), data.json, the .ics calendar, palette and mark; the brand marks the
theme shows; plus the portal. (The print pages are the documents stage's.)

The Jinja environment and the templates live here (environment.py, templates/)."""

from __future__ import annotations

from datetime import datetime

from ..resolve import Edition, SiteMap
from .brand import Brand, brand_of, palette_css
from .datafile import asset_manifest, edition_data, external_hosts, to_json
from .environment import compile_page_templates
from .ics import build_calendar
from .mark import logo_svg
from .pages import render_pages
from .portal import portal_html, sites_index
from .structure import NavItem, RenderedMicrosite

__all__ = [
    "Brand",
    "NavItem",
    "RenderedMicrosite",
    "compile_page_templates",
    "portal_html",
    "render_microsite",
    "sites_index",
]


def render_microsite(edition: Edition, sites: SiteMap, *, moment: datetime, with_pdf: bool) -> RenderedMicrosite:
    microsite = sites.microsite(edition)
    rendered = render_pages(edition, microsite, sites, moment.date(), with_pdf)
    files = {
        microsite.calendar.path: build_calendar(edition, microsite, moment),
        microsite.palette.path: palette_css(edition).encode(),
    }
    if edition.logo is None:  # the campaign's own logo image is an asset (drawn, like the posters)
        mark = edition.campaign.branding.logo_text or edition.campaign.kind
        files[microsite.logo.path] = logo_svg(mark, edition.campaign.branding.colors).encode("utf-8")
    brand = brand_of(edition, microsite, moment.date())
    published = [
        *(page.decode("utf-8") for page in rendered.pages.values()),
        *(content.decode("utf-8", "replace") for content in files.values()),
        *(code.target for code in microsite.platform_codes),
        *(line.href for line in brand.footer),
        *(p.targets.get("web", "") for p in edition.platforms),
        brand.party_mark.href if brand.party_mark else "",
    ]
    hosts = external_hosts(published, sites.own_hosts)
    data = edition_data(edition, microsite, asset_manifest(microsite, with_pdf), hosts, sites.url_of(sites.data_schema))
    files[microsite.data_file.path] = to_json(data).encode("utf-8")
    return RenderedMicrosite(edition, microsite, rendered.pages, files, rendered.nav, brand, rendered.sources)
