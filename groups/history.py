"""The history of every group: who changed what, when, from which value to which.

Kept by django-simple-history (chosen over django-reversion: each version is a row of a typed
table, HistoricalGroup, that SQL can query and index, and the library records every save by
itself, with the signed-in person from its middleware; reversion keeps serialised blobs that must
be deserialised to be compared, and records only inside explicit revision blocks).

Every save() through the ORM records a version (the admin's form, a facilitator's edit, a
confirmation, a break added or removed: HistoricalMeetingBreak). The bulk roads that write rows
without save() (the CSV import, the admin's bulk actions, the demo generator) call
record_versions() afterwards: it copies the rows as they now are, themes included, in one
statement. A group's first version is how it was entered; each later one is compared with the
one before it (changes()).
"""

import dataclasses
import datetime
import functools

from django.apps import apps as installed_apps
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from .models import Group, MeetingBreak, Theme

CREATED, CHANGED = "+", "~"
# Why a bulk road recorded a version: stored in English, shown in the reader's language (reason()).
IMPORTED = gettext_noop("Imported from a CSV file")
DEMO = gettext_noop("Demo data")
HISTORY_BEGINS = gettext_noop("As it was when its history began")
PUBLISHED = gettext_noop("Published from the list of groups")
UNPUBLISHED = gettext_noop("Moved back to draft from the list of groups")
ARCHIVED = gettext_noop("Archived from the list of groups")
MARKED_CONFIRMED = gettext_noop("Marked as confirmed from the list of groups")
PROPOSAL_APPLIED = gettext_noop("A proposed change applied")
# The most a history page shows, newest first.
SHOWN = 100
# The fields a facilitator's history does not show: the contact address only admins see, and
# the site's own bookkeeping.
NOT_SHOWN_TO_FACILITATORS = {"contact_email", "is_demo", "ref", "slug", "created_at"}


def record_versions(group_ids, kind=CHANGED, user=None, reason="", apps=installed_apps):
    """Record the current state of these groups (and of their themes) as a new version each, by
    `user` (None: the site itself) for `reason`. One INSERT ... SELECT, with its themes."""
    if not group_ids:
        return
    group = apps.get_model("groups", "Group")
    history = apps.get_model("groups", "HistoricalGroup")
    history_themes = apps.get_model("groups", "HistoricalGroup_themes")
    links = group.themes.through._meta.db_table
    quote = connection.ops.quote_name
    copied = ", ".join(
        quote(f.column) for f in history._meta.concrete_fields if not f.name.startswith("history")
    )
    sql = f"""
        WITH version AS (
            INSERT INTO {quote(history._meta.db_table)}
                ({copied}, history_date, history_change_reason, history_type, history_user_id)
            SELECT {copied}, %s, %s, %s, %s FROM {quote(group._meta.db_table)}
            WHERE id = ANY(%s)
            RETURNING history_id, id
        )
        INSERT INTO {quote(history_themes._meta.db_table)} (id, history_id, group_id, theme_id)
        SELECT t.id, version.history_id, t.group_id, t.theme_id
        FROM version JOIN {quote(links)} t ON t.group_id = version.id
    """
    user_id = user.pk if user is not None else None
    with connection.cursor() as cursor:
        # The time of this call, as the ORM's versions take it (now() is the transaction's start).
        now = timezone.now()
        cursor.execute(sql, [now, reason[:100] or None, kind, user_id, list(group_ids)])


def reason(stored):
    """A version's stored reason in the reader's language (gettext of its English text)."""
    return gettext(stored) if stored else ""


@dataclasses.dataclass
class Change:
    """One field of one version: its label and the values before and after, in words."""

    field: str
    label: str
    old: str
    new: str


@dataclasses.dataclass
class Entry:
    """One version as a person reads it: when, by whom, and what it changed."""

    date: datetime.datetime
    user: object
    kind: str  # CREATED, CHANGED, "-" (deleted), or "break+" / "break-" / "break~"
    reason: str
    changes: list
    # For a break: the break as it was after (or, removed, before) this change.
    meeting_break: object = None


def group_entries(group, hidden_fields=(), limit=SHOWN):
    """The history of `group`, newest first: its versions that changed something (a save that
    changed nothing is not news), and its breaks in meetings added, changed and removed. A form
    saved with new themes makes up to three versions (the fields, the themes removed, added):
    read as one change. A handful of queries, whatever the number of versions."""
    versions = list(
        Group.history.filter(id=group.pk)
        .select_related("history_user")
        .order_by("-history_date", "-history_id")[: limit + 1]
    )
    fields = [
        f
        for f in Group.history.model.tracked_fields
        if f.name not in hidden_fields and not f.name.startswith("history")
    ]
    if "themes" not in hidden_fields:
        fields.append(_ThemesField(versions, dict(Theme.objects.values_list("pk", "name"))))
    related = _RelatedNames()
    entries = []
    for newer, older in zip(versions, [*versions[1:], None], strict=True):
        if older is None and len(versions) > limit:
            break  # the oldest one fetched is only there to be compared with
        changes = [] if older is None else _changes(newer, older, fields, related)
        if older is not None and not changes and newer.history_type == CHANGED:
            continue
        entry = Entry(
            newer.history_date,
            newer.history_user,
            newer.history_type,
            reason(newer.history_change_reason),
            changes,
        )
        if entries and _same_save(entries[-1], entry):
            # Read as one: the older kind (a group created with its themes is created).
            newer_entry = entries[-1]
            newer_entry.kind, newer_entry.date = entry.kind, entry.date
            merged = _merged(newer_entry.changes, entry.changes)
            newer_entry.changes = merged if entry.kind == CHANGED else []
        else:
            entries.append(entry)
    breaks = (
        MeetingBreak.history.filter(group_id=group.pk)
        .select_related("history_user")
        .order_by("-history_date", "-history_id")[:limit]
    )
    for version in breaks:
        entries.append(
            Entry(
                version.history_date,
                version.history_user,
                f"break{version.history_type}",
                reason(version.history_change_reason),
                [],
                meeting_break=version,
            )
        )
    entries.sort(key=lambda entry: entry.date, reverse=True)
    return entries[:limit]


def _same_save(newer, older):
    """Two versions of one save: a form saves the group, then sets its themes (a version that
    changes only them), by the same person within two seconds."""
    return (
        newer.kind == CHANGED
        and older.kind in (CREATED, CHANGED)
        and {change.field for change in newer.changes} <= {"themes"}
        and newer.user == older.user
        and newer.date - older.date < datetime.timedelta(seconds=2)
    )


def _merged(newer_changes, older_changes):
    """One change per field: from the older value to the newer."""
    by_field = {change.field: change for change in older_changes}
    for change in newer_changes:
        if change.field in by_field:
            by_field[change.field].new = change.new
        else:
            by_field[change.field] = change
    return [change for change in by_field.values() if change.old != change.new]


class _ThemesField:
    """The themes of each version (from one query), compared as a set."""

    name = attname = "themes"

    def __init__(self, versions, names):
        self.verbose_name = Group._meta.get_field("themes").verbose_name
        self.names = names
        self.by_version = {}
        through = installed_apps.get_model("groups", "HistoricalGroup_themes")
        ids = [version.history_id for version in versions]
        rows = through.objects.filter(history_id__in=ids).values_list("history_id", "theme_id")
        for history_id, theme_id in rows:
            self.by_version.setdefault(history_id, set()).add(theme_id)

    def value(self, version):
        return self.by_version.get(version.history_id, set())

    def shown(self, ids):
        return ", ".join(sorted(self.names.get(pk, "?") for pk in ids)) or "—"


class _RelatedNames:
    """The canton or centre a version points to, by name (each table read once, if needed)."""

    def __init__(self):
        self.names = {}

    def __call__(self, field, pk):
        if pk is None:
            return "—"
        if field.name not in self.names:
            self.names[field.name] = {o.pk: str(o) for o in field.related_model.objects.all()}
        return self.names[field.name].get(pk, "?")


def _changes(newer, older, fields, related):
    changes = []
    for f in fields:
        if isinstance(f, _ThemesField):
            old, new, in_words = f.value(older), f.value(newer), f.shown
        else:
            old, new = getattr(older, f.attname), getattr(newer, f.attname)
            in_words = (
                functools.partial(related, f) if f.is_relation else functools.partial(_shown, f)
            )
        if old != new:
            changes.append(Change(f.name, str(f.verbose_name), in_words(old), in_words(new)))
    return changes


def _shown(field, value):
    """A stored value in words: a choice's label, a list joined, nothing as a dash."""
    if value in (None, "", []):
        return "—"
    choices = dict(field.flatchoices) if field.choices else {}
    if isinstance(value, list):
        inner = dict(field.base_field.flatchoices) if field.base_field.choices else {}
        return ", ".join(str(inner.get(item, item)) for item in value)
    if choices:
        return str(choices.get(value, value))
    if isinstance(value, bool):
        return "✓" if value else "✗"
    if isinstance(value, datetime.time):
        return value.strftime("%H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d.%m.%Y")
    return str(value)
