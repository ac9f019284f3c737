"""Free-text search over groups, in every site language whatever the interface language.

Each group stores a search vector (kept by groups.search.indexing) made of its name, locality,
description and the names and synonyms of its themes and their categories in fr, de, it and
en, each indexed three ways: French stems, German stems and plain unaccented words. A query is
parsed the same three ways and matches when any of them does, so "boulimie", "Bulimie" and
"bulimia" meet the same groups, and "Trauer" finds what "deuil" finds through the theme.

Typos are caught on the theme side: `ThemeTerm` holds every theme name and synonym,
unaccented, under a trigram index; a query close enough to a term ("depresion") brings in the
groups of that theme, and the best such theme is shown first ("Theme: Depression — 42 groups").
"""

import re
import unicodedata
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import BooleanField, F, FloatField
from django.db.models.expressions import RawSQL

from ..models import Group, Theme, ThemeTerm

MAX_QUERY_LENGTH = 200
# How close a query must be to a theme's name or synonym to count as naming it.
TERM_SIMILARITY = 0.55
# Every text is indexed and every query parsed three ways: plain unaccented words, French
# stems and German stems.
CONFIGS = ("simple", "french", "german")


def normalize(text):
    """Lowercase, without accents, single spaces: how terms are stored and compared."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", stripped).strip().casefold()


@dataclass
class SearchResult:
    """What a free-text query gives: the filtered queryset and what the visitor should see."""

    queryset: object
    query: str = ""
    truncated: bool = False
    only_common_words: bool = False
    themes: list = field(default_factory=list)

    @property
    def ranked(self):
        """Whether the results carry a relevance `rank`: only a query with words to search
        for has one. A query of stop words or signs alone matches nothing and ranks nothing."""
        return bool(self.query) and not self.only_common_words


# Words too common to search by, in the four site languages. PostgreSQL's own lists differ by
# configuration ("les" is not a French stop word there, and the plain-words configuration has
# none), so the query is cleaned here, once, the same way whatever the interface language.
STOP_WORDS = frozenset(
    """
    le la les un une des du de et ou au aux en dans pour par sur avec sans ce cet cette ces
    mon ma mes ton ta tes son sa ses notre nos votre vos leur leurs qui que quoi je tu il elle
    nous vous ils elles on ne pas plus se est sont suis etre avoir
    der die das den dem des ein eine einer eines einem einen und oder im am auf fur mit von
    vom zu zum zur bei nach aus ist sind ich du er sie es wir ihr nicht auch als wie
    il lo gli uno di del della dei delle degli da con su per che non sono
    the an and or of on at for with to from by is are you he she we they not my your
    """.split()
)


def search_words(query):
    """The words of a query worth searching for: no punctuation, no stop words."""
    words = re.findall(r"\w+", query)
    return [w for w in words if len(w) > 1 and normalize(w) not in STOP_WORDS]


def clean_query(raw):
    """Trim, fold spaces and keep at most MAX_QUERY_LENGTH characters (whole words)."""
    query = re.sub(r"\s+", " ", raw or "").strip()
    truncated = len(query) > MAX_QUERY_LENGTH
    if truncated:
        query = query[:MAX_QUERY_LENGTH].rsplit(" ", 1)[0]
    return query, truncated


def _tsquery_sql():
    # One query per configuration, OR-ed: each must match all the words on its own terms.
    # (The words are already cleaned, so websearch syntax never comes into play.)
    return " || ".join(f"websearch_to_tsquery('{config}', unaccent(%s))" for config in CONFIGS)


def _has_searchable_words(query):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT numnode({_tsquery_sql()})", [query] * len(CONFIGS))
        return cursor.fetchone()[0] > 0


def matching_themes(query, limit=3):
    """Themes whose name or synonym the query names, closely or with a small typo."""
    term = normalize(query)
    if len(term) < 3:
        return []
    # word_similarity: how well the query matches some words of a term ("deuil" in "enfants en
    # deuil" scores 1); similarity prefers the term that is the query itself.
    score = RawSQL("word_similarity(%s, term)", [term], output_field=FloatField())
    whole = RawSQL("similarity(%s, term)", [term], output_field=FloatField())
    best = (
        ThemeTerm.objects.annotate(score=score, whole=whole)
        .filter(score__gte=TERM_SIMILARITY)
        # On a tie, the broader theme (a category) first: it gathers the most groups.
        .order_by("-score", "-whole", F("theme__parent_id").asc(nulls_first=True), "theme_id")
        .values_list("theme_id", "score")[: limit * 4]
    )
    ranked = {}
    for theme_id, score in best:
        ranked.setdefault(theme_id, score)
    ids = list(ranked)[:limit]
    themes = Theme.objects.in_bulk(ids)
    return [themes[pk] for pk in ids if pk in themes]


def search_groups(queryset, raw_query):
    """Filter `queryset` by a free-text query; annotate `rank` for relevance ordering."""
    query, truncated = clean_query(raw_query)
    result = SearchResult(queryset=queryset, query=query, truncated=truncated)
    if not query:
        return result
    words = search_words(query)
    themes = matching_themes(" ".join(words)) if words else []
    result.themes = themes
    if not words:
        result.only_common_words = True
        result.queryset = queryset.none()
        return result

    tsquery = _tsquery_sql()
    params = [" ".join(words)] * len(CONFIGS)
    theme_ids = list(Theme.objects.with_children(t.pk for t in themes).values_list("pk", flat=True))
    # The matching ids as a UNION of two index scans (the GIN index on the vectors, the index
    # on group-theme links): an OR of the two conditions would make PostgreSQL read every row.
    groups, links = Group._meta.db_table, Group.themes.through._meta.db_table
    parts = [f"SELECT id FROM {groups} WHERE search_vector @@ ({tsquery})"]
    part_params = list(params)
    rank_sql = f"coalesce(ts_rank_cd({groups}.search_vector, {tsquery}), 0)"
    rank_params = list(params)
    if theme_ids:
        in_theme = f"SELECT group_id FROM {links} WHERE theme_id = ANY(%s)"
        parts.append(in_theme)
        part_params.append(theme_ids)
        # Naming a theme outranks a passing mention in a description.
        rank_sql = f"({groups}.id IN ({in_theme}))::int + {rank_sql}"
        rank_params = [theme_ids, *rank_params]
    # = ANY(ARRAY(...)): computed once, then looked up by primary key. With "IN (...)" the
    # planner, misjudging how many groups match, reads the whole table to join them.
    matching = RawSQL(
        f"{groups}.id = ANY(ARRAY({' UNION '.join(parts)}))",
        part_params,
        output_field=BooleanField(),
    )
    rank = RawSQL(rank_sql, rank_params, output_field=FloatField())
    result.queryset = queryset.filter(matching).annotate(rank=rank)
    return result
