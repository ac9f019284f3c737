"""A server-side cache of public pages for anonymous visitors.

Only pages that say nothing about who is looking are cached: GET requests with no session and
no pending message, answered 200 without setting a cookie. Any change to what these pages show
(a group, theme, canton, centre or content page) bumps a version number that is part of every
key, so a curator's edit shows at once. Bulk changes that send no signals (queryset updates,
imports, the demo generator) call `content_changed()` themselves.

Each process keeps the version it last read for PAGE_VERSION_MAX_AGE_MS (half a second unless
set): most requests then make no round trip to the shared cache for it, and an edit made in
another process or instance shows within that time (at once in the process that made it).
"""

import hashlib
import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.views.decorators.http import require_safe

VERSION_KEY = "page-cache-version"

# (version, when it was read by time.monotonic()): replaced whole, so threads need no lock.
_UNSEEN = (None, float("-inf"))
_seen = _UNSEEN


def content_changed(**kwargs):
    """A new version now, and again when the transaction commits: another process that read
    the first one before the change was visible to it (a cache outside the database, Redis,
    sees it at once) would keep a page or an index of the old state under the new version."""
    _new_version()
    transaction.on_commit(_new_version)


def _new_version():
    global _seen
    version = time.time_ns()
    cache.set(VERSION_KEY, version, None)
    _seen = (version, time.monotonic())


def version():
    """The current version: this process's copy while it is younger than
    PAGE_VERSION_MAX_AGE_MS, else the shared cache's."""
    global _seen
    seen = _seen
    now = time.monotonic()
    if (now - seen[1]) * 1000 < settings.PAGE_VERSION_MAX_AGE_MS:
        return seen[0]
    version = cache.get(VERSION_KEY)
    if version is None:
        version = time.time_ns()
        if not cache.add(VERSION_KEY, version, None):
            version = cache.get(VERSION_KEY, version)  # another process set it first
    if _seen is seen:  # not if an edit in this process set a newer one meanwhile
        _seen = (version, now)
    return version


def forget_version():
    """Drop this process's copy of the version (tests: a cache cleared under it)."""
    global _seen
    _seen = _UNSEEN


def _anonymous(request):
    """A visitor with no session and no pending message: the page says nothing about them."""
    return settings.SESSION_COOKIE_NAME not in request.COOKIES and "messages" not in request.COOKIES


def _cacheable_request(request):
    return settings.PAGE_CACHE_SECONDS > 0 and request.method == "GET" and _anonymous(request)


def may_be_stored(request, response):
    """Whether a browser or a proxy may keep this response: only a public page (see
    `public_page`) shown to an anonymous visitor. Everything else may show personal data: a
    name in the header, a request, a message, a form with what was typed, a sign-in step."""
    return (
        getattr(response, "public_page", False)
        and request.method in ("GET", "HEAD")
        and _anonymous(request)
    )


def public_page(view):
    """A page for everyone, read-only (GET and HEAD: anything else is 405), cached for
    anonymous visitors and left to browsers to keep."""

    @require_safe
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = _cached_or_rendered(view, request, *args, **kwargs)
        response.public_page = True
        return response

    return wrapper


def _cached_or_rendered(view, request, *args, **kwargs):
    if not _cacheable_request(request):
        return view(request, *args, **kwargs)
    # The whole address, scheme and host included: pages write absolute links from them.
    address = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()
    key = f"page:{version()}:{address}"
    cached = cache.get(key)
    if cached is not None:
        return cached
    response = view(request, *args, **kwargs)
    if hasattr(response, "render") and callable(response.render):
        response = response.render()
    if response.status_code == 200 and not response.cookies and not response.streaming:
        cache.set(key, response, settings.PAGE_CACHE_SECONDS)
    return response
