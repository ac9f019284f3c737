"""Anonymous public pages are cached; an edit shows at once; nothing personal is cached."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from groups.models import Group, Publication
from tests.factories import GroupFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache(settings, no_page_cache):
    settings.PAGE_CACHE_SECONDS = 300


def list_url():
    with translation.override("fr"):
        return reverse("groups:list")


def test_a_second_visit_is_served_from_the_cache(client):
    group = GroupFactory(name="Café deuil")
    first = client.get(group.get_absolute_url())
    with CaptureQueriesContext(connection) as queries:
        second = client.get(group.get_absolute_url())
    assert second.content == first.content
    assert len(queries) <= 2  # the cache's version and the page (database cache)


def test_an_edit_shows_at_once(client):
    group = GroupFactory(name="Café deuil")
    assert "Café deuil" in client.get(list_url()).content.decode()
    group.name = "Café souvenir"
    group.save()
    html = client.get(list_url()).content.decode()
    assert "Café souvenir" in html and "Café deuil" not in html


def test_an_admin_bulk_action_shows_at_once(client, admin_client):
    group = GroupFactory(name="Café deuil")
    assert "Café deuil" in client.get(list_url()).content.decode()
    admin_client.post(
        reverse("admin:groups_group_changelist"),
        {"action": "unpublish", "_selected_action": [group.pk]},
    )
    assert Group.objects.get(pk=group.pk).publication != Publication.PUBLISHED
    assert "Café deuil" not in client.get(list_url()).content.decode()


def test_a_logged_in_visitor_never_gets_a_cached_page(client, member):
    GroupFactory(name="Café deuil")
    client.get(list_url())  # cached for anonymous visitors
    client.force_login(member)
    with CaptureQueriesContext(connection) as queries:
        client.get(list_url())
    assert any("groups_group" in q["sql"] for q in queries)  # rendered afresh


def test_different_filters_are_different_pages(client):
    GroupFactory(name="Café deuil", status="open")
    GroupFactory(name="Groupe complet", status="full")
    assert "Groupe complet" not in client.get(list_url(), {"status": "open"}).content.decode()
    assert "Groupe complet" in client.get(list_url(), {"status": "full"}).content.decode()


def test_the_index_of_groups_is_shared_by_requests_and_goes_stale_with_the_pages():
    from groups.search import index

    GroupFactory(status="open")
    assert index.current().size == 1
    with CaptureQueriesContext(connection) as queries:
        index.current()
    assert not any("groups_group" in q["sql"] for q in queries)  # not rebuilt
    GroupFactory(status="full")  # a save bumps the version
    assert index.current().size == 2


def test_a_page_cached_for_one_host_is_not_served_to_another(client):
    """Defect found from outside: the cache keyed on the path only, while pages write absolute
    URLs from the request's host: one request for `Host: localhost` made the page served to
    the real host carry https://localhost/... links for five minutes."""
    group = GroupFactory(name="Café deuil")
    poisoned = client.get(group.get_absolute_url(), HTTP_HOST="localhost").content.decode()
    assert "http://localhost/" in poisoned
    html = client.get(group.get_absolute_url(), HTTP_HOST="testserver").content.decode()
    assert "localhost" not in html and "http://testserver/" in html
    https = client.get(group.get_absolute_url(), secure=True).content.decode()
    assert "https://testserver/" in https and "http://testserver/" not in https


def test_a_process_trusts_its_copy_of_the_version_for_a_moment(settings, monkeypatch):
    """PAGE_VERSION_MAX_AGE_MS: most requests make no round trip for the version; an edit in
    this process shows at once, one in another process once the copy is older than that."""
    from django.core.cache import cache

    from selfhelp import pagecache

    settings.PAGE_VERSION_MAX_AGE_MS = 500
    clock = [1000.0]
    monkeypatch.setattr(pagecache.time, "monotonic", lambda: clock[0])
    first = pagecache.version()
    reads = []
    real_get = cache.get
    monkeypatch.setattr(cache, "get", lambda *args: reads.append(args) or real_get(*args))
    clock[0] += 0.4
    assert pagecache.version() == first and reads == []  # the copy, no round trip
    pagecache.content_changed()  # an edit here: seen at once, still without reading
    mine = pagecache.version()
    assert mine != first and reads == []
    cache.set(pagecache.VERSION_KEY, mine + 1, None)  # as another process's edit does
    clock[0] += 0.4
    assert pagecache.version() == mine  # within the half second: the copy
    clock[0] += 0.2
    assert pagecache.version() == mine + 1  # older than that: read again
    assert len(reads) == 1


def test_an_edit_made_while_another_thread_reads_the_version_is_not_overwritten(
    settings, monkeypatch
):
    from django.core.cache import cache

    from selfhelp import pagecache

    settings.PAGE_VERSION_MAX_AGE_MS = 500
    old = pagecache.version()
    pagecache.forget_version()  # this thread's copy is gone: it reads the shared one again
    real_get = cache.get
    edits = []

    def read_while_another_thread_edits(*args):
        value = real_get(*args)  # the old version, read just before the edit
        if not edits:
            pagecache.content_changed()
            edits.append(True)
        return value

    monkeypatch.setattr(cache, "get", read_while_another_thread_edits)
    assert pagecache.version() == old  # this request began before the edit
    assert edits
    assert pagecache.version() != old  # the next one sees it, without waiting half a second
