"""Ask to join a group (members), and follow or withdraw the request."""

from django.http import Http404

from .group import join_group as _placeholder


def join_group(request, slug):
    return _placeholder(request, slug)


def my_requests(request):
    raise Http404


def withdraw_request(request, pk):
    raise Http404
