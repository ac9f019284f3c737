"""Ask to join a group (members), and follow or withdraw the request."""

from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from .. import joining
from ..models import JoinRequest, JoinRequestStatus, MembershipStatus
from .common import LOGIN_URL, HttpResponseSeeOther, gone, listed_group_or_404

# What the member just did, named in the redirect so the next page can say it. Only these keys
# are read: nothing a visitor types ends up on the page.
DONE_NOTICES = {"sent", "withdrawn"}


def _own_request_or_404(user, pk):
    """A request of this member; anyone else's is not found, as if it did not exist."""
    requests = JoinRequest.objects.select_related("group")
    return get_object_or_404(requests, pk=pk, member=user)


@require_http_methods(["GET", "POST"])
def join_group(request, slug):
    # The group first: an archived (410) or unknown (404) group says so before asking to log in.
    group = listed_group_or_404(slug)
    if group.is_archived:
        return gone(request, group)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), LOGIN_URL)
    obstacle = _obstacle(group, request.user)
    if obstacle:
        # Nothing to submit: a POST gets the same explanation, as a conflict.
        status = 409 if request.method == "POST" else 200
        return _render_join(request, group, status=status, **obstacle)
    form = joining.JoinRequestForm(request.POST if request.method == "POST" else None)
    if not form.is_bound:
        return _render_join(request, group, form=form)
    if not form.is_valid():
        return _render_join(request, group, form=form, status=400)
    try:
        joining.ask_to_join(
            group, request.user, form.cleaned_data["message"], form.cleaned_data["consent"]
        )
    except joining.AlreadyPending as already:
        # A second tab or a double click: show the request that exists.
        return _render_join(request, group, existing=already.join_request, status=409)
    return HttpResponseSeeOther(reverse("groups:my_requests") + "?done=sent")


def _obstacle(group, member):
    """Why this member cannot ask to join this group now, as template context (or None)."""
    facilitators = group.active_facilitators()
    if not facilitators:
        # Nobody could answer on the site: the contact form reaches the group another way.
        return {"no_facilitator": True}
    if member in facilitators:
        return {"own_group": True}
    existing = joining.pending_request(group, member)
    if existing:
        return {"existing": existing}
    return None


def _render_join(request, group, status=200, **context):
    context = {
        "group": group,
        "waiting_list": group.status == MembershipStatus.FULL,
        **context,
    }
    return render(request, "groups/join.html", context, status=status)


@login_required(login_url=LOGIN_URL)
def my_requests(request):
    # One query, whatever the number of requests: each row brings its group along.
    join_requests = list(
        JoinRequest.objects.filter(member=request.user)
        .select_related("group")
        .order_by("-created_at", "-pk")
    )
    done = request.GET.get("done")
    context = {
        "join_requests": join_requests,
        "done": done if done in DONE_NOTICES else "",
    }
    return render(request, "groups/my_requests.html", context)


@login_required(login_url=LOGIN_URL)
@require_http_methods(["GET", "POST"])
def withdraw_request(request, pk):
    join_request = _own_request_or_404(request.user, pk)
    context = {"join_request": join_request, "group": join_request.group}
    if join_request.status != JoinRequestStatus.PENDING:
        status = 409 if request.method == "POST" else 200
        return render(request, "groups/withdraw.html", context, status=status)
    if request.method == "GET":
        return render(request, "groups/withdraw.html", context)
    try:
        joining.withdraw(join_request, request.user)
    except joining.NotPending:
        # Answered by a facilitator between the confirmation page and the click.
        join_request.refresh_from_db()
        return render(request, "groups/withdraw.html", context, status=409)
    return HttpResponseSeeOther(reverse("groups:my_requests") + "?done=withdrawn")
