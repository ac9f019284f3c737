"""Swiss places for demo groups: the localities with their postcodes (from the
`countrystatecity-postal-codes` package, ODbL) by canton, the towns where most groups meet,
the canton populations that decide how many groups each canton gets, the language a place's
groups are written in, and the picker that chooses a place in a canton."""

import itertools
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from ..models import POSTCODE_PATTERN

# Approximate resident population in thousands: how many groups a canton gets.
CANTON_POPULATION = {
    "ZH": 1606, "BE": 1063, "LU": 428, "UR": 38, "SZ": 166, "OW": 39, "NW": 45, "GL": 42,
    "ZG": 131, "FR": 339, "SO": 285, "BS": 197, "BL": 296, "SH": 85, "AR": 56, "AI": 17,
    "SG": 530, "GR": 203, "AG": 726, "TG": 292, "TI": 356, "VD": 836, "VS": 359, "NE": 177,
    "GE": 515, "JU": 74,
}  # fmt: skip

# Groups mostly meet in towns: the main ones of each canton, biggest first.
TOWNS = {
    "ZH": ["Zürich", "Winterthur", "Uster", "Dübendorf", "Dietikon", "Wetzikon", "Horgen",
           "Bülach", "Wädenswil", "Meilen", "Affoltern am Albis", "Kloten"],
    "BE": ["Bern", "Biel/Bienne", "Thun", "Burgdorf", "Langenthal", "Spiez", "Interlaken",
           "Münsingen", "Lyss", "St-Imier", "Tramelan"],
    "LU": ["Luzern", "Emmenbrücke", "Kriens", "Sursee", "Horw", "Hochdorf", "Willisau"],
    "UR": ["Altdorf", "Erstfeld"],
    "SZ": ["Schwyz", "Einsiedeln", "Lachen", "Pfäffikon", "Küssnacht am Rigi"],
    "OW": ["Sarnen", "Alpnach Dorf"],
    "NW": ["Stans", "Hergiswil"],
    "GL": ["Glarus", "Näfels"],
    "ZG": ["Zug", "Baar", "Cham"],
    "FR": ["Fribourg", "Bulle", "Murten", "Düdingen", "Estavayer-le-Lac", "Romont",
           "Châtel-St-Denis"],
    "SO": ["Solothurn", "Olten", "Grenchen", "Dornach"],
    "BS": ["Basel", "Riehen"],
    "BL": ["Liestal", "Allschwil", "Reinach", "Muttenz", "Pratteln", "Binningen"],
    "SH": ["Schaffhausen", "Neuhausen am Rheinfall"],
    "AR": ["Herisau", "Heiden", "Teufen"],
    "AI": ["Appenzell"],
    "SG": ["St. Gallen", "Rapperswil", "Wil", "Gossau", "Buchs", "Uzwil", "Rorschach",
           "Sargans"],
    "GR": ["Chur", "Davos Platz", "Landquart", "Ilanz", "Thusis", "St. Moritz", "Poschiavo",
           "Roveredo"],
    "AG": ["Aarau", "Baden", "Wettingen", "Brugg", "Lenzburg", "Wohlen", "Zofingen",
           "Rheinfelden"],
    "TG": ["Frauenfeld", "Kreuzlingen", "Weinfelden", "Amriswil", "Arbon"],
    "TI": ["Lugano", "Bellinzona", "Locarno", "Mendrisio", "Chiasso", "Biasca"],
    "VD": ["Lausanne", "Yverdon-les-Bains", "Montreux", "Nyon", "Vevey", "Morges", "Renens",
           "Aigle", "Payerne"],
    "VS": ["Sion", "Sierre", "Martigny", "Monthey", "Brig", "Visp"],
    "NE": ["Neuchâtel", "La Chaux-de-Fonds", "Le Locle", "Fleurier"],
    "GE": ["Genève", "Carouge", "Vernier", "Meyrin", "Onex", "Thônex", "Grand-Lancy"],
    "JU": ["Delémont", "Porrentruy", "Saignelégier"],
}  # fmt: skip
TOWN_SHARE = 0.7

# The package files a few well-known towns under a neighbouring canton.
CANTON_FIXES = {("1530", "Payerne"): "VD", ("8212", "Neuhausen am Rheinfall"): "SH"}

FRENCH_CANTONS = {"GE", "VD", "NE", "JU"}
ITALIAN_CANTONS = {"TI"}
# Cities where both languages are at home: groups there often meet in both.
BILINGUAL_TOWNS = {"Biel/Bienne", "Fribourg", "Murten"}
# Elsewhere in these cantons some groups also meet in the canton's other language.
BILINGUAL_CANTONS = {"FR": ("fr", "de"), "VS": ("fr", "de"), "BE": ("de", "fr"), "GR": ("de", "it")}


@dataclass(frozen=True)
class Place:
    postcode: str
    locality: str
    language: str


def region_language(canton, postcode):
    """The language a group of this place is written in, from the language borders that
    run through the bilingual cantons (they follow postcode areas closely enough)."""
    if canton in FRENCH_CANTONS:
        return "fr"
    if canton in ITALIAN_CANTONS:
        return "it"
    code = int(postcode)
    if canton == "FR":
        german = code >= 3000 or 1712 <= code <= 1719 or 1734 <= code <= 1738
        german = german or 1792 <= code <= 1794
        return "de" if german else "fr"
    if canton == "VS":
        french = code < 3900 or (3960 <= code <= 3979 and code != 3970)
        return "fr" if french else "de"
    if canton == "BE":
        french = 2300 <= code < 2400 or 2515 <= code <= 2538 or 2600 <= code < 2800
        return "fr" if french else "de"
    if canton == "GR":
        italian = code < 7000 or 7602 <= code <= 7610 or 7710 <= code <= 7748
        return "it" if italian else "de"
    return "de"


def clean_locality(name, canton_codes):
    """'Lausanne 25' -> 'Lausanne', 'Renens VD' -> ('Renens', 'VD'): the Post's suffixes only
    tell same-named places apart; the canton is shown next to the locality anyway."""
    name = re.sub(r"\s+\d+$", "", name.strip())
    suffix = None
    match = re.search(r"\s+([A-Z]{2})$", name)
    if match and match.group(1) in canton_codes:
        suffix = match.group(1)
        name = name[: match.start()]
    return name, suffix


@lru_cache(maxsize=1)
def swiss_places():
    """Every Swiss locality with its postcode, by canton code, deduplicated and in a stable
    order (the package's own order)."""
    from countrystatecity_postal_codes import get_postcodes_of_country

    codes = set(CANTON_POPULATION)
    places = defaultdict(dict)
    for entry in get_postcodes_of_country("CH"):
        locality, suffix = clean_locality(entry.localityName or "", codes)
        canton = suffix or entry.stateCode
        canton = CANTON_FIXES.get((entry.code, locality), canton)
        if canton not in codes or not locality or re.search(r"\d", locality):
            continue
        if not re.fullmatch(POSTCODE_PATTERN, entry.code):
            continue
        place = Place(entry.code, locality, region_language(canton, entry.code))
        places[canton][(place.postcode, place.locality)] = place
    return drop_strays({canton: list(by_key.values()) for canton, by_key in places.items()})


def drop_strays(places):
    """The package files some border localities under a neighbouring canton. A place alone in
    its canton among several of another canton in the same postcode area (same first three
    digits) is most likely one of those: leave it out rather than show a wrong canton."""
    area_count = defaultdict(lambda: defaultdict(int))
    for canton, canton_places in places.items():
        for place in canton_places:
            area_count[place.postcode[:3]][canton] += 1

    def stray(canton, place):
        counts = area_count[place.postcode[:3]]
        return counts[canton] == 1 and sum(counts.values()) >= 3

    return {
        canton: [place for place in canton_places if not stray(canton, place)]
        for canton, canton_places in places.items()
    }


class PlacePicker:
    """Picks a place in a canton: usually one of its towns, sometimes any locality."""

    def __init__(self, places):
        self.places = places
        self.towns = {}
        for canton, canton_places in places.items():
            by_name = defaultdict(list)
            for place in canton_places:
                by_name[place.locality].append(place)
            names = [name for name in TOWNS.get(canton, []) if name in by_name]
            # Bigger towns host more groups: weight by rank (1, 1/2, 1/3...).
            weights = list(itertools.accumulate(1 / (rank + 1) for rank in range(len(names))))
            self.towns[canton] = ([by_name[name] for name in names], weights)

    def pick(self, rng, canton):
        towns, weights = self.towns.get(canton, ([], []))
        if towns and rng.random() < TOWN_SHARE:
            return rng.choice(rng.choices(towns, cum_weights=weights)[0])
        return rng.choice(self.places[canton])
