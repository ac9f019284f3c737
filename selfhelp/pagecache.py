"""A server-side cache of public pages for anonymous visitors.

Only pages that say nothing about who is looking are cached: GET requests with no session and
no pending message, answered 200 without setting a cookie. Any change to what these pages show
(a group, theme, canton, centre or content page) bumps a version number that is part of every
key, so a curator's edit shows at once. Bulk changes that send no signals (queryset updates,
imports, the demo generator) call `content_changed()` themselves.
"""

import hashlib
import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache

VERSION_KEY = "page-cache-version"


def content_changed(**kwargs):
    cache.set(VERSION_KEY, time.time_ns(), None)


def version():
    version = cache.get(VERSION_KEY)
    if version is None:
        version = time.time_ns()
        cache.add(VERSION_KEY, version, None)
    return version


def _cacheable_request(request):
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method == "GET"
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
    )


def public_page(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not _cacheable_request(request):
            return view(request, *args, **kwargs)
        path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
        key = f"page:{version()}:{path}"
        cached = cache.get(key)
        if cached is not None:
            return cached
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and callable(response.render):
            response = response.render()
        if response.status_code == 200 and not response.cookies and not response.streaming:
            cache.set(key, response, settings.PAGE_CACHE_SECONDS)
        return response

    return wrapper
