"""Shared fixtures: the personas every access test speaks of."""

import pytest

from tests.factories import GroupFactory, UserFactory

PASSWORD = "correct-horse-battery-staple"


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Real hashing costs ~0.3 s a user by design; tests that make users would crawl.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def no_leaked_language():
    """A test that activates a language (a view does, for its request) leaves none behind for
    the next one, whatever order the tests run in."""
    from django.utils import translation

    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    # Tests change data between requests; tests/selfhelp/test_pagecache.py turns it on.
    settings.PAGE_CACHE_SECONDS = 0
    # Every request reads the version from the shared cache, as pinned query counts expect;
    # tests/selfhelp/test_pagecache.py measures the process's copy.
    settings.PAGE_VERSION_MAX_AGE_MS = 0


@pytest.fixture(autouse=True)
def fresh_search_index():
    """Each test starts with no in-memory index of groups (groups.search.index): it is rebuilt
    from the test's own data on its first use. (The database cache's version key survives the
    flush of a transactional test; the index of an earlier test must not.)"""
    from groups.search import index
    from selfhelp.pagecache import forget_version

    index.forget()
    forget_version()


@pytest.fixture(scope="session", autouse=True)
def own_redis_database(worker_id):
    """On Redis (REDIS_URL), each test process uses a database of its own: emptying the cache
    before a test (below) must not empty it under a test running in the other process."""
    from django.conf import settings
    from django.test import override_settings

    from selfhelp.checks import cache_is_the_database

    if cache_is_the_database("default"):
        yield
        return
    number = int(worker_id.removeprefix("gw")) if worker_id.startswith("gw") else 0
    base, _, database = settings.CACHES["default"]["LOCATION"].rpartition("/")
    own = f"{base}/{int(database or 15) - number}"
    with override_settings(CACHES={"default": {**settings.CACHES["default"], "LOCATION": own}}):
        yield


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache (rate limits, page versions, facet counts). The
    database cache empties itself with each test's transaction; Redis (REDIS_URL, as in the CI
    run on Redis) would keep everything from one test to the next."""
    from django.core.cache import cache

    from selfhelp.checks import cache_is_the_database

    if not cache_is_the_database("default"):
        cache.clear()


def cache_entries():
    """What the default cache holds, as (key, stored value) texts; keys as the code names them,
    without Django's prefix."""
    from django.core.cache import cache
    from django.db import connection

    from selfhelp.checks import cache_is_the_database

    if cache_is_the_database("default"):
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT cache_key, value FROM {cache._table}")
            rows = cursor.fetchall()
    else:
        client = cache._cache.get_client()
        rows = [(k.decode(), repr(client.get(k))) for k in client.scan_iter("*")]
    return [(key.split(":", 2)[-1], value) for key, value in rows]


def cache_keys():
    return [key for key, _value in cache_entries()]


@pytest.fixture(autouse=True)
def mail_queue(settings):
    """Mail goes through the real queue in tests too; delivered messages land in mail.outbox.

    pytest-django swaps EMAIL_BACKEND for the in-memory one: put the queue back in front of it,
    so that a test sees what production does: queued rows first, emails once the worker runs.
    """
    settings.EMAIL_BACKEND = "post_office.EmailBackend"
    settings.POST_OFFICE = {
        **settings.POST_OFFICE,
        "BACKENDS": {"default": "django.core.mail.backends.locmem.EmailBackend"},
    }


@pytest.fixture
def deliver_mail():
    """Run the mail worker once, as `manage.py run_mail_worker --once` does; return the outbox."""
    from django.core import mail

    from groups.management.commands.run_mail_worker import send_due

    def deliver():
        send_due()
        return mail.outbox

    return deliver


@pytest.fixture
def member(db):
    return UserFactory(email="member@example.org", display_name="Mia")


@pytest.fixture
def facilitator(db):
    return UserFactory(email="facilitator@example.org", display_name="Fabienne")


@pytest.fixture
def other_facilitator(db):
    return UserFactory(email="other.facilitator@example.org", display_name="Otto")


def with_authenticator_app(user):
    """Staff reach the admin only with two-factor authentication set up (accounts.middleware):
    give the account an authenticator app, as a real admin has."""
    from allauth.mfa.models import Authenticator

    Authenticator.objects.create(
        user=user, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
    )
    return user


@pytest.fixture
def admin_user(db):
    """The national admin (also what pytest-django's admin_client logs in as)."""
    return with_authenticator_app(
        UserFactory(email="admin@example.org", display_name="Ada", is_staff=True, is_superuser=True)
    )


@pytest.fixture
def group(db, facilitator):
    group = GroupFactory()
    group.facilitators.add(facilitator)
    return group
