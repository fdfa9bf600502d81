"""`campaignsite check`: each mistake of the seeds (and one per rule) is reported with rule, file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support import HUNAN, HUNAN_NOTICE, LIAONING, NATIONAL, SHUANGPIN, check_json, edit, line_of, run_cli


@pytest.mark.unit
def test_shipped_campaigns_pass(project: Path) -> None:
    code, findings = check_json(project)
    assert code == 0
    assert [f for f in findings if f["severity"] == "error"] == []


# (file, text to replace, replacement, text on the reported line, rule id, severity, words in message or fix)
SEED_MISTAKES = {
    # the Hunan notice misspells two law names
    "hunan-fa-longduan-yaml": (
        HUNAN,
        "laws: [电子商务法, 反垄断法,",
        "laws: [电子商务法, 发垄断法,",
        "laws:",
        "law-name",
        "error",
        "反垄断法",
    ),
    "hunan-fa-longduan-text": (
        HUNAN_NOTICE,
        "《反垄断法》《反不正当竞争法》",
        "《发垄断法》《反不正当竞争法》",
        "《发垄断法》",
        "law-name",
        "error",
        "反垄断法",
    ),
    "hunan-bu-dang-jingzheng": (
        HUNAN_NOTICE,
        "《反不正当竞争法》《个人",
        "《反不当竞争法》《个人",
        "《反不当竞争法》",
        "law-name",
        "error",
        "反不正当竞争法",
    ),
    # an event typed in the previous year
    "event-wrong-year": (
        HUNAN,
        "    date: 2022-01-10\n    place: 形式另行通知",
        "    date: 2021-01-10\n    place: 形式另行通知",
        "date: 2021-01-10",
        "date-wrong-year",
        "error",
        "2022-01-10",
    ),
    # day count and lunar range typed into text must agree with the calendar
    "days-in-text": (HUNAN_NOTICE, "共29天", "共30天", "共30天", "calendar-days", "error", "共29天"),
    "lunar-in-text": (
        HUNAN_NOTICE,
        "（腊月初八至正月初七",
        "（腊月初九至正月初七",
        "腊月初九",
        "calendar-lunar",
        "error",
        "腊月初八至正月初七",
    ),
    # the seeds write a second number without its area code
    "phone-without-area-code": (
        LIAONING,
        "phone: 024-86911695",
        "phone: 86911695",
        "phone: 86911695",
        "contact-phone",
        "error",
        "区号",
    ),
    "bad-email": (
        HUNAN,
        "email: hndzsw@163.com",
        "email: hndzsw163.com",
        "email: hndzsw163.com",
        "contact-email",
        "error",
        "邮箱",
    ),
    "http-zone": (
        HUNAN,
        "url: https://www.xsyxsc.com/",
        "url: http://www.xsyxsc.com/",
        "url: http://www.xsyxsc.com/",
        "url-https",
        "error",
        "https",
    ),
    "javascript-url": (
        HUNAN,
        "url: https://www.xsyxsc.com/",
        "url: javascript:alert(1)",
        "url: javascript:",
        "url-scheme",
        "error",
        "https://",
    ),
    "region-code": (HUNAN, 'code: "430000"', 'code: "420000"', 'code: "420000"', "region-code", "error", "湖北省"),
    "unknown-branch-venue": (
        NATIONAL,
        "branch_venues: [辽宁,",
        "branch_venues: [辽林,",
        "branch_venues:",
        "region-unknown",
        "error",
        "辽林",
    ),
    "doc-number-brackets": (
        SHUANGPIN,
        "number: 商办电函〔2021〕107号",
        "number: 商办电函(2021)107号",
        "number: 商办电函(",
        "notice-number",
        "error",
        "商办电函〔2021〕107号",
    ),
    "phase-overlap": (
        SHUANGPIN,
        "  - name: 预热启动\n    start: 2021-04-23",
        "  - name: 预热启动\n    start: 2021-04-20",
        "start: 2021-04-20",
        "date-phase-overlap",
        "error",
        "活动筹备",
    ),
    "deadline-before-period": (
        SHUANGPIN,
        "    due: 2021-05-11\n",
        "    due: 2021-05-09\n",
        "due: 2021-05-09",
        "date-deadline-before",
        "error",
        "2021-05-10",
    ),
    "period-reversed": (
        SHUANGPIN,
        "  end: 2021-05-10",
        "  end: 2021-04-10",
        "end: 2021-04-10",
        "date-period-order",
        "error",
        "早于",
    ),
    "region-period-outside": (
        HUNAN,
        "principle:",
        "period:\n  start: 2022-01-01\n  end: 2022-02-07\nprinciple:",
        "period:",
        "date-region-outside",
        "error",
        "超出",
    ),
    "event-unknown-phase": (
        SHUANGPIN,
        "phase: 预热启动",
        "phase: 预热",
        "phase: 预热",
        "date-unknown-phase",
        "error",
        "预热启动",
    ),
    "principle-mismatch": (
        HUNAN,
        "principle: 政府指导、企业为主",
        "principle: 政府主导、企业为主",
        "principle:",
        "principle-mismatch",
        "warning",
        "政府指导",
    ),
}


# the cases whose words are said in the message; the others' words are in the fix (the right value)
SAID_IN_MESSAGE = {"bad-email", "region-code", "unknown-branch-venue", "phase-overlap", "period-reversed",
                   "region-period-outside"}  # fmt: skip


@pytest.mark.unit
@pytest.mark.parametrize("name", SEED_MISTAKES)
def test_mistake_is_reported_at_its_line(project: Path, name: str) -> None:
    rel, old, new, marker, rule_id, severity, words = SEED_MISTAKES[name]
    edit(project / rel, old, new)
    code, findings = check_json(project)
    hits = [f for f in findings if f["rule"] == rule_id]
    assert hits, findings
    hit = hits[0]
    assert hit["path"] == rel
    assert hit["line"] == line_of(project / rel, marker)
    assert hit["severity"] == severity
    assert words in hit["message" if name in SAID_IN_MESSAGE else "fix"], hit
    assert code == (1 if severity == "error" else 0)


@pytest.mark.unit
def test_warnings_fail_only_with_strict(project: Path) -> None:
    edit(project / HUNAN, "url: https://www.xsyxsc.com/", "url: https://www.xsyxsc.com/\n  - name: 某平台")
    assert check_json(project)[0] == 0
    assert check_json(project, "--strict")[0] == 1


@pytest.mark.unit
def test_text_output_is_compiler_style(project: Path) -> None:
    edit(project / HUNAN_NOTICE, "《反垄断法》", "《发垄断法》")
    result = run_cli("check", cwd=project)
    line = line_of(project / HUNAN_NOTICE, "发垄断法")
    assert f"{HUNAN_NOTICE}:{line}:" in result.stdout
    assert "error: 法律法规名称《发垄断法》有误，正式简称为《反垄断法》 (law-name)" in result.stdout
    assert result.returncode == 1


def test_build_refuses_to_publish_on_a_check_error(project: Path) -> None:
    edit(project / LIAONING, "phone: 024-86911695", "phone: 86911695")
    result = run_cli("build", "-q", cwd=project)
    assert result.returncode == 1 and "(contact-phone)" in result.stderr
    assert not (project / "site").exists()


@pytest.mark.unit
def test_usage_error_exits_2(project: Path) -> None:
    result = run_cli("check", "--format", "xml", cwd=project)
    assert result.returncode == 2


@pytest.mark.unit
def test_the_platform_registry_reads_as_pyyaml_reads_it() -> None:
    """data/platforms.yaml is read by libyaml (a worker's warm-up reads it too): the same data PyYAML's own
    parser gives."""
    from importlib.resources import files

    import yaml

    from generator.check.urls import official_platforms

    text = files("generator").joinpath("data/platforms.yaml").read_text(encoding="utf-8")
    assert yaml.load(text, Loader=yaml.CSafeLoader) == yaml.load(text, Loader=yaml.SafeLoader)
    assert len(official_platforms()) >= 15  # the registry's platforms, not an empty file
