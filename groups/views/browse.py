"""Browsing pages: themes A–Z, a theme, cantons, a canton, centres, a centre.

Every page runs a fixed number of queries whatever the number of groups: counts and the order
of the groups come from the in-memory index (groups.search.index), a page's groups from one
query (groups.cards).
"""

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from selfhelp.pagecache import public_page

from ..models import Canton, Centre, GroupLanguage, Theme
from ..search import index as search_index
from ..search.facets import count_options
from ..search.text import normalize
from ..taxonomy import alphabetical
from .common import PAGE_SIZE, OrderedGroups


@dataclass(frozen=True)
class ThemeLink:
    """A theme as a theme page links to it: its slug, name and number of published groups."""

    slug: str
    name: str
    group_count: int


# Letters of the index always shown, so that the index keeps its shape from page to page.
ALPHABET = [chr(code) for code in range(ord("A"), ord("Z") + 1)]


@public_page
def theme_index(request):
    index = search_index.current()
    taxonomy = index.taxonomy
    counts = count_options(index, index.all, ["theme"])
    entries = [_theme_entry(theme, taxonomy, counts) for theme in taxonomy.themes]
    by_category = request.GET.get("by") == "category"
    context = {
        "by_category": by_category,
        "letters": _by_letter(alphabetical(entries, key=lambda entry: entry["name"])),
        "categories": _by_category(taxonomy, counts) if by_category else [],
    }
    context["alphabet"] = _alphabet({letter for letter, _entries in context["letters"]})
    return render(request, "groups/theme_index.html", context)


def _theme_entry(theme, taxonomy, counts):
    category = taxonomy.by_id.get(theme.parent_id)
    return {
        "slug": theme.slug,
        "name": theme.name,
        "category": category.name if category else "",
        "is_rare": theme.is_rare,
        "count": _theme_count(theme, counts),
    }


def _theme_count(theme, counts):
    # A category counts the groups of all its themes, each group once; a theme its own groups.
    if theme.parent_id is None:
        return counts["category"].get(str(theme.pk), 0)
    return counts["theme"].get(str(theme.pk), 0)


def _first_letter(name):
    letter = normalize(name)[:1].upper()
    return letter if letter.isalpha() else "#"


def _by_letter(entries):
    """[(letter, [entries])] in the order of the sorted entries."""
    letters = []
    for entry in entries:
        letter = _first_letter(entry["name"])
        if not letters or letters[-1][0] != letter:
            letters.append((letter, []))
        letters[-1][1].append(entry)
    return letters


def _alphabet(present):
    extra = sorted(present - set(ALPHABET))
    return [{"letter": letter, "present": letter in present} for letter in ALPHABET + extra]


def _by_category(taxonomy, counts):
    return [
        {
            "theme": category,
            "count": _theme_count(category, counts),
            "children": [
                {"theme": child, "count": _theme_count(child, counts)}
                for child in taxonomy.children.get(category.pk, [])
            ],
        }
        for category in taxonomy.categories
    ]


@public_page
def theme_detail(request, slug):
    theme = get_object_or_404(Theme.objects.select_related("parent"), slug=slug)
    index = search_index.current()
    # A category shows its themes; a theme its siblings: from the index's taxonomy, counted.
    family = [
        ThemeLink(other.slug, other.name, index.count("theme", other.pk))
        for other in index.taxonomy.children.get(theme.parent_id or theme.pk, [])
        if other.pk != theme.pk
    ]
    groups = index.bitmap("category" if theme.is_category else "theme", theme.pk)
    context = {
        "theme": theme,
        "subthemes": family if theme.is_category else [],
        "related": [] if theme.is_category else family,
        "page": _groups_page(request, index, groups),
    }
    return render(request, "groups/theme_detail.html", context)


@public_page
def canton_index(request):
    index = search_index.current()
    cantons = list(Canton.objects.all())
    for canton in cantons:
        canton.group_count = len(index.bitmap("canton", canton.pk))
    return render(request, "groups/canton_index.html", {"cantons": alphabetical(cantons)})


@public_page
def canton_detail(request, code):
    taxonomy = search_index.current().taxonomy
    canton = taxonomy.cantons.get(code.upper())
    if canton is None:
        raise Http404
    if code != code.lower():
        # One address per canton page: /fr/cantons/vd/, whatever case a link used.
        return _redirect_keeping_query(request, "groups:canton_detail", code.lower())
    index = search_index.current()
    groups = index.bitmap("canton", canton.pk)
    context = {
        "canton": canton,
        "centres": alphabetical(canton.centres.all()),
        "categories": _themes_present(taxonomy, count_options(index, groups, ["theme"])),
        "page": _groups_page(request, index, groups),
    }
    return render(request, "groups/canton_detail.html", context)


def _redirect_keeping_query(request, name, *args):
    url = reverse(name, args=args)
    query = request.META.get("QUERY_STRING", "")
    return redirect(f"{url}?{query}" if query else url, permanent=True)


def _themes_present(taxonomy, counts):
    """The categories with groups, each with its themes that have groups, with counts.

    The counts match what the group list shows for the same canton and theme.
    """
    categories = []
    for category in taxonomy.categories:
        count = _theme_count(category, counts)
        if not count:
            continue
        children = [
            {"theme": child, "count": _theme_count(child, counts)}
            for child in taxonomy.children.get(category.pk, [])
        ]
        children = [child for child in children if child["count"]]
        categories.append({"theme": category, "count": count, "children": children})
    return categories


@public_page
def centre_index(request):
    index = search_index.current()
    centres = list(Centre.objects.prefetch_related("cantons"))
    for centre in centres:
        centre.group_count = len(index.bitmap("centre", centre.pk))
    return render(request, "groups/centre_index.html", {"centres": alphabetical(centres)})


@public_page
def centre_detail(request, slug):
    centre = get_object_or_404(Centre, slug=slug)
    index = search_index.current()
    context = {
        "centre": centre,
        "cantons": alphabetical(centre.cantons.all()),
        "languages": [
            GroupLanguage(code).label for code in centre.languages if code in GroupLanguage.values
        ],
        "page": _groups_page(request, index, index.bitmap("centre", centre.pk)),
    }
    return render(request, "groups/centre_detail.html", context)


def _groups_page(request, index, positions):
    """One page of these groups (index positions) by name, with what their cards show."""
    return Paginator(OrderedGroups(index, positions), PAGE_SIZE).get_page(request.GET.get("page"))
