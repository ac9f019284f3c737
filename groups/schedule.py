"""A group's schedule in words, in the visitor's language, and its next meeting dates."""

import calendar
import dataclasses
import datetime
import functools
import itertools

from django.utils.formats import date_format
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _

from .models import BREAK_MAX_DAYS, Frequency

# Django's English DATE_FORMAT is American ("Dec. 8, 2026"). Switzerland writes the day first in
# every language; German puts a full stop after the day and a comma after the weekday.
DAY_FORMATS = {"de": "j. F Y"}
MEETING_FORMATS = {"de": "l, j. F Y"}
DAY_MONTH_FORMATS = {"de": "j. F"}


def date_formats():
    """The date formats of the visitor's language, for templates: a day ("8 décembre 2026"), a
    meeting ("mardi 8 décembre 2026"), a day of every year ("1 juillet")."""
    language = get_language()
    return {
        "day_format": DAY_FORMATS.get(language, "j F Y"),
        "meeting_format": MEETING_FORMATS.get(language, "l j F Y"),
        "day_month_format": DAY_MONTH_FORMATS.get(language, "j F"),
    }


# Switzerland reads the 24-hour clock in every language (English included).
CLOCK = "%H:%M"
WEEKDAY_NUMBERS = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}


def _weekday_name(code):
    # Django's own translated names, cased as each language writes them in a sentence
    # ("mardi", "Dienstag", "martedì", "Tuesday").
    name = str(date_format(_a_day(code), "l"))
    # Django capitalises Italian weekdays; French and Italian write them in lower case.
    return name.lower() if get_language() in ("fr", "it") else name


def _a_day(code):
    monday = datetime.date(2024, 1, 1)  # a Monday
    return monday + datetime.timedelta(days=WEEKDAY_NUMBERS[code])


def _rhythm(group):
    weekday = _weekday_name(group.weekday) if group.weekday else ""
    if group.frequency == Frequency.WEEKLY:
        return _("every %(weekday)s") % {"weekday": weekday}
    if group.frequency == Frequency.EVERY_TWO_WEEKS:
        return _("every other %(weekday)s") % {"weekday": weekday}
    if group.frequency == Frequency.MONTHLY:
        # Sunday has its own wording: in Italian "domenica" is feminine ("la prima domenica"),
        # every other weekday masculine ("il primo lunedì").
        if group.weekday == "sun":
            monthly = {
                "1": pgettext("sunday", "the first %(weekday)s of the month"),
                "2": pgettext("sunday", "the second %(weekday)s of the month"),
                "3": pgettext("sunday", "the third %(weekday)s of the month"),
                "4": pgettext("sunday", "the fourth %(weekday)s of the month"),
                "last": pgettext("sunday", "the last %(weekday)s of the month"),
            }
        else:
            monthly = {
                "1": _("the first %(weekday)s of the month"),
                "2": _("the second %(weekday)s of the month"),
                "3": _("the third %(weekday)s of the month"),
                "4": _("the fourth %(weekday)s of the month"),
                "last": _("the last %(weekday)s of the month"),
            }
        if group.week_of_month in monthly:
            return monthly[group.week_of_month] % {"weekday": weekday}
        return _("once a month, on a %(weekday)s") % {"weekday": weekday}
    return _("irregular meetings")


def _hours(group):
    if group.start_time and group.end_time:
        return _("%(start)s–%(end)s") % {
            "start": group.start_time.strftime(CLOCK),
            "end": group.end_time.strftime(CLOCK),
        }
    if group.start_time:
        return _("from %(start)s") % {"start": group.start_time.strftime(CLOCK)}
    return ""


def describe(group):
    """E.g. "the second tuesday of the month, 19:00–21:00", capitalised."""
    fields = (group.frequency, group.weekday, group.week_of_month, group.start_time)
    return _described(*fields, group.end_time, get_language())


@functools.lru_cache(maxsize=4096)
def _described(frequency, weekday, week_of_month, start_time, end_time, language):
    # A few hundred distinct schedules make every list: each is put in words once per
    # language and process (the words change only with a deploy).
    group = _Schedule(frequency, weekday, week_of_month, start_time, end_time)
    text = _rhythm(group)
    hours = _hours(group)
    if hours:
        text = _("%(rhythm)s, %(hours)s") % {"rhythm": text, "hours": hours}
    return text[:1].upper() + text[1:]


@dataclasses.dataclass(frozen=True)
class _Schedule:
    frequency: str
    weekday: str
    week_of_month: str
    start_time: datetime.time | None
    end_time: datetime.time | None


def _nth_weekday(year, month, weekday, week_of_month):
    days = [
        day
        for day in calendar.Calendar().itermonthdates(year, month)
        if day.month == month and day.weekday() == weekday
    ]
    return days[-1] if week_of_month == "last" else days[int(week_of_month) - 1]


def has_dates(group):
    """Whether the schedule fixes the meeting dates: weekly, or monthly on its nth weekday. A
    group meeting every two weeks or irregularly has none: without knowing which week it meets
    in, any date we showed could be wrong, and a wrong date fails a person at the door."""
    if not group.weekday or group.frequency not in (Frequency.WEEKLY, Frequency.MONTHLY):
        return False
    return group.frequency == Frequency.WEEKLY or bool(group.week_of_month)


def horizon(today):
    """The last day dates are given for: a year beyond the longest break."""
    return today + datetime.timedelta(days=2 * BREAK_MAX_DAYS)


def next_meetings(group, count=2, today=None, breaks=()):
    """The next `count` meeting dates, when the schedule fixes them (has_dates); else an empty
    list.

    A weekly group meets on every such weekday, a monthly one on its nth weekday, but not on the
    days of its `breaks` (anything with covers(day): MeetingBreak, or the index's tuples). Dates
    are looked for up to the horizon: past that, none are given.
    """
    today = today or datetime.date.today()
    if not has_dates(group):
        return []
    last = horizon(today)
    dates = []
    for day in _meeting_days(group, today):
        if len(dates) == count or day > last:
            break
        if not any(b.covers(day) for b in breaks):
            dates.append(day)
    return dates


def meeting_days(group, today):
    """Every day the schedule meets on (has_dates), from today to the horizon, breaks or not."""
    last = horizon(today)
    return list(itertools.takewhile(lambda day: day <= last, _meeting_days(group, today)))


def _meeting_days(group, today):
    """Every day the schedule meets on, from today on (endless)."""
    weekday = WEEKDAY_NUMBERS[group.weekday]
    if group.frequency == Frequency.WEEKLY:
        day = today + datetime.timedelta(days=(weekday - today.weekday()) % 7)
        while True:
            yield day
            day += datetime.timedelta(days=7)
    year, month = today.year, today.month
    while True:
        day = _nth_weekday(year, month, weekday, group.week_of_month)
        if day >= today:
            yield day
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
