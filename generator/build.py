"""`campaignsite build`: the pipeline in order, one named step each.

    read -> check -> resolve -> render -> documents -> assets -> engine -> publish
Each microsite goes through render, documents, assets and the engine in a worker process (microsite.py);
the PDFs of all print documents are printed in one browser (microsites.py); the assembled site is checked
(links, page policy) and replaces site/ in one step. A microsite whose fingerprint and published files did not
change is taken from site/ as it is.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

from .checkpoints import checkpoint
from .findings import CampaignError, Finding
from .microsite import MicrositeJob, WarmUp, job_fingerprint
from .microsites import Made, Microsites, Progress, Workers
from .options import BuildOptions, build_time, load_checked
from .publish import Staging, Stamps, Taking, link_tree, manifest, shared_fingerprint
from .publish.links import broken_links, site_facts
from .publish.page_policy import policy_findings
from .publish.pagescan import PageFacts
from .publish.target import check_target
from .publish.tree import file_names
from .read import Project
from .read.layout import CacheLayout, ProjectLayout
from .render import portal_html, sites_index
from .render.compiled import keep_compiled
from .render.datafile import external_hosts
from .render.datamodel import data_schema_text
from .render.environment import template_path
from .render.segment import keep_words, remember_words
from .resolve import Edition, SiteMap, resolve_editions
from .shards import MANIFEST, Shard, ShardManifest, check_manifests, read_manifest, verify_files
from .timings import StageClock, StageTimes


@dataclass(frozen=True)
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


@dataclass(frozen=True)
class Plan:
    """Which microsites a build makes and which it may take from the published site as they are."""

    jobs: tuple[MicrositeJob, ...]
    fingerprints: dict[str, str]  # by job key
    takings: dict[str, Taking]  # job key -> a published microsite whose stamp matches: taken if its files do
    kept: frozenset[str]  # job keys a preview leaves as they are

    @property
    def to_make(self) -> list[MicrositeJob]:
        return [job for job in self.jobs if job.key not in self.takings and job.key not in self.kept]

    @property
    def to_take(self) -> list[tuple[MicrositeJob, Taking]]:
        return [(job, self.takings[job.key]) for job in self.jobs if job.key in self.takings]


def shared_inputs(project: Project, microsites: Microsites) -> str:
    """What every microsite is made with: this code, the theme, the engine's inputs, every library's version."""
    return shared_fingerprint(
        [Path(__file__).parent, project.layout.theme_dir, *microsites.engine.inputs(project.root)]
    )


def plan(
    project: Project,
    editions: list[Edition],
    microsites: Microsites,
    stamps: Stamps,
    staging: Staging,
    only: frozenset[str] | None,
    everyone: list[Edition],
) -> Plan:
    """Fingerprint every microsite; find those whose stamps match (the workers check their files) and, for a
    preview, those not asked for. `everyone`: all the project's microsites, `editions` those this build makes."""
    shared = shared_inputs(project, microsites)
    jobs = tuple(microsites.job(edition) for edition in editions)
    fingerprints = {job.key: job_fingerprint(job, shared) for job in jobs}
    nested = {job.key: microsites.sites.nested(job.edition, everyone) for job in jobs}
    kept = frozenset(  # a preview leaves them as they are
        job.key
        for job in jobs
        if only is not None and job.edition.path not in only and (staging.site_dir / job.edition.path).is_dir()
    )
    for job in jobs:
        if job.key in kept:
            link_tree(staging.site_dir / job.edition.path, staging.out(job.key), nested[job.key])
    takings = {
        job.key: Taking(job.key, job.edition.path, published, staging.out(job.key), frozenset(nested[job.key]), files)
        for job in jobs
        if job.key not in kept
        and (files := stamps.stamped(job.key, fingerprints[job.key], published := staging.site_dir / job.edition.path))
    }
    return Plan(jobs, fingerprints, takings, kept)


def assemble(
    project: Project,
    editions: list[Edition],
    sites: SiteMap,
    staging: Staging,
    microsites: Microsites,
    jobs: tuple[MicrositeJob, ...],
) -> Path:
    """The microsites in their folders, the portal and the index of microsites at the root."""
    remember_words(microsites.cache.words if microsites.cache else None)  # the segmenter not loaded for a known title
    portal = portal_html(project.site.title, editions, sites, project.site.footer, microsites.today)
    keep_words()
    return staging.assemble(
        [(job.key, job.edition.path) for job in jobs],
        {
            "index.html": portal.encode("utf-8"),
            sites.sites_index.path: sites_index(editions, sites).encode("utf-8"),
            sites.data_schema.path: data_schema_text().encode("utf-8"),
        },
    )


def published_hosts(
    site: Path, facts: dict[str, PageFacts], microsites: list[str], own_hosts: frozenset[str]
) -> list[str]:
    """The hosts every microsite's data.json lists, and any other a built page links to (a theme's link)."""
    hosts = set(external_hosts([reference for fact in facts.values() for reference in fact.references], own_hosts))
    for folder in microsites:
        hosts |= set(json.loads((site / folder / "data.json").read_text(encoding="utf-8")).get("external_hosts", []))
    return sorted(hosts)


def verify(
    site: Path, made: Made, editions: list[Edition], sites: SiteMap, names: list[str], *, links: bool = True
) -> tuple[Made, list[str]]:
    """Every link of the assembled site resolves and no page carries what none may: else nothing is published.
    A shard (`links` false) holds only its share: its links are checked when the shards are merged. `names`:
    the site's files (file_names)."""
    sources = {"index.html": template_path("portal.html.j2"), **made.sources}
    facts = site_facts(site, dict(made.pages), [edition.path for edition in editions], names)
    checked, broken = broken_links(site, sources, facts, sites.site_path, sites.page_url) if links else (0, [])
    broken += policy_findings(facts, editions, sources)
    if broken:
        raise CampaignError(broken)
    return replace(made, links_checked=checked), published_hosts(
        site, facts, [e.path for e in editions], sites.own_hosts
    )


def write_manifest(
    site: Path, shard: Shard, microsites: Microsites, everyone: list[Edition], built: list[str], shared: str
) -> None:
    """A shard's `shard.json`: every microsite's fingerprint as this machine sees it, and every file made."""
    fingerprints = {e.path: job_fingerprint(microsites.job(e), shared) for e in everyone}
    text = ShardManifest(site, shard, fingerprints, tuple(built), manifest(site)).text()
    (site / MANIFEST).write_text(text + "\n", encoding="utf-8")


def _microsites(
    project: Project,
    sites: SiteMap,
    staging: Staging,
    options: BuildOptions,
    cache: CacheLayout | None,
    workers: int | Workers,
) -> Microsites:
    return Microsites(
        project,
        sites,
        staging,
        moment=build_time(options.today),
        cache=cache,
        pdf=options.pdf,
        engine_config=options.engine,
        workers=workers,
    )


def merge_site(folders: list[Path], options: BuildOptions) -> BuildReport:
    """The shards of one build put together: checked (same inputs, every microsite once, files intact), the
    root files written, every link checked, published in one step like a build."""
    started, clock = time.monotonic(), StageClock(children=False)
    project, findings = load_checked(options)
    editions, sites = resolve_editions(project), SiteMap.of(project)
    manifests = [read_manifest(folder.resolve()) for folder in folders]
    site_dir = check_target(options.site_dir or project.layout.site_dir, project.layout, "--site-dir")
    with Staging.next_to(site_dir).open() as staging:
        microsites = _microsites(project, sites, staging, options, None, workers=1)
        shared = shared_inputs(project, microsites)
        expected = {e.path: job_fingerprint(microsites.job(e), shared) for e in editions}
        if problems := check_manifests(manifests, expected):
            raise CampaignError(problems)
        for shard_manifest in manifests:
            verify_files(shard_manifest)
        owner = {path: m.folder for m in manifests for path in m.built}
        jobs = tuple(microsites.job(edition) for edition in editions)
        for job in jobs:
            source = owner[job.edition.path] / job.edition.path
            link_tree(source, staging.out(job.key), sites.nested(job.edition, editions))
        clock.lap("shards")
        site = assemble(project, editions, sites, staging, microsites, jobs)
        names = file_names(site)
        made, hosts = verify(site, Made(), editions, sites, names)
        clock.lap("assemble, link check")
        pages, files = _count(names)
        staging.publish()
    return BuildReport(len(editions), findings, made, pages, files, time.monotonic() - started, clock.times, hosts)


def _count(names: list[str]) -> tuple[int, int]:
    """(pages, files) of the assembled site."""
    return sum(name.rsplit("/", 1)[-1] == "index.html" for name in names), len(names)


def publish(staging: Staging, stamps: Stamps, the_plan: Plan, made: Made) -> None:
    """Stamps first (a stamp of a site that then fails to be published only makes the next build redo it),
    then the swap: the last step that may fail, so nothing after it can leave a half-told result."""
    for key, files in made.files.items():  # a microsite taken as it was keeps its stamp
        stamps.record(key, the_plan.fingerprints[key], files)
    checkpoint("assembled")
    staging.publish()
    checkpoint("published")


def build_site(
    options: BuildOptions, progress: Progress | None = None, *, only: frozenset[str] | None = None
) -> BuildReport:
    """Build every microsite (`only`: just these, the others taken from site/ as they are, for previews)."""
    started, clock = time.monotonic(), StageClock(children=False)
    build_time(options.today)  # a malformed SOURCE_DATE_EPOCH stops the build before anything is made
    cache = options.cache_layout()
    layout = ProjectLayout.at(options.campaigns_dir, options.content_dir)
    keep_compiled(cache.templates if cache else None)  # the portal's templates: this process renders them
    warm = (
        WarmUp(options.engine, cache.words if cache else None, layout, cache.templates if cache else None)
        if only is None
        else None
    )
    with Workers(options.jobs, warm=warm) as workers:
        return _build(options, progress, only, workers, cache, started, clock)


def _build(
    options: BuildOptions,
    progress: Progress | None,
    only: frozenset[str] | None,
    workers: Workers,
    cache: CacheLayout | None,
    started: float,
    clock: StageClock,
) -> BuildReport:
    project, findings = load_checked(options)
    checkpoint("loaded")
    clock.lap("read+check")
    everyone, sites = resolve_editions(project), SiteMap.of(project)
    shard = options.shard
    editions = [e for e in everyone if shard.owns(e.path)] if shard else everyone
    clock.lap("resolve")
    site_dir = check_target(options.site_dir or project.layout.site_dir, project.layout, "--site-dir")
    with Staging.next_to(site_dir).open() as staging:
        microsites = _microsites(project, sites, staging, options, cache, workers=workers)
        stamps = Stamps(cache.stamps(staging.site_dir) if cache else None)
        the_plan = plan(project, editions, microsites, stamps, staging, only, everyone)
        clock.lap("fingerprints")
        made = microsites.make(the_plan.to_make, progress, the_plan.to_take)
        clock.lap("microsites and PDFs")
        if shard:
            site = staging.assemble([(job.key, job.edition.path) for job in the_plan.jobs], {})
            write_manifest(
                site, shard, microsites, everyone, [e.path for e in editions], shared_inputs(project, microsites)
            )
        else:
            site = assemble(project, editions, sites, staging, microsites, the_plan.jobs)
        names = file_names(site)
        made, hosts = verify(site, made, editions, sites, names, links=shard is None)
        clock.lap("assemble, link check")
        pages, files = _count(names)
        publish(staging, stamps, the_plan, made)
    clock.lap("publish")
    return BuildReport(len(editions), findings, made, pages, files, time.monotonic() - started, clock.times, hosts)
