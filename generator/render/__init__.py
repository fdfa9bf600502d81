"""Stage 4, render: an `Edition` and its `MicrositeMap` -> `RenderedMicrosite`: Markdown pages and navigation
for the engine, print documents, data.json, the .ics calendar, palette and mark; plus the portal.

The Jinja environment and the templates live here (environment.py, templates/)."""

from __future__ import annotations

from datetime import date

from ..resolve import Edition, SiteMap
from .brand import brand_of, palette_css
from .datafile import asset_manifest, edition_data, external_hosts, to_json
from .ics import build_calendar
from .mark import logo_svg
from .pages import render_pages
from .portal import portal_html, sites_index
from .printables import render_printables
from .structure import NavItem, PrintDocument, RenderedMicrosite

__all__ = ["NavItem", "PrintDocument", "RenderedMicrosite", "portal_html", "render_microsite", "sites_index"]


def render_microsite(edition: Edition, sites: SiteMap, *, today: date, with_pdf: bool) -> RenderedMicrosite:
    microsite = sites.microsite(edition)
    site = RenderedMicrosite(edition, microsite)
    render_pages(site, sites, today, with_pdf)
    render_printables(site, sites)
    site.add_file(microsite.calendar, build_calendar(edition))
    site.add_file(microsite.palette, palette_css(edition))
    if edition.logo is None:  # the campaign's own logo image is an asset (drawn, like the posters)
        site.add_file(
            microsite.logo,
            logo_svg(edition.campaign.branding.logo_text or edition.campaign.kind, edition.campaign.branding.colors),
        )
    brand = brand_of(edition, microsite)
    published = [
        *(page.decode("utf-8") for page in site.pages.values()),
        *(content.decode("utf-8", "replace") for content in site.files.values()),
        *(code.target for code in microsite.platform_codes),
        *(line["href"] for line in brand["footer"]),
        *(p.targets.get("web", "") for p in edition.platforms),
        brand["party_mark"]["href"] if brand["party_mark"] else "",
    ]
    site.add_file(
        microsite.data_file,
        to_json(
            edition_data(
                edition, microsite, asset_manifest(microsite, with_pdf), external_hosts(published, microsite.url)
            )
        ),
    )
    site.brand = brand
    return site
