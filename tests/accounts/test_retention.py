"""manage.py purge_personal_data deletes exactly what has outlived its retention period."""

import datetime
from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.management import CommandError, call_command
from django.utils import timezone
from post_office import mail
from post_office.models import Email, Log

from accounts.models import User
from groups.models import ContactMessage, JoinRequest, JoinRequestStatus
from tests.factories import ContactMessageFactory, GroupFactory, JoinRequestFactory, UserFactory

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def days_ago(days):
    return NOW - datetime.timedelta(days=days)


def join_request(status, decided_days_ago=None, sent_days_ago=0, **kwargs):
    request = JoinRequestFactory(status=status, **kwargs)
    JoinRequest.objects.filter(pk=request.pk).update(
        created_at=days_ago(sent_days_ago),
        decided_at=None if decided_days_ago is None else days_ago(decided_days_ago),
    )
    return request


def contact_message(sent_days_ago):
    message = ContactMessageFactory()
    ContactMessage.objects.filter(pk=message.pk).update(created_at=days_ago(sent_days_ago))
    return message


def email(created_days_ago, to="someone@example.org"):
    queued = mail.send(
        recipients=[to], sender="noreply@example.org", subject="S", message="M", priority="medium"
    )
    Email.objects.filter(pk=queued.pk).update(created=days_ago(created_days_ago))
    return queued


def account(joined_days_ago, verified, **kwargs):
    user = UserFactory(**kwargs)
    User.objects.filter(pk=user.pk).update(date_joined=days_ago(joined_days_ago))
    if verified is not None:
        EmailAddress.objects.create(user=user, email=user.email, verified=verified, primary=True)
    return user


def purge(*args):
    out = StringIO()
    call_command("purge_personal_data", *args, stdout=out)
    return out.getvalue()


def exists(obj):
    return type(obj).objects.filter(pk=obj.pk).exists()


@pytest.fixture
def data(db):
    group = GroupFactory()
    old = {
        "accepted": join_request(JoinRequestStatus.ACCEPTED, 200, 210, group=group),
        "declined": join_request(JoinRequestStatus.DECLINED, 181, 190, group=group),
        "withdrawn": join_request(JoinRequestStatus.WITHDRAWN, 300, 301, group=group),
        "message": contact_message(181),
        "email": email(181),
        "unverified": account(15, verified=False),
        "no_address": account(30, verified=None),
    }
    kept = {
        # Sent long ago but decided recently: the clock starts at the decision.
        "recently_decided": join_request(JoinRequestStatus.ACCEPTED, 10, 400, group=group),
        "pending": join_request(JoinRequestStatus.PENDING, None, 400, group=group),
        "recent_declined": join_request(JoinRequestStatus.DECLINED, 179, 179, group=group),
        "recent_message": contact_message(179),
        "recent_email": email(179),
        "recent_unverified": account(13, verified=False),
        "verified": account(400, verified=True),
        "staff": account(400, verified=None, is_staff=True),
    }
    # The email about an old request goes with it, even when younger than the cutoff.
    old_request_email = email(5, to="member@example.org")
    old["accepted"].emails.add(old_request_email)
    old["request_email"] = old_request_email
    Log.objects.create(email=old["email"], status=1, message="550 mailbox full")
    return old, kept


def test_purge_deletes_exactly_the_old_data(data):
    old, kept = data
    output = purge()
    for name, obj in old.items():
        assert not exists(obj), name
    for name, obj in kept.items():
        assert exists(obj), name
    assert not Log.objects.exists()
    assert "join requests (accepted, declined, withdrawn): 3" in output
    assert "contact messages: 1" in output
    assert "accounts: 2" in output


def test_unverified_accounts_go_with_their_emails(db):
    user = account(20, verified=False, email="never.confirmed@example.org")
    confirmation = email(20, to=user.email)
    Email.objects.filter(pk=confirmation.pk).update(created=days_ago(3))
    purge()
    assert not exists(user)
    assert not Email.objects.filter(to__icontains="never.confirmed@example.org").exists()


def test_days_and_unverified_days_are_options(data):
    old, _ = data
    purge("--days", "500", "--unverified-days", "20")
    assert exists(old["accepted"])
    assert exists(old["message"])
    assert not exists(old["no_address"])  # 30 days unverified
    assert exists(old["unverified"])  # 15 days only


def test_the_default_follows_the_retention_setting(data, settings):
    _, kept = data
    settings.RETENTION_DAYS = 5
    purge()
    assert not exists(kept["recently_decided"])
    assert exists(kept["pending"])


def test_dry_run_deletes_nothing(data):
    old, _ = data
    output = purge("--dry-run")
    assert "Would delete" in output
    for name, obj in old.items():
        assert exists(obj), name


def test_expired_sessions_go(db):
    expired = SessionStore()
    expired["_auth_user_id"] = "1"
    expired.create()
    Session.objects.filter(pk=expired.session_key).update(expire_date=days_ago(1))
    current = SessionStore()
    current.create()
    purge()
    assert not Session.objects.filter(pk=expired.session_key).exists()
    assert Session.objects.filter(pk=current.session_key).exists()


def test_nonsense_days_are_refused(db):
    with pytest.raises(CommandError):
        purge("--days", "0")


def test_the_help_documents_the_options():
    from accounts.management.commands.purge_personal_data import Command

    text = Command().create_parser("manage.py", "purge_personal_data").format_help()
    for option in ("--days", "--unverified-days", "--dry-run", "RETENTION_DAYS", "Pending"):
        assert option in text


def test_handled_reports_go_after_the_retention_period_and_open_ones_stay(db):
    from groups.models import Report, ReportReason

    def report(handled_days_ago):
        handled_at = None if handled_days_ago is None else days_ago(handled_days_ago)
        return Report.objects.create(
            group=GroupFactory(),
            reason=ReportReason.OTHER,
            text="Plus de réunions",
            email="visitor@example.org",
            handled_at=handled_at,
        )

    old, recent, still_open = report(200), report(10), report(None)
    queued = email(1)
    old.emails.add(queued)
    Report.objects.filter(pk=still_open.pk).update(created_at=days_ago(400))

    output = purge()

    assert not exists(old) and not exists(queued)
    assert exists(recent) and exists(still_open)
    assert "reports of outdated information (handled): 1" in output
