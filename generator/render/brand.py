"""The unified marks every page carries (统一标识) and the palette, as the theme reads them."""

from __future__ import annotations

from typing import Any

from ..resolve import Edition, MicrositeMap


def palette_css(edition: Edition) -> str:
    colors = edition.colors
    return (":root {\n"
            f"  --cs-primary: {colors.primary};\n  --cs-accent: {colors.accent};\n"
            f"  --cs-text: {colors.text};\n  --cs-background: {colors.background};\n"
            "}\n")


def brand_of(edition: Edition, microsite: MicrositeMap) -> dict[str, Any]:
    """Read by the theme (config.extra.brand) and verified on every built page by the brand guard."""
    c = edition.campaign
    share_icon = microsite.poster("icon")
    return {"campaign_name": c.name, "site_name": edition.site_name, "guiding_units": "、".join(c.guiding_units),
            "period": edition.period.text, "lunar": edition.period.lunar or "", "days": edition.period.days,
            "region": edition.region.short_name if edition.region else "", "logo": str(microsite.logo),
            "start": edition.period.start.isoformat(), "end": edition.period.end.isoformat(),
            "share_image": microsite.public_url(microsite.poster("share")), "share_icon": str(share_icon),
            "share_icon_url": microsite.public_url(share_icon), "credits": [list(line) for line in edition.credits]}
