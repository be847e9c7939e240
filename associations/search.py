"""The stored search document of an association."""

from django.contrib.postgres.search import SearchVectorField
from django.db.models import Func


class FinnishSearchDocument(Func):
    """to_tsvector('finnish', …) of the given text columns, on PostgreSQL.

    The `finnish` configuration is named explicitly because the server default
    is often `english`. Other databases store NULL: their search does not use it.
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
