"""A visitor's journey through the directory, and axe-core on every public page."""

import re

import pytest
from playwright.sync_api import expect

from tests.factories import (
    CantonFactory,
    CategoryFactory,
    CentreFactory,
    GroupFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


def restore_about_page():
    """Browser tests flush the database after each test, data migrations included."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module("selfhelp.migrations.0002_about_page")
    migration.create_about_page(apps, None)


@pytest.fixture
def directory():
    restore_about_page()
    category = CategoryFactory(
        slug="eating-disorders",
        name_fr="Troubles alimentaires",
        name_de="Essstörungen",
        name_it="Disturbi alimentari",
        name_en="Eating disorders",
    )
    bulimia = ThemeFactory(
        slug="bulimia",
        parent=category,
        name_fr="Boulimie",
        name_de="Bulimie",
        name_it="Bulimia",
        name_en="Bulimia",
    )
    vd = CantonFactory(code="VD", name_fr="Vaud", name_de="Waadt", name_it="Vaud", name_en="Vaud")
    ge = CantonFactory(
        code="GE", name_fr="Genève", name_de="Genf", name_it="Ginevra", name_en="Geneva"
    )
    centre = CentreFactory(slug="centre-vaud", name_fr="Centre d'entraide Vaud")
    centre.cantons.add(vd)
    lausanne = GroupFactory(
        name="Groupe boulimie Lausanne", themes=[bulimia], canton=vd, centre=centre
    )
    GroupFactory(
        name="Groupe boulimie Genève",
        themes=[bulimia],
        canton=ge,
        postcode="1201",
        locality="Genève",
    )
    return {"group": lausanne, "theme": bulimia, "canton": vd, "centre": centre}


def test_search_in_french_filter_by_canton_open_a_group_and_switch_to_german(page, directory):
    page.goto("/fr/groupes/")
    page.get_by_label("Rechercher", exact=False).first.fill("boulimie")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=2, name=re.compile("2 groupes"))).to_be_visible()

    page.get_by_label("Canton").select_option("VD")
    page.get_by_role("button", name="Afficher les groupes").click()
    expect(page.get_by_role("heading", level=2, name=re.compile("1 groupe"))).to_be_visible()
    expect(page).to_have_url(re.compile(r"canton=VD"))

    page.get_by_role("link", name="Groupe boulimie Lausanne").click()
    expect(page.locator("h1")).to_have_text("Groupe boulimie Lausanne")
    french_url = page.url

    page.get_by_role("navigation", name="Langue").get_by_role("link", name="Deutsch").click()
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page.locator("h1")).to_have_text("Groupe boulimie Lausanne")
    assert page.url != french_url and "/de/gruppen/" in page.url


PAGES = [
    ("home", "/{lang}/"),
    ("list", "/{lang}/{groups}/?q=boulimie&canton=VD"),
    ("themes", "/{lang}/{themes}/"),
    ("theme", "/{lang}/{themes}/bulimia/"),
    ("canton", "/{lang}/{cantons}/vd/"),
    ("group", "/{lang}/{groups}/{slug}/"),
    ("about", None),
]
SEGMENTS = {
    "fr": {"groups": "groupes", "themes": "themes", "cantons": "cantons"},
    "de": {"groups": "gruppen", "themes": "themen", "cantons": "kantone"},
}


@pytest.mark.parametrize("lang", ["fr", "de"])
@pytest.mark.parametrize(("name", "pattern"), PAGES)
def test_axe_finds_no_wcag_violation(page, axe, directory, lang, name, pattern):
    from django.urls import reverse
    from django.utils import translation

    if pattern is None:
        with translation.override(lang):
            path = reverse("about")
    else:
        path = pattern.format(lang=lang, slug=directory["group"].slug, **SEGMENTS[lang])
    response = page.goto(path)
    assert response.status == 200, path
    assert axe() == []
