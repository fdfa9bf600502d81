"""Region theme forks: campaigns/<campaign>/regions/<slug>/ holds a region's own templates and pages.

Layers, each overriding the one below: Material -> theme/ (national) -> the region's fork.
  overrides/   templates, partials and static files (CSS, images) that replace or add to theme/
  pages/       extra Markdown pages added to the region's microsite (and its navigation)
"""

from __future__ import annotations

from pathlib import Path

from .editions import Edition
from .loader import Project

OVERRIDES = "overrides"
PAGES = "pages"


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
