"""The built-in unified mark (统一标识): the text on the red disc, split the same way on pages and posters."""

from __future__ import annotations

from markupsafe import escape

from ..read.model import Colors


def mark_rows(text: str) -> list[str]:
    """One row for up to three characters, otherwise two rows, the shorter first (网上 / 年货节)."""
    half = len(text) // 2 if len(text) > 3 else len(text)
    return [row for row in (text[:half], text[half:]) if row]


def logo_svg(text: str, colors: Colors) -> str:
    """The built-in unified mark as SVG, used until the ministry's logo file is set in branding.logo."""
    rows = mark_rows(text)
    size = min(30, int(92 / max(len(r) for r in rows)))
    top = 60 - (len(rows) - 1) * size * 0.6 + size * 0.35
    lines = "".join(f'<text x="60" y="{top + i * size * 1.2:.1f}">{escape(row)}</text>' for i, row in enumerate(rows))
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 120" role="img" '
        f'aria-label="{escape(text)}标识"><circle cx="60" cy="60" r="56" fill="{colors.primary}" '
        f'stroke="{colors.accent}" stroke-width="6"/><g fill="#fff" font-size="{size}" font-weight="700" '
        'text-anchor="middle" font-family="Noto Sans CJK SC, Source Han Sans SC, PingFang SC, Microsoft YaHei, '
        f'sans-serif">{lines}</g></svg>\n'
    )
