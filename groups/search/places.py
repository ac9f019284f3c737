"""Swiss postcodes and localities → canton and approximate coordinates, from the committed
groups/data/places.csv (built by groups.search.place_data; its sources and licences are in its
first line and in the README's credits).

Loaded once per process (about 4,000 rows, a few milliseconds) and kept in memory. Coordinates
are those of a locality, never of an address: they place a group in its town, not at a door.
"""

import math
import re
from dataclasses import dataclass
from functools import cache

from ..models import POSTCODE_PATTERN
from . import place_data
from .text import normalize

# Switzerland and its borders, generously: a point outside is not a place of this directory.
LATITUDES = (45.5, 48.2)
LONGITUDES = (5.5, 10.9)
EARTH_RADIUS_KM = 6371.0


@dataclass(frozen=True)
class Place:
    postcode: str
    locality: str
    canton: str
    latitude: float
    longitude: float

    @property
    def point(self):
        return (self.latitude, self.longitude)


@cache
def _rows():
    return [
        Place(row.postcode, row.locality, row.canton, row.latitude, row.longitude)
        for row in place_data.read()
    ]


@cache
def _postcodes():
    """Each postcode's first locality: the one the postcode is named after."""
    places = {}
    for place in _rows():
        places.setdefault(place.postcode, place)
    return places


@cache
def _localities():
    by_name = {}
    for place in _rows():
        by_name.setdefault(normalize(place.locality), place)
    return by_name


@cache
def _by_postcode_and_locality():
    return {(place.postcode, normalize(place.locality)): place for place in _rows()}


def by_postcode(postcode):
    return _postcodes().get((postcode or "").strip())


def by_locality(name):
    return _localities().get(normalize(name))


def resolve(text):
    """A postcode ("1003") or a locality ("lausanne") typed by a visitor, as a Place, or None."""
    text = (text or "").strip()
    if re.fullmatch(POSTCODE_PATTERN, text):
        return by_postcode(text)
    return by_locality(text) if text else None


def point_of(postcode, locality):
    """Where a group meets, approximately: its locality if the postcode knows it, else the
    postcode's own locality, else the locality by name; None when neither is known."""
    place = (
        _by_postcode_and_locality().get((postcode, normalize(locality)))
        or by_postcode(postcode)
        or by_locality(locality)
    )
    return place.point if place else None


def in_switzerland(latitude, longitude):
    return LATITUDES[0] <= latitude <= LATITUDES[1] and LONGITUDES[0] <= longitude <= LONGITUDES[1]


def distance_km(a, b):
    """The great-circle distance between two (latitude, longitude) points, in km."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2
    h += math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(1.0, h)))


def coverage():
    """How many known postcodes have coordinates, of how many."""
    postcodes = _postcodes()
    return sum(1 for place in postcodes.values() if place.latitude), len(postcodes)
