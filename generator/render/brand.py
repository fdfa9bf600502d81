"""The unified marks every page carries (统一标识) and the palette, as the theme reads them."""

from __future__ import annotations

import re
from typing import Any

from ..read.model import SiteFooter
from ..resolve import Edition, MicrositeMap


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
REQUIRED_FOOTER = {
    "host": "主办单位",
    "site_code": "网站标识码",
    "icp": "ICP 备案号",
    "police": "公安机关备案号",
    "party_mark": "党政机关网站标识",
}


def footer_missing(footer: SiteFooter) -> list[str]:
    """What a government site's footer lacks (the build says so once)."""
    return [label for key, label in REQUIRED_FOOTER.items() if not getattr(footer, key)]


def footer_lines(footer: SiteFooter) -> list[dict[str, str]]:
    """The footer of a government site (国办发〔2017〕47号), line by line, with the filing systems' links."""
    lines = [
        {"text": f"{label}：{value}", "href": ""}
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
        lines.append({"text": footer.icp, "href": ICP_URL})
    if footer.police:
        lines.append({"text": footer.police, "href": POLICE_URL + "".join(re.findall(r"\d", footer.police))})
    return lines


def brand_of(edition: Edition, microsite: MicrositeMap) -> dict[str, Any]:
    """Read by the theme (config.extra.brand) and verified on every built page by the brand guard."""
    c = edition.campaign
    share_icon = microsite.poster("icon")
    return {
        "campaign_name": c.name,
        "site_name": edition.site_name,
        "guiding_units": "、".join(c.guiding_units),
        "period": edition.period.text,
        "lunar": edition.period.lunar or "",
        "days": edition.period.days,
        "region": edition.region.short_name if edition.region else "",
        "logo": str(microsite.logo),
        "start": edition.period.start.isoformat(),
        "end": edition.period.end.isoformat(),
        "share_image": microsite.public_url(microsite.poster("share")),
        "share_icon": str(share_icon),
        "share_icon_url": microsite.public_url(share_icon),
        "credits": [list(line) for line in edition.credits],
        "footer": footer_lines(edition.footer),
        "party_mark": {"src": str(microsite.party_mark), "href": edition.footer.party_mark.url}
        if edition.footer_mark and edition.footer.party_mark
        else None,
    }
