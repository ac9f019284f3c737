"""Search indexing of demo groups: their search vectors and sort names filled in chunks,
side by side in several connections for a large set, one after the other otherwise."""

import os
from concurrent.futures import ThreadPoolExecutor

from django.db import connection

from ..search import indexing

# Search indexing: groups per UPDATE, and the count from which it runs in parallel.
REFRESH_CHUNK = 5000
PARALLEL_FROM = 20000


def refresh_search(group_ids, workers=1, progress=None):
    """Fill the search vector and sort name of these groups (groups.search.indexing owns the
    formula): without them demo groups could not be searched nor sorted.

    It is most of the work for a large set (a dozen to_tsvector calls per group, all in the
    database), so with several workers the chunks run side by side, each in its own
    connection. That needs the groups committed; inside a transaction (tests, callers with
    their own atomic block) the chunks run one after the other on the current connection."""
    chunks = [
        group_ids[start : start + REFRESH_CHUNK]
        for start in range(0, len(group_ids), REFRESH_CHUNK)
    ]
    if workers > 1 and not connection.in_atomic_block:
        with ThreadPoolExecutor(workers) as pool:
            done = pool.map(refresh_in_own_connection, chunks)
            for chunk in done:
                if progress:
                    progress("indexed", len(chunk))
        return
    for chunk in chunks:
        indexing.refresh_groups(chunk)
        if progress:
            progress("indexed", len(chunk))


def refresh_in_own_connection(group_ids):
    try:
        indexing.refresh_groups(group_ids)
    finally:
        connection.close()  # the worker thread's own connection
    return group_ids


def default_workers(count):
    if count < PARALLEL_FROM:
        return 1
    return max(1, min(os.cpu_count() or 1, 4))
