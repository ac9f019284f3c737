"""Account pages in a real browser: axe-core finds no WCAG 2.1 A/AA violation, in French and
German, blank and with errors shown; a member deletes their account.

Pages are driven by ids, CSS and URLs, not by their wording."""

import re
import time

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from accounts.models import User
from tests.conftest import PASSWORD
from tests.factories import GroupFactory, JoinRequestFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

LANGUAGES = ["fr", "de"]


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    # The cache table outlives each browser test's database: earlier counts must not throttle.
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def member_account():
    user = UserFactory(email="mia@example.org", display_name="Mia")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    group = GroupFactory(name="Groupe deuil Lausanne")
    group.facilitators.add(UserFactory())
    JoinRequestFactory(member=user, group=group)
    return user


def path(name, language):
    with translation.override(language):
        return reverse(name)


def submit(page, form):
    page.locator(f"{form} [type=submit]").first.click()


def log_in(page, language, user):
    page.goto(path("account_login", language))
    page.fill("#id_login", user.email)
    page.fill("#id_password", PASSWORD)
    submit(page, "form:has(#id_login)")
    expect(page.locator("#id_login")).to_have_count(0)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_entrance_pages_pass_axe(page, axe, language):
    for name in ("account_login", "account_signup", "account_reset_password"):
        page.goto(path(name, language))
        expect(page.locator("html")).to_have_attribute("lang", language)
        expect(page.locator("h1")).to_have_count(1)
        assert axe() == [], name

        # And with the errors shown: the summary and the fields' messages.
        submit(page, ".account-form")
        expect(page.locator(".error-summary")).to_be_visible()
        assert axe() == [], f"{name} with errors"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_member_pages_pass_axe(page, axe, language, member_account):
    log_in(page, language, member_account)

    page.goto(path("accounts:profile", language))
    expect(page.locator("h1")).to_have_count(1)
    assert axe() == [], "profile"
    page.locator(".account-menu summary").click()
    expect(page.locator(".account-menu ul")).to_be_visible()
    assert axe() == [], "profile, menu open"

    page.goto(path("accounts:delete_account", language))
    assert axe() == [], "delete"
    page.fill("#id_password", "not-my-password")
    submit(page, ".account-form--danger")
    expect(page.locator(".error-summary")).to_be_visible()
    expect(page.locator("#id_password")).to_have_attribute("aria-invalid", "true")
    assert axe() == [], "delete with an error"

    for name in ("account_email", "account_change_password"):
        page.goto(path(name, language))
        assert axe() == [], name


def test_a_member_deletes_their_account(page, member_account):
    log_in(page, "fr", member_account)
    page.goto(path("accounts:profile", "fr"))
    page.locator(f"a[href='{path('accounts:delete_account', 'fr')}']").click()
    page.fill("#id_password", PASSWORD)
    submit(page, ".account-form--danger")

    expect(page.locator("h1")).to_have_count(1)
    expect(page.locator(".account-menu")).to_have_count(0)  # signed out
    assert not User.objects.filter(email="mia@example.org").exists()


def test_staff_set_up_two_factor_authentication_before_the_admin(page, axe):
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    staff = UserFactory(email="sam@example.org", is_staff=True, is_superuser=True)
    EmailAddress.objects.create(user=staff, email=staff.email, verified=True, primary=True)
    admin_index = path("admin:index", "fr")

    page.goto(admin_index)  # the admin's login is allauth's
    expect(page.locator("#id_login")).to_be_visible()
    page.fill("#id_login", staff.email)
    page.fill("#id_password", PASSWORD)
    submit(page, "form:has(#id_login)")

    # Sent to set up an authenticator app; allauth asks for the password once more first.
    expect(page.locator("#id_password")).to_be_visible()
    assert axe() == [], "reauthenticate"
    page.fill("#id_password", PASSWORD)
    submit(page, "form:has(#id_password)")
    expect(page.locator("#id_code")).to_be_visible()
    assert axe() == [], "activate"

    secret = page.locator("#authenticator_secret").input_value()
    # A code lives 30 seconds: never type one that expires before the form is sent.
    if time.time() % 30 > 20:
        time.sleep(30 - time.time() % 30 + 0.5)
    page.fill("#id_code", format_hotp_value(hotp_value(secret, int(time.time()) // 30)))
    submit(page, "form:has(#id_code)")
    expect(page.locator("#id_code")).to_have_count(0)
    assert axe() == [], "recovery codes"

    page.goto(admin_index)
    expect(page).to_have_url(re.compile(re.escape(admin_index) + "$"))
    expect(page.locator("#site-name")).to_be_visible()
