from html import escape

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from .. import cards, schedule

register = template.Library()


@register.filter
def schedule_text(group):
    """The group's rhythm and hours in the visitor's language."""
    return schedule.describe(group)


@register.simple_tag
def group_cards(page_cards):
    """The cards of a page of groups (groups.cards)."""
    return cards.render(page_cards)


@register.simple_tag
def theme_tree(categories):
    """The home page's themes: each category folded (<details>), opening onto a link to all
    of its themes and one to each theme. Two hundred links: written here rather than by a
    template loop reversing each."""
    address = cards.slug_addresses("groups:theme_detail")

    def link(theme, text):
        return f'<li><a href="{escape(address(theme.slug))}">{escape(text)}</a></li>'

    html = []
    for category, themes in categories:
        everything = _("%(name)s: all themes") % {"name": category.name}
        html += [
            f"<li><details><summary>{escape(category.name)}</summary><ul>",
            link(category, everything),
            *(link(theme, theme.name) for theme in themes),
            "</ul></details></li>",
        ]
    return mark_safe("".join(html))
