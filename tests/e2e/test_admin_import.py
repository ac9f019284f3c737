"""The admin's CSV import in a real browser: a bad file's problems by line and column, then a
good file's preview and its import; the pages pass axe."""

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from groups.models import Group
from tests.conftest import with_authenticator_app
from tests.factories import CantonFactory, CategoryFactory, CentreFactory, ThemeFactory, UserFactory
from tests.groups.test_groups_csv import make_csv

from .test_join import path

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def curator(page, live_server):
    CantonFactory(code="VD")
    ThemeFactory(slug="grief", parent=CategoryFactory(slug="mental-health"))
    CentreFactory(slug="vaud")
    admin = with_authenticator_app(UserFactory(is_staff=True, is_superuser=True))
    client = Client()
    client.force_login(admin)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )
    return admin


def test_a_bad_file_then_a_good_one(page, axe, curator, tmp_path):
    page.goto(path("admin:groups_group_changelist", "fr"))
    page.locator(f'a[href="{path("admin:groups_group_import", "fr")}"]').click()
    assert axe() == []

    bad = tmp_path / "bad.csv"
    bad.write_bytes(make_csv({"ref": "", "canton": "XX"}))
    page.set_input_files("#id_file", str(bad))
    page.locator("#import-upload [type=submit]").click()
    expect(page.locator("#import-errors")).to_contain_text("canton")
    assert axe() == []
    assert not Group.objects.exists()

    good = tmp_path / "good.csv"
    good.write_bytes(make_csv({"ref": "", "name": "Deuil Lausanne"}))
    page.set_input_files("#id_file", str(good))
    page.locator("#import-upload [type=submit]").click()
    expect(page.locator("#import-created")).to_contain_text("Deuil Lausanne")
    assert axe() == []
    assert not Group.objects.exists()

    page.locator("#import-preview [type=submit]").click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    assert Group.objects.get().name == "Deuil Lausanne"
