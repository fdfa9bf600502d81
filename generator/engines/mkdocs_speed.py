"""What a build of many microsites need not repeat per microsite in MkDocs (per worker process or build):
compiling the theme's templates, listing Material's 14,000 files, copying its assets.

Each MkDocs build makes a new Jinja environment: here one environment per set of theme folders serves every
microsite of a worker (templates loaded once; `auto_reload` compares each template's modification time, so
an edited template is read again), and the bytecode cache (render/compiled.py) compiles a template once per
process, or once per machine with the build's cache (Jinja checks the source's checksum on every load). Only
with plugins known not to change the environment (search): blog or projects plugins wrap its filters on every
build. Installed theme folders (Material, MkDocs' own) are listed once per process without their dot folders
(MkDocs never copies those), and their assets are hard-linked from the build's store (shared.py). The search
plugin's jieba segmentation is the build's own (render/segment.py), remembered per text: most text of a
region's pages is the national campaign's, segmented once per worker.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
import jinja2.meta
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files

from ..render.compiled import COMPILED, CompiledTemplates
from ..render.segment import jieba_module, segmented
from .sandbox import ForkContext, sandboxed
from .shared import link_shared

_ENVIRONMENTS: dict[tuple[object, ...], jinja2.Environment] = {}
_SHAREABLE_PLUGINS = {"search", "campaignsite-shared-files", "campaignsite-fork-context"}


@cache
def _installed_listing(folder: str) -> tuple[str, ...]:
    """An installed theme's files as Jinja names, dot files and folders left out."""
    names = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        relative = Path(root).relative_to(folder)
        names += [(relative / f).as_posix() for f in files if not f.startswith(".")]
    return tuple(names)


class _ThemeLoader(jinja2.FileSystemLoader):
    def __init__(self, searchpath: list[str], installed: frozenset[str]):
        super().__init__(searchpath)
        self.installed = installed

    def list_templates(self) -> list[str]:
        found: set[str] = set()
        for folder in self.searchpath:
            found.update(
                _installed_listing(folder)
                if folder in self.installed
                else jinja2.FileSystemLoader(folder).list_templates()
            )
        return sorted(found)


LUNR = "assets/javascripts/lunr/"


def search_scripts(languages: list[str]) -> frozenset[str]:
    """The files of Material's lunr folder its search worker loads for `languages` (workers/search.*.js:
    the stemmer support, lunr.<lang> for each language but English, lunr.multi for more than one, TinySegmenter
    for Japanese, wordcut for Hindi and Thai). The other 32 files (1 MB a microsite) are never loaded."""
    needed = {f"{LUNR}min/lunr.{language}.min.js" for language in languages if language != "en"}
    needed |= {f"{LUNR}tinyseg.js" for language in languages if language == "ja"}
    needed |= {f"{LUNR}wordcut.js" for language in languages if language in ("hi", "th")}
    if len(languages) > 1:
        needed.add(f"{LUNR}min/lunr.multi.min.js")
    return frozenset(needed | ({f"{LUNR}min/lunr.stemmer.support.min.js"} if needed else set()))


def _search_languages(config: Any) -> list[str] | None:
    """The languages Material's search plugin indexes (set by its on_config), None without it."""
    for name, plugin in config.plugins.items():
        if name.split("/")[-1] == "search" and isinstance(languages := plugin.config.get("lang"), list):
            return [str(language) for language in languages]
    return None


class SharedThemeFiles(BasePlugin):
    """Takes the installed themes' assets out of MkDocs' copying; `link` puts them in from the build's store,
    without the lunr scripts the search never loads."""

    def __init__(self, installed: frozenset[str]):
        super().__init__()
        self.installed = installed
        self.taken: list[tuple[Path, str]] = []

    def on_files(self, files: Files, *, config: Any) -> Files:
        languages = _search_languages(config)
        loaded = search_scripts(languages) if languages is not None else None
        for file in list(files):
            if file.abs_src_path and file.src_dir in self.installed and not file.is_documentation_page():
                files.remove(file)
                if loaded is None or not file.dest_uri.startswith(LUNR) or file.dest_uri in loaded:
                    self.taken.append((Path(file.abs_src_path), file.dest_uri))
        return files

    def link(self, scratch: Path, out_dir: Path) -> int:
        return link_shared(scratch, self.taken, out_dir)


def _segment_with_the_builds_words() -> None:
    """The search plugin's `jieba.cut` gives the build's words (render/segment.py: the campaigns' words in a
    tokenizer of its own, each text cut once per worker), never jieba's shared dictionary: loading that costs
    0.5 s a worker, and a user dictionary loaded into it again for each microsite adds its frequencies to the
    total again, so a worker's later microsites were segmented differently (大年 against 大/年)."""
    jieba = jieba_module()
    if getattr(jieba.cut, "build_words", False):
        return

    def cut(sentence: bytes | str, *args: Any, **options: Any) -> Any:
        if args or options:  # not as the search plugin asks: jieba's own
            return original(sentence, *args, **options)
        return iter(segmented(sentence.decode("utf-8") if isinstance(sentence, bytes) else sentence))

    original = jieba.cut
    cut.build_words = True  # type: ignore[attr-defined]
    jieba.cut = cut


def list_themes_once() -> None:
    """MkDocs lists the installed themes from the packages' entry points for every config it loads, then
    forgets the list (9 ms a microsite); a build installs no theme while it runs."""
    import mkdocs.utils

    listed = mkdocs.utils.get_themes
    if not getattr(listed, "kept", False):
        listed.cache_clear = lambda: None  # type: ignore[method-assign]
        listed.kept = True  # type: ignore[attr-defined]


def compile_theme(env: jinja2.Environment, roots: list[str]) -> int:
    """Compile `roots` and every template they extend, include or import by a constant name into the
    environment's bytecode cache (each source parsed once; none when the cache kept its code and what it
    names), as a worker warms up: the first microsite's build then loads them (0.23 s of a one-region build).
    A template Jinja cannot parse is left to the build, which reports it. Returns how many were compiled."""
    cache, seen, todo, compiled = env.bytecode_cache, set(), list(roots), 0
    if not isinstance(cache, CompiledTemplates) or env.loader is None:
        return 0
    while todo:
        if (name := todo.pop()) in seen:
            continue
        seen.add(name)
        try:
            source, filename, _ = env.loader.get_source(env, name)
            bucket = cache.get_bucket(env, name, filename, source)
            if (named := cache.references(bucket)) is None:
                tree = env.parse(source, name, filename)
                named = tuple(found for found in jinja2.meta.find_referenced_templates(tree) if found)
                if bucket.code is None:
                    bucket.code = env.compile(tree, name, filename)  # what Jinja's loader compiles from the source
                    compiled += 1
                cache.dump_bytecode(bucket, named)
        except jinja2.TemplateError:  # not found (a name only some configurations give), or not Jinja
            continue
        todo += named
    return compiled


def speed_up(config: Any, own_dirs: list[str], *, fork_templates: frozenset[str] | None) -> SharedThemeFiles:
    """Install the per-process template caches and the shared assets on a loaded MkDocs config; with
    `fork_templates` (a province's fork is among the theme's folders: the names of its templates) every
    template runs in the fork sandbox, the fork's own autoescaped."""
    sandbox = fork_templates is not None
    installed = frozenset(d for d in config.theme.dirs if d not in own_dirs)
    theme = config.theme
    make_env = theme.get_env
    shareable = {name.split("/")[-1] for name in config.plugins} <= _SHAREABLE_PLUGINS  # "material/search"
    key = (tuple(theme.dirs), str(theme.locale), fork_templates)

    def get_env() -> jinja2.Environment:
        if shareable and key in _ENVIRONMENTS:
            return _ENVIRONMENTS[key]
        env = make_env()
        env.loader = _ThemeLoader(list(theme.dirs), installed)
        if fork_templates is not None:
            env = sandboxed(env, fork_templates)
        env.bytecode_cache = COMPILED  # a sandbox's entries apart: its class is part of their names
        env.auto_reload = True
        if shareable:
            _ENVIRONMENTS[key] = env
        return env

    theme.get_env = get_env
    shared = SharedThemeFiles(installed)
    config.plugins["campaignsite-shared-files"] = shared
    if sandbox:
        config.plugins["campaignsite-fork-context"] = ForkContext()
    if any(name.split("/")[-1] == "search" for name in config.plugins):  # "material/search" under Material
        _segment_with_the_builds_words()
    return shared
