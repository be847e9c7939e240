"""CompiledQuery: an ORM query compiled once, run with each call's values, on both databases."""

from datetime import datetime, timedelta

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Count, Value, Window
from django.utils import timezone

from associations.models import Association
from kumppanuus.compiled import CompiledQuery
from tests.factories import make_association, make_municipality

pytestmark = pytest.mark.django_db


def _listed(municipality, since):
    return (
        Association.objects.filter(municipalities=municipality, created_at__gte=since)
        .values("pk", "name", "created_at")
        .annotate(total=Window(Count("*")))
        .order_by("name", "pk")[:2]
    )


LISTED = CompiledQuery(_listed, municipality=int, since=datetime)


def test_each_call_binds_its_own_values_and_the_rows_equal_the_orms():
    joensuu, liperi = make_municipality(), make_municipality()
    for name in ("Aa ry", "Bb ry", "Cc ry"):
        make_association(name=name, municipalities=[joensuu])
    make_association(name="Dd ry", municipalities=[liperi])
    old = make_association(name="Ab ry", municipalities=[liperi])
    Association.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=30))
    week_ago = timezone.now() - timedelta(days=7)

    for municipality in (joensuu, liperi, joensuu):
        rows = LISTED(municipality=municipality.pk, since=week_ago)
        assert rows == list(_listed(municipality.pk, week_ago))
    assert [row["name"] for row in LISTED(municipality=joensuu.pk, since=week_ago)] == [
        "Aa ry",
        "Bb ry",
    ]
    assert LISTED(municipality=joensuu.pk, since=week_ago)[0]["total"] == 3
    # A datetime comes back as the ORM gives it (aware, on SQLite too).
    assert LISTED(municipality=liperi.pk, since=week_ago)[0]["created_at"].tzinfo is not None
    month_ago = week_ago - timedelta(days=30)
    assert [row["name"] for row in LISTED(municipality=liperi.pk, since=month_ago)] == [
        "Ab ry",
        "Dd ry",
    ]
    assert LISTED(municipality=make_municipality().pk, since=week_ago) == []


def test_columns_keep_the_order_values_names_them_in_a_union():
    liperi = make_municipality()
    make_association(name="Aa ry", municipalities=[liperi])

    def named(label, name):
        rows = Association.objects.filter(name=name).annotate(label=Value(label)).order_by()
        return rows.values("label", "name", "pk")

    query = CompiledQuery(
        lambda name: named("first", name).union(named("second", name), all=True).order_by("label"),
        name=str,
    )
    rows = query(name="Aa ry")
    assert [(row["label"], row["name"]) for row in rows] == [
        ("first", "Aa ry"),
        ("second", "Aa ry"),
    ]


def _paged(municipality, offset, size):
    # The page chosen in a subquery, its rows read by the outer query (as list pages do),
    # with a parameter before and after the slice's bounds.
    page = (
        Association.objects.filter(municipalities=municipality)
        .order_by("name", "pk")
        .values("pk")[offset : offset + size]
    )
    return (
        Association.objects.filter(pk__in=page, municipalities=municipality)
        .order_by("name", "pk")
        .values("name")
    )


PAGED = CompiledQuery(_paged, municipality=int, offset=int, size=int)


def test_a_slices_bounds_are_parameters_and_every_page_equals_the_orms():
    joensuu, liperi = make_municipality(), make_municipality()
    for number in range(7):
        make_association(name=f"Seura {number} ry", municipalities=[joensuu])
    make_association(name="Muu ry", municipalities=[liperi])

    for offset, size in [(0, 3), (3, 3), (6, 3), (2, 1), (0, 10), (9, 3)]:
        rows = PAGED(municipality=joensuu.pk, offset=offset, size=size)
        assert rows == list(_paged(joensuu.pk, offset, size)), (offset, size)
    assert [row["name"] for row in PAGED(municipality=joensuu.pk, offset=3, size=2)] == [
        "Seura 3 ry",
        "Seura 4 ry",
    ]
    assert PAGED(municipality=liperi.pk, offset=0, size=3) == [{"name": "Muu ry"}]
    compiled = next(iter(PAGED._compiled.values()))[False]
    assert "LIMIT %s OFFSET %s" in compiled.sql


def test_a_value_read_from_the_clock_inside_the_builder_is_refused():
    query = CompiledQuery(
        lambda name: Association.objects.filter(name=name, created_at__lte=timezone.now()).values(
            "pk"
        ),
        name=str,
    )
    with pytest.raises(ImproperlyConfigured, match="no parameter"):
        query(name="Aa ry")


def test_a_value_computed_from_a_parameter_is_refused():
    query = CompiledQuery(
        lambda since: Association.objects.filter(created_at__gte=since - timedelta(days=1)).values(
            "pk"
        ),
        since=datetime,
    )
    with pytest.raises(ImproperlyConfigured, match="no parameter"):
        query(since=timezone.now())


def test_a_shape_that_depends_on_the_values_is_refused():
    def build(name):
        rows = Association.objects.values("pk")
        return rows.filter(name=name) if name.endswith("-0-0") else rows.exclude(name=name)

    with pytest.raises(ImproperlyConfigured, match="shape"):
        CompiledQuery(build, name=str)(name="Aa ry")


def test_a_parameter_that_does_not_reach_the_sql_is_refused():
    unused = CompiledQuery(
        lambda name, since: Association.objects.filter(name=name).values("pk"),
        name=str,
        since=datetime,
    )
    with pytest.raises(ImproperlyConfigured, match="since"):
        unused(name="Aa ry", since=timezone.now())


def test_models_and_wrong_parameters_are_refused():
    with pytest.raises(ImproperlyConfigured, match="values"):
        CompiledQuery(lambda name: Association.objects.filter(name=name), name=str)(name="x")
    with pytest.raises(TypeError):
        LISTED(municipality=1)
    with pytest.raises(TypeError):
        CompiledQuery(_listed, municipality=list)


def _named(municipality):
    return (
        Association.objects.filter(municipalities=municipality)
        .values("pk", "name")
        .order_by("name", "pk")
    )


NAMED = CompiledQuery(_named, municipality=int)


def test_a_page_of_rows_and_a_bounded_count_run_in_sql_with_the_calls_values():
    joensuu, liperi = make_municipality(), make_municipality()
    for name in ("Ee ry", "Aa ry", "Dd ry", "Bb ry", "Cc ry"):
        make_association(name=name, municipalities=[joensuu])
    make_association(name="Zz ry", municipalities=[liperi])

    assert [row["name"] for row in NAMED.slice(1, 2, municipality=joensuu.pk)] == [
        "Bb ry",
        "Cc ry",
    ]
    assert NAMED.slice(0, 2, municipality=liperi.pk) == list(_named(liperi.pk)[:2])
    assert NAMED.slice(5, 10, municipality=joensuu.pk) == []
    assert NAMED.count_upto(10, municipality=joensuu.pk) == 5
    assert NAMED.count_upto(3, municipality=joensuu.pk) == 3
    assert NAMED.count_upto(10, municipality=liperi.pk) == 1


def test_the_bounded_paginator_pages_a_compiled_query():
    from kumppanuus.paging import BoundedPaginator

    joensuu = make_municipality()
    for number in range(7):
        make_association(name=f"Yhdistys {number} ry", municipalities=[joensuu])

    paginator = BoundedPaginator(NAMED.paged(municipality=joensuu.pk), 3, limit=5)
    assert (paginator.found, paginator.count, paginator.num_pages) == (6, 5, 2)
    assert paginator.is_bounded
    page = paginator.get_page(2)
    assert [row["name"] for row in page.object_list] == ["Yhdistys 3 ry", "Yhdistys 4 ry"]


def test_a_sliced_builder_cannot_be_paged():
    query = CompiledQuery(lambda municipality: _named(municipality)[:5], municipality=int)
    with pytest.raises(ImproperlyConfigured):
        query.slice(0, 2, municipality=1)
    with pytest.raises(ImproperlyConfigured):
        query.count_upto(3, municipality=1)


def test_one_compiled_query_per_shape_of_the_values_given():
    from kumppanuus.compiled import CompiledShapes

    joensuu, liperi = make_municipality(), make_municipality()
    make_association(name="Aa ry", municipalities=[joensuu])
    make_association(name="Bb ry", municipalities=[joensuu, liperi])

    def build(municipality=None, name=None):
        rows = Association.objects.values("pk", "name").order_by("name", "pk")
        if municipality is not None:
            rows = rows.filter(municipalities=municipality)
        if name is not None:
            rows = rows.filter(name=name)
        return rows

    shapes = CompiledShapes(build, municipality=int, name=str)
    assert [row["name"] for row in shapes(municipality=liperi.pk, name=None)] == ["Bb ry"]
    assert [row["name"] for row in shapes(municipality=None, name="Aa ry")] == ["Aa ry"]
    assert [row["name"] for row in shapes(municipality=joensuu.pk, name="Aa ry")] == ["Aa ry"]
    assert [row["name"] for row in shapes(municipality=None, name=None)] == ["Aa ry", "Bb ry"]
    assert shapes.paged(municipality=joensuu.pk, name=None).count_upto(5) == 2
    assert len(shapes._queries) == 4


def test_a_value_in_a_like_pattern_is_escaped_on_each_call():
    make_association(name="Kuoro 100% ry")
    make_association(name="Kuoro 1000 ry")

    def named(lookup):
        return CompiledQuery(
            lambda part: (
                Association.objects.filter(**{f"name__{lookup}": part})
                .values("name")
                .order_by("name")
            ),
            part=str,
        )

    contains, starts = named("contains"), named("istartswith")
    assert [row["name"] for row in contains(part="100%")] == ["Kuoro 100% ry"]
    assert [row["name"] for row in contains(part="o 10")] == ["Kuoro 100% ry", "Kuoro 1000 ry"]
    assert contains(part="_") == []
    assert [row["name"] for row in starts(part="kUORO 100%")] == ["Kuoro 100% ry"]
    assert starts(part="%") == []


def test_an_instance_by_its_number_is_what_the_orm_loads():
    from kumppanuus.compiled import get_one

    liperi = make_municipality()
    association = make_association(name="Liperin Liikunta ry", municipalities=[liperi])
    loaded = get_one(Association, pk=association.pk)
    expected = Association.objects.get(pk=association.pk)
    assert loaded == expected and loaded._state.adding is False
    for field in Association._meta.concrete_fields:
        assert getattr(loaded, field.attname) == getattr(expected, field.attname), field.name
    assert loaded.created_at.tzinfo is not None
    assert [m.pk for m in loaded.municipalities.all()] == [liperi.pk]
    assert get_one(Association, pk=association.pk + 1000) is None


def test_patterns_lists_counts_and_tuples():
    make_association(name="Pro_sent 100% ry")
    make_association(name="Prosentti ry")
    make_association(name="Muu ry")
    contains = CompiledQuery(
        lambda part: Association.objects.filter(name__icontains=part).values("name"), part=str
    )
    # The value is escaped as the lookup escapes it: "_" and "%" are no wildcards.
    assert [row["name"] for row in contains(part="o_s")] == ["Pro_sent 100% ry"]
    assert [row["name"] for row in contains(part="0% R")] == ["Pro_sent 100% ry"]
    assert contains(part="%") == [{"name": "Pro_sent 100% ry"}]
    starts = CompiledQuery(
        lambda start: Association.objects.filter(name__istartswith=start).values("name"),
        start=str,
    )
    assert sorted(row["name"] for row in starts(start="pro")) == [
        "Pro_sent 100% ry",
        "Prosentti ry",
    ]
    assert starts(start="pro_") == [{"name": "Pro_sent 100% ry"}]
    pks = sorted(Association.objects.values_list("pk", flat=True))
    listed = CompiledQuery(
        lambda first, second: (
            Association.objects.filter(pk__in=[first, second]).order_by("pk").values("pk", "name")
        ),
        first=int,
        second=int,
    )
    assert [row[0] for row in listed.tuples(first=pks[2], second=pks[0])] == [pks[0], pks[2]]
    assert [row[0] for row in listed.tuples(first=pks[1], second=pks[1])] == [pks[1]]
    assert listed.count(first=pks[2], second=pks[0]) == 2


def test_one_instance_with_its_foreign_keys_as_select_related_gives_them():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from kumppanuus.compiled import get_one
    from kumppanuus.places.models import Municipality, WellbeingCounty

    county = WellbeingCounty.objects.order_by("pk").first()
    ended = make_municipality(code="998", county=county)
    successor = make_municipality(code="997", county=None)
    Municipality.objects.filter(pk=ended.pk).update(successor=successor)

    with CaptureQueriesContext(connection) as queries:
        found = get_one(Municipality, code="998", related=("county", "successor"))
        assert (found.county, found.successor) == (county, successor)
        assert found.successor.code == "997" and found.county.name_fi == county.name_fi
    assert len(queries) == 1
    expected = Municipality.objects.select_related("county", "successor").get(code="998")
    for field in Municipality._meta.concrete_fields:
        assert getattr(found, field.attname) == getattr(expected, field.attname), field.name
    alone = get_one(Municipality, code="997", related=("county", "successor"))
    with CaptureQueriesContext(connection) as queries:
        assert alone.successor is None and alone.county == successor.county
    assert len(queries) == 0
    assert get_one(Municipality, code="000", related=("county",)) is None
    assert get_one(Municipality, pk=successor.pk) == successor


def test_a_value_computed_from_one_parameter_is_not_taken_for_another():
    def build(first, second, since, until):
        return Association.objects.filter(
            member_count__gte=first,
            member_count__lt=first + 1,
            founded_year=second,
            created_at__gte=since,
            created_at__lt=since + timedelta(days=7),
            updated_at__lt=until,
        ).values("pk")

    with pytest.raises(ImproperlyConfigured, match="no parameter"):
        CompiledQuery(build, first=int, second=int, since=datetime, until=datetime)(
            first=1, second=2, since=timezone.now(), until=timezone.now()
        )
    with pytest.raises(TypeError, match="None"):
        LISTED(municipality=None, since=timezone.now())
