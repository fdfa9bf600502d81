"""The microsite's .ics calendar: the campaign period, its events and its reporting deadlines."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone

from icalendar import Calendar
from icalendar import Event as IcsEvent

from ..resolve import Edition

CHINA = timezone(timedelta(hours=8))


def _all_day(uid: str, summary: str, start: date, end: date, stamp: datetime, description: str = "") -> IcsEvent:
    ev = IcsEvent()
    ev.add("uid", uid)
    ev.add("dtstamp", stamp)
    ev.add("summary", summary)
    ev.add("dtstart", start)
    ev.add("dtend", end + timedelta(days=1))  # DTEND of an all-day event is exclusive
    if description:
        ev.add("description", description)
    return ev


def _timed(uid: str, summary: str, day: date, start: str, end: str | None, stamp: datetime,
           location: str | None, description: str = "") -> IcsEvent:
    ev = IcsEvent()
    begin = datetime.combine(day, time.fromisoformat(start), CHINA)
    finish = datetime.combine(day, time.fromisoformat(end), CHINA) if end and end != "24:00" \
        else begin + timedelta(hours=1)
    ev.add("uid", uid)
    ev.add("dtstamp", stamp)
    ev.add("summary", summary)
    ev.add("dtstart", begin.astimezone(UTC))
    ev.add("dtend", finish.astimezone(UTC))
    if location:
        ev.add("location", location)
    if description:
        ev.add("description", description)
    return ev


def build_calendar(edition: Edition) -> bytes:
    """Deterministic: UIDs and DTSTAMP derive from the data, not from the clock."""
    cal = Calendar()
    cal.add("prodid", "-//campaignsite//活动日历//ZH")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", edition.site_name)
    cal.add("x-wr-timezone", "Asia/Shanghai")
    stamp = datetime.combine(edition.period.start, time(0), UTC)
    prefix = f"{edition.campaign_id}-{edition.slug}"
    cal.add_component(_all_day(f"{prefix}-period@campaignsite", edition.site_name, edition.period.start,
                               edition.period.end, stamp, edition.period.lunar or ""))
    for i, ev in enumerate(edition.events):
        uid = f"{prefix}-event-{i}@campaignsite"
        if ev.time:
            cal.add_component(_timed(uid, ev.name, ev.date, ev.time, ev.end_time, stamp, ev.place,
                                     ev.description or ""))
        else:
            item = _all_day(uid, ev.name, ev.date, ev.date, stamp, ev.description or "")
            if ev.place:
                item.add("location", ev.place)
            cal.add_component(item)
    for i, d in enumerate(edition.deadlines):
        cal.add_component(_all_day(f"{prefix}-deadline-{i}@campaignsite", f"报送截止：{d.what}", d.due, d.due,
                                   stamp, f"报送至{d.to}"))
    return cal.to_ical()
