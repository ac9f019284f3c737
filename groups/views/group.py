"""A group's own pages: the listing, its calendar, and the doors to contact and join it."""

import json
from urllib.parse import quote, urlsplit

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _

from selfhelp.pagecache import public_page

from .. import ics, schedule
from ..models import Confirmation, GroupLanguage
from .common import gone, listed_group_or_404

DATES_ON_PAGE = 2

# What Django's json_script escapes, for a <script> whose type json_script cannot set:
# no "</script>" or "<!--" can close or confuse the element, whatever a group is named.
JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def _today():
    # The visitor's day is Swiss (TIME_ZONE), not the server's. Tests replace this function.
    return timezone.localdate()


def _now():
    return timezone.now()


@public_page
def group_detail(request, slug):
    group = listed_group_or_404(slug)
    if group.is_archived:
        return gone(request, group)
    today = _today()
    themes = list(group.themes.all())
    breaks = list(group.breaks.current(today))
    page_url = request.build_absolute_uri(group.get_absolute_url())
    context = {
        "group": group,
        "themes": themes,
        "first_theme": themes[0] if themes else None,
        "languages": _language_names(group.languages),
        "schedule": schedule.describe(group),
        "next_dates": schedule.next_meetings(group, DATES_ON_PAGE, today, breaks),
        "breaks": breaks,
        # Not confirmed for twelve months (or never): the page says it may be out of date.
        "confirmation_is_stale": group.confirmation_state(today) != Confirmation.RECENT,
        "page_url": page_url,
        # The same file, for calendar apps to subscribe to: they fetch it again and follow
        # every change (webcal: is the scheme they open for it).
        "calendar_feed": "webcal://"
        + request.get_host()
        + reverse("groups:calendar", kwargs={"slug": group.slug}),
        "mailto": _mailto(group, page_url),
        "centre_url": _centre_url(request, group.centre),
        "json_ld": _json_ld(group, themes, page_url),
        **schedule.date_formats(),
    }
    return render(request, "groups/detail.html", context)


def group_calendar(request, slug):
    group = listed_group_or_404(slug)
    if group.is_archived:
        return gone(request, group)
    today = _today()
    page_url = request.build_absolute_uri(group.get_absolute_url())
    host = urlsplit(page_url).hostname or "selfhelp"
    breaks = list(group.breaks.current(today)) if schedule.has_dates(group) else []
    body = ics.calendar(group, page_url, host, _now(), today, breaks)
    if body is None:
        # Every other week or irregular: no date we could give would be reliable.
        raise Http404("This group's schedule gives no dates.")
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    # Slugs are ASCII letters, digits and hyphens: safe in a quoted filename.
    response["Content-Disposition"] = f'attachment; filename="{group.slug}.ics"'
    return response


def _language_names(codes):
    """Meeting languages named in the visitor's language ("allemand", "Deutsch", "German")."""
    names = []
    for code in codes:
        try:
            names.append(str(get_language_info(code)["name_translated"]))
        except KeyError:
            # Django has no Romansh; our own choice label is translated as well.
            names.append(str(GroupLanguage(code).label))
    return names


def _mailto(group, page_url):
    subject = _("A self-help group: %(name)s") % {"name": group.name}
    body = f"{group.name}\n{page_url}"
    return f"mailto:?subject={quote(subject, safe='')}&body={quote(body, safe='')}"


def _centre_url(request, centre):
    # Absolute, so that a printed page shows where to find the centre.
    if centre is None:
        return ""
    return request.build_absolute_uri(reverse("groups:centre_detail", args=[centre.slug]))


def _json_ld(group, themes, page_url):
    """schema.org data for search engines: the group as an organisation, never its contacts."""
    data = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": group.name,
        "description": group.description,
        "url": page_url,
        "knowsLanguage": list(group.languages),
        "keywords": ", ".join(theme.name for theme in themes),
    }
    if group.meets_in_person:
        data["address"] = {
            "@type": "PostalAddress",
            "addressLocality": group.locality,
            "postalCode": group.postcode,
            "addressRegion": group.canton.code if group.canton else "",
            "addressCountry": "CH",
        }
    text = json.dumps(data, ensure_ascii=False).translate(JSON_SCRIPT_ESCAPES)
    return mark_safe(text)  # safe: escaped above for a <script> element
