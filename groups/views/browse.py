"""Browsing pages: themes A–Z, a theme, cantons, a canton, centres, a centre."""

from django.http import Http404


def theme_index(request):
    raise Http404


def theme_detail(request, slug):
    raise Http404


def canton_index(request):
    raise Http404


def canton_detail(request, code):
    raise Http404


def centre_index(request):
    raise Http404


def centre_detail(request, slug):
    raise Http404
