"""Palette: WCAG 2.1 contrast of the campaign colours, for every pair the theme puts text on."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding
from ..read import Project
from ..read.model import Colors
from .base import rule, sources

AA_TEXT = 4.5
WHITE = "#ffffff"


def luminance(hex_color: str) -> float:
    channels = [int(hex_color[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(foreground: str, background: str) -> float:
    lighter, darker = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def text_pairs(colors: Colors) -> list[tuple[str, str, str, str]]:
    """(field to change, foreground, background, where the theme uses the pair) for every text use."""
    return [
        ("text", colors.text, colors.background, "正文文字（text）在页面背景（background）上"),
        ("primary", WHITE, colors.primary, "标题栏、按钮的白色文字在主色（primary）上"),
        ("primary", colors.primary, colors.background, "链接和标签的主色（primary）文字在页面背景上"),
        ("primary", colors.primary, WHITE, "卡片中主色（primary）文字在白底上"),
    ]


def low_contrast(colors: Colors) -> list[tuple[str, str, float]]:
    """(field, usage, ratio) for every pair below WCAG AA."""
    return [
        (field, usage, ratio) for field, fg, bg, usage in text_pairs(colors) if (ratio := contrast(fg, bg)) < AA_TEXT
    ]


@rule
def palette_contrast(project: Project) -> Iterator[Finding]:
    for source in sources(project):
        colors = source.model.branding.colors if source.model.branding else None
        if colors is None:
            continue
        for field, usage, ratio in low_contrast(colors):
            yield source.doc.finding(
                ("branding", "colors", field),
                f"配色对比度不足：{usage}，对比度 {ratio:.2f}:1，低于 WCAG AA 要求的 4.5:1",
                "palette-contrast",
                fix="加深主色或文字颜色、或调浅背景色，使对比度达到 4.5:1 以上",
            )
