"""The pages of one microsite as Markdown (with HTML blocks), and its navigation."""

from __future__ import annotations

import re
from datetime import date

from markupsafe import Markup

from ..findings import display_path
from ..read.documents import DOCUMENT_KINDS
from ..read.layout import PAGES
from ..resolve import Edition, MicrositeMap, Page, SiteMap
from .environment import markdown_inline, render, template_path
from .pictures import region_tiles, timeline
from .structure import NavItem, RenderedMicrosite

_HEADING = re.compile(r"<h([1-6])(?: id=\"[^\"]*\")?>(.*?)</h\1>", re.S)


def engine_markdown(html: str) -> Markup:
    """A notice body or a fork's page (safe HTML) for the engine: headings as Markdown, so they make the page's table of
    contents and search sections; everything between them as HTML blocks, which Markdown leaves alone."""
    parts, last = [], 0
    for match in _HEADING.finditer(html):
        heading = "#" * int(match.group(1)) + " " + markdown_inline(match.group(2))
        parts += [_html_block(html[last : match.start()]), heading]
        last = match.end()
    parts.append(_html_block(html[last:]))
    return Markup("\n\n".join(part for part in parts if part))


def _html_block(html: str) -> str:
    return f'<div class="cs-notice-part">\n{html.strip()}\n</div>' if html.strip() else ""


SECTION_PAGES = ("platforms", "schedule", "activities", "rights", "contact")
_TITLES = {
    "home": "首页",
    "platforms": "平台专区",
    "schedule": "活动日程",
    "activities": "活动内容",
    "rights": "消费者权益",
    "regions": "各地活动",
    "downloads": "下载",
    "contact": "联系我们",
}


def navigation(edition: Edition, microsite: MicrositeMap) -> list[NavItem]:
    def item(name: str) -> NavItem:
        return NavItem(_TITLES[name], microsite.page(name).source)

    nav = [item(name) for name in ("home", "platforms", "schedule", "activities", "rights")]
    nav += [
        NavItem(page.title, microsite.fork_page(page.stem).source)
        for page in (edition.fork.pages if edition.fork else ())
    ]
    notices = tuple(NavItem(n.title, microsite.notice_page(n.id).source) for n in edition.notices)
    nav.append(NavItem("通知公告", children=(NavItem("全部通知", microsite.page("notices").source), *notices)))
    if edition.region is None:
        nav.append(item("regions"))
    nav += [item("downloads"), item("contact")]
    return nav


def render_pages(site: RenderedMicrosite, sites: SiteMap, today: date, with_pdf: bool) -> None:
    edition, microsite = site.edition, site.map
    prints = list(microsite.printables)
    context = {
        "e": edition,
        "m": microsite,
        "prints": prints,
        "with_pdf": with_pdf,
        "region_tiles": region_tiles,
        "timeline": timeline(edition, today),
    }

    def add(page: Page, template: str, **extra: object) -> None:
        site.add_page(page.source, render(f"pages/{template}", sites=sites, at=page, **context, **extra))
        site.sources[page.output] = template_path(f"pages/{template}")

    add(microsite.page("home"), "index.md.j2", phase_now=edition.phase_today(today))
    for name in SECTION_PAGES:
        add(microsite.page(name), f"{name}.md.j2")
    add(microsite.page("notices"), "notices.md.j2")
    printable = {p.id: p for p in prints if p.kind == "notice"}
    for notice in edition.notices:
        add(
            microsite.notice_page(notice.id),
            "notice.md.j2",
            n=notice,
            p=printable[notice.id],
            body=engine_markdown(edition.bodies[notice.body]),
            kind=DOCUMENT_KINDS[notice.kind],
            attachments=[(a, engine_markdown(edition.bodies[a.body]) if a.body else None) for a in notice.attachments],
        )
    if microsite.leaving_notice:
        for i, platform in enumerate(edition.platforms):
            if platform.targets:
                add(microsite.go_page(i), "go.md.j2", p=platform)
    if edition.region is None:
        add(microsite.page("regions"), "regions.md.j2", branch_count=sum(1 for s in edition.statuses if s.branch))
    add(microsite.page("downloads"), "downloads.md.j2")
    for page in edition.fork.pages if edition.fork else ():
        # a blank first line: MkDocs reads no settings (MultiMarkdown meta-data) from the page
        site.add_page(microsite.fork_page(page.stem).source, "\n" + engine_markdown(page.html) + "\n")
        site.sources[microsite.fork_page(page.stem).output] = display_path(edition.fork.folder / PAGES / page.name)
    site.nav = navigation(edition, microsite)
