"""A facilitator keeps their group true: the facts (at once), the name and themes (through the
centre's review), the breaks in meetings; and every change is in the group's history."""

import datetime
from html import escape

import pytest
from allauth.account.models import EmailAddress
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from post_office.models import Email

from groups import editing, history
from groups.confirmation import link_token
from groups.models import (
    Group,
    MeetingBreak,
    MembershipStatus,
    ProposedChange,
    Review,
)
from groups.search import index as search_index
from tests.factories import CantonFactory, CentreFactory, GroupFactory, ThemeFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


def url(name, *args, language="fr"):
    with translation.override(language):
        return reverse(f"groups:{name}", args=args)


def form_data(group, **changes):
    """The edit form as the browser sends it for `group` unchanged, with `changes`."""
    data = {
        "status": group.status,
        "description_language": group.languages[0],
        "description": group.description,
        "languages": list(group.languages),
        "format": group.format,
        "postcode": group.postcode,
        "locality": group.locality,
        "meeting_place": group.meeting_place,
        "accessibility": group.accessibility,
        "frequency": group.frequency,
        "weekday": group.weekday,
        "week_of_month": group.week_of_month,
        "start_time": group.start_time.strftime("%H:%M") if group.start_time else "",
        "end_time": group.end_time.strftime("%H:%M") if group.end_time else "",
        "schedule_note": group.schedule_note,
        "cost": group.cost,
        "proposal-name": group.name,
        "proposal-themes": [theme.pk for theme in group.themes.all()],
    }
    return data | changes


@pytest.fixture
def stale_group(group):
    """The facilitator's group, last confirmed ten months ago, with a centre that has an address."""
    centre = CentreFactory(email="centre@example.org", languages=["fr"])
    group.centre = centre
    group.last_confirmed = TODAY - datetime.timedelta(days=300)
    group.save()
    return group


@pytest.fixture
def signed_in(client, facilitator):
    client.force_login(facilitator)
    return client


# ---- The facts -------------------------------------------------------------------------------


def test_the_form_shows_the_groups_facts(signed_in, group):
    response = signed_in.get(url("edit_group", group.slug))

    assert response.status_code == 200
    html = response.content.decode()
    assert escape(group.description) in html
    assert 'value="1003"' in html
    assert "Nom et thèmes (vérifiés par votre centre régional)" in html


def test_the_form_page_needs_the_same_queries_whatever_the_number_of_themes(
    signed_in, group, django_assert_num_queries
):
    ThemeFactory.create_batch(3)
    # Session and user, the group, its pending proposal, its themes, the theme choices with
    # their categories, its breaks, and the menu's "my groups".
    with django_assert_num_queries(8):
        signed_in.get(url("edit_group", group.slug))
    ThemeFactory.create_batch(30)
    group.themes.add(*ThemeFactory.create_batch(5))
    with django_assert_num_queries(8):
        signed_in.get(url("edit_group", group.slug))


def test_saving_changes_the_facts_at_once_and_confirms_the_listing(
    signed_in, stale_group, facilitator
):
    zurich = CantonFactory(code="ZH")
    data = form_data(
        stale_group,
        status=MembershipStatus.FULL,
        postcode="8001",
        locality="Zürich",
        schedule_note="Pas en août.",
        languages=["de", "fr"],
        description_language="de",
        description="Eine Gruppe in Zürich.",
    )

    response = signed_in.post(url("edit_group", stale_group.slug), data)

    assert response.status_code == 303
    assert response["Location"].endswith("?done=edited")
    group = Group.objects.get(pk=stale_group.pk)
    assert group.status == MembershipStatus.FULL
    assert (group.postcode, group.locality, group.canton) == ("8001", "Zürich", zurich)
    assert group.languages == ["de", "fr"]  # the description's language first
    assert group.last_confirmed == TODAY
    version = group.history.first()
    assert version.history_user == facilitator
    assert version.status == MembershipStatus.FULL
    # Nothing for the centre to review: no proposal, no email.
    assert not ProposedChange.objects.exists()
    assert not Email.objects.exists()


def test_the_group_page_shows_the_change(client, signed_in, group):
    signed_in.post(url("edit_group", group.slug), form_data(group, cost="5 francs la soirée"))

    assert "5 francs la soirée" in client.get(group.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"postcode": "9999"}, "postcode", "Nous ne connaissons pas ce NPA suisse."),
        ({"locality": ""}, "locality", "Un groupe qui se réunit sur place indique où."),
        ({"weekday": ""}, "weekday", "Quel jour le groupe se réunit-il\u202f?"),
        ({"languages": []}, "languages", "Ce champ est obligatoire."),
        ({"end_time": "18:00"}, None, "Une rencontre se termine après son début."),
        ({"description": "x" * 5001}, "description", "5000"),
        ({"status": "closed"}, "status", "closed"),
        ({"start_time": "25:99"}, "start_time", "Saisissez une heure valide."),
        ({"proposal-themes": []}, "proposal-themes", "Choisissez au moins un thème."),
    ],
)
def test_bad_input_is_refused_in_french_and_nothing_is_saved(
    signed_in, stale_group, changes, field, message
):
    before = Group.history.count()

    response = signed_in.post(
        url("edit_group", stale_group.slug), form_data(stale_group, **changes)
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    if field:
        assert f'id="id_{field}_error"' in html or f'id="id_{field}_fieldset"' in html
    group = Group.objects.get(pk=stale_group.pk)
    assert group.last_confirmed == stale_group.last_confirmed
    assert (group.postcode, group.locality) == (stale_group.postcode, stale_group.locality)
    assert Group.history.count() == before
    assert not ProposedChange.objects.exists()


def test_an_online_group_needs_no_place(signed_in, group):
    data = form_data(group, format="online", postcode="", locality="")

    assert signed_in.post(url("edit_group", group.slug), data).status_code == 303
    group.refresh_from_db()
    assert group.format == "online" and group.postcode == ""


def test_an_irregular_group_loses_its_weekday(signed_in, group):
    data = form_data(group, frequency="irregular")

    assert signed_in.post(url("edit_group", group.slug), data).status_code == 303
    group.refresh_from_db()
    assert (group.weekday, group.week_of_month) == ("", "")


# ---- Name and themes: reviewed by the centre ----------------------------------------------


def test_a_new_name_and_themes_wait_for_the_centre(signed_in, stale_group, facilitator):
    new_theme = ThemeFactory()
    old_name = stale_group.name
    data = form_data(
        stale_group, **{"proposal-name": "Cercle du deuil", "proposal-themes": [new_theme.pk]}
    )

    response = signed_in.post(url("edit_group", stale_group.slug), data)

    assert response["Location"].endswith("?done=proposed")
    group = Group.objects.get(pk=stale_group.pk)
    assert group.name == old_name  # not yet
    assert new_theme not in group.themes.all()
    change = ProposedChange.objects.get()
    assert (change.state, change.name, change.changes_themes) == (
        Review.PENDING,
        "Cercle du deuil",
        True,
    )
    assert list(change.themes.all()) == [new_theme]
    assert change.proposed_by == facilitator
    (email,) = Email.objects.all()
    assert email.to == ["centre@example.org"]
    assert "Cercle du deuil" in email.message
    # The form now shows what waits, and sending it again changes nothing.
    page = signed_in.get(url("edit_group", stale_group.slug)).content.decode()
    assert 'id="pending-notice"' in page
    response = signed_in.post(url("edit_group", stale_group.slug), data)
    assert response["Location"].endswith("?done=edited")
    assert ProposedChange.objects.count() == 1 and Email.objects.count() == 1


def test_proposing_the_current_values_again_withdraws_the_proposal(signed_in, stale_group):
    theirs = form_data(stale_group, **{"proposal-name": "Autre nom"})
    signed_in.post(url("edit_group", stale_group.slug), theirs)

    signed_in.post(url("edit_group", stale_group.slug), form_data(stale_group))

    assert not ProposedChange.objects.exists()


def test_applying_a_proposal_changes_the_group_and_tells_the_facilitator(
    admin_client, admin_user, signed_in, stale_group, facilitator
):
    new_theme = ThemeFactory()
    data = form_data(
        stale_group, **{"proposal-name": "Cercle du deuil", "proposal-themes": [new_theme.pk]}
    )
    signed_in.post(url("edit_group", stale_group.slug), data)
    change = ProposedChange.objects.get()

    with translation.override("en"):
        changelist = reverse("admin:groups_proposedchange_changelist")
    admin_client.post(changelist, {"action": "apply", "_selected_action": [change.pk]})

    group = Group.objects.get(pk=stale_group.pk)
    assert group.name == "Cercle du deuil"
    assert list(group.themes.all()) == [new_theme]
    change.refresh_from_db()
    assert (change.state, change.decided_by) == (Review.APPLIED, admin_user)
    told = Email.objects.filter(to=[facilitator.email]).get()
    assert "Cercle du deuil" in told.message or "appliqué" in told.subject
    # One entry in the history, by the curator: the name and the themes.
    (entry, *_older) = history.group_entries(group)
    assert entry.user == admin_user
    assert {change.field for change in entry.changes} == {"name", "themes"}


def test_declining_a_proposal_leaves_the_group_and_sends_the_reply(
    admin_user, signed_in, stale_group, facilitator
):
    signed_in.post(
        url("edit_group", stale_group.slug), form_data(stale_group, **{"proposal-name": "Nom"})
    )
    change = ProposedChange.objects.get()
    change.reply = "Ce nom existe déjà dans la région."
    change.save()

    editing.decline_change(change, admin_user)

    assert Group.objects.get(pk=stale_group.pk).name == stale_group.name
    told = Email.objects.get(to=[facilitator.email])
    assert "Ce nom existe déjà dans la région." in told.message


# ---- Breaks in meetings ----------------------------------------------------------------------


def test_a_break_is_saved_and_the_group_page_skips_it(client, signed_in, group):
    # The group meets on the second Tuesday: cancel the next one.
    next_date = next_second_tuesday(TODAY)
    data = {"break-first_day": next_date.isoformat(), "break-note": "Salle fermée"}

    response = signed_in.post(url("add_break", group.slug), data)

    assert response.status_code == 303
    meeting_break = MeetingBreak.objects.get()
    assert (meeting_break.first_day, meeting_break.last_day) == (next_date, next_date)
    page = client.get(group.get_absolute_url()).content.decode()
    assert f'datetime="{next_date.isoformat()}"' not in page
    assert "Salle fermée" in page
    assert meeting_break.history.get().history_user == group.facilitators.get()


def next_second_tuesday(today):
    year, month = today.year, today.month
    while True:
        first = datetime.date(year, month, 1)
        second_tuesday = first + datetime.timedelta(days=(1 - first.weekday()) % 7 + 7)
        if second_tuesday >= today:
            return second_tuesday
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"break-first_day": "2020-01-07"}, "Ce jour est déjà passé."),
        ({"break-first_day": "demain"}, "Saisissez une date valide."),
        ({"break-first_day": ""}, "Ce champ est obligatoire."),
        (
            {"break-first_day": "2030-08-31", "break-last_day": "2030-07-01"},
            "Une pause se termine le jour où elle commence ou après.",
        ),
        (
            {"break-first_day": "2030-01-01", "break-last_day": "2031-06-01"},
            "Une pause dure au plus un an.",
        ),
    ],
)
def test_a_bad_break_is_refused(signed_in, group, data, message):
    response = signed_in.post(url("add_break", group.slug), data)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not MeetingBreak.objects.exists()


def test_a_break_is_removed(signed_in, group):
    meeting_break = MeetingBreak.objects.create(group=group, first_day=TODAY, last_day=TODAY)

    response = signed_in.post(url("remove_break", group.slug, meeting_break.pk))

    assert response.status_code == 303
    assert not MeetingBreak.objects.exists()


def test_another_groups_break_cannot_be_removed(client, other_facilitator, group):
    other = GroupFactory()
    other.facilitators.add(other_facilitator)
    meeting_break = MeetingBreak.objects.create(group=group, first_day=TODAY, last_day=TODAY)
    client.force_login(other_facilitator)

    # Through their own group's URL with this break's id, or this group's URL: not found.
    assert client.post(url("remove_break", other.slug, meeting_break.pk)).status_code == 404
    assert client.post(url("remove_break", group.slug, meeting_break.pk)).status_code == 404
    assert MeetingBreak.objects.exists()


def test_the_index_orders_by_the_next_meeting_after_the_breaks(group):
    next_date = next_second_tuesday(TODAY)
    MeetingBreak.objects.create(group=group, first_day=next_date, last_day=next_date)

    index = search_index.build(today=TODAY)

    (position,) = index.positions_of([group.pk])
    days = index.days_to_next_meeting(TODAY)[position]
    assert days == (next_second_tuesday(next_date + datetime.timedelta(days=1)) - TODAY).days


# ---- History ---------------------------------------------------------------------------------


def test_the_facilitator_reads_who_changed_what(signed_in, group, admin_user):
    signed_in.post(url("edit_group", group.slug), form_data(group, cost="Gratuit"))
    group.refresh_from_db()
    group.contact_email = "private@example.org"
    group._history_user = admin_user
    group.save()

    response = signed_in.get(url("group_history", group.slug))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Gratuit" in html and "vous" in html
    # A change only admins may see (the contact address) is not shown, nor its author.
    assert "private@example.org" not in html
    assert "l’équipe de Selfhelp" not in html


def test_the_history_page_needs_the_same_queries_whatever_its_length(
    signed_in, group, django_assert_num_queries
):
    signed_in.post(url("edit_group", group.slug), form_data(group, cost="1"))
    with django_assert_num_queries(9):
        signed_in.get(url("group_history", group.slug))
    for cost in range(2, 12):
        signed_in.post(url("edit_group", group.slug), form_data(group, cost=str(cost)))
    with django_assert_num_queries(9):
        signed_in.get(url("group_history", group.slug))


def test_every_kind_of_change_is_in_the_history(
    admin_client, admin_user, signed_in, group, facilitator
):
    # A facilitator's edit, a bulk action in the admin, a confirmation by the emailed link:
    # each a version, by whoever made it, in the order they were made.
    signed_in.post(url("edit_group", group.slug), form_data(group, cost="Gratuit"))
    with translation.override("en"):
        changelist = reverse("admin:groups_group_changelist")
    admin_client.post(changelist, {"action": "archive", "_selected_action": [group.pk]})
    Group.objects.filter(pk=group.pk).update(
        publication="published", last_confirmed=TODAY - datetime.timedelta(days=400)
    )
    history.record_versions([group.pk], reason=history.IMPORTED)
    Client().post(url("confirm", link_token(group)))  # nobody signed in

    entries = history.group_entries(group)

    kinds = [(entry.user, {change.field for change in entry.changes}) for entry in entries]
    assert kinds == [
        (None, {"last_confirmed"}),  # the link: nobody signed in
        (None, {"publication", "last_confirmed"}),  # the import
        (admin_user, {"publication"}),
        (facilitator, {"cost"}),  # its last_confirmed was today already
        (None, set()),  # created
    ]
    with translation.override("fr"):
        assert history.group_entries(group)[1].reason == "Importé d’un fichier CSV"


def test_a_deleted_account_leaves_no_address_in_the_history(client, facilitator, group):
    EmailAddress.objects.create(user=facilitator, email=facilitator.email, verified=True)
    group.contact_email = facilitator.email
    group.save()
    assert Group.history.filter(contact_email=facilitator.email).exists()

    from accounts.services import delete_account

    delete_account(facilitator, sessions=False)

    assert not Group.history.filter(contact_email=facilitator.email).exists()
    # Their changes stay, without their name.
    assert group.history.filter(history_user__isnull=True).exists()


def test_history_dates_follow_the_clock_of_orm_saves(group):
    before = timezone.now()
    history.record_versions([group.pk], reason=history.IMPORTED)
    newest = group.history.first()
    assert newest.history_date >= before
    assert newest.history_change_reason == history.IMPORTED
