import datetime

import pytest
from django.utils import translation

from groups.models import Frequency, Group
from groups.schedule import describe, next_meetings


def group(**fields):
    defaults = {
        "frequency": Frequency.MONTHLY,
        "weekday": "tue",
        "week_of_month": "2",
        "start_time": datetime.time(19, 0),
        "end_time": datetime.time(21, 0),
    }
    return Group(**{**defaults, **fields})


def test_describe_in_english():
    with translation.override("en"):
        assert describe(group()) == "The second Tuesday of the month, 19:00–21:00"
        assert describe(group(frequency="weekly", week_of_month="")) == "Every Tuesday, 19:00–21:00"
        assert describe(group(frequency="irregular", weekday="", week_of_month="")).startswith(
            "Irregular meetings"
        )
        assert describe(group(end_time=None)) == "The second Tuesday of the month, from 19:00"


@pytest.mark.parametrize(
    ("language", "weekday_name"), [("fr", "mardi"), ("de", "Dienstag"), ("it", "martedì")]
)
def test_describe_names_the_weekday_in_the_visitors_language(language, weekday_name):
    with translation.override(language):
        assert weekday_name in describe(group())


def test_next_meetings_of_a_monthly_group():
    today = datetime.date(2026, 11, 24)  # a Tuesday, after the 2nd Tuesday (10 Nov)
    assert next_meetings(group(), today=today) == [
        datetime.date(2026, 12, 8),
        datetime.date(2027, 1, 12),
    ]


def test_next_meetings_on_the_last_weekday_and_today_counts():
    today = datetime.date(2026, 11, 24)
    assert next_meetings(group(week_of_month="last"), today=today) == [
        datetime.date(2026, 11, 24),
        datetime.date(2026, 12, 29),
    ]


def test_next_meetings_of_a_weekly_group():
    today = datetime.date(2026, 11, 25)  # Wednesday
    assert next_meetings(group(frequency="weekly", week_of_month=""), today=today) == [
        datetime.date(2026, 12, 1),
        datetime.date(2026, 12, 8),
    ]


def test_no_dates_when_the_schedule_does_not_fix_them():
    assert next_meetings(group(frequency="every_two_weeks", week_of_month="")) == []
    assert next_meetings(group(frequency="irregular", weekday="", week_of_month="")) == []


def test_italian_sundays_are_feminine():
    with translation.override("it"):
        assert describe(group(weekday="sun", week_of_month="last")).startswith("L'ultima domenica")
        assert describe(group(weekday="mon", week_of_month="1")).startswith("Il primo lunedì")
