"""The admin index's "to do" panel: what curators should look at first, with links."""

from django import template
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from post_office.models import STATUS, Email

from ..models import Confirmation, Group, ProposedChange, Publication, Review

register = template.Library()


@register.inclusion_tag("admin/curation_work.html", takes_context=True)
def curation_work(context):
    """Four counts, each a link to the change list that shows them (four queries)."""
    user = context["request"].user
    groups = reverse("admin:groups_group_changelist")
    published = f"publication__exact={Publication.PUBLISHED}"
    rows = []
    if user.has_perm("groups.view_group"):
        rows += [
            (
                _("Listings not confirmed for over 12 months"),
                Group.objects.published().in_confirmation_state(Confirmation.FLAGGED).count(),
                f"{groups}?{published}&confirmed={Confirmation.FLAGGED}",
            ),
            (
                _("Listings hidden: not confirmed for over 18 months"),
                Group.objects.published().in_confirmation_state(Confirmation.STALE).count(),
                f"{groups}?{published}&confirmed={Confirmation.STALE}",
            ),
        ]
    if user.has_perm("groups.view_proposedchange"):
        rows.insert(
            0,
            (
                _("Names and themes proposed by facilitators, to review"),
                ProposedChange.objects.filter(state=Review.PENDING).count(),
                f"{reverse('admin:groups_proposedchange_changelist')}?state__exact={Review.PENDING}",
            ),
        )
    if user.has_perm("post_office.view_email"):
        rows.append(
            (
                _("Emails that could not be sent"),
                Email.objects.filter(status=STATUS.failed).count(),
                f"{reverse('admin:post_office_email_changelist')}?status__exact={STATUS.failed}",
            )
        )
    return {"rows": rows}
