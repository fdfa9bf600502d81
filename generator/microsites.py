"""The microsites of a build: each made in a worker process (microsite.py), then the PDFs of all their print
documents printed in one browser, in the build's own process. `Made` says what that did."""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import os
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from datetime import datetime

from .assets import AssetCache, AssetConfig
from .checkpoints import checkpoint
from .documents import PdfConfig, PrintJob, browser_problem, print_pdfs
from .engines import EngineConfig, engine
from .findings import CampaignError
from .microsite import MicrositeJob, MicrositeResult, WarmUp, make_or_report, warm_up
from .processes import worker_pool
from .publish import Staging, Taking, take_published, write
from .publish.incremental import FileIdentity
from .publish.pagescan import PageFacts
from .read import Project
from .read.layout import CacheLayout
from .render.segment import gather_words
from .resolve import Edition, SiteMap
from .timings import StageTimes

Progress = Callable[[str, int, int, float], None]  # (microsite, done, total, seconds)
Taken = dict[str, tuple[dict[str, str], dict[str, PageFacts]]]  # job key -> (its files' hashes, its pages)
TAKING_PIECES = 4  # a worker's share of the published microsites to check, in this many pieces


def _pieces(takings: Sequence[Taking], count: int) -> list[Sequence[Taking]]:
    """`takings` in at most `count` pieces, none empty."""
    return [piece for i in range(count) if (piece := takings[i::count])]


def _take_all(takings: Sequence[Taking]) -> list[tuple[str, dict[str, str] | None, dict[str, PageFacts]]]:
    hashed: dict[FileIdentity, str] = {}  # one task's: a file is read again by the next build
    return [take_published(taking, hashed) for taking in takings]


@dataclass(frozen=True)
class Made:
    """What making a set of microsites did, for the build's report."""

    rebuilt: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
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
    files: dict[str, dict[str, str]] = field(default_factory=dict)  # each made microsite's files and hashes
    taken: dict[str, dict[str, str]] = field(default_factory=dict)  # each one taken as it was: its files


class Workers:
    """The build's worker processes. `warm` (the engine and the words cache of a build that will likely make
    microsites) starts them at once, one paying its first-time costs while the build's own process reads and
    checks the project; otherwise they start with the first job. Each job runs in a worker, one job too: a
    fork's templates never run in the build's own process."""

    def __init__(self, count: int = 0, warm: WarmUp | None = None):
        self.count = count or os.cpu_count() or 1
        self.pool: ProcessPoolExecutor | None = None
        # forked now, before the build takes the site's lock; a pool started later forks inside it, and each of
        # its workers holds the lock's file until it has ended
        self.before_lock = warm is not None
        if warm is not None:  # one: the others would take the build's own process's core while it reads
            self._pool(self.count).submit(warm_up, warm)

    def _pool(self, count: int) -> ProcessPoolExecutor:
        if self.pool is None:
            self.pool = worker_pool(count)
        return self.pool

    def results(
        self, jobs: list[MicrositeJob], takings: Sequence[Taking] = (), taken: Taken | None = None
    ) -> Iterator[MicrositeResult]:
        """Each job's result as it comes; meanwhile the workers a job leaves idle check the published microsites
        that may be taken as they are, and take them (`taken`): one region made, the other 36 checked, linked and
        read on the other core."""
        if not jobs and not takings:
            return
        pool = self._pool(max(1, min(self.count, len(jobs) + len(takings))))
        # a first piece for each worker the jobs leave idle, submitted before the jobs: the worker waiting longest
        # takes the first call, and that is the one that did not warm up, while the warmed one finishes warming
        # up and takes the first job (half of the microsites, so that the piece outlasts that); the other half in
        # small pieces after the jobs, for whichever worker is free (one region: the others checked on both)
        idle = max(1, self.count - len(jobs))
        cut = len(takings) // 2 if jobs else len(takings)
        pieces = _pieces(takings[:cut], idle) + _pieces(takings[cut:], TAKING_PIECES * self.count)
        checking = [pool.submit(_take_all, piece) for piece in pieces[:idle]]
        futures = [pool.submit(make_or_report, job) for job in jobs]
        checking += [pool.submit(_take_all, piece) for piece in pieces[idle:]]
        try:
            for future in as_completed(futures):
                yield future.result()
            for checked in checking:
                for key, files, pages in checked.result():
                    if taken is not None and files is not None:
                        taken[key] = (files, pages)
        finally:
            for pending in futures:
                pending.cancel()
            for checking_one in checking:
                checking_one.cancel()

    def __enter__(self) -> Workers:
        return self

    def close(self, *, at_once: bool = False, wait: bool = True) -> None:
        """Stop the workers; `at_once`: without letting one finish what it is doing; `wait`: until they have
        ended (their memory freed before the printing browser starts), else, for workers started before the
        site's lock was taken, they end while the build goes on (the process waits for them when it exits)."""
        if self.pool is None:
            return
        if at_once:
            for process in list(self.pool._processes.values()):  # no public way before Python 3.14
                process.terminate()
        self.pool.shutdown(wait=wait or not self.before_lock, cancel_futures=True)
        self.pool = None

    def __exit__(self, kind: object, error: object, trace: object) -> None:
        self.close(at_once=error is not None)  # an editor's mistake is said now, not once a worker has warmed up


class Microsites:
    """Makes microsites of one project into one staging folder."""

    def __init__(
        self,
        project: Project,
        sites: SiteMap,
        staging: Staging,
        *,
        moment: datetime,
        cache: CacheLayout | None,
        pdf: PdfConfig,
        engine_config: EngineConfig,
        workers: int | Workers = 0,
    ):
        self.project, self.sites, self.staging = project, sites, staging
        self.moment, self.today = moment, moment.date()
        self.cache = cache
        self.pdf = pdf
        self.pdf_skipped = (None if pdf.enabled else "已用 --no-pdf 关闭") or browser_problem()
        self.workers = workers  # a count: started for each make(), and stopped after it
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
            poster_dirs=layout.poster_dirs(edition.campaign_id, edition.region.slug if edition.region else None),
            font=edition.font,
            moment=self.moment,
            with_pdf=self.pdf_skipped is None,
            words=self.cache.words if self.cache else None,
            templates=self.cache.templates if self.cache else None,
        )

    def make(
        self,
        jobs: list[MicrositeJob],
        progress: Progress | None = None,
        takings: Sequence[tuple[MicrositeJob, Taking]] = (),
    ) -> Made:
        """`takings`: published microsites whose stamps match, taken as they are while `jobs` are made; one whose
        files changed since is made after them."""
        started, results, taken = time.monotonic(), [], Taken()
        given = self.workers
        with contextlib.nullcontext(given) if isinstance(given, Workers) else Workers(given) as pool:

            def collect(made: Iterator[MicrositeResult], total: int) -> None:
                for result in made:
                    results.append(result)
                    if progress:
                        progress(result.path, len(results), total, time.monotonic() - started)

            try:
                collect(pool.results(jobs, [taking for _, taking in takings], taken), len(jobs))
                again = [job for job, taking in takings if taking.key not in taken]
                collect(pool.results(again), len(jobs) + len(again))
            except BaseException:  # stopped before the staging folder they write into is removed
                pool.close(at_once=True)
                raise
            # a build makes microsites once: their memory is the browser's now (nothing to print: they end
            # while the site is assembled and checked)
            pool.close(at_once=not results, wait=any(result.prints for result in results))
        if self.cache and self.cache.words.is_dir():
            gather_words(self.cache.words)  # no worker writes a batch now
        if findings := list(dict.fromkeys(f for r in results for f in r.findings)):  # a region's inherited
            raise CampaignError(findings)  # notice is the national one: its finding is said once
        checkpoint("rendered")
        results.sort(key=lambda r: r.path)
        stages = StageTimes()
        for result in results:
            stages.add(result.stages)
        started, cache = time.monotonic(), AssetCache(self.cache.pdf if self.cache else None)
        prints = [p for r in results for p in r.prints]
        done = itertools.count(1)

        def printed(job: PrintJob) -> None:
            if progress:
                progress(f"打印 PDF：{job.html.name}", next(done), len(prints), time.monotonic() - started)

        fonts = self.cache.fonts if self.cache else None
        blocked = print_pdfs(prints, cache, self.pdf.tabs, fonts, printed)
        checkpoint("printed")
        return Made(
            rebuilt=tuple(r.path for r in results),
            warnings=(*(f"{r.path}: {w}" for r in results for w in r.warnings), *blocked),
            assets_made=sum(r.assets_made for r in results),
            assets_reused=sum(r.assets_reused for r in results),
            corrupt=sum(r.assets_corrupt for r in results) + cache.stats.corrupt,
            pdfs=cache.stats.made,
            pdfs_reused=cache.stats.reused,
            pdf_seconds=time.monotonic() - started,
            pdf_skipped=self.pdf_skipped,
            sources={page: template for r in results for page, template in r.sources.items()},
            stages=stages,
            pages={page: facts for files, pages in taken.values() for page, facts in pages.items()}
            | {page: facts for r in results for page, facts in r.pages.items()},
            taken={key: files for key, (files, _) in taken.items()},
            files={r.key: _with_pdfs(r, self.staging) for r in results},
        )


def _with_pdfs(result: MicrositeResult, staging: Staging) -> dict[str, str]:
    """A microsite's files as its worker hashed them, and the PDFs printed into it since."""
    folder = staging.out(result.key)
    printed = [job.pdf for job in result.prints if job.pdf.is_file()]
    pdfs = {pdf.relative_to(folder).as_posix(): hashlib.sha256(pdf.read_bytes()).hexdigest() for pdf in printed}
    return dict(sorted({**result.files, **pdfs}.items()))
