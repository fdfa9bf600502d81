"""What one build reads from disk, as plain data: campaigns, their regions and forks, notice bodies."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .forks import Fork
from .layout import ProjectLayout
from .markup import Removed
from .model import Campaign, RegionEdition, SiteConfig
from .regions import Region
from .sourcemap import DataPath, SourceDoc
from .terms import Term


@dataclass(frozen=True)
class NoticeBody:
    """A notice's Markdown, read once, and its safe HTML; `text` is None when the file is missing, unreadable
    or refused (`problem` says why: a path outside content/)."""

    path: Path
    display: str
    text: str | None
    html: str | None = None
    removed: tuple[Removed, ...] = ()
    problem: str | None = None


@dataclass(frozen=True)
class RegionSource:
    region: Region
    model: RegionEdition
    doc: SourceDoc
    fork: Fork | None = None


@dataclass(frozen=True)
class CampaignSource:
    id: str
    folder: Path
    model: Campaign
    doc: SourceDoc
    regions: tuple[RegionSource, ...] = ()


@dataclass(frozen=True)
class Project:
    """Everything read from disk for one build."""

    layout: ProjectLayout
    campaigns: tuple[CampaignSource, ...]
    site: SiteConfig
    site_doc: SourceDoc | None = None
    bodies: dict[str, NoticeBody] = field(default_factory=dict)  # by the notice's `body` value
    files: dict[tuple[str, DataPath], Path] = field(default_factory=dict)  # (YAML file, data path) -> a file it names
    terms: tuple[Term, ...] = ()  # the 规范表述 dictionaries, national first

    def file(self, doc: SourceDoc, *at: str | int) -> Path | None:
        """The file (inside the project, present) that `doc` names at `at`, if any."""
        return self.files.get((doc.path, at))

    def campaign(self, campaign_id: str) -> CampaignSource:
        return next(c for c in self.campaigns if c.id == campaign_id)

    @property
    def root(self) -> Path:
        return self.layout.root

    @property
    def campaigns_dir(self) -> Path:
        return self.layout.campaigns_dir

    @property
    def content_dir(self) -> Path:
        return self.layout.content_dir
