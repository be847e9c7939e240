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
from django.db.models import BooleanField, Case, IntegerField, Q, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Lower

from kumppanuus.places.models import ContactPerson, Municipality

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


def _municipality_ids(prefixes: list[str]) -> dict[str, list[int]]:
    """The municipalities whose Finnish or Swedish name starts with each prefix."""
    prefixes = [prefix for prefix in prefixes if len(prefix) >= 4]
    if not prefixes:
        return {}
    condition = Q()
    for prefix in prefixes:
        condition |= Q(name_fi__istartswith=prefix) | Q(name_sv__istartswith=prefix)
    found = {prefix: [] for prefix in prefixes}
    for pk, name_fi, name_sv in Municipality.objects.filter(condition).values_list(
        "pk", "name_fi", "name_sv"
    ):
        for prefix in prefixes:
            if name_fi.lower().startswith(prefix) or (name_sv or "").lower().startswith(prefix):
                found[prefix].append(pk)
    return found


def _in_municipalities(ids: list[int]) -> Q:
    through = Association.municipalities.through.objects
    return Q(pk__in=through.filter(municipality_id__in=ids).values("association_id"))


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
    return sum(
        (
            Case(
                When(search_name__contains=f" {prefix}", then=Value(3)),
                When(search_name__contains=prefix, then=Value(2)),
                default=Value(1),
                output_field=IntegerField(),
            )
            for prefix in prefixes
        ),
        start=Value(0, output_field=IntegerField()),
    )


def _stages(queryset, terms: list[str]):
    """The ways to match, most exact first: as written, as compounds, with typos."""
    prefixes = [query_prefix(term) for term in terms]
    places = _municipality_ids(prefixes)
    conditions = []
    for term, prefix in zip(terms, prefixes, strict=True):
        condition = _contains("search_text", prefix)
        if places.get(prefix):
            condition |= _in_municipalities(places[prefix])
        conditions.append((term, condition))
    yield queryset.filter(*(condition for _term, condition in conditions))
    if any(len(term) >= 7 for term in terms):
        yield queryset.filter(
            *(
                condition | _compound(term) if len(term) >= 7 else condition
                for term, condition in conditions
            )
        )
    yield _typo_matches(queryset, terms)


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


def _candidates(queryset, terms: list[str], sort: str) -> Candidates:
    """The ids of at most CANDIDATES matches, ranked.

    In the order of the primary key the database stops at the limit: a broad
    query reads a few thousand rows, not every match in the country. The
    database scores each candidate (_relevance); sorting them in Python gives
    the same order on every database. When the first CANDIDATES matches have
    fewer than a page of name matches, the name matches are looked for too.
    """
    prefixes = [query_prefix(term) for term in terms]
    # Reading a thousand timestamps costs more than the rest of the row: only "newest" needs them.
    fields = ("pk", "name", "relevance") + (("created_at",) if sort == "newest" else ())
    for matches in _stages(queryset, terms):
        matches = matches.annotate(relevance=_relevance(prefixes)).order_by("pk")
        rows = {row[0]: row for row in matches.values_list(*fields)[:CANDIDATES]}
        if not rows:
            continue
        capped = len(rows) == CANDIDATES
        in_name = sum(1 for row in rows.values() if row[2] >= 2 * len(prefixes))
        if capped and in_name < NAME_MATCHES_WANTED:
            named = matches
            for prefix in prefixes:
                named = named.filter(search_name__contains=prefix)
            rows.update((row[0], row) for row in named.values_list(*fields)[:NAME_MATCHES_WANTED])
        ranked = Candidates(_ranked(rows.values(), sort))
        ranked.capped = capped
        return ranked
    return Candidates()


def association_search(*, queryset=None, query: str = "", sort: str = "", bounded=True):
    """Filter and order associations by a free-text query.

    Returns a queryset, ordered by relevance when there is a query and sort is
    empty or 'relevance'. Bounded (for pages), a search returns the list of the
    ids of its ranked candidates instead (see _candidates); an export keeps all.
    """
    queryset = Association.objects.public() if queryset is None else queryset
    terms = search_terms(query)
    prefixes = []
    if terms:
        business_id = _business_id(query)
        if business_id:
            queryset = queryset.filter(business_id=business_id)
        elif bounded:
            return _candidates(queryset, terms, sort)
        else:
            prefixes = [query_prefix(term) for term in terms]
            for matches in _stages(queryset, terms):
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
# whether it descends; the row's id breaks ties the same way (see keyset_ids).
_TABLE = '"associations_association"'
_ORDER_KEYS = {
    "-name": (f'LOWER({_TABLE}."name")', True),
    "newest": (f'{_TABLE}."created_at"', True),
}
_NAME_KEY = (f'LOWER({_TABLE}."name")', False)


def keyset_ids(queryset, sort: str, cursor: int, size: int, *, backwards=False) -> list[int]:
    """The ids of the size rows after (or before) the row `cursor` in the list's order.

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
    rows = queryset.filter(RawSQL(condition, [cursor], output_field=BooleanField()))
    if backwards:
        return list(reversed(rows.reverse().values_list("pk", flat=True)[:size]))
    return list(rows.values_list("pk", flat=True)[:size])


def directory(*, query="", municipality=None, field=None, target=None, sort="", bounded=True):
    queryset = Association.objects.public()
    if municipality is not None:
        queryset = queryset.filter(municipalities=municipality)
    if field is not None:
        queryset = queryset.filter(fields=field)
    if target is not None:
        queryset = queryset.filter(target_groups=target)
    return association_search(queryset=queryset, query=query, sort=sort, bounded=bounded)


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


def public_contact_persons(municipality=None):
    """Contact persons shown to everyone: they agreed to it and their account is in use."""
    contacts = ContactPerson.objects.filter(is_public=True, user__is_active=True)
    if municipality is not None:
        contacts = contacts.filter(municipality=municipality)
    return contacts.select_related("user")
