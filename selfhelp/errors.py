"""Error pages in the site's style. The 500 page must not touch the database.

A 500 often means the database is down: its page is rendered without the request (so no
context processor runs), without `{% url %}` or `{% static %}`, with its CSS inline, and falls
back to fixed HTML if even that fails.
"""

import logging

from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.utils.translation import get_language_from_path

logger = logging.getLogger(__name__)

# Switzerland's two largest language regions, when the address names no language.
FALLBACK_LANGUAGES = ("fr", "de")
LAST_RESORT_HTML = """<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>Erreur · Fehler</title></head>
<body><h1>Une erreur s'est produite · Ein Fehler ist aufgetreten</h1>
<p><a href="/">Selfhelp</a></p></body></html>
"""


def page_not_found(request, exception):
    # The exception's message is for developers; the visitor gets ways to go on.
    return render(request, "404.html", status=404)


def server_error(request):
    language = get_language_from_path(request.path_info)
    languages = [language] if language else list(FALLBACK_LANGUAGES)
    # Without a language in the address, "/" lets the browser's language choose.
    context = {"languages": languages, "home": f"/{language}/" if language else "/"}
    try:
        html = loader.get_template("500.html").render(context)
    except Exception:  # the error page must answer whatever broke
        logger.exception("The 500 page could not be rendered")
        html = LAST_RESORT_HTML
    return HttpResponseServerError(html)
