"""Reuse microsites whose inputs did not change since the last published build.

A microsite's fingerprint covers everything its output is made from, as the steps of making it declare
(microsite.STEPS): the resolved edition (with the campaign data it inherits and its notice bodies), its fork
folder, the poster layouts, font and images it draws from, its URL, the phase it shows without JavaScript (not
the date: a build on another day of the same phase changes nothing), whether it has PDFs; and a shared part
(the generator's code, the theme, the engine's configuration, every installed library's version). A stamp
records the fingerprint and the hash of every file the microsite published; a microsite is reused only when
both match, so a file of site/ edited or deleted by hand is rebuilt. The files are hashed in a worker, beside
the microsites being made (`take_published`).
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
from collections.abc import Collection
from dataclasses import dataclass, fields, is_dataclass
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from ..installed import installed_libraries
from .pagescan import PageFacts, scan_pages
from .tree import files_under

_NOT_CONTENT = {"provenance", "fork"}  # where values came from; the fork is hashed as a folder


def _plain(value: Any) -> Any:
    if is_dataclass(value):
        return {f.name: getattr(value, f.name) for f in fields(value) if f.name not in _NOT_CONTENT}
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, (date, Path)):
        return str(value)
    raise TypeError(f"cannot fingerprint {type(value).__name__}")


def _digest_path(digest: Any, path: Path) -> None:
    """A file's or a folder's content (names and bytes) into `digest`; nothing when it does not exist."""
    files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else []
    for file in files:
        if "__pycache__" not in file.parts:
            name = file.relative_to(path).as_posix() if file != path else file.name
            digest.update(name.encode() + b"\0" + file.read_bytes() + b"\0")


def shared_fingerprint(inputs: list[Path]) -> str:
    """Inputs common to every microsite: the generator itself, the theme, the engine's configuration."""
    digest = hashlib.sha256(installed_libraries().encode())
    for path in inputs:
        digest.update(str(path).encode() + b"\0")
        _digest_path(digest, path)
    return digest.hexdigest()


def fingerprint(shared: str, values: dict[str, object], files: list[Path]) -> str:
    """A microsite's fingerprint: the shared inputs, the values and the files its steps declare they read."""
    digest = hashlib.sha256()
    digest.update(json.dumps([shared, values], default=_plain, sort_keys=True, ensure_ascii=False).encode("utf-8"))
    for path in files:
        digest.update(str(path).encode() + b"\0")
        _digest_path(digest, path)
    return digest.hexdigest()


# device, inode, size, modification time (ns); not the change time: linking a file into the staging folder
# changes it
FileIdentity = tuple[int, int, int, int]


def manifest(
    folder: Path, skip: Collection[str] = frozenset(), hashed: dict[FileIdentity, str] | None = None
) -> dict[str, str]:
    """Hash of every file of a published microsite; `skip` names nested microsite folders. `hashed`: digests
    of files met before, by identity: the theme's assets, hard-linked into every microsite, are read once."""
    found = {}
    for relative, path in files_under(folder, skip):
        with open(path, "rb") as file:
            seen = os.fstat(file.fileno())
            identity = (seen.st_dev, seen.st_ino, seen.st_size, seen.st_mtime_ns)
            if hashed is None or (digest := hashed.get(identity)) is None:
                digest = hashlib.file_digest(file, "sha256").hexdigest()
                if hashed is not None and seen.st_nlink > 1:
                    hashed[identity] = digest
        found[relative] = digest
    return dict(sorted(found.items()))


class Stamps:
    """The fingerprint and file hashes of each microsite as last published, one small file each."""

    def __init__(self, folder: Path | None):
        self.folder = folder

    def _path(self, key: str) -> Path | None:
        return self.folder / f"{key}.json" if self.folder else None

    def stamped(self, key: str, fingerprint: str, published: Path) -> dict[str, str] | None:
        """The file hashes the stamp records when it matches the fingerprint and the folder holds a microsite;
        whether the folder still holds exactly those files is for `take_published` to find out."""
        path = self._path(key)
        if path is None or not path.is_file() or not (published / "index.html").is_file():
            return None
        try:
            stamp = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        files = stamp.get("files") if isinstance(stamp, dict) and stamp.get("fingerprint") == fingerprint else None
        return files if isinstance(files, dict) else None

    def record(self, key: str, fingerprint: str, files: dict[str, str]) -> None:
        path = self._path(key)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps({"fingerprint": fingerprint, "files": files}), encoding="utf-8")


def link_tree(source: Path, target: Path, skip: set[str]) -> None:
    """Hard-link a published microsite into the staging area; `skip` names nested microsite folders."""
    top = str(source)
    for root, dirs, files in os.walk(top):  # plain strings: thousands of files, no Path object each
        rel = os.path.relpath(root, top)
        if rel == ".":
            dirs[:] = [d for d in dirs if d not in skip]
        into = os.path.join(target, rel)
        os.makedirs(into, exist_ok=True)
        for name in files:
            try:
                os.link(os.path.join(root, name), os.path.join(into, name))
            except OSError as error:  # another file system (a shard's folder from a CI artifact): a copy
                if error.errno != errno.EXDEV:
                    raise
                shutil.copyfile(os.path.join(root, name), os.path.join(into, name))


@dataclass(frozen=True)
class Taking:
    """A published microsite whose stamp matches its fingerprint, to be taken into the staging folder as it is
    if its files are still the ones the stamp records."""

    key: str
    path: str  # its folder in the site
    published: Path
    into: Path
    skip: frozenset[str]  # nested microsites' folders
    files: dict[str, str]  # as the stamp records them


def take_published(
    taking: Taking, hashed: dict[FileIdentity, str] | None = None
) -> tuple[str, dict[str, str] | None, dict[str, PageFacts]]:
    """(key, its files' hashes, its pages' facts) when every file is as stamped, else (key, None, {}): a file
    edited or deleted by hand, the microsite made again. The files are hard-linked into the staging folder
    first and the links hashed and read: what is checked is what is published, whatever happens to site/
    meanwhile. Run in a worker, beside the microsites being made."""
    try:
        link_tree(taking.published, taking.into, set(taking.skip))
        same = manifest(taking.into, hashed=hashed) == taking.files
    except OSError:  # a file removed from site/ while it was linked
        same = False
    if not same:
        shutil.rmtree(taking.into, ignore_errors=True)  # the links this made: the microsite is made there again
        return taking.key, None, {}
    return taking.key, taking.files, scan_pages(taking.into, taking.path)
