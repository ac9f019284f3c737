"""The facets of the group list, in one registry: what each filter is called in the address,
how a person reads it, its values, how it widens, and how its options are counted.

The filter set (groups.search.filters), the counts (below), the filter panel, the chips and the
notices about values left out (groups.views.search) all read FACETS: a new facet is one entry
here (and, for a facet of a new kind, the code of that kind).
"""

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.utils.translation import gettext_lazy as _

from selfhelp import pagecache

from ..models import Audience, Format, Group, GroupLanguage, LedBy, MembershipStatus, Theme, Weekday

# How a facet's options are counted.
COLUMN = "column"  # one value per group, in a column: GROUPING SETS over the results
ARRAY = "array"  # several values per group, in an array column: unnest
THEMES = "themes"  # through the theme links, per theme and per category
NOT_COUNTED = None  # a place: no options to count


@dataclass(frozen=True)
class Facet:
    name: str  # the GET parameter, part of the public contract
    label: object  # how a notice names it: "We did not recognise the <label> ..."
    counted: str | None
    column: str = ""
    legend: object = None  # the filter panel's heading, for the facets of fixed choices
    choices: type | None = None  # a TextChoices class
    multiple: bool = False  # repeatable in the address (?theme=a&theme=b)
    # Choosing a value keeps the groups of these values too: a visitor who is affected also
    # finds the groups open to both; one who wants to meet in person, the hybrid groups.
    widens: tuple = ()

    def matches(self, value):
        """The stored values that choosing `value` keeps."""
        return dict(self.widens).get(value, (value,))


FACETS = (
    Facet("theme", _("theme"), THEMES, multiple=True),
    Facet("canton", _("canton"), COLUMN, column="canton_id", multiple=True),
    Facet("postcode", _("postcode or locality"), NOT_COUNTED),
    Facet(
        "language",
        _("language"),
        ARRAY,
        column="languages",
        legend=_("Meeting language"),
        choices=GroupLanguage,
    ),
    Facet(
        "audience",
        _("audience"),
        COLUMN,
        column="audience",
        legend=_("For whom"),
        choices=Audience,
        widens=(
            (Audience.AFFECTED, (Audience.AFFECTED, Audience.BOTH)),
            (Audience.RELATIVES, (Audience.RELATIVES, Audience.BOTH)),
        ),
    ),
    Facet(
        "format",
        _("format"),
        COLUMN,
        column="format",
        legend=_("Format"),
        choices=Format,
        widens=(
            (Format.IN_PERSON, (Format.IN_PERSON, Format.HYBRID)),
            (Format.ONLINE, (Format.ONLINE, Format.HYBRID)),
        ),
    ),
    Facet(
        "led_by", _("leadership"), COLUMN, column="led_by", legend=_("Leadership"), choices=LedBy
    ),
    Facet(
        "status",
        _("status"),
        COLUMN,
        column="status",
        legend=_("Membership"),
        choices=MembershipStatus,
    ),
    Facet("weekday", _("weekday"), COLUMN, column="weekday", legend=_("Weekday"), choices=Weekday),
)
BY_NAME = {facet.name: facet for facet in FACETS}
COUNTED = tuple(facet.name for facet in FACETS if facet.counted)
CHOICE_FACETS = tuple(facet for facet in FACETS if facet.choices)


def option_count(counts, name, value):
    """The number of groups an option would give, with the same widening as the filter."""
    raw = counts.get(name, {})
    return sum(raw.get(str(stored), 0) for stored in BY_NAME[name].matches(value))


# ---- Counting in SQL ------------------------------------------------------------------------


def facet_counts(queryset, names, total=False):
    """How many groups of `queryset` fall under each value of each named facet, in ONE query.

    Returns {facet: {value: count}}; theme counts come as {"theme": {id: n}} for themes and
    {"category": {id: n}} for categories (a group counted once per category); with total=True
    also {"total": n}, so that the page needs no separate COUNT.
    """
    facets = [BY_NAME[name] for name in names if name in COUNTED]
    counts = {facet.name: {} for facet in facets}
    if any(facet.counted == THEMES for facet in facets):
        counts["category"] = {}
    if not facets and not total:
        return counts
    columns = ["id", *dict.fromkeys(f.column for f in FACETS if f.column)]
    try:
        base_sql, params = queryset.order_by().values(*columns).query.sql_with_params()
    except EmptyResultSet:  # a filter that can match nothing, e.g. an unknown place
        return {**counts, "total": 0} if total else counts
    parts = [_column_facets_sql([f for f in facets if f.counted == COLUMN], total)]
    parts += [_array_sql(f) for f in facets if f.counted == ARRAY]
    if any(facet.counted == THEMES for facet in facets):
        parts += _themes_sql()
    sql = f"WITH base AS MATERIALIZED ({base_sql}) " + " UNION ALL ".join(p for p in parts if p)
    for name, value, count in _cached_rows(sql, params):
        if name == "total":
            counts["total"] = count
        else:
            counts[name][value] = count
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


def _column_facets_sql(facets, total):
    """One pass over the results for every plain column, with GROUPING SETS; the empty set
    gives the total. GROUPING() tells which set a row belongs to."""
    columns = [facet.column for facet in facets]
    sets = [f"({column})" for column in columns] + (["()"] if total else [])
    if not sets:
        return ""
    if not columns:
        return "SELECT 'total', '', count(*) FROM base"
    full = (1 << len(columns)) - 1
    names = " ".join(
        f"WHEN {full ^ (1 << (len(columns) - 1 - i))} THEN '{facet.name}'"
        for i, facet in enumerate(facets)
    )
    value = f"coalesce({', '.join(f'{c}::text' for c in columns)})"
    return (
        f"SELECT CASE GROUPING({', '.join(columns)}) {names} ELSE 'total' END, {value}, count(*)"
        f" FROM base GROUP BY GROUPING SETS ({', '.join(sets)})"
    )


def _array_sql(facet):
    return (
        f"SELECT '{facet.name}', item, count(*) FROM base, unnest(base.{facet.column}) AS item"
        " GROUP BY item"
    )


def _themes_sql():
    links, themes = Group.themes.through._meta.db_table, Theme._meta.db_table
    per_theme = (
        "SELECT 'theme', t.theme_id::text, count(*) FROM base"
        f" JOIN {links} t ON t.group_id = base.id GROUP BY t.theme_id"
    )
    per_category = (
        "SELECT 'category', coalesce(th.parent_id, th.id)::text, count(DISTINCT base.id)"
        f" FROM base JOIN {links} t ON t.group_id = base.id JOIN {themes} th ON th.id = t.theme_id"
        " GROUP BY coalesce(th.parent_id, th.id)"
    )
    return [per_theme, per_category]
