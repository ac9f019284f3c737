"""The yearly confirmation in a real browser: the emailed link and its one button, by keyboard."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from playwright.sync_api import expect
from post_office.models import Email

from groups.confirmation import ask_for_confirmations
from groups.models import Group, months_before
from tests.factories import CentreFactory, GroupFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

HEADINGS = {
    "fr": ("Cette fiche est-elle toujours à jour\u202f?", "Merci\u202f: la fiche est confirmée"),
    "de": ("Ist dieser Eintrag noch aktuell?", "Danke: Der Eintrag ist bestätigt"),
}


@pytest.fixture
def asked(request):
    """A hidden listing whose facilitator has just been told, in `language`."""
    language = request.getfixturevalue("language")
    today = timezone.localdate()
    facilitator = UserFactory(email="fabienne@example.org", preferred_language=language)
    group = GroupFactory(
        name="Café deuil",
        centre=CentreFactory(email="centre@example.org"),
        last_confirmed=months_before(today, 19),
    )
    group.facilitators.add(facilitator)
    assert ask_for_confirmations(today).told_hidden == 1
    email = Email.objects.get(to=[facilitator.email])
    link = re.search(r"https?://\S+", email.message).group(0)
    return group, "/" + link.split("://", 1)[1].split("/", 1)[1]


@pytest.mark.parametrize("language", ["fr", "de"])
def test_the_emailed_link_confirms_with_the_keyboard_and_the_listing_is_back(
    page, axe, asked, language
):
    group, link = asked
    question, thanks = HEADINGS[language]
    page.goto(link)
    expect(page.locator("h1")).to_have_text(question)
    assert axe() == []

    button = page.locator(".confirm-listing__form [type=submit]")
    button.focus()
    page.keyboard.press("Enter")

    expect(page.locator("h1")).to_have_text(thanks)
    expect(page).to_have_url(re.compile(re.escape(link) + "$"))
    assert axe() == []
    group.refresh_from_db()
    assert group.last_confirmed == timezone.localdate()
    with translation.override(language):
        list_url = reverse("groups:list")
    page.goto(list_url)
    expect(page.locator(".group-card", has_text="Café deuil")).to_have_count(1)


@pytest.mark.parametrize("language", ["fr", "de"])
def test_a_broken_link_says_so_plainly(page, axe, asked, language):
    _group, link = asked
    response = page.goto(link[:-6] + "/")
    assert response.status == 404
    assert axe() == []
    assert Group.objects.get().last_confirmed < timezone.localdate() - datetime.timedelta(days=500)
