"""manage.py run_mail_worker: send the queued emails, retrying with growing pauses.

Run it as its own process next to the web server (`make run` starts both). `--once` sends what
is due and stops (for cron or tests).
"""

import datetime
import logging
import signal
import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import close_old_connections
from post_office.mail import send_queued
from post_office.models import STATUS, Email

logger = logging.getLogger(__name__)


def back_off():
    """post_office retries after a fixed pause; double it after each failure instead, so a
    mail server that is down for hours is not hammered, and one back in a minute is used."""
    base = settings.POST_OFFICE["RETRY_INTERVAL"]
    ceiling = datetime.timedelta(hours=6)
    requeued = Email.objects.filter(status=STATUS.requeued, number_of_retries__gt=1).only(
        "id", "number_of_retries", "last_updated", "scheduled_time"
    )
    for email in requeued:
        pause = min(base * 2 ** (email.number_of_retries - 1), ceiling)
        due = email.last_updated + pause
        if email.scheduled_time != due:
            Email.objects.filter(pk=email.pk).update(scheduled_time=due)


def send_due():
    sent, failed, requeued = send_queued()
    if requeued:
        back_off()
    return sent, failed, requeued


class Command(BaseCommand):
    help = "Send queued emails and keep retrying failed ones (runs until stopped)."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Send what is due, then stop.")
        parser.add_argument("--interval", type=float, default=5.0, help="Seconds between rounds.")

    def handle(self, *args, **options):
        if options["once"]:
            self.report(*send_due())
            return
        stopping = []
        signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
        self.stdout.write("Mail worker: sending queued emails (Ctrl-C to stop).")
        try:
            while not stopping:
                close_old_connections()
                try:
                    sent, failed, requeued = send_due()
                    if sent or failed or requeued:
                        self.report(sent, failed, requeued)
                except Exception:  # the database restarting must not end the worker
                    logger.exception("Mail worker: a round failed; trying again shortly")
                time.sleep(options["interval"])
        except KeyboardInterrupt:
            pass

    def report(self, sent, failed, requeued):
        self.stdout.write(f"Mail: {sent} sent, {requeued} to retry, {failed} given up.")
