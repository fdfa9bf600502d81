"""A region home in a real browser: the live phase indicator and Chinese search."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from tests.browser import browser, serve

CHINA = timezone(timedelta(hours=8))


@pytest.fixture(scope="module")
def site_url(built_site: Path):
    with serve(built_site) as url:
        yield url


@pytest.fixture(scope="module")
def chromium():
    with browser() as instance:
        yield instance


@pytest.mark.parametrize(("moment", "expected"), [
    (datetime(2022, 1, 5, 9, tzinfo=CHINA), "预热中"),
    (datetime(2022, 1, 10, 0, 30, tzinfo=CHINA), "进行中"),   # 16:30 UTC the day before: China time counts
    (datetime(2022, 2, 8, 8, tzinfo=CHINA), "已结束"),
])
def test_phase_is_computed_in_the_browser(chromium, site_url: str, moment: datetime, expected: str) -> None:
    page = chromium.new_page()
    page.clock.set_fixed_time(moment)
    page.goto(site_url + "2022-nianhuojie/hunan/")
    assert page.locator(".cs-phase-text").inner_text() == expected
    page.close()


def _search(page, query: str) -> list[str]:
    """Type a query as a phone keyboard would: the text, then a key event (IME input ends with one)."""
    box = page.locator("input.md-search__input")
    box.click()
    for _ in range(50):  # the search worker may still be indexing
        box.fill(query)
        box.press("End")
        page.wait_for_timeout(200)
        if page.locator(".md-search-result__meta").inner_text() != "键入以开始搜索":
            break
    return page.locator(".md-search-result__item").all_inner_texts()


def test_search_finds_campaign_terms(chromium, site_url: str) -> None:
    page = chromium.new_page(viewport={"width": 1280, "height": 900})
    page.goto(site_url + "2022-nianhuojie/hunan/")
    results = [r.replace("\u200b", "") for r in _search(page, "一县一品")]
    assert len(results) >= 2 and sum("一县一品" in r for r in results) >= 2
    platforms = [r.replace("\u200b", "") for r in _search(page, "兴盛优选")]
    assert any(r.startswith("平台专区") for r in platforms)
    assert _search(page, "分会场")
    page.close()
