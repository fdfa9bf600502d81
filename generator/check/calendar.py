"""Calendar facts typed into text: a day count (共29天) or a lunar range (腊月初八至正月初七) must agree
with the period the YAML gives."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..findings import Finding
from ..read import Project
from ..read.periods import day_count, lunar_range
from .base import rule, texts

DAYS_TEXT = re.compile(r"共\s*(\d+)\s*天")
LUNAR_DAY = (
    r"(?:闰)?[正二三四五六七八九十冬腊]{1,2}月"
    r"(?:初[一二三四五六七八九十]|十[一二三四五六七八九]|二十|廿[一二三四五六七八九]|三十)"
)
LUNAR_TEXT = re.compile(rf"({LUNAR_DAY})\s*[至到—-]\s*({LUNAR_DAY})")


@rule
def calendar_facts_in_text(project: Project) -> Iterator[Finding]:
    for text in texts(project):
        merged = text.source.merged
        start, end = merged.period.start, merged.period.end
        days = day_count(start, end)
        for match in DAYS_TEXT.finditer(text.text):
            if int(match.group(1)) != days:
                yield text.finding(
                    match.start(),
                    f"文中“{match.group(0)}”与活动期 {start} 至 {end} 的天数（{days}天）不符",
                    "calendar-days",
                    fix=f"改为“共{days}天”",
                )
        if not merged.campaign.lunar:
            continue
        expected = lunar_range(start, end)
        for match in LUNAR_TEXT.finditer(text.text):
            written = f"{match.group(1)}至{match.group(2)}"
            if written != expected:
                yield text.finding(
                    match.start(),
                    f"文中农历“{match.group(0)}”与活动期 {start} 至 {end} 不符，应为“{expected}”",
                    "calendar-lunar",
                    fix=f"改为“{expected}”",
                )
