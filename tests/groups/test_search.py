"""Search quality, on a small taxonomy of our own: what a visitor is promised:
accents, case, languages and small typos do not stand between them and a group."""

import pytest
from django.utils import translation

from groups.models import Group
from groups.search.text import MAX_QUERY_LENGTH, search_groups
from tests.factories import CantonFactory, CategoryFactory, GroupFactory, ThemeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def directory():
    eating = CategoryFactory(
        slug="eating-disorders",
        name_fr="Troubles alimentaires",
        name_de="Essstörungen",
        name_it="Disturbi alimentari",
        name_en="Eating disorders",
        synonyms_de="Essstörung",
    )
    bulimia = ThemeFactory(
        slug="bulimia",
        parent=eating,
        name_fr="Boulimie",
        name_de="Bulimie",
        name_it="Bulimia",
        name_en="Bulimia",
        synonyms_fr="boulimique",
        synonyms_de="Ess-Brech-Sucht",
    )
    loss = CategoryFactory(slug="loss", name_fr="Perte", name_de="Verlust", name_en="Loss")
    grief = ThemeFactory(
        slug="grief",
        parent=loss,
        name_fr="Deuil",
        name_de="Trauer",
        name_it="Lutto",
        name_en="Grief",
        synonyms_de="Trauerfall",
    )
    addiction = CategoryFactory(slug="addiction", name_fr="Addictions", name_de="Sucht")
    alcohol = ThemeFactory(
        slug="alcoholism",
        parent=addiction,
        name_fr="Alcoolisme",
        name_de="Alkoholabhängigkeit",
        name_it="Alcolismo",
        name_en="Alcoholism",
        synonyms_fr="alcool;alcoolique",
        synonyms_de="Alkohol;Alkoholsucht",
    )
    relatives = ThemeFactory(
        slug="relatives-addiction",
        parent=addiction,
        name_fr="Proches de personnes dépendantes",
        name_de="Angehörige von Suchtkranken",
        name_it="Familiari di persone dipendenti",
        name_en="Relatives of people with an addiction",
        synonyms_de="Angehörige Sucht;Angehörigengruppe Sucht",
    )
    mental = CategoryFactory(slug="mental-health", name_fr="Santé psychique", name_de="Psyche")
    depression = ThemeFactory(
        slug="depression",
        parent=mental,
        name_fr="Dépression",
        name_de="Depression",
        name_it="Depressione",
        name_en="Depression",
        synonyms_fr="déprime;dépressif",
        synonyms_de="depressiv",
    )
    vd, zh = CantonFactory(code="VD"), CantonFactory(code="ZH")
    groups = {
        "bulimia_fr": GroupFactory(
            name="Groupe boulimie Lausanne",
            description="Nous parlons de nos crises et de ce qui aide.",
            themes=[bulimia],
        ),
        "bulimia_de": GroupFactory(
            name="Selbsthilfegruppe Essen und Erbrechen",
            description="Wir tauschen uns aus.",
            languages=["de"],
            canton=zh,
            postcode="8001",
            locality="Zürich",
            themes=[bulimia],
        ),
        "grief": GroupFactory(
            name="Café deuil",
            description="Un espace pour parler de la perte d'un proche.",
            themes=[grief],
        ),
        "alcohol": GroupFactory(
            name="Vivre sans alcoolisme", description="Entraide entre personnes.", themes=[alcohol]
        ),
        "relatives": GroupFactory(
            name="Angehörigengruppe Winterthur",
            description="Für Eltern und Partner.",
            languages=["de"],
            canton=zh,
            postcode="8400",
            locality="Winterthur",
            themes=[relatives],
        ),
        "depression": GroupFactory(
            name="Groupe dépression Vevey",
            description="Partager pour aller mieux.",
            canton=vd,
            postcode="1800",
            locality="Vevey",
            themes=[depression],
        ),
    }
    return groups


def found(query, language="fr"):
    with translation.override(language):
        result = search_groups(Group.objects.published(), query)
        return {g.name for g in result.queryset}, result


@pytest.mark.parametrize("query", ["bulimie", "Bulimie", "boulimie", "bulimia", "BOULIMIE"])
@pytest.mark.parametrize("language", ["fr", "de", "it", "en"])
def test_bulimia_in_any_language_finds_the_same_groups(directory, query, language):
    names, _ = found(query, language)
    assert names == {directory["bulimia_fr"].name, directory["bulimia_de"].name}


def test_a_category_name_finds_its_themes_groups(directory):
    names, _ = found("Essstörungen", "de")
    assert directory["bulimia_fr"].name in names and directory["bulimia_de"].name in names


@pytest.mark.parametrize("query", ["deuil", "Deuil", "dëuil", "Trauer", "lutto"])
def test_grief_in_french_german_italian(directory, query):
    names, _ = found(query)
    assert names == {directory["grief"].name}


def test_alcool_finds_alcoholism_groups(directory):
    names, _ = found("alcool")
    assert names == {directory["alcohol"].name}


def test_a_small_typo_still_finds_the_theme(directory):
    names, result = found("depresion")
    assert names == {directory["depression"].name}
    assert result.themes[0].slug == "depression"


def test_relatives_on_addiction(directory):
    names, result = found("Angehörige Sucht", "de")
    assert directory["relatives"].name in names
    assert directory["bulimia_de"].name not in names
    assert result.themes[0].slug == "relatives-addiction"
    names, _ = found("Angehörigengruppe Sucht", "de")
    assert directory["relatives"].name in names


def test_place_names_ignore_accents_and_case(directory):
    assert found("Zürich")[0] == found("zurich")[0] == {directory["bulimia_de"].name}


def test_a_query_naming_a_theme_shows_the_theme_first(directory):
    _, result = found("Boulimie")
    assert result.themes and result.themes[0].slug == "bulimia"


@pytest.mark.parametrize("query", ["les et la", "?!…", "---", "der die das"])
def test_only_common_words_or_punctuation_give_a_clear_empty_state(directory, query):
    names, result = found(query)
    assert names == set()
    assert result.only_common_words


def test_a_very_long_query_is_cut_politely(directory, django_assert_max_num_queries):
    long_query = ("boulimie " * 300)[:2000]
    with django_assert_max_num_queries(6):
        names, result = found(long_query)
    assert result.truncated
    assert len(result.query) <= MAX_QUERY_LENGTH
    assert names == {directory["bulimia_fr"].name, directory["bulimia_de"].name}


def test_renaming_a_theme_updates_the_groups_index(directory):
    from groups.models import Theme

    theme = Theme.objects.get(slug="grief")
    theme.synonyms_fr = "veuvage"
    theme.save()
    assert found("veuvage")[0] == {directory["grief"].name}


def test_relevance_ranks_a_theme_match_above_a_passing_mention(directory):
    GroupFactory(name="Groupe de parole", description="Parfois nous parlons aussi de deuil.")
    with translation.override("fr"):
        result = search_groups(Group.objects.published(), "deuil")
        ranked = list(result.queryset.order_by("-rank", "sort_name"))
    assert ranked[0].name == directory["grief"].name
    assert len(ranked) == 2
