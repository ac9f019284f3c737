"""The defences of the forms anyone may send about a group without an account (a message to the
group, a report of outdated information), without any third party:

- a honeypot field, which people leave empty and robots fill in;
- a signed stamp of when and for which group the form was shown: a minimum time between showing
  and sending, an expiry, and one submission per stamp (its hash is stored with what it sent);
- rate limits per connection, counted in the cache (shared by every process) under a keyed hash
  of the address, never the address itself.

Each form says what it refuses in its own words: its `refusals`, by code ("honeypot",
"too_fast", "expired", "forged", "used").
"""

import hashlib
import secrets
import time

from django import forms
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils.crypto import salted_hmac

# Long enough to write a hard message slowly; short enough that a harvested stamp soon expires.
TOKEN_MAX_AGE = 2 * 60 * 60


class _FormStamp(signing.TimestampSigner):
    """Signs a group's id and a random nonce with the time the form was shown: every form
    shown has its own stamp. `issued_at` lets tests (and only them) stamp a form as shown
    earlier, instead of sleeping."""

    def __init__(self, salt, issued_at=None):
        super().__init__(salt=salt)
        self.issued_at = issued_at

    def timestamp(self):
        if self.issued_at is None:
            return super().timestamp()
        return signing.b62_encode(int(self.issued_at))


def form_token(salt, group, issued_at=None):
    return _FormStamp(salt, issued_at).sign(f"{group.pk}.{secrets.token_urlsafe(9)}")


def stamp_digest(token):
    """How a used stamp is remembered (with what it sent, until that is deleted)."""
    return hashlib.sha256(token.encode()).hexdigest()


class StampRefused(Exception):
    pass


def stamp_was_used(model, stamp):
    """Whether a row of `model` (what such forms send, with its `form_stamp`) came from it."""
    return bool(stamp) and model.objects.filter(form_stamp=stamp_digest(stamp)).exists()


def stamp_age(salt, token, group, model):
    """Seconds since the form was shown. Raises StampRefused when the stamp is missing, forged,
    made for another group, older than TOKEN_MAX_AGE, or already used for a row of `model`."""
    if len(token) > 200:  # ours are ~50 characters; do not spend time hashing a flood
        raise StampRefused("forged")
    signer = _FormStamp(salt)
    try:
        value = signer.unsign(token, max_age=TOKEN_MAX_AGE)
    except signing.SignatureExpired:
        raise StampRefused("expired") from None
    except signing.BadSignature:
        raise StampRefused("forged") from None
    if value.split(".", 1)[0] != str(group.pk):
        raise StampRefused("forged")
    if stamp_was_used(model, token):
        raise StampRefused("used")
    issued_at = signing.b62_decode(token.rsplit(signer.sep, 2)[1])
    return time.time() - issued_at


class GuardedForm(forms.Form):
    """A form about `group` with the honeypot (`website`) and the stamp (`shown`), both rendered
    by hand in the template (includes/form_guard.html): the honeypot always empty, the stamp as
    `stamp` chooses. Subclasses set the stamp's `salt`, the `model` of what they send (with its
    `form_stamp`) and their `refusals`."""

    salt = None
    model = None
    refusals = None
    website = forms.CharField(required=False)
    shown = forms.CharField(required=False)

    def __init__(self, group, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.group = group
        self.keep_stamp = False

    def clean(self):
        cleaned = super().clean()
        try:
            age = stamp_age(self.salt, cleaned.get("shown", ""), self.group, self.model)
        except StampRefused as refusal:
            age, refused = None, str(refusal)
        else:
            # A good stamp is kept when the form is shown again: the time spent writing counts.
            self.keep_stamp = True
        if cleaned.get("website"):
            raise ValidationError(self.refusals["honeypot"], code="honeypot")
        if age is None:
            raise ValidationError(self.refusals[refused], code=refused)
        if age < settings.CONTACT_MIN_SECONDS:
            raise ValidationError(self.refusals["too_fast"], code="too_fast")
        return cleaned

    @property
    def stamp(self):
        if self.is_bound and self.keep_stamp:
            return self.data.get("shown", "")
        return form_token(self.salt, self.group)


# ---- Rate limits ---------------------------------------------------------------------------


def connection_key(kind, remote_addr):
    # Keyed by a keyed hash: the address itself is never stored, not even in the cache.
    digest = salted_hmac(f"groups.{kind}.ip", remote_addr or "unknown").hexdigest()[:32]
    return f"{kind}:ip:{digest}"


def count(key, window):
    """One more in `key`'s count. The window starts with the first one counted: a fixed window
    is enough against floods."""
    cache.add(key, 0, window)
    try:
        cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, window)


def reached(key, limit):
    return cache.get(key, 0) >= limit
