"""One microsite through the stages, in a worker process: render -> documents -> assets -> engine -> the writer,
then the brand guard and the page scan. Each step is named and declares what it reads (STEPS): the microsite's
fingerprint (publish/incremental.py) is made of exactly those inputs, so a change to any of them, and only to
them, makes the microsite again.

A job is plain, picklable data; its result says what was made and which print documents await the PDF
printer, which runs once per build, in the main process (microsites.py).
"""

from __future__ import annotations

import contextlib
import errno
import functools
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from .assets import AssetCache, AssetConfig, DrawnAssets, draw_assets
from .assets import warm_up as warm_assets
from .assets.cache import code_digest, versions
from .checkpoints import checkpoint
from .documents import PrintedDocuments, PrintJob, missing_glyphs, print_documents, word_file
from .documents.parts import parts_key
from .engines import ENGINE_STAGE, Engine, EngineConfig, EngineJob, EngineSetup, engine
from .findings import CampaignError, Finding
from .processes import EPOCH_VARIABLE
from .publish import Staging, fingerprint, manifest, verify_brand, write
from .publish.pagescan import PageFacts, scan_pages
from .read.layout import ProjectLayout
from .render import RenderedMicrosite, compile_page_templates, render_microsite
from .render.compiled import keep_compiled
from .render.segment import dictionary_key, keep_words, remember_words, segmenter
from .resolve import Edition, SiteMap
from .timings import StageClock, StageTimes


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
    moment: datetime  # the moment the build stands for (options.build_time)
    with_pdf: bool
    words: Path | None = None  # where the words of texts cut by earlier builds are kept (None: not kept)
    templates: Path | None = None  # where compiled templates are kept (None: in memory only)

    @property
    def today(self) -> date:
        return self.moment.date()

    @property
    def key(self) -> str:
        return self.sites.microsite(self.edition).key

    @property
    def url(self) -> str:
        return self.sites.microsite(self.edition).url


@dataclass(frozen=True)
class Reads:
    """What a step reads besides the shared inputs (code, theme, libraries): values of the job, by name, and
    files or folders."""

    values: tuple[str, ...] = ()
    files: Callable[[MicrositeJob], list[Path]] = lambda job: []


def _drawn_from(job: MicrositeJob) -> list[Path]:
    return [*job.poster_dirs, *job.edition.files()]  # poster layouts, the font, logos and marks


def _fork_of(job: MicrositeJob) -> list[Path]:
    return [job.edition.fork.folder] if job.edition.fork else []


STEPS: dict[str, Reads] = {
    "render": Reads(("edition", "url", "moment", "with_pdf")),  # the timeline's 今天, the calendar's stamps
    "documents": Reads(("edition", "url")),
    "assets": Reads(("edition", "url"), _drawn_from),
    "engine": Reads(("edition", "url"), _fork_of),
    "write": Reads(("with_pdf",)),
}


def job_fingerprint(job: MicrositeJob, shared: str) -> str:
    """The fingerprint of what the steps of making the microsite read (STEPS), and nothing else."""
    names = sorted({name for reads in STEPS.values() for name in reads.values})
    files = list(dict.fromkeys(path for reads in STEPS.values() for path in reads.files(job)))
    return fingerprint(shared, {name: getattr(job, name) for name in names}, files)


@dataclass(frozen=True)
class MicrositeResult:
    path: str
    warnings: tuple[str, ...] = ()
    assets_made: int = 0
    assets_reused: int = 0
    assets_corrupt: int = 0
    prints: tuple[PrintJob, ...] = ()
    findings: tuple[Finding, ...] = ()  # what stops the build (brand guard, posters ...)
    sources: dict[str, str] = field(default_factory=dict)  # published HTML (site-relative) -> its template
    stages: StageTimes = field(default_factory=StageTimes)  # this microsite's, in its worker
    pages: dict[str, PageFacts] = field(default_factory=dict)  # its pages read (for the link check and policy)
    key: str = ""  # its folder in the staging area
    files: dict[str, str] = field(default_factory=dict)  # the hash of each file it wrote (its PDFs: not yet)


def _word_code() -> dict[str, str]:
    """What a Word file is written by besides its parts."""
    return {
        "code": code_digest("generator.documents.word_forms"),
        **versions("python-docx", "lxml"),
        "words": dictionary_key(),  # a title's lines break between the build's words (documents/titles.py)
    }


def _documents(job: MicrositeJob, rendered: RenderedMicrosite) -> tuple[PrintedDocuments, dict[str, bytes], int]:
    """The print pages, checked against the print font, and their Word files (cached by their parts)."""
    documents = print_documents(job.edition, rendered.map, job.sites)
    if glyphs := missing_glyphs(document.parts for document in documents.documents):
        raise CampaignError(glyphs)
    cache = AssetCache(job.assets.cache_dir)
    code = _word_code()
    words = {
        document.printable.docx.path: cache.get(
            "print.docx", {"parts": parts_key(document.parts)}, code, functools.partial(word_file, document.parts)
        )
        for document in documents.documents
    }
    return documents, words, cache.stats.corrupt


def _engine(job: MicrositeJob, rendered: RenderedMicrosite) -> Callable[[], list[str]]:
    key, staging = rendered.map.key, job.staging
    # the engine dates what it writes (MkDocs: sitemap.xml's lastmod) by the moment the build stands for
    os.environ[EPOCH_VARIABLE] = str(int(job.moment.timestamp()))
    try:
        write(staging.docs(key), rendered.pages)
    except OSError as error:
        if error.errno != errno.ENOSPC or staging.memory is None:
            raise
        staging = staging.on_disk()  # memory filled up meanwhile: this microsite's scratch in the staging folder
        write(staging.docs(key), rendered.pages)
    fork = job.edition.fork
    return job.engine.start(
        job.engine_setup,
        EngineJob(
            key=key,
            docs_dir=staging.docs(key),
            out_dir=staging.out(key),
            work_dir=staging.work(key),
            site_name=job.edition.site_name,
            site_url=rendered.map.url,
            nav=rendered.nav,
            brand=rendered.brand,
            theme_layers=(fork.overrides,) if fork and fork.overrides else (),
            error_page=job.sites.serves_error_page(rendered.map.path),
        ),
    )


def _write(
    job: MicrositeJob, rendered: RenderedMicrosite, documents: PrintedDocuments, files: dict[str, bytes]
) -> tuple[PrintJob, ...]:
    """Every file besides the engine's pages; the print pages also where the PDF printer may read them."""
    key, staging = rendered.map.key, job.staging
    write(staging.out(key), {**rendered.files, **documents.files, **files})
    write(staging.prints(key), {d.printable.html.name: d.html for d in documents.documents})
    if not job.with_pdf:
        return ()
    return tuple(
        PrintJob(staging.prints(key) / d.printable.html.name, staging.out(key) / d.pdf.path, d.layout)
        for d in documents.documents
    )


def make_microsite(job: MicrositeJob) -> MicrositeResult:
    """The steps of STEPS, in order, each timed."""
    checkpoint("microsite")
    clock = StageClock(children=True)
    remember_words(job.words)
    keep_compiled(job.templates)
    rendered = render_microsite(job.edition, job.sites, moment=job.moment, with_pdf=job.with_pdf)
    clock.lap("render")
    finish = _engine(job, rendered)  # an engine building in another process goes on while the files are made
    clock.lap(ENGINE_STAGE)
    try:
        documents, words, words_corrupt = _documents(job, rendered)
        clock.lap("documents: print pages, Word files")
        drawn: DrawnAssets = draw_assets(
            job.edition, rendered.map, job.assets, poster_dirs=job.poster_dirs, font=job.font
        )
        clock.lap("assets: QR codes, posters")
    except BaseException:
        with contextlib.suppress(Exception):  # the engine's child is waited for, its report left unsaid
            finish()
        raise
    warnings = finish()
    job.staging.drop_scratch(job.key)
    clock.lap(ENGINE_STAGE)
    keep_words()  # every text of the microsite is cut by now: pages, titles, posters, the search index
    prints = _write(job, rendered, documents, {**drawn.files, **words})
    sources = {
        f"{job.edition.path}/{page}": template for page, template in {**rendered.sources, **documents.sources}.items()
    }
    clock.lap("write")
    brand = verify_brand(job.staging.out(rendered.map.key), job.edition, job.engine_setup.theme_dir)
    clock.lap("brand guard")
    pages = scan_pages(job.staging.out(rendered.map.key), job.edition.path)
    clock.lap("page scan")
    files = manifest(job.staging.out(rendered.map.key))  # here, in parallel, not in the build's process after
    return MicrositeResult(
        job.edition.path,
        tuple(warnings),
        drawn.made,
        drawn.reused,
        drawn.corrupt + words_corrupt,
        prints,
        tuple(brand),
        sources,
        clock.times,
        pages,
        rendered.map.key,
        files,
    )


def make_or_report(job: MicrositeJob) -> MicrositeResult:
    """make_microsite, with an editor's mistake returned as findings, so one build reports all of them."""
    try:
        return make_microsite(job)
    except CampaignError as error:
        return MicrositeResult(job.edition.path, findings=tuple(error.findings))


@dataclass(frozen=True)
class WarmUp:
    """What a worker warms up for, known before the project is read: the engine, the words cache (None: not
    kept) and the project's folders."""

    engine: EngineConfig
    words: Path | None
    layout: ProjectLayout
    templates: Path | None = None  # where compiled templates are kept (None: in memory only)


def warm_up(warm: WarmUp) -> None:
    """A worker's first-time costs (0.4 s: the segmenter, from the words cache when an earlier build kept its
    dictionary there, the page templates, Typst with the poster faces, the engine's modules and the theme's
    templates, compiled or loaded from the cache), paid while the build's own process still reads and checks
    the project (0.37 s): with the templates in the cache it ends first, and the first job never waits."""
    import icalendar  # noqa: F401  (render/ics.py imports it only where a calendar is written: every microsite)

    # python-docx is not imported here: a rebuild finds most Word files in the cache, and the first one a
    # worker writes imports it (37 ms)
    _word_code()
    remember_words(warm.words)
    keep_compiled(warm.templates)
    segmenter()
    compile_page_templates()
    warm_assets()
    engine(warm.engine).warm_up(warm.layout.root, warm.layout.theme_dir)
