from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.contrib.auth.models import Group as AuthGroup
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        if not extra_fields["is_staff"] or not extra_fields["is_superuser"]:
            raise ValueError("A superuser must have is_staff and is_superuser set.")
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, email):
        return self.get(email__iexact=email)


class User(AbstractUser):
    """A person with an account: email is the login; a first name or pseudonym is enough."""

    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("email address"), unique=True)
    display_name = models.CharField(
        _("display name"),
        max_length=80,
        blank=True,
        help_text=_("A first name or a pseudonym is enough."),
    )
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=5,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )

    # Set on a staff account, it makes it centre staff: in the admin it curates that centre's
    # region only, with the permissions of groups.curation.CENTRE_STAFF_PERMISSIONS. Protected:
    # deleting the centre must not turn its staff into national curators.
    centre = models.ForeignKey(
        "groups.Centre",
        verbose_name=_("centre"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
        help_text=_(
            "For centre staff: in the admin, this account sees and curates only the groups of "
            "this centre and of the cantons it serves. Leave empty for national curators."
        ),
    )

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_ci_unique"),
            # A superuser passes every permission check: it cannot be held to one region.
            models.CheckConstraint(
                condition=Q(centre=None) | Q(is_superuser=False),
                name="user_centre_staff_not_superuser",
                violation_error_message=_(
                    "A superuser sees every region: leave the centre empty, or take away the "
                    "superuser status."
                ),
            ),
        ]

    def __str__(self):
        return self.display_name or self.email

    def get_full_name(self):
        return self.display_name or self.email

    def get_short_name(self):
        return self.display_name or self.email.split("@")[0]


class PermissionGroup(AuthGroup):
    """Django's groups of permissions, under a name that cannot be mistaken for the self-help
    groups in the admin."""

    class Meta:
        proxy = True
        verbose_name = _("permission group")
        verbose_name_plural = _("permission groups")


class SecondFactor(Authenticator):
    """allauth's authenticators (an app's one-time codes, recovery codes), under a name curators
    read in their language: an admin deletes a lost one so that its owner can set up another."""

    class Meta:
        proxy = True
        verbose_name = _("second factor")
        verbose_name_plural = _("second factors")
