"""Forks: a region's extra pages may not take the place of a generated page or of the site's folders; its
templates keep to what a fork may ask for (read/templates.py); its overrides folder holds templates and
assets that carry no script (stylesheets, pictures, fonts) and load nothing from another site."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ..catalog import ASSETS
from ..findings import Finding, display_path
from ..read import Fork, Project
from ..read.css import css_problems
from ..read.forks import RESERVED_PAGE_NAMES
from ..read.images import FORMATS, image_problem
from ..read.layout import PAGES
from ..read.templates import vet_templates
from .base import regions_of, rule

ENGINE_ASSETS = ("assets/javascripts/", "assets/stylesheets/", "assets/images/")  # Material's and Zensical's own
STYLESHEETS = (".css",)
FONTS = (".woff", ".woff2", ".ttf", ".otf")
ASSET_SUFFIXES = (*STYLESHEETS, *FONTS, *FORMATS)


def _forks(project: Project) -> Iterator[Fork]:
    for _, region in regions_of(project):
        if region.fork is not None:
            yield region.fork


@rule
def fork_page_names(project: Project) -> Iterator[Finding]:
    for fork in _forks(project):
        for page in fork.pages:
            if page.stem.lower() in RESERVED_PAGE_NAMES:
                yield Finding(
                    display_path(fork.folder / PAGES / page.name),
                    1,
                    1,
                    "error",
                    f"地方页面“{page.name}”与生成的页面或目录同名，会覆盖它",
                    "fork-page-name",
                    f"换一个文件名；不可用的名称：{'、'.join(sorted(RESERVED_PAGE_NAMES))}",
                )


@rule
def fork_page_markup(project: Project) -> Iterator[Finding]:
    for fork in _forks(project):
        for page in fork.pages:
            for part in page.removed:
                yield Finding(
                    display_path(fork.folder / PAGES / page.name),
                    part.line,
                    part.column,
                    "warning",
                    f"地方页面中的{part.what}不允许使用，生成时已删除",
                    "markup-removed",
                    "只用 Markdown 和允许的 HTML（见 README 的“通知正文”一节）；图片放进 overrides/assets/",
                )


@rule
def fork_templates(project: Project) -> Iterator[Finding]:
    for fork in _forks(project):
        if fork.overrides is not None:
            yield from vet_templates(fork.overrides)


def _file_problem(relative: Path, theme: Path) -> str | None:
    """Why a file of overrides/ may not be published, or None: templates anywhere, assets in assets/ that
    take no national file's place."""
    suffix = relative.suffix.lower()
    if suffix == ".html":
        return "assets/ 中不能放网页或模板（模板放在 overrides/ 的其他目录中）" if relative.parts[0] == ASSETS else None
    if relative.parts[0] != ASSETS:
        return (
            "overrides/ 中只能放模板（.html），其他文件放在 overrides/assets/ 中；生成的文件（如 sitemap.xml）不能替换"
        )
    if suffix == ".svg":
        return "SVG 图片可能含有脚本，不接受：请转为 PNG"
    if suffix not in ASSET_SUFFIXES:
        return f"不接受 {suffix or '无扩展名'} 文件：只能放样式表（.css）、图片（PNG、JPEG、GIF、WebP）和字体"
    if (theme / relative).exists() or relative.as_posix().startswith(ENGINE_ASSETS):
        return "与全国主题的文件同名，会替换全国统一的样式或图片：请换一个文件名"
    return None


@rule
def fork_files(project: Project) -> Iterator[Finding]:
    for fork in _forks(project):
        if fork.overrides is None:
            continue
        theme = project.layout.theme_dir
        for path in sorted(p for p in fork.overrides.rglob("*") if p.is_file()):
            relative = path.relative_to(fork.overrides)
            if any(part.startswith(".") for part in relative.parts):
                continue  # never published by either engine (.gitkeep ...)
            suffix = relative.suffix.lower()
            problems = [(1, problem)] if (problem := _file_problem(relative, theme)) else []
            if not problems and suffix in STYLESHEETS:
                problems = [
                    (line, f"样式表中有{what}：页面只能用本站的文件")
                    for line, what in css_problems(path.read_bytes().decode("utf-8", errors="replace"))
                ]
            elif not problems and suffix in FORMATS and (problem := image_problem(path, (FORMATS[suffix],))):
                problems = [(1, problem)]
            for line, problem in problems:
                yield Finding(
                    display_path(path),
                    line,
                    1,
                    "error",
                    problem,
                    "fork-file",
                    "删除该文件，或按地方主题分支说明（README.md）放置",
                )
