import pytest
from django.db import DatabaseError
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db

LANGUAGES = ["fr", "de", "it", "en"]
HEADINGS = {
    "fr": "Trouver un groupe d'entraide en Suisse",
    "de": "Eine Selbsthilfegruppe in der Schweiz finden",
    "it": "Trovare un gruppo di auto-aiuto in Svizzera",
    "en": "Find a self-help group in Switzerland",
}


def test_healthz_answers_200_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}


def test_healthz_answers_503_when_the_database_does_not(client, monkeypatch):
    from django.db.backends.utils import CursorWrapper

    def broken(*args, **kwargs):
        raise DatabaseError("connection refused")

    monkeypatch.setattr(CursorWrapper, "execute", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"


def test_root_redirects_by_browser_language(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="de-CH,de;q=0.9")
    assert response.status_code == 302
    assert response["Location"] == "/de/"


@pytest.mark.parametrize("language", LANGUAGES)
def test_home_in_every_language(client, language):
    with translation.override(language):
        url = reverse("home")
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert HEADINGS[language] in html
    assert html.count("<h1") == 1
    assert 'href="#main"' in html and '<main id="main"' in html


def test_language_switcher_keeps_the_page_and_query(client):
    response = client.get("/fr/?q=deuil")
    html = response.content.decode()
    assert 'href="/de/?q=deuil"' in html
    assert 'hreflang="it"' in html


def test_no_third_party_requests_from_the_page(client):
    html = client.get("/fr/").content.decode()
    for attribute in ("src=", "href="):
        for chunk in html.split(attribute)[1:]:
            url = chunk[1:].split(chunk[0])[0]
            is_alternate = "hreflang" in chunk.split(">")[0] or url.startswith("http://testserver")
            assert url.startswith(("/", "#")) or is_alternate, url


def test_healthz_answers_any_host_over_plain_http(client, settings):
    settings.ALLOWED_HOSTS = ["selfhelp.example.org"]
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/healthz", HTTP_HOST="10.0.0.7:8000")
    assert response.status_code == 200
