"""Broken input: a clear message with file:line:col, exit status 1, no traceback, site/ untouched."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.support import HUNAN, NATIONAL, earlier_site, edit, line_of, run_cli, snapshot


@pytest.fixture
def previous_site(project: Path) -> dict[str, str]:
    earlier_site(project / "site")
    return snapshot(project / "site")


CASES = {
    "unknown-key": (
        HUNAN,
        "campaign_name:",
        "campaign_nme:",
        "campaign_nme",
        "schema-unknown-key",
        '未知字段 "campaign_nme"，是否为 "campaign_name"？',
    ),
    "wrong-type": (NATIONAL, "year: 2022", "year: 二〇二二", "year: 二〇二二", "schema-type", '"year" 应为整数'),
    "missing-field": (NATIONAL, "kind: 网上年货节\n", "", None, "schema-missing", '缺少必填字段 "kind"'),
    "syntax": (HUNAN, "name: 湖南", "name: [湖南", None, "yaml-syntax", "YAML 语法错误"),
    "bad-date": (NATIONAL, "start: 2022-01-10", "start: 2022-02-30", "start: 2022-02-30", "yaml-value", "日期"),
    "tab-indent": (HUNAN, "  - name: 兴盛优选", "\t- name: 兴盛优选", None, "yaml-syntax", "Tab"),
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_broken_yaml_is_reported_and_site_untouched(project: Path, previous_site: dict[str, str], case: tuple) -> None:
    rel, old, new, needle, rule, message = case
    edit(project / rel, old, new)
    result = run_cli("build", "-q", cwd=project)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    match = re.search(rf"^{re.escape(rel)}:(\d+):(\d+): error: (.*) \(({rule})\)$", result.stderr, re.M)
    assert match, result.stderr
    assert message in match.group(3)
    if needle:
        assert int(match.group(1)) == line_of(project / rel, needle)
    assert snapshot(project / "site") == previous_site
    assert not list(project.glob(".site.staging-*"))


@pytest.mark.unit
def test_unknown_key_points_at_the_key_column(project: Path) -> None:
    path = project / HUNAN
    edit(path, "    local: true\n", "    local: true\n    lcoal: true\n")
    result = run_cli("check", cwd=project)
    assert result.returncode == 1
    line = line_of(path, "lcoal")
    assert f'{HUNAN}:{line}:5: error: 未知字段 "lcoal"，是否为 "local"？ (schema-unknown-key)' in result.stdout


@pytest.mark.unit
def test_unknown_region_file_name_suggests_the_slug(project: Path) -> None:
    (project / HUNAN).rename(project / "campaigns/2022-nianhuojie/regions/hunna.yaml")
    result = run_cli("check", cwd=project)
    assert result.returncode == 1
    assert re.search(r"hunna.yaml:\d+:1: error: .*\(region-unknown\)", result.stdout)
    assert "改名为 hunan.yaml" in result.stdout


@pytest.mark.unit
def test_missing_notice_body_names_the_yaml_line(project: Path) -> None:
    (project / "content/2022-nianhuojie/regions/hunan/notices/hunan-2021-12-21.md").unlink()
    result = run_cli("check", cwd=project)
    line = line_of(project / HUNAN, "body: 2022-nianhuojie/regions/hunan")
    assert f"{HUNAN}:{line}:11: error:" in result.stdout and "(content-missing)" in result.stdout


def test_valid_build_replaces_previous_site(project: Path, previous_site: dict[str, str]) -> None:
    result = run_cli("build", "-q", cwd=project)
    assert result.returncode == 0, result.stderr
    assert (project / "site/2022-nianhuojie/hunan/index.html").is_file()
    assert "上一次发布的网站" not in (project / "site/index.html").read_text(encoding="utf-8")


def test_schema_command_publishes_json_schema(project: Path) -> None:
    result = run_cli("schema", "region", cwd=project)
    assert result.returncode == 0
    assert '"additionalProperties": false' in result.stdout and '"campaign_name"' in result.stdout


@pytest.mark.unit
def test_committed_schemas_are_current(tmp_path: Path) -> None:
    from tests.support import ROOT, run_in_process

    assert run_in_process(["schema", "--out", str(tmp_path)], ROOT).returncode == 0
    made = {path.name: path.read_text(encoding="utf-8") for path in tmp_path.iterdir()}
    assert set(made) == {f"{kind}.schema.json" for kind in ("campaign", "region", "site", "terms", "data")}
    for name, content in made.items():
        assert (ROOT / "schema" / name).read_text(encoding="utf-8") == content, f"run `make schema` ({name})"


@pytest.mark.unit
def test_shipped_yaml_carries_the_schema_modeline() -> None:
    from tests.support import ROOT

    for path in (ROOT / "campaigns").rglob("*.yaml"):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), path
        schema = (path.parent / first.split("$schema=")[1]).resolve()
        assert schema.is_file(), path
