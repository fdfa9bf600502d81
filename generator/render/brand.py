"""The unified marks every page carries (统一标识) and the palette, as the theme reads them."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from ..read.model import SiteFooter
from ..resolve import Edition, MicrositeMap
from .environment import cn_date


def palette_css(edition: Edition) -> str:
    colors = edition.colors
    return (
        ":root {\n"
        f"  --cs-primary: {colors.primary};\n  --cs-accent: {colors.accent};\n"
        f"  --cs-text: {colors.text};\n  --cs-background: {colors.background};\n"
        "}\n"
    )


ICP_URL = "https://beian.miit.gov.cn/"
POLICE_URL = "https://beian.mps.gov.cn/#/query/webSearch?code="


@dataclass(frozen=True)
class FooterLine:
    text: str
    href: str = ""  # the filing system's page, when the line links to one


def footer_lines(footer: SiteFooter) -> list[FooterLine]:
    """The footer of a government site (国办发〔2017〕47号), line by line, with the filing systems' links."""
    lines = [
        FooterLine(f"{label}：{value}")
        for label, value in (
            ("主办单位", footer.host),
            ("承办单位", footer.organizer),
            ("技术支持", footer.support),
            ("联系方式", footer.contact),
            ("网站标识码", footer.site_code),
        )
        if value
    ]
    if footer.icp:
        lines.append(FooterLine(footer.icp, ICP_URL))
    if footer.police:
        lines.append(FooterLine(footer.police, POLICE_URL + "".join(re.findall(r"\d", footer.police))))
    return lines


@dataclass(frozen=True)
class PartyMark:
    src: str  # the image, relative to the microsite
    href: str  # its check page


@dataclass(frozen=True)
class Brand:
    """The unified marks and the footer, read by the theme (`config.extra.brand`, as `as_config()` gives them)
    and verified on every built page by the brand guard."""

    campaign_name: str
    site_name: str
    guiding_units: str
    period: str
    lunar: str
    days: int
    region: str
    logo: str
    start: str
    end: str
    share_image: str
    share_icon: str
    share_icon_url: str
    credits: tuple[tuple[str, str], ...]
    footer: tuple[FooterLine, ...]
    party_mark: PartyMark | None
    archived: str  # the 归档 notice every page shows once the campaign has ended, else ""
    key_visual: str  # 头图 of the home page, for phones (posters/keyvisual.yml)
    key_visual_wide: str  # and for wider screens (posters/keyvisual_wide.yml)
    key_visual_alt: str  # what it shows, for those who cannot see it
    key_visual_lines: tuple[str, ...]  # its headline and slogans as text (长辈版 shows them instead)

    def as_config(self) -> dict[str, Any]:
        """Plain data for an engine's settings (lists, not tuples: they are written as YAML too)."""
        config = asdict(self)
        config["credits"] = [list(line) for line in self.credits]
        config["footer"] = [asdict(line) for line in self.footer]
        config["key_visual_lines"] = list(self.key_visual_lines)
        return config


def archive_notice(edition: Edition, today: date) -> str:
    """What an ended campaign's pages say, as inspectors accept a column that is no longer updated."""
    ended = edition.archived_after(today)
    if ended is None:
        return ""
    return f"本专题已归档：活动已于{cn_date(ended)}结束，页面内容不再更新，仅供查阅。"


def brand_of(edition: Edition, microsite: MicrositeMap, today: date) -> Brand:
    c = edition.campaign
    share_icon = microsite.poster("icon")
    mark = edition.footer.party_mark
    lines = (edition.theme or edition.site_name, *edition.extra_slogans)  # what the key visual says
    return Brand(
        campaign_name=c.name,
        site_name=edition.site_name,
        guiding_units="、".join(c.guiding_units),
        period=edition.period.text,
        lunar=edition.period.lunar or "",
        days=edition.period.days,
        region=edition.region.short_name if edition.region else "",
        logo=str(microsite.logo),
        start=edition.period.start.isoformat(),
        end=edition.period.end.isoformat(),
        share_image=microsite.public_url(microsite.poster("share")),
        share_icon=str(share_icon),
        share_icon_url=microsite.public_url(share_icon),
        credits=edition.credit_lines,
        footer=tuple(footer_lines(edition.footer)),
        party_mark=PartyMark(str(microsite.party_mark), mark.url) if edition.footer_mark and mark else None,
        archived=archive_notice(edition, today),
        key_visual=str(microsite.poster("keyvisual")),
        key_visual_wide=str(microsite.poster("keyvisual_wide")),
        key_visual_alt=f"{edition.site_name}头图：" + "，".join([*lines, f"活动时间{edition.period.text}"]),
        key_visual_lines=lines,
    )
