"""Accounts through allauth: sign-up with mandatory verification, login, reset, rate limits,
enumeration, the profile and the data download. Mail goes through the post_office queue."""

import json
import re
from urllib.parse import quote

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import SESSION_KEY
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from post_office.models import STATUS, Email

from accounts.models import User
from groups.models import JoinRequestStatus, ProposedChange, Report
from tests.conftest import PASSWORD
from tests.factories import ContactMessageFactory, GroupFactory, JoinRequestFactory, UserFactory

pytestmark = pytest.mark.django_db

NEW_EMAIL = "new.person@example.org"
NEW_PASSWORD = "quiet-river-stone-42"
LINK = re.compile(r"https?://\S+")


def url(name, *args, language="fr"):
    with translation.override(language):
        return reverse(name, args=args)


def verified(user):
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def sign_up(client, email=NEW_EMAIL, password=NEW_PASSWORD, language="fr"):
    return client.post(
        url("account_signup", language=language),
        {"email": email, "password1": password, "password2": password},
    )


def log_in(client, email, password, language="fr"):
    data = {"login": email, "password": password}
    return client.post(url("account_login", language=language), data)


def is_logged_in(client):
    return SESSION_KEY in client.session


def queued_to(address):
    return [email for email in Email.objects.filter(status=STATUS.queued) if email.to == [address]]


def link_in(message, path_part):
    return next(link for link in LINK.findall(message.body) if path_part in link)


# ---- Sign-up, verification, login ------------------------------------------------------------


def test_sign_up_queues_the_verification_whose_link_verifies_then_login_works(client, deliver_mail):
    response = sign_up(client)
    assert response.status_code == 302
    assert response["Location"] == url("account_email_verification_sent")
    user = User.objects.get(email=NEW_EMAIL)
    assert not is_logged_in(client)

    # The verification email sits in the database queue before anything is sent.
    [queued] = queued_to(NEW_EMAIL)
    assert queued.subject.startswith("Selfhelp: ")
    outbox = deliver_mail()
    [message] = [m for m in outbox if m.to == [NEW_EMAIL]]
    confirm = link_in(message, "/confirm-email/")

    path = confirm.split("://", 1)[1].split("/", 1)[1]
    page = client.get("/" + path)
    assert page.status_code == 200
    assert 'class="account-form"' in page.content.decode()
    client.post("/" + path)
    assert EmailAddress.objects.get(user=user).verified

    client.logout()
    response = log_in(client, NEW_EMAIL, NEW_PASSWORD)
    assert response.status_code == 302
    assert is_logged_in(client)


def test_login_before_verification_is_refused(client):
    sign_up(client)
    client.logout()
    response = log_in(client, NEW_EMAIL, NEW_PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == url("account_email_verification_sent")
    assert not is_logged_in(client)


def test_sign_up_keeps_the_page_language_for_the_emails(client, deliver_mail):
    sign_up(client, language="de")
    assert User.objects.get(email=NEW_EMAIL).preferred_language == "de"
    [queued] = queued_to(NEW_EMAIL)
    with translation.override("de"):
        german = gettext("Please Confirm Your Email Address")
    assert german != "Please Confirm Your Email Address"
    assert queued.subject == f"Selfhelp: {german}"


def test_a_common_password_is_refused_at_sign_up(client):
    response = sign_up(client, password="password123")
    assert response.status_code == 400
    assert response.context["form"].errors["password1"]
    assert not User.objects.filter(email=NEW_EMAIL).exists()
    content = response.content.decode()
    # The error is announced in the summary and tied to its field.
    assert 'class="error-summary"' in content
    assert 'aria-describedby="id_password1_helptext id_password1_error"' in content


def test_an_existing_address_at_sign_up_looks_like_a_new_one(client, member):
    verified(member)
    response = sign_up(client, email=member.email)
    assert response.status_code == 302
    assert response["Location"] == url("account_email_verification_sent")
    assert User.objects.filter(email__iexact=member.email).count() == 1


def test_a_wrong_password_is_refused_with_a_clear_error(client, member):
    verified(member)
    response = log_in(client, member.email, "not-the-password")
    assert response.status_code == 400
    assert not is_logged_in(client)
    assert 'class="error-summary"' in response.content.decode()


def test_login_follows_next_back_to_the_page(client, member):
    verified(member)
    target = url("accounts:profile")
    response = client.post(
        url("account_login"), {"login": member.email, "password": PASSWORD, "next": target}
    )
    assert response["Location"] == target


def test_logout_is_a_post_from_the_header(client, member):
    verified(member)
    client.force_login(member)
    page = client.get(url("home"))
    assert f'action="{url("account_logout")}"' in page.content.decode()
    client.post(url("account_logout"))
    assert not is_logged_in(client)


# ---- Password reset and enumeration ----------------------------------------------------------


def test_password_reset_goes_through_the_queue_and_its_link_sets_a_new_password(
    client, member, deliver_mail
):
    verified(member)
    response = client.post(url("account_reset_password"), {"email": member.email})
    assert response.status_code == 302
    assert len(queued_to(member.email)) == 1

    [message] = [m for m in deliver_mail() if m.to == [member.email]]
    reset = link_in(message, "/password/reset/")
    path = "/" + reset.split("://", 1)[1].split("/", 1)[1]
    form_page = client.get(path, follow=True)
    assert form_page.status_code == 200
    action = form_page.context["action_url"]
    client.post(action, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    response = log_in(client, member.email, NEW_PASSWORD)
    assert response.status_code == 302
    assert is_logged_in(client)


def test_reset_for_an_unknown_address_looks_the_same_as_for_a_known_one(client, member):
    verified(member)
    known = client.post(url("account_reset_password"), {"email": member.email}, follow=True)
    unknown = client.post(
        url("account_reset_password"), {"email": "nobody@example.org"}, follow=True
    )
    assert known.redirect_chain == unknown.redirect_chain
    assert known.status_code == unknown.status_code == 200
    assert known.content == unknown.content
    # And no email to a stranger's address.
    assert not queued_to("nobody@example.org")


def test_reset_email_goes_out_in_the_members_language(client, member):
    member.preferred_language = "de"
    member.save()
    verified(member)
    client.post(url("account_reset_password", language="fr"), {"email": member.email})
    [queued] = queued_to(member.email)
    with translation.override("de"):
        german = gettext("Password Reset Email")
    assert german != "Password Reset Email"
    assert queued.subject == f"Selfhelp: {german}"


# ---- Changing the email address and the password ---------------------------------------------


def test_changing_the_email_address_takes_effect_once_the_new_one_is_verified(
    client, member, deliver_mail
):
    verified(member)
    client.force_login(member)
    page = client.get(url("account_email"))
    assert page.status_code == 200
    assert "includes/field.html" in [t.name for t in page.templates]

    client.post(url("account_email"), {"action_add": "", "email": "mia.new@example.org"})
    member.refresh_from_db()
    assert member.email == "member@example.org"  # not before the new address is proven
    [message] = [m for m in deliver_mail() if m.to == ["mia.new@example.org"]]
    path = "/" + link_in(message, "/confirm-email/").split("://", 1)[1].split("/", 1)[1]
    client.post(path)

    member.refresh_from_db()
    assert member.email == "mia.new@example.org"
    assert list(EmailAddress.objects.filter(user=member).values_list("email", flat=True)) == [
        "mia.new@example.org"
    ]


def test_changing_the_password_needs_the_current_one(client, member):
    verified(member)
    client.force_login(member)
    data = {"oldpassword": "wrong", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    response = client.post(url("account_change_password"), data)
    assert response.status_code == 400
    data["oldpassword"] = PASSWORD
    client.post(url("account_change_password"), data)
    member.refresh_from_db()
    assert member.check_password(NEW_PASSWORD)


# ---- Rate limits -----------------------------------------------------------------------------


def test_repeated_failed_logins_are_eventually_refused(client, member, settings):
    verified(member)
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login_failed": "3/5m/key"}
    for _ in range(3):
        log_in(client, member.email, "guess-again")
    # Even the right password is refused now: the account is protected for a while.
    response = log_in(client, member.email, PASSWORD)
    assert not is_logged_in(client)
    errors = response.context["form"].non_field_errors()
    assert gettext("Too many failed login attempts. Try again later.") in errors


def test_too_many_sign_ups_from_one_place_get_a_429_page_in_the_sites_style(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "signup": "1/m/ip"}
    sign_up(client)
    client.logout()
    response = sign_up(client, email="another.person@example.org")
    assert response.status_code == 429
    assert "429.html" in [t.name for t in response.templates]
    assert 'class="site-header"' in response.content.decode()
    assert not User.objects.filter(email="another.person@example.org").exists()


def test_rate_limits_are_counted_in_the_shared_default_cache(client, settings):
    from allauth.account import app_settings

    assert settings.CACHES["default"]["BACKEND"] in {
        "django.core.cache.backends.db.DatabaseCache",
        "django.core.cache.backends.redis.RedisCache",
    }
    limits = app_settings.RATE_LIMITS
    for action in ("login", "login_failed", "signup", "reset_password", "confirm_email"):
        assert limits[action], action

    from django.core.cache import cache

    sign_up(client)
    assert any(cache.get(key) for key in _signup_keys())


def _signup_keys():
    from tests.conftest import cache_keys

    return [key for key in cache_keys() if "signup" in key]


# ---- Profile ---------------------------------------------------------------------------------


def test_profile_needs_an_account(client):
    response = client.get(url("accounts:profile"))
    assert response.status_code == 302
    assert response["Location"].startswith(url("account_login"))


def test_profile_changes_the_display_name_and_the_language(client, member):
    client.force_login(member)
    page = client.get(url("accounts:profile"))
    assert page.status_code == 200
    assert page["Cache-Control"].startswith("max-age=0")
    response = client.post(
        url("accounts:profile"), {"display_name": "Mimi", "preferred_language": "it"}
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.display_name, member.preferred_language) == ("Mimi", "it")


def test_profile_refuses_an_unknown_language_with_a_400(client, member):
    client.force_login(member)
    response = client.post(
        url("accounts:profile"), {"display_name": "Mimi", "preferred_language": "xx"}
    )
    assert response.status_code == 400
    member.refresh_from_db()
    assert member.display_name == "Mia"
    assert 'aria-invalid="true"' in response.content.decode()


def test_the_header_offers_my_groups_to_facilitators_only(client, member, facilitator, group):
    client.force_login(member)
    content = client.get(url("home")).content.decode()
    assert url("groups:my_requests") in content
    assert url("groups:my_groups") not in content

    client.force_login(facilitator)
    content = client.get(url("home")).content.decode()
    assert url("groups:my_groups") in content


def test_the_account_menu_costs_no_query_for_visitors_and_one_for_members(
    rf, member, django_assert_num_queries
):
    from django.contrib.auth.models import AnonymousUser
    from django.template.loader import render_to_string

    request = rf.get("/fr/")
    with django_assert_num_queries(0):
        render_to_string("includes/account_menu.html", {"user": AnonymousUser()}, request)
    with django_assert_num_queries(1):
        render_to_string("includes/account_menu.html", {"user": member}, request)


def test_the_header_offers_sign_in_and_sign_up_to_visitors(client):
    content = client.get(url("home")).content.decode()
    assert url("account_login") in content
    assert url("account_signup") in content
    assert url("accounts:profile") not in content


def test_the_headers_sign_in_comes_back_to_the_page_filters_included(client):
    page = url("groups:list") + "?canton=VD&q=deuil"
    content = client.get(page).content.decode()
    back = "?next=" + quote(page, safe="/")
    assert f'href="{url("account_login")}{back.replace("&", "&amp;")}"' in content


def test_on_the_login_page_the_headers_sign_up_keeps_where_the_person_came_from(client):
    target = url("accounts:profile")
    content = client.get(f"{url('account_login')}?next={target}").content.decode()
    assert f'href="{url("account_signup")}?next={target}"' in content


# ---- Download my data ------------------------------------------------------------------------


def test_data_download_holds_the_persons_data_and_nothing_of_anyone_else(
    client, member, facilitator, group
):
    verified(member)
    mine = JoinRequestFactory(member=member, group=group, message="Mon message à moi")
    other_member = UserFactory(email="someone.else@example.org", display_name="Sven")
    JoinRequestFactory(member=other_member, group=group, message="Le message de Sven")
    ContactMessageFactory(group=group, sender_email=member.email.upper(), text="Ma question")
    ContactMessageFactory(group=group, sender_email=other_member.email, text="Question de Sven")
    led = GroupFactory(name="Groupe que j'anime")
    led.facilitators.add(member)
    Report.objects.create(group=group, reason="place", text="Nouvelle salle", email=member.email)
    Report.objects.create(group=group, reason="place", text="Rapport de Sven", email="x@y.org")
    proposed = GroupFactory(name="Mon nouveau groupe", publication="pending")
    ProposedChange.objects.create(group=proposed, proposed_by=member, is_new_group=True)

    client.force_login(member)
    response = client.get(url("accounts:export_data"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith('attachment; filename="selfhelp-my-data-')
    data = json.loads(response.content)

    assert data["account"]["email"] == member.email
    assert data["account"]["display_name"] == "Mia"
    assert [a["email"] for a in data["email_addresses"]] == [member.email]
    [request] = data["join_requests"]
    assert request["group"] == group.name
    assert request["status"] == JoinRequestStatus.PENDING
    assert request["message"] == mine.message
    assert [m["message"] for m in data["contact_messages"]] == ["Ma question"]
    assert [g["name"] for g in data["facilitated_groups"]] == ["Groupe que j'anime"]
    assert [r["details"] for r in data["reports_of_outdated_information"]] == ["Nouvelle salle"]
    assert [p["group"] for p in data["proposed_groups"]] == ["Mon nouveau groupe"]

    text = response.content.decode()
    for foreign in ("Sven", "someone.else@example.org", "Question de Sven", facilitator.email):
        assert foreign not in text


def test_messages_from_an_unverified_address_are_not_in_the_download(client, member, group):
    EmailAddress.objects.create(user=member, email=member.email, verified=False, primary=True)
    ContactMessageFactory(group=group, sender_email=member.email, text="Pas la mienne ?")
    client.force_login(member)
    data = json.loads(client.get(url("accounts:export_data")).content)
    assert data["contact_messages"] == []


def test_data_download_needs_an_account(client):
    response = client.get(url("accounts:export_data"))
    assert response.status_code == 302


def test_account_emails_have_a_plain_html_twin_in_the_persons_language(client, deliver_mail):
    from django.urls import reverse
    from django.utils import translation

    with translation.override("de"):
        signup = reverse("account_signup")
    client.post(
        signup,
        {
            "email": "neu@example.org",
            "password1": "ein-langes-passwort-42",
            "password2": "ein-langes-passwort-42",
        },
    )
    [email] = [m for m in deliver_mail() if m.to == ["neu@example.org"]]
    html, mimetype = email.alternatives[0]
    assert mimetype == "text/html"
    assert '<html lang="de">' in html
    assert "/de/" in html and "<img" not in html
