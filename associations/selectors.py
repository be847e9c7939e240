"""Reads of the association directory.

The search is the same on every database: each word of the query, stemmed and
cut to a prefix (associations.search), must occur in the association's stored
search text. A query that is a business ID finds that association. Only when
nothing matches does the search try again, first splitting long words into
compounds ("kyläyhdistykset": "kylä" and "yhdistys"), then allowing typos
(trigram similarity on PostgreSQL, difflib on the small data of other
databases). A word that starts a municipality's Finnish or Swedish name
("Libelits") also finds the associations that work there.

A broad query ranks only the first CANDIDATES matches it finds (and, if those
have fewer than a page of name matches, the first name matches too), and the
directory pages through at most MAX_RESULTS rows, so a search is fast however
many associations match.
"""

import difflib
import re

from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import BooleanField, Case, F, IntegerField, Q, Subquery, Value, When
from django.db.models.expressions import Expression, RawSQL
from django.db.models.functions import Lower
from django.utils.functional import SimpleLazyObject

from kumppanuus import paging
from kumppanuus.compiled import CompiledQuery
from kumppanuus.places.models import Municipality

from .models import Association, FieldOfActivity, TargetGroup
from .search import query_prefix, search_terms
from .validators import normalize_business_id

CANDIDATES = 500
NAME_MATCHES_WANTED = 20
MAX_RESULTS = 1000
BUSINESS_ID = re.compile(r"^\s*(fi)?\s*\d{7}-?\d\s*$", re.IGNORECASE)
TYPO_VOCABULARY_LIMIT = 20_000


def _business_id(query: str) -> str | None:
    if not BUSINESS_ID.match(query or ""):
        return None
    try:
        return normalize_business_id(query)
    except ValidationError:
        return None


def _contains(field: str, prefix: str) -> Q:
    # Short prefixes only match at the start of a word: "ry" is not inside every name.
    if len(prefix) < 3:
        return Q(**{f"{field}__contains": f" {prefix}"})
    return Q(**{f"{field}__contains": prefix})


class _AnyOf(Expression):
    """lhs is one of the values of a subquery: ``lhs = ANY(ARRAY(subquery))`` on
    PostgreSQL, ``lhs IN (subquery)`` elsewhere.

    In an OR beside a condition that a trigram index serves, PostgreSQL runs the
    subquery once (an InitPlan) and can look its values up in an index: the two
    conditions become a BitmapOr. ``IN (subquery)`` there becomes a hashed SubPlan
    that is checked row by row, which walks the whole table when few rows match.
    """

    output_field = BooleanField()

    def __init__(self, lhs, queryset):
        super().__init__()
        self.lhs = lhs
        self.subquery = Subquery(queryset)

    def get_source_expressions(self):
        return [self.lhs, self.subquery]

    def set_source_expressions(self, expressions):
        self.lhs, self.subquery = expressions

    def as_sql(self, compiler, connection, template="{lhs} IN {subquery}"):
        lhs_sql, lhs_params = compiler.compile(self.lhs)
        subquery_sql, subquery_params = compiler.compile(self.subquery)
        sql = template.format(lhs=lhs_sql, subquery=subquery_sql)
        return sql, (*lhs_params, *subquery_params)

    def as_postgresql(self, compiler, connection):
        return self.as_sql(compiler, connection, template="{lhs} = ANY(ARRAY{subquery})")


def _in_municipalities_named(prefix: str) -> Q:
    """The associations working in a municipality whose Finnish or Swedish name starts
    with the prefix (a word of at least 4 letters: "Libelits", "Joensuussa")."""
    through = Association.municipalities.through.objects
    named = through.filter(
        Q(municipality__name_fi__istartswith=prefix) | Q(municipality__name_sv__istartswith=prefix)
    )
    return Q(_AnyOf(F("pk"), named.values("association_id")))


SHORT, WORD, PLACE = 0, 1, 2


def _kind(prefix: str) -> int:
    """How a query word's prefix is matched (_matches): by its length."""
    return SHORT if len(prefix) < 3 else WORD if len(prefix) < 4 else PLACE


def _matches(prefix: str, spaced: str, kind: int) -> Q:
    """A query word's condition: its prefix in the search text (a SHORT one only at
    the start of a word, " ry", given as spaced) or, for a PLACE (four letters or
    more), the start of the name of a municipality the association works in."""
    condition = Q(search_text__contains=spaced if kind == SHORT else prefix)
    if kind == PLACE:
        condition |= _in_municipalities_named(prefix)
    return condition


def _compound(term: str) -> Q:
    """The term as the start of a word and a second word anywhere.

    'kyläyhdistykset' finds 'kylätoimintayhdistys' as 'kylä…' and '…yhdisty…'.
    """
    condition = Q()
    for cut in range(3, len(term) - 3):
        left, right = term[:cut], query_prefix(term[cut:])
        if len(right) >= 4:
            condition |= Q(search_text__contains=f" {left}") & _contains("search_text", right)
    return condition


def _close_words(queryset, terms: list[str]) -> dict[str, list[str]]:
    """Words of the names like each term, for databases without trigrams (small data)."""
    vocabulary = set()
    for text in queryset.values_list("search_name", flat=True)[:TYPO_VOCABULARY_LIMIT]:
        vocabulary.update(text.split())
    return {
        term: difflib.get_close_matches(term, vocabulary, n=5, cutoff=0.75)
        for term in terms
        if len(term) >= 4
    }


def _typo_matches(queryset, terms: list[str]):
    if connection.vendor == "postgresql":
        condition = Q()
        for term in terms:
            condition &= Q(name__trigram_word_similar=term)
        return queryset.filter(condition)
    close = _close_words(queryset, terms)
    condition = Q()
    for term in terms:
        alternatives = Q(pk__in=[])
        for word in close.get(term, []):
            alternatives |= Q(search_name__contains=f" {word} ")
        condition &= alternatives
    return queryset.filter(condition)


def _relevance(prefixes: list[str]):
    """3 for a word that starts a word of the name, 2 inside the name, 1 elsewhere."""
    return _relevance_of([(f" {prefix}", prefix) for prefix in prefixes])


def _relevance_of(patterns: list[tuple[str, str]]):
    """_relevance of each prefix given as (" prefix", "prefix")."""
    return sum(
        (
            Case(
                When(search_name__contains=spaced, then=Value(3)),
                When(search_name__contains=bare, then=Value(2)),
                default=Value(1),
                output_field=IntegerField(),
            )
            for spaced, bare in patterns
        ),
        start=Value(0, output_field=IntegerField()),
    )


def _stages(queryset, terms: list[str]):
    """The ways to match, most exact first: as written, as compounds, with typos.

    Each is a function that builds its queryset (a search that ends in the first
    need not build the others).
    """

    def conditions():
        for term in terms:
            prefix = query_prefix(term)
            yield term, _matches(prefix, f" {prefix}", _kind(prefix))

    yield lambda: queryset.filter(*(condition for _term, condition in conditions()))
    if any(len(term) >= 7 for term in terms):
        yield lambda: queryset.filter(
            *(
                condition | _compound(term) if len(term) >= 7 else condition
                for term, condition in conditions()
            )
        )
    yield lambda: _typo_matches(queryset, terms)


def _ranked(rows, sort: str) -> list[int]:
    """Candidate ids in the page's order; rows are (pk, name, relevance[, created_at])."""
    if sort == "-name":
        rows = sorted(rows, key=lambda row: (row[1].lower(), row[0]), reverse=True)
    elif sort == "newest":
        rows = sorted(rows, key=lambda row: (row[3], row[0]), reverse=True)
    elif sort in ("", "relevance"):
        rows = sorted(rows, key=lambda row: (-row[2], row[1].lower(), row[0]))
    else:
        rows = sorted(rows, key=lambda row: (row[1].lower(), row[0]))
    return [row[0] for row in rows]


class Candidates(list):
    """Ranked ids of a search; capped when the search stopped at CANDIDATES."""

    capped = False


# The directory's filters: the name of each and the relation it filters on.
FILTERS = {"municipality": "municipalities", "field": "fields", "target": "target_groups"}
_CANDIDATE_QUERIES: dict[tuple, CompiledQuery] = {}


def _candidate_query(filters: tuple[str, ...], kinds: tuple[int, ...], newest, named, limit):
    """The first stage of _candidates as a CompiledQuery, one per shape.

    The shape: the filters used (names of FILTERS), the kind of each query word
    (_kind), whether "newest" needs the creation time, whether only name
    matches count, and the limit. Parameters: each filter's id, and each word's
    prefix as it is (bare0, …) and as the start of a word (spaced0, …: " prefix").
    """
    key = (filters, kinds, newest, named, limit)
    query = _CANDIDATE_QUERIES.get(key)
    if query is None:
        words = range(len(kinds))

        def build(**values):
            matches = Association.objects.public()
            for name in filters:
                matches = matches.filter(**{FILTERS[name]: values[name]})
            patterns = [(values[f"spaced{word}"], values[f"bare{word}"]) for word in words]
            matches = matches.filter(
                *(
                    _matches(bare, spaced, kind)
                    for (spaced, bare), kind in zip(patterns, kinds, strict=True)
                )
            )
            if named:
                for _spaced, bare in patterns:
                    matches = matches.filter(search_name__contains=bare)
            fields = ("pk", "name", "relevance") + (("created_at",) if newest else ())
            relevance = _relevance_of(patterns)
            return matches.annotate(relevance=relevance).order_by("pk").values(*fields)[:limit]

        types = dict.fromkeys(filters, int)
        for word in words:
            types.update({f"spaced{word}": str, f"bare{word}": str})
        query = _CANDIDATE_QUERIES[key] = CompiledQuery(build, **types)
    return query


def _compiled_matches(filters: dict, prefixes: list[str], fields, *, named=False, limit):
    """The rows (as values_list gives them) of the first stage, by its CompiledQuery."""
    kinds = tuple(_kind(prefix) for prefix in prefixes)
    query = _candidate_query(tuple(filters), kinds, "created_at" in fields, named, limit)
    values = dict(filters)
    for word, prefix in enumerate(prefixes):
        values[f"spaced{word}"] = f" {prefix}"
        values[f"bare{word}"] = prefix
    return query.tuples(**values)


def _candidates(queryset, terms: list[str], sort: str, filters=None) -> Candidates:
    """The ids of at most CANDIDATES matches, ranked.

    In the order of the primary key the database stops at the limit: a broad
    query reads a few thousand rows, not every match in the country. The
    database scores each candidate (_relevance); sorting them in Python gives
    the same order on every database. When the first CANDIDATES matches have
    fewer than a page of name matches, the name matches are looked for too.

    filters ({name in FILTERS: id}) says that queryset is the public
    associations with those filters: the first stage, the one nearly every
    search ends in, then runs as a CompiledQuery; the rest through the ORM.
    """
    prefixes = [query_prefix(term) for term in terms]
    # Reading a thousand timestamps costs more than the rest of the row: only "newest" needs them.
    fields = ("pk", "name", "relevance") + (("created_at",) if sort == "newest" else ())
    compiled = filters is not None
    for stage, build in enumerate(_stages(queryset, terms)):
        if compiled and stage == 0:
            matches = None
            found = _compiled_matches(filters, prefixes, fields, limit=CANDIDATES)
        else:
            matches = build().annotate(relevance=_relevance(prefixes)).order_by("pk")
            found = matches.values_list(*fields)[:CANDIDATES]
        rows = {row[0]: row for row in found}
        if not rows:
            continue
        capped = len(rows) == CANDIDATES
        in_name = sum(1 for row in rows.values() if row[2] >= 2 * len(prefixes))
        if capped and in_name < NAME_MATCHES_WANTED:
            if compiled and stage == 0:
                found = _compiled_matches(
                    filters, prefixes, fields, named=True, limit=NAME_MATCHES_WANTED
                )
            else:
                named = matches
                for prefix in prefixes:
                    named = named.filter(search_name__contains=prefix)
                found = named.values_list(*fields)[:NAME_MATCHES_WANTED]
            rows.update((row[0], row) for row in found)
        ranked = Candidates(_ranked(rows.values(), sort))
        ranked.capped = capped
        return ranked
    return Candidates()


def association_search(
    *, queryset=None, query: str = "", sort: str = "", bounded=True, filters=None
):
    """Filter and order associations by a free-text query.

    Returns a queryset, ordered by relevance when there is a query and sort is
    empty or 'relevance'. Bounded (for pages), a search returns the list of the
    ids of its ranked candidates instead (see _candidates); an export keeps all.
    filters ({name in FILTERS: id}) says what the queryset is (see _candidates).
    """
    if queryset is None:
        queryset = Association.objects.public()
        filters = {} if filters is None else filters
    terms = search_terms(query)
    prefixes = []
    if terms:
        business_id = _business_id(query)
        if business_id:
            queryset = queryset.filter(business_id=business_id)
        elif bounded:
            return _candidates(queryset, terms, sort, filters)
        else:
            prefixes = [query_prefix(term) for term in terms]
            for build in _stages(queryset, terms):
                matches = build()
                if matches.exists():
                    break
            queryset = matches
        queryset = queryset.annotate(relevance=_relevance(prefixes))
    if sort == "-name":
        return queryset.order_by(Lower("name").desc(), "-pk")
    if sort == "newest":
        return queryset.order_by("-created_at", "-pk")
    if terms and sort in ("", "relevance"):
        return queryset.order_by("-relevance", Lower("name"), "pk")
    return queryset.order_by(Lower("name"), "pk")


# The key of each order of a directory list (SQL over the association table) and
# whether it descends; the row's id breaks ties the same way (see DirectoryRows.keyset).
_TABLE = '"associations_association"'
_ORDER_KEYS = {
    "-name": (f'LOWER({_TABLE}."name")', True),
    "newest": (f'{_TABLE}."created_at"', True),
}
_NAME_KEY = (f'LOWER({_TABLE}."name")', False)


def _keyset_condition(sort: str, cursor: int, backwards: bool) -> RawSQL:
    """The rows after (or before) the row `cursor` in the list's order.

    A page reached by "next" or "previous" reads only its own rows, however deep
    it is: the rows past the cursor's (key, id) come straight from the index in
    the list's order, where an offset would walk every row before them. An
    unknown cursor gives no rows.
    """
    key, descending = _ORDER_KEYS.get(sort, _NAME_KEY)
    later = "<" if descending else ">"
    earlier = ">" if descending else "<"
    condition = (
        f'({key}, {_TABLE}."id") {earlier if backwards else later} '
        f'(SELECT {key}, {_TABLE}."id" FROM {_TABLE} WHERE {_TABLE}."id" = %s)'
    )
    return RawSQL(condition, [cursor], output_field=BooleanField())


_ORDERS = {"-name": (Lower("name").desc(), "-pk"), "newest": ("-created_at", "-pk")}
_NAME_ORDER = (Lower("name"), "pk")
_LIST_QUERIES: dict[tuple, CompiledQuery] = {}
# How many ids a page by its number reads: the end of the page rounded up to one
# of these (a query per length), then the limit + 1.
_READS = (20, 40, 80, 160, 320, 640)


def _list_query(filters: tuple[str, ...], sort: str, kind: str, size: int = 0) -> CompiledQuery:
    """A CompiledQuery of the ids of a directory list without a query.

    kind "count": its ids in no order (to count); "first": its first size ids in
    order; "after" and "before": the size ids after or before the row `cursor`
    in its order (_keyset_condition).
    """
    key = (filters, sort, kind, size)
    query = _LIST_QUERIES.get(key)
    if query is None:

        def build(**values):
            rows = Association.objects.public()
            for name in filters:
                rows = rows.filter(**{FILTERS[name]: values[name]})
            if kind == "count":
                return rows.order_by().values("pk")[:size]
            rows = rows.order_by(*_ORDERS.get(sort, _NAME_ORDER))
            if kind != "first":
                rows = rows.filter(_keyset_condition(sort, values["cursor"], kind == "before"))
                if kind == "before":
                    rows = rows.reverse()
            return rows.values("pk")[:size]

        types = dict.fromkeys(filters, int)
        if kind in ("after", "before"):
            types["cursor"] = int
        query = _LIST_QUERIES[key] = CompiledQuery(build, **types)
    return query


class DirectoryRows:
    """The ids of a directory list without a query, in its order, for BoundedPaginator.

    Read by compiled queries: count_upto(n) counts, a slice reads the first
    ids, keyset() the ids past a row. What the pages learn (the count and the
    first ids) is kept in a kumppanuus.paging.ListWindow until an association
    changes, so that a bookmarked deep page needs no walk and no page a count.
    """

    def __init__(self, filters: dict, sort: str):
        self.filters = filters
        self.sort = sort if sort in _ORDERS else "name"
        self.window = None
        self.limit = 0

    def _query(self, kind, size=0):
        return _list_query(tuple(self.filters), self.sort, kind, size)

    def _complete(self) -> bool:
        """Whether the window holds every id of the list."""
        window = self.window
        return (
            window is not None
            and window.found is not None
            and window.found <= self.limit
            and len(window.ids) == window.found
        )

    def count_upto(self, n: int) -> int:
        if self.window is None:
            self.limit = n - 1
            shape = (tuple(sorted(self.filters.items())), self.sort, self.limit)
            self.window = paging.ListWindow("directory", shape, topics=("associations",))
        window = self.window
        if window.found is None:
            window.learn(found=self._query("count", n).count(**self.filters))
        return window.found

    def __getitem__(self, part: slice):
        """The ids of the slice, read when first used (a page reached by "next" or
        "previous" reads its ids with keyset() instead)."""
        return SimpleLazyObject(lambda: self._read(part))

    def _read(self, part: slice) -> list[int]:
        window = self.window
        if window is None or (len(window.ids) < part.stop and not self._complete()):
            size = next((read for read in _READS if read >= part.stop), part.stop)
            ids = [row[0] for row in self._query("first", size).tuples(**self.filters)]
            if window is None:
                return ids[part]
            window.learn(ids=ids)
        return window.ids[part]

    def keyset(self, cursor: int, size: int, *, backwards=False) -> list[int]:
        """The size ids after (or before) the row `cursor` (_keyset_condition)."""
        ids = self.window.ids if self.window is not None else []
        position = ids.index(cursor) if cursor in ids else None
        if position is not None and backwards:
            return ids[max(0, position - size) : position]
        if position is not None and (position + 1 + size <= len(ids) or self._complete()):
            return ids[position + 1 : position + 1 + size]
        query = self._query("before" if backwards else "after", size)
        found = [row[0] for row in query.tuples(**self.filters, cursor=cursor)]
        if backwards:
            return found[::-1]
        if ids and position == len(ids) - 1:
            # The ids that follow the run the window keeps: a walk by "next" extends it.
            self.window.learn(ids=ids + found)
        return found


def directory(*, query="", municipality=None, field=None, target=None, sort="", bounded=True):
    """The directory's list: a queryset, the ranked ids of a search (bounded), or
    DirectoryRows (bounded, without a query)."""
    filters = {}
    for name, chosen in (("municipality", municipality), ("field", field), ("target", target)):
        if chosen is not None:
            filters[name] = chosen.pk
    if bounded and not search_terms(query):
        return DirectoryRows(filters, sort)
    queryset = Association.objects.public()
    for name, chosen in (("municipality", municipality), ("field", field), ("target", target)):
        if chosen is not None:
            queryset = queryset.filter(**{FILTERS[name]: chosen})
    return association_search(
        queryset=queryset, query=query, sort=sort, bounded=bounded, filters=filters
    )


def _relations_sql() -> str:
    """The UNION of an association's municipalities, fields and target groups, as SQL.

    Written out because the ORM took four times as long to build the three-part
    UNION as the database took to run it, on the most visited public page. The
    table and column names come from the models. Each row: kind, code or slug,
    the names in Finnish, Swedish and English, and the list order.
    """
    quote = connection.ops.quote_name
    parts = []
    for kind, model, through, target, key, names, order in (
        (
            "m",
            Municipality,
            Association.municipalities.through,
            "municipality_id",
            "code",
            ("name_fi", "name_sv", "name_fi"),
            None,
        ),
        (
            "f",
            FieldOfActivity,
            Association.fields.through,
            "fieldofactivity_id",
            "slug",
            ("name_fi", "name_sv", "name_en"),
            "order",
        ),
        (
            "t",
            TargetGroup,
            Association.target_groups.through,
            "targetgroup_id",
            "slug",
            ("name_fi", "name_sv", "name_en"),
            "order",
        ),
    ):
        columns = ", ".join(f"t.{quote(column)}" for column in (key, *names))
        parts.append(
            f"SELECT '{kind}', {columns}, {f't.{quote(order)}' if order else '0'} "
            f"FROM {quote(model._meta.db_table)} t "
            f"JOIN {quote(through._meta.db_table)} l ON l.{quote(target)} = t.{quote('id')} "
            f"WHERE l.{quote('association_id')} = %s"
        )
    return " UNION ALL ".join(parts)


def association_relations(association):
    """The association's municipalities, fields of activity and target groups, in one query.

    Its public page shows all three; read as one UNION of plain values (instead
    of three prefetches) and made into unsaved objects that name and link
    themselves.
    """
    with connection.cursor() as cursor:
        cursor.execute(_relations_sql(), [association.pk] * 3)
        rows = cursor.fetchall()
    found = {"m": [], "f": [], "t": []}
    for kind, key, name_fi, name_sv, name_en, _order in sorted(
        rows, key=lambda row: (row[5], row[2], row[1])
    ):
        if kind == "m":
            found[kind].append(Municipality(code=key, name_fi=name_fi, name_sv=name_sv))
        else:
            model = FieldOfActivity if kind == "f" else TargetGroup
            found[kind].append(model(slug=key, name_fi=name_fi, name_sv=name_sv, name_en=name_en))
    return found["m"], found["f"], found["t"]
