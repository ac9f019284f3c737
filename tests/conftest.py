"""Shared fixtures: the personas every access test speaks of."""

import pytest

from tests.factories import GroupFactory, UserFactory

PASSWORD = "correct-horse-battery-staple"


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Real hashing costs ~0.3 s a user by design; tests that make users would crawl.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def member(db):
    return UserFactory(email="member@example.org", display_name="Mia")


@pytest.fixture
def facilitator(db):
    return UserFactory(email="facilitator@example.org", display_name="Fabienne")


@pytest.fixture
def other_facilitator(db):
    return UserFactory(email="other.facilitator@example.org", display_name="Otto")


@pytest.fixture
def admin_user(db):
    return UserFactory(
        email="admin@example.org", display_name="Ada", is_staff=True, is_superuser=True
    )


@pytest.fixture
def group(db, facilitator):
    group = GroupFactory()
    group.facilitators.add(facilitator)
    return group
