"""The mail queue: emails are rows first, sent by the worker, retried with growing pauses."""

import datetime

import pytest
from django.utils import timezone
from post_office.models import STATUS, Email

from groups import mail as group_mail
from groups.management.commands.run_mail_worker import back_off
from tests.factories import CentreFactory, GroupFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_queued_mail_waits_for_the_worker(deliver_mail):
    from django.core import mail

    queued = group_mail.mail.send(
        recipients=["someone@example.org"], sender="a@example.org", subject="Hello", message="Hi"
    )
    assert queued.status == STATUS.queued and mail.outbox == []
    outbox = deliver_mail()
    assert [m.to for m in outbox] == [["someone@example.org"]]
    queued.refresh_from_db()
    assert queued.status == STATUS.sent


def test_group_recipients_prefer_facilitators_then_contact_then_centre():
    group = GroupFactory(contact_email="group@example.org", languages=["de"])
    centre = CentreFactory(email="centre@example.org", languages=["de", "fr"])
    group.centre = centre
    group.save()
    facilitator = UserFactory(email="f@example.org", preferred_language="it")
    group.facilitators.add(facilitator)
    assert group_mail.group_recipients(group) == [group_mail.Recipient("f@example.org", "it")]
    group.facilitators.clear()
    assert group_mail.group_recipients(group) == [
        group_mail.Recipient("group@example.org", "de", group_mail.ROLE_CONTACT)
    ]
    group.contact_email = ""
    assert group_mail.group_recipients(group) == [
        group_mail.Recipient("centre@example.org", "de", group_mail.ROLE_CENTRE)
    ]


def test_retries_wait_longer_after_each_failure(settings):
    base = settings.POST_OFFICE["RETRY_INTERVAL"]
    now = timezone.now()
    emails = {
        retries: Email.objects.create(
            from_email="a@example.org",
            to=["b@example.org"],
            status=STATUS.requeued,
            number_of_retries=retries,
            scheduled_time=now + base,
        )
        for retries in (1, 2, 5, 30)
    }
    back_off()
    for retries, email in emails.items():
        email.refresh_from_db()
        expected = min(base * 2 ** (retries - 1), datetime.timedelta(hours=6))
        if retries == 1:  # post_office's own first pause stands
            assert email.scheduled_time == now + base
        else:
            assert email.scheduled_time == email.last_updated + expected
