"""A facilitator's pages: their groups, the join requests and the messages relayed to them.

Everything here is reached through the signed-in person's own groups: another group's page,
request or message is "not found" (404), for staff too, who work in the admin.
"""

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from .. import editing, history, joining, proposing, schedule
from ..models import Group, JoinRequest, JoinRequestStatus, MeetingBreak
from .common import LOGIN_URL, HttpResponseSeeOther

DONE_NOTICES = {"accepted", "declined", "confirmed", "edited", "proposed"}
EDIT_NOTICES = {"break_added", "break_removed"}


def _facilitated_group_or_404(user, slug):
    # The centre: who reviews a new name or new themes (groups.editing.propose).
    groups = Group.objects.filter(facilitators=user).select_related("canton", "centre")
    return get_object_or_404(groups, slug=slug)


def _facilitated_request_or_404(user, pk):
    requests = JoinRequest.objects.filter(group__facilitators=user).select_related(
        "group", "member"
    )
    return get_object_or_404(requests, pk=pk)


def _decision_prefix(join_request):
    # One form per pending request on the same page: the prefix keeps their ids apart.
    return f"request-{join_request.pk}"


@login_required(login_url=LOGIN_URL)
def my_groups(request):
    pending = Q(join_requests__status=JoinRequestStatus.PENDING)
    groups = (
        Group.objects.filter(facilitators=request.user)
        .annotate(
            pending_count=Count(
                "join_requests", filter=pending & Q(join_requests__waiting_list=False)
            ),
            waiting_count=Count(
                "join_requests", filter=pending & Q(join_requests__waiting_list=True)
            ),
        )
        .order_by("sort_name", "name")
    )
    context = {
        "groups": groups,
        "proposals": proposing.proposals_of(request.user),
        "done": "proposed" if request.GET.get("done") == "proposed" else "",
    }
    return render(request, "groups/my_groups.html", context)


@login_required(login_url=LOGIN_URL)
@never_cache
def propose_group(request):
    """A member proposes a new group; the region's centre reviews it (groups/proposing.py)."""
    if request.method == "POST":
        facts = proposing.NewGroupForm(request.POST)
        proposal = editing.NameThemesForm(request.POST)
        if facts.is_valid() and proposal.is_valid():
            proposing.propose_group(facts, proposal, request.user)
            return HttpResponseSeeOther(f"{reverse('groups:my_groups')}?done=proposed")
        status = 400
    else:
        facts, proposal, status = proposing.NewGroupForm(), editing.NameThemesForm(), 200
    context = {"facts": facts, "proposal": proposal}
    return render(request, "groups/propose_group.html", context, status=status)


@login_required(login_url=LOGIN_URL)
def my_group(request, slug):
    group = _facilitated_group_or_404(request.user, slug)
    done = request.GET.get("done")
    return _render_my_group(request, group, done=done if done in DONE_NOTICES else "")


def _render_my_group(request, group, status=200, bound_form=None, **context):
    """The group's requests (pending oldest first: first come, first answered), the decided
    ones (latest first) and the contact messages relayed to this facilitator (newest first),
    in three queries."""
    requests = group.join_requests.select_related("member")
    pending = list(requests.filter(status=JoinRequestStatus.PENDING).order_by("created_at", "pk"))
    decided = list(
        requests.exclude(status=JoinRequestStatus.PENDING).order_by("-decided_at", "-pk")
    )
    for join_request in pending:
        if bound_form is not None and bound_form.prefix == _decision_prefix(join_request):
            join_request.form = bound_form
        else:
            join_request.form = joining.DecisionForm(prefix=_decision_prefix(join_request))
    context = {
        "group": group,
        "pending_requests": pending,
        "decided_requests": decided,
        # Only what was relayed to this facilitator: a message written while the group had
        # none went to the centre, as its sender was told.
        "contact_messages": list(
            group.contact_messages.filter(relayed_to=request.user).order_by("-created_at", "-pk")
        ),
        **context,
    }
    return render(request, "groups/my_group.html", context, status=status)


@login_required(login_url=LOGIN_URL)
@require_POST
def decide_request(request, pk):
    join_request = _facilitated_request_or_404(request.user, pk)
    group = join_request.group
    if join_request.status != JoinRequestStatus.PENDING:
        return _render_my_group(request, group, status=409, stale=join_request)
    form = joining.DecisionForm(request.POST, prefix=_decision_prefix(join_request))
    if not form.is_valid():
        return _render_my_group(request, group, status=400, bound_form=form)
    try:
        joining.decide(join_request, request.user, form.accepts, form.cleaned_data["reply"])
    except joining.NotPending:
        # The member withdrew, or a co-facilitator answered, a moment ago.
        join_request.refresh_from_db()
        return _render_my_group(request, group, status=409, stale=join_request)
    url = reverse("groups:my_group", args=[group.slug])
    return HttpResponseSeeOther(f"{url}?done={join_request.status}")


@login_required(login_url=LOGIN_URL)
@require_POST
def confirm_group(request, slug):
    """The facilitator says the listing is still current: as the emailed link does."""
    group = _facilitated_group_or_404(request.user, slug)
    group.confirm()
    url = reverse("groups:my_group", args=[group.slug])
    return HttpResponseSeeOther(f"{url}?done=confirmed")


@login_required(login_url=LOGIN_URL)
def edit_group(request, slug):
    """The facts, at once; a new name or new themes, for the centre to review."""
    group = _facilitated_group_or_404(request.user, slug)
    pending = editing.pending_change(group)
    if request.method == "POST":
        facts = editing.FactsForm(request.POST, instance=group)
        proposal = editing.NameThemesForm(request.POST, group=group, pending=pending)
        if facts.is_valid() and proposal.is_valid():
            change = editing.save_edit(group, facts, proposal, request.user)
            done = "proposed" if change is not None and change != pending else "edited"
            url = reverse("groups:my_group", args=[group.slug])
            return HttpResponseSeeOther(f"{url}?done={done}")
        # The form's failed validation may have set fields on the group: read it again.
        group = _facilitated_group_or_404(request.user, slug)
        return _render_edit(request, group, pending, facts, proposal, status=400)
    return _render_edit(
        request,
        group,
        pending,
        editing.FactsForm(instance=group),
        editing.NameThemesForm(group=group, pending=pending),
    )


def _render_edit(request, group, pending, facts, proposal, break_form=None, status=200):
    done = request.GET.get("done")
    context = {
        "group": group,
        "pending": pending,
        "facts": facts,
        "proposal": proposal,
        "break_form": break_form or editing.BreakForm(group=group),
        "breaks": list(group.breaks.current()),
        "done": done if done in EDIT_NOTICES else "",
        "with_remove": True,
        **schedule.date_formats(),
    }
    return render(request, "groups/edit_group.html", context, status=status)


@login_required(login_url=LOGIN_URL)
@require_POST
def add_break(request, slug):
    group = _facilitated_group_or_404(request.user, slug)
    form = editing.BreakForm(request.POST, group=group)
    if not form.is_valid():
        pending = editing.pending_change(group)
        facts = editing.FactsForm(instance=group)
        proposal = editing.NameThemesForm(group=group, pending=pending)
        return _render_edit(request, group, pending, facts, proposal, form, status=400)
    editing.add_break(form, request.user)
    url = reverse("groups:edit_group", args=[group.slug])
    return HttpResponseSeeOther(f"{url}?done=break_added#breaks-heading")


@login_required(login_url=LOGIN_URL)
@require_POST
def remove_break(request, slug, pk):
    group = _facilitated_group_or_404(request.user, slug)
    meeting_break = get_object_or_404(MeetingBreak, group=group, pk=pk)
    editing.remove_break(meeting_break, request.user)
    url = reverse("groups:edit_group", args=[group.slug])
    return HttpResponseSeeOther(f"{url}?done=break_removed#breaks-heading")


@login_required(login_url=LOGIN_URL)
def group_history(request, slug):
    """Every change to the facilitator's group, by whom (as far as they may know) and when."""
    group = _facilitated_group_or_404(request.user, slug)
    entries = history.group_entries(group, hidden_fields=history.NOT_SHOWN_TO_FACILITATORS)
    context = {
        "group": group,
        "entries": entries,
        "facilitator_ids": set(group.facilitators.values_list("pk", flat=True)),
        **schedule.date_formats(),
    }
    return render(request, "groups/group_history.html", context)
