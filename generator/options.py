"""What a build is asked to do (BuildOptions, from the command line or a test) and its first step, read and
check, which every command that builds shares; and the day the pages are built for."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time
from pathlib import Path

from .check import run_checks
from .check.publish import PLACEHOLDER_RULE
from .documents import PdfConfig
from .engines import EngineConfig
from .findings import CampaignError, Finding
from .processes import EPOCH_VARIABLE
from .read import Project, load_project
from .read.layout import CacheLayout, ProjectLayout
from .shards import Shard

LAST_EPOCH = 4294967295  # 2106-02-07: gzip (sitemap.xml.gz) keeps the time in 32 bits


@dataclass(frozen=True, kw_only=True)
class CacheConfig:
    folder: Path | None = None  # assets, PDFs and microsite stamps go here; default <project>/.cache
    enabled: bool = True  # False: read and write no cache, draw, print and build everything anew


@dataclass(frozen=True, kw_only=True)
class BuildOptions:
    campaigns_dir: Path
    site_dir: Path | None = None  # default: the project's site/
    content_dir: Path | None = None
    today: date | None = None  # the date of the no-JavaScript phase fallback (default: SOURCE_DATE_EPOCH, today)
    jobs: int = 0  # worker processes; 0: one per core
    strict: bool = False  # warnings stop the build too
    release: bool = False  # a build to publish (build --release, deploy): no placeholder address goes out
    cache: CacheConfig = field(default_factory=CacheConfig)
    pdf: PdfConfig = field(default_factory=PdfConfig)
    engine: EngineConfig = field(default_factory=EngineConfig)
    shard: Shard | None = None  # build only this share of the microsites (merge puts the shares together)

    def cache_layout(self) -> CacheLayout | None:
        """The cache folder, known before the project is read (workers warm up from it meanwhile)."""
        if not self.cache.enabled:
            return None
        return CacheLayout(
            (self.cache.folder or ProjectLayout.at(self.campaigns_dir, self.content_dir).cache_dir).resolve()
        )


RELEASE_ERRORS = (PLACEHOLDER_RULE,)  # warnings while drafting, errors when publishing


def build_time(explicit: date | None) -> datetime:
    """The moment a build stands for (UTC): --today's midnight, else SOURCE_DATE_EPOCH (seconds since 1970 in
    UTC, as reproducible-builds.org defines it; a malformed value stops the build), else today's midnight — so
    builds of one day are byte-identical. Pages show its date; the calendar stamps its entries with it."""
    if explicit:
        return datetime.combine(explicit, time(0), UTC)
    epoch = os.environ.get(EPOCH_VARIABLE)
    if epoch is None:
        return datetime.combine(date.today(), time(0), UTC)
    if not epoch.isascii() or not epoch.isdigit() or int(epoch) > LAST_EPOCH:
        message = f"环境变量 {EPOCH_VARIABLE}=“{epoch[:30]}”不是从 1970 年起的秒数"
        fix = "写成非负整数秒（如 git log -1 --format=%ct 的结果），或删除该变量，或用 --today YYYY-MM-DD"
        raise CampaignError([Finding(EPOCH_VARIABLE, 1, 1, "error", message, "source-date-epoch", fix)])
    return datetime.fromtimestamp(int(epoch), UTC)


def build_date(explicit: date | None) -> date:
    """The date the build-time phase fallback uses (build_time's date)."""
    return build_time(explicit).date()


def load_checked(options: BuildOptions) -> tuple[Project, list[Finding]]:
    """read and check: the project, and the findings that do not stop the build."""
    project, findings = load_project(options.campaigns_dir, options.content_dir)
    findings = findings + run_checks(project)
    if options.release:
        findings = [replace(f, severity="error") if f.rule in RELEASE_ERRORS else f for f in findings]
    blocking = [f for f in findings if f.severity == "error" or options.strict]
    if blocking:
        raise CampaignError(blocking)
    return project, findings
