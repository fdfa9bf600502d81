"""Where a cold build spends its time: one cold build in this process, one microsite after another, under
cProfile. Prints JSON: seconds per pipeline stage (cumulative, profiler included) and the functions with the
most time of their own.

    python bench/stages.py PROJECT --engine mkdocs [--top 15]
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import shutil
import sys
import tempfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from generator import build as building
from generator import microsites
from generator.build import build_site
from generator.documents import PdfConfig
from generator.engines import EngineConfig
from generator.options import BuildOptions, CacheConfig

# (stage, module path suffix, function name): cumulative time of these functions is the stage's time
STAGES = [
    ("read+check", "generator/options.py", "load_checked"),
    ("resolve", "generator/resolve/editions.py", "resolve_editions"),
    ("render", "generator/render/__init__.py", "render_microsite"),
    ("assets: QR codes", "generator/assets/__init__.py", "_code"),
    ("assets: posters", "generator/assets/__init__.py", "_posters"),
    ("documents", "generator/microsite.py", "_documents"),
    ("engine", "generator/engines/mkdocs.py", "build"),
    ("engine", "generator/engines/zensical.py", "build"),
    ("write", "generator/publish/staging.py", "write"),
    ("brand guard", "generator/publish/brand_guard.py", "verify_brand"),
    ("link check", "generator/publish/links.py", "broken_links"),
    ("link check", "generator/publish/pagescan.py", "scan_pages"),
    ("publish", "generator/publish/staging.py", "publish"),
]


def _short(key: tuple[str, int, str]) -> str:
    filename, line, name = key
    for marker in ("site-packages/", "/generator/"):
        if marker in filename:
            filename = filename.split(marker, 1)[1]
            break
    return f"{filename}:{line}({name})"


def _in_this_process(self: object, jobs: list, *_: object) -> Iterator:
    """Workers.results for a cold build (nothing to take from an earlier site), one microsite after another."""
    return (microsites.make_or_report(job) for job in jobs)


def profile(project: Path, engine: str, top: int) -> dict[str, object]:
    work = Path(tempfile.mkdtemp(prefix="campaignsite-profile-"))
    options = BuildOptions(
        campaigns_dir=project / "campaigns",
        site_dir=work / "site",
        today=date(2022, 1, 20),
        jobs=1,
        cache=CacheConfig(folder=work / "cache"),
        pdf=PdfConfig(enabled=False),
        engine=EngineConfig(name=engine),
    )
    profiler = cProfile.Profile()
    in_workers, warming = microsites.Workers.results, building.Workers
    # the build's workers run each microsite in another process, out of the profiler's sight: here, in this one
    # (and none is started to warm up beside it)
    microsites.Workers.results = _in_this_process  # type: ignore[method-assign,assignment]
    building.Workers = lambda count=0, warm=None: warming(count)  # type: ignore[assignment,misc]
    try:
        profiler.runcall(build_site, options)
    finally:
        microsites.Workers.results = in_workers  # type: ignore[method-assign]
        building.Workers = warming  # type: ignore[misc]
        shutil.rmtree(work, ignore_errors=True)
    stats = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    total = max(entry[3] for entry in stats.values())
    stages: dict[str, float] = {}
    for stage, path, name in STAGES:
        seconds = sum(entry[3] for key, entry in stats.items() if key[0].endswith(path) and key[2] == name)
        if seconds:
            stages[stage] = round(stages.get(stage, 0.0) + seconds, 2)
    own = sorted(stats.items(), key=lambda item: item[1][2], reverse=True)[:top]
    return {
        "engine": engine,
        "total_s": round(total, 2),
        "stages_s": stages,
        "stage_share": {k: round(v / total, 3) for k, v in stages.items()},
        "top_own_time": [
            {
                "function": _short(key),
                "calls": entry[1],
                "own_s": round(entry[2], 2),
                "cumulative_s": round(entry[3], 2),
            }
            for key, entry in own
        ],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("--engine", default="mkdocs")
    parser.add_argument("--top", type=int, default=15)
    args = parser.parse_args()
    print(json.dumps(profile(args.project.resolve(), args.engine, args.top), ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
