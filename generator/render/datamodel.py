"""data.json's shape, declared once: every built data.json is checked against it, and `campaignsite schema`
publishes it as schema/data.schema.json for the tools that read the open data. The parts a campaign file
already describes (phases, events, contacts ...) are the input models themselves, as data.json writes them."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field
from pydantic.json_schema import SkipJsonSchema

from ..read.documents import Attachment, Forms, Notice
from ..read.jsonschema import json_text
from ..read.model import Contact, Deadline, Event, Organisers, Phase, Rules, Section, Venue

SCHEMA_VERSION = 5  # each version's changes: README "Output"


class Closed(BaseModel):
    model_config = ConfigDict(extra="forbid")


class CampaignData(Closed):
    id: str = Field(description="活动目录名")
    name: str
    kind: str
    year: int
    edition: str | None
    guiding_units: list[str] = Field(description="指导单位（全国）")
    goal: str | None


class RegionData(Closed):
    code: str = Field(description="GB/T 2260 行政区划代码")
    slug: str
    name: str
    short_name: str
    branch: bool = Field(description="是否为“1+N”分会场")


class Credit(Closed):
    label: str = Field(description="如 指导单位、主办单位")
    units: list[str]


class PeriodData(Closed):
    start: str = Field(json_schema_extra={"format": "date"})
    end: str = Field(json_schema_extra={"format": "date"})
    days: int
    lunar_range: str | None = Field(description="农历区间，如 腊月初八至正月初七（年货节）")
    text: str = Field(description="如 2022年1月10日—2月7日")


class ByMedium(Closed):
    """One address per medium (resolve/tracking.MEDIUMS)."""

    web: str = Field(description="页面上的按钮")
    qr: str = Field(description="页面和下载页的二维码")
    poster: str = Field(description="海报上的二维码")


class PlatformData(Closed):
    name: str
    url: str | None = Field(description="专区网址；尚未开通为 null")
    description: str | None
    local: bool
    targets: ByMedium | None = Field(description="各媒介打开的网址（带来源参数）；尚未开通为 null")
    leaving_pages: ByMedium | None = Field(None, description="各媒介的离站提示页（相对微站目录），仅在提示模式下")


class AttachmentData(Attachment):
    body: SkipJsonSchema[str | None] = Field(None, exclude=True)
    body_html: str | None = Field(None, description="附件正文（已清理的 HTML）；只列名称的附件没有")


class NoticeData(Notice):
    body: SkipJsonSchema[str | None] = Field(None, exclude=True)  # type: ignore[assignment]  # a project path
    attachments: list[AttachmentData] = Field(default_factory=list)  # type: ignore[assignment]
    page: str = Field(description="通知页面（相对微站目录）")
    body_html: str = Field(description="正文（已清理的 HTML，与页面所示相同）")


class RegionRow(Closed):
    code: str
    slug: str
    name: str
    branch: bool
    microsite: bool
    absent: bool
    status: str


class QrData(Closed):
    name: str | None = None
    target: str = Field(description="二维码所含网址")
    svg: str
    png: str


class QrCodes(Closed):
    site: QrData
    platforms: list[QrData]


class PrintableData(Closed):
    kind: Literal["notice", "commitment", "statistics"]
    id: str
    title: str
    html: str
    pdf: str | None = Field(None, description="没有打印 PDF（--no-pdf）时不列出")
    docx: str
    csv: str | None = None


class AssetData(Closed):
    calendar: str
    logo: str
    qr: QrCodes
    posters: dict[str, str]
    share_icon: str
    printables: list[PrintableData]


class EventData(Event):
    model_config = ConfigDict(json_schema_extra={"dependentRequired": {"count_unit": ["count"]}})


class DataFile(Closed):
    """One microsite's data.json (paths are relative to the microsite's folder)."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    schema_url: str = Field(alias="$schema", description="本 JSON Schema 的网址")
    schema_version: Literal[5]
    campaign: CampaignData
    region: RegionData | None = Field(description="全国微站为 null")
    site_name: str
    url: str = Field(description="微站的公开网址，以 / 结尾")
    theme: str | None
    slogans: list[str]
    principle: str | None
    organisers: Organisers
    credits: list[Credit]
    period: PeriodData
    phases: list[Phase]
    platforms: list[PlatformData]
    venues: list[Venue]
    events: list[EventData]
    sections: list[Section]
    rules: Rules
    contacts: list[Contact]
    deadlines: list[Deadline]
    notices: list[NoticeData]
    forms: Forms
    regions: list[RegionRow] | None = Field(description="全国微站：各地参加情况；地方微站为 null")
    assets: AssetData
    external_hosts: list[str] = Field(description="微站链接或二维码所指向的站外域名")


def data_schema() -> dict[str, Any]:
    return DataFile.model_json_schema(mode="serialization", by_alias=True)


def data_schema_text() -> str:
    """schema/data.schema.json, and the site's own copy at its root."""
    return json_text(data_schema(), "微站开放数据 data.json")
