"""The pages of one microsite as Markdown (with HTML blocks), and its navigation."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from markupsafe import Markup

from ..catalog import FORK_PAGES_AFTER, PAGE_KINDS, PageKind
from ..findings import display_path
from ..read.documents import DOCUMENT_KINDS
from ..read.layout import PAGES
from ..resolve import Edition, MicrositeMap, Page, SiteMap
from ..resolve.tracking import MEDIUMS
from .environment import cn_date, markdown_inline, render, template_path
from .linebreak import breakable_html, plain_headings_breakable
from .pictures import region_tiles, timeline
from .structure import NavItem

_HEADING = re.compile(r"<h([1-6])(?: id=\"[^\"]*\")?>(.*?)</h\1>", re.S)


def engine_markdown(html: str) -> Markup:
    """A notice body or a fork's page (safe HTML) for the engine: headings as Markdown, so they make the page's table of
    contents and search sections; everything between them as HTML blocks, which Markdown leaves alone."""
    parts, last = [], 0
    for match in _HEADING.finditer(html):
        heading = "#" * int(match.group(1)) + " " + markdown_inline(breakable_html(match.group(2)))
        parts += [_html_block(html[last : match.start()]), heading]
        last = match.end()
    parts.append(_html_block(html[last:]))
    return Markup("\n\n".join(part for part in parts if part))


def _html_block(html: str) -> str:
    return f'<div class="cs-notice-part">\n{html.strip()}\n</div>' if html.strip() else ""


def dated(label: str, day: date) -> str:
    """The date line of a page (发布日期 of a notice, 更新日期 of a column), which inspectors look for and
    `audit` reads back (`time` in `.cs-page-date`)."""
    return f'<p class="cs-page-date">{label}：<time datetime="{day.isoformat()}">{cn_date(day)}</time></p>'


COLUMN_DATE = "更新日期"
NOTICE_DATE = "发布日期"


@dataclass(frozen=True)
class RenderedPages:
    pages: dict[str, bytes]  # Markdown, by its source path
    sources: dict[str, str]  # published HTML -> the template (or the editor's page) that wrote it
    nav: tuple[NavItem, ...]


def _kinds(edition: Edition) -> list[PageKind]:
    return [kind for kind in PAGE_KINDS if edition.region is None or not kind.national_only]


def navigation(edition: Edition, microsite: MicrositeMap) -> tuple[NavItem, ...]:
    """The catalog's pages in its order; a fork's own pages after FORK_PAGES_AFTER; the notices in the
    section their list heads."""
    nav = []
    for kind in _kinds(edition):
        if kind.section:
            notices = tuple(NavItem(n.title, microsite.notice_page(n.id).source) for n in edition.notices)
            nav.append(
                NavItem(kind.section, children=(NavItem(kind.title, microsite.page(kind.name).source), *notices))
            )
        else:
            nav.append(NavItem(kind.title, microsite.page(kind.name).source))
        if kind.name == FORK_PAGES_AFTER:
            nav += [
                NavItem(page.title, microsite.fork_page(page.stem).source)
                for page in (edition.fork.pages if edition.fork else ())
            ]
    return tuple(nav)


def _context_of(kind: str, edition: Edition, today: date) -> dict[str, Any]:
    """What a kind of page shows besides the edition: the phase on the build day, the number of 分会场."""
    if kind == "home":
        return {"phase_now": edition.phase_today(today), "quick_links": [k for k in PAGE_KINDS if k.quick_link]}
    if kind == "regions":
        return {"branch_count": sum(1 for status in edition.statuses if status.branch)}
    return {}


def render_pages(
    edition: Edition, microsite: MicrositeMap, sites: SiteMap, today: date, with_pdf: bool
) -> RenderedPages:
    prints = list(microsite.printables)
    context: dict[str, Any] = {
        "e": edition,
        "m": microsite,
        "prints": prints,
        "with_pdf": with_pdf,
        "region_tiles": region_tiles,
        "timeline": timeline(edition, today),
    }
    pages: dict[str, bytes] = {}
    sources: dict[str, str] = {}

    column_date = "\n\n" + dated(COLUMN_DATE, edition.updated) + "\n"

    def add(page: Page, template: str, *, column: bool = True, **extra: Any) -> None:
        text = plain_headings_breakable(render(f"pages/{template}", sites=sites, at=page, **context, **extra))
        pages[page.source] = (text.rstrip("\n") + column_date if column else text).encode("utf-8")
        sources[page.output] = template_path(f"pages/{template}")

    for kind in _kinds(edition):
        add(microsite.page(kind.name), kind.template, **_context_of(kind.name, edition, today))
    printable = {p.id: p for p in prints if p.kind == "notice"}
    for notice in edition.notices:
        add(
            microsite.notice_page(notice.id),
            "notice.md.j2",
            column=False,
            n=notice,
            p=printable[notice.id],
            body=engine_markdown(edition.bodies[notice.body]),
            kind=DOCUMENT_KINDS[notice.kind],
            date_line=Markup(dated(NOTICE_DATE, notice.date)) if notice.date else "",
            attachments=[(a, engine_markdown(edition.bodies[a.body]) if a.body else None) for a in notice.attachments],
        )
    for i, platform in enumerate(edition.platforms):
        for medium in MEDIUMS:
            if leaving := microsite.leaving_page(i, medium):
                add(leaving, "go.md.j2", p=platform, target=platform.targets[medium])
    if (fork := edition.fork) is not None:
        for page in fork.pages:
            # a blank first line: MkDocs reads no settings (MultiMarkdown meta-data) from the page
            fork_page = microsite.fork_page(page.stem)
            dated_page = str(engine_markdown(page.html)) + "\n\n" + _html_block(dated(COLUMN_DATE, edition.updated))
            pages[fork_page.source] = ("\n" + dated_page + "\n").encode("utf-8")
            sources[fork_page.output] = display_path(fork.folder / PAGES / page.name)
    return RenderedPages(pages, sources, navigation(edition, microsite))
