"""The theme tree and the cantons, loaded in two queries and sorted for the current language."""

from functools import cached_property

from .models import Canton, Theme
from .search.text import normalize


def alphabetical(items, key=lambda item: item.name):
    """Sort as a reader expects: accents and case ignored ("Épilepsie" among the E's)."""
    return sorted(items, key=lambda item: (normalize(key(item)), key(item)))


class Taxonomy:
    def __init__(self):
        self.themes = list(Theme.objects.only(*_theme_fields()))
        self.by_slug = {theme.slug: theme for theme in self.themes}
        self.by_id = {theme.pk: theme for theme in self.themes}
        self.cantons = {canton.code: canton for canton in Canton.objects.all()}
        self.canton_by_id = {canton.pk: canton for canton in self.cantons.values()}

    @cached_property
    def children(self):
        children = {}
        for theme in self.themes:
            if theme.parent_id:
                children.setdefault(theme.parent_id, []).append(theme)
        return {pk: alphabetical(items) for pk, items in children.items()}

    @cached_property
    def categories(self):
        return alphabetical(theme for theme in self.themes if theme.parent_id is None)

    def cantons_sorted(self):
        return alphabetical(self.cantons.values())


def _theme_fields():
    from django.conf import settings

    fields = ["slug", "parent_id", "is_rare", "is_featured"]
    fields += [f"name_{code}" for code in settings.SITE_LANGUAGES]
    return fields
