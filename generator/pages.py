"""Pages and small assets of one microsite, rendered from the resolved edition (no MkDocs here)."""

from __future__ import annotations

import re
from datetime import date
from functools import cache
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from .assets import AssetSet
from .datafile import edition_data, to_json
from .editions import Edition
from .findings import CampaignError, Finding
from .forks import ForkPage
from .icalendar_feed import build_calendar
from .mark import mark_rows
from .model import Colors, Notice
from .periods import format_date
from .printables import printables, render_printables
from .structure import Microsite, NavItem

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
    env = Environment(loader=PackageLoader("generator", "templates"), autoescape=select_autoescape(default=True),
                      undefined=StrictUndefined, trim_blocks=False, lstrip_blocks=False, keep_trailing_newline=True)
    env.filters.update(md=markdown_text, yaml_str=yaml_string, cn_date=cn_date, tel=tel_uri)
    return env


def render_template(name: str, **context: object) -> str:
    return environment().get_template(name).render(**context)


def _render(template: str, **context: object) -> str:
    return render_template(f"pages/{template}", **context)


def palette_css(colors: Colors) -> str:
    return (":root {\n"
            f"  --cs-primary: {colors.primary};\n  --cs-accent: {colors.accent};\n"
            f"  --cs-text: {colors.text};\n  --cs-background: {colors.background};\n"
            "}\n")


def logo_svg(text: str, colors: Colors) -> str:
    """The built-in unified mark, used until the ministry's logo file is set in branding.logo."""
    rows = mark_rows(text)
    size = min(30, int(92 / max(len(r) for r in rows)))
    top = 60 - (len(rows) - 1) * size * 0.6 + size * 0.35
    lines = "".join(f'<text x="60" y="{top + i * size * 1.2:.1f}">{escape(row)}</text>' for i, row in enumerate(rows))
    return ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 120" role="img" '
            f'aria-label="{escape(text)}标识"><circle cx="60" cy="60" r="56" fill="{colors.primary}" '
            f'stroke="{colors.accent}" stroke-width="6"/><g fill="#fff" font-size="{size}" font-weight="700" '
            'text-anchor="middle" font-family="Noto Sans CJK SC, Source Han Sans SC, PingFang SC, Microsoft YaHei, '
            f'sans-serif">{lines}</g></svg>\n')


def _notice_body(notice: Notice, content_dir: Path) -> str:
    path = content_dir / notice.body
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        raise CampaignError([Finding(str(path), 1, 1, "error", f"无法读取通知正文“{notice.body}”",
                                     "content-missing")]) from None


def nav_for(edition: Edition, extra: list[ForkPage] = ()) -> list[NavItem]:
    nav = [NavItem("首页", "index.md"), NavItem("平台专区", "platforms.md"), NavItem("活动日程", "schedule.md"),
           NavItem("活动内容", "activities.md"), NavItem("消费者权益", "rights.md")]
    nav += [NavItem(page.title, page.path) for page in extra]
    notices = tuple(NavItem(n.title, f"notices/{n.id}.md") for n in edition.notices)
    nav.append(NavItem("通知公告", children=(NavItem("全部通知", "notices/index.md"), *notices)))
    if edition.region is None:
        nav.append(NavItem("各地活动", "regions.md"))
    nav.append(NavItem("下载", "downloads.md"))
    nav.append(NavItem("联系我们", "contact.md"))
    return nav


def build_microsite(edition: Edition, site_url: str, content_dir: Path, today: date,
                    assets: AssetSet | None = None, with_pdf: bool = False,
                    extra_pages: list[ForkPage] = ()) -> Microsite:
    assets = assets or AssetSet()
    site = Microsite(edition, site_url)
    bodies = {n.id: _notice_body(n, content_dir) for n in edition.notices}
    prints = printables(edition)
    ctx = {"e": edition, "a": assets.manifest, "prints": prints, "with_pdf": with_pdf}
    site.add("index.md", _render("index.md.j2", phase_now=edition.phase_today(today), **ctx))
    for name in ("platforms", "schedule", "activities", "rights", "contact"):
        site.add(f"{name}.md", _render(f"{name}.md.j2", **ctx))
    site.add("notices/index.md", _render("notices.md.j2", **ctx))
    for notice in edition.notices:
        site.add(f"notices/{notice.id}.md",
                 _render("notice.md.j2", n=notice, body=Markup(bodies[notice.id]), **ctx))
    for path, content in render_printables(edition, bodies, render_template).items():
        site.add(path, content)
    if edition.region is None:
        branch_count = sum(1 for s in edition.statuses if s.branch)
        site.add("regions.md", _render("regions.md.j2", branch_count=branch_count, **ctx))
    site.add("schedule.ics", build_calendar(edition))
    site.add("assets/palette.css", palette_css(edition.colors))
    site.add("assets/logo.svg", logo_svg(edition.campaign.branding.logo_text or edition.campaign.kind,
                                         edition.campaign.branding.colors))
    site.add("downloads.md", _render("downloads.md.j2", **ctx))
    for path, content in assets.files.items():
        site.add(path, content)
    manifest = {"calendar": "schedule.ics", "logo": "assets/logo.svg", **assets.manifest,
                "printables": [p.as_dict(with_pdf) for p in prints]}
    site.add("data.json", to_json(edition_data(edition, site_url, manifest)))
    for page in extra_pages:
        site.add(page.path, page.content)
    site.nav = nav_for(edition, extra_pages)
    site.brand = brand_of(edition)
    if "posters" in assets.manifest:
        site.brand["share_image"] = site_url + assets.manifest["posters"]["share"]
        site.brand["share_icon"] = assets.manifest["share_icon"]
        site.brand["share_icon_url"] = site_url + assets.manifest["share_icon"]
    return site


def brand_of(edition: Edition) -> dict[str, object]:
    """The unified marks every page carries (统一标识): read by the theme, verified after the build."""
    c = edition.campaign
    return {"campaign_name": c.name, "site_name": edition.site_name, "guiding_units": "、".join(c.guiding_units),
            "period": edition.period.text, "lunar": edition.period.lunar or "", "days": edition.period.days,
            "region": edition.region.short_name if edition.region else "", "logo": "assets/logo.svg",
            "start": edition.period.start.isoformat(), "end": edition.period.end.isoformat()}
