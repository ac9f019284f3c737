"""Shared fixtures: the personas every access test speaks of."""

import pytest

from tests.factories import GroupFactory, UserFactory

PASSWORD = "correct-horse-battery-staple"


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Real hashing costs ~0.3 s a user by design; tests that make users would crawl.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    # Tests change data between requests; tests/selfhelp/test_pagecache.py turns it on.
    settings.PAGE_CACHE_SECONDS = 0


@pytest.fixture(autouse=True)
def mail_queue(settings):
    """Mail goes through the real queue in tests too; delivered messages land in mail.outbox.

    pytest-django swaps EMAIL_BACKEND for the in-memory one: put the queue back in front of it,
    so that a test sees what production does: queued rows first, emails once the worker runs.
    """
    settings.EMAIL_BACKEND = "post_office.EmailBackend"
    settings.POST_OFFICE = {
        **settings.POST_OFFICE,
        "BACKENDS": {"default": "django.core.mail.backends.locmem.EmailBackend"},
    }


@pytest.fixture
def deliver_mail():
    """Run the mail worker once, as `manage.py run_mail_worker --once` does; return the outbox."""
    from django.core import mail

    from groups.management.commands.run_mail_worker import send_due

    def deliver():
        send_due()
        return mail.outbox

    return deliver


@pytest.fixture
def member(db):
    return UserFactory(email="member@example.org", display_name="Mia")


@pytest.fixture
def facilitator(db):
    return UserFactory(email="facilitator@example.org", display_name="Fabienne")


@pytest.fixture
def other_facilitator(db):
    return UserFactory(email="other.facilitator@example.org", display_name="Otto")


def with_authenticator_app(user):
    """Staff reach the admin only with two-factor authentication set up (accounts.middleware):
    give the account an authenticator app, as a real admin has."""
    from allauth.mfa.models import Authenticator

    Authenticator.objects.create(
        user=user, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
    )
    return user


@pytest.fixture
def admin_user(db):
    """The national admin (also what pytest-django's admin_client logs in as)."""
    return with_authenticator_app(
        UserFactory(email="admin@example.org", display_name="Ada", is_staff=True, is_superuser=True)
    )


@pytest.fixture
def group(db, facilitator):
    group = GroupFactory()
    group.facilitators.add(facilitator)
    return group
