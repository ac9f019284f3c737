"""Contact a group: a message relayed by email to the people who run it, never lost.

The workflow (form, spam checks, storing and queueing) lives in groups/contact.py; these views
only show it. No address of a facilitator or of a group is ever put in a page.
"""

from urllib.parse import urlencode

from allauth.account.adapter import get_adapter
from django.conf import settings
from django.db.models import prefetch_related_objects
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from .. import contact
from ..mail import group_recipients
from .common import HttpResponseSeeOther, gone, listed_group_or_404


def _contactable_group(slug):
    """The group, with its facilitators fetched once for the recipients and their role."""
    group = listed_group_or_404(slug)
    if not group.is_archived:
        prefetch_related_objects([group], "facilitators")
    return group


def _form_page(request, group, form, status=200, retry_after=None):
    context = {
        "group": group,
        "form": form,
        "role": contact.relay_role(group),
        "retention_days": settings.RETENTION_DAYS,
        "copy_address": contact.copy_address(request.user),
    }
    response = render(request, "groups/contact.html", context, status=status)
    if retry_after:
        response["Retry-After"] = str(retry_after)
    return response


def _unreachable(request, group, kept_text=""):
    """No one can receive the group's messages: no form, an honest word and the centres instead.
    A message sent meanwhile (the form was open in a tab) is shown back so it is not lost."""
    context = {"group": group, "form": None, "kept_text": kept_text}
    status = 409 if request.method == "POST" else 200
    return render(request, "groups/contact.html", context, status=status)


# no-store: a page shown again after an error holds what the person wrote about themselves; a
# shared computer's browser cache must not keep it.
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def contact_group(request, slug):
    group = _contactable_group(slug)
    if group.is_archived:
        return gone(request, group)
    if not group_recipients(group):
        return _unreachable(request, group, request.POST.get("message", ""))
    if request.method != "POST":
        return _form_page(request, group, contact.ContactForm(group, initial=_known(request.user)))

    form = contact.ContactForm(group, request.POST)
    if not form.is_valid():
        return _form_page(request, group, form, status=400)
    # The client's address as allauth reads it: behind TRUSTED_PROXY_COUNT proxies, from
    # X-Forwarded-For, so that visitors do not all share the proxy's limit.
    remote_addr = get_adapter(request).get_client_ip(request)
    try:
        route = contact.route(group, remote_addr)
    except contact.RateLimited as limited:
        form.add_error(None, str(limited))
        return _form_page(request, group, form, status=429, retry_after=limited.retry_after)

    copy_to = contact.copy_address(request.user)
    try:
        contact.send_contact_message(
            group,
            name=form.cleaned_data["name"],
            email=form.cleaned_data["email"],
            text=form.cleaned_data["message"],
            language=get_language(),
            copy_to=copy_to,
            recipients=route.recipients,
            stamp=form.cleaned_data["shown"],
        )
    except contact.StampUsed:  # the same form, sent twice at the same moment
        form.add_error(None, contact.REFUSALS["used"])
        form.keep_stamp = False
        return _form_page(request, group, form, status=400)
    contact.count_message(group, remote_addr, route)
    # What the next page says, named by fixed values only.
    said = {"copy": "sent"} if copy_to else {}
    if route.via_centre:
        said["via"] = "centre"
    sent = reverse("groups:contact_sent", kwargs={"slug": group.slug})
    return HttpResponseSeeOther(f"{sent}?{urlencode(said)}" if said else sent)


def _known(user):
    """A signed-in member need not type their name and address again."""
    if not user.is_authenticated:
        return {}
    return {"name": user.display_name, "email": contact.copy_address(user) or user.email}


@require_http_methods(["GET", "HEAD"])
def contact_sent(request, slug):
    group = _contactable_group(slug)
    if group.is_archived:
        return gone(request, group)
    # Only these values are read: what a visitor types in the address never reaches the page.
    via_centre = request.GET.get("via") == "centre" and group.centre_id is not None
    context = {
        "group": group,
        "role": "centre" if via_centre else contact.relay_role(group),
        "via_centre": via_centre,
        "retention_days": settings.RETENTION_DAYS,
        "copy_sent": request.GET.get("copy") == "sent",
    }
    return render(request, "groups/contact_sent.html", context)
