"""The record a deploy keeps beside the site it publishes, under `<prefix>.campaignsite/`:

    releases/<scope>/000007.json   a release: every object of the scope and its sha256 (kept: the last N)
    releases/<scope>/current       which release the public sees (written after its files, before deletions)
    blobs/<sha256>                 each published file's bytes once, so that a rollback needs no build

Only objects a release lists are ever deleted: what else the bucket holds (a portal's own files) is not ours.
The same release writes the same bytes (no time in them)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

RECORD = ".campaignsite/"
RELEASE_NAME = re.compile(r"^(\d{6})\.json$")


@dataclass(frozen=True)
class Entry:
    sha256: str
    size: int


@dataclass(frozen=True)
class Release:
    scope: str  # the scope's name (its folder, ~ for /)
    number: int
    files: dict[str, Entry]  # object name relative to the prefix -> content

    def to_bytes(self) -> bytes:
        files = {key: {"sha256": e.sha256, "size": e.size} for key, e in sorted(self.files.items())}
        data = {"scope": self.scope, "release": self.number, "files": files}
        return (json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")

    @classmethod
    def from_bytes(cls, data: bytes) -> Release:
        raw = json.loads(data)
        files = {key: Entry(str(v["sha256"]), int(v["size"])) for key, v in raw["files"].items()}
        return cls(str(raw["scope"]), int(raw["release"]), files)


@dataclass(frozen=True)
class Record:
    """Where a target keeps its releases and blobs."""

    prefix: str

    def releases(self, scope: str = "") -> str:
        return f"{self.prefix}{RECORD}releases/" + (f"{scope}/" if scope else "")

    def release(self, scope: str, number: int) -> str:
        return f"{self.releases(scope)}{number:06d}.json"

    def current(self, scope: str) -> str:
        return f"{self.releases(scope)}current"

    def blobs(self) -> str:
        return f"{self.prefix}{RECORD}blobs/"

    def blob(self, sha256: str) -> str:
        return self.blobs() + sha256

    def public(self, key: str) -> bool:
        """An object of the published site (not of this record)."""
        return key.startswith(self.prefix) and not key.startswith(self.prefix + RECORD)

    def parse_release(self, key: str) -> tuple[str, int] | None:
        """(scope, number) of a release's object name; None for anything else."""
        rest = key.removeprefix(self.releases())
        scope, _, name = rest.partition("/")
        match = RELEASE_NAME.match(name)
        return (scope, int(match.group(1))) if key.startswith(self.releases()) and match else None

    def parse_current(self, key: str) -> str | None:
        rest = key.removeprefix(self.releases())
        scope, _, name = rest.partition("/")
        return scope if key.startswith(self.releases()) and name == "current" else None
