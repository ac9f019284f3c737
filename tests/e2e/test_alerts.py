"""A member follows a theme from its page and stops the alerts from the email's link, in a
real browser, in French and German; every page passes axe."""

import pytest
from allauth.account.models import EmailAddress
from playwright.sync_api import expect

from groups import alerts
from groups.models import Alert
from tests.conftest import PASSWORD
from tests.factories import ThemeFactory, UserFactory

from .test_join import fresh_rate_limits, log_in, path  # noqa: F401 (a fixture, used by name)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("language", ["fr", "de"])
def test_a_member_follows_a_theme_then_stops_from_the_link(page, axe, language):
    theme = ThemeFactory(slug="deuil", name_fr="Deuil", name_de="Trauer")
    member = UserFactory(email="mia@example.org", preferred_language=language)
    EmailAddress.objects.create(user=member, email=member.email, verified=True, primary=True)
    log_in(page, language, member.email, PASSWORD)

    page.goto(path("groups:theme_detail", language, theme.slug))
    page.locator(f'a[href^="{path("groups:my_alerts", language)}?theme="]').click()
    expect(page.locator("#id_theme")).to_have_value(str(theme.pk))
    assert axe() == []
    page.locator(".join-form [type=submit]").click()
    expect(page.locator("#done-notice")).to_be_visible()
    expect(page.locator("#alert-list li")).to_have_count(1)
    assert axe() == []

    page.context.clear_cookies()  # the link works without a login
    page.goto(path("groups:alerts_unsubscribe", language, alerts.unsubscribe_token(member)))
    assert axe() == []
    assert Alert.objects.count() == 1
    page.locator("main form [type=submit]").click()
    expect(page.locator("#done-notice")).to_be_visible()
    assert not Alert.objects.exists()
