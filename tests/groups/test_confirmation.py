"""The yearly confirmation: asked at 11 months, flagged at 12, hidden at 18, back when confirmed."""

import datetime
import re

import pytest
from django.core import signing
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation
from post_office.models import Email

from groups import confirmation
from groups.confirmation import ask_for_confirmations, link_token
from groups.models import Confirmation, Group, Publication, months_before
from tests.factories import CantonFactory, CentreFactory, GroupFactory, ThemeFactory, UserFactory

pytestmark = pytest.mark.django_db

CONFIRMED = datetime.date(2025, 3, 10)
ONE_DAY = datetime.timedelta(days=1)


def after(months, days=0):
    return months_before(CONFIRMED, -months) + datetime.timedelta(days=days)


def to(address):
    return [email for email in Email.objects.order_by("pk") if email.to == [address]]


def confirm_url(group, language="en"):
    with translation.override(language):
        return reverse("groups:confirm", args=[link_token(group)])


def link_in(email):
    return re.search(r"https?://\S+", email.message).group(0)  # the only link in the text


@pytest.fixture
def centre():
    return CentreFactory(email="centre@example.org", languages=["fr"])


@pytest.fixture
def listing(centre):
    facilitator = UserFactory(email="fabienne@example.org", preferred_language="de")
    group = GroupFactory(name="Café deuil", last_confirmed=CONFIRMED, centre=centre)
    group.facilitators.add(facilitator)
    return group


# --- The timeline ------------------------------------------------------------------------------


def test_nobody_is_asked_before_eleven_months(listing):
    outcome = ask_for_confirmations(today=after(11))  # eleven months to the day: not yet over
    assert (outcome.asked, outcome.told_hidden) == (0, 0)
    assert not Email.objects.exists()


def test_at_eleven_months_the_facilitators_are_asked_once_in_their_language(listing):
    outcome = ask_for_confirmations(today=after(11, days=1))

    assert outcome.asked == 1
    [email] = to("fabienne@example.org")
    assert email.subject == "Ist der Eintrag Ihrer Gruppe noch aktuell?"
    assert "Café deuil" in email.message and "10. März 2025" in email.message
    assert "/de/bestaetigen/" in link_in(email)
    assert not to("centre@example.org")  # the group has facilitators: they are asked
    listing.refresh_from_db()
    assert listing.confirmation_asked_on == after(11, days=1)

    # The next days, and a second run the same day, send nothing more.
    for day in (after(11, days=1), after(11, days=2), after(12, days=5)):
        assert ask_for_confirmations(today=day).asked == 0
    assert Email.objects.count() == 1


def test_a_group_without_facilitators_is_asked_through_its_centre(centre):
    group = GroupFactory(last_confirmed=CONFIRMED, centre=centre, contact_email="")
    ask_for_confirmations(today=after(11, days=1))
    [email] = to("centre@example.org")
    assert email.subject == "La fiche de votre groupe est-elle toujours à jour\u202f?"
    assert "votre centre soutient ce groupe" in email.message
    assert group.name in email.message


def test_a_group_with_nobody_to_ask_is_counted_and_asked_again_later():
    group = GroupFactory(last_confirmed=CONFIRMED, contact_email="", centre=None)
    outcome = ask_for_confirmations(today=after(11, days=1))
    assert (outcome.asked, outcome.nobody_to_ask) == (0, 1)
    group.refresh_from_db()
    assert group.confirmation_asked_on is None


def test_drafts_and_archived_groups_are_never_asked(facilitator):
    for publication in (Publication.DRAFT, Publication.ARCHIVED, Publication.PENDING):
        GroupFactory(last_confirmed=CONFIRMED, publication=publication).facilitators.add(
            facilitator
        )
    assert ask_for_confirmations(today=after(19)) == confirmation.Outcome()
    assert not Email.objects.exists()


def test_at_eighteen_months_the_listing_hides_and_its_people_and_centre_are_told(listing):
    ask_for_confirmations(today=after(11, days=1))
    assert listing.confirmation_state(after(18)) == Confirmation.FLAGGED  # to the day: shown
    assert ask_for_confirmations(today=after(18)).told_hidden == 0

    hidden_day = after(18, days=1)
    assert confirmation.hide_date(listing) == hidden_day
    outcome = ask_for_confirmations(today=hidden_day)

    assert outcome.told_hidden == 1
    assert listing.confirmation_state(hidden_day) == Confirmation.STALE
    [_asked, told] = to("fabienne@example.org")
    assert told.subject == "Der Eintrag einer Gruppe ist jetzt im Verzeichnis verborgen"
    [centre_told] = to("centre@example.org")
    assert "n’est plus affiché" in centre_told.message
    assert ask_for_confirmations(today=hidden_day + datetime.timedelta(days=3)).told_hidden == 0
    assert Email.objects.count() == 3


def test_a_listing_first_seen_hidden_is_told_without_being_asked_first(listing):
    outcome = ask_for_confirmations(today=after(24))
    assert (outcome.asked, outcome.told_hidden) == (0, 1)
    listing.refresh_from_db()
    assert listing.hidden_notice_on == listing.confirmation_asked_on == after(24)


def test_confirming_starts_the_year_again(listing):
    ask_for_confirmations(today=after(19))
    listing.confirm(today=after(19))

    listing.refresh_from_db()
    assert listing.last_confirmed == after(19)
    assert ask_for_confirmations(today=after(19 + 11)).asked == 0
    assert ask_for_confirmations(today=after(19 + 11, days=1)).asked == 1
    assert ask_for_confirmations(today=after(19 + 18, days=1)).told_hidden == 1


@pytest.mark.parametrize("road", ["admin action", "bulk update", "same day as asked"])
def test_a_confirmation_by_any_road_starts_the_year_again(admin_client, listing, road):
    ask_for_confirmations(today=after(19))  # asked and told hidden
    if road == "admin action":
        data = {"action": "mark_confirmed", "_selected_action": [listing.pk]}
        admin_client.post(reverse("admin:groups_group_changelist"), data)
        confirmed_on = timezone.localdate()
    elif road == "bulk update":  # an import, a script
        confirmed_on = after(20)
        Group.objects.filter(pk=listing.pk).update(last_confirmed=confirmed_on)
    else:
        confirmed_on = after(19)
        listing.confirm(today=confirmed_on)
    listing.refresh_from_db()
    assert listing.last_confirmed == confirmed_on

    assert ask_for_confirmations(today=months_before(confirmed_on, -11)).asked == 0
    assert ask_for_confirmations(today=months_before(confirmed_on, -11) + ONE_DAY).asked == 1


def test_the_command_reports_what_it_did(listing, capsys, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda: after(11, days=1))
    GroupFactory(last_confirmed=CONFIRMED, contact_email="", centre=None)
    call_command("ask_for_confirmations")
    out = capsys.readouterr().out
    assert "1 groups asked to confirm their listing, 0 told that theirs is hidden." in out
    assert "1 groups have nobody to ask" in out


def test_entering_a_group_confirms_it_and_old_data_enters_the_timeline():
    assert Group._meta.get_field("last_confirmed").default() == timezone.localdate()


# --- The link ----------------------------------------------------------------------------------


def test_the_link_shows_the_listing_and_a_get_changes_nothing(client, listing):
    response = client.get(confirm_url(listing, "fr"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Cette fiche est-elle toujours à jour\u202f?" in html
    assert "Café deuil" in html and "Toujours à jour" in html
    assert "noindex" in html and "no-cache" in response["Cache-Control"]
    assert "fabienne@example.org" not in html and "centre@example.org" not in html
    listing.refresh_from_db()
    assert listing.last_confirmed == CONFIRMED


def test_the_button_confirms_and_the_page_thanks(client, listing):
    url = confirm_url(listing, "de")
    response = client.post(url)

    assert response.status_code == 303 and response["Location"] == url
    listing.refresh_from_db()
    assert listing.last_confirmed == timezone.localdate()
    html = client.get(url).content.decode()
    assert "Danke: Der Eintrag ist bestätigt" in html
    assert "Noch aktuell" not in html  # nothing left to press


def test_a_hidden_listing_comes_back_when_confirmed(client, listing):
    listing.last_confirmed = timezone.localdate() - datetime.timedelta(days=600)
    listing.save()
    list_url = reverse("groups:list")
    assert "Café deuil" not in client.get(list_url).content.decode()
    page = client.get(confirm_url(listing)).content.decode()
    assert "It is hidden from the directory until someone confirms it." in page

    client.post(confirm_url(listing))

    assert "Café deuil" in client.get(list_url).content.decode()
    assert client.get(listing.get_absolute_url()).status_code == 200


def test_the_emailed_link_opens_the_page(client, listing):
    ask_for_confirmations(today=after(11, days=1))
    [email] = to("fabienne@example.org")
    path = link_in(email).split("://", 1)[1].split("/", 1)[1]
    assert client.get("/" + path).status_code == 200


def test_an_expired_link_says_so(client, listing, monkeypatch):
    url = confirm_url(listing, "fr")
    later = datetime.datetime.now().timestamp() + 31 * 24 * 3600
    monkeypatch.setattr(signing.time, "time", lambda: later)

    response = client.get(url)
    assert response.status_code == 410
    assert "Ce lien a expiré" in response.content.decode()
    assert client.post(url).status_code == 410
    listing.refresh_from_db()
    assert listing.last_confirmed == CONFIRMED


@pytest.mark.parametrize(
    "token", ["x", "1:abc:def", "signed for something else", "a" * 5000, "%00", "Ⅻ"]
)
def test_a_link_that_is_not_ours_is_not_found(client, listing, token):
    if token == "signed for something else":  # made here: a token holds the time it was made
        token = signing.dumps(listing.pk, salt="another.purpose")
    with translation.override("de"):
        url = reverse("groups:confirm", args=["placeholder"]).replace("placeholder", token)
    response = client.post(url)
    assert response.status_code == 404
    assert "Dieser Link ist ungültig" in response.content.decode()
    listing.refresh_from_db()
    assert listing.last_confirmed == CONFIRMED


def test_a_link_to_a_group_no_longer_published_is_not_found(client, listing):
    url = confirm_url(listing)
    Group.objects.filter(pk=listing.pk).update(publication=Publication.ARCHIVED)
    assert client.post(url).status_code == 404


def test_the_link_page_makes_few_queries(client, listing, django_assert_max_num_queries):
    url = confirm_url(listing)
    with django_assert_max_num_queries(4):  # group, facilitator check, session-free CSRF
        client.get(url)


# --- From the facilitator's page ---------------------------------------------------------------


def test_a_facilitator_confirms_from_their_page(client, listing):
    facilitator = listing.facilitators.get()
    client.force_login(facilitator)
    with translation.override("en"):
        page = reverse("groups:my_group", args=[listing.slug])
        confirm = reverse("groups:confirm_group", args=[listing.slug])
    assert "It was last confirmed on" in client.get(page).content.decode()
    assert client.get(confirm).status_code == 405

    response = client.post(confirm)

    assert response.status_code == 303 and response["Location"] == f"{page}?done=confirmed"
    listing.refresh_from_db()
    assert listing.last_confirmed == timezone.localdate()
    assert (
        "the listing is confirmed as of today" in client.get(response["Location"]).content.decode()
    )


def test_nobody_else_confirms_from_a_facilitators_page(client, listing, member):
    with translation.override("en"):
        confirm = reverse("groups:confirm_group", args=[listing.slug])
    assert client.post(confirm).status_code == 302  # to the login page
    client.force_login(member)
    assert client.post(confirm).status_code == 404
    listing.refresh_from_db()
    assert listing.last_confirmed == CONFIRMED


# --- Hidden everywhere the directory shows groups ----------------------------------------------


def test_a_hidden_listing_is_absent_from_every_public_surface(client):
    canton = CantonFactory(code="VD")
    centre = CentreFactory(email="c@example.org")
    theme = ThemeFactory()
    today = timezone.localdate()
    shown = GroupFactory(
        name="Groupe visible", canton=canton, centre=centre, themes=[theme], last_confirmed=today
    )
    hidden = GroupFactory(
        name="Groupe caché",
        canton=canton,
        centre=centre,
        themes=[theme],
        last_confirmed=months_before(today, 18) - datetime.timedelta(days=1),
    )
    assert not hidden.is_listed and shown.is_listed
    assert list(Group.objects.listed()) == [shown]

    with translation.override("fr"):
        pages = [
            reverse("groups:list"),
            reverse("groups:list") + "?q=groupe",
            reverse("groups:list") + f"?canton=VD&theme={theme.slug}",
            reverse("groups:theme_detail", args=[theme.slug]),
            reverse("groups:canton_detail", args=["vd"]),
            reverse("groups:centre_detail", args=[centre.slug]),
        ]
        gone = [
            hidden.get_absolute_url(),
            reverse("groups:calendar", args=[hidden.slug]),
            reverse("groups:contact", args=[hidden.slug]),
            reverse("groups:join", args=[hidden.slug]),
        ]
    for url in pages:
        html = client.get(url).content.decode()
        assert "Groupe visible" in html, url
        assert "Groupe caché" not in html and hidden.slug not in html, url
    list_html = client.get(pages[0]).content.decode()
    assert re.search(r"\b1 groupe\b", list_html)  # the count too
    for url in gone:
        assert client.get(url).status_code == 404, url
    sitemap = client.get("/sitemap-groups.xml").content.decode()
    assert shown.slug in sitemap and hidden.slug not in sitemap


def test_the_directory_hides_a_listing_the_day_it_turns_too_old_without_any_edit(
    client, monkeypatch
):
    today = timezone.localdate()
    GroupFactory(name="Groupe limite", last_confirmed=months_before(today, 18))
    list_url = reverse("groups:list")
    assert "Groupe limite" in client.get(list_url).content.decode()  # eighteen months to the day

    tomorrow = today + datetime.timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *args: tomorrow)

    assert "Groupe limite" not in client.get(list_url).content.decode()  # the index follows
