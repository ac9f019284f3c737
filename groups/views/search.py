"""The group list: filters, free-text search, counts per filter, pagination."""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext as _

from selfhelp.pagecache import public_page

from ..models import Centre, Group
from ..search import places
from ..search.facets import CHOICE_FACETS, COUNTED, facet_counts, option_count
from ..search.filters import SORTS, GroupFilter, clean_params, describe_ignored
from ..search.text import search_groups
from ..taxonomy import Taxonomy
from .common import PAGE_SIZE


@public_page
def group_list(request):
    taxonomy = Taxonomy()
    params = clean_params(request.GET, taxonomy)
    search = search_groups(Group.objects.published(), request.GET.get("q", ""))
    filterset = GroupFilter(params.data, queryset=search.queryset, taxonomy=taxonomy)
    results = filterset.qs

    counts = _counts(results, params, search.queryset, taxonomy)
    sort = _sort(request.GET.get("sort"), searching=search.ranked)
    paginator = Paginator(_ordered(results, sort), PAGE_SIZE)
    paginator.count = counts["total"]  # counted with the facets: no separate COUNT query
    page = paginator.get_page(request.GET.get("page"))
    page.object_list = page.object_list.for_list()
    place = places.resolve(params.data.get("postcode", ""))
    context = {
        "page": page,
        "search": search,
        "sort": sort,
        "sort_param": request.GET.get("sort", "") if request.GET.get("sort") in SORTS else "",
        "sorts": _sort_options(searching=search.ranked),
        "notices": describe_ignored(params.ignored, filterset.form.errors),
        "params": params.data,
        "place": place,
        "unknown_place": bool(params.data.get("postcode")) and place is None,
        "theme_options": _theme_options(taxonomy, counts, params.data.get("theme", [])),
        "canton_options": _canton_options(taxonomy, counts, params.data.get("canton", [])),
        "choice_facets": _choice_facets(counts, params.data),
        "chips": _chips(request, params.data, taxonomy, search.query),
        "named_theme": _named_theme(search, counts),
        "centre": _centre_to_contact(page, params.data, place),
        "page_query": _query_without(request, "page"),
    }
    return render(request, "groups/list.html", context)


def _sort_options(searching):
    """The first option (empty value) is the natural order: relevance when searching, else
    name. Submitting it keeps that meaning when a visitor adds words to the search."""
    if searching:
        return [("", SORTS["relevance"]), ("name", SORTS["name"]), ("newest", SORTS["newest"])]
    return [("", SORTS["name"]), ("newest", SORTS["newest"])]


def _sort(requested, searching):
    if requested in SORTS and (requested != "relevance" or searching):
        return requested
    return "relevance" if searching else "name"


def _ordered(results, sort):
    if sort == "relevance":
        return results.order_by("-rank", "sort_name", "pk")
    if sort == "newest":
        return results.order_by("-created_at", "pk")
    return results.order_by("sort_name", "pk")


def _counts(results, params, searched, taxonomy):
    """Each option's count is what choosing it would give: the other filters stay, its own goes.

    Facets with no value chosen share the result set, so they are counted together in one query;
    each facet with a value chosen needs one more query over the results without it.
    """
    inactive = [name for name in COUNTED if not params.active(name)]
    counts = facet_counts(results, inactive, total=True)
    for facet in COUNTED:
        if facet in inactive:
            continue
        others = GroupFilter(params.without(facet), queryset=searched, taxonomy=taxonomy)
        counts.update(facet_counts(others.qs, [facet]))
    return counts


def _theme_options(taxonomy, counts, selected):
    options = []
    for category in taxonomy.categories:
        children = [
            {
                "slug": theme.slug,
                "name": theme.name,
                "count": counts.get("theme", {}).get(str(theme.pk), 0),
                "selected": theme.slug in selected,
            }
            for theme in taxonomy.children.get(category.pk, [])
        ]
        options.append(
            {
                "slug": category.slug,
                "name": category.name,
                "count": counts.get("category", {}).get(str(category.pk), 0),
                "selected": category.slug in selected,
                "children": children,
            }
        )
    return options


def _canton_options(taxonomy, counts, selected):
    return [
        {
            "code": canton.code,
            "name": canton.name,
            "count": counts.get("canton", {}).get(str(canton.pk), 0),
            "selected": canton.code in selected,
        }
        for canton in taxonomy.cantons_sorted()
    ]


def _choice_facets(counts, data):
    return [
        {
            "name": facet.name,
            "legend": facet.legend,
            "options": [
                {
                    "value": value,
                    "label": label,
                    "count": option_count(counts, facet.name, value),
                    "selected": data.get(facet.name) == value,
                }
                for value, label in facet.choices.choices
            ],
            "any": not data.get(facet.name),
        }
        for facet in CHOICE_FACETS
    ]


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


def _chips(request, data, taxonomy, query):
    """The active filters, each a link that removes it."""
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


def _centre_to_contact(page, data, place):
    """With no result, the regional centre that can help: the canton's, or the place's."""
    if page.paginator.count:
        return None
    codes = data.get("canton") or ([place.canton] if place else [])
    if not codes:
        return None
    return Centre.objects.filter(cantons__code__in=codes).order_by("slug").first()
