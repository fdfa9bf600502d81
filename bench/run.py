"""`make bench`: build speed at national scale against a plain MkDocs build of the same pages.

Writes a synthetic 37-region campaign (bench/synthetic.py), then measures, each the median of --runs:
  full      our cold build (empty cache), everything except PDFs
  baseline  plain `mkdocs build` of the same Markdown pages with the same theme, in one project
  nochange  our rebuild with nothing changed
  oneregion our rebuild after one region's YAML changed
  scale-N   our cold build with N regions (4, 16, 37)
  pdf       PDF printing of 40 notices (one browser, as the build does it), seconds per notice
and the peak memory of the whole process tree. Prints a table and saves JSON under bench/results/.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import threading
import time
from datetime import date
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.synthetic import CAMPAIGN, ROOT, write_project
from generator.read import load_project
from generator.render import render_microsite
from generator.render.brand import brand_of
from generator.resolve import SiteMap, resolve_editions

WORK = ROOT / ".cache" / "bench"
BIN = Path(sys.executable).parent
TODAY = "2022-01-20"


def _pss(pid: int) -> int:
    """Proportional set size: shared pages (libraries, Chromium's processes) are counted once overall."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _tree_memory(root_pid: int) -> int:
    """Memory of a process and all its descendants, in bytes (Linux /proc, PSS)."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                parents[int(entry)] = int(fh.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
    tree, frontier = {root_pid}, [root_pid]
    while frontier:
        pid = frontier.pop()
        children = [child for child, parent in parents.items() if parent == pid]
        tree.update(children)
        frontier += children
    return sum(_pss(pid) for pid in tree)


def timed(command: list[str], cwd: Path, capture: str = "stderr") -> tuple[float, int, str]:
    """Wall seconds, peak memory of the process tree, and stderr (or stdout)."""
    started = time.monotonic()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE if capture == "stdout" else subprocess.DEVNULL,
                               stderr=subprocess.PIPE, text=True)
    peak = [0]

    def sample() -> None:
        while process.poll() is None:
            peak[0] = max(peak[0], _tree_memory(process.pid))
            time.sleep(0.5)  # reading PSS costs CPU: sample sparingly so the sampler does not slow the build

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stdout, stderr = process.communicate()
    seconds = time.monotonic() - started
    sampler.join()
    if process.returncode != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{stderr}")
    return seconds, peak[0], stdout if capture == "stdout" else stderr


def our_build(project: Path, cache: Path, *extra: str) -> tuple[float, int, str]:
    return timed([str(BIN / "campaignsite"), "build", "-q", "--today", TODAY, "--cache-dir", str(cache), *extra],
                 project)


def baseline_project(project: Path, target: Path) -> int:
    """The same Markdown pages in one plain MkDocs project (what a team writing pages by hand would build)."""
    shutil.rmtree(target, ignore_errors=True)
    loaded, _ = load_project(project / "campaigns")
    editions = resolve_editions(loaded)
    sites = SiteMap.of(loaded)
    pages = 0
    for edition in editions:
        site = render_microsite(edition, sites, today=date.fromisoformat(TODAY), with_pdf=False)
        for rel, content in site.pages.items():
            path = target / "docs" / edition.path / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
            pages += 1
    config = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    config["theme"]["custom_dir"] = str(project / "theme")
    config["docs_dir"], config["site_dir"] = "docs", "site"
    config["extra"] = {**(config.get("extra") or {}), "brand": brand_of(editions[0], sites.microsite(editions[0]))}
    (target / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return pages


def median_of(runs: int, measure) -> tuple[float, int]:
    results = [measure() for _ in range(runs)]
    return statistics.median(r[0] for r in results), max(r[1] for r in results)


def fresh(path: Path) -> Path:
    shutil.rmtree(path, ignore_errors=True)
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--scales", default="4,16,37")
    args = parser.parse_args()
    scales = [int(n) for n in args.scales.split(",")]
    full_size = max(scales)
    figures: dict[str, float] = {}
    peaks: dict[str, int] = {}
    project = write_project(WORK / f"project-{full_size}", full_size)

    cache = WORK / "cache"

    def cold(target: Path) -> tuple[float, int]:
        shutil.rmtree(target / "site", ignore_errors=True)
        return our_build(target, fresh(cache), "--no-pdf")[:2]

    for size in scales:
        target = project if size == full_size else write_project(WORK / f"project-{size}", size)
        figures[f"scale_{size}_s"], peaks[f"scale_{size}"] = median_of(args.runs, lambda t=target: cold(t))
        print(f"  full build, {size} regions: {figures[f'scale_{size}_s']:.1f} s", file=sys.stderr)
    figures["full_s"] = figures[f"scale_{full_size}_s"]

    pages = baseline_project(project, WORK / "baseline")

    def plain() -> tuple[float, int]:
        seconds, memory, _ = timed([str(BIN / "mkdocs"), "build", "-q", "-f", "mkdocs.yml"], WORK / "baseline")
        return seconds, memory

    figures["baseline_s"], peaks["baseline"] = median_of(args.runs, plain)
    print(f"  plain mkdocs, {pages} pages: {figures['baseline_s']:.1f} s", file=sys.stderr)

    # the last cold build of the full campaign left its site and cache: the warm starting point
    figures["nochange_s"], peaks["nochange"] = median_of(args.runs, lambda: our_build(project, cache, "--no-pdf")[:2])
    region_file = next((project / "campaigns" / CAMPAIGN / "regions").glob("*.yaml"))
    original = region_file.read_text(encoding="utf-8")

    def one_region(counter=[0]) -> tuple[float, int]:  # noqa: B006 - a fresh slogan per run
        counter[0] += 1
        region_file.write_text(original.replace("过幸福大年", f"过幸福大年{counter[0]}"), encoding="utf-8")
        return our_build(project, cache, "--no-pdf")[:2]

    figures["oneregion_s"], peaks["oneregion"] = median_of(args.runs, one_region)
    region_file.write_text(original, encoding="utf-8")
    stylesheet = project / "theme" / "assets" / "cs-campaign.css"
    css = stylesheet.read_text(encoding="utf-8")

    def theme_change(counter=[0]) -> tuple[float, int]:  # noqa: B006 - a fresh edit per run
        counter[0] += 1
        stylesheet.write_text(css + f"/* bench edit {counter[0]} */\n", encoding="utf-8")
        return our_build(project, cache, "--no-pdf")[:2]

    # every microsite goes through MkDocs again, but QR codes and posters come from the cache
    figures["themechange_s"], peaks["themechange"] = median_of(1, theme_change)  # one run: keeps bench < 10 min
    stylesheet.write_text(css, encoding="utf-8")

    # PDF printing as the build does it (one browser, reused tabs), on a sample of the notices' print pages
    seconds, peaks["with_pdf"], stdout = timed([sys.executable, str(ROOT / "bench" / "print_sample.py"),
                                                str(project / "site"), str(fresh(WORK / "pdf")), "40"], ROOT,
                                               capture="stdout")
    documents = int(stdout.strip() or 0)
    figures["pdf_documents"] = documents
    figures["pdf_s"] = seconds
    figures["pdf_s_per_document"] = round(seconds / documents, 3) if documents else 0.0

    ratios = {"full/baseline": figures["full_s"] / figures["baseline_s"],
              "themechange/baseline": figures["themechange_s"] / figures["baseline_s"],
              "nochange/full": figures["nochange_s"] / figures["full_s"],
              "oneregion/full": figures["oneregion_s"] / figures["full_s"]}
    per_region = [figures[f"scale_{n}_s"] / (n + 1) for n in scales]
    targets = {"full/baseline": 1.2, "themechange/baseline": 1.2, "nochange/full": 0.2, "oneregion/full": 0.25}
    peak = max(v for k, v in peaks.items() if k != "baseline")
    no_pdf_peak = max(v for k, v in peaks.items() if k not in ("baseline", "with_pdf"))
    result = {"date": time.strftime("%Y-%m-%dT%H:%M:%S"), "machine": {"cpus": os.cpu_count(),
              "python": platform.python_version(), "system": platform.platform()},
              "runs": args.runs, "regions": full_size, "microsites": full_size + 1, "baseline_pages": pages,
              "figures": {k: round(v, 3) for k, v in figures.items()},
              "ratios": {k: round(v, 3) for k, v in ratios.items()},
              "seconds_per_microsite": [round(v, 3) for v in per_region],
              "peak_memory_mb": round(peak / 2**20, 1),
              "peak_memory_mb_by_run": {k: round(v / 2**20, 1) for k, v in peaks.items()}}
    rows = [("full build (cold, no PDF)", f"{figures['full_s']:.1f} s"),
            (f"plain mkdocs build ({pages} pages)", f"{figures['baseline_s']:.1f} s"),
            ("rebuild, no change", f"{figures['nochange_s']:.2f} s"),
            ("rebuild, one region changed", f"{figures['oneregion_s']:.1f} s"),
            ("rebuild after a theme change (assets cached, 1 run)", f"{figures['themechange_s']:.1f} s"),
            *[(f"full build, {n} regions", f"{figures[f'scale_{n}_s']:.1f} s "
               f"({per_region[i]:.2f} s per microsite)") for i, n in enumerate(scales)],
            ("PDF printing (incl. browser start)", f"{documents} notices, {figures['pdf_s_per_document']:.2f} s each"),
            ("peak memory, build without PDF", f"{no_pdf_peak / 2**20:.0f} MB (target ≤ 1024)"),
            ("peak memory, PDF printing (Chromium)", f"{peaks['with_pdf'] / 2**20:.0f} MB"),
            *[(f"ratio {name}", f"{value:.2f} (target ≤ {targets[name]})") for name, value in ratios.items()]]
    width = max(len(r[0]) for r in rows)
    print(f"\nbench: {full_size} regions, median of {args.runs} runs, {os.cpu_count()} CPUs")
    for name, value in rows:
        print(f"  {name.ljust(width)}  {value}")
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    text = json.dumps(result, ensure_ascii=False, indent=2) + "\n"
    (out / f"bench-{time.strftime('%Y%m%d-%H%M%S')}.json").write_text(text, encoding="utf-8")
    (out / "latest.json").write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
