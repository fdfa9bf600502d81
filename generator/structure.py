"""A microsite as plain data: its files and navigation, before any site generator sees it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .editions import Edition


@dataclass(frozen=True)
class NavItem:
    title: str
    path: str | None = None
    children: tuple[NavItem, ...] = ()

    def to_mkdocs(self) -> dict[str, Any]:
        if self.children:
            return {self.title: [c.to_mkdocs() for c in self.children]}
        return {self.title: self.path}


@dataclass
class Microsite:
    """Pages (Markdown), assets and navigation of one microsite; `files` maps docs-relative paths to bytes."""

    edition: Edition
    site_url: str
    files: dict[str, bytes] = field(default_factory=dict)
    nav: list[NavItem] = field(default_factory=list)
    brand: dict[str, Any] = field(default_factory=dict)

    def add(self, path: str, content: str | bytes) -> None:
        self.files[path] = content.encode("utf-8") if isinstance(content, str) else content
