"""Zensical's builder: one lean process per worker that builds that worker's microsites one after the other.

Zensical keeps a build's configuration in a module global and prints to the process's stdout and stderr, so
a build cannot run in the worker itself. Each build used to run in a child forked from the worker; but a
worker holds the poster faces, Typst and the templates (half a gigabyte), and every fork made both processes
fault on each page they wrote afterwards (4,500 faults a microsite in the worker alone, a quarter of
Zensical's cold build). This process is started fresh instead, once (isolated: nothing is imported from the
project folder it runs in), from a worker whose environment holds no secret; it dies with its worker and
ends when the worker closes its commands. Its CPU is charged to the worker's engine stage (timings.py).

`Builder`, `started` and `in_builder` are the worker's side; `serve` and `main` the process's. Protocol: one
JSON line per build on standard input (`config`, `report`, `epoch`); one line back, `ok` or `failed`, on what
was standard output when the process started. Zensical's own output (fds 1 and 2) goes to the build's
`report` file, which the worker reads as the build's report.
"""

from __future__ import annotations

import contextlib
import importlib
import json
import os
import subprocess
import sys
from collections.abc import Callable
from multiprocessing.util import Finalize
from pathlib import Path
from typing import IO, Any

from ..processes import EPOCH_VARIABLE, die_with_parent
from ..timings import count_helper
from . import ENGINE_STAGE

OK, FAILED = "ok", "failed"
_OPTIONS = {"clean": True, "strict": False}
_NOISE = ("Build started", "Build finished", "No issues found")
_IMPORTS = ("zensical", "zensical.config", "zensical.markdown.render", "zensical.extensions")


class Builder:
    """The worker's builder process, started at the worker's warm-up or first build, and again after a build
    that failed (the process may be left in any state) or once it has ended."""

    def __init__(self) -> None:
        # -P: neither the project folder (its cwd) nor any other is put before the installed packages, so no
        # file an editor planted there is imported; -s: no user site
        self.process = subprocess.Popen(
            [sys.executable, "-P", "-s", "-m", "generator.engines.zensical_builder", str(os.getpid())],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            encoding="utf-8",
        )
        count_helper(self.process.pid, ENGINE_STAGE)
        # a worker leaving its pool ends without running atexit: this stops the builder as it goes
        Finalize(self, self.stop, exitpriority=1)

    def submit(self, config_file: Path, report: Path) -> None:
        job = {"config": str(config_file), "report": str(report), "epoch": os.environ.get(EPOCH_VARIABLE)}
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(json.dumps(job) + "\n")
        self.process.stdin.flush()

    def reply(self) -> str:
        """`ok`, `failed`, or empty if the process ended without replying."""
        assert self.process.stdout is not None
        return self.process.stdout.readline().strip()

    def stop(self, *, at_once: bool = False) -> None:
        """End it (`at_once`: without waiting for it to read that its commands ended), reap it, and count its
        CPU no more as a helper's (once reaped, it is among the worker's children's)."""
        with contextlib.suppress(OSError):
            if self.process.stdin is not None:
                self.process.stdin.close()
        try:
            self.process.wait(timeout=0 if at_once else _ENDING)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        count_helper(self.process.pid, None)


_ENDING = 10.0  # seconds a builder has to end once its commands end (it is between builds: at once)
_builder: Builder | None = None


def started() -> Builder:
    """The worker's builder; a new one if it has none or the one it had has ended."""
    global _builder  # one per worker process, for as long as it lives
    if _builder is not None and _builder.process.poll() is not None:
        _builder.stop()  # reaped already: unregistered
        _builder = None
    if _builder is None:
        _builder = Builder()
    return _builder


def _retired(builder: Builder) -> None:
    global _builder
    builder.stop(at_once=True)
    if _builder is builder:
        _builder = None


def in_builder(config_file: Path) -> Callable[[], tuple[bool, list[str]]]:
    """Have the worker's builder build `config_file`; returns the call that waits for it: (whether it
    succeeded, its report)."""
    builder, report = started(), config_file.with_name("report.txt")
    try:
        builder.submit(config_file, report)
    except OSError:  # it ended between the check and the job: once more, with a new one
        _retired(builder)
        builder = started()
        builder.submit(config_file, report)

    def wait() -> tuple[bool, list[str]]:
        reply = builder.reply()
        if reply != OK:
            _retired(builder)
        text = report.read_text(encoding="utf-8", errors="replace") if report.exists() else ""
        lines = [line.strip() for line in text.splitlines()]
        if not reply:
            lines.append(f"Zensical 进程意外结束（退出码 {builder.process.returncode}）")
        return reply == OK, [line for line in lines if line and not line.startswith(_NOISE)]

    return wait


def _templates(config: dict[str, Any]) -> list[tuple[str, int]]:
    """What Zensical's `_list_templates` returns (every theme file with its modification time, sorted, but those
    whose path has ".icons" anywhere in it: Zensical tests the whole path, so `x.icons/` and `.iconsets/` too),
    without walking the 16,757 icons it then skips, on every build."""
    files = []
    for directory in config["theme_dirs"]:
        for root, folders, names in os.walk(directory):
            if ".icons" in root:  # as Zensical tests it: then so does every folder below
                folders.clear()
                continue
            files += [(path, os.stat(path).st_mtime_ns) for path in (os.path.join(root, name) for name in names)]
    return sorted(files)


def lean_configuration() -> None:
    """Zensical reads its configuration in Python on every build (18 ms, a fifth of a microsite's build): read
    here with libyaml, the theme listed without its icons. The loader is the safe one: the settings this engine
    writes are plain data (safe-dumped), read the same as by Zensical's own full loader, and no YAML in a theme
    folder (a `mkdocs_theme.yml`) can construct a Python object, let alone run one."""
    import yaml
    import zensical.config

    zensical.config.Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # type: ignore[misc,arg-type]
    zensical.config._list_templates = _templates


def serve(commands: IO[str], replies: IO[str]) -> None:
    from zensical import build

    for line in commands:
        job = json.loads(line)
        if job["epoch"] is None:  # what the build dates its files by
            os.environ.pop(EPOCH_VARIABLE, None)
        else:
            os.environ[EPOCH_VARIABLE] = job["epoch"]
        _flushed()  # nothing of the last build's output goes into this one's report
        with open(job["report"], "wb") as report:
            os.dup2(report.fileno(), 1)
            os.dup2(report.fileno(), 2)
        try:
            build(job["config"], dict(_OPTIONS))
            outcome = OK
        except BaseException as error:  # a panic of the Rust core too: the worker reports it and starts anew
            os.write(2, f"{type(error).__name__}: {error}\n".encode())
            outcome = FAILED
        _flushed()
        replies.write(outcome + "\n")
        replies.flush()


def _flushed() -> None:
    sys.stdout.flush()
    sys.stderr.flush()


def main() -> None:
    die_with_parent(int(sys.argv[1]))  # the worker that started it
    replies = os.fdopen(os.dup(1), "w", encoding="utf-8")
    quiet = os.open(os.devnull, os.O_WRONLY)
    os.dup2(quiet, 1)  # fd 1 is no longer the reply pipe: nothing printed before a build can end up in a reply
    os.close(quiet)
    for name in _IMPORTS:  # what every build needs, imported while the worker goes on
        importlib.import_module(name)
    lean_configuration()
    serve(sys.stdin, replies)


if __name__ == "__main__":
    main()
