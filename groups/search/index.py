"""The published groups, held in memory for filtering, counting and ordering.

PostgreSQL stays the source of truth and answers the free-text match (its GIN index); this index
answers the rest, in microseconds rather than seconds at 100,000 groups:

- each published group has a *position*: its rank in name order (sort name, then id);
- each facet value (a canton, a theme, a category, a format...) is the set of positions of its
  groups, a compressed bitmap (pyroaring). A filter is a union of bitmaps, the results the
  intersection of the filters, an option's count the size of an intersection;
- per position, the group's id, coordinates (its locality's, see groups.search.places), start
  time, schedule and creation time, in numpy arrays: distances and sort keys are computed over
  a whole result set at once.

Freshness: the index carries the page cache's version (selfhelp.pagecache), which every change
to what public pages show bumps, in every process and instance (it lives in the shared cache).
A request that finds a newer version rebuilds the index in its own thread (about a second at
100,000 groups) while the other threads keep answering from the previous one; a process with no
index yet waits for the first build.
"""

import datetime
import threading
import time as clock
from dataclasses import dataclass

import numpy as np
from django.db import connection
from django.utils import timezone
from pyroaring import BitMap

from selfhelp import pagecache

from ..models import (
    Format,
    Group,
    MeetingBreak,
    Publication,
    Theme,
    break_covers,
    listed_since,
    time_of_day,
)
from ..schedule import next_meetings
from ..taxonomy import Taxonomy
from . import places
from .facets import ARRAY, COLUMN, FACETS, TIME

# Sort keys pack several numbers into one int64: the last part is always the position.
POSITION_BITS = 21  # up to 2,097,152 published groups
NO_DATE = 10_000  # days: a group whose next meeting is not known comes after the others
NO_TIME = 24 * 60  # minutes: a start time after every start time
REMEMBERED = 500  # results of searches, distances... a process keeps, per version


@dataclass(frozen=True)
class _Schedule:
    """What next_meetings() reads of a group."""

    frequency: str
    weekday: str
    week_of_month: str
    breaks: tuple = ()


@dataclass(frozen=True)
class _Break:
    """What next_meetings() reads of a MeetingBreak."""

    first_day: datetime.date
    last_day: datetime.date
    every_year: bool

    def covers(self, day):
        return break_covers(self.first_day, self.last_day, self.every_year, day)


def part_of_day(minutes):
    """models.time_of_day, for a start time in minutes after midnight (NO_TIME: unknown)."""
    if minutes >= NO_TIME:
        return ""
    return time_of_day(datetime.time(minutes // 60, minutes % 60))


def _by_value(values):
    """The positions of each distinct value of a column: {value as text: numpy array}."""
    codes = {}
    coded = np.fromiter((codes.setdefault(v, len(codes)) for v in values), dtype=np.int64)
    order = np.argsort(coded, kind="stable")
    bounds = np.searchsorted(coded[order], np.arange(len(codes) + 1))
    return {str(value): order[bounds[i] : bounds[i + 1]] for value, i in codes.items()}


def _bitmap(positions):
    return BitMap(positions.tolist())


class GroupIndex:
    def __init__(self, version, rows, theme_groups, theme_parents, breaks=None):
        """`rows`: the published groups' _COLUMNS in name order; `theme_groups`: [(theme id,
        [group ids])]; `theme_parents`: [(theme id, parent id or None)]; `breaks`: {group id:
        tuple of _Break}, the breaks in meetings not over yet."""
        self.version = version
        self.size = len(rows)
        self._memory = {}
        columns = list(zip(*rows, strict=True)) if rows else [()] * len(_COLUMNS)
        column = dict(zip(_COLUMNS, columns, strict=True))
        self.ids = np.array(column["id"], dtype=np.int64)
        self._id_order = np.argsort(self.ids, kind="stable")
        self._sorted_ids = self.ids[self._id_order]
        self.all = BitMap(range(self.size))
        self.start_minutes = np.array(column["start_minutes"], dtype=np.int64)  # NO_TIME: none
        self.values = {}  # facet kind → {stored value as text → BitMap of positions}
        for facet in FACETS:
            if facet.counted == COLUMN:
                self.values[facet.name] = self._single(column[facet.column])
            elif facet.counted == ARRAY:  # several values, as a text of words: "fr de"
                self.values[facet.name] = self._several(column[facet.column])
            elif facet.counted == TIME:
                parts = [part_of_day(int(m)) for m in range(NO_TIME + 1)]
                self.values[facet.name] = self._single(parts[m] for m in self.start_minutes)
        self.values["centre"] = self._single(column["centre_id"])  # the centre pages
        themes = {str(pk): self.positions_of(ids) for pk, ids in theme_groups}
        self.values["theme"] = themes
        family = {}
        for pk, parent_id in theme_parents:
            family.setdefault(str(parent_id or pk), []).append(themes.get(str(pk), BitMap()))
        self.values["category"] = {
            pk: BitMap.union(BitMap(), *bitmaps) for pk, bitmaps in family.items()
        }
        self.online = self.values["format"].get(Format.ONLINE, BitMap())
        # Coordinates per distinct place (a few thousand for 100,000 groups), then per group.
        self.latitude = np.full(self.size, np.nan)
        self.longitude = np.full(self.size, np.nan)
        pairs = [
            f"{p}|{loc}" for p, loc in zip(column["postcode"], column["locality"], strict=True)
        ]
        for pair, positions in _by_value(pairs).items():
            point = places.point_of(*pair.split("|", 1))
            if point:
                self.latitude[positions], self.longitude[positions] = point
        online = np.asarray(self.online.to_array(), dtype=np.int64)
        self.latitude[online] = self.longitude[online] = np.nan  # a place, but not where it meets
        # Newest first, then by name: each position's rank in that order.
        created = np.array(column["created"], dtype=np.int64)
        self.newest_rank = np.empty(self.size, dtype=np.int64)
        self.newest_rank[np.lexsort((np.arange(self.size), -created))] = np.arange(self.size)
        # One code per distinct schedule and breaks: a few hundred, each worked out once a day.
        breaks, break_sets = breaks or {}, {(): 0}
        keys = [
            f"{f}|{w}|{m}|{break_sets.setdefault(breaks.get(pk, ()), len(break_sets))}"
            for pk, f, w, m in zip(
                column["id"],
                column["frequency"],
                column["weekday"],
                column["week_of_month"],
                strict=True,
            )
        ]
        break_sets = list(break_sets)
        self._schedules, self.schedule_code = [], np.zeros(self.size, dtype=np.int64)
        for code, (key, positions) in enumerate(_by_value(keys).items()):
            frequency, weekday, week_of_month, breaks_code = key.split("|")
            self._schedules.append(
                _Schedule(frequency, weekday, week_of_month, break_sets[int(breaks_code)])
            )
            self.schedule_code[positions] = code
        self.speaks = {
            value: self._as_mask(bitmap) for value, bitmap in self.values["language"].items()
        }

    # ---- building ----------------------------------------------------------------------

    @staticmethod
    def _single(values):
        return {v: _bitmap(p) for v, p in _by_value(values).items() if v not in ("", "None")}

    @staticmethod
    def _several(texts):
        bitmaps = {}
        for text, positions in _by_value(texts).items():
            for value in text.split():
                bitmaps.setdefault(value, []).append(positions)
        return {v: _bitmap(np.concatenate(parts)) for v, parts in bitmaps.items()}

    def _as_mask(self, bitmap):
        mask = np.zeros(self.size, dtype=bool)
        mask[np.asarray(bitmap.to_array(), dtype=np.int64)] = True
        return mask

    # ---- reading -----------------------------------------------------------------------

    def remember(self, key, make):
        """`make()` the first time in this version, then from memory: the matches of a text
        (the database's full-text search), the distances from a place, the days to the next
        meetings... serve every page, filter and order a visitor or a crawler asks of them.
        At most REMEMBERED of them, the oldest forgotten first."""
        if key not in self._memory:
            if len(self._memory) >= REMEMBERED:
                self._memory.pop(next(iter(self._memory)))
            self._memory[key] = make()
        return self._memory[key]

    def bitmap(self, kind, value):
        return self.values.get(kind, {}).get(str(value), BitMap())

    def count(self, kind, value):
        """How many published groups have this value of a facet."""
        return len(self.bitmap(kind, value))

    def any_of(self, kind, values):
        """The groups with any of these values of a facet."""
        return BitMap.union(BitMap(), *(self.bitmap(kind, value) for value in values))

    def positions_of(self, ids):
        """The positions of these group ids (those not published are left out), as a BitMap."""
        ids = np.asarray(list(ids), dtype=np.int64)
        if not len(ids) or not self.size:
            return BitMap()
        where = np.searchsorted(self._sorted_ids, ids)
        where[where >= self.size] = 0
        found = self._sorted_ids[where] == ids
        return BitMap(self._id_order[where[found]].tolist())

    def ids_at(self, positions):
        return self.ids[np.asarray(positions, dtype=np.int64)].tolist()

    def distances_km(self, point):
        """The distance from `point` to every group, in km (NaN for the online groups)."""
        return self.remember(("distances", point), lambda: self._distances_km(point))

    def _distances_km(self, point):
        lat1, lon1 = np.radians(point[0]), np.radians(point[1])
        lat2, lon2 = np.radians(self.latitude), np.radians(self.longitude)
        h = (
            np.sin((lat2 - lat1) / 2) ** 2
            + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
        )
        return 2 * places.EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.minimum(1.0, h)))

    def within(self, point, radius_km):
        """The groups that meet in person within `radius_km` of `point`."""

        def make():
            distances = self.distances_km(point)
            with np.errstate(invalid="ignore"):
                return BitMap(np.flatnonzero(distances <= radius_km + 1e-9).tolist())

        return self.remember(("within", point, radius_km), make)

    def days_to_next_meeting(self, today):
        """Per position, in how many days the group next meets (NO_DATE when not known)."""
        return self.remember(("next", today), lambda: self._days_to_next_meeting(today))

    def _days_to_next_meeting(self, today):
        days = np.full(len(self._schedules), NO_DATE, dtype=np.int64)
        for code, schedule in enumerate(self._schedules):
            dates = next_meetings(schedule, 1, today, schedule.breaks)
            if dates:
                days[code] = (dates[0] - today).days
        return days[self.schedule_code]

    def page(self, result, keys, start, stop):
        """Positions start..stop of `result` in the order of `keys` (one int per position, or
        None for name order)."""
        if keys is None:
            return list(result[start:stop])
        if start >= len(result):
            return []
        members = np.asarray(result.to_array(), dtype=np.int64)
        packed = (keys[members] << POSITION_BITS) | members
        stop = min(stop, len(packed))
        if stop < len(packed):
            packed = np.partition(packed, stop - 1)[:stop]
        return (np.sort(packed)[start:stop] & ((1 << POSITION_BITS) - 1)).tolist()


# What is read of each published group, in name order: plain numbers and short texts, which the
# database driver converts ten times faster than times, dates and arrays. "C": the sort names are
# lowercase and unaccented already; byte order sorts them without the cost of a collation.
_COLUMNS = {
    "id": "id",
    "canton_id": "canton_id",
    "centre_id": "centre_id",
    "audience": "audience",
    "format": "format",
    "led_by": "led_by",
    "status": "status",
    "weekday": "weekday",
    "frequency": "frequency",
    "week_of_month": "week_of_month",
    "start_minutes": "coalesce((extract(hour FROM start_time) * 60"
    " + extract(minute FROM start_time))::int, %(no_time)s)",
    "languages": "array_to_string(languages, ' ')",
    "postcode": "postcode",
    "locality": "locality",
    "created": "extract(epoch FROM created_at)::bigint",
}
_ORDER = 'sort_name COLLATE "C", id'
_LISTED = "publication = %(published)s AND (last_confirmed >= %(since)s OR last_confirmed IS NULL)"


def build(version=None, today=None):
    """Read the listed groups (published, not hidden for want of confirmation: the rule of
    GroupQuerySet.listed), their theme links, their breaks in meetings and the theme tree:
    four queries."""
    started = clock.monotonic()
    groups = Group._meta.db_table
    links = Group.themes.through._meta.db_table
    listed = {"published": Publication.PUBLISHED, "since": listed_since(today)}
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {', '.join(_COLUMNS.values())} FROM {groups}"
            f" WHERE {_LISTED} ORDER BY {_ORDER}",
            {**listed, "no_time": NO_TIME},
        )
        rows = cursor.fetchall()
        cursor.execute(
            f"SELECT t.theme_id, array_agg(t.group_id) FROM {links} t"
            f" JOIN {groups} g ON g.id = t.group_id WHERE {_LISTED} GROUP BY t.theme_id",
            listed,
        )
        theme_groups = cursor.fetchall()
    theme_parents = list(Theme.objects.values_list("pk", "parent_id"))
    breaks = {}
    current = MeetingBreak.objects.current(today).order_by("group_id", "first_day", "pk")
    for group_id, *dates in current.values_list("group_id", "first_day", "last_day", "every_year"):
        breaks[group_id] = (*breaks.get(group_id, ()), _Break(*dates))
    index = GroupIndex(version, rows, theme_groups, theme_parents, breaks)
    index.taxonomy = Taxonomy()
    index.build_seconds = clock.monotonic() - started
    return index


_lock = threading.Lock()
_current = None


def current():
    """The index of the current version: rebuilt here when stale, unless another thread of
    this process is rebuilding it already (then the previous one answers meanwhile)."""
    global _current
    # A new day may hide a listing that has gone unconfirmed too long: the index follows.
    today = timezone.localdate()
    version = (pagecache.version(), today)
    index = _current
    if index is not None and index.version == version:
        return index
    if index is not None and not _lock.acquire(blocking=False):
        return index
    if index is None:
        _lock.acquire()
    try:
        if _current is None or _current.version != version:
            _current = build(version, today)
        return _current
    finally:
        _lock.release()


def forget():
    """Drop this process's index (tests; a rebuild follows on the next request)."""
    global _current
    _current = None
