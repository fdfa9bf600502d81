"""MkDocs with mkdocs-material: the only module that imports MkDocs.

The project's mkdocs.yml holds the shared settings; per microsite this adds site_name, site_url, nav,
docs_dir, site_dir, the brand marks (extra.brand) and the fork's template layers, and points the search
plugin at a jieba dictionary of campaign terms so Chinese is segmented into whole words.
"""

from __future__ import annotations

import copy
import io
import logging
from pathlib import Path
from typing import Any

import jinja2

from . import EngineJob, EngineSetup, template_error, template_frame
from .mkdocs_speed import speed_up
from .settings import CONFIG_FILE, microsite_settings, read_base

JIEBA_FILE = "jieba-user.txt"
JIEBA_TERMS = (
    "网上年货节",
    "年货节",
    "双品网购节",
    "分会场",
    "年货一条街",
    "启动仪式",
    "平台专区",
    "消费者权益",
    "一县一品",
    "数商兴农",
    "兴农专场",
    "冰雪专区",
    "电子商务法",
    "反垄断法",
    "反不正当竞争法",
    "消费者权益保护法",
    "个人信息保护法",
    "价格法",
    "统一标识",
    "承诺书",
    "统计表",
    "直播电商",
    "社交电商",
    "大数据杀熟",
    "二选一",
    "腊月初八",
    "正月初七",
    "指导单位",
    "兴盛优选",
    "快乐购",
    "苏宁易购",
    "友阿",
    "拼多多",
    "京东",
    "美团",
    "饿了么",
    "抖音",
    "快手",
)


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
        dictionary = "".join(f"{term} 100000 n\n" for term in JIEBA_TERMS).encode("utf-8")
        return EngineSetup(
            project_root,
            theme_dir,
            scratch,
            {"base": read_base(project_root), "jieba_dict": str(scratch / JIEBA_FILE)},
            {JIEBA_FILE: dictionary},
        )

    def _config(self, setup: EngineSetup, job: EngineJob) -> dict[str, Any]:
        config = microsite_settings(setup, job, setup.theme_dir)
        plugins = []
        for plugin in config.get("plugins") or []:
            if plugin == "search" or (isinstance(plugin, dict) and "search" in plugin):
                options = dict(plugin["search"]) if isinstance(plugin, dict) else {}
                options["jieba_dict_user"] = setup.settings["jieba_dict"]
                plugin = {"search": options}
            plugins.append(plugin)
        config["plugins"] = plugins
        return config

    def build(self, setup: EngineSetup, job: EngineJob) -> list[str]:
        import jieba
        from mkdocs.commands.build import build
        from mkdocs.config import load_config

        settings = copy.deepcopy(self._config(setup, job))  # MkDocs keeps and may change what it is given
        jieba.setLogLevel(logging.WARNING)
        counter = _WarningCounter()
        logger = logging.getLogger("mkdocs")
        logger.addHandler(counter)
        logger.propagate = False
        try:
            # the settings as options over an empty file: what a written mkdocs.yml would give, without
            # PyYAML's pure-Python parser reading it back for every microsite
            config = load_config(
                config_file=io.StringIO("{}"), config_file_path=str(setup.project_root / CONFIG_FILE), **settings
            )
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
