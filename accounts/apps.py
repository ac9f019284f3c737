from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    # Not "Accounts": allauth's own section (email addresses) is called so.
    verbose_name = _("People and permissions")

    def ready(self):
        from django.contrib import admin

        from .views import admin_login

        # The admin's own login form would bypass allauth's rate limits and two-factor step:
        # its login page sends people to allauth's instead. The two-factor rule for staff is
        # in accounts.middleware.
        admin.site.login = admin_login
