"""The admin index's "to do" panel: what curators should look at first, with links."""

from django import template
from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from post_office.models import STATUS, Email

from .. import curation
from ..models import (
    Centre,
    Confirmation,
    ContactMessage,
    Group,
    ProposedChange,
    Publication,
    Report,
    Review,
    region,
)

register = template.Library()


@register.inclusion_tag("admin/curation_work.html", takes_context=True)
def curation_work(context):
    """The counts of what to look at, each a link to the change list that shows them (a query
    each); for centre staff, those of their region (as their change lists show them)."""
    user = context["request"].user
    centre = curation.centre_of(user)
    groups = reverse("admin:groups_group_changelist")
    published = f"publication__exact={Publication.PUBLISHED}"

    def in_region(queryset, through=""):
        return queryset if centre is None else queryset.filter(region(centre, through))

    rows = []
    if user.has_perm("groups.view_proposedchange"):
        rows.append(
            (
                _("Names and themes proposed by facilitators, to review"),
                in_region(ProposedChange.objects.filter(state=Review.PENDING), "group__").count(),
                f"{reverse('admin:groups_proposedchange_changelist')}?state__exact={Review.PENDING}",
            ),
        )
    if user.has_perm("groups.view_report"):
        rows.append(
            (
                _("Reports of outdated information, to handle"),
                in_region(Report.objects.filter(handled_at=None), "group__").count(),
                f"{reverse('admin:groups_report_changelist')}?handled=no",
            ),
        )
    if user.has_perm("groups.view_group"):
        listed = in_region(Group.objects.published())
        rows += [
            (
                _("Listings not confirmed for over 12 months"),
                listed.in_confirmation_state(Confirmation.FLAGGED).count(),
                f"{groups}?{published}&confirmed={Confirmation.FLAGGED}",
            ),
            (
                _("Listings hidden: not confirmed for over 18 months"),
                listed.in_confirmation_state(Confirmation.STALE).count(),
                f"{groups}?{published}&confirmed={Confirmation.STALE}",
            ),
        ]
    if centre is not None and user.has_perm("groups.view_contactmessage"):
        # Centre staff do not see the email queue: the messages to their groups that failed.
        failed = ContactMessage.objects.filter(emails__status=STATUS.failed)
        rows.append(
            (
                _("Messages to your groups whose email could not be sent"),
                in_region(
                    ContactMessage.objects.filter(pk__in=failed.values("pk")), "group__"
                ).count(),
                f"{reverse('admin:groups_contactmessage_changelist')}?delivery=failed",
            )
        )
    if user.has_perm("post_office.view_email"):
        rows.append(
            (
                _("Emails that could not be sent"),
                Email.objects.filter(status=STATUS.failed).count(),
                f"{reverse('admin:post_office_email_changelist')}?status__exact={STATUS.failed}",
            )
        )
    regions = []
    if centre is None and user.has_perm("groups.view_group"):
        regions = by_region(
            user.has_perm("groups.view_proposedchange"),
            user.has_perm("groups.view_report"),
            user.has_perm("groups.view_contactmessage"),
        )
    return {"rows": rows, "regions": regions}


def by_region(with_proposals, with_reports, with_messages):
    """For national curators, each centre's region with its work: proposals to review, reports
    to handle, listings flagged and hidden, messages whose email failed, each a link to its
    change list (seven queries, whatever the number of centres and groups: the counts come
    grouped by the group's centre and canton, and are added up here by the rule of
    models.region)."""
    centres = list(Centre.objects.order_by("name").values_list("pk", "name"))
    served = {}
    for centre_id, canton_id in Centre.cantons.through.objects.values_list(
        "centre_id", "canton_id"
    ):
        served.setdefault(centre_id, set()).add(canton_id)

    def tally(queryset, through=""):
        """{centre id: count of the rows in its region}."""
        grouped = (
            queryset.order_by()
            .values_list(f"{through}centre_id", f"{through}canton_id")
            .annotate(n=Count("pk"))
        )
        totals = {}
        for supported_by, canton, n in grouped:
            for pk, _name in centres:
                if supported_by == pk or canton in served.get(pk, ()):
                    totals[pk] = totals.get(pk, 0) + n
        return totals

    published = Group.objects.published()
    columns = [
        (
            _("Not confirmed for over 12 months"),
            "groups_group",
            f"publication__exact={Publication.PUBLISHED}&confirmed={Confirmation.FLAGGED}",
            tally(published.in_confirmation_state(Confirmation.FLAGGED)),
        ),
        (
            _("Hidden"),
            "groups_group",
            f"publication__exact={Publication.PUBLISHED}&confirmed={Confirmation.STALE}",
            tally(published.in_confirmation_state(Confirmation.STALE)),
        ),
    ]
    if with_messages:
        failed = ContactMessage.objects.filter(emails__status=STATUS.failed)
        columns.append(
            (
                _("Messages not delivered"),
                "groups_contactmessage",
                "delivery=failed",
                tally(ContactMessage.objects.filter(pk__in=failed.values("pk")), "group__"),
            )
        )
    if with_reports:
        columns.insert(
            0,
            (
                _("Reports to handle"),
                "groups_report",
                "handled=no",
                tally(Report.objects.filter(handled_at=None), "group__"),
            ),
        )
    if with_proposals:
        pending = ProposedChange.objects.filter(state=Review.PENDING)
        columns.insert(
            0,
            (
                _("Proposals to review"),
                "groups_proposedchange",
                f"state__exact={Review.PENDING}",
                tally(pending, "group__"),
            ),
        )
    return {
        "headings": [label for label, *_rest in columns],
        "rows": [
            (
                name,
                [
                    (
                        counts.get(pk, 0),
                        f"{reverse(f'admin:{model}_changelist')}?{query}&region={pk}",
                    )
                    for _label, model, query, counts in columns
                ],
            )
            for pk, name in centres
        ],
    }
