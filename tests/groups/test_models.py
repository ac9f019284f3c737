import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import translation

from groups.models import (
    POSTCODE_PATTERN,
    Confirmation,
    Format,
    Frequency,
    Group,
    JoinRequest,
    Publication,
    Theme,
    confirmation_state,
    group_slug_base,
    months_before,
    unique_group_slug,
)
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


# ---- The rules every part of the site calls (one home each) ---------------------------------


@pytest.mark.parametrize(
    ("confirmed", "state"),
    [
        (datetime.date(2025, 12, 1), Confirmation.RECENT),  # twelve calendar months to the day
        (datetime.date(2025, 11, 30), Confirmation.FLAGGED),
        (datetime.date(2025, 6, 1), Confirmation.FLAGGED),  # eighteen months to the day
        (datetime.date(2025, 5, 31), Confirmation.STALE),
        (None, Confirmation.FLAGGED),  # no date: flagged for a curator, never hidden unasked
    ],
)
def test_a_listings_confirmation_counts_calendar_months(confirmed, state):
    today = datetime.date(2026, 12, 1)
    assert confirmation_state(confirmed, today) == state
    group = GroupFactory(last_confirmed=confirmed)
    assert group.confirmation_state(today) == state


def test_the_queryset_buckets_follow_the_same_rule():
    today = datetime.date.today()
    groups = {
        state: GroupFactory(last_confirmed=date)
        for state, date in [
            (Confirmation.RECENT, months_before(today, 12)),
            (Confirmation.FLAGGED, months_before(today, 12) - datetime.timedelta(days=1)),
            (Confirmation.STALE, months_before(today, 18) - datetime.timedelta(days=1)),
        ]
    }
    for state, group in groups.items():
        assert list(Group.objects.in_confirmation_state(state)) == [group]
        assert group.confirmation_state() == state


def test_29_february_a_year_back_is_28_february():
    assert months_before(datetime.date(2028, 2, 29), 12) == datetime.date(2027, 2, 28)


def test_a_category_means_all_of_its_themes():
    category = CategoryFactory()
    theme, other = ThemeFactory(parent=category), ThemeFactory()
    on_theme, on_category, elsewhere = (
        GroupFactory(themes=[theme]),
        GroupFactory(themes=[category]),
        GroupFactory(themes=[other]),
    )
    GroupFactory(themes=[theme, category])  # twice tagged: listed once
    assert Group.objects.in_themes([category.pk]).count() == 3
    assert on_theme in Group.objects.in_themes([category.pk])
    assert set(Group.objects.in_themes([theme.pk])) >= {on_theme}
    assert on_category not in Group.objects.in_themes([theme.pk])
    assert list(Group.objects.in_themes([other.pk])) == [elsewhere]


def test_an_inactive_facilitator_answers_nothing_in_python_and_in_sql():
    group = GroupFactory()
    group.facilitators.add(UserFactory(is_active=False))
    assert group.active_facilitators() == []
    assert Group.objects.with_facilitator_flag().get(pk=group.pk).has_facilitator is False
    active = UserFactory()
    group.facilitators.add(active)
    assert group.active_facilitators() == [active]
    assert Group.objects.with_facilitator_flag().get(pk=group.pk).has_facilitator is True


def test_one_slug_rule_for_every_group():
    assert group_slug_base("Café deuil", "Lausanne") == "cafe-deuil-lausanne"
    assert group_slug_base("Café deuil Lausanne", "Lausanne") == "cafe-deuil-lausanne"
    assert group_slug_base("Online", "") == "online"
    assert group_slug_base("!!!", "") == "group"
    taken = {"cafe-deuil-lausanne", "cafe-deuil-lausanne-sh-1"}
    assert unique_group_slug("cafe", "SH-1", taken.__contains__) == "cafe"
    assert unique_group_slug("cafe-deuil-lausanne", "SH-2", taken.__contains__) == (
        "cafe-deuil-lausanne-sh-2"
    )
    assert unique_group_slug("cafe-deuil-lausanne", "SH-1", taken.__contains__) == (
        "cafe-deuil-lausanne-sh-1-2"
    )
    first = GroupFactory(name="Café deuil", locality="Lausanne", slug="")
    second = GroupFactory(name="Café deuil", locality="Lausanne", slug="")
    assert first.slug == "cafe-deuil-lausanne"
    assert second.slug == f"cafe-deuil-lausanne-{second.ref.lower()}"


@pytest.mark.parametrize(("postcode", "valid"), [("1003", True), ("0999", False), ("100", False)])
def test_one_postcode_pattern(postcode, valid):
    import re

    from groups.search import places

    assert bool(re.fullmatch(POSTCODE_PATTERN, postcode)) is valid
    assert (places.resolve(postcode) is not None) is (valid and postcode in places._postcodes())
