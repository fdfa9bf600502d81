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


_ENGINE_SITES: dict[str, Path] = {}  # another engine's build, made once per worker and read, never changed


def site_of(engine: str, built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped campaigns built by `engine` (MkDocs: the session's build)."""
    if engine == "mkdocs":
        return built_site
    if engine not in _ENGINE_SITES:
        root = copy_project(tmp_path_factory.mktemp(f"shipped-{engine}"))
        result = run_cli("build", "-q", "--today", BUILD_DAY.isoformat(), "--engine", engine, cwd=root)
        assert result.returncode == 0, result.stderr
        _ENGINE_SITES[engine] = root / "site"
    return _ENGINE_SITES[engine]


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


_META = "document.querySelector('.md-search-result__meta').textContent.trim()"
_INITIALISING = "正在初始化搜索引擎"  # Material's meta line until its search worker has the index
_EMPTY = "键入以开始搜索"  # then, while the box is empty; with a query, what it found


def _search_material(page, query: str) -> list[str]:
    """Type a query as a phone keyboard would (the text, then a key event: IME input ends with one) once the
    search says it is ready with an empty box, and read the results once it says what it found."""
    box = page.locator("input.md-search__input")
    box.click()
    page.wait_for_function(f"() => {_META} !== {_INITIALISING!r}")
    for text in ("", query):
        box.fill(text)
        box.press("End")
        page.wait_for_function(f"() => ({_META} === {_EMPTY!r}) === {'true' if not text else 'false'}")
    return page.locator(".md-search-result__item").all_inner_texts()


def _search_zensical(page, query: str) -> list[str]:
    """Zensical's search is a dialog opened by its button; results are options of a list box. It says nothing
    while its worker indexes, and a query typed before then finds nothing: typed again until options appear."""
    from playwright.sync_api import TimeoutError as NotYet

    if not page.get_by_role("listbox").count():
        page.locator(".md-search__button").click()
    box = page.locator("input[type=search], [role=combobox], [role=searchbox]").first
    results = page.get_by_role("listbox").get_by_role("option")
    for _ in range(20):
        box.fill(query)
        box.press("End")
        try:
            results.first.wait_for(state="attached", timeout=1000)
            break
        except NotYet:
            continue
    return results.all_inner_texts()


def search(page, query: str, engine: str) -> list[str]:
    """The results a visitor sees for `query` on a page of the engine's search."""
    return (_search_zensical if engine == "zensical" else _search_material)(page, query)
