from django import template

from .. import schedule

register = template.Library()


@register.filter
def schedule_text(group):
    """The group's rhythm and hours in the visitor's language."""
    return schedule.describe(group)
