"""Staff reach the admin only with two-factor authentication."""

from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

# Leaving the admin is always allowed.
OPEN_ADMIN_VIEWS = {"logout"}


class StaffTwoFactorMiddleware:
    """A staff account without an authenticator app is sent to set one up before any admin
    page. Logins of accounts that have one always pass allauth's two-factor step, so every
    admin session has proven both factors (or just proved the second by setting it up)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or "admin" not in match.namespaces:
            return None
        if match.url_name in OPEN_ADMIN_VIEWS:
            return None
        user = request.user
        if not (user.is_authenticated and user.is_staff):
            return None  # the admin (through accounts.views.admin_login) handles them
        if is_mfa_enabled(user, [Authenticator.Type.TOTP]):
            return None
        messages.warning(
            request,
            _(
                "Staff accounts use two-factor authentication to open the admin: "
                "set up an authenticator app first."
            ),
        )
        return redirect("mfa_activate_totp")


class FormErrorStatusMiddleware:
    """allauth answers a form sent back with errors with a 200; the rest of the site answers
    400, so that monitoring, tests and tools see bad input as bad input. Same page, same
    messages: only the status changes."""

    ALLAUTH_VIEWS = ("account_", "mfa_")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_template_response(self, request, response):
        match = request.resolver_match
        is_allauth = match is not None and (match.url_name or "").startswith(self.ALLAUTH_VIEWS)
        if request.method == "POST" and response.status_code == 200 and is_allauth:
            form = (response.context_data or {}).get("form")
            if form is not None and form.is_bound and form.errors:
                response.status_code = 400
        return response
