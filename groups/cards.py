"""What a group's card shows in every list (the search, a theme, a canton, a centre), fetched
for a page in one query and written without the template engine.

A page shows 20 cards: as model instances with their themes prefetched and each card an
included template, they cost about two thirds of the list's time at 100,000 groups (issue 9,
docs/performance.md). Here one query reads the columns a card shows and its theme ids; the
theme names and canton codes come from the taxonomy the index already holds; the markup is
written in Python, as Django's admin writes the rows of its change lists, each value escaped
(the standard library's html.escape, which Django's escape() wraps).
"""

from dataclasses import dataclass
from html import escape

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import OuterRef
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from . import schedule
from .models import Audience, Format, Group, MembershipStatus

_FIELDS = (
    "pk",
    "slug",
    "name",
    "postcode",
    "locality",
    "canton_id",
    "format",
    "audience",
    "status",
    "frequency",
    "weekday",
    "week_of_month",
    "start_time",
    "end_time",
)


@dataclass(slots=True)
class Card:
    """A group as its card shows it; also what schedule.describe() reads."""

    pk: int
    slug: str
    name: str
    postcode: str
    locality: str
    canton_id: int | None
    format: str
    audience: str
    status: str
    frequency: str
    weekday: str
    week_of_month: str
    start_time: object
    end_time: object
    theme_ids: list
    themes: list = ()  # their names, escaped, in the language of the request
    canton_code: str = ""
    distance_label: str = ""

    def get_absolute_url(self):
        return reverse("groups:detail", kwargs={"slug": self.slug})


def cards(ids, taxonomy):
    """The cards of these groups, in the order of `ids` (those gone since are left out);
    `taxonomy` (groups.taxonomy) names their themes and cantons."""
    links = Group.themes.through.objects.filter(group_id=OuterRef("pk")).values("theme_id")
    rows = (
        Group.objects.filter(pk__in=ids)
        .order_by()  # in the order of `ids`, below: no sort by name in SQL
        .annotate(theme_ids=ArraySubquery(links))
        .values_list(*_FIELDS, "theme_ids")
    )
    found = {row[0]: Card(*row) for row in rows}
    for card in found.values():
        card.themes = taxonomy.themes_of(card.theme_ids)
        canton = taxonomy.canton_by_id.get(card.canton_id)
        card.canton_code = canton.code if canton else ""
    return [found[pk] for pk in ids if pk in found]


def render(cards):
    """The <li> of each card of a list (templates/includes/group_list.html)."""
    words = {
        "where": escape(_("Where")),
        "when": escape(_("When")),
        "whom": escape(_("For whom")),
        "online": escape(_("Online")),
        "also_online": escape(_("also online")),
    }
    audiences = {value: escape(label) for value, label in Audience.choices}
    statuses = {value: escape(label) for value, label in MembershipStatus.choices}
    url = slug_addresses("groups:detail")
    html = [
        _card(card, url(card.slug), escape(schedule.describe(card)), words, audiences, statuses)
        for card in cards
    ]
    return mark_safe("\n".join(html))


def slug_addresses(view_name):
    """A function giving the address of a page named by its slug (a group's, a theme's) in
    the current language, from one reversal: lists of hundreds of links reverse once (a slug
    is letters, digits, hyphens and underscores: nothing to quote)."""
    mark = "slug-mark"
    before, after = reverse(view_name, kwargs={"slug": mark}).split(mark)
    return lambda slug: f"{before}{slug}{after}"


def _card(card, url, when, words, audiences, statuses):
    """One card; `url`, `when` and every value of `words`, `audiences`, `statuses` are
    escaped already."""
    if card.format == Format.ONLINE:
        where = words["online"]
    else:
        where = f"{escape(card.locality)} ({escape(card.canton_code)})"
        if card.format == Format.HYBRID:
            where = f"{where} · {words['also_online']}"
    distance = (
        f'<p class="group-card__distance">{escape(card.distance_label)}</p>'
        if card.distance_label
        else ""
    )
    return (
        f'<li><article class="group-card" aria-labelledby="group-{card.pk}">'
        f'<h3 class="group-card__name" id="group-{card.pk}">'
        f'<a href="{escape(url)}">{escape(card.name)}</a></h3>'
        f'<p class="group-card__themes">{" · ".join(card.themes)}</p>'
        '<dl class="group-card__facts">'
        f"<div><dt>{words['where']}</dt><dd>{where}</dd></div>"
        f"<div><dt>{words['when']}</dt><dd>{when}</dd></div>"
        f"<div><dt>{words['whom']}</dt><dd>{audiences.get(card.audience, '')}</dd></div>"
        f"</dl>{distance}"
        f'<p class="group-card__status status status--{escape(card.status)}">'
        f"{statuses.get(card.status, '')}</p>"
        "</article></li>"
    )
