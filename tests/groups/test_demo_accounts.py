"""manage.py create_demo_accounts: a member, a facilitator and centre staff, each with
something to do on the demo data; passwords printed once; never with DEBUG off."""

import re
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command

from accounts.models import User
from groups.models import Confirmation, JoinRequest, ProposedChange, Publication, Report, Review
from tests.groups.test_demo_data import load, reference  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db


def create(**options):
    out = StringIO()
    call_command("create_demo_accounts", stdout=out, **options)
    return out.getvalue()


def passwords(output):
    return dict(
        re.findall(r"^  (?:member|facilitator|centre staff)\s+(\S+@\S+)\s+(\S+)$", output, re.M)
    )


@pytest.fixture
def demo(reference, settings):  # noqa: F811
    settings.DEBUG = True
    load(count=120)


def test_each_role_gets_an_account_and_something_to_do(demo):
    output = create()

    printed = passwords(output)
    assert set(printed) == {
        "member@demo.example.org",
        "facilitator@demo.example.org",
        "centre@demo.example.org",
    }
    for email, password in printed.items():
        assert authenticate(email=email, password=password) is not None, email
    member = User.objects.get(email="member@demo.example.org")
    facilitator = User.objects.get(email="facilitator@demo.example.org")
    staff = User.objects.get(email="centre@demo.example.org")
    assert staff.is_staff and not staff.is_superuser and staff.centre is not None
    led = list(facilitator.facilitated_groups.all())
    assert len(led) == 2 and all(group.centre == staff.centre for group in led)
    assert JoinRequest.objects.get(member=member).group in led
    assert {g.confirmation_state() for g in led} >= {Confirmation.FLAGGED}
    pending = ProposedChange.objects.filter(state=Review.PENDING)
    assert pending.filter(proposed_by=facilitator, is_new_group=False).count() == 1
    new_group = pending.get(proposed_by=member, is_new_group=True).group
    assert new_group.publication == Publication.PENDING and new_group.centre == staff.centre
    assert Report.objects.get(email=member.email).group.centre == staff.centre


def test_running_it_again_makes_new_passwords_and_no_duplicates(demo):
    first = passwords(create())
    second = passwords(create())

    assert first.keys() == second.keys() and first != second
    assert User.objects.filter(email__endswith="@demo.example.org").count() == 3
    assert ProposedChange.objects.count() == 2 and Report.objects.count() == 1
    assert JoinRequest.objects.count() == 1


def test_if_missing_leaves_existing_accounts_alone(demo):
    first = passwords(create())
    output = create(if_missing=True)
    assert passwords(output) == {}
    email, password = next(iter(first.items()))
    assert authenticate(email=email, password=password) is not None


def test_it_refuses_to_run_without_debug(demo, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG is off"):
        create()
    assert "DEBUG is off" in create(if_missing=True)
    assert not User.objects.exists()


def test_it_needs_the_demo_groups(reference, settings):  # noqa: F811
    settings.DEBUG = True
    with pytest.raises(CommandError, match="load_demo_data"):
        create()
