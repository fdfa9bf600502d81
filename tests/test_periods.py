from datetime import date

import pytest

from generator.read.periods import day_count, format_range, lunar_date, lunar_range, phase_status

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("start", "end", "days", "lunar"),
    [
        (date(2021, 1, 20), date(2021, 2, 18), 30, "腊月初八至正月初七"),  # 2021全国网上年货节
        (date(2022, 1, 10), date(2022, 2, 7), 29, "腊月初八至正月初七"),  # 2022, as the Hunan notice states
        (date(2024, 1, 18), date(2024, 2, 16), 30, "腊月初八至正月初七"),  # 腊八 2024 was 18 January
        (date(2021, 4, 28), date(2021, 5, 10), 13, "三月十七至三月廿九"),
    ],
)
def test_day_count_and_lunar_range(start: date, end: date, days: int, lunar: str) -> None:
    assert day_count(start, end) == days
    assert lunar_range(start, end) == lunar


def test_spring_festival_is_first_day_of_first_month() -> None:
    assert lunar_date(date(2024, 2, 10)) == "正月初一"
    assert lunar_date(date(2022, 2, 1)) == "正月初一"


def test_leap_month_is_named() -> None:
    assert lunar_date(date(2023, 3, 22)) == "闰二月初一"  # 2023 had a leap second month


def test_phase_status_boundaries() -> None:
    start, end = date(2022, 1, 10), date(2022, 2, 7)
    assert phase_status(start, end, date(2022, 1, 9)) == "预热中"
    assert phase_status(start, end, start) == "进行中"
    assert phase_status(start, end, end) == "进行中"
    assert phase_status(start, end, date(2022, 2, 8)) == "已结束"


def test_format_range_across_years() -> None:
    assert format_range(date(2021, 12, 7), date(2022, 1, 9)) == "2021年12月7日—2022年1月9日"
    assert format_range(date(2022, 1, 10), date(2022, 2, 7)) == "2022年1月10日—2月7日"
