"""The group list's filters, built from the registry of facets (groups.search.facets).

The GET parameters are a public contract (partner sites link to them): q, theme (slug,
repeatable), canton (code, repeatable), postcode, language, audience, format, led_by, status,
weekday, sort, page. Unknown values are dropped and reported, never an error.
"""

from dataclasses import dataclass, field

import django_filters
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..models import Group
from . import places
from .facets import ARRAY, BY_NAME, FACETS, THEMES

SORTS = {
    "relevance": gettext_lazy("Relevance"),
    "name": gettext_lazy("Name"),
    "newest": gettext_lazy("Newest"),
}
# The longest place name a visitor may type (postcode or locality).
PLACE_MAX_LENGTH = 80


def _filter_of(facet):
    if facet.multiple:
        return django_filters.MultipleChoiceFilter(method=f"filter_{facet.name}")
    if facet.choices:
        return django_filters.ChoiceFilter(choices=facet.choices.choices, method="filter_choice")
    return django_filters.CharFilter(method="filter_place", max_length=PLACE_MAX_LENGTH)


class _GroupFilterBase(django_filters.FilterSet):
    """Every filter but the free text (see groups.search.text) and the sort order."""

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

    def filter_choice(self, queryset, name, value):
        facet = BY_NAME[name]
        values = list(facet.matches(value))
        if facet.counted == ARRAY:  # several values per group: any of them
            return queryset.filter(**{f"{facet.column}__overlap": values})
        return queryset.filter(**{f"{facet.column}__in": values})


# The filter set's fields, one per facet (django-filter collects them as declared filters).
GroupFilter = type(_GroupFilterBase)(
    "GroupFilter",
    (_GroupFilterBase,),
    {"__module__": __name__, **{facet.name: _filter_of(facet) for facet in FACETS}},
)


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
    for facet in FACETS:
        if facet.multiple:
            values = [v.strip() for v in query_dict.getlist(facet.name) if v.strip()]
            if facet.counted == THEMES:
                known = taxonomy.by_slug
            else:  # cantons: their codes, whatever the case a link used
                values, known = [v.upper() for v in values], taxonomy.cantons
            kept = list(dict.fromkeys(v for v in values if v in known))
            ignored += [(facet.name, v) for v in values if v not in known]
            if kept:
                data[facet.name] = kept
        elif value := query_dict.get(facet.name, "").strip():
            data[facet.name] = value
    return CleanParams(data=data, ignored=ignored)


def describe_ignored(ignored, form_errors):
    """Plain-words notices for the values the page could not use."""
    notices = [
        _("We did not recognise the %(filter)s “%(value)s” and left it out.")
        % {"filter": BY_NAME[name].label, "value": value[:40]}
        for name, value in ignored
    ]
    for name in form_errors:
        if name in BY_NAME:
            notices.append(
                _("We did not recognise the %(filter)s you chose and left it out.")
                % {"filter": BY_NAME[name].label}
            )
    return notices
