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
one query per length (repeat an item to fill a longer one). An int parameter
may also be a slice's bound, which Django writes into the SQL as a number
(``[offset:offset + size]``, in a subquery too): its LIMIT and OFFSET become
placeholders, so that one query serves every page. Slice with both bounds from
parameters (the OFFSET of the sample is never 0, so the SQL always has one;
OFFSET 0 is bound on the first page).

A list's page can also be asked of the query as it is: ``query.slice(offset,
limit, **values)`` runs its SQL with a limit and an offset of its own, and
``query.count_upto(bound, **values)`` counts its rows up to a bound without
the order; ``query.paged(**values)`` gives both to
kumppanuus.paging.BoundedPaginator. A list whose filters come and go (a
calendar's month, kind and forum) has one query per set of filters given:
``CompiledShapes(build, **types)`` makes each on its first use, and its
builder takes None for a filter not given.
"""

import re
from datetime import UTC, date, datetime, timedelta
from weakref import WeakKeyDictionary

from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models.query import ValuesIterable

# Sample values unlikely to appear in a query by chance, with no component a
# computed value (a day's start, a rounded hour) would keep: k-th build, i-th
# parameter. Integers are positive and within a small integer field's range:
# Django drops a condition whose value is out of its field's range. The step
# between parameters differs between the builds, so that a value computed from
# one (year + 1) is never another's sample in both.
_SAMPLES = {
    int: lambda k, i: (23_011, 24_029)[k] + (7, 13)[k] * i,
    # With a character that a LIKE pattern escapes, so that the escaping is seen.
    str: lambda k, i: f"\x1fstatement_sample-{k}-{i}",
    date: lambda k, i: (date(1917, 3, 11), date(1924, 3, 12))[k] + timedelta(days=(7, 13)[k] * i),
    datetime: lambda k, i: (
        (
            datetime(1917, 3, 11, 13, 17, 19, 123_457, UTC),
            datetime(1924, 3, 12, 13, 17, 19, 123_457, UTC),
        )[k]
        + timedelta(days=(7, 13)[k] * i, microseconds=i)
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


# A slice's bound as Django writes it into the SQL (ops.limit_offset_sql), and a
# placeholder of the SQL ("%%" is a literal percent sign).
_SLICE_BOUND = re.compile(r"\b(LIMIT|OFFSET) (\d+)\b")
_PLACEHOLDER = re.compile(r"%%|%s")


def _bind_slices(sql: str, params: list, samples: dict, types: dict) -> tuple[str, list]:
    """The SQL with each LIMIT or OFFSET that is an int parameter's sample value as a
    placeholder, the value put among the params at the placeholder's place."""
    numbers = {samples[name] for name, kind in types.items() if kind is int}
    params = list(params)
    pieces = []
    done = 0
    placeholders = 0
    for match in _SLICE_BOUND.finditer(sql):
        value = int(match.group(2))
        if value not in numbers:
            continue
        head = sql[done : match.start()]
        placeholders += sum(1 for found in _PLACEHOLDER.findall(head) if found == "%s")
        pieces.append(f"{head}{match.group(1)} %s")
        params.insert(placeholders, value)
        placeholders += 1
        done = match.end()
    pieces.append(sql[done:])
    return "".join(pieces), params


class _Slot(tuple):
    """A query parameter bound to a CompiledQuery parameter: (name, adapter)."""


class _Compiled:
    def __init__(self, compiler, sql, names, slots, sliced):
        self.sliced = sliced
        self.compiler = compiler
        self.sql = sql
        self.names = names
        # Each query parameter: a constant, or (parameter name, adapter).
        self.slots = slots

    def run(self, values, sql=None, extra=()) -> list[dict]:
        names = self.names
        return [dict(zip(names, row, strict=True)) for row in self.tuples(values, sql, extra)]

    def params(self, values) -> list:
        return [
            slot[1](values[slot[0]]) if isinstance(slot, _Slot) else slot for slot in self.slots
        ]

    def tuples(self, values, sql=None, extra=()):
        params = [*self.params(values), *extra]
        sql = sql or self.sql
        self.compiler.as_sql = lambda *args, **kwargs: (sql, params)
        return self.compiler.results_iter(tuple_expected=True)

    def count(self, values, bound=None) -> int:
        """How many rows the SQL gives, up to bound if one is given."""
        sql, params = self.sql, self.params(values)
        if bound is not None:
            sql, params = f"{sql} LIMIT %s", [*params, bound]
        with self.compiler.connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM ({sql}) counted", params)
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
        return self._get(using, values).run(values)

    def tuples(self, *, using=DEFAULT_DB_ALIAS, **values) -> list[tuple]:
        """The rows as tuples in the order of the columns, as values_list() gives them."""
        return list(self._get(using, values).tuples(values))

    def count(self, *, using=DEFAULT_DB_ALIAS, **values) -> int:
        """How many rows the query gives (as a count of its sliced queryset would)."""
        return self._get(using, values).count(values)

    def slice(self, offset, limit, *, using=DEFAULT_DB_ALIAS, **values) -> list[dict]:
        """The rows from offset on, at most limit of them, in the query's order."""
        compiled = self._get(using, values)
        if compiled.sliced:
            raise ImproperlyConfigured("A CompiledQuery that is paged has no slice of its own.")
        return compiled.run(values, f"{compiled.sql} LIMIT %s OFFSET %s", (limit, offset))

    def count_upto(self, bound, *, using=DEFAULT_DB_ALIAS, **values) -> int:
        """How many rows there are, counted no further than bound, without the order."""
        return self._get(using, values, unordered=True).count(values, bound)

    def paged(self, *, using=DEFAULT_DB_ALIAS, **values) -> "CompiledList":
        return CompiledList(self, using, values)

    def _get(self, using, values, unordered=False) -> _Compiled:
        if values.keys() != self.types.keys():
            raise TypeError(f"CompiledQuery takes {sorted(self.types)}, got {sorted(values)}")
        if None in values.values():
            # "= NULL" is never true: a value left out is another shape (CompiledShapes).
            raise TypeError("A CompiledQuery's values are never None.")
        connection = connections[using]
        variants = self._compiled.get(connection)
        if variants is None:
            variants = self._compiled[connection] = {}
        compiled = variants.get(unordered)
        if compiled is None:
            compiled = variants[unordered] = self._compile(using, unordered)
        return compiled

    def _build(self, using, k, unordered):
        samples = {name: _SAMPLES[kind](k, i) for i, (name, kind) in enumerate(self.types.items())}
        queryset = self.build(**samples).using(using)
        if queryset._iterable_class is not ValuesIterable:
            raise ImproperlyConfigured("A CompiledQuery's builder returns a values() queryset.")
        if unordered:
            if queryset.query.is_sliced:
                raise ImproperlyConfigured("A CompiledQuery that is paged has no bound of its own.")
            queryset = queryset.order_by()
        compiler = queryset.query.get_compiler(using=using)
        sql, params = compiler.as_sql()
        sql, params = _bind_slices(sql, params, samples, self.types)
        return queryset, compiler, sql, params, samples

    def _compile(self, using, unordered) -> _Compiled:
        connection = connections[using]
        queryset, compiler, sql, params, samples = self._build(using, 0, unordered)
        _, _, other_sql, other_params, other_samples = self._build(using, 1, unordered)
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
        return _Compiled(compiler, sql, names, slots, query.is_sliced)


class CompiledList:
    """A CompiledQuery's rows with its values, as kumppanuus.paging.BoundedPaginator pages them."""

    def __init__(self, query, using, values):
        self.query, self.using, self.values = query, using, values

    def count_upto(self, bound) -> int:
        return self.query.count_upto(bound, using=self.using, **self.values)

    def __getitem__(self, index):
        if not isinstance(index, slice) or index.step is not None or index.stop is None:
            raise TypeError("A CompiledList gives a page: list[start:stop].")
        start = index.start or 0
        return self.query.slice(start, index.stop - start, using=self.using, **self.values)


class CompiledShapes:
    """One CompiledQuery per set of values given (not None), made on its first use.

    ``build(**values)`` takes None for a value not given and leaves its filter out.
    """

    def __init__(self, build, **types):
        self.build = build
        self.types = types
        self._queries: dict[frozenset, CompiledQuery] = {}

    def query(self, values) -> tuple[CompiledQuery, dict]:
        given = {name: value for name, value in values.items() if value is not None}
        if values.keys() != self.types.keys():
            raise TypeError(f"CompiledShapes takes {sorted(self.types)}, got {sorted(values)}")
        shape = frozenset(given)
        query = self._queries.get(shape)
        if query is None:
            types = {name: kind for name, kind in self.types.items() if name in shape}
            query = self._queries[shape] = CompiledQuery(self.build, **types)
        return query, given

    def __call__(self, *, using=DEFAULT_DB_ALIAS, **values) -> list[dict]:
        query, given = self.query(values)
        return query(using=using, **given)

    def paged(self, *, using=DEFAULT_DB_ALIAS, **values) -> CompiledList:
        query, given = self.query(values)
        return query.paged(using=using, **given)


_ONE: dict[tuple, tuple[CompiledQuery, list]] = {}


def get_one(model, *, related=(), using=DEFAULT_DB_ALIAS, **lookup):
    """The model's instance whose one field equals the value (an int or a str), with the
    instances of the foreign keys in related as select_related() gives them (None where
    the key is empty), or None; compiled once per model, field and related.

    ``get_one(Municipality, code="426", related=("county", "successor"))``.
    """
    ((name, value),) = lookup.items()
    kind = int if isinstance(value, int) and not isinstance(value, bool) else str
    key = (model, name, kind, tuple(related))
    entry = _ONE.get(key)
    if entry is None:
        parts = [(None, model, [field.attname for field in model._meta.concrete_fields])]
        for path in related:
            target = model._meta.get_field(path).related_model
            parts.append((path, target, [field.attname for field in target._meta.concrete_fields]))
        columns = [
            f"{path}__{attname}" if path else attname
            for path, _, names in parts
            for attname in names
        ]
        query = CompiledQuery(
            lambda value: (
                model._default_manager.filter(**{name: value}).order_by().values(*columns)[:2]
            ),
            value=kind,
        )
        entry = _ONE[key] = (query, parts)
    query, parts = entry
    rows = query.tuples(value=value, using=using)
    if not rows:
        return None
    if len(rows) > 1:
        raise model.MultipleObjectsReturned(f"More than one {model.__name__} has {name}={value!r}.")
    row = rows[0]
    start = 0
    found = None
    for path, part_model, names in parts:
        values = row[start : start + len(names)]
        start += len(names)
        if path is None:
            found = part_model.from_db(using, names, values)
            continue
        empty = values[names.index(part_model._meta.pk.attname)] is None
        target = None if empty else part_model.from_db(using, names, values)
        model._meta.get_field(path).set_cached_value(found, target)
    return found
