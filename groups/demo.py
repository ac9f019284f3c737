"""Demo data: plausible self-help groups across Switzerland, for development, demos and benchmarks.

Every demo group is marked `is_demo=True` so it can be removed in one go. Groups meet in real
Swiss localities (postcodes from the `countrystatecity-postal-codes` package, ODbL) and are
written in the language of their region. The same seed gives the same groups. The set is
written with a fixed number of queries per batch (100,000 groups, search index included, in
about a minute on a 2-core machine), which is what the benchmarks rely on.
"""

import datetime
import itertools
import os
import random
import re
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from contextlib import nullcontext
from dataclasses import dataclass, field
from functools import lru_cache

from django.db import connection, transaction
from django.db.models import NOT_PROVIDED
from django.utils import timezone
from django.utils.text import slugify

from selfhelp.pagecache import content_changed

from .models import (
    POSTCODE_PATTERN,
    Audience,
    Canton,
    Centre,
    Format,
    Frequency,
    Group,
    LedBy,
    MembershipStatus,
    Publication,
    Theme,
    Weekday,
    WeekOfMonth,
    group_slug_base,
    unique_group_slug,
)
from .search import indexing

DEFAULT_COUNT = 450
DEFAULT_SEED = 2718
DEFAULT_BATCH_SIZE = 1000
# Search indexing: groups per UPDATE, and the count from which it runs in parallel.
REFRESH_CHUNK = 5000
PARALLEL_FROM = 20000
# Demo refs are numbered, zero-padded so that the highest one is also the last in text order.
REF_PREFIX = "DEMO-"
REF_DIGITS = 7

MISSING_REFERENCE_DATA = (
    "No cantons or themes in the database: demo groups need them. "
    "Run `manage.py load_reference_data` first."
)


class MissingReferenceData(Exception):
    pass


# --- Places ------------------------------------------------------------------------------

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


# --- Texts -------------------------------------------------------------------------------


def french_at(locality):
    """'à Lausanne', 'au Locle', 'aux Breuleux'."""
    if locality.startswith("Le "):
        return "au " + locality[3:]
    if locality.startswith("Les "):
        return "aux " + locality[4:]
    return "à " + locality


@dataclass(frozen=True)
class Texts:
    """Everything a group says about itself, in one language. {theme} is the theme's name in
    that language, {place} the locality (or the word for online), {where} 'in <locality>'."""

    online: str
    where: object
    names: dict
    openings: dict
    middles: list
    peers: list
    professionals: list
    hybrid: list
    online_meetings: list
    forming: list
    full: list
    welcome: list
    costs: list
    online_costs: list
    accessibility: list
    online_accessibility: list
    meeting_places: list
    notes: list
    irregular_notes: list


FRENCH = Texts(
    online="en ligne",
    where=french_at,
    names={
        Audience.AFFECTED: [
            "Groupe de parole {theme} – {place}",
            "Groupe d'entraide {theme} – {place}",
            "Groupe d'entraide « {theme} », {place}",
            "Café-rencontre {theme} – {place}",
        ],
        Audience.RELATIVES: [
            "Groupe de proches – {theme} – {place}",
            "Groupe de parole pour proches : {theme} – {place}",
            "Proches et entourage : {theme} – {place}",
        ],
        Audience.BOTH: [
            "Groupe d'entraide {theme} – {place}",
            "Groupe de parole {theme}, personnes concernées et proches – {place}",
            "Espace d'échange {theme} – {place}",
        ],
    },
    openings={
        Audience.AFFECTED: [
            "Ce groupe réunit des personnes concernées par le thème « {theme} ».",
            "Nous nous retrouvons {where} pour échanger autour du thème « {theme} » et partager"
            " notre vécu.",
            "Le thème « {theme} » fait partie de votre vie et vous aimeriez en parler avec"
            " d'autres qui le vivent aussi ?",
        ],
        Audience.RELATIVES: [
            "Ce groupe s'adresse aux proches – conjoints, parents, enfants, amis – de personnes"
            " concernées par le thème « {theme} ».",
            "Quand un proche est concerné par le thème « {theme} », l'entourage aussi a besoin"
            " de soutien : ici, des proches se retrouvent {where} pour en parler.",
        ],
        Audience.BOTH: [
            "Personnes concernées et proches sont les bienvenus dans ce groupe consacré au"
            " thème « {theme} ».",
            "Ce groupe est ouvert aux personnes concernées par le thème « {theme} » comme à"
            " leur entourage.",
        ],
    },
    middles=[
        "Dans un climat de confiance et de respect, chacun partage son expérience, ses"
        " questions et ses astuces du quotidien.",
        "On y parle librement, sans jugement, et ce qui se dit dans le groupe reste dans le"
        " groupe.",
        "Les rencontres aident à rompre l'isolement, à se sentir compris et à échanger des"
        " conseils pratiques.",
        "Chacun vient à son rythme et prend la parole quand il le souhaite.",
    ],
    peers=["Le groupe est animé par ses membres, qui vivent eux-mêmes la situation."],
    professionals=[
        "Les rencontres sont accompagnées par un professionnel du domaine.",
        "Une infirmière spécialisée accompagne le groupe.",
    ],
    hybrid=["Il est aussi possible de participer en ligne."],
    online_meetings=[
        "Les rencontres ont lieu en visioconférence ; le lien est transmis après un premier"
        " contact."
    ],
    forming=[
        "Le groupe est en cours de création : les personnes intéressées sont invitées à se"
        " manifester."
    ],
    full=[
        "Le groupe est complet pour le moment, mais vous pouvez vous inscrire sur la liste"
        " d'attente."
    ],
    welcome=[
        "Les nouvelles personnes sont les bienvenues.",
        "Une première rencontre sans engagement est possible.",
    ],
    costs=["Gratuit", "Gratuit, collecte libre", "CHF 5 par rencontre",
           "CHF 10 par rencontre (réduction possible)", "Participation aux frais : CHF 20 par an"],
    online_costs=["Gratuit", "Gratuit, don bienvenu"],
    accessibility=[
        "Salle accessible en fauteuil roulant.",
        "Ascenseur ; toilettes adaptées.",
        "À cinq minutes à pied de la gare.",
        "Boucle magnétique sur demande.",
    ],
    online_accessibility=["Caméra facultative.", "Participation possible par téléphone."],
    meeting_places=["Maison de quartier", "Centre paroissial, salle du rez-de-chaussée",
                    "Salle communale", "Bibliothèque municipale, salle de réunion",
                    "Locaux du centre d'entraide", "Hôpital régional, salle de conférence"],
    notes=["Pas de rencontre en juillet et août.",
           "Merci de prendre contact avant la première venue.",
           "Pause pendant les vacances scolaires."],
    irregular_notes=["Les dates sont fixées d'une rencontre à l'autre.",
                     "Dates communiquées par e-mail aux participants."],
)  # fmt: skip

GERMAN = Texts(
    online="online",
    where=lambda locality: "in " + locality,
    names={
        Audience.AFFECTED: [
            "Selbsthilfegruppe {theme} {place}",
            "Gesprächsgruppe {theme} – {place}",
            "Selbsthilfegruppe «{theme}», {place}",
            "Treffpunkt {theme} {place}",
        ],
        Audience.RELATIVES: [
            "Angehörigengruppe {theme} {place}",
            "Selbsthilfegruppe für Angehörige: {theme} – {place}",
            "Angehörige und Freunde: {theme} – {place}",
        ],
        Audience.BOTH: [
            "Selbsthilfegruppe {theme} {place}",
            "Selbsthilfegruppe {theme} für Betroffene und Angehörige – {place}",
            "Austauschgruppe {theme} {place}",
        ],
    },
    openings={
        Audience.AFFECTED: [
            "In dieser Gruppe treffen sich Menschen, für die das Thema «{theme}» zum Alltag"
            " gehört.",
            "Wir treffen uns {where}, um unsere Erfahrungen zum Thema «{theme}» zu teilen.",
            "Das Thema «{theme}» gehört zu Ihrem Leben und Sie möchten sich mit anderen"
            " austauschen, denen es ähnlich geht?",
        ],
        Audience.RELATIVES: [
            "Die Gruppe richtet sich an Angehörige – Partnerinnen und Partner, Eltern, Kinder,"
            " Freunde – von Menschen, die vom Thema «{theme}» betroffen sind.",
            "Wenn ein nahestehender Mensch vom Thema «{theme}» betroffen ist, brauchen auch"
            " Angehörige Unterstützung – hier finden sie Verständnis und Entlastung.",
        ],
        Audience.BOTH: [
            "Betroffene und Angehörige sind in dieser Gruppe zum Thema «{theme}» gleichermassen"
            " willkommen.",
            "Die Gruppe steht Menschen offen, die vom Thema «{theme}» betroffen sind, und"
            " ebenso ihrem Umfeld.",
        ],
    },
    middles=[
        "In einem vertraulichen Rahmen erzählen wir, was uns beschäftigt, und geben einander"
        " Tipps für den Alltag.",
        "Hier dürfen wir offen reden, ohne bewertet zu werden – was in der Gruppe gesagt wird,"
        " bleibt in der Gruppe.",
        "Der Austausch hilft, sich verstanden zu fühlen und nicht mehr allein zu kämpfen.",
        "Alle bestimmen selbst, wie viel sie erzählen möchten.",
    ],
    peers=["Die Gruppe organisiert sich selbst; alle tragen gemeinsam Verantwortung."],
    professionals=[
        "Die Treffen werden von einer Fachperson begleitet.",
        "Eine Fachperson aus der Beratung moderiert die Treffen.",
    ],
    hybrid=["Wer nicht vor Ort sein kann, nimmt per Video teil."],
    online_meetings=[
        "Wir treffen uns per Videokonferenz; den Link erhalten Sie nach einer ersten"
        " Kontaktaufnahme."
    ],
    forming=["Die Gruppe ist im Aufbau – Interessierte melden sich gerne."],
    full=["Die Gruppe ist zurzeit voll; gerne setzen wir Sie auf die Warteliste."],
    welcome=[
        "Neue Teilnehmende sind herzlich willkommen.",
        "Ein unverbindliches Schnuppern ist jederzeit möglich.",
    ],
    costs=["kostenlos", "kostenlos, Kollekte", "CHF 5 pro Treffen",
           "Unkostenbeitrag CHF 10 pro Abend", "Jahresbeitrag CHF 30"],
    online_costs=["kostenlos", "kostenlos, Spende willkommen"],
    accessibility=[
        "Rollstuhlgängig.",
        "Lift vorhanden, rollstuhlgerechtes WC.",
        "Fünf Gehminuten vom Bahnhof.",
        "Höranlage auf Anfrage.",
    ],
    online_accessibility=["Kamera freiwillig.", "Teilnahme auch per Telefon möglich."],
    meeting_places=["Quartiertreff", "Kirchgemeindehaus, Saal im Erdgeschoss",
                    "Gemeinschaftszentrum", "Räume der Selbsthilfe-Kontaktstelle",
                    "Regionalspital, Sitzungszimmer", "Familienzentrum"],
    notes=["Keine Treffen in den Sommerferien.",
           "Bitte vor dem ersten Besuch kurz melden.",
           "Im Dezember findet ein gemeinsames Essen statt."],
    irregular_notes=["Die Termine werden jeweils beim Treffen vereinbart.",
                     "Daten nach Absprache, per E-Mail."],
)  # fmt: skip

ITALIAN = Texts(
    online="online",
    where=lambda locality: "a " + locality,
    names={
        Audience.AFFECTED: [
            "Gruppo di auto-aiuto {theme} {place}",
            "Gruppo di parola {theme} – {place}",
            "Incontri «{theme}», {place}",
        ],
        Audience.RELATIVES: [
            "Gruppo per familiari – {theme} – {place}",
            "Gruppo di auto-aiuto per familiari: {theme} – {place}",
        ],
        Audience.BOTH: [
            "Gruppo di auto-aiuto {theme} – {place}",
            "Gruppo di auto-aiuto {theme} per persone toccate e familiari – {place}",
        ],
    },
    openings={
        Audience.AFFECTED: [
            "Il gruppo riunisce persone per cui il tema «{theme}» fa parte della vita"
            " quotidiana.",
            "Ci incontriamo {where} per condividere le nostre esperienze sul tema «{theme}».",
            "Il tema «{theme}» fa parte della tua vita e cerchi qualcuno con cui parlarne?",
        ],
        Audience.RELATIVES: [
            "Il gruppo è rivolto ai familiari e agli amici di persone confrontate con il tema"
            " «{theme}».",
            "Quando una persona cara è confrontata con il tema «{theme}», anche chi le sta"
            " vicino ha bisogno di sostegno: qui i familiari trovano ascolto.",
        ],
        Audience.BOTH: [
            "Persone direttamente toccate e familiari sono ugualmente benvenuti in questo"
            " gruppo sul tema «{theme}».",
            "Il gruppo è aperto sia alle persone toccate dal tema «{theme}» sia a chi sta loro"
            " vicino.",
        ],
    },
    middles=[
        "In un clima di fiducia e rispetto ognuno condivide la propria esperienza e i propri"
        " consigli pratici.",
        "Si parla liberamente, senza giudizi: ciò che viene detto nel gruppo resta nel"
        " gruppo.",
        "Gli incontri aiutano a sentirsi compresi e a non affrontare tutto da soli.",
    ],
    peers=["Il gruppo è gestito dai suoi membri."],
    professionals=["Gli incontri sono accompagnati da un professionista del settore."],
    hybrid=["È possibile partecipare anche online."],
    online_meetings=[
        "Ci incontriamo in videoconferenza; il link viene inviato dopo un primo contatto."
    ],
    forming=["Il gruppo è in fase di costituzione: chi è interessato può farsi avanti."],
    full=["Al momento il gruppo è al completo, ma è possibile iscriversi alla lista d'attesa."],
    welcome=[
        "Le persone nuove sono le benvenute.",
        "È possibile partecipare a un primo incontro senza impegno.",
    ],
    costs=["gratuito", "offerta libera", "CHF 5 a incontro", "CHF 10 a incontro"],
    online_costs=["gratuito"],
    accessibility=[
        "Accessibile in sedia a rotelle.",
        "Ascensore disponibile.",
        "A cinque minuti a piedi dalla stazione.",
    ],
    online_accessibility=["Telecamera facoltativa."],
    meeting_places=["Casa del quartiere", "Sala parrocchiale", "Centro diurno",
                    "Biblioteca comunale, sala riunioni", "Sede del centro di auto-aiuto"],
    notes=["Pausa estiva in luglio e agosto.",
           "Si prega di contattare il gruppo prima del primo incontro."],
    irregular_notes=["Le date vengono concordate di volta in volta."],
)  # fmt: skip

TEXTS = {"fr": FRENCH, "de": GERMAN, "it": ITALIAN}


# --- Reference data ----------------------------------------------------------------------


@dataclass
class Reference:
    """What the groups point at, read once: a fixed number of queries whatever the count."""

    cantons: list  # (code, id), ordered by code, only those with known places
    themes: list  # Theme, ordered by slug: the leaves, or all themes if there are none
    siblings: dict  # theme id -> other themes of its category
    centres_by_canton: dict  # canton id -> [Centre]
    centres_by_language: dict  # language -> [Centre]
    places: dict = field(default_factory=dict)


def load_reference():
    places = swiss_places()
    cantons = [
        (code, pk)
        for code, pk in Canton.objects.order_by("code").values_list("code", "id")
        if code in places
    ]
    themes = list(Theme.objects.order_by("slug"))
    if not cantons or not themes:
        raise MissingReferenceData(MISSING_REFERENCE_DATA)
    leaves = [theme for theme in themes if theme.parent_id is not None] or themes
    by_category = defaultdict(list)
    for theme in leaves:
        by_category[theme.parent_id].append(theme)
    siblings = {
        theme.pk: [other for other in by_category[theme.parent_id] if other.pk != theme.pk]
        for theme in leaves
    }
    centres = {centre.pk: centre for centre in Centre.objects.order_by("slug")}
    centres_by_canton = defaultdict(list)
    served = Centre.cantons.through.objects.order_by("centre__slug").values_list(
        "canton_id", "centre_id"
    )
    for canton_id, centre_id in served:
        centres_by_canton[canton_id].append(centres[centre_id])
    centres_by_language = defaultdict(list)
    for centre in centres.values():
        for language in centre.languages or ["fr", "de", "it"]:
            centres_by_language[language].append(centre)
    return Reference(cantons, leaves, siblings, centres_by_canton, centres_by_language, places)


# --- Choosing ----------------------------------------------------------------------------


class Covering:
    """Weighted choice that first goes once through every value (in a shuffled order), so
    even a small demo set shows each theme, canton, format, status..."""

    def __init__(self, rng, values, weights=None):
        self.rng = rng
        self.values = list(values)
        self.first_pass = rng.sample(self.values, len(self.values))
        self.cum_weights = list(itertools.accumulate(weights or [1] * len(self.values)))

    def __call__(self):
        if self.first_pass:
            return self.first_pass.pop()
        return self.rng.choices(self.values, cum_weights=self.cum_weights)[0]


def weighted(rng, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights)[0]


START_TIMES = [(9, 30), (10, 0), (14, 0), (14, 30), (17, 30), (18, 0), (18, 30), (19, 0),
               (19, 30), (20, 0)]  # fmt: skip
START_WEIGHTS = [2, 3, 3, 2, 3, 6, 6, 10, 8, 4]
WEEKDAY_WEIGHTS = [
    (Weekday.MONDAY, 6), (Weekday.TUESDAY, 8), (Weekday.WEDNESDAY, 8), (Weekday.THURSDAY, 8),
    (Weekday.FRIDAY, 4), (Weekday.SATURDAY, 2), (Weekday.SUNDAY, 1),
]  # fmt: skip
ONLINE_LANGUAGES = [("de", 62), ("fr", 30), ("it", 8)]
# Themes that name the members themselves ("Relatives of people with dementia", "Parents of
# children with ADHD"): their groups are for those people, not for the relatives of those.
MEMBERS_THEME = re.compile(
    r"\b(relatives|parents|grandparents|carers|families|siblings|children of)\b", re.I
)
# International cities where some groups also welcome English speakers.
ENGLISH_TOO = {"Genève", "Lausanne", "Zürich", "Basel", "Zug", "Bern", "Nyon", "Vevey"}


class GroupMaker:
    """Makes one unsaved demo group at a time, with its theme ids."""

    def __init__(self, reference, seed, today):
        self.reference = reference
        self.rng = rng = random.Random(seed)
        self.today = today
        self.places = PlacePicker(reference.places)
        self.theme = Covering(
            rng, reference.themes, [self.theme_weight(t) for t in reference.themes]
        )
        self.canton = Covering(
            rng,
            reference.cantons,
            [CANTON_POPULATION.get(code, 100) for code, _pk in reference.cantons],
        )
        self.format = Covering(rng, Format.values, [70, 15, 15])
        self.audience = Covering(rng, Audience.values, [55, 20, 25])
        self.led_by = Covering(rng, LedBy.values, [80, 20])
        self.status = Covering(rng, MembershipStatus.values, [75, 12, 13])
        self.publication = Covering(rng, Publication.values, [5, 5, 85, 5])
        self.frequency = Covering(rng, Frequency.values, [15, 25, 45, 15])
        self.week_of_month = Covering(rng, WeekOfMonth.values)
        self.members_themes = {
            theme.pk for theme in reference.themes if MEMBERS_THEME.search(theme.name_en or "")
        }

    @staticmethod
    def theme_weight(theme):
        # Common themes have many groups, rare conditions a few.
        if theme.is_featured:
            return 6
        return 1 if theme.is_rare else 3

    def make(self, number):
        rng = self.rng
        group_format = self.format()
        code, canton_id, place = None, None, None
        if group_format == Format.ONLINE:
            language = weighted(rng, ONLINE_LANGUAGES)
        else:
            code, canton_id = self.canton()
            place = self.places.pick(rng, code)
            language = place.language
            if place.locality in BILINGUAL_TOWNS:
                language = rng.choice(["fr", "de"])
        languages = self.languages(language, code, place)
        themes = self.themes()
        audience = self.audience()
        if themes[0].pk in self.members_themes:
            audience = Audience.AFFECTED
        group = Group(
            ref=f"{REF_PREFIX}{number:0{REF_DIGITS}d}",
            languages=languages,
            audience=audience,
            led_by=self.led_by(),
            format=group_format,
            canton_id=canton_id,
            postcode=place.postcode if place else "",
            locality=place.locality if place else "",
            status=self.status(),
            publication=self.publication(),
            is_demo=True,
        )
        texts = TEXTS[language]
        theme_name = self.theme_name(themes[0], language)
        group.name = self.name(texts, group, theme_name)
        group.description = self.description(texts, group, theme_name)
        self.add_schedule(group, texts)
        group.centre = self.centre(canton_id, language)
        self.add_practicalities(group, texts, number)
        group.last_confirmed = self.last_confirmed(group.publication)
        return group, [theme.pk for theme in themes]

    def languages(self, language, canton, place):
        rng = self.rng
        if place is None:
            return [language, "en"] if rng.random() < 0.05 else [language]
        if place.locality in BILINGUAL_TOWNS and rng.random() < 0.5:
            return [language, "de" if language == "fr" else "fr"]
        pair = BILINGUAL_CANTONS.get(canton)
        if pair and language in pair and rng.random() < 0.08:
            return [language, pair[1] if language == pair[0] else pair[0]]
        if place.locality in ENGLISH_TOO and rng.random() < 0.06:
            return [language, "en"]
        return [language]

    def themes(self):
        first = self.theme()
        siblings = self.reference.siblings.get(first.pk)
        if siblings and self.rng.random() < 0.2:
            return [first, self.rng.choice(siblings)]
        return [first]

    @staticmethod
    def theme_name(theme, language):
        return getattr(theme, f"name_{language}", None) or theme.name

    def name(self, texts, group, theme_name):
        rng = self.rng
        place = group.locality or texts.online
        template = rng.choice(texts.names[group.audience])
        return template.format(theme=theme_name, place=place)[:200]

    def description(self, texts, group, theme_name):
        rng = self.rng
        where = texts.where(group.locality) if group.locality else texts.online
        openings = texts.openings[group.audience]
        if group.format == Format.ONLINE:
            # "We meet online" is said by the online sentence already.
            openings = [opening for opening in openings if "{where}" not in opening]
        sentences = [
            rng.choice(openings).format(theme=theme_name, where=where),
            rng.choice(texts.middles),
        ]
        extra = self.extra_sentence(texts, group)
        if extra:
            sentences.append(extra)
        if group.status == MembershipStatus.FORMING:
            sentences.append(rng.choice(texts.forming))
        elif group.status == MembershipStatus.FULL:
            sentences.append(rng.choice(texts.full))
        elif len(sentences) < 3 or rng.random() < 0.5:
            sentences.append(rng.choice(texts.welcome))
        return " ".join(sentences[:4])

    def extra_sentence(self, texts, group):
        rng = self.rng
        if group.format == Format.ONLINE:
            return rng.choice(texts.online_meetings)
        if group.format == Format.HYBRID:
            return rng.choice(texts.hybrid)
        if group.led_by == LedBy.PROFESSIONALS:
            return rng.choice(texts.professionals)
        return rng.choice(texts.peers) if rng.random() < 0.3 else ""

    def add_schedule(self, group, texts):
        rng = self.rng
        group.frequency = self.frequency()
        regular = group.frequency != Frequency.IRREGULAR
        group.weekday = weighted(rng, WEEKDAY_WEIGHTS) if regular else ""
        group.week_of_month = self.week_of_month() if group.frequency == Frequency.MONTHLY else ""
        if regular or rng.random() < 0.5:
            hour, minute = rng.choices(START_TIMES, weights=START_WEIGHTS)[0]
            group.start_time = datetime.time(hour, minute)
            if rng.random() < 0.9:
                length = rng.choice([60, 90, 90, 120, 120])
                end = hour * 60 + minute + length
                group.end_time = datetime.time(end // 60, end % 60)
        if not regular:
            group.schedule_note = rng.choice(texts.irregular_notes)
        elif rng.random() < 0.25:
            group.schedule_note = rng.choice(texts.notes)

    def add_practicalities(self, group, texts, number):
        rng = self.rng
        online = group.format == Format.ONLINE
        group.cost = rng.choice(texts.online_costs if online else texts.costs)
        if rng.random() < 0.35:
            group.accessibility = rng.choice(
                texts.online_accessibility if online else texts.accessibility
            )
        if not online and rng.random() < 0.4:
            group.meeting_place = rng.choice(texts.meeting_places)
        # Some groups have their own address; those without a centre always do, so that every
        # demo group can be contacted.
        if group.centre is None or rng.random() < 0.4:
            group.contact_email = f"group{number}@example.org"

    def centre(self, canton_id, language):
        """A centre serving the canton, preferably one working in the group's language;
        online groups go to a centre of their language."""
        if self.rng.random() < 0.1:
            return None
        if canton_id is None:
            candidates = self.reference.centres_by_language.get(language, [])
        else:
            serving = self.reference.centres_by_canton.get(canton_id, [])
            candidates = [c for c in serving if not c.languages or language in c.languages]
            candidates = candidates or serving
        return self.rng.choice(candidates) if candidates else None

    def last_confirmed(self, publication):
        """Mostly confirmed within the year; some a little stale (12-18 months), a few hidden
        as too old (18-20 months). Drafts were often never confirmed."""
        rng = self.rng
        if publication == Publication.DRAFT and rng.random() < 0.5:
            return None
        days = weighted(rng, [((0, 365), 78), ((366, 548), 14), ((549, 610), 8)])
        return self.today - datetime.timedelta(days=rng.randint(*days))


# --- Writing -----------------------------------------------------------------------------


def next_ref_number():
    last = (
        Group.objects.filter(ref__regex=rf"^{REF_PREFIX}\d{{{REF_DIGITS}}}$")
        .order_by("-ref")
        .values_list("ref", flat=True)
        .first()
    )
    return int(last[len(REF_PREFIX) :]) + 1 if last else 1


def assign_slugs(groups, used):
    """The slug rule of every group (models.unique_group_slug), with the slugs of this run
    in memory and those of the database fetched in one query per batch."""
    bases = [group_slug_base(group.name, group.locality) for group in groups]
    candidates = set(bases) | {
        f"{base}-{slugify(group.ref)}" for base, group in zip(bases, groups, strict=True)
    }
    taken = set(Group.objects.filter(slug__in=candidates).values_list("slug", flat=True))
    for group, base in zip(groups, bases, strict=True):
        group.slug = unique_group_slug(base, group.ref, lambda slug: slug in used or slug in taken)
        used.add(group.slug)


def copied_fields():
    """The columns an INSERT would fill: not generated ones, not those the database fills."""
    return [
        model_field
        for model_field in Group._meta.concrete_fields
        if not model_field.generated and model_field.db_default is NOT_PROVIDED
    ]


def copy_groups(groups):
    """Write the groups with one COPY and give them their ids (reserved in one query).

    Why not bulk_create: measured on a 2-core machine, it took 50-85 s for 100,000 groups,
    most of it spent building and parsing one INSERT with 30,000 placeholders per batch;
    COPY 10-15 s. Each value still goes through its field's own preparation
    (defaults, auto_now), exactly as Django prepares an INSERT."""
    table = Group._meta.db_table
    fields = copied_fields()
    quote = connection.ops.quote_name
    sql = "COPY {} ({}) FROM STDIN".format(
        quote(table), ", ".join(quote(model_field.column) for model_field in fields)
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [table, Group._meta.pk.column, len(groups)],
        )
        for group, (pk,) in zip(groups, cursor.fetchall(), strict=True):
            group.pk = pk
        # Shows the COPY wherever queries are recorded (DEBUG, tests counting queries).
        record = getattr(cursor, "debug_sql", None)
        with record(sql) if record else nullcontext(), cursor.cursor.copy(sql) as copy:
            for group in groups:
                copy.write_row(
                    [
                        model_field.get_db_prep_save(model_field.pre_save(group, True), connection)
                        for model_field in fields
                    ]
                )
    for group in groups:
        group._state.adding = False
        group._state.db = connection.alias


def write_batch(groups, theme_ids, used_slugs):
    assign_slugs(groups, used_slugs)
    copy_groups(groups)
    Through = Group.themes.through
    links = [
        Through(group_id=group.pk, theme_id=theme_id)
        for group, ids in zip(groups, theme_ids, strict=True)
        for theme_id in ids
    ]
    # Two integer columns: Django sends these as arrays (UNNEST), already fast.
    Through.objects.bulk_create(links)


def refresh_search(group_ids, workers=1, progress=None):
    """Fill the search vector and sort name of these groups (groups.search.indexing owns the
    formula): without them demo groups could not be searched nor sorted.

    It is most of the work for a large set (a dozen to_tsvector calls per group, all in the
    database), so with several workers the chunks run side by side, each in its own
    connection. That needs the groups committed; inside a transaction (tests, callers with
    their own atomic block) the chunks run one after the other on the current connection."""
    chunks = [
        group_ids[start : start + REFRESH_CHUNK]
        for start in range(0, len(group_ids), REFRESH_CHUNK)
    ]
    if workers > 1 and not connection.in_atomic_block:
        with ThreadPoolExecutor(workers) as pool:
            done = pool.map(refresh_in_own_connection, chunks)
            for chunk in done:
                if progress:
                    progress("indexed", len(chunk))
        return
    for chunk in chunks:
        indexing.refresh_groups(chunk)
        if progress:
            progress("indexed", len(chunk))


def refresh_in_own_connection(group_ids):
    try:
        indexing.refresh_groups(group_ids)
    finally:
        connection.close()  # the worker thread's own connection
    return group_ids


def default_workers(count):
    if count < PARALLEL_FROM:
        return 1
    return max(1, min(os.cpu_count() or 1, 4))


def generate_demo_groups(
    count, seed=DEFAULT_SEED, batch_size=DEFAULT_BATCH_SIZE, progress=None, workers=None
):
    """Create `count` demo groups and return how many were created.

    The groups are written all or nothing, then indexed for search. `progress`, if given, is
    called with a stage ("written", then "indexed") and a number of groups."""
    reference = load_reference()
    maker = GroupMaker(reference, seed, timezone.localdate())
    used_slugs = set()
    group_ids = []
    with transaction.atomic():
        first = next_ref_number()
        for start in range(0, count, batch_size):
            numbers = range(first + start, first + min(start + batch_size, count))
            made = [maker.make(number) for number in numbers]
            groups, theme_ids = zip(*made, strict=True)
            write_batch(list(groups), theme_ids, used_slugs)
            group_ids.extend(group.pk for group in groups)
            if progress:
                progress("written", len(groups))
    refresh_search(group_ids, workers or default_workers(count), progress)
    content_changed()
    return count


def remove_demo_groups():
    """Delete every demo group (and what hangs on it) and return how many groups went."""
    _total, per_model = Group.objects.filter(is_demo=True).delete()
    content_changed()
    return per_model.get(Group._meta.label, 0)
