"""A synthetic national campaign at full scale: the shipped 2022 网上年货节 with every region joining.

Each region gets 6 local platforms, 3 venues, 2 notices (bodies adapted from the real 湖南 notice),
contacts, an event and a section: realistic Chinese text and sizes. Generated, never committed.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CAMPAIGN = "2022-nianhuojie"
PLATFORMS = ["特产馆", "老字号旗舰店", "农品汇", "直播基地", "年货大集", "消费券专区"]
VENUES = [("年货一条街", "步行街"), ("启动仪式主会场", "会展中心"), ("农特产品展销会", "农产品批发市场")]


def regions() -> list[dict[str, str]]:
    with (ROOT / "generator/data/regions.csv").open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _region_yaml(region: dict[str, str], notice_ids: list[str]) -> str:
    short, slug = region["short_name"], region["slug"]
    lines = [
        f'code: "{region["code"]}"',
        f"name: {short}",
        f"campaign_name: 2022{short}网上年货节",
        f"theme: 网购年货 欢度春节·{short}",
        "slogans:",
        f"  - 买{short}好物 过幸福大年",
        "summary: >-",
        f"  {short}商务主管部门组织开展“2022{short}网上年货节”，重点推荐{short}特色活动和年货产品，"
        "打响网销“一县一品”品牌。",
        "principle: 政府指导、企业为主、市场化运作",
        "platforms:",
    ]
    for i, name in enumerate(PLATFORMS, 1):
        lines += [
            f"  - name: {short}{name}",
            f"    url: https://nianhuo.example.cn/{slug}/{i}?from=zone",
            f"    description: {short}{name}年货专场，精选本地名优特产",
            "    local: true",
        ]
    lines.append("venues:")
    for i, (name, place) in enumerate(VENUES):
        lines += [
            f"  - name: {short}{name}",
            f"    place: {short}省会{place}",
            f"    opens: 2022-01-{10 + i * 3}",
            "    closes: 2022-02-06",
            "    hours: 09:00—21:00",
            f"    description: 集中展销{short}各县市特色年货，现场直播带货。",
        ]
    lines += [
        "events:",
        f"  - name: “2022{short}网上年货节”启动仪式",
        "    kind: 启动仪式",
        "    date: 2022-01-10",
        f"    place: {short}省会会展中心",
        "    description: 联动商务部“1+N”行动同步举办。",
        "sections:",
        f"  - title: {short}特色活动",
        "    items:",
        f"      - 组织{short}各县市区开展“兴农专场”，促进农产品上行和工业品下行的双向流通。",
        "      - 引导参与主体应用直播、短视频等电商新业态，将农特产品、农旅休闲服务嵌入数字产品。",
        "contacts:",
        f"  - name: {short}联络员",
        f"    unit: {short}商务厅电子商务处",
        "    phone: 010-66668888",
        "    email: contact@example.gov.cn",
        "notices:",
    ]
    for i, notice_id in enumerate(notice_ids, 1):
        lines += [
            f"  - id: {notice_id}",
            f"    issuer: {short}商务厅",
            f"    title: {short}商务厅关于开展“2022{short}网上年货节”活动的通知（{i}）",
            "    recipients: 各市州商务主管部门",
            f"    body: {CAMPAIGN}/regions/{slug}/notices/{notice_id}.md",
            f"    signature: {short}商务厅",
            f"    date: 2021-12-{20 + i}",
        ]
    return "\n".join(lines) + "\n"


def campaign_ids(count: int) -> list[str]:
    """The shipped campaign's id, then copies of it (the scale bench: many campaigns of every region)."""
    return [CAMPAIGN, *(f"{CAMPAIGN}-{chr(ord('a') + i)}" for i in range(count - 1))]


def _campaign(target: Path, campaign: str, region_count: int) -> None:
    (target / "campaigns" / campaign / "regions").mkdir(parents=True)
    shipped = (ROOT / "campaigns" / CAMPAIGN / "campaign.yaml").read_text(encoding="utf-8")
    body = shipped.replace(f"body: {CAMPAIGN}/", f"body: {campaign}/")
    (target / "campaigns" / campaign / "campaign.yaml").write_text(body, encoding="utf-8")
    shutil.copytree(ROOT / "content" / CAMPAIGN / "notices", target / "content" / campaign / "notices")
    template = (ROOT / "content" / CAMPAIGN / "regions/hunan/notices/hunan-2021-12-21.md").read_text(encoding="utf-8")
    for region in regions()[:region_count]:
        ids = [f"{region['slug']}-notice-{i}" for i in (1, 2)]
        text = _region_yaml(region, ids).replace(f"body: {CAMPAIGN}/", f"body: {campaign}/")
        (target / "campaigns" / campaign / "regions" / f"{region['slug']}.yaml").write_text(text, encoding="utf-8")
        notices = target / "content" / campaign / "regions" / region["slug"] / "notices"
        notices.mkdir(parents=True)
        for notice_id in ids:
            notice = template.replace("湖南", region["short_name"]).replace("0731-82287166", "010-66668888")
            (notices / f"{notice_id}.md").write_text(notice, encoding="utf-8")


def write_project(target: Path, region_count: int, campaigns: int = 1) -> Path:
    """A project folder (campaigns, content, theme, mkdocs.yml) with `campaigns` campaigns of `region_count`
    regions each."""
    shutil.rmtree(target, ignore_errors=True)
    (target / "campaigns").mkdir(parents=True)
    shutil.copy(ROOT / "campaigns/site.yaml", target / "campaigns/site.yaml")
    shutil.copy(ROOT / "campaigns/terms.yaml", target / "campaigns/terms.yaml")
    shutil.copytree(ROOT / "theme", target / "theme")
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    for campaign in campaign_ids(campaigns):
        _campaign(target, campaign, region_count)
    return target
