"""Shared fixtures: a copy of the shipped campaigns and one build of them per test worker; the test tiers
(markers: unit, build, browser, office). What the tests share besides fixtures is in tests/support.py."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.support import BUILD_DAY, ROOT, copy_project, run_cli

# QR codes and posters are cached by content hash (drawing code included): builds in tests share one cache.
os.environ.setdefault("CAMPAIGNSITE_CACHE_DIR", str(ROOT / ".cache" / "test-assets"))


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped campaigns built once (build day inside the 2022 campaign)."""
    root = copy_project(tmp_path_factory.mktemp("shipped"))
    result = run_cli("build", "-q", "--today", BUILD_DAY.isoformat(), cwd=root)
    assert result.returncode == 0, result.stderr
    return root / "site"


TIERS = ("unit", "build", "browser", "office")
BROWSER_MODULES = {"test_browser_home", "test_public_experience", "test_government_site"}
OFFICE_MODULES = {"test_docx"}


# modules whose tests share nothing costly beyond a worker's `built_site`: spread over the workers one test at a
# time; any other module's tests stay together on one worker (its module fixtures built once, its order kept)
SPREAD_MODULES = {
    "test_hostile_inputs", "test_build", "test_robustness", "test_serve", "test_forks", "test_qr_posters",
    "test_check", "test_errors", "test_fast_paths", "test_chinese", "test_calendar",
}  # fmt: skip


@pytest.hookimpl(tryfirst=True)  # before xdist reads the groups
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test marked with no tier takes its module's: browser, office, or else build (tests/support.py's
    `run_cli` builds in a process of its own). Unit tests are marked as such, one by one. Modules not spread
    are kept together for `--dist loadgroup`."""
    for item in items:
        module = item.nodeid.split("::")[0].rsplit("/", 1)[-1].removesuffix(".py")
        if module not in SPREAD_MODULES:
            item.add_marker(pytest.mark.xdist_group(module))
        if any(item.get_closest_marker(tier) for tier in TIERS):
            continue
        tier = "browser" if module in BROWSER_MODULES else "office" if module in OFFICE_MODULES else "build"
        item.add_marker(getattr(pytest.mark, tier))
