"""The language link returns only to a path on this site and never fails."""

import pytest
from django.urls import reverse


@pytest.mark.parametrize(
    "next_url",
    ["abc", "%ff", "home", "associations:directory", "//evil.example/", "/\\evil"],
)
def test_a_next_that_is_not_a_local_path_goes_to_the_front_page(client, db, next_url):
    response = client.get(reverse("language", args=["sv"]), {"next": next_url})

    assert response.status_code == 302
    assert response.url == "/"
    assert response.cookies["django_language"].value == "sv"


def test_a_raw_invalid_byte_in_next_goes_to_the_front_page(client, db):
    response = client.get(reverse("language", args=["sv"]) + "?next=%ff")

    assert response.status_code == 302
    assert response.url == "/"


def test_a_local_path_with_a_query_is_kept(client, db):
    response = client.get(reverse("language", args=["fi"]), {"next": "/yhdistykset/?q=liikunta"})

    assert response.url == "/yhdistykset/?q=liikunta"
