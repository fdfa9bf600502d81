"""Calendar facts of a campaign period: day count, lunar range, current phase.

Editors never type these; they are computed here and checked against any free text that states them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache

from lunar_python import Solar

PHASE_UPCOMING = "预热中"
PHASE_RUNNING = "进行中"
PHASE_ENDED = "已结束"


def day_count(start: date, end: date) -> int:
    """Days in an inclusive period: 2022-01-10 to 2022-02-07 is 29 days."""
    return (end - start).days + 1


@cache  # lunar conversion costs ~0.1 s; checks ask for the same few dates many times
def lunar_date(day: date) -> str:
    """The lunar month and day in the form used in notices: 腊月初八, 正月初七, 闰四月十五."""
    lunar = Solar.fromYmd(day.year, day.month, day.day).getLunar()
    return f"{lunar.getMonthInChinese()}月{lunar.getDayInChinese()}"


def lunar_range(start: date, end: date) -> str:
    return f"{lunar_date(start)}至{lunar_date(end)}"


def phase_status(start: date, end: date, today: date) -> str:
    if today < start:
        return PHASE_UPCOMING
    if today > end:
        return PHASE_ENDED
    return PHASE_RUNNING


def format_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def format_range(start: date, end: date) -> str:
    """2022年1月10日—2月7日, the way the notices write a period."""
    if start.year == end.year:
        return f"{format_date(start)}—{end.month}月{end.day}日"
    return f"{format_date(start)}—{format_date(end)}"


@dataclass(frozen=True)
class PeriodFacts:
    start: date
    end: date
    days: int
    lunar: str | None
    text: str

    def as_dict(self) -> dict[str, object]:
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "days": self.days,
            "lunar_range": self.lunar,
            "text": self.text,
        }


def period_facts(start: date, end: date, *, with_lunar: bool) -> PeriodFacts:
    return PeriodFacts(
        start, end, day_count(start, end), lunar_range(start, end) if with_lunar else None, format_range(start, end)
    )
