"""A group's page, its calendar file and the contact/join placeholders, as a visitor sees them."""

import datetime
import json
import re

import icalendar
import pytest
import recurring_ical_events
from django.urls import reverse
from django.utils import translation
from ical.calendar_stream import IcsCalendarStream

from groups import ics, schedule
from groups.models import Format, Frequency, LedBy, MeetingBreak, MembershipStatus, Publication
from tests.factories import (
    CantonFactory,
    CategoryFactory,
    CentreFactory,
    GroupFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 24)  # a Tuesday, after the second Tuesday of November
NOW = datetime.datetime(2026, 11, 24, 9, 30, tzinfo=datetime.UTC)
# The page's queries: the group with its canton and centre, its themes with their category, its
# breaks in meetings.
PAGE_QUERIES = 3


def url(name, group, language="en"):
    with translation.override(language):
        return reverse(f"groups:{name}", kwargs={"slug": group.slug})


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch):
    monkeypatch.setattr("groups.views.group._today", lambda: TODAY)
    monkeypatch.setattr("groups.views.group._now", lambda: NOW)


@pytest.fixture
def centre():
    return CentreFactory(
        slug="centre-vaud",
        name_en="Self-help centre Vaud",
        name_de="Selbsthilfezentrum Waadt",
        email="info@centre-vaud.example.org",
        phone="+41 21 555 01 02",
    )


@pytest.fixture
def grief():
    category = CategoryFactory(slug="loss", name_en="Loss and grief", name_de="Verlust")
    return ThemeFactory(slug="grief", parent=category, name_en="Grief", name_de="Trauer")


@pytest.fixture
def listed(facilitator, centre, grief):
    group = GroupFactory(
        name="Deuil et espoir",
        slug="deuil-et-espoir-lausanne",
        description="Nous nous retrouvons pour parler de nos pertes.\n\nChacun parle s'il le veut.",
        languages=["fr", "de"],
        canton=CantonFactory(code="VD", name_en="Vaud", name_de="Waadt"),
        postcode="1003",
        locality="Lausanne",
        meeting_place="Maison de quartier, salle 2",
        led_by=LedBy.PROFESSIONALS,
        format=Format.HYBRID,
        cost="Gratuit, collecte libre",
        accessibility="Accès de plain-pied, WC adapté",
        schedule_note="Pas de rencontre en août.",
        centre=centre,
        contact_email="secret.contact@example.org",
        last_confirmed=datetime.date(2026, 3, 3),
        themes=[grief],
    )
    group.facilitators.add(facilitator)
    return group


def page(client, group, language="en"):
    response = client.get(url("detail", group, language))
    assert response.status_code == 200
    return response.content.decode()


def json_ld(html):
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(match.group(1))


def ics_lines(body):
    """The calendar's logical lines: unfolded (RFC 5545 3.1) and split on CRLF."""
    return body.replace("\r\n ", "").split("\r\n")


# ---- The page ----------------------------------------------------------------------------


def test_the_page_shows_every_fact_a_visitor_needs(client, listed, grief, centre):
    html = page(client, listed)
    assert html.count("<h1") == 1
    assert '<h1 id="group-name">Deuil et espoir</h1>' in html
    assert f'href="{url("theme_detail", grief)}"' in html and ">Grief</a>" in html
    assert "People affected" in html  # audience
    assert "French, German" in html  # meeting languages, named in the visitor's language
    assert "In person and online" in html and "also online" in html  # format
    assert "Professionally accompanied" in html  # leadership
    assert "1003 Lausanne (Vaud)" in html
    assert "Maison de quartier, salle 2" in html  # the public meeting place
    assert "The second Tuesday of the month, 19:00–21:00" in html
    assert "Pas de rencontre en août." in html
    assert '<time datetime="2026-12-08">Tuesday 8 December 2026</time>' in html
    assert '<time datetime="2027-01-12">Tuesday 12 January 2027</time>' in html
    assert "Gratuit, collecte libre" in html and "Accès de plain-pied, WC adapté" in html
    assert "Open to newcomers" in html
    with translation.override("en"):
        centre_url = reverse("groups:centre_detail", args=[centre.slug])
    assert f'href="{centre_url}"' in html and "Self-help centre Vaud" in html
    assert "info@centre-vaud.example.org" in html and 'href="tel:+41215550102"' in html
    assert "Listing last confirmed on 3 March 2026." in html
    assert "may be out of date" not in html


def test_the_calendar_link_warns_that_events_carry_the_name(client, listed):
    html = page(client, listed)
    assert f'href="{url("calendar", listed)}"' in html
    assert "anyone who can see your calendar will see it" in html


def test_contact_and_join_are_offered(client, listed):
    html = page(client, listed)
    assert f'href="{url("contact", listed)}"' in html
    assert f'href="{url("join", listed)}"' in html


def test_the_description_carries_its_own_language(client, listed):
    html = page(client, listed)
    assert '<div class="group-page__description" lang="fr">' in html
    assert "<p>Nous nous retrouvons pour parler de nos pertes.</p>" in html
    assert "The group wrote this in French." in html
    assert "The group wrote this" not in page(client, listed, "fr")


def test_breadcrumbs_lead_back_through_category_and_theme(client, listed, grief):
    html = page(client, listed)
    crumbs = re.search(r'<nav class="breadcrumbs".*?</nav>', html, re.S).group(0)
    assert url("theme_detail", grief.parent) in crumbs and url("theme_detail", grief) in crumbs
    assert '<span aria-current="page">Deuil et espoir</span>' in crumbs


@pytest.mark.parametrize(
    ("status", "wording", "join_label"),
    [
        (MembershipStatus.OPEN, "Open to newcomers", "Ask to join"),
        (MembershipStatus.FORMING, "Being founded", "Ask to join"),
        (MembershipStatus.FULL, "Full — waiting list", "Ask for the waiting list"),
    ],
)
def test_membership_is_said_plainly(client, facilitator, status, wording, join_label):
    group = GroupFactory(status=status)
    group.facilitators.add(facilitator)
    html = page(client, group)
    assert f'<p class="status status--{status}">{wording}</p>' in html
    assert join_label in html


def test_romansh_is_named_too(client):
    html = page(client, GroupFactory(languages=["rm", "de"]))
    assert "Romansh, German" in html


def test_an_old_confirmation_says_the_page_may_be_out_of_date(client):
    html = page(client, GroupFactory(last_confirmed=datetime.date(2025, 11, 23)))
    assert "Listing last confirmed on 23 November 2025." in html
    assert "may be out of date" in html


def test_a_confirmation_of_exactly_twelve_months_is_still_current(client):
    html = page(client, GroupFactory(last_confirmed=datetime.date(2025, 11, 24)))
    assert "may be out of date" not in html


def test_a_listing_never_confirmed_says_so(client):
    html = page(client, GroupFactory(last_confirmed=None))
    assert "has not been confirmed yet" in html and "may be out of date" in html


def test_an_online_group_shows_no_place(client):
    group = GroupFactory(
        format=Format.ONLINE, canton=None, postcode="", locality="", meeting_place=""
    )
    html = page(client, group)
    assert "Online: ask the group how to take part." in html
    assert "Meeting place" in html and "(None)" not in html
    assert "address" not in json_ld(html)


def test_without_a_public_place_the_page_says_the_group_gives_it(client):
    html = page(client, GroupFactory(meeting_place=""))
    assert "The group tells you the exact place when you get in touch." in html


@pytest.mark.parametrize(
    "fields",
    [
        {"frequency": Frequency.IRREGULAR, "weekday": "", "week_of_month": ""},
        {"frequency": Frequency.EVERY_TWO_WEEKS, "week_of_month": ""},
    ],
)
def test_without_known_dates_the_page_says_to_ask_and_offers_no_calendar(client, fields):
    group = GroupFactory(**fields)
    html = page(client, group)
    assert "ask the group for the next date" in html
    assert "<time" not in html
    assert url("calendar", group) not in html
    assert client.get(url("calendar", group)).status_code == 404


def test_the_share_link_is_the_page_itself(client, listed):
    html = page(client, listed)
    absolute = f"http://testserver{url('detail', listed)}"
    assert f'id="share-url" value="{absolute}" readonly' in html
    assert "mailto:?subject=A%20self-help%20group%3A%20Deuil%20et%20espoir&amp;body=" in html
    assert "http%3A%2F%2Ftestserver%2Fen%2Fgroups%2Fdeuil-et-espoir-lausanne%2F" in html


def test_the_page_has_a_print_section(client, listed):
    from pathlib import Path

    html = page(client, listed)
    css = (Path(__file__).resolve().parents[2] / "static" / "css" / "site.css").read_text()
    assert "@media print" in css and ".print-only" in css
    assert 'class="print-only"' in html
    assert f'data-print-url="http://testserver{url("centre_detail", listed.centre)}"' in html


@pytest.mark.parametrize("language", ["fr", "de", "it"])
def test_the_page_in_every_language(client, listed, language):
    html = page(client, listed, language)
    assert f'<html lang="{language}">' in html
    assert "Deuil et espoir" in html


def test_the_page_in_german_names_dates_and_languages_in_german(client, listed):
    html = page(client, listed, "de")
    assert "Dienstag, 8. Dezember 2026" in html
    assert "3. März 2026" in html
    assert "Französisch, Deutsch" in html
    assert "Trauer" in html and "Selbsthilfezentrum Waadt" in html


def test_the_page_in_french_writes_dates_the_french_way(client, listed):
    html = page(client, listed, "fr")
    assert "Mardi 8 décembre 2026" in html
    assert "3 mars 2026" in html


# ---- Who may see it ------------------------------------------------------------------------


@pytest.mark.parametrize("publication", [Publication.DRAFT, Publication.PENDING])
@pytest.mark.parametrize("name", ["detail", "calendar", "contact", "join"])
def test_an_unpublished_group_does_not_exist_for_visitors(client, publication, name):
    group = GroupFactory(publication=publication)
    assert client.get(url(name, group)).status_code == 404


def test_an_unknown_slug_is_not_found(client):
    with translation.override("en"):
        missing = reverse("groups:detail", kwargs={"slug": "no-such-group"})
    assert client.get(missing).status_code == 404


def test_an_archived_group_is_gone_and_points_to_its_theme(client, grief, centre):
    group = GroupFactory(publication=Publication.ARCHIVED, themes=[grief], centre=centre)
    response = client.get(url("detail", group))
    assert response.status_code == 410
    html = response.content.decode()
    assert "This group no longer exists" in html
    assert f'href="{url("theme_detail", grief)}"' in html and "Grief" in html
    with translation.override("en"):
        assert f'href="{reverse("groups:list")}"' in html
    assert 'class="site-header"' in html  # in the site's style, not a bare error
    assert client.get(url("calendar", group)).status_code == 410


# ---- Privacy -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["detail", "contact", "join"])
def test_no_private_email_is_ever_shown(client, listed, facilitator, name):
    html = client.get(url(name, listed)).content.decode()
    assert listed.contact_email not in html
    assert facilitator.email not in html
    assert "secret.contact" not in html


def test_the_calendar_has_no_private_email_either(client, listed, facilitator):
    body = client.get(url("calendar", listed)).content.decode()
    assert listed.contact_email not in body and facilitator.email not in body


# ---- JSON-LD ---------------------------------------------------------------------------------


def test_json_ld_describes_the_group(client, listed):
    data = json_ld(page(client, listed))
    assert data["@type"] == "Organization"
    assert data["name"] == "Deuil et espoir"
    assert data["url"] == f"http://testserver{url('detail', listed)}"
    assert data["address"]["addressLocality"] == "Lausanne"
    assert data["address"]["postalCode"] == "1003"
    assert data["address"]["addressRegion"] == "VD"
    assert "email" not in json.dumps(data)


def test_a_hostile_group_name_cannot_break_out_of_the_json_ld(client):
    name = "</script><script>alert(1)</script>"
    group = GroupFactory(name=name, slug="hostile", description="a & b <!-- c")
    html = page(client, group)
    assert "<script>alert(1)" not in html
    assert html.count("<script") == 1 and html.count("</script>") == 1
    data = json_ld(html)
    assert data["name"] == name
    assert data["description"] == "a & b <!-- c"


# ---- Calendar (.ics) ----------------------------------------------------------------------


def test_the_calendar_is_a_downloadable_icalendar_file(client, listed):
    response = client.get(url("calendar", listed))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="deuil-et-espoir-lausanne.ics"'
    body = response.content.decode()
    assert body.startswith("BEGIN:VCALENDAR\r\n")
    assert body.endswith("END:VCALENDAR\r\n")


def parsed(body):
    """The calendar as a strict parser (`ical`) reads it: a malformed file raises."""
    return IcsCalendarStream.calendar_from_ics(body)


def event_rule(body):
    """The event's RRULE line (the time zone's rules have theirs too)."""
    lines = ics_lines(body)
    event = lines[lines.index("BEGIN:VEVENT") :]
    return next(line for line in event if line.startswith("RRULE:"))


def expanded(body, until):
    """The dates of its events from TODAY to `until`, as a calendar app expands them."""
    events = recurring_ical_events.of(icalendar.Calendar.from_ical(body)).between(TODAY, until)
    return sorted(event["DTSTART"].dt for event in events)


def test_the_calendar_is_one_repeating_event_in_swiss_time(client, listed):
    body = client.get(url("calendar", listed)).content.decode()
    (event,) = parsed(body).events
    assert event.uid == f"{listed.ref}@testserver"
    assert event.dtstart == datetime.datetime(2026, 12, 8, 19, 0, tzinfo=ics.ZONE)
    assert event.dtend == datetime.datetime(2026, 12, 8, 21, 0, tzinfo=ics.ZONE)
    lines = ics_lines(body)
    assert "DTSTART;TZID=Europe/Zurich:20261208T190000" in lines
    assert "BEGIN:VTIMEZONE" in lines and "TZID:Europe/Zurich" in lines
    assert "DTSTAMP:20261124T093000Z" in lines
    rule = event_rule(body)
    assert rule.startswith("RRULE:FREQ=MONTHLY;") and "BYDAY=2TU" in rule and "UNTIL=" in rule
    # The dates a calendar shows are the group page's, meeting after meeting.
    year_on = TODAY + datetime.timedelta(days=365)
    assert expanded(body, year_on) == [
        datetime.datetime.combine(day, datetime.time(19), tzinfo=ics.ZONE)
        for day in schedule.next_meetings(listed, 12, TODAY)
    ]


SCHEDULES = [
    pytest.param(
        {"frequency": Frequency.WEEKLY, "weekday": "thu", "week_of_month": ""},
        "FREQ=WEEKLY",
        "TH",
        id="weekly",
    ),
    pytest.param(
        {"frequency": Frequency.MONTHLY, "weekday": "tue", "week_of_month": "2"},
        "FREQ=MONTHLY",
        "2TU",
        id="second tuesday",
    ),
    pytest.param(
        {"frequency": Frequency.MONTHLY, "weekday": "thu", "week_of_month": "last"},
        "FREQ=MONTHLY",
        "-1TH",
        id="last thursday",
    ),
]


@pytest.mark.parametrize(("fields", "freq", "byday"), SCHEDULES)
def test_every_schedule_with_dates_and_its_breaks_expand_to_the_pages_dates(
    client, fields, freq, byday
):
    group = GroupFactory(**fields)
    # No meetings in July and August, every year; and one cancelled meeting.
    MeetingBreak.objects.create(
        group=group,
        first_day=datetime.date(2027, 7, 1),
        last_day=datetime.date(2027, 8, 31),
        every_year=True,
    )
    cancelled = schedule.next_meetings(group, 3, TODAY)[2]
    MeetingBreak.objects.create(group=group, first_day=cancelled, last_day=cancelled)
    breaks = list(group.breaks.all())

    body = client.get(url("calendar", group)).content.decode()

    assert len(parsed(body).events) == 1
    rule = event_rule(body)
    assert freq in rule and f"BYDAY={byday}" in rule
    assert any(line.startswith("EXDATE;TZID=Europe/Zurich:") for line in ics_lines(body))
    two_years = schedule.horizon(TODAY)
    shown = schedule.next_meetings(group, 200, TODAY, breaks)
    dates = [moment.date() for moment in expanded(body, two_years)]
    assert dates == [day for day in shown if day <= two_years]
    assert cancelled not in dates
    assert not [day for day in dates if day.month in (7, 8)]


def test_the_calendar_uses_crlf_and_folds_long_lines(client, listed):
    listed.name = "Groupe de parole pour les proches de personnes âgées atteintes de démence"
    listed.save()
    body = client.get(url("calendar", listed)).content.decode()
    assert "\n" not in body.replace("\r\n", "")
    assert "\r" not in body.replace("\r\n", "")
    physical = body.split("\r\n")
    assert max(len(line.encode()) for line in physical) <= 75
    assert any(line.startswith(" ") for line in physical)  # the description was folded


def test_the_calendar_escapes_text(client, listed):
    listed.name = "Deuil; parents, amis\\proches"
    listed.save()
    body = client.get(url("calendar", listed)).content.decode()
    lines = ics_lines(body)
    assert "SUMMARY:Deuil\\; parents\\, amis\\\\proches" in lines
    location = "LOCATION:Maison de quartier\\, salle 2\\, 1003 Lausanne (also online)"
    assert location in lines
    description = next(line for line in lines if line.startswith("DESCRIPTION:"))
    assert "\\nPas de rencontre en août.\\n" in description
    assert f"http://testserver{url('detail', listed)}" in description
    assert parsed(body).events[0].summary == "Deuil; parents, amis\\proches"


def test_a_group_without_hours_gets_whole_day_events(client):
    group = GroupFactory(
        start_time=None, end_time=None, frequency=Frequency.WEEKLY, week_of_month=""
    )
    body = client.get(url("calendar", group)).content.decode()
    lines = ics_lines(body)
    assert "DTSTART;VALUE=DATE:20261124" in lines and "DTEND;VALUE=DATE:20261125" in lines
    assert "BEGIN:VTIMEZONE" not in lines
    (event,) = parsed(body).events
    assert event.dtstart == datetime.date(2026, 11, 24)
    assert expanded(body, datetime.date(2026, 12, 9)) == [
        datetime.date(2026, 11, 24),
        datetime.date(2026, 12, 1),
        datetime.date(2026, 12, 8),
    ]


def test_the_page_offers_to_subscribe_to_the_calendar(client, listed):
    html = page(client, listed)
    assert f'href="webcal://testserver{url("calendar", listed)}"' in html


# ---- Queries ---------------------------------------------------------------------------------


@pytest.mark.parametrize("theme_count", [1, 5])
def test_the_page_needs_the_same_queries_whatever_its_themes(
    client, theme_count, django_assert_num_queries
):
    group = GroupFactory(
        themes=ThemeFactory.create_batch(theme_count), centre=CentreFactory(), meeting_place="Salle"
    )
    with django_assert_num_queries(PAGE_QUERIES):
        html = page(client, group)
    tags = re.search(r'<ul class="theme-tags".*?</ul>', html, re.S).group(0)
    assert tags.count("<li>") == theme_count


def test_ask_to_join_only_where_someone_can_answer_on_the_site(client, listed, facilitator):
    assert url("join", listed) in page(client, listed)
    facilitator.is_active = False
    facilitator.save()
    html = page(client, listed)
    assert url("join", listed) not in html
    assert url("contact", listed) in html  # the door that stays open
