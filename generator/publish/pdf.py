"""PDFs of the print pages, printed by headless Chromium through Playwright: one browser, several pages
at a time, each PDF cached by the hash of its HTML (and the browser version).

Without Playwright or a Chromium the build still succeeds; `browser_problem()` says why PDFs are skipped.
"""

from __future__ import annotations

import asyncio
import hashlib
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from ..assets.cache import AssetCache

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
_DATES = re.compile(rb"(?<=/CreationDate \()D:[0-9+\-Z']+|(?<=/ModDate \()D:[0-9+\-Z']+")
_FIXED_DATE = b"D:20000101000000+00'00'"


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
    return _DATES.sub(lambda m: _FIXED_DATE[:len(m[0])].ljust(len(m[0]), b"0"), pdf)


@dataclass(frozen=True)
class PrintJob:
    html: Path
    pdf: Path


def _key(job: PrintJob, version: str) -> dict[str, str]:
    return {"html": hashlib.sha256(job.html.read_bytes()).hexdigest(), "chromium": version}


def _browser_version() -> str:
    """Chromium's version without starting it through Playwright (part of every PDF's cache key)."""
    result = subprocess.run([chromium_path() or "chromium", "--version"], capture_output=True, text=True, check=False)
    return result.stdout.strip() or "unknown"


async def _print_all(jobs: list[PrintJob], cache: AssetCache, concurrency: int) -> None:
    from playwright.async_api import async_playwright

    version = _browser_version()
    missing = []
    for job in jobs:
        cached = cache.lookup("print.pdf", _key(job, version))
        if cached is None:
            missing.append(job)
        else:
            job.pdf.write_bytes(cached)
    if not missing:
        return  # everything cached: no browser started

    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)

        pages = asyncio.Queue()
        for _ in range(min(concurrency, len(missing))):
            pages.put_nowait(await browser.new_page())

        async def render(job: PrintJob) -> bytes:
            page = await pages.get()  # a few tabs, reused: a new tab per document costs time and memory
            try:
                await page.goto(job.html.as_uri(), wait_until="load")
                await page.evaluate("document.fonts.ready.then(() => true)")
                return fixed_dates(await page.pdf(prefer_css_page_size=True, print_background=True, tagged=True))
            finally:
                pages.put_nowait(page)

        async def one(job: PrintJob) -> None:
            job.pdf.write_bytes(cache.store("print.pdf", _key(job, version), await render(job)))

        try:
            await asyncio.gather(*(one(job) for job in missing))
        finally:
            await browser.close()


def print_pdfs(jobs: list[PrintJob], cache: AssetCache, concurrency: int = 2) -> None:
    if jobs:
        asyncio.run(_print_all(jobs, cache, concurrency))
