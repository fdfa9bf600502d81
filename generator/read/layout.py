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

from dataclasses import dataclass
from pathlib import Path

CAMPAIGNS = "campaigns"
CONTENT = "content"
THEME = "theme"
SITE = "site"
CACHE = ".cache"
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

    @classmethod
    def at(cls, campaigns_dir: Path, content_dir: Path | None = None) -> ProjectLayout:
        campaigns = campaigns_dir.resolve()
        root = campaigns.parent
        return cls(root, campaigns, (content_dir or root / CONTENT).resolve(), root / THEME, root / SITE,
                   root / CACHE, campaigns / SITE_FILE)

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
