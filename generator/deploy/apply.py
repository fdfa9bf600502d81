"""A deploy plan carried out, in the order that keeps the published site whole at every moment: blobs (unseen
by the public), new then changed assets, new then changed pages, the releases and which one is current, and
only then deletions and housekeeping. Killed anywhere, the public sees the old release or the new one; the next
deploy finds what is already there by its sha256 and finishes the job.

Each step announces a checkpoint (generator/checkpoints.py), where the tests stop it."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TypeVar

from ..checkpoints import checkpoint
from ..publish.headers import cache_control, content_type
from .bucket import Bucket
from .plan import Blob, TargetPlan, Write

CONNECTIONS = 8  # requests in flight at once (a province's uplink, not the server, is the limit)
RECORD_TYPE = "application/json; charset=utf-8"
BLOB_TYPE = "application/octet-stream"
NO_CACHE = "no-cache"

Step = Callable[[str], None]  # told each object done
Item = TypeVar("Item")


def _all(items: Sequence[Item], work: Callable[[Item], str], done: Step) -> None:
    """`work` on every item, several at once; the first failure stops the step (and is raised)."""
    pool = ThreadPoolExecutor(CONNECTIONS)
    try:
        for name in pool.map(work, items):
            done(name)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)  # after a failure, nothing more is sent


def _record(bucket: Bucket, key: str, data: bytes) -> None:
    bucket.put(key, data, hashlib.sha256(data).hexdigest(), RECORD_TYPE, NO_CACHE)


def apply_plan(plan: TargetPlan, bucket: Bucket, site: Path, done: Step) -> None:
    if not plan.changes and not plan.housekeeping:
        return
    record = plan.record

    def send(blob: Blob) -> str:
        data = (site / blob.site_path).read_bytes()
        bucket.put(record.blob(blob.sha256), data, blob.sha256, BLOB_TYPE, NO_CACHE)
        return blob.site_path

    def write(item: Write) -> str:
        path = item.key
        bucket.copy(record.blob(item.entry.sha256), path, item.entry.sha256, content_type(path), cache_control(path))
        return path

    _all(plan.blobs, send, done)
    checkpoint("deploy-blobs")
    for stage, writes in plan.phases():
        _all(writes, write, done)
        checkpoint(f"deploy-{stage}")
    for release in plan.releases:
        _record(bucket, record.release(release.scope, release.number), release.to_bytes())
    checkpoint("deploy-release")
    for scope, number in plan.pointers:
        _record(bucket, record.current(scope), f"{number}\n".encode("ascii"))
    checkpoint("deploy-current")
    if plan.deletions:
        bucket.delete(list(plan.deletions))
        for key in plan.deletions:
            done(key)
    checkpoint("deploy-deleted")
    if plan.housekeeping:
        bucket.delete(list(plan.housekeeping))
