"""The `campaignsite` command line. Editors see Chinese messages and never a traceback."""

from __future__ import annotations

import argparse
import errno
import gc
import sys
import time
import traceback
from pathlib import Path
from typing import TYPE_CHECKING

from ..engines import EngineConfig, engine
from ..findings import CampaignError, findings_to_json
from .arguments import parser
from .report import print_deploy, print_made, print_report, print_timings

if TYPE_CHECKING:
    from ..options import BuildOptions


def project_campaigns(start: Path | None = None) -> Path:
    """campaigns/ of the project the command runs in: this folder or the nearest one above that has it."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "campaigns").is_dir():
            return folder / "campaigns"
    return Path("campaigns")


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
        release=getattr(args, "release", False),
        cache=CacheConfig(folder=getattr(args, "cache_dir", None), enabled=not getattr(args, "no_cache", False)),
        pdf=PdfConfig(enabled=pdf and not getattr(args, "no_pdf", False)),
        engine=_engine_config(getattr(args, "engine", "mkdocs")),
        shard=getattr(args, "shard", None),
    )


def _engine_config(name: str) -> EngineConfig:
    """The engine, and what it cannot do yet, said before the build starts."""
    for limitation in engine(EngineConfig(name=name)).limitations:
        print(f"注意：{name} 引擎暂不支持：{limitation}", file=sys.stderr)
    return EngineConfig(name=name)


def _cmd_build(args: argparse.Namespace) -> int:
    from ..build import build_site
    from .progress import Progress

    if args.shard is not None and args.site_dir is None:
        print("build --shard 只生成一部分微站：请用 --site-dir 指定分片目录（不能写入项目的 site/）", file=sys.stderr)
        return 2

    report = build_site(_build_options(args), Progress(args.quiet).step)
    print_report(report)
    if args.timings:
        print_timings(report)
    return 0


def _cmd_merge(args: argparse.Namespace) -> int:
    from ..build import merge_site

    report = merge_site(args.folders, _build_options(args))
    print_report(report, merged=len(args.folders))
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
    from .serve import ServeError, serve

    try:
        serve(_build_options(args, pdf=False), port=args.port, host=args.host)
    except ServeError as error:
        print(f"无法启动预览：{error}", file=sys.stderr)
        return 2
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


UNFINISHED = "已发布的网站保持完整（仍是上一版本或已是新版本），解决后重新运行同一命令即可继续"


def _cmd_deploy(args: argparse.Namespace) -> int:
    from ..build import build_site
    from ..deploy import DeployError, DeployOptions, deploy_site
    from ..read.regions import find_region
    from .progress import Progress

    region = find_region(args.region) if args.region and args.region != "national" else None
    if args.region and args.region != "national" and region is None:
        print(f"不认识地区“{args.region}”：可写拼音（hunan）、代码（430000）或名称（湖南）", file=sys.stderr)
        return 2
    deploying = DeployOptions(
        campaign=args.campaign,
        region="national" if args.region == "national" else region.slug if region else None,
        dry_run=args.dry_run,
        rollback=args.rollback,
        max_deletes=args.max_deletes,
    )
    bar = Progress(args.quiet)

    def build(options: BuildOptions) -> None:
        print_report(build_site(options, bar.step))

    started = time.monotonic()

    def sent(name: str, done: int, total: int) -> None:
        bar.step(name, done, total, time.monotonic() - started)

    try:
        report = deploy_site(_build_options(args), deploying, build, sent)
    except DeployError as error:
        print(f"发布未完成：{error}。{UNFINISHED}", file=sys.stderr)
        return 1
    print_deploy(report)
    return 0


def _cmd_headers(args: argparse.Namespace) -> int:
    from ..publish.host_config import render
    from ..publish.security import HSTS_SECONDS, policy_of
    from ..read.layout import ProjectLayout

    site = args.site_dir or ProjectLayout.at(args.campaigns, None).site_dir
    if not (site / "index.html").is_file():
        print(f"没有已生成的网站：{site} 中没有 index.html，请先运行 campaignsite build", file=sys.stderr)
        return 1
    print(render(args.format, policy_of(site, 0 if args.no_hsts else HSTS_SECONDS)), end="")
    return 0


def _cmd_audit(args: argparse.Namespace) -> int:
    from .audit import run_audit

    return run_audit(args)


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
    from ..render.datamodel import data_schema_text

    files = {**schema_files(), "data.schema.json": data_schema_text()}
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


def run() -> None:
    """The program: main, then an exit without the last collection of the build's heap (0.1 s)."""
    code = main()
    gc.freeze()
    sys.exit(code)


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
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
        "deploy": _cmd_deploy,
        "headers": _cmd_headers,
        "audit": _cmd_audit,
        "merge": _cmd_merge,
    }
    try:
        return handlers[args.command](args)
    except CampaignError as exc:
        for finding in exc.findings:
            print(finding.format(), file=sys.stderr)
        if args.command in ("build", "deploy", "merge"):
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
