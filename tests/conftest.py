"""Shared fixtures: a copy of the shipped campaigns and one build of them per test worker; the test tiers
(markers: unit, build, browser, office). What the tests share besides fixtures is in tests/support.py."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.hostile import build
from tests.support import BUILD_DAY, ROOT, copy_project, run_cli, snapshot

# QR codes and posters are cached by content hash (drawing code included): builds in tests share one cache.
os.environ.setdefault("CAMPAIGNSITE_CACHE_DIR", str(ROOT / ".cache" / "test-assets"))
# the key that signs compiled templates (render/compiled.py): the suite's own, in the project, not the home's
os.environ.setdefault("XDG_STATE_HOME", str(ROOT / ".cache" / "test-state"))


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


@pytest.fixture(scope="module")
def built_once(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped campaigns built without PDFs, once per module that asks, to be copied (`published`)."""
    root = copy_project(tmp_path_factory.mktemp("published") / "project")
    assert build(root).returncode == 0
    return root / "site"


@pytest.fixture
def published(project: Path, built_once: Path) -> dict[str, str]:
    """A complete site already published in the test's project (a copy, with its mark): what a refused build
    must leave exactly as it was."""
    shutil.copytree(built_once, project / "site", symlinks=True)
    return snapshot(project / "site")


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


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test marked with no tier takes its module's: browser, office, or else build (tests/support.py's
    `run_cli` builds in a process of its own). Unit tests are marked as such, one by one."""
    for item in items:
        if any(item.get_closest_marker(tier) for tier in TIERS):
            continue
        module = item.nodeid.split("::")[0].rsplit("/", 1)[-1].removesuffix(".py")
        tier = "browser" if module in BROWSER_MODULES else "office" if module in OFFICE_MODULES else "build"
        item.add_marker(getattr(pytest.mark, tier))
