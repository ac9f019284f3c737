"""Staff reach the admin only with two-factor authentication, and only through allauth's login
(its rate limits, its two-factor step). Codes are computed with allauth's own TOTP functions."""

import time

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    SECRET_SESSION_KEY,
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)
from django.contrib.auth import SESSION_KEY
from django.urls import reverse
from django.utils import translation

from tests.conftest import PASSWORD
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def url(name, language="fr"):
    with translation.override(language):
        return reverse(name)


def current_code(secret):
    period = mfa_settings.TOTP_PERIOD
    if time.time() % period > period - 3:  # never a code about to expire before it is checked
        time.sleep(period - time.time() % period + 0.2)
    return format_hotp_value(hotp_value(secret, int(time.time()) // period))


@pytest.fixture
def staff(db):
    user = UserFactory(email="staff@example.org", display_name="Sam", is_staff=True)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


@pytest.fixture
def secret(staff):
    secret = generate_totp_secret()
    TOTP.activate(staff, secret)
    return secret


def log_in(client, user, next_url=""):
    data = {"login": user.email, "password": PASSWORD}
    if next_url:
        data["next"] = next_url
    return client.post(url("account_login"), data)


def test_staff_without_an_authenticator_is_sent_to_set_one_up(client, staff):
    log_in(client, staff)
    assert SESSION_KEY in client.session
    for admin_page in (url("admin:index"), reverse("admin:accounts_user_changelist")):
        response = client.get(admin_page)
        assert response.status_code == 302
        assert response["Location"] == url("mfa_activate_totp")


def test_setting_up_the_authenticator_opens_the_admin(client, staff):
    log_in(client, staff)
    # allauth asks for the password again before adding a second factor.
    response = client.get(url("mfa_activate_totp"))
    assert response["Location"].startswith(url("account_reauthenticate"))
    client.post(url("account_reauthenticate"), {"password": PASSWORD})
    page = client.get(url("mfa_activate_totp"))
    assert page.status_code == 200
    secret = client.session[SECRET_SESSION_KEY]
    client.post(url("mfa_activate_totp"), {"code": current_code(secret)})
    assert Authenticator.objects.filter(user=staff, type=Authenticator.Type.TOTP).exists()
    assert client.get(url("admin:index")).status_code == 200


def test_staff_with_an_authenticator_logs_in_with_a_code_and_reaches_the_admin(
    client, staff, secret
):
    response = log_in(client, staff, next_url=url("admin:index"))
    # The password alone is not enough: allauth asks for the code first.
    assert response.status_code == 302
    assert response["Location"] == url("mfa_authenticate")
    assert SESSION_KEY not in client.session

    response = client.post(url("mfa_authenticate"), {"code": current_code(secret)})
    assert response.status_code == 302
    assert response["Location"] == url("admin:index")
    assert client.get(url("admin:index")).status_code == 200


def test_a_wrong_code_keeps_the_admin_closed(client, staff, secret):
    log_in(client, staff)
    wrong = f"{(int(current_code(secret)) + 1) % 10**6:06d}"
    client.post(url("mfa_authenticate"), {"code": wrong})
    assert SESSION_KEY not in client.session
    response = client.get(url("admin:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_the_admin_login_leads_to_allauths_login(client):
    response = client.get(url("admin:login"))
    assert response.status_code == 302
    assert response["Location"] == f"{url('account_login')}?next={url('admin:index')}"

    response = client.get(url("admin:index"), follow=True)
    first, *_ = response.redirect_chain
    assert first[0].startswith(url("admin:login"))
    assert response.request["PATH_INFO"] == url("account_login")
    assert response.status_code == 200


def test_the_admin_login_keeps_a_local_next_only(client):
    page = url("admin:accounts_user_changelist")
    response = client.get(f"{url('admin:login')}?next={page}")
    assert response["Location"] == f"{url('account_login')}?next={page}"
    response = client.get(f"{url('admin:login')}?next=https://evil.example/")
    assert "evil" not in response["Location"]


def test_non_staff_never_reach_the_admin(client, member):
    EmailAddress.objects.create(user=member, email=member.email, verified=True, primary=True)
    log_in(client, member)
    assert SESSION_KEY in client.session
    response = client.get(url("admin:index"), follow=True)
    assert response.status_code == 404
    assert client.get(url("admin:login")).status_code == 404


def test_the_admin_login_sends_signed_in_staff_on(client, staff, secret):
    log_in(client, staff)
    client.post(url("mfa_authenticate"), {"code": current_code(secret)})
    response = client.get(url("admin:login"))
    assert response["Location"] == url("admin:index")


def test_the_admin_logout_stays_open_to_staff_without_an_authenticator(client, staff):
    log_in(client, staff)
    response = client.post(url("admin:logout"))
    assert response.status_code == 200
    assert SESSION_KEY not in client.session
