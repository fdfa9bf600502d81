"""Forks: a region's extra pages may not take the place of a generated page or of the site's folders."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding, display_path
from ..read import Project
from ..read.forks import RESERVED_PAGE_NAMES
from ..read.layout import PAGES
from .base import regions_of, rule


@rule
def fork_page_names(project: Project) -> Iterator[Finding]:
    for _, region in regions_of(project):
        for page in region.fork.pages if region.fork else ():
            if page.stem.lower() in RESERVED_PAGE_NAMES:
                yield Finding(display_path(region.fork.folder / PAGES / page.name), 1, 1, "error",
                              f"地方页面“{page.name}”与生成的页面或目录同名，会覆盖它", "fork-page-name",
                              f"换一个文件名；不可用的名称：{'、'.join(sorted(RESERVED_PAGE_NAMES))}")
