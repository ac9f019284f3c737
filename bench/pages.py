"""Run inside Django by bench/run.py: choose the measured URLs and count their queries."""

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from django.utils import translation

from groups.models import Canton, Group, Theme
from groups.search.text import search_groups


def _count_queries(client, path):
    # Counted as the tests pin them: the page cache's version read on every request (a worker
    # keeps its copy for PAGE_VERSION_MAX_AGE_MS, so most of its requests make one query less).
    with override_settings(PAGE_VERSION_MAX_AGE_MS=0), CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return len(queries)


def _explain(query):
    # As the list asks it (groups.views.search._searched): the matching ids and their ranks;
    # the in-memory index filters, orders and pages them.
    result = search_groups(Group.objects.all(), query)
    sql, params = result.queryset.order_by().values_list("pk", "rank").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, COSTS OFF) {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def _index_figures():
    """How long the in-memory index takes to build, and how far the places cover."""
    import statistics
    import time

    from groups.search import index, places

    def resident_mb():
        with open("/proc/self/status") as status:
            line = next(line for line in status if line.startswith("VmRSS:"))
        return int(line.split()[1]) / 1024

    places.coverage()  # the places file, read once by every process anyway
    before = resident_mb()
    kept = index.build()
    extra_mb = resident_mb() - before
    seconds = []
    for _ in range(3):
        started = time.monotonic()
        built = index.build()
        seconds.append(time.monotonic() - started)
    placed, total = places.coverage()
    return {
        "build_seconds": statistics.median(seconds),
        "positions": built.size,
        "bitmaps": sum(len(values) for values in built.values.values()),
        "placed": placed,
        "postcodes": total,
        "extra_mb": extra_mb,
        "kept": kept.size,
    }


def urls():
    translation.activate("fr")
    busiest_theme = (
        Theme.objects.filter(parent__isnull=False, groups__publication="published")
        .values_list("slug", flat=True)
        .order_by("slug")
        .first()
    )
    category = Theme.objects.filter(parent__isnull=True, slug="mental-health").first()
    category = category or Theme.objects.filter(parent__isnull=True).order_by("slug").first()
    canton = Canton.objects.get(code="VD")
    group = Group.objects.listed().order_by("pk").first()
    list_url = reverse("groups:list")
    pages = [
        ("trivial view", "/bench/trivial", None),
        ("home", reverse("home"), None),
        ("list", list_url, None),
        (
            "filtered list",
            f"{list_url}?canton={canton.code}&theme={category.slug}&status=open",
            None,
        ),
        ("text search", f"{list_url}?q=deuil", None),
        ("typo search", f"{list_url}?q=depresion", None),
        ("place + radius", f"{list_url}?postcode=Pully&radius=25", None),
        ("near me, next", f"{list_url}?near=46.95,7.45&radius=10&sort=next", None),
        ("theme page", reverse("groups:theme_detail", args=[busiest_theme]), None),
        ("group page", group.get_absolute_url(), None),
    ]
    client = Client(HTTP_HOST="127.0.0.1")
    measured = [
        (name, path, None if name == "trivial view" else _count_queries(client, path))
        for name, path, _ in pages
    ]
    return {
        "index": _index_figures(),
        "pages": measured,
        "groups": Group.objects.listed().count(),
        "total": Group.objects.count(),
        "explain": _explain("deuil"),
    }
