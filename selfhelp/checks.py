"""System checks and the health check's probes, for what the site cannot run without.

A cache named in the settings (Redis with REDIS_URL) whose client library is missing, or whose
server does not answer, breaks every page that uses it: say so at start (`manage.py check`),
before a deployment (`check --deploy`) and to the load balancer (`/healthz`), not in a 500.
"""

from django.conf import settings
from django.core.cache import caches
from django.core.checks import Error, Tags, register

PROBE_KEY = "selfhelp:health-probe"


def cache_importable(alias):
    """None, or why the cache's client library cannot be loaded."""
    try:
        # Creating the backend loads its client (pymemcache), or its first use does (redis).
        getattr(caches[alias], "_cache", None)
    except ImportError as error:
        return f"its client library is not installed ({error})"
    return None


def cache_is_the_database(alias):
    return settings.CACHES[alias]["BACKEND"].endswith(".db.DatabaseCache")


def cache_reachable(alias):
    """None, or why the cache does not store and give back a value."""
    problem = cache_importable(alias)
    if problem:
        return problem
    backend = caches[alias]
    try:
        backend.set(PROBE_KEY, "ok", 10)
        if backend.get(PROBE_KEY) != "ok":
            return "it does not give back what was stored"
    except Exception as error:  # each client raises its own errors: any of them means down
        return f"it does not answer ({type(error).__name__})"
    return None


def _errors(problem_of, check_id, aliases=None):
    errors = []
    for alias in settings.CACHES if aliases is None else aliases:
        config = settings.CACHES[alias]
        problem = problem_of(alias)
        if problem:
            errors.append(
                Error(
                    f"The cache {alias!r} ({config['BACKEND']}) cannot be used: {problem}.",
                    hint="Check REDIS_URL and that the requirements are installed.",
                    id=check_id,
                )
            )
    return errors


@register(Tags.caches)
def check_cache_client(app_configs, **kwargs):
    return _errors(cache_importable, "selfhelp.E001")


# A deployment check only: no command but serving needs a cache that answers. The database
# cache is left to the database's own checks (`migrate` runs before its table exists).
@register(Tags.caches, deploy=True)
def check_cache_answers(app_configs, **kwargs):
    aliases = [alias for alias in settings.CACHES if not cache_is_the_database(alias)]
    return _errors(cache_reachable, "selfhelp.E002", aliases)
