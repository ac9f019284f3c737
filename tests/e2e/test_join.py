"""Asking to join, in a real browser: sign up, verify the email, ask, be accepted, be told.

Pages are driven by ids, CSS and URLs, not by their wording: the flows must pass whatever the
state of the translations.
"""

import re

import pytest
from allauth.account import app_settings
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from accounts.models import User
from groups.management.commands.run_mail_worker import send_due
from groups.models import JoinRequest, JoinRequestStatus
from tests.conftest import PASSWORD
from tests.factories import ContactMessageFactory, GroupFactory, JoinRequestFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

NEW_MEMBER = "new.member@example.org"
NEW_PASSWORD = "quiet-river-stone-42"
CONFIRM_LINK = re.compile(r"https?://\S+/confirm-email/\S+/")


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    # allauth counts sign-ups, logins and verification emails in the shared cache, which
    # outlives each test's database: a previous test's counts must not throttle this one.
    from django.core.cache import cache

    cache.clear()


def path(name, language, *args):
    with translation.override(language):
        return reverse(name, args=args)


@pytest.fixture
def facilitator_account():
    user = UserFactory(email="fabienne@example.org", display_name="Fabienne")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


@pytest.fixture
def joinable(facilitator_account):
    group = GroupFactory(name="Groupe deuil Lausanne", slug="groupe-deuil-lausanne")
    group.facilitators.add(facilitator_account)
    return group


def submit(page, form):
    page.locator(f"{form} [type=submit]").first.click()


def fill_login(page, email, password):
    page.fill("#id_login", email)
    page.fill("#id_password", password)
    submit(page, "form:has(#id_login)")
    expect(page.locator("#id_login")).to_have_count(0)


def log_in(page, language, email, password):
    page.goto(path("account_login", language))
    fill_login(page, email, password)


def log_out(page, language):
    page.goto(path("account_logout", language))
    submit(page, "main form[action*='/logout/']")
    page.context.clear_cookies()  # and nothing of the session stays behind


def sign_up_and_verify(page, language, join_url):
    """From the join link, through sign-up and the emailed link, as a newcomer would."""
    page.goto(join_url)
    expect(page).to_have_url(re.compile(r"/login/\?next="))
    page.locator("a[href*='/signup/']").first.click()
    page.fill("#id_email", NEW_MEMBER)
    page.fill("#id_password1", NEW_PASSWORD)
    page.fill("#id_password2", NEW_PASSWORD)
    submit(page, "form:has(#id_password2)")
    expect(page.locator("#id_password2")).to_have_count(0)

    mail.outbox.clear()
    send_due()
    [verification] = [m for m in mail.outbox if m.to == [NEW_MEMBER]]
    link = CONFIRM_LINK.search(verification.body).group(0)
    page.goto(link)
    submit(page, "form[action*='/confirm-email/']")
    page.wait_for_url(lambda url: "/confirm-email/" not in url)
    if app_settings.LOGIN_ON_EMAIL_CONFIRMATION:
        # Confirmed in the browser that signed up: allauth logs them in and brings them back.
        expect(page).to_have_url(re.compile(re.escape(join_url) + "$"))
    else:
        # Otherwise they land on the login page and log in there.
        expect(page).to_have_url(re.compile(r"/login/"))
        fill_login(page, NEW_MEMBER, NEW_PASSWORD)
    assert EmailAddress.objects.filter(email=NEW_MEMBER, verified=True).exists()


@pytest.mark.parametrize("language", ["fr", "de"])
def test_sign_up_ask_to_join_be_accepted_and_told(page, joinable, facilitator_account, language):
    page.set_extra_http_headers({"Accept-Language": language})
    join_url = path("groups:join", language, joinable.slug)
    sign_up_and_verify(page, language, join_url)
    member = User.objects.get(email=NEW_MEMBER)

    page.goto(path("groups:detail", language, joinable.slug))
    page.locator(f"a[href='{join_url}']").click()
    expect(page).to_have_url(re.compile(re.escape(join_url) + "$"))
    page.fill("#id_message", "Bonjour, j'ai perdu ma mère cet été.")
    page.check("#id_consent")
    submit(page, ".join-form")
    expect(page).to_have_url(re.compile(re.escape(path("groups:my_requests", language))))
    expect(page.locator("[data-status=pending]")).to_have_count(1)
    join_request = JoinRequest.objects.get(member=member, group=joinable)
    mail.outbox.clear()
    send_due()
    assert [m.to for m in mail.outbox] == [[facilitator_account.email]]
    log_out(page, language)

    log_in(page, language, facilitator_account.email, PASSWORD)
    page.goto(path("groups:my_groups", language))
    page.locator(f"a[href='{path('groups:my_group', language, joinable.slug)}']").click()
    page.fill(f"#id_request-{join_request.pk}-reply", "Bienvenue ! Mardi 19h, salle 2.")
    page.locator(f"#request-{join_request.pk} button[value=accept]").click()
    expect(page.locator("#done-notice")).to_be_visible()
    log_out(page, language)

    log_in(page, language, NEW_MEMBER, NEW_PASSWORD)
    page.goto(path("groups:my_requests", language))
    expect(page.locator(f"#request-{join_request.pk} [data-status=accepted]")).to_be_visible()
    expect(page.locator(f"#request-{join_request.pk}")).to_contain_text("Bienvenue")

    join_request.refresh_from_db()
    assert join_request.status == JoinRequestStatus.ACCEPTED
    mail.outbox.clear()
    send_due()
    [decision] = [m for m in mail.outbox if m.to == [NEW_MEMBER]]
    assert decision.message()["Reply-To"] == facilitator_account.email
    assert "Bienvenue ! Mardi 19h, salle 2." in decision.body
    member.refresh_from_db()
    # In the member's language: its links lead to their pages in that language.
    assert member.preferred_language == language  # the sign-up page's language
    assert path("groups:my_requests", language) in decision.body


def test_the_join_link_leads_through_login_and_back(page, joinable):
    member = UserFactory(email="mia@example.org")
    EmailAddress.objects.create(user=member, email=member.email, verified=True, primary=True)
    join_url = path("groups:join", "de", joinable.slug)
    page.goto(path("groups:detail", "de", joinable.slug))
    page.locator(f"a[href='{join_url}']").click()
    expect(page).to_have_url(re.compile(r"/login/\?next="))
    fill_login(page, member.email, PASSWORD)
    expect(page).to_have_url(re.compile(re.escape(join_url) + "$"))
    expect(page.locator("#id_consent")).to_be_visible()


# ---- axe-core on every page of the flow ------------------------------------------------------


@pytest.fixture
def pages_with_content(joinable, facilitator_account):
    member = UserFactory(email="mia@example.org", display_name="Mia")
    EmailAddress.objects.create(user=member, email=member.email, verified=True, primary=True)
    pending = JoinRequestFactory(group=joinable, member=member)
    JoinRequestFactory(
        group=joinable, status=JoinRequestStatus.ACCEPTED, decision_message="Bienvenue"
    )
    ContactMessageFactory(group=joinable)
    return {
        "member": member,
        "facilitator": facilitator_account,
        "group": joinable,
        "pending": pending,
    }


# (page, who looks, the URL's name, its argument: a fixture's key)
AXE_PAGES = [
    ("join", "member", "groups:join", "group"),
    ("join with errors", "member", "groups:join", "group"),
    ("my requests", "member", "groups:my_requests", None),
    ("withdraw", "member", "groups:withdraw_request", "pending"),
    ("my groups", "facilitator", "groups:my_groups", None),
    ("my group", "facilitator", "groups:my_group", "group"),
]


@pytest.mark.parametrize("language", ["fr", "de"])
@pytest.mark.parametrize(
    ("name", "persona", "url_name", "argument"), AXE_PAGES, ids=[p[0] for p in AXE_PAGES]
)
def test_axe_finds_no_wcag_violation(
    page, axe, pages_with_content, language, name, persona, url_name, argument
):
    user = pages_with_content[persona]
    log_in(page, language, user.email, PASSWORD)
    if name.startswith("join"):
        # Mia already asked: a newcomer's form is what must be checked.
        JoinRequest.objects.filter(member=user).delete()
    args = []
    if argument == "group":
        args = [pages_with_content["group"].slug]
    elif argument == "pending":
        args = [pages_with_content["pending"].pk]
    target = path(url_name, language, *args)
    response = page.goto(target)
    assert response.status == 200, target
    if name == "join with errors":
        submit(page, ".join-form")  # no consent: the error summary and the marked field
        expect(page.locator(".error-summary")).to_be_visible()
    assert axe() == []
