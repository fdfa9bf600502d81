"""A rendered microsite as plain data: its pages, files and navigation, before any engine sees it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..resolve import Edition, MicrositeMap, Target


@dataclass(frozen=True)
class NavItem:
    title: str
    source: str | None = None  # the page's Markdown file
    children: tuple[NavItem, ...] = ()


@dataclass(frozen=True)
class PrintDocument:
    """A print page (self-contained HTML) and the PDF it is printed to. The PDF printer runs no script of
    the page; `layout` is the page's own layout script, which the printer runs itself after loading."""

    html: Target
    pdf: Target
    content: bytes
    layout: str = ""


@dataclass
class RenderedMicrosite:
    """Pages (Markdown, by source path) for the engine; files (by microsite-relative path) published as they
    are; print documents for the PDF printer; the navigation and the brand marks the theme shows."""

    edition: Edition
    map: MicrositeMap
    pages: dict[str, bytes] = field(default_factory=dict)
    files: dict[str, bytes] = field(default_factory=dict)
    prints: list[PrintDocument] = field(default_factory=list)
    nav: list[NavItem] = field(default_factory=list)
    brand: dict[str, Any] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)  # published HTML file -> the template that wrote it

    def add_page(self, source: str, content: str | bytes) -> None:
        self.pages[source] = content.encode("utf-8") if isinstance(content, str) else content

    def add_file(self, target: Target, content: str | bytes) -> None:
        self.files[target.path] = content.encode("utf-8") if isinstance(content, str) else content
