"""A rendered microsite as plain data: its pages, files and navigation, before any engine sees it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ..resolve import Edition, MicrositeMap
from .brand import Brand


@dataclass(frozen=True)
class NavItem:
    title: str
    source: str | None = None  # the page's Markdown file
    children: tuple[NavItem, ...] = ()


@dataclass(frozen=True)
class RenderedMicrosite:
    """Pages (Markdown, by source path) for the engine; files (by microsite-relative path) published as they
    are; the navigation and the brand marks the theme shows; which template wrote each page."""

    edition: Edition
    map: MicrositeMap
    pages: Mapping[str, bytes]
    files: Mapping[str, bytes]
    nav: tuple[NavItem, ...]
    brand: Brand
    sources: Mapping[str, str]  # published HTML file -> the template that wrote it
