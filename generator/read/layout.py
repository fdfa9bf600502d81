"""Where editors put things: the one module that knows the project's folder and file names.

campaigns/site.yaml                                 site settings
campaigns/<id>/campaign.yaml                        a national campaign
campaigns/<id>/posters/<name>.yml                   the campaign's poster layouts
campaigns/<id>/regions/<slug>.yaml                  a region's edition
campaigns/<id>/regions/<slug>/{overrides,pages,posters}/   the region's fork
content/<notice body>.md                            notice bodies (paths relative to content/)
theme/                                              the national theme
.cache/                                             caches (assets, microsite stamps, serve preview)
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

CAMPAIGNS = "campaigns"
CONTENT = "content"
THEME = "theme"
SITE = "site"
CACHE = ".cache"
SERVE = "serve"
SITE_FILE = "site.yaml"
CAMPAIGN_FILE = "campaign.yaml"
REGIONS = "regions"
OVERRIDES = "overrides"
PAGES = "pages"
POSTERS = "posters"


@dataclass(frozen=True)
class ProjectLayout:
    """Absolute paths of one project; the project root is the folder that holds campaigns/."""

    root: Path
    campaigns_dir: Path
    content_dir: Path
    theme_dir: Path
    site_dir: Path  # where `build` publishes unless told otherwise
    cache_dir: Path
    site_file: Path

    @property
    def serve_dir(self) -> Path:
        """Where `serve` builds its preview."""
        return self.cache_dir / SERVE

    def region_of(self, path: Path) -> tuple[str, str] | None:
        """(campaign, region slug) when `path` belongs to one region only: its YAML, fork or notice bodies."""
        for base in (self.campaigns_dir, self.content_dir):
            if path.is_relative_to(base):
                parts = path.relative_to(base).parts
                if len(parts) >= 3 and parts[1] == REGIONS:
                    return parts[0], parts[2].removesuffix(".yaml")
        return None

    @classmethod
    def at(cls, campaigns_dir: Path, content_dir: Path | None = None) -> ProjectLayout:
        campaigns = campaigns_dir.resolve()
        root = campaigns.parent
        return cls(
            root,
            campaigns,
            (content_dir or root / CONTENT).resolve(),
            root / THEME,
            root / SITE,
            root / CACHE,
            campaigns / SITE_FILE,
        )

    def campaign_folders(self) -> list[Path]:
        return sorted(p for p in self.campaigns_dir.iterdir() if (p / CAMPAIGN_FILE).is_file())

    def campaign_folder(self, campaign_id: str) -> Path:
        return self.campaigns_dir / campaign_id

    def campaign_file(self, campaign_id: str) -> Path:
        return self.campaign_folder(campaign_id) / CAMPAIGN_FILE

    def region_files(self, campaign_id: str) -> list[Path]:
        return sorted((self.campaign_folder(campaign_id) / REGIONS).glob("*.yaml"))

    def region_file(self, campaign_id: str, slug: str) -> Path:
        return self.campaign_folder(campaign_id) / REGIONS / f"{slug}.yaml"

    def fork_folder(self, campaign_id: str, slug: str) -> Path:
        return self.campaign_folder(campaign_id) / REGIONS / slug

    def poster_dirs(self, campaign_id: str, slug: str | None) -> tuple[Path, ...]:
        """Where poster layouts are looked for, the region's fork first, then the campaign's folder."""
        campaign = self.campaign_folder(campaign_id) / POSTERS
        return (self.fork_folder(campaign_id, slug) / POSTERS, campaign) if slug else (campaign,)

    @property
    def read_roots(self) -> tuple[Path, ...]:
        """The only folders a build reads from."""
        return self.campaigns_dir, self.content_dir, self.theme_dir


@dataclass(frozen=True)
class CacheLayout:
    """The cache folder (default .cache/, or --cache-dir): drawn assets, printed PDFs, microsite stamps, words."""

    root: Path

    @property
    def assets(self) -> Path:
        return self.root / "assets"

    @property
    def pdf(self) -> Path:
        return self.root / "pdf"

    @property
    def fonts(self) -> Path:
        """The print faces derived for the PDFs (documents/printfonts.py)."""
        return self.root / "fonts"

    @property
    def words(self) -> Path:
        """The words each text was cut into (render/segment.py), by dictionary."""
        return self.root / "words"

    @property
    def templates(self) -> Path:
        """Jinja's templates compiled to Python code (render/compiled.py)."""
        return self.root / "templates"

    def stamps(self, site_dir: Path) -> Path:
        """Stamps belong to one published site folder (several projects may share a cache)."""
        return self.root / "microsites" / hashlib.sha256(str(site_dir).encode()).hexdigest()[:16]
