"""Stage 3, resolve: `Project` -> one `Edition` per microsite (inheritance applied once, calendar facts,
platform targets, region statuses) and the `SiteMap`, the one owner of every output path and URL."""

from .editions import Edition, RegionStatus, ResolvedPlatform, resolve_editions
from .sitemap import MicrositeMap, SiteMap
from .targets import Page, Printable, QrCode, Target, relative_link

__all__ = [
    "Edition",
    "MicrositeMap",
    "Page",
    "Printable",
    "QrCode",
    "RegionStatus",
    "ResolvedPlatform",
    "SiteMap",
    "Target",
    "relative_link",
    "resolve_editions",
]
