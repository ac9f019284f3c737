from django.utils.cache import add_never_cache_headers

from .pagecache import may_be_stored
from .views import healthz


class HealthCheckMiddleware:
    """Answers /healthz before host validation and HTTPS redirects.

    A container runtime or load balancer calls it by IP over plain HTTP, which
    ALLOWED_HOSTS and SECURE_SSL_REDIRECT would otherwise turn into a 400 or a 301.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == "/healthz":
            return healthz(request)
        return self.get_response(request)


class NoStoreMiddleware:
    """Every response that may show personal data carries `Cache-Control: no-store`, so that
    neither a shared computer's browser nor a proxy keeps it: only public pages shown to an
    anonymous visitor are left to be cached. A response that set its own caching (robots.txt,
    sitemaps, static files) keeps it, unless someone is signed in."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if may_be_stored(request, response):
            return response
        signed_in = getattr(request, "user", None) is not None and request.user.is_authenticated
        own_caching = response.has_header("Cache-Control")
        if (signed_in or not own_caching) and "no-store" not in response.get("Cache-Control", ""):
            response.headers.pop("Cache-Control", None)
            add_never_cache_headers(response)
        return response
