"""The yearly confirmation of listings: who is asked when, the signed link, and what is told.

The rule of what a date means is models.confirmation_state (and its SQL forms on GroupQuerySet);
this module only acts on it, once a day (`manage.py ask_for_confirmations`):

- ASK_AFTER_MONTHS after the last confirmation, the group's people (its facilitators, else its
  contact address, else its centre: mail.group_recipients) get a link, valid LINK_DAYS, that
  opens the listing with one "still current" button;
- once hidden (HIDE_AFTER_MONTHS), they and the group's centre are told, with a new link.

Each is sent once per confirmation: a date noted on or before the last confirmation belongs to
an earlier year, so a confirmation by any road (the link, the facilitator's page, the admin's
action or form, an import) starts the year again. The date and the email are stored in one
transaction, before the mail worker tries to send anything.
"""

import datetime
from dataclasses import dataclass

from django.core import signing
from django.db import transaction
from django.db.models import F, Prefetch, Q
from django.utils import timezone

from selfhelp.pagecache import content_changed

from . import mail
from .models import (
    ASK_AFTER_MONTHS,
    HIDE_AFTER_MONTHS,
    Group,
    confirmation_cutoff,
    listed_since,
    months_before,
)

User = Group.facilitators.field.related_model

LINK_DAYS = 30
_SALT = "groups.confirmation"
CHUNK = 500


def link_token(group):
    """A token for the group's confirmation link: signed and dated, nothing personal in it."""
    return signing.dumps(group.pk, salt=_SALT)


def group_from_token(token):
    """The published group a token names (hidden or not); raises signing.SignatureExpired
    after LINK_DAYS, signing.BadSignature for anything else that is not a valid token, and
    Group.DoesNotExist when the group is gone or no longer published."""
    pk = signing.loads(token, salt=_SALT, max_age=datetime.timedelta(days=LINK_DAYS))
    if not isinstance(pk, int):
        raise signing.BadSignature("Not a group.")
    return Group.objects.published().select_related("canton", "centre").get(pk=pk)


def hide_date(group):
    """The first day the listing is hidden if nobody confirms it (None without a date): the
    day after it turns HIDE_AFTER_MONTHS old, by the rule of models.confirmation_state."""
    if group.last_confirmed is None:
        return None
    return months_before(group.last_confirmed, -HIDE_AFTER_MONTHS) + datetime.timedelta(days=1)


@dataclass
class Outcome:
    asked: int = 0
    told_hidden: int = 0
    nobody_to_ask: int = 0


def ask_for_confirmations(today=None):
    """Ask the groups due, tell the groups newly hidden; return how many of each."""
    today = today or timezone.localdate()
    outcome = Outcome()
    published = (
        Group.objects.published()
        .select_related("centre")
        .prefetch_related(Prefetch("facilitators", queryset=User.objects.filter(is_active=True)))
    )
    hidden = published.filter(last_confirmed__lt=listed_since(today)).filter(
        _not_yet("hidden_notice_on")
    )
    for group in hidden.order_by("pk").iterator(chunk_size=CHUNK):
        if _send(group, "listing_hidden", today, with_centre=True):
            outcome.told_hidden += 1
        else:
            outcome.nobody_to_ask += 1
    # A group with no date at all (cleared by hand in the admin) is flagged there, not asked.
    due = published.filter(
        last_confirmed__lt=confirmation_cutoff(ASK_AFTER_MONTHS, today),
        last_confirmed__gte=listed_since(today),
    ).filter(_not_yet("confirmation_asked_on"))
    for group in due.order_by("pk").iterator(chunk_size=CHUNK):
        if _send(group, "confirmation_request", today):
            outcome.asked += 1
        else:
            outcome.nobody_to_ask += 1
    if outcome.told_hidden:
        content_changed()  # cached pages may still show the listings hidden today
    return outcome


def _not_yet(field):
    """Not done since the last confirmation (`field` empty, or on or before its day)."""
    return Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__lte": F("last_confirmed")})


def _send(group, template, today, with_centre=False):
    """Queue the email to each of the group's recipients and note the date, in one transaction.
    False when the group has nobody to ask (it is asked again tomorrow)."""
    recipients = mail.group_recipients(group)
    centre = mail.centre_recipient(group) if with_centre else None
    if centre and centre not in recipients:
        recipients.append(centre)
    if not recipients:
        return False
    context = {
        "group": group,
        "token": link_token(group),
        "hide_date": hide_date(group),
        "link_days": LINK_DAYS,
    }
    with transaction.atomic():
        for recipient in recipients:
            mail.queue(template, recipient, {**context, "role": recipient.role})
        # A notice that the listing is hidden carries a link too: it is also this year's asking.
        dates = {"confirmation_asked_on": today}
        if template == "listing_hidden":
            dates["hidden_notice_on"] = today
        # An update, not a save: nothing the directory shows changes here.
        Group.objects.filter(pk=group.pk).update(**dates)
    return True
