"""Hot read queries that the ORM builds and compiles once per database connection.

Django builds and compiles a query anew on every call. For the short queries
of a busy page that is 0.5–1 ms of Python each, several times what PostgreSQL
needs to run them. A CompiledQuery builds its ``values()`` query once per
connection, keeps the SQL and the ORM's compiler (for its converters), and
runs the SQL with each call's values:

    COMING = CompiledQuery(
        lambda forum, now, since: Meeting.objects.filter(
            forum=forum, ends_at__gte=now, starts_at__gte=since
        ).values("pk", "title", "starts_at").order_by("starts_at", "pk")[:5],
        forum=int, now=datetime, since=datetime,
    )
    rows = COMING(forum=forum.pk, now=now, since=now - MAX_DURATION)  # a list of dicts
    COMING.tuples(forum=…, now=…, since=…)  # the same rows as tuples, as values_list()
    COMING.count(forum=…, now=…, since=…)  # how many rows: 5 at most here

The builder must depend on its parameters only (not on the language, the
settings or the clock), and the query's shape, its SQL, must not depend on
their values: each call binds its values to the same SQL. On the first call
the builder runs twice with two sets of sample values; a query whose SQL
differs between them, or that holds a value which changes but is no
parameter (computed from one, or read from the clock), raises
ImproperlyConfigured there instead of freezing the value, and so does a
parameter that does not reach the SQL. Parameters are int, str, date or
datetime compared as they are (exact, ranges); a str may also be the pattern
of ``__contains``, ``__startswith`` or ``__endswith`` (or their ``i`` forms,
or ``__iexact``): each call's value is escaped and wrapped as the lookup
does. A list (``__in``) is a parameter per item, ``pk__in=[first, second]``,
one query per length (repeat an item to fill a longer one).
"""

from datetime import UTC, date, datetime
from weakref import WeakKeyDictionary

from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models.query import ValuesIterable

# Sample values unlikely to appear in a query by chance, with no component a
# computed value (a day's start, a rounded hour) would keep: k-th build, i-th
# parameter. Integers are positive and within a small integer field's range:
# Django drops a condition whose value is out of its field's range.
_SAMPLES = {
    int: lambda k, i: 23_011 + 6_006 * k + i,
    # With a character that a LIKE pattern escapes, so that the escaping is seen.
    str: lambda k, i: f"\x1fstatement_sample-{k}-{i}",
    date: lambda k, i: date(1917 + 7 * k, 3 + i % 9, 11 + k + i // 9),
    datetime: lambda k, i: datetime(
        1917 + 7 * k, 3 + i % 9, 11 + k + i // 9, 13, 17, 19, 123_457 + i, UTC
    ),
}


def _adapters(connection, kind):
    """How the backend may have turned a value of the kind into a query parameter."""
    ops = connection.ops
    if kind is datetime:
        return (lambda value: value, ops.adapt_datetimefield_value)
    if kind is date:
        return (lambda value: value, ops.adapt_datefield_value)
    if kind is str:
        like = ops.prep_for_like_query
        return (
            lambda value: value,
            like,  # __iexact
            lambda value: f"%{like(value)}%",  # __contains, __icontains
            lambda value: f"{like(value)}%",  # __startswith, __istartswith
            lambda value: f"%{like(value)}",  # __endswith, __iendswith
        )
    return (lambda value: value,)


class _Slot(tuple):
    """A query parameter bound to a CompiledQuery parameter: (name, adapter)."""


class _Compiled:
    def __init__(self, compiler, sql, names, slots):
        self.compiler = compiler
        self.sql = sql
        self.names = names
        # Each query parameter: a constant, or (parameter name, adapter).
        self.slots = slots

    def run(self, values) -> list[dict]:
        names = self.names
        return [dict(zip(names, row, strict=True)) for row in self.tuples(values)]

    def params(self, values) -> list:
        return [
            slot[1](values[slot[0]]) if isinstance(slot, _Slot) else slot for slot in self.slots
        ]

    def tuples(self, values):
        params, sql = self.params(values), self.sql
        self.compiler.as_sql = lambda *args, **kwargs: (sql, params)
        return self.compiler.results_iter(tuple_expected=True)

    def count(self, values) -> int:
        with self.compiler.connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM ({self.sql}) subquery", self.params(values))
            return cursor.fetchone()[0]


class CompiledQuery:
    def __init__(self, build, **types):
        unknown = {name for name, kind in types.items() if kind not in _SAMPLES}
        if unknown:
            raise TypeError(
                f"CompiledQuery parameters must be int, str, date or datetime: {unknown}"
            )
        self.build = build
        self.types = types
        self._compiled = WeakKeyDictionary()

    def __call__(self, *, using=DEFAULT_DB_ALIAS, **values) -> list[dict]:
        return self._compiled_for(using, values).run(values)

    def tuples(self, *, using=DEFAULT_DB_ALIAS, **values) -> list[tuple]:
        """The rows as tuples in the order of the columns, as values_list() gives them."""
        return list(self._compiled_for(using, values).tuples(values))

    def count(self, *, using=DEFAULT_DB_ALIAS, **values) -> int:
        """How many rows the query gives (as a count of its sliced queryset would)."""
        return self._compiled_for(using, values).count(values)

    def _compiled_for(self, using, values) -> _Compiled:
        if values.keys() != self.types.keys():
            raise TypeError(f"CompiledQuery takes {sorted(self.types)}, got {sorted(values)}")
        connection = connections[using]
        compiled = self._compiled.get(connection)
        if compiled is None:
            compiled = self._compiled[connection] = self._compile(connection, using)
        return compiled

    def _build(self, using, k):
        samples = {name: _SAMPLES[kind](k, i) for i, (name, kind) in enumerate(self.types.items())}
        queryset = self.build(**samples).using(using)
        if queryset._iterable_class is not ValuesIterable:
            raise ImproperlyConfigured("A CompiledQuery's builder returns a values() queryset.")
        compiler = queryset.query.get_compiler(using=using)
        sql, params = compiler.as_sql()
        return queryset, compiler, sql, list(params), samples

    def _compile(self, connection, using) -> _Compiled:
        queryset, compiler, sql, params, samples = self._build(using, 0)
        _, _, other_sql, other_params, other_samples = self._build(using, 1)
        if sql != other_sql or len(params) != len(other_params):
            raise ImproperlyConfigured(
                "A CompiledQuery's SQL depends on its parameters' values; give each shape its own."
            )
        slots = []
        for value, other in zip(params, other_params, strict=True):
            slot = next(
                (
                    _Slot((name, adapt))
                    for name, kind in self.types.items()
                    for adapt in _adapters(connection, kind)
                    if adapt(samples[name]) == value and adapt(other_samples[name]) == other
                ),
                None,
            )
            if slot is None and value != other:
                raise ImproperlyConfigured(
                    f"A value in the query changes between calls but is no "
                    f"parameter ({value!r}): pass it as one instead of computing it inside."
                )
            slots.append(value if slot is None else slot)
        unused = self.types.keys() - {slot[0] for slot in slots if isinstance(slot, _Slot)}
        if unused:
            raise ImproperlyConfigured(
                f"The CompiledQuery's parameters {sorted(unused)} do not reach its SQL."
            )
        query = queryset.query
        # The columns' names in their order, as ValuesIterable reads them.
        if query.selected:
            names = list(query.selected)
        else:
            names = [*query.extra_select, *query.values_select, *query.annotation_select]
        return _Compiled(compiler, sql, names, slots)
