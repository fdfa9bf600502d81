"""Real Chromium (Debian's) driven by Playwright, against the built site served on 127.0.0.1."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from generator.documents.pdf import CHROMIUM_ARGS
from generator.documents.pdf import chromium_path as find_chromium
from tests.support import BUILD_DAY, copy_project, run_cli

ENGINES = ("mkdocs", "zensical")


def chromium_path() -> str:
    path = find_chromium()
    if not path:
        raise RuntimeError("Debian chromium is not installed: run `make test`, which installs it")
    return path


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serve(root: Path) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        try:
            yield instance
        finally:
            instance.close()


def site_of(engine: str, built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped campaigns built by `engine` (MkDocs: the session's build)."""
    if engine == "mkdocs":
        return built_site
    root = copy_project(tmp_path_factory.mktemp(f"shipped-{engine}"))
    result = run_cli("build", "-q", "--today", BUILD_DAY.isoformat(), "--engine", engine, cwd=root)
    assert result.returncode == 0, result.stderr
    return root / "site"


def site_pages(site: Path) -> list[str]:
    """Every HTML page a visitor can reach (print pages are for paper and checked by test_print)."""
    return sorted(
        str(p.parent.relative_to(site)) + "/" if p.parent != site else ""
        for p in site.rglob("index.html")
        if "print" not in p.parts
    )


def pages_without_javascript(served: tuple[Path, str, object], width: int) -> Iterator[tuple[str, object]]:
    """Each reachable page of the served site, opened in turn with JavaScript off at `width` CSS pixels."""
    site, base, chromium = served
    context = chromium.new_context(viewport={"width": width, "height": 640}, java_script_enabled=False)
    page = context.new_page()
    try:
        for path in site_pages(site):
            page.goto(base + path)
            yield path, page
    finally:
        context.close()
