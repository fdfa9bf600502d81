"""Forks: a region's extra pages may not take the place of a generated page or of the site's folders; its
templates keep to what a fork may ask for (read/templates.py); its overrides folder holds templates and
assets that carry no script (stylesheets, pictures, fonts) and load nothing from another site."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from ..findings import Finding, display_path
from ..read import Fork, Project
from ..read.forks import RESERVED_PAGE_NAMES
from ..read.images import FORMATS, image_problem
from ..read.layout import PAGES
from ..read.templates import vet_templates
from .base import regions_of, rule

ASSETS = "assets"
STYLESHEETS = (".css",)
FONTS = (".woff", ".woff2", ".ttf", ".otf")
ASSET_SUFFIXES = (*STYLESHEETS, *FONTS, *FORMATS)
_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_CSS_URL = re.compile(r"""(?:url\(\s*["']?|@import\s+["'])\s*([^"')\s]*)""", re.I)
_CSS_SCRIPT = re.compile(r"expression\s*\(|javascript:|behavior\s*:|-moz-binding", re.I)
_OUTSIDE = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//|\\\\)", re.I)


def _forks(project: Project) -> Iterator[Fork]:
    for _, region in regions_of(project):
        if region.fork is not None:
            yield region.fork


@rule
def fork_page_names(project: Project) -> Iterator[Finding]:
    for fork in _forks(project):
        for page in fork.pages:
            if page.stem.lower() in RESERVED_PAGE_NAMES:
                yield Finding(display_path(fork.folder / PAGES / page.name), 1, 1, "error",
                              f"地方页面“{page.name}”与生成的页面或目录同名，会覆盖它", "fork-page-name",
                              f"换一个文件名；不可用的名称：{'、'.join(sorted(RESERVED_PAGE_NAMES))}")


@rule
def fork_page_markup(project: Project) -> Iterator[Finding]:
    for fork in _forks(project):
        for page in fork.pages:
            for part in page.removed:
                yield Finding(display_path(fork.folder / PAGES / page.name), part.line, part.column, "warning",
                              f"地方页面中的{part.what}不允许使用，生成时已删除", "markup-removed",
                              "只用 Markdown 和允许的 HTML（见 README 的“通知正文”一节）；图片放进 overrides/assets/")


@rule
def fork_templates(project: Project) -> Iterator[Finding]:
    for fork in _forks(project):
        if fork.overrides is not None:
            yield from vet_templates(fork.overrides)


def _file_problem(relative: Path) -> str | None:
    """Why a file of overrides/ may not be published, or None: templates anywhere, assets in assets/."""
    suffix = relative.suffix.lower()
    if suffix == ".html":
        return "assets/ 中不能放网页或模板（模板放在 overrides/ 的其他目录中）" if relative.parts[0] == ASSETS else None
    if relative.parts[0] != ASSETS:
        return ("overrides/ 中只能放模板（.html），其他文件放在 overrides/assets/ 中；"
                "生成的文件（如 sitemap.xml）不能替换")
    if suffix == ".svg":
        return "SVG 图片可能含有脚本，不接受：请转为 PNG"
    if suffix not in ASSET_SUFFIXES:
        return f"不接受 {suffix or '无扩展名'} 文件：只能放样式表（.css）、图片（PNG、JPEG、GIF、WebP）和字体"
    return None


def _css_problem(path: Path) -> tuple[str, int] | None:
    """What a stylesheet may not do, and its line: run script, or load a file from another site."""
    text = path.read_bytes().decode("utf-8", errors="replace")
    text = _CSS_COMMENT.sub(lambda comment: re.sub(r"[^\n]", " ", comment.group(0)), text)  # lines kept
    if match := _CSS_SCRIPT.search(text):
        return f"样式表中有可执行的写法“{match.group(0)}”", text.count("\n", 0, match.start()) + 1
    for match in _CSS_URL.finditer(text):
        if _OUTSIDE.match(match.group(1)):
            return (f"样式表引用了站外文件“{match.group(1)[:60]}”：页面不能加载本站以外的任何文件",
                    text.count("\n", 0, match.start()) + 1)
    return None


@rule
def fork_files(project: Project) -> Iterator[Finding]:
    for fork in _forks(project):
        if fork.overrides is None:
            continue
        for path in sorted(p for p in fork.overrides.rglob("*") if p.is_file()):
            relative = path.relative_to(fork.overrides)
            if any(part.startswith(".") for part in relative.parts):
                continue  # never published by either engine (.gitkeep ...)
            suffix, line = relative.suffix.lower(), 1
            problem = _file_problem(relative)
            if problem is None and suffix in STYLESHEETS and (css := _css_problem(path)):
                problem, line = css
            elif problem is None and suffix in FORMATS:
                problem = image_problem(path, (FORMATS[suffix],))
            if problem:
                yield Finding(display_path(path), line, 1, "error", problem, "fork-file",
                              "删除该文件，或按地方主题分支说明（README.md）放置")
