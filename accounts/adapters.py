"""How allauth treats our accounts: the language people read, and mail in that language."""

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import translation

SITE_LANGUAGES = dict(settings.LANGUAGES)


def supported_language(code):
    """The site language closest to `code` ("de-ch" -> "de"), else the default one."""
    code = (code or "").lower()
    if code in SITE_LANGUAGES:
        return code
    base = code.split("-")[0]
    return base if base in SITE_LANGUAGES else settings.LANGUAGE_CODE


def recipient_language(email, context):
    """The language an account email goes out in: the recipient's own, when we know them."""
    user = context.get("user")
    if not getattr(user, "preferred_language", None):
        user = get_user_model().objects.filter(email__iexact=email).first()
    if user is not None and user.preferred_language:
        return supported_language(user.preferred_language)
    return supported_language(translation.get_language())


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        # The page someone signs up on is in the language they chose to read: a good first
        # guess for their emails. They can change it in their profile.
        user.preferred_language = supported_language(translation.get_language())
        return super().save_user(request, user, form, commit=commit)

    def send_mail(self, template_prefix, email, context):
        # A password reset asked for on a German page still reaches a French reader in French.
        # The mail itself goes through Django's mail API, so into the post_office queue.
        with translation.override(recipient_language(email, context)):
            super().send_mail(template_prefix, email, context)
