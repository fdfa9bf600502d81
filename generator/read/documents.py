"""Documents a campaign publishes: notices and the other kinds of 公文 (函, 方案, 公告 ...), their
attachments, and the forms (承诺书, 统计表). Each kind says which parts it has (GB/T 9704-2012)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import BeforeValidator, Field

from .fields import CONTENT, Line, ShortText, Slug, Strict, Text, TextList


@dataclass(frozen=True)
class DocumentKind:
    """Which parts a kind of document has: what must be written, what is printed."""

    name: str
    recipients: bool  # 主送机关 (required)
    red_head: bool  # 发文机关标志 in red
    letter: bool  # 信函格式 (GB/T 9704 §10.1)
    signed: bool  # 发文机关署名 and 成文日期 (required)


DOCUMENT_KINDS = {
    kind.name: kind
    for kind in (
        DocumentKind("通知", recipients=True, red_head=True, letter=False, signed=True),
        DocumentKind("通报", recipients=True, red_head=True, letter=False, signed=True),
        DocumentKind("意见", recipients=True, red_head=True, letter=False, signed=True),
        DocumentKind("函", recipients=True, red_head=True, letter=True, signed=True),
        DocumentKind("公告", recipients=False, red_head=True, letter=False, signed=True),
        DocumentKind("方案", recipients=False, red_head=False, letter=False, signed=False),
        DocumentKind("实施方案", recipients=False, red_head=False, letter=False, signed=False),
    )
}
KindName = Literal["通知", "通报", "意见", "函", "公告", "方案", "实施方案"]


def _as_attachment(value: object) -> object:
    """An attachment written as its title alone."""
    return {"title": value} if isinstance(value, str) else value


class Attachment(Strict):
    title: ShortText = Field(description="附件名称")
    body: ShortText | None = Field(
        None, description="附件正文 Markdown 文件（相对 content/ 目录）；只列名称时不填", json_schema_extra=CONTENT
    )
    kind: KindName | None = Field(None, description="附件本身的文种，如 方案")


class Notice(Strict):
    """A document published by the campaign: 通知 by default, or 函, 方案, 公告 ... (see DOCUMENT_KINDS)."""

    id: Slug = Field(description="网址中的名称，小写字母数字和连字符")
    kind: KindName = Field("通知", description="文种：通知、函、方案、实施方案、公告、通报、意见")
    issuer: ShortText = Field(description="发文机关，如 商务部办公厅")
    issuer_mark: Line | None = Field(None, description="发文机关标志（红头），默认同发文机关")
    number: Line | None = Field(None, description="发文字号，如 商办电函〔2021〕11号")
    urgency: Literal["特急", "加急", "特急·平急", None] = Field(None, description="紧急程度")
    title: ShortText = Field(description="标题")
    recipients: TextList = Field(default_factory=list, description="主送机关（通知、函必填；方案、公告不写）")
    body: ShortText = Field(description="正文 Markdown 文件，相对 content/ 目录", json_schema_extra=CONTENT)
    attachments: list[Annotated[Attachment, BeforeValidator(_as_attachment)]] = Field(
        default_factory=list, description="附件：写名称，或 title 加 body（附件正文文件）"
    )
    signature: ShortText | None = Field(None, description="落款（发文机关署名）；方案可不写")
    date: dt.date | None = Field(None, description="成文日期；方案可不写")
    cc: TextList = Field(default_factory=list, description="抄送")
    printer: Line | None = Field(None, description="印发机关")
    printed: dt.date | None = Field(None, description="印发日期")


class Commitment(Strict):
    title: ShortText = "承诺书"
    intro: Text = Field(description="开头语")
    items: TextList = Field(min_length=1, description="承诺条款")
    signer: ShortText = Field("承诺方代表", description="签章栏标签")


class StatisticsForm(Strict):
    id: Slug
    title: ShortText
    header_fields: TextList = Field(default_factory=lambda: ["填报单位（盖章）", "联系人", "职务", "联系方式", "邮箱"])
    columns: TextList = Field(min_length=1)
    rows: int = Field(3, ge=1, le=100, description="空白行数")


class Forms(Strict):
    commitment: Commitment | None = None
    statistics: list[StatisticsForm] = Field(default_factory=list)
