"""The deploy plan as plain data (no server): what is sent, in which order, what is deleted and kept; and the
headers table every way of publishing uses."""

from __future__ import annotations

import pytest

from generator.deploy.plan import PlanError, Remote, plan_target
from generator.deploy.releases import Entry, Record, Release
from generator.deploy.targets import LocalFile, Scope, Target
from generator.findings import Origin
from generator.publish.headers import cache_control, content_type
from generator.read.model import Deploy

pytestmark = pytest.mark.unit

TARGET = Target(Deploy(endpoint="https://oss.example.cn", bucket="b", prefix="zt/"), Origin("site.yaml", 9, 1), "")


def _scope(folder: str, files: dict[str, str]) -> Scope:
    return Scope(folder, TARGET, tuple(LocalFile(path, sha, len(sha)) for path, sha in files.items()))


def _remote(released: dict[str, str], number: int = 1, extra: dict[str, int] | None = None) -> Remote:
    record = Record("zt/")
    files = {key: Entry(sha, len(sha)) for key, sha in released.items()}
    objects = {"zt/" + key: len(sha) for key, sha in released.items()} | {
        record.blob(sha): len(sha) for sha in released.values()
    }
    return Remote(objects | (extra or {}), {"c": {number: Release("c", number, files)}}, {"c": number})


def test_unchanged_files_are_kept_and_changed_ones_go_out_assets_first() -> None:
    remote = _remote({"c/index.html": "aa", "c/a.css": "bb", "c/old/index.html": "cc"})
    scope = _scope("c", {"c/index.html": "a2", "c/a.css": "bb", "c/new/index.html": "dd", "c/b.9f86d081.js": "ee"})
    plan = plan_target(TARGET, [scope], remote, lambda key: None)
    assert plan.kept == 1
    assert [(stage, [w.key for w in writes]) for stage, writes in plan.phases()] == [
        ("new-assets", ["zt/c/b.9f86d081.js"]),
        ("assets", []),
        ("new-pages", ["zt/c/new/index.html"]),  # before the changed page that links to it
        ("pages", ["zt/c/index.html"]),
    ]
    assert sorted(b.sha256 for b in plan.blobs) == ["a2", "dd", "ee"]
    assert plan.deletions == ("zt/c/old/index.html",)
    assert [r.number for r in plan.releases] == [2] and plan.pointers == (("c", 2),)


def test_a_file_already_there_with_its_hash_is_not_sent_again() -> None:
    """A deploy cut short wrote the page but not the release: the next one reads its hash and keeps it."""
    remote = _remote({"c/index.html": "aa"}, extra={"zt/c/index.html": 2})
    plan = plan_target(TARGET, [_scope("c", {"c/index.html": "a2"})], remote, {"zt/c/index.html": "a2"}.get)
    assert plan.writes == () and plan.kept == 1 and plan.pointers == (("c", 2),)


def test_a_release_recorded_before_a_kill_is_made_current_not_recorded_again() -> None:
    remote = _remote({"c/index.html": "aa"})
    remote.history["c"][2] = Release("c", 2, {"c/index.html": Entry("a2", 2)})
    plan = plan_target(TARGET, [_scope("c", {"c/index.html": "a2"})], remote, lambda key: None)
    assert plan.releases == () and plan.pointers == (("c", 2),)


def test_rollback_needs_an_earlier_release_and_its_blobs() -> None:
    with pytest.raises(PlanError, match="没有更早的发布可以回退"):
        plan_target(TARGET, [_scope("c", {})], _remote({"c/index.html": "aa"}), lambda key: None, rollback=True)
    remote = _remote({"c/index.html": "a2"}, number=2)
    remote.history["c"][1] = Release("c", 1, {"c/index.html": Entry("aa", 2)})
    with pytest.raises(PlanError, match="已不在对象存储中"):
        plan_target(TARGET, [_scope("c", {})], remote, lambda key: None, rollback=True)
    remote.objects[Record("zt/").blob("aa")] = 2
    plan = plan_target(TARGET, [_scope("c", {})], remote, lambda key: None, rollback=True)
    assert [w.key for w in plan.writes] == ["zt/c/index.html"] and plan.blobs == ()
    assert plan.pointers == (("c", 1),) and plan.releases == ()


def test_only_objects_a_release_listed_are_deleted() -> None:
    remote = _remote({"c/index.html": "aa"}, extra={"zt/c/portal-own.html": 5, "zt/index.html": 3})
    plan = plan_target(TARGET, [_scope("c", {})], remote, lambda key: None)
    assert plan.deletions == ("zt/c/index.html",)


@pytest.mark.parametrize(
    ("path", "kind", "cache"),
    [
        ("a/index.html", "text/html; charset=utf-8", "public, max-age=300"),
        ("a/data.json", "application/json; charset=utf-8", "public, max-age=300"),
        ("a/schedule.ics", "text/calendar; charset=utf-8", "public, max-age=300"),
        (
            "a/assets/stylesheets/main.57a0d79d.min.css",
            "text/css; charset=utf-8",
            "public, max-age=31536000, immutable",
        ),
        ("a/assets/qr/site.png", "image/png", "public, max-age=300"),
        ("a/logo.svg", "image/svg+xml; charset=utf-8", "public, max-age=300"),
        ("a/sitemap.xml.gz", "application/gzip", "public, max-age=300"),
        (
            "a/print/notice.docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "public, max-age=300",
        ),
    ],
)
def test_each_file_is_served_with_its_type_and_cache_lifetime(path: str, kind: str, cache: str) -> None:
    assert content_type(path) == kind
    assert cache_control(path) == cache
