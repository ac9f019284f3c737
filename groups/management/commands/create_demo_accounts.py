"""manage.py create_demo_accounts: three accounts to try each role on the demo data.

- a member, with a request to join a group waiting for an answer, a report of outdated
  information and a new group proposed, waiting for the centre;
- a facilitator of two demo groups of one centre's region: one with that request to answer and
  a new name waiting for review, one not confirmed for 13 months (flagged);
- centre staff of that centre, who curates the region in the admin (and sets up an
  authenticator app at the first visit, as every staff account must).

Each account gets a new random password, printed once here. Running it again deletes the three
accounts and what they made, and makes them anew. Only for a demo: it refuses to run when DEBUG
is off (with --if-missing it then only says so), and needs the demo groups (load_demo_data).
"""

import datetime
import secrets

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone, translation

from accounts import services
from groups.models import (
    Centre,
    Group,
    JoinRequest,
    ProposedChange,
    Publication,
    Report,
    ReportReason,
    region_centre,
)

DOMAIN = "demo.example.org"
ACCOUNTS = {
    "member": ("member@" + DOMAIN, "Mia (demo)"),
    "facilitator": ("facilitator@" + DOMAIN, "Fabien (demo)"),
    "centre staff": ("centre@" + DOMAIN, "Carla (demo)"),
}


class Command(BaseCommand):
    help = (
        "Create a member, a facilitator and a centre-staff account for trying the demo, each "
        "with something to do; print their passwords once. Refuses to run when DEBUG is off."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-missing",
            action="store_true",
            help="Do nothing when the demo accounts exist already (make run uses it).",
        )

    def handle(self, *args, if_missing, **options):
        if not settings.DEBUG:
            if if_missing:
                self.stdout.write("Demo accounts not created: DEBUG is off.")
                return
            raise CommandError("Demo accounts are for a demo only: DEBUG is off.")
        User = get_user_model()
        if if_missing and User.objects.filter(email__in=emails()).exists():
            self.stdout.write(
                "The demo accounts exist (their passwords were printed when they were made; "
                "`manage.py create_demo_accounts` makes them anew)."
            )
            return
        centre, groups = demo_region()
        passwords = self.make(User, centre, groups)
        self.stdout.write(f"Demo accounts (region of {centre.name}); passwords shown once:")
        for role, (email, _name) in ACCOUNTS.items():
            self.stdout.write(f"  {role:<13} {email:<28} {passwords[role]}")
        with translation.override(settings.LANGUAGE_CODE):
            login, admin = reverse("account_login"), reverse("admin:index")
        self.stdout.write(
            f"Sign in at {settings.SITE_URL}{login}; centre staff then open {admin} and set up "
            "an authenticator app at their first visit, as every staff account must."
        )

    @transaction.atomic
    def make(self, User, centre, groups):
        remove_demo_accounts(User)
        passwords, users = {}, {}
        for role, (email, name) in ACCOUNTS.items():
            passwords[role] = secrets.token_urlsafe(12)
            users[role] = User.objects.create_user(
                email,
                passwords[role],
                display_name=name,
                preferred_language=(centre.languages or [settings.LANGUAGE_CODE])[0],
                is_staff=role == "centre staff",
                centre=centre if role == "centre staff" else None,
            )
            EmailAddress.objects.create(user=users[role], email=email, verified=True, primary=True)
        member, facilitator = users["member"], users["facilitator"]
        answered, flagged, reported = groups
        for group in (answered, flagged):
            group.facilitators.add(facilitator)
        JoinRequest.objects.create(
            group=answered,
            member=member,
            consent=True,
            message="Bonjour, j'aimerais venir à la prochaine rencontre. / Hallo, ich würde "
            "gerne zum nächsten Treffen kommen.",
        )
        ProposedChange.objects.create(
            group=answered, proposed_by=facilitator, name=f"{answered.name} (demo)"
        )
        thirteen_months_ago = timezone.localdate() - datetime.timedelta(days=395)
        Group.objects.filter(pk=flagged.pk).update(last_confirmed=thirteen_months_ago)
        Report.objects.create(
            group=reported,
            reason=ReportReason.SCHEDULE,
            text="Demo: the group meets on Thursdays now.",
            email=member.email,
        )
        proposed = Group(
            name="Demo: a new group being founded",
            description="A group a member proposes, waiting for the centre's review.",
            languages=answered.languages,
            audience=answered.audience,
            led_by=answered.led_by,
            format=answered.format,
            canton=answered.canton,
            postcode=answered.postcode,
            locality=answered.locality,
            frequency=answered.frequency,
            weekday=answered.weekday,
            week_of_month=answered.week_of_month,
            start_time=answered.start_time,
            status="forming",
            publication=Publication.PENDING,
            is_demo=True,
        )
        proposed.centre = region_centre(proposed.canton_id)
        proposed.save()
        proposed.themes.set(answered.themes.all())
        ProposedChange.objects.create(group=proposed, proposed_by=member, is_new_group=True)
        return passwords


def emails():
    return [email for email, _name in ACCOUNTS.values()]


def remove_demo_accounts(User):
    """The demo accounts and what they made (their requests go with them)."""
    for user in User.objects.filter(email__in=emails()):
        made = ProposedChange.objects.filter(proposed_by=user, is_new_group=True)
        Group.objects.filter(pk__in=made.values("group"), is_demo=True).delete()
        Report.objects.filter(email=user.email).delete()
        ProposedChange.objects.filter(proposed_by=user).delete()
        services.delete_account(user, sessions=True)


def demo_region():
    """The centre with the most listed demo groups, and three of its groups."""
    listed = Group.objects.listed().filter(is_demo=True)
    centre = (
        Centre.objects.filter(groups__in=listed)
        .annotate(listed=Count("groups"))
        .order_by("-listed", "name")
        .first()
    )
    groups = list(listed.filter(centre=centre).order_by("name")[:3]) if centre else []
    if len(groups) < 3:
        raise CommandError("No demo groups to work on: run `manage.py load_demo_data` first.")
    return centre, groups
