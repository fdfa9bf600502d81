"""PDFs of the print documents, printed by headless Chromium through Playwright: one browser, a few tabs,
each PDF cached by the hash of its HTML (and the browser's version). The browser prints with copies of the
system's CJK faces that map no radical code point (printfonts.py), so a PDF's text names the ideographs.

The browser is sealed: JavaScript is off (the printer runs the document's own layout script itself),
and every request is answered by routing: a file of the document's own print folder, or nothing. No
network, no other file. What a document asked for and did not get is reported.
Without Playwright or a Chromium the build still succeeds; `browser_problem()` says why PDFs are skipped.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from ..assets.cache import AssetCache, code_digest, versions
from ..processes import worker_pool
from .printfonts import PrintFonts, fonts_key, print_fonts

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # the peak memory of a build is the printing browser's: its tabs share one renderer process
    # and no GPU process is started (same PDFs, byte for byte; about 170 MB less on 2 tabs)
    "--renderer-process-limit=1",
    "--in-process-gpu",
]
ORIGIN = "http://print.invalid/"  # never resolves: every request is answered by the route below
# no connection ever leaves the browser, not even the speculative ones Chromium opens before a request is
# made (and so before routing sees it): everything goes to a proxy that does not exist, loopback included
SEALED_ARGS = ["--proxy-server=http://0.0.0.0:1", "--proxy-bypass-list=<-loopback>", "--dns-prefetch-disable"]
_DATES = re.compile(rb"(?<=/CreationDate \()D:[0-9+\-Z']+|(?<=/ModDate \()D:[0-9+\-Z']+")
_FIXED_DATE = b"D:20000101000000+00'00'"
_LOCAL = re.compile(r"Not allowed to load local resource: (\S+)")
_CONTENT_TYPES = {".html": "text/html; charset=utf-8", ".css": "text/css", ".png": "image/png", ".svg": "image/svg+xml"}


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


def browser_problem() -> str | None:
    """None when PDFs can be printed, else the reason (Chinese, shown to the editor)."""
    try:
        import playwright.async_api  # noqa: F401
    except ImportError:
        return "未安装 Playwright（运行 make site 会自动安装）"
    if chromium_path() is None:
        return "未找到 Chromium 浏览器（运行 make site 会自动安装 Debian 的 chromium）"
    return None


def fixed_dates(pdf: bytes) -> bytes:
    """Chromium stamps the print time; replace it with a fixed date so builds are byte-identical."""
    # same length as what it replaces, so the PDF's cross-reference offsets stay valid
    return _DATES.sub(lambda m: _FIXED_DATE[: len(m[0])].ljust(len(m[0]), b"0"), pdf)


@dataclass(frozen=True)
class PrintJob:
    html: Path  # inside a folder that holds only print documents
    pdf: Path
    layout: str = ""  # the document's layout script, run by the printer with the page's scripts off


def _key(job: PrintJob) -> dict[str, str]:
    return {"html": hashlib.sha256(job.html.read_bytes()).hexdigest(), "layout": job.layout}


def printing_code() -> dict[str, str]:
    """What prints a PDF besides its HTML: this module, Playwright, the browser and the faces it prints with."""
    return {
        "code": code_digest("generator.documents.pdf"),
        **versions("playwright"),
        "chromium": browser_version(),
        "fonts": fonts_key(),
    }


def browser_version() -> str:
    """Chromium's version without starting it through Playwright (part of every PDF's cache key)."""
    result = subprocess.run([chromium_path() or "chromium", "--version"], capture_output=True, text=True, check=False)
    return result.stdout.strip() or "unknown"


def _own_file(job: PrintJob, url: str) -> Path | None:
    """The file of the document's print folder that `url` names, if it names one."""
    if not url.startswith(ORIGIN):
        return None
    folder = job.html.parent.resolve()
    target = (folder / unquote(urlsplit(url).path).lstrip("/")).resolve()
    return target if target.is_file() and target.parent == folder else None


Blocked = dict[Path, list[str]]  # what each document (by its page) asked for and did not get


async def _sealed_page(context: Any, job_of: dict[str, PrintJob], blocked: Blocked) -> Any:
    page = await context.new_page()

    async def answer(route: Any) -> None:
        job = job_of["current"]
        own = _own_file(job, route.request.url)
        if own is None:
            blocked.setdefault(job.html, []).append(route.request.url)
            await route.abort("blockedbyclient")
            return
        kind = _CONTENT_TYPES.get(own.suffix, "application/octet-stream")
        await route.fulfill(body=own.read_bytes(), content_type=kind)

    def console(message: Any) -> None:
        if match := _LOCAL.search(message.text):
            blocked.setdefault(job_of["current"].html, []).append(match.group(1))

    await page.route("**/*", answer)
    page.on("console", console)
    await page.emulate_media(media="print")  # the layout script measures the page as it is printed
    return page


def _print_fonts_apart(folder: Path) -> PrintFonts | None:
    """print_fonts in a process of its own: fontTools reading a CJK collection takes 800 MB, which a process
    gives back only when it ends (the build's own kept 500 MB of it while the browser printed)."""
    with worker_pool(1) as apart:
        return apart.submit(print_fonts, folder).result()


async def _print_all(
    jobs: list[PrintJob],
    cache: AssetCache,
    tabs: int,
    blocked: Blocked,
    fonts: Path,
    printed: Callable[[PrintJob], None],
) -> None:
    from playwright.async_api import async_playwright

    code = printing_code()
    missing = []
    for job in jobs:
        cached = cache.lookup("print.pdf", _key(job), code)
        if cached is None:
            missing.append(job)
        else:
            job.pdf.write_bytes(cached)
            printed(job)
    if not missing:
        return  # everything cached: no browser started

    import asyncio

    faces = _print_fonts_apart(fonts)
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(
            executable_path=chromium_path(),
            args=CHROMIUM_ARGS + SEALED_ARGS,
            env=faces.environment() if faces else None,
        )
        context = await browser.new_context(java_script_enabled=False, service_workers="block", offline=False)
        pages: asyncio.Queue[tuple[Any, dict[str, PrintJob]]] = asyncio.Queue()
        for _ in range(min(tabs, len(missing))):
            holder: dict[str, PrintJob] = {}
            pages.put_nowait((await _sealed_page(context, holder, blocked), holder))

        async def render(job: PrintJob) -> bytes:
            page, holder = await pages.get()  # a few tabs, reused: a new tab per document costs time and memory
            holder["current"] = job
            try:
                await page.goto(ORIGIN + job.html.name, wait_until="load")
                if job.layout:
                    await page.evaluate(job.layout)
                return fixed_dates(await page.pdf(prefer_css_page_size=True, print_background=True, tagged=True))
            finally:
                pages.put_nowait((page, holder))

        async def one(job: PrintJob) -> None:
            job.pdf.parent.mkdir(parents=True, exist_ok=True)
            job.pdf.write_bytes(cache.store("print.pdf", _key(job), code, await render(job)))
            printed(job)

        try:
            await asyncio.gather(*(one(job) for job in missing))
        finally:
            await browser.close()


def print_pdfs(
    jobs: list[PrintJob],
    cache: AssetCache,
    tabs: int = 1,
    fonts: Path | None = None,
    printed: Callable[[PrintJob], None] = lambda job: None,
) -> list[str]:
    """Print every job (`printed` is told of each as it is done); returns what the documents asked for and were
    refused (for the build's warnings). The print faces are derived into `fonts` (the cache's folder for them;
    None: a folder of this run's)."""
    if not jobs:
        return []
    import asyncio  # only where PDFs are printed (9 ms: a build without them does not load it)

    blocked: Blocked = {}
    if fonts is not None:
        asyncio.run(_print_all(jobs, cache, tabs, blocked, fonts, printed))
    else:
        with tempfile.TemporaryDirectory(prefix="campaignsite-fonts-") as scratch:
            asyncio.run(_print_all(jobs, cache, tabs, blocked, Path(scratch), printed))
    return [f"{job.html.name}：已阻止读取 {url}" for job in jobs for url in dict.fromkeys(blocked.get(job.html, []))]
