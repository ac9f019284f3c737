"""Error pages in the site's style. The 500 and 503 pages must not touch the database.

A server error often means the database is down: those pages are rendered without the request
(so no context processor runs), without `{% url %}` or `{% static %}`, with their CSS inline,
and fall back to fixed HTML if even that fails. When the database does not answer (down, or
cut off by the time limits of selfhelp.db), the visitor gets the outage page: 503, with a
Retry-After, not the "something went wrong" of a bug.
"""

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.shortcuts import render
from django.template import loader
from django.utils.translation import get_language_from_path

logger = logging.getLogger(__name__)

# Switzerland's two largest language regions, when the address names no language.
FALLBACK_LANGUAGES = ("fr", "de")
# How long a client (or a crawler) should wait before trying again during an outage.
RETRY_AFTER_SECONDS = 60
LAST_RESORT_HTML = """<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>Erreur · Fehler</title></head>
<body><h1>Une erreur s'est produite · Ein Fehler ist aufgetreten</h1>
<p><a href="/">Selfhelp</a></p></body></html>
"""


def page_not_found(request, exception):
    # The exception's message is for developers; the visitor gets ways to go on.
    return render(request, "404.html", status=404)


def server_error(request):
    error = sys.exc_info()[1]  # Django calls this while handling the exception
    if isinstance(error, (OperationalError, InterfaceError)):
        response = HttpResponse(_render("503.html", request), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return HttpResponse(_render("500.html", request), status=500)


def _render(template, request):
    language = get_language_from_path(request.path_info)
    languages = [language] if language else list(FALLBACK_LANGUAGES)
    # Without a language in the address, "/" lets the browser's language choose.
    context = {"languages": languages, "home": f"/{language}/" if language else "/"}
    try:
        return loader.get_template(template).render(context)
    except Exception:  # the error page must answer whatever broke
        logger.exception("The %s page could not be rendered", template)
        return LAST_RESORT_HTML
