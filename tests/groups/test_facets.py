"""The registry of facets is the one place a filter is defined: the filter set, the counts, the
panel, the chips and the notices all follow it."""

import pytest
from django.http import QueryDict
from django.urls import reverse
from django.utils import translation

from groups.models import Group
from groups.search.facets import ARRAY, CHOICE_FACETS, COUNTED, FACETS, facet_counts, option_count
from groups.search.filters import GroupFilter, clean_params
from groups.taxonomy import Taxonomy
from tests.factories import GroupFactory

pytestmark = pytest.mark.django_db


def test_every_facet_is_a_filter_of_the_list():
    assert list(GroupFilter.base_filters) == [facet.name for facet in FACETS]


@pytest.fixture
def variety():
    """Groups covering every value of every facet with fixed choices."""
    groups = []
    for facet in CHOICE_FACETS:
        for value in facet.choices.values:
            fields = {facet.column: [value] if facet.counted == ARRAY else value}
            if facet.name == "weekday":
                fields.update(frequency="weekly", week_of_month="")
            if facet.name == "format" and value == "online":
                fields.update(canton=None, postcode="", locality="")
            groups.append(GroupFactory(**fields))
    return groups


def reference(facet, value):
    """What choosing the value must give, in plain SQL terms, from the registry's widening."""
    values = list(facet.matches(value))
    published = Group.objects.published()
    if facet.counted == ARRAY:
        return set(published.filter(**{f"{facet.column}__overlap": values}))
    return set(published.filter(**{f"{facet.column}__in": values}))


@pytest.mark.parametrize("facet", CHOICE_FACETS, ids=lambda facet: facet.name)
def test_each_choice_filters_and_counts_as_the_registry_says(variety, facet):
    taxonomy = Taxonomy()
    counts = facet_counts(Group.objects.published(), COUNTED)
    for value in facet.choices.values:
        params = clean_params(QueryDict(f"{facet.name}={value}"), taxonomy)
        kept = set(
            GroupFilter(params.data, queryset=Group.objects.published(), taxonomy=taxonomy).qs
        )
        assert kept == reference(facet, value), (facet.name, value)
        assert option_count(counts, facet.name, value) == len(kept), (facet.name, value)


def test_the_panel_and_the_chips_show_every_choice_facet(client, variety):
    with translation.override("en"):
        url = reverse("groups:list")
        html = client.get(url, {facet.name: facet.choices.values[0] for facet in CHOICE_FACETS})
        html = html.content.decode()
        for facet in CHOICE_FACETS:
            assert f"<legend>{facet.legend}</legend>" in html, facet.name
            assert f'name="{facet.name}"' in html
            label = str(facet.choices(facet.choices.values[0]).label)
            assert f"{label} <span aria-hidden" in html, facet.name  # its chip


def test_an_unknown_value_is_named_by_its_facets_label(client):
    with translation.override("en"):
        html = client.get(reverse("groups:list"), {"theme": "nowhere"}).content.decode()
    assert "We did not recognise the theme “nowhere” and left it out." in html
