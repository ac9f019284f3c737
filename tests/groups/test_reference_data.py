"""The reference data in groups/data/: what visitors browse, loaded by `load_reference_data`."""

import io
import re
import time

import pytest
from countrystatecity_postal_codes import get_postcodes_by_code
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from groups.models import Canton, Centre, GroupLanguage, Theme, ThemeTerm
from groups.search.text import normalize

pytestmark = pytest.mark.django_db

OFFICIAL_CODES = {
    "ZH", "BE", "LU", "UR", "SZ", "OW", "NW", "GL", "ZG", "FR", "SO", "BS", "BL",
    "SH", "AR", "AI", "SG", "GR", "AG", "TG", "TI", "VD", "VS", "NE", "GE", "JU",
}  # fmt: skip
LANGUAGES = ("fr", "de", "it", "en")


def load():
    out = io.StringIO()
    call_command("load_reference_data", stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    """Loaded once for the module (a second a time, 96 times, was a minute of `make test`),
    inside a transaction rolled back at its end: each test runs in a savepoint of it, so what a
    test changes is undone for the next, and no other module sees the data."""
    with django_db_blocker.unblock(), transaction.atomic():
        output = load()
        yield output
        transaction.set_rollback(True)


def names(obj):
    return [getattr(obj, f"name_{lang}") for lang in LANGUAGES]


# --- Cantons --------------------------------------------------------------------------


def test_the_26_cantons_with_their_official_codes(loaded):
    assert set(Canton.objects.values_list("code", flat=True)) == OFFICIAL_CODES
    assert Canton.objects.count() == 26


def test_every_canton_is_named_in_all_four_languages(loaded):
    for canton in Canton.objects.all():
        assert all(names(canton)), canton.code


@pytest.mark.parametrize(
    "code, expected",
    [
        ("GR", ["Grisons", "Graubünden", "Grigioni", "Graubünden"]),
        ("BL", ["Bâle-Campagne", "Basel-Landschaft", "Basilea Campagna", "Basel-Landschaft"]),
        ("GE", ["Genève", "Genf", "Ginevra", "Geneva"]),
        ("AI", ["Appenzell Rhodes-Intérieures", "Appenzell Innerrhoden", "Appenzello Interno",
                "Appenzell Innerrhoden"]),
        ("TI", ["Tessin", "Tessin", "Ticino", "Ticino"]),
        ("SG", ["Saint-Gall", "St. Gallen", "San Gallo", "St. Gallen"]),
    ],
)  # fmt: skip
def test_canton_names_are_the_official_ones(loaded, code, expected):
    assert names(Canton.objects.get(code=code)) == expected


# --- Themes ---------------------------------------------------------------------------


def test_the_taxonomy_is_large_enough_to_browse(loaded):
    categories = Theme.objects.categories()
    leaves = Theme.objects.leaves()
    assert leaves.count() >= 150
    assert categories.count() >= 12
    # No empty or token category: each holds a handful of themes at least.
    for category in categories:
        assert category.children.count() >= 5, category.slug


def test_the_taxonomy_has_two_levels_only(loaded):
    assert not Theme.objects.filter(parent__parent__isnull=False).exists()
    assert not Theme.objects.leaves().filter(children__isnull=False).exists()


def test_every_theme_is_named_in_all_four_languages(loaded):
    for theme in Theme.objects.all():
        assert all(name and name.strip() for name in names(theme)), theme.slug


def test_theme_names_are_distinct_within_each_language(loaded):
    # Two themes with one name would look like a duplicate in the A-Z index.
    for lang in LANGUAGES:
        values = [normalize(name) for name in Theme.objects.values_list(f"name_{lang}", flat=True)]
        repeated = {name for name in values if values.count(name) > 1}
        assert not repeated, (lang, repeated)


def test_every_theme_has_search_synonyms_in_french_and_german(loaded):
    # The two main language regions: a visitor types lay words, not the curated name.
    for theme in Theme.objects.all():
        assert theme.synonym_list("fr"), theme.slug
        assert theme.synonym_list("de"), theme.slug


def test_most_themes_have_italian_and_english_synonyms_too(loaded):
    themes = list(Theme.objects.all())
    for lang in ("it", "en"):
        with_synonyms = [theme for theme in themes if theme.synonym_list(lang)]
        assert len(with_synonyms) >= 0.9 * len(themes), lang


def test_german_uses_the_swiss_spelling(loaded):
    # Swiss Standard German writes "ss", never "ß" (Grosseltern, Zwangsmassnahmen).
    for theme in Theme.objects.all():
        assert "ß" not in theme.name_de + (theme.synonyms_de or ""), theme.slug


@pytest.mark.parametrize(
    "typed, slug",
    [
        ("boulimie", "bulimia"),
        ("Bulimie", "bulimia"),
        ("Ess-Brech-Sucht", "bulimia"),
        ("alcoolique", "alcohol-addiction"),
        ("Alkoholiker", "alcohol-addiction"),
        ("deuil", "bereavement"),
        ("Trauerfall", "bereavement"),
        ("Angehörige Sucht", "relatives-of-addicted-people"),
        ("SEP", "multiple-sclerosis"),
        ("Verdingkinder", "compulsory-social-measures"),
    ],
)
def test_words_people_type_lead_to_the_right_theme(loaded, typed, slug):
    terms = ThemeTerm.objects.filter(term=normalize(typed))
    assert slug in terms.values_list("theme__slug", flat=True)


def test_a_few_themes_are_featured_and_rare_diseases_are_flagged(loaded):
    assert Theme.objects.filter(is_featured=True).count() >= 4
    rare = Theme.objects.filter(parent__slug="rare-diseases")
    assert rare.exists()
    assert not rare.filter(is_rare=False).exists()


def test_a_curators_choice_of_featured_themes_is_kept(loaded):
    Theme.objects.update(is_featured=False)
    Theme.objects.filter(slug="loneliness").update(is_featured=True)

    load()

    assert list(Theme.objects.filter(is_featured=True).values_list("slug", flat=True)) == [
        "loneliness"
    ]


# --- Centres --------------------------------------------------------------------------


def test_every_canton_is_served_by_a_centre(loaded):
    assert Centre.objects.count() >= 15
    unserved = Canton.objects.filter(centres__isnull=True).values_list("code", flat=True)
    assert list(unserved) == []


def test_centre_contacts_are_clearly_fictional(loaded):
    for centre in Centre.objects.all():
        assert centre.email.endswith("@example.org"), centre.slug
        assert re.fullmatch(r"https://[a-z0-9-]+\.example\.org", centre.website), centre.slug
        assert re.fullmatch(r"\+41 \d\d 000 00 00", centre.phone), centre.slug


def test_centres_are_named_described_and_say_their_languages(loaded):
    for centre in Centre.objects.all():
        assert all(names(centre)), centre.slug
        assert all(getattr(centre, f"description_{lang}") for lang in LANGUAGES), centre.slug
        assert centre.languages, centre.slug
        assert set(centre.languages) <= set(GroupLanguage.values), centre.slug


def test_centre_addresses_are_real_places_in_a_canton_they_serve(loaded):
    for centre in Centre.objects.prefetch_related("cantons"):
        places = get_postcodes_by_code("CH", centre.postcode)
        assert centre.locality in {place.localityName for place in places}, centre.slug
        served = {canton.code for canton in centre.cantons.all()}
        assert {place.stateCode for place in places} & served, centre.slug


def test_bilingual_cantons_have_a_bilingual_centre(loaded):
    for code in ("FR", "VS", "BE"):
        languages = {
            language
            for centre in Centre.objects.filter(cantons__code=code)
            for language in centre.languages
        }
        assert {"fr", "de"} <= languages, code


# --- The command ----------------------------------------------------------------------


def test_first_run_creates_everything_and_says_so(loaded):
    assert loaded.count("\n") == 1  # one line
    assert "cantons 26 (26 new, 0 updated)" in loaded
    assert f"themes {Theme.objects.count()} ({Theme.objects.count()} new, 0 updated)" in loaded


def test_second_run_changes_nothing_and_is_quick(loaded):
    before = (
        list(Canton.objects.order_by("code").values()),
        list(Theme.objects.order_by("slug").values()),
        list(Centre.objects.order_by("slug").values()),
        list(Centre.cantons.through.objects.order_by("id").values()),
    )

    started = time.monotonic()
    with CaptureQueriesContext(connection) as queries:
        output = load()
    elapsed = time.monotonic() - started

    themes, centres = Theme.objects.count(), Centre.objects.count()
    assert output == (
        f"Reference data: cantons 26 (0 new, 0 updated), themes {themes} (0 new, 0 updated), "
        f"centres {centres} (0 new, 0 updated).\n"
    )
    writes = [q["sql"] for q in queries if q["sql"].startswith(("INSERT", "UPDATE", "DELETE"))]
    assert writes == []
    after = (
        list(Canton.objects.order_by("code").values()),
        list(Theme.objects.order_by("slug").values()),
        list(Centre.objects.order_by("slug").values()),
        list(Centre.cantons.through.objects.order_by("id").values()),
    )
    assert after == before
    assert elapsed < 3


def test_official_canton_names_follow_the_file(loaded):
    Canton.objects.filter(code="GR").update(name_fr="Grisons (old)")
    output = load()
    assert Canton.objects.get(code="GR").name_fr == "Grisons"
    assert "cantons 26 (0 new, 1 updated)" in output


def test_a_curators_edits_survive_the_next_run(loaded):
    # make run and every deployment run the loader: it must not undo work done in the admin.
    theme = Theme.objects.get(slug="depression")
    theme.synonyms_fr = "coup de blues"
    theme.save()
    Centre.objects.filter(slug="ticino").update(phone="+41 91 111 11 11")
    Centre.objects.get(slug="ticino").cantons.remove(Canton.objects.get(code="GR"))
    Theme.objects.filter(slug="burnout").delete()

    output = load()

    assert Theme.objects.get(slug="depression").synonyms_fr == "coup de blues"
    assert Centre.objects.get(slug="ticino").phone == "+41 91 111 11 11"
    assert set(Centre.objects.get(slug="ticino").cantons.values_list("code", flat=True)) == {"TI"}
    assert Theme.objects.filter(slug="burnout").exists()  # a missing theme comes back
    assert "(1 new, 0 updated)" in output


def test_update_puts_the_files_values_back(loaded):
    Theme.objects.filter(slug="depression").update(synonyms_fr="coup de blues")
    Centre.objects.get(slug="ticino").cantons.clear()

    call_command("load_reference_data", "--update", stdout=io.StringIO())

    assert Theme.objects.get(slug="depression").synonyms_fr != "coup de blues"
    assert set(Centre.objects.get(slug="ticino").cantons.values_list("code", flat=True)) == {
        "TI",
        "GR",
    }
