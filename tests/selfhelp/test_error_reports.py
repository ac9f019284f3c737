"""Server error reports: no secret and nothing personal in them, and no flood of them.

Defects found from outside: the report mailed (and stored in the mail queue) on a server error
carried DATABASE_URL with its password; every request naming a foreign host, and every 500,
queued one more email to the admins.
"""

import logging
import sys

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.views.debug import ExceptionReporter
from post_office.models import Email

from selfhelp import error_reports
from tests.factories import GroupFactory

pytestmark = pytest.mark.django_db

SECRETS = {
    "DATABASE_URL": ("postgres://selfhelp:db-pw-Secr3t@db.internal:5432/selfhelp", "db-pw-Secr3t"),
    "REDIS_URL": ("redis://:redis-pw-Secr3t@cache.internal:6379/0", "redis-pw-Secr3t"),
    "EMAIL_HOST_PASSWORD": ("smtp-pw-Secr3t", "smtp-pw-Secr3t"),
    "SECRET_KEY": ("k" * 40 + "-secret-key-Secr3t", "secret-key-Secr3t"),
}
HEALTH_TEXT = "Je vis avec une dépression depuis deux ans"


@pytest.fixture
def configured(settings):
    settings.ADMINS = [("Ops", "ops@example.org")]
    for name, (value, _secret) in SECRETS.items():
        setattr(settings, name, value)
    return settings


def reports():
    return list(Email.objects.filter(to__icontains="ops@example.org"))


def crash_home(monkeypatch, message="boom"):
    """Make the home page fail the way real code does, with secrets within reach."""
    from django.conf import settings

    def broken_taxonomy(*args):
        url = settings.DATABASE_URL  # a local variable Django's report would print
        raise RuntimeError(f"{message}: cannot reach {settings.REDIS_URL} ({url})")

    monkeypatch.setattr("selfhelp.views.featured_themes", broken_taxonomy)


def home_url():
    with translation.override("fr"):
        return reverse("home")


def assert_no_secret(text):
    for name, (_value, secret) in SECRETS.items():
        assert secret not in text, f"the secret of {name} is in the report"


def test_a_server_error_report_holds_no_secret(configured, monkeypatch):
    crash_home(monkeypatch)
    # Under runserver the request's environment holds the process's: DATABASE_URL included.
    response = Client(raise_request_exception=False).get(
        home_url(), {"q": "dépression"}, DATABASE_URL=SECRETS["DATABASE_URL"][0]
    )
    assert response.status_code == 500
    [report] = reports()
    text = f"{report.subject}\n{report.message}\n{report.html_message or ''}"
    assert_no_secret(text)
    # What the admins need: what broke, where, on which page.
    assert "RuntimeError" in text and "selfhelp/views.py" in text
    assert "GET /fr/" in text and "Parameters: q" in text
    assert "dépression" not in text  # what a visitor searched for says what they live with


def test_a_report_holds_nothing_a_visitor_wrote(configured, monkeypatch, group):
    def failing_send(*args, **kwargs):
        raise RuntimeError("the queue broke")

    monkeypatch.setattr("groups.contact.send_contact_message", failing_send)
    from tests.groups.test_contact import post

    response = post(Client(raise_request_exception=False), group, message=HEALTH_TEXT)
    assert response.status_code == 500
    [report] = reports()
    assert HEALTH_TEXT not in report.message and "alex@example.org" not in report.message
    assert "Parameters: email, message, name, shown, website" in report.message


def test_djangos_own_report_hides_every_credential(configured):
    """The DEBUG page and anything else built on Django's reporter: settings, environment."""
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        exc_info = sys.exc_info()
    request = Client().get(home_url()).wsgi_request
    request.META["DATABASE_URL"] = SECRETS["DATABASE_URL"][0]
    reporter = ExceptionReporter(request, *exc_info)
    assert_no_secret(reporter.get_traceback_text())
    assert_no_secret(reporter.get_traceback_html())
    safe = error_reports.ReportFilter().get_safe_settings()
    for name in ("DATABASE_URL", "REDIS_URL", "CACHES", "DATABASES", "EMAIL_HOST_PASSWORD"):
        assert safe[name] == error_reports.ReportFilter.cleansed_substitute, name


def test_a_foreign_host_is_logged_never_mailed(configured, caplog):
    client = Client(HTTP_HOST="evil.example")
    with caplog.at_level(logging.WARNING, logger="django.security.DisallowedHost"):
        for _ in range(100):
            assert client.get(home_url()).status_code == 400
    assert reports() == []
    assert any("evil.example" in r.getMessage() for r in caplog.records)


def test_a_strangers_overlong_address_is_logged_never_mailed(configured, caplog):
    # Signing in would send them back to this address: too long to be a redirect.
    with translation.override("fr"):
        url = reverse("groups:my_alerts")
    with caplog.at_level(logging.WARNING, logger="django.security"):
        for _ in range(20):
            response = Client().get(url, {"theme": "x" * 20000})
            assert response.status_code == 400
    assert reports() == []
    assert any("redirect" in r.getMessage() for r in caplog.records)


def test_the_same_error_is_mailed_once_per_interval(configured, monkeypatch):
    crash_home(monkeypatch)
    client = Client(raise_request_exception=False)
    for _ in range(100):
        assert client.get(home_url()).status_code == 500
    assert len(reports()) == 1


def test_different_errors_are_each_mailed_up_to_a_limit(configured, monkeypatch):
    configured.ERROR_MAIL_LIMIT = 2
    client = Client(raise_request_exception=False)
    crash_home(monkeypatch)
    client.get(home_url())
    monkeypatch.setattr("groups.views.browse._by_letter", lambda *args: 1 / 0)
    with translation.override("fr"):
        client.get(reverse("groups:theme_index"))
        GroupFactory(slug="cafe")
        monkeypatch.setattr("groups.views.group.schedule.describe", lambda group: [][1])
        client.get(reverse("groups:detail", args=["cafe"]))
    subjects = [report.subject for report in reports()]
    assert len(subjects) == 2  # a third kind of error, but the limit is two per interval


def test_the_throttle_holds_when_the_cache_is_down(configured, monkeypatch):
    def down(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(error_reports.cache, "add", down)
    monkeypatch.setattr(error_reports.throttle, "_local", {})
    crash_home(monkeypatch)
    client = Client(raise_request_exception=False)
    for _ in range(20):
        client.get(home_url())
    assert len(reports()) == 1


def test_a_report_that_cannot_be_queued_does_not_break_the_error_page(configured, monkeypatch):
    def queue_down(*args, **kwargs):
        raise ConnectionError("database down")

    monkeypatch.setattr(error_reports.mail, "mail_admins", queue_down)
    crash_home(monkeypatch)
    response = Client(raise_request_exception=False).get(home_url())
    assert response.status_code == 500
    assert "Un problème est survenu de notre côté" in response.content.decode()


def test_the_log_on_standard_output_holds_no_secret(configured, monkeypatch):
    [handler] = [h for h in logging.getLogger().handlers if h.name == "stdout"]
    crash_home(monkeypatch)
    records = []
    monkeypatch.setattr(handler, "emit", lambda record: records.append(handler.format(record)))
    Client(raise_request_exception=False).get(home_url())
    [line] = [r for r in records if "Internal Server Error" in r]
    assert "RuntimeError: boom: cannot reach" in line
    assert_no_secret(line)
