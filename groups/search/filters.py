"""The group list's filters and their counts.

The GET parameters are a public contract (partner sites link to them): q, theme (slug,
repeatable), canton (code, repeatable), postcode, language, audience, format, led_by, status,
weekday, sort, page. Unknown values are dropped and reported, never an error.
"""

import hashlib
from dataclasses import dataclass, field

import django_filters
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from selfhelp import pagecache

from ..models import Audience, Format, Group, GroupLanguage, LedBy, MembershipStatus, Weekday
from . import places

MULTI_VALUED = ("theme", "canton")
SINGLE_VALUED = ("postcode", "language", "audience", "format", "led_by", "status", "weekday")
FACETS = ("theme", "canton", "language", "audience", "format", "led_by", "status", "weekday")
SORTS = {
    "relevance": gettext_lazy("Relevance"),
    "name": gettext_lazy("Name"),
    "newest": gettext_lazy("Newest"),
}

# A visitor who is affected looks for groups for the affected and for groups open to both;
# someone who wants to meet in person also finds hybrid groups. Counts follow the same rule.
AUDIENCE_MATCHES = {
    Audience.AFFECTED: [Audience.AFFECTED, Audience.BOTH],
    Audience.RELATIVES: [Audience.RELATIVES, Audience.BOTH],
    Audience.BOTH: [Audience.BOTH],
}
FORMAT_MATCHES = {
    Format.IN_PERSON: [Format.IN_PERSON, Format.HYBRID],
    Format.ONLINE: [Format.ONLINE, Format.HYBRID],
    Format.HYBRID: [Format.HYBRID],
}


class GroupFilter(django_filters.FilterSet):
    """Every filter but the free text (see groups.search.text) and the sort order."""

    theme = django_filters.MultipleChoiceFilter(method="filter_theme")
    canton = django_filters.MultipleChoiceFilter(method="filter_canton")
    postcode = django_filters.CharFilter(method="filter_place", max_length=80)
    language = django_filters.ChoiceFilter(choices=GroupLanguage.choices, method="filter_language")
    audience = django_filters.ChoiceFilter(choices=Audience.choices, method="filter_audience")
    format = django_filters.ChoiceFilter(choices=Format.choices, method="filter_format")
    led_by = django_filters.ChoiceFilter(choices=LedBy.choices)
    status = django_filters.ChoiceFilter(choices=MembershipStatus.choices)
    weekday = django_filters.ChoiceFilter(choices=Weekday.choices)

    class Meta:
        model = Group
        fields = []

    def __init__(self, *args, taxonomy, **kwargs):
        super().__init__(*args, **kwargs)
        self.taxonomy = taxonomy
        self.filters["theme"].extra["choices"] = [(slug, slug) for slug in taxonomy.by_slug]
        self.filters["canton"].extra["choices"] = [(code, code) for code in taxonomy.cantons]

    def filter_theme(self, queryset, name, slugs):
        return queryset.in_themes(self.taxonomy.by_slug[slug].pk for slug in slugs)

    def filter_canton(self, queryset, name, codes):
        return queryset.filter(canton_id__in=[self.taxonomy.cantons[c].pk for c in codes])

    def filter_place(self, queryset, name, value):
        place = places.resolve(value)
        if place is None:
            return queryset.none()
        return queryset.filter(Q(postcode=place.postcode) | Q(locality__iexact=place.locality))

    def filter_language(self, queryset, name, value):
        return queryset.filter(languages__contains=[value])

    def filter_audience(self, queryset, name, value):
        return queryset.filter(audience__in=AUDIENCE_MATCHES[value])

    def filter_format(self, queryset, name, value):
        return queryset.filter(format__in=FORMAT_MATCHES[value])


@dataclass
class CleanParams:
    """The request's filter parameters with unknown values dropped, and what was dropped."""

    data: dict
    ignored: list = field(default_factory=list)

    def active(self, name):
        value = self.data.get(name)
        return bool(value) if not isinstance(value, list) else bool([v for v in value if v])

    def without(self, name):
        return {key: value for key, value in self.data.items() if key != name}


def clean_params(query_dict, taxonomy):
    """Keep only known parameter values; say politely what was ignored."""
    data, ignored = {}, []
    for name in MULTI_VALUED:
        values = [v.strip() for v in query_dict.getlist(name) if v.strip()]
        if name == "canton":
            values = [v.upper() for v in values]
        known = taxonomy.by_slug if name == "theme" else taxonomy.cantons
        kept = list(dict.fromkeys(v for v in values if v in known))
        ignored += [(name, v) for v in values if v not in known]
        if kept:
            data[name] = kept
    for name in SINGLE_VALUED:
        value = query_dict.get(name, "").strip()
        if value:
            data[name] = value
    return CleanParams(data=data, ignored=ignored)


def describe_ignored(ignored, form_errors):
    """Plain-words notices for the values the page could not use."""
    labels = {
        "theme": _("theme"),
        "canton": _("canton"),
        "postcode": _("postcode or locality"),
        "language": _("language"),
        "audience": _("audience"),
        "format": _("format"),
        "led_by": _("leadership"),
        "status": _("status"),
        "weekday": _("weekday"),
    }
    notices = [
        _("We did not recognise the %(filter)s “%(value)s” and left it out.")
        % {"filter": labels[name], "value": value[:40]}
        for name, value in ignored
    ]
    for name in form_errors:
        if name in labels:
            notices.append(
                _("We did not recognise the %(filter)s you chose and left it out.")
                % {"filter": labels[name]}
            )
    return notices


SIMPLE_FACETS = ("audience", "format", "led_by", "status", "weekday", "canton")
_COLUMN = {"canton": "canton_id"}


def facet_counts(queryset, facets, total=False):
    """How many groups of `queryset` fall under each value of each facet, in ONE query.

    Returns {facet: {value: count}}; theme counts come as {"theme": {id: n}} for themes and
    {"category": {id: n}} for categories (a group counted once per category); with total=True
    also {"total": n}, so that the page needs no separate COUNT.
    """
    facets = [f for f in facets if f in FACETS]
    counts = {facet: {} for facet in facets}
    if "theme" in facets:
        counts["category"] = {}
    if not facets and not total:
        return counts
    columns = ("id", "audience", "format", "led_by", "status", "weekday", "canton_id", "languages")
    try:
        base_sql, params = queryset.order_by().values(*columns).query.sql_with_params()
    except EmptyResultSet:  # a filter that can match nothing, e.g. an unknown place
        return {**counts, "total": 0} if total else counts
    parts = [_simple_facets_sql([f for f in facets if f in SIMPLE_FACETS], total)]
    if "theme" in facets:
        parts += [_THEME_SQL, _CATEGORY_SQL]
    if "language" in facets:
        parts.append(_LANGUAGE_SQL)
    sql = f"WITH base AS MATERIALIZED ({base_sql}) " + " UNION ALL ".join(p for p in parts if p)
    for facet, value, count in _cached_rows(sql, params):
        if facet == "total":
            counts["total"] = count
        else:
            counts[facet][value] = count
    if total:
        counts.setdefault("total", 0)
    return counts


def _cached_rows(sql, params):
    """Counting 100,000 groups takes a while, and the same counts serve many pages: the whole
    directory's, a canton's without its own filter... They are kept like public pages are, and
    go stale with them when anything they count changes."""
    seconds = settings.PAGE_CACHE_SECONDS
    if seconds <= 0:
        return _rows(sql, params)
    digest = hashlib.sha256(repr((sql, params)).encode()).hexdigest()
    key = f"facets:{pagecache.version()}:{digest}"
    rows = cache.get(key)
    if rows is None:
        rows = _rows(sql, params)
        cache.set(key, rows, seconds)
    return rows


def _rows(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _simple_facets_sql(facets, total):
    """One pass over the results for every plain column, with GROUPING SETS; the empty set
    gives the total. GROUPING() tells which set a row belongs to."""
    columns = [_COLUMN.get(f, f) for f in facets]
    sets = [f"({column})" for column in columns] + (["()"] if total else [])
    if not sets:
        return ""
    if not columns:
        return "SELECT 'total', '', count(*) FROM base"
    full = (1 << len(columns)) - 1
    names = " ".join(
        f"WHEN {full ^ (1 << (len(columns) - 1 - i))} THEN '{facet}'"
        for i, facet in enumerate(facets)
    )
    value = f"coalesce({', '.join(f'{c}::text' for c in columns)})"
    return (
        f"SELECT CASE GROUPING({', '.join(columns)}) {names} ELSE 'total' END, {value}, count(*)"
        f" FROM base GROUP BY GROUPING SETS ({', '.join(sets)})"
    )


_THEME_SQL = (
    "SELECT 'theme', t.theme_id::text, count(*) FROM base"
    " JOIN groups_group_themes t ON t.group_id = base.id GROUP BY t.theme_id"
)
_CATEGORY_SQL = (
    "SELECT 'category', coalesce(th.parent_id, th.id)::text, count(DISTINCT base.id) FROM base"
    " JOIN groups_group_themes t ON t.group_id = base.id"
    " JOIN groups_theme th ON th.id = t.theme_id"
    " GROUP BY coalesce(th.parent_id, th.id)"
)
_LANGUAGE_SQL = (
    "SELECT 'language', lang, count(*) FROM base, unnest(base.languages) AS lang GROUP BY lang"
)


def option_count(counts, facet, value):
    """The number of groups an option would give, with the same widening as the filter."""
    raw = counts.get(facet, {})
    matches = {"audience": AUDIENCE_MATCHES, "format": FORMAT_MATCHES}.get(facet)
    if matches:
        return sum(raw.get(str(v), 0) for v in matches.get(value, [value]))
    return raw.get(str(value), 0)
