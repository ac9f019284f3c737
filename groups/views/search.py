"""The group list: filters, free-text search, places and distances, counts per filter, pages.

PostgreSQL finds the groups matching a text (its GIN index); the in-memory index
(groups.search.index) filters, counts, orders and pages them; one query fetches the page's
groups.
"""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from selfhelp.pagecache import public_page

from .. import panel
from ..models import Centre, Group
from ..search import index as search_index
from ..search.facets import CHOICE_FACETS
from ..search.filters import (
    RADII,
    SORTS,
    Near,
    clean_params,
    describe_ignored,
    filter_sets,
    results_and_counts,
)
from ..search.ordering import sort_keys
from ..search.text import search_groups
from .common import PAGE_SIZE, OrderedGroups

# A query is cut to its first 200 characters anyway (text.MAX_QUERY_LENGTH): longer ones are
# not kept whole as keys of the index's memory of matches.
MAX_RAW_QUERY = 2000


@public_page
def group_list(request):
    index = search_index.current()
    taxonomy = index.taxonomy
    params = clean_params(request.GET, taxonomy)
    if "near" in params.data and request.GET.get("near") != params.data["near"]:
        return _rounded(request, params.data["near"])
    raw_query = request.GET.get("q", "")[:MAX_RAW_QUERY]
    search, ranks = index.remember(("text", raw_query), lambda: _searched(raw_query))
    if search.query and not search.ranked:
        base = index.positions_of(())  # only common words: nothing to search for
    else:
        base = index.positions_of(ranks) if search.ranked else index.all
    results, counts = results_and_counts(index, base, filter_sets(index, params, taxonomy))

    place = params.place
    sort = _sort(request.GET.get("sort"), searching=search.ranked, place=place)
    keys = sort_keys(
        index,
        sort,
        place=place,
        ranks=ranks,
        language=get_language(),
        today=timezone.localdate(),
        query=raw_query,
    )
    groups = OrderedGroups(index, results, keys, place)
    page = Paginator(groups, PAGE_SIZE).get_page(request.GET.get("page"))
    sorts = _sort_options(searching=search.ranked, place=place)
    chips = _chips(request, params, taxonomy, search.query)
    context = {
        "page": page,
        "search": search,
        "sort": sort,
        "sort_param": request.GET.get("sort", "") if request.GET.get("sort") in dict(sorts) else "",
        "sorts": sorts,
        "notices": describe_ignored(params.ignored),
        "params": params.data,
        "place": place if not isinstance(place, Near) else None,
        "near": place if isinstance(place, Near) else None,
        "radius": params.radius if place is not None else None,
        "radii": RADII,
        "unknown_place": params.unknown_place,
        "theme_options": panel.theme_options(taxonomy, counts, params.data.get("theme", [])),
        "canton_options": panel.canton_options(taxonomy, counts, params.data.get("canton", [])),
        "choice_facets": panel.choice_facets(counts, params.data),
        "chips": chips,
        "named_theme": _named_theme(search, counts),
        "centre": _centre_to_contact(page, params),
        "page_query": _query_without(request, "page"),
        "active_filters": len(chips) - bool(search.query),  # the filters, not the words
    }
    return render(request, "groups/list.html", context)


def _searched(raw_query):
    """What the database's full-text search finds for a query: the result (what the page
    says of the query) and {group id: rank}. Only the index knows which groups are published."""
    search = search_groups(Group.objects.all(), raw_query)
    ranks = dict(search.queryset.order_by().values_list("pk", "rank")) if search.ranked else {}
    return search, ranks


def _rounded(request, near):
    """The same address with the position rounded as the list uses it (about a kilometre)."""
    query = request.GET.copy()
    query["near"] = near
    return redirect(f"{request.path}?{query.urlencode()}")


def _sort_options(searching, place):
    """The first option (empty value) is the natural order: relevance when searching, else
    the distance from a place, else name. Submitting it keeps that meaning when a visitor adds
    words to the search or a place."""
    natural = "relevance" if searching else "distance" if place is not None else "name"
    others = ["name", "distance", "next", "newest"]
    if place is None:
        others.remove("distance")
    return [("", SORTS[natural])] + [(key, SORTS[key]) for key in others if key != natural]


def _sort(requested, searching, place):
    allowed = {"name", "newest", "next"}
    if searching:
        allowed.add("relevance")
    if place is not None:
        allowed.add("distance")
    if requested in allowed:
        return requested
    return "relevance" if searching else "distance" if place is not None else "name"


def _query_without(request, name, value=None):
    """The current query string without one parameter (or one of its values), page reset."""

    def removed(key, item):
        # Canton codes are matched whatever their case, as the filter reads them.
        same = item.strip().upper() == value if key == "canton" else item.strip() == value
        return key == name and (value is None or same)

    pairs = [
        (key, item)
        for key, items in request.GET.lists()
        for item in items
        if key != "page" and not removed(key, item)
    ]
    return urlencode(pairs)


def _chips(request, params, taxonomy, query):
    """The active filters, each a link that removes it."""
    data = params.data
    chips = []
    if query:
        chips.append(
            {"label": _("Search: %(q)s") % {"q": query}, "query": _query_without(request, "q")}
        )
    for slug in data.get("theme", []):
        label = taxonomy.by_slug[slug].name
        chips.append({"label": label, "query": _query_without(request, "theme", slug)})
    for code in data.get("canton", []):
        label = taxonomy.cantons[code].name
        chips.append({"label": label, "query": _query_without(request, "canton", code)})
    if data.get("postcode"):
        chips.append({"label": data["postcode"], "query": _query_without(request, "postcode")})
    if data.get("near"):
        chips.append({"label": _("Near you"), "query": _query_without(request, "near")})
    if params.place is not None and "radius" in data:
        label = _("Within %(km)s km") % {"km": data["radius"]}
        chips.append({"label": label, "query": _query_without(request, "radius")})
    for facet in CHOICE_FACETS:
        value = data.get(facet.name)
        if value in facet.choices.values:
            label = facet.choices(value).label
            chips.append({"label": label, "query": _query_without(request, facet.name)})
    return chips


def _named_theme(search, counts):
    """When the query names a theme: that theme and how many of the results it holds, shown
    first. The counts come from the theme facet, already computed."""
    if not search.themes:
        return None
    theme = search.themes[0]
    kind = "theme" if theme.parent_id else "category"
    return {"theme": theme, "count": counts.get(kind, {}).get(str(theme.pk), 0)}


def _centre_to_contact(page, params):
    """With no result, the regional centre that can help: the canton's, or the place's."""
    if page.paginator.count:
        return None
    place = params.place
    codes = params.data.get("canton") or ([place.canton] if hasattr(place, "canton") else [])
    if not codes:
        return None
    return Centre.objects.filter(cantons__code__in=codes).order_by("slug").first()
