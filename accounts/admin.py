from allauth.mfa.admin import AuthenticatorAdmin
from allauth.mfa.models import Authenticator
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group as AuthGroup
from django.utils.translation import gettext_lazy as _

from .models import PermissionGroup, SecondFactor, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = [
        "email",
        "display_name",
        "preferred_language",
        "is_staff",
        "centre",
        "is_active",
        "date_joined",
    ]
    list_select_related = ["centre"]
    list_filter = ["is_staff", "is_superuser", "centre", "is_active", "preferred_language"]
    search_fields = ["email", "display_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Profile"), {"fields": ["display_name", "preferred_language"]}),
        (
            _("Permissions"),
            {
                "fields": [
                    "is_active",
                    "is_staff",
                    "centre",
                    "is_superuser",
                    "groups",
                    "user_permissions",
                ]
            },
        ),
        (_("Important dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    # "usable_password" lets an admin open an account without a password: the person then sets
    # one through the password reset, so the admin never knows it.
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": ["email", "usable_password", "password1", "password2"],
            },
        ),
    ]


# Django's "Groups" of permissions, renamed beside the self-help groups.
admin.site.unregister(AuthGroup)


@admin.register(PermissionGroup)
class PermissionGroupAdmin(BaseGroupAdmin):
    pass


# allauth's authenticators, under a translated name beside the accounts.
admin.site.unregister(Authenticator)


@admin.register(SecondFactor)
class SecondFactorAdmin(AuthenticatorAdmin):
    pass
