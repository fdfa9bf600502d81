"""Builds that fan out over machines: `build --shard I/N` makes a stable share of the microsites with a
manifest, `merge` puts the shares together. Merged shards are byte-identical to a build of everything; a
missing, doubled, stale or damaged shard is refused with its folder named and nothing published."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.shards import Shard
from tests.hostile import DAY, build
from tests.support import run_cli, snapshot

MICROSITES = {"2021-nianhuojie", "2021-nianhuojie/liaoning", "2021-shuangpin", "2022-nianhuojie",
              "2022-nianhuojie/hunan"}  # fmt: skip


def shard(project: Path, index: int, count: int, *extra: str) -> Path:
    folder = project.parent / f"shard-{index}-of-{count}"
    result = build(project, "--shard", f"{index}/{count}", "--site-dir", str(folder), *extra)
    assert result.returncode == 0, result.stderr
    return folder


def merge(project: Path, *folders: Path, extra: tuple[str, ...] = DAY) -> tuple[int, str, Path]:
    target = project.parent / "merged"
    result = run_cli("merge", *map(str, folders), "--no-pdf", *extra, "--site-dir", str(target), cwd=project)
    assert "Traceback" not in result.stderr
    return result.returncode, result.stderr, target


def built(folder: Path) -> list[str]:
    return json.loads((folder / "shard.json").read_text(encoding="utf-8"))["built"]


def test_merged_shards_are_byte_identical_to_one_build(project: Path, built_once: Path) -> None:
    folders = [shard(project, i, 3) for i in range(3)]
    assert sorted(p for f in folders for p in built(f)) == sorted(MICROSITES)  # each once
    code, stderr, merged = merge(project, *folders)
    assert code == 0, stderr
    assert "合并完成：3 个分片，5 个微站" in stderr
    assert snapshot(merged) == snapshot(built_once)


@pytest.mark.unit
def test_the_share_of_a_microsite_is_the_same_everywhere() -> None:
    """A hash of its folder: adding a region moves no other microsite to another shard."""
    for count in (2, 3, 5):
        owners = {path: [i for i in range(count) if Shard(i, count).owns(path)] for path in MICROSITES}
        assert all(len(found) == 1 for found in owners.values())
    assert [Shard(i, 4).owns("2022-nianhuojie/hunan") for i in range(4)] == [False, False, True, False]


@pytest.fixture
def halves(project: Path) -> tuple[Path, Path]:
    return shard(project, 0, 2), shard(project, 1, 2)


def test_a_missing_shard_is_named_and_nothing_is_published(project: Path, halves: tuple[Path, Path]) -> None:
    code, stderr, merged = merge(project, halves[0])
    missing = sorted(MICROSITES - set(built(halves[0])))
    assert code == 1 and f"缺少微站：{'、'.join(missing)}（共 2 个分片，给出的是 0/2）" in stderr, stderr
    assert "shard-0-of-2/shard.json:1:1: error:" in stderr and not merged.exists()


def test_a_shard_given_twice_is_refused(project: Path, halves: tuple[Path, Path]) -> None:
    code, stderr, merged = merge(project, halves[0], halves[0], halves[1])
    assert code == 1 and "在分片 0/2 和 0/2 中各有一份" in stderr and not merged.exists()


def test_a_shard_of_other_inputs_is_refused(project: Path, halves: tuple[Path, Path]) -> None:
    code, stderr, merged = merge(project, *halves, extra=("--today", "2022-01-21"))
    assert code == 1 and "与本机的输入不同" in stderr and not merged.exists()


def test_a_damaged_shard_file_is_refused(project: Path, halves: tuple[Path, Path]) -> None:
    page = next(halves[1].rglob("index.html"))
    page.write_text(page.read_text(encoding="utf-8") + "<!-- -->", encoding="utf-8")
    code, stderr, merged = merge(project, *halves)
    assert code == 1 and f"{page.relative_to(halves[1]).as_posix()} 缺失或已改动" in stderr and not merged.exists()


@pytest.mark.unit
@pytest.mark.parametrize("value", ["2/2", "1", "3/2", "a/b", "0/0"])
def test_a_shard_is_written_index_slash_count(project: Path, value: str) -> None:
    from tests.support import run_in_process

    result = run_in_process(["build", "--shard", value], project)
    assert result.returncode == 2 and "应写作 序号/总数" in result.stderr, result.stderr


def test_a_file_the_manifest_does_not_list_is_refused(project: Path, halves: tuple[Path, Path]) -> None:
    (next(halves[1].rglob("index.html")).parent / "evil.js").write_text("alert(1)", encoding="utf-8")
    code, stderr, merged = merge(project, *halves)
    assert code == 1 and "分片中有清单没有列出的文件" in stderr and "evil.js" in stderr and not merged.exists()


def test_a_link_in_a_shard_is_refused(project: Path, halves: tuple[Path, Path], tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("CI_TOKEN=1", encoding="utf-8")
    (next(halves[1].rglob("index.html")).parent / "leak.txt").symlink_to(secret)
    code, stderr, merged = merge(project, *halves)
    assert code == 1 and "是符号链接" in stderr and not merged.exists()


def test_a_manifest_naming_a_file_outside_its_folder_is_refused(project: Path, halves: tuple[Path, Path]) -> None:
    manifest = halves[1] / "shard.json"
    data = json.loads(manifest.read_text(encoding="utf-8"))
    data["files"]["../shard-0-of-2/shard.json"] = "0" * 64
    manifest.write_text(json.dumps(data), encoding="utf-8")
    code, stderr, merged = merge(project, *halves)
    assert code == 1 and "不在分片目录内" in stderr and not merged.exists()


def test_a_shard_is_never_written_into_the_project_site(project: Path) -> None:
    result = build(project, "--shard", "0/2")
    assert result.returncode == 2 and "请用 --site-dir 指定分片目录" in result.stderr
