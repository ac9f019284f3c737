"""Queue emails in the recipient's language. Never sends: the mail worker does.

Call these inside the transaction that stores what the email is about, so that either both
the row and its email exist, or neither does.
"""

import re
from dataclasses import dataclass, field

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from post_office import mail

ROLE_FACILITATOR, ROLE_CONTACT, ROLE_CENTRE = "facilitator", "contact", "centre"
_ONE_LINE = re.compile(r"[ \t\r\n]+")


@dataclass(frozen=True)
class Recipient:
    email: str
    language: str
    # Why they receive what is sent to the group: "facilitator", "contact" or "centre".
    role: str = ROLE_FACILITATOR
    # The facilitator's account (None for a contact address or a centre): who reads the
    # message on the site. Not part of what a recipient is, for comparisons.
    user: object = field(default=None, compare=False)


def queue(template, recipient, context, reply_to=None, headers=None):
    """Render templates/emails/<template>{_subject.txt,.txt,.html} in the recipient's language
    and put the email in the queue, with `headers` (and Reply-To). Returns the queued
    post_office Email."""
    language = recipient.language
    if language not in settings.SITE_LANGUAGES:
        language = settings.LANGUAGE_CODE
    context = {**context, "SITE_URL": settings.SITE_URL, "language": language}
    with translation.override(language):
        subject = render_to_string(f"emails/{template}_subject.txt", context)
        text = render_to_string(f"emails/{template}.txt", context)
        html = render_to_string(f"emails/{template}.html", context)
    headers = {**(headers or {}), **({"Reply-To": reply_to} if reply_to else {})} or None
    return mail.send(
        recipients=[recipient.email],
        sender=settings.DEFAULT_FROM_EMAIL,
        # Subjects are seen in lock screens and shared inboxes: never personal data in them.
        # One line; French keeps its narrow no-break spaces ("à jour ?"), which split() drops.
        subject=_ONE_LINE.sub(" ", subject).strip(),
        message=text.strip() + "\n",
        html_message=html,
        headers=headers,
        priority="medium",
        language=language,
    )


def group_recipients(group):
    """Who receives what is sent to a group: its facilitators (in their own languages), else
    its contact address, else its regional centre. Addresses never appear on the site."""
    facilitators = [
        Recipient(user.email, user.preferred_language, user=user)
        for user in group.active_facilitators()
    ]
    if facilitators:
        return facilitators
    if group.contact_email:
        return [Recipient(group.contact_email, group.description_language, ROLE_CONTACT)]
    centre = centre_recipient(group)
    return [centre] if centre else []


def centre_recipient(group, centre=None):
    """The group's regional centre (or `centre`), in the group's language if the centre speaks
    it (or None when there is no centre with an address)."""
    if centre is None:
        centre = group.centre if group.centre_id else None
    if not (centre and centre.email):
        return None
    languages = centre.languages or [group.description_language]
    language = (
        group.description_language if group.description_language in languages else languages[0]
    )
    return Recipient(centre.email, language, ROLE_CENTRE)


def curator_recipient(group):
    """Who is told of a proposal or a report about the group: the centre that curates it
    (Group.curating_centre), even when the group names none."""
    return centre_recipient(group, group.curating_centre())
