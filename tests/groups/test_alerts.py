"""Alerts: a member follows a theme (anywhere or in a canton); the daily digest tells them, at
most once a day, of the matching groups published or reopened, read from the groups' history;
one signed link stops them without a login (RFC 8058's one-click POST too)."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from post_office.models import Email

from groups import alerts
from groups.models import Alert, MembershipStatus, Publication
from tests.factories import CantonFactory, CategoryFactory, GroupFactory, ThemeFactory

pytestmark = pytest.mark.django_db


def url(name, *args, language="fr"):
    with translation.override(language):
        return reverse(f"groups:{name}", args=args)


@pytest.fixture
def world(member):
    member.preferred_language = "de"
    member.save()
    category = CategoryFactory(name_de="Psychische Gesundheit")
    return {
        "vd": CantonFactory(code="VD"),
        "zh": CantonFactory(code="ZH"),
        "category": category,
        "grief": ThemeFactory(parent=category, name_de="Trauer"),
        "other": ThemeFactory(name_de="Sucht"),
        "member": member,
    }


def follow(world, theme="grief", canton=None):
    return Alert.objects.create(user=world["member"], theme=world[theme], canton=canton)


def a_day_passes():
    """As if the last digest went out yesterday (the history's own dates stay real)."""
    yesterday = timezone.now() - datetime.timedelta(hours=24)
    Alert.objects.exclude(last_digest_at=None).update(last_digest_at=yesterday)


def digests(world):
    return Email.objects.filter(to=[world["member"].email])


# ---- Managing alerts -------------------------------------------------------------------------


@pytest.fixture
def signed_in(client, member):
    client.force_login(member)
    return client


def test_a_member_follows_and_stops_following_a_theme(signed_in, world):
    assert signed_in.get(url("my_alerts")).status_code == 200
    response = signed_in.post(url("my_alerts"), {"theme": world["grief"].pk, "canton": ""})
    assert response.status_code == 303
    alert = Alert.objects.get()
    assert (alert.user, alert.theme, alert.canton) == (world["member"], world["grief"], None)

    again = signed_in.post(url("my_alerts"), {"theme": world["grief"].pk, "canton": ""})
    assert again.status_code == 400 and Alert.objects.count() == 1
    assert "Vous suivez déjà ce thème à cet endroit." in again.content.decode()

    assert signed_in.post(url("remove_alert", alert.pk)).status_code == 303
    assert not Alert.objects.exists()


@pytest.mark.parametrize(
    "data",
    [{"theme": "999999"}, {"theme": ""}, {"theme": "x", "canton": "y"}],
    ids=["unknown theme", "no theme", "nonsense"],
)
def test_bad_input_adds_nothing(signed_in, world, data):
    assert signed_in.post(url("my_alerts"), data).status_code == 400
    assert not Alert.objects.exists()


def test_a_theme_page_offers_to_follow_it(client, signed_in, world):
    html = client.get(url("theme_detail", world["grief"].slug)).content.decode()
    target = f"{url('my_alerts')}?theme={world['grief'].pk}"
    assert target in html
    form = signed_in.get(target).context["form"]
    assert form["theme"].value() == world["grief"].pk


def test_another_members_alert_cannot_be_removed(client, world, other_facilitator):
    alert = follow(world)
    client.force_login(other_facilitator)
    assert client.post(url("remove_alert", alert.pk)).status_code == 404
    assert Alert.objects.filter(pk=alert.pk).exists()


def test_a_member_follows_at_most_a_few_themes(signed_in, world, monkeypatch):
    monkeypatch.setattr(alerts, "MAX_ALERTS", 1)
    follow(world)
    response = signed_in.post(url("my_alerts"), {"theme": world["other"].pk})
    assert response.status_code == 400 and Alert.objects.count() == 1


# ---- The digest ------------------------------------------------------------------------------


def test_a_new_group_on_a_followed_category_is_told_once(world):
    follow(world, "category")  # a category means all of its themes
    group = GroupFactory(name="Trauercafé Zürich", canton=world["zh"], themes=[world["grief"]])
    GroupFactory(name="Suchtgruppe", themes=[world["other"]])

    assert alerts.send_digests() == 1

    (email,) = digests(world)
    assert email.subject == "Eine neue Gruppe zu einem Thema, dem Sie folgen"
    assert "Trauercafé Zürich" in email.message and "Suchtgruppe" not in email.message
    assert url("detail", group.slug, language="de") in email.message
    token = alerts.unsubscribe_token(world["member"])
    stop = url("alerts_unsubscribe", token, language="de")
    assert email.headers["List-Unsubscribe"].endswith(f"{stop}>")
    assert email.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert stop in email.message
    # Told once: the next run has nothing new.
    assert alerts.send_digests() == 0


def test_a_canton_alert_hears_of_that_canton_only(world):
    follow(world, canton=world["zh"])
    GroupFactory(name="Deuil Lausanne", canton=world["vd"], themes=[world["grief"]])
    assert alerts.send_digests() == 0
    GroupFactory(name="Trauer Zürich", canton=world["zh"], themes=[world["grief"]])
    assert alerts.send_digests() == 1
    assert "Trauer Zürich" in digests(world).get().message


def test_a_group_that_takes_newcomers_again_is_told(world):
    group = GroupFactory(status=MembershipStatus.FULL, themes=[world["grief"]])
    follow(world)
    group.status = MembershipStatus.OPEN
    group.save()
    assert alerts.send_digests() == 1


def test_a_change_that_is_neither_is_not_told(world):
    group = GroupFactory(themes=[world["grief"]])
    follow(world)
    group.description = "Nouvelle description."
    group.save()
    assert alerts.send_digests() == 0


def test_a_group_published_from_the_admin_list_is_told(admin_client, world):
    draft = GroupFactory(publication=Publication.DRAFT, themes=[world["grief"]])
    follow(world)
    with translation.override("en"):
        changelist = reverse("admin:groups_group_changelist")
    admin_client.post(changelist, {"action": "publish", "_selected_action": [draft.pk]})
    assert alerts.send_digests() == 1


def test_a_group_unpublished_again_before_the_digest_is_not_told(world):
    follow(world)
    group = GroupFactory(themes=[world["grief"]])
    group.publication = Publication.DRAFT
    group.save()
    assert alerts.send_digests() == 0


def test_at_most_one_digest_a_day(world):
    follow(world)
    GroupFactory(themes=[world["grief"]])
    assert alerts.send_digests() == 1
    GroupFactory(name="Encore un", themes=[world["grief"]])
    assert alerts.send_digests() == 0  # waits for tomorrow, not lost
    a_day_passes()
    assert alerts.send_digests() == 1
    assert "Encore un" in digests(world).order_by("-created").first().message


def test_an_inactive_member_is_not_written_to(world):
    follow(world)
    world["member"].is_active = False
    world["member"].save()
    GroupFactory(themes=[world["grief"]])
    assert alerts.send_digests() == 0


def test_the_command_queues_the_digests(world):
    follow(world)
    GroupFactory(themes=[world["grief"]])
    Alert.objects.update(told_until=timezone.now() - datetime.timedelta(minutes=5))
    out = StringIO()
    call_command("send_alerts", stdout=out)
    assert "Alert digests queued: 1." in out.getvalue()


def test_a_digest_takes_the_same_queries_for_one_group_or_many(world, django_assert_num_queries):
    follow(world)
    GroupFactory(themes=[world["grief"]])
    # The alerts, the history (two), the groups, their themes, the themes' tree; then, for
    # each member told, their email and their alerts' update, in a transaction (a savepoint
    # here).
    with django_assert_num_queries(QUERIES := 10):
        assert alerts.send_digests() == 1
    a_day_passes()
    for _ in range(10):
        GroupFactory(themes=[world["grief"]])
    with django_assert_num_queries(QUERIES):
        assert alerts.send_digests() == 1


# ---- Stopping them without a login -----------------------------------------------------------


def test_the_link_shows_one_button_and_the_post_stops_every_alert(client, world):
    follow(world)
    follow(world, "other")
    link = url("alerts_unsubscribe", alerts.unsubscribe_token(world["member"]))

    page = client.get(link)
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    assert Alert.objects.count() == 2  # opening the link stops nothing

    assert client.post(link).status_code == 200
    assert not Alert.objects.exists()


def test_a_mail_providers_one_click_post_needs_no_csrf_token(world):
    follow(world)
    link = url("alerts_unsubscribe", alerts.unsubscribe_token(world["member"]))
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(
        link, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    assert not Alert.objects.exists()


@pytest.mark.parametrize("token", ["forged", "x" * 300, "1:abc:def"])
def test_a_forged_link_is_not_found(client, world, token):
    follow(world)
    assert client.post(url("alerts_unsubscribe", token)).status_code == 404
    assert Alert.objects.count() == 1


def test_alerts_are_in_the_data_download_and_go_with_the_account(signed_in, world):
    import json

    follow(world, canton=world["zh"])
    data = json.loads(signed_in.get(reverse("accounts:export_data")).content)
    assert [(a["theme"], a["canton"]) for a in data["alerts"]] == [(world["grief"].name_fr, "ZH")]
    world["member"].delete()
    assert not Alert.objects.exists()
