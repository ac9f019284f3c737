"""A group's own pages: the listing, its calendar, and the doors to contact and join it."""

from django.http import Http404


def group_detail(request, slug):
    raise Http404


def group_calendar(request, slug):
    raise Http404


def contact_group(request, slug):
    raise Http404


def join_group(request, slug):
    raise Http404
