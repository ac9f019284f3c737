"""Browsing pages: themes A–Z, a theme, cantons, a canton, centres, a centre."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from groups.models import Format, Publication
from tests.factories import (
    CantonFactory,
    CategoryFactory,
    CentreFactory,
    GroupFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


def fr(message, *args):
    """The French text of a UI message: these pages are tested as French visitors see them."""
    with translation.override("fr"):
        if args:
            return translation.ngettext(message, *args) % {"counter": args[-1]}
        return translation.gettext(message)


def url(name, *args, language="fr"):
    with translation.override(language):
        return reverse(name, args=args)


def text_of(response):
    """The page's visible words, one space between them: what a reader sees."""
    html = re.sub(r"<[^>]+>", " ", response.content.decode())
    return re.sub(r"\s+", " ", html)


@pytest.fixture
def health():
    """A small taxonomy whose names need accent-aware sorting in French and German."""
    mental = CategoryFactory(
        slug="mental-health", name_fr="Santé psychique", name_de="Psychische Gesundheit"
    )
    body = CategoryFactory(slug="body", name_fr="Maladies du corps", name_de="Körper")
    themes = {
        "epilepsy": ThemeFactory(
            slug="epilepsy", parent=body, name_fr="Épilepsie", name_de="Epilepsie"
        ),
        "burnout": ThemeFactory(
            slug="burnout", parent=mental, name_fr="Surmenage", name_de="Überlastung"
        ),
        "depression": ThemeFactory(
            slug="depression",
            parent=mental,
            name_fr="Dépression",
            name_de="Depression",
            description_fr="Se sentir vide, sans élan, pendant des semaines.",
        ),
        "anxiety": ThemeFactory(slug="anxiety", parent=mental, name_fr="Anxiété", name_de="Angst"),
        "fatigue": ThemeFactory(
            slug="fatigue", parent=body, name_fr="Fatigue chronique", name_de="Erschöpfung"
        ),
        "rare": ThemeFactory(
            slug="huntington",
            parent=body,
            name_fr="Maladie de Huntington",
            name_de="Chorea Huntington",
            is_rare=True,
        ),
    }
    return {"mental": mental, "body": body, **themes}


def names_in_order(response):
    return [entry["name"] for _letter, entries in response.context["letters"] for entry in entries]


def assert_page_basics(response, title):
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<h1") == 1
    assert 'class="breadcrumbs"' in html and 'aria-current="page"' in html
    assert f"<title>{title}" in html


# ---- Themes A–Z -------------------------------------------------------------------------


def test_themes_are_in_french_alphabetical_order_accents_ignored(client, health):
    response = client.get(url("groups:theme_index"))
    assert_page_basics(response, fr("Themes A–Z"))
    assert names_in_order(response) == [
        "Anxiété",
        "Dépression",
        "Épilepsie",
        "Fatigue chronique",
        "Maladie de Huntington",
        "Maladies du corps",
        "Santé psychique",
        "Surmenage",
    ]
    letters = [letter for letter, _entries in response.context["letters"]]
    assert letters == ["A", "D", "E", "F", "M", "S"]


def test_themes_are_in_german_alphabetical_order_umlauts_among_their_letter(client, health):
    response = client.get(url("groups:theme_index", language="de"))
    assert names_in_order(response) == [
        "Angst",
        "Chorea Huntington",
        "Depression",
        "Epilepsie",
        "Erschöpfung",
        "Körper",
        "Psychische Gesundheit",
        "Überlastung",
    ]
    letters = dict(response.context["letters"])
    assert [entry["name"] for entry in letters["U"]] == ["Überlastung"]


def test_the_letter_index_jumps_to_letters_with_themes(client, health):
    html = client.get(url("groups:theme_index")).content.decode()
    assert 'href="#letter-E"' in html and 'id="letter-E"' in html
    # A letter without a theme is shown but is not a link to nowhere.
    assert 'href="#letter-Q"' not in html
    assert '<span aria-hidden="true">Q</span>' in html


def test_theme_counts_exclude_unpublished_groups(client, health):
    GroupFactory(themes=[health["depression"]])
    GroupFactory(themes=[health["depression"], health["anxiety"]])
    for publication in (Publication.DRAFT, Publication.PENDING, Publication.ARCHIVED):
        GroupFactory(themes=[health["depression"]], publication=publication)
    response = client.get(url("groups:theme_index"))
    counts = {
        entry["name"]: entry["count"]
        for _letter, entries in response.context["letters"]
        for entry in entries
    }
    assert counts["Dépression"] == 2
    assert counts["Anxiété"] == 1
    # A category counts each group of its themes once.
    assert counts["Santé psychique"] == 2
    assert counts["Épilepsie"] == 0
    assert fr("%(counter)s group", "%(counter)s groups", 2) in text_of(response)


def test_themes_by_category(client, health):
    GroupFactory(themes=[health["epilepsy"]])
    response = client.get(url("groups:theme_index"), {"by": "category"})
    categories = response.context["categories"]
    assert [c["theme"].name for c in categories] == ["Maladies du corps", "Santé psychique"]
    body = categories[0]
    assert [(c["theme"].name, c["count"]) for c in body["children"]] == [
        ("Épilepsie", 1),
        ("Fatigue chronique", 0),
        ("Maladie de Huntington", 0),
    ]
    assert body["count"] == 1
    assert response.content.decode().count("<h1") == 1


# ---- A theme -------------------------------------------------------------------------------


def test_a_theme_page_shows_its_groups_category_and_siblings(client, health):
    shown = GroupFactory(name="Parler de la déprime", themes=[health["depression"]])
    hidden = GroupFactory(
        name="Brouillon caché", themes=[health["depression"]], publication=Publication.DRAFT
    )
    elsewhere = GroupFactory(name="Autre thème", themes=[health["anxiety"]])
    response = client.get(url("groups:theme_detail", "depression"))
    assert_page_basics(response, "Dépression")
    html = response.content.decode()
    assert shown.name in html
    assert hidden.name not in html and elsewhere.name not in html
    assert "Se sentir vide, sans élan" in html
    assert f'href="{url("groups:theme_detail", "mental-health")}">Santé psychique</a>' in html
    assert f'href="{url("groups:list")}?theme=depression"' in html
    related = [theme.name for theme in response.context["related"]]
    assert related == ["Anxiété", "Surmenage"]
    assert fr("Rare condition") not in html


def test_a_category_page_lists_its_themes_and_all_their_groups(client, health):
    GroupFactory(name="Groupe dépression", themes=[health["depression"]])
    GroupFactory(name="Groupe anxiété", themes=[health["anxiety"]])
    GroupFactory(name="Groupe épilepsie", themes=[health["epilepsy"]])
    response = client.get(url("groups:theme_detail", "mental-health"))
    assert response.context["page"].paginator.count == 2
    subthemes = {t.name: t.group_count for t in response.context["subthemes"]}
    assert subthemes == {"Anxiété": 1, "Dépression": 1, "Surmenage": 0}
    assert "Groupe épilepsie" not in response.content.decode()


def test_a_rare_theme_says_so(client, health):
    response = client.get(url("groups:theme_detail", "huntington"))
    assert fr("Rare condition") in response.content.decode()


def test_a_theme_page_paginates_by_twenty(client, health):
    for _ in range(23):
        GroupFactory(themes=[health["depression"]])
    first = client.get(url("groups:theme_detail", "depression"))
    assert len(first.context["page"].object_list) == 20
    assert 'href="?page=2"' in first.content.decode()
    second = client.get(url("groups:theme_detail", "depression"), {"page": "2"})
    assert len(second.context["page"].object_list) == 3


def test_an_unknown_theme_is_a_404(client, health):
    assert client.get(url("groups:theme_detail", "no-such-theme")).status_code == 404


# ---- Cantons -------------------------------------------------------------------------------


@pytest.fixture
def cantons():
    names = {
        "ZH": ("Zurich", "Zürich"),
        "BS": ("Bâle-Ville", "Basel-Stadt"),
        "BE": ("Berne", "Bern"),
        "GE": ("Genève", "Genf"),
        "AG": ("Argovie", "Aargau"),
        "VD": ("Vaud", "Waadt"),
    }
    return {
        code: CantonFactory(code=code, name_fr=fr, name_de=de, name_en=de)
        for code, (fr, de) in names.items()
    }


def test_cantons_in_the_languages_alphabetical_order_with_counts(client, cantons):
    GroupFactory(canton=cantons["VD"])
    GroupFactory(canton=cantons["VD"], publication=Publication.DRAFT)
    GroupFactory(canton=cantons["GE"], postcode="1201", locality="Genève")
    response = client.get(url("groups:canton_index"))
    assert_page_basics(response, fr("Groups by canton"))
    listed = [(c.name, c.group_count) for c in response.context["cantons"]]
    assert listed == [
        ("Argovie", 0),
        ("Bâle-Ville", 0),
        ("Berne", 0),
        ("Genève", 1),
        ("Vaud", 1),
        ("Zurich", 0),
    ]
    german = client.get(url("groups:canton_index", language="de"))
    assert [c.name for c in german.context["cantons"]] == [
        "Aargau",
        "Basel-Stadt",
        "Bern",
        "Genf",
        "Waadt",
        "Zürich",
    ]
    assert f'href="{url("groups:canton_detail", "vd")}"' in response.content.decode()


def test_a_canton_page_shows_its_groups_centres_and_themes(client, cantons, health):
    centre = CentreFactory(
        slug="vaud", name_fr="Centre d'entraide Vaud", email="info@entraide-vd.example.org"
    )
    centre.cantons.add(cantons["VD"])
    GroupFactory(name="Deuil à Lausanne", canton=cantons["VD"], themes=[health["depression"]])
    GroupFactory(name="Angoisse à Morges", canton=cantons["VD"], themes=[health["anxiety"]])
    GroupFactory(name="Pas publié", canton=cantons["VD"], publication=Publication.DRAFT)
    GroupFactory(
        name="À Genève", canton=cantons["GE"], postcode="1201", themes=[health["epilepsy"]]
    )
    response = client.get(url("groups:canton_detail", "vd"))
    assert_page_basics(response, fr("Self-help groups in %(name)s") % {"name": "Vaud"})
    html = response.content.decode()
    assert "Deuil à Lausanne" in html and "Angoisse à Morges" in html
    assert "Pas publié" not in html and "À Genève" not in html
    assert 'href="mailto:info@entraide-vd.example.org"' in html
    assert f'href="{url("groups:list")}?canton=VD"' in html
    categories = response.context["categories"]
    assert [(c["theme"].slug, c["count"]) for c in categories] == [("mental-health", 2)]
    children = [(c["theme"].slug, c["count"]) for c in categories[0]["children"]]
    assert children == [("anxiety", 1), ("depression", 1)]


@pytest.mark.parametrize("code", ["VD", "Vd", "vD"])
def test_a_canton_code_in_capitals_redirects_to_lower_case(client, cantons, code):
    response = client.get(url("groups:canton_detail", code), {"page": "2"})
    assert response.status_code == 301
    assert response["Location"] == url("groups:canton_detail", "vd") + "?page=2"


@pytest.mark.parametrize("code", ["zz", "ZZ", "vaud", "v"])
def test_an_unknown_canton_is_a_404(client, cantons, code):
    assert client.get(url("groups:canton_detail", code)).status_code == 404


# ---- Centres -------------------------------------------------------------------------------


@pytest.fixture
def centre(cantons):
    centre = CentreFactory(
        slug="entraide-geneve",
        name_fr="Entraide Genève",
        name_de="Selbsthilfe Genf",
        description_fr="Le centre d'entraide du canton de Genève.",
        email="contact@entraide-ge.example.org",
        phone="022 000 00 00",
        street="Rue des Exemples 1",
        postcode="1201",
        locality="Genève",
        languages=["fr", "en"],
    )
    centre.cantons.add(cantons["GE"])
    return centre


def test_the_centre_list(client, centre, cantons):
    other = CentreFactory(slug="aargau", name_fr="Centre d'Argovie")
    other.cantons.add(cantons["AG"])
    GroupFactory(centre=centre, canton=cantons["GE"], postcode="1201", locality="Genève")
    GroupFactory(centre=centre, publication=Publication.DRAFT)
    response = client.get(url("groups:centre_index"))
    assert_page_basics(response, fr("Self-help centres"))
    listed = [(c.name, c.group_count) for c in response.context["centres"]]
    assert listed == [("Centre d'Argovie", 0), ("Entraide Genève", 1)]
    assert "Genève" in text_of(response)


def test_a_centre_page_shows_contact_cantons_languages_and_groups(client, centre, cantons):
    GroupFactory(name="Groupe soutenu", centre=centre, format=Format.ONLINE, canton=None)
    GroupFactory(name="Groupe brouillon", centre=centre, publication=Publication.DRAFT)
    GroupFactory(name="Groupe d'un autre centre")
    response = client.get(url("groups:centre_detail", "entraide-geneve"))
    assert_page_basics(response, "Entraide Genève")
    html = response.content.decode()
    assert "Le centre d&#x27;entraide du canton de Genève." in html
    assert 'href="mailto:contact@entraide-ge.example.org"' in html
    assert 'href="tel:0220000000"' in html
    assert "Rue des Exemples 1" in html
    assert f'href="{url("groups:canton_detail", "ge")}">Genève</a>' in html
    assert "Français, Anglais" in html  # Django's own names of the languages
    assert "Groupe soutenu" in html
    assert "Groupe brouillon" not in html and "Groupe d&#x27;un autre centre" not in html


def test_an_unknown_centre_is_a_404(client, centre):
    assert client.get(url("groups:centre_detail", "nowhere")).status_code == 404


# ---- A fixed number of queries, whatever the number of groups ------------------------------


PAGES = {
    "theme_index": ("groups:theme_index", [], ""),
    "theme_index_by_category": ("groups:theme_index", [], "?by=category"),
    "theme_detail": ("groups:theme_detail", ["depression"], ""),
    "category_detail": ("groups:theme_detail", ["mental-health"], ""),
    "canton_index": ("groups:canton_index", [], ""),
    "canton_detail": ("groups:canton_detail", ["ge"], ""),
    "centre_index": ("groups:centre_index", [], ""),
    "centre_detail": ("groups:centre_detail", ["entraide-geneve"], ""),
}


def make_groups(count, health, centre, cantons):
    for n in range(count):
        GroupFactory(
            themes=[health["depression"], health["anxiety" if n % 2 else "burnout"]],
            canton=cantons["GE"],
            postcode="1201",
            locality="Genève",
            centre=centre,
        )


@pytest.mark.parametrize("page", PAGES)
def test_query_count_does_not_grow_with_groups(
    client, health, centre, cantons, django_assert_num_queries, page
):
    name, args, query = PAGES[page]
    address = url(name, *args) + query
    make_groups(1, health, centre, cantons)
    with CaptureQueriesContext(connection) as one:
        assert client.get(address).status_code == 200
    make_groups(49, health, centre, cantons)  # 1 and then 50 groups
    with django_assert_num_queries(len(one)):
        response = client.get(address)
    assert response.status_code == 200
