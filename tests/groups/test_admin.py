"""The admin, as an admin uses it: change lists in a fixed number of queries, bulk actions,
filters, search, forms, and no way in for anyone who is not staff."""

import csv
import datetime
import io
import itertools
import re
import string

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import User
from groups.admin import ThemeFilter
from groups.models import Canton, Format, Group, ProposedChange, Publication, Review, Theme
from tests.factories import (
    CantonFactory,
    CategoryFactory,
    CentreFactory,
    ContactMessageFactory,
    GroupFactory,
    JoinRequestFactory,
    ThemeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

CSV_HEADER = (
    "ref, name, description, language, themes, canton, postcode, locality, format, audience, "
    "led_by, status, frequency, weekday, week_of_month, start_time, end_time, schedule_note, "
    "contact_email, centre, published"
).split(", ")


@pytest.fixture(autouse=True)
def english():
    """The admin in English (/en/admin/), so the tests read the source strings."""
    with translation.override("en"):
        yield


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def changelist(model_name, app="groups"):
    return reverse(f"admin:{app}_{model_name}_changelist")


def days_ago(days):
    return timezone.now().date() - datetime.timedelta(days=days)


def shown(response):
    """The rows a change list shows."""
    return set(response.context["cl"].result_list)


# --- Change lists: the same number of queries for 1 row and for 30 ------------------------------


def canton_codes():
    return ("".join(pair) for pair in itertools.product(string.ascii_uppercase, repeat=2))


def make_groups(count):
    # Each with its own centre and two themes (of its own category), so no cache hides a query.
    for _ in range(count):
        category = CategoryFactory()
        group = GroupFactory(
            centre=CentreFactory(), themes=[ThemeFactory(parent=category), ThemeFactory()]
        )
        group.facilitators.add(UserFactory())


def make_themes(count):
    for _ in range(count):
        theme = ThemeFactory()
        GroupFactory(themes=[theme, theme.parent])


def make_centres(count):
    for _ in range(count):
        centre = CentreFactory()
        centre.cantons.add(CantonFactory(code="VD"), CantonFactory(code="GE"))
        GroupFactory(centre=centre)


def make_cantons(count):
    taken = set(Canton.objects.values_list("code", flat=True))
    for code in itertools.islice((c for c in canton_codes() if c not in taken), count):
        GroupFactory(canton=CantonFactory(code=code))


def make_join_requests(count):
    for _ in range(count):
        JoinRequestFactory()


def make_contact_messages(count):
    for _ in range(count):
        ContactMessageFactory()


def make_proposals(count):
    for _ in range(count):
        group = GroupFactory(centre=CentreFactory())
        change = ProposedChange.objects.create(
            group=group, name="Nouveau nom", changes_themes=True, proposed_by=UserFactory()
        )
        change.themes.set([ThemeFactory(), ThemeFactory()])


def make_users(count):
    for _ in range(count):
        UserFactory()


CHANGE_LISTS = {
    # How to add rows, and the queries the page takes whatever its number of rows: the session,
    # the user and their authenticator app (the two-factor check), the filters' choices, the two
    # counts, the rows, then one per prefetch.
    "groups_group": (make_groups, 10),  # + cantons, centres and themes to filter by; themes
    "groups_theme": (make_themes, 7),  # + the categories to filter by
    "groups_centre": (make_centres, 8),  # + the cantons to filter by; cantons served
    "groups_canton": (make_cantons, 6),
    "groups_joinrequest": (make_join_requests, 6),
    # + the prefetched emails; the centres to filter by
    "groups_contactmessage": (make_contact_messages, 8),
    "accounts_user": (make_users, 7),  # + the centres to filter by
    # + the centres to filter by; the proposed themes and the group's themes
    "groups_proposedchange": (make_proposals, 9),
}


def queries_for(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response


@pytest.mark.parametrize("name", CHANGE_LISTS)
def test_change_list_queries_do_not_grow_with_its_rows(admin_client, name):
    make_rows, pinned = CHANGE_LISTS[name]
    url = reverse(f"admin:{name}_changelist")
    make_rows(1)
    with_one, response = queries_for(admin_client, url)
    assert response.context["cl"].result_count >= 1
    make_rows(29)
    with_thirty, response = queries_for(admin_client, url)
    assert response.context["cl"].result_count >= 30
    assert with_one == with_thirty == pinned


# --- Bulk actions on groups ---------------------------------------------------------------------


def run_action(client, action, groups):
    return client.post(
        changelist("group"),
        {"action": action, "_selected_action": [group.pk for group in groups]},
        follow=action != "export_csv",
    )


@pytest.mark.parametrize(
    ("action", "before", "after"),
    [
        ("publish", Publication.PENDING, Publication.PUBLISHED),
        ("unpublish", Publication.PUBLISHED, Publication.DRAFT),
        ("archive", Publication.PUBLISHED, Publication.ARCHIVED),
    ],
)
def test_publication_actions_change_the_selected_groups_only(
    admin_client, admin_user, action, before, after
):
    selected = GroupFactory.create_batch(2, publication=before)
    already = GroupFactory(publication=after)
    untouched = GroupFactory(publication=before)

    response = run_action(admin_client, action, [*selected, already])

    publications = dict(Group.objects.values_list("pk", "publication"))
    assert [publications[group.pk] for group in selected] == [after, after]
    assert publications[already.pk] == after
    assert publications[untouched.pk] == before
    # Two changed: the one already there is neither counted nor given a version.
    (message,) = response.context["messages"]
    assert str(message).startswith("2 groups")
    versions = Group.history.filter(history_user=admin_user, history_type="~")
    assert sorted(versions.values_list("id", flat=True)) == sorted(g.pk for g in selected)
    assert {v.publication for v in versions} == {after}


def test_mark_confirmed_today(admin_client):
    stale = GroupFactory(last_confirmed=days_ago(400))
    never = GroupFactory(last_confirmed=None)
    untouched = GroupFactory(last_confirmed=days_ago(400))

    response = run_action(admin_client, "mark_confirmed", [stale, never])

    today = timezone.localdate()
    for group in (stale, never):
        group.refresh_from_db()
        assert group.last_confirmed == today
    untouched.refresh_from_db()
    assert untouched.last_confirmed == days_ago(400)
    assert "2 groups marked as confirmed today." in response.content.decode()


def test_an_action_moves_updated_at(admin_client):
    group = GroupFactory(publication=Publication.PENDING)
    Group.objects.filter(pk=group.pk).update(updated_at=timezone.now() - datetime.timedelta(days=9))

    run_action(admin_client, "publish", [group])

    group.refresh_from_db()
    assert timezone.now() - group.updated_at < datetime.timedelta(minutes=1)


def test_an_action_shows_in_the_group_history(admin_client):
    group = GroupFactory(publication=Publication.PENDING)

    run_action(admin_client, "publish", [group])

    history = admin_client.get(reverse("admin:groups_group_history", args=[group.pk]))
    page = history.content.decode()
    assert "Published from the list of groups" in page
    # The entry, read as text: the field, its old value, its new one.
    text = " ".join(re.sub(r"<[^>]+>", " ", page).split())
    assert "Publication Pending review → becomes Published" in text


def test_publishing_an_old_draft_confirms_it(admin_client):
    # Entered two years ago and left in draft: published today, it must not be hidden at once.
    draft = GroupFactory(publication=Publication.DRAFT, last_confirmed=days_ago(730))

    run_action(admin_client, "publish", [draft])

    draft.refresh_from_db()
    assert draft.last_confirmed == timezone.localdate()
    assert Group.objects.listed().filter(pk=draft.pk).exists()


def test_one_group_is_reported_in_the_singular(admin_client):
    response = run_action(admin_client, "archive", [GroupFactory()])
    assert "1 group archived." in response.content.decode()


def test_export_selected_groups_as_csv(admin_client):
    selected = GroupFactory.create_batch(2)
    other = GroupFactory()

    response = run_action(admin_client, "export_csv", selected)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith("attachment;")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8"))))
    assert rows[0] == CSV_HEADER
    refs = {row[0] for row in rows[1:]}
    assert refs == {group.ref for group in selected}
    assert other.ref not in refs


# --- Filters and search -------------------------------------------------------------------------


def test_last_confirmed_filter_buckets(admin_client):
    recent = GroupFactory(last_confirmed=days_ago(30))
    flagged = GroupFactory(last_confirmed=days_ago(400))
    old = GroupFactory(last_confirmed=days_ago(600))
    never = GroupFactory(last_confirmed=None)
    url = changelist("group")

    assert shown(admin_client.get(url, {"confirmed": "recent"})) == {recent}
    # A group with no date (cleared by hand) is flagged for a curator, never hidden unasked.
    assert shown(admin_client.get(url, {"confirmed": "flagged"})) == {flagged, never}
    assert shown(admin_client.get(url, {"confirmed": "stale"})) == {old}
    assert shown(admin_client.get(url)) == {recent, flagged, old, never}


def test_stale_groups_are_flagged_in_the_list(admin_client):
    GroupFactory(name="Fresh", last_confirmed=days_ago(30))
    GroupFactory(name="Flagged", last_confirmed=days_ago(400))
    GroupFactory(name="Hidden", last_confirmed=days_ago(600))
    GroupFactory(name="Never", last_confirmed=None)

    page = admin_client.get(changelist("group")).content.decode()

    assert page.count("<strong>over 12 months</strong>") == 2  # Flagged, and Never
    assert page.count("<strong>hidden</strong>") == 1
    assert page.count("icon-alert.svg") == 3


def test_theme_filter_lists_categories_and_opens_the_chosen_one(admin_client):
    health = CategoryFactory(name_en="Health")
    diabetes = ThemeFactory(parent=health, name_en="Diabetes")
    asthma = ThemeFactory(parent=health, name_en="Asthma")
    grief = ThemeFactory(name_en="Grief")
    with_diabetes = GroupFactory(themes=[diabetes])
    with_asthma = GroupFactory(themes=[asthma])
    with_both = GroupFactory(themes=[diabetes, asthma])
    GroupFactory(themes=[grief])
    url = changelist("group")

    def choices(response):
        spec = next(f for f in response.context["cl"].filter_specs if isinstance(f, ThemeFilter))
        return [title for _, title in spec.lookup_choices]

    unfiltered = admin_client.get(url)
    assert "Health" in choices(unfiltered)
    assert "— Diabetes" not in choices(unfiltered)

    by_category = admin_client.get(url, {"theme": health.pk})
    assert shown(by_category) == {with_diabetes, with_asthma, with_both}
    assert {"— Diabetes", "— Asthma"} <= set(choices(by_category))
    assert "— Grief" not in choices(by_category)

    by_theme = admin_client.get(url, {"theme": diabetes.pk})
    # Once each, though "with_both" has two themes of the category.
    assert list(by_theme.context["cl"].result_list).count(with_both) == 1
    assert shown(by_theme) == {with_diabetes, with_both}
    assert "— Asthma" in choices(by_theme)


def test_group_list_filters_by_canton_and_publication(admin_client):
    in_vaud = GroupFactory(canton=CantonFactory(code="VD"))
    in_geneva = GroupFactory(canton=CantonFactory(code="GE"), publication=Publication.DRAFT)
    url = changelist("group")

    assert shown(admin_client.get(url, {"canton__id__exact": in_vaud.canton_id})) == {in_vaud}
    assert shown(admin_client.get(url, {"publication__exact": "draft"})) == {in_geneva}


def test_search_finds_a_group_by_ref_and_by_locality(admin_client):
    montreux = GroupFactory(locality="Montreux", postcode="1820")
    lausanne = GroupFactory()
    url = changelist("group")

    assert shown(admin_client.get(url, {"q": lausanne.ref})) == {lausanne}
    assert shown(admin_client.get(url, {"q": "montreux"})) == {montreux}


def test_theme_filter_by_category_offers_categories_only(admin_client):
    health = CategoryFactory(name_en="Health")
    diabetes = ThemeFactory(parent=health, name_en="Diabetes")
    other = ThemeFactory()

    response = admin_client.get(changelist("theme"))
    spec = next(f for f in response.context["cl"].filter_specs if f.field_path == "parent")
    assert {pk for pk, _ in spec.lookup_choices} == {health.pk, other.parent_id}

    filtered = admin_client.get(changelist("theme"), {"parent__id__exact": health.pk})
    assert shown(filtered) == {diabetes}
    categories = admin_client.get(changelist("theme"), {"parent__isnull": "True"})
    assert shown(categories) == {health, other.parent}


def test_theme_search_looks_in_every_language_and_the_synonyms(admin_client):
    grief = ThemeFactory(name_de="Trauer", synonyms_it="perdita")
    ThemeFactory()
    url = changelist("theme")

    assert shown(admin_client.get(url, {"q": "trauer"})) == {grief}
    assert shown(admin_client.get(url, {"q": "perdita"})) == {grief}


def test_theme_list_counts_groups(admin_client):
    theme = ThemeFactory()
    GroupFactory.create_batch(3, themes=[theme])

    response = admin_client.get(changelist("theme"), {"q": theme.slug})

    (row,) = response.context["cl"].result_list
    assert row.group_count == 3


# --- Forms -------------------------------------------------------------------------------------


def test_group_add_and_change_forms_render(admin_client, group):
    assert admin_client.get(reverse("admin:groups_group_add")).status_code == 200
    response = admin_client.get(reverse("admin:groups_group_change", args=[group.pk]))
    assert response.status_code == 200
    assert group.ref in response.content.decode()


def group_form_data(group, **changes):
    data = {
        "name": group.name,
        "slug": group.slug,
        "description_language": group.languages[0],
        "languages": group.languages,
        "description": group.description,
        "themes": [theme.pk for theme in group.themes.all()],
        "audience": group.audience,
        "led_by": group.led_by,
        "format": group.format,
        "canton": group.canton_id or "",
        "postcode": group.postcode,
        "locality": group.locality,
        "frequency": group.frequency,
        "weekday": group.weekday,
        "week_of_month": group.week_of_month,
        "start_time": "19:00",
        "end_time": "21:00",
        "status": group.status,
        "publication": group.publication,
        "last_confirmed": group.last_confirmed.isoformat(),
        "facilitators": [user.pk for user in group.facilitators.all()],
        "contact_email": "",
        # The breaks inline: none.
        "breaks-TOTAL_FORMS": "0",
        "breaks-INITIAL_FORMS": "0",
    }
    return data | changes


def test_saving_a_group_through_the_admin(admin_client, group):
    url = reverse("admin:groups_group_change", args=[group.pk])

    response = admin_client.post(url, group_form_data(group, locality="Renens", postcode="1020"))

    assert response.status_code == 302, response.context["adminform"].form.errors
    group.refresh_from_db()
    assert (group.locality, group.postcode) == ("Renens", "1020")


def test_the_admin_ticks_meeting_languages_and_keeps_the_descriptions_first(admin_client, group):
    url = reverse("admin:groups_group_change", args=[group.pk])
    page = admin_client.get(url).content.decode()
    assert 'type="checkbox" name="languages" value="it"' in page

    data = group_form_data(group, description_language="de", languages=["fr", "de", "it"])
    response = admin_client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    group.refresh_from_db()
    assert group.languages == ["de", "fr", "it"]


def test_the_group_form_enforces_the_place_rule(admin_client, group):
    url = reverse("admin:groups_group_change", args=[group.pk])

    response = admin_client.post(url, group_form_data(group, format=Format.HYBRID, canton=""))

    assert response.status_code == 200
    assert response.context["adminform"].form.errors


def test_theme_add_and_change_forms_render_with_language_tabs(admin_client):
    theme = ThemeFactory()
    response = admin_client.get(reverse("admin:groups_theme_add"))
    assert response.status_code == 200
    page = response.content.decode()
    for language in ("fr", "de", "it", "en"):
        assert f'name="name_{language}"' in page
        assert f'name="synonyms_{language}"' in page
    assert (
        admin_client.get(reverse("admin:groups_theme_change", args=[theme.pk])).status_code == 200
    )


@pytest.mark.parametrize("model", ["theme", "centre", "canton", "group"])
def test_the_admin_forms_load_nothing_from_elsewhere(admin_client, model):
    page = admin_client.get(reverse(f"admin:groups_{model}_add")).content.decode()
    assert 'src="//' not in page
    assert 'src="http' not in page
    assert 'href="//' not in page


def test_saving_a_theme_with_all_four_names(admin_client):
    health = CategoryFactory()
    data = {
        "slug": "sleep-disorders",
        "parent": health.pk,
        "name_fr": "Troubles du sommeil",
        "name_de": "Schlafstörungen",
        "name_it": "Disturbi del sonno",
        "name_en": "Sleep disorders",
        "synonyms_fr": "insomnie",
        "synonyms_de": "Schlaflosigkeit",
        "is_rare": "on",
    }
    for language in ("fr", "de", "it", "en"):
        data.setdefault(f"description_{language}", "")
        data.setdefault(f"synonyms_{language}", "")

    response = admin_client.post(reverse("admin:groups_theme_add"), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    theme = Theme.objects.get(slug="sleep-disorders")
    assert (theme.name_fr, theme.name_de, theme.name_it, theme.name_en) == (
        "Troubles du sommeil",
        "Schlafstörungen",
        "Disturbi del sonno",
        "Sleep disorders",
    )
    assert theme.parent == health
    assert theme.is_rare
    assert theme.synonym_list("de") == ["Schlaflosigkeit"]


def test_a_theme_form_without_every_name_is_refused(admin_client):
    data = {"slug": "nameless", "name_en": "Nameless", "name_fr": "Sans nom"}

    response = admin_client.post(reverse("admin:groups_theme_add"), data)

    assert response.status_code == 200
    assert {"name_de", "name_it"} <= set(response.context["adminform"].form.errors)
    assert not Theme.objects.filter(slug="nameless").exists()


def test_centre_and_canton_forms_render(admin_client):
    centre = CentreFactory()
    canton = CantonFactory()
    for url in (
        reverse("admin:groups_centre_add"),
        reverse("admin:groups_centre_change", args=[centre.pk]),
        reverse("admin:groups_canton_change", args=[canton.pk]),
    ):
        assert admin_client.get(url).status_code == 200


def test_autocomplete_finds_themes_for_the_group_form(admin_client):
    ThemeFactory(name_en="Diabetes", name_de="Diabetes mellitus", synonyms_fr="glycémie")
    url = reverse("admin:autocomplete")
    params = {"app_label": "groups", "model_name": "group", "field_name": "themes"}

    response = admin_client.get(url, params | {"term": "glycémie"})

    assert response.status_code == 200
    assert [result["text"] for result in response.json()["results"]] == ["Diabetes"]


# --- Personal data ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("model_name", "factory"),
    [("joinrequest", JoinRequestFactory), ("contactmessage", ContactMessageFactory)],
)
def test_personal_data_is_read_only_and_says_so(admin_client, model_name, factory):
    row = factory()

    listing = admin_client.get(changelist(model_name))
    assert "Personal data" in listing.content.decode()
    assert admin_client.get(reverse(f"admin:groups_{model_name}_add")).status_code == 403
    response = admin_client.get(reverse(f"admin:groups_{model_name}_change", args=[row.pk]))
    assert response.status_code == 200
    assert not response.context["has_change_permission"]


def test_join_requests_are_found_by_group_name(admin_client):
    wanted = JoinRequestFactory(group=GroupFactory(name="Proches aidants Lausanne"))
    JoinRequestFactory()

    response = admin_client.get(changelist("joinrequest"), {"q": "aidants"})

    assert shown(response) == {wanted}


def test_contact_messages_filter_by_delivery(admin_client):
    from post_office.models import STATUS, Email

    def with_email(status):
        message = ContactMessageFactory()
        message.emails.add(
            Email.objects.create(from_email="a@example.org", to=["f@example.org"], status=status)
        )
        return message

    failed, waiting, sent = (
        with_email(STATUS.failed),
        with_email(STATUS.requeued),
        with_email(STATUS.sent),
    )
    for value, expected in [("failed", failed), ("waiting", waiting), ("sent", sent)]:
        response = admin_client.get(changelist("contactmessage"), {"delivery": value})
        assert shown(response) == {expected}
    assert "1 failed" in admin_client.get(changelist("contactmessage")).content.decode()


# --- Users and access ---------------------------------------------------------------------------


def test_an_admin_adds_a_user_by_email(admin_client):
    response = admin_client.post(
        reverse("admin:accounts_user_add"),
        {
            "email": "new.staff@example.org",
            "usable_password": "true",
            "password1": "a-long-and-unusual-passphrase",
            "password2": "a-long-and-unusual-passphrase",
        },
    )

    assert response.status_code == 302
    user = User.objects.get(email="new.staff@example.org")
    assert user.check_password("a-long-and-unusual-passphrase")
    change = admin_client.get(reverse("admin:accounts_user_change", args=[user.pk]))
    assert change.status_code == 200


@pytest.mark.parametrize("url_name", ["admin:index", "admin:groups_group_changelist"])
def test_a_member_who_is_not_staff_is_sent_to_the_login(client, member, url_name):
    client.force_login(member)

    response = client.get(reverse(url_name))

    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_an_anonymous_visitor_is_sent_to_the_login(client):
    response = client.get(changelist("group"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


# --- The index: what curators look at first ----------------------------------------------------


def test_the_admin_index_counts_the_work_and_links_to_it(admin_client):
    from post_office.models import STATUS, Email

    GroupFactory(name="Fresh", last_confirmed=days_ago(30))
    GroupFactory(name="Flagged", last_confirmed=days_ago(400))
    hidden = GroupFactory(name="Hidden", last_confirmed=days_ago(600))
    GroupFactory(name="Old draft", last_confirmed=days_ago(600), publication=Publication.DRAFT)
    sender = "selfhelp@example.org"
    Email.objects.create(from_email=sender, to=["a@example.org"], status=STATUS.failed)
    Email.objects.create(from_email=sender, to=["b@example.org"], status=STATUS.sent)
    proposed = ProposedChange.objects.create(group=hidden, name="Nouveau nom")
    ProposedChange.objects.create(group=hidden, name="Ancien", state=Review.DECLINED)

    html = admin_client.get(reverse("admin:index")).content.decode()

    rows = {
        label: (int(count), url)
        for url, label, count in re.findall(
            r'<th scope="row"><a href="([^"]+)">([^<]+)</a></th>\s*<td>(\d+)</td>', html
        )
    }
    assert {label: count for label, (count, _url) in rows.items()} == {
        "Names and themes proposed by facilitators, to review": 1,
        "Reports of outdated information, to handle": 0,
        "Listings not confirmed for over 12 months": 1,
        "Listings hidden: not confirmed for over 18 months": 1,  # the draft is not a listing
        "Emails that could not be sent": 1,
    }
    hidden_url = rows["Listings hidden: not confirmed for over 18 months"][1].replace("&amp;", "&")
    assert shown(admin_client.get(hidden_url)) == {hidden}
    proposals_url = rows["Names and themes proposed by facilitators, to review"][1]
    proposals = admin_client.get(proposals_url.replace("&amp;", "&"))
    assert list(proposals.context["cl"].result_list) == [proposed]
    failed_url = rows["Emails that could not be sent"][1].replace("&amp;", "&")
    assert admin_client.get(failed_url).status_code == 200


def test_the_admin_speaks_the_curators_language(admin_client):
    with translation.override("de"):
        html = admin_client.get(reverse("admin:index")).content.decode()
    assert "Selfhelp-Verwaltung" in html and "Django" not in html.split("<body", 1)[1]
    assert "Zu prüfen" in html


def index_labels(client, language):
    """The admin index's section names and model names, in `language`."""
    with translation.override(language):
        html = client.get(reverse("admin:index")).content.decode()
    apps = html.split('id="content-main"', 1)[1].split('id="curation-work"', 1)[-1]
    sections = re.findall(r"<caption>\s*<a [^>]*>([^<]+)</a>", apps)
    models = re.findall(r'<th scope="row"[^>]*>\s*<a [^>]*>([^<]+)</a>', apps)
    return sections, models


@pytest.mark.parametrize("language", ["fr", "de", "it"])
def test_every_section_and_model_of_the_admin_is_translated(admin_client, language):
    english_sections, english_models = index_labels(admin_client, "en")
    sections, models = index_labels(admin_client, language)

    assert len(sections) == len(set(sections)) == len(english_sections) >= 5
    # No section called as another, e.g. Django's groups of permissions beside the groups.
    assert "Groups" not in english_sections and "Groups" in english_models
    assert english_models.count("Groups") == 1
    # Third-party models too (allauth's, django-post-office's): only the words that are
    # spelt alike in English stay alike.
    alike = {"Cantons", "Centres", "Pages"}
    assert {
        label for label in sections + models if label in english_sections + english_models
    } <= alike
