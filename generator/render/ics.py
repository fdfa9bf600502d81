"""The microsite's .ics calendar: the campaign period, its events and its reporting deadlines."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone

from icalendar import Calendar
from icalendar import Event as IcsEvent

from ..read.model import Event
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


def _timed(
    uid: str,
    summary: str,
    day: date,
    start: str,
    end: str | None,
    stamp: datetime,
    location: str | None,
    description: str = "",
) -> IcsEvent:
    ev = IcsEvent()
    begin = datetime.combine(day, time.fromisoformat(start), CHINA)
    finish = (
        datetime.combine(day, time.fromisoformat(end), CHINA) if end and end != "24:00" else begin + timedelta(hours=1)
    )
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


def _event(uid: str, ev: Event, stamp: datetime) -> IcsEvent:
    """One event: timed or all-day; a series repeats daily or weekly until its end date; a range spans it."""
    description, first = ev.description or "", ev.date
    assert isinstance(first, date)  # an event to be announced (待定) has no calendar entry
    if ev.count:
        description = f"共{ev.count}{ev.count_unit}。{description}".rstrip("。") + ("。" if description else "")
    if ev.time and (ev.repeat or not ev.end_date):
        item = _timed(uid, ev.name, first, ev.time, ev.end_time, stamp, ev.place, description)
    else:
        last = ev.end_date if ev.end_date and not ev.repeat else first
        item = _all_day(uid, ev.name, first, last, stamp, description)
        if ev.place:
            item.add("location", ev.place)
    if ev.repeat and ev.end_date:
        until = datetime.combine(ev.end_date, time(23, 59, 59), CHINA).astimezone(UTC)
        item.add("rrule", {"freq": "daily" if ev.repeat == "每天" else "weekly", "until": until})
    return item


def build_calendar(edition: Edition) -> bytes:
    """Deterministic: UIDs and DTSTAMP derive from the data, not from the clock."""
    cal = Calendar()
    cal.add("prodid", "-//campaignsite//活动日历//ZH")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", edition.site_name)
    cal.add("x-wr-timezone", "Asia/Shanghai")
    stamp = datetime.combine(edition.period.start, time(0), UTC)
    prefix = f"{edition.campaign_id}-{edition.slug}"
    cal.add_component(
        _all_day(
            f"{prefix}-period@campaignsite",
            edition.site_name,
            edition.period.start,
            edition.period.end,
            stamp,
            edition.period.lunar or "",
        )
    )
    for i, ev in enumerate(edition.events):
        if isinstance(ev.date, str):
            continue  # 待定: not in anyone's calendar until it has a date
        cal.add_component(_event(f"{prefix}-event-{i}@campaignsite", ev, stamp))
    for i, d in enumerate(edition.deadlines):
        cal.add_component(
            _all_day(f"{prefix}-deadline-{i}@campaignsite", f"报送截止：{d.what}", d.due, d.due, stamp, f"报送至{d.to}")
        )
    return cal.to_ical()
