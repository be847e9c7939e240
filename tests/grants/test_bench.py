"""The grants' bench data: a small fill proves the filler and the bench pages work."""

import random

import pytest

from associations import benchdata as association_bench
from grants import benchdata
from grants.models import Application, Round
from kumppanuus.accounts.models import User
from kumppanuus.places.models import Municipality

pytestmark = pytest.mark.django_db


def test_a_small_fill_makes_rounds_applications_and_pages_that_load(
    client, monkeypatch, django_capture_on_commit_callbacks
):
    from django.urls import reverse

    from grants import statistics

    # Statistics kept from before the fill must not outlive it (bulk writes send no signals).
    assert client.get(reverse("grants:statistics")).context["totals"]["count"] == 0
    monkeypatch.setattr(benchdata, "BIG_ROUND", 40)
    monkeypatch.setattr(benchdata, "ROUND_SIZE", 20)
    rng = random.Random(7)
    ctx = {
        "municipalities": list(Municipality.objects.order_by("code").values_list("pk", flat=True))
    }
    progress = lambda *args: None  # noqa: E731
    with django_capture_on_commit_callbacks(execute=True):
        association_bench.fill(rng, ctx, progress, count=200)
        benchdata.fill_for_bench(rng, ctx, progress, {"associations": 200})
    shown = client.get(reverse("grants:statistics")).context["totals"]
    assert shown["count"] > 0 and shown == statistics.charts(statistics.aggregate())

    assert Application.objects.count() == 100
    big = Round.objects.get(pk=ctx["grant_round"])
    assert big.applications.count() == 40
    assert Round.objects.count() == 5  # the big one, three of 20, one coming
    assert benchdata.filled({"associations": 200})
    assert Application.objects.filter(published_at__isnull=False).exists()
    assert Round.objects.listed().exists()

    pages = benchdata.bench_pages()
    assert [name for name, *_ in pages][-1].startswith("officer's table")
    for name, url, login in pages:
        if login:
            user = User.objects.get(email=login)
            assert user.check_password("bench-salasana")
            client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200, name
