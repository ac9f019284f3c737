"""Report outdated information about a listing (the workflow lives in groups/reports.py)."""

from allauth.account.adapter import get_adapter
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from .. import reports
from .common import HttpResponseSeeOther, gone, listed_group_or_404


def _page(request, group, form, status=200, retry_after=None):
    context = {"group": group, "form": form, "centre": group.curating_centre()}
    response = render(request, "groups/report.html", context, status=status)
    if retry_after:
        response["Retry-After"] = str(retry_after)
    return response


# Never cached: every form shown has its own stamp, and a page shown again after an error holds
# what the visitor wrote.
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def report_group(request, slug):
    group = listed_group_or_404(slug)
    if group.is_archived:
        return gone(request, group)
    if request.method != "POST":
        return _page(request, group, reports.ReportForm(group))

    form = reports.ReportForm(group, request.POST)
    if not form.is_valid():
        return _page(request, group, form, status=400)
    remote_addr = get_adapter(request).get_client_ip(request)
    try:
        reports.check_limit(remote_addr)
    except reports.RateLimited as limited:
        form.add_error(None, str(limited))
        return _page(request, group, form, status=429, retry_after=limited.retry_after)
    try:
        reports.send_report(
            group,
            reason=form.cleaned_data["reason"],
            text=form.cleaned_data["text"].strip(),
            email=form.cleaned_data["email"],
            language=get_language(),
            stamp=form.cleaned_data["shown"],
            remote_addr=remote_addr,
        )
    except reports.StampUsed:
        form.add_error(None, reports.REFUSALS["used"])
        form.keep_stamp = False
        return _page(request, group, form, status=400)
    return HttpResponseSeeOther(reverse("groups:report_sent", kwargs={"slug": group.slug}))


@require_http_methods(["GET", "HEAD"])
def report_sent(request, slug):
    group = listed_group_or_404(slug)
    if group.is_archived:
        return gone(request, group)
    context = {"group": group, "centre": group.curating_centre()}
    return render(request, "groups/report_sent.html", context)
