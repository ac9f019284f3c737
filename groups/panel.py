"""The options of the group list's filter panel: the themes by category, the cantons and the
facets of fixed choices, each with its count.

About 270 options on every list page: written as template loops they cost more than
everything else the page does at 100,000 groups (issue 9, docs/performance.md). Here each
option's escaped label is made once per version of the taxonomy and language, and a request
only adds its counts and what is chosen.

Escaping is the standard library's html.escape, which Django's escape() wraps.
"""

from html import escape

from django.conf import settings
from django.utils.formats import localize
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from .search.facets import CHOICE_FACETS, option_count

SELECTED = " selected"
CHECKED = " checked"


def number(count):
    """A count as localize() writes it: digits grouped only with USE_THOUSAND_SEPARATOR, and
    below 1000 there is nothing to group."""
    if count < 1000 or not settings.USE_THOUSAND_SEPARATOR:
        return str(count)
    return localize(count)


def theme_options(taxonomy, counts, selected):
    """The <option>s of the theme filter: each category that gives results or is chosen, as
    an <optgroup> opening with "All of <category> (n)", then its themes that do."""
    themes, categories = counts.get("theme", {}), counts.get("category", {})
    chosen = set(selected)
    html = []
    for (pk, slug, name), children in _theme_tree(taxonomy):
        count = categories.get(pk, 0)
        shown = [
            _option(theme_slug, f"{theme_name} ({number(n)})", chosen)
            for theme_pk, theme_slug, theme_name in children
            if (n := themes.get(theme_pk, 0)) or theme_slug in chosen
        ]
        if not (count or slug in chosen or shown):
            continue
        everything = escape(_("All of %(name)s (%(n)s)") % {"name": "\0", "n": number(count)})
        html.append(f'<optgroup label="{name}">')
        html.append(_option(slug, everything.replace("\0", name), chosen))
        html += shown
        html.append("</optgroup>")
    return mark_safe("".join(html))


def _theme_tree(taxonomy):
    """[((category id as the counts key it, slug, escaped name), [(the same of each theme)])]
    in the current language's order: made once per taxonomy and language."""

    def make():
        names = taxonomy.escaped_names()

        def entry(theme):
            return (str(theme.pk), theme.slug, names[theme.pk])

        return [
            (entry(category), [entry(theme) for theme in taxonomy.children.get(category.pk, [])])
            for category in taxonomy.categories
        ]

    return taxonomy.in_language("panel", make)


def canton_options(taxonomy, counts, selected):
    """The <option>s of the canton filter: every canton, in the language's order."""
    canton_counts = counts.get("canton", {})
    chosen = set(selected)
    html = [
        _option(
            canton.code,
            f"{escape(canton.name)} ({number(canton_counts.get(str(canton.pk), 0))})",
            chosen,
        )
        for canton in taxonomy.cantons_sorted()
    ]
    return mark_safe("".join(html))


def choice_facets(counts, data):
    """The facets of fixed choices (language, audience, format...): a legend, "Any", and a
    radio button per choice with its count."""
    facets = []
    for facet in CHOICE_FACETS:
        value = data.get(facet.name)
        radios = [
            _radio(facet.name, "", _("Any"), checked=not value),
            *(
                _radio(
                    facet.name,
                    choice,
                    label,
                    checked=value == choice,
                    count=option_count(counts, facet.name, choice),
                )
                for choice, label in facet.choices.choices
            ),
        ]
        facets.append(
            {
                "name": facet.name,
                "legend": facet.legend,
                "hint": facet.hint,
                "choices": mark_safe("".join(radios)),
            }
        )
    return facets


def _option(value, label, chosen):
    """`label` is escaped already."""
    selected = SELECTED if value in chosen else ""
    return f'<option value="{escape(value)}"{selected}>{label}</option>'


def _radio(name, value, label, checked, count=None):
    counted = "" if count is None else f' <span class="count">({number(count)})</span>'
    return (
        f'<label class="choice"><input type="radio" name="{name}" value="{escape(value)}"'
        f"{CHECKED if checked else ''} data-autosubmit> {escape(str(label))}{counted}</label>"
    )
