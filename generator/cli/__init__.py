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

from ..findings import CampaignError, findings_to_json

if TYPE_CHECKING:
    from ..build import BuildOptions
    from ..publish import PdfConfig


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期格式应为 YYYY-MM-DD：{text}") from None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="campaignsite", description="网上促消费活动微站生成器")
    sub = parser.add_subparsers(dest="command", required=True)

    build = sub.add_parser("build", help="检查并生成全部微站到 site/")
    build.add_argument("campaigns", nargs="?", default="campaigns", type=Path)
    build.add_argument("--site-dir", type=Path, default=None, help="输出目录（默认为项目的 site/）")
    build.add_argument("--content-dir", type=Path, default=None)
    build.add_argument("--today", type=_date, help="生成时用于判断活动阶段的日期（默认今天）")
    build.add_argument("-j", "--jobs", type=int, default=0, help="并行进程数（默认每核一个）")
    build.add_argument("-q", "--quiet", action="store_true")
    build.add_argument("--strict", action="store_true", help="警告也视为错误")
    build.add_argument("--no-cache", action="store_true",
                       help="不读也不写任何缓存：二维码、海报、PDF 和所有微站全部重新生成")
    build.add_argument("--no-pdf", action="store_true", help="不用浏览器打印通知和表格的 PDF")
    build.add_argument("--cache-dir", type=Path, default=os.environ.get("CAMPAIGNSITE_CACHE_DIR") or None,
                       help="缓存目录（二维码、海报、PDF 和微站记录，默认 .cache，或环境变量 CAMPAIGNSITE_CACHE_DIR）")

    check = sub.add_parser("check", help="检查活动配置中的错误")
    check.add_argument("campaigns", nargs="?", default="campaigns", type=Path)
    check.add_argument("--content-dir", type=Path, default=None)
    check.add_argument("--format", choices=("text", "json"), default="text")
    check.add_argument("--strict", action="store_true", help="警告也视为错误")

    new = sub.add_parser("new-region", help="为活动新增一个地区：生成带中文注释的地区配置和主题分支目录")
    new.add_argument("campaign", help="活动目录名，如 2022-nianhuojie")
    new.add_argument("region", help="地区：拼音（hunan）、代码（430000）或名称（湖南）")
    new.add_argument("--campaigns", default="campaigns", type=Path)

    serve = sub.add_parser("serve", help="本地预览，修改后自动重新生成并刷新页面")
    serve.add_argument("campaigns", nargs="?", default="campaigns", type=Path)
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--site-dir", type=Path, default=None, help="预览输出目录（默认 .cache/serve）")
    serve.add_argument("--today", type=_date)

    export = sub.add_parser("export", help="把一个微站导出为可单独部署的目录")
    export.add_argument("campaign", help="活动目录名")
    export.add_argument("region", help="地区（拼音、代码或名称）；national 表示全国微站")
    export.add_argument("target", type=Path, help="导出到的新目录")
    export.add_argument("--campaigns", default="campaigns", type=Path)

    schema = sub.add_parser("schema", help="输出活动配置的 JSON Schema")
    schema.add_argument("which", nargs="?", choices=("campaign", "region", "site"), default="campaign")
    schema.add_argument("--out", type=Path, help="写入目录（生成全部三个 schema 文件）")
    return parser


def _build_options(args: argparse.Namespace, **overrides: object) -> BuildOptions:
    from ..build import BuildOptions
    from ..publish import PdfConfig

    values = {"campaigns_dir": args.campaigns, "site_dir": getattr(args, "site_dir", None),
              "content_dir": getattr(args, "content_dir", None), "today": getattr(args, "today", None),
              "jobs": getattr(args, "jobs", 0), "strict": getattr(args, "strict", False),
              "cache_dir": getattr(args, "cache_dir", None), "no_cache": getattr(args, "no_cache", False),
              "pdf": PdfConfig(enabled=not getattr(args, "no_pdf", False))}
    return BuildOptions(**{**values, **overrides})  # type: ignore[arg-type]


def _cmd_build(args: argparse.Namespace) -> int:
    from ..build import build_site
    from .progress import Progress

    report = build_site(_build_options(args), Progress(args.quiet).step)
    made = report.made
    for finding in report.findings:
        print(finding.format(), file=sys.stderr)
    for warning in made.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if made.pdf_skipped:
        print(f"注意：未生成通知和表格的 PDF（{made.pdf_skipped}）；网页版和打印版 HTML 已生成。", file=sys.stderr)
    else:
        print(f"PDF：新打印 {made.pdfs} 份、沿用缓存 {made.pdfs_reused} 份，用时 {made.pdf_seconds:.1f} 秒",
              file=sys.stderr)
    print(f"完成：{report.microsites} 个微站（{report.microsites_reused} 个未改动、沿用上次结果），"
          f"{report.pages} 个页面，{report.files} 个文件，"
          f"二维码和海报新生成 {made.assets_made} 个、沿用缓存 {made.assets_reused} 个，"
          f"用时 {report.seconds:.1f} 秒，警告 {len(made.warnings) + len(report.findings)} 条",
          file=sys.stderr)
    return 0


def _cmd_check(args: argparse.Namespace) -> int:
    from ..check import run_checks
    from ..read import load_project

    try:
        project, findings = load_project(args.campaigns, args.content_dir)
        findings = sorted(findings + run_checks(project))
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

    serve(_build_options(args, pdf=_no_pdf()), port=args.port)
    return 0


def _no_pdf() -> PdfConfig:
    from ..publish import PdfConfig

    return PdfConfig(enabled=False)


def _cmd_export(args: argparse.Namespace) -> int:
    from ..build import export_microsite
    from ..read.regions import find_region

    region = None if args.region == "national" else find_region(args.region)
    if args.region != "national" and region is None:
        print(f"不认识地区“{args.region}”：可写拼音（hunan）、代码（430000）或名称（湖南）", file=sys.stderr)
        return 2
    path = f"{args.campaign}/{region.slug}" if region else args.campaign
    target = export_microsite(_build_options(args), path, args.target)
    files = sum(1 for p in target.rglob("*") if p.is_file())
    print(f"已导出 {path}/ 到 {target}（{files} 个文件，链接均为相对路径或本站外的完整网址）")
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


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    handlers = {"build": _cmd_build, "check": _cmd_check, "schema": _cmd_schema, "new-region": _cmd_new_region,
                "serve": _cmd_serve, "export": _cmd_export}
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
    except Exception:  # a bug of ours: a short message for the editor, the details in a file for us
        log = Path(".cache") / "campaignsite-error.log"
        try:
            log.parent.mkdir(parents=True, exist_ok=True)
            log.write_text(traceback.format_exc(), encoding="utf-8")
            detail = f"详细信息已写入 {log}"
        except OSError:
            detail = "无法写入错误日志"
        print(f"campaignsite 内部错误，原有 site/ 保持不变。请把此消息和出错时修改的文件告诉维护人员（{detail}）。",
              file=sys.stderr)
        return 1


def _os_reason(error: OSError) -> str:
    reasons = {errno.EACCES: "没有权限", errno.EPERM: "没有权限", errno.ENOSPC: "磁盘空间不足",
               errno.EROFS: "文件系统只读", errno.ENOENT: "文件或目录不存在"}
    return reasons.get(error.errno or 0, error.strerror or "系统错误")


if __name__ == "__main__":
    sys.exit(main())
