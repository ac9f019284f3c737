"""Swiss postcodes → locality and canton, from the countrystatecity-postal-codes package (ODbL).

Loaded once per process (about 4,000 rows, a few milliseconds) and kept in memory.
"""

import re
from dataclasses import dataclass
from functools import cache

from ..models import POSTCODE_PATTERN
from .text import normalize


@dataclass(frozen=True)
class Place:
    postcode: str
    locality: str
    canton: str


def _clean_locality(name):
    # "Lausanne 25" is a delivery office of Lausanne: the locality is "Lausanne".
    return re.sub(r"\s+\d+$", "", name or "").strip()


@cache
def _postcodes():
    from countrystatecity_postal_codes import get_postcodes_of_country

    places = {}
    for row in get_postcodes_of_country("CH"):
        if row.code not in places and row.stateCode:
            places[row.code] = Place(row.code, _clean_locality(row.localityName), row.stateCode)
    return places


@cache
def _localities():
    by_name = {}
    for place in _postcodes().values():
        by_name.setdefault(normalize(place.locality), place)
    return by_name


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
