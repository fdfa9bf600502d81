"""Which engine builds the pages."""

from __future__ import annotations

from dataclasses import dataclass

ENGINES = ("mkdocs", "zensical")


@dataclass(frozen=True, kw_only=True)
class EngineConfig:
    name: str = "mkdocs"
