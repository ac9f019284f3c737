"""The group list's filters, built from the registry of facets (groups.search.facets) and
answered by the in-memory index (groups.search.index).

The GET parameters are a public contract (partner sites link to them): q, theme (slug,
repeatable), canton (code, repeatable), postcode, near, radius, language, audience, format,
led_by, status, weekday, time, sort, page. Unknown values are dropped and reported, never an
error.
"""

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from pyroaring import BitMap

from . import places
from .facets import BY_NAME, COUNTED, FACETS, PLACE, THEMES, count_options

SORTS = {
    "relevance": gettext_lazy("Relevance"),
    "name": gettext_lazy("Name"),
    "distance": gettext_lazy("Distance"),
    "next": gettext_lazy("Next meeting"),
    "newest": gettext_lazy("Newest"),
}
# The longest place name a visitor may type (postcode or locality).
PLACE_MAX_LENGTH = 80
# The distances offered around a place, in km; any whole number up to the largest is accepted.
RADII = (5, 10, 25, 50)
DEFAULT_RADIUS = 10
# "near=46.52,6.63": a position rounded to two decimals (about a kilometre), as the page's
# "near me" button sends it. More decimals are rounded here: the page never holds more.
NEAR_PATTERN = re.compile(r"^\s*(-?\d{1,2}(?:\.\d+)?)\s*,\s*(-?\d{1,3}(?:\.\d+)?)\s*$")


@dataclass(frozen=True)
class Near:
    """A visitor's rounded position, given by the "near me" button."""

    latitude: float
    longitude: float

    @property
    def point(self):
        return (self.latitude, self.longitude)

    @property
    def param(self):
        return f"{self.latitude:.2f},{self.longitude:.2f}"


@dataclass
class CleanParams:
    """The request's filter parameters with unknown values dropped, and what was dropped.

    `place` is where distances are measured from: the Place of `postcode`, else the Near of
    `near`, else None; `unknown_place` says that a postcode or locality was not recognised.
    """

    data: dict
    ignored: list = field(default_factory=list)
    place: object = None
    unknown_place: bool = False

    def active(self, name):
        value = self.data.get(name)
        return bool(value) if not isinstance(value, list) else bool([v for v in value if v])

    @property
    def radius(self):
        return self.data.get("radius", DEFAULT_RADIUS)


def clean_params(query_dict, taxonomy):
    """Keep only known parameter values; say politely what was ignored."""
    data, ignored = {}, []
    for facet in FACETS:
        if facet.multiple:
            values = [v.strip() for v in query_dict.getlist(facet.name) if v.strip()]
            if facet.counted == THEMES:
                known = taxonomy.by_slug
            else:  # cantons: their codes, whatever the case a link used
                values, known = [v.upper() for v in values], taxonomy.cantons
            kept = list(dict.fromkeys(v for v in values if v in known))
            ignored += [(facet.name, v) for v in values if v not in known]
            if kept:
                data[facet.name] = kept
        elif value := query_dict.get(facet.name, "").strip():
            unknown = facet.choices and value not in facet.choices.values
            if unknown or (facet.name == "postcode" and len(value) > PLACE_MAX_LENGTH):
                ignored.append((facet.name, value))
            elif facet.counted != PLACE or facet.name == "postcode":
                data[facet.name] = value
    params = CleanParams(data=data, ignored=ignored)
    _clean_place(params, query_dict)
    return params


def _clean_place(params, query_dict):
    if params.data.get("postcode"):
        params.place = places.resolve(params.data["postcode"])
        params.unknown_place = params.place is None
    elif near := query_dict.get("near", "").strip():
        match = NEAR_PATTERN.match(near)
        point = (round(float(match[1]), 2), round(float(match[2]), 2)) if match else None
        if point and places.in_switzerland(*point):
            params.place = Near(*point)
            params.data["near"] = params.place.param
        else:
            params.ignored.append(("near", near))
    if radius := query_dict.get("radius", "").strip():
        if radius.isdigit() and 1 <= int(radius) <= RADII[-1]:
            params.data["radius"] = int(radius)
        else:
            params.ignored.append(("radius", radius))
    if "radius" in params.data and params.place is None:
        del params.data["radius"]  # a distance from nowhere: nothing to keep


def describe_ignored(ignored):
    """Plain-words notices for the values the page could not use."""
    return [
        _("We did not recognise the %(filter)s “%(value)s” and left it out.")
        % {"filter": BY_NAME[name].label, "value": value[:40]}
        for name, value in ignored
    ]


# ---- Answering, over the index -----------------------------------------------------------


def filter_sets(index, params, taxonomy):
    """{facet: the index positions its chosen values keep}, for every active filter. The
    place keeps the groups meeting within the radius, and the online groups (which meet
    wherever the visitor is)."""
    sets = {}
    for name in params.data:
        facet = BY_NAME.get(name)
        if facet is None or facet.counted == PLACE:
            continue
        values = params.data[name]
        if facet.counted == THEMES:
            themes = [taxonomy.by_slug[slug] for slug in values]
            sets[name] = BitMap.union(
                BitMap(),
                *(index.bitmap("category" if t.is_category else "theme", t.pk) for t in themes),
            )
        elif name == "canton":
            sets[name] = index.any_of(name, (taxonomy.cantons[code].pk for code in values))
        else:
            sets[name] = index.any_of(name, facet.matches(values))
    if params.unknown_place:
        sets["postcode"] = BitMap()
    elif params.place is not None:
        sets["postcode"] = index.within(params.place.point, params.radius) | index.online
    return sets


def results_and_counts(index, base, sets):
    """The positions kept by every filter, and the count of each option of each facet: what
    choosing it would give, the other filters staying and its own going. The total is the
    number of results."""
    results = _intersection(base, list(sets.values()))
    counts = {"total": len(results)}
    inactive = [name for name in COUNTED if name not in sets]
    counts.update(count_options(index, results, inactive))
    for name in COUNTED:
        if name in sets:
            others = [bitmap for other, bitmap in sets.items() if other != name]
            counts.update(count_options(index, _intersection(base, others), [name]))
    return results, counts


def _intersection(base, bitmaps):
    return BitMap.intersection(base, *bitmaps) if bitmaps else base
