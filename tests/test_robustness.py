"""No input makes check or build print a traceback; YAML text is always escaped; killed builds leave site/ intact."""

from __future__ import annotations

import copy
import io
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.cli import main
from tests.support import HUNAN, ROOT, copy_project, run_cli, snapshot, start_build

HUNAN_DATA = yaml.safe_load((ROOT / HUNAN).read_text(encoding="utf-8"))
ODD_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    ODD_TEXT,
    st.dates().map(str),
    st.just("x" * 100_000),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(ODD_TEXT, inner, max_size=4)),
    max_leaves=20,
)


def _paths(data: object, at: tuple = ()) -> list[tuple]:
    out = [at]
    if isinstance(data, dict):
        for key, value in data.items():
            out += _paths(value, (*at, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            out += _paths(value, (*at, i))
    return out


def _mutate(data: dict, path: tuple, action: str, value: object) -> dict:
    data = copy.deepcopy(data)
    if not path:
        return value if action == "replace" else data  # type: ignore[return-value]
    parent = data
    for part in path[:-1]:
        parent = parent[part]
    if action == "delete":
        del parent[path[-1]]
    else:
        parent[path[-1]] = value
    return data


def _check_quietly(project: Path) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(["check", str(project / "campaigns"), "--content-dir", str(project / "content")])
    return code, out.getvalue() + err.getvalue()


_TEMPLATE = Path(tempfile.mkdtemp(prefix="cs-robust-"))
copy_project(_TEMPLATE / "p")


def _with_hunan(text: str) -> tuple[int, str]:
    target = Path(tempfile.mkdtemp(prefix="cs-case-"))
    try:
        shutil.copytree(_TEMPLATE / "p", target / "p")
        (target / "p" / HUNAN).write_text(text, encoding="utf-8", errors="surrogatepass")
        return _check_quietly(target / "p")
    finally:
        shutil.rmtree(target)


@pytest.mark.unit
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_mutated_region_yaml_gives_error_or_success(data: st.DataObject) -> None:
    path = data.draw(st.sampled_from(_paths(HUNAN_DATA)))
    action = data.draw(st.sampled_from(["delete", "replace"] if path else ["replace"]))
    mutated = _mutate(HUNAN_DATA, path, action, data.draw(VALUES))
    code, output = _with_hunan(yaml.safe_dump(mutated, allow_unicode=True))
    assert code in (0, 1)
    if code == 1:
        assert "campaigns/2022-nianhuojie/regions/hunan.yaml:" in output


@pytest.mark.unit
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300))
def test_random_text_as_yaml_never_crashes(text: str) -> None:
    code, output = _with_hunan(text)
    assert code in (0, 1)
    assert "Traceback" not in output


@pytest.mark.unit
def test_alias_bomb_is_refused() -> None:
    lines = ['code: "430000"', "name: 湖南", 'a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    code, output = _with_hunan("\n".join(lines) + "\n")
    assert code == 1 and "(yaml-too-large)" in output


@pytest.mark.unit
def test_deep_nesting_is_refused() -> None:
    code, output = _with_hunan("code: " + "[" * 5000 + "]" * 5000 + "\n")
    assert code == 1 and "yaml-too-deep" in output


def test_yaml_text_is_escaped_in_html(project: Path) -> None:
    path = project / HUNAN
    text = path.read_text(encoding="utf-8").replace(
        "theme: 湖湘年货 网购过大年",
        "theme: \"<script>alert('年货')</script>\"\nslogans: ['**粗体** <img src=x onerror=alert(1)>']",
    )
    path.write_text(text, encoding="utf-8")
    result = run_cli("build", "-q", "--today", "2022-01-20", cwd=project)
    assert result.returncode == 0, result.stderr
    html = (project / "site/2022-nianhuojie/hunan/index.html").read_text(encoding="utf-8")
    assert "<script>alert(" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(&#39;年货&#39;)&lt;/script&gt;" in html
    assert "**粗体**" in html  # Markdown syntax in YAML text is not interpreted either


PRE_PUBLISH = ("loaded", "rendered", "printed", "assembled")


def _kill_at(project: Path, stage: str) -> None:
    """Start a build paused at `stage` (it says so on stderr), then SIGKILL its whole process group."""
    proc = start_build(project, stage, "--today", "2022-01-20")
    try:
        reported = _until_checkpoint(proc)
        assert reported.startswith(f"checkpoint: {stage} "), f"the build never reached {stage}"
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        proc.stderr.close()


def _until_checkpoint(proc: subprocess.Popen) -> str:
    for line in iter(proc.stderr.readline, ""):
        if line.startswith("checkpoint:"):
            return line.strip()
    return ""


def test_killed_build_leaves_previous_or_whole_new_site(project: Path, tmp_path: Path) -> None:
    edited = copy_project(tmp_path / "edited")
    for root in (project, edited):
        assert run_cli("build", "-q", "--today", "2022-01-20", cwd=root).returncode == 0
    before = snapshot(project / "site")
    for root in (project, edited):
        (root / HUNAN).write_text(
            (root / HUNAN).read_text(encoding="utf-8").replace("兴盛优选", "兴盛优选新"), encoding="utf-8"
        )
    assert run_cli("build", "-q", "--today", "2022-01-20", cwd=edited).returncode == 0
    after = snapshot(edited / "site")
    assert after != before
    for stage in PRE_PUBLISH:
        _kill_at(project, stage)
        assert snapshot(project / "site") == before, f"site/ changed after SIGKILL at {stage}"
    _kill_at(project, "published")  # killed after the swap: the whole new site, never a mix
    assert snapshot(project / "site") == after
    # the next build cleans the killed builds' staging folders and publishes
    assert run_cli("build", "-q", "--today", "2022-01-20", cwd=project).returncode == 0
    assert not list(project.glob(".site.staging-*"))
    assert snapshot(project / "site") == after


def _git(root: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=编辑", "-c", "user.email=editor@example.gov.cn", *args],
        cwd=root,
        check=True,
        capture_output=True,
    )


def test_a_committed_cache_or_site_stops_check_and_build(tmp_path: Path) -> None:
    """`git add -f .cache` passes .gitignore: a build would take an editor's cached files as its own."""
    project = copy_project(tmp_path / "project")
    _git(project, "init", "-q")
    _git(project, "add", "-A")
    _git(project, "commit", "-q", "-m", "campaigns")
    assert run_cli("check", cwd=project).returncode == 0  # a clean work tree: nothing said
    planted = project / ".cache/words/0123456789abcdef/dictionary.freq"
    planted.parent.mkdir(parents=True)
    planted.write_text('{"total": 1, "words": {"年": 1}}', encoding="utf-8")
    _git(project, "add", "-f", ".cache")
    _git(project, "commit", "-q", "-m", "cache")
    for command in (["check"], ["build", "-q", "--no-pdf"]):
        result = run_cli(*command, cwd=project)
        said = result.stdout + result.stderr  # check: findings on stdout; build: on stderr
        assert result.returncode == 1 and "committed-output" in said, said
        assert ".cache/words/0123456789abcdef/dictionary.freq" in said
        assert "git rm -r --cached .cache site" in said
    assert not (project / "site").exists()


def _pid_namespaces() -> bool:
    try:
        probe = subprocess.run(["unshare", "--pid", "--fork", "--mount-proc", "true"], capture_output=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return probe.returncode == 0


@pytest.mark.skipif(not _pid_namespaces(), reason="needs unshare --pid (root, util-linux)")
@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_a_build_that_is_a_containers_first_process_builds(tmp_path: Path, engine: str) -> None:
    """`docker run image campaignsite build`: the build is pid 1, so every worker's parent is pid 1 from the start.
    A worker must not take that for its parent having died (processes.py), nor Zensical's builder for its worker."""
    project = copy_project(tmp_path / "project")
    build = ["build", "-q", "--no-pdf", "--today", "2022-01-20", "--engine", engine]
    result = subprocess.run(
        ["unshare", "--pid", "--fork", "--mount-proc", sys.executable, "-m", "generator.cli", *build],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert (project / "site/2022-nianhuojie/hunan/index.html").is_file()


@pytest.mark.unit
def test_workers_started_inside_the_sites_lock_have_ended_when_they_are_closed() -> None:
    """Workers forked once a build holds the site's lock (a preview's, an export's) hold the lock's file too:
    closing them waits until they have ended, even where a build would let warm workers end on their own, so
    that the next build of `serve` does not wait for the one that just ended."""
    from generator.microsites import Workers

    workers = Workers(2)  # not warmed: started by its first call, inside the lock
    pool = workers._pool(2)
    assert {pool.submit(os.getpid).result() for _ in range(4)} - {os.getpid()}  # they ran, elsewhere
    processes = list(pool._processes.values())
    workers.close(wait=False)
    assert [process.is_alive() for process in processes] == [False, False]
