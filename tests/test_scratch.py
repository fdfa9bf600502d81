"""A build's unpublished scratch (Markdown pages, an engine's own work) in memory: private, removed with the
build, a killed build's removed by the next one, and the staging folder used where memory has no room."""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.publish import staging as staging_module
from generator.publish.staging import Staging
from generator.publish.target import MARK, MARK_CONTENT

pytestmark = pytest.mark.unit


@pytest.fixture
def memory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder standing for /dev/shm."""
    folder = tmp_path / "shm"
    folder.mkdir()
    monkeypatch.setattr(staging_module, "MEMORY", folder)
    monkeypatch.setattr(staging_module, "_MEMORY_NEEDED", 0)  # tmp_path's file system stands for a tmpfs with room
    return folder


def _dead_pid() -> int:
    """The pid of a process that has ended (and been reaped)."""
    child = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    return int(child.stdout)


def test_the_scratch_lies_in_memory_privately_and_goes_with_the_build(tmp_path: Path, memory: Path) -> None:
    with Staging.next_to(tmp_path / "site").open() as staging:
        assert staging.memory is not None and staging.memory.parent == memory
        assert staging.docs("x").is_relative_to(staging.memory)
        assert staging.work("x").is_relative_to(staging.memory)
        assert staging.memory.stat().st_mode & 0o777 == 0o700  # no other user reads or plants anything
        staging.docs("x").mkdir(parents=True)
        (staging.docs("x") / "index.md").write_text("# 页", encoding="utf-8")
        staging.drop_scratch("x")
        assert not staging.docs("x").exists()
    assert list(memory.iterdir()) == []


def test_a_killed_builds_scratch_is_removed_and_nothing_else(tmp_path: Path, memory: Path) -> None:
    """A build holds a lock on its folder's mark while it runs (builds in other pid namespaces may share the
    folder: a process id says nothing); a folder no build holds is a killed build's."""
    killed = memory / "campaignsite-scratch-999999-abc"
    killed.mkdir()
    (killed / MARK).write_bytes(MARK_CONTENT)
    (killed / "docs").mkdir()
    running = memory / f"campaignsite-scratch-{_dead_pid()}-def"  # another build, still going (its pid unseen)
    running.mkdir()
    (running / MARK).write_bytes(MARK_CONTENT)
    held = os.open(running / MARK, os.O_RDONLY)
    fcntl.flock(held, fcntl.LOCK_EX)
    unmarked = memory / "campaignsite-scratch-999999-ghi"  # not made by a build
    unmarked.mkdir()
    planted = memory / "campaignsite-scratch-999999-jkl"  # a link to a folder elsewhere
    planted.symlink_to(killed.parent.parent)
    try:
        with Staging.next_to(tmp_path / "site").open() as staging:
            assert staging.memory is not None
            assert not staging_module._abandoned(staging.memory)  # its own is held
    finally:
        os.close(held)
    assert sorted(p.name for p in memory.iterdir()) == sorted([running.name, unmarked.name, planted.name])


def test_without_room_in_memory_the_scratch_is_in_the_staging_folder(
    tmp_path: Path, memory: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(staging_module, "_MEMORY_NEEDED", 1 << 62)
    with Staging.next_to(tmp_path / "site").open() as staging:
        assert staging.memory is None
        assert staging.docs("x").is_relative_to(staging.folder)
    assert list(memory.iterdir()) == []
    monkeypatch.setattr(staging_module, "MEMORY", tmp_path / "no-such-folder")
    with Staging.next_to(tmp_path / "site").open() as staging:
        assert staging.memory is None
