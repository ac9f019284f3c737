"""The facets of the group list, in one registry: what each filter is called in the address,
how a person reads it, its values, how it widens, and how its options are counted.

The filter set (groups.search.filters), the counts (below), the filter panel, the chips and the
notices about values left out (groups.views.search) all read FACETS: a new facet is one entry
here (and, for a facet of a new kind, the code of that kind).
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from ..models import Audience, Format, GroupLanguage, LedBy, MembershipStatus, TimeOfDay, Weekday

# How a facet's options are counted.
COLUMN = "column"  # one value per group, in a column
ARRAY = "array"  # several values per group, in an array column
TIME = "time"  # the part of the day a group's meetings start in (models.time_of_day)
THEMES = "themes"  # through the theme links, per theme and per category
PLACE = None  # where distances are measured from, and how far: no options to count


@dataclass(frozen=True)
class Facet:
    name: str  # the GET parameter, part of the public contract
    label: object  # how a notice names it: "We did not recognise the <label> ..."
    counted: str | None
    column: str = ""
    legend: object = None  # the filter panel's heading, for the facets of fixed choices
    choices: type | None = None  # a TextChoices class
    multiple: bool = False  # repeatable in the address (?theme=a&theme=b)
    # Choosing a value keeps the groups of these values too: a visitor who is affected also
    # finds the groups open to both; one who wants to meet in person, the hybrid groups.
    widens: tuple = ()
    # What the panel says under the legend of a facet that widens: why the counts of its
    # options add up to more than the results.
    hint: object = None

    def matches(self, value):
        """The stored values that choosing `value` keeps."""
        return dict(self.widens).get(value, (value,))


FACETS = (
    Facet("theme", _("theme"), THEMES, multiple=True),
    Facet("canton", _("canton"), COLUMN, column="canton_id", multiple=True),
    Facet("postcode", _("postcode or locality"), PLACE),
    Facet("near", _("position"), PLACE),
    Facet("radius", _("distance"), PLACE),
    Facet(
        "language",
        _("language"),
        ARRAY,
        column="languages",
        legend=_("Meeting language"),
        choices=GroupLanguage,
    ),
    Facet(
        "audience",
        _("audience"),
        COLUMN,
        column="audience",
        legend=_("For whom"),
        choices=Audience,
        widens=(
            (Audience.AFFECTED, (Audience.AFFECTED, Audience.BOTH)),
            (Audience.RELATIVES, (Audience.RELATIVES, Audience.BOTH)),
        ),
        hint=_("A group open to people affected and to relatives is counted under both."),
    ),
    Facet(
        "format",
        _("format"),
        COLUMN,
        column="format",
        legend=_("Format"),
        choices=Format,
        widens=(
            (Format.IN_PERSON, (Format.IN_PERSON, Format.HYBRID)),
            (Format.ONLINE, (Format.ONLINE, Format.HYBRID)),
        ),
        hint=_("A group meeting in person and online is counted under both."),
    ),
    Facet(
        "led_by", _("leadership"), COLUMN, column="led_by", legend=_("Leadership"), choices=LedBy
    ),
    Facet(
        "status",
        _("status"),
        COLUMN,
        column="status",
        legend=_("Membership"),
        choices=MembershipStatus,
    ),
    Facet("weekday", _("weekday"), COLUMN, column="weekday", legend=_("Weekday"), choices=Weekday),
    Facet(
        "time",
        _("time of day"),
        TIME,
        column="start_time",
        legend=_("Time of day"),
        choices=TimeOfDay,
    ),
)
BY_NAME = {facet.name: facet for facet in FACETS}
COUNTED = tuple(facet.name for facet in FACETS if facet.counted)
CHOICE_FACETS = tuple(facet for facet in FACETS if facet.choices)


def option_count(counts, name, value):
    """The number of groups an option would give, with the same widening as the filter."""
    raw = counts.get(name, {})
    return sum(raw.get(str(stored), 0) for stored in BY_NAME[name].matches(value))


# ---- Counting, over the in-memory index (groups.search.index) ---------------------------


def count_options(index, base, names):
    """How many groups of `base` (a set of index positions) fall under each value of each
    named facet: {facet: {value: count}}; theme counts come as {"theme": {id: n}} for themes
    and {"category": {id: n}} for categories (a group counted once per category)."""
    counts = {}
    for name in names:
        facet = BY_NAME[name]
        kinds = ("theme", "category") if facet.counted == THEMES else (name,)
        for kind in kinds:
            counts[kind] = {
                value: base.intersection_cardinality(bitmap)
                for value, bitmap in index.values.get(kind, {}).items()
            }
    return counts
