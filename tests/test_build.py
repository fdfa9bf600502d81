"""The shipped campaigns build into the URL layout other tools rely on, with every seed fact in place."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import material
import pytest
from icalendar import Calendar

from generator.engines.mkdocs_speed import LUNR, search_scripts
from tests.support import load_data, page_text

MATERIAL = Path(material.__file__).parent

SITES = {
    ("2021-nianhuojie", None),
    ("2021-nianhuojie", "210000"),
    ("2022-nianhuojie", None),
    ("2022-nianhuojie", "430000"),
    ("2021-shuangpin", None),
}


def test_sites_json_lists_every_microsite(built_site: Path) -> None:
    rows = json.loads((built_site / "sites.json").read_text(encoding="utf-8"))
    assert {(r["campaign"], r["region"]) for r in rows} == SITES
    for row in rows:
        assert (built_site / row["path"] / "index.html").is_file()
        assert (built_site / row["path"] / "data.json").is_file()
        assert row["url"] == "https://campaigns.example.com/" + row["path"] + "/"
    assert {r["path"] for r in rows if r["region"] == "430000"} == {"2022-nianhuojie/hunan"}


def test_portal_links_every_campaign(built_site: Path) -> None:
    html = (built_site / "index.html").read_text(encoding="utf-8").replace("<wbr>", "")
    for name in ("2021全国网上年货节", "2022全国网上年货节", "第三届双品网购节"):
        assert name in html
    assert 'href="2022-nianhuojie/hunan/"' in html


def test_hunan_data_json_has_the_seed_facts(built_site: Path) -> None:
    data = load_data(built_site, "2022-nianhuojie/hunan")
    assert data["region"] == {
        "code": "430000",
        "slug": "hunan",
        "name": "湖南省",
        "short_name": "湖南",
        "branch": False,
    }
    assert data["site_name"] == "2022湖南网上年货节"
    assert data["period"]["start"] == "2022-01-10" and data["period"]["end"] == "2022-02-07"
    assert data["period"]["days"] == 29
    assert data["period"]["lunar_range"] == "腊月初八至正月初七"
    names = [p["name"] for p in data["platforms"]]
    assert names == ["阿里巴巴", "京东", "抖音", "快手", "兴盛优选", "友阿", "湖南苏宁易购", "快乐购"]
    assert data["contacts"][0] == {
        "name": "刘琦",
        "unit": "湖南省商务厅电子商务处",
        "phone": ["0731-82287166"],
        "fax": ["0731-82287166"],
        "email": "hndzsw@163.com",
    }
    assert [d["due"] for d in data["deadlines"]] == ["2021-12-31", "2022-01-05", "2022-02-07"]
    assert "网络直播营销管理办法（试行）" in data["rules"]["laws"]
    assert data["campaign"]["guiding_units"] == [
        "商务部",
        "中央网信办",
        "工业和信息化部",
        "市场监管总局",
        "国家邮政局",
        "中国消费者协会",
    ]
    assert [p["name"] for p in data["phases"]] == ["前期筹备", "预热", "活动实施", "总结成效"]
    assert {n["id"] for n in data["notices"]} == {"gongxiaofei-2021-885", "hunan-2021-12-21"}
    assert data["events"][0]["name"] == "“2022湖南网上年货节”启动仪式"
    assert data["assets"]["calendar"] == "schedule.ics"
    table = data["forms"]["statistics"][0]
    assert table["title"] == "“2022湖南网上年货节”重点活动统计表"
    assert table["columns"][-1] == "备注" and len(table["columns"]) == 7
    assert table["header_fields"] == ["填报单位（盖章）", "联系人", "职务", "联系方式", "邮箱"]


def test_shuangpin_commitment_letter_is_in_data_json(built_site: Path) -> None:
    data = load_data(built_site, "2021-shuangpin")
    commitment = data["forms"]["commitment"]
    assert len(commitment["items"]) == 6 and commitment["signer"] == "承诺方代表"
    assert data["period"] == {
        "start": "2021-04-28",
        "end": "2021-05-10",
        "days": 13,
        "lunar_range": None,
        "text": "2021年4月28日—5月10日",
    }
    assert data["campaign"]["edition"] == "第三届" and data["theme"] == "品牌品质·惠享生活"


def test_platform_targets_carry_tracking_parameters(built_site: Path) -> None:
    data = load_data(built_site, "2022-nianhuojie/hunan")
    jd = next(p for p in data["platforms"] if p["name"] == "京东")
    assert jd["targets"]["qr"] == "https://www.jd.com/?source=hunan&medium=qr&campaign=2022-nianhuojie"
    national = load_data(built_site, "2022-nianhuojie")
    assert national["platforms"][0]["targets"]["web"].endswith("source=national&medium=web&campaign=2022-nianhuojie")


def test_national_site_shows_all_37_regions_with_status(built_site: Path) -> None:
    data = load_data(built_site, "2022-nianhuojie")
    assert len(data["regions"]) == 37
    branches = {r["name"] for r in data["regions"] if r["branch"]}
    assert branches == {
        "辽宁省",
        "上海市",
        "江苏省",
        "浙江省",
        "福建省",
        "广西壮族自治区",
        "云南省",
        "厦门市",
        "青岛市",
    }
    hunan = next(r for r in data["regions"] if r["code"] == "430000")
    assert hunan["microsite"] and hunan["status"] == "已开通地方微站"
    html = page_text(built_site, "2022-nianhuojie/regions")
    assert html.count("<tr") == 38  # header + 37 regions
    assert '<a href="../hunan/">湖南省</a>' in html  # from regions/ up to the region's own microsite
    assert "新疆生产建设兵团" in html


def test_home_page_shows_period_lunar_days_and_phase(built_site: Path) -> None:
    html = page_text(built_site, "2022-nianhuojie/hunan")
    assert "2022年1月10日—2月7日" in html
    assert "腊月初八至正月初七" in html
    assert "共29天" in html
    # build day 2022-01-20 is inside the period: the no-JavaScript fallback says so
    assert re.search(r'class="cs-phase-text">进行中<', html)


def test_every_region_page_has_its_own_nav_and_brand(built_site: Path) -> None:
    html = page_text(built_site, "2022-nianhuojie/hunan/platforms")
    assert "兴盛优选" in html and "快乐购" in html
    assert "各地活动" not in html  # national-only page is not in a region's navigation
    assert 'data-cs-brand="logo"' in html and "2022全国网上年货节" in html
    assert "<title>平台专区 - 2022湖南网上年货节</title>" in html


def test_notice_pages_render_document_number_and_body(built_site: Path) -> None:
    html = page_text(built_site, "2021-nianhuojie/notices/shangban-2021-11")
    assert "商办电函〔2021〕11号" in html and "特急" in html
    assert "防疫情、保供应、促消费" in html
    liaoning = page_text(built_site, "2021-nianhuojie/liaoning/notices/liaoshang-2021-15")
    assert "辽商电商函〔2021〕15号" in liaoning and "各市商务局、沈抚示范区商务主管部门" in liaoning
    shuangpin = page_text(built_site, "2021-shuangpin/notices/shangban-2021-107")
    assert "品牌品质·惠享生活" in shuangpin and "井南集" not in shuangpin


def test_rights_page_lists_laws_and_complaint_channel(built_site: Path) -> None:
    html = page_text(built_site, "2021-nianhuojie/rights")
    for law in ("《电子商务法》", "《反垄断法》", "《价格法》", "《消费者权益保护法》"):
        assert law in html
    assert "12315" in html and "“二选一”" in html


def test_contact_page_of_liaoning(built_site: Path) -> None:
    html = page_text(built_site, "2021-nianhuojie/liaoning/contact")
    assert "杜四龙" in html and 'href="tel:02486890383"' in html and "024-86911695" in html


def test_calendar_button_on_the_schedule_page_downloads_the_calendar(built_site: Path) -> None:
    for microsite in ("2022-nianhuojie", "2022-nianhuojie/hunan", "2021-shuangpin"):
        html = page_text(built_site, f"{microsite}/schedule")
        href = re.search(
            r'<a class="cs-button" href="([^"]+)" download aria-label="下载日历（.ics）">下载日历', html
        ).group(1)
        assert (built_site / microsite / "schedule" / href).resolve() == (built_site / microsite / "schedule.ics")


def test_calendar_holds_period_events_and_deadlines(built_site: Path) -> None:
    cal = Calendar.from_ical((built_site / "2022-nianhuojie/hunan/schedule.ics").read_bytes())
    events = {str(e["summary"]): e for e in cal.walk("VEVENT")}
    period = events["2022湖南网上年货节"]
    assert period.decoded("dtstart").isoformat() == "2022-01-10"
    assert period.decoded("dtend").isoformat() == "2022-02-08"
    assert "“2022湖南网上年货节”启动仪式" in events
    assert any(s.startswith("报送截止：活动全面总结") for s in events)


def test_search_index_keeps_campaign_terms_whole(built_site: Path) -> None:
    index = json.loads((built_site / "2022-nianhuojie/hunan/search/search_index.json").read_text(encoding="utf-8"))
    text = " ".join(doc["text"] for doc in index["docs"])
    assert "网上年货节\u200b" in text  # the campaign term is one word (jieba's dictionary), not 网上 + 年货节
    assert index["config"]["lang"] == ["zh"]


def test_only_the_lunr_scripts_the_search_loads_are_published(built_site: Path) -> None:
    """Material ships lunr for 30 languages; the search worker of a Chinese site loads two of them."""
    lunr = built_site / "2022-nianhuojie/hunan/assets/javascripts/lunr"
    published = sorted(p.relative_to(lunr).as_posix() for p in lunr.rglob("*") if p.is_file())
    assert published == ["min/lunr.stemmer.support.min.js", "min/lunr.zh.min.js"]


@pytest.mark.unit
@pytest.mark.parametrize(
    ("languages", "loaded"),
    [
        (["zh"], {"min/lunr.stemmer.support.min.js", "min/lunr.zh.min.js"}),
        (["en"], set()),
        (["ja"], {"min/lunr.stemmer.support.min.js", "min/lunr.ja.min.js", "tinyseg.js"}),
        (
            ["zh", "th"],
            {"min/lunr.stemmer.support.min.js", "min/lunr.zh.min.js", "min/lunr.th.min.js", "wordcut.js",
             "min/lunr.multi.min.js"},
        ),
    ],
)  # fmt: skip
def test_search_scripts_follow_materials_worker(languages: list[str], loaded: set[str]) -> None:
    assert search_scripts(languages) == {LUNR + name for name in loaded}
    worker = next((MATERIAL / "templates/assets/javascripts/workers").glob("search.*.min.js")).read_text()
    # the rules search_scripts follows, as the worker writes them
    for rule in ('case"ja":r.push(`${e}/tinyseg.js`)', 'case"th":r.push(`${e}/wordcut.js`)', "lunr.multi.min.js"):
        assert rule in worker
    assert all((MATERIAL / "templates" / name).is_file() for name in search_scripts(languages))


def test_nothing_is_loaded_from_another_host(built_site: Path) -> None:
    pattern = re.compile(r'(?:src|href)="(?:https?:)?//(?!campaigns\.example\.com)[^"]+"')
    for page in built_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        for match in pattern.finditer(html):
            tag_start = html.rfind("<", 0, match.start())
            tag = html[tag_start : match.start()]
            # outbound links to platform zones are fine; resources (scripts, styles, images) are not
            assert tag.startswith("<a "), f"{page}: {match.group(0)}"
    assert "fonts.googleapis" not in (built_site / "2022-nianhuojie/index.html").read_text(encoding="utf-8")


def test_a_cold_build_is_byte_identical_to_the_shared_one(tmp_path: Path, built_site: Path) -> None:
    """A project with its own empty cache, every QR code, poster and PDF drawn anew, against the worker's
    build (drawn from the shared test cache, itself drawn cold on a fresh machine): every file compared."""
    from tests.support import BUILD_DAY, copy_project, run_cli

    root = copy_project(tmp_path / "cold")
    result = run_cli("build", "-q", "--today", BUILD_DAY.isoformat(), "--cache-dir", str(tmp_path / "cache"), cwd=root)
    assert result.returncode == 0, result.stderr
    assert "沿用缓存 0 份" in result.stderr  # the PDFs were printed, not taken from a cache
    first, second = (
        {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
        for site in (root / "site", built_site)
    )
    assert first.keys() == second.keys()
    assert any(k.suffix == ".pdf" for k in first) and any(k.suffix == ".png" for k in first)
    assert [str(k) for k in first if first[k] != second[k]] == []


def test_a_rebuild_on_another_day_equals_a_cold_build_of_that_day(project: Path, tmp_path: Path) -> None:
    """The 活动日程 timeline marks the build day and the calendar carries it: a rebuild on the next day (same
    phase) must not keep yesterday's pages."""
    from tests.support import run_cli, snapshot

    def build(day: str, cache: str, site: str) -> dict[str, str]:
        args = ("build", "-q", "--no-pdf", "--today", day, "--cache-dir", str(tmp_path / cache))
        result = run_cli(*args, "--site-dir", str(tmp_path / site), cwd=project)
        assert result.returncode == 0, result.stderr
        return snapshot(tmp_path / site)

    build("2022-01-20", "cache", "site")
    incremental = build("2022-01-21", "cache", "site")
    cold = build("2022-01-21", "cold-cache", "cold-site")
    assert incremental == cold
    assert 'data-build-day="2022-01-21"' in (tmp_path / "site/2022-nianhuojie/hunan/schedule/index.html").read_text()


def test_every_data_json_is_what_the_published_schema_says(built_site: Path) -> None:
    """Read as another tool reads it: the published JSON Schema, a JSON Schema validator, no code of ours."""
    import jsonschema

    from tests.support import ROOT

    schema = json.loads((ROOT / "schema/data.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    sites = json.loads((built_site / "sites.json").read_text(encoding="utf-8"))
    folders = [entry["path"] for entry in sites]
    assert len(folders) == 5
    for folder in folders:
        data = json.loads((built_site / folder / "data.json").read_text(encoding="utf-8"))
        assert [error.message for error in validator.iter_errors(data)] == [], folder
        assert data["schema_version"] == 5
        for contact in data["contacts"]:
            assert isinstance(contact.get("fax", []), list) and isinstance(contact["phone"], list)
        assert all(isinstance(credit["units"], list) for credit in data["credits"])
        assert all("count" in event for event in data["events"] if "count_unit" in event)
        for notice in data["notices"]:
            assert notice["body_html"].startswith("<") and "body" not in notice
            assert all("body" not in attachment for attachment in notice["attachments"])
        assert data["$schema"] == "https://campaigns.example.com/data.schema.json"
    assert (built_site / "data.schema.json").read_bytes() == (ROOT / "schema/data.schema.json").read_bytes()
    broken = json.loads((built_site / "2022-nianhuojie/hunan/data.json").read_text(encoding="utf-8"))
    broken["contacts"][0]["fax"] = "0731-82287166"  # what version 3 wrote: a reader of version 4 is told
    assert list(validator.iter_errors(broken))
    unit_alone = json.loads((built_site / "2022-nianhuojie/hunan/data.json").read_text(encoding="utf-8"))
    unit_alone["events"][0] = {**unit_alone["events"][0], "count_unit": "场"}
    unit_alone["events"][0].pop("count", None)
    assert [e.validator for e in validator.iter_errors(unit_alone)] == ["dependentRequired"]


def test_the_portal_names_an_icon_the_site_serves(built_site: Path) -> None:
    """A browser asks for /favicon.ico unless the page names an icon: the portal names the newest campaign's
    mark, a file of the site (no 404 in any server's log)."""
    html = (built_site / "index.html").read_text(encoding="utf-8").replace("<wbr>", "")
    [icon] = re.findall(r'<link rel="icon" href="([^"]+)">', html)
    assert (built_site / icon).is_file() and icon == "2022-nianhuojie/assets/logo.svg"


MAIN_IMPORTS = """
import sys
from generator.cli import run
sys.argv = ["campaignsite", "build", "-q", "--no-pdf", "--today", "2022-01-20"]
try:
    run()
finally:
    print(" ".join(sorted(name for name in ("asyncio", "docx", "icalendar") if name in sys.modules)), file=sys.stderr)
"""


def test_the_builds_own_process_loads_nothing_only_workers_or_printing_use(project: Path) -> None:
    """python-docx and icalendar are the workers' (Word files, calendars), asyncio the PDF printer's: a build
    without PDFs never imports them in its own process (python-docx alone took 0.1 s of a one-region build)."""
    result = subprocess.run([sys.executable, "-c", MAIN_IMPORTS], cwd=project, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "完成" in result.stderr  # it built (the report goes to stderr)
    assert result.stderr.splitlines()[-1] == "", result.stderr
