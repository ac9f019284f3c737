import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import translation

from groups.models import Format, Frequency, Group, JoinRequest, Publication, Theme
from tests.factories import (
    CategoryFactory,
    GroupFactory,
    JoinRequestFactory,
    ThemeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def violates(constraint, **fields):
    with pytest.raises(IntegrityError) as excinfo, transaction.atomic():
        GroupFactory(**fields)
    assert constraint in str(excinfo.value)


def test_in_person_group_needs_canton_postcode_and_locality():
    violates("group_in_person_has_place", canton=None)
    violates("group_in_person_has_place", locality="")
    violates("group_in_person_has_place", format=Format.HYBRID, postcode="")


def test_online_group_needs_no_place():
    group = GroupFactory(format=Format.ONLINE, canton=None, postcode="", locality="")
    assert not group.meets_in_person


def test_postcode_has_four_digits():
    violates("group_postcode_format", postcode="123")
    violates("group_postcode_format", postcode="0123")


def test_schedule_rules():
    violates(
        "group_weekday_unless_irregular", frequency=Frequency.WEEKLY, weekday="", week_of_month=""
    )
    violates(
        "group_weekday_unless_irregular",
        frequency=Frequency.IRREGULAR,
        weekday="mon",
        week_of_month="",
    )
    violates("group_week_of_month_only_monthly", frequency=Frequency.WEEKLY, week_of_month="2")
    violates("group_ends_after_start", start_time=datetime.time(20), end_time=datetime.time(19))


def test_group_has_at_least_one_language():
    violates("group_has_a_language", languages=[])


def test_published_queryset_keeps_only_published_groups():
    shown = GroupFactory(publication=Publication.PUBLISHED)
    for state in (Publication.DRAFT, Publication.PENDING, Publication.ARCHIVED):
        GroupFactory(publication=state)
    assert list(Group.objects.published()) == [shown]


def test_stale_listings():
    fresh = GroupFactory(last_confirmed=datetime.date.today())
    old = GroupFactory(last_confirmed=datetime.date.today() - datetime.timedelta(days=400))
    never = GroupFactory(last_confirmed=None)
    assert set(Group.objects.stale(months=12)) == {old, never}
    assert fresh not in Group.objects.stale(months=12)


def test_join_request_needs_consent_and_only_one_open_per_member():
    member = UserFactory()
    group = GroupFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        JoinRequestFactory(group=group, member=member, consent=False)
    JoinRequestFactory(group=group, member=member)
    with pytest.raises(IntegrityError), transaction.atomic():
        JoinRequestFactory(group=group, member=member)
    JoinRequest.objects.update(status="declined")
    JoinRequestFactory(group=group, member=member)  # a new request once the first is decided


def test_theme_has_two_levels_only():
    category = CategoryFactory()
    theme = ThemeFactory(parent=category)
    deeper = Theme(slug="deeper", parent=theme, name_en="x", name_fr="x", name_de="x", name_it="x")
    with translation.override("en"), pytest.raises(Exception, match="two levels"):
        deeper.full_clean()
    assert theme.is_category is False and category.is_category is True


def test_theme_names_follow_the_active_language():
    from django.utils import translation

    theme = ThemeFactory(name_fr="Deuil", name_de="Trauer", name_it="Lutto", name_en="Grief")
    for language, expected in [("fr", "Deuil"), ("de", "Trauer"), ("it", "Lutto"), ("en", "Grief")]:
        with translation.override(language):
            assert Theme.objects.get(pk=theme.pk).name == expected


def test_user_email_is_the_login_and_case_insensitive_unique():
    from accounts.models import User

    user = User.objects.create_user("Mia@Example.org", "s3cret-pass-phrase")
    assert User.USERNAME_FIELD == "email"
    assert User.objects.get_by_natural_key("mia@example.org") == user
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create_user("MIA@example.org", "another-pass-phrase")
