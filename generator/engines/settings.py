"""The project's mkdocs.yml as the settings of one microsite, for every engine that reads MkDocs' format
(MkDocs itself, Zensical): site name, URL, folders, navigation, brand marks and the national theme."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from markupsafe import escape

from ..render import NavItem
from . import EngineJob, EngineSetup

CONFIG_FILE = "mkdocs.yml"


def read_base(project_root: Path) -> dict[str, Any]:
    with (project_root / CONFIG_FILE).open(encoding="utf-8") as fh:
        return yaml.safe_load(fh) or {}


def text(value: str) -> str:
    """The engines' theme templates print titles as they are (no autoescaping): hand them over escaped."""
    return str(escape(value))


def nav_entry(item: NavItem) -> dict[str, Any]:
    if item.children:
        return {text(item.title): [nav_entry(c) for c in item.children]}
    return {text(item.title): item.source}


def microsite_settings(setup: EngineSetup, job: EngineJob, theme_dir: Path) -> dict[str, Any]:
    """The shared settings with this microsite's own; `theme_dir` is the folder of template overrides."""
    config = dict(setup.settings["base"])
    theme = dict(config.get("theme") or {})
    theme["custom_dir"] = str(theme_dir)  # the project's theme/, whatever mkdocs.yml says
    theme["logo"] = job.brand.logo
    theme["favicon"] = job.brand.logo
    config.update(
        {
            "site_name": text(job.site_name),
            "site_url": job.site_url,
            "docs_dir": str(job.docs_dir),
            "site_dir": str(job.out_dir),
            "theme": theme,
            "nav": [nav_entry(item) for item in job.nav],
            "extra": {**(config.get("extra") or {}), "brand": job.brand.as_config()},
        }
    )
    return config


def plugin_options(config: dict[str, Any], name: str) -> dict[str, Any] | None:
    """A plugin's options in mkdocs.yml (None: the plugin is not listed)."""
    for plugin in config.get("plugins") or []:
        if plugin == name:
            return {}
        if isinstance(plugin, dict) and name in plugin:
            return dict(plugin[name] or {})
    return None
