"""gunicorn settings for production (README, Deployment); each can be set from the environment."""

import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "3"))
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
# A worker is replaced after this many requests (a guard against slow leaks). Each new worker
# builds the in-memory index of groups (about a second at 100,000 groups): at 2,000 a busy
# site replaced a worker every few seconds (make bench).
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "20000"))
max_requests_jitter = max_requests // 10
accesslog = "-"
errorlog = "-"
# Health checks every few seconds would drown the access log.
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms'
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def post_worker_init(worker):
    """Build the in-memory index of groups (groups.search.index) before the worker takes its
    first request: a worker started by max_requests, a deploy or a crash makes nobody wait for
    it. A database that cannot be reached does not stop the worker: its pages say so (503)."""
    from django.db import DatabaseError, connection

    from groups.search import index

    try:
        index.current()
    except DatabaseError as error:
        worker.log.warning("The index of groups waits for the database: %s", error)
    finally:
        connection.close()
