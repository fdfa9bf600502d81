"""`campaignsite import-notice FILE.docx`: an office's 公文 (Word or WPS) as a notice's Markdown body, and
the YAML entry to paste into the campaign or region file. Says what it recognised and what it could not."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import yaml

from ..findings import CampaignError, Finding, display_path
from ..read import ProjectLayout
from ..read.confine import confined_file
from ..read.docx_notice import ImportedNotice, docx_problem, kind_of, read_docx_notice
from ..read.layout import REGIONS

NOTICES = "notices"
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")


def _check_names(layout: ProjectLayout, campaign_id: str, notice_id: str | None) -> None:
    """The campaign is one of the project's and the notice's name a plain one: nothing is written outside
    content/<campaign>/."""
    known = [folder.name for folder in layout.campaign_folders()]
    if campaign_id not in known:
        raise CampaignError(
            [
                Finding(
                    display_path(layout.campaigns_dir),
                    1,
                    1,
                    "error",
                    f"没有活动“{campaign_id[:60]}”",
                    "import-notice",
                    f"--campaign 写活动目录名：{'、'.join(known)}",
                )
            ]
        )
    if notice_id is not None and not SLUG.match(notice_id):
        raise CampaignError(
            [
                Finding(
                    "--id",
                    1,
                    1,
                    "error",
                    f"名称“{notice_id[:60]}”不可用",
                    "import-notice",
                    "只用小写字母、数字和连字符，如 notice-2021-885",
                )
            ]
        )


def _notice_id(notice: ImportedNotice, source: Path) -> str:
    if notice.number and (match := re.search(r"(\d{4})〕(\d+)", notice.number)):
        return f"notice-{match.group(1)}-{match.group(2)}"
    stem = re.sub(r"[^a-z0-9-]+", "-", source.stem.lower()).strip("-")
    return stem or "notice"


def _attachment(title: str, body: str | None) -> str | dict[str, str]:
    """An attachment as the YAML lists it: its title alone, or with its body and the 文种 its title names (which
    decides how that body is printed)."""
    if body is None:
        return title
    kind = kind_of(title)  # 通知 is what an attachment is unless it says otherwise: not written
    return {"title": title, "body": body, **({"kind": kind} if kind and kind != "通知" else {})}


def _entry(notice: ImportedNotice, notice_id: str, body: str, attachments: list[str]) -> dict[str, Any]:
    entry: dict[str, Any] = {"id": notice_id}
    if notice.kind != "通知":
        entry["kind"] = notice.kind
    entry["issuer"] = notice.signature or notice.issuer_mark or "（请填写发文机关）"
    if notice.issuer_mark and notice.issuer_mark != entry["issuer"]:
        entry["issuer_mark"] = notice.issuer_mark
    for key in ("number", "urgency", "title"):
        if getattr(notice, key):
            entry[key] = getattr(notice, key)
    if notice.recipients:
        entry["recipients"] = "、".join(notice.recipients)
    entry["body"] = body
    titles = notice.attachment_titles or [title for title, _ in notice.attachments]
    if titles:
        entry["attachments"] = [
            _attachment(title, attachments[i] if i < len(attachments) else None) for i, title in enumerate(titles)
        ]
    for key in ("signature", "date", "cc", "printer", "printed"):
        if getattr(notice, key):
            entry[key] = getattr(notice, key)
    return entry


def _report(notice: ImportedNotice) -> list[str]:
    parts = [
        ("文种", notice.kind),
        ("发文机关标志", notice.issuer_mark),
        ("发文字号", notice.number),
        ("紧急程度", notice.urgency),
        ("标题", notice.title),
        ("主送机关", "、".join(notice.recipients)),
        ("正文", f"{len(notice.body)} 段" if notice.body else None),
        ("附件说明", "、".join(notice.attachment_titles)),
        ("附件正文", "、".join(t for t, _ in notice.attachments)),
        ("发文机关署名", notice.signature),
        ("成文日期", notice.date),
        ("抄送", "、".join(notice.cc)),
        ("印发", notice.printer),
    ]
    lines = [f"  {'✓' if value else '·'} {label}：{value or '未找到'}" for label, value in parts]
    lines += [f"  ? 未能归类的段落：{text[:40]}" for text in notice.unplaced]
    return lines


def import_notice(
    source: Path, campaigns_dir: Path, campaign_id: str, region_slug: str | None, notice_id: str | None
) -> tuple[str, list[Path], list[str]]:
    """Write the body (and attachment bodies) under content/; returns the YAML entry, the files, the report."""
    if not source.is_file():
        raise CampaignError([Finding(display_path(source), 1, 1, "error", "找不到该 DOCX 文件", "import-notice")])
    layout = ProjectLayout.at(campaigns_dir)
    _check_names(layout, campaign_id, notice_id)
    if problem := docx_problem(source):
        raise CampaignError(
            [
                Finding(
                    display_path(source),
                    1,
                    1,
                    "error",
                    problem,
                    "import-notice",
                    "在 Word 或 WPS 中另存为 .docx 后再导入；过大的文件请拆分",
                )
            ]
        )
    try:
        notice = read_docx_notice(source)
    except Exception:  # python-docx raises many kinds of error for a file that is not a Word document
        raise CampaignError(
            [
                Finding(
                    display_path(source),
                    1,
                    1,
                    "error",
                    "无法读取：不是 Word（.docx）文件",
                    "import-notice",
                    "在 Word 或 WPS 中另存为 .docx 后再导入",
                )
            ]
        ) from None
    folder = Path(campaign_id, *([REGIONS, region_slug] if region_slug else []), NOTICES)
    notice_id = notice_id or _notice_id(notice, source)
    documents = {f"{folder.as_posix()}/{notice_id}.md": notice.body}
    documents |= {
        f"{folder.as_posix()}/{notice_id}-attachment-{i}.md": body for i, (_, body) in enumerate(notice.attachments, 1)
    }
    written = []
    for relative, paragraphs in documents.items():
        target = confined_file(layout.content_dir, relative, layout.read_roots)
        if isinstance(target, str):  # never expected: the names are checked above
            raise CampaignError(
                [Finding(relative, 1, 1, "error", f"不能写到 content/ 之外：{target}", "import-notice")]
            )
        if target.exists():
            raise CampaignError(
                [
                    Finding(
                        display_path(target),
                        1,
                        1,
                        "error",
                        "该文件已存在，未覆盖",
                        "import-notice",
                        "用 --id 指定另一个名称",
                    )
                ]
            )
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
        written.append(target)
    entry = _entry(notice, notice_id, next(iter(documents)), list(documents)[1:])
    return yaml.safe_dump([entry], allow_unicode=True, sort_keys=False), written, _report(notice)


def print_import(entry: str, written: list[Path], report: list[str]) -> None:
    print("识别结果：", file=sys.stderr)
    for line in report:
        print(line, file=sys.stderr)
    for path in written:
        print(f"已写入 {display_path(path)}", file=sys.stderr)
    print("把下面的条目加入活动或地区 YAML 的 notices: 下，核对后运行 campaignsite check：", file=sys.stderr)
    print(entry, end="")
