"""Region theme forks: campaigns/<campaign>/regions/<slug>/ holds a region's own templates, pages, posters.

Layers, each overriding the one below: Material -> theme/ (national) -> the region's fork.
  overrides/   templates, partials and static files (CSS, images) that replace or add to theme/;
               partials/cs-region-head.html is the place to link the fork's own CSS
  pages/       extra Markdown pages added to the region's microsite and its navigation (Markdown with the
               notice bodies' HTML allow-list, and pictures from the fork's own assets)
  posters/     poster layouts (share.yml, print.yml, icon.yml) replacing the built-in ones
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

from ..catalog import RESERVED_NAMES
from ..findings import Finding, display_path
from .layout import OVERRIDES, PAGES
from .markup import Removed, removed_parts, safe_html
from .text import decode

# a fork page is published at <name>/: the catalog's pages and the site's own folders are taken
RESERVED_PAGE_NAMES = RESERVED_NAMES
# the engine gets a page's safe HTML, never its front matter: the title goes into the navigation as text,
# and no other setting (a template, hidden parts, search exclusion) of the engine is an editor's to change.
# Front matter ends with --- or ... as MkDocs reads it; line endings are \n once decoded (read/text.py).
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?:(.*?)\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_MATTER_TITLE = re.compile(r"^title:[ \t]*(.+?)[ \t]*$", re.M)
_HEADING = re.compile(r"^#[ \t]+(.+?)[ \t#]*$", re.M)


@dataclass(frozen=True)
class ForkPage:
    name: str  # file name in pages/, e.g. yixian-yipin.md
    title: str
    html: str  # the body as safe HTML (the notice bodies' allow-list, with the fork's own pictures)
    source: str  # the file's text as written (for the checks)
    removed: tuple[Removed, ...] = ()  # what the body asked for and the allow-list dropped (lines of the file)

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


def _page(path: Path, text: str) -> ForkPage:
    """A page: the front matter's title or the first heading, and the body as safe HTML."""
    matter = _FRONT_MATTER.match(text)
    body = text[matter.end() :] if matter else text
    title = _MATTER_TITLE.search(matter.group(1) or "") if matter else None
    title = title or _HEADING.search(body)
    offset = text.count("\n", 0, matter.end()) if matter else 0
    removed = tuple(replace(part, line=part.line + offset) for part in removed_parts(body, pictures=True))
    return ForkPage(
        path.name,
        title.group(1).strip().strip("\"'") if title else path.stem,
        safe_html(body, pictures=True),
        text,
        removed,
    )


def _pages(folder: Path, findings: list[Finding]) -> tuple[ForkPage, ...]:
    """Extra pages in the order of their file names; a page that is not UTF-8 is refused at its first byte."""
    if not folder.is_dir():
        return ()
    pages = []
    for path in sorted(folder.glob("*.md")):
        text = decode(path.read_bytes(), display_path(path))
        if isinstance(text, Finding):
            findings.append(text)
        else:
            pages.append(_page(path, text))
    return tuple(pages)


def read_fork(folder: Path, findings: list[Finding]) -> Fork | None:
    if not folder.is_dir():
        return None
    overrides = folder / OVERRIDES
    templates = (
        tuple(sorted(p.relative_to(folder).as_posix() for p in overrides.rglob("*.html"))) if overrides.is_dir() else ()
    )
    return Fork(folder, overrides if overrides.is_dir() else None, templates, _pages(folder / PAGES, findings))
