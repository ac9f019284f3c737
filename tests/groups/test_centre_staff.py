"""Centre staff curate their region, and only it.

The world: the centre of Vaud serves VD and supports one group meeting in Fribourg; Zurich's
centre serves ZH. `vd_staff` is Vaud's centre staff. Every admin URL of another region's object
must answer exactly as a wrong id does (same status, same redirect), every list must leave it out,
and no action, export, history, autocomplete or search may reach it. National curators see all.
"""

import csv
import io
import re

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation
from post_office.models import STATUS, Email

from accounts.models import PermissionGroup
from groups import curation
from groups.models import Centre, Group, ProposedChange, Publication, Report, ReportReason, Review
from tests.conftest import with_authenticator_app
from tests.factories import (
    CantonFactory,
    CentreFactory,
    ContactMessageFactory,
    GroupFactory,
    JoinRequestFactory,
    ThemeFactory,
    UserFactory,
)
from tests.groups.test_admin import group_form_data

pytestmark = pytest.mark.django_db

WRONG_ID = 987654321


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def world():
    vd, zh, fr = CantonFactory(code="VD"), CantonFactory(code="ZH"), CantonFactory(code="FR")
    vaud = CentreFactory(slug="vaud", name_en="Centre of Vaud")
    vaud.cantons.set([vd])
    zurich = CentreFactory(slug="zurich", name_en="Zurich centre")
    zurich.cantons.set([zh])
    groups = {
        "vd": GroupFactory(name="Lausanne group", canton=vd, centre=None),
        "supported": GroupFactory(name="Fribourg group", canton=fr, centre=vaud),
        "zh": GroupFactory(name="Zurich group", canton=zh, centre=zurich, postcode="8001"),
    }
    proposals = {
        key: ProposedChange.objects.create(group=group, name=f"New name {key}")
        for key, group in groups.items()
    }
    messages = {key: ContactMessageFactory(group=group) for key, group in groups.items()}
    reports = {
        key: Report.objects.create(group=group, reason=ReportReason.SCHEDULE, text=key)
        for key, group in groups.items()
    }
    return {
        "vaud": vaud,
        "zurich": zurich,
        "groups": groups,
        "proposals": proposals,
        "messages": messages,
        "reports": reports,
    }


@pytest.fixture
def vd_staff(world):
    return with_authenticator_app(
        UserFactory(email="curator@vaud.example.org", is_staff=True, centre=world["vaud"])
    )


@pytest.fixture
def staff_client(client, vd_staff):
    client.force_login(vd_staff)
    return client


def shown(response):
    return set(response.context["cl"].result_list)


def answer(response):
    """What a response tells: its status and where it sends the visitor."""
    return response.status_code, response.get("Location")


# --- The role --------------------------------------------------------------------------------


def test_centre_staff_hold_exactly_the_roles_permissions(vd_staff):
    # Even a permission group given by mistake adds nothing.
    everything = PermissionGroup.objects.create(name="Everything")
    from django.contrib.auth.models import Permission

    everything.permissions.set(Permission.objects.all())
    vd_staff.groups.add(everything)
    vd_staff = type(vd_staff).objects.get(pk=vd_staff.pk)  # no cached permissions

    assert vd_staff.get_all_permissions() == curation.CENTRE_STAFF_PERMISSIONS
    assert not vd_staff.has_perm("accounts.view_user")
    assert not vd_staff.has_perm("groups.view_joinrequest")
    assert not vd_staff.has_perm("post_office.view_email")
    assert vd_staff.has_perm("groups.change_group")


def test_the_same_account_without_a_centre_keeps_its_given_permissions(vd_staff):
    vd_staff.centre = None
    vd_staff.save()
    vd_staff = type(vd_staff).objects.get(pk=vd_staff.pk)
    assert vd_staff.get_all_permissions() == set()


def test_a_superuser_cannot_be_tied_to_a_centre(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        UserFactory(is_staff=True, is_superuser=True, centre=world["vaud"])


def test_a_centre_with_staff_cannot_be_deleted(world, vd_staff):
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        world["vaud"].delete()


# --- What they see -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("model", "key"),
    [
        ("group", "groups"),
        ("proposedchange", "proposals"),
        ("contactmessage", "messages"),
        ("report", "reports"),
    ],
)
def test_change_lists_hold_the_region_only(staff_client, admin_client, world, model, key):
    url = reverse(f"admin:groups_{model}_changelist")
    ours = {world[key]["vd"], world[key]["supported"]}

    assert shown(staff_client.get(url)) == ours
    assert shown(admin_client.get(url)) == set(world[key].values())


def test_search_does_not_reach_another_region(staff_client, world):
    url = reverse("admin:groups_group_changelist")
    assert shown(staff_client.get(url, {"q": "Zurich"})) == set()
    assert shown(staff_client.get(url, {"q": "Fribourg"})) == {world["groups"]["supported"]}


def object_urls(kind, pk, version=None):
    return {
        "change": reverse(f"admin:groups_{kind}_change", args=[pk]),
        "delete": reverse(f"admin:groups_{kind}_delete", args=[pk]),
        "history": reverse(f"admin:groups_{kind}_history", args=[pk]),
    } | (
        {"version": reverse("admin:groups_group_simple_history", args=[pk, version])}
        if version
        else {}
    )


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("what", ["change", "delete", "history", "version"])
def test_another_regions_group_answers_as_a_wrong_id(staff_client, world, what, method):
    zh = world["groups"]["zh"]
    version = zh.history.latest().history_id
    foreign = object_urls("group", zh.pk, version)[what]
    wrong = object_urls("group", WRONG_ID, version)[what]
    before = Group.objects.values().get(pk=zh.pk)

    assert answer(getattr(staff_client, method)(foreign)) == answer(
        getattr(staff_client, method)(wrong)
    )
    assert Group.objects.values().get(pk=zh.pk) == before


@pytest.mark.parametrize(
    ("kind", "key"),
    [
        ("proposedchange", "proposals"),
        ("report", "reports"),
        ("contactmessage", "messages"),
        ("centre", None),
    ],
)
@pytest.mark.parametrize("what", ["change", "delete", "history"])
def test_another_regions_proposal_and_centre_answer_as_a_wrong_id(
    staff_client, world, kind, key, what
):
    foreign = world[key]["zh"] if key else world["zurich"]
    assert answer(staff_client.get(object_urls(kind, foreign.pk)[what])) == answer(
        staff_client.get(object_urls(kind, WRONG_ID)[what])
    )


def test_their_own_group_opens_with_its_history(staff_client, world):
    group = world["groups"]["supported"]
    version = group.history.latest().history_id
    for url in object_urls("group", group.pk, version).values():
        if "delete" not in url:  # archiving, not deleting, is theirs
            assert staff_client.get(url).status_code == 200, url


@pytest.mark.parametrize(
    "url_name",
    [
        "admin:accounts_user_changelist",
        "admin:accounts_permissiongroup_changelist",
        "admin:groups_joinrequest_changelist",
        "admin:post_office_email_changelist",
        "admin:groups_canton_add",
        "admin:groups_theme_add",
        "admin:groups_centre_add",
    ],
)
def test_what_is_not_theirs_is_refused(staff_client, url_name):
    assert staff_client.get(reverse(url_name)).status_code == 403


def test_the_index_lists_only_their_sections(staff_client):
    html = staff_client.get(reverse("admin:index")).content.decode()
    assert reverse("admin:groups_group_changelist") in html
    assert reverse("admin:accounts_user_changelist") not in html
    assert reverse("admin:groups_joinrequest_changelist") not in html


# --- What they do --------------------------------------------------------------------------------


def action(client, model, name, objects, **extra):
    return client.post(
        reverse(f"admin:groups_{model}_changelist"),
        {"action": name, "_selected_action": [obj.pk for obj in objects], **extra},
    )


def test_an_action_on_ids_of_another_region_changes_only_their_own(staff_client, world):
    groups = world["groups"]
    versions = groups["zh"].history.count()
    action(staff_client, "group", "unpublish", groups.values())

    publication = dict(Group.objects.values_list("name", "publication"))
    assert publication == {
        "Lausanne group": Publication.DRAFT,
        "Fribourg group": Publication.DRAFT,
        "Zurich group": Publication.PUBLISHED,
    }
    assert groups["zh"].history.count() == versions  # no version recorded either


def test_the_export_holds_their_region_only(staff_client, world):
    response = action(
        staff_client, "group", "export_csv", world["groups"].values(), select_across="1"
    )
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert {row["name"] for row in rows} == {"Lausanne group", "Fribourg group"}


def test_they_mark_their_regions_reports_handled_only(staff_client, world, vd_staff):
    action(staff_client, "report", "mark_handled", world["reports"].values())

    handled = dict(Report.objects.values_list("text", "handled_by"))
    assert handled == {"vd": vd_staff.pk, "supported": vd_staff.pk, "zh": None}


def test_they_apply_their_regions_proposals_only(staff_client, world, mail_queue):
    proposals = world["proposals"]
    action(staff_client, "proposedchange", "apply", proposals.values())

    states = dict(ProposedChange.objects.values_list("name", "state"))
    assert states == {
        "New name vd": Review.APPLIED,
        "New name supported": Review.APPLIED,
        "New name zh": Review.PENDING,
    }
    assert Group.objects.get(pk=world["groups"]["zh"].pk).name == "Zurich group"


def autocomplete(client, model, field, term=""):
    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "groups", "model_name": model, "field_name": field, "term": term},
    )
    assert response.status_code == 200
    return {result["text"] for result in response.json()["results"]}


def test_autocomplete_offers_their_centre_only(staff_client, admin_client, world):
    assert autocomplete(staff_client, "group", "centre") == {"Centre of Vaud"}
    assert autocomplete(staff_client, "group", "centre", "Zurich") == set()
    assert autocomplete(admin_client, "group", "centre") == {"Centre of Vaud", "Zurich centre"}


def test_autocomplete_of_themes_works_for_them(staff_client, world):
    ThemeFactory(name_en="Grief")
    assert "Grief" in autocomplete(staff_client, "group", "themes", "Grief")


def test_autocomplete_of_accounts_is_refused(staff_client, world):
    response = staff_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "groups", "model_name": "group", "field_name": "facilitators"},
    )
    assert response.status_code == 403


def group_form(group, **changes):
    return group_form_data(group, **{"centre": group.centre_id or "", **changes})


def test_they_edit_their_group(staff_client, world):
    group = world["groups"]["vd"]
    url = reverse("admin:groups_group_change", args=[group.pk])
    response = staff_client.post(url, group_form(group, locality="Renens", postcode="1020"))

    assert response.status_code == 302, response.context["adminform"].form.errors
    group.refresh_from_db()
    assert group.locality == "Renens"
    assert group.history.latest().history_user.email == "curator@vaud.example.org"


def test_the_form_offers_their_centre_and_cantons(staff_client, world):
    group = world["groups"]["supported"]
    form = (
        staff_client.get(reverse("admin:groups_group_change", args=[group.pk]))
        .context["adminform"]
        .form
    )
    assert list(form.fields["centre"].queryset) == [world["vaud"]]
    # Their canton, and the one this group of theirs meets in.
    assert {canton.code for canton in form.fields["canton"].queryset} == {"VD", "FR"}
    assert "facilitators" not in form.fields  # accounts are not theirs to browse


@pytest.mark.parametrize(
    "changes",
    [
        pytest.param({"centre": "zurich"}, id="another centre"),
        pytest.param({"canton": "ZH"}, id="another canton"),
        pytest.param({"centre": ""}, id="leaving the centre's canton behind"),
    ],
)
def test_a_group_cannot_be_moved_out_of_their_region(staff_client, world, changes):
    from groups.models import Canton

    group = world["groups"]["supported"]  # supported by Vaud, meeting in Fribourg
    values = {
        "centre": Centre.objects.get(slug=changes["centre"]).pk if changes.get("centre") else "",
        "canton": Canton.objects.get(code=changes["canton"]).pk if "canton" in changes else None,
    }
    data = group_form(group, centre=values["centre"] if "centre" in changes else group.centre_id)
    if values["canton"]:
        data["canton"] = values["canton"]
    before = Group.objects.values().get(pk=group.pk)

    response = staff_client.post(reverse("admin:groups_group_change", args=[group.pk]), data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors
    assert Group.objects.values().get(pk=group.pk) == before


def test_they_add_a_group_in_their_canton(staff_client, world):
    like = world["groups"]["vd"]
    data = group_form(like, slug="nouveau-groupe", name="Nouveau groupe", centre="")

    response = staff_client.post(reverse("admin:groups_group_add"), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Group.objects.get(slug="nouveau-groupe").canton.code == "VD"


def test_they_keep_their_centres_details_but_not_its_cantons(staff_client, world):
    vaud = world["vaud"]
    url = reverse("admin:groups_centre_change", args=[vaud.pk])
    form = staff_client.get(url).context["adminform"].form
    assert "cantons" not in form.fields and "slug" not in form.fields
    data = {field: form.initial.get(field) or "" for field in form.fields}
    data |= {"phone": "021 000 00 00", "languages": "fr"}
    zh = world["zurich"].cantons.get()

    response = staff_client.post(url, data | {"cantons": [zh.pk]})

    assert response.status_code == 302, response.context["adminform"].form.errors
    vaud.refresh_from_db()
    assert vaud.phone == "021 000 00 00"
    assert {canton.code for canton in vaud.cantons.all()} == {"VD"}
    assert shown(staff_client.get(reverse("admin:groups_centre_changelist"))) == {vaud}


# --- The index: their region's work -----------------------------------------------------------


def counts(client):
    html = client.get(reverse("admin:index")).content.decode()
    return {
        label: int(count)
        for _url, label, count in re.findall(
            r'<th scope="row"><a href="([^"]+)">([^<]+)</a></th>\s*<td>(\d+)</td>', html
        )
    }


def test_the_index_counts_their_regions_work(staff_client, admin_client, world):
    import datetime

    long_ago = datetime.date.today() - datetime.timedelta(days=600)
    Group.objects.filter(pk__in=[g.pk for g in world["groups"].values()]).update(
        last_confirmed=long_ago
    )
    for message in world["messages"].values():
        email = Email.objects.create(
            from_email="selfhelp@example.org", to=["x@example.org"], status=STATUS.failed
        )
        message.emails.add(email)

    assert counts(staff_client) == {
        "Names and themes proposed by facilitators, to review": 2,
        "Reports of outdated information, to handle": 2,
        "Listings not confirmed for over 12 months": 0,
        "Listings hidden: not confirmed for over 18 months": 2,
        "Messages to your groups whose email could not be sent": 2,
    }
    assert counts(admin_client) == {
        "Names and themes proposed by facilitators, to review": 3,
        "Reports of outdated information, to handle": 3,
        "Listings not confirmed for over 12 months": 0,
        "Listings hidden: not confirmed for over 18 months": 3,
        "Emails that could not be sent": 3,
    }


def test_join_requests_stay_between_members_and_facilitators(staff_client, world):
    request = JoinRequestFactory(group=world["groups"]["vd"])
    url = reverse("admin:groups_joinrequest_change", args=[request.pk])
    assert staff_client.get(url).status_code == 403


def region_table(client):
    html = client.get(reverse("admin:index")).content.decode()
    table = html.split('id="curation-regions"', 1)[1].split("</table>", 1)[0]
    rows = {}
    for name, cells in re.findall(r'<th scope="row">([^<]+)</th>(.*?)</tr>', table, re.S):
        rows[name] = [
            (int(count), url.replace("&amp;", "&"))
            for url, count in re.findall(r'<a href="([^"]+)">(\d+)</a>', cells)
        ]
    return rows


def test_national_curators_see_each_regions_work(admin_client, staff_client, world):
    import datetime

    long_ago = datetime.date.today() - datetime.timedelta(days=600)
    Group.objects.filter(pk=world["groups"]["supported"].pk).update(last_confirmed=long_ago)
    failed = Email.objects.create(
        from_email="selfhelp@example.org", to=["x@example.org"], status=STATUS.failed
    )
    world["messages"]["zh"].emails.add(failed)

    table = region_table(admin_client)

    counts = {name: [count for count, _url in cells] for name, cells in table.items()}
    # proposals to review, reports to handle, flagged, hidden, messages not delivered
    assert counts == {"Centre of Vaud": [2, 2, 0, 1, 0], "Zurich centre": [1, 1, 0, 0, 1]}
    proposals_url, reports_url, _flagged, hidden_url, _failed = (
        url for _count, url in table["Centre of Vaud"]
    )
    failed_url = table["Zurich centre"][-1][1]
    assert shown(admin_client.get(failed_url)) == {world["messages"]["zh"]}
    assert shown(admin_client.get(reports_url)) == {
        world["reports"]["vd"],
        world["reports"]["supported"],
    }
    assert shown(admin_client.get(proposals_url)) == {
        world["proposals"]["vd"],
        world["proposals"]["supported"],
    }
    assert shown(admin_client.get(hidden_url)) == {world["groups"]["supported"]}
    assert 'id="curation-regions"' not in staff_client.get(reverse("admin:index")).content.decode()


def test_the_index_takes_as_many_queries_for_two_regions_as_for_twenty(admin_client, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert admin_client.get(reverse("admin:index")).status_code == 200
        return len(captured)

    two = queries()
    for code in "AG AI AR BE BL BS GE GL GR JU LU NE NW OW SG SH SO SZ".split():
        centre = CentreFactory()
        centre.cantons.set([CantonFactory(code=code)])
        GroupFactory(centre=centre, canton=centre.cantons.get())
    assert queries() == two


def test_centre_staff_too_need_their_second_factor(client, world):
    staff = UserFactory(is_staff=True, centre=world["vaud"])  # no authenticator app yet
    client.force_login(staff)
    response = client.get(reverse("admin:groups_group_changelist"))
    assert response.status_code == 302
    assert response.url == reverse("mfa_activate_totp")
