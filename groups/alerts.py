"""Alerts: a member follows a theme (anywhere, or in one canton) and is told, at most once a day
in one email, of the matching groups that were published or reopened.

What happened is read from the groups' history (groups/history.py records every save, bulk
roads included): a version that is published while the one before it was not, or open while the
one before it was full or being founded. `manage.py send_alerts` runs daily; each digest is
queued in the same transaction that moves its alerts' `told_until`, so nothing is told twice and
nothing is lost when the mail server is down. Each digest carries a link that stops the member's
alerts without a login (signed, RFC 8058's one-click POST too).
"""

import datetime

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from . import mail
from .models import Alert, Canton, Group, MembershipStatus, Publication, Theme

UNSUBSCRIBE_SALT = "groups.alerts.unsubscribe"
MAX_ALERTS = 20  # per member: enough for anyone, not a way to fill the table
# A digest at most every this long: a day, less the time the daily job may drift.
DIGEST_EVERY = datetime.timedelta(hours=20)
# How far back a first run (or a member's long-unsent alerts) looks into the history.
LOOK_BACK = datetime.timedelta(days=30)
SHOWN_PER_DIGEST = 20


# ---- Managing one's alerts -------------------------------------------------------------------


def theme_choices():
    """Categories (meaning all of their themes), each followed by its themes, for a select."""
    themes = Theme.objects.select_related("parent").order_by("name")
    categories = [theme for theme in themes if theme.parent_id is None]
    choices = [("", _("Choose a theme"))]
    for category in sorted(categories, key=lambda theme: theme.name):
        children = [(t.pk, t.name) for t in themes if t.parent_id == category.pk]
        choices.append(
            (category.name, [(category.pk, _("All of “%s”") % category.name), *children])
        )
    return choices


class AlertForm(forms.ModelForm):
    class Meta:
        model = Alert
        fields = ["theme", "canton"]
        labels = {"theme": _("Theme"), "canton": _("Canton")}
        help_texts = {"canton": _("Leave it empty to hear of groups anywhere in Switzerland.")}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, instance=Alert(user=user), **kwargs)
        self.user = user
        self.fields["theme"].choices = theme_choices()
        self.fields["canton"].queryset = Canton.objects.order_by("name")
        self.fields["canton"].empty_label = _("Anywhere in Switzerland")

    def clean(self):
        data = super().clean()
        theme, canton = data.get("theme"), data.get("canton")
        mine = Alert.objects.filter(user=self.user)
        if theme and mine.filter(theme=theme, canton=canton).exists():
            raise forms.ValidationError(_("You already follow this theme there."))
        if mine.count() >= MAX_ALERTS:
            raise forms.ValidationError(
                _("You follow %(count)d themes already: remove one to add another.")
                % {"count": MAX_ALERTS}
            )
        return data


# ---- Unsubscribing without a login -----------------------------------------------------------


def unsubscribe_token(user):
    return signing.dumps(user.pk, salt=UNSUBSCRIBE_SALT)


def user_of_token(token):
    """The member whose alerts the token stops, or None for a forged or foreign token."""
    if len(token) > 200:
        return None
    try:
        pk = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return get_user_model().objects.filter(pk=pk, is_active=True).first()


def unsubscribe_url(user):
    with translation.override(user.preferred_language):
        path = reverse("groups:alerts_unsubscribe", kwargs={"token": unsubscribe_token(user)})
    return settings.SITE_URL + path


# ---- What happened: groups published or reopened --------------------------------------------


def became_available(since):
    """{group id: when} of the groups that were published, or reopened, after `since`, by the
    versions of their history (two queries)."""
    versions = Group.history.model.objects
    window = list(
        versions.filter(history_date__gt=since)
        .order_by("id", "history_date", "history_id")
        .values_list("id", "publication", "status", "history_date")
    )
    ids = {row[0] for row in window}
    before = {
        row[0]: row[1:]
        for row in versions.filter(id__in=ids, history_date__lte=since)
        .order_by("id", "-history_date", "-history_id")
        .distinct("id")
        .values_list("id", "publication", "status")
    }
    events = {}
    for group_id, publication, status, when in window:
        previous = before.get(group_id)
        if publication == Publication.PUBLISHED:
            was_published = previous is not None and previous[0] == Publication.PUBLISHED
            reopened = (
                was_published
                and status == MembershipStatus.OPEN
                and previous[1] != MembershipStatus.OPEN
            )
            if not was_published or reopened:
                events[group_id] = when
        before[group_id] = (publication, status)
    return events


def _news(alert, groups, groups_of, events):
    """The ids of the groups `alert` has not told of yet."""
    return {
        pk
        for pk in groups_of.get(alert.theme_id, ())
        if events[pk] > alert.told_until and alert.canton_id in (None, groups[pk].canton_id)
    }


# ---- The daily digest ------------------------------------------------------------------------


def send_digests(now=None):
    """Queue today's digests; return how many were queued."""
    now = now or timezone.now()
    alerts = list(
        Alert.objects.filter(user__is_active=True, told_until__lt=now).select_related("user")
    )
    if not alerts:
        return 0
    since = max(min(alert.told_until for alert in alerts), now - LOOK_BACK)
    events = became_available(since)
    listed = Group.objects.listed().filter(pk__in=events).select_related("canton")
    groups = {group.pk: group for group in listed}
    # The groups of each theme, a category's under it too: an alert then looks up its own
    # theme, instead of every member's alerts going through every group.
    parent_of = dict(Theme.objects.exclude(parent=None).values_list("pk", "parent_id"))
    groups_of = {}
    links = Group.themes.through.objects.filter(group__in=list(groups))
    for group_id, theme_id in links.values_list("group_id", "theme_id"):
        for followed in (theme_id, parent_of.get(theme_id)):
            if followed is not None:
                groups_of.setdefault(followed, set()).add(group_id)

    by_user = {}
    for alert in alerts:
        by_user.setdefault(alert.user_id, []).append(alert)
    sent = 0
    for user_alerts in by_user.values():
        user = user_alerts[0].user
        last = max((a.last_digest_at for a in user_alerts if a.last_digest_at), default=None)
        if last and now - last < DIGEST_EVERY:
            continue  # told today already: what happened since waits for tomorrow
        matches = [
            groups[pk]
            for pk in set().union(
                *(_news(alert, groups, groups_of, events) for alert in user_alerts)
            )
        ]
        matches.sort(key=lambda group: events[group.pk], reverse=True)
        sent += _send(user, user_alerts, matches, now)
    return sent


@transaction.atomic
def _send(user, user_alerts, matches, now):
    ids = [alert.pk for alert in user_alerts]
    if not matches:
        Alert.objects.filter(pk__in=ids).update(told_until=now)
        return 0
    url = unsubscribe_url(user)
    recipient = mail.Recipient(user.email, user.preferred_language, user=user)
    context = {
        "groups": matches[:SHOWN_PER_DIGEST],
        "more": max(0, len(matches) - SHOWN_PER_DIGEST),
        "unsubscribe_url": url,
    }
    headers = {
        "List-Unsubscribe": f"<{url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
    mail.queue("alert_digest", recipient, context, headers=headers)
    Alert.objects.filter(pk__in=ids).update(told_until=now, last_digest_at=now)
    return 1


def stop_alerts(user):
    return Alert.objects.filter(user=user).delete()[0]
