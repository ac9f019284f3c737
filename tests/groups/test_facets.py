"""The registry of facets is the one place a filter is defined: the filter set, the counts, the
panel, the chips and the notices all follow it."""

import datetime

import pytest
from django.http import QueryDict
from django.urls import reverse
from django.utils import translation

from groups.models import Group, time_of_day
from groups.search import index as search_index
from groups.search.facets import ARRAY, CHOICE_FACETS, FACETS, TIME, option_count
from groups.search.filters import clean_params, filter_sets, results_and_counts
from groups.taxonomy import Taxonomy
from tests.factories import CantonFactory, GroupFactory, ThemeFactory

pytestmark = pytest.mark.django_db


def test_every_facet_is_a_parameter_of_the_list():
    theme, canton = ThemeFactory(slug="grief"), CantonFactory(code="VD")
    valid = {"theme": theme.slug, "canton": canton.code, "postcode": "1003", "radius": "5"}
    valid |= {"near": "46.52,6.63"}
    valid |= {facet.name: facet.choices.values[0] for facet in CHOICE_FACETS}
    assert set(valid) == {facet.name for facet in FACETS}
    for name, value in valid.items():
        query = QueryDict(
            f"{name}={value}&postcode=1003" if name == "radius" else f"{name}={value}"
        )
        params = clean_params(query, Taxonomy())
        assert not params.ignored, name
        assert name in params.data, name


STARTS = {
    "morning": datetime.time(10),
    "afternoon": datetime.time(14),
    "evening": datetime.time(19),
}


@pytest.fixture
def variety():
    """Groups covering every value of every facet with fixed choices."""
    groups = []
    for facet in CHOICE_FACETS:
        for value in facet.choices.values:
            fields = {facet.column: [value] if facet.counted == ARRAY else value}
            if facet.counted == TIME:
                fields = {"start_time": STARTS[value], "end_time": None}
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
    if facet.counted == TIME:
        return {group for group in published if time_of_day(group.start_time) in values}
    if facet.counted == ARRAY:
        return set(published.filter(**{f"{facet.column}__overlap": values}))
    return set(published.filter(**{f"{facet.column}__in": values}))


@pytest.mark.parametrize("facet", CHOICE_FACETS, ids=lambda facet: facet.name)
def test_each_choice_filters_and_counts_as_the_registry_says(variety, facet):
    taxonomy = Taxonomy()
    index = search_index.current()
    _results, counts = results_and_counts(index, index.all, {})
    for value in facet.choices.values:
        params = clean_params(QueryDict(f"{facet.name}={value}"), taxonomy)
        results, _counts = results_and_counts(
            index, index.all, filter_sets(index, params, taxonomy)
        )
        kept = set(Group.objects.filter(pk__in=index.ids_at(list(results))))
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
