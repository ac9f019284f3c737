"""Authentication backends whose permissions know the centre-staff role.

Django grants a permission when any backend grants it, so both backends the site signs in with
(Django's, for the admin's password check, and allauth's, for the site's login) hold centre staff
to the role's permissions: a permission group or a user permission given to such an account by
mistake gives it nothing more.
"""

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend

from groups.curation import CENTRE_STAFF_PERMISSIONS, centre_of


class RolePermissions:
    def get_user_permissions(self, user_obj, obj=None):
        if centre_of(user_obj) is not None:
            return set()
        return super().get_user_permissions(user_obj, obj)

    def get_group_permissions(self, user_obj, obj=None):
        if centre_of(user_obj) is not None:
            return set()
        return super().get_group_permissions(user_obj, obj)

    def get_all_permissions(self, user_obj, obj=None):
        if centre_of(user_obj) is not None:
            # Object permissions are not used by this site (as in Django's own backend).
            return set(CENTRE_STAFF_PERMISSIONS) if obj is None else set()
        return super().get_all_permissions(user_obj, obj)


class ModelBackend(RolePermissions, DjangoModelBackend):
    pass


class AuthenticationBackend(RolePermissions, AllauthBackend):
    pass
