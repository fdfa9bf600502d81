"""Stage 6, engines: the static-site engine behind one small interface (MkDocs today).

An engine receives a microsite's Markdown pages (already written to `docs_dir`), its navigation, brand
marks and theme layers, and writes HTML pages and the theme's assets to `out_dir`. It knows nothing of
campaigns; the generator knows nothing of the engine beyond this module.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from ..render import NavItem
from .config import ENGINES, EngineConfig


@dataclass(frozen=True, kw_only=True)
class EngineJob:
    """One microsite for an engine, as picklable plain data (a worker process runs it)."""

    key: str
    docs_dir: Path  # the pages, written by the publish stage's writer
    out_dir: Path
    site_name: str
    site_url: str
    nav: tuple[NavItem, ...]
    brand: dict[str, Any] = field(default_factory=dict)
    theme_layers: tuple[Path, ...] = ()  # template folders above the national theme (a region's fork)
    error_page: bool = True  # a 404 page; its links are absolute paths on the site's host, so exports omit it


@dataclass(frozen=True)
class EngineSetup:
    """What an engine prepared once per build (its base configuration, search dictionary ...)."""

    project_root: Path
    scratch: Path
    settings: dict[str, Any]


class Engine(Protocol):
    name: str

    def setup(self, project_root: Path, scratch: Path) -> EngineSetup:
        """Once per build: read the engine's configuration; `scratch` is the engine's own work folder."""

    def build(self, setup: EngineSetup, job: EngineJob) -> list[str]:
        """Build one microsite; returns the warnings the engine logged."""

    def inputs(self, project_root: Path) -> list[Path]:
        """Files and folders whose change changes every page (configuration, theme)."""


def engine(config: EngineConfig) -> Engine:
    if config.name == "mkdocs":
        from .mkdocs import MkDocsEngine

        return MkDocsEngine()
    raise ValueError(f"unknown engine {config.name!r}; known: {', '.join(ENGINES)}")


__all__ = ["ENGINES", "Engine", "EngineConfig", "EngineJob", "EngineSetup", "engine"]
