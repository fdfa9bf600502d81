"""What a build says when it is done: warnings, PDFs, and one summary line (Chinese, on stderr)."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..audit import AuditReport
    from ..build import BuildReport
    from ..deploy import DeployReport
    from ..microsites import Made


def print_made(made: Made) -> None:
    for warning in made.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if made.corrupt:
        print(
            f"注意：缓存中有 {made.corrupt} 个文件已损坏（内容与记录的校验值不符），已重新生成，未使用损坏的文件。",
            file=sys.stderr,
        )
    if made.pdf_skipped:
        print(f"注意：未生成通知和表格的 PDF（{made.pdf_skipped}）；网页版和打印版 HTML 已生成。", file=sys.stderr)
    else:
        print(
            f"PDF：新打印 {made.pdfs} 份、沿用缓存 {made.pdfs_reused} 份，用时 {made.pdf_seconds:.1f} 秒",
            file=sys.stderr,
        )


def print_report(report: BuildReport, merged: int = 0) -> None:
    """The build's (or, with `merged` shards, the merge's) warnings and summary line."""
    made = report.made
    for finding in report.findings:
        print(finding.format(), file=sys.stderr)
    if merged:
        print(
            f"合并完成：{merged} 个分片，{report.microsites} 个微站，{report.pages} 个页面，{report.files} 个文件，"
            f"站内链接 {made.links_checked} 个均有效，用时 {report.seconds:.1f} 秒",
            file=sys.stderr,
        )
        return
    print_made(made)
    print(
        f"完成：{report.microsites} 个微站（{report.microsites_reused} 个未改动、沿用上次结果），"
        f"{report.pages} 个页面，{report.files} 个文件，站内链接 {made.links_checked} 个均有效，"
        f"二维码和海报新生成 {made.assets_made} 个、沿用缓存 {made.assets_reused} 个，"
        f"用时 {report.seconds:.1f} 秒，警告 {len(made.warnings) + len(report.findings)} 条",
        file=sys.stderr,
    )
    if report.external_hosts:  # for a reviewer: every other site a reader is sent to (also in each data.json)
        print(f"站外网址共 {len(report.external_hosts)} 个域名：{'、'.join(report.external_hosts)}", file=sys.stderr)


def print_timings(report: BuildReport) -> None:
    """`--timings`: seconds per stage, the workers' summed over microsites (CPU: what the cores did)."""
    rows = [("在各工作进程中（按微站累计）", report.made.stages), ("在主进程中（不含工作进程和浏览器）", report.stages)]
    print("阶段用时（秒）：墙钟 / CPU", file=sys.stderr)
    for title, times in rows:
        print(f"  {title}", file=sys.stderr)
        for stage, wall in times.wall.items():
            print(f"    {stage:<28} {wall:7.2f} / {times.cpu.get(stage, 0.0):7.2f}", file=sys.stderr)


def print_deploy(report: DeployReport) -> None:
    """The plan of a dry run, or one summary line of what was done."""
    from ..deploy import describe

    if report.dry_run:
        for plan in report.plans:
            print(describe(plan), file=sys.stderr)
        print("（--dry-run：以上只是计划，对象存储未做任何改动）", file=sys.stderr)
        return
    print(
        f"发布完成：上传 {report.uploads} 个文件（{report.bytes / 1_000_000:.1f} MB），写入 {report.writes} 个对象，"
        f"未改动 {report.kept} 个，删除 {report.deletions} 个，用时 {report.seconds:.1f} 秒",
        file=sys.stderr,
    )


def print_audit(report: AuditReport, form: str) -> None:
    """The findings on stdout, most severe first (JSON for scripts), and one summary line on stderr."""
    import json
    from dataclasses import asdict

    if form == "json":
        summary = {"url": report.url, "files": report.files, "pages": report.pages, "vetoed": report.vetoed}
        print(json.dumps({**summary, "findings": [asdict(f) for f in report.findings]}, ensure_ascii=False, indent=2))
    else:
        for finding in report.findings:
            print(f"[{finding.level}] {finding.path}：{finding.message} ({finding.kind})")
    counts = {level: sum(1 for f in report.findings if f.level == level) for level in ("单项否决", "扣分")}
    verdict = "有单项否决项，检查不通过" if report.vetoed else "无单项否决项"
    print(
        f"检查完成：{report.url}，比对 {report.files} 个文件、读取 {report.pages} 个页面；"
        f"单项否决 {counts['单项否决']} 项，扣分 {counts['扣分']} 项。{verdict}",
        file=sys.stderr,
    )
