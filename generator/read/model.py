"""The campaign schema: what an editor may write in campaigns/*.yaml.

Unknown keys are rejected so that typos surface as errors; descriptions are in Chinese because they
show up as completion hints in the editors' YAML editor (via `campaignsite schema`).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BeforeValidator, Field, RootModel, model_validator

from .documents import Forms, Notice
from .fields import FILE, URI, Code, DateOrTbd, Line, PhoneList, ShortText, Strict, TextList, as_list

CAMPAIGN_KINDS = ("网上年货节", "双品网购节", "数商兴农", "消费促进月", "其他")
SPRING_FESTIVAL_KINDS = ("网上年货节",)


class Period(Strict):
    start: dt.date = Field(description="开始日期，YYYY-MM-DD")
    end: dt.date = Field(description="结束日期（含当天），YYYY-MM-DD")
    note: str | None = Field(None, description="补充说明，如“4月28日0时—5月10日24时”")


class Phase(Strict):
    name: ShortText = Field(description="阶段名称：前期筹备、预热、活动实施、总结等")
    start: dt.date
    end: dt.date
    description: str | None = Field(None, description="该阶段的工作内容")


class Platform(Strict):
    name: ShortText = Field(description="平台名称，如 京东、兴盛优选")
    url: ShortText | None = Field(
        None, description="平台活动专区网址（必须 https）；尚无专区时不填，只列名称", json_schema_extra=URI
    )
    description: str | None = Field(None, description="一句话介绍")
    tracking: bool = Field(True, description="是否在网址后附加来源参数；平台不接受参数时设为 false")
    params: dict[str, ShortText] = Field(default_factory=dict, description="该平台额外的网址参数")
    local: bool = Field(False, description="是否本地平台")
    logo: ShortText | None = Field(
        None, json_schema_extra=FILE, description="平台标志图片（PNG 或 JPEG），相对所在 YAML 文件的目录；不填显示名称"
    )


class Venue(Strict):
    name: ShortText = Field(description="线下场所名称，如 年货一条街")
    place: ShortText = Field(description="地址（尚未确定时写“待定”）")
    tentative: bool = Field(False, description="暂定：地点或时间还可能变（页面标注“暂定”）")
    opens: DateOrTbd | None = Field(None, description="开放日期（未定写“待定”）")
    closes: dt.date | None = Field(None, description="结束日期")
    hours: Line | None = Field(None, description="开放时间，如 09:00—21:00")
    description: str | None = None


class Event(Strict):
    name: ShortText = Field(description="活动名称，如 启动仪式")
    kind: Line | None = Field(None, description="类型：启动仪式、直播、专场、会议等")
    date: DateOrTbd = Field(description="日期；多日活动为开始日期；未定写“待定”")
    end_date: dt.date | None = Field(None, description="结束日期（多日活动，如年货街、直播周）")
    repeat: Literal["每天", "每周", None] = Field(None, description="系列活动：在 date 至 end_date 期间每天或每周举行")
    count: int | None = Field(None, ge=1, le=100000, description="场次或数量，如 30（场直播）")
    count_unit: ShortText = Field("场", description="数量单位，如 场、期、家")
    time: str | None = Field(None, pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$", description="开始时间 HH:MM")
    end_time: str | None = Field(
        None, pattern=r"^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$", description="结束时间 HH:MM（到午夜结束写 24:00）"
    )
    place: Line | None = Field(None, description="地点（线上活动写平台名）")
    phase: Line | None = Field(None, description="所属阶段名称（不填则应在活动期内）")
    description: str | None = None


class Section(Strict):
    title: ShortText = Field(description="小标题")
    paragraphs: TextList = Field(default_factory=list, description="段落（纯文本）")
    items: TextList = Field(default_factory=list, description="条目（纯文本）")


class Complaint(Strict):
    name: ShortText = Field("全国12315平台", description="投诉渠道名称")
    phone: Code = Field("12315", description="投诉电话")
    url: str | None = Field("https://www.12315.cn/", description="投诉网址", json_schema_extra=URI)


class Rules(Strict):
    laws: TextList = Field(default_factory=list, description="适用法律法规简称，如 电子商务法（不带书名号）")
    prohibited: TextList = Field(default_factory=list, description="禁止行为，如 “二选一”")
    commitments: TextList = Field(default_factory=list, description="经营要求，如 价格合理、质量合格")
    complaint: Complaint = Field(default_factory=Complaint)


class Contact(Strict):
    name: ShortText = Field(description="联系人姓名")
    unit: Line | None = Field(None, description="单位及处室")
    phone: PhoneList = Field(default_factory=list, description="电话（座机带区号）")
    fax: PhoneList = Field(default_factory=list, description="传真（一个或多个，带区号）")
    email: Line | None = None


class Deadline(Strict):
    what: ShortText = Field(description="报送内容")
    due: dt.date = Field(description="截止日期")
    to: ShortText = Field(description="报送对象，如 商务部（电子商务司）")
    reports_on: Line | None = Field(None, description="所报送的阶段名称（截止日期应在其之后）")


class Organisers(Strict):
    """Who runs an edition, as a 方案 or 通知 lists them (a region's own; the national guiding units stay)."""

    guiding: TextList = Field(default_factory=list, description="指导单位（地方活动的共同指导单位）")
    hosts: TextList = Field(default_factory=list, description="主办单位")
    organizers: TextList = Field(default_factory=list, description="承办单位")
    co_organizers: TextList = Field(default_factory=list, description="协办单位")
    supporters: TextList = Field(default_factory=list, description="支持单位")


class Colors(Strict):
    primary: str = Field("#b71c1c", pattern=r"^#[0-9a-fA-F]{6}$", description="主色（标题栏）")
    accent: str = Field("#f2c14e", pattern=r"^#[0-9a-fA-F]{6}$", description="强调色（金色）")
    text: str = Field("#1f1f1f", pattern=r"^#[0-9a-fA-F]{6}$", description="正文文字颜色")
    background: str = Field("#fffaf3", pattern=r"^#[0-9a-fA-F]{6}$", description="页面背景色")


class Branding(Strict):
    logo: str | None = Field(
        None,
        description="统一标识图片（PNG 或 JPEG，正方形为宜），相对活动目录；不填用内置标识",
        json_schema_extra=FILE,
    )
    logo_text: Line | None = Field(None, description="标识上的文字，默认为活动类型")
    colors: Colors = Field(default_factory=Colors)
    font: str | None = Field(None, description="海报用中文字体文件，相对活动目录（可选）", json_schema_extra=FILE)


class RegionBranding(Strict):
    colors: Colors | None = Field(None, description="地方配色（须满足 WCAG AA 对比度）")


class PartyMark(Strict):
    image: ShortText = Field(
        description="党政机关网站标识图片（PNG，由机构编制部门颁发），相对本文件所在目录", json_schema_extra=FILE
    )
    url: ShortText = Field(description="标识链接到的网址（党政机关网站标识查验页，https）", json_schema_extra=URI)


class SiteFooter(Strict):
    """政府网站页脚（国办发〔2017〕47号）：每页底部居中显示。"""

    host: ShortText | None = Field(None, description="主办单位")
    organizer: ShortText | None = Field(None, description="承办单位")
    support: ShortText | None = Field(None, description="技术支持单位")
    contact: ShortText | None = Field(None, description="联系方式，如 电话：010-12345678")
    site_code: Code | None = Field(None, description="网站标识码（10 位）")
    icp: ShortText | None = Field(None, description="ICP 备案号，如 京ICP备12345678号-1")
    police: ShortText | None = Field(None, description="公安机关备案号，如 京公网安备 11010502030143号")
    party_mark: PartyMark | None = Field(None, description="党政机关网站标识")


class Publish(Strict):
    """Where a microsite is published when it is not under the site's base_url: a 专栏 of a portal."""

    url: str = Field(
        description="微站的公开地址（https，以 / 结尾，不带 ? 和 #），如 https://swt.hunan.gov.cn/zt/2022wsnhj/",
        json_schema_extra=URI,
    )


class Deploy(Strict):
    """Object storage (S3 API: 阿里云 OSS, 腾讯云 COS, 华为云 OBS ...) that `campaignsite deploy` uploads to.
    Credentials come from the environment or the AWS configuration files, never from YAML."""

    endpoint: str = Field(description="S3 接口地址，如 https://oss-cn-hangzhou.aliyuncs.com")
    bucket: ShortText = Field(description="存储桶名称")
    prefix: Line = Field("", description="对象名前缀，如 zt/2022wsnhj/（以 / 结尾；不填为存储桶根目录）")
    addressing: Literal["virtual", "path"] = Field(
        "virtual", description="virtual（存储桶名在域名中，腾讯云 COS 等要求）或 path（在路径中）"
    )
    region: Line | None = Field(None, description="存储区域，如 cn-hangzhou（服务商要求时填写）")
    releases: int = Field(5, ge=2, le=50, description="保留最近几次发布，用于 deploy --rollback")
    profile: Line | None = Field(
        None, description="使用 ~/.aws/credentials 中的哪一组密钥（不填则用环境变量 AWS_ACCESS_KEY_ID 等）"
    )


class SiteConfig(Strict):
    """campaigns/site.yaml: settings of the whole site (optional file)."""

    title: ShortText = Field("全国网上促消费活动", description="门户标题")
    base_url: str = Field(
        "https://campaigns.example.com/",
        pattern=r"^https://.+/$",
        description="网站正式地址（https，以 / 结尾），用于二维码和分享",
        json_schema_extra=URI,
    )
    footer: SiteFooter = Field(default_factory=SiteFooter, description="政府网站页脚（主办单位、备案号等）")
    deploy: Deploy | None = Field(None, description="发布到对象存储（campaignsite deploy）")


class Campaign(Strict):
    """campaigns/<id>/campaign.yaml: the national campaign."""

    name: ShortText = Field(description="活动名称，如 2022全国网上年货节")
    kind: Literal[CAMPAIGN_KINDS] = Field(description="活动类型")  # type: ignore[valid-type]
    year: int = Field(ge=2000, le=2100, description="年份")
    edition: Line | None = Field(None, description="届次，如 第三届")
    theme: Line | None = Field(None, description="主题")
    goal: Line | None = Field(None, description="目标，如 防疫情、保供应、促消费")
    slogans: TextList = Field(default_factory=list, description="口号，可多条")
    period: Period
    lunar: bool | None = Field(None, description="是否显示农历区间；年货节默认显示")
    phases: list[Phase] = Field(default_factory=list)
    guiding_units: TextList = Field(min_length=1, description="指导单位")
    organisers: Organisers = Field(default_factory=Organisers, description="主办、承办、协办、支持单位")
    principle: Line | None = Field(None, description="组织原则，如 政府指导、企业为主、市场化运作")
    summary: str | None = Field(None, description="首页导语（纯文本）")
    branch_venues: Annotated[list[Code], BeforeValidator(as_list)] = Field(
        default_factory=list, description="分会场（“1+N”）：地区简称、拼音或行政区划代码"
    )
    absent_regions: Annotated[list[Code], BeforeValidator(as_list)] = Field(
        default_factory=list, description="未参加本届活动的地区"
    )
    platforms: list[Platform] = Field(default_factory=list)
    tracking: dict[str, ShortText] = Field(
        default_factory=dict, description="附加到平台网址的参数，可用 {campaign} {region} {medium}"
    )
    external_links: Literal["direct", "notice"] = Field(
        "direct", description="平台按钮和二维码：direct 直接打开平台；notice 先到本站的离站提示页 go/<平台>/"
    )
    sections: list[Section] = Field(default_factory=list, description="活动内容")
    rules: Rules = Field(default_factory=Rules)
    contacts: list[Contact] = Field(default_factory=list)
    deadlines: list[Deadline] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    notices: list[Notice] = Field(default_factory=list)
    forms: Forms = Field(default_factory=Forms)
    branding: Branding = Field(default_factory=Branding)
    publish: Publish | None = Field(None, description="全国微站不在 base_url 下发布时的公开地址")
    deploy: Deploy | None = Field(None, description="全国微站发布到另一个对象存储（默认同 site.yaml）")

    @model_validator(mode="after")
    def _default_lunar(self) -> Campaign:
        if self.lunar is None:
            self.lunar = self.kind in SPRING_FESTIVAL_KINDS
        return self


class RegionEdition(Strict):
    """campaigns/<id>/regions/<slug>.yaml: one region's edition, inheriting from its campaign.

    Scalars and theme/slogans/period/contacts/deadlines/events replace the national value;
    platforms, sections and notices are added after the national ones.
    """

    code: Code = Field(description="行政区划代码（GB/T 2260），如 430000")
    name: ShortText = Field(description="地区名称，如 湖南")
    campaign_name: Line | None = Field(None, description="地方活动名称，如 2022湖南网上年货节")
    theme: Line | None = None
    slogans: TextList | None = None
    summary: str | None = None
    period: Period | None = None
    allow_period_outside: bool = Field(False, description="允许地方活动时间超出全国活动时间")
    principle: Line | None = None
    organisers: Organisers | None = Field(None, description="本地的共同指导、主办、承办、协办、支持单位")
    phases: list[Phase] | None = Field(None, description="本地阶段：与全国同名的替换其日期，其余附加（须在活动期内）")
    platforms: list[Platform] = Field(default_factory=list, description="本地平台（附加在全国平台之后）")
    hide_platforms: TextList = Field(default_factory=list, description="不在本地展示的全国平台名称")
    venues: list[Venue] = Field(default_factory=list, description="线下场所，如 年货一条街")
    events: list[Event] | None = None
    sections: list[Section] = Field(default_factory=list, description="本地活动内容（附加）")
    rules: Rules | None = None
    contacts: list[Contact] | None = None
    deadlines: list[Deadline] | None = None
    notices: list[Notice] = Field(default_factory=list, description="本地通知（附加）")
    forms: Forms | None = None
    branding: RegionBranding = Field(default_factory=RegionBranding)
    footer: SiteFooter | None = Field(None, description="本地微站由省里托管时的页脚（主办单位、备案号等）")
    publish: Publish | None = Field(None, description="在本省门户专栏发布时的公开地址（默认在全国微站之下）")
    deploy: Deploy | None = Field(None, description="本地微站发布到本省的对象存储（默认同 site.yaml）")


class Term(Strict):
    """One entry of a 规范表述 dictionary: campaigns/terms.yaml (national), a campaign's or a region's folder."""

    wrong: ShortText = Field(description="不规范的写法（原样查找）")
    right: Line = Field(description="规范写法（空字符串表示应删去）")
    severity: Literal["error", "warning"] = Field("error", description="error：检查不通过；warning：提示")
    note: Line | None = Field(None, description="依据或说明，如 出自哪份文件")


class TermList(RootModel[list[Term]]):
    """A terms.yaml: a list of entries."""
