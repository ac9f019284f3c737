"""The page a confirmation email links to: the listing, and one button, "still current".

The signed link is the key (no login: a centre or a contact address has no account). A GET
changes nothing, so that a mail scanner following the link confirms nothing; the POST does.
"""

from django.core import signing
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from .. import schedule
from ..confirmation import LINK_DAYS, group_from_token, hide_date
from ..models import Confirmation, Group
from .common import HttpResponseSeeOther


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def confirm_listing(request, token):
    try:
        group = group_from_token(token)
    except signing.SignatureExpired:
        return _refused(request, "expired", 410)
    except (signing.BadSignature, Group.DoesNotExist):
        return _refused(request, "invalid", 404)
    if request.method == "POST":
        group.confirm()
        return HttpResponseSeeOther(request.path)
    today = timezone.localdate()
    context = {
        "group": group,
        "schedule": schedule.describe(group),
        "confirmed_today": group.last_confirmed == today,
        "hidden": group.confirmation_state(today) == Confirmation.STALE,
        "hide_date": hide_date(group),
        "facilitates": request.user.is_authenticated
        and group.facilitators.filter(pk=request.user.pk).exists(),
    }
    return render(request, "groups/confirm.html", context)


def _refused(request, reason, status):
    context = {"reason": reason, "link_days": LINK_DAYS}
    return render(request, "groups/confirm_refused.html", context, status=status)
