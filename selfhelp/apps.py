from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SelfhelpConfig(AppConfig):
    name = "selfhelp"
    verbose_name = _("Site content")

    def ready(self):
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from groups.models import Canton, Centre, Group, Theme

        from . import checks  # noqa: F401  (registers the system checks)
        from .models import Page
        from .pagecache import content_changed

        # Whatever the public pages show: a change to any of it makes every cached page stale.
        for model in (Group, Theme, Canton, Centre, Page):
            post_save.connect(content_changed, sender=model, dispatch_uid=f"page-cache-{model}")
            post_delete.connect(content_changed, sender=model, dispatch_uid=f"page-cache-d-{model}")
        for through in (Group.themes.through, Group.facilitators.through, Centre.cantons.through):
            m2m_changed.connect(
                content_changed, sender=through, dispatch_uid=f"page-cache-{through}"
            )
