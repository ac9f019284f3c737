"""Run inside Django by bench/run.py: choose the measured URLs and count their queries."""

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from groups.models import Canton, Group, Theme
from groups.search.text import search_groups


def _count_queries(client, path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return len(queries)


def _explain(query):
    result = search_groups(Group.objects.published(), query)
    page = result.queryset.order_by("-rank", "sort_name", "pk")[:20]
    sql, params = page.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, COSTS OFF) {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def urls():
    translation.activate("fr")
    busiest_theme = (
        Theme.objects.filter(parent__isnull=False, groups__publication="published")
        .values_list("slug", flat=True)
        .order_by("slug")
        .first()
    )
    category = Theme.objects.filter(parent__isnull=True).order_by("slug").first()
    canton = Canton.objects.get(code="VD")
    group = Group.objects.published().order_by("pk").first()
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
        ("theme page", reverse("groups:theme_detail", args=[busiest_theme]), None),
        ("group page", group.get_absolute_url(), None),
    ]
    client = Client(HTTP_HOST="127.0.0.1")
    measured = [
        (name, path, None if name == "trivial view" else _count_queries(client, path))
        for name, path, _ in pages
    ]
    return {
        "pages": measured,
        "groups": Group.objects.published().count(),
        "total": Group.objects.count(),
        "explain": _explain("deuil"),
    }
