"""What a group's card shows in every list (the search, a theme, a canton, a centre), fetched
for a page in one query and written without the template engine.

A page shows 20 cards: as model instances with their themes prefetched and each card an
included template, they cost about two thirds of the list's time at 100,000 groups (issue 9,
docs/performance.md). Here one query reads the columns a card shows and its theme ids; the
theme names and canton codes come from the taxonomy the index already holds; the markup is
written with format_html, as Django's admin writes the rows of its change lists.
"""

from dataclasses import dataclass

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import OuterRef
from django.urls import reverse
from django.utils.html import format_html, format_html_join
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
    labels = {
        "where": _("Where"),
        "when": _("When"),
        "whom": _("For whom"),
        "online": _("Online"),
        "also_online": _("also online"),
    }
    audiences = {value: str(label) for value, label in Audience.choices}
    statuses = {value: str(label) for value, label in MembershipStatus.choices}
    return format_html_join(
        "\n",
        "<li>{}</li>",
        ((_card(card, labels, audiences, statuses),) for card in cards),
    )


def _card(card, labels, audiences, statuses):
    if card.format == Format.ONLINE:
        where = labels["online"]
    else:
        where = format_html("{} ({})", card.locality, card.canton_code)
        if card.format == Format.HYBRID:
            where = format_html("{} · {}", where, labels["also_online"])
    distance = (
        format_html('<p class="group-card__distance">{}</p>', card.distance_label)
        if card.distance_label
        else ""
    )
    return format_html(
        '<article class="group-card" aria-labelledby="group-{pk}">'
        '<h3 class="group-card__name" id="group-{pk}"><a href="{url}">{name}</a></h3>'
        '<p class="group-card__themes">{themes}</p>'
        '<dl class="group-card__facts">'
        "<div><dt>{where_label}</dt><dd>{where}</dd></div>"
        "<div><dt>{when_label}</dt><dd>{when}</dd></div>"
        "<div><dt>{whom_label}</dt><dd>{whom}</dd></div>"
        "</dl>{distance}"
        '<p class="group-card__status status status--{status}">{status_label}</p>'
        "</article>",
        pk=card.pk,
        url=card.get_absolute_url(),
        name=card.name,
        themes=mark_safe(" · ".join(card.themes)),
        where_label=labels["where"],
        where=where,
        when_label=labels["when"],
        when=schedule.describe(card),
        whom_label=labels["whom"],
        whom=audiences.get(card.audience, ""),
        distance=distance,
        status=card.status,
        status_label=statuses.get(card.status, ""),
    )
