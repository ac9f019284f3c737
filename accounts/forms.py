from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.core import ratelimit
from django import forms
from django.utils.translation import gettext_lazy as _

from .models import User


class LoginForm(AllauthLoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # allauth puts its "Forgot your password?" link in the password's hint, which the
        # field then announces as its description: the page shows the link after the form.
        self.fields["password"].help_text = ""


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["display_name", "preferred_language"]
        help_texts = {
            "preferred_language": _("The emails we send you are written in this language."),
        }
        widgets = {"display_name": forms.TextInput(attrs={"autocomplete": "nickname"})}


class DeleteAccountForm(forms.Form):
    """Deleting an account cannot be undone: the person confirms it with their password."""

    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request

    def clean_password(self):
        password = self.cleaned_data["password"]
        user = self.request.user
        # A stolen session must not be able to guess its way to the deletion: allauth's
        # re-authentication limit, counted in the shared cache.
        if not ratelimit.consume(self.request, action="reauthenticate", user=user):
            raise forms.ValidationError(_("Too many failed login attempts. Try again later."))
        if not user.check_password(password):
            raise forms.ValidationError(_("Incorrect password."))
        return password
