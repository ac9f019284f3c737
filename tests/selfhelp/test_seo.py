"""sitemap.xml, robots.txt and the error pages."""

import xml.etree.ElementTree as ET

import pytest
from django.db import DatabaseError
from django.test import RequestFactory
from django.urls import path, reverse
from django.utils import translation

from groups.models import Publication
from selfhelp import errors
from tests.factories import CantonFactory, CentreFactory, GroupFactory, ThemeFactory

pytestmark = pytest.mark.django_db

SITE = "https://selfhelp.example.org"
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
LANGUAGES = ["fr", "de", "it", "en"]


def url(name, *args, language="fr"):
    with translation.override(language):
        return reverse(name, args=args)


@pytest.fixture
def site_url(settings):
    settings.SITE_URL = SITE
    return SITE


def sitemap_sections(client, **headers):
    """The XML of every section the sitemap index names, fetched like a crawler does."""
    response = client.get("/sitemap.xml", **headers)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    index = ET.fromstring(response.content)
    locations = [entry.findtext("s:loc", namespaces=NS) for entry in index.findall("s:sitemap", NS)]
    assert locations and all(loc.startswith(SITE + "/sitemap-") for loc in locations)
    sections = []
    for location in locations:
        section = client.get(location.removeprefix(SITE), **headers)
        assert section.status_code == 200, location
        sections.append(section.content.decode())
    return sections


def sitemap_entries(client):
    """{location: {hreflang: alternate location}} of every <url> of the sitemap."""
    entries = {}
    for xml in sitemap_sections(client):
        for entry in ET.fromstring(xml).findall("s:url", NS):
            entries[entry.findtext("s:loc", namespaces=NS)] = {
                link.get("hreflang"): link.get("href") for link in entry.findall("x:link", NS)
            }
    return entries


def test_the_sitemap_lists_every_page_in_every_language_with_alternates(client, site_url):
    theme = ThemeFactory(slug="grief")
    CantonFactory(code="VD")
    CentreFactory(slug="vaud")
    group = GroupFactory(slug="cafe-deuil-lausanne", themes=[theme])
    entries = sitemap_entries(client)
    expected = [
        ("home",),
        ("groups:list",),
        ("groups:theme_index",),
        ("groups:canton_index",),
        ("groups:centre_index",),
        ("about",),
        ("groups:theme_detail", "grief"),
        ("groups:theme_detail", theme.parent.slug),
        ("groups:canton_detail", "vd"),
        ("groups:centre_detail", "vaud"),
        ("groups:detail", group.slug),
    ]
    for name, *args in expected:
        for language in LANGUAGES:
            location = SITE + url(name, *args, language=language)
            assert location in entries, location
            alternates = entries[location]
            assert set(alternates) == {*LANGUAGES, "x-default"}
            for other in LANGUAGES:
                assert alternates[other] == SITE + url(name, *args, language=other)


def test_x_default_is_the_french_page_or_the_language_choosing_root(client, site_url):
    group = GroupFactory(slug="cafe-deuil-lausanne")
    entries = sitemap_entries(client)
    group_alternates = entries[SITE + url("groups:detail", group.slug, language="de")]
    # The unprefixed path would 404 for a German browser: x-default is the French page.
    assert group_alternates["x-default"] == SITE + url("groups:detail", group.slug)
    assert entries[SITE + "/de/"]["x-default"] == SITE + "/"


def test_the_sitemap_has_no_unpublished_group(client, site_url):
    GroupFactory(slug="shown-group")
    for publication in (Publication.DRAFT, Publication.PENDING, Publication.ARCHIVED):
        GroupFactory(slug=f"hidden-{publication}", publication=publication)
    xml = "".join(sitemap_sections(client))
    assert "/groups/shown-group/" in xml
    assert "hidden-" not in xml


def test_the_sitemap_uses_the_sites_public_address_not_the_host_header(client, site_url):
    xml = "".join(sitemap_sections(client, HTTP_HOST="127.0.0.1"))
    assert "127.0.0.1" not in xml and "testserver" not in xml
    assert f"<loc>{SITE}/fr/</loc>" in xml


def test_robots_txt_allows_all_but_admin_and_accounts_and_names_the_sitemap(client, site_url):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert lines[:2] == ["User-agent: *", "Allow: /"]
    assert "Disallow: /*/admin/" in lines
    for language in LANGUAGES:
        login = url("account_login", language=language)
        prefix = "/".join(login.split("/")[:3]) + "/"
        assert f"Disallow: {prefix}" in lines
        assert prefix != f"/{language}/"
    assert f"Sitemap: {SITE}/sitemap.xml" in lines
    assert "Disallow: /" not in lines  # the site itself stays open to search engines


# ---- Error pages ---------------------------------------------------------------------------


def test_an_unknown_address_gets_the_sites_404_page(client, settings):
    settings.DEBUG = False
    response = client.get("/fr/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert "<h1" in html and "/fr/groupes/" in html
    assert f'href="{url("groups:list")}"' in html
    assert f'href="{url("groups:theme_index")}"' in html
    assert '<html lang="fr">' in html


def test_an_unknown_theme_gets_the_404_page_in_the_visitors_language(client, settings):
    settings.DEBUG = False
    response = client.get(url("groups:theme_detail", "no-such-theme", language="de"))
    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="de">' in html and "Wir finden diese Seite nicht" in html


@pytest.fixture
def broken_database(monkeypatch):
    from django.db.backends.utils import CursorWrapper

    def refuse(*args, **kwargs):
        raise DatabaseError("connection refused")

    monkeypatch.setattr(CursorWrapper, "execute", refuse)


def test_the_500_page_needs_no_database(broken_database, django_assert_num_queries):
    request = RequestFactory().get("/de/gruppen/")
    with django_assert_num_queries(0):
        response = errors.server_error(request)
    assert response.status_code == 500
    html = response.content.decode()
    assert '<html lang="de">' in html
    assert html.count("<h1") == 1
    with translation.override("de"):
        assert translation.gettext("Something went wrong on our side") in html
    assert 'href="/de/"' in html


def test_the_500_page_without_a_language_speaks_french_and_german(broken_database):
    response = errors.server_error(RequestFactory().get("/no-language/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert '<section lang="fr">' in html and '<section lang="de">' in html
    assert html.count("<h1") == 1
    assert 'href="/"' in html


def test_the_500_page_answers_even_if_its_template_breaks(monkeypatch):
    def broken(name):
        raise RuntimeError("template storage unavailable")

    monkeypatch.setattr(errors.loader, "get_template", broken)
    response = errors.server_error(RequestFactory().get("/fr/"))
    assert response.status_code == 500
    assert "Une erreur s'est produite" in response.content.decode()


def crash(request):
    raise RuntimeError("boom")


# A URL configuration for the next test only: a view that crashes, under a language prefix.
urlpatterns = [path("it/boom/", crash)]
handler500 = errors.server_error


@pytest.mark.urls(__name__)
def test_a_crashing_view_gets_the_500_page_through_the_whole_stack(client, settings):
    settings.DEBUG = False
    client.raise_request_exception = False
    response = client.get("/it/boom/")
    assert response.status_code == 500
    assert '<html lang="it">' in response.content.decode()
