"""manage.py send_alerts: queue each member's digest of the groups published or reopened on
the themes they follow (at most one a day each). Run daily, e.g. `0 7 * * *`; the mail worker
sends what it queues."""

from django.core.management.base import BaseCommand

from groups.alerts import send_digests


class Command(BaseCommand):
    help = (
        "Queue the daily alert digests: to each member following a theme, the matching groups "
        "published or reopened since their last digest (at most one email a day each)."
    )

    def handle(self, *args, **options):
        queued = send_digests()
        self.stdout.write(f"Alert digests queued: {queued}.")
