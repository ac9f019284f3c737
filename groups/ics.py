"""A group's meetings as an iCalendar file (RFC 5545), built with the `icalendar` library: one
repeating event, which a calendar app can import or subscribe to.

- The rule: `FREQ=WEEKLY;BYDAY=TU`, or `FREQ=MONTHLY;BYDAY=2TU` (`-1TH` for the last Thursday),
  until the schedule's horizon (schedule.horizon: a subscribed calendar fetches the file again
  and the series moves on). Only schedules that fix their dates have one (schedule.has_dates).
- The group's breaks are `EXDATE`s: every meeting day a break covers within the series, yearly
  breaks included, so the calendar shows what the group page shows.
- Times carry TZID=Europe/Zurich with the zone's rules (VTIMEZONE). A floating time would be
  read in the device's own zone: an online group's 19:00 would move for anyone whose calendar
  runs on another zone. With the zone named, every calendar shows the Swiss hour. A group
  without hours has whole-day events.
- The UID is the group's: importing the file again updates the series instead of adding one.
"""

import datetime
import zoneinfo

from django.utils.translation import gettext as _
from icalendar import Calendar, Event, Timezone

from . import schedule
from .models import Format, Frequency

TIME_ZONE = "Europe/Zurich"
ZONE = zoneinfo.ZoneInfo(TIME_ZONE)
# Switzerland has followed the EU summer-time rules since 1981: from the last Sunday of March
# at 02:00 to the last Sunday of October at 03:00. Two rules, valid for every year to come.
VTIMEZONE = "\r\n".join(
    [
        "BEGIN:VTIMEZONE",
        f"TZID:{TIME_ZONE}",
        "BEGIN:DAYLIGHT",
        "TZOFFSETFROM:+0100",
        "TZOFFSETTO:+0200",
        "TZNAME:CEST",
        "DTSTART:19810329T020000",
        "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
        "END:DAYLIGHT",
        "BEGIN:STANDARD",
        "TZOFFSETFROM:+0200",
        "TZOFFSETTO:+0100",
        "TZNAME:CET",
        "DTSTART:19961027T030000",
        "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
        "END:STANDARD",
        "END:VTIMEZONE",
        "",
    ]
)
BYDAY = {"mon": "MO", "tue": "TU", "wed": "WE", "thu": "TH", "fri": "FR", "sat": "SA", "sun": "SU"}


def location(group):
    """Where the group meets, as public as the page: locality, and the place if published."""
    if not group.meets_in_person:
        return _("Online")
    place = f"{group.postcode} {group.locality}".strip()
    if group.meeting_place:
        place = f"{group.meeting_place}, {place}"
    if group.format == Format.HYBRID:
        place = _("%(place)s (also online)") % {"place": place}
    return place


def _description(group, page_url):
    lines = [schedule.describe(group)]
    if group.schedule_note:
        lines.append(group.schedule_note)
    lines.append(_("Check the group's page before you go: %(url)s") % {"url": page_url})
    return "\n".join(lines)


def recurrence(group, until):
    """The RRULE of a schedule with fixed dates, up to `until` (a date, or a UTC date-time)."""
    if group.frequency == Frequency.WEEKLY:
        return {"freq": "WEEKLY", "byday": BYDAY[group.weekday], "until": until}
    week = "-1" if group.week_of_month == "last" else group.week_of_month
    return {"freq": "MONTHLY", "byday": f"{week}{BYDAY[group.weekday]}", "until": until}


def _at(group, day, time):
    """A meeting day at `time` in Swiss time, or the day itself for a group without hours."""
    if group.start_time is None:
        return day
    return datetime.datetime.combine(day, time, tzinfo=ZONE)


def calendar(group, page_url, host, now, today, breaks=()):
    """The iCalendar bytes of `group`'s meetings from `today` (None when the schedule fixes no
    dates): one repeating event, its breaks excluded. `now` (an aware datetime) stamps it;
    `host` makes its UID unique worldwide."""
    days = schedule.meeting_days(group, today) if schedule.has_dates(group) else []
    if not days:
        return None
    event = Event()
    event.add("uid", f"{group.ref}@{host}")
    event.add("dtstamp", now.astimezone(datetime.UTC))
    event.add("dtstart", _at(group, days[0], group.start_time))
    if group.start_time is None:
        event.add("dtend", days[0] + datetime.timedelta(days=1))
        until = days[-1]
    else:
        # With no end time we give none: RFC 5545 then ends the event when it starts, which
        # is better than an end time the group never announced.
        if group.end_time is not None:
            event.add("dtend", _at(group, days[0], group.end_time))
        # With a time zone in DTSTART, UNTIL is in UTC (RFC 5545 3.3.10).
        until = _at(group, days[-1], group.start_time).astimezone(datetime.UTC)
    event.add("rrule", recurrence(group, until))
    skipped = [day for day in days if any(b.covers(day) for b in breaks)]
    if skipped:
        event.add("exdate", [_at(group, day, group.start_time) for day in skipped])
    event.add("summary", group.name)
    event.add("location", location(group))
    event.add("description", _description(group, page_url))
    event.add("url", page_url)

    cal = Calendar()
    cal.add("prodid", "-//Selfhelp//Group meetings//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", group.name)
    if group.start_time is not None:
        cal.add_component(Timezone.from_ical(VTIMEZONE))
    cal.add_component(event)
    return cal.to_ical()
