"""Report outdated information: a visitor says what is wrong with a listing; the report is
stored, then queued by email to the group's centre (never to its facilitators), and handled in
the admin. The form has the contact form's defences."""

import time

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation
from post_office.models import Email

from groups import reports
from groups.models import Publication, Report, ReportReason
from tests.factories import CentreFactory, GroupFactory

pytestmark = pytest.mark.django_db

REPORT = {"reason": ReportReason.SCHEDULE, "text": "Le groupe se réunit le jeudi maintenant."}


def url(name, group, language="fr"):
    with translation.override(language):
        return reverse(f"groups:{name}", kwargs={"slug": group.slug})


def post(client, group, language="fr", remote_addr="198.51.100.7", **overrides):
    stamp = reports.form_token(group, issued_at=time.time() - 60)
    data = {**REPORT, "email": "", "website": "", "shown": stamp, **overrides}
    return client.post(url("report", group, language), data, REMOTE_ADDR=remote_addr)


@pytest.fixture(autouse=True)
def empty_rate_counters():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def listed(facilitator):
    centre = CentreFactory(email="info@centre-vaud.example.org", languages=["fr", "de"])
    group = GroupFactory(centre=centre, languages=["de"])
    group.facilitators.add(facilitator)
    return group


def test_the_group_page_links_to_the_form(client, listed):
    html = client.get(listed.get_absolute_url()).content.decode()
    assert url("report", listed) in html


def test_the_form_page_is_never_stored_nor_indexed(client, listed):
    response = client.get(url("report", listed))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert '<meta name="robots" content="noindex, follow">' in response.content.decode()
    assert 'name="shown" value="' in response.content.decode()


def test_a_report_is_stored_and_queued_to_the_centre_only(client, listed, mail_queue):
    response = post(client, listed, email="visitor@example.org")

    assert response.status_code == 303
    assert response.url == url("report_sent", listed)
    report = Report.objects.get()
    assert (report.group, report.reason, report.email, report.language) == (
        listed,
        ReportReason.SCHEDULE,
        "visitor@example.org",
        "fr",
    )
    (email,) = report.emails.all()
    assert email.to == ["info@centre-vaud.example.org"]
    # In the group's language, which the centre speaks.
    assert email.subject == "Ein Eintrag, als veraltet gemeldet"
    assert "jeudi" in email.message and "visitor@example.org" in email.message
    with translation.override("de"):
        assert reverse("admin:groups_report_change", args=[report.pk]) in email.message
    assert Email.objects.count() == 1  # nothing to the facilitators
    assert client.get(response.url).status_code == 200


def test_a_group_without_any_centre_keeps_the_report_for_the_admin(client, mail_queue):
    group = GroupFactory(centre=None)  # and no centre serves its canton
    assert post(client, group).status_code == 303
    assert Report.objects.get().group == group
    assert Email.objects.count() == 0


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        pytest.param({"website": "http://spam.example"}, "automatic spam", id="honeypot"),
        pytest.param({"shown": "forged"}, "could not be checked", id="forged stamp"),
        pytest.param({"reason": "nonsense"}, "Select a valid choice", id="unknown reason"),
        pytest.param({"reason": "other", "text": "  "}, "in a few words", id="other, no text"),
        pytest.param({"email": "not-an-address"}, "valid email", id="bad email"),
        pytest.param({"text": "x" * 2001}, "at most 2000", id="too long"),
    ],
)
def test_bad_input_is_refused_clearly_and_nothing_is_stored(client, listed, overrides, expected):
    with translation.override("en"):
        response = post(client, listed, language="en", **overrides)
    assert response.status_code == 400
    assert expected in response.content.decode()
    assert not Report.objects.exists()


def test_too_fast_is_refused_in_the_visitors_language(client, listed):
    response = post(client, listed, language="de", shown=reports.form_token(listed))
    assert response.status_code == 400
    assert "schneller, als ein Mensch schreiben kann" in response.content.decode()
    assert not Report.objects.exists()


def test_one_form_sends_one_report(client, listed):
    stamp = reports.form_token(listed, issued_at=time.time() - 60)
    assert post(client, listed, shown=stamp).status_code == 303
    assert post(client, listed, shown=stamp).status_code == 400
    assert Report.objects.count() == 1


def test_a_connection_sends_a_few_reports_an_hour(client, listed):
    for _ in range(reports.LIMIT_PER_CONNECTION):
        assert post(client, listed).status_code == 303
    response = post(client, listed)
    assert response.status_code == 429
    assert response["Retry-After"] == str(reports.WINDOW)
    assert Report.objects.count() == reports.LIMIT_PER_CONNECTION
    assert post(client, listed, remote_addr="203.0.113.9").status_code == 303


@pytest.mark.parametrize("publication", [Publication.DRAFT, Publication.PENDING])
def test_an_unlisted_group_cannot_be_reported(client, publication):
    group = GroupFactory(publication=publication)
    assert client.get(url("report", group)).status_code == 404
    assert post(client, group).status_code == 404
    assert not Report.objects.exists()


def test_a_group_without_a_centre_is_reported_to_the_centre_serving_its_canton(client, mail_queue):
    from tests.factories import CantonFactory

    vd = CantonFactory(code="VD")
    serving = CentreFactory(name_fr="Centre du canton", email="canton@example.org")
    serving.cantons.set([vd])
    group = GroupFactory(centre=None, canton=vd)

    assert "Centre du canton" in client.get(url("report", group)).content.decode()
    assert post(client, group).status_code == 303
    assert Report.objects.get().emails.get().to == ["canton@example.org"]
