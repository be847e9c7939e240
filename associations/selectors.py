"""Reads of the association directory.

On PostgreSQL the search matches Finnish full-text search on the stored
search document (associations.search, by prefix so that inflected words find
their base forms) or a regular expression on the name (inside compound
words); only when neither finds anything does it look for names with a typo
(trigram similarity). GIN indexes of migration 0004 serve all three.
SQLite gets a simple substring fallback.
"""

import re

from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramWordSimilarity
from django.db import connection
from django.db.models import F, FloatField, Q, Value
from django.db.models.functions import Lower

from kumppanuus.places.models import ContactPerson

from .models import Association

WORD = re.compile(r"\w+", re.UNICODE)
MAX_TERMS = 8


def search_terms(query: str) -> list[str]:
    """The words of a query: letters and digits only, so they are safe in tsquery and regex."""
    return [word.lower() for word in WORD.findall((query or "").replace("_", " "))][:MAX_TERMS]


def prefix_of(stem: str) -> str:
    """Cut a stem so that inflected forms meet their base form.

    Snowball stems 'yhdistyksen' to 'yhdistyks' but 'yhdistys' to 'yhdistys';
    consonant gradation and case endings change the end of a Finnish word, so
    the search matches on a shorter prefix of longer stems.
    """
    if len(stem) >= 8:
        return stem[:-2]
    if len(stem) >= 6:
        return stem[:-1]
    return stem


def _finnish_stems(terms: list[str]) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT coalesce((ts_lexize('finnish_stem', t))[1], t) "
            "FROM unnest(%s::text[]) WITH ORDINALITY AS u(t, n) ORDER BY n",
            [terms],
        )
        return [row[0] for row in cursor.fetchall()]


def association_search(*, queryset=None, query: str = "", sort: str = ""):
    """Filter and order associations by a free-text query.

    Returns the queryset ordered by relevance when there is a query and sort is
    empty or 'relevance'.
    """
    queryset = Association.objects.public() if queryset is None else queryset
    terms = search_terms(query)
    if terms:
        if connection.vendor == "postgresql":
            prefixes = [prefix_of(stem) for stem in _finnish_stems(terms)]
            ts_query = SearchQuery(
                " & ".join(f"{prefix}:*" for prefix in prefixes),
                config="simple",
                search_type="raw",
            )
            # Inside a compound word ("urheiluyhdistys"): a regular expression
            # match on the name, which the trigram index serves too.
            inside_name = Q()
            for prefix in prefixes:
                inside_name &= Q(name__iregex=prefix)
            matches = queryset.filter(Q(search_document=ts_query) | inside_name)
            if matches.exists():
                queryset = matches.annotate(relevance=SearchRank(F("search_document"), ts_query))
            else:
                # Nothing matches the words as written: look for a name with a typo.
                phrase = " ".join(terms)
                queryset = queryset.filter(name__trigram_word_similar=phrase).annotate(
                    relevance=TrigramWordSimilarity(phrase, "name")
                )
        else:
            for term in terms:
                prefix = prefix_of(term)
                queryset = queryset.filter(
                    Q(name__icontains=prefix)
                    | Q(name_sv__icontains=prefix)
                    | Q(description__icontains=prefix)
                )
            queryset = queryset.annotate(relevance=Value(1.0, output_field=FloatField()))
    if sort == "-name":
        return queryset.order_by(Lower("name").desc(), "-pk")
    if sort == "newest":
        return queryset.order_by("-created_at", "-pk")
    if terms and sort in ("", "relevance"):
        return queryset.order_by("-relevance", Lower("name"), "pk")
    return queryset.order_by(Lower("name"), "pk")


def directory(*, query="", municipality=None, field=None, target=None, sort=""):
    queryset = Association.objects.public()
    if municipality is not None:
        queryset = queryset.filter(municipalities=municipality)
    if field is not None:
        queryset = queryset.filter(fields=field)
    if target is not None:
        queryset = queryset.filter(target_groups=target)
    return association_search(queryset=queryset, query=query, sort=sort)


def public_contact_persons(municipality=None):
    """Contact persons shown to everyone: they agreed to it and their account is in use."""
    contacts = ContactPerson.objects.filter(is_public=True, user__is_active=True)
    if municipality is not None:
        contacts = contacts.filter(municipality=municipality)
    return contacts.select_related("user")
