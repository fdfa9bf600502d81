"""The built-in unified mark (统一标识): the text on the red disc, split the same way on pages and posters."""

from __future__ import annotations


def mark_rows(text: str) -> list[str]:
    """One row for up to three characters, otherwise two rows, the shorter first (网上 / 年货节)."""
    half = len(text) // 2 if len(text) > 3 else len(text)
    return [row for row in (text[:half], text[half:]) if row]
