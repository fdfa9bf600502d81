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

from .editions import Edition
from .loader import Project

OVERRIDES = "overrides"
PAGES = "pages"
_TITLE = re.compile(r"^(?:title:\s*(.+)|#\s+(.+))$", re.MULTILINE)


@dataclass(frozen=True)
class ForkPage:
    path: str  # docs-relative, e.g. yixian-yipin.md
    title: str
    content: bytes


def fork_folder(project: Project, edition: Edition) -> Path | None:
    if edition.region is None:
        return None
    folder = project.campaigns_dir / edition.campaign_id / "regions" / edition.region.slug
    return folder if folder.is_dir() else None


def fork_dirs(project: Project, edition: Edition) -> tuple[str, ...]:
    folder = fork_folder(project, edition)
    if folder is None or not (folder / OVERRIDES).is_dir():
        return ()
    return (str(folder / OVERRIDES),)


def overridden_templates(folder: Path | None) -> list[str]:
    """The fork's templates (relative to the fork folder), named when the brand guard fails."""
    if folder is None or not (folder / OVERRIDES).is_dir():
        return []
    return sorted(p.relative_to(folder).as_posix() for p in (folder / OVERRIDES).rglob("*.html"))


def fork_pages(folder: Path | None) -> list[ForkPage]:
    """Extra pages in the order of their file names; the title is the front matter title or first heading."""
    if folder is None or not (folder / PAGES).is_dir():
        return []
    pages = []
    for path in sorted((folder / PAGES).glob("*.md")):
        content = path.read_bytes()
        match = _TITLE.search(content.decode("utf-8", errors="replace"))
        title = (match.group(1) or match.group(2)).strip().strip("\"'") if match else path.stem
        pages.append(ForkPage(path.name, title, content))
    return pages
