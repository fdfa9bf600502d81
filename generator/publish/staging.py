"""The one writer: a build's staging folder next to site/ and its layout.

    .<site>.staging-<pid>/
        engine/            the engine's own scratch (configuration, search dictionary, shared theme files)
        out/<key>/         a microsite as published: the engine's HTML, then every other file
        print/<key>/       the print documents the PDF printer may read, and nothing else
        site/              the assembled site, swapped into place in one step
    /dev/shm/campaignsite-scratch-<pid>-<random>/   (or scratch/ in the staging folder, see `memory_folder`)
        docs/<key>/        a microsite's Markdown pages, read by the engine
        engine/<key>/      an engine's own work for one microsite (Zensical's configuration, cache and site)
Stages hand their files to `write`. Besides it, only the engines write into the folder (their HTML into out/,
their scratch into engine/) and the PDF printer (each PDF next to its page in out/), each where this says.
What is never published lies in memory where the machine has a tmpfs: a file there costs no disk inode (on
an ext4 without a journal each new inode is checked against the recently freed ones, up to 0.4 ms a file
after a large removal; Zensical writes 60 files a microsite, a third of its cold build's system time).
"""

from __future__ import annotations

import fcntl
import os
import shutil
import stat
import sys
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath

from .swap import publish, remove_stale
from .target import MARK, MARK_CONTENT, is_marked

MEMORY = Path("/dev/shm")  # Linux's tmpfs for every user (sticky): each build's folder there is private
_MEMORY_PREFIX = "campaignsite-scratch-"
_MEMORY_NEEDED = 256 * 1024 * 1024  # free bytes it must have (a container's is 64 MB): else the staging folder


class UnsafePath(ValueError):
    """A generated file name that would leave its folder (never expected: names come from the site map)."""


def write(root: Path, files: Mapping[str, bytes]) -> None:
    """Write `files` (relative posix paths) under `root`."""
    for relative, content in files.items():
        parts = PurePosixPath(relative).parts
        if not parts or PurePosixPath(relative).is_absolute() or ".." in parts:
            raise UnsafePath(relative)
        target = root.joinpath(*parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)


@contextmanager
def memory_folder() -> Iterator[Path | None]:
    """A new private folder in memory for a build's unpublished scratch, or None where the machine has no tmpfs
    with room; held (a lock on its mark) while the build runs and removed after. Folders of builds that hold
    theirs no more (killed) are removed first: only this user's, only marked ones. A lock, not a process id,
    says a build is gone: builds in other pid namespaces may share the folder."""
    for stale in MEMORY.glob(f"{_MEMORY_PREFIX}*") if MEMORY.is_dir() else ():
        if _abandoned(stale):
            shutil.rmtree(stale, ignore_errors=True)
    folder, mark = _made_in_memory()
    try:
        yield folder
    finally:
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)
        if mark is not None:
            os.close(mark)


def _made_in_memory() -> tuple[Path | None, int | None]:
    """(the folder, its mark held locked), or (None, None)."""
    try:
        room = os.statvfs(MEMORY)
        if room.f_bavail * room.f_frsize < _MEMORY_NEEDED:
            return None, None
        folder = Path(tempfile.mkdtemp(prefix=f"{_MEMORY_PREFIX}{os.getpid()}-", dir=MEMORY))
    except OSError:
        return None, None
    try:
        mark = os.open(folder / MARK, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
        fcntl.flock(mark, fcntl.LOCK_EX)  # held before it reads as a mark: no other build takes it for a dead one's
        os.write(mark, MARK_CONTENT)
    except OSError:
        shutil.rmtree(folder, ignore_errors=True)
        return None, None
    return folder, mark


def _abandoned(folder: Path) -> bool:
    """A scratch folder this user's build made (marked) that no build holds any more."""
    try:
        seen = folder.lstat()
        if not stat.S_ISDIR(seen.st_mode) or seen.st_uid != os.getuid() or not is_marked(folder):
            return False
        mark = os.open(folder / MARK, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return False
    try:
        fcntl.flock(mark, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:  # held: its build is running
        return False
    finally:
        os.close(mark)
    return True


@dataclass(frozen=True)
class Staging:
    """Paths of one build's staging folder; picklable, so worker processes write through it too."""

    folder: Path
    site_dir: Path
    memory: Path | None = None  # the build's scratch in memory, once `open` has made it

    @classmethod
    def next_to(cls, site_dir: Path) -> Staging:
        site_dir = site_dir.resolve()
        return cls(site_dir.parent / f"{cls.prefix(site_dir)}{os.getpid()}", site_dir)

    @staticmethod
    def prefix(site_dir: Path) -> str:
        return f".{site_dir.name}.staging-"

    @contextmanager
    def open(self) -> Iterator[Staging]:
        """Hold the site's lock (a second build waits), clear what killed builds left, and always clean up;
        the staging it yields has its scratch in memory where it can."""
        self.site_dir.parent.mkdir(parents=True, exist_ok=True)
        with self._lock():
            remove_stale(self.site_dir.parent, self.prefix(self.site_dir))  # ours is the only live build
            self.folder.mkdir()
            (self.folder / MARK).write_bytes(MARK_CONTENT)  # what a later build may remove if this one is killed
            try:
                with memory_folder() as memory:
                    yield replace(self, memory=memory)
            finally:
                shutil.rmtree(self.folder, ignore_errors=True)

    @contextmanager
    def _lock(self) -> Iterator[None]:
        path = self.site_dir.parent / f".{self.site_dir.name}.lock"
        with open(path, "a+", encoding="utf-8") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                handle.seek(0)
                owner = handle.read().strip() or "?"
                print(
                    f"另一个生成任务（进程 {owner}）正在写入 {self.site_dir.name}/，等待它完成……",
                    file=sys.stderr,
                    flush=True,
                )
                fcntl.flock(handle, fcntl.LOCK_EX)
            handle.truncate(0)
            handle.write(str(os.getpid()))
            handle.flush()
            yield  # the lock goes with the file handle, also when the process is killed

    @property
    def engine(self) -> Path:
        return self.folder / "engine"

    @property
    def scratch(self) -> Path:
        """What no one publishes: in memory, or in the staging folder."""
        return self.memory or self.folder / "scratch"

    def docs(self, key: str) -> Path:
        return self.scratch / "docs" / key

    def work(self, key: str) -> Path:
        """An engine's own folder for one microsite."""
        return self.scratch / "engine" / key

    def on_disk(self) -> Staging:
        """The same staging with its scratch in the staging folder (memory has filled up)."""
        return replace(self, memory=None)

    def drop_scratch(self, key: str) -> None:
        """A microsite's scratch, once its engine is done with it (memory is not kept for the build's end)."""
        shutil.rmtree(self.docs(key), ignore_errors=True)
        shutil.rmtree(self.work(key), ignore_errors=True)

    def out(self, key: str) -> Path:
        return self.folder / "out" / key

    def prints(self, key: str) -> Path:
        return self.folder / "print" / key

    @property
    def site(self) -> Path:
        return self.folder / "site"

    def assemble(self, microsites: list[tuple[str, str]], root_files: dict[str, bytes]) -> Path:
        """Move each microsite (key, site-relative folder; parents first) into the site, add the root files."""
        self.site.mkdir(parents=True)
        for key, folder in sorted(microsites, key=lambda item: item[1].count("/")):
            (self.site / folder).parent.mkdir(parents=True, exist_ok=True)  # a shard may hold a region alone
            os.rename(self.out(key), self.site / folder)
        write(self.site, {**root_files, MARK: MARK_CONTENT})
        return self.site

    def publish(self) -> None:
        publish(self.site, self.site_dir)

    def publish_folder(self, key: str) -> None:
        """Publish one microsite's folder as the whole target (an export): missing, empty or an earlier export."""
        write(self.out(key), {MARK: MARK_CONTENT})
        if self.site_dir.is_dir() and not any(self.site_dir.iterdir()):
            self.site_dir.rmdir()
        publish(self.out(key), self.site_dir)
