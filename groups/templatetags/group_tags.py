from django import template

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
