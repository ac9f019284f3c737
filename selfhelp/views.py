import logging

from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from groups.models import Group, Theme

logger = logging.getLogger(__name__)


def home(request):
    context = {
        "group_count": Group.objects.published().count(),
        "theme_count": Theme.objects.leaves().count(),
    }
    return render(request, "pages/home.html", context)


@never_cache
def healthz(request):
    """200 when the database answers, 503 when it does not. For load balancers and Docker."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("Health check: the database does not answer")
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def about(request):
    from django.http import Http404

    raise Http404
