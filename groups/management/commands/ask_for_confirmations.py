"""manage.py ask_for_confirmations: keep listings true, once a day.

Run it daily from the scheduler that runs purge_personal_data (see the README, Operations):
`30 3 * * * cd /app && python manage.py ask_for_confirmations`. By the rule of
groups.models.confirmation_state, it emails the people of each published group whose listing
was confirmed 11 months ago a link that confirms it (valid 30 days), and tells the people and
the centre of each listing newly hidden at 18 months. Each email goes through the mail queue,
once per confirmation. Running it twice a day sends nothing twice.
"""

from django.core.management.base import BaseCommand

from groups.confirmation import ask_for_confirmations


class Command(BaseCommand):
    help = "Ask for the yearly confirmation of listings; tell those hidden for want of one."

    def handle(self, *args, **options):
        outcome = ask_for_confirmations()
        self.stdout.write(
            f"{outcome.asked} groups asked to confirm their listing, "
            f"{outcome.told_hidden} told that theirs is hidden."
        )
        if outcome.nobody_to_ask:
            self.stdout.write(
                f"{outcome.nobody_to_ask} groups have nobody to ask (no facilitator, contact "
                "address or centre with an address): give them one in the admin."
            )
