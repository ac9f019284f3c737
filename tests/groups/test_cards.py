"""The card of a group in every list (groups.cards): what it says, in the visitor's language."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from groups.models import Audience, Format, MembershipStatus
from tests.factories import CantonFactory, CategoryFactory, GroupFactory, ThemeFactory

pytestmark = pytest.mark.django_db


def list_page(client, language="fr", **params):
    with translation.override(language):
        return client.get(reverse("groups:list"), params).content.decode()


def card_of(html, name):
    """The markup of the card whose heading links to `name`."""
    for card in re.findall(r'<article class="group-card".*?</article>', html, re.S):
        if f">{name}</a>" in card:
            return card
    raise AssertionError(f"no card for {name!r}")


def text(markup):
    return " ".join(re.sub(r"<[^>]+>", " ", markup).split())


@pytest.fixture
def themes():
    health = CategoryFactory(slug="mental-health", name_fr="Santé psychique", name_de="Psyche")
    return [
        ThemeFactory(slug="zz-last", parent=health, name_fr="Zèbre", name_de="Zebra"),
        ThemeFactory(slug="aa-first", parent=health, name_fr="Abeille", name_de="Biene"),
    ]


def test_a_card_says_what_where_when_for_whom_and_whether_it_is_open(client, themes):
    vaud = CantonFactory(code="VD")
    group = GroupFactory(
        name="Groupe deuil Lausanne",
        themes=themes,
        canton=vaud,
        audience=Audience.RELATIVES,
        status=MembershipStatus.FULL,
    )
    card = card_of(list_page(client), "Groupe deuil Lausanne")
    assert f'href="{group.get_absolute_url()}"' in card
    # Themes in the order of their slugs, as the group's page lists them.
    assert "Abeille · Zèbre" in card
    assert "Où Lausanne (VD)" in text(card)
    assert "Quand Le deuxième mardi du mois, 19:00–21:00" in text(card)
    assert "Pour qui Proches et amis" in text(card)
    assert 'class="group-card__status status status--full">Complet<' in card
    assert "group-card__distance" not in card  # no place given, no distance


def test_a_card_in_german_names_its_themes_in_german(client, themes):
    GroupFactory(name="Trauergruppe", themes=themes, languages=["de"])
    card = card_of(list_page(client, "de"), "Trauergruppe")
    assert "Biene · Zebra" in card
    assert "Wo Lausanne" in text(card)


def test_online_and_hybrid_groups_say_so(client, themes):
    GroupFactory(name="En ligne", themes=themes, format=Format.ONLINE)
    GroupFactory(name="Hybride", themes=themes, format=Format.HYBRID)
    html = list_page(client)
    assert "Où En ligne" in text(card_of(html, "En ligne"))
    assert "Lausanne" not in card_of(html, "En ligne")
    assert "aussi en ligne" in text(card_of(html, "Hybride"))


def test_a_card_with_a_place_given_says_how_far(client, themes):
    GroupFactory(name="Près", themes=themes, canton=CantonFactory(code="VD"))
    card = card_of(list_page(client, postcode="1009"), "Près")
    assert '<p class="group-card__distance">à 2 km</p>' in card  # Pully to Lausanne


def test_what_a_facilitator_typed_is_escaped(client, themes):
    GroupFactory(name="<script>alert(1)</script> & Co", themes=themes, locality="<b>Ville</b>")
    html = list_page(client)
    assert "<script>alert(1)</script>" not in html
    card = card_of(html, "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co")
    assert "&lt;b&gt;Ville&lt;/b&gt;" in card
