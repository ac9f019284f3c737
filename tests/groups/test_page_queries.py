"""The query counts of the pages the curation loop added, pinned: they do not grow with what
the pages list (alerts, themes to choose from)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from groups.models import Alert
from tests.factories import CantonFactory, GroupFactory, ThemeFactory

pytestmark = pytest.mark.django_db


def queries(client, name, *args):
    with translation.override("fr"):
        url = reverse(f"groups:{name}", args=args)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_my_alerts_takes_the_same_queries_for_one_alert_or_ten(client, member):
    client.force_login(member)
    Alert.objects.create(user=member, theme=ThemeFactory(), canton=CantonFactory(code="VD"))
    one = queries(client, "my_alerts")
    for code in "GE FR NE JU BE ZH TI VS LU".split():
        Alert.objects.create(user=member, theme=ThemeFactory(), canton=CantonFactory(code=code))
    assert queries(client, "my_alerts") == one == PINNED["my_alerts"]


def test_proposing_a_group_takes_the_same_queries_for_few_themes_or_many(client, member):
    client.force_login(member)
    ThemeFactory()
    few = queries(client, "propose_group")
    for _ in range(20):
        ThemeFactory()
    assert queries(client, "propose_group") == few == PINNED["propose_group"]


def test_the_report_form_takes_fixed_queries(client):
    group = GroupFactory(centre=None)
    assert queries(client, "report", group.slug) == PINNED["report"]


PINNED = {
    # The frame of a signed-in page (the session, the user, whether they run a group), the
    # themes to choose from, the alerts with their themes and cantons, the cantons.
    "my_alerts": 6,
    # The frame, the themes to choose from with their categories.
    "propose_group": 4,
    # For a visitor: the group with its canton and centre, its themes, the centre serving its
    # canton (it names none).
    "report": 3,
}
