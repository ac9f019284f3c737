"""A visitor contacts a group in a real browser; the facilitator receives it with Reply-To."""

import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from groups.management.commands.run_mail_worker import send_due
from groups.models import ContactMessage
from tests.factories import CentreFactory, GroupFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

FORM = "form.contact-form"


def path(name, group, language):
    with translation.override(language):
        return reverse(f"groups:{name}", kwargs={"slug": group.slug})


@pytest.fixture(autouse=True)
def quick_form(settings):
    # A person takes more than a second to fill the form in; so does the keyboard below.
    settings.CONTACT_MIN_SECONDS = 1
    # The rate counters live in the database cache, which a transactional test does not empty.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def listed():
    group = GroupFactory(name="Groupe deuil Lausanne", centre=CentreFactory(slug="centre-vaud"))
    group.facilitators.add(
        UserFactory(email="fabienne@example.org", display_name="Fabienne", preferred_language="de")
    )
    return group


@pytest.mark.parametrize("lang", ["fr", "de"])
def test_a_visitor_contacts_a_group_and_the_facilitator_receives_it_with_reply_to(
    page, listed, lang
):
    page.goto(path("detail", listed, lang))
    page.locator(f'a[href="{path("contact", listed, lang)}"]').click()
    expect(page.locator("html")).to_have_attribute("lang", lang)
    expect(page.locator(FORM)).to_be_visible()

    # Keyboard only: the honeypot is skipped by Tab, the button is reached after the message.
    page.locator("#id_name").focus()
    page.keyboard.type("Alex")
    page.keyboard.press("Tab")
    expect(page.locator("#id_email")).to_be_focused()
    page.keyboard.type("alex@example.org")
    page.keyboard.press("Tab")
    expect(page.locator("#id_message")).to_be_focused()
    page.keyboard.type("Bonjour, est-ce que je peux venir à la prochaine rencontre ?")
    page.keyboard.press("Tab")
    expect(page.locator(f"{FORM} button[type=submit]")).to_be_focused()
    page.wait_for_timeout(1200)
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(re.escape(path("contact_sent", listed, lang)) + "$"))
    expect(page.locator("h1")).to_have_count(1)
    message = ContactMessage.objects.get()
    assert message.language == lang and message.sender_email == "alex@example.org"
    assert mail.outbox == []  # stored and queued; the worker sends

    send_due()
    relay = next(m for m in mail.outbox if m.to == ["fabienne@example.org"])
    assert relay.extra_headers["Reply-To"] == '"Alex" <alex@example.org>'
    assert "prochaine rencontre" in relay.body
    assert '<html lang="de">' in relay.alternatives[0][0]
    assert [m.to for m in mail.outbox] == [["fabienne@example.org"]]  # no copy to a stranger


@pytest.mark.parametrize("lang", ["fr", "de"])
def test_axe_finds_no_violation_on_the_contact_pages(page, axe, listed, lang):
    response = page.goto(path("contact", listed, lang))
    assert response.status == 200
    assert axe() == []

    # Sent empty, the form comes back with its error summary and per-field errors.
    page.locator(f"{FORM} button[type=submit]").click()
    expect(page.locator(".error-summary")).to_be_visible()
    expect(page.locator("#id_email")).to_have_attribute("aria-invalid", "true")
    assert axe() == []

    response = page.goto(path("contact_sent", listed, lang))
    assert response.status == 200
    assert axe() == []


def test_axe_finds_no_violation_when_no_one_can_be_reached(page, axe):
    group = GroupFactory(centre=None, contact_email="")
    response = page.goto(path("contact", group, "de"))
    assert response.status == 200
    assert axe() == []
