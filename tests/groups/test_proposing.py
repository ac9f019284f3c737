"""A member proposes a group: stored as pending review (invisible), the region's centre is
emailed, centre staff publish it (the proposer becomes its facilitator and is told) or decline
it with a reply. Nothing of a refused form is stored."""

import pytest
from django.urls import reverse
from django.utils import translation
from post_office.models import Email

from groups import editing
from groups.models import Group, ProposedChange, Publication, Review
from tests.conftest import with_authenticator_app
from tests.factories import CantonFactory, CentreFactory, GroupFactory, ThemeFactory, UserFactory

pytestmark = pytest.mark.django_db


def url(name, *args, language="fr"):
    with translation.override(language):
        return reverse(f"groups:{name}", args=args)


@pytest.fixture
def region():
    vd = CantonFactory(code="VD")
    centre = CentreFactory(
        slug="vaud", name_fr="Centre d'entraide Vaud", email="info@centre-vaud.example.org"
    )
    centre.cantons.set([vd])
    return {"vd": vd, "centre": centre, "theme": ThemeFactory(name_fr="Deuil")}


def proposal_data(region, **changes):
    data = {
        "proposal-name": "Cercle du deuil Pully",
        "proposal-themes": [region["theme"].pk],
        "status": "forming",
        "description_language": "fr",
        "description": "Un nouveau groupe pour parler de la perte.",
        "languages": ["fr"],
        "audience": "affected",
        "led_by": "peers",
        "format": "in_person",
        "postcode": "1009",
        "locality": "Pully",
        "frequency": "monthly",
        "weekday": "thu",
        "week_of_month": "1",
        "start_time": "19:00",
        "end_time": "21:00",
    }
    return data | changes


@pytest.fixture
def signed_in(client, member):
    client.force_login(member)
    return client


def test_a_visitor_is_asked_to_sign_in(client):
    response = client.get(url("propose_group"))
    assert response.status_code == 302 and "next=" in response.url


def test_the_form_is_offered_from_my_groups(signed_in):
    html = signed_in.get(url("my_groups")).content.decode()
    assert url("propose_group") in html
    response = signed_in.get(url("propose_group"))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_a_proposal_is_stored_pending_and_sent_to_the_regions_centre(
    client, signed_in, member, region
):
    response = signed_in.post(url("propose_group"), proposal_data(region))

    assert response.status_code == 303
    assert response.url == url("my_groups") + "?done=proposed"
    group = Group.objects.get()
    assert (group.name, group.publication, group.canton, group.centre) == (
        "Cercle du deuil Pully",
        Publication.PENDING,
        region["vd"],
        region["centre"],
    )
    assert list(group.themes.all()) == [region["theme"]]
    assert not group.facilitators.exists()
    change = ProposedChange.objects.get()
    assert (change.is_new_group, change.state, change.proposed_by) == (True, Review.PENDING, member)
    told = Email.objects.get()
    assert told.to == ["info@centre-vaud.example.org"]
    assert reverse("admin:groups_proposedchange_change", args=[change.pk]) in told.message
    # Invisible until published.
    assert client.get(group.get_absolute_url()).status_code == 404
    html = signed_in.get(response.url).content.decode()
    assert "Cercle du deuil Pully" in html and 'id="done-notice"' in html
    assert "Centre d&#x27;entraide Vaud" in html or "Centre d'entraide Vaud" in html


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"proposal-themes": []}, "themes"),
        ({"proposal-name": ""}, "name"),
        ({"postcode": "0000"}, "postcode"),
        ({"audience": "everyone"}, "audience"),
        ({"weekday": ""}, "weekday"),
    ],
    ids=["no theme", "no name", "unknown postcode", "unknown audience", "no weekday"],
)
def test_a_refused_proposal_stores_nothing(signed_in, region, changes, field):
    response = signed_in.post(url("propose_group"), proposal_data(region, **changes))

    assert response.status_code == 400
    errors = {**response.context["facts"].errors, **response.context["proposal"].errors}
    assert field in errors
    assert not Group.objects.exists() and not ProposedChange.objects.exists()
    assert not Email.objects.exists()


def centre_staff(region):
    return with_authenticator_app(UserFactory(is_staff=True, centre=region["centre"]))


def test_centre_staff_publish_it_and_the_proposer_runs_it(client, signed_in, member, region):
    signed_in.post(url("propose_group"), proposal_data(region))
    change = ProposedChange.objects.get()
    staff = client.__class__()
    staff.force_login(centre_staff(region))
    with translation.override("en"):
        changelist = reverse("admin:groups_proposedchange_changelist")
    listed = staff.get(changelist).context["cl"].result_list
    assert list(listed) == [change]

    staff.post(changelist, {"action": "apply", "_selected_action": [change.pk]})

    group = Group.objects.get()
    assert group.publication == Publication.PUBLISHED and group.is_listed
    assert list(group.facilitators.all()) == [member]
    assert signed_in.get(group.get_absolute_url()).status_code == 200
    told = Email.objects.get(to=[member.email])
    assert url("my_group", group.slug) in told.message
    assert signed_in.get(url("my_group", group.slug)).status_code == 200


def test_publishing_the_group_itself_decides_its_proposal(signed_in, admin_client, member, region):
    signed_in.post(url("propose_group"), proposal_data(region))
    group = Group.objects.get()
    with translation.override("en"):
        changelist = reverse("admin:groups_group_changelist")
    response = admin_client.post(
        changelist, {"action": "publish", "_selected_action": [group.pk]}, follow=True
    )

    assert "1 group published." in response.content.decode()
    assert ProposedChange.objects.get().state == Review.APPLIED
    assert list(Group.objects.get().facilitators.all()) == [member]


def test_a_declined_proposal_goes_back_to_draft_with_the_reply(signed_in, member, region):
    signed_in.post(url("propose_group"), proposal_data(region))
    change = ProposedChange.objects.get()
    change.reply = "Un groupe semblable se réunit déjà à Pully: nous vous mettons en contact."
    change.save()

    editing.decline_change(change, centre_staff(region))

    group = Group.objects.get()
    assert group.publication == Publication.DRAFT and not group.facilitators.exists()
    told = Email.objects.get(to=[member.email])
    assert "semblable" in told.message
    html = signed_in.get(url("my_groups")).content.decode()
    assert "semblable" in html


def test_a_new_name_for_a_group_without_a_centre_goes_to_its_cantons_centre(
    client, facilitator, region
):
    group = GroupFactory(centre=None, canton=region["vd"], themes=[region["theme"]])
    group.facilitators.add(facilitator)

    editing.propose(group, facilitator, "Nouveau nom", {region["theme"].pk})

    assert Email.objects.get().to == ["info@centre-vaud.example.org"]
