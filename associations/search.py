"""The stored search text of an association and the words of a query.

The same search runs on PostgreSQL and SQLite: each association stores its
words in lower case, with the Finnish and Swedish Snowball stems that are not
already a prefix of the word ("outokummun" stems to "outokumu"), and its
business ID in the forms people type. A query word is stemmed the same way
and cut to a prefix (`prefix_of`), then looked for anywhere in the stored text,
so that inflected forms meet their base form and a word is found inside a
compound ("urheiluyhdistys").
"""

import re
from functools import lru_cache

import snowballstemmer
from django.contrib.postgres.search import SearchVectorField
from django.db.models import Func

WORD = re.compile(r"\w+", re.UNICODE)
MAX_TERMS = 8
_FINNISH = snowballstemmer.stemmer("finnish")
_SWEDISH = snowballstemmer.stemmer("swedish")


def words(text: str) -> list[str]:
    """The words of a text in lower case: letters and digits only."""
    return [word.lower() for word in WORD.findall((text or "").replace("_", " "))]


@lru_cache(maxsize=50_000)
def _word_forms(word: str) -> tuple[str, ...]:
    forms = [word]
    for stem in (_FINNISH.stemWord(word), _SWEDISH.stemWord(word)):
        if stem and not word.startswith(stem) and stem not in forms:
            forms.append(stem)
    return tuple(forms)


def search_text(*texts: str, business_id: str | None = None) -> str:
    """The stored text: every distinct word form, separated and surrounded by spaces.

    The surrounding spaces let a query look for the start of a word (" 123").
    """
    seen: dict[str, None] = {}
    for text in texts:
        for word in words(text):
            for form in _word_forms(word):
                seen.setdefault(form, None)
    if business_id:
        digits = business_id.replace("-", "")
        for form in (business_id, digits, f"fi{digits}"):
            seen.setdefault(form.lower(), None)
    return f" {' '.join(seen)} " if seen else ""


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


def query_prefix(term: str) -> str:
    """What a query word is looked for as: the prefix of its Finnish stem."""
    return prefix_of(_FINNISH.stemWord(term) or term)


def search_terms(query: str) -> list[str]:
    """The words of a query (at most MAX_TERMS), safe to put in a LIKE pattern."""
    return words(query)[:MAX_TERMS]


class FinnishSearchDocument(Func):
    """to_tsvector('finnish', …): kept because migration 0003 refers to it.

    The directory no longer uses a tsvector (migration 0006 removes the column);
    the stored search text above serves both databases.
    """

    output_field = SearchVectorField()

    def as_sql(self, compiler, connection, **extra_context):
        return "NULL", []

    def as_postgresql(self, compiler, connection, **extra_context):
        parts, params = [], []
        for expression in self.source_expressions:
            sql, expression_params = compiler.compile(expression)
            parts.append(f"COALESCE({sql}, '')")
            params.extend(expression_params)
        document = " || ' ' || ".join(parts)
        return f"to_tsvector('finnish'::regconfig, {document})", params
