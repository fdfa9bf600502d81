"""Stage 5, assets: the QR codes and posters of one microsite, drawn (or taken from the cache) to the paths
the site map gives.

Platform codes on pages use each platform's `qr` target, poster codes its `poster` target (tracking
parameters differ per medium). The microsite code leads to the microsite itself.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import Image, features

from ..catalog import POSTERS as POSTER_FILES
from ..findings import CampaignError, Finding, Origin
from ..read.images import picture_problem
from ..render.segment import dictionary_key
from ..resolve import Edition, MicrositeMap, QrCode
from .cache import AssetCache, code_digest, versions
from .config import AssetConfig
from .fonts import FontError, FontFile, poster_fonts
from .posters import (
    POSTERS,
    FitError,
    PosterData,
    fits,
    layout_file,
    load_layout,
    png,
    poster_inputs,
    render,
    render_pdf,
    start_typesetter,
)
from .posters.paint import TEMPLATE
from .qrcodes import qr_png, qr_svg

__all__ = ["AssetCache", "AssetConfig", "DrawnAssets", "draw_assets", "poster_data", "poster_problems", "warm_up"]

_FOLDED_SPACE = re.compile(r"(?<=[^\x00-\x7f])\s+(?=[^\x00-\x7f])")
# poster placeholders -> the edition field an editor changes to fix them
PREVIEW_DPI = 96  # the screen image of a print poster
_FIELD_SOURCES = {"days": "period", "lunar": "period", "lunar_days": "period", "national_name": "campaign_name"}


@functools.cache
def drawing_code(kind: str) -> dict[str, object]:
    """What draws an asset besides its inputs: our drawing modules and the libraries underneath."""
    libraries = {**versions("pillow", "zxing-cpp"), "freetype": features.version("freetype2")}
    if kind == "poster":  # posters break text where pages do: render.linebreak, on the build's words
        libraries |= {"words": dictionary_key()}
    modules = {"qr": ("generator.assets.qrcodes",), "image": ("generator.assets.posters.encode",)}.get(
        kind, ("generator.assets.posters",)
    )
    if kind == "poster":  # the vector poster: Typst and the template it typesets
        libraries |= {**versions("typst"), "template": hashlib.sha256(TEMPLATE.read_bytes()).hexdigest()}
    return {"code": code_digest(*modules), **libraries}


def warm_up() -> None:
    """What a worker's first posters would do first: find the default faces, start Typst with them, digest the
    drawing code."""
    with contextlib.suppress(FontError, FitError):  # said where a poster needs the faces, at the editor's line
        start_typesetter(tuple(poster_fonts(None).values()))
    for kind in ("qr", "image", "poster"):
        drawing_code(kind)


@dataclass(frozen=True)
class DrawnAssets:
    files: dict[str, bytes]  # microsite-relative path -> content
    made: int = 0
    reused: int = 0
    corrupt: int = 0


def cjk_text(text: str) -> str:
    """Drop the spaces YAML folding leaves between Chinese characters (folded `>-` lines)."""
    return _FOLDED_SPACE.sub("", text)


def poster_data(edition: Edition, microsite: MicrositeMap, logo: bytes | None = None) -> PosterData:
    site_url = microsite.url
    c = edition.campaign
    period = edition.period
    region = edition.region.short_name + ("分会场" if edition.branch else "") if edition.region else "全国"
    fields = {
        "campaign_name": c.name,
        "national_name": c.name if edition.region else "",  # the line above a region's own name
        "site_name": edition.site_name,
        "region": region,
        "theme": edition.theme or "",
        "summary": cjk_text(edition.summary or ""),
        "slogans": "\n".join(edition.extra_slogans),
        "period": f"活动时间：{period.text}",
        "days": str(period.days),
        "lunar": period.lunar or "",
        "lunar_days": (f"农历{period.lunar}　" if period.lunar else "") + f"共{period.days}天",
        "guiding_units": "、".join(c.guiding_units),
        "organisers": edition.credits_text,
        "url": site_url,
    }
    colors = {
        "primary": edition.colors.primary,
        "accent": edition.colors.accent,
        "text": edition.colors.text,
        "background": edition.colors.background,
    }
    platforms = list(microsite.poster_targets)  # what each code opens: the site map decides
    return PosterData(fields, colors, site_url, platforms, c.branding.logo_text or c.kind, logo)


def _fit_error(edition: Edition, layout_path: Path, error: FitError, site: Origin) -> CampaignError:
    """The poster text that does not fit, at the YAML key an editor changes to fix it."""
    field = _FIELD_SOURCES.get(error.fields[0], error.fields[0]) if error.fields else "name"
    if field == "url":
        origin = site
    elif field == "mark":
        logo_text = edition.campaign.branding.logo_text
        origin = edition.provenance.origin(*(("branding", "logo_text") if logo_text else ("kind",)), key=True)
    else:
        origin = edition.provenance.origin(field, key=True)
    return origin.error(f"{edition.site_name}的海报（{layout_path.name}）：{error}", "poster-fit")


def _png(picture: Callable[[], Any], dpi: int, colors: int | None = None) -> bytes:
    return png(picture().image, dpi, colors)


def _posters(
    edition: Edition,
    microsite: MicrositeMap,
    fonts: dict[str, FontFile],
    cache: AssetCache,
    search: tuple[Path, ...],
    files: dict[str, bytes],
    logo: bytes | None,
) -> None:
    data = poster_data(edition, microsite, logo)
    code = drawing_code("poster")
    for name in POSTERS:
        path = layout_file(name, search)
        layout = load_layout(path)
        inputs = {
            "layout": path.read_text(encoding="utf-8"),
            **poster_inputs(layout, data),
            "fonts": {k: f.identity() for k, f in fonts.items()},
        }
        vector = next(poster for poster in POSTER_FILES if poster.name == name).pdf

        def drawn(draw: Callable[[], bytes], layout_path: Path = path) -> Callable[[], bytes]:
            """Drawn only on a cache miss; text that does not fit is the editor's to shorten."""

            def run() -> bytes:
                try:
                    return draw()
                except FitError as error:
                    raise _fit_error(edition, layout_path, error, microsite.url_origin) from None

            return run

        # a print poster is a vector PDF for the print shop and a preview at its design size for screens
        picture = functools.partial(render, layout, data, fonts, preview=vector)
        files[microsite.poster(name).path] = cache.get(
            f"poster-{name}.png",
            inputs,
            code,
            drawn(functools.partial(_png, picture, PREVIEW_DPI if vector else layout.dpi, layout.colors)),
        )
        if vector:
            title = f"{edition.site_name}印刷海报"
            files[microsite.poster_pdf(name).path] = cache.get(
                f"poster-{name}.pdf",
                {**inputs, "title": title},
                code,
                drawn(functools.partial(render_pdf, layout, data, fonts, title)),
            )


def poster_problems(
    edition: Edition, microsite: MicrositeMap, poster_dirs: tuple[Path, ...], font: Path | None
) -> list[Finding]:
    """What drawing this microsite's posters would refuse (font, layouts, text that does not fit), found
    without drawing: `campaignsite check` says what `build` would."""
    try:
        fonts = poster_fonts(font)
    except FontError as error:
        return edition.provenance.origin("branding", "font").error(str(error), "poster-font").findings
    data = poster_data(edition, microsite, b"own logo" if edition.logo else None)
    findings = []
    for name in POSTERS:
        path = layout_file(name, poster_dirs)
        try:
            fits(load_layout(path), data, fonts)
        except CampaignError as error:
            findings += error.findings
        except FitError as error:
            findings += _fit_error(edition, path, error, microsite.url_origin).findings
    return findings


LOGO_PIXELS = 512
MARK_PIXELS = 128  # the 党政机关网站标识 is shown 55×64 CSS px
PLATFORM_LOGO = (480, 240)


def _image(path: Path, origin: Origin, pixels: int | tuple[int, int]) -> bytes:
    """An editor's image as a PNG drawn anew (at most `pixels`): whatever else the file held is not published."""
    if problem := picture_problem(path):  # the header first: a small file may unpack to gigabytes
        raise origin.error(problem, "image-format", fix="换成 PNG 或 JPEG 图片（SVG 可能含脚本，不接受）") from None
    with Image.open(path) as source:
        image = source.convert("RGBA")
    image.thumbnail(pixels if isinstance(pixels, tuple) else (pixels, pixels), Image.Resampling.LANCZOS)
    return png(image, 72)


def _code(code: QrCode, cache: AssetCache, files: dict[str, bytes]) -> None:
    drawing = drawing_code("qr")
    files[code.svg.path] = cache.get("qr.svg", code.target, drawing, lambda: qr_svg(code.target).encode("utf-8"))
    files[code.png.path] = cache.get("qr.png", code.target, drawing, lambda: qr_png(code.target))


def draw_assets(
    edition: Edition, microsite: MicrositeMap, config: AssetConfig, *, poster_dirs: tuple[Path, ...], font: Path | None
) -> DrawnAssets:
    """QR codes and posters of one microsite; `poster_dirs` are searched for layouts before the built-in ones."""
    cache = AssetCache(config.cache_dir)
    files: dict[str, bytes] = {}
    for code in (microsite.site_code, *microsite.platform_codes):
        _code(code, cache, files)
    try:
        fonts = poster_fonts(font)
    except FontError as error:
        raise edition.provenance.origin("branding", "font").error(str(error), "poster-font") from None

    def image(path: Path | None, origin: Origin | None, pixels: int | tuple[int, int]) -> bytes | None:
        """Editors' images are redrawn once per content and size (cached like the QR codes)."""
        if path is None or origin is None:
            return None
        inputs = {"image": hashlib.sha256(path.read_bytes()).hexdigest(), "pixels": pixels}
        return cache.get("image.png", inputs, drawing_code("image"), lambda: _image(path, origin, pixels))

    logo = image(edition.logo, edition.provenance.origin("branding", "logo"), LOGO_PIXELS)
    if logo is not None:
        files[microsite.logo.path] = logo
    if (mark := image(edition.footer_mark, edition.footer_mark_origin, MARK_PIXELS)) is not None:
        files[microsite.party_mark.path] = mark
    for i, platform in enumerate(edition.platforms):
        origin = edition.provenance.origin("platforms", i, "logo")
        if (picture := image(platform.logo, origin, PLATFORM_LOGO)) is not None:
            files[microsite.platform_logo(i).path] = picture
    _posters(edition, microsite, fonts, cache, poster_dirs, files, logo)
    return DrawnAssets(files, cache.stats.made, cache.stats.reused, cache.stats.corrupt)
