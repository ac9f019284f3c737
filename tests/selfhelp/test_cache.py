"""The shared cache: Redis when REDIS_URL is set, the database otherwise.

Defect found from outside: with REDIS_URL set the Redis client was not installed, so home and
list answered 500 while /healthz said 200 and `check --deploy` passed.
"""

import os

import pytest
from django.urls import reverse
from django.utils import translation

from selfhelp import checks
from tests.conftest import cache_keys
from tests.factories import GroupFactory
from tests.selfhelp.test_settings import PRODUCTION, manage

pytestmark = pytest.mark.django_db

NOBODY_LISTENS = "redis://127.0.0.1:1/0"  # port 1: refused at once
REDIS_URL = os.environ.get("REDIS_URL", "")


def redis_cache(url):
    return {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}}


def test_healthz_checks_the_cache_too(client):
    assert client.get("/healthz").json() == {"status": "ok", "database": "ok", "cache": "ok"}


def test_healthz_answers_503_when_the_cache_does_not_answer(client, settings):
    settings.CACHES = redis_cache(NOBODY_LISTENS)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "ok", "cache": "unavailable"}


def test_healthz_answers_503_when_the_cache_client_is_missing(client, settings):
    # pymemcache is not a dependency: this is what a missing redis package looked like.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.memcached.PyMemcacheCache",
            "LOCATION": "127.0.0.1:11211",
        }
    }
    assert client.get("/healthz").status_code == 503
    [error] = checks.check_cache_client(None)
    assert error.id == "selfhelp.E001" and "client library is not installed" in error.msg


def test_the_redis_client_is_installed(settings):
    settings.CACHES = redis_cache(NOBODY_LISTENS)
    assert checks.check_cache_client(None) == []
    [error] = checks.check_cache_answers(None)
    assert error.id == "selfhelp.E002" and "does not answer" in error.msg


def test_check_deploy_fails_when_redis_does_not_answer():
    result = manage("check", "--deploy", env_overrides={**PRODUCTION, "REDIS_URL": NOBODY_LISTENS})
    assert result.returncode != 0
    assert "selfhelp.E002" in result.stderr and "RedisCache" in result.stderr


@pytest.mark.skipif(not REDIS_URL, reason="REDIS_URL is not set: .ci/run runs the suite on Redis")
def test_the_site_serves_its_pages_from_redis(client, settings):
    settings.PAGE_CACHE_SECONDS = 300
    assert settings.CACHES["default"]["BACKEND"].endswith("RedisCache")
    GroupFactory(name="Café deuil")
    with translation.override("fr"):
        pages = [reverse("home"), reverse("groups:list")]
    for page in pages:
        first = client.get(page)
        assert first.status_code == 200 and client.get(page).content == first.content
    assert any(key.startswith("page:") for key in cache_keys())
    assert checks.check_cache_answers(None) == []
