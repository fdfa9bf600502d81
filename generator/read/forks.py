"""Region theme forks: campaigns/<campaign>/regions/<slug>/ holds a region's own templates, pages, posters.

Layers, each overriding the one below: Material -> theme/ (national) -> the region's fork.
  overrides/   templates, partials and static files (CSS, images) that replace or add to theme/;
               partials/cs-region-head.html is the place to link the fork's own CSS
  pages/       extra Markdown pages added to the region's microsite and its navigation
  posters/     poster layouts (share.yml, print.yml, icon.yml) replacing the built-in ones
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .layout import OVERRIDES, PAGES

# a fork page is published at <name>/: these names are the generated pages' and the site's own folders
RESERVED_PAGE_NAMES = frozenset({"index", "platforms", "schedule", "activities", "rights", "notices", "regions",
                                 "downloads", "contact", "print", "assets", "search", "go", "404", "sitemap"})
# the engine gets a page without its front matter: the title goes into the navigation as text, and no
# other setting (a template, hidden parts) of the engine is an editor's to change
_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)
_TITLE = re.compile(r"^(?:title:\s*(.+)|#\s+(.+))$", re.MULTILINE)


@dataclass(frozen=True)
class ForkPage:
    name: str  # file name in pages/, e.g. yixian-yipin.md
    title: str
    content: bytes

    @property
    def stem(self) -> str:
        return self.name.removesuffix(".md")


@dataclass(frozen=True)
class Fork:
    """What a region's fork folder holds, read once."""

    folder: Path
    overrides: Path | None  # template layer above theme/
    templates: tuple[str, ...]  # the fork's templates relative to its folder, named by the brand guard
    pages: tuple[ForkPage, ...]


def _pages(folder: Path) -> tuple[ForkPage, ...]:
    """Extra pages in the order of their file names; the title is the front matter title or first heading."""
    if not folder.is_dir():
        return ()
    pages = []
    for path in sorted(folder.glob("*.md")):
        text = path.read_bytes().decode("utf-8", errors="replace")
        match = _TITLE.search(text)
        title = (match.group(1) or match.group(2)).strip().strip("\"'") if match else path.stem
        pages.append(ForkPage(path.name, title, _FRONT_MATTER.sub("", text, count=1).encode("utf-8")))
    return tuple(pages)


def read_fork(folder: Path) -> Fork | None:
    if not folder.is_dir():
        return None
    overrides = folder / OVERRIDES
    templates = tuple(sorted(p.relative_to(folder).as_posix() for p in overrides.rglob("*.html"))) \
        if overrides.is_dir() else ()
    return Fork(folder, overrides if overrides.is_dir() else None, templates, _pages(folder / PAGES))
