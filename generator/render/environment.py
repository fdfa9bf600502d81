"""The one Jinja environment of the generator's own templates (pages, print documents, portal).

Autoescaping is on for every template, Markdown ones included: a YAML string is always text. `link` is
bound per page to the site map, so templates never write a path.
"""

from __future__ import annotations

import functools
import re
from datetime import date
from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from ..read.periods import format_date
from ..resolve import Page, SiteMap, Target

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|>~])")


def markdown_text(value: object) -> Markup:
    """Escape text for a Markdown heading: HTML first, then Markdown's own punctuation."""
    return Markup(_MD_SPECIAL.sub(r"\\\1", str(escape(value))))


def yaml_string(value: object) -> Markup:
    return Markup('"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"')


def cn_date(value: date) -> str:
    return format_date(value)


def tel_uri(value: str) -> str:
    return re.sub(r"[^0-9+]", "", value)


@cache
def environment() -> Environment:
    env = Environment(loader=PackageLoader("generator.render", "templates"),
                      autoescape=select_autoescape(default=True), undefined=StrictUndefined,
                      trim_blocks=False, lstrip_blocks=False, keep_trailing_newline=True)
    env.filters.update(md=markdown_text, yaml_str=yaml_string, cn_date=cn_date, tel=tel_uri)
    return env


def render(template: str, *, sites: SiteMap, at: Page | Target, **context: object) -> str:
    """Render a template published at `at`; its `link(target)` asks the site map for the URL from there."""
    folder = (at.target if isinstance(at, Page) else at).site_path.rstrip("/")
    return environment().get_template(template).render(link=functools.partial(sites.link, folder), sites=sites,
                                                       **context)
