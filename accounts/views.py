"""A member's own pages: profile, data download, account deletion."""

from django.http import Http404


def profile(request):
    raise Http404


def export_data(request):
    raise Http404


def delete_account(request):
    raise Http404
