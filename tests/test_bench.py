"""`make bench` builds on bench_fill; a small fill proves it keeps working."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from associations.models import Association, Representation
from kumppanuus.bench.load import run
from kumppanuus.places.models import Municipality, WellbeingCounty


# Serialized rollback: its flush at the end does not recreate the content types with new
# ids, which a later test restoring the database's first state would collide with.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_bench_fill_is_repeatable_from_a_seed(transactional_db):
    if connection.vendor != "postgresql":
        with pytest.raises(CommandError):
            call_command("bench_fill", associations=10)
        return
    call_command("bench_fill", associations=120, seed=7)
    first = list(Association.objects.order_by("pk").values_list("name", "business_id"))
    call_command("bench_fill", associations=120, seed=7, force=True)
    assert list(Association.objects.order_by("pk").values_list("name", "business_id")) == first
    # The real places: 21 counties and Helsinki, every municipality of the classification.
    assert WellbeingCounty.objects.count() == 22
    assert Municipality.objects.count() == 308
    assert Municipality.objects.get(code="426").name_fi == "Liperi"
    assert Representation.objects.count() == 120
    assert all(a.municipalities.exists() for a in Association.objects.all()[:10])


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_load_generator_measures_a_live_page(live_server):
    result = run(f"{live_server.url}/health/", concurrency=2, seconds=0.5)
    assert result["requests"] > 0 and result["errors"] == 0
    assert result["p50_ms"] <= result["p95_ms"]
    json.dumps(result)
