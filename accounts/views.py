"""A member's own pages: profile, data download, account deletion; and the admin's door."""

import json

from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from . import services
from .forms import DeleteAccountForm, ProfileForm


def _status(form):
    # A form sent back with errors is a client error: 400, as everywhere on the site.
    return 400 if form.is_bound and form.errors else 200


# Personal pages: never kept by a shared computer's browser cache or a proxy.
@never_cache
@login_required
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile is saved."))
        return redirect("accounts:profile")
    context = {
        "form": form,
        "has_two_factor": Authenticator.objects.filter(user=request.user).exists(),
        "alert_count": request.user.alerts.count(),
    }
    return render(request, "accounts/profile.html", context, status=_status(form))


@never_cache
@login_required
def export_data(request):
    data = services.export_data(request.user)
    body = json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    filename = f"selfhelp-my-data-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@never_cache
@login_required
def delete_account(request):
    form = DeleteAccountForm(request.POST or None, request=request)
    if request.method == "POST" and form.is_valid():
        services.delete_account(request.user)
        logout(request)
        # Shown in answer to the POST: there is no account left to redirect to, and a
        # "deleted" page at an address of its own would tell nothing true to anyone else.
        return render(request, "accounts/deleted.html")
    user = request.user
    context = {
        "form": form,
        "join_request_count": user.join_requests.count(),
        "facilitated_groups": list(user.facilitated_groups.order_by("name")),
    }
    return render(request, "accounts/delete.html", context, status=_status(form))


def admin_login(request, extra_context=None):
    """Replaces the admin's own login form (see AccountsConfig.ready): staff log in through
    allauth like everyone, with its rate limits and its two-factor step.

    Not allauth's `secure_admin_login`: that one still hands signed-in staff to the admin's
    login view, whose form would accept another account's password alone."""
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        next_url = ""
    if not request.user.is_authenticated:
        return redirect_to_login(next_url or reverse("admin:index"), "account_login")
    if not request.user.is_staff:
        # A member who types the admin's address learns nothing about it.
        raise Http404
    return redirect(next_url or reverse("admin:index"))
