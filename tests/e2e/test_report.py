"""A visitor reports outdated information in a real browser, from the keyboard; the report
reaches the centre's queue; the pages pass axe."""

import re

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from groups.models import Report, ReportReason
from tests.factories import CentreFactory, GroupFactory

pytestmark = pytest.mark.django_db(transaction=True)

FORM = "form.contact-form"


def path(name, group, language):
    with translation.override(language):
        return reverse(f"groups:{name}", kwargs={"slug": group.slug})


@pytest.fixture(autouse=True)
def quick_form(settings):
    settings.CONTACT_MIN_SECONDS = 1
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def listed():
    centre = CentreFactory(slug="centre-vaud", email="info@centre-vaud.example.org")
    return GroupFactory(name="Groupe deuil Lausanne", centre=centre)


@pytest.mark.parametrize("lang", ["fr", "de"])
def test_a_visitor_reports_a_new_day_from_the_keyboard(page, axe, listed, lang):
    page.goto(path("detail", listed, lang))
    page.locator(f'a[href="{path("report", listed, lang)}"]').click()
    expect(page.locator("html")).to_have_attribute("lang", lang)
    assert axe() == []

    page.locator("#id_reason_0").focus()  # the first reason: the day or time
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    expect(page.locator("#id_text")).to_be_focused()
    page.keyboard.type("Jeudi soir maintenant.")
    page.keyboard.press("Tab")
    expect(page.locator("#id_email")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.locator(f"{FORM} button[type=submit]")).to_be_focused()
    page.wait_for_timeout(1200)
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(re.escape(path("report_sent", listed, lang)) + "$"))
    assert axe() == []
    report = Report.objects.get()
    assert (report.reason, report.text, report.language) == (
        ReportReason.SCHEDULE,
        "Jeudi soir maintenant.",
        lang,
    )
    assert report.emails.get().to == ["info@centre-vaud.example.org"]


def test_a_report_sent_empty_names_the_missing_choice(page, axe, listed):
    page.goto(path("report", listed, "de"))
    page.locator(f"{FORM} button[type=submit]").click()
    expect(page.locator(".error-summary")).to_be_visible()
    assert axe() == []
    assert not Report.objects.exists()
