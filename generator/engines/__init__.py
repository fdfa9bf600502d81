"""Stage 6, engines: the static-site engine behind one small interface (MkDocs, Zensical).

An engine receives a microsite's Markdown pages (already written to `docs_dir`), its navigation, brand
marks and theme layers, and writes HTML pages and the theme's assets to `out_dir`. It knows nothing of
campaigns; the generator knows nothing of the engine beyond this module.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import jinja2

from ..findings import CampaignError, Finding, display_path
from .config import ENGINES, EngineConfig

if TYPE_CHECKING:  # annotations only: Zensical's builder process imports this package, and nothing of the stages
    from ..render import Brand, NavItem


ENGINE_STAGE = "engine"  # the stage of a build's timings that an engine's work (its helpers' too) is charged to


@dataclass(frozen=True, kw_only=True)
class EngineJob:
    """One microsite for an engine, as picklable plain data (a worker process runs it)."""

    key: str
    docs_dir: Path  # the pages, written by the publish stage's writer for the engine alone (it may move them)
    out_dir: Path
    work_dir: Path | None = None  # the engine's own folder for this microsite (in memory where it can be)
    site_name: str
    site_url: str
    nav: tuple[NavItem, ...]
    brand: Brand
    theme_layers: tuple[Path, ...] = ()  # template folders above the national theme (a region's fork)
    error_page: bool = True  # a 404 page; its links are absolute paths on the site's host, so exports omit it


@dataclass(frozen=True)
class EngineSetup:
    """What an engine prepared once per build: its settings, and `files` (relative to `scratch`) that the
    writer puts there before the first microsite is built (a search dictionary ...)."""

    project_root: Path
    theme_dir: Path
    scratch: Path
    settings: dict[str, Any]
    files: dict[str, bytes] = field(default_factory=dict)


class Engine(Protocol):
    name: str
    limitations: tuple[str, ...]  # what this engine cannot do yet that the default one does (Chinese)

    def setup(self, project_root: Path, theme_dir: Path, scratch: Path) -> EngineSetup:
        """Once per build: read the engine's configuration; `scratch` will hold the setup's files."""

    def build(self, setup: EngineSetup, job: EngineJob) -> list[str]:
        """Build one microsite; returns the warnings the engine logged."""

    def start(self, setup: EngineSetup, job: EngineJob) -> Callable[[], list[str]]:
        """Begin `build`; the call returned waits for it to end and gives its warnings. An engine that builds in
        another process lets the worker make the microsite's other files meanwhile."""

    def inputs(self, project_root: Path) -> list[Path]:
        """Files and folders whose change changes every page (configuration, theme)."""

    def warm_up(self, project_root: Path, theme_dir: Path) -> None:
        """In a worker before its first microsite, while the build reads the project: import what `build`
        imports, prepare what it would prepare first for the project's theme, opening nothing the build has not
        yet checked. Says nothing: what fails here fails again where the build meets it, which reports it."""


def template_frame(error: BaseException) -> tuple[str, int] | None:
    """The innermost template (file, line) in a Jinja traceback: Jinja maps its frames to template lines."""
    found = None
    trace = error.__traceback__
    while trace is not None:
        filename = trace.tb_frame.f_code.co_filename
        if filename.endswith((".html", ".j2", ".xml", ".js")):
            found = (filename, trace.tb_lineno)
        trace = trace.tb_next
    return found


def template_error(error: BaseException, site_name: str) -> CampaignError:
    """A theme or fork template that cannot be used, as a finding at the template's file and line."""
    filename, line = getattr(error, "filename", None), getattr(error, "lineno", None)
    if not filename:
        filename, line = template_frame(error) or ("theme", 1)
    if isinstance(error, jinja2.TemplateNotFound):
        message, fix = f"找不到模板“{error.name}”", "检查 include / extends 的文件名，或删除这一行"
    elif isinstance(error, jinja2.TemplateError):
        message, fix = f"模板有误：{error.message}", "按 Jinja 语法修正，或删除该覆盖文件、恢复全国主题"
    else:
        message, fix = f"模板运行出错（{type(error).__name__}）", "检查该行的表达式，或删除该覆盖文件、恢复全国主题"
    return CampaignError(
        [
            Finding(
                display_path(filename),
                line or 1,
                1,
                "error",
                f"生成“{site_name}”的页面时，{message}",
                "theme-template",
                fix,
            )
        ]
    )


def engine(config: EngineConfig) -> Engine:
    if config.name == "mkdocs":
        from .mkdocs import MkDocsEngine

        return MkDocsEngine()
    if config.name == "zensical":
        from .zensical import ZensicalEngine

        return ZensicalEngine()
    raise ValueError(f"unknown engine {config.name!r}; known: {', '.join(ENGINES)}")


__all__ = [
    "ENGINES",
    "ENGINE_STAGE",
    "Engine",
    "EngineConfig",
    "EngineJob",
    "EngineSetup",
    "engine",
    "template_error",
    "template_frame",
]
