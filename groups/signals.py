"""Keep the search index in step with the rows it is made of.

Bulk paths (bulk_create, queryset.update, raw SQL) send no signals: the demo generator and the
CSV import call groups.search.indexing.refresh_groups() themselves.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from .models import Group, MeetingBreak, Theme
from .search import indexing


@receiver(post_save, sender=Group)
def group_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        indexing.group_changed([instance.pk])


@receiver(m2m_changed, sender=Group.themes.through)
def group_themes_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if not reverse:
        indexing.group_changed([instance.pk])
    elif pk_set:
        indexing.group_changed(pk_set)
    else:  # theme.groups.clear(): the removed groups are no longer known; refresh the theme's old
        indexing.theme_changed([instance.pk])


@receiver(post_save, sender=Theme)
@receiver(post_delete, sender=Theme)
def theme_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        indexing.theme_changed([instance.pk])


@receiver(post_save, sender=MeetingBreak)
@receiver(post_delete, sender=MeetingBreak)
def break_saved(sender, instance, raw=False, **kwargs):
    # The next meeting dates (the group page, the order by next meeting) skip the breaks.
    if not raw:
        indexing.group_changed([instance.group_id])
