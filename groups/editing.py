"""A facilitator keeps their group true: the practical facts, which show at once; the name and
the themes, which decide where the group is found and go to its centre for review first; and
the breaks in meetings, which the next dates and the calendar skip.

Any of these edits counts as confirming the listing (it starts the year again). Everything is
stored before any email is queued, in one transaction (groups.mail).
"""

from django import forms
from django.core.validators import MaxLengthValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import mail
from .models import (
    Canton,
    Format,
    Frequency,
    Group,
    GroupLanguage,
    MeetingBreak,
    ProposedChange,
    Publication,
    Review,
    Theme,
)
from .search import places

DESCRIPTION_MAX = 5000


class LanguagesField(forms.MultipleChoiceField):
    """Meeting languages as checkboxes, in a fixed order."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        super().__init__(choices=GroupLanguage.choices, **kwargs)


def ordered_languages(description_language, languages):
    """The stored form of a group's languages: the description's first, then the others in
    the order of GroupLanguage."""
    others = [code for code in GroupLanguage.values if code in languages]
    return [description_language, *(code for code in others if code != description_language)]


class LanguagesForm(forms.Form):
    """A group form's languages: the description's language, and the meeting languages as
    checkboxes, stored description language first. Mixed into a model form of Group (the
    facilitator's and the admin's)."""

    description_language = forms.ChoiceField(
        label=_("Language of the description"), choices=GroupLanguage.choices
    )
    languages = LanguagesField(label=_("Meeting languages"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        languages = self.instance.languages or []
        self.fields["description_language"].initial = languages[0] if languages else ""
        self.fields["languages"].initial = languages

    def clean(self):
        data = super().clean()
        if "languages" in data and "description_language" in data:
            data["languages"] = ordered_languages(data["description_language"], data["languages"])
        return data


class FactsForm(LanguagesForm, forms.ModelForm):
    """What a facilitator changes at once. The canton follows from the postcode."""

    class Meta:
        model = Group
        fields = [
            "status",
            "description_language",
            "description",
            "languages",
            "format",
            "postcode",
            "locality",
            "meeting_place",
            "accessibility",
            "frequency",
            "weekday",
            "week_of_month",
            "start_time",
            "end_time",
            "schedule_note",
            "cost",
        ]
        widgets = {
            "status": forms.RadioSelect,
            "format": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 8, "maxlength": DESCRIPTION_MAX}),
            "start_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "end_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "postcode": forms.TextInput(
                attrs={"inputmode": "numeric", "autocomplete": "postal-code", "size": 6}
            ),
        }
        help_texts = {
            "description": _("In the language chosen above. What a newcomer should know."),
            "meeting_place": _(
                "Only a public place (a centre, a café, a hall), never a private address. "
                "Leave it empty to give the place when people get in touch."
            ),
            "week_of_month": _("For a group meeting once a month."),
            "schedule_note": _("For example: “except during the school holidays”."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["description"].validators.append(MaxLengthValidator(DESCRIPTION_MAX))
        for name in ("weekday", "week_of_month"):
            self.fields[name].choices = [("", "—"), *self.fields[name].choices[1:]]
        self.fields["format"].choices = Format.choices  # a choice is required: no blank one

    def clean_postcode(self):
        postcode = self.cleaned_data["postcode"].strip()
        if postcode and places.by_postcode(postcode) is None:
            raise forms.ValidationError(_("We do not know this Swiss postcode."))
        return postcode

    def clean(self):
        data = super().clean()
        in_person = data.get("format") != Format.ONLINE
        if in_person:
            for name in ("postcode", "locality"):
                if name in data and not data[name].strip():
                    self.add_error(name, _("A group that meets in person says where."))
        postcode = data.get("postcode")
        if postcode:
            place = places.by_postcode(postcode)
            self.instance.canton = Canton.objects.filter(code=place.canton).first()
        frequency = data.get("frequency")
        if frequency == Frequency.IRREGULAR:
            data["weekday"] = data["week_of_month"] = ""
        elif frequency:
            if "weekday" in data and not data["weekday"]:
                self.add_error("weekday", _("On which day does the group meet?"))
            if frequency != Frequency.MONTHLY:
                data["week_of_month"] = ""
        return data


class NameThemesForm(forms.Form):
    """The name and themes a facilitator proposes; initially the current ones (or the ones
    already waiting for review)."""

    prefix = "proposal"
    name = forms.CharField(label=_("Name of the group"), max_length=200)
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes"),
        queryset=Theme.objects.leaves().select_related("parent").order_by("parent__slug", "name"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one theme.")},
    )

    def __init__(self, *args, group=None, pending=None, **kwargs):
        self.group, self.pending = group, pending
        if group is not None:  # else a new group's, empty
            current = pending_values(pending, group) if pending else current_values(group)
            kwargs.setdefault("initial", {"name": current[0], "themes": sorted(current[1])})
        super().__init__(*args, **kwargs)

    def clean_name(self):
        return " ".join(self.cleaned_data["name"].split())

    def values(self):
        return self.cleaned_data["name"], {theme.pk for theme in self.cleaned_data["themes"]}

    def categories(self):
        """The theme checkboxes by category, for the template: [(category, [checkbox], whether
        one is ticked)], so that only the categories of the group's themes start open."""
        by_category = {}
        for checkbox in self["themes"]:  # one query, the category of each theme joined
            parent = checkbox.data["value"].instance.parent
            by_category.setdefault(parent, []).append(checkbox)
        return [
            (category, boxes, any(box.data["selected"] for box in boxes))
            for category, boxes in by_category.items()
        ]


def current_values(group):
    return group.name, {theme.pk for theme in group.themes.all()}


def pending_values(pending, group):
    """The name and themes `group` would have once its waiting proposal is applied."""
    name, themes = current_values(group)
    if pending.changes_themes:
        themes = {theme.pk for theme in pending.themes.all()}
    return pending.name or name, themes


def pending_change(group):
    return (
        ProposedChange.objects.filter(group=group, state=Review.PENDING)
        .prefetch_related("themes")
        .first()
    )


@transaction.atomic
def save_edit(group, facts, proposal, user, today=None):
    """Save the facts (a new version of the group, by `user`), confirm the listing, and hand a
    new name or new themes to the centre. Returns the proposed change waiting, if any."""
    group = facts.save(commit=False)
    group.last_confirmed = today or timezone.localdate()
    group._history_user = user
    group.save()
    return propose(group, user, *proposal.values())


def propose(group, user, name, theme_ids):
    """Hand a name and themes to review; withdraw the waiting proposal when they are the
    current ones again; leave it when they are what it proposes already."""
    pending = ProposedChange.objects.select_for_update().filter(group=group, state=Review.PENDING)
    pending = pending.first()
    current_name, current_themes = current_values(group)
    if (name, theme_ids) == (current_name, current_themes):
        if pending:
            pending.delete()
        return None
    if pending and pending_values(pending, group) == (name, theme_ids):
        return pending
    change = pending or ProposedChange(group=group)
    change.proposed_by = user
    change.name = name if name != current_name else ""
    change.changes_themes = theme_ids != current_themes
    change.save()
    change.themes.set(theme_ids if change.changes_themes else [])
    centre = mail.curator_recipient(group)
    if centre:
        mail.queue("change_proposed", centre, {"group": group, "change": change})
    return change


@transaction.atomic
def apply_change(change, user):
    """Centre staff agree: the group takes the name and themes (a version by `user`); a new
    group is published, confirmed today, with its proposer as its facilitator."""
    group = change.group
    if change.is_new_group:
        group.publication = Publication.PUBLISHED
        group.last_confirmed = timezone.localdate()
        group._history_user = user
        group.save(update_fields=["publication", "last_confirmed", "updated_at"])
        if change.proposed_by and change.proposed_by.is_active:
            group.facilitators.add(change.proposed_by)
    if change.name:
        group.name = change.name
        group._history_user = user
        group.save(update_fields=["name", "updated_at"])
    if change.changes_themes:
        group._history_user = user
        group.themes.set(change.themes.all())
    _decided(change, user, Review.APPLIED)


@transaction.atomic
def decline_change(change, user):
    """Centre staff decline: nothing changes; a new group goes back to draft, out of the list
    of groups waiting for review."""
    if change.is_new_group:
        group = change.group
        group.publication = Publication.DRAFT
        group._history_user = user
        group.save(update_fields=["publication", "updated_at"])
    _decided(change, user, Review.DECLINED)


def _decided(change, user, state):
    change.state, change.decided_by, change.decided_at = state, user, timezone.now()
    change.save(update_fields=["state", "decided_by", "decided_at"])
    proposer = change.proposed_by
    if proposer and proposer.is_active:
        recipient = mail.Recipient(proposer.email, proposer.preferred_language, user=proposer)
        template = "group_proposal_decided" if change.is_new_group else "change_decided"
        mail.queue(template, recipient, {"group": change.group, "change": change})


class BreakForm(forms.ModelForm):
    """One cancelled meeting (a single day) or a break, once or every year."""

    prefix = "break"

    class Meta:
        model = MeetingBreak
        fields = ["first_day", "last_day", "every_year", "note"]
        widgets = {
            "first_day": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "last_day": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        labels = {
            "first_day": _("First day without a meeting"),
            "last_day": _("Last day without a meeting"),
            "every_year": _("Every year (for example the summer break)"),
            "note": _("Note (optional, shown on the group’s page)"),
        }
        help_texts = {"last_day": _("Leave it empty for a single cancelled meeting."), "note": ""}

    def __init__(self, *args, group, today=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.group = group
        self.today = today or timezone.localdate()
        self.fields["last_day"].required = False

    def clean(self):
        data = super().clean()
        first, last = data.get("first_day"), data.get("last_day")
        if first and not last and "last_day" not in self.errors:
            data["last_day"] = last = first
            self.instance.last_day = last
        if last and not data.get("every_year") and last < self.today:
            self.add_error("last_day", _("This day is already past."))
        return data


@transaction.atomic
def add_break(form, user):
    meeting_break = form.save(commit=False)
    meeting_break._history_user = user
    meeting_break.save()
    _confirm(meeting_break.group, user)
    return meeting_break


@transaction.atomic
def remove_break(meeting_break, user):
    meeting_break._history_user = user
    meeting_break.delete()
    _confirm(meeting_break.group, user)


def _confirm(group, user):
    group._history_user = user
    group.confirm()
