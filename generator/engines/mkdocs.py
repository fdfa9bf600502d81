"""MkDocs with mkdocs-material: the only module that imports MkDocs.

The project's mkdocs.yml holds the shared settings; per microsite this adds site_name, site_url, nav,
docs_dir, site_dir, the brand marks (extra.brand) and the fork's template layers. The search plugin segments
Chinese with the build's own words (render/segment.py, through mkdocs_speed.py), as line breaks and printed
titles do.
"""

from __future__ import annotations

import copy
import io
import logging
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2

from ..read.confine import only_files_and_folders, symlinks_outside
from ..render.segment import jieba_module
from . import EngineJob, EngineSetup, template_error, template_frame
from .mkdocs_speed import compile_theme, list_themes_once, speed_up
from .settings import CONFIG_FILE, microsite_settings, read_base


def _loaded(settings: dict[str, Any], project_root: Path) -> Any:
    """MkDocs' config of `settings`, as options over an empty file: what a written mkdocs.yml would give,
    without PyYAML's pure-Python parser reading it back for every microsite."""
    from mkdocs.config import load_config

    list_themes_once()
    return load_config(config_file=io.StringIO("{}"), config_file_path=str(project_root / CONFIG_FILE), **settings)


class _WarningCounter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


class MkDocsEngine:
    name = "mkdocs"
    limitations: tuple[str, ...] = ()

    def inputs(self, project_root: Path) -> list[Path]:
        return [project_root / CONFIG_FILE, Path(__file__)]  # the module: a change of engine rebuilds all

    def setup(self, project_root: Path, theme_dir: Path, scratch: Path) -> EngineSetup:
        return EngineSetup(project_root, theme_dir, scratch, {"base": read_base(project_root)})

    def _config(self, setup: EngineSetup, job: EngineJob) -> dict[str, Any]:
        return microsite_settings(setup, job, setup.theme_dir)

    def warm_up(self, project_root: Path, theme_dir: Path) -> None:
        """The imports, and the national theme's templates compiled for the worker's first microsite (a fork's
        run in their sandbox: compiled apart, where they are used). Nothing is opened before the build has
        checked it: a theme folder with a link out of it or anything but files and folders is not compiled
        here. A project MkDocs cannot read is left to the build, which says why at its line: nothing is said."""
        logger, quiet = logging.getLogger("mkdocs"), logging.NullHandler()
        logger.addHandler(quiet)  # its children's records too end here, not on the worker's stderr
        propagates, logger.propagate = logger.propagate, False
        try:
            import mkdocs.commands.build  # noqa: F401
            from material.plugins.search import plugin  # noqa: F401

            if symlinks_outside((theme_dir,)) or not only_files_and_folders(theme_dir):
                return
            with tempfile.TemporaryDirectory() as scratch:
                folders = {"docs_dir": f"{scratch}/docs", "site_dir": f"{scratch}/site"}
                Path(folders["docs_dir"]).mkdir()
                base = read_base(project_root)
                theme = {**(base.get("theme") or {}), "custom_dir": str(theme_dir)}
                config = _loaded({**base, **folders, "theme": theme}, project_root)
                speed_up(config, [str(theme_dir)], fork_templates=None)
                language = config.theme.get("language", "en")  # Material's partial of its words, and ours
                languages = [f"partials/languages/{name}.html" for name in (language, "custom")]
                compile_theme(config.theme.get_env(), ["main.html", *config.theme.static_templates, *languages])
        except Exception:  # anything: the build meets it again, and reports it
            pass
        finally:
            logger.removeHandler(quiet)
            logger.propagate = propagates

    def start(self, setup: EngineSetup, job: EngineJob) -> Callable[[], list[str]]:
        warnings = self.build(setup, job)  # in this process: nothing to overlap with
        return lambda: warnings

    def build(self, setup: EngineSetup, job: EngineJob) -> list[str]:
        from mkdocs.commands.build import build

        settings = copy.deepcopy(self._config(setup, job))  # MkDocs keeps and may change what it is given
        jieba_module().setLogLevel(logging.WARNING)
        counter = _WarningCounter()
        logger = logging.getLogger("mkdocs")
        logger.addHandler(counter)
        logger.propagate = False
        try:
            config = _loaded(settings, setup.project_root)
            for layer in reversed(job.theme_layers):
                config.theme.dirs.insert(0, str(layer))
            if not job.error_page:
                config.theme.static_templates.discard("404.html")
            forks = (
                frozenset(
                    path.relative_to(layer).as_posix() for layer in job.theme_layers for path in layer.rglob("*.html")
                )
                if job.theme_layers
                else None
            )
            shared = speed_up(
                config, [str(layer) for layer in (*job.theme_layers, setup.theme_dir)], fork_templates=forks
            )
            build(config)
            shared.link(setup.scratch, job.out_dir)
        except jinja2.TemplateError as error:
            raise template_error(error, job.site_name) from None
        except (TypeError, ValueError, ArithmeticError, LookupError, RecursionError) as error:
            if template_frame(error) is None:
                raise  # not a template's doing: a bug of ours, reported as one
            raise template_error(error, job.site_name) from None
        finally:
            logger.removeHandler(counter)
        return counter.messages
