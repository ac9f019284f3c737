"""The group maker: the reference data the groups point at (cantons, themes, centres,
places), read once; the weighted choices that first cover every value; and GroupMaker, which
makes one unsaved, seeded demo group at a time with its place, language, themes, texts,
schedule, centre and confirmation date."""

import datetime
import itertools
import random
import re
from collections import defaultdict
from dataclasses import dataclass, field

from ..models import (
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
)
from .geography import (
    BILINGUAL_CANTONS,
    BILINGUAL_TOWNS,
    CANTON_POPULATION,
    PlacePicker,
    swiss_places,
)
from .texts import TEXTS

# Demo refs are numbered, zero-padded so that the highest one is also the last in text order.
REF_PREFIX = "DEMO-"
REF_DIGITS = 7

MISSING_REFERENCE_DATA = (
    "No cantons or themes in the database: demo groups need them. "
    "Run `manage.py load_reference_data` first."
)


class MissingReferenceData(Exception):
    pass


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
