"""Characters a reader cannot see or that are not what they look like, in any text an editor writes (YAML
strings, notice bodies, a fork's pages):
  - bidirectional controls (U+202E turns "txt.exe" around) and zero-width characters are errors: they hide
    or reorder what a page, a poster, a QR label or a search shows;
  - Kangxi radicals (⼀ ⼈ ⽇, U+2Fxx) and CJK radical forms look like the ideographs 一 人 日 but are other
    characters (search, screen readers and the print fonts treat them apart): a warning with the ideograph.
Messages name invisible characters by their code point.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from ..findings import Finding, Severity, display_path
from ..read import Project
from ..read.layout import PAGES
from .base import rule, texts

INVISIBLE = re.compile("[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
# CJK Radicals Supplement and Kangxi Radicals: no text should hold them, and the print faces do not map them
# (documents/printfonts.py), so a PDF's text layer never names one
RADICAL_BLOCKS = ((0x2E80, 0x2EFF), (0x2F00, 0x2FDF))
RADICALS = re.compile("[" + "".join(f"{chr(first)}-{chr(last)}" for first, last in RADICAL_BLOCKS) + "]")


def code_point(character: str) -> str:
    name = unicodedata.name(character, "")
    return f"U+{ord(character):04X}" + (f" {name}" if name else "")


def ideograph(radical: str) -> str | None:
    """The unified ideograph a radical stands for, when Unicode says which."""
    plain = unicodedata.normalize("NFKC", radical)
    return plain if plain != radical else None


def character_problems(text: str) -> Iterator[tuple[int, str, Severity, str, str]]:
    """(offset, rule, severity, message, fix) for each character a text may not hold."""
    for match in INVISIBLE.finditer(text):
        yield (
            match.start(),
            "text-invisible",
            "error",
            f"文字中有看不见的控制字符 {code_point(match.group(0))}",
            "删除该字符（常见于从网页、PDF 或聊天软件复制的文字）",
        )
    for match in RADICALS.finditer(text):
        plain = ideograph(match.group(0))
        yield (
            match.start(),
            "text-radical",
            "warning",
            f"“{match.group(0)}”是部首字符 {code_point(match.group(0))}，不是汉字" + (f"“{plain}”" if plain else ""),
            f"改为汉字“{plain}”（U+{ord(plain):04X}）" if plain else "改为对应的汉字",
        )


@rule
def hidden_characters(project: Project) -> Iterator[Finding]:
    for text in texts(project):
        for offset, rule_id, severity, message, fix in character_problems(text.text):
            yield text.finding(offset, message, rule_id, fix=fix, severity=severity)
    for campaign in project.campaigns:
        for region in campaign.regions:
            if (fork := region.fork) is None:
                continue
            for page in fork.pages:
                path = fork.folder / PAGES / page.name
                for number, line in enumerate(page.source.splitlines(), 1):
                    for offset, rule_id, severity, message, fix in character_problems(line):
                        yield Finding(display_path(path), number, offset + 1, severity, message, rule_id, fix)
