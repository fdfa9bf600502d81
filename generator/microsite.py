"""Microsites through the stages: render -> assets -> engine -> the writer, one worker process each, then
the PDFs of all their print documents in one browser.

A job is plain, picklable data; its result says what was made and which print documents await the PDF
printer, which runs once per build, in the main process.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .assets import AssetCache, AssetConfig, draw_assets
from .assets.cache import code_digest, versions
from .checkpoints import checkpoint
from .engines import Engine, EngineConfig, EngineJob, EngineSetup, engine
from .findings import CampaignError, Finding
from .processes import worker_start
from .publish import PdfConfig, PrintJob, Staging, browser_problem, print_pdfs, verify_brand, write
from .publish.pagescan import PageFacts, scan_pages
from .publish.print_glyphs import missing_glyphs
from .read import Project
from .read.layout import CacheLayout
from .render import RenderedMicrosite, render_microsite
from .render.docx_forms import print_docx
from .resolve import Edition, SiteMap
from .timings import StageClock, StageTimes

Progress = Callable[[str, int, int, float], None]  # (microsite, done, total, seconds)


@dataclass(frozen=True, kw_only=True)
class MicrositeJob:
    edition: Edition
    sites: SiteMap
    staging: Staging
    engine: Engine
    engine_setup: EngineSetup
    assets: AssetConfig
    poster_dirs: tuple[Path, ...]
    font: Path | None
    today: date
    with_pdf: bool

    @property
    def key(self) -> str:
        return self.sites.microsite(self.edition).key


@dataclass(frozen=True)
class MicrositeResult:
    path: str
    warnings: list[str]
    assets_made: int
    assets_reused: int
    assets_corrupt: int
    prints: list[PrintJob]
    findings: list[Finding] = field(default_factory=list)  # what stops the build (brand guard, posters ...)
    sources: dict[str, str] = field(default_factory=dict)  # published HTML (site-relative) -> its template
    stages: StageTimes = field(default_factory=StageTimes)  # this microsite's, in its worker
    pages: dict[str, PageFacts] = field(default_factory=dict)  # its pages read (for the link check and policy)


def word_files(rendered: RenderedMicrosite, cache: AssetCache) -> dict[str, bytes]:
    """The Word file of every print page, written from the page itself, cached by its hash like the PDFs."""
    code = {"code": code_digest("generator.render.docx_forms"), **versions("python-docx", "lxml")}
    printables = {p.html.path: p for p in rendered.map.printables}
    files = {}
    for doc in rendered.prints:
        item = printables[doc.html.path]
        inputs = {"kind": item.kind, "html": hashlib.sha256(doc.content).hexdigest()}
        files[item.docx.path] = cache.get(
            "print.docx", inputs, code, lambda kind=item.kind, page=doc.content: print_docx(kind, page)
        )
    return files


def make_microsite(job: MicrositeJob) -> MicrositeResult:
    checkpoint("microsite")
    clock = StageClock(children=True)
    rendered = render_microsite(job.edition, job.sites, today=job.today, with_pdf=job.with_pdf)
    clock.lap("render")
    if glyphs := missing_glyphs(job.edition):
        raise CampaignError(glyphs)
    drawn = draw_assets(job.edition, rendered.map, job.assets, poster_dirs=job.poster_dirs, font=job.font)
    clock.lap("assets: QR codes, posters")
    words = AssetCache(job.assets.cache_dir)
    drawn.files |= word_files(rendered, words)
    drawn.corrupt += words.stats.corrupt
    clock.lap("assets: Word files")
    key, staging = rendered.map.key, job.staging
    write(staging.docs(key), rendered.pages)
    theme_layers = (job.edition.fork.overrides,) if job.edition.fork and job.edition.fork.overrides else ()
    warnings = job.engine.build(
        job.engine_setup,
        EngineJob(
            key=key,
            docs_dir=staging.docs(key),
            out_dir=staging.out(key),
            site_name=job.edition.site_name,
            site_url=rendered.map.url,
            nav=tuple(rendered.nav),
            brand=rendered.brand,
            theme_layers=theme_layers,
            error_page=job.sites.standalone is None,
        ),
    )
    clock.lap("engine")
    write(staging.out(key), rendered.files | drawn.files)
    write(staging.prints(key), {doc.html.name: doc.content for doc in rendered.prints})
    prints = (
        [
            PrintJob(staging.prints(key) / doc.html.name, staging.out(key) / doc.pdf.path, doc.layout)
            for doc in rendered.prints
        ]
        if job.with_pdf
        else []
    )
    sources = {f"{job.edition.path}/{page}": template for page, template in rendered.sources.items()}
    clock.lap("write")
    brand = verify_brand(staging.out(key), job.edition, job.engine_setup.theme_dir)
    clock.lap("brand guard")
    pages = scan_pages(staging.out(key), job.edition.path)
    clock.lap("page scan")
    return MicrositeResult(
        job.edition.path, warnings, drawn.made, drawn.reused, drawn.corrupt, prints, brand, sources, clock.times, pages
    )


def make_or_report(job: MicrositeJob) -> MicrositeResult:
    """make_microsite, with an editor's mistake returned as findings, so one build reports all of them."""
    try:
        return make_microsite(job)
    except CampaignError as error:
        return MicrositeResult(job.edition.path, [], 0, 0, 0, [], error.findings)


@dataclass
class Made:
    """What making a set of microsites did, for the build's report."""

    rebuilt: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    assets_made: int = 0
    assets_reused: int = 0
    corrupt: int = 0  # cache entries whose content did not match their hash: drawn or printed again
    pdfs: int = 0
    pdfs_reused: int = 0
    pdf_seconds: float = 0.0
    pdf_skipped: str | None = None  # why no PDF was printed
    sources: dict[str, str] = field(default_factory=dict)  # published HTML (site-relative) -> its template
    links_checked: int = 0  # internal references verified after assembly
    stages: StageTimes = field(default_factory=StageTimes)  # the workers', summed over microsites
    pages: dict[str, PageFacts] = field(default_factory=dict)  # read in the workers, by site path


def _results(jobs: list[MicrositeJob], workers: int) -> Iterator[MicrositeResult]:
    """Each job in a worker process, one job too: a fork's templates never run in the build's own process."""
    if not jobs:
        return
    with ProcessPoolExecutor(max_workers=max(1, min(workers, len(jobs))), initializer=worker_start) as pool:
        futures = [pool.submit(make_or_report, job) for job in jobs]
        try:
            for future in as_completed(futures):
                yield future.result()
        finally:
            pool.shutdown(cancel_futures=True)


class Microsites:
    """Makes microsites of one project into one staging folder."""

    def __init__(
        self,
        project: Project,
        sites: SiteMap,
        staging: Staging,
        *,
        today: date,
        cache: CacheLayout | None,
        pdf: PdfConfig,
        engine_config: EngineConfig,
        workers: int = 0,
    ):
        self.project, self.sites, self.staging, self.today = project, sites, staging, today
        self.cache = cache
        self.pdf = pdf
        self.pdf_skipped = (None if pdf.enabled else "已用 --no-pdf 关闭") or browser_problem()
        self.workers = workers or os.cpu_count() or 1
        self.engine = engine(engine_config)
        self.engine_setup = self.engine.setup(project.root, project.layout.theme_dir, staging.engine)
        write(staging.engine, self.engine_setup.files)

    def job(self, edition: Edition) -> MicrositeJob:
        layout = self.project.layout
        return MicrositeJob(
            edition=edition,
            sites=self.sites,
            staging=self.staging,
            engine=self.engine,
            engine_setup=self.engine_setup,
            assets=AssetConfig(cache_dir=self.cache.assets if self.cache else None),
            poster_dirs=layout.poster_dirs(edition.campaign_id, edition.region and edition.region.slug),
            font=edition.font,
            today=self.today,
            with_pdf=self.pdf_skipped is None,
        )

    def make(self, jobs: list[MicrositeJob], progress: Progress | None = None) -> Made:
        started, results = time.monotonic(), []
        for result in _results(jobs, self.workers):
            results.append(result)
            if progress:
                progress(result.path, len(results), len(jobs), time.monotonic() - started)
        if findings := list(dict.fromkeys(f for r in results for f in r.findings)):  # a region's inherited
            raise CampaignError(findings)  # notice is the national one: its finding is said once
        checkpoint("rendered")
        results.sort(key=lambda r: r.path)
        made = Made(
            [r.path for r in results],
            [f"{r.path}: {w}" for r in results for w in r.warnings],
            sum(r.assets_made for r in results),
            sum(r.assets_reused for r in results),
            sources={page: template for r in results for page, template in r.sources.items()},
        )
        for result in results:
            made.stages.add(result.stages)
            made.pages |= result.pages
        started, cache = time.monotonic(), AssetCache(self.cache.pdf if self.cache else None)
        made.warnings += print_pdfs([p for r in results for p in r.prints], cache, self.pdf.tabs)
        made.pdfs, made.pdfs_reused = cache.stats.made, cache.stats.reused
        made.corrupt = sum(r.assets_corrupt for r in results) + cache.stats.corrupt
        made.pdf_seconds, made.pdf_skipped = time.monotonic() - started, self.pdf_skipped
        checkpoint("printed")
        return made
