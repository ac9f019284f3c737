"""The admin: where centre staff and admins curate the directory.

Each change list builds its queryset once (select_related, prefetch_related, annotated counts),
so its number of queries does not grow with its rows; tests/groups/test_admin.py pins them.
"""

from functools import partial

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.db import models
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.templatetags.static import static
from django.urls import path
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy, pgettext

# TranslationAdmin, not the tabbed variant: the tabs load jQuery UI from a CDN, and no page of
# this site, the admin included, may ask another host for anything.
from modeltranslation.admin import TranslationAdmin
from post_office.models import STATUS
from simple_history.admin import SimpleHistoryAdmin

from selfhelp.pagecache import content_changed

from . import curation, editing, history, reports
from .models import (
    Canton,
    Centre,
    Confirmation,
    ContactMessage,
    Group,
    JoinRequest,
    MeetingBreak,
    ProposedChange,
    Publication,
    Report,
    Review,
    Theme,
    region,
)


class RegionScoped:
    """A change list, its objects, actions, export, history and search held to the region of
    centre staff (curation.centre_of): another region's object answers as if it did not exist,
    since the admin finds every object through get_queryset. National curators see all."""

    # How a row reaches its group ("" for a group itself).
    region_through = ""

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        centre = curation.centre_of(request.user)
        if centre is None:
            return queryset
        return queryset.filter(region(centre, self.region_through))


def translated(*fields):
    """The per-language columns of modeltranslation fields: searching "name" alone would only
    look in the interface language, and staff search in whichever language they remember."""
    return [f"{field}_{language}" for field in fields for language in settings.SITE_LANGUAGES]


# Cantons, themes, centres: translated in every site language, each with its number of groups.


class WithGroupCount(TranslationAdmin):
    """A change list with a "groups" column: how many groups each row has, counted in the
    list's own query."""

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(group_count=Count("groups", distinct=True))

    @admin.display(description=_("groups"), ordering="group_count")
    def group_count(self, obj):
        return obj.group_count


@admin.register(Canton)
class CantonAdmin(WithGroupCount):
    list_display = ["code", "name", "group_count"]
    search_fields = ["code", *translated("name")]
    ordering = ["code"]


@admin.register(Theme)
class ThemeAdmin(WithGroupCount):
    list_display = ["name", "parent", "group_count", "is_rare", "is_featured"]
    list_select_related = ["parent"]
    # The parent's own limit_choices_to keeps this filter to categories; its empty choice
    # ("none") selects the categories themselves.
    list_filter = ["parent", "is_rare", "is_featured"]
    # A theme without a parent is a category: say so in the column and in the filter.
    empty_value_display = _("none (a category)")
    search_fields = ["slug", *translated("name", "synonyms")]
    # English is the source language and the only one every theme and centre must have.
    prepopulated_fields = {"slug": ["name_en"]}
    fieldsets = [
        (None, {"fields": ["slug", "parent", "name", "description"]}),
        (_("Search"), {"fields": ["synonyms"]}),
        (_("Flags"), {"fields": ["is_rare", "is_featured"]}),
    ]


@admin.register(Centre)
class CentreAdmin(WithGroupCount):
    list_display = ["name", "canton_codes", "group_count"]
    list_filter = ["cantons"]
    filter_horizontal = ["cantons"]
    search_fields = ["slug", *translated("name")]
    prepopulated_fields = {"slug": ["name_en"]}
    # A website typed without its scheme is reached over https (Django 6's default already).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = [
        (None, {"fields": ["slug", "name", "description", "cantons", "languages"]}),
        (_("Public contact"), {"fields": ["email", "phone", "website"]}),
        (_("Address"), {"fields": ["street", "postcode", "locality"]}),
    ]

    def get_queryset(self, request):
        queryset = super().get_queryset(request).prefetch_related("cantons")
        centre = curation.centre_of(request.user)
        return queryset if centre is None else queryset.filter(pk=centre)

    def get_readonly_fields(self, request, obj=None):
        # Centre staff keep their centre's public details; the cantons it serves make their
        # region, which national curators set.
        if curation.centre_of(request.user) is not None:
            return ["slug", "cantons"]
        return super().get_readonly_fields(request, obj)

    def get_prepopulated_fields(self, request, obj=None):
        if curation.centre_of(request.user) is not None:
            return {}  # the slug is read-only for them
        return super().get_prepopulated_fields(request, obj)

    @admin.display(description=_("cantons served"))
    def canton_codes(self, centre):
        return ", ".join(canton.code for canton in centre.cantons.all())


# Groups.


class ThemeFilter(admin.SimpleListFilter):
    """Categories, and the themes of the chosen category only: with some 200 themes a flat
    list would bury the sidebar. A category matches groups tagged with any of its themes."""

    title = _("theme")
    parameter_name = "theme"

    def theme_id(self):
        value = self.value()
        return int(value) if value and value.isdigit() else None

    def lookups(self, request, model_admin):
        open_category = None
        if (chosen := self.theme_id()) is not None:
            theme = Theme.objects.filter(pk=chosen).only("parent").first()
            open_category = theme and (theme.parent_id or theme.pk)
        themes = Theme.objects.filter(Q(parent=None) | Q(parent=open_category)).order_by("name")
        categories = [theme for theme in themes if theme.parent_id is None]
        choices = []
        for category in categories:
            choices.append((str(category.pk), category.name))
            choices.extend(
                (str(theme.pk), f"— {theme.name}")
                for theme in themes
                if theme.parent_id == category.pk
            )
        return choices

    def queryset(self, request, queryset):
        theme_id = self.theme_id()
        if theme_id is None:
            return queryset
        return queryset.in_themes([theme_id])


class RegionFilter(admin.SimpleListFilter):
    """By the region a centre curates (models.region: the groups it supports and those of the
    cantons it serves), for national curators; centre staff see their region only already."""

    title = _("region")
    parameter_name = "region"
    through = ""

    def lookups(self, request, model_admin):
        if curation.centre_of(request.user) is not None:
            return []
        return [(str(pk), name) for pk, name in Centre.objects.values_list("pk", "name")]

    def queryset(self, request, queryset):
        value = self.value()
        if value and value.isdigit():
            return queryset.filter(region(int(value), self.through))
        return queryset


class ThroughGroupRegionFilter(RegionFilter):
    """The region of the group a proposal, report or message is about."""

    through = "group__"


class LastConfirmedFilter(admin.SimpleListFilter):
    """By the rule of models.confirmation_state: a flagged listing's page says since when it
    was not confirmed; a stale one is hidden from the directory until it is confirmed."""

    title = _("last confirmed")
    parameter_name = "confirmed"

    def lookups(self, request, model_admin):
        return Confirmation.choices

    def queryset(self, request, queryset):
        if self.value() in Confirmation.values:
            return queryset.in_confirmation_state(self.value())
        return queryset


class MeetingBreakInline(admin.TabularInline):
    model = MeetingBreak
    extra = 0
    fields = ["first_day", "last_day", "every_year", "note"]


class GroupAdminForm(editing.LanguagesForm, forms.ModelForm):
    """The meeting languages as checkboxes; for centre staff (`centre` set by GroupAdmin), the
    centre and canton offered are theirs, and a group they save stays in their region."""

    centre_id = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.centre_id is None:
            return
        if "centre" in self.fields:
            self.fields["centre"].queryset = Centre.objects.filter(pk=self.centre_id)
        if "canton" in self.fields:
            # The group's own canton stays valid (a group of the centre may meet elsewhere).
            self.fields["canton"].queryset = Canton.objects.filter(
                Q(centres=self.centre_id) | Q(pk=self.instance.canton_id)
            ).distinct()

    def clean(self):
        data = super().clean()
        if self.centre_id is None or "centre" not in data or "canton" not in data:
            return data
        centre, canton = data["centre"], data["canton"]
        ours = (centre is not None and centre.pk == self.centre_id) or (
            canton is not None and canton.centres.filter(pk=self.centre_id).exists()
        )
        if not ours:
            raise forms.ValidationError(
                _(
                    "This group would leave your region: choose your centre, or a canton "
                    "your centre serves."
                )
            )
        return data


@admin.register(Group)
class GroupAdmin(RegionScoped, SimpleHistoryAdmin):
    form = GroupAdminForm
    list_display = [
        "name",
        "publication",
        "status",
        "canton_code",
        "centre",
        "format",
        "theme_names",
        "confirmation",
        "updated_at",
    ]
    list_select_related = ["canton", "centre"]
    list_filter = [
        "publication",
        "status",
        "format",
        "audience",
        "led_by",
        "canton",
        RegionFilter,
        ThemeFilter,
        LastConfirmedFilter,
        "is_demo",
    ]
    search_fields = ["name", "ref", "locality", "postcode", "description"]
    autocomplete_fields = ["themes", "centre", "facilitators"]
    prepopulated_fields = {"slug": ["name", "locality"]}
    readonly_fields = ["ref", "is_demo", "created_at", "updated_at"]
    actions = ["publish", "unpublish", "archive", "mark_confirmed", "export_csv"]
    inlines = [MeetingBreakInline]
    # The history page lists groups.history's entries: each field's old and new value in words.
    object_history_list_template = "admin/groups/group/object_history_list.html"

    def get_urls(self):
        # Imported on use, as the export is: the importer is only needed by the admin.
        from .admin_import import import_view

        import_url = path(
            "import/",
            self.admin_site.admin_view(partial(import_view, self)),
            name="groups_group_import",
        )
        return [import_url, *super().get_urls()]

    def changelist_view(self, request, extra_context=None):
        can_import = curation.may_import(request.user)
        return super().changelist_view(request, {**(extra_context or {}), "can_import": can_import})

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        centre = curation.centre_of(request.user)
        return form if centre is None else type(form.__name__, (form,), {"centre_id": centre})

    def get_readonly_fields(self, request, obj=None):
        # Who facilitates is chosen among the site's accounts, which centre staff do not see.
        if curation.centre_of(request.user) is not None:
            return [*self.readonly_fields, "facilitators"]
        return self.readonly_fields

    def scoped_or_404(self, request, object_id):
        """simple-history's views look a group up in its history, not in the change list:
        held to the region here, another region's group is as unknown as a wrong id."""
        group = self.get_object(request, unquote(object_id))
        if group is None and curation.centre_of(request.user) is not None:
            raise Http404
        return group

    def history_view(self, request, object_id, extra_context=None):
        group = self.scoped_or_404(request, object_id)
        entries = history.group_entries(group) if group is not None else []
        return super().history_view(
            request, object_id, {**(extra_context or {}), "entries": entries}
        )

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self.scoped_or_404(request, object_id)
        return super().history_form_view(request, object_id, version_id, extra_context)

    fieldsets = [
        (
            _("About"),
            {"fields": ["name", "slug", "description_language", "languages", "description"]},
        ),
        (_("Themes and audience"), {"fields": ["themes", "audience", "led_by"]}),
        (
            _("Place"),
            {
                "fields": [
                    "format",
                    "canton",
                    "postcode",
                    "locality",
                    "meeting_place",
                    "accessibility",
                ]
            },
        ),
        (
            _("Schedule"),
            {
                "fields": [
                    "frequency",
                    "weekday",
                    "week_of_month",
                    ("start_time", "end_time"),
                    "schedule_note",
                    "cost",
                ]
            },
        ),
        (
            _("Status and publication"),
            {"fields": ["publication", "status", "last_confirmed", "centre", "facilitators"]},
        ),
        (
            _("Contact"),
            {
                "fields": ["contact_email"],
                "description": _("Seen only here, by admins: never shown on the site."),
            },
        ),
        (_("Housekeeping"), {"fields": ["ref", "is_demo", "created_at", "updated_at"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("themes")

    @admin.display(description=_("canton"), ordering="canton__code")
    def canton_code(self, group):
        return group.canton.code if group.canton else None

    @admin.display(description=_("themes"))
    def theme_names(self, group):
        # From the prefetch: any filtering or ordering here would cost a query per row.
        return ", ".join(theme.name for theme in group.themes.all())

    @admin.display(description=_("last confirmed"), ordering="last_confirmed")
    def confirmation(self, group):
        state = group.confirmation_state()
        confirmed = group.last_confirmed
        if state == Confirmation.RECENT:
            return confirmed
        warning = _("over 12 months") if state == Confirmation.FLAGGED else _("hidden")
        return format_html(
            '<img src="{}" alt=""> {} <strong>{}</strong>',
            static("admin/img/icon-alert.svg"),
            formats.localize(confirmed) if confirmed else _("never"),
            warning,
        )

    # Bulk actions. They update in one statement (nothing they change feeds the search index,
    # so skipping the save signals is safe) and record a version of each group they changed.

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        content_changed()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        content_changed()

    def change_groups(self, request, queryset, reason, changing=None, **values):
        """Set `values` on the selected groups that do not have them yet (or on those of
        `changing`); return how many."""
        changing = queryset.exclude(**values) if changing is None else changing
        ids = list(changing.values_list("pk", flat=True))
        count = Group.objects.filter(pk__in=ids).update(**values, updated_at=timezone.now())
        history.record_versions(ids, user=request.user, reason=reason)
        content_changed()  # an update sends no signal: public pages must not show the old state
        return count

    def change_and_report(self, request, queryset, message, reason, changing=None, **values):
        """Change the selected groups and say how many changed, in a message that takes the
        count (an ngettext_lazy with "count" as its number)."""
        count = self.change_groups(request, queryset, reason, changing, **values)
        self.message_user(request, message % {"count": count}, messages.SUCCESS)

    @admin.action(description=_("Publish the selected groups"), permissions=["change"])
    def publish(self, request, queryset):
        published = ngettext_lazy(
            "%(count)d group published.", "%(count)d groups published.", "count"
        )
        # A group a member proposed is published by deciding its proposal: its proposer
        # becomes its facilitator and is told.
        proposals = list(
            ProposedChange.objects.filter(
                group__in=queryset, is_new_group=True, state=Review.PENDING
            ).select_related("group", "proposed_by")
        )
        for change in proposals:
            editing.apply_change(change, request.user)
        # Publishing a listing vouches for it: confirmed today, or an old draft would be
        # hidden at once for want of a confirmation.
        count = len(proposals) + self.change_groups(
            request,
            queryset,
            history.PUBLISHED,
            changing=queryset.exclude(publication=Publication.PUBLISHED),
            publication=Publication.PUBLISHED,
            last_confirmed=timezone.localdate(),
        )
        self.message_user(request, published % {"count": count}, messages.SUCCESS)

    @admin.action(
        description=_("Unpublish the selected groups (back to draft)"), permissions=["change"]
    )
    def unpublish(self, request, queryset):
        drafted = ngettext_lazy(
            "%(count)d group moved back to draft.", "%(count)d groups moved back to draft.", "count"
        )
        self.change_and_report(
            request, queryset, drafted, history.UNPUBLISHED, publication=Publication.DRAFT
        )

    @admin.action(description=_("Archive the selected groups"), permissions=["change"])
    def archive(self, request, queryset):
        archived = ngettext_lazy("%(count)d group archived.", "%(count)d groups archived.", "count")
        self.change_and_report(
            request, queryset, archived, history.ARCHIVED, publication=Publication.ARCHIVED
        )

    @admin.action(
        description=_("Mark the selected groups as confirmed today"), permissions=["change"]
    )
    def mark_confirmed(self, request, queryset):
        confirmed = ngettext_lazy(
            "%(count)d group marked as confirmed today.",
            "%(count)d groups marked as confirmed today.",
            "count",
        )
        today = timezone.localdate()
        self.change_and_report(
            request, queryset, confirmed, history.MARKED_CONFIRMED, last_confirmed=today
        )

    @admin.action(description=_("Export the selected groups as CSV"), permissions=["view"])
    def export_csv(self, request, queryset):
        # Imported on use: the import/export module is only needed when someone exports.
        from .groups_csv import write_groups_csv

        response = HttpResponse(content_type="text/csv; charset=utf-8")
        filename = f"groups-{timezone.localdate():%Y-%m-%d}.csv"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        # Without BOM, so the file imports back unchanged. The writer fetches themes its own way:
        # drop the change list's prefetch rather than load them twice.
        write_groups_csv(queryset.prefetch_related(None), response)
        return response


@admin.register(ProposedChange)
class ProposedChangeAdmin(RegionScoped, admin.ModelAdmin):
    """A facilitator's new name or themes: read, write a reply if needed, then apply or decline
    from the list (the group changes, with a version by the curator; the facilitator is told)."""

    list_display = ["group", "summary", "proposed_by", "state", "created_at"]
    list_select_related = ["group", "proposed_by"]
    list_filter = ["state", "is_new_group", ThroughGroupRegionFilter, "created_at"]
    region_through = "group__"
    search_fields = ["group__name", "group__ref", "name"]
    fields = [
        "group",
        "is_new_group",
        "current",
        "name",
        "changes_themes",
        "new_themes",
        "proposed_by",
        "created_at",
        "state",
        "decided_by",
        "decided_at",
        "reply",
    ]
    readonly_fields = [f for f in fields if f != "reply"]
    actions = ["apply", "decline"]

    def has_add_permission(self, request):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("themes", "group__themes")

    @admin.display(description=_("proposed"))
    def summary(self, change):
        if change.is_new_group:
            return _("a new group, to publish")
        parts = []
        if change.name:
            parts.append(_("name: %(name)s") % {"name": change.name})
        if change.changes_themes:
            names = ", ".join(theme.name for theme in change.themes.all())
            parts.append(_("themes: %(themes)s") % {"themes": names})
        return "; ".join(parts)

    @admin.display(description=_("now"))
    def current(self, change):
        names = ", ".join(theme.name for theme in change.group.themes.all())
        return f"{change.group.name} · {names}"

    @admin.display(description=_("new themes"))
    def new_themes(self, change):
        return (
            ", ".join(theme.name for theme in change.themes.all()) if change.changes_themes else ""
        )

    def _decide(self, request, queryset, decide, message):
        pending = list(queryset.filter(state=Review.PENDING).select_related("group"))
        for change in pending:
            decide(change, request.user)
        self.message_user(request, message % {"count": len(pending)}, messages.SUCCESS)

    @admin.action(description=_("Apply the selected proposals"), permissions=["change"])
    def apply(self, request, queryset):
        applied = ngettext_lazy(
            "%(count)d proposal applied.", "%(count)d proposals applied.", "count"
        )
        self._decide(request, queryset, editing.apply_change, applied)

    @admin.action(description=_("Decline the selected proposals"), permissions=["change"])
    def decline(self, request, queryset):
        declined = ngettext_lazy(
            "%(count)d proposal declined.", "%(count)d proposals declined.", "count"
        )
        self._decide(request, queryset, editing.decline_change, declined)


class HandledFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "handled"

    def lookups(self, request, model_admin):
        return [("no", _("to handle")), ("yes", _("handled"))]

    def queryset(self, request, queryset):
        if self.value() in ("no", "yes"):
            return queryset.filter(handled_at__isnull=self.value() == "no")
        return queryset


@admin.register(Report)
class ReportAdmin(RegionScoped, admin.ModelAdmin):
    """A visitor's word that a listing is out of date: check it with the group, correct the
    group (its link is on the report), then mark the report handled."""

    region_through = "group__"
    list_display = ["group", "reason", "created_at", "handled_at", "handled_by"]
    list_select_related = ["group", "handled_by"]
    list_filter = [HandledFilter, "reason", ThroughGroupRegionFilter, "created_at"]
    search_fields = ["group__name", "group__ref", "text"]
    fields = [
        "group",
        "reason",
        "text",
        "email",
        "language",
        "created_at",
        "handled_at",
        "handled_by",
    ]
    readonly_fields = fields
    actions = ["mark_handled"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Mark the selected reports as handled"), permissions=["change"])
    def mark_handled(self, request, queryset):
        handled = ngettext_lazy(
            "%(count)d report marked as handled.", "%(count)d reports marked as handled.", "count"
        )
        count = reports.mark_handled(queryset, request.user)
        self.message_user(request, handled % {"count": count}, messages.SUCCESS)


# What members and visitors wrote: personal data, shown to admins but never edited by them.


class SensitiveDataAdmin(admin.ModelAdmin):
    """View-only: these rows are what a person sent, with their consent, to a group. Decisions
    and deliveries belong to the site's own workflow (which notifies the people concerned), so
    an admin may read or delete a row, never add or rewrite one."""

    change_list_template = "admin/sensitive_change_list.html"
    sensitive_notice = _(
        "Personal data: what people wrote to a group, in confidence. Open an entry only when "
        "you need to, and never copy it elsewhere."
    )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        extra_context = {"sensitive_notice": self.sensitive_notice, **(extra_context or {})}
        return super().changelist_view(request, extra_context)


@admin.register(JoinRequest)
class JoinRequestAdmin(RegionScoped, SensitiveDataAdmin):
    # Centre staff have no permission here (curation.CENTRE_STAFF_PERMISSIONS): scoped all
    # the same, should one ever be given.
    region_through = "group__"
    list_display = ["group", "member", "status", "waiting_list", "created_at", "decided_at"]
    list_select_related = ["group", "member"]
    list_filter = ["status", "waiting_list", "created_at", "decided_at"]
    search_fields = ["group__name", "group__ref", "member__email"]
    fieldsets = [
        (None, {"fields": ["group", "status", "waiting_list", "created_at", "decided_at"]}),
        (
            _("Personal data"),
            {
                "fields": ["member", "consent", "message", "decision_message"],
                "description": SensitiveDataAdmin.sensitive_notice,
            },
        ),
    ]


class DeliveryFilter(admin.SimpleListFilter):
    """The state of the emails a message or request caused: what a curator checks first when
    someone says their message went unanswered."""

    title = _("delivery")
    parameter_name = "delivery"

    def lookups(self, request, model_admin):
        return [
            ("failed", _("an email failed")),
            ("waiting", _("waiting to be sent")),
            ("sent", _("all sent")),
        ]

    def queryset(self, request, queryset):
        failed = Q(emails__status=STATUS.failed)
        waiting = Q(emails__status__in=[STATUS.queued, STATUS.requeued])
        if self.value() == "failed":
            return queryset.filter(pk__in=queryset.filter(failed).values("pk"))
        if self.value() == "waiting":
            return queryset.filter(pk__in=queryset.filter(waiting).values("pk"))
        if self.value() == "sent":
            return queryset.exclude(pk__in=queryset.filter(failed | waiting).values("pk"))
        return queryset


def delivery_summary(obj):
    """E.g. "2 sent, 1 waiting" from the prefetched emails."""
    # Own context: "sent" is also the label of a message's date, which other languages word
    # differently from a count of emails.
    names = {
        STATUS.sent: pgettext("emails counted", "sent"),
        STATUS.failed: pgettext("emails counted", "failed"),
    }
    counts = {}
    for email in obj.emails.all():
        label = names.get(email.status, pgettext("emails counted", "waiting"))
        counts[label] = counts.get(label, 0) + 1
    return ", ".join(f"{n} {label}" for label, n in counts.items()) or "–"


@admin.register(ContactMessage)
class ContactMessageAdmin(RegionScoped, SensitiveDataAdmin):
    region_through = "group__"
    list_display = ["sender_name", "group", "delivery", "created_at"]
    list_select_related = ["group"]
    list_filter = [DeliveryFilter, ThroughGroupRegionFilter, "created_at"]
    search_fields = ["group__name", "group__ref", "sender_email"]
    readonly_fields = ["delivery"]
    fieldsets = [
        (None, {"fields": ["group", "language", "delivery", "relayed_to", "created_at"]}),
        (
            _("Personal data"),
            {
                "fields": ["sender_name", "sender_email", "text"],
                "description": SensitiveDataAdmin.sensitive_notice,
            },
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("emails")

    @admin.display(description=_("delivery"))
    def delivery(self, obj):
        return delivery_summary(obj)
