"""Report outdated information: a visitor says what is wrong with a listing; the report is
stored, then emailed to the group's centre, which handles it in the admin.

Anyone may send one without an account, so the form has the contact form's defences
(groups.guard) and its own limit per connection. The report goes to the centre, never to the
group's facilitators, and nothing of it is shown on the site.
"""

from django import forms
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from . import guard, mail
from .models import Report, ReportReason

TOKEN_SALT = "groups.report.form-shown"
LIMIT_PER_CONNECTION = 5  # reports an hour from one connection
WINDOW = 60 * 60
TEXT_MAX_LENGTH = Report._meta.get_field("text").max_length

REFUSALS = {
    "honeypot": _(
        "Your report was not sent: a field meant to catch automatic spam was filled in. "
        "Please check it and send it again."
    ),
    "too_fast": _(
        "That was quicker than a person can write. Please wait a few seconds, "
        "then send your report again."
    ),
    "expired": _(
        "This form was open for more than two hours. What you wrote is still here: please "
        "send it again."
    ),
    "forged": _(
        "This form could not be checked. What you wrote is still here: please wait a few "
        "seconds, then send it again."
    ),
    "used": _("This form has already sent a report: thank you, it is on its way."),
}


def form_token(group, issued_at=None):
    return guard.form_token(TOKEN_SALT, group, issued_at)


class ReportForm(guard.GuardedForm):
    salt = TOKEN_SALT
    model = Report
    refusals = REFUSALS
    reason = forms.ChoiceField(
        label=_("What is wrong?"), choices=ReportReason.choices, widget=forms.RadioSelect
    )
    text = forms.CharField(
        label=_("What should it say?"),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("For example the new day, or since when the group has stopped."),
    )
    email = forms.EmailField(
        label=_("Your email address (optional)"),
        required=False,
        help_text=_("Only if the centre may ask you a question. It is not shown anywhere."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    field_order = ["reason", "text", "email"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("reason") == ReportReason.OTHER and not cleaned.get("text", "").strip():
            self.add_error("text", gettext("Please say in a few words what is wrong."))
        return cleaned


class RateLimited(Exception):
    retry_after = WINDOW


def check_limit(remote_addr):
    if guard.reached(guard.connection_key("report", remote_addr), LIMIT_PER_CONNECTION):
        raise RateLimited(
            gettext(
                "Many reports were sent from your connection. Please try again in an hour, "
                "or write to the regional self-help centre."
            )
        )


class StampUsed(Exception):
    """Another request sent a report with this form's stamp a moment ago."""


def send_report(group, *, reason, text, email, language, stamp, remote_addr):
    """Store the report and, in the same transaction, queue its email to the group's centre
    (when it has an address; the report is in the admin either way). Nothing is sent here."""
    try:
        with transaction.atomic():
            report = Report.objects.create(
                group=group,
                reason=reason,
                text=text,
                email=email,
                language=language,
                form_stamp=guard.stamp_digest(stamp),
            )
            centre = mail.curator_recipient(group)
            if centre:
                report.emails.add(
                    mail.queue("report_received", centre, {"group": group, "report": report})
                )
    except IntegrityError:
        if guard.stamp_was_used(Report, stamp):
            raise StampUsed() from None
        raise
    guard.count(guard.connection_key("report", remote_addr), WINDOW)
    return report


def mark_handled(queryset, user):
    """Mark the open reports of `queryset` handled by `user`; return how many."""
    return queryset.filter(handled_at=None).update(handled_at=timezone.now(), handled_by=user)
