"""A Chinese tool speaks Chinese: help, usage errors and YAML syntax errors carry no English words, only the
names of commands, options, files, rules and formats."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.findings import Finding, nest_quotes
from tests.support import HUNAN, ROOT, check_json, edit, run_cli, run_in_process

pytestmark = pytest.mark.unit

NAMES = {  # Latin words a Chinese message may carry: names of things, not English
    "campaignsite", "site", "campaigns", "content", "cache", "serve", "schema", "json", "text", "JSON", "Schema",
    "YAML", "YYYY", "MM", "DD", "PDF", "Word", "WPS", "docx", "Markdown", "Tab", "mkdocs", "zensical", "Material",
    "CPU", "CAMPAIGNSITE_CACHE_DIR", "nianhuojie", "hunan", "national", "campaign", "region", "data", "Ctrl",
    "C", "S", "OSS", "COS", "OBS", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "aws", "credentials", "deploy",
    "https", "nginx", "Caddy", "caddy", "netlify", "CSP", "HSTS", "Strict", "Transport", "Security", "headers", "terms",
    "CI",
}  # fmt: skip
COMMANDS = (
    "build",
    "check",
    "new-region",
    "serve",
    "export",
    "import-notice",
    "schema",
    "deploy",
    "headers",
    "audit",
    "merge",
)
OPTION = re.compile(r"(?<![\w-])-{1,2}[a-z][\w-]*")
PLACE = re.compile(r"^\S+:\d+:\d+: (?:error|warning): ")
RULE = re.compile(r" \([a-z0-9-]+\)$")


def english(text: str, typed: str = "") -> list[str]:
    """Latin words of `text` that are neither options, paths, rule ids nor names, nor what the editor typed
    (`typed`) quoted back to them."""
    text = re.sub(r"“([^”]*)”", lambda m: " " if m.group(1) in typed else m.group(0), text)
    for command in COMMANDS:
        text = re.sub(rf"(?<![\w-]){command}(?![\w-])", " ", text)
    text = re.sub(r'"[a-z_][\w.\[\]]*"', " ", text)  # a field's name, as the schema spells it
    text = OPTION.sub(" ", text)
    text = re.sub(r"\{[\w,-]+\}", " ", text)  # argparse's list of choices
    text = re.sub(r"\S*[/.]\S*", " ", text)  # paths, file names, addresses
    return [word for word in re.findall(r"[A-Za-z][A-Za-z_]*", text) if word not in NAMES]


@pytest.mark.parametrize("command", [(), ("build",), ("check",), ("serve",), ("export",), ("import-notice",),
                                     ("new-region",), ("schema",), ("deploy",), ("headers",), ("audit",),
                                     ("merge",)])  # fmt: skip
def test_help_is_chinese_and_every_option_is_explained(command: tuple[str, ...]) -> None:
    result = run_in_process([*command, "--help"], Path.cwd())
    text = result.stdout
    assert text.startswith("用法：campaignsite") and "显示本帮助并退出" in text
    assert english(text) == [], text
    lines = text.splitlines()
    for at, line in enumerate(lines):  # an option line without a help text would end at the option
        if line.startswith("  -") and not line.startswith("  -h"):
            said = lines[at + 1] if line.rstrip().endswith("}") else line  # after its choices: the next line
            assert re.search(r"[\u4e00-\u9fff]", said), line


@pytest.mark.parametrize(
    "argv",
    [[], ["foo"], ["build", "--jobs", "x"], ["build", "--today", "2022-13-01"], ["check", "--bogus"],
     ["check", "--format", "xml"], ["export"], ["serve", "--port"], ["import-notice", "a.docx"]],
)  # fmt: skip
def test_usage_errors_are_chinese_and_exit_2(argv: list[str]) -> None:
    result = run_in_process(argv, Path.cwd())
    assert result.returncode == 2
    assert "错误：" in result.stderr and "用法：" in result.stderr
    assert english(result.stderr, " ".join(argv)) == [], result.stderr


BROKEN_YAML = {  # what an editor may type -> where PyYAML stops
    "quote then text": 'campaign_name: "2022湖南"网上年货节\n',
    "unclosed quote": 'campaign_name: "2022湖南网上年货节\n',
    "tab indent": "platforms:\n\t- name: 京东\n",
    "colon in text": "summary: 时间: 1月10日: 开始\n",
    "unclosed bracket": "slogans: [湖湘年货, 网购过大年\n",
    "bad list indent": "slogans:\n  - 湖湘年货\n - 网购过大年\n",
    "alias": "theme: *主题\n",
    "tag": "theme: !湖湘年货\n",
    "second document": "theme: 甲\n---\ntheme: 乙\n",
    "at sign": "theme: @湖湘\n",
    "backtick": "theme: `湖湘`\n",
    "directive": "%YAML 2.0\n---\ntheme: 甲\n",
    "escape": 'theme: "\\q"\n',
    "key in flow": "theme: {a: b: c}\n",
    "block indicator": "summary: |0\n  文字\n",
}


@pytest.mark.parametrize("text", BROKEN_YAML.values(), ids=BROKEN_YAML.keys())
def test_yaml_syntax_errors_are_said_in_chinese(project: Path, text: str) -> None:
    (project / HUNAN).write_text(text, encoding="utf-8")
    code, findings = check_json(project)
    assert code == 1
    (finding,) = [f for f in findings if f["path"] == HUNAN]
    assert finding["rule"].startswith("yaml-")
    said = finding["message"] if finding["fix"] is None else f"{finding['message']} {finding['fix']}"
    assert english(said, text) == [], finding


def test_quotes_inside_quotes_are_nested_not_doubled(project: Path) -> None:
    edit(
        project / HUNAN,
        "    date: 2022-01-10\n    place: 形式另行通知",
        "    date: 2099-01-10\n    place: 形式另行通知",
    )
    result = run_cli("check", cwd=project)
    assert "活动“‘2022湖南网上年货节’启动仪式”" in result.stdout
    assert "““" not in result.stdout and "””" not in result.stdout


def test_nesting_keeps_what_it_cannot_balance() -> None:
    assert nest_quotes("活动““2022”启动”") == "活动“‘2022’启动”"
    assert nest_quotes("“一”“二”") == "“一”“二”"
    assert nest_quotes("半个”引号") == "半个”引号"
    assert nest_quotes("“未闭合") == "“未闭合"
    assert nest_quotes("活动“关于“‘一县一品’专场”的直播”") == "活动“关于‘“一县一品”专场’的直播”"  # levels alternate
    assert nest_quotes("it’s") == "it’s"
    finding = Finding("a.yaml", 1, 1, "error", "活动““甲”乙”", "x", fix="改为“丙”")
    assert (finding.message, finding.fix) == ("活动“‘甲’乙”", "改为“丙”")  # a fix is text to type: verbatim


def test_the_readme_says_what_make_installs_and_how_to_reach_the_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    packages = re.search(r"^APT_PACKAGES := (.*)$", makefile, re.M).group(1).split()
    said = re.search(r"`apt-get install ([^`]+)`", readme.replace("\n", " ")).group(1).split()
    assert said == packages
    commands = readme[readme.index("## Commands") :]
    assert commands.index(". .venv/bin/activate") < commands.index("campaignsite build")
    for target in set(re.findall(r"`make ([a-z-]+)`", readme)):
        assert re.search(rf"^{target}:", makefile, re.M), target
    assert (ROOT / ".venv/bin/activate").is_file() and (ROOT / ".venv/bin/campaignsite").is_file()


def test_a_schema_error_pydantic_words_in_english_is_said_in_chinese(project: Path) -> None:
    edit(project / HUNAN, "campaign_name: 2022湖南网上年货节", 'campaign_name: "2022\\uD800"')
    code, findings = check_json(project)
    (found,) = [f for f in findings if f["path"] == HUNAN]
    assert code == 1 and found["rule"] == "schema-invalid"
    assert english(found["message"] + " " + found["fix"]) == [], found
