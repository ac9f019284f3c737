"""A member proposes a group and centre staff publish it, in a real browser, in French and
German: the proposer then runs the group, which the directory lists."""

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from groups.models import Group, Publication
from tests.conftest import PASSWORD, with_authenticator_app
from tests.factories import CantonFactory, CentreFactory, ThemeFactory, UserFactory

from .test_join import fresh_rate_limits, log_in, path  # noqa: F401 (a fixture, used by name)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def region():
    centre = CentreFactory(slug="vaud", email="info@centre-vaud.example.org")
    centre.cantons.set([CantonFactory(code="VD")])
    theme = ThemeFactory(name_fr="Deuil", name_de="Trauer")
    member = UserFactory(email="pascale@example.org", display_name="Pascale")
    EmailAddress.objects.create(user=member, email=member.email, verified=True, primary=True)
    staff = with_authenticator_app(UserFactory(is_staff=True, centre=centre))
    return {"theme": theme, "member": member, "staff": staff}


def signed_in_as(browser_context, user, base_url):
    """A browser session of `user`, as after their login (and second factor)."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    browser_context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": base_url}]
    )


@pytest.mark.parametrize("language", ["fr", "de"])
def test_a_member_proposes_a_group_and_centre_staff_publish_it(
    page, axe, browser, live_server, region, language
):
    member, theme = region["member"], region["theme"]
    log_in(page, language, member.email, PASSWORD)
    page.goto(path("groups:my_groups", language))
    page.locator(f'a[href="{path("groups:propose_group", language)}"]').click()
    expect(page.locator("html")).to_have_attribute("lang", language)
    assert axe() == []

    page.fill("#id_proposal-name", "Cercle du deuil Pully")
    page.locator(".theme-choices summary").first.click()
    page.check(f'input[name="proposal-themes"][value="{theme.pk}"]')
    page.check('input[name="status"][value="forming"]')
    page.select_option("#id_description_language", "fr")
    page.fill("#id_description", "Un nouveau groupe pour parler de la perte.")
    page.check('input[name="languages"][value="fr"]')
    page.check('input[name="audience"][value="affected"]')
    page.check('input[name="led_by"][value="peers"]')
    page.select_option("#id_frequency", "monthly")
    page.select_option("#id_weekday", "thu")
    page.select_option("#id_week_of_month", "1")
    page.fill("#id_start_time", "19:00")
    page.check('input[name="format"][value="in_person"]')
    page.fill("#id_postcode", "1009")
    page.fill("#id_locality", "Pully")
    page.locator(".edit-form [type=submit]").click()

    expect(page.locator("#done-notice")).to_be_visible()
    expect(page.locator("#proposals")).to_contain_text("Cercle du deuil Pully")
    assert axe() == []
    group = Group.objects.get()
    assert group.publication == Publication.PENDING

    # The centre's curator, in the admin of their region.
    curator = browser.new_context(base_url=live_server.url, locale=f"{language}-CH")
    signed_in_as(curator, region["staff"], live_server.url)
    admin = curator.new_page()
    admin.goto(path("admin:groups_proposedchange_changelist", language))
    admin.locator("input.action-select").first.check()
    admin.select_option("select[name=action]", "apply")
    admin.locator("button[name=index]").click()
    expect(admin.locator(".messagelist .success")).to_be_visible()
    curator.close()

    group.refresh_from_db()
    assert group.publication == Publication.PUBLISHED
    page.goto(path("groups:my_groups", language))
    expect(page.locator(f"#group-{group.slug}")).to_be_visible()
    page.goto(path("groups:detail", language, group.slug))
    expect(page.locator("h1")).to_contain_text("Cercle du deuil Pully")
