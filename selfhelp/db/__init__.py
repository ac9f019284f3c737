"""The PostgreSQL backend of the site: Django's, with time limits for web requests.

A database that is down answers at once ("connection refused"): the site says so with a 503
(selfhelp.errors). A database that hangs (frozen, overloaded, a half-open network) answers
nothing: without limits every request waits for ever, and a handful of them take every worker.
So in the web process (selfhelp/wsgi.py calls `limit_web_requests()`):

- a new connection gives up after DB_CONNECT_TIMEOUT seconds (everywhere, commands included);
- PostgreSQL cancels a statement running longer than DB_STATEMENT_TIMEOUT seconds;
- and, because a frozen server cannot cancel anything, a watchdog closes the socket of a query,
  commit or health check still waiting DB_STATEMENT_TIMEOUT + WATCHDOG_GRACE seconds later.
  The request then fails with an OperationalError, answered 503, and the worker is free.

Management commands (migrations, imports, the demo generator) run long statements on purpose:
they keep no statement limit and no watchdog.
"""

_limits = {"enabled": False}

# Beyond the server's own statement limit, how long the watchdog waits before it cuts the line.
WATCHDOG_GRACE = 2.0


def limit_web_requests(enabled=True):
    _limits["enabled"] = enabled


def web_limits_enabled():
    return _limits["enabled"]
