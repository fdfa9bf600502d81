"""Builds that fan out over machines (CI runners are the distributed engine).

`build --shard I/N --site-dir DIR` makes a stable share of the microsites (by a hash of each one's folder: the
same share on every machine, whatever else is added) into DIR, with `shard.json`: which share it is, the
fingerprint of every microsite of the project as this machine sees it (inputs, library versions, the build's
moment and options), and the digest of every file it made. `merge DIR… [--site-dir site/]` checks those
manifests against each other and against its own checkout (same fingerprints; every microsite made once,
none missing), takes the files after checking their digests, writes the portal, `sites.json` and the data
schema at the root, runs the whole link check and page policy, and publishes atomically. Merged shards are
byte-identical to a build of everything on one machine.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .findings import CampaignError, Finding, display_path
from .publish.incremental import manifest as folder_manifest

MANIFEST = "shard.json"
FORMAT = 1
SHARD = re.compile(r"^(\d{1,4})/(\d{1,4})$")


@dataclass(frozen=True)
class Shard:
    index: int
    count: int

    def owns(self, folder: str) -> bool:
        return int(hashlib.sha256(folder.encode("utf-8")).hexdigest(), 16) % self.count == self.index

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"


def shard_argument(text: str) -> Shard:
    """`I/N` as argparse reads it: 0 ≤ I < N."""
    match = SHARD.match(text.strip())
    if not match or not int(match.group(1)) < int(match.group(2)):
        raise argparse.ArgumentTypeError(f"“{text}”应写作 序号/总数，序号从 0 开始，如 0/4、3/4")
    return Shard(int(match.group(1)), int(match.group(2)))


@dataclass(frozen=True)
class ShardManifest:
    folder: Path
    shard: Shard
    fingerprints: dict[str, str]  # every microsite of the project (its folder) -> its fingerprint
    built: tuple[str, ...]  # the microsites this shard made
    files: dict[str, str]  # every file it made (site-relative) -> sha256

    def text(self) -> str:
        return json.dumps(
            {
                "format": FORMAT,
                "shard": self.shard.index,
                "of": self.shard.count,
                "fingerprints": self.fingerprints,
                "built": list(self.built),
                "files": self.files,
            },
            ensure_ascii=False,
            indent=1,
            sort_keys=True,
        )


def _problem(folder: Path, message: str, fix: str | None = None) -> CampaignError:
    return CampaignError([Finding(display_path(folder / MANIFEST), 1, 1, "error", message, "shard-manifest", fix)])


def read_manifest(folder: Path) -> ShardManifest:
    path = folder / MANIFEST
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != FORMAT:
            raise _problem(folder, f"分片清单的格式版本为 {data.get('format')}，本程序读取版本 {FORMAT}")
        return ShardManifest(
            folder,
            Shard(int(data["shard"]), int(data["of"])),
            {str(k): str(v) for k, v in data["fingerprints"].items()},
            tuple(str(p) for p in data["built"]),
            {str(k): str(v) for k, v in data["files"].items()},
        )
    except FileNotFoundError:
        raise _problem(
            folder, "不是分片目录：没有 shard.json", "先运行 campaignsite build --shard 序号/总数 --site-dir 该目录"
        ) from None
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
        raise _problem(folder, f"分片清单无法读取：{error}") from None


def check_manifests(manifests: list[ShardManifest], expected: dict[str, str]) -> list[Finding]:
    """Every shard of one build, made from the inputs this checkout has: each microsite made once."""
    problems: list[CampaignError] = []
    counts = {m.shard.count for m in manifests}
    for m in manifests:
        if len(counts) > 1:
            problems.append(_problem(m.folder, f"分片总数不一致：{'、'.join(map(str, sorted(counts)))}"))
        if m.fingerprints != expected:
            differing = sorted(
                k for k in expected.keys() | m.fingerprints.keys() if expected.get(k) != m.fingerprints.get(k)
            )
            problems.append(
                _problem(
                    m.folder,
                    f"分片 {m.shard} 与本机的输入不同（活动配置、代码、依赖版本、日期或选项）："
                    f"{'、'.join(differing[:5])}",
                    "各分片和合并须用同一提交、同一 requirements.lock、同一 --today（或 SOURCE_DATE_EPOCH）和选项",
                )
            )
    seen: dict[str, ShardManifest] = {}
    for m in manifests:
        for path in m.built:
            if path in seen:
                problems.append(_problem(m.folder, f"微站 {path} 在分片 {seen[path].shard} 和 {m.shard} 中各有一份"))
            seen[path] = m
    if missing := sorted(set(expected) - set(seen)):
        count = next(iter(counts)) if len(counts) == 1 else "?"
        given = "、".join(sorted(str(m.shard) for m in manifests))
        problems.append(
            _problem(
                manifests[0].folder,
                f"缺少微站：{'、'.join(missing)}（共 {count} 个分片，给出的是 {given}）",
                "把所有分片的目录都交给 merge",
            )
        )
    return [f for problem in problems for f in problem.findings]


def verify_files(manifest: ShardManifest) -> None:
    """The folder holds what the shard made and nothing else, as it made it: no file outside it named, no
    link, no file it did not list (an artifact cut short, changed or added to on the way is refused)."""
    for relative in manifest.files:
        parts = PurePosixPath(relative).parts
        if relative.startswith("/") or ".." in parts or "\\" in relative:
            raise _problem(manifest.folder, f"分片清单中的路径“{relative}”不在分片目录内")
    if links := sorted(p.relative_to(manifest.folder).as_posix() for p in manifest.folder.rglob("*") if p.is_symlink()):
        raise _problem(manifest.folder, f"分片中的 {links[0]} 是符号链接", "分片目录只能含有生成的文件")
    found = {path: digest for path, digest in folder_manifest(manifest.folder).items() if path != MANIFEST}
    if extra := sorted(set(found) - set(manifest.files)):
        listed = "、".join(extra[:5])
        raise _problem(manifest.folder, f"分片中有清单没有列出的文件：{listed}", "重新下载或重新生成该分片")
    for relative, digest in manifest.files.items():
        if found.get(relative) != digest:
            raise _problem(manifest.folder, f"分片中的文件 {relative} 缺失或已改动", "重新下载或重新生成该分片")
