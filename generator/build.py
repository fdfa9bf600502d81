"""`campaignsite build`: read, check, generate, hand to MkDocs, publish atomically.

Pipeline in file order: loader -> checks -> editions -> pages -> mkdocs_adapter -> swap.
"""

from __future__ import annotations

import os
import shutil
import signal
import sys
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from .assetcache import AssetCache
from .assets import build_assets
from .brand_guard import verify_brand
from .checks import run_checks
from .editions import Edition, editions_of
from .findings import CampaignError, Finding
from .forks import fork_dirs, fork_folder, fork_pages
from .incremental import Stamps, link_tree, microsite_fingerprint, shared_fingerprint, stamp_folder
from .loader import Project, load_project
from .mkdocs_adapter import base_config, prepare, run, write_jieba_dict
from .pages import build_microsite
from .pdf import PrintJob, browser_problem, print_pdfs
from .portal import portal_html, sites_index
from .printables import PRINT_FOLDER
from .progress import Progress
from .swap import publish, remove_stale

PAUSE_ENV = "CAMPAIGNSITE_PAUSE_AT"


def checkpoint(stage: str) -> None:
    """Announce a stage to tests: with CAMPAIGNSITE_PAUSE_AT naming it, stop here until killed.

    Robustness tests kill the build at the points it reports instead of after guessed delays.
    """
    if stage in os.environ.get(PAUSE_ENV, "").split(","):
        print(f"checkpoint: {stage}", file=sys.stderr, flush=True)
        while True:
            signal.pause()


@dataclass
class BuildOptions:
    campaigns_dir: Path
    site_dir: Path
    content_dir: Path | None = None
    today: date | None = None
    jobs: int = 0  # 0: one per core
    quiet: bool = False
    strict: bool = False
    cache_dir: Path | None = None  # default: <project>/.cache/assets
    no_cache: bool = False
    pdf: bool = True  # print notices and forms to PDF with Chromium when it is available
    only: frozenset[str] | None = None  # rebuild just these region microsites (paths) into an existing site


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
    microsites_reused: int = 0  # unchanged since the last build: published output reused


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


@dataclass(frozen=True)
class MicrositeJob:
    """Everything one worker needs to make one microsite, as picklable plain data."""

    edition: Edition
    site_url: str
    content_dir: Path
    today: date
    campaign_folder: Path
    fork_folder: Path | None
    fork_dirs: tuple[str, ...]
    project_root: Path
    base_config: dict[str, Any]
    staging: Path
    jieba_dict: Path
    cache_dir: Path | None
    with_pdf: bool

    @property
    def key(self) -> str:
        return self.edition.path.replace("/", "__")


@dataclass
class JobResult:
    key: str
    warnings: list[str]
    assets_made: int
    assets_reused: int


def make_microsite(job: MicrositeJob) -> JobResult:
    """Pages, QR codes and posters, then MkDocs: all of one microsite, in one worker process."""
    cache = AssetCache(job.cache_dir)
    assets = build_assets(job.edition, job.site_url, cache, job.campaign_folder, job.fork_folder)
    site = build_microsite(job.edition, job.site_url, job.content_dir, job.today, assets, job.with_pdf,
                           fork_pages(job.fork_folder))
    build_job = prepare(site, job.base_config, job.project_root, job.staging / "docs" / job.key,
                        job.staging / "out" / job.key, job.staging / f"mkdocs-{job.key}.yml", job.jieba_dict,
                        job.fork_dirs)
    return JobResult(job.key, run(build_job), cache.stats.made, cache.stats.reused)


def _run_jobs(jobs: list[MicrositeJob], workers: int, progress: Callable[[str, float], None]) -> list[JobResult]:
    results: list[JobResult] = []
    started = time.monotonic()
    if workers <= 1 or len(jobs) <= 1:
        for job in jobs:
            results.append(make_microsite(job))
            progress(job.key, time.monotonic() - started)
        return results
    with ProcessPoolExecutor(max_workers=min(workers, len(jobs))) as pool:
        futures = [pool.submit(make_microsite, job) for job in jobs]
        for future in as_completed(futures):
            results.append(future.result())
            progress(results[-1].key, time.monotonic() - started)
    return sorted(results, key=lambda r: r.key)


def _print_documents(outputs: Path, keys: list[str], cache: AssetCache) -> tuple[int, int]:
    """Every print page of the rebuilt microsites to PDF, in one browser (pdf.py); returns (printed, reused)."""
    jobs = [PrintJob(html, html.with_suffix(".pdf")) for key in sorted(keys)
            for html in sorted((outputs / key / PRINT_FOLDER).glob("*.html"))]
    print_pdfs(jobs, cache)
    return cache.stats.made, cache.stats.reused


def _assemble(editions: list[Edition], outputs: Path, site: Path, title: str) -> None:
    site.mkdir(parents=True)
    for edition in sorted(editions, key=lambda e: e.path.count("/")):
        os.rename(outputs / edition.path.replace("/", "__"), site / edition.path)
    (site / "index.html").write_text(portal_html(title, editions), encoding="utf-8")
    (site / "sites.json").write_text(sites_index(editions), encoding="utf-8")


def _replace_regions(editions: list[Edition], outputs: Path, site: Path, project: Project) -> None:
    """Swap freshly built region microsites into an existing site, each folder in one step."""
    for edition in editions:
        staged = outputs / edition.path.replace("/", "__")
        holder = outputs / f"site-{edition.campaign_id}"
        (holder / edition.campaign_id).mkdir(parents=True, exist_ok=True)
        os.rename(staged, holder / edition.path)
        verify_brand(holder, [edition], project)
        publish(holder / edition.path, site / edition.path)


def _count(site: Path) -> tuple[int, int]:
    files = [p for p in site.rglob("*") if p.is_file()]
    return sum(1 for p in files if p.name == "index.html"), len(files)


def build_site(options: BuildOptions) -> BuildReport:
    started = time.monotonic()
    project, findings = load_checked(options)
    checkpoint("loaded")
    today = build_date(options.today)
    editions = [e for c in project.campaigns for e in editions_of(c)]
    site_dir = options.site_dir.resolve()
    partial = options.only is not None and site_dir.is_dir() and all(
        "/" in path and (site_dir / path.split("/")[0]).is_dir() for path in options.only)
    if partial:
        editions = [e for e in editions if e.path in options.only]
    prefix = f".{site_dir.name}.staging-"
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    remove_stale(site_dir.parent, prefix)
    staging = site_dir.parent / f"{prefix}{os.getpid()}"
    try:
        staging.mkdir()
        jieba = write_jieba_dict(staging / "jieba-user.txt")
        base = base_config(project.root)
        pdf_skipped = None if options.pdf else "已用 --no-pdf 关闭"
        pdf_skipped = pdf_skipped or browser_problem()
        with_pdf = pdf_skipped is None
        cache_dir = None if options.no_cache else (options.cache_dir or project.root / ".cache" / "assets")
        jobs = [MicrositeJob(edition, project.site.base_url + edition.path + "/", project.content_dir, today,
                             project.campaigns_dir / edition.campaign_id, fork_folder(project, edition),
                             fork_dirs(project, edition), project.root, base, staging, jieba, cache_dir, with_pdf)
                for edition in editions]
        stamps = Stamps(stamp_folder(cache_dir, site_dir))
        shared = shared_fingerprint(project.root, project.root / (base.get("theme") or {}).get("custom_dir", "theme"))
        fingerprints = {job.key: microsite_fingerprint(job.edition, shared, job.site_url, today, with_pdf,
                                                 project.content_dir, job.fork_folder) for job in jobs}
        reused = [job for job in jobs if stamps.matches(job.key, fingerprints[job.key])
                  and (site_dir / job.edition.path / "index.html").is_file()]
        for job in reused:
            nested = {e.path.split("/")[1] for e in editions if "/" in e.path and e.campaign_id == job.edition.path}
            link_tree(site_dir / job.edition.path, staging / "out" / job.key, nested)
        jobs = [job for job in jobs if job not in reused]
        bar = Progress(len(jobs), options.quiet)
        results = _run_jobs(jobs, options.jobs or os.cpu_count() or 1,
                            lambda key, elapsed: bar.step(key.replace("__", "/"), elapsed))
        checkpoint("rendered")
        pdf_started = time.monotonic()
        printed, pdf_reused = _print_documents(staging / "out", [j.key for j in jobs],
                                                   AssetCache(cache_dir / "pdf" if cache_dir else None)) \
            if with_pdf else (0, 0)
        pdf_seconds = time.monotonic() - pdf_started
        checkpoint("printed")
        if partial:
            _replace_regions(editions, staging / "out", site_dir, project)
        else:
            _assemble(editions, staging / "out", staging / "site", project.site.title)
            verify_brand(staging / "site", editions, project)
            checkpoint("assembled")
            publish(staging / "site", site_dir)
        checkpoint("published")
        for key, fingerprint in fingerprints.items():
            stamps.record(key, fingerprint)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    pages, files = _count(site_dir)
    warnings = [f"{r.key.replace('__', '/')}: {w}" for r in results for w in r.warnings]
    return BuildReport(len(editions), pages, files, time.monotonic() - started, warnings, findings,
                       sum(r.assets_made for r in results), sum(r.assets_reused for r in results), printed,
                       pdf_reused, pdf_seconds, pdf_skipped, len(reused))
