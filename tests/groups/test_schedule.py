import datetime

import pytest
from django.utils import translation

from groups.models import Frequency, Group, MeetingBreak, break_covers
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


# ---- Breaks in meetings --------------------------------------------------------------------


def a_break(first, last=None, every_year=False):
    return MeetingBreak(first_day=first, last_day=last or first, every_year=every_year)


def test_a_cancelled_meeting_is_skipped():
    today = datetime.date(2026, 11, 25)  # Wednesday
    weekly = group(frequency="weekly", week_of_month="")
    cancelled = [a_break(datetime.date(2026, 12, 1))]
    assert next_meetings(weekly, today=today, breaks=cancelled) == [
        datetime.date(2026, 12, 8),
        datetime.date(2026, 12, 15),
    ]


def test_a_summer_break_every_year_skips_july_and_august_of_later_years_too():
    summer = [a_break(datetime.date(2025, 7, 1), datetime.date(2025, 8, 31), every_year=True)]
    today = datetime.date(2027, 6, 20)
    # The second Tuesday: 8 June (past), 13 July and 10 August (the break), then 14 September.
    assert next_meetings(group(), 2, today, summer) == [
        datetime.date(2027, 9, 14),
        datetime.date(2027, 10, 12),
    ]


def test_a_yearly_break_over_the_new_year():
    holidays = [a_break(datetime.date(2026, 12, 20), datetime.date(2027, 1, 6), every_year=True)]
    weekly = group(frequency="weekly", week_of_month="")
    today = datetime.date(2027, 12, 15)  # a Wednesday, a year later
    # Tuesdays: 21 and 28 December, 4 January fall in the break; 11 January is the next.
    assert next_meetings(weekly, 2, today, holidays) == [
        datetime.date(2028, 1, 11),
        datetime.date(2028, 1, 18),
    ]


def test_a_yearly_break_does_not_reach_back_before_its_first_year():
    summer = [a_break(datetime.date(2027, 7, 1), datetime.date(2027, 8, 31), every_year=True)]
    today = datetime.date(2026, 7, 1)
    assert next_meetings(group(), 1, today, summer) == [datetime.date(2026, 7, 14)]


def test_a_one_off_break_is_over_once_past():
    once = [a_break(datetime.date(2026, 7, 1), datetime.date(2026, 8, 31))]
    assert next_meetings(group(), 1, datetime.date(2027, 7, 1), once) == [
        datetime.date(2027, 7, 13)
    ]


def test_dates_are_not_looked_for_forever():
    # A break covering every day of every year would leave no date: the answer is none.
    always = [a_break(datetime.date(2026, 1, 1), datetime.date(2026, 12, 31), every_year=True)]
    assert next_meetings(group(), 2, datetime.date(2026, 11, 24), always) == []


def test_break_covers_is_the_rule_the_model_and_the_index_share():
    first, last = datetime.date(2026, 12, 20), datetime.date(2027, 1, 6)
    for day, covered in [
        (datetime.date(2026, 12, 19), False),
        (datetime.date(2026, 12, 20), True),
        (datetime.date(2027, 1, 6), True),
        (datetime.date(2027, 1, 7), False),
        (datetime.date(2028, 1, 2), True),
    ]:
        assert break_covers(first, last, True, day) is covered
        assert a_break(first, last, every_year=True).covers(day) is covered
    assert not break_covers(first, last, False, datetime.date(2028, 1, 2))
