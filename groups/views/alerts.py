"""A member's alerts: follow a theme, stop following; stop every alert from an email's link
without signing in (the workflow lives in groups/alerts.py)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from .. import alerts
from ..models import Alert
from .common import LOGIN_URL, HttpResponseSeeOther

DONE_NOTICES = {"added", "removed"}


def _page(request, form, status=200):
    done = request.GET.get("done")
    context = {
        "alerts": Alert.objects.filter(user=request.user).select_related("theme", "canton"),
        "form": form,
        "done": done if done in DONE_NOTICES else "",
    }
    return render(request, "groups/my_alerts.html", context, status=status)


@login_required(login_url=LOGIN_URL)
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def my_alerts(request):
    if request.method != "POST":
        initial = {}
        if request.GET.get("theme", "").isdigit():  # "Follow this theme" from a theme page
            initial["theme"] = int(request.GET["theme"])
        return _page(request, alerts.AlertForm(user=request.user, initial=initial))
    form = alerts.AlertForm(request.POST, user=request.user)
    if not form.is_valid():
        return _page(request, form, status=400)
    form.save()
    return HttpResponseSeeOther(f"{reverse('groups:my_alerts')}?done=added")


@login_required(login_url=LOGIN_URL)
@require_POST
def remove_alert(request, pk):
    get_object_or_404(Alert, pk=pk, user=request.user).delete()
    return HttpResponseSeeOther(f"{reverse('groups:my_alerts')}?done=removed")


# The token is the key: a mail provider's one-click POST (RFC 8058) carries no CSRF token.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    user = alerts.user_of_token(token)
    if user is None:
        raise Http404
    if request.method != "POST":  # a mail scanner opening the link stops nothing
        return render(request, "groups/alerts_unsubscribe.html", {"token": token})
    alerts.stop_alerts(user)
    return render(request, "groups/alerts_unsubscribe.html", {"stopped": True})
