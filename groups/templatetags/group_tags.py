from django import template
from django.utils.formats import localize
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from .. import schedule

register = template.Library()


@register.filter
def schedule_text(group):
    """The group's rhythm and hours in the visitor's language."""
    return schedule.describe(group)


@register.simple_tag
def theme_choices(options):
    """The <option>s of the theme filter: a category (all of its themes), then its themes.
    Written here rather than in a template loop: two hundred options, on every list page."""
    html = []
    for category in options:
        html.append(format_html('<optgroup label="{}">', category["name"]))
        label = _("All of %(name)s (%(n)s)") % {
            "name": category["name"],
            "n": localize(category["count"]),
        }
        html.append(_option(category, label))
        html += [
            _option(theme, f"{theme['name']} ({localize(theme['count'])})")
            for theme in category["children"]
        ]
        html.append(mark_safe("</optgroup>"))
    return mark_safe("".join(html))


def _option(entry, label):
    selected = mark_safe(" selected") if entry["selected"] else ""
    return format_html('<option value="{}"{}>{}</option>', entry["slug"], selected, label)
