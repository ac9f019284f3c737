"""A group's next meetings as an iCalendar file (RFC 5545), written by hand: it is small.

Times carry TZID=Europe/Zurich with the zone's rules included (VTIMEZONE). A floating time
would be read in the device's own zone: an online group's 19:00 would move for anyone whose
calendar runs on another zone, and a calendar set to UTC would shift every meeting by an hour
or two. With the zone named, every calendar shows the meeting at the Swiss hour it happens.
"""

import datetime

from django.utils.translation import gettext as _

from . import schedule
from .models import Format

TIME_ZONE = "Europe/Zurich"
# Switzerland has followed the EU summer-time rules since 1981: from the last Sunday of March
# at 02:00 to the last Sunday of October at 03:00.
VTIMEZONE = [
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
]
MAX_OCTETS = 75
CRLF = "\r\n"


def escape(text):
    """A TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma and newlines escaped."""
    text = str(text).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def fold(line):
    """Lines longer than 75 octets continue on the next line after one space (RFC 5545 3.1).

    Counted in UTF-8 octets and cut between characters, never inside one: "è" is two octets.
    """
    parts, current, size = [], [], 0
    for char in line:
        octets = len(char.encode())
        # A continuation line starts with a space, which counts towards its 75 octets.
        limit = MAX_OCTETS if not parts else MAX_OCTETS - 1
        if size + octets > limit:
            parts.append("".join(current))
            current, size = [], 0
        current.append(char)
        size += octets
    parts.append("".join(current))
    return "\r\n ".join(parts)


def _local(day, time):
    return datetime.datetime.combine(day, time).strftime("%Y%m%dT%H%M%S")


def _when(group, day):
    """DTSTART and DTEND of one meeting: at its hours, or all day when none are known."""
    if group.start_time is None:
        # A whole-day event says "this day", without inventing an hour.
        following = day + datetime.timedelta(days=1)
        return [
            f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
            f"DTEND;VALUE=DATE:{following:%Y%m%d}",
        ]
    lines = [f"DTSTART;TZID={TIME_ZONE}:{_local(day, group.start_time)}"]
    # With no end time we give none: RFC 5545 then ends the event when it starts, which is
    # better than an end time the group never announced.
    if group.end_time is not None:
        lines.append(f"DTEND;TZID={TIME_ZONE}:{_local(day, group.end_time)}")
    return lines


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


def _event(group, day, page_url, stamp, host):
    return [
        "BEGIN:VEVENT",
        f"UID:{group.ref}-{day:%Y%m%d}@{host}",
        f"DTSTAMP:{stamp}",
        *_when(group, day),
        f"SUMMARY:{escape(group.name)}",
        f"LOCATION:{escape(location(group))}",
        f"DESCRIPTION:{escape(_description(group, page_url))}",
        f"URL:{page_url}",
        "END:VEVENT",
    ]


def calendar(group, dates, page_url, host, now):
    """The iCalendar text for `dates` of `group`: CRLF line ends, folded lines.

    `now` (an aware datetime) stamps the events; `host` makes their UIDs unique worldwide, and
    each UID stays the same for the same group and day, so a second import updates the first.
    """
    stamp = now.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Selfhelp//Group meetings//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ]
    if group.start_time is not None:
        lines += VTIMEZONE
    for day in dates:
        lines += _event(group, day, page_url, stamp, host)
    lines.append("END:VCALENDAR")
    return CRLF.join(fold(line) for line in lines) + CRLF
