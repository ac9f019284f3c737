"""The search index: each group's vector and sort name, and the themes' typo-tolerant terms.

Both are kept in SQL, from the rows they are made of (see groups.search.text for how they are
read). Signals (groups/signals.py) refresh them after each save; bulk writes (the CSV import,
the demo generator) call `refresh_groups` themselves, and imports of many themes wrap their
work in `deferred_refresh()` so that the index is rebuilt once, at the end.
"""

import threading
from contextlib import contextmanager

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q

from ..models import Group, Theme, ThemeTerm
from .text import CONFIGS, normalize


def _theme_words(alias):
    """A theme's names and synonyms in every site language, as one text."""
    columns = [
        f"{alias}.{field}_{code}"
        for field in ("name", "synonyms")
        for code in settings.SITE_LANGUAGES
    ]
    return ", ".join(columns)


def _vector(expression, weight):
    return " || ".join(
        f"setweight(to_tsvector('{config}', unaccent(coalesce({expression}, ''))), '{weight}')"
        for config in CONFIGS
    )


def _refresh_sql(only_some):
    """The UPDATE of every group's vector and sort name, or of those in %(ids)s. Two
    statements rather than one with "OR all": the planner can then use the indexes on ids."""
    groups = Group._meta.db_table
    links = Group.themes.through._meta.db_table
    themes = Theme._meta.db_table
    some_links = "WHERE gt.group_id = ANY(%(ids)s)" if only_some else ""
    some_groups = "AND g.id = ANY(%(ids)s)" if only_some else ""
    return f"""
    WITH theme_text AS (
        SELECT gt.group_id,
               replace(string_agg(concat_ws(' ', {_theme_words("th")}, {_theme_words("pa")}), ' '),
                       ';', ' ') AS words
        FROM {links} gt
        JOIN {themes} th ON th.id = gt.theme_id
        LEFT JOIN {themes} pa ON pa.id = th.parent_id
        {some_links}
        GROUP BY gt.group_id
    )
    UPDATE {groups} g SET
        sort_name = lower(unaccent(g.name)),
        search_vector =
            {_vector("g.name", "A")} ||
            {_vector("theme_text.words", "A")} ||
            {_vector("g.locality", "B")} ||
            {_vector("g.description", "C")}
    FROM {groups} g2
    LEFT JOIN theme_text ON theme_text.group_id = g2.id
    WHERE g.id = g2.id {some_groups}
    """


def refresh_groups(group_ids=None):
    """Recompute the search vector and sort name of these groups (all when None), in SQL."""
    if group_ids is None:
        with connection.cursor() as cursor:
            cursor.execute(_refresh_sql(only_some=False))
        return
    ids = list(group_ids)
    if ids:
        with connection.cursor() as cursor:
            cursor.execute(_refresh_sql(only_some=True), {"ids": ids})


def refresh_theme_terms(theme_ids=None):
    """Rebuild the typo-tolerant terms of these themes (all when None) from names and synonyms."""
    themes = Theme.objects.all() if theme_ids is None else Theme.objects.filter(pk__in=theme_ids)
    rows = set()
    for theme in themes:
        for language in settings.SITE_LANGUAGES:
            words = [getattr(theme, f"name_{language}") or ""]
            words += theme.synonym_list(language)
            for word in words:
                term = normalize(word)
                if term:
                    rows.add((theme.pk, term[:200]))
    stale = (
        ThemeTerm.objects.all()
        if theme_ids is None
        else ThemeTerm.objects.filter(theme_id__in=theme_ids)
    )
    with transaction.atomic():
        stale.delete()
        ThemeTerm.objects.bulk_create(ThemeTerm(theme_id=pk, term=term) for pk, term in rows)


def refresh_groups_of_themes(theme_ids):
    """After a theme's names change: its groups' vectors (and those of a category's themes)."""
    through = Group.themes.through
    affected = Q(theme_id__in=theme_ids) | Q(theme__parent_id__in=theme_ids)
    group_ids = through.objects.filter(affected).values_list("group_id", flat=True).distinct()
    refresh_groups(list(group_ids))


class _Deferred(threading.local):
    active = 0
    group_ids: set
    themes_changed = False


_deferred = _Deferred()


@contextmanager
def deferred_refresh():
    """Inside this block, search refreshes asked for by signals wait and run once at the end.

    For imports and bulk edits: without it, saving 200 themes would rebuild every term 200 times.
    """
    if _deferred.active == 0:
        _deferred.group_ids = set()
        _deferred.themes_changed = False
    _deferred.active += 1
    try:
        yield
    finally:
        _deferred.active -= 1
        if _deferred.active == 0:
            if _deferred.themes_changed:
                refresh_theme_terms()
                refresh_groups()
            elif _deferred.group_ids:
                refresh_groups(_deferred.group_ids)


def group_changed(group_ids):
    if _deferred.active:
        _deferred.group_ids.update(group_ids)
    else:
        refresh_groups(group_ids)


def theme_changed(theme_ids):
    if _deferred.active:
        _deferred.themes_changed = True
    else:
        refresh_theme_terms(theme_ids)
        refresh_groups_of_themes(theme_ids)
