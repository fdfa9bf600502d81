"""A region published as a 专栏 of its own portal (国办发〔2017〕47号): every address a reader or a tool is given
names the portal, QR codes included; the national pages link to it; placeholders do not go out."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import zxingcpp
from icalendar import Calendar
from PIL import Image

from tests.support import HUNAN, check_json, copy_project, line_of, refused, run_cli

PORTAL = "https://swt.hunan.gov.cn/zt/2022wsnhj/"
NATIONAL = "https://campaigns.example.com/2022-nianhuojie/"
DEFAULT = NATIONAL + "hunan/"


def _published_elsewhere(root: Path) -> Path:
    region = root / HUNAN
    region.write_text(region.read_text(encoding="utf-8") + f"publish:\n  url: {PORTAL}\n", encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def portal_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = _published_elsewhere(copy_project(tmp_path_factory.mktemp("portal")))
    result = run_cli("build", "-q", "--no-pdf", "--today", "2022-01-20", cwd=root)
    assert result.returncode == 0, result.stderr
    return root / "site"


def _addresses_of(folder: Path) -> dict[str, set[str]]:
    """Every address the microsite's files give out, by kind."""
    pages = {p: p.read_text(encoding="utf-8") for p in folder.rglob("*.html")}
    data = json.loads((folder / "data.json").read_text(encoding="utf-8"))
    calendar = Calendar.from_ical((folder / "schedule.ics").read_bytes())
    codes = [zxingcpp.read_barcodes(Image.open(folder / "assets/qr/site.png"))[0].text]
    codes += [b.text for b in zxingcpp.read_barcodes(Image.open(folder / "assets/posters/share.png"))]
    return {
        "canonical": {m for html in pages.values() for m in re.findall(r'rel="canonical" href="([^"]+)"', html)},
        "og:url": {m for html in pages.values() for m in re.findall(r'property="og:url" content="([^"]+)"', html)},
        "og:image": {m for html in pages.values() for m in re.findall(r'property="og:image" content="([^"]+)"', html)},
        "sitemap": set(re.findall(r"<loc>([^<]+)</loc>", (folder / "sitemap.xml").read_text(encoding="utf-8"))),
        "data.json": {data["url"], data["assets"]["qr"]["site"]["target"]},
        "ics": {str(calendar["url"]), str(calendar["source"])} | {str(e["url"]) for e in calendar.walk("VEVENT")},
        "codes": {code for code in codes if "jd.com" not in code and "taobao" not in code and "?" not in code},
    }


def test_every_address_of_a_region_on_its_portal_names_the_portal(portal_site: Path) -> None:
    folder = portal_site / "2022-nianhuojie/hunan"
    for kind, addresses in _addresses_of(folder).items():
        assert addresses, kind
        assert all(address.startswith(PORTAL) for address in addresses), (kind, addresses)
    assert not (folder / "404.html").exists()  # the portal has its own
    for page in folder.rglob("*"):
        if page.is_file() and page.suffix in (".html", ".json", ".xml", ".ics"):
            assert DEFAULT not in page.read_text(encoding="utf-8", errors="replace"), page


def test_national_pages_link_to_the_portal_and_the_portal_back(portal_site: Path) -> None:
    regions = (portal_site / "2022-nianhuojie/regions/index.html").read_text(encoding="utf-8")
    assert regions.count(f'href="{PORTAL}"') >= 2  # the tile and the table
    assert 'href="../hunan/"' not in regions
    assert f'href="{PORTAL}"' in (portal_site / "index.html").read_text(encoding="utf-8")
    home = (portal_site / "2022-nianhuojie/hunan/index.html").read_text(encoding="utf-8")
    assert f'href="{NATIONAL}"' in home  # the national microsite, on its own host
    sites = json.loads((portal_site / "sites.json").read_text(encoding="utf-8"))
    assert {"campaign": "2022-nianhuojie", "region": "430000", "path": "2022-nianhuojie/hunan", "url": PORTAL} in sites
    liaoning = json.loads((portal_site / "2021-nianhuojie/liaoning/data.json").read_text(encoding="utf-8"))
    assert liaoning["url"] == "https://campaigns.example.com/2021-nianhuojie/liaoning/"  # the others stay


def test_an_export_of_a_region_on_its_portal_names_the_portal(tmp_path: Path) -> None:
    root = _published_elsewhere(copy_project(tmp_path / "p"))
    result = run_cli("export", "2022-nianhuojie", "hunan", str(tmp_path / "out"), "--no-pdf", cwd=root)
    assert result.returncode == 0, result.stderr
    for kind, addresses in _addresses_of(tmp_path / "out").items():
        assert all(address.startswith(PORTAL) for address in addresses), (kind, addresses)


@pytest.mark.unit
@pytest.mark.parametrize(
    ("url", "rule"),
    [
        ("http://swt.hunan.gov.cn/zt/2022wsnhj/", "url-https"),
        ("https://swt.hunan.gov.cn/zt/2022wsnhj/?from=a", "publish-url"),
        ("https://swt.hunan.gov.cn/zt/2022wsnhj/#top", "publish-url"),
        ("https://swt.hunan.gov.cn/zt/2022wsnhj", "publish-url"),
        ("https://swt.hunan.gov.cn@evil.cn/zt/", "url-host"),
    ],
)
def test_a_wrong_public_address_is_refused_at_its_line(project: Path, url: str, rule: str) -> None:
    region = project / HUNAN
    region.write_text(region.read_text(encoding="utf-8") + f"publish:\n  url: {url}\n", encoding="utf-8")
    code, findings = check_json(project)
    assert code == 1
    (found,) = [f for f in findings if f["rule"] == rule]
    assert (found["path"], found["line"]) == (HUNAN, line_of(region, "publish:") + 1)


def test_a_placeholder_address_is_said_once_and_refused_for_a_release(project: Path) -> None:
    site_yaml = "campaigns/site.yaml"
    built = run_cli("build", "-q", "--no-pdf", cwd=project)
    assert built.returncode == 0 and built.stderr.count("(url-placeholder)") == 1
    release = run_cli("build", "-q", "--no-pdf", "--release", "--site-dir", str(project / "release"), cwd=project)
    refused(release, "url-placeholder", site_yaml, line_of(project / site_yaml, "base_url:"))
    assert not (project / "release").exists()
