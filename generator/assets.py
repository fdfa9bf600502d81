"""QR codes and posters of one microsite: files under assets/ and their entry in data.json.

Platform codes on pages use each platform's `qr` target, poster codes its `poster` target (tracking
parameters differ per medium). The microsite code leads to the microsite itself.
"""

from __future__ import annotations

import functools
import io
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .assetcache import AssetCache
from .editions import Edition
from .findings import CampaignError, Finding
from .fonts import FontError, FontFile, poster_fonts
from .loader import display_path
from .posters import POSTERS, FitError, Layout, LayoutError, PosterData, layout_file, load_layout, render
from .qrcodes import qr_png, qr_svg


@dataclass
class AssetSet:
    files: dict[str, bytes] = field(default_factory=dict)
    manifest: dict[str, Any] = field(default_factory=dict)


_FOLDED_SPACE = re.compile(r"(?<=[^\x00-\x7f])\s+(?=[^\x00-\x7f])")


def cjk_text(text: str) -> str:
    """Drop the spaces YAML folding leaves between Chinese characters (folded `>-` lines)."""
    return _FOLDED_SPACE.sub("", text)


def poster_data(edition: Edition, site_url: str) -> PosterData:
    c = edition.campaign
    period = edition.period
    region = edition.region.short_name + ("分会场" if edition.branch else "") if edition.region else "全国"
    fields = {
        "campaign_name": c.name, "site_name": edition.site_name, "region": region, "theme": edition.theme or "",
        "summary": cjk_text(edition.summary or ""),
        "slogans": "\n".join(s for s in edition.slogans if s != edition.theme),
        "period": f"活动时间：{period.text}", "days": str(period.days), "lunar": period.lunar or "",
        "lunar_days": (f"农历{period.lunar}　" if period.lunar else "") + f"共{period.days}天",
        "guiding_units": "、".join(c.guiding_units), "url": site_url,
    }
    colors = {"primary": edition.colors.primary, "accent": edition.colors.accent, "text": edition.colors.text,
              "background": edition.colors.background}
    return PosterData(fields, colors, site_url, [(p.platform.name, p.targets["poster"]) for p in edition.platforms],
                      c.branding.logo_text or c.kind)


def _png(image: Any, dpi: int) -> bytes:
    out = io.BytesIO()
    # print sizes are downloads for a print shop: fast compression; screen sizes: smaller files
    image.save(out, "PNG", dpi=(dpi, dpi), compress_level=1 if dpi >= 300 else 6)
    return out.getvalue()


def _pdf(image: Any, dpi: int, stamp: datetime) -> bytes:
    out = io.BytesIO()
    # fixed dates: Pillow would stamp the current time and break byte-identical builds
    fixed = stamp.utctimetuple()
    image.save(out, "PDF", resolution=dpi, creationDate=fixed, modDate=fixed, title="海报")
    return out.getvalue()


def _error(source: Path | str, message: str, rule: str, line: int = 1) -> CampaignError:
    return CampaignError([Finding(display_path(Path(source)), line, 1, "error", message, rule)])


_FIELD_KEYS = {"campaign_name": ("campaign_name", "name"), "site_name": ("campaign_name", "name"),
               "guiding_units": ("guiding_units",), "period": ("period",), "lunar_days": ("period",)}


def _source_line(sources: list[Path], fields: tuple[str, ...]) -> tuple[Path, int]:
    """The YAML file and line an editor changes to fix a poster text (first source that has the key)."""
    keys = [key for name in fields for key in _FIELD_KEYS.get(name, (name,))]
    for source in sources:
        lines = source.read_text(encoding="utf-8").splitlines() if source.is_file() else []
        for key in keys:
            number = next((n for n, text in enumerate(lines, 1) if text.startswith(f"{key}:")), 0)
            if number:
                return source, number
    return sources[-1], 1


def _posters(edition: Edition, data: PosterData, fonts: dict[str, FontFile], cache: AssetCache,
             search: tuple[Path, ...], files: dict[str, bytes], sources: list[Path]) -> dict[str, str]:
    stamp = datetime.combine(edition.period.start, datetime.min.time(), UTC)
    made = {}
    for name in POSTERS:
        path = layout_file(name, search)
        try:
            layout = load_layout(path)
        except LayoutError as error:
            raise _error(path, str(error), "poster-layout") from None
        inputs = {"layout": path.read_text(encoding="utf-8"), "data": data.__dict__,
                  "fonts": {k: f.identity() for k, f in fonts.items()}}

        @functools.cache  # drawn at most once, for both the PNG and the PDF, and only on a cache miss
        def image(layout: Layout = layout, path: Path = path) -> Any:
            try:
                return render(layout, data, fonts).image
            except FitError as error:
                source, line = _source_line(sources, error.fields)
                raise _error(source, f"{edition.site_name}的海报（{path.name}）：{error}", "poster-fit",
                             line) from None

        target = "assets/share-icon.png" if name == "icon" else f"assets/posters/{name}.png"
        files[target] = cache.get(f"poster-{name}.png", inputs, lambda dpi=layout.dpi: _png(image(), dpi))
        made[name] = target
        if layout.pixels:  # print sizes also get a PDF at the layout's resolution
            files[f"assets/posters/{name}.pdf"] = cache.get(f"poster-{name}.pdf", inputs,
                                                            lambda dpi=layout.dpi: _pdf(image(), dpi, stamp))
            made[f"{name}_pdf"] = f"assets/posters/{name}.pdf"
    return made


def _code(target: str, stem: str, cache: AssetCache, files: dict[str, bytes]) -> dict[str, str]:
    files[f"{stem}.svg"] = cache.get("qr.svg", target, lambda: qr_svg(target).encode("utf-8"))
    files[f"{stem}.png"] = cache.get("qr.png", target, lambda: qr_png(target))
    return {"target": target, "svg": f"{stem}.svg", "png": f"{stem}.png"}


def build_assets(edition: Edition, site_url: str, cache: AssetCache, campaign_folder: Path,
                 fork_folder: Path | None) -> AssetSet:
    assets = AssetSet()
    codes = {"site": _code(site_url, "assets/qr/site", cache, assets.files),
             "platforms": [{"name": p.platform.name, **_code(p.targets["qr"], f"assets/qr/platform-{i}", cache,
                                                             assets.files)}
                           for i, p in enumerate(edition.platforms, 1)]}
    branding_font = edition.campaign.branding.font
    try:
        fonts = poster_fonts(campaign_folder / branding_font if branding_font else None)
    except FontError as error:
        raise _error(campaign_folder / "campaign.yaml", str(error), "poster-font") from None
    search = tuple(f / "posters" for f in (fork_folder, campaign_folder) if f is not None)
    sources = [campaign_folder / "campaign.yaml"]
    if edition.region is not None:
        sources.insert(0, campaign_folder / "regions" / f"{edition.region.slug}.yaml")
    posters = _posters(edition, poster_data(edition, site_url), fonts, cache, search, assets.files, sources)
    assets.manifest = {"qr": codes, "posters": {k: v for k, v in posters.items() if k != "icon"},
                       "share_icon": posters["icon"]}
    return assets
