"""The `campaignsite` command line. Editors see Chinese messages and never a traceback."""

from __future__ import annotations

import argparse
import errno
import os
import sys
import traceback
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from ..engines import ENGINES, EngineConfig, engine
from ..findings import CampaignError, findings_to_json
from .report import print_made, print_report, print_timings

if TYPE_CHECKING:
    from ..options import BuildOptions


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期格式应为 YYYY-MM-DD：{text}") from None


def project_campaigns(start: Path | None = None) -> Path:
    """campaigns/ of the project the command runs in: this folder or the nearest one above that has it."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "campaigns").is_dir():
            return folder / "campaigns"
    return Path("campaigns")


def _campaigns_argument(parser: argparse.ArgumentParser, *, positional: bool = True) -> None:
    what = "活动目录（默认为所在项目的 campaigns/）"
    if positional:
        parser.add_argument("campaigns", nargs="?", type=Path, default=None, help=what)
    else:
        parser.add_argument("--campaigns", type=Path, default=None, help=what)


def _build_arguments(parser: argparse.ArgumentParser) -> None:
    """What every command that builds accepts: date, workers, cache and PDF options."""
    parser.add_argument("--content-dir", type=Path, default=None)
    parser.add_argument("--today", type=_date, help="生成时用于判断活动阶段的日期（默认今天）")
    parser.add_argument("-j", "--jobs", type=int, default=0, help="并行进程数（默认每核一个）")
    parser.add_argument("--strict", action="store_true", help="警告也视为错误")
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
        help="缓存目录（二维码、海报、PDF 和微站记录，默认 .cache，或环境变量 CAMPAIGNSITE_CACHE_DIR）",
    )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="campaignsite", description="网上促消费活动微站生成器")
    sub = parser.add_subparsers(dest="command", required=True)

    build = sub.add_parser("build", help="检查并生成全部微站到 site/")
    _campaigns_argument(build)
    build.add_argument("--site-dir", type=Path, default=None, help="输出目录（默认为项目的 site/）")
    build.add_argument("-q", "--quiet", action="store_true")
    build.add_argument("--timings", action="store_true", help="列出各阶段用时（墙钟和 CPU 秒）")
    _build_arguments(build)

    check = sub.add_parser("check", help="检查活动配置中的错误")
    _campaigns_argument(check)
    check.add_argument("--content-dir", type=Path, default=None)
    check.add_argument("--format", choices=("text", "json"), default="text")
    check.add_argument("--strict", action="store_true", help="警告也视为错误")

    new = sub.add_parser("new-region", help="为活动新增一个地区：生成带中文注释的地区配置和主题分支目录")
    new.add_argument("campaign", help="活动目录名，如 2022-nianhuojie")
    new.add_argument("region", help="地区：拼音（hunan）、代码（430000）或名称（湖南）")
    _campaigns_argument(new, positional=False)

    serve = sub.add_parser("serve", help="本地预览，修改后自动重新生成并刷新页面")
    _campaigns_argument(serve)
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--site-dir", type=Path, default=None, help="预览输出目录（默认 .cache/serve）")
    serve.add_argument("--today", type=_date)

    export = sub.add_parser("export", help="把一个微站生成为可单独部署的目录")
    export.add_argument("campaign", help="活动目录名")
    export.add_argument("region", help="地区（拼音、代码或名称）；national 表示全国微站")
    export.add_argument("target", type=Path, help="导出到的新目录（不存在或为空）")
    _campaigns_argument(export, positional=False)
    _build_arguments(export)

    imported = sub.add_parser("import-notice", help="把 Word/WPS 公文（.docx）导入为通知：Markdown 正文和 YAML 条目")
    imported.add_argument("docx", type=Path, help="公文的 .docx 文件")
    imported.add_argument("--campaign", required=True, help="活动目录名，如 2022-nianhuojie")
    imported.add_argument("--region", help="地区（拼音、代码或名称）；不填为全国活动")
    imported.add_argument("--id", help="网址中的名称（小写字母、数字和连字符），默认取自发文字号")
    _campaigns_argument(imported, positional=False)

    schema = sub.add_parser("schema", help="输出活动配置的 JSON Schema")
    schema.add_argument("which", nargs="?", choices=("campaign", "region", "site"), default="campaign")
    schema.add_argument("--out", type=Path, help="写入目录（生成全部三个 schema 文件）")
    return parser


def _build_options(args: argparse.Namespace, *, pdf: bool = True) -> BuildOptions:
    from ..documents import PdfConfig
    from ..options import BuildOptions, CacheConfig

    return BuildOptions(
        campaigns_dir=args.campaigns,
        site_dir=getattr(args, "site_dir", None),
        content_dir=getattr(args, "content_dir", None),
        today=args.today,
        jobs=getattr(args, "jobs", 0),
        strict=getattr(args, "strict", False),
        cache=CacheConfig(folder=getattr(args, "cache_dir", None), enabled=not getattr(args, "no_cache", False)),
        pdf=PdfConfig(enabled=pdf and not getattr(args, "no_pdf", False)),
        engine=_engine_config(getattr(args, "engine", "mkdocs")),
    )


def _engine_config(name: str) -> EngineConfig:
    """The engine, and what it cannot do yet, said before the build starts."""
    for limitation in engine(EngineConfig(name=name)).limitations:
        print(f"注意：{name} 引擎暂不支持：{limitation}", file=sys.stderr)
    return EngineConfig(name=name)


def _cmd_build(args: argparse.Namespace) -> int:
    from ..build import build_site
    from .progress import Progress

    report = build_site(_build_options(args), Progress(args.quiet).step)
    print_report(report)
    if args.timings:
        print_timings(report)
    return 0


def _cmd_check(args: argparse.Namespace) -> int:
    from ..check import run_checks
    from ..preflight import preflight
    from ..read import load_project

    try:
        project, findings = load_project(args.campaigns, args.content_dir)
        findings = sorted(findings + run_checks(project))
        if not any(f.severity == "error" for f in findings):  # what only making the pages would find
            findings = sorted(set(findings) | set(preflight(project)))
    except CampaignError as exc:
        findings = exc.findings
    if args.format == "json":
        print(findings_to_json(findings))
    else:
        for finding in findings:
            print(finding.format())
        errors = sum(1 for f in findings if f.severity == "error")
        print(f"{errors} 个错误，{len(findings) - errors} 个警告", file=sys.stderr)
    failing = [f for f in findings if f.severity == "error" or args.strict]
    return 1 if failing else 0


def _cmd_new_region(args: argparse.Namespace) -> int:
    from ..findings import display_path
    from .scaffold import new_region

    for path in new_region(args.campaigns, args.campaign, args.region):
        print(f"已创建 {display_path(path)}")
    print("下一步：编辑地区配置（去掉行首“# ”启用字段），然后运行 campaignsite check 和 make site。")
    return 0


def _cmd_serve(args: argparse.Namespace) -> int:
    from .serve import serve

    serve(_build_options(args, pdf=False), port=args.port)
    return 0


def _cmd_export(args: argparse.Namespace) -> int:
    from ..export import export_microsite
    from ..read.regions import find_region

    region = None if args.region == "national" else find_region(args.region)
    if args.region != "national" and region is None:
        print(f"不认识地区“{args.region}”：可写拼音（hunan）、代码（430000）或名称（湖南）", file=sys.stderr)
        return 2
    path = f"{args.campaign}/{region.slug}" if region else args.campaign
    target, made = export_microsite(_build_options(args), path, args.target)
    print_made(made)
    files = sum(1 for p in target.rglob("*") if p.is_file())
    print(f"已导出 {path}/ 到 {target}（{files} 个文件，链接均为相对路径或本站外的完整网址；404 错误页由托管网站提供）")
    return 0


def _cmd_import_notice(args: argparse.Namespace) -> int:
    from ..read.regions import find_region
    from .import_notice import import_notice, print_import

    region = find_region(args.region) if args.region else None
    if args.region and region is None:
        print(f"不认识地区“{args.region}”：可写拼音（hunan）、代码（430000）或名称（湖南）", file=sys.stderr)
        return 2
    print_import(*import_notice(args.docx, args.campaigns, args.campaign, region.slug if region else None, args.id))
    return 0


def _cmd_schema(args: argparse.Namespace) -> int:
    from ..read.jsonschema import schema_files

    files = schema_files()
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        for name, content in files.items():
            (args.out / name).write_text(content, encoding="utf-8")
        return 0
    print(files[f"{args.which}.schema.json"], end="")
    return 0


def _os_reason(error: OSError) -> str:
    reasons = {
        errno.EACCES: "没有权限",
        errno.EPERM: "没有权限",
        errno.ENOSPC: "磁盘空间不足",
        errno.EROFS: "文件系统只读",
        errno.ENOENT: "文件或目录不存在",
        errno.EEXIST: "同名文件已存在",
        errno.ENOTDIR: "路径中有一段是文件而不是目录",
    }
    return reasons.get(error.errno or 0, error.strerror or "系统错误")


def _crash() -> str:
    """A bug of ours: the details go to a file for the maintainers; the editor gets where it is."""
    log = Path(".cache") / "campaignsite-error.log"
    try:
        log.parent.mkdir(parents=True, exist_ok=True)
        log.write_text(traceback.format_exc(), encoding="utf-8")
        return f"详细信息已写入 {log}"
    except OSError:
        return "无法写入错误日志"


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if getattr(args, "campaigns", "") is None:
        args.campaigns = project_campaigns()
    handlers = {
        "build": _cmd_build,
        "check": _cmd_check,
        "schema": _cmd_schema,
        "new-region": _cmd_new_region,
        "serve": _cmd_serve,
        "export": _cmd_export,
        "import-notice": _cmd_import_notice,
    }
    try:
        return handlers[args.command](args)
    except CampaignError as exc:
        for finding in exc.findings:
            print(finding.format(), file=sys.stderr)
        if args.command == "build":
            print("未生成网站：请先修正以上错误（原有 site/ 保持不变）。", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("已中断，原有 site/ 保持不变。", file=sys.stderr)
        return 130
    except OSError as error:  # the machine's fault, not the editor's: say which file and why, in Chinese
        where = f"“{error.filename}”" if error.filename else ""
        print(f"无法读写文件{where}：{_os_reason(error)}。原有 site/ 保持不变。", file=sys.stderr)
        return 1
    except Exception:
        print(
            f"campaignsite 内部错误，原有 site/ 保持不变。请把此消息和出错时修改的文件告诉维护人员（{_crash()}）。",
            file=sys.stderr,
        )
        return 1
