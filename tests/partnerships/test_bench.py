"""The guidelines' part of `make bench`: every municipality and county gets a guideline, and
the pages it measures answer."""

import random

import pytest

from kumppanuus.partnerships import benchdata
from kumppanuus.partnerships.models import Guideline
from kumppanuus.places.models import Municipality

pytestmark = pytest.mark.django_db


def test_the_bench_fill_gives_every_municipality_a_guideline_and_its_pages_answer(client):
    benchdata.fill(random.Random(5), {}, lambda *args: None)
    assert Guideline.objects.filter(municipality__isnull=False).count() == (
        Municipality.objects.current().count()
    )
    published = Guideline.objects.filter(latest__isnull=False).select_related("latest")
    assert published.exists()
    assert all(g.latest.number == g.versions.count() for g in published[:20])
    pages = benchdata.bench_pages()
    assert len(pages) == 3
    for _name, url, _login in pages:
        assert client.get(url).status_code == 200, url
