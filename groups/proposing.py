"""Propose a group: a member describes a group that is not listed yet (often one they are
founding); it waits for review by the region's centre, which publishes it (the proposer becomes
its facilitator) or declines it with a word of explanation.

The group is stored at once, as "pending review" (invisible on the site), with a ProposedChange
marked `is_new_group`: the same review as a facilitator's new name or themes, in the same admin
list, decided by editing.apply_change / editing.decline_change.
"""

from django import forms
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import editing, mail
from .models import ProposedChange, Publication, Review, region_centre


class NewGroupForm(editing.FactsForm):
    """The facts of a new group: a facilitator's form, with whom the group is for and who
    leads it. Its name and themes come from editing.NameThemesForm."""

    class Meta(editing.FactsForm.Meta):
        fields = [*editing.FactsForm.Meta.fields, "audience", "led_by"]
        widgets = {
            **editing.FactsForm.Meta.widgets,
            "audience": forms.RadioSelect,
            "led_by": forms.RadioSelect,
        }
        help_texts = {
            **editing.FactsForm.Meta.help_texts,
            "status": _("“Being founded” if the group does not meet yet."),
        }


@transaction.atomic
def propose_group(facts, name_themes, user):
    """Store the new group, pending review, and its proposal; queue the email to the centre."""
    group = facts.save(commit=False)
    group.name, theme_ids = name_themes.values()
    group.publication = Publication.PENDING
    group.last_confirmed = timezone.localdate()
    group.centre = region_centre(group.canton_id)
    group._history_user = user
    group.save()
    group.themes.set(theme_ids)
    change = ProposedChange.objects.create(group=group, proposed_by=user, is_new_group=True)
    centre = mail.curator_recipient(group)
    if centre:
        mail.queue("group_proposed", centre, {"group": group, "change": change})
    return change


def proposals_of(user):
    """The new groups `user` proposed that are not theirs to run (yet): waiting, or declined."""
    return (
        ProposedChange.objects.filter(proposed_by=user, is_new_group=True)
        .exclude(state=Review.APPLIED)
        .select_related("group", "group__centre")
        .order_by("-created_at")
    )
