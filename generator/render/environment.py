"""The one Jinja environment of the generator's own templates (pages, print documents, portal).

Autoescaping is on for every template, Markdown ones included: a YAML string is always text. `link` is
bound per page to the site map, so templates never write a path.
"""

from __future__ import annotations

import functools
import posixpath
import re
from collections.abc import Callable
from datetime import date
from functools import cache
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from ..findings import display_path
from ..read.periods import format_date
from ..resolve import Page, SiteMap, Target
from .compiled import COMPILED
from .linebreak import breakable

MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|>~])")
_INLINE = re.compile(r"(<[^>]*>|&#?\w+;)|([^<&]+)")


def markdown_inline(html: str) -> Markup:
    """Inline HTML as Markdown: tags and entities kept, Markdown's punctuation in the text escaped, one line."""
    return Markup(
        _INLINE.sub(lambda m: m.group(1) or MD_SPECIAL.sub(r"\\\1", m.group(2)), re.sub(r"\s*\n\s*", " ", html))
    )


def markdown_text(value: object) -> Markup:
    """Text for a Markdown heading: escaped (HTML first, then Markdown's own punctuation), `<wbr>` between its
    words so that it breaks only there (linebreak.py)."""
    return markdown_inline(str(breakable(value)))


def cn_date(value: date) -> str:
    return format_date(value)


def tel_uri(value: str) -> str:
    return re.sub(r"[^0-9+]", "", value)


def make_environment(package: str, **filters: Callable[..., object]) -> Environment:
    """A Jinja environment of a package's `templates/` folder: autoescaped, strict, with our filters."""
    env = Environment(
        loader=PackageLoader(package, "templates"),
        autoescape=select_autoescape(default=True),
        undefined=StrictUndefined,
        trim_blocks=False,
        lstrip_blocks=False,
        keep_trailing_newline=True,
    )
    env.filters.update(md=markdown_text, words=breakable, cn_date=cn_date, tel=tel_uri, **filters)
    env.bytecode_cache = COMPILED
    return env


@cache
def environment() -> Environment:
    return make_environment("generator.render")


def compile_page_templates() -> int:
    """Every microsite page template compiled into the environment (kept there): a worker's warm-up does it
    while the build's own process reads the project, for 50 ms its first microsite would otherwise wait."""
    env = environment()
    names = [name for name in env.list_templates() if name.startswith("pages/")]
    for name in names:
        env.get_template(name)
    return len(names)


def template_path(name: str, package: Path = Path(__file__).parent) -> str:
    """Where a template lives, as an editor's message names it."""
    return display_path(package / "templates" / name)


def render(
    template: str, *, sites: SiteMap, at: Page | Target, env: Environment | None = None, **context: object
) -> str:
    """Render a template published at `at`; its `link(target)` asks the site map for the URL from there."""
    target = at.target if isinstance(at, Page) else at
    folder = target.site_path.rstrip("/") if target.is_folder else posixpath.dirname(target.site_path)
    compiled = (env or environment()).get_template(template)
    return compiled.render(link=functools.partial(sites.link, folder), sites=sites, **context)
