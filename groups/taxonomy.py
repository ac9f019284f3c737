"""The theme tree and the cantons, loaded in two queries and sorted for the current language.

The index of groups (groups.search.index) keeps one Taxonomy per version of the directory's
content, so that pages read it without a query; each language's sorted lists are made once.
"""

from django.utils.html import escape
from django.utils.translation import get_language

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
        # The themes come in their model's order (slug), as the database sorts them.
        self._slug_rank = {theme.pk: i for i, theme in enumerate(self.themes)}
        self._sorted = {}

    def in_language(self, name, make):
        """What `make()` gives for the current language, made once per taxonomy and language."""
        key = (name, get_language())
        if key not in self._sorted:
            self._sorted[key] = make()
        return self._sorted[key]

    @property
    def children(self):
        def make():
            children = {}
            for theme in self.themes:
                if theme.parent_id:
                    children.setdefault(theme.parent_id, []).append(theme)
            return {pk: alphabetical(items) for pk, items in children.items()}

        return self.in_language("children", make)

    @property
    def categories(self):
        return self.in_language(
            "categories",
            lambda: alphabetical(theme for theme in self.themes if theme.parent_id is None),
        )

    def cantons_sorted(self):
        return self.in_language("cantons", lambda: alphabetical(self.cantons.values()))

    def names(self):
        """{theme id: name} in the current language."""
        return self.in_language("names", lambda: {theme.pk: theme.name for theme in self.themes})

    def escaped_names(self):
        """{theme id: name} in the current language, escaped for HTML."""
        return self.in_language(
            "escaped", lambda: {theme.pk: escape(theme.name) for theme in self.themes}
        )

    def themes_of(self, ids):
        """The names of these themes in the current language, escaped for HTML, in the order
        of their slugs (as a group's page lists them)."""
        escaped, rank = self.escaped_names(), self._slug_rank
        return [escaped[pk] for pk in sorted((pk for pk in ids if pk in rank), key=rank.get)]


def _theme_fields():
    from django.conf import settings

    fields = ["slug", "parent_id", "is_rare", "is_featured"]
    fields += [f"name_{code}" for code in settings.SITE_LANGUAGES]
    return fields
