"""When the database stops or hangs: a 503 with Retry-After in seconds, and healing at once.

Defect found from outside: with PostgreSQL stopped, home, list and group page answered the
styled 500; with PostgreSQL frozen (SIGSTOP) requests waited for ever, and six stuck requests
took every thread.
"""

import copy
import select
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout

import pytest
from django.db import close_old_connections, connection
from django.test import Client
from django.urls import reverse
from django.utils import translation

from selfhelp import db
from tests.factories import GroupFactory

pytestmark = pytest.mark.django_db(transaction=True)


class FreezableProxy:
    """A TCP proxy in front of the test database that can freeze. Frozen, it still accepts
    connections (as the kernel does for a PostgreSQL stopped with SIGSTOP) but passes nothing
    on, either way: whoever waits for the database waits."""

    def __init__(self, upstream):
        self.upstream = upstream
        self.frozen = threading.Event()
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.closed = False
        threading.Thread(target=self._accept, daemon=True).start()

    def _connect_upstream(self):
        if isinstance(self.upstream, str):  # a Unix socket (the embedded PostgreSQL)
            upstream = socket.socket(socket.AF_UNIX)
            upstream.connect(self.upstream)
            return upstream
        return socket.create_connection(self.upstream)

    def _accept(self):
        while not self.closed:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self._pipe, args=(client,), daemon=True).start()

    def _pipe(self, client):
        upstream = self._connect_upstream()
        ends = {client: upstream, upstream: client}
        try:
            while not self.closed:
                if self.frozen.is_set():
                    time.sleep(0.05)
                    continue
                readable, _, _ = select.select(list(ends), [], [], 0.05)
                for end in readable:
                    data = end.recv(65536)
                    if not data:
                        return
                    ends[end].sendall(data)
        except OSError:
            return
        finally:
            client.close()
            upstream.close()

    def close(self):
        self.closed = True
        self.listener.close()


def upstream_of(settings_dict):
    options = settings_dict.get("OPTIONS", {})
    host = settings_dict.get("HOST") or options.get("host") or "/var/run/postgresql"
    port = int(settings_dict.get("PORT") or options.get("port") or 5432)
    return f"{host}/.s.PGSQL.{port}" if host.startswith("/") else (host, port)


@pytest.fixture
def database_at(settings):
    """Points the site's connection at (host, port) for the test; puts it back after."""
    saved = copy.deepcopy(connection.settings_dict)
    settings.DB_STATEMENT_TIMEOUT = 1

    def point(host, port, connect_timeout=1):
        connection.close()
        target = connection.settings_dict
        target["HOST"], target["PORT"] = host, port
        target["OPTIONS"] = {
            k: v for k, v in target["OPTIONS"].items() if k not in {"host", "port"}
        }
        target["OPTIONS"]["connect_timeout"] = connect_timeout

    db.limit_web_requests()
    yield point
    db.limit_web_requests(False)
    connection.close()
    connection.settings_dict.clear()
    connection.settings_dict.update(saved)


@pytest.fixture
def proxy():
    proxy = FreezableProxy(upstream_of(connection.settings_dict))
    yield proxy
    proxy.frozen.clear()
    proxy.close()


def page(name, language="en", **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs)


class Worker:
    """One thread serving requests one after the other, as a web server's thread does: its
    database connection stays open between requests. A request still waiting after `patience`
    seconds fails the test (instead of hanging the suite): the defect this file is about."""

    def __init__(self):
        self.pool = ThreadPoolExecutor(max_workers=1)
        self.client = Client(raise_request_exception=False)

    def _get(self, url):
        try:
            return self.client.get(url)
        finally:
            # What the real handler does at the end of each request, and the test client does
            # not: drop a connection that failed, so that the next request opens a new one.
            close_old_connections()

    def get(self, url, patience=10):
        start = time.monotonic()
        try:
            response = self.pool.submit(self._get, url).result(timeout=patience)
        except FutureTimeout:
            pytest.fail(f"{url} still waits for the database after {patience} s")
        return response, time.monotonic() - start

    def stop(self):
        self.pool.submit(lambda: connection.close()).result(timeout=30)
        self.pool.shutdown(wait=False)


@pytest.fixture
def worker():
    worker = Worker()
    yield worker
    worker.stop()


def outage_page(response):
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    html = response.content.decode()
    assert "Selfhelp is briefly unavailable" in html and 'href="tel:143"' in html
    return html


def closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_stopped_database_gives_the_outage_page_then_heals(database_at, worker):
    group = GroupFactory(slug="cafe-deuil")
    saved = copy.deepcopy(connection.settings_dict)
    database_at("127.0.0.1", closed_port())
    urls = [page("home"), page("groups:list"), page("groups:detail", slug=group.slug)]
    for url in [*urls, "/healthz"]:
        response, elapsed = worker.get(url)
        assert response.status_code == 503 and elapsed < 1
        if url != "/healthz":
            outage_page(response)

    connection.settings_dict.update(saved)  # the database is back
    for url in urls:
        response, elapsed = worker.get(url)
        assert response.status_code == 200 and elapsed < 1


def test_a_frozen_database_costs_seconds_not_a_worker(database_at, proxy, worker):
    group = GroupFactory(slug="cafe-deuil")
    database_at("127.0.0.1", proxy.port)
    assert worker.get(page("groups:detail", slug=group.slug))[0].status_code == 200

    proxy.frozen.set()
    # The worker's connection was open when the database froze: the watchdog cuts it (the
    # statement limit and its grace), then a new connection gives up (libpq waits at least 2 s).
    response, elapsed = worker.get(page("groups:list"))
    outage_page(response)
    assert elapsed < 1 + db.WATCHDOG_GRACE + 2 + 1
    # A new connection gives up after the connect timeout.
    response, elapsed = worker.get(page("home", "fr"))
    assert response.status_code == 503 and elapsed < 3
    response, elapsed = worker.get("/healthz")
    assert response.status_code == 503 and elapsed < 3

    proxy.frozen.clear()  # thawed: the next request works
    response, elapsed = worker.get(page("groups:detail", slug=group.slug))
    assert response.status_code == 200 and elapsed < 1


def test_management_commands_keep_no_statement_limit(settings):
    """Migrations and imports run long statements on purpose: the limit is the web's."""
    assert not db.web_limits_enabled()
    params = connection.get_connection_params()
    assert "statement_timeout" not in params.get("options", "")
    db.limit_web_requests()
    try:
        assert "statement_timeout=10000" in connection.get_connection_params()["options"]
    finally:
        db.limit_web_requests(False)


def test_the_web_process_limits_its_requests():
    import importlib

    import selfhelp.wsgi

    try:
        importlib.reload(selfhelp.wsgi)
        assert db.web_limits_enabled()
    finally:
        db.limit_web_requests(False)


def test_a_database_error_that_is_a_bug_stays_a_500(monkeypatch):
    from django.db import ProgrammingError

    def broken(*args):
        raise ProgrammingError('relation "groups_theme" does not exist')

    monkeypatch.setattr("selfhelp.views.featured_themes", broken)
    response = Client(raise_request_exception=False).get(page("home"))
    assert response.status_code == 500 and "Retry-After" not in response


def _new_request():
    # What Django does between two requests on a kept connection (CONN_MAX_AGE).
    connection.close_if_unusable_or_obsolete()
    assert not connection.health_check_done


@pytest.mark.django_db(transaction=True)
def test_a_connection_that_just_answered_is_not_checked_again(monkeypatch):
    from selfhelp.db import base

    assert connection.settings_dict["CONN_HEALTH_CHECKS"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")  # answered now
    checks = []
    monkeypatch.setattr(connection, "is_usable", lambda: checks.append("SELECT 1") or True)
    _new_request()
    connection.close_if_health_check_failed()
    assert checks == []  # it answered less than a second ago: no round trip
    later = time.monotonic() + base.HEALTH_CHECK_AFTER_IDLE + 1
    monkeypatch.setattr(base.time, "monotonic", lambda: later)
    _new_request()
    connection.close_if_health_check_failed()
    assert checks == ["SELECT 1"]  # idle for longer: checked as Django does


@pytest.mark.django_db(transaction=True)
def test_a_connection_the_server_closed_while_idle_is_replaced_without_an_error(monkeypatch):
    from django.db import connections

    from selfhelp.db import base

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:  # as a database restart would
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    finally:
        other.close()
    later = time.monotonic() + base.HEALTH_CHECK_AFTER_IDLE + 1
    monkeypatch.setattr(base.time, "monotonic", lambda: later)
    _new_request()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        assert cursor.fetchone()[0] != pid  # a new connection, and no error
