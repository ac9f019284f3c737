"""Near the visitor: places with coordinates, distances, the radius, "near me", the time of day,
the next meeting first, and the visitor's language first among equally good matches."""

import datetime
import gzip

import pytest
from django.core.management import call_command
from django.utils import translation

from groups.models import Format, Frequency, time_of_day
from groups.search import places
from groups.search.filters import DEFAULT_RADIUS
from groups.search.index import GroupIndex
from selfhelp.checks import cache_is_the_database
from tests.factories import CantonFactory, CategoryFactory, GroupFactory, ThemeFactory

pytestmark = pytest.mark.django_db

PULLY = places.resolve("Pully")
LAUSANNE = places.by_postcode("1003")


def url(language="fr"):
    with translation.override(language):
        from django.urls import reverse

        return reverse("groups:list")


def names(response):
    return [group.name for group in response.context["page"].object_list]


@pytest.fixture
def vaud():
    return CantonFactory(code="VD", name_fr="Vaud")


def in_place(name, postcode, locality, canton, **fields):
    return GroupFactory(name=name, postcode=postcode, locality=locality, canton=canton, **fields)


# ---- Places --------------------------------------------------------------------------------


def test_every_known_postcode_has_coordinates():
    from countrystatecity_postal_codes import get_postcodes_of_country

    known = {row.code for row in get_postcodes_of_country("CH") if row.stateCode}
    placed, total = places.coverage()
    assert placed == total == len(known)
    for postcode in known:
        place = places.by_postcode(postcode)
        assert place is not None and places.in_switzerland(*place.point), postcode


def test_pully_is_two_kilometres_from_lausanne():
    assert round(places.distance_km(PULLY.point, LAUSANNE.point)) == 2
    assert places.distance_km(PULLY.point, PULLY.point) == 0


def test_a_visitor_in_pully_sees_the_groups_of_lausanne_two_km_away(client, vaud):
    for n in range(7):
        in_place(f"Groupe lausannois {n}", "1003", "Lausanne", vaud)
    response = client.get(url(), {"postcode": "Pully"})
    assert response.context["page"].paginator.count == 7
    html = response.content.decode()
    assert html.count("2 km") == 7  # "2 km away" on each card
    assert "1009 Pully (VD)" in html


def test_the_list_orders_by_distance_and_the_radius_keeps_those_within(client, vaud):
    vevey = in_place("Groupe de Vevey", "1800", "Vevey", vaud)
    in_place("Groupe de Lausanne", "1003", "Lausanne", vaud)
    in_place("Groupe de Morges", "1110", "Morges", vaud)
    in_place("Groupe de Genève", "1201", "Genève", CantonFactory(code="GE"))
    response = client.get(url(), {"postcode": "1009", "radius": "50"})
    expected = sorted(
        response.context["page"].object_list,
        key=lambda g: places.distance_km(PULLY.point, places.point_of(g.postcode, g.locality)),
    )
    assert names(response) == [group.name for group in expected]
    assert names(response)[0] == "Groupe de Lausanne"
    assert response.context["sort"] == "distance"
    # The radius at its boundary: Vevey is d km from Pully; within floor(d) it is out, within
    # ceil(d) it is in.
    distance = places.distance_km(PULLY.point, places.point_of("1800", "Vevey"))
    inside = client.get(url(), {"postcode": "1009", "radius": str(int(distance) + 1)})
    outside = client.get(url(), {"postcode": "1009", "radius": str(int(distance))})
    assert vevey.name in names(inside)
    assert vevey.name not in names(outside)


def test_a_radius_equal_to_the_distance_keeps_the_group(vaud):
    in_place("Groupe de Vevey", "1800", "Vevey", vaud)
    from groups.search import index

    current = index.current()
    distance = places.distance_km(PULLY.point, places.point_of("1800", "Vevey"))
    assert len(current.within(PULLY.point, distance)) == 1
    assert len(current.within(PULLY.point, distance - 0.01)) == 0


def test_without_a_radius_a_place_keeps_ten_km(client, vaud):
    in_place("Groupe de Lausanne", "1003", "Lausanne", vaud)
    in_place("Groupe de Vevey", "1800", "Vevey", vaud)  # 17 km from Lausanne
    assert DEFAULT_RADIUS == 10
    assert names(client.get(url(), {"postcode": "1003"})) == ["Groupe de Lausanne"]


def test_online_groups_come_after_the_in_person_ones_clearly_marked(client, vaud):
    GroupFactory(name="Aaa en ligne", format=Format.ONLINE, canton=None, postcode="", locality="")
    in_place("Zzz à Lausanne", "1003", "Lausanne", vaud)
    response = client.get(url("en"), {"postcode": "1009"})
    assert names(response) == ["Zzz à Lausanne", "Aaa en ligne"]
    assert "Online: from wherever you are" in response.content.decode()


def test_near_me_sends_a_rounded_position(client, vaud):
    in_place("Groupe de Lausanne", "1003", "Lausanne", vaud)
    in_place("Groupe de Genève", "1201", "Genève", CantonFactory(code="GE"))
    response = client.get(url(), {"near": "46.51,6.66"})
    assert names(response) == ["Groupe de Lausanne"]
    assert response.context["sort"] == "distance"
    assert "Près de vous" in response.content.decode()
    # A more precise position (a hand-made link) goes to the rounded address at once: no page
    # holds it, no cache keeps it.
    precise = client.get(url(), {"near": "46.510271,6.661834", "theme": ""})
    assert precise.status_code == 302
    assert precise["Location"] == f"{url()}?near=46.51%2C6.66&theme="


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("near", "abc"),
        ("near", "46.5"),
        ("near", "91,200"),
        ("near", "52.52,13.40"),  # Berlin: not a place of this directory
        ("near", "46.5,6.6,1"),
        ("near", "1e400,6"),
        ("radius", "0"),
        ("radius", "-5"),
        ("radius", "abc"),
        ("radius", "5.5"),
        ("radius", "1000"),
        ("radius", "9" * 400),
        ("time", "night"),
        ("time", ""),
        ("sort", "distance"),  # no place: the natural order
    ],
)
def test_malformed_place_time_and_sort_values_are_ignored_politely(client, vaud, name, value):
    in_place("Groupe de Lausanne", "1003", "Lausanne", vaud)
    params = {name: value, "postcode": "1003"} if name == "radius" else {name: value}
    response = client.get(url("en"), params)
    assert response.status_code == 200
    assert names(response) == ["Groupe de Lausanne"]
    if value and name != "sort":
        assert "We did not recognise the" in response.content.decode()


# ---- Time of day and the next meeting --------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "part"),
    [
        (datetime.time(0, 0), "morning"),
        (datetime.time(11, 59), "morning"),
        (datetime.time(12, 0), "afternoon"),
        (datetime.time(17, 59), "afternoon"),
        (datetime.time(18, 0), "evening"),
        (datetime.time(23, 59), "evening"),
        (None, ""),
    ],
)
def test_the_time_of_day_at_its_boundaries(client, vaud, start, part):
    assert time_of_day(start) == part
    in_place("Le groupe", "1003", "Lausanne", vaud, start_time=start, end_time=None)
    for other in ("morning", "afternoon", "evening"):
        shown = names(client.get(url(), {"time": other}))
        assert shown == (["Le groupe"] if other == part else [])


def test_sort_next_puts_the_soonest_meeting_first(client, vaud, monkeypatch):
    today = datetime.date(2026, 12, 2)  # a Wednesday
    monkeypatch.setattr("groups.views.search.timezone.localdate", lambda: today)

    def group(name, frequency, weekday, start, week=""):
        return in_place(
            name,
            "1003",
            "Lausanne",
            vaud,
            frequency=frequency,
            weekday=weekday,
            week_of_month=week,
            start_time=start,
            end_time=None,
        )

    group("A irregular", Frequency.IRREGULAR, "", datetime.time(9))
    group("B every two weeks", Frequency.EVERY_TWO_WEEKS, "wed", datetime.time(9))
    group("C monday", Frequency.WEEKLY, "mon", datetime.time(9))  # 7 December
    group("D thursday evening", Frequency.WEEKLY, "thu", datetime.time(19))  # 3 December
    group("E thursday morning", Frequency.WEEKLY, "thu", datetime.time(10))
    group("F first friday", Frequency.MONTHLY, "fri", datetime.time(9), week="1")  # 4 December
    group("G today", Frequency.WEEKLY, "wed", datetime.time(20))
    response = client.get(url(), {"sort": "next"})
    assert names(response) == [
        "G today",
        "E thursday morning",
        "D thursday evening",
        "F first friday",
        "C monday",
        "A irregular",  # no date the schedule fixes: after the others, by name
        "B every two weeks",
    ]


# ---- Relevance: the visitor's language first ---------------------------------------------


def test_among_equally_good_matches_the_visitors_language_comes_first(client, vaud):
    grief = CategoryFactory(slug="grief", name_fr="Deuil", name_de="Trauer", name_en="Grief")
    theme = ThemeFactory(slug="loss", parent=grief, name_fr="Perte", name_de="Verlust")
    basel = CantonFactory(code="BS")
    in_place("Gruppe A", "4051", "Basel", basel, themes=[theme], languages=["de"])
    in_place("Groupe B", "1003", "Lausanne", vaud, themes=[theme], languages=["fr"])
    assert names(client.get(url("fr"), {"q": "deuil"})) == ["Groupe B", "Gruppe A"]
    assert names(client.get(url("de"), {"q": "deuil"})) == ["Gruppe A", "Groupe B"]
    # Then the nearer one, when a place is given and the language does not decide.
    in_place("Groupe C", "1110", "Morges", vaud, themes=[theme])
    near_morges = client.get(url("fr"), {"q": "deuil", "postcode": "1110", "radius": "5"})
    assert names(near_morges) == ["Groupe C"]
    around = client.get(url("fr"), {"q": "deuil", "postcode": "1110", "radius": "50"})
    assert names(around) == ["Groupe C", "Groupe B"]  # Morges, then Lausanne


def test_a_better_match_stays_before_the_visitors_language(client, vaud):
    theme = ThemeFactory(slug="loss", name_fr="Perte", name_de="Verlust")
    in_place("Trauer Trauer Gruppe", "1003", "Lausanne", vaud, themes=[theme], languages=["de"])
    in_place("Groupe Z", "1003", "Lausanne", vaud, themes=[theme], languages=["fr"])
    GroupFactory(name="Groupe Y", themes=[theme], description="Trauer", languages=["fr"])
    assert names(client.get(url("fr"), {"q": "trauer"}))[0] == "Trauer Trauer Gruppe"


# ---- Speed and weight ----------------------------------------------------------------------

# The version of the index of groups, then the page's groups with their themes in one query
# (groups.cards): whatever the filters, the place, the order and the number of groups. After an
# edit, the first request rebuilds the index (INDEX_QUERIES more); the first search for some
# words in a version asks the database for their matches (TEXT_QUERIES more: the themes they
# may name, the matching groups).
# (The version is read from the cache: a query with the database cache, none with Redis.)
VERSION_QUERIES = 1 if cache_is_the_database("default") else 0
LIST_QUERIES = 1 + VERSION_QUERIES
INDEX_QUERIES = 6
TEXT_QUERIES = 2


@pytest.mark.parametrize(
    ("params", "text"),
    [
        ({}, 0),
        ({"q": "parole"}, TEXT_QUERIES),
        ({"postcode": "1009", "radius": "25", "time": "evening", "sort": "next"}, 0),
        ({"canton": "VD", "status": "open", "format": "in_person", "sort": "newest"}, 0),
    ],
)
def test_query_counts_are_pinned_on_1_and_on_50_groups(
    client, vaud, params, text, django_assert_num_queries
):
    for count in (1, 49):
        GroupFactory.create_batch(count, canton=vaud, start_time=datetime.time(19))
        with django_assert_num_queries(LIST_QUERIES + INDEX_QUERIES + text):
            client.get(url(), params)
        with django_assert_num_queries(LIST_QUERIES):
            response = client.get(url(), params)
        assert response.context["page"].paginator.count == (1 if count == 1 else 50)


def test_the_list_page_is_compressed_and_under_20_kb(client):
    call_command("load_reference_data", stdout=open("/dev/null", "w"))  # noqa: SIM115
    for _ in range(25):
        GroupFactory(canton=CantonFactory(code="VD"), description="x" * 400)
    response = client.get(url(), HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
    html = gzip.decompress(response.content)
    assert b"<h1>" in html and len(response.content) < 20_000, len(response.content)


def test_an_index_over_no_groups_answers_everything():
    empty = GroupIndex("v", [], [], [])
    assert empty.size == 0 and len(empty.within(PULLY.point, 10)) == 0
    assert empty.page(empty.all, None, 0, 20) == []


def test_the_committed_places_file_is_what_its_sources_give():
    from io import StringIO

    out = StringIO()
    call_command("build_places", "--check", stdout=out)
    assert "Current. 4057 localities of 3181 postcodes" in out.getvalue()
