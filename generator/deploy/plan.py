"""What a deploy will do to one target, worked out before anything is written: the bytes to send (as blobs),
the public objects to write in an order that never leaves a page pointing at a missing file, the releases to
record, and what to delete last. A dry run prints this; a real run carries it out (apply.py).

A file already published with the same sha256 is not sent again, whatever the last release says: a deploy cut
short is finished by the next one."""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from dataclasses import dataclass, field

from .bucket import Bucket
from .releases import Entry, Record, Release
from .targets import Scope, Target

PAGE_SUFFIX = ".html"


class PlanError(Exception):
    """The deploy cannot go on as asked (no earlier release, too many deletions): one sentence."""


@dataclass(frozen=True)
class Write:
    """A public object to (re)write from its blob."""

    key: str
    entry: Entry
    new: bool  # not published before: written before the changed pages that may link to it

    @property
    def page(self) -> bool:
        return self.key.endswith(PAGE_SUFFIX)


@dataclass(frozen=True)
class Blob:
    sha256: str
    size: int
    site_path: str  # where the build wrote its bytes


@dataclass(frozen=True)
class TargetPlan:
    target: Target
    record: Record
    blobs: tuple[Blob, ...] = ()
    writes: tuple[Write, ...] = ()
    kept: int = 0
    releases: tuple[Release, ...] = ()  # to record
    pointers: tuple[tuple[str, int], ...] = ()  # (scope, release) the public sees from now on
    deletions: tuple[str, ...] = ()  # published objects no release from now on lists
    housekeeping: tuple[str, ...] = ()  # releases beyond the kept ones, blobs no kept release uses
    scopes: tuple[str, ...] = ()  # labels
    numbers: dict[str, tuple[int | None, int]] = field(default_factory=dict)  # scope: (from, to)

    @property
    def bytes(self) -> int:
        return sum(blob.size for blob in self.blobs)

    @property
    def changes(self) -> bool:
        return bool(self.blobs or self.writes or self.releases or self.pointers or self.deletions)

    def phases(self) -> list[tuple[str, tuple[Write, ...]]]:
        """The public objects in the order they go out: assets before the pages that use them, new pages
        before the changed ones that link to them, a microsite's deeper folders first."""
        deep_first = sorted(self.writes, key=lambda w: (-w.key.count("/"), w.key))
        return [
            ("new-assets", tuple(w for w in deep_first if not w.page and w.new)),
            ("assets", tuple(w for w in deep_first if not w.page and not w.new)),
            ("new-pages", tuple(w for w in deep_first if w.page and w.new)),
            ("pages", tuple(w for w in deep_first if w.page and not w.new)),
        ]


@dataclass(frozen=True)
class Remote:
    """What the target holds now."""

    objects: dict[str, int]  # every object under the prefix
    history: dict[str, dict[int, Release]]  # scope -> its kept releases
    current: dict[str, int]  # scope -> the release the public sees

    @classmethod
    def read(cls, bucket: Bucket, record: Record) -> Remote:
        objects = bucket.listing(record.prefix)
        history: dict[str, dict[int, Release]] = {}
        current: dict[str, int] = {}
        for key in sorted(objects):
            if parsed := record.parse_release(key):
                scope, number = parsed
                history.setdefault(scope, {})[number] = Release.from_bytes(bucket.read(key))
            elif (named := record.parse_current(key)) is not None:
                current[named] = int(bucket.read(key).decode("ascii").strip())
        return cls(objects, history, current)

    def files(self, scope: str) -> dict[str, Entry]:
        """What the public sees of a scope (nothing: never released, or its record lost)."""
        number = self.current.get(scope)
        release = self.history.get(scope, {}).get(number) if number is not None else None
        return release.files if release else {}


def _wanted(scope: Scope) -> dict[str, Entry]:
    return {
        scope.target.key(f.site_path).removeprefix(scope.target.deploy.prefix): Entry(f.sha256, f.size)
        for f in scope.files
    }


def _release_of(scope: str, wanted: dict[str, Entry], remote: Remote) -> tuple[Release | None, int]:
    """The release to record for `wanted` (None: already recorded) and the number the public will see."""
    history, now = remote.history.get(scope, {}), remote.current.get(scope)
    if now is not None and now in history and remote.files(scope) == wanted:
        return None, now
    last = max(history, default=0)
    if last and history[last].files == wanted:  # recorded by a deploy cut short before its pointer
        return None, last
    return Release(scope, last + 1, wanted), last + 1


def _previous(scope: Scope, remote: Remote) -> tuple[int, dict[str, Entry]]:
    now = remote.current.get(scope.name)
    earlier = [n for n in remote.history.get(scope.name, {}) if now is not None and n < now]
    if not earlier:
        raise PlanError(f"{scope.label} 没有更早的发布可以回退（对象存储中只保留最近几次发布）")
    number = max(earlier)
    return number, remote.history[scope.name][number].files


def plan_target(
    target: Target,
    scopes: list[Scope],
    remote: Remote,
    sha_of: Callable[[str], str | None],
    *,
    rollback: bool = False,
    retired: tuple[str, ...] = (),
) -> TargetPlan:
    """The plan for `scopes` (all on `target`); `retired`: scopes in the target no longer built (removed
    regions), emptied by this deploy. `sha_of` reads what a published object says it holds."""
    record, prefix = Record(target.deploy.prefix), target.deploy.prefix
    blob_shas = {key.removeprefix(record.blobs()) for key in remote.objects if key.startswith(record.blobs())}
    sources = {f.sha256: f for scope in scopes for f in scope.files}
    writes: list[Write] = []
    blobs: dict[str, Blob] = {}
    releases: list[Release] = []
    pointers: list[tuple[str, int]] = []
    deletions: list[str] = []
    numbers: dict[str, tuple[int | None, int]] = {}
    kept = 0
    wanted_by_scope = {s.name: _wanted(s) for s in scopes} | {name: {} for name in retired}
    for name, wanted in wanted_by_scope.items():
        scope = next((s for s in scopes if s.name == name), None)
        if rollback and scope is not None:
            number, wanted = _previous(scope, remote)
            release: Release | None = None
        else:
            release, number = _release_of(name, wanted, remote)
        published = remote.files(name)
        for key, entry in sorted(wanted.items()):
            there = remote.objects.get(prefix + key)
            if there == entry.size and (published.get(key) == entry or sha_of(prefix + key) == entry.sha256):
                kept += 1
                continue
            writes.append(Write(prefix + key, entry, new=there is None))
            if entry.sha256 not in blob_shas and entry.sha256 not in blobs:
                if entry.sha256 not in sources:
                    raise PlanError(f"回退所需的文件 {key} 已不在对象存储中，无法回退 {name.replace('~', '/')}")
                source = sources[entry.sha256]
                blobs[entry.sha256] = Blob(entry.sha256, source.size, source.site_path)
        listed = {key for release_ in remote.history.get(name, {}).values() for key in release_.files}
        deletions += sorted(
            prefix + key for key in listed | published.keys() if key not in wanted and prefix + key in remote.objects
        )
        if release is not None:
            releases.append(release)
        if remote.current.get(name) != number:
            pointers.append((name, number))
        numbers[name] = (remote.current.get(name), number)
    return TargetPlan(
        target,
        record,
        tuple(blobs.values()),
        tuple(writes),
        kept,
        tuple(releases),
        tuple(pointers),
        tuple(deletions),
        _housekeeping(record, remote, releases, dict(pointers), target.deploy.releases),
        tuple(s.label for s in scopes),
        numbers,
    )


def _housekeeping(
    record: Record, remote: Remote, new: list[Release], pointers: dict[str, int], limit: int
) -> tuple[str, ...]:
    """Releases beyond the last `limit` of each scope (never the one the public sees), and blobs no kept
    release of any scope of the target uses."""
    stale: list[str] = []
    used: set[str] = set()
    for scope in sorted(set(remote.history) | {r.scope for r in new}):
        history = remote.history.get(scope, {}) | {r.number: r for r in new if r.scope == scope}
        seen = pointers.get(scope, remote.current.get(scope))
        kept = set(sorted(history)[-limit:]) | ({seen} if seen is not None else set())
        stale += [record.release(scope, n) for n in sorted(history) if n not in kept]
        used |= {entry.sha256 for n in kept for entry in history[n].files.values()}
    blobs = sorted(
        key for key in remote.objects if key.startswith(record.blobs()) and key.removeprefix(record.blobs()) not in used
    )
    return tuple(stale + blobs)


def describe(plan: TargetPlan) -> str:
    """The plan in a few lines, for --dry-run."""
    megabytes, new = plan.bytes / 1_000_000, sum(w.new for w in plan.writes)
    lines = [
        f"发布到 {plan.target.name}（{'、'.join(plan.scopes)}）：",
        f"  上传 {len(plan.blobs)} 个文件（{megabytes:.1f} MB），写入 {len(plan.writes)} 个对象（新增 {new}，"
        f"改动 {len(plan.writes) - new}），未改动 {plan.kept} 个",
        f"  删除 {len(plan.deletions)} 个已发布的文件" + ("：" if plan.deletions else ""),
    ]
    lines += [f"    {posixpath.relpath(key, plan.target.deploy.prefix or '.')}" for key in plan.deletions[:20]]
    if len(plan.deletions) > 20:
        lines.append(f"    ……等 {len(plan.deletions)} 个")
    for scope, (was, will) in plan.numbers.items():
        if was != will:
            label = "门户首页" if scope == "~" else scope.replace("~", "/")
            lines.append(f"  {label}：发布版本 {was or '无'} → {will}")
    return "\n".join(lines)
