"""The thin layer that hands a generated microsite to MkDocs. Nothing upstream imports MkDocs.

Replacing MkDocs (Material reaches end of life in 2027) means replacing this module only: it receives
plain data (structure.Microsite) and writes a finished folder.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .structure import Microsite

JIEBA_TERMS = ("网上年货节", "年货节", "双品网购节", "分会场", "年货一条街", "启动仪式", "平台专区", "消费者权益",
               "一县一品", "数商兴农", "兴农专场", "冰雪专区", "电子商务法", "反垄断法", "反不正当竞争法",
               "消费者权益保护法", "个人信息保护法", "价格法", "统一标识", "承诺书", "统计表", "直播电商",
               "社交电商", "大数据杀熟", "二选一", "腊月初八", "正月初七", "指导单位", "兴盛优选", "快乐购",
               "苏宁易购", "友阿", "拼多多", "京东", "美团", "饿了么", "抖音", "快手")


@dataclass(frozen=True)
class BuildJob:
    """One MkDocs build, as picklable plain data so a worker process can run it."""

    key: str
    config_file: Path
    theme_dirs: tuple[str, ...]  # extra template layers above theme/ (a region's fork)


def write_jieba_dict(path: Path) -> Path:
    path.write_text("".join(f"{term} 100000 n\n" for term in JIEBA_TERMS), encoding="utf-8")
    return path


def base_config(project_root: Path) -> dict[str, Any]:
    with (project_root / "mkdocs.yml").open(encoding="utf-8") as fh:
        return yaml.safe_load(fh) or {}


def prepare(site: Microsite, base: dict[str, Any], project_root: Path, docs_dir: Path, out_dir: Path,
            config_file: Path, jieba_dict: Path, fork_dirs: tuple[str, ...] = ()) -> BuildJob:
    """Write the microsite's files and its MkDocs config; return the job that builds it."""
    for rel, content in site.files.items():
        target = docs_dir / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    config = dict(base)
    theme = dict(config.get("theme") or {})
    theme["custom_dir"] = str(project_root / theme.get("custom_dir", "theme"))
    theme["logo"] = site.brand["logo"]
    theme["favicon"] = site.brand["logo"]
    config.update({
        "site_name": site.edition.site_name,
        "site_url": site.site_url,
        "docs_dir": str(docs_dir),
        "site_dir": str(out_dir),
        "theme": theme,
        "nav": [item.to_mkdocs() for item in site.nav],
        "extra": {**(config.get("extra") or {}), "brand": site.brand},
    })
    plugins = []
    for plugin in config.get("plugins") or []:
        if plugin == "search" or (isinstance(plugin, dict) and "search" in plugin):
            options = dict(plugin["search"]) if isinstance(plugin, dict) else {}
            options["jieba_dict_user"] = str(jieba_dict)
            plugin = {"search": options}
        plugins.append(plugin)
    config["plugins"] = plugins
    config_file.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return BuildJob(site.edition.path, config_file, fork_dirs)


class _WarningCounter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def run(job: BuildJob) -> list[str]:
    """Build one microsite with MkDocs; returns the warnings MkDocs logged."""
    import jieba
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    jieba.setLogLevel(logging.WARNING)
    counter = _WarningCounter()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(counter)
    logger.propagate = False
    try:
        config = load_config(config_file=str(job.config_file))
        for layer in reversed(job.theme_dirs):
            config.theme.dirs.insert(0, layer)
        build(config)
    finally:
        logger.removeHandler(counter)
    return counter.messages
