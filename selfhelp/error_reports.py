"""Server error reports for the admins: short, throttled, without secrets or personal data.

Django's own report carries the settings module, the request's environment, its POST data and
every local variable of the traceback. Here that would mean the database password (in
DATABASE_URL), the cache's (in REDIS_URL) and what a visitor wrote about their health (the
contact form's text) in an email that is stored in the mail queue, readable in the admin, before
it is sent. The report here says what broke and where: the log line, the request's method, path
and parameter names, whose account, and the traceback's lines. Every configured secret is
blanked from it as a last guard.

A flood must not grow the mail queue without bound: the same error is mailed at most once per
ERROR_MAIL_INTERVAL, and at most ERROR_MAIL_LIMIT reports go out per interval in all. The
counters live in the shared cache (so they hold across processes), or in this process when the
cache does not answer (a database outage, when the cache is the database).
"""

import hashlib
import logging
import re
import threading
import time
import traceback
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.core import mail
from django.core.cache import cache
from django.views.debug import SafeExceptionReporterFilter

REDACTED = "********"


def configured_secrets():
    """Every credential the settings hold, as it could appear in a text."""
    values = {settings.SECRET_KEY, getattr(settings, "EMAIL_HOST_PASSWORD", "")}
    values |= {database.get("PASSWORD") or "" for database in settings.DATABASES.values()}
    urls = [getattr(settings, "DATABASE_URL", ""), getattr(settings, "REDIS_URL", "")]
    urls += [str(backend.get("LOCATION", "")) for backend in settings.CACHES.values()]
    for url in urls:
        password = urlsplit(url).password if "://" in url else None
        if password:
            values |= {password, unquote(password)}
    # Too short to be a credential, and blanking it would blank ordinary words.
    return sorted((value for value in values if len(value) >= 6), key=len, reverse=True)


def redact(text):
    for secret in configured_secrets():
        text = text.replace(secret, REDACTED)
    return text


class RedactingFormatter(logging.Formatter):
    """For the logs on standard output: an exception's message may quote a URL with its
    password (a connection error does); the log line never does."""

    def format(self, record):
        return redact(super().format(record))


class ReportFilter(SafeExceptionReporterFilter):
    """For Django's own report (the DEBUG page): a setting whose name says it may carry a
    credential is hidden whole, and any other value loses the secrets it contains."""

    hidden_settings = re.compile(
        "API|TOKEN|KEY|SECRET|PASS|SIGNATURE|HTTP_COOKIE|URL|DSN|DATABASE|CACHE|LOCATION|"
        "CREDENTIAL|EMAIL_HOST_USER",
        flags=re.IGNORECASE,
    )

    def cleanse_setting(self, key, value):
        value = super().cleanse_setting(key, value)
        return redact(value) if isinstance(value, str) else value


class _Throttle:
    """At most one report per fingerprint per interval, and `limit` reports per interval."""

    def __init__(self):
        self._lock = threading.Lock()
        self._local = {}

    def allow(self, fingerprint):
        interval = settings.ERROR_MAIL_INTERVAL
        window = int(time.time() // interval)
        try:
            if not cache.add(f"error-mail:{fingerprint}", 1, interval):
                return False
            key = f"error-mail:count:{window}"
            cache.add(key, 0, interval)
            return cache.incr(key) <= settings.ERROR_MAIL_LIMIT
        except Exception:  # the cache is down (or is the database, which is down)
            return self._allow_here(fingerprint, window, interval)

    def _allow_here(self, fingerprint, window, interval):
        now = time.monotonic()
        with self._lock:
            self._local = {k: until for k, until in self._local.items() if until > now}
            if fingerprint in self._local:
                return False
            sent = sum(1 for k in self._local if k.startswith(f"{window}:"))
            if sent >= settings.ERROR_MAIL_LIMIT:
                return False
            self._local[fingerprint] = now + interval
            self._local[f"{window}:{fingerprint}"] = now + interval
            return True


throttle = _Throttle()


def fingerprint(record):
    """The same error is the same exception raised at the same line, whatever its message."""
    if record.exc_info and record.exc_info[2] is not None:
        exc_type, _, tb = record.exc_info
        last = traceback.extract_tb(tb)[-1]
        parts = [exc_type.__qualname__, last.filename, str(last.lineno)]
    else:
        parts = [record.name, str(record.msg)]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]


def _describe_request(request):
    if request is None:
        return []
    # Parameter names only: a search or a message says what someone lives with.
    names = sorted(set(request.GET) | set(request.POST if request.method == "POST" else ()))
    user = getattr(request, "user", None)
    if user is not None and getattr(user, "is_authenticated", False):
        who = f"account #{user.pk}" + (" (staff)" if user.is_staff else "")
    else:
        who = "anonymous"
    return [
        f"Request: {request.method} {request.path}",
        f"Parameters: {', '.join(names) or 'none'}",
        f"Who: {who}",
    ]


def build_report(record):
    """(subject, body) of a record, with nothing secret or personal in either."""
    request = getattr(record, "request", None)
    subject = f"{record.levelname}: {record.getMessage()}"
    lines = [record.getMessage(), "", *_describe_request(request)]
    if record.exc_info and record.exc_info[0] is not None:
        lines += ["", *traceback.format_exception(*record.exc_info)]
    body = "\n".join(line.rstrip("\n") for line in lines) + "\n"
    return redact(" ".join(subject.split())[:200]), redact(body)


class AdminEmailHandler(logging.Handler):
    """Queues a short report to ADMINS (see the module's docstring); never raises."""

    def emit(self, record):
        if not settings.ADMINS:
            return
        try:
            if not throttle.allow(fingerprint(record)):
                return
            subject, body = build_report(record)
            mail.mail_admins(subject, body, fail_silently=True)
        except Exception:
            # A report must not break the response it reports on. With the database down the
            # queue cannot store it: the log on standard output still has the error.
            pass
