"""The orders of the group list, as one sort key per index position (groups.search.index).

- name: the index's own order (positions are ranks by name);
- newest: the newest listings first;
- distance: the nearest first, from the place the visitor gave; online groups after;
- next: the soonest next meeting first (by date, then start time); groups whose dates the
  schedule does not fix come after;
- relevance: the best matches of a text search first; among equally good ones, the groups
  meeting in the visitor's interface language, then the nearer ones.
"""

import numpy as np

# Relevance is ts_rank_cd's, counted in tenths: two groups within a tenth are equally good.
RELEVANCE_STEPS = 10
MAX_RELEVANCE = 1023
DISTANCE_STEPS = 10  # distances in tenths of a km
FAR = (1 << 20) - 1  # an online group: after every distance


def tiers(index, ranks):
    """Per position, how good a match it is (0 for no match): `ranks` is {group id: rank}."""
    tier = np.zeros(index.size, dtype=np.int64)
    if ranks:
        positions = index.positions_of(ranks)
        ids = index.ids_at(list(positions))
        values = np.array([ranks[pk] for pk in ids], dtype=np.float64)
        tier[np.asarray(list(positions), dtype=np.int64)] = np.clip(
            np.floor(values * RELEVANCE_STEPS), 0, MAX_RELEVANCE
        )
    return tier


def distance_steps(index, point):
    distances = index.distances_km(point)
    steps = np.where(np.isnan(distances), FAR, np.round(distances * DISTANCE_STEPS))
    return np.minimum(steps, FAR).astype(np.int64)


def sort_keys(index, sort, *, place=None, ranks=None, language="", today=None, query=""):
    """One int per position, smaller first; None for the name order. Made once per version
    of the index for each order, query, place, language and day (index.remember)."""
    key = ("order", sort, query, place.point if place is not None else None, language, today)
    return index.remember(key, lambda: _sort_keys(index, sort, place, ranks, language, today))


def _sort_keys(index, sort, place, ranks, language, today):
    if sort == "newest":
        return index.newest_rank
    if sort == "next":
        return index.days_to_next_meeting(today) * (24 * 60 + 1) + index.start_minutes
    if sort == "distance" and place is not None:
        return distance_steps(index, place.point)
    if sort == "relevance":
        worse = MAX_RELEVANCE - tiers(index, ranks or {})
        other_language = ~index.speaks.get(language, np.zeros(index.size, dtype=bool))
        near = distance_steps(index, place.point) if place is not None else 0
        return (worse << 21) | (other_language.astype(np.int64) << 20) | near
    return None
