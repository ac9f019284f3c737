"""A facilitator keeps their group, in a real browser: a new schedule and a break, by keyboard,
and the group page's next dates follow; the history shows it. In French and German."""

import datetime

import pytest
from allauth.account.models import EmailAddress
from django.utils import timezone
from playwright.sync_api import expect

from groups import schedule
from groups.models import Group, MeetingBreak
from tests.conftest import PASSWORD
from tests.factories import GroupFactory, UserFactory

from .test_join import fresh_rate_limits, log_in, path  # noqa: F401 (a fixture, used by name)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def facilitated():
    user = UserFactory(email="fabienne@example.org", display_name="Fabienne")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    group = GroupFactory(name="Café deuil", slug="cafe-deuil")
    group.facilitators.add(user)
    return user, group


def next_thursday(today):
    return today + datetime.timedelta(days=(3 - today.weekday()) % 7)


@pytest.mark.parametrize("language", ["fr", "de"])
def test_a_new_schedule_and_a_break_show_on_the_group_page(page, axe, facilitated, language):
    user, group = facilitated
    log_in(page, language, user.email, PASSWORD)
    page.goto(path("groups:my_group", language, group.slug))
    page.locator("#edit-link").click()
    expect(page.locator("#id_frequency")).to_be_visible()
    assert axe() == []

    # Every week on Thursdays, from 18:30: chosen and saved with the keyboard only.
    page.locator("#id_frequency").select_option("weekly")
    page.locator("#id_weekday").select_option("thu")
    page.locator("#id_start_time").fill("18:30")
    page.locator("#id_end_time").fill("20:00")
    save = page.locator(".edit-form [type=submit]")
    save.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#done-notice")).to_be_visible()

    # No meeting next Thursday.
    today = timezone.localdate()
    cancelled = next_thursday(today)
    page.locator("#edit-link").click()
    page.locator("#id_break-first_day").fill(cancelled.isoformat())
    page.locator("#id_break-note").press("Enter")
    expect(page.locator("#done-notice")).to_be_visible()
    expect(page.locator(".edit-breaks .breaks li")).to_have_count(1)
    assert axe() == []

    group.refresh_from_db()
    breaks = list(MeetingBreak.objects.filter(group=group))
    expected = schedule.next_meetings(group, 2, today, breaks)
    assert expected[0] == cancelled + datetime.timedelta(days=7)
    page.goto(path("groups:detail", language, group.slug))
    dates = page.locator(".next-dates time")
    expect(dates).to_have_count(2)
    assert [dates.nth(i).get_attribute("datetime") for i in range(2)] == [
        day.isoformat() for day in expected
    ]
    expect(page.locator("#meetings-heading + .schedule, .schedule").first).to_contain_text("18:30")

    page.goto(path("groups:group_history", language, group.slug))
    expect(page.locator(".history__entry").first).to_be_visible()
    assert axe() == []
    assert Group.history.filter(id=group.pk, history_user=user).exists()


@pytest.mark.parametrize("language", ["fr", "de"])
def test_a_mistake_is_named_in_the_visitors_language(page, axe, facilitated, language):
    user, group = facilitated
    log_in(page, language, user.email, PASSWORD)
    page.goto(path("groups:edit_group", language, group.slug))
    page.locator("#id_postcode").fill("9999")
    page.locator(".edit-form [type=submit]").click()

    summary = page.locator(".error-summary").first
    expect(summary).to_be_visible()
    message = {
        "fr": "Nous ne connaissons pas ce NPA suisse.",
        "de": "Diese Schweizer Postleitzahl kennen wir nicht.",
    }
    expect(summary).to_contain_text(message[language])
    assert axe() == []
    assert Group.objects.get(pk=group.pk).postcode == "1003"
