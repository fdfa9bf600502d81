"""The .ics calendars as a calendar program reads them: RFC 5545's rules that apply to what we write, UIDs that
follow what an entry is, stamps that say which file is newer, and the event times editors may write."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from dateutil.rrule import rrulestr
from icalendar import Calendar

from generator.read import load_project
from generator.render import render_microsite
from generator.resolve import SiteMap, resolve_editions
from tests.support import BUILD_MOMENT, ROOT, check_json, copy_project, edit, line_of

pytestmark = pytest.mark.unit

HUNAN_YAML = "campaigns/2022-nianhuojie/regions/hunan.yaml"
CAMPAIGN_YAML = "campaigns/2022-nianhuojie/campaign.yaml"
LAUNCH = "  - name: “2022湖南网上年货节”启动仪式\n    kind: 启动仪式\n    date: 2022-01-10\n"


def calendars(root: Path, moment: datetime = BUILD_MOMENT) -> dict[str, Calendar]:
    project = load_project(root / "campaigns")[0]
    sites = SiteMap.of(project)
    return {
        e.path: Calendar.from_ical(render_microsite(e, sites, moment=moment, with_pdf=False).files["schedule.ics"])
        for e in resolve_editions(project)
    }


def entries(cal: Calendar) -> dict[str, dict]:
    return {str(ev["summary"]): ev for ev in cal.walk("VEVENT")}


def test_every_calendar_keeps_rfc_5545s_rules() -> None:
    for path, cal in calendars(ROOT).items():
        assert str(cal["version"]) == "2.0" and cal.get("prodid"), path
        assert str(cal["method"]) == "PUBLISH"
        assert str(cal["url"]).endswith(f"/{path}/") and str(cal["source"]).endswith(f"/{path}/schedule.ics")
        events = cal.walk("VEVENT")
        uids = [str(ev["uid"]) for ev in events]
        assert len(uids) == len(set(uids)), path  # a UID names one entry
        for ev in events:
            for required in ("uid", "dtstamp", "dtstart", "dtend", "summary", "sequence", "last-modified", "url"):
                assert ev.get(required) is not None, (path, ev["summary"], required)
            start, end = ev.decoded("dtstart"), ev.decoded("dtend")
            assert type(start) is type(end), (
                path,
                ev["summary"],
            )  # an all-day entry ends on a date, a timed one at a time
            assert end > start, (path, ev["summary"])
            assert ev.decoded("dtstamp").tzinfo is not None  # DTSTAMP is in UTC
            assert "另行通知" not in str(ev.get("location", "")) and "待定" not in str(ev.get("location", ""))
            for alarm in ev.walk("VALARM"):
                assert str(alarm["action"]) == "DISPLAY" and alarm.get("description") and alarm.get("trigger")


def test_phases_and_deadline_reminders_are_in_the_calendar() -> None:
    hunan = entries(calendars(ROOT)["2022-nianhuojie/hunan"])
    assert {"阶段：前期筹备", "阶段：预热", "阶段：活动实施", "阶段：总结成效"} <= hunan.keys()
    deadline = next(ev for name, ev in hunan.items() if name.startswith("报送截止："))
    (alarm,) = deadline.walk("VALARM")
    assert alarm.decoded("trigger") == timedelta(hours=-15)  # 09:00 the day before the all-day deadline
    launch = hunan["“2022湖南网上年货节”启动仪式"]
    assert "location" not in launch and "地点：形式另行通知" in str(launch["description"])
    assert str(launch["url"]) == "https://campaigns.example.com/2022-nianhuojie/hunan/schedule/"


def test_uids_follow_what_an_entry_is_not_where_it_stands(tmp_path: Path) -> None:
    before = {str(ev["summary"]): str(ev["uid"]) for ev in calendars(ROOT)["2022-nianhuojie"].walk("VEVENT")}
    root = copy_project(tmp_path / "p")
    edit(
        root / CAMPAIGN_YAML,
        "deadlines:\n",
        "deadlines:\n  - what: 新增的报送事项\n    due: 2022-02-15\n    to: 商务部\n",
    )
    edit(root / CAMPAIGN_YAML, "    due: 2022-02-18\n", "    due: 2022-02-19\n")  # a moved deadline
    after = {str(ev["summary"]): str(ev["uid"]) for ev in calendars(root)["2022-nianhuojie"].walk("VEVENT")}
    assert {name: uid for name, uid in after.items() if name in before} == before
    assert after["报送截止：新增的报送事项"] not in before.values()


def test_a_later_build_is_the_newer_version_of_each_entry() -> None:
    old = entries(calendars(ROOT)["2022-nianhuojie/hunan"])
    later = BUILD_MOMENT + timedelta(days=3)
    new = entries(calendars(ROOT, later)["2022-nianhuojie/hunan"])
    for name, ev in new.items():
        assert int(ev["sequence"]) > int(old[name]["sequence"])
        assert ev.decoded("last-modified") == ev.decoded("dtstamp") == later


@pytest.mark.parametrize(
    ("times", "start", "end"),
    [
        (
            '    time: "19:30"\n    end_time: "24:00"\n',
            (19, 30),
            datetime(2022, 1, 11, tzinfo=UTC) - timedelta(hours=8),
        ),
        ('    time: "09:00"\n    end_time: "11:30"\n', (9, 0), datetime(2022, 1, 10, 3, 30, tzinfo=UTC)),
        ('    time: "09:00"\n', (9, 0), datetime(2022, 1, 10, 2, tzinfo=UTC)),  # an hour when no end is said
    ],
)
def test_event_times_become_the_right_instants(tmp_path: Path, times: str, start: tuple, end: datetime) -> None:
    root = copy_project(tmp_path / "p")
    edit(root / HUNAN_YAML, LAUNCH, LAUNCH + times)
    launch = entries(calendars(root)["2022-nianhuojie/hunan"])["“2022湖南网上年货节”启动仪式"]
    china = datetime(2022, 1, 10, *start, tzinfo=UTC) - timedelta(hours=8)
    assert launch.decoded("dtstart") == china
    assert launch.decoded("dtend") == end


@pytest.mark.parametrize(
    ("times", "rule"),
    [
        ('    time: "09:00"\n    end_time: "24:30"\n', "schema-format"),  # past midnight: not a time of day
        ('    time: "09:00"\n    end_time: "24:01"\n', "schema-format"),
        ('    time: "20:00"\n    end_time: "18:00"\n', "date-event-time"),  # ends before it starts
        ('    time: "20:00"\n    end_time: "20:00"\n', "date-event-time"),
        ('    end_time: "18:00"\n', "date-event-time"),  # an end without a start
    ],
)
def test_impossible_event_times_are_refused_at_their_line(tmp_path: Path, times: str, rule: str) -> None:
    root = copy_project(tmp_path / "p")
    edit(root / HUNAN_YAML, LAUNCH, LAUNCH + times)
    code, findings = check_json(root)
    assert code == 1
    (found,) = [f for f in findings if f["rule"] == rule]
    assert found["path"] == HUNAN_YAML and found["line"] == line_of(root / HUNAN_YAML, "end_time")
    assert found["fix"]


def test_an_event_to_be_announced_has_no_entry_until_it_has_a_date(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "p")
    edit(root / HUNAN_YAML, "    date: 2022-01-10\n    place: 形式另行通知", "    date: 待定\n    place: 形式另行通知")
    names = entries(calendars(root)["2022-nianhuojie/hunan"]).keys()
    assert "“2022湖南网上年货节”启动仪式" not in names and "2022湖南网上年货节" in names


def test_a_series_of_whole_days_ends_on_a_date_and_an_unannounced_place_is_no_location(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "p")
    series = "    end_date: 2022-02-06\n    repeat: 每周\n"
    edit(root / HUNAN_YAML, LAUNCH, LAUNCH + series)
    edit(root / HUNAN_YAML, "place: 形式另行通知", "place: 地点待公布")
    launch = entries(calendars(root)["2022-nianhuojie/hunan"])["“2022湖南网上年货节”启动仪式"]
    rule = launch.decoded("rrule")
    assert type(rule["UNTIL"][0]) is date and rule["UNTIL"][0] == date(2022, 2, 6)  # DTSTART's value type
    start = datetime.combine(launch.decoded("dtstart"), datetime.min.time())
    days = list(rrulestr(launch["rrule"].to_ical().decode(), dtstart=start))  # as a calendar expands it
    assert [d.date() for d in days] == [date(2022, 1, 10) + timedelta(weeks=n) for n in range(4)]
    assert "location" not in launch and "地点：地点待公布" in str(launch["description"])
