"""Forms of the join-request pages: asking to join, and a facilitator's answer."""

from django import forms
from django.utils.translation import gettext_lazy as _

MESSAGE_MAX_LENGTH = 2000


class JoinRequestForm(forms.Form):
    message = forms.CharField(
        label=_("Your message (optional)"),
        help_text=_(
            "A few words about you or your questions, if you like. "
            "Share only what you are comfortable with."
        ),
        required=False,
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    consent = forms.BooleanField(
        label=_("I agree that the people who run this group see my name and email address."),
        help_text=_("They need them to answer you. Nobody else sees your request."),
        error_messages={
            "required": _(
                "Without your agreement we cannot send your request: please tick the box."
            )
        },
    )


class DecisionForm(forms.Form):
    """Accept or decline, with an optional reply. The two buttons of the form carry the choice."""

    ACCEPT = "accept"
    DECLINE = "decline"

    decision = forms.ChoiceField(
        choices=[(ACCEPT, _("Accept")), (DECLINE, _("Decline"))],
        # The value comes from the button pressed; nothing of it is drawn on the page.
        widget=forms.HiddenInput,
        error_messages={"required": _("Choose whether to accept or decline the request.")},
    )
    reply = forms.CharField(
        label=_("Your reply (optional)"),
        help_text=_(
            "Sent to the member by email. If you accept, say how and where to meet: "
            "the member can answer you directly."
        ),
        required=False,
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    @property
    def accepts(self):
        return self.cleaned_data["decision"] == self.ACCEPT
