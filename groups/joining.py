"""Joining a group: a member asks, a facilitator accepts or declines, the member may withdraw.

The forms of those pages, and the workflows behind them. Each workflow stores its change and
queues its emails in one transaction: if anything fails, neither the change nor a stray email
remains, and the mail worker sends what was queued (retrying while the mail server is down).
"""

from django import forms
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import mail
from .models import JoinRequest, JoinRequestStatus, MembershipStatus

# ---- The forms -------------------------------------------------------------------------------


class JoinRequestForm(forms.Form):
    message = forms.CharField(
        label=_("Your message (optional)"),
        help_text=_(
            "A few words about you or your questions, if you like. "
            "Share only what you are comfortable with."
        ),
        required=False,
        max_length=JoinRequest._meta.get_field("message").max_length,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    consent = forms.BooleanField(
        label=_("I agree that the people who run this group see my name and email address."),
        help_text=_("They need them to answer you. Nobody else sees your request."),
        error_messages={
            "required": _(
                "Without your agreement we cannot send your request: please tick the box."
            )
        },
    )


class DecisionForm(forms.Form):
    """Accept or decline, with an optional reply. The two buttons of the form carry the choice."""

    ACCEPT = "accept"
    DECLINE = "decline"

    decision = forms.ChoiceField(
        choices=[(ACCEPT, _("Accept")), (DECLINE, _("Decline"))],
        # The value comes from the button pressed; nothing of it is drawn on the page.
        widget=forms.HiddenInput,
        error_messages={"required": _("Choose whether to accept or decline the request.")},
    )
    reply = forms.CharField(
        label=_("Your reply (optional)"),
        help_text=_(
            "Sent to the member by email. If you accept, say how and where to meet: "
            "the member can answer you directly."
        ),
        required=False,
        max_length=JoinRequest._meta.get_field("decision_message").max_length,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    @property
    def accepts(self):
        return self.cleaned_data["decision"] == self.ACCEPT


# ---- The workflows ---------------------------------------------------------------------------
class JoinRequestError(Exception):
    """A workflow step that does not apply to the request as it stands."""


class ConsentMissing(JoinRequestError):
    pass


class NoFacilitator(JoinRequestError):
    """Nobody could answer the request on the site: the group has no active facilitator."""


class AlreadyPending(JoinRequestError):
    def __init__(self, join_request):
        super().__init__("An open request already exists.")
        self.join_request = join_request


class NotPending(JoinRequestError):
    """The request was decided or withdrawn meanwhile (another tab, another facilitator)."""


def pending_request(group, member):
    return JoinRequest.objects.filter(
        group=group, member=member, status=JoinRequestStatus.PENDING
    ).first()


def ask_to_join(group, member, message, consent):
    """Store a pending request and tell every active facilitator, in their own language.

    A full group puts the request on its waiting list. Raises ConsentMissing, NoFacilitator or
    AlreadyPending (with the open request) instead of storing anything.
    """
    if not consent:
        raise ConsentMissing("No request without consent.")
    facilitators = group.active_facilitators()
    if not facilitators:
        raise NoFacilitator("Nobody could answer this request.")
    existing = pending_request(group, member)
    if existing:
        raise AlreadyPending(existing)
    try:
        with transaction.atomic():
            join_request = JoinRequest.objects.create(
                group=group,
                member=member,
                message=message.strip(),
                consent=True,
                waiting_list=group.status == MembershipStatus.FULL,
            )
            emails = [
                mail.queue(
                    "join_request_received",
                    mail.Recipient(user.email, user.preferred_language),
                    {"group": group, "join_request": join_request},
                )
                for user in facilitators
            ]
            join_request.emails.add(*emails)
    except IntegrityError:
        # A double click or a second tab got there first: the unique constraint holds the line.
        existing = pending_request(group, member)
        if existing is None:
            raise
        raise AlreadyPending(existing) from None
    return join_request


def decide(join_request, facilitator, accept, reply):
    """Accept or decline a pending request and tell the member, in their language.

    Only an accepted member learns the facilitator's address: in the email, as its Reply-To,
    so that they can arrange the first meeting. It never appears on the site.
    """
    if not join_request.group.facilitators.filter(pk=facilitator.pk).exists():
        raise JoinRequestError("Only the group's facilitators can answer its requests.")
    with transaction.atomic():
        locked = _lock_pending(join_request)
        locked.status = JoinRequestStatus.ACCEPTED if accept else JoinRequestStatus.DECLINED
        locked.decision_message = reply.strip()
        locked.decided_at = timezone.now()
        locked.save(update_fields=["status", "decision_message", "decided_at"])
        member = locked.member
        email = mail.queue(
            "join_request_decided",
            mail.Recipient(member.email, member.preferred_language),
            {"group": locked.group, "join_request": locked, "facilitator": facilitator},
            reply_to=facilitator.email if accept else None,
        )
        locked.emails.add(email)
    _copy_state(locked, join_request)
    return join_request


def withdraw(join_request, member):
    """The member takes back a pending request; the facilitators are told, without details."""
    if join_request.member_id != member.pk:
        raise JoinRequestError("Only the member who asked can withdraw a request.")
    with transaction.atomic():
        locked = _lock_pending(join_request)
        locked.status = JoinRequestStatus.WITHDRAWN
        locked.decided_at = timezone.now()
        locked.save(update_fields=["status", "decided_at"])
        emails = [
            mail.queue(
                "join_request_withdrawn",
                mail.Recipient(user.email, user.preferred_language),
                {"group": locked.group, "join_request": locked},
            )
            for user in locked.group.active_facilitators()
        ]
        locked.emails.add(*emails)
    _copy_state(locked, join_request)
    return join_request


def _lock_pending(join_request):
    """The request's row, locked until the transaction ends, if it is still pending: a
    facilitator deciding while the member withdraws must not both win."""
    locked = (
        JoinRequest.objects.select_for_update(of=("self",))
        .select_related("group", "member")
        .get(pk=join_request.pk)
    )
    if locked.status != JoinRequestStatus.PENDING:
        raise NotPending("This request was already answered or withdrawn.")
    return locked


def _copy_state(source, target):
    target.status = source.status
    target.decision_message = source.decision_message
    target.decided_at = source.decided_at
