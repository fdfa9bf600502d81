"""Zensical, Material's successor by the same authors: the only module that imports Zensical.

Zensical reads mkdocs.yml and renders its templates with MiniJinja; it runs no MkDocs plugin or hook. Per
microsite this writes the same settings the MkDocs engine gives (settings.py) to a file of its own and
has the worker's builder process build it (zensical_builder.py: Zensical keeps a build's configuration in a
module global, and a lean process of its own spares the worker's memory). Differences it needs:

- one theme folder (`custom_dir`), so a fork's overrides are laid over a copy of the national theme;
- the pages and the site must lie inside the configuration file's folder: the pages are moved there,
  the site is built there and moved to where the writer expects it;
- Zensical reads a relative link in a page's HTML as relative to the Markdown file (MkDocs leaves HTML as
  it is): the render stage writes links relative to the published page, so they are handed over as
  links from the Markdown file, which Zensical turns back into the same links;
- the theme's override of Material 9's search partial is left out: Zensical's search is a different
  component whose own partial already names its dialog;
- Zensical lists a palette even when mkdocs.yml gives one without a toggle, and its palette partial then
  writes a focusable radio button hidden from screen readers (axe: aria-hidden-focus); without a toggle
  there is nothing to choose, so the partial is left empty;
- Zensical 0.0.73 has no `page.is_homepage` (it is undefined, so false): in the templates handed to it,
  the theme's and a fork's alike, it reads `page.url == ""`, which is what it means on a microsite;
- MiniJinja escapes `"`, `'` and `/` as `&quot;`, `&#x27;` and `&#x2f;`; the published pages use the
  forms the MkDocs engine writes (`&#34;`, `&#39;`, `/`): the same characters, so links and share images
  read as plain URLs to any reader, and the brand guard finds the marks written the one way;
- Zensical's link validation is off: the build's own link check reads every published page, and Zensical's
  scanned each page's Markdown again, in Python (a third of its build's CPU);
- search options are only `separator`: Chinese is segmented in the reader's browser (Intl.Segmenter),
  not by jieba at build time, so the campaign-term dictionary is not used.
"""

from __future__ import annotations

import importlib.util
import posixpath
import re
import shutil
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from ..catalog import ASSETS
from ..findings import CampaignError, Finding, display_path
from ..read.templates import autoescaped, vet_templates
from . import EngineJob, EngineSetup
from .settings import CONFIG_FILE, microsite_settings, plugin_options, read_base
from .zensical_builder import in_builder, started
from .zensical_files import hand_over, rewrite, theme_assets

THEME = "zensical-theme"
MATERIAL_ONLY = ("partials/search.html",)  # overrides of Material 9 markup that Zensical does not have
PALETTE = "partials/palette.html"
VARIANT = "classic"  # Material's look, which the national theme's stylesheet is written for
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml: 5x faster, and it escapes what PyYAML folds (NEL)

# What the MkDocs engine does that this one cannot yet, for `campaignsite build --engine zensical`.
LIMITATIONS: tuple[str, ...] = (
    "搜索的中文分词由读者的浏览器完成（Intl.Segmenter），不使用生成时的 jieba 活动词典；"
    "不支持 Intl.Segmenter 的旧浏览器按单字搜索",
    "搜索框使用 Zensical 自带的组件（主题的 partials/search.html 不用），其结果提示为英文（如“8 results”）",
    "脚本包较大（gzip 后约 57 KB，Material 约 35 KB）：地区首页不计图片约 103 KB，超出 100 KB 的页面重量预算",
    "MkDocs 插件和 hooks 不会运行（本项目需要的功能已由生成器完成，不依赖插件）",
)


_HOMEPAGE = re.compile(r"\bpage\.is_homepage\b")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_LINK = re.compile(r'(?P<attribute>\b(?:href|src)=")(?P<target>[^"#?]*)(?P<rest>[^"]*")')


def _page_folder(page: str) -> str:
    """The folder a page is published in (directory URLs: `a/b.md` is `a/b/`), relative to the microsite."""
    path = PurePosixPath(page)
    return str(path.parent if path.name == "index.md" else path.with_suffix(""))


def from_source(markdown: str, page: str) -> str:
    """The page's relative links (from its published folder) as links from its Markdown file."""
    published, source = _page_folder(page), str(PurePosixPath(page).parent)

    def relink(match: re.Match[str]) -> str:
        target = match["target"]
        if not target or target.startswith("/") or _SCHEME.match(target):
            return match[0]
        resolved = posixpath.normpath(posixpath.join(published, target))
        moved = posixpath.relpath(resolved, source) + ("/" if target.endswith("/") else "")
        return f"{match['attribute']}{moved}{match['rest']}"

    return _LINK.sub(relink, markdown)


def _take_pages(docs: Path, target: Path) -> None:
    """The microsite's written pages moved under the configuration's folder (one rename where both lie in the
    staging folder, as they do: the staging folder's pages are the engine's to read), each page's relative
    links then handed over as links from its Markdown file (see from_source)."""
    if not docs.is_dir():
        target.mkdir()
        return
    shutil.move(docs, target)
    rewrite(target, ".md", from_source)


def _template(name: str, content: bytes) -> bytes:
    """A template as Zensical can run it (see the module's notes); other files as they are."""
    if not name.endswith(".html"):
        return content
    return _HOMEPAGE.sub('(page.url == "")', content.decode("utf-8")).encode("utf-8")


def _theme_files(folder: Path, skip: tuple[str, ...] = ()) -> dict[str, bytes]:
    files = {}
    for path in sorted(folder.rglob("*")):
        name = path.relative_to(folder).as_posix()
        if path.is_file() and name not in skip and not any(part.startswith(".") for part in name.split("/")):
            files[name] = _template(name, path.read_bytes())
    return files


def _layered_theme(national: Path, layers: tuple[Path, ...], work: Path) -> Path:
    """The national theme with the fork's layers over it (the first layer on top), as one folder; the fork's
    templates autoescaped (MiniJinja has no per-template setting)."""
    if not layers:
        return national
    merged = work / "theme"
    shutil.copytree(national, merged)
    for layer in reversed(layers):
        for name, content in _theme_files(layer).items():
            if not name.endswith(".html") and not name.startswith(f"{ASSETS}/"):
                continue  # the fork check refuses it before a build (a mkdocs_theme.yml would be Zensical's)
            if name.endswith(".html"):
                content = autoescaped(content.decode("utf-8-sig")).encode("utf-8")
            (merged / name).parent.mkdir(parents=True, exist_ok=True)
            (merged / name).write_bytes(content)
    return merged


def _failed(job: EngineJob, theme: Path, report: list[str]) -> CampaignError:
    message = "；".join(report[-3:]) or "没有输出"
    return CampaignError(
        [
            Finding(
                display_path(theme),
                1,
                1,
                "error",
                f"Zensical 生成“{job.site_name}”的页面时出错：{message}",
                "theme-template",
                "按 MiniJinja 语法修正主题或地区覆盖模板（不能调用 Python 函数或自定义过滤器），或改用 --engine mkdocs",
            )
        ]
    )


class ZensicalEngine:
    name = "zensical"
    limitations = LIMITATIONS

    def inputs(self, project_root: Path) -> list[Path]:
        return [project_root / CONFIG_FILE, Path(__file__)]  # the module: a change of engine rebuilds all

    def setup(self, project_root: Path, theme_dir: Path, scratch: Path) -> EngineSetup:
        if importlib.util.find_spec("zensical") is None:
            raise CampaignError(
                [
                    Finding(
                        CONFIG_FILE,
                        1,
                        1,
                        "error",
                        "本机没有安装 Zensical，无法使用 --engine zensical",
                        "engine-missing",
                        "运行 make deps 安装锁定的依赖，或改用默认的 --engine mkdocs",
                    )
                ]
            )
        base = read_base(project_root)
        files = {f"{THEME}/{name}": content for name, content in _theme_files(theme_dir, MATERIAL_ONLY).items()}
        palette = (base.get("theme") or {}).get("palette") or {}
        if not any("toggle" in option for option in (palette if isinstance(palette, list) else [palette])):
            files.setdefault(f"{THEME}/{PALETTE}", b"{#- one palette, no toggle: nothing to choose -#}\n")
        return EngineSetup(project_root, theme_dir, scratch, {"base": base}, files)

    def config(self, setup: EngineSetup, job: EngineJob, theme_dir: Path) -> dict[str, Any]:
        config = microsite_settings(setup, job, theme_dir)
        config["theme"]["variant"] = VARIANT
        search = plugin_options(config, "search")
        config["plugins"] = (
            [{"search": {k: v for k, v in search.items() if k == "separator"}}] if search is not None else []
        )
        config["validation"] = False  # see the module's notes: publish/links.py checks every published link
        return config

    def warm_up(self, project_root: Path, theme_dir: Path) -> None:
        started()  # its imports go on beside the worker's own warm-up

    def build(self, setup: EngineSetup, job: EngineJob) -> list[str]:
        return self.start(setup, job)()

    def start(self, setup: EngineSetup, job: EngineJob) -> Callable[[], list[str]]:
        """Zensical builds in the builder process, and waits in it (its file agent settles for 0.1 s before the
        build may end: half of a build's time): the worker draws the microsite's posters meanwhile."""
        if vetted := [f for layer in job.theme_layers for f in vet_templates(layer)]:
            raise CampaignError(vetted)  # MiniJinja's loader reads any path it is given: nothing unvetted reaches it
        work = job.work_dir or setup.scratch / "zensical" / job.key  # in memory where the build has it
        work.mkdir(parents=True)
        theme = _layered_theme(setup.scratch / THEME, job.theme_layers, work)
        inside = replace(job, docs_dir=work / "docs", out_dir=work / "site")
        config_file = work / CONFIG_FILE
        config = self.config(setup, inside, theme)
        config.update(docs_dir="docs", site_dir="site")  # relative: Zensical panics on absolute ones
        config_file.write_text(yaml.dump(config, Dumper=_DUMPER, allow_unicode=True, sort_keys=False), encoding="utf-8")
        _take_pages(job.docs_dir, inside.docs_dir)
        built = in_builder(config_file)

        def finish() -> list[str]:
            succeeded, report = built()
            if not succeeded:
                raise _failed(job, job.theme_layers[0] if job.theme_layers else setup.theme_dir, report)
            assets = {} if job.theme_layers else theme_assets(setup.scratch / THEME)
            hand_over(inside.out_dir, job.out_dir, setup.scratch, assets)
            if not job.error_page:
                (job.out_dir / "404.html").unlink(missing_ok=True)
            return report

        return finish
