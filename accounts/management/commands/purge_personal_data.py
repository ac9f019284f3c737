"""manage.py purge_personal_data: delete personal data that has outlived its purpose.

Run it once a day from a scheduler (cron, a systemd timer, a Kubernetes CronJob), e.g.
`15 3 * * * cd /app && python manage.py purge_personal_data`. It deletes:

- contact messages older than --days (by the date they were sent);
- join requests that were accepted, declined or withdrawn more than --days ago (by the date
  of that decision); pending requests always stay;
- reports of outdated information handled more than --days ago (they may hold the visitor's
  address); open ones always stay;
- the emails linked to those rows, and every queued or sent email (with its delivery log and
  attachments) older than --days: they repeat names, addresses and messages;
- accounts whose email address was never verified, created more than --unverified-days ago
  (staff accounts excepted: an admin makes those on purpose);
- expired sessions (they may hold the address someone signed in with).

--days defaults to the RETENTION_DAYS setting (180); --unverified-days to
UNVERIFIED_ACCOUNT_DAYS (14). --dry-run counts without deleting.
"""

import datetime

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.db.models.functions import Coalesce
from django.utils import timezone
from post_office.models import Email
from post_office.utils import cleanup_expired_mails

from accounts import services
from groups.models import ContactMessage, JoinRequest, JoinRequestStatus, Report


def old_join_requests(cutoff):
    """Decided or withdrawn before the cutoff. Withdrawing sets decided_at too; a request
    without one (older data) counts from when it was sent."""
    return (
        JoinRequest.objects.exclude(status=JoinRequestStatus.PENDING)
        .alias(closed_at=Coalesce("decided_at", "created_at"))
        .filter(closed_at__lt=cutoff)
    )


def old_contact_messages(cutoff):
    return ContactMessage.objects.filter(created_at__lt=cutoff)


def old_reports(cutoff):
    return Report.objects.filter(handled_at__lt=cutoff)


def unverified_accounts(cutoff):
    verified = EmailAddress.objects.filter(user=OuterRef("pk"), verified=True)
    return (
        get_user_model()
        .objects.filter(date_joined__lt=cutoff, is_staff=False, is_superuser=False)
        .exclude(Exists(verified))
    )


def linked_emails(*rows):
    """The emails of these querysets of rows (each with an `emails` relation)."""
    emails = Email.objects.none()
    for queryset in rows:
        emails |= Email.objects.filter(pk__in=queryset.values("emails"))
    return emails


class Command(BaseCommand):
    help = (
        "Delete personal data past its retention period: contact messages, decided or "
        "withdrawn join requests and handled reports older than --days, emails older than "
        "--days, accounts never verified after --unverified-days, expired sessions. Pending "
        "join requests and open reports stay. Run daily."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Keep messages, closed join requests and emails this many days "
            "(default: the RETENTION_DAYS setting, 180).",
        )
        parser.add_argument(
            "--unverified-days",
            type=int,
            default=None,
            help="Delete accounts whose address is still unverified after this many days "
            "(default: the UNVERIFIED_ACCOUNT_DAYS setting, 14).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what would be deleted; delete nothing."
        )

    def handle(self, *args, days, unverified_days, dry_run, **options):
        days = settings.RETENTION_DAYS if days is None else days
        unverified_days = (
            settings.UNVERIFIED_ACCOUNT_DAYS if unverified_days is None else unverified_days
        )
        if days < 1 or unverified_days < 1:
            raise CommandError("--days and --unverified-days must be at least 1.")
        now = timezone.now()
        cutoff = now - datetime.timedelta(days=days)
        counts = self.purge(now, cutoff, now - datetime.timedelta(days=unverified_days), dry_run)
        verb = "Would delete" if dry_run else "Deleted"
        self.stdout.write(f"{verb}, before {cutoff:%Y-%m-%d %H:%M} ({days} days):")
        self.stdout.write(f"  join requests (accepted, declined, withdrawn): {counts['requests']}")
        self.stdout.write(f"  contact messages: {counts['messages']}")
        self.stdout.write(f"  reports of outdated information (handled): {counts['reports']}")
        self.stdout.write(f"  emails: {counts['emails']}")
        self.stdout.write(
            f"{verb}, unverified for {unverified_days} days: accounts: {counts['accounts']}"
        )
        self.stdout.write(f"{verb}: expired sessions: {counts['sessions']}")

    @transaction.atomic
    def purge(self, now, cutoff, unverified_cutoff, dry_run):
        join_requests = old_join_requests(cutoff)
        contact_messages = old_contact_messages(cutoff)
        reports = old_reports(cutoff)
        emails = linked_emails(join_requests, contact_messages, reports) | Email.objects.filter(
            created__lt=cutoff
        )
        accounts = unverified_accounts(unverified_cutoff)
        sessions = Session.objects.filter(expire_date__lt=now)
        counts = {
            "requests": join_requests.count(),
            "messages": contact_messages.count(),
            "reports": reports.count(),
            "emails": emails.distinct().count(),
            "accounts": accounts.count(),
            "sessions": sessions.count(),
        }
        if dry_run:
            return counts
        # The emails about the rows first: once the rows are gone, nothing links to them.
        Email.objects.filter(
            pk__in=linked_emails(join_requests, contact_messages, reports)
        ).delete()
        join_requests.delete()
        contact_messages.delete()
        reports.delete()
        cleanup_expired_mails(cutoff, delete_attachments=True)
        for account in accounts:
            # Never verified means never signed in: the account has no session to look for.
            services.delete_account(account, sessions=False)
        sessions.delete()
        return counts
