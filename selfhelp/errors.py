"""Error pages in the site's style. The 500 page must not touch the database."""

from django.views import defaults


def page_not_found(request, exception):
    return defaults.page_not_found(request, exception)


def server_error(request):
    return defaults.server_error(request)
