"""Workflows over a person's whole account: everything we hold about them, and its deletion.

What we hold about a member: the account (email, display name, language), its email
addresses, its two-factor authenticators, its join requests, the contact messages sent from
one of its verified addresses, the emails queued or sent to them or about their requests, the
groups they facilitate, their sessions, and the admin history of those rows.
"""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.auth import SESSION_KEY, get_user_model
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from post_office.models import Attachment, Email

from groups.models import ContactMessage, Group, JoinRequest, ProposedChange, Report

# The post_office fields an address can appear in: recipients, headers (Reply-To), the text.
EMAIL_TEXT_FIELDS = ("to", "cc", "bcc", "subject", "message", "html_message", "headers", "context")


def verified_addresses(user):
    """Addresses the person proved are theirs: only these can claim anonymous messages."""
    return sorted(
        {
            address.lower()
            for address in EmailAddress.objects.filter(user=user, verified=True).values_list(
                "email", flat=True
            )
        }
    )


def account_addresses(user):
    """Every address this account uses or claimed, verified or not."""
    addresses = {user.email.lower()} if user.email else set()
    addresses.update(
        address.lower()
        for address in EmailAddress.objects.filter(user=user).values_list("email", flat=True)
    )
    return sorted(addresses)


def _any_address(field, addresses):
    query = Q(pk__in=[])
    for address in addresses:
        query |= Q(**{f"{field}__iexact": address})
    return query


def contact_messages_sent_by(user):
    return ContactMessage.objects.filter(
        _any_address("sender_email", verified_addresses(user))
    ).select_related("group")


# ---- Download my data ------------------------------------------------------------------------


def _group_url(group):
    return settings.SITE_URL + group.get_absolute_url()


def export_data(user):
    """Everything stored about the person, as plain data for a JSON file. Nothing of anyone
    else: the facilitator's decision is their reply to this person, nothing more."""
    join_requests = user.join_requests.select_related("group").order_by("created_at")
    authenticators = Authenticator.objects.filter(user=user).order_by("created_at")
    return {
        "exported_at": timezone.now(),
        "site": settings.SITE_URL,
        "account": {
            "email": user.email,
            "display_name": user.display_name,
            "preferred_language": user.preferred_language,
            "date_joined": user.date_joined,
            "last_login": user.last_login,
            "is_staff": user.is_staff,
        },
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in EmailAddress.objects.filter(user=user).order_by("email")
        ],
        "join_requests": [
            {
                "group": request.group.name,
                "group_url": _group_url(request.group),
                "status": request.status,
                "waiting_list": request.waiting_list,
                "message": request.message,
                "consent": request.consent,
                "reply": request.decision_message,
                "sent_at": request.created_at,
                "decided_at": request.decided_at,
            }
            for request in join_requests
        ],
        "contact_messages": [
            {
                "group": message.group.name,
                "group_url": _group_url(message.group),
                "name": message.sender_name,
                "email": message.sender_email,
                "message": message.text,
                "language": message.language,
                "sent_at": message.created_at,
            }
            for message in contact_messages_sent_by(user).order_by("created_at")
        ],
        "reports_of_outdated_information": [
            {
                "group": report.group.name,
                "group_url": _group_url(report.group),
                "reason": report.reason,
                "details": report.text,
                "email": report.email,
                "sent_at": report.created_at,
                "handled_at": report.handled_at,
            }
            for report in Report.objects.filter(_any_address("email", verified_addresses(user)))
            .select_related("group")
            .order_by("created_at")
        ],
        "proposed_groups": [
            {
                "group": change.group.name,
                "state": change.state,
                "reply": change.reply,
                "proposed_at": change.created_at,
                "decided_at": change.decided_at,
            }
            for change in ProposedChange.objects.filter(proposed_by=user, is_new_group=True)
            .select_related("group")
            .order_by("created_at")
        ],
        "alerts": [
            {
                "theme": alert.theme.name,
                "canton": alert.canton.code if alert.canton else None,
                "created_at": alert.created_at,
                "last_digest_at": alert.last_digest_at,
            }
            for alert in user.alerts.select_related("theme", "canton").order_by("created_at")
        ],
        "facilitated_groups": [
            {"name": group.name, "url": _group_url(group)}
            for group in user.facilitated_groups.order_by("name")
        ],
        # What kind of second factor, and since when; never the secret itself.
        "two_factor_authentication": [
            {
                "type": authenticator.type,
                "created_at": authenticator.created_at,
                "last_used_at": authenticator.last_used_at,
            }
            for authenticator in authenticators
        ],
    }


# ---- Delete my account -----------------------------------------------------------------------


def _linked_to(model, field, ids=None):
    """The emails queued about these join requests or contact messages (or about any)."""
    links = model.emails.through.objects.all()
    if ids is not None:
        links = links.filter(**{f"{field}__in": ids})
    return Q(pk__in=links.values("email_id"))


def _emails_about(user, join_request_ids, contact_message_ids):
    """The queued and sent emails that carry this person's data.

    - those about their join requests and their messages;
    - any naming an address they proved is theirs (as recipient, Reply-To or in the text);
    - for an address they only claimed (never verified: it may be someone else's), only the
      mail sent to it that belongs to no request or message: our verification links. Someone
      who types a stranger's address cannot make the stranger's messages disappear.
    """
    mentions = Q(pk__in=[])
    for address in verified_addresses(user):
        for field in EMAIL_TEXT_FIELDS:
            mentions |= Q(**{f"{field}__icontains": address})
    claimed = sorted(set(account_addresses(user)) - set(verified_addresses(user)))
    linked_to_anything = _linked_to(JoinRequest, "joinrequest") | _linked_to(
        ContactMessage, "contactmessage"
    )
    return Email.objects.filter(
        mentions
        | _linked_to(JoinRequest, "joinrequest", join_request_ids)
        | _linked_to(ContactMessage, "contactmessage", contact_message_ids)
        | (_any_address("to", claimed) & ~linked_to_anything)
    )


def _delete_emails(emails):
    email_ids = list(emails.values_list("pk", flat=True))
    attachment_ids = list(
        Attachment.objects.filter(emails__in=email_ids).values_list("pk", flat=True).distinct()
    )
    Email.objects.filter(pk__in=email_ids).delete()  # their delivery logs go with them
    for attachment in Attachment.objects.filter(pk__in=attachment_ids, emails=None):
        attachment.file.delete(save=False)
        attachment.delete()


def _ids(queryset):
    return list(queryset.values_list("pk", flat=True))


def _delete_admin_history(objects_by_model, addresses):
    """The admin's change history names the rows it changed ("Mia → Groupe deuil"): the
    entries about this person's rows, or naming an address they proved is theirs, go."""
    about = Q(pk__in=[])
    for model, ids in objects_by_model.items():
        if ids:
            content_type = ContentType.objects.get_for_model(model)
            about |= Q(content_type=content_type, object_id__in=[str(pk) for pk in ids])
    for address in addresses:
        about |= Q(object_repr__icontains=address) | Q(change_message__icontains=address)
    LogEntry.objects.filter(about).delete()


def _delete_sessions(user):
    """Their sessions hold their id and, from allauth, the address they logged in with.

    Session data is signed, so it cannot be searched in SQL: read each one. Deleting an account
    is rare, and the table holds the sessions of logged-in people only.
    """
    user_id = str(user.pk)
    doomed = [
        session.pk
        for session in Session.objects.iterator(chunk_size=500)
        if str(session.get_decoded().get(SESSION_KEY)) == user_id
    ]
    Session.objects.filter(pk__in=doomed).delete()


@transaction.atomic
def delete_account(user, sessions=True):
    """Delete the person and everything of theirs, for real. Their groups stay, without them.

    `sessions=False` skips the sessions search, for accounts that never signed in.
    Returns what was deleted, counted by kind.
    """
    verified = verified_addresses(user)
    join_request_ids = _ids(user.join_requests.all())
    contact_messages = ContactMessage.objects.filter(_any_address("sender_email", verified))
    contact_message_ids = _ids(contact_messages)

    _delete_emails(_emails_about(user, join_request_ids, contact_message_ids))
    _delete_admin_history(
        {
            get_user_model(): [user.pk],
            EmailAddress: _ids(EmailAddress.objects.filter(user=user)),
            Authenticator: _ids(Authenticator.objects.filter(user=user)),
            JoinRequest: join_request_ids,
            ContactMessage: contact_message_ids,
        },
        verified,
    )
    contact_messages.delete()
    # A report stays with the centre, without the address that was left for its questions.
    Report.objects.filter(_any_address("email", verified)).update(email="")
    # A group whose relay address is this person's own mailbox loses it: messages to the group
    # then go to its regional centre.
    Group.objects.filter(_any_address("contact_email", verified)).update(contact_email="")
    # Nor does any version of it keep the address (groups.history). Their name as the author of
    # a change goes with the account (history_user is set to null).
    Group.history.filter(_any_address("contact_email", verified)).update(contact_email="")
    if sessions:
        _delete_sessions(user)
    # The database cascades the rest: addresses, authenticators, join requests (and their
    # email links), facilitator and permission links.
    user.delete()
    return {
        "join_requests": len(join_request_ids),
        "contact_messages": len(contact_message_ids),
    }
