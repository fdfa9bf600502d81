"""`campaignsite build` and `export`: the pipeline in order.

    read -> check -> resolve -> render -> assets -> engine -> publish
Each microsite goes through render, assets and the engine in a worker process (microsite.py); the PDFs of
all print documents are printed in one browser; the assembled site replaces site/ in one step.
"""

from __future__ import annotations

import os
import signal
import sys
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .assets import AssetCache, AssetConfig
from .check import run_checks
from .engines import EngineConfig, engine
from .findings import CampaignError, Finding
from .microsite import MicrositeJob, MicrositeResult, make_microsite
from .publish import (
    PdfConfig,
    Staging,
    Stamps,
    browser_problem,
    link_tree,
    microsite_fingerprint,
    print_pdfs,
    shared_fingerprint,
    stamp_folder,
)
from .read import Project, load_project
from .render import portal_html, sites_index
from .resolve import Edition, SiteMap, resolve_editions

PAUSE_ENV = "CAMPAIGNSITE_PAUSE_AT"
Progress = Callable[[str, int, int, float], None]  # (microsite, done, total, seconds)


@dataclass(frozen=True, kw_only=True)
class BuildOptions:
    campaigns_dir: Path
    site_dir: Path | None = None  # default: the project's site/
    content_dir: Path | None = None
    today: date | None = None  # the date of the no-JavaScript phase fallback (default: SOURCE_DATE_EPOCH, today)
    jobs: int = 0  # worker processes; 0: one per core
    strict: bool = False  # warnings stop the build too
    cache_dir: Path | None = None  # default: <project>/.cache/assets
    no_cache: bool = False
    pdf: PdfConfig = field(default_factory=PdfConfig)
    engine: EngineConfig = field(default_factory=EngineConfig)


@dataclass
class BuildReport:
    microsites: int = 0
    pages: int = 0
    files: int = 0
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    assets_made: int = 0
    assets_reused: int = 0
    pdfs: int = 0
    pdfs_reused: int = 0
    pdf_seconds: float = 0.0
    pdf_skipped: str | None = None  # why no PDF was printed
    rebuilt: list[str] = field(default_factory=list)  # microsites made anew; the others were reused

    @property
    def microsites_reused(self) -> int:
        return self.microsites - len(self.rebuilt)


def checkpoint(stage: str) -> None:
    """Announce a stage to tests: with CAMPAIGNSITE_PAUSE_AT naming it, stop here until killed.

    Robustness tests kill the build at the points it reports instead of after guessed delays.
    """
    if stage in os.environ.get(PAUSE_ENV, "").split(","):
        print(f"checkpoint: {stage}", file=sys.stderr, flush=True)
        while True:
            signal.pause()


def build_date(explicit: date | None) -> date:
    """The date the build-time phase fallback uses; SOURCE_DATE_EPOCH makes builds reproducible."""
    if explicit:
        return explicit
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    return date.fromtimestamp(int(epoch)) if epoch and epoch.isdigit() else date.today()


def load_checked(options: BuildOptions) -> tuple[Project, list[Finding]]:
    project, findings = load_project(options.campaigns_dir, options.content_dir)
    findings = findings + run_checks(project)
    blocking = [f for f in findings if f.severity == "error" or options.strict]
    if blocking:
        raise CampaignError(blocking)
    return project, findings


def _run(jobs: list[MicrositeJob], workers: int, progress: Progress | None) -> list[MicrositeResult]:
    started, results = time.monotonic(), []
    if workers <= 1 or len(jobs) <= 1:
        done = map(make_microsite, jobs)
    else:
        pool = ProcessPoolExecutor(max_workers=min(workers, len(jobs)))
        done = (future.result() for future in as_completed([pool.submit(make_microsite, job) for job in jobs]))
    try:
        for result in done:
            results.append(result)
            if progress:
                progress(result.path, len(results), len(jobs), time.monotonic() - started)
    finally:
        if workers > 1 and len(jobs) > 1:
            pool.shutdown(cancel_futures=True)
    return sorted(results, key=lambda r: r.path)


class _Build:
    """One run of the pipeline over some editions into one staging folder."""

    def __init__(self, options: BuildOptions, project: Project, sites: SiteMap, staging: Staging):
        self.options, self.project, self.sites, self.staging = options, project, sites, staging
        self.today = build_date(options.today)
        self.cache_dir = None if options.no_cache else (options.cache_dir or project.layout.cache_dir / "assets")
        self.pdf_skipped = None if options.pdf.enabled else "已用 --no-pdf 关闭"
        self.pdf_skipped = self.pdf_skipped or browser_problem()
        self.engine = engine(options.engine)
        self.setup = self.engine.setup(project.root, staging.engine)

    def job(self, edition: Edition) -> MicrositeJob:
        font = edition.campaign.branding.font
        return MicrositeJob(
            edition=edition, sites=self.sites, staging=self.staging, engine=self.engine, engine_setup=self.setup,
            assets=AssetConfig(cache_dir=self.cache_dir),
            poster_dirs=self.project.layout.poster_dirs(edition.campaign_id, edition.region and edition.region.slug),
            font=self.project.layout.campaign_folder(edition.campaign_id) / font if font else None,
            today=self.today, with_pdf=self.pdf_skipped is None)

    def run(self, jobs: list[MicrositeJob], report: BuildReport, progress: Progress | None) -> None:
        results = _run(jobs, self.options.jobs or os.cpu_count() or 1, progress)
        checkpoint("rendered")
        report.rebuilt = [r.path for r in results]
        report.warnings = [f"{r.path}: {w}" for r in results for w in r.warnings]
        report.assets_made = sum(r.assets_made for r in results)
        report.assets_reused = sum(r.assets_reused for r in results)
        started, cache = time.monotonic(), AssetCache(self.cache_dir / "pdf" if self.cache_dir else None)
        print_pdfs([p for r in results for p in r.prints], cache, self.options.pdf.tabs)
        report.pdfs, report.pdfs_reused = cache.stats.made, cache.stats.reused
        report.pdf_seconds, report.pdf_skipped = time.monotonic() - started, self.pdf_skipped
        checkpoint("printed")


def build_site(options: BuildOptions, progress: Progress | None = None) -> BuildReport:
    started = time.monotonic()
    project, findings = load_checked(options)
    checkpoint("loaded")
    editions = resolve_editions(project)
    sites = SiteMap(project.site.base_url)
    staging = Staging.next_to(options.site_dir or project.layout.site_dir)
    report = BuildReport(microsites=len(editions), findings=findings)
    staging.create()
    try:
        build = _Build(options, project, sites, staging)
        shared = shared_fingerprint([Path(__file__).parent, project.layout.theme_dir,
                                     *build.engine.inputs(project.root)])
        stamps = Stamps(stamp_folder(build.cache_dir, staging.site_dir))
        jobs = [build.job(edition) for edition in editions]
        fingerprints = {job.key: microsite_fingerprint(job.edition, shared, sites.microsite(job.edition).url,
                                                       build.today, build.pdf_skipped is None) for job in jobs}
        reused = [job for job in jobs if stamps.matches(job.key, fingerprints[job.key])
                  and (staging.site_dir / job.edition.path / "index.html").is_file()]
        for job in reused:
            nested = {e.path.split("/")[1] for e in editions if e.region and e.campaign_id == job.edition.path}
            link_tree(staging.site_dir / job.edition.path, staging.out(job.key), nested)
        build.run([job for job in jobs if job not in reused], report, progress)
        staging.assemble([(job.key, job.edition.path) for job in jobs], {
            "index.html": portal_html(project.site.title, editions, sites).encode("utf-8"),
            "sites.json": sites_index(editions).encode("utf-8")})
        checkpoint("assembled")
        staging.publish()
        checkpoint("published")
        for key, fingerprint in fingerprints.items():
            stamps.record(key, fingerprint)
    finally:
        staging.remove()
    files = [p for p in staging.site_dir.rglob("*") if p.is_file()]
    report.pages, report.files = sum(1 for p in files if p.name == "index.html"), len(files)
    report.seconds = time.monotonic() - started
    return report


def export_microsite(options: BuildOptions, path: str, target: Path) -> Path:
    """Build one microsite (`<campaign>` or `<campaign>/<slug>`) as a folder to host on its own: links that
    leave it are absolute URLs of the public site."""
    project, _ = load_checked(options)
    edition = next((e for e in resolve_editions(project) if e.path == path), None)
    if edition is None:
        raise CampaignError([Finding(path, 1, 1, "error", f"没有微站 {path}", "export-missing",
                                     "检查活动目录名和地区，或先用 campaignsite new-region 新建地区")])
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise CampaignError([Finding(str(target), 1, 1, "error", f"目标目录 {target} 不是空目录，未导出",
                                     "export-target", "换一个新目录，或先清空它")])
    staging = Staging.next_to(target)
    staging.create()
    try:
        build = _Build(options, project, SiteMap(project.site.base_url, standalone=edition.path), staging)
        job = build.job(edition)
        build.run([job], BuildReport(), None)
        if target.exists():
            target.rmdir()
        os.rename(staging.out(job.key), staging.site_dir)
    finally:
        staging.remove()
    return staging.site_dir
