"""Importing groups from CSV in the admin: upload, a preview of what would be created and
changed (or every problem by line and column), then confirm.

The preview is groups_csv's own all-or-nothing import, run and rolled back (dry_run); the
confirmed import runs it again on the same bytes, kept meanwhile in the cache for an hour under
a random key bound to the curator. Nothing is written before the confirmation, and nothing at all
when the file has a problem.
"""

import re
import secrets

from django import forms
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import curation
from .groups_csv import import_groups_csv

IMPORT_MAX_BYTES = 20 * 1024 * 1024  # about 40,000 groups with long descriptions
PREVIEW_SECONDS = 3600
PREVIEW_ROWS = 100  # groups listed per kind; the counts say how many in all
TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{16,64}")


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("CSV file"),
        help_text=gettext_lazy(
            "The columns of the export (Export the selected groups as CSV), UTF-8. A row "
            "with a known ref changes that group; any other row creates one."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                _("This file is larger than %(limit)d MB: split it in parts.")
                % {"limit": IMPORT_MAX_BYTES // (1024 * 1024)}
            )
        return upload


def _key(request, token):
    return f"groups-import:{request.user.pk}:{token}"


def import_view(model_admin, request):
    user = request.user
    if not curation.may_import(user):
        raise PermissionDenied
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": _("Import groups from CSV"),
        "form": UploadForm(),
    }
    if request.method != "POST":
        return TemplateResponse(request, "admin/groups/group/import.html", context)

    if "token" in request.POST:
        return _confirm(request, context)

    form = UploadForm(request.POST, request.FILES)
    context["form"] = form
    if not form.is_valid():
        return TemplateResponse(request, "admin/groups/group/import.html", context, status=400)
    data = form.cleaned_data["file"].read()
    result = import_groups_csv(data, dry_run=True, user=user)
    context["result"] = result
    if not result.ok:
        return TemplateResponse(request, "admin/groups/group/import.html", context, status=400)
    token = secrets.token_urlsafe(16)
    cache.set(_key(request, token), data, PREVIEW_SECONDS)
    context |= {
        "token": token,
        "filename": form.cleaned_data["file"].name,
        "created": result.created_groups[:PREVIEW_ROWS],
        "changed": result.changed_groups[:PREVIEW_ROWS],
        "more_created": max(0, result.created - PREVIEW_ROWS),
        "more_changed": max(0, result.updated - PREVIEW_ROWS),
    }
    return TemplateResponse(request, "admin/groups/group/import.html", context)


def _confirm(request, context):
    token = request.POST["token"]
    key = _key(request, token)
    # Ours are URL-safe base64; anything else was never stored (and makes no cache key).
    data = cache.get(key) if TOKEN_RE.fullmatch(token) else None
    if data is None:
        context["expired"] = True
        return TemplateResponse(request, "admin/groups/group/import.html", context, status=400)
    result = import_groups_csv(data, user=request.user)
    if not result.ok:
        # The directory changed since the preview (a ref taken meanwhile): nothing written.
        context["result"] = result
        return TemplateResponse(request, "admin/groups/group/import.html", context, status=400)
    cache.delete(key)
    messages.success(
        request,
        _("Imported: %(created)d created, %(changed)d changed, %(unchanged)d unchanged.")
        % {"created": result.created, "changed": result.updated, "unchanged": result.unchanged},
    )
    return redirect(reverse("admin:groups_group_changelist"))
