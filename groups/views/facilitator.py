"""A facilitator's pages: their groups, the join requests and the messages relayed to them."""

from django.http import Http404


def my_groups(request):
    raise Http404


def my_group(request, slug):
    raise Http404


def decide_request(request, pk):
    raise Http404
