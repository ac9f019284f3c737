"""The home page and the "about self-help groups" page, as a visitor and as an admin sees them."""

import re
from html.parser import HTMLParser
from itertools import pairwise

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from groups.models import Publication
from selfhelp.checks import cache_is_the_database
from selfhelp.content import ABOUT_PAGE
from selfhelp.models import ABOUT, Page
from tests.factories import CantonFactory, CategoryFactory, GroupFactory, ThemeFactory

pytestmark = pytest.mark.django_db

LANGUAGES = ["fr", "de", "it", "en"]
PAGE_FIELDS = [
    "title",
    "summary",
    "benefits",
    "body",
    "testimonial",
    "testimonial_by",
    "professional_view",
    "professional_by",
]
# The about page and the version of the index of groups (counts, themes and cantons come from
# it). After an edit, the first request rebuilds the index: INDEX_QUERIES more, however many
# groups (the groups, their themes, the theme tree; the taxonomy's themes and cantons).
# (The version is read from the cache: a query with the database cache, none with Redis.)
HOME_QUERIES = 1 + (1 if cache_is_the_database("default") else 0)
INDEX_QUERIES = 6
ABOUT_QUERIES = 1


def url(name, language, *args):
    with translation.override(language):
        return reverse(name, args=args)


def get_html(client, name, language, *args):
    response = client.get(url(name, language, *args))
    assert response.status_code == 200
    return response.content.decode()


class Forms(HTMLParser):
    """The forms of a page: their action and the fields, labels and options inside them."""

    def __init__(self, html):
        super().__init__()
        self.forms, self.labels, self._option = [], {}, None
        self._label_for = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append({"action": attrs.get("action"), "fields": {}, "options": []})
        elif tag in ("input", "select") and self.forms and attrs.get("name"):
            self.forms[-1]["fields"][attrs["name"]] = attrs
        elif tag == "option":
            self._option = attrs.get("value")
        elif tag == "label":
            self._label_for = attrs.get("for")
            self.labels[self._label_for] = ""

    def handle_endtag(self, tag):
        if tag == "label":
            self._label_for = None
        elif tag == "option":
            self._option = None

    def handle_data(self, data):
        if self._label_for:
            self.labels[self._label_for] += data.strip()
        if self._option is not None:
            self.forms[-1]["options"].append((self._option, data.strip()))

    def with_field(self, name):
        return next(form for form in self.forms if name in form["fields"])


def published_and_hidden_groups(published, hidden, theme):
    GroupFactory.create_batch(published, themes=[theme])
    for publication in [Publication.DRAFT, Publication.ARCHIVED, Publication.PENDING][:hidden]:
        GroupFactory(themes=[theme], publication=publication)


# ---- Home ----


@pytest.mark.parametrize("language", LANGUAGES)
def test_home_answers_in_every_language_with_one_h1(client, language):
    html = get_html(client, "home", language)
    assert f'<html lang="{language}">' in html
    assert html.count("<h1") == 1
    if language == "en":
        assert '<h1 id="home-title">Find a self-help group in Switzerland</h1>' in html


def test_search_form_sends_q_to_the_group_list_with_a_visible_label(client):
    forms = Forms(get_html(client, "home", "fr"))
    search = forms.with_field("q")
    assert search["action"] == url("groups:list", "fr")
    field = search["fields"]["q"]
    assert field["type"] == "search"
    assert forms.labels[field["id"]]  # a label with text, tied to the field


def test_canton_picker_lists_the_cantons_alphabetically_in_the_visitor_language(client):
    for code, fr, de in [
        ("VS", "Valais", "Wallis"),
        ("VD", "Vaud", "Waadt"),
        ("GE", "Genève", "Genf"),
    ]:
        CantonFactory(code=code, name_fr=fr, name_de=de)

    for language, expected in [
        ("fr", [("GE", "Genève"), ("VS", "Valais"), ("VD", "Vaud")]),
        ("de", [("GE", "Genf"), ("VD", "Waadt"), ("VS", "Wallis")]),
    ]:
        forms = Forms(get_html(client, "home", language))
        picker = forms.with_field("canton")
        assert picker["action"] == url("groups:list", language)
        assert forms.labels[picker["fields"]["canton"]["id"]]
        options = [option for option in picker["options"] if option[0]]
        assert options == expected


def test_theme_picker_links_every_theme_of_every_category(client):
    category = CategoryFactory(name_en="Addiction")
    alcohol = ThemeFactory(parent=category, name_en="Alcohol")
    gambling = ThemeFactory(parent=category, name_en="Gambling")

    html = get_html(client, "home", "en")
    assert "<summary>Addiction</summary>" in html
    for theme in (category, alcohol, gambling):
        assert f'href="{url("groups:theme_detail", "en", theme.slug)}"' in html
    assert html.index(">Alcohol<") < html.index(">Gambling<")


def test_home_shows_the_themes_flagged_as_featured(client):
    flagged = ThemeFactory(name_en="Grief", is_featured=True)
    busy = ThemeFactory(name_en="Burnout")
    GroupFactory.create_batch(3, themes=[busy])
    GroupFactory(themes=[flagged])

    html = get_html(client, "home", "en")
    featured = html.split('id="home-featured-title"')[1].split("</section>")[0]
    assert ">Grief</a>" in featured
    assert "1 group<" in featured
    assert "Burnout" not in featured


def test_without_flags_the_home_features_the_themes_with_most_published_groups(client):
    busy, quiet, unpublished_only = (
        ThemeFactory(name_en="Burnout"),
        ThemeFactory(name_en="Stuttering"),
        ThemeFactory(name_en="Tinnitus"),
    )
    published_and_hidden_groups(3, 1, busy)
    published_and_hidden_groups(1, 0, quiet)
    published_and_hidden_groups(0, 3, unpublished_only)

    html = get_html(client, "home", "en")
    featured = html.split('id="home-featured-title"')[1].split("</section>")[0]
    assert ">Burnout</a>" in featured and "3 groups" in featured
    assert ">Stuttering</a>" in featured and "1 group<" in featured
    assert "Tinnitus" not in featured


def test_counts_leave_out_unpublished_groups_and_follow_the_language(client):
    theme = ThemeFactory()
    published_and_hidden_groups(3, 3, theme)

    html = get_html(client, "home", "en")
    assert "3 groups on 1 theme" in html
    assert "6 groups" not in html


def test_large_counts_are_written_the_swiss_way(client, monkeypatch):
    from groups.search import index

    theme = ThemeFactory()
    GroupFactory(themes=[theme])
    build = index.build

    def large(*args):
        built = build(*args)
        built.size = 2700
        return built

    monkeypatch.setattr(index, "build", large)

    for language in ("en", "de", "fr", "it"):
        assert "2’700" in get_html(client, "home", language)


def test_home_shows_why_a_group_from_the_about_page_in_the_visitor_language(client):
    for language in ("fr", "de"):
        html = get_html(client, "home", language)
        texts = ABOUT_PAGE[language]
        assert escape(texts["testimonial"]) in html
        assert escape(texts["professional_view"]) in html
        assert escape(texts["testimonial_by"]) in html
        assert escape(texts["benefits"].splitlines()[0]) in html
        assert f'href="{url("about", language)}"' in html
    assert escape(ABOUT_PAGE["fr"]["testimonial"]) not in get_html(client, "home", "de")


def test_home_still_works_when_the_about_page_is_gone(client):
    Page.objects.filter(slug=ABOUT).delete()
    html = get_html(client, "home", "fr")
    assert 'name="q"' in html
    assert "home-why" not in html


def test_home_query_count_does_not_grow_with_groups(client, django_assert_num_queries):
    theme = ThemeFactory()
    GroupFactory(themes=[theme])
    home = url("home", "fr")
    with django_assert_num_queries(HOME_QUERIES + INDEX_QUERIES):
        client.get(home)
    with django_assert_num_queries(HOME_QUERIES):
        client.get(home)

    GroupFactory.create_batch(49, themes=[theme])  # 1 and then 50 groups
    ThemeFactory.create_batch(10)
    with django_assert_num_queries(HOME_QUERIES + INDEX_QUERIES):
        response = client.get(home)
    assert "50 groupes" in response.content.decode()
    with django_assert_num_queries(HOME_QUERIES):
        client.get(home)

    theme.is_featured = True
    theme.save()
    with django_assert_num_queries(HOME_QUERIES + INDEX_QUERIES):
        client.get(home)


# ---- About ----


@pytest.mark.parametrize("language", LANGUAGES)
def test_about_page_shows_the_texts_of_the_visitor_language(client, language):
    html = get_html(client, "about", language)
    texts = ABOUT_PAGE[language]
    assert html.count("<h1") == 1
    assert f"<h1>{escape(texts['title'])}</h1>" in html
    assert escape(texts["summary"]) in html
    assert escape(texts["testimonial"]) in html
    assert escape(texts["professional_by"]) in html
    others = [other for other in LANGUAGES if other != language]
    assert all(escape(ABOUT_PAGE[other]["testimonial"]) not in html for other in others)


def test_about_body_is_plain_text_in_paragraphs_with_subheadings(client):
    Page.objects.filter(slug=ABOUT).update(
        body_en="First line\nsame paragraph.\r\n  \r\n## A subheading\n\n<script>alert(1)</script>"
    )
    html = get_html(client, "about", "en")
    assert "<p>First line<br>same paragraph.</p>" in html
    assert "<h2>A subheading</h2>" in html
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_about_headings_go_in_order(client):
    levels = [int(level) for level in re.findall(r"<h([1-6])", get_html(client, "about", "fr"))]
    assert levels[0] == 1
    assert all(later - earlier <= 1 for earlier, later in pairwise(levels))


def test_about_page_is_404_when_the_page_is_gone(client):
    Page.objects.filter(slug=ABOUT).delete()
    assert client.get(url("about", "fr")).status_code == 404


def test_about_query_count_is_fixed(client, django_assert_num_queries):
    with django_assert_num_queries(ABOUT_QUERIES):
        client.get(url("about", "de"))


# ---- Editing in the admin ----


def admin_form_data(page):
    data = {
        f"{field}_{language}": getattr(page, f"{field}_{language}") or ""
        for field in PAGE_FIELDS
        for language in LANGUAGES
    }
    return data


def test_an_admin_edit_changes_both_the_home_and_the_about_page(client, admin_user):
    page = Page.objects.get(slug=ABOUT)
    change_url = reverse("admin:selfhelp_page_change", args=[page.pk])
    client.force_login(admin_user)
    change_page = client.get(change_url)
    assert change_page.status_code == 200
    assert f'href="{reverse("about")}"' in change_page.content.decode()  # "view on site"

    data = admin_form_data(page)
    data["testimonial_fr"] = "Le groupe m'a redonné du courage."
    data["professional_by_fr"] = "Assistante sociale"
    response = client.post(change_url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    client.logout()

    for name in ("home", "about"):
        html = get_html(client, name, "fr")
        assert escape("Le groupe m'a redonné du courage.") in html
        assert "Assistante sociale" in html
        assert escape(ABOUT_PAGE["fr"]["testimonial"]) not in html
    # The other languages keep their own texts.
    assert escape(ABOUT_PAGE["de"]["testimonial"]) in get_html(client, "home", "de")


def test_the_admin_cannot_rename_the_about_page(client, admin_user):
    page = Page.objects.get(slug=ABOUT)
    client.force_login(admin_user)
    data = admin_form_data(page) | {"slug": "renamed"}
    client.post(reverse("admin:selfhelp_page_change", args=[page.pk]), data)
    page.refresh_from_db()
    assert page.slug == ABOUT


def test_editors_bullets_are_not_doubled():
    page = Page(benefits="- Speaking freely\n\n• Feeling understood \n")
    assert page.benefit_list() == ["Speaking freely", "Feeling understood"]
