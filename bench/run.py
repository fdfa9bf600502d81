"""`make bench`: build speed at national scale, both engines side by side, against a plain MkDocs build of the
same pages.

Writes a synthetic 37-region campaign (bench/synthetic.py), then measures, each the median of --runs:
  baseline     plain `mkdocs build` of the same Markdown pages with the same theme, in one project
  per engine (mkdocs, zensical), each on a copy of the project of its own:
    cold       our cold build (empty cache, no site), everything except PDFs
    themechange our rebuild after the theme's stylesheet changed (QR codes and posters cached; 1 run)
    oneregion  our rebuild after one region's YAML changed
    nochange   our rebuild with nothing changed
  the baseline, and per engine its cold build, no-change and one-region rebuilds, run in rounds (plain, then
  each engine's three, then again): every target's ratio compares medians of runs made in the same minutes
  scale-N      the default engine's cold build with N regions (4, 16)
  pdf          PDF printing of 40 notices (one browser, as the build does it), seconds per notice, and the
               default engine's cold build with every PDF (its peak memory: the 1 GB target)
  stages       each engine's cold and theme-change builds' own `--timings` (wall and CPU seconds per stage)
  profile      per-stage seconds of one cold build of 8 regions under cProfile (bench/stages.py), per engine
and the peak memory (PSS) of the whole process tree of every run. Prints a table and saves JSON under
bench/results/.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.posters import poster_figures
from bench.synthetic import CAMPAIGN, ROOT, write_project
from generator.engines import ENGINES
from generator.read import load_project
from generator.render import render_microsite
from generator.render.brand import brand_of
from generator.resolve import SiteMap, resolve_editions

WORK = ROOT / ".cache" / "bench"
BIN = Path(sys.executable).parent
TODAY = "2022-01-20"
ENV = {**os.environ, "PYTHONPATH": str(ROOT), "NO_MKDOCS_2_WARNING": "1"}
TARGETS = {"cold/baseline": 1.2, "themechange/baseline": 0.6, "nochange/cold": 0.2, "oneregion/cold": 0.2}
STAGES: dict[str, dict[str, dict[str, dict[str, float]]]] = {}  # run -> the build's own stage timings
Run = tuple[float, int, float]  # wall seconds, peak memory, CPU seconds
Measure = Callable[[], Run]


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


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(command: list[str], cwd: Path, capture: str = "stderr") -> tuple[float, int, str, float]:
    """Wall seconds, peak memory of the process tree, stderr (or stdout), and the CPU seconds of the whole
    tree (user and system, of every process it waited for): CPU seconds hardly change with other load on
    the machine, wall seconds do."""
    cpu = _children_cpu()
    started = time.monotonic()
    process = subprocess.Popen(
        command,
        cwd=cwd,
        stdout=subprocess.PIPE if capture == "stdout" else subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=ENV,
    )
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
    return seconds, peak[0], stdout if capture == "stdout" else stderr, _children_cpu() - cpu


STAGE_LINE = re.compile(r"^    (?P<stage>\S.*?) +(?P<wall>\d+\.\d+) / +(?P<cpu>\d+\.\d+)$")
LAST_TIMINGS: dict[str, dict[str, dict[str, float]]] = {}  # the latest build's `--timings`, by process


def stage_timings(stderr: str) -> dict[str, dict[str, dict[str, float]]]:
    """`campaignsite build --timings` as data: {"workers"|"main": {stage: {"wall_s", "cpu_s"}}}."""
    timings: dict[str, dict[str, dict[str, float]]] = {}
    part = None
    for line in stderr.split("阶段用时（秒）：墙钟 / CPU", 1)[-1].splitlines():
        if line.startswith("  在各工作进程中"):
            part = timings.setdefault("workers", {})
        elif line.startswith("  在主进程中"):  # its own CPU, without the workers' and the browser's
            part = timings.setdefault("main", {})
        elif part is not None and (match := STAGE_LINE.match(line)):
            part[match["stage"]] = {"wall_s": float(match["wall"]), "cpu_s": float(match["cpu"])}
    return timings


def our_build(project: Path, cache: Path, engine: str, *extra: str) -> tuple[float, int, float]:
    command = [
        sys.executable,
        "-m",
        "generator.cli",
        "build",
        "-q",
        "--today",
        TODAY,
        "--cache-dir",
        str(cache),
        "--engine",
        engine,
        "--timings",
        *extra,
    ]
    seconds, peak, stderr, cpu = timed(command, project)
    LAST_TIMINGS.clear()
    LAST_TIMINGS.update(stage_timings(stderr))
    return seconds, peak, cpu


def baseline_project(project: Path, target: Path) -> int:
    """The same Markdown pages in one plain MkDocs project (what a team writing pages by hand would build)."""
    shutil.rmtree(target, ignore_errors=True)
    loaded, _ = load_project(project / "campaigns")
    editions = resolve_editions(loaded)
    sites = SiteMap.of(loaded)
    pages = 0
    for edition in editions:
        site = render_microsite(
            edition, sites, moment=datetime.fromisoformat(TODAY).replace(tzinfo=UTC), with_pdf=False
        )
        for rel, content in site.pages.items():
            path = target / "docs" / edition.path / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
            pages += 1
    config = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    config["theme"]["custom_dir"] = str(project / "theme")
    config["docs_dir"], config["site_dir"] = "docs", "site"
    brand = brand_of(editions[0], sites.microsite(editions[0]), datetime.fromisoformat(TODAY).date()).as_config()
    config["extra"] = {**(config.get("extra") or {}), "brand": brand}
    (target / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return pages


def copy_project(project: Path, engine: str) -> Path:
    """The project's files (not its site) in a folder of the engine's own."""
    target = fresh(project.with_name(f"{project.name}-{engine}"))
    shutil.copytree(project, target, ignore=shutil.ignore_patterns("site", ".site*"))
    return target


def median_of(runs: int, measure: Measure) -> Run:
    return _median_run([measure() for _ in range(runs)])


def fresh(path: Path) -> Path:
    shutil.rmtree(path, ignore_errors=True)
    return path


def log(text: str) -> None:
    print(f"  {text}", file=sys.stderr, flush=True)


Timings = dict[str, dict[str, dict[str, float]]]  # a build's own `--timings`, by process and stage


def _median_run(runs: list[Run]) -> Run:
    return statistics.median(r[0] for r in runs), max(r[1] for r in runs), statistics.median(r[2] for r in runs)


def cold_build(engine: str, project: Path) -> tuple[Run, Timings]:
    """One cold build (no site, a fresh cache of the engine's own) and the build's own stage timings."""
    shutil.rmtree(project / "site", ignore_errors=True)
    measured = our_build(project, fresh(WORK / f"cache-{engine}"), engine, "--no-pdf")
    return measured, dict(LAST_TIMINGS)


def one_region_build(engine: str, project: Path, edit: int) -> Run:
    """A rebuild after one region's slogan changed (a new text each time: its posters are drawn again)."""
    region_file = next((project / "campaigns" / CAMPAIGN / "regions").glob("*.yaml"))
    original = region_file.read_text(encoding="utf-8")
    region_file.write_text(original.replace("过幸福大年", f"过幸福大年{engine}{edit}"), encoding="utf-8")
    try:
        return our_build(project, WORK / f"cache-{engine}", engine, "--no-pdf")
    finally:
        region_file.write_text(original, encoding="utf-8")


def rounds(plain: Measure, projects: dict[str, Path], runs: int) -> tuple[list[Run], dict[str, dict[str, list[Run]]]]:
    """`runs` rounds of: the plain MkDocs build, then per engine a cold build, a rebuild with no change and one
    after a region changed. A machine's speed drifts over a bench's minutes: every ratio of the targets
    compares runs made in the same rounds. Returns the plain builds and each engine's runs by kind, in round
    order (the median cold run's stage timings go to STAGES)."""
    plains: list[Run] = []
    made: dict[str, dict[str, list[Run]]] = {e: {"cold": [], "nochange": [], "oneregion": []} for e in projects}
    timings: dict[str, list[tuple[float, Timings]]] = {e: [] for e in projects}
    for number in range(1, runs + 1):
        plains.append(plain())
        for engine, project in projects.items():
            cold, stages = cold_build(engine, project)
            made[engine]["cold"].append(cold)
            timings[engine].append((cold[0], stages))
            made[engine]["nochange"].append(our_build(project, WORK / f"cache-{engine}", engine, "--no-pdf"))
            made[engine]["oneregion"].append(one_region_build(engine, project, number))
            log(
                f"round {number}, {engine}: "
                + " / ".join(f"{kind} {r[-1][0]:.2f} s" for kind, r in made[engine].items())
            )
    for engine, measured in timings.items():
        STAGES[engine] = sorted(measured, key=lambda run: run[0])[len(measured) // 2][1]  # the median run's
    return plains, made


def paired_ratios(made: dict[str, list[Run]], plains: list[Run], first_colds: list[Run]) -> dict[str, float]:
    """Each target's ratio round by round, then the median of those (a round's runs are a minute apart at most,
    the medians' ratio compares runs up to a bench's length apart); `first_colds`: the first engine's cold
    builds, which the others' are compared with."""
    per_round = {
        "cold/baseline": zip(made["cold"], plains, strict=True),
        "nochange/cold": zip(made["nochange"], made["cold"], strict=True),
        "oneregion/cold": zip(made["oneregion"], made["cold"], strict=True),
        f"cold/{ENGINES[0]} cold": zip(made["cold"], first_colds, strict=True),
    }
    return {name: round(statistics.median(a[0] / b[0] for a, b in pairs), 3) for name, pairs in per_round.items()}


def engine_figures(engine: str, project: Path, made: dict[str, Run]) -> tuple[dict[str, float], dict[str, int]]:
    """The rounds' medians (rounds()), then a rebuild after a theme change, from the last round's site and cache."""
    figures, peaks = {}, {}
    for kind, (seconds, peak, cpu) in made.items():
        figures[f"{kind}_s"], peaks[kind], figures[f"{kind}_cpu_s"] = seconds, peak, cpu
    stylesheet = project / "theme" / "assets" / "cs-campaign.css"
    css = stylesheet.read_text(encoding="utf-8")
    # every microsite goes through the engine again, but QR codes and posters come from the cache
    stylesheet.write_text(css + f"/* bench edit {engine} */\n", encoding="utf-8")
    figures["themechange_s"], peaks["themechange"], figures["themechange_cpu_s"] = our_build(
        project, WORK / f"cache-{engine}", engine, "--no-pdf"
    )
    STAGES[f"{engine} theme change"] = dict(LAST_TIMINGS)
    stylesheet.write_text(css, encoding="utf-8")
    log(
        f"{engine}: cold {figures['cold_s']:.1f} s, rebuilds {figures['nochange_s']:.2f} / "
        f"{figures['oneregion_s']:.2f} / {figures['themechange_s']:.1f} s"
    )
    return figures, peaks


def scale_figures(regions: int, campaigns: int, per_microsite_at_regions: float) -> tuple[dict, dict]:
    """A project of ~400 microsites (`campaigns` campaigns of `regions` regions: the county-level scale of a
    province's cities, as microsites): time per microsite against the 37-region build's, peak memory; then the
    same project as 2 shards built one after the other and merged, against the unsharded site."""
    project = write_project(WORK / "project-scale", regions, campaigns)
    microsites = campaigns * (regions + 1)
    shutil.rmtree(project / "site", ignore_errors=True)
    seconds, peak, _ = our_build(project, fresh(WORK / "cache-scale-big"), ENGINES[0], "--no-pdf")
    log(f"scale: {microsites} microsites in {seconds:.1f} s")
    scale = {
        "microsites": microsites,
        "seconds": round(seconds, 3),
        "seconds_per_microsite": round(seconds / microsites, 4),
        "per_microsite_ratio": round(seconds / microsites / per_microsite_at_regions, 3),
        "peak_mb": _mb(peak),
    }
    shard_seconds = []
    for index in range(2):  # each shard a cold build of its own, as on a CI runner
        folder = WORK / f"shard-{index}"
        shutil.rmtree(folder, ignore_errors=True)
        measured = our_build(
            project, fresh(WORK / f"cache-shard-{index}"), ENGINES[0], "--no-pdf", "--shard", f"{index}/2",
            "--site-dir", str(folder),
        )  # fmt: skip
        shard_seconds.append(round(measured[0], 3))
    merged = WORK / "merged"
    shutil.rmtree(merged, ignore_errors=True)
    command = [sys.executable, "-m", "generator.cli", "merge", str(WORK / "shard-0"), str(WORK / "shard-1"),
               "-q", "--no-pdf", "--today", TODAY, "--site-dir", str(merged)]  # fmt: skip
    merge_seconds, merge_peak, _, _ = timed(command, project)
    shards = {
        "identical": _tree(merged) == _tree(project / "site"),
        "merge_seconds": round(merge_seconds, 3),
        "shard_seconds": shard_seconds,
        "unsharded_seconds": round(seconds, 3),
        "merge_peak_mb": _mb(merge_peak),
    }
    log(f"shards: {shard_seconds} s + merge {merge_seconds:.1f} s, identical: {shards['identical']}")
    return scale, shards


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def stage_profile(engine: str) -> dict[str, object]:
    project = WORK / "project-8"
    if not project.is_dir():
        write_project(project, 8)
    stdout = timed(
        [sys.executable, str(ROOT / "bench" / "stages.py"), str(project), "--engine", engine, "--top", "10"],
        ROOT,
        capture="stdout",
    )[2]
    return json.loads(stdout)


def pdf_figures(site: Path) -> tuple[dict[str, float], int]:
    """PDF printing as the build does it (one browser, its default tabs), on a sample of the notices' print pages."""
    seconds, peak, stdout, _ = timed(
        [sys.executable, str(ROOT / "bench" / "print_sample.py"), str(site), str(fresh(WORK / "pdf")), "40"],
        ROOT,
        capture="stdout",
    )
    documents = int(stdout.strip() or 0)
    return {
        "documents": documents,
        "seconds": round(seconds, 3),
        "seconds_per_document": round(seconds / documents, 3) if documents else 0.0,
    }, peak


def _ratios(figures: dict[str, float], baseline: float) -> dict[str, float]:
    return {
        "cold/baseline": figures["cold_s"] / baseline,
        "themechange/baseline": figures["themechange_s"] / baseline,
        "nochange/cold": figures["nochange_s"] / figures["cold_s"],
        "oneregion/cold": figures["oneregion_s"] / figures["cold_s"],
    }


def _cpu_ratios(figures: dict[str, float], baseline_cpu: float) -> dict[str, float]:
    """CPU seconds against the plain build's: what a quiet machine's cores must do, whatever the load."""
    return {
        "cold_cpu/baseline_cpu": figures["cold_cpu_s"] / baseline_cpu,
        "themechange_cpu/baseline_cpu": figures["themechange_cpu_s"] / baseline_cpu,
    }


def _mb(value: int) -> float:
    return round(value / 2**20, 1)


def table(result: dict) -> list[tuple[str, str]]:
    engines = result["engines"]
    rows = [
        (
            f"plain mkdocs build ({result['baseline_pages']} pages)",
            f"{result['baseline_s']:.1f} s ({result['baseline_cpu_s']:.1f} CPU s)",
            "",
        )
    ]
    names = list(engines)
    for label, key, fmt in [
        ("cold build (no PDF)", "cold_s", "{:.1f} s"),
        ("rebuild after a theme change (1 run)", "themechange_s", "{:.1f} s"),
        ("rebuild, one region changed", "oneregion_s", "{:.1f} s"),
        ("rebuild, no change", "nochange_s", "{:.2f} s"),
        ("CPU seconds, cold build", "cold_cpu_s", "{:.1f} s"),
        ("CPU seconds, theme change", "themechange_cpu_s", "{:.1f} s"),
    ]:
        rows.append((label, *[fmt.format(engines[n]["figures"][key]) for n in names]))
    for ratio, target in TARGETS.items():
        rows.append(
            (
                f"ratio {ratio} (target ≤ {target})",
                *[
                    f"{engines[n]['ratios'][ratio]:.2f} {'met' if engines[n]['met'][ratio] else 'NOT met'}"
                    for n in names
                ],
            )
        )
    for ratio in engines[names[0]]["paired_ratios"]:
        rows.append(
            (
                f"ratio {ratio}, median of the rounds' ratios",
                *[f"{engines[n]['paired_ratios'][ratio]:.3f}" for n in names],
            )
        )
    for ratio in ("cold_cpu/baseline_cpu", "themechange_cpu/baseline_cpu"):
        rows.append((f"ratio {ratio}", *[f"{engines[n]['cpu_ratios'][ratio]:.2f}" for n in names]))
    rows.append(("peak memory, build without PDF", *[f"{engines[n]['peak_memory_mb']:.0f} MB" for n in names]))
    for n, seconds in result["scale_s"].items():
        rows.append((f"{names[0]} cold build, {n} regions", f"{seconds:.1f} s", ""))
    pdf = result["pdf"]
    rows.append(
        (
            "PDF printing (incl. browser start)",
            f"{pdf['documents']} notices, {pdf['seconds_per_document']:.2f} s each",
            "",
        )
    )
    rows.append(("peak memory, PDF printing (Chromium)", f"{result['peak_memory_mb_pdf']:.0f} MB", ""))
    rows.append(
        (
            f"{names[0]} cold build with PDFs",
            f"{pdf['full_build_with_pdf_s']:.1f} s, peak "
            f"{pdf['full_build_with_pdf_peak_memory_mb']:.0f} MB (target ≤ 1024)",
            "",
        )
    )
    if big := result["scale"]:
        rows.append(
            (
                f"{names[0]} cold build, {big['microsites']} microsites",
                f"{big['seconds']:.1f} s, {big['seconds_per_microsite']:.2f} s each "
                f"({big['per_microsite_ratio']:.2f}× the {result['regions']}-region figure), "
                f"peak {big['peak_mb']:.0f} MB",
                "",
            )
        )
        shards = result["shards"]
        rows.append(
            (
                "2 shards one after the other + merge",
                f"{' + '.join(f'{s:.1f}' for s in shards['shard_seconds'])} + {shards['merge_seconds']:.1f} s, "
                f"identical: {shards['identical']}",
                "",
            )
        )
    poster = result["print_poster"]
    rows.append(
        (
            "print poster, vector PDF (target ≤ 50 ms)",
            f"{poster['vector_pdf_ms']:.0f} ms each ({poster['posters']}), "
            f"preview PNG {poster['preview_png_ms']:.0f} ms",
            "",
        )
    )
    return [("", *names), *rows]


def profile_lines(result: dict) -> list[str]:
    lines = [
        f"  stages of the {run} build (CPU s, `--timings`): "
        + ", ".join(
            f"{stage} {times['cpu_s']:.1f}"
            for part in ("workers", "main")
            for stage, times in timings.get(part, {}).items()
            if times["cpu_s"] >= 0.1
        )
        for run, timings in result["stage_timings"].items()
    ]
    return lines + [
        f"  profile {engine} (share of a cold build of 8 regions under cProfile): "
        + ", ".join(f"{k} {v:.0%}" for k, v in profile["stage_share"].items() if v >= 0.02)
        for engine, profile in result["profile"].items()
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--scales", default="4,16", help="smaller campaigns for the default engine's cold build")
    parser.add_argument("--regions", type=int, default=37)
    parser.add_argument("--scale-campaigns", type=int, default=11, help="campaigns of the scale project (0: none)")
    args = parser.parse_args()
    project = write_project(WORK / f"project-{args.regions}", args.regions)
    pages = baseline_project(project, WORK / "baseline")

    def plain() -> tuple[float, int, float]:
        seconds, peak, _, cpu = timed([str(BIN / "mkdocs"), "build", "-q", "-f", "mkdocs.yml"], WORK / "baseline")
        return seconds, peak, cpu

    # each engine builds a project of its own (the same files): its rebuilds start from its own site
    projects = {engine: project if i == 0 else copy_project(project, engine) for i, engine in enumerate(ENGINES)}
    plains, made = rounds(plain, projects, args.runs)
    baseline, baseline_peak, baseline_cpu = _median_run(plains)
    log(f"plain mkdocs, {pages} pages: {baseline:.1f} s")
    engines = {}
    for engine in ENGINES:
        medians = {kind: _median_run(runs) for kind, runs in made[engine].items()}
        figures, peaks = engine_figures(engine, projects[engine], medians)
        ratios = _ratios(figures, baseline)
        engines[engine] = {
            "figures": {k: round(v, 3) for k, v in figures.items()},
            "ratios": {k: round(v, 3) for k, v in ratios.items()},
            "cpu_ratios": {k: round(v, 3) for k, v in _cpu_ratios(figures, baseline_cpu).items()},
            "met": {k: ratios[k] <= target for k, target in TARGETS.items()},
            "paired_ratios": paired_ratios(made[engine], plains, made[ENGINES[0]]["cold"]),
            "moonshot_cold_faster_than_plain_mkdocs": figures["cold_s"] < baseline,
            "peak_memory_mb": _mb(max(peaks.values())),
            "peak_memory_mb_by_run": {k: _mb(v) for k, v in peaks.items()},
        }
    pdf, pdf_peak = pdf_figures(project / "site")
    # the whole build as CI runs it, PDFs printed: its peak memory is the one the 1 GB target is about
    shutil.rmtree(project / "site", ignore_errors=True)
    pdf["full_build_with_pdf_s"], full_peak, pdf["full_build_with_pdf_cpu_s"] = our_build(
        project, fresh(WORK / "cache-pdf"), ENGINES[0]
    )
    pdf["full_build_with_pdf_peak_memory_mb"] = _mb(full_peak)
    scale = {}
    for size in [int(n) for n in args.scales.split(",") if n]:
        smaller = write_project(WORK / f"project-{size}", size)

        def cold(target: Path = smaller) -> tuple[float, int, float]:
            shutil.rmtree(target / "site", ignore_errors=True)
            return our_build(target, fresh(WORK / "cache-scale"), ENGINES[0], "--no-pdf")

        scale[str(size)] = median_of(args.runs, cold)[0]
    scale[str(args.regions)] = engines[ENGINES[0]]["figures"]["cold_s"]
    big, shards = (
        scale_figures(args.regions, args.scale_campaigns, scale[str(args.regions)] / (args.regions + 1))
        if args.scale_campaigns
        else ({}, {})
    )
    result = {
        "date": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "system": platform.platform(),
            "load_average_at_end": os.getloadavg(),
        },
        "runs": args.runs,
        "regions": args.regions,
        "microsites": args.regions + 1,
        "baseline_pages": pages,
        "baseline_s": round(baseline, 3),
        "baseline_cpu_s": round(baseline_cpu, 3),
        "baseline_peak_memory_mb": _mb(baseline_peak),
        "targets": TARGETS,
        "engines": engines,
        "scale_s": {k: round(v, 3) for k, v in scale.items()},
        "seconds_per_microsite": {k: round(v / (int(k) + 1), 3) for k, v in scale.items()},
        "pdf": pdf,
        "peak_memory_mb_pdf": _mb(pdf_peak),
        "print_poster": poster_figures(project),
        "scale": big,
        "shards": shards,
        "stage_timings": STAGES,
        "profile": {engine: stage_profile(engine) for engine in ENGINES},
    }
    rows = table(result)
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    print(f"\nbench: {args.regions} regions, median of {args.runs} runs, {os.cpu_count()} CPUs")
    for row in rows:
        print("  " + "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
    print("\n".join(profile_lines(result)))
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    text = json.dumps(result, ensure_ascii=False, indent=2) + "\n"
    (out / f"bench-{time.strftime('%Y%m%d-%H%M%S')}.json").write_text(text, encoding="utf-8")
    (out / "latest.json").write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
