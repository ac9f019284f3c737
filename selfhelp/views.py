import logging

from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache

from groups.search import index as search_index
from groups.taxonomy import alphabetical

from . import checks
from .models import ABOUT, Page
from .pagecache import public_page

logger = logging.getLogger(__name__)

# Enough to offer a few doors in without turning the home page into the list.
FEATURED_THEMES = 8


@public_page
def home(request):
    """The first step: search, a theme, a canton, and why a group can help.
    A fixed number of queries, however many groups and themes there are."""
    index = search_index.current()
    taxonomy = index.taxonomy
    context = {
        "group_count": index.size,
        "theme_count": sum(1 for theme in taxonomy.themes if not theme.is_category),
        "categories": [
            (category, taxonomy.children.get(category.pk, [])) for category in taxonomy.categories
        ],
        "cantons": taxonomy.cantons_sorted(),
        "featured_themes": featured_themes(taxonomy, index),
        # The home shows excerpts of the about page, so one edit in the admin changes both.
        "about": Page.objects.filter(slug=ABOUT).first(),
    }
    return render(request, "pages/home.html", context)


def featured_themes(taxonomy, index, limit=FEATURED_THEMES):
    """The themes the admins flagged; if none, the themes with the most published groups.
    Each carries its number of published groups (`group_count`), from the index."""
    flagged = alphabetical(theme for theme in taxonomy.themes if theme.is_featured)[:limit]
    group_counts = {int(pk): len(groups) for pk, groups in index.values["theme"].items()}
    if flagged:
        themes = flagged
    else:
        leaves = [theme.pk for theme in taxonomy.themes if not theme.is_category]
        counted = [pk for pk in leaves if group_counts.get(pk)]
        busiest = sorted(counted, key=lambda pk: (-group_counts[pk], pk))[:limit]
        themes = alphabetical(taxonomy.by_id[pk] for pk in busiest)
    for theme in themes:
        # A category's groups mostly sit on its themes: counting its own links would mislead.
        theme.group_count = None if theme.is_category else group_counts.get(theme.pk, 0)
    return themes


@never_cache
def healthz(request):
    """200 when the database and the cache answer, 503 when either does not. For load
    balancers and Docker: a process that cannot serve pages must not receive visitors."""
    state = {"database": "ok", "cache": "ok"}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("Health check: the database does not answer")
        state["database"] = "unavailable"
    if state["database"] != "ok" and checks.cache_is_the_database("default"):
        state["cache"] = "unavailable"  # no need to wait for a second time-out
    elif problem := checks.cache_reachable("default"):
        logger.error("Health check: the cache cannot be used: %s", problem)
        state["cache"] = "unavailable"
    if "unavailable" in state.values():
        return JsonResponse({"status": "error", **state}, status=503)
    return JsonResponse({"status": "ok", **state})


@public_page
def about(request):
    page = get_object_or_404(Page, slug=ABOUT)
    return render(request, "pages/about.html", {"page": page})
