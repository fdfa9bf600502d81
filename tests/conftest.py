"""Shared fixtures: a copy of the shipped campaigns and one build of them per test worker."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BUILD_DAY = date(2022, 1, 20)
# QR codes and posters are cached by content hash (drawing code included): builds in tests share one cache.
os.environ.setdefault("CAMPAIGNSITE_CACHE_DIR", str(ROOT / ".cache" / "test-assets"))


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run the real command line, as an editor would."""
    return subprocess.run(
        [sys.executable, "-m", "generator.cli", *args], cwd=cwd, capture_output=True, text=True, timeout=600
    )


def copy_project(target: Path) -> Path:
    """A scratch copy of the repository's inputs (campaigns, content, theme, mkdocs.yml)."""
    for name in ("campaigns", "content", "theme"):
        shutil.copytree(ROOT / name, target / name)
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    return target


def earlier_site(site: Path, content: str = "上一次发布的网站") -> None:
    """A site an earlier build published: it carries the tool's mark, so a build may replace it."""
    from generator.publish.target import MARK, MARK_CONTENT

    site.mkdir()
    (site / "index.html").write_text(content, encoding="utf-8")
    (site / MARK).write_bytes(MARK_CONTENT)


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


def load_data(site: Path, path: str) -> dict:
    return json.loads((site / path / "data.json").read_text(encoding="utf-8"))


def page_text(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")
