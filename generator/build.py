"""`campaignsite build`: read, check, generate, hand to MkDocs, publish atomically.

Pipeline in file order: loader -> checks -> editions -> pages -> mkdocs_adapter -> swap.
"""

from __future__ import annotations

import os
import shutil
import sys
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .brand_guard import verify_brand
from .checks import run_checks
from .editions import Edition, editions_of
from .findings import CampaignError, Finding
from .forks import fork_dirs
from .loader import Project, load_project
from .mkdocs_adapter import BuildJob, base_config, prepare, run, write_jieba_dict
from .pages import build_microsite
from .portal import portal_html, sites_index
from .swap import publish, remove_stale


@dataclass
class BuildOptions:
    campaigns_dir: Path
    site_dir: Path
    content_dir: Path | None = None
    today: date | None = None
    jobs: int = 0  # 0: one per core
    quiet: bool = False
    strict: bool = False


@dataclass
class BuildReport:
    microsites: int = 0
    pages: int = 0
    files: int = 0
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


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


def _run_jobs(jobs: list[BuildJob], workers: int, progress: Callable[[str, float], None]) -> list[str]:
    warnings: list[str] = []
    started = time.monotonic()
    if workers <= 1 or len(jobs) <= 1:
        for job in jobs:
            warnings += [f"{job.key}: {w}" for w in run(job)]
            progress(job.key, time.monotonic() - started)
        return warnings
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for job, messages in zip(jobs, pool.map(run, jobs), strict=True):
            warnings += [f"{job.key}: {w}" for w in messages]
            progress(job.key, time.monotonic() - started)
    return warnings


def _assemble(editions: list[Edition], outputs: Path, site: Path, title: str) -> None:
    site.mkdir(parents=True)
    for edition in sorted(editions, key=lambda e: e.path.count("/")):
        os.rename(outputs / edition.path.replace("/", "__"), site / edition.path)
    (site / "index.html").write_text(portal_html(title, editions), encoding="utf-8")
    (site / "sites.json").write_text(sites_index(editions), encoding="utf-8")


def _count(site: Path) -> tuple[int, int]:
    files = [p for p in site.rglob("*") if p.is_file()]
    return sum(1 for p in files if p.name == "index.html"), len(files)


def build_site(options: BuildOptions) -> BuildReport:
    started = time.monotonic()
    project, findings = load_checked(options)
    today = build_date(options.today)
    editions = [e for c in project.campaigns for e in editions_of(c)]
    site_dir = options.site_dir.resolve()
    prefix = f".{site_dir.name}.staging-"
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    remove_stale(site_dir.parent, prefix)
    staging = site_dir.parent / f"{prefix}{os.getpid()}"
    try:
        staging.mkdir()
        jieba = write_jieba_dict(staging / "jieba-user.txt")
        base = base_config(project.root)
        jobs = []
        for edition in editions:
            key = edition.path.replace("/", "__")
            site = build_microsite(edition, project.site.base_url + edition.path + "/", project.content_dir, today)
            forks = fork_dirs(project, edition)
            jobs.append(prepare(site, base, project.root, staging / "docs" / key, staging / "out" / key,
                                staging / f"mkdocs-{key}.yml", jieba, forks))
        total = len(jobs)
        done = [0]

        def progress(key: str, elapsed: float) -> None:
            done[0] += 1
            if not options.quiet:
                print(f"[{done[0]}/{total}] {key.replace('__', '/')}  {elapsed:.1f}s", file=sys.stderr)

        workers = options.jobs or os.cpu_count() or 1
        warnings = _run_jobs(jobs, workers, progress)
        _assemble(editions, staging / "out", staging / "site", project.site.title)
        verify_brand(staging / "site", editions, project)
        publish(staging / "site", site_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    pages, files = _count(site_dir)
    return BuildReport(len(editions), pages, files, time.monotonic() - started, warnings, findings)
