"""No browser or proxy keeps a page that may show personal data: over the whole URL map.

Defect found from outside: my requests, withdraw, the join form, my groups, the facilitator's
page of a group (members' names, emails, messages) and allauth's email, two-factor and password
pages were sent without `Cache-Control: no-store`.
"""

import datetime

import pytest
from django.urls import URLResolver, get_resolver, reverse
from django.utils import translation

from groups.alerts import unsubscribe_token
from groups.confirmation import link_token
from groups.models import Alert, MeetingBreak
from tests.factories import (
    CantonFactory,
    CentreFactory,
    ContactMessageFactory,
    GroupFactory,
    JoinRequestFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db

# Every named URL of the site, with what it needs to be reversed. A new URL must be added here:
# test_every_url_of_the_site_is_checked fails until it is.
PUBLIC = "public"  # a page for everyone: cacheable for an anonymous visitor
PERSONAL = "personal"  # may show personal data, or is a step of signing in: never stored
URLS = {
    "home": (PUBLIC, {}),
    "about": (PUBLIC, {}),
    "groups:list": (PUBLIC, {}),
    "groups:detail": (PUBLIC, {"slug": "cafe-deuil"}),
    "groups:calendar": (PERSONAL, {"slug": "cafe-deuil"}),
    "groups:theme_index": (PUBLIC, {}),
    "groups:theme_detail": (PUBLIC, {"slug": "grief"}),
    "groups:canton_index": (PUBLIC, {}),
    "groups:canton_detail": (PUBLIC, {"code": "vd"}),
    "groups:centre_index": (PUBLIC, {}),
    "groups:centre_detail": (PUBLIC, {"slug": "centre-vaud"}),
    "groups:contact": (PERSONAL, {"slug": "cafe-deuil"}),
    "groups:contact_sent": (PERSONAL, {"slug": "cafe-deuil"}),
    "groups:report": (PERSONAL, {"slug": "cafe-deuil"}),
    "groups:report_sent": (PERSONAL, {"slug": "cafe-deuil"}),
    "groups:join": (PERSONAL, {"slug": "cafe-deuil"}),
    "groups:my_requests": (PERSONAL, {}),
    "groups:withdraw_request": (PERSONAL, {"pk": "request"}),
    "groups:my_groups": (PERSONAL, {}),
    "groups:propose_group": (PERSONAL, {}),
    "groups:my_alerts": (PERSONAL, {}),
    "groups:remove_alert": (PERSONAL, {"pk": "alert"}),
    "groups:alerts_unsubscribe": (PERSONAL, {"token": "alerts"}),
    "groups:my_group": (PERSONAL, {"slug": "cafe-deuil"}),
    "groups:decide_request": (PERSONAL, {"pk": "request"}),
    "groups:confirm_group": (PERSONAL, {"slug": "cafe-deuil"}),
    "groups:edit_group": (PERSONAL, {"slug": "cafe-deuil"}),
    "groups:add_break": (PERSONAL, {"slug": "cafe-deuil"}),
    "groups:remove_break": (PERSONAL, {"slug": "cafe-deuil", "pk": "break"}),
    "groups:group_history": (PERSONAL, {"slug": "cafe-deuil"}),
    "groups:confirm": (PERSONAL, {"token": "token"}),
    "accounts:profile": (PERSONAL, {}),
    "accounts:export_data": (PERSONAL, {}),
    "accounts:delete_account": (PERSONAL, {}),
    "account_login": (PERSONAL, {}),
    "account_logout": (PERSONAL, {}),
    "account_signup": (PERSONAL, {}),
    "account_inactive": (PERSONAL, {}),
    "account_reauthenticate": (PERSONAL, {}),
    "account_email": (PERSONAL, {}),
    "account_email_verification_sent": (PERSONAL, {}),
    "account_confirm_email": (PERSONAL, {"key": "some-key"}),
    "account_confirm_login_code": (PERSONAL, {}),
    "account_change_password": (PERSONAL, {}),
    "account_set_password": (PERSONAL, {}),
    "account_reset_password": (PERSONAL, {}),
    "account_reset_password_done": (PERSONAL, {}),
    "account_reset_password_from_key": (PERSONAL, {"uidb36": "1", "key": "some-key"}),
    "account_reset_password_from_key_done": (PERSONAL, {}),
    "mfa_index": (PERSONAL, {}),
    "mfa_authenticate": (PERSONAL, {}),
    "mfa_reauthenticate": (PERSONAL, {}),
    "mfa_activate_totp": (PERSONAL, {}),
    "mfa_deactivate_totp": (PERSONAL, {}),
    "mfa_view_recovery_codes": (PERSONAL, {}),
    "mfa_generate_recovery_codes": (PERSONAL, {}),
    "mfa_download_recovery_codes": (PERSONAL, {}),
    "set_language": (PERSONAL, {}),
    # Not pages: they set their own caching, and hold nothing personal.
    "robots_txt": ("own", {}),
    "sitemap": ("own", {}),
    "sitemap_section": ("own", {"section": "groups"}),
}


def named_urls(patterns=None, namespace=""):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from named_urls(pattern.url_patterns, inner)
        elif pattern.name:
            yield f"{namespace}{pattern.name}"


@pytest.fixture
def world(member, facilitator):
    canton = CantonFactory(code="VD")
    centre = CentreFactory(slug="centre-vaud")
    centre.cantons.add(canton)
    group = GroupFactory(slug="cafe-deuil", themes=[ThemeFactory(slug="grief")], centre=centre)
    group.facilitators.add(facilitator)
    ContactMessageFactory(group=group, sender_name="Sam")
    day = datetime.date.today() + datetime.timedelta(days=30)
    meeting_break = MeetingBreak.objects.create(group=group, first_day=day, last_day=day)
    alert = Alert.objects.create(user=member, theme=group.themes.get())
    return {
        "request": JoinRequestFactory(group=group, member=member),
        "break": meeting_break,
        "alert": alert,
    }


def url_of(name, world):
    kind, kwargs = URLS[name]
    values = {
        "request": world["request"].pk,
        "token": link_token(world["request"].group),
        "break": world["break"].pk,
        "alert": world["alert"].pk,
        "alerts": unsubscribe_token(world["alert"].user),
    }
    kwargs = {k: values.get(v, v) for k, v in kwargs.items()}
    with translation.override("fr"):
        return kind, reverse(name, kwargs=kwargs)


def stored(response):
    return "no-store" not in response.get("Cache-Control", "")


def test_every_url_of_the_site_is_checked():
    names = {name for name in named_urls() if not name.startswith("admin:")}
    assert names - set(URLS) == set(), "add the new URLs to URLS"


@pytest.mark.parametrize("name", sorted(URLS))
@pytest.mark.parametrize("persona", ["member", "facilitator"])
def test_nothing_is_stored_for_someone_signed_in(client, world, request, persona, name):
    client.force_login(request.getfixturevalue(persona))
    _kind, url = url_of(name, world)
    for response in (client.get(url), client.post(url)):
        assert not stored(response), f"{response.status_code} {url}"


@pytest.mark.parametrize("name", sorted(URLS))
def test_only_public_pages_are_stored_for_an_anonymous_visitor(client, world, name):
    kind, url = url_of(name, world)
    response = client.get(url)
    if kind == PERSONAL:
        assert not stored(response), f"{response.status_code} {url}"
    elif kind == PUBLIC:
        assert response.status_code == 200 and stored(response)
    assert not stored(client.post(url)), url  # whatever a POST answers is someone's own


def test_the_admin_is_never_stored(client, admin_user, world):
    client.force_login(admin_user)  # with its authenticator app, as a real admin
    for name in [
        "admin:index",
        "admin:groups_group_changelist",
        "admin:groups_contactmessage_changelist",
        "admin:groups_report_changelist",
        "admin:groups_group_import",
    ]:
        response = client.get(reverse(name))
        assert response.status_code == 200 and not stored(response), name


def test_error_pages_and_redirects_are_not_stored(client, world):
    assert not stored(client.get("/fr/groupes/nobody-here/"))
    assert not stored(client.get("/"))  # redirected by the browser's language
