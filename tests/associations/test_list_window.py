"""The directory's long lists with their window kept (kumppanuus.paging.ListWindow)."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kumppanuus import pagecache
from tests import factories

DIRECTORY = reverse("associations:directory")


@pytest.fixture
def long_list(settings, municipality, monkeypatch):
    from associations import views

    settings.LIST_CACHE_SECONDS = 60
    monkeypatch.setattr(views.BoundedPaginator, "LIMIT", 6)
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    liikunta = factories.field("liikunta")
    for number in range(9):
        factories.make_association(
            name=f"Ikkuna Seura {number}", municipalities=[municipality], fields=[liikunta]
        )


def _get(params):
    """The names on the page, the page, and the number of queries it ran."""
    with CaptureQueriesContext(connection) as queries:
        page = Client().get(DIRECTORY, params)
    return ([a.name for a in page.context["page"].object_list], page), len(queries.captured_queries)


@pytest.mark.django_db
def test_pages_by_number_and_by_cursor_agree_and_a_known_page_needs_no_walk(long_list):
    params = {"field": "liikunta"}
    (first, _page), _ = _get(params)
    (third, page), _ = _get(params | {"page": 3})
    assert first == ["Ikkuna Seura 0", "Ikkuna Seura 1"]
    assert third == ["Ikkuna Seura 4", "Ikkuna Seura 5"]
    # Known now: the page reads only its cards (and the field), no count and no ids.
    (again, _page), known = _get(params | {"page": 3})
    (_names_first, _page), first_queries = _get(params)
    assert again == third and known == first_queries == 2
    # "previous" from the third page is the second page, from the window.
    (second, _page), queries = _get(params | {"page": 2, "before": page.context["page"].before})
    assert second == ["Ikkuna Seura 2", "Ikkuna Seura 3"] and queries == 2


@pytest.mark.django_db
def test_a_change_of_an_association_starts_a_new_window(long_list, municipality):
    params = {"field": "liikunta", "page": 1}
    (first, _page), _ = _get(params)
    factories.make_association(
        name="Ikkuna Aikaisin", municipalities=[municipality], fields=[factories.field("liikunta")]
    )
    (stale, _page), _ = _get(params)
    assert stale == first  # the window stands until the change is announced
    pagecache._bump([pagecache._generation_key("associations")])
    (fresh, _page), _ = _get(params)
    assert fresh == ["Ikkuna Aikaisin", "Ikkuna Seura 0"]
