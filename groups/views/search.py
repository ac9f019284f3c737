"""The group list: filters, free-text search, facets, pagination."""

from django.http import Http404


def group_list(request):
    raise Http404
