"""The command line's arguments, in Chinese from the usage line to the last error: argparse's frame (用法, 参数,
选项, -h) and its error messages said in an editor's words; every option has a help text and a Chinese
placeholder."""

from __future__ import annotations

import argparse
import os
import re
import sys
import unicodedata
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any, NoReturn

from ..engines import ENGINES
from ..shards import shard_argument

_ERRORS = (  # argparse's messages (Python 3.11) -> Chinese
    (re.compile(r"^the following arguments are required: (.*)$"), "缺少参数：{0}"),
    (re.compile(r"^unrecognized arguments: (.*)$"), "无法识别的参数：{0}"),
    (re.compile(r"^ambiguous option: (\S+) could match (.*)$"), "选项 {0} 有歧义，可能是 {1}"),
    (re.compile(r"^one of the arguments (.*) is required$"), "需要以下参数之一：{0}"),
)
_ARGUMENT_ERRORS = (  # what follows "argument X: "
    (re.compile(r"^invalid choice: '(.*)' \(choose from (.*)\)$"), "取值“{0}”无效，可选：{1}"),
    (re.compile(r"^invalid int value: '(.*)'$"), "取值“{0}”不是整数"),
    (re.compile(r"^invalid \w+ value: '(.*)'$"), "取值“{0}”无效"),
    (re.compile(r"^expected one argument$"), "后面需要一个取值"),
    (re.compile(r"^expected at most one argument$"), "最多只能有一个取值"),
    (re.compile(r"^expected at least one argument$"), "至少需要一个取值"),
    (re.compile(r"^ignored explicit argument '(.*)'$"), "不接受取值“{0}”"),
    (re.compile(r"^not allowed with argument (.*)$"), "不能与 {0} 同时使用"),
)


def chinese_error(message: str) -> str:
    """argparse's error message in Chinese; our own (ArgumentTypeError) messages are Chinese already."""
    for pattern, chinese in _ERRORS:
        if match := pattern.match(message):
            return chinese.format(*(group.replace("'", "").replace(", ", "、") for group in match.groups()))
    if match := re.match(r"^argument (.+?): (.*)$", message):
        name, inner = match.groups()
        for pattern, chinese in _ARGUMENT_ERRORS:
            if found := pattern.match(inner):
                inner = chinese.format(*(group.replace("'", "").replace(", ", "、") for group in found.groups()))
                break
        return f"参数 {name.replace('/', ' 或 ')}：{inner}"
    return message


def _wide(text: str) -> int:
    """How many more columns `text` takes on a terminal than it has characters (a Chinese character takes two)."""
    return sum(1 for char in text if unicodedata.east_asian_width(char) in "WF")


class ChineseHelpFormatter(argparse.HelpFormatter):
    """argparse's layout, measured in terminal columns: Chinese placeholders line their help texts up."""

    def __init__(self, prog: str) -> None:
        super().__init__(prog, max_help_position=32)

    def _format_usage(
        self,
        usage: str | None,
        actions: Iterable[argparse.Action],
        groups: Iterable[argparse._MutuallyExclusiveGroup],
        prefix: str | None,
    ) -> str:
        prefix = "用法：" if prefix is None else prefix
        text = super()._format_usage(usage, actions, groups, prefix)
        return text.replace("\n ", "\n " + " " * _wide(prefix + self._prog)).rstrip(" ")

    def format_help(self) -> str:
        return re.sub(r"^(\S+):$", r"\1：", super().format_help(), flags=re.M)  # headings end with a Chinese colon

    def add_argument(self, action: argparse.Action) -> None:
        super().add_argument(action)
        if action.help is not argparse.SUPPRESS:
            shown = [action, *self._iter_indented_subactions(action)]
            widest = max(len(text) + _wide(text) for text in map(self._format_action_invocation, shown))
            self._action_max_length = max(self._action_max_length, widest + self._current_indent)

    def _format_action(self, action: argparse.Action) -> str:
        text = super()._format_action(action)
        header = " " * self._current_indent + self._format_action_invocation(action)
        padding = len(text[len(header) :]) - len(text[len(header) :].lstrip(" "))
        if text.startswith(header) and padding > 2 and not text[len(header) :].startswith(" \n"):
            text = header + text[len(header) + min(_wide(header), padding - 2) :]  # wide characters take two columns
        return text


class ChineseParser(argparse.ArgumentParser):
    """An ArgumentParser that speaks Chinese; its subcommands' parsers are of this class too."""

    def __init__(self, *args: Any, **kwargs: Any):
        kwargs.setdefault("formatter_class", ChineseHelpFormatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "参数"
        self._optionals.title = "选项"
        self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help="显示本帮助并退出")

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        hint = f"运行 {self.prog} --help 查看用法"
        self.exit(2, f"{self.prog}：错误：{chinese_error(message)}\n{hint}\n")


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期“{text}”的格式应为 YYYY-MM-DD") from None


def _port(text: str) -> int:
    if not text.isascii() or not text.isdigit() or not 1 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"端口“{text}”应为 1—65535 的整数")
    return int(text)


def _count(text: str) -> int:
    if not text.isascii() or not text.isdigit():
        raise argparse.ArgumentTypeError(f"“{text}”应为不小于 0 的整数")
    return int(text)


def _campaigns_argument(parser: argparse.ArgumentParser, *, positional: bool = True) -> None:
    what = "活动目录（默认为所在项目的 campaigns/）"
    if positional:
        parser.add_argument("campaigns", nargs="?", type=Path, default=None, metavar="活动目录", help=what)
    else:
        parser.add_argument("--campaigns", type=Path, default=None, metavar="目录", help=what)


def _content_argument(parser: argparse.ArgumentParser) -> None:
    help_text = "通知正文等 Markdown 的目录（默认为项目的 content/）"
    parser.add_argument("--content-dir", type=Path, default=None, metavar="目录", help=help_text)


def _today_argument(parser: argparse.ArgumentParser) -> None:
    help_text = "把哪一天当作“今天”：页面上的活动阶段、日程中的“今天”和日历的时间戳（默认今天）"
    parser.add_argument("--today", type=_date, metavar="日期", help=help_text)


def _build_arguments(parser: argparse.ArgumentParser) -> None:
    """What every command that builds accepts: date, workers, cache and PDF options."""
    _content_argument(parser)
    _today_argument(parser)
    parser.add_argument("-j", "--jobs", type=int, default=0, metavar="数量", help="并行进程数（默认每核一个）")
    parser.add_argument("--strict", action="store_true", help="警告也视为错误")
    parser.add_argument(
        "--release", action="store_true", help="为正式发布而生成：公开地址仍是示例域名（example.com 等）时报错"
    )
    parser.add_argument(
        "--no-cache", action="store_true", help="不读也不写任何缓存：二维码、海报、PDF 和所有微站全部重新生成"
    )
    parser.add_argument("--no-pdf", action="store_true", help="不用浏览器打印通知和表格的 PDF")
    parser.add_argument(
        "--engine",
        choices=ENGINES,
        default="mkdocs",
        help="生成网页的引擎：mkdocs（默认，Material 主题）或 zensical（Material 的后继）",
    )
    parser.add_argument(
        "--cache-dir",
        type=Path,
        default=os.environ.get("CAMPAIGNSITE_CACHE_DIR") or None,
        metavar="目录",
        help="缓存目录（二维码、海报、PDF 和微站记录，默认 .cache，或环境变量 CAMPAIGNSITE_CACHE_DIR）",
    )


def parser() -> argparse.ArgumentParser:
    main = ChineseParser(prog="campaignsite", description="网上促消费活动微站生成器")
    sub = main.add_subparsers(
        dest="command",
        required=True,
        title="命令",
        metavar="命令名",
        help="以下之一；campaignsite 命令名 --help 说明其选项",
    )

    build = sub.add_parser("build", help="检查并生成全部微站到 site/", description="检查并生成全部微站到 site/")
    _campaigns_argument(build)
    build.add_argument("--site-dir", type=Path, default=None, metavar="目录", help="输出目录（默认为项目的 site/）")
    build.add_argument("-q", "--quiet", action="store_true", help="不显示进度条")
    build.add_argument("--timings", action="store_true", help="列出各阶段用时（墙钟和 CPU 秒）")
    build.add_argument(
        "--shard",
        type=shard_argument,
        metavar="序号/总数",
        help="只生成其中一份微站（如 0/4，在多台 CI 机器上分别运行），写入 --site-dir，再用 merge 合并",
    )
    _build_arguments(build)

    merge = sub.add_parser(
        "merge",
        help="合并 build --shard 生成的各分片目录，写入门户首页和微站索引，检查全部链接后一次发布",
        description="检查各分片的清单（同一输入、每个微站恰好一份），合并为完整网站；日期和选项须与各分片相同",
    )
    merge.add_argument("folders", nargs="+", type=Path, metavar="分片目录", help="build --shard 的输出目录")
    _campaigns_argument(merge, positional=False)
    merge.add_argument("--site-dir", type=Path, default=None, metavar="目录", help="输出目录（默认为项目的 site/）")
    merge.add_argument("-q", "--quiet", action="store_true", help="不显示进度条")
    _build_arguments(merge)

    check = sub.add_parser("check", help="检查活动配置中的错误", description="检查活动配置中的错误，不生成网站")
    _campaigns_argument(check)
    _content_argument(check)
    check.add_argument("--format", choices=("text", "json"), default="text", help="输出格式：text（默认）或 json")
    check.add_argument("--strict", action="store_true", help="警告也视为错误")

    new = sub.add_parser("new-region", help="为活动新增一个地区：生成带中文注释的地区配置和主题分支目录")
    new.add_argument("campaign", metavar="活动", help="活动目录名，如 2022-nianhuojie")
    new.add_argument("region", metavar="地区", help="地区：拼音（hunan）、代码（430000）或名称（湖南）")
    _campaigns_argument(new, positional=False)

    serve = sub.add_parser("serve", help="本地预览，修改后自动重新生成并刷新页面")
    _campaigns_argument(serve)
    serve.add_argument("--port", type=_port, default=8000, metavar="端口", help="预览网址的端口（默认 8000）")
    serve.add_argument(
        "--host",
        default="127.0.0.1",
        metavar="地址",
        help="监听地址（默认 127.0.0.1，只有本机能打开）；"
        "写 0.0.0.0 可让同一网络的手机预览，但也会让别人看到未发布的草稿",
    )
    serve.add_argument("--site-dir", type=Path, default=None, metavar="目录", help="预览输出目录（默认 .cache/serve）")
    _content_argument(serve)
    _today_argument(serve)

    export = sub.add_parser("export", help="把一个微站生成为可单独部署的目录")
    export.add_argument("campaign", metavar="活动", help="活动目录名")
    export.add_argument("region", metavar="地区", help="地区（拼音、代码或名称）；national 表示全国微站")
    export.add_argument("target", type=Path, metavar="目录", help="导出到的新目录（不存在或为空）")
    _campaigns_argument(export, positional=False)
    _build_arguments(export)

    from .publish_arguments import add_publishing_commands  # a module of its own: this one stays short

    add_publishing_commands(sub)

    imported = sub.add_parser("import-notice", help="把 Word/WPS 公文（.docx）导入为通知：Markdown 正文和 YAML 条目")
    imported.add_argument("docx", type=Path, metavar="文件", help="公文的 .docx 文件")
    imported.add_argument("--campaign", required=True, metavar="活动", help="活动目录名，如 2022-nianhuojie")
    imported.add_argument("--region", metavar="地区", help="地区（拼音、代码或名称）；不填为全国活动")
    imported.add_argument("--id", metavar="名称", help="网址中的名称（小写字母、数字和连字符），默认取自发文字号")
    _campaigns_argument(imported, positional=False)

    schema = sub.add_parser("schema", help="输出活动配置的 JSON Schema")
    schema.add_argument(
        "which",
        nargs="?",
        choices=("campaign", "region", "site", "terms", "data"),
        default="campaign",
        metavar="种类",
        help=(
            "campaign（活动，默认）、region（地区）、site（网站）、terms（规范表述表）"
            "或 data（微站的开放数据 data.json）"
        ),
    )
    schema.add_argument("--out", type=Path, metavar="目录", help="写入目录（生成全部 schema 文件）")
    return main
