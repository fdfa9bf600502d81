"""`campaignsite build` and `export`: the pipeline in order.

    read -> check -> resolve -> render -> assets -> engine -> publish
Each microsite goes through render, assets and the engine in a worker process (microsite.py); the PDFs of
all print documents are printed in one browser; the assembled site replaces site/ in one step.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from pathlib import Path

from .check import run_checks
from .checkpoints import checkpoint
from .engines import EngineConfig
from .findings import CampaignError, Finding, display_path
from .microsite import Made, Microsites, Progress
from .publish import (
    PdfConfig,
    Staging,
    Stamps,
    link_tree,
    manifest,
    microsite_fingerprint,
    shared_fingerprint,
)
from .publish.links import broken_links, site_facts
from .publish.page_policy import policy_findings
from .publish.pagescan import PageFacts
from .publish.target import check_target
from .read import Project, load_project
from .read.layout import CacheLayout
from .render import portal_html, sites_index
from .render.brand import footer_missing
from .render.datafile import external_hosts
from .render.environment import template_path
from .resolve import SiteMap, resolve_editions
from .timings import StageClock, StageTimes


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
    cache: CacheConfig = field(default_factory=CacheConfig)
    pdf: PdfConfig = field(default_factory=PdfConfig)
    engine: EngineConfig = field(default_factory=EngineConfig)

    def cache_layout(self, project: Project) -> CacheLayout | None:
        return CacheLayout((self.cache.folder or project.layout.cache_dir).resolve()) if self.cache.enabled else None


@dataclass
class BuildReport:
    microsites: int
    findings: list[Finding]
    made: Made
    pages: int = 0
    files: int = 0
    seconds: float = 0.0
    stages: StageTimes = field(default_factory=StageTimes)  # the build process's own (workers: made.stages)
    external_hosts: list[str] = field(default_factory=list)  # every other site the published pages send readers to

    @property
    def microsites_reused(self) -> int:
        return self.microsites - len(self.made.rebuilt)


EPOCH_VARIABLE = "SOURCE_DATE_EPOCH"
LAST_EPOCH = 253402300799  # 9999-12-31T23:59:59Z


def build_date(explicit: date | None) -> date:
    """The date the build-time phase fallback uses: --today, else SOURCE_DATE_EPOCH (seconds since 1970 in
    UTC, as reproducible-builds.org defines it; a malformed value stops the build), else today."""
    if explicit:
        return explicit
    epoch = os.environ.get(EPOCH_VARIABLE)
    if epoch is None:
        return date.today()
    if not epoch.isascii() or not epoch.isdigit() or int(epoch) > LAST_EPOCH:
        raise CampaignError(
            [
                Finding(
                    EPOCH_VARIABLE,
                    1,
                    1,
                    "error",
                    f"环境变量 {EPOCH_VARIABLE}=“{epoch[:30]}”不是从 1970 年起的秒数",
                    "source-date-epoch",
                    "写成非负整数秒（如 git log -1 --format=%ct 的结果），或删除该变量，或用 --today YYYY-MM-DD",
                )
            ]
        )
    return datetime.fromtimestamp(int(epoch), UTC).date()


def load_checked(options: BuildOptions) -> tuple[Project, list[Finding]]:
    """read and check: the project, and the findings that do not stop the build."""
    project, findings = load_project(options.campaigns_dir, options.content_dir)
    findings = findings + run_checks(project)
    blocking = [f for f in findings if f.severity == "error" or options.strict]
    if blocking:
        raise CampaignError(blocking)
    return project, findings


def footer_warnings(project: Project) -> list[str]:
    """Once per site (and per region that hosts its own): what the government site footer lacks."""
    footers = [("campaigns/site.yaml", project.site.footer)]
    footers += [
        (region.doc.path, region.model.footer) for c in project.campaigns for region in c.regions if region.model.footer
    ]
    return [
        f"{where}: 网站页脚缺少{'、'.join(missing)}（在 footer 中填写；政府网站须在每页底部显示）"
        for where, footer in footers
        if (missing := footer_missing(footer))
    ]


def _microsites(options: BuildOptions, project: Project, sites: SiteMap, staging: Staging) -> Microsites:
    return Microsites(
        project,
        sites,
        staging,
        today=build_date(options.today),
        cache=options.cache_layout(project),
        pdf=options.pdf,
        engine_config=options.engine,
        workers=options.jobs,
    )


def published_hosts(site: Path, facts: dict[str, PageFacts], microsites: list[str], own_url: str) -> list[str]:
    """The hosts every microsite's data.json lists, and any other a built page links to (a theme's link)."""
    hosts = set(external_hosts([reference for fact in facts.values() for reference in fact.references], own_url))
    for folder in microsites:
        hosts |= set(json.loads((site / folder / "data.json").read_text(encoding="utf-8")).get("external_hosts", []))
    return sorted(hosts)


def build_site(
    options: BuildOptions, progress: Progress | None = None, *, only: frozenset[str] | None = None
) -> BuildReport:
    """Build every microsite (`only`: just these, the others taken from site/ as they are, for previews)."""
    started, clock = time.monotonic(), StageClock(children=False)
    build_date(options.today)  # a malformed SOURCE_DATE_EPOCH stops the build before anything is made
    project, findings = load_checked(options)
    checkpoint("loaded")
    clock.lap("read+check")
    editions = resolve_editions(project)
    sites = SiteMap.of(project)
    clock.lap("resolve")
    cache = options.cache_layout(project)
    site_dir = check_target(options.site_dir or project.layout.site_dir, project.layout, "--site-dir")
    with Staging.next_to(site_dir).open() as staging:
        microsites = _microsites(options, project, sites, staging)
        shared = shared_fingerprint(
            [Path(__file__).parent, project.layout.theme_dir, *microsites.engine.inputs(project.root)]
        )
        stamps = Stamps(cache.stamps(staging.site_dir) if cache else None)
        jobs = [microsites.job(edition) for edition in editions]
        nested = {job.key: sites.nested(job.edition, editions) for job in jobs}
        fingerprints = {
            job.key: microsite_fingerprint(
                job.edition,
                shared,
                sites.microsite(job.edition).url,
                job.edition.phase_today(microsites.today),
                job.with_pdf,
                [*job.poster_dirs, *job.edition.files()],
            )
            for job in jobs
        }
        published = {
            job.key: files
            for job in jobs
            if (
                files := stamps.unchanged(
                    job.key, fingerprints[job.key], staging.site_dir / job.edition.path, nested[job.key]
                )
            )
        }
        kept = {
            job.key
            for job in jobs
            if only is not None and job.edition.path not in only and (staging.site_dir / job.edition.path).is_dir()
        }  # a preview leaves them as they are
        reused = published.keys() | kept
        for job in jobs:
            if job.key in reused:
                link_tree(staging.site_dir / job.edition.path, staging.out(job.key), nested[job.key])
        clock.lap("fingerprints")
        made = microsites.make([job for job in jobs if job.key not in reused], progress)
        clock.lap("microsites and PDFs")
        made.warnings[:0] = footer_warnings(project)
        published |= {key: manifest(staging.out(key)) for key in fingerprints if key not in reused}
        site = staging.assemble(
            [(job.key, job.edition.path) for job in jobs],
            {
                "index.html": portal_html(
                    project.site.title, editions, sites, project.site.footer, microsites.today
                ).encode("utf-8"),
                "sites.json": sites_index(editions).encode("utf-8"),
            },
        )
        sources = {"index.html": template_path("portal.html.j2"), **made.sources}
        facts = site_facts(site, made.pages, [edition.path for edition in editions])
        made.links_checked, broken = broken_links(site, sources, facts)
        hosts = published_hosts(site, facts, [edition.path for edition in editions], sites.base_url)
        broken += policy_findings(facts, editions, sources)
        clock.lap("assemble, link check")
        if broken:
            raise CampaignError(broken)
        files = [p for p in site.rglob("*") if p.is_file()]
        # stamps first: a stamp of a site that then fails to be published only makes the next build redo it
        for key, microsite_files in published.items():
            stamps.record(key, fingerprints[key], microsite_files)
        checkpoint("assembled")
        staging.publish()  # the last step that may fail: nothing after it can leave a half-told result
        checkpoint("published")
    clock.lap("publish")
    return BuildReport(
        len(editions),
        findings,
        made,
        sum(1 for p in files if p.name == "index.html"),
        len(files),
        time.monotonic() - started,
        clock.times,
        hosts,
    )


def export_microsite(options: BuildOptions, path: str, target: Path) -> tuple[Path, Made]:
    """Build one microsite (`<campaign>` or `<campaign>/<slug>`) as a folder to host on its own: links that
    leave it are absolute URLs of the public site."""
    project, _ = load_checked(options)
    edition = next((e for e in resolve_editions(project) if e.path == path), None)
    if edition is None:
        raise CampaignError(
            [
                Finding(
                    display_path(project.campaigns_dir),
                    1,
                    1,
                    "error",
                    f"没有微站 {path}",
                    "export-missing",
                    "检查活动目录名和地区，或用 campaignsite new-region 新建地区",
                )
            ]
        )
    target = check_target(target, project.layout, "导出")
    with Staging.next_to(target).open() as staging:
        microsites = _microsites(options, project, SiteMap.of(project, standalone=path), staging)
        job = microsites.job(edition)
        # a fork's pages may carry only the scripts the national theme writes: its national microsite, built
        # beside it (never published), shows which
        national = next(e for e in resolve_editions(project) if e.campaign_id == edition.campaign_id and not e.region)
        reference = (
            [replace(microsites.job(national), with_pdf=False, sites=SiteMap.of(project))] if edition.fork else []
        )
        made = microsites.make([job, *reference])
        if findings := policy_findings(made.pages, [edition, *(r.edition for r in reference)], made.sources):
            raise CampaignError(findings)
        staging.publish_folder(job.key)
    return staging.site_dir, made
