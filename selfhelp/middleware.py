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
