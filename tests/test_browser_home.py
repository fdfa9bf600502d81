"""A region home in a real browser, built by each engine: the live phase indicator and Chinese search."""

from __future__ import annotations

import functools
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from tests.browser import ENGINES, browser, search, serve, site_of

CHINA = timezone(timedelta(hours=8))


@pytest.fixture(scope="module", params=ENGINES)
def engine(request) -> str:
    return request.param


@pytest.fixture(scope="module")
def site_url(engine: str, built_site: Path, tmp_path_factory: pytest.TempPathFactory):
    with serve(site_of(engine, built_site, tmp_path_factory)) as url:
        yield url


@pytest.fixture(scope="module")
def chromium():
    with browser() as instance:
        yield instance


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (datetime(2022, 1, 5, 9, tzinfo=CHINA), "预热中"),
        (datetime(2022, 1, 10, 0, 30, tzinfo=CHINA), "进行中"),  # 16:30 UTC the day before: China time counts
        (datetime(2022, 2, 8, 8, tzinfo=CHINA), "已结束"),
    ],
)
def test_phase_is_computed_in_the_browser(chromium, site_url: str, moment: datetime, expected: str) -> None:
    page = chromium.new_page()
    page.clock.set_fixed_time(moment)
    page.goto(site_url + "2022-nianhuojie/hunan/")
    assert page.locator(".cs-phase-text").inner_text() == expected
    page.close()


def test_search_finds_campaign_terms(chromium, site_url: str, engine: str) -> None:
    page = chromium.new_page(viewport={"width": 1280, "height": 900})
    page.goto(site_url + "2022-nianhuojie/hunan/")
    _search = functools.partial(search, engine=engine)
    results = [r.replace("\u200b", "") for r in _search(page, "一县一品")]
    assert len(results) >= 2 and sum("一县一品" in r for r in results) >= 2
    platforms = [r.replace("\u200b", "") for r in _search(page, "兴盛优选")]
    assert any(r.startswith("平台专区") for r in platforms)
    assert _search(page, "分会场")
    page.close()
