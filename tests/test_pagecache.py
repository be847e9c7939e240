import pytest
from django.urls import reverse

from associations.models import Association


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 300


def test_anonymous_pages_are_cached_until_something_changes(
    client, page_cache, association, representative
):
    url = association.get_absolute_url()
    assert "Liperin Liikuntaseura ry" in client.get(url).content.decode()
    Association.objects.filter(pk=association.pk).update(description="Kirjoitettu ohi palvelun")
    assert "Kirjoitettu ohi palvelun" not in client.get(url).content.decode()

    editor = client.__class__()
    editor.force_login(representative)
    data = {
        "name": association.name,
        "is_registered": "on",
        "business_id": association.business_id,
        "municipalities": [m.pk for m in association.municipalities.all()],
        "description": "Muokattu palvelussa",
    }
    assert editor.post(reverse("associations:edit", args=[association.pk]), data).status_code == 302
    assert "Muokattu palvelussa" in client.get(url).content.decode()


def test_logged_in_people_never_get_the_cached_page(
    client, page_cache, association, representative
):
    url = association.get_absolute_url()
    client.get(url)
    client.force_login(representative)
    manage = reverse("associations:manage", args=[association.pk])
    assert manage in client.get(url).content.decode()


def test_languages_are_cached_separately(client, page_cache, municipality):
    url = reverse("associations:municipalities")
    assert 'lang="fi"' in client.get(url).content.decode()
    client.cookies["django_language"] = "sv"
    assert 'lang="sv"' in client.get(url).content.decode()


def test_language_link_sets_the_language_and_returns(client, municipality):
    response = client.get(reverse("language", args=["sv"]), {"next": "/kunnat/"})
    assert response.status_code == 302 and response.url == "/kunnat/"
    assert response.cookies["django_language"].value == "sv"
    assert 'lang="sv"' in client.get("/kunnat/").content.decode()


def test_language_link_refuses_other_sites_and_unknown_languages(client, db):
    response = client.get(reverse("language", args=["en"]), {"next": "https://evil.example/"})
    assert response.url == "/"
    assert client.get(reverse("language", args=["de"])).status_code == 404
