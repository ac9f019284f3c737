"""The demo data command: plausible, valid, regional, deterministic groups, written in bulk."""

import datetime
import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from groups.demo import bulk_indexing
from groups.demo.generate import generate_demo_groups
from groups.demo.geography import swiss_places
from groups.models import (
    Audience,
    Format,
    Frequency,
    Group,
    JoinRequest,
    LedBy,
    MembershipStatus,
    Publication,
    Theme,
)
from tests.factories import (
    CantonFactory,
    CategoryFactory,
    CentreFactory,
    GroupFactory,
    JoinRequestFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db

THEMES = [
    # slug, fr, de, it
    ("grief", "Deuil", "Trauer", "Lutto"),
    ("depression", "Dépression", "Depression", "Depressione"),
    ("dementia", "Démence", "Demenz", "Demenza"),
    ("alcohol", "Alcool", "Alkohol", "Alcol"),
    ("burnout", "Épuisement professionnel", "Erschöpfung im Beruf", "Esaurimento"),
    ("adhd", "TDAH", "ADHS", "ADHD"),
]
CANTONS = ["VD", "GE", "ZH", "BE", "TI", "FR"]


@pytest.fixture
def reference():
    """A small reference set of our own: cantons of every language region, two categories,
    themes named in every language, centres serving some cantons."""
    cantons = {code: CantonFactory(code=code) for code in CANTONS}
    health = CategoryFactory(slug="health")
    life = CategoryFactory(slug="life")
    for index, (slug, fr, de, it) in enumerate(THEMES):
        ThemeFactory(
            slug=slug,
            parent=health if index % 2 else life,
            name_en=slug,
            name_fr=fr,
            name_de=de,
            name_it=it,
        )
    # Alone in its category, so it is never a group's second theme.
    ThemeFactory(
        slug="dementia-carers",
        parent=CategoryFactory(slug="carers"),
        name_en="Relatives of people with dementia",
        name_fr="Proches de personnes atteintes de démence",
        name_de="Angehörige von Menschen mit Demenz",
        name_it="Familiari di persone con demenza",
    )
    romandie = CentreFactory(slug="romandie", languages=["fr"])
    romandie.cantons.set([cantons["VD"], cantons["GE"], cantons["FR"]])
    zurich = CentreFactory(slug="zurich", languages=["de"])
    zurich.cantons.set([cantons["ZH"]])
    bern = CentreFactory(slug="bern", languages=["de", "fr"])
    bern.cantons.set([cantons["BE"], cantons["FR"]])
    ticino = CentreFactory(slug="ticino", languages=["it"])
    ticino.cantons.set([cantons["TI"]])
    return cantons


def load(**options):
    out = StringIO()
    call_command("load_demo_data", stdout=out, stderr=StringIO(), **options)
    return out.getvalue()


def demo_groups():
    return (
        Group.objects.demo()
        .select_related("canton", "centre")
        .prefetch_related("themes", "centre__cantons")
    )


def test_creates_the_requested_number_of_demo_groups(reference):
    output = load(count=60)

    assert Group.objects.count() == 60
    assert Group.objects.filter(is_demo=False).count() == 0
    assert "Created 60 demo groups" in output


def test_default_is_450_groups_with_some_meeting_in_two_languages(reference):
    load()

    groups = list(demo_groups())
    assert len(groups) == 450
    assert any(len(group.languages) == 2 for group in groups)
    assert {"fr", "de"} in [set(group.languages) for group in groups]


def test_each_group_is_written_in_the_language_of_its_region(reference):
    load(count=200)

    expected = {"VD": {"fr"}, "GE": {"fr"}, "ZH": {"de"}, "TI": {"it"}, "FR": {"fr", "de"}}
    seen = set()
    for group in demo_groups():
        language = group.languages[0]
        if group.canton and group.canton.code in expected:
            assert language in expected[group.canton.code], (group.canton.code, group.name)
            seen.add(group.canton.code)
        # The name and the description speak of the theme in the group's language.
        names = [getattr(theme, f"name_{language}") for theme in group.themes.all()]
        assert any(name in group.name for name in names), group.name
        assert any(name in group.description for name in names), group.description
    assert seen == set(expected)


def test_a_theme_naming_the_relatives_makes_a_group_for_them(reference):
    load(count=200)

    groups = Group.objects.filter(themes__slug="dementia-carers")
    assert groups.exists()
    # Not "relatives of the relatives of people with dementia".
    assert set(groups.values_list("audience", flat=True)) == {Audience.AFFECTED}


def test_french_description_reads_as_french(reference):
    load(count=100)

    group = Group.objects.filter(canton__code="VD").first()
    assert re.search(r"\b(groupe|rencontres?|proches|personnes)\b", group.description, re.I)
    group = Group.objects.filter(canton__code="ZH").first()
    assert re.search(r"\b(Gruppe|Treffen|Angehörige|Betroffene)\b", group.description)


def test_groups_meet_in_real_localities_of_their_canton(reference):
    load(count=200)

    places = swiss_places()
    for group in demo_groups():
        if group.format == Format.ONLINE:
            assert (group.canton, group.postcode, group.locality, group.meeting_place) == (
                None,
                "",
                "",
                "",
            )
            continue
        known = {(place.postcode, place.locality) for place in places[group.canton.code]}
        assert (group.postcode, group.locality) in known
        # The Post's suffixes ("Lausanne 25", "Renens VD") are not shown.
        assert not re.search(r"\s(\d+|[A-Z]{2})$", group.locality)


def test_every_group_is_valid(reference):
    load(count=150)

    groups = list(Group.objects.demo())
    for group in groups[::5]:
        group.full_clean()
    for group in groups:
        if group.frequency == Frequency.IRREGULAR:
            assert group.weekday == ""
        else:
            assert group.weekday
        assert bool(group.week_of_month) == (group.frequency == Frequency.MONTHLY)
        if group.start_time and group.end_time:
            assert group.end_time > group.start_time
        # Sentences end with . or ? (a locality such as "St. Gallen" is not an end).
        text = (
            group.description.replace(group.locality, "") if group.locality else group.description
        )
        assert 2 <= len(re.findall(r"[.?!](?:\s|$)", text)) <= 4, group.description
        assert len(set(group.languages)) == len(group.languages)
    assert len({group.slug for group in groups}) == len(groups)


def test_covers_every_value_theme_and_canton(reference):
    load(count=200)

    groups = list(demo_groups())

    def values(attribute):
        return {getattr(group, attribute) for group in groups}

    assert values("format") == set(Format.values)
    assert values("audience") == set(Audience.values)
    assert values("led_by") == set(LedBy.values)
    assert values("status") == set(MembershipStatus.values)
    assert values("publication") == set(Publication.values)
    assert values("frequency") == set(Frequency.values)
    assert values("week_of_month") == {"", "1", "2", "3", "4", "last"}
    assert {group.canton.code for group in groups if group.canton} == set(CANTONS)
    used = {theme.slug for group in groups for theme in group.themes.all()}
    assert used == set(Theme.objects.leaves().values_list("slug", flat=True))
    published = sum(group.publication == Publication.PUBLISHED for group in groups)
    assert published > len(groups) * 0.7


def test_practical_details_look_real(reference):
    load(count=200)

    groups = list(demo_groups())
    today = timezone.localdate()
    confirmed = [group.last_confirmed for group in groups if group.last_confirmed]
    assert min(confirmed) < today - datetime.timedelta(days=365)  # some are stale
    assert max(confirmed) > today - datetime.timedelta(days=90)
    assert all(today - date < datetime.timedelta(days=620) for date in confirmed)
    emails = [group.contact_email for group in groups if group.contact_email]
    assert emails and all(re.fullmatch(r"group\d+@example\.org", email) for email in emails)
    assert any(group.meeting_place for group in groups)
    assert any(group.accessibility for group in groups)
    assert any(group.schedule_note for group in groups)
    assert all(group.cost for group in groups)
    for group in groups:
        if group.centre and group.canton:
            assert group.canton in group.centre.cantons.all()
    assert sum(group.centre is not None for group in groups) > len(groups) / 2


def test_demo_groups_are_indexed_for_search_and_sorting(reference):
    load(count=30)

    assert not Group.objects.filter(search_vector__isnull=True).exists()
    assert not Group.objects.filter(sort_name="").exists()


@pytest.mark.django_db(transaction=True)
def test_large_sets_are_indexed_in_parallel_connections(reference, monkeypatch):
    monkeypatch.setattr(bulk_indexing, "REFRESH_CHUNK", 7)
    chunks = []
    refresh = bulk_indexing.refresh_in_own_connection
    monkeypatch.setattr(
        bulk_indexing,
        "refresh_in_own_connection",
        lambda ids: chunks.append(len(ids)) or refresh(ids),
    )

    generate_demo_groups(40, workers=2)

    assert chunks and sum(chunks) == 40 and max(chunks) == 7
    assert Group.objects.demo().count() == 40
    assert not Group.objects.filter(search_vector__isnull=True).exists()
    assert not Group.objects.filter(sort_name="").exists()


def snapshot():
    return list(
        Group.objects.demo()
        .order_by("ref")
        .values_list(
            "ref", "slug", "name", "description", "languages", "canton__code", "postcode",
            "locality", "format", "frequency", "weekday", "start_time", "last_confirmed",
            "centre__slug",
        )
    )  # fmt: skip


def test_same_seed_gives_the_same_groups(reference):
    load(count=40, seed=7)
    first = snapshot()
    load(remove=True)
    load(count=40, seed=7)

    assert snapshot() == first
    load(remove=True)
    load(count=40, seed=8)
    assert snapshot() != first


def test_a_second_run_adds_groups_with_new_references_and_slugs(reference):
    load(count=30)
    load(count=30)

    assert Group.objects.demo().count() == 60
    assert Group.objects.values("slug").distinct().count() == 60
    assert Group.objects.filter(ref="DEMO-0000060").exists()


def test_if_empty_does_nothing_when_any_group_exists(reference):
    GroupFactory(is_demo=False)

    load(if_empty=True, count=20)

    assert Group.objects.count() == 1


def test_if_empty_loads_into_an_empty_directory(reference):
    load(if_empty=True, count=20)

    assert Group.objects.demo().count() == 20


def test_remove_deletes_demo_groups_only(reference):
    real = GroupFactory(is_demo=False)
    load(count=25)
    demo = Group.objects.demo().first()
    JoinRequestFactory(group=demo)
    JoinRequestFactory(group=real)
    themes = Theme.objects.count()

    output = load(remove=True)

    assert "Removed 25 demo groups" in output
    assert list(Group.objects.all()) == [real]
    assert list(JoinRequest.objects.values_list("group", flat=True)) == [real.pk]
    assert Theme.objects.count() == themes


def test_stops_with_a_clear_message_without_reference_data():
    with pytest.raises(CommandError, match="load_reference_data") as excinfo:
        load(count=10)

    assert excinfo.value.returncode == 1
    assert Group.objects.count() == 0


def test_stops_without_themes_even_with_cantons():
    CantonFactory(code="VD")

    with pytest.raises(CommandError, match="load_reference_data"):
        load(count=10)


def count_queries(**options):
    with CaptureQueriesContext(connection) as queries:
        load(**options)
    return [query["sql"] for query in queries.captured_queries]


def test_query_count_does_not_grow_with_the_number_of_groups(reference):
    small = count_queries(count=20, seed=1)
    large = count_queries(count=200, seed=2)

    assert len(large) == len(small)
    assert sum(sql.startswith("COPY") for sql in large) == 1


def test_query_count_grows_only_with_the_number_of_batches(reference):
    one_batch = count_queries(count=50, batch_size=50, seed=1)
    two_batches = count_queries(count=100, batch_size=50, seed=2)
    five_batches = count_queries(count=250, batch_size=50, seed=3)

    per_batch = len(two_batches) - len(one_batch)
    assert 0 < per_batch <= 5
    assert len(five_batches) == len(one_batch) + 4 * per_batch
    assert Group.objects.demo().count() == 400


def test_every_demo_group_can_be_contacted(reference):
    from groups.models import Group

    generate_demo_groups(120, seed=5)
    unreachable = Group.objects.filter(is_demo=True, contact_email="", centre__isnull=True)
    assert not unreachable.exists()
    assert Group.objects.filter(is_demo=True, contact_email="").exists()  # centres relay the rest
