"""Both engines build the same microsites: the same pages, titles, brand marks, fork layers and links; the
same escaping of every YAML string; exports that stand alone. Zensical says what it cannot do yet."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import urljoin, urlsplit

import pytest
import yaml

from generator.engines.zensical import from_source
from tests.browser import site_of
from tests.hostile import RAW_TAG, leaks, settle, write_hostile_project
from tests.support import BUILD_DAY, ROOT, copy_project, run_cli

DAY = ("--today", BUILD_DAY.isoformat())
# what each engine ships of its own: its scripts, styles, search index and sitemap
ENGINE_FILES = re.compile(r"(^|/)(assets/(javascripts|stylesheets|images)/|search/|search\.json$|sitemap\.xml)")


@pytest.fixture(scope="module")
def zensical_site(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return site_of("zensical", built_site, tmp_path_factory)


class _Page(HTMLParser):
    """What a visitor reads and follows on a page, engine furniture aside."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.title, self.h1, self.brand, self.links, self.forks = "", "", {}, set(), set()
        self._into: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag in ("title", "h1") and not getattr(self, tag):
            self._into = tag
        elif values.get("data-cs-brand"):
            self._into = f"brand:{values['data-cs-brand']}"
        if values.get("data-region-fork"):
            self.forks.add(values["data-region-fork"])
        for name in ("href", "src"):
            target = values.get(name)
            if target and not re.match(r"^[a-z]+:", target) and not ENGINE_FILES.search(target):
                self.links.add(target.split("#")[0])

    def handle_endtag(self, tag: str) -> None:
        if self._into and (self._into == tag or self._into.startswith("brand:")):
            self._into = None

    def handle_data(self, data: str) -> None:
        if self._into in ("title", "h1"):
            setattr(self, self._into, (getattr(self, self._into) + data).strip())
        elif self._into:
            self.brand[self._into] = (self.brand.get(self._into, "") + data).strip()


def _read(site: Path) -> dict[str, _Page]:
    pages = {}
    for path in sorted(site.rglob("index.html")):
        page = _Page()
        page.feed(path.read_text(encoding="utf-8"))
        base = "/" + path.parent.relative_to(site).as_posix() + "/"
        page.links = {urlsplit(urljoin(base, link)).path for link in page.links}
        pages[path.relative_to(site).as_posix()] = page
    return pages


def test_both_engines_publish_the_same_pages_marks_and_links(built_site: Path, zensical_site: Path) -> None:
    def files(site: Path) -> set[str]:
        return {
            p.relative_to(site).as_posix()
            for p in site.rglob("*")
            if p.is_file() and not ENGINE_FILES.search(p.relative_to(site).as_posix())
        }

    assert files(built_site) == files(zensical_site)
    mkdocs, zensical = _read(built_site), _read(zensical_site)
    assert mkdocs.keys() == zensical.keys() and len(mkdocs) > 40
    for name, page in mkdocs.items():
        other = zensical[name]
        assert (other.title, other.h1, other.brand, other.forks) == (page.title, page.h1, page.brand, page.forks), name
        # the navigation differs in form between the themes; every link of the MkDocs page is there too
        assert page.links - other.links <= {"/404.html"}, f"{name}: {sorted(page.links - other.links)}"
    assert zensical["2022-nianhuojie/hunan/index.html"].forks == {"hunan"}  # the fork's hero banner


def test_zensical_microsites_share_the_themes_assets_as_one_file(zensical_site: Path) -> None:
    """Zensical copies the theme's assets into every microsite; handed over from memory, each is hard-linked
    from the build's store instead (as the MkDocs engine does): one file, the bytes Zensical copied. A fork's
    microsite (hunan) keeps what Zensical wrote."""
    bundles = sorted(zensical_site.rglob("assets/javascripts/bundle.*.min.js"))
    shared = [p for p in bundles if "/hunan/" not in p.as_posix()]
    assert len(shared) >= 4  # the campaigns' national microsites and their regions but the fork
    assert len({p.stat().st_ino for p in shared}) == 1
    assert len({p.read_bytes() for p in bundles}) == 1
    (fork,) = [p for p in bundles if "/hunan/" in p.as_posix()]
    assert fork.stat().st_ino != shared[0].stat().st_ino


def test_zensical_build_says_what_it_cannot_do_yet(zensical_site: Path, project: Path) -> None:
    result = run_cli("build", "-q", "--no-pdf", *DAY, "--engine", "zensical", cwd=project)
    assert result.returncode == 0, result.stderr
    assert "zensical 引擎暂不支持：" in result.stderr and "Intl.Segmenter" in result.stderr
    default = run_cli("build", "-q", "--no-pdf", *DAY, cwd=project)
    assert "引擎暂不支持" not in default.stderr


def test_zensical_not_installed_is_said_without_a_traceback(project: Path) -> None:
    """A machine set up by hand, without `make deps`: the editor learns what to run, site/ is untouched."""
    hide = (
        "import importlib.util, sys; found = importlib.util.find_spec; "
        "importlib.util.find_spec = lambda name, *a: None if name == 'zensical' else found(name, *a); "
        "from generator.cli import main; sys.exit(main(sys.argv[1:]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", hide, "build", "-q", "--no-pdf", *DAY, "--engine", "zensical"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 1
    assert "mkdocs.yml:1:1: error: 本机没有安装 Zensical" in result.stderr and "make deps" in result.stderr
    assert "Traceback" not in result.stderr and not (project / "site").exists()


def test_changing_engine_rebuilds_every_microsite(project: Path) -> None:
    first = run_cli("build", "-q", "--no-pdf", *DAY, cwd=project)
    again = run_cli("build", "-q", "--no-pdf", *DAY, "--engine", "zensical", cwd=project)
    assert first.returncode == 0 and again.returncode == 0, first.stderr + again.stderr
    assert "（0 个未改动" in again.stderr
    assert 'content="zensical-' in (project / "site/2022-nianhuojie/index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_an_export_stands_alone(project: Path, tmp_path: Path, engine: str) -> None:
    target = tmp_path / "hunan"
    result = run_cli(
        "export", "2022-nianhuojie", "hunan", str(target), "--no-pdf", *DAY, "--engine", engine, cwd=project
    )
    assert result.returncode == 0, result.stderr
    files = [p for p in target.rglob("*") if not p.is_dir()]
    assert not any(p.is_symlink() for p in files)
    assert not (target / "404.html").exists()
    theme_assets = [p for p in files if "javascripts" in p.parts]
    assert theme_assets and all(p.stat().st_size > 0 for p in theme_assets)


def test_mkdocs_theme_assets_are_one_copy_per_build_linked_into_each_microsite(built_site: Path) -> None:
    bundle = next((built_site / "2022-nianhuojie/assets/javascripts").glob("bundle.*.min.js"))
    same = built_site / "2022-nianhuojie/hunan/assets/javascripts" / bundle.name
    assert os.path.samefile(bundle, same)
    assert bundle.stat().st_nlink >= 5  # every microsite of the shipped campaigns


def test_every_string_field_is_escaped_on_zensical(tmp_path: Path) -> None:
    root = tmp_path / "hostile"
    shutil.copytree(Path(__file__).parents[1] / "theme", root / "theme")
    shutil.copy(Path(__file__).parents[1] / "mkdocs.yml", root / "mkdocs.yml")
    fields = write_hostile_project(root)

    def check(project: Path) -> dict:
        return json.loads(run_cli("check", "--format", "json", cwd=project).stdout)

    settle(root, check)
    result = run_cli("build", "-q", "--no-pdf", *DAY, "--engine", "zensical", cwd=root)
    assert result.returncode == 0, result.stderr
    found, _ = leaks(root / "site", fields)
    # Zensical's own script bundle holds the text "onerror=": code it ships, no page of ours
    assert [f for f in found if not ENGINE_FILES.search(f.split(":")[0])] == []
    index = json.loads((root / "site/cs/hunan/search.json").read_text(encoding="utf-8"))
    texts = [value for item in index["items"] for value in (item["title"], item["text"])]
    assert not [m for text in texts for m in RAW_TAG.findall(text)]
    assert any("&lt;i&gt;F" in text for text in texts)  # the payload is there, as text


def test_a_broken_fork_template_on_zensical(project: Path) -> None:
    fork = project / "campaigns/2022-nianhuojie/regions/hunan/overrides/main.html"
    fork.write_text(
        '{% extends "campaign.html" %}\n{% block hero %}{{ page.nothing.here }}{% endblock %}\n', encoding="utf-8"
    )
    result = run_cli("build", "-q", "--no-pdf", *DAY, "--engine", "zensical", cwd=project)
    assert result.returncode == 1
    assert "Zensical 生成“2022湖南网上年货节”的页面时出错" in result.stderr and "(theme-template)" in result.stderr
    assert "Traceback" not in result.stderr and not (project / "site").exists()


@pytest.mark.parametrize(
    ("page", "link", "handed"),
    [
        ("index.md", "platforms/", "platforms/"),
        ("platforms.md", "../assets/qr/site.svg", "assets/qr/site.svg"),
        ("regions.md", "../hunan/", "hunan/"),
        ("notices/index.md", "gongxiaofei/", "gongxiaofei/"),
        ("notices/gongxiaofei.md", "../../print/notice-1.html", "../print/notice-1.html"),
        ("index.md", "../", "../"),
        ("contact.md", "tel:12315", "tel:12315"),
        ("rights.md", "https://www.12315.cn/?a=1", "https://www.12315.cn/?a=1"),
        ("schedule.md", "#day-1", "#day-1"),
    ],
)
def test_links_are_handed_to_zensical_from_the_markdown_file(page: str, link: str, handed: str) -> None:
    assert (
        from_source(f'<a href="{link}">x</a> <img src="{link}">', page)
        == f'<a href="{handed}">x</a> <img src="{handed}">'
    )
    published = PurePosixPath(page).parent if page.endswith("index.md") else PurePosixPath(page).with_suffix("")
    assert published  # the page folder the link was written from


def _link_theme_assets(job: tuple[Path, int]) -> int:
    from generator.engines.shared import link_shared

    root, number = job
    assets = Path(__file__).parents[1] / "theme"
    files = [(p, p.relative_to(assets).as_posix()) for p in sorted(assets.rglob("*")) if p.is_file()]
    return link_shared(root / "scratch", files, root / f"out-{number}")


def test_workers_linking_shared_files_at_once_never_lose_one(tmp_path: Path) -> None:
    """Many workers store and link the same files at the same moment (as microsites of one build do)."""
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(4) as pool:
        linked = list(pool.map(_link_theme_assets, [(tmp_path, n) for n in range(200)]))
    assert len(set(linked)) == 1 and linked[0] > 5
    store = tmp_path / "scratch/shared-files"
    assert not list(store.rglob(".part-*"))
    assert all(
        os.path.samefile(store / "assets/cs-campaign.css", tmp_path / f"out-{n}/assets/cs-campaign.css")
        for n in range(200)
    )


def test_zensical_builds_a_project_inside_a_dot_folder(tmp_path: Path) -> None:
    """Only the theme's own dot files are left out, not a theme whose project lies in a dot folder."""
    root = copy_project(tmp_path / ".hidden" / "project")
    result = run_cli("build", "-q", "--no-pdf", *DAY, "--engine", "zensical", cwd=root)
    assert result.returncode == 0, result.stderr
    assert 'lang="zh-CN"' in (root / "site/2022-nianhuojie/index.html").read_text(encoding="utf-8")


LEAN_CONFIGURATION = """
import copy, sys, yaml
import zensical.config as config
from generator.engines.zensical_builder import lean_configuration
read = lambda: (copy.deepcopy(config.parse_config(sys.argv[1])), config._list_templates(config.get_config()))
before = read()
lean_configuration()
after = read()
assert config.Loader is getattr(yaml, "CSafeLoader", yaml.SafeLoader)
assert after == before, "the lean configuration reads another configuration"
print(len(before[1]), len([path for path, _ in before[1] if path.startswith(sys.argv[2])]))
"""


@pytest.mark.unit
def test_zensical_reads_a_microsites_configuration_the_same_when_lean(tmp_path: Path) -> None:
    """The builder reads Zensical's configuration with libyaml's safe loader and lists the theme without its
    icons: the same configuration, template list and modification times as Zensical's own reading of the
    settings the engine writes (its dumper: a next line U+0085 and an emoji in a title too), the theme's files
    and Zensical's in it (a Zensical whose private reader changed fails here, not in a build)."""
    from generator.engines.settings import read_base
    from generator.engines.zensical import _DUMPER

    config = read_base(ROOT)
    config["theme"] = {**config["theme"], "custom_dir": str(ROOT / "theme"), "variant": "classic"}
    config.update(
        site_name="2022安徽网上年货节 &amp; “引号”\x85下一行 🧧",
        site_url="https://example.cn/2022/anhui/",
        docs_dir="docs",
        site_dir="site",
        nav=[{"首页": "index.md"}, {"通知公告": [{"关于举办的通知": "notices/a.md"}]}],
        extra={"brand": {"credits": [["指导单位", "商务部、中央网信办"]], "party_mark": None, "days": 29}},
        plugins=[{"search": {"separator": "[\\s\\u200b\\-，。、]+"}}],
        validation=False,
    )
    (tmp_path / "docs/notices").mkdir(parents=True)
    (tmp_path / "docs/index.md").write_text("# 首页\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(
        yaml.dump(config, Dumper=_DUMPER, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    result = subprocess.run(
        [sys.executable, "-c", LEAN_CONFIGURATION, str(tmp_path / "mkdocs.yml"), str(ROOT / "theme")],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    templates, ours = map(int, result.stdout.split())
    assert ours == sum(1 for path in (ROOT / "theme").rglob("*") if path.is_file())
    assert templates > ours  # Zensical's own templates, its icons left out


UNSAFE_THEME_CONFIGURATION = """
import sys
import zensical.config as config
from generator.engines.zensical_builder import lean_configuration
if sys.argv[2] == "lean":
    lean_configuration()
try:
    config.parse_config(sys.argv[1])
except Exception as error:
    print(type(error).__name__)
"""


@pytest.mark.unit
@pytest.mark.parametrize("reading", ["zensical", "lean"])
def test_no_yaml_in_a_theme_folder_runs_code_in_zensicals_builder(tmp_path: Path, reading: str) -> None:
    """Zensical reads a theme folder's mkdocs_theme.yml with PyYAML's full loader, which runs what a
    `!!python/object/apply` tag names: the builder's safe loader refuses it (Zensical's own reading, first,
    shows the file would run). A fork's overrides never reach Zensical with such a file (check/forks.py refuses
    it, and the layered theme leaves it out)."""
    theme, marker = tmp_path / "theme", tmp_path / "ran"
    theme.mkdir()
    (theme / "main.html").write_text("{{ page.content }}", encoding="utf-8")
    (theme / "mkdocs_theme.yml").write_text(
        f"x: !!python/object/apply:os.mkdir ['{marker}']\n",
        encoding="utf-8",
    )
    (tmp_path / "docs").mkdir()
    settings = {"site_name": "x", "docs_dir": "docs", "theme": {"name": "material", "custom_dir": str(theme)}}
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(settings), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-c", UNSAFE_THEME_CONFIGURATION, str(tmp_path / "mkdocs.yml"), reading],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert marker.exists() == (reading == "zensical")
    if reading == "lean":
        assert result.stdout.strip() == "ConfigurationError"


@pytest.mark.unit
def test_a_forks_layered_theme_for_zensical_holds_only_templates_and_assets(tmp_path: Path) -> None:
    from generator.engines.zensical import _layered_theme

    national, fork = tmp_path / "national", tmp_path / "fork"
    (national / "partials").mkdir(parents=True)
    (national / "main.html").write_text("national", encoding="utf-8")
    (fork / "assets").mkdir(parents=True)
    (fork / "main.html").write_text("{{ page.title }}", encoding="utf-8")
    (fork / "assets/region.css").write_text("body{}", encoding="utf-8")
    (fork / "mkdocs_theme.yml").write_text("extends: mkdocs\n", encoding="utf-8")
    (tmp_path / "work").mkdir()
    merged = _layered_theme(national, (fork,), tmp_path / "work")
    names = sorted(p.relative_to(merged).as_posix() for p in merged.rglob("*") if p.is_file())
    assert names == ["assets/region.css", "main.html"]
    assert "page.title" in (merged / "main.html").read_text(encoding="utf-8")


@pytest.mark.unit
def test_microsites_of_one_theme_share_a_jinja_environment_in_a_worker(tmp_path: Path) -> None:
    """Templates are compiled and loaded once per worker for every microsite of the same theme layering (Material
    names its search plugin material/search: the check once missed it); a fork's layering gets its own."""
    script = """
import io, sys
from mkdocs.config import load_config
from generator.engines.mkdocs_speed import speed_up
def env(fork=None):
    config = load_config(config_file=io.StringIO("{}"), config_file_path=sys.argv[1], site_name="x",
                         theme={"name": "material"}, plugins=["search"])
    speed_up(config, [], fork_templates=fork)
    return config.theme.get_env()
first, second = env(), env()
assert first is second, "a new environment for the same theme"
assert env(frozenset({"main.html"})) is not first
"""
    (tmp_path / "docs").mkdir()
    result = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path / "mkdocs.yml")], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


WARMED_THEN_MADE = """
import sys, jinja2
from pathlib import Path
from generator.build import _microsites
from generator.microsite import WarmUp, make_microsite, warm_up
from generator.options import BuildOptions, load_checked
from generator.publish import Staging
from generator.read.layout import ProjectLayout
from generator.resolve import SiteMap, resolve_editions
root, site = Path(sys.argv[1]), Path(sys.argv[2])
options = BuildOptions(campaigns_dir=root / "campaigns", today=__import__("datetime").date(2022, 1, 20))
warm_up(WarmUp(options.engine, None, ProjectLayout.at(options.campaigns_dir)))
compiled, compile = [], jinja2.Environment.compile
def counted(self, source, name=None, filename=None, *args, **kwargs):
    compiled.append(str(filename))
    return compile(self, source, name, filename, *args, **kwargs)
jinja2.Environment.compile = counted
project, _ = load_checked(options)
national = resolve_editions(project)[0]
with Staging.next_to(site).open() as staging:
    microsites = _microsites(project, SiteMap.of(project), staging, options, None, 1)
    make_microsite(microsites.job(national))
print("\\n".join(compiled))
"""


@pytest.mark.unit
def test_a_warmed_up_worker_builds_its_first_microsite_without_compiling_a_theme_template(tmp_path: Path) -> None:
    """The warm-up compiles the national theme's templates (Material's and the project's theme/) while the
    build reads the project: the worker's first microsite loads every one of them compiled."""
    import material

    result = subprocess.run(
        [sys.executable, "-c", WARMED_THEN_MADE, str(ROOT), str(tmp_path / "site")],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    compiled = result.stdout.split()
    theme_folders = (str(Path(material.__file__).parent), str(ROOT / "theme"))
    assert compiled, "the generator's own templates are compiled where they are first used"
    icons = f"{theme_folders[0]}/templates/.icons/"  # an SVG named by the config at run time (menu, magnify …)
    assert [name for name in compiled if name.startswith(theme_folders) and not name.startswith(icons)] == []


WARM_UP_ONLY = """
import sys
from pathlib import Path
from generator.engines.mkdocs import MkDocsEngine
MkDocsEngine().warm_up(Path(sys.argv[1]), Path(sys.argv[1]) / "theme")
print("warmed")
"""


@pytest.mark.unit
@pytest.mark.parametrize(
    "mkdocs_yml",
    ["theme:\n  name: material\nplugins:\n  - no-such-plugin\n", "theme: [", "theme:\n  name: no-such-theme\n"],
)
def test_a_warm_up_says_nothing_of_a_project_mkdocs_cannot_read(tmp_path: Path, mkdocs_yml: str) -> None:
    """A broken mkdocs.yml or theme is the build's to report, at its line: the warm-up neither raises nor
    writes to the worker's output (in a process of its own, as a worker: no test harness catches its logs)."""
    (tmp_path / "mkdocs.yml").write_text(mkdocs_yml, encoding="utf-8")
    (tmp_path / "theme").mkdir()
    result = subprocess.run(
        [sys.executable, "-c", WARM_UP_ONLY, str(tmp_path)], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert (result.stdout, result.stderr) == ("warmed\n", "")


WARM_UP_COMPILES = """
import sys
from pathlib import Path
import generator.engines.mkdocs as engine
compiled = []
engine.compile_theme = lambda env, roots: compiled.append(roots) or 0
engine.MkDocsEngine().warm_up(Path(sys.argv[1]), Path(sys.argv[1]) / "theme")
print(len(compiled))
"""


@pytest.mark.unit
@pytest.mark.parametrize("planted", ["", "link", "fifo"])
def test_a_warm_up_opens_nothing_the_build_has_not_checked(tmp_path: Path, planted: str) -> None:
    """The warm-up runs while the build still reads and checks the project: a theme folder holding a link out
    of the project or a FIFO (which would block whoever opens it) is not compiled there (the build refuses the
    link at its path); the shipped theme is."""
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    shutil.copytree(ROOT / "theme", tmp_path / "theme")
    if planted == "link":
        (tmp_path / "theme/partials/outside.html").symlink_to("/etc/hostname")
    elif planted == "fifo":
        os.mkfifo(tmp_path / "theme/partials/blocking.html")
    result = subprocess.run(
        [sys.executable, "-c", WARM_UP_COMPILES, str(tmp_path)], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["0" if planted else "1"]


@pytest.mark.unit
def test_compiling_a_theme_follows_every_template_named_by_a_constant(tmp_path: Path) -> None:
    """compile_theme reaches what main.html extends, includes and imports, each compiled as Jinja's loader would
    compile it; a name built at run time is left to the build."""
    import jinja2

    from generator.engines.mkdocs_speed import compile_theme
    from generator.render.compiled import CompiledTemplates

    templates = {
        "main.html": '{% extends "base.html" %}{% block b %}{% include "part.html" %}{% endblock %}',
        "base.html": '{% import "macros.html" as m %}{% block b %}{% endblock %}{% include "x/" ~ name %}',
        "part.html": "{{ 1 + 1 }}",
        "macros.html": "{% macro f() %}f{% endmacro %}",
        "unused.html": "never named",
    }
    for name, text in templates.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    kept = tmp_path / "kept"
    memory = CompiledTemplates()
    memory.keep_in(kept)
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(tmp_path)), bytecode_cache=memory)
    assert compile_theme(env, ["main.html", "missing.html"]) == 4  # missing.html: looked for, not found
    # another process with the same folder: nothing parsed or compiled, the same templates reached
    later = CompiledTemplates()
    later.keep_in(kept)
    env_later = jinja2.Environment(loader=jinja2.FileSystemLoader(str(tmp_path)), bytecode_cache=later)
    assert compile_theme(env_later, ["main.html"]) == 0
    assert set(later._codes) == set(memory._codes)
    assert env.bytecode_cache is not None
    cached = env.bytecode_cache._codes  # type: ignore[attr-defined]
    for name in ("main.html", "base.html", "part.html", "macros.html"):
        bucket = env.bytecode_cache.get_bucket(env, name, str(tmp_path / name), templates[name])
        assert bucket.code is not None, name
        assert bucket.code.co_code == env.compile(templates[name], name, str(tmp_path / name)).co_code
    assert len(cached) == 4  # unused.html is not compiled


@pytest.mark.unit
def test_the_search_index_has_the_builds_words(tmp_path: Path) -> None:
    """The search plugin cuts Chinese where line breaks and printed titles do (render/segment.py), never with
    jieba's shared dictionary: that costs 0.5 s a worker to load, and a user dictionary loaded into it for each
    microsite segmented a worker's later microsites differently (大年 against 大/年: merged shards differed).
    In a process of its own, as a worker: whether jieba's dictionary was loaded is the process's state."""
    script = """
import io, sys, jieba
from mkdocs.config import load_config
from generator.engines.mkdocs_speed import speed_up
from generator.render.segment import segmented
config = load_config(config_file=io.StringIO("{}"), config_file_path=sys.argv[1], site_name="x",
                     theme={"name": "material"}, plugins=["search"])
assert list(config.plugins) == ["material/search"]  # Material's name for it
speed_up(config, [], fork_templates=None)
text = "2022湖南网上年货节：买四川好物 过幸福大年，拼多多、饿了么专区"
first = list(jieba.cut(text.encode("utf-8")))  # as the plugin asks
for _ in range(50):
    speed_up(config, [], fork_templates=None)
assert list(jieba.cut(text.encode("utf-8"))) == first == list(segmented(text)), first
assert "网上年货节" in first and "拼多多" in first and "饿了么" in first
assert not jieba.dt.initialized  # jieba's own dictionary never loaded
"""
    (tmp_path / "docs").mkdir()
    result = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path / "mkdocs.yml")], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


def _zensical_project(folder: Path, title: str) -> Path:
    (folder / "docs").mkdir(parents=True)
    (folder / "docs/index.md").write_text(f"# {title}\n", encoding="utf-8")
    (folder / "mkdocs.yml").write_text(f"site_name: {title}\ndocs_dir: docs\nsite_dir: site\n", encoding="utf-8")
    return folder / "mkdocs.yml"


def test_zensical_builder_serves_builds_one_after_another_and_is_started_anew(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A worker's builder process builds each microsite it is given; one that failed (the process may be left in
    any state) or ended is replaced for the next build, and says why it failed. It imports nothing from the
    folder it runs in (the project's, where an editor could plant a module)."""
    from generator.engines import zensical_builder as zensical

    planted = tmp_path / "project"
    planted.mkdir()
    for module in ("json", "zensical", "generator", "markdown"):
        (planted / f"{module}.py").write_text(f"open({str(tmp_path / 'ran')!r}, 'a').write('{module}')\n")
    monkeypatch.chdir(planted)
    first, second = _zensical_project(tmp_path / "a", "甲"), _zensical_project(tmp_path / "b", "乙")
    assert zensical.in_builder(first)() == (True, [])
    builder = zensical._builder
    assert builder is not None
    assert zensical.in_builder(second)() == (True, [])
    assert zensical._builder is builder  # the same process, both sites built
    assert "乙" in (tmp_path / "b/site/index.html").read_text(encoding="utf-8")

    (tmp_path / "a/mkdocs.yml").write_text("site_name: [\n", encoding="utf-8")
    succeeded, report = zensical.in_builder(first)()
    assert not succeeded and report and zensical._builder is None
    assert builder.process.returncode is not None  # ended (at once: it may be in any state) and reaped

    assert zensical.in_builder(second)() == (True, [])  # a new one
    replacement = zensical._builder
    assert replacement is not None and replacement is not builder
    replacement.process.kill()
    replacement.process.wait()
    assert zensical.in_builder(second)() == (True, [])  # the ended one is replaced before it is given a build
    assert zensical._builder is not replacement

    hanging = _zensical_project(tmp_path / "c", "丙")
    (tmp_path / "c/docs/index.md").unlink()
    os.mkfifo(tmp_path / "c/docs/index.md")  # read by the build, never written: the build waits until it is killed
    waiting = zensical.in_builder(hanging)
    killed = zensical._builder
    assert killed is not None
    killed.process.kill()
    succeeded, report = waiting()
    assert not succeeded and report[-1] == "Zensical 进程意外结束（退出码 -9）"
    assert zensical._builder is None
    assert not (tmp_path / "ran").exists()


def test_zensical_builder_keeps_nothing_of_one_microsite_for_the_next(tmp_path: Path) -> None:
    """One builder builds a region with its fork's template, then one without, then the first again: each
    is built from its own theme (Zensical keeps state between builds in one process)."""
    from generator.engines import zensical_builder

    forked, plain = _zensical_project(tmp_path / "fork", "甲"), _zensical_project(tmp_path / "plain", "乙")
    overrides = tmp_path / "fork" / "overrides"
    overrides.mkdir()
    (overrides / "main.html").write_text(
        '{% extends "base.html" %}{% block content %}FORK-MARK{{ super() }}{% endblock %}', encoding="utf-8"
    )
    theme = "theme:\n  name: material\n  custom_dir: overrides\n"
    forked.write_text(forked.read_text(encoding="utf-8") + theme, encoding="utf-8")
    plain.write_text(plain.read_text(encoding="utf-8") + "theme:\n  name: material\n", encoding="utf-8")
    for config in (forked, plain, forked):
        assert zensical_builder.in_builder(config)() == (True, [])
        page = (config.parent / "site/index.html").read_text(encoding="utf-8")
        assert ("FORK-MARK" in page) == (config == forked), config
    builder = zensical_builder._builder
    assert builder is not None
    builder.stop()
    assert builder.process.returncode == 0
