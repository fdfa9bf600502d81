"""Documents: every notice has its body file inside content/, its body keeps to the Markdown policy
(read/markup.py), and its 发文字号 follows GB/T 9704 (〔年份〕, the year of the 成文日期)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..findings import Finding
from ..read import Project
from ..read.documents import DOCUMENT_KINDS, Notice
from ..read.sourcemap import DataPath, SourceDoc
from .base import rule, sources

DOC_NUMBER = re.compile(r"^(?P<org>\S+?)〔(?P<year>\d{4})〕(?P<seq>[1-9]\d*)号$")


def _body_file(project: Project, doc: SourceDoc, at: DataPath, relative: str) -> Iterator[Finding]:
    body = project.bodies.get(relative)
    if body is not None and body.problem:
        yield doc.finding(
            at,
            f"正文路径“{relative}”无效：{body.problem}",
            "path-outside",
            fix="正文放在 content/ 目录下，写相对 content/ 的路径",
        )
    elif body is None or not body.path.exists():
        yield doc.finding(
            at, f"正文文件 content/{relative} 不存在", "content-missing", fix="检查文件名，正文放在 content/ 目录下"
        )
    elif body.text is None:
        yield doc.finding(
            at, f"正文文件 content/{relative} 无法读取", "content-missing", fix="用编辑器以 UTF-8 编码另存该文件"
        )


def _kind_parts(doc: SourceDoc, i: int, notice: Notice) -> Iterator[Finding]:
    """Each kind of document has its parts (GB/T 9704): what it needs, and what it must not print."""
    kind = DOCUMENT_KINDS[notice.kind]
    at = ("notices", i)
    if kind.recipients and not notice.recipients:
        yield doc.finding(
            (*at, "recipients"),
            f"{notice.kind}“{notice.title}”缺少主送机关",
            "document-parts",
            fix="填写 recipients（主送机关）；没有主送机关的文件用 kind: 方案 或 公告",
        )
    if not kind.recipients and notice.recipients:
        yield doc.finding(
            (*at, "recipients"),
            f"{notice.kind}没有主送机关，recipients 不会印出",
            "document-parts",
            severity="warning",
            fix="删除 recipients，或把 kind 改为 通知、函",
        )
    for part, label in (("signature", "发文机关署名"), ("date", "成文日期")):
        if kind.signed and getattr(notice, part) is None:
            yield doc.finding(
                at, f"{notice.kind}“{notice.title}”缺少{label}（{part}）", "document-parts", fix=f"填写 {part}"
            )
    if not kind.signed and notice.date is None:
        yield doc.finding(
            at,
            f"{notice.kind}“{notice.title}”没有日期：页面上没有发布日期，政府网站检查时视为未更新",
            "notice-undated",
            severity="warning",
            fix="填写 date（页面显示为发布日期）",
        )


@rule
def notice_details(project: Project) -> Iterator[Finding]:
    for source in sources(project):
        doc = source.doc
        for i, notice in enumerate(source.model.notices):
            yield from _body_file(project, doc, ("notices", i, "body"), notice.body)
            for j, attachment in enumerate(notice.attachments):
                if attachment.body:
                    yield from _body_file(project, doc, ("notices", i, "attachments", j, "body"), attachment.body)
            yield from _kind_parts(doc, i, notice)
            if notice.number is None or notice.date is None:
                continue
            match = DOC_NUMBER.match(notice.number.replace(" ", ""))
            if not match:
                fixed = re.sub(r"[\[(（【]\s*(\d{4})\s*[\])）】]", r"〔\1〕", notice.number).replace(" ", "")
                fix = f"改为 {fixed}" if DOC_NUMBER.match(fixed) else "如 商办电函〔2021〕11号"
                yield doc.finding(
                    ("notices", i, "number"),
                    f"发文字号“{notice.number}”格式不对，年份应用六角括号〔〕",
                    "notice-number",
                    fix=fix,
                )
            elif int(match.group("year")) != notice.date.year:
                yield doc.finding(
                    ("notices", i, "number"),
                    f"发文字号年份 {match.group('year')} 与成文日期 {notice.date} 的年份不一致",
                    "notice-number-year",
                    severity="warning",
                )


@rule
def markup_policy(project: Project) -> Iterator[Finding]:
    for body in project.bodies.values():
        for part in body.removed:
            yield Finding(
                body.display,
                part.line,
                part.column,
                "warning",
                f"通知正文中的{part.what}不允许使用，生成时已删除",
                "markup-removed",
                "只用 Markdown 和允许的 HTML（见 README 的“通知正文”一节）",
            )
