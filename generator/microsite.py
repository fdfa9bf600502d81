"""One microsite through the stages, in a worker process: render -> assets -> engine -> the writer.

The job is plain, picklable data; the result says what was made and which print documents await the
PDF printer (which runs once per build, in the main process).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .assets import AssetConfig, draw_assets
from .engines import Engine, EngineJob, EngineSetup
from .publish import PrintJob, Staging, verify_brand, write
from .render import render_microsite
from .resolve import Edition, SiteMap


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
    prints: list[PrintJob]


def make_microsite(job: MicrositeJob) -> MicrositeResult:
    rendered = render_microsite(job.edition, job.sites, today=job.today, with_pdf=job.with_pdf)
    drawn = draw_assets(job.edition, rendered.map, job.assets, poster_dirs=job.poster_dirs, font=job.font)
    key, staging = rendered.map.key, job.staging
    write(staging.docs(key), rendered.pages)
    theme_layers = (job.edition.fork.overrides,) if job.edition.fork and job.edition.fork.overrides else ()
    warnings = job.engine.build(job.engine_setup, EngineJob(
        key=key, docs_dir=staging.docs(key), out_dir=staging.out(key), site_name=job.edition.site_name,
        site_url=rendered.map.url, nav=tuple(rendered.nav), brand=rendered.brand, theme_layers=theme_layers,
        error_page=job.sites.standalone is None))
    write(staging.out(key), rendered.files | drawn.files)
    verify_brand(staging.out(key), job.edition)
    sources = {doc.html.path.rsplit("/", 1)[-1]: doc.content for doc in rendered.prints}
    write(staging.prints(key), sources)
    prints = [PrintJob(staging.prints(key) / doc.html.path.rsplit("/", 1)[-1], staging.out(key) / doc.pdf.path)
              for doc in rendered.prints] if job.with_pdf else []
    return MicrositeResult(job.edition.path, warnings, drawn.made, drawn.reused, prints)
