"""The 37 regions that run an edition of a national campaign (GB/T 2260 codes, pinyin slugs)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class Region:
    code: str
    slug: str
    name: str
    short_name: str
    kind: str  # 省 / 自治区 / 直辖市 / 计划单列市 / 新疆生产建设兵团


@cache
def all_regions() -> tuple[Region, ...]:
    text = resources.files("generator.data").joinpath("regions.csv").read_text(encoding="utf-8")
    return tuple(Region(**row) for row in csv.DictReader(text.splitlines()))


def find_region(ref: str | int) -> Region | None:
    """A region by code (430000), slug (hunan), full name (湖南省) or short name (湖南)."""
    needle = str(ref).strip()
    for region in all_regions():
        if needle in (region.code, region.slug, region.name, region.short_name):
            return region
    return None
