"""Contact a group: the form, its spam checks, and the service that stores and relays a message.

Anyone may write without an account, so the form defends itself without any third party: a
honeypot field, a minimum time between showing the form and sending it, and rate limits per
connection and per group. What a visitor writes may reveal their health: the message is stored
once, relayed by email to the people who run the group, and never shown on the site.
"""

from dataclasses import dataclass
from datetime import timedelta

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from . import guard, mail
from .models import ContactMessage

NAME_MAX_LENGTH = ContactMessage._meta.get_field("sender_name").max_length
EMAIL_MAX_LENGTH = ContactMessage._meta.get_field("sender_email").max_length
TEXT_MAX_LENGTH = ContactMessage._meta.get_field("text").max_length
TOKEN_SALT = "groups.contact.form-shown"
IP_WINDOW = 60 * 60
GROUP_WINDOW = 24 * 60 * 60


def form_token(group, issued_at=None):
    """A stamp for the contact form of `group` (see groups.guard)."""
    return guard.form_token(TOKEN_SALT, group, issued_at)


# ---- The form ------------------------------------------------------------------------------

# A name ends up in an email header (Reply-To): line breaks and other control characters
# would break it, and no one's name needs them.
single_line = RegexValidator(
    r"[\x00-\x1f\x7f]",
    inverse_match=True,
    message=_("Please write your name on one line, without special characters."),
)

REFUSALS = {
    "honeypot": _(
        "Your message was not sent: a field meant to catch automatic spam was filled in. "
        "Please check your message and send it again."
    ),
    "too_fast": _(
        "That was quicker than a person can write. Please wait a few seconds, "
        "then send your message again."
    ),
    "expired": _(
        "This form was open for more than two hours. Your text is still here: please send it again."
    ),
    "forged": _(
        "This form could not be checked. Your text is still here: please wait a few seconds, "
        "then send it again."
    ),
    "used": _(
        "This form has already sent a message. To send another one, please wait a few "
        "seconds, then send it again: your text is still here."
    ),
    "duplicate": _(
        "You already sent this message to this group today: it is on its way, there is no "
        "need to send it again."
    ),
}


class ContactForm(guard.GuardedForm):
    salt = TOKEN_SALT
    model = ContactMessage
    refusals = REFUSALS
    name = forms.CharField(
        label=_("Your name or a pseudonym"),
        help_text=_("A first name is enough."),
        max_length=NAME_MAX_LENGTH,
        validators=[single_line],
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("Your email address"),
        help_text=_("The group answers you at this address."),
        max_length=EMAIL_MAX_LENGTH,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    message = forms.CharField(
        label=_("Your message"),
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 9}),
    )
    field_order = ["name", "email", "message"]

    def __init__(self, group, *args, **kwargs):
        super().__init__(group, *args, **kwargs)
        self.fields["message"].help_text = gettext(
            "At most %(count)s characters. Share only what you want the group to know."
        ) % {"count": number_format(TEXT_MAX_LENGTH, force_grouping=True)}

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("message") and already_sent(self.group, cleaned["message"]):
            raise ValidationError(REFUSALS["duplicate"], code="duplicate")
        return cleaned


# ---- Rate limits ---------------------------------------------------------------------------


def _ip_key(remote_addr):
    return guard.connection_key("contact", remote_addr)


def _group_key(group):
    return f"contact:group:{group.pk}"


def _centre_key(centre_id):
    return f"contact:centre:{centre_id}"


class RateLimited(Exception):
    def __init__(self, message, retry_after):
        super().__init__(message)
        self.retry_after = retry_after


def _same_text(text):
    return " ".join(text.split()).casefold()


def already_sent(group, text):
    """The same text reached this group within a day: a second click, or a robot's copies."""
    since = timezone.now() - timedelta(seconds=GROUP_WINDOW)
    recent = ContactMessage.objects.filter(group=group, created_at__gte=since)
    wanted = _same_text(text)
    return any(_same_text(other) == wanted for other in recent.values_list("text", flat=True))


@dataclass(frozen=True)
class Route:
    recipients: list
    # True when the group had its day's share and its centre receives the message instead.
    via_centre: bool = False


def route(group, remote_addr):
    """Who receives a message to this group now: its usual recipients, or, once the group has
    had its day's share (a flood must not fill a volunteer's mailbox, nor shut the group's door
    to the next person), its regional centre, which passes messages on. Raises RateLimited when
    this connection has sent its share, or when neither can take more today."""
    if guard.reached(_ip_key(remote_addr), settings.CONTACT_LIMIT_PER_IP):
        raise RateLimited(
            gettext(
                "Too many messages were sent from your connection. Please try again in an hour, "
                "or contact the regional self-help centre."
            ),
            IP_WINDOW,
        )
    recipients = mail.group_recipients(group)
    if cache.get(_group_key(group), 0) < settings.CONTACT_LIMIT_PER_GROUP:
        return Route(recipients)
    centre = mail.centre_recipient(group)
    centre_has_room = cache.get(_centre_key(group.centre_id), 0) < settings.CONTACT_LIMIT_PER_CENTRE
    if centre and centre not in recipients and centre_has_room:
        return Route([centre], via_centre=True)
    raise RateLimited(
        gettext(
            "This group has received many messages today. Please try again tomorrow, "
            "or contact the regional self-help centre."
        ),
        GROUP_WINDOW,
    )


def count_message(group, remote_addr, route):
    """Count a message that was stored: for its connection, and for whoever received it."""
    guard.count(_ip_key(remote_addr), IP_WINDOW)
    if route.via_centre:
        guard.count(_centre_key(group.centre_id), GROUP_WINDOW)
    else:
        guard.count(_group_key(group), GROUP_WINDOW)


# ---- The service: store, then relay, in one transaction ------------------------------------


class NoRecipient(Exception):
    """The group has no facilitator, no contact address and no centre with an address."""


def relay_role(group):
    """Who receives the group's messages, as mail.group_recipients() picks them (None: nobody).
    Expects the group's facilitators prefetched (the view does it once for both)."""
    recipients = mail.group_recipients(group)
    return recipients[0].role if recipients else None


def _mailbox(name, email):
    # A quoted display name lets the recipient's "Reply" show who they answer; Django encodes
    # non-ASCII names and domains when the email is sent.
    quoted = name.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{quoted}" <{email}>'


def copy_address(user):
    """Where the sender's copy may go: a signed-in member's verified address, or nowhere.

    The site never mails what a stranger typed to an address nobody proved is theirs: the copy
    would be the site's own email, carrying any text, to any victim."""
    if not user.is_authenticated:
        return None
    from allauth.account.models import EmailAddress

    verified = EmailAddress.objects.filter(user=user, verified=True, primary=True).first()
    return verified.email if verified else None


class StampUsed(Exception):
    """Another request sent a message with this form's stamp a moment ago."""


def send_contact_message(
    group, *, name, email, text, language, copy_to=None, recipients=None, stamp=None
):
    """Store the message, and in the same transaction queue a relay to each recipient (the
    group's, unless `recipients` says otherwise; in their language, Reply-To the sender) and,
    when `copy_to` is a verified address (see copy_address), a copy to it (in the language of
    the page they wrote from). The form's `stamp` is stored with the message: it sends no
    second one (StampUsed). Either the message and all its emails exist, or nothing does.
    Nothing is sent here: the mail worker does it, and retries."""
    if recipients is None:
        recipients = mail.group_recipients(group)
    if not recipients:
        raise NoRecipient(group.slug)
    context = {
        "group": group,
        "sender_name": name,
        "text": text,
        "role": recipients[0].role,
        "retention_days": settings.RETENTION_DAYS,
    }
    try:
        with transaction.atomic():
            message = ContactMessage.objects.create(
                group=group,
                sender_name=name,
                sender_email=email,
                text=text,
                language=language,
                form_stamp=guard.stamp_digest(stamp) if stamp else None,
            )
            emails = [
                mail.queue("contact_relay", recipient, context, reply_to=_mailbox(name, email))
                for recipient in recipients
            ]
            if copy_to:
                copy = mail.queue("contact_copy", mail.Recipient(copy_to, language), context)
                emails.append(copy)
            message.emails.add(*emails)
            message.relayed_to.add(*(r.user for r in recipients if r.user is not None))
    except IntegrityError:
        if guard.stamp_was_used(ContactMessage, stamp):
            raise StampUsed() from None
        raise
    return message
